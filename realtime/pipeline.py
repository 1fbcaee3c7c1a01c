"""`Recognizer`: detect -> one batched backend call -> track -> read, for one frame at a time."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from .binding import perforations
from .detect import DetectorConfig
from .looks import (PALEST_CONTRAST, SIZE_CHANGE, WRITING, alike_size, digits_lost, find_candidates, for_faint_writing,
                    in_long_numbers, typical_size)
from .read import read_lines
from .second_opinion import second_opinion
from .sheet import (SMOOTH_PAPER, alike_height, amid_texture, centre_within, in_line, off_the_sheet, on_plain_paper,
                    sheet_box, stray_marks)
from .text import text_lines, x_height_lines
from .track import Tracker, iou_matrix

DEFAULT_MIN_CONFIDENCE = 0.6
SURE = 0.9  # a wide region is read as two digits only when the network is at least this sure of both
SURE_CUT = 0.97  # ... and of both pieces of the best of the ways to cut a region in two (more ways, more chances)
FAINT_CLUTTER = 0.2  # share of ink around a candidate (Candidate.clutter) over which a look for faint writing counts
                     # it as the paper's grain, not writing (a blob in a photo's noisy corner: 0.25; the digits beside
                     # it: 0.02-0.05)
TEXT_PAGE_DOUBTS = 10  # a frame with this many candidates the network doubts, and on plain paper at least
TEXT_PAGE_SHARE = 0.5  # this share of doubted to sure ones, is a page of text: its letters that pass for digits
                       # (o, s, l) are not digits; with at least TEXT_SHEET sure ones on plain paper, only doubts
TEXT_SHEET = 5         # on their sheet (sheet.sheet_box) count: a held-up sheet's backdrop is no text
AMID_WRITING = 0.25  # ... and so is one where under this share of the sure ones on smooth paper are on plain paper


@dataclass(frozen=True)
class Detection:
    box: tuple          # x, y, w, h in frame pixels
    digit: int
    confidence: float


@dataclass
class FrameResult:
    detections: list                                  # accepted digits, Detection
    lines: list                                       # list[str] per line, top to bottom: its numbers
    rejected: list = field(default_factory=list)      # candidates below the confidence threshold
    crops: np.ndarray | None = None                   # uint8 [N,28,28]: what the network saw
    mask: np.ndarray | None = None                    # the cleaned ink mask (analysis size)
    timings: dict = field(default_factory=dict)       # stage -> milliseconds

    @property
    def numbers(self) -> list[str]:
        """The numbers read, in reading order."""
        return [number for line in self.lines for number in line]

    @property
    def rows(self) -> list[str]:
        """The digits of each line, top to bottom."""
        return ["".join(line) for line in self.lines]


def parts_of(candidates: list, kind: str) -> dict[int, list[int]]:
    """The indices of the parts of each candidate that has some, by its index: its pieces (`kind` "piece_of") or its
    halves ("half_of")."""
    parts: dict[int, list[int]] = {}
    for index, candidate in enumerate(candidates):
        whole = getattr(candidate, kind)
        if whole is not None:
            parts.setdefault(whole, []).append(index)
    return parts


def best_cuts(doubted: list[int], way_counts: list[int], piece_probs: np.ndarray, confidences: np.ndarray,
              necks: dict[int, list[int]]) -> dict[int, int]:
    """For each doubted region (by index; it has that many ways to be cut in two, whose pieces read `piece_probs`, two
    by two, in order): the index of the first piece of the way the network is surest of among those it is at least
    SURE_CUT sure of both pieces of and that are not two 1s (a zigzag, an n, a u), if it is surer of them than of the
    pieces the region's necks part it into (`necks`)."""
    pair_sure = piece_probs.max(axis=1).reshape(-1, 2)
    ones = (piece_probs.argmax(axis=1) == 1).reshape(-1, 2).all(axis=1)
    sure = np.where((pair_sure.min(axis=1) >= SURE_CUT) & ~ones, pair_sure.prod(axis=1), 0.0)
    chosen, at = {}, 0
    for index, count in zip(doubted, way_counts):
        if count:
            best = at + int(np.argmax(sure[at:at + count]))
            if sure[best] > (confidences[necks[index]].prod() if index in necks else 0.0):
                chosen[index] = 2 * best
        at += count
    return chosen


def in_rows(candidates: list, whole: int, split: list[int]) -> bool:
    """Are the pieces (indices `split`) of a region (`whole`) cut across one above the other, each at the level of
    another candidate about as tall (sheet.alike_height): two rows written close, a digit of each touching?"""
    boxes = [candidates[index].box for index in split]
    if len(boxes) != 2 or boxes[0][1] + boxes[0][3] > boxes[1][1]:
        return False
    others = [c.box for index, c in enumerate(candidates) if index != whole and index not in split
              and c.piece_of != whole]
    return all(any(in_line(box, other, 0, np.inf) and alike_height(other, box) for other in others) for box in boxes)


def better_readings(candidates: list, confidences: np.ndarray) -> list[int]:
    """Indices of the candidates to keep: a wide region is read whole, or as the digits it splits into
    when the network is surer of every piece (and at least SURE) than of the whole, or, for a tall region cut across
    into two pieces each in a row of others (in_rows), at least SURE of both; two regions one above the other
    are read as one digit's halves joined when the network is at least as sure of the joined one as of either, or
    at least SURE."""
    pieces, halves = parts_of(candidates, "piece_of"), parts_of(candidates, "half_of")
    dropped = set()
    for whole, split in pieces.items():
        surest = confidences[split].min()
        better = surest > max(confidences[whole], SURE) or (surest > SURE and in_rows(candidates, whole, split))
        dropped.update([whole] if better else split)
    for whole, parts in halves.items():
        dropped.update(parts if confidences[whole] >= min(confidences[parts].max(), SURE) else [whole])
    return [index for index in range(len(candidates)) if index not in dropped]


SLASH_LEAN = 28.0   # degrees from upright: a 1 leaning more than this ...
SLASH_HEIGHT = 0.8  # ... and shorter than this share of the median digit is a slash (x / y), not a digit


def lean(crop: np.ndarray) -> float:
    """Degrees between the main axis of a crop's ink and the vertical."""
    m = cv2.moments(crop)
    return 90.0 - abs(float(np.degrees(0.5 * np.arctan2(2 * m["mu11"], m["mu20"] - m["mu02"]))))


def slashes(accepted: list, candidates: list) -> list[bool]:
    """For each accepted detection (and its candidate): is it a slash read as a 1, leaning more than SLASH_LEAN
    and shorter than SLASH_HEIGHT of the median accepted digit? Written 1s stand within about 13 degrees of
    upright, as tall as the digits beside them."""
    if not accepted:
        return []
    typical = statistics.median(detection.box[3] for detection in accepted)
    return [detection.digit == 1 and detection.box[3] < SLASH_HEIGHT * typical and lean(candidate.crop) > SLASH_LEAN
            for detection, candidate in zip(accepted, candidates)]


def reads_as_text(candidates: list, confidences: np.ndarray, min_confidence: float) -> bool:
    """Is a frame whose candidates the network reads with these confidences a page of text: at least
    TEXT_PAGE_DOUBTS of them doubted, and on plain paper (sheet.on_plain_paper) at least TEXT_PAGE_SHARE as many
    doubted as sure ones, counting only doubts on the sheet of the sure ones if there are TEXT_SHEET of them
    (sheet.sheet_box: so a busy backdrop's doubts around a held-up sheet's digits do not count), and then at least
    TEXT_PAGE_DOUBTS of them (a sum's operators are no page), or, on smooth paper, under AMID_WRITING of the sure
    ones on plain paper, the rest amid writing (a page of dense cursive: its few plain candidates cannot outweigh
    its doubts)?"""
    doubted = (np.asarray(confidences) < min_confidence).tolist()
    if sum(doubted) < TEXT_PAGE_DOUBTS:
        return False
    plain_paper = on_plain_paper(candidates)
    sure_plain = [c.box for c, doubt, ok in zip(candidates, doubted, plain_paper) if ok and not doubt]
    doubts_plain = [c.box for c, doubt, ok in zip(candidates, doubted, plain_paper) if ok and doubt]
    needed = TEXT_PAGE_SHARE * len(sure_plain)
    if len(sure_plain) >= TEXT_SHEET:  # only the doubts on their sheet count, as many as a page has
        sheet = sheet_box(sure_plain)
        doubts_plain = [box for box in doubts_plain if centre_within(box, sheet)]
        needed = max(needed, TEXT_PAGE_DOUBTS)
    smooth_sure = [ok for doubt, ok, candidate in zip(doubted, plain_paper, candidates)
                   if not doubt and candidate.roughness <= SMOOTH_PAPER]  # True: on plain paper
    return (len(doubts_plain) >= needed
            or smooth_sure.count(True) < AMID_WRITING * len(smooth_sure))


def crops_of(candidates: list) -> np.ndarray:
    """The candidates' crops as one uint8 [N,28,28] array."""
    return np.array([c.crop for c in candidates], np.uint8).reshape(-1, 28, 28)


CLOSE_UP_SURE = 0.9  # a close-up look's digits replace a number of looks.ROW digits read only if read this surely


SAME_REGION = 0.5  # IoU: boxes of two looks this alike are one region


def with_surer_first_readings(first: tuple, candidates: list, crops: np.ndarray, probs: np.ndarray):
    """The crops and probabilities of the `candidates` of a look that replaced the first look (the look for faint
    writing), but the first look's (`first`: its candidates, crops and probabilities) where it read the same region
    (SAME_REGION) more surely: the faint look's thicker strokes may make a 9 read as a 4."""
    first_candidates, first_crops, first_probs = first
    overlap = iou_matrix(np.array([c.box for c in candidates]), np.array([c.box for c in first_candidates]))
    crops, probs = crops.copy(), probs.copy()
    for index, row in enumerate(overlap):
        same = int(row.argmax())
        if row[same] >= SAME_REGION and first_probs[same].max() > probs[index].max():
            crops[index], probs[index] = first_crops[same], first_probs[same]
    return crops, probs


def without(candidates: list, dropped: set) -> tuple[dict[int, int], list]:
    """The new index of each candidate not `dropped` by its old one, in order, and those candidates, their pieces and
    halves naming their whole by its new index (none of them may be part of a dropped one)."""
    now_at = {index: new for new, index in enumerate(i for i in range(len(candidates)) if i not in dropped)}
    return now_at, [replace(candidates[i], piece_of=now_at.get(candidates[i].piece_of),
                            half_of=now_at.get(candidates[i].half_of)) for i in now_at]


SIDE_BY_SIDE = 0.6  # of a faint look's region's height: the first look's regions in it this tall are digits it joined


def with_first_of_merged(first: tuple, candidates: list, crops: np.ndarray, probs: np.ndarray):
    """The `candidates` of a look that replaced the first look (the look for faint writing), with their crops and
    probabilities, but where one of them (not a piece or half of another) holds the centres of two or more of the
    first look's regions (`first`: its candidates, crops and probabilities; those with no pieces or halves) at least
    SIDE_BY_SIDE as tall as it, those instead of it, its pieces and its halves: the fainter ink's halo joins digits
    written close (a digit the first look saw broken into shorter pieces is read whole)."""
    first_candidates, first_crops, first_probs = first
    parted = set(parts_of(first_candidates, "piece_of")) | set(parts_of(first_candidates, "half_of"))
    alone = [i for i, c in enumerate(first_candidates) if c.piece_of is None and c.half_of is None and i not in parted]
    dropped, added = set(), []
    for index, candidate in enumerate(candidates):
        x, y, w, h = candidate.box
        inside = [i for i in alone if centre_within(first_candidates[i].box, (x, y, x + w, y + h))
                  and first_candidates[i].box[3] >= SIDE_BY_SIDE * h]
        if candidate.piece_of is None and candidate.half_of is None and len(inside) >= 2:
            dropped.update([index] + [i for i, c in enumerate(candidates) if index in (c.piece_of, c.half_of)])
            added += [i for i in inside if i not in added]
    if not dropped:
        return candidates, crops, probs
    now_at, candidates = without(candidates, dropped)
    kept = list(now_at)
    return (candidates + [first_candidates[i] for i in added], np.concatenate([crops[kept], first_crops[added]]),
            np.concatenate([probs[kept], first_probs[added]]))


def alike_in_height(heights: list[int]) -> int:
    """How many of these digits' heights lie within SIZE_CHANGE of their median (a backdrop's stripe or a grid's dash
    read as a 1 beside them does not)."""
    if not heights:
        return 0
    typical = statistics.median(heights)
    return sum(typical / SIZE_CHANGE <= height <= typical * SIZE_CHANGE for height in heights)


def set_apart(candidates: list, crops: np.ndarray, probs: np.ndarray, apart: list):
    """The candidates (with their crops and probabilities) not flagged in `apart`, and the Detections of those that
    are: (candidates, crops, probs, detections)."""
    detections = [Detection(c.box, int(p.argmax()), float(p.max())) for c, p, flagged in zip(candidates, probs, apart)
                  if flagged]
    kept = np.flatnonzero(np.logical_not(apart))
    return [candidates[i] for i in kept], crops[kept], probs[kept], detections


def without_words(candidates: list, crops: np.ndarray, probs: np.ndarray, min_confidence: float):
    """The candidates (with their crops and probabilities) not in a line of words beside digits (text.text_lines),
    and the Detections of those that are: (candidates, crops, probs, in_words)."""
    return set_apart(candidates, crops, probs,
                     text_lines([c.box for c in candidates], probs.max(axis=1), min_confidence,
                                [c.roughness <= SMOOTH_PAPER for c in candidates]))


class Recognizer:
    """Recognizes the digits of successive frames; `backend` may be swapped between frames."""

    def __init__(self, backend, detector: DetectorConfig = DetectorConfig(),
                 min_confidence: float = DEFAULT_MIN_CONFIDENCE, smooth: bool = True):
        cv2.setNumThreads(1)  # per-frame work is small: OpenCV's thread pool costs more than it saves
        self.backend = backend
        self.detector = detector
        self.min_confidence = min_confidence
        self.tracker = Tracker() if smooth else None
        self.digit_size = None  # median digit height and stroke width of the last frame, in frame pixels
        self.read_more_at = None  # ink contrast of the last frame's look for faint writing that read more (None: none
                                  # did): look again, whatever the ink; at PALEST_CONTRAST, in a video, that look alone

    def reset(self) -> None:
        """Forget the tracking state (e.g. between unrelated images)."""
        if self.tracker:
            self.tracker.reset()
        self.digit_size = None
        self.read_more_at = None

    def classify(self, candidates: list, mask: np.ndarray, close_up=None):
        """Crops and class probabilities of the candidates, in one backend call with those of `close_up` (a
        close_up_look) if given, which replaces them if every digit in it is read (min_confidence; CLOSE_UP_SURE if
        they read a number of looks.ROW digits, in_long_numbers: a head the look takes for one large digit behind a
        strip of digits) and it would lose fewer digits than it has (digits_lost): (candidates, mask, crops, probs)."""
        crops = crops_of(candidates)
        if close_up is None:
            return candidates, mask, crops, self.backend.predict(crops)[1]
        near_crops = crops_of(close_up[0])
        _, probs = self.backend.predict(np.concatenate([crops, near_crops]))
        probs, near_probs = probs[:len(crops)], probs[len(crops):]
        read = [candidate for candidate, confidence in zip(candidates, probs.max(axis=1))
                if confidence >= self.min_confidence]
        in_a_row = bool(in_long_numbers([c.box for c in read]))
        sure = CLOSE_UP_SURE if in_a_row else self.min_confidence
        if (near_probs.max(axis=1).min() >= sure
                and digits_lost(read, close_up[0], self.detector.min_relative_height) < len(close_up[0])):
            return *close_up, near_crops, near_probs
        return candidates, mask, crops, probs

    def with_touching_pieces(self, candidates: list, crops: np.ndarray, probs: np.ndarray):
        """The doubted candidates that may be two digits written touching (Candidate.cut_in_two): their ways to be cut
        in two read in one more backend call, and the best (best_cuts) added as their pieces in place of those their
        necks part them into (better_readings chooses), unless the frame reads as a page of text (joined letters):
        (candidates, crops, probs)."""
        confidences = probs.max(axis=1)
        doubted = [index for index in np.flatnonzero(confidences < self.min_confidence).tolist()
                   if candidates[index].cut_in_two]
        if not doubted or reads_as_text(candidates, confidences, self.min_confidence):
            return candidates, crops, probs
        ways, budget = [], self.detector.max_candidates  # pieces to read: a noisy frame cannot stall the loop
        for index in doubted:
            if budget < 2:
                break
            ways.append(candidates[index].cut_in_two(index)[:budget // 2])
            budget -= 2 * len(ways[-1])
        doubted = doubted[:len(ways)]
        pieces = [piece for region in ways for way in region for piece in way]
        if not pieces:
            return candidates, crops, probs
        piece_crops = crops_of(pieces)
        piece_probs = self.backend.predict(piece_crops)[1]
        necks = parts_of(candidates, "piece_of")
        chosen = best_cuts(doubted, [len(region) for region in ways], piece_probs, confidences, necks)
        dropped = {neck for index in chosen for neck in necks.get(index, [])}
        added = [first + k for first in chosen.values() for k in (0, 1)]
        now_at, candidates = without(candidates, dropped)
        kept = list(now_at)
        candidates += [replace(pieces[i], piece_of=now_at[pieces[i].piece_of]) for i in added]
        return (candidates, np.concatenate([crops[kept], piece_crops[added]]),
                np.concatenate([probs[kept], piece_probs[added]]))

    def reads_more(self, candidates: list, probs: np.ndarray, first_read: list[int], strictly: bool = False) -> bool:
        """Does a look for faint writing read more digits (heights_read) than the first look (`first_read`: its
        heights_read, as strictly)? (It replaces the first look then: for_faint_writing.) `strictly` (a look whatever
        the ink): only those about as tall as most of its look's (alike_in_height) count: a backdrop's stripe or a
        grid's dash read as a 1 is no faint digit found."""
        count = alike_in_height if strictly else len
        return count(self.heights_read(candidates, probs, strictly)) > count(first_read)

    def heights_read(self, candidates: list, probs: np.ndarray, strictly: bool = False) -> list[int]:
        """The heights of the candidates read (min_confidence; `strictly`: read as digits, verdict), none in a frame
        read as a page of text; of two readings of a region (a wide one's pieces, a broken one's halves) only the
        better, and none amid ink (FAINT_CLUTTER)."""
        confidences = probs.max(axis=1)
        if reads_as_text(candidates, confidences, self.min_confidence):
            return []
        chosen = [index for index in better_readings(candidates, confidences)
                  if candidates[index].clutter <= FAINT_CLUTTER]
        if not strictly:
            return [candidates[index].box[3] for index in chosen if confidences[index] >= self.min_confidence]
        sure, _ = self.verdict([candidates[index] for index in chosen], probs[chosen], False)
        return [candidate.box[3] for _, candidate in sure]

    def process(self, frame: np.ndarray) -> FrameResult:
        began = time.perf_counter()
        candidates, mask, close_up = self.find(frame)
        detected = time.perf_counter()
        candidates, mask, crops, probs = self.read_regions(frame, candidates, mask, close_up)
        classified = time.perf_counter()
        candidates, crops, probs, in_words = without_words(candidates, crops, probs, self.min_confidence)
        confidences = probs.max(axis=1)
        text = reads_as_text(candidates, confidences, self.min_confidence)  # letters' doubts count too
        in_letters = x_height_lines([c.box for c in candidates], confidences < self.min_confidence)
        candidates, crops, probs, letters = set_apart(candidates, crops, probs, in_letters)
        sure, rejected = self.judge(candidates, crops, probs, text)
        accepted = [detection for detection, _ in sure]
        lines = read_lines([d.box for d in accepted], [d.digit for d in accepted])
        self.digit_size = typical_size([candidate for _, candidate in sure]) if sure else None
        done = time.perf_counter()
        timings = {"detect": 1000 * (detected - began), "classify": 1000 * (classified - detected),
                   "track_read": 1000 * (done - classified)}
        return FrameResult(accepted, lines, in_words + letters + rejected, crops, mask, timings)

    def known_size(self):
        """The last frame's digits' size (typical_size), in a video; else None."""
        return self.digit_size if self.tracker else None

    def find(self, frame: np.ndarray):
        """The frame's candidates (looks.find_candidates), looked for at the last frame's digits' size in a video
        unless the digits in view changed: (candidates, mask, close_up)."""
        known = self.known_size()
        candidates, mask, close_up = find_candidates(frame, self.detector, known)
        if known and (not candidates or not alike_size(typical_size(candidates), known)):
            return find_candidates(frame, self.detector)
        return candidates, mask, close_up

    def read_regions(self, frame: np.ndarray, candidates: list, mask: np.ndarray, close_up):
        """The candidates read by the network (classify), or those of a look for faint writing if it reads more (the
        looks taken in turn while each reads more than the one before; with the one before's surer readings, and its
        regions where the new look joined them: with_first_of_merged), with touching digits cut apart, doubted crops
        read again (second_opinion) and of two readings of a region the better kept: (candidates, mask, crops, probs).
        Faint writing is looked for where the ink is faint, and whatever the ink in a still, on a new sheet and while
        the look reads more in a video (faint_look)."""
        candidates, mask, crops, probs = self.classify(candidates, mask, close_up)
        looks, whatever_ink, first_read = ([], False, []) if close_up else self.faint_look(candidates, probs)
        self.read_more_at = None
        for detector in looks:  # each while the one before read more (their detection counts in the classify stage)
            other = self.classify(*find_candidates(frame, detector, self.known_size(), weigh_close_up=False)[:2])
            strictly = whatever_ink or self.read_more_at is not None  # (after a look that replaced the one before)
            if not self.reads_more(other[0], other[3], first_read, strictly):
                break
            self.read_more_at = detector.ink_contrast
            first = (candidates, crops, probs)
            candidates, mask, crops, probs = other
            crops, probs = with_surer_first_readings(first, candidates, crops, probs)
            candidates, crops, probs = with_first_of_merged(first, candidates, crops, probs)
            if detector is not looks[-1]:  # the next look must read more of these, as the verdict counts them
                first_read = self.heights_read(candidates, probs, strictly=True)
        candidates, crops, probs = self.with_touching_pieces(candidates, crops, probs)
        probs = second_opinion(self.backend, crops, probs)
        chosen = better_readings(candidates, probs.max(axis=1))
        return [candidates[i] for i in chosen], mask, crops[chosen], probs[chosen]

    def faint_look(self, candidates: list, probs: np.ndarray) -> tuple[list[DetectorConfig], bool, list[int]]:
        """The detectors of the looks for faint writing to take in turn, each while the one before read more
        (for_faint_writing; where the ink is faint, then at looks.PALEST_CONTRAST, or in a video after a frame where
        that look read more, it alone), whether they look whatever the ink (where the ink is not faint, in a still, on a
        new sheet or after a frame where that look read more, if the first look reads at least WRITING digits) and the
        heights the first look reads as that look counts them (heights_read): (detectors, whatever the ink, heights)."""
        confidences = probs.max(axis=1)
        faint_ink = for_faint_writing(self.detector, candidates, confidences, self.min_confidence)
        if faint_ink:
            palest = replace(faint_ink, ink_contrast=PALEST_CONTRAST)
            video_of_a_pale_pen = self.read_more_at == PALEST_CONTRAST and self.known_size() is not None
            return [palest] if video_of_a_pale_pen else [faint_ink, palest], False, self.heights_read(candidates, probs)
        if self.known_size() is not None and self.read_more_at is None:
            return [], False, []
        read = self.heights_read(candidates, probs, strictly=True)
        any_ink = for_faint_writing(self.detector, candidates, confidences, self.min_confidence, whatever_ink=True)
        if len(read) < WRITING or not any_ink:
            return [], False, []
        return [any_ink], True, read

    def judge(self, candidates: list, crops: np.ndarray, probs: np.ndarray, text: bool):
        """The verdict on the candidates' readings, smoothed by the tracker: (sure, rejected)."""
        if self.tracker:
            _, probs = self.tracker.update([c.box for c in candidates], probs, crops)
        return self.verdict(candidates, probs, text)

    def verdict(self, candidates: list, probs: np.ndarray, text: bool):
        """The readings (Detection, candidate) of the candidates that are digits: read at least min_confidence surely,
        in a frame that is no page of text (`text`: reads_as_text), on the sheet (off_the_sheet, amid_texture,
        perforations) and no slash, stray mark or grid dash; and the other readings' Detections: (sure, rejected)."""
        digits = probs.argmax(axis=1)
        confidences = probs[np.arange(len(digits)), digits]
        readings = [(Detection(candidate.box, digit, confidence), candidate)
                    for candidate, digit, confidence in zip(candidates, digits.tolist(), confidences.tolist())]
        sure = [reading for reading in readings if reading[0].confidence >= self.min_confidence]
        rejected = [detection for detection, _ in readings if detection.confidence < self.min_confidence]
        if text:
            return [], rejected + [detection for detection, _ in sure]
        off_sheet = {id(c) for c, *no_digit in zip(candidates, off_the_sheet(candidates), amid_texture(candidates),
                                                   perforations(candidates)) if any(no_digit)}  # (arrays: no hash)
        rejected += [detection for detection, candidate in sure if id(candidate) in off_sheet]
        sure = [(detection, candidate) for detection, candidate in sure if id(candidate) not in off_sheet]
        slash = slashes([detection for detection, _ in sure], [candidate for _, candidate in sure])
        stray = stray_marks([candidate for _, candidate in sure])
        dashes = [candidate.on_a_line and detection.digit == 1 for detection, candidate in sure]  # grid dashes
        rejected += [detection for (detection, _), *drop in zip(sure, slash, stray, dashes) if any(drop)]
        return [reading for reading, *drop in zip(sure, slash, stray, dashes) if not any(drop)], rejected
