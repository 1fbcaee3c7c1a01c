"""`Recognizer`: detect -> one batched backend call -> track -> read, for one frame at a time."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from .binding import perforations
from .detect import DetectorConfig, detect
from .frames import as_uint8
from .read import numbers, read_lines
from .second_opinion import second_opinion
from .sheet import SMOOTH_PAPER, amid_texture, centre_within, off_the_sheet, on_plain_paper, sheet_box
from .track import Tracker

DEFAULT_MIN_CONFIDENCE = 0.6
ANALYSIS_DIGIT_HEIGHT = 28  # px: frames are analysed shrunk while their digits stay at least this tall ...
ANALYSIS_STROKE = 5.0       # ... and their strokes (ink mask) this thick: thinner ones fade or pass for rulings
SMALL_DIGIT_HEIGHT = 23     # px: frames whose digits are shorter are analysed enlarged ...
SMALL_DIGIT_SCALE = 2.0     # ... this many times, and so are digits up to twice as tall ...
THIN_STROKE = 2.5           # ... written thinner than this (px): the blur takes their contrast
SURE = 0.9  # a wide region is read as two digits only when the network is at least this sure of both
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


def better_readings(candidates: list, confidences: np.ndarray) -> list[int]:
    """Indices of the candidates to keep: a wide region is read whole, or as the digits it splits into
    when the network is surer of every piece (and at least SURE) than of the whole; two regions one above the other
    are read as one digit's halves joined when the network is at least as sure of the joined one as of either, or
    at least SURE."""
    pieces: dict[int, list[int]] = {}
    halves: dict[int, list[int]] = {}
    for index, candidate in enumerate(candidates):
        if candidate.piece_of is not None:
            pieces.setdefault(candidate.piece_of, []).append(index)
        if candidate.half_of is not None:
            halves.setdefault(candidate.half_of, []).append(index)
    dropped = set()
    for whole, split in pieces.items():
        dropped.update([whole] if confidences[split].min() > max(confidences[whole], SURE) else split)
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


def scale_for(digit_height: float, stroke: float) -> float:
    """The analysis scale for digits this tall written this thick (px): large ones need no full resolution
    (shrunk while they stay ANALYSIS_DIGIT_HEIGHT tall and their strokes ANALYSIS_STROKE thick: a thick
    marker's strokes come out solid, a thin pen's are not lost), small ones (under SMALL_DIGIT_HEIGHT, or
    twice that in a pen thinner than THIN_STROKE) are seen better at twice the size."""
    if digit_height < SMALL_DIGIT_HEIGHT or (digit_height < 2 * SMALL_DIGIT_HEIGHT and stroke < THIN_STROKE):
        return SMALL_DIGIT_SCALE
    shrink = min(digit_height // ANALYSIS_DIGIT_HEIGHT, stroke // ANALYSIS_STROKE)
    return 1.0 / max(1, int(shrink))  # 1/k: the fast resize path


def bounded_scale(digit_size: tuple[float, float], largest: float) -> float:
    """scale_for digits of `digit_size` (height, stroke in frame px), at most `largest` (largest_scale), unless they
    would be small at that scale (a phone photo of a page, an HD webcam): then up to SMALL_DIGIT_SCALE times it."""
    wanted = scale_for(*digit_size)
    if wanted <= largest:
        return wanted
    small_there = scale_for(digit_size[0] * largest, digit_size[1] * largest) > 1
    return min(wanted, SMALL_DIGIT_SCALE * largest) if small_there else largest


def typical_size(candidates: list) -> tuple[float, float]:
    """Median height and stroke width of the candidates, but for the halves of a digit that may be broken across
    (their joined reading counts)."""
    whole = [c for c in candidates if c.half_of is None]
    return (statistics.median(c.box[3] for c in whole), statistics.median(c.stroke for c in whole))


SIZE_CHANGE = 1.5  # digits this many times taller or shorter than the last frame's are others: look afresh


def alike_size(size: tuple[float, float], last: tuple[float, float]) -> bool:
    """Are digits of `size` (height, stroke) about as tall as the last frame's (within SIZE_CHANGE)?"""
    return last[0] / SIZE_CHANGE <= size[0] <= last[0] * SIZE_CHANGE


MIN_ANALYSIS_SIDE = 120  # px: frames are not analysed smaller than this (shorter side): rules relative to the
                         # frame (line lengths, the largest region) need room; at this size the paper's closing
                         # (at least 9 px) is wider than a fat marker's strokes


CLOSE_UP = 0.3     # digits this share of the frame's shorter side tall ...
WIDE_STROKE = 0.6  # ... in strokes this share of the paper's closing wide are near the camera: there the closing
NEAR_PAPER_WINDOW = 8  # spans 1/8 of the frame's side (not 1/24), or their strokes come out hollow
FAT_PAPER_WINDOW = 4   # a fat marker's digit filling a small frame needs a closing of 1/4 of its side


def near_camera(detector: DetectorConfig, digit_size: tuple[float, float], side: int) -> DetectorConfig:
    """The detector for digits of `digit_size` (height, stroke width in px) in a frame whose shorter side is
    `side` px."""
    height, stroke = digit_size
    window = max(9, side // detector.paper_window)
    if height >= CLOSE_UP * side and stroke >= WIDE_STROKE * window:
        return replace(detector, paper_window=NEAR_PAPER_WINDOW)
    return detector


def centres_inside(box, candidates: list) -> int:
    """How many of the candidates have their box's centre inside `box` (x, y, w, h)."""
    x, y, w, h = box
    return sum(centre_within(c.box, (x, y, x + w, y + h)) for c in candidates)


def smallest_scale(frame: np.ndarray) -> float:
    """The scale at which the frame's shorter side is MIN_ANALYSIS_SIDE px (1 for smaller frames)."""
    return min(1.0, MIN_ANALYSIS_SIDE / min(frame.shape[:2]))


def largest_scale(frame: np.ndarray, detector: DetectorConfig) -> float:
    """The scale at which the frame's longer side is detector.max_side px (above 1 for smaller frames)."""
    return detector.max_side / max(frame.shape[:2])


def as_if_near(detector: DetectorConfig, frame: np.ndarray, smallest: float, window: int) -> DetectorConfig:
    """The detector for a digit near the camera, at the `smallest` scale: the paper's closing spanning 1/`window`
    of the frame, regions at least CLOSE_UP of the frame's shorter side tall."""
    return replace(detector, paper_window=window, min_height=int(np.ceil(CLOSE_UP * min(frame.shape[:2]) * smallest)))


def close_up_look(frame: np.ndarray, detector: DetectorConfig, candidates: list, smallest: float):
    """detect() as if near the camera (at the `smallest` scale, the paper's closing spanning 1/8 of the frame,
    regions at least CLOSE_UP of the frame's side tall) when the candidates found at full resolution may be
    pieces of one digit near the camera (its strokes, wider than the closing, come out as outlines and bits):
    two or more inside one candidate of that look, and at least half of them inside its candidates, unless a
    candidate of that look holds a column of digits (stacked). None otherwise."""
    if len(candidates) < 2 or smallest == 1.0:
        return None
    near = detect(frame, as_if_near(detector, frame, smallest, NEAR_PAPER_WINDOW), smallest)
    if any(stacked(c.box, candidates) for c in near[0]):
        return None
    inside = [centres_inside(c.box, candidates) for c in near[0]]
    return near if inside and max(inside) >= 2 and sum(inside) >= 0.5 * len(candidates) else None


ROW = 3  # digits read side by side in one number are writing, not a large digit's bits


def digits_lost(read: list, near: list, relative_height: float) -> int:
    """How many of the candidates `read` (the first look's, read as digits) lie outside the regions of the close-up
    look `near` and are digits rather than the bits of a large digit: at least `relative_height` as tall as its
    tallest region, or in a number of at least ROW digits (a sheet's rows beside a head the look took for a digit)."""
    beside = [candidate for candidate in read if not any(centres_inside(region.box, [candidate]) for region in near)]
    tall = relative_height * max(region.box[3] for region in near)
    in_rows = {index for line in numbers([c.box for c in beside]) for number in line if len(number) >= ROW
               for index in number}
    return sum(candidate.box[3] >= tall or index in in_rows for index, candidate in enumerate(beside))


COLUMN = 4          # candidates one above the other inside one region of the close-up look, filling ...
COLUMN_COVER = 0.5  # ... this share of its height: digits written one per line, not the bits of one large digit


def stacked(box, candidates: list) -> bool:
    """Are at least COLUMN of the candidates with their centre inside `box` one above the other, none overlapping
    the next in height, and together COLUMN_COVER of its height (a column of digits that the close-up look joins
    into one region, a tall "1"; a large digit's bits are scattered and small)?"""
    x, y, w, h = box
    spans = sorted((c.box[1], c.box[1] + c.box[3]) for c in candidates if centre_within(c.box, (x, y, x + w, y + h)))
    return (len(spans) >= COLUMN and all(below[0] >= above[1] for above, below in zip(spans, spans[1:]))
            and sum(bottom - top for top, bottom in spans) >= COLUMN_COVER * h)


FAINT_WRITING = 2.0    # digits whose darkest ink is typically under this many times as dark as clear ink must be
FAINT_CONTRAST = 0.15  # are faint writing (a worn pen, a pencil): looked at again with this ink contrast, in a frame
WRITING = 5            # that shows writing: at least this many candidates, ...
WRITING_SHARE = 0.6    # ... this share of them read as digits (a picture's textures are mostly doubted)


def for_faint_writing(detector: DetectorConfig, candidates: list, confidences: np.ndarray,
                      min_confidence: float) -> DetectorConfig | None:
    """The detector for faint writing if the frame shows writing (WRITING, WRITING_SHARE) whose darkest ink is
    typically faint (FAINT_WRITING), else None."""
    if (detector.threshold != "background" or detector.ink_contrast <= FAINT_CONTRAST or len(candidates) < WRITING
            or np.mean(confidences >= min_confidence) < WRITING_SHARE):
        return None
    faint = statistics.median(c.ink for c in candidates) < FAINT_WRITING * 255 * detector.ink_contrast
    return replace(detector, ink_contrast=FAINT_CONTRAST) if faint else None


def find_candidates(frame: np.ndarray, detector: DetectorConfig, digit_size: tuple[float, float] | None = None,
                    weigh_close_up: bool = True):
    """detect() at the scale and with the paper's closing that suit digits of `digit_size` (height, stroke) if known
    (bounded_scale); if not (None), at full resolution (at most detector.max_side), then again at the scale and with
    the closing that suit the candidates found if they are small, large or near the camera, or, if none are found,
    at the smallest scale as if near the camera (as_if_near), then with a closing as wide as a fat marker filling
    the frame needs: strokes wider than the paper's closing come out hollow and are dropped. Returns (candidates,
    mask, close_up): close_up is another reading of the frame to weigh (close_up_look; not looked for unless
    `weigh_close_up`) or None."""
    frame = as_uint8(frame)
    side, smallest, largest = min(frame.shape[:2]), smallest_scale(frame), largest_scale(frame, detector)
    if digit_size is not None:
        scale = max(bounded_scale(digit_size, largest), smallest)
        return *detect(frame, near_camera(detector, digit_size, side), scale), None
    first = min(1.0, largest)
    candidates, mask = detect(frame, detector, first)
    if not candidates and first < 1:  # a large frame: its digits may be too small to see at max_side
        first = min(1.0, SMALL_DIGIT_SCALE * largest)
        candidates, mask = detect(frame, detector, first)
    if not candidates:
        for window in (NEAR_PAPER_WINDOW, FAT_PAPER_WINDOW):
            candidates, mask = detect(frame, as_if_near(detector, frame, smallest, window), smallest)
            if candidates:
                break
        return candidates, mask, None
    close_up = close_up_look(frame, detector, candidates, smallest) if weigh_close_up else None
    found = typical_size(candidates)
    better, near = max(bounded_scale(found, largest), smallest), near_camera(detector, found, side)
    if better != first or near != detector:
        candidates, mask = detect(frame, near, better)
    return candidates, mask, close_up


def reads_as_text(candidates: list, confidences: np.ndarray, min_confidence: float) -> bool:
    """Is a frame whose candidates the network reads with these confidences a page of text: at least
    TEXT_PAGE_DOUBTS of them doubted, and on plain paper (sheet.on_plain_paper) at least TEXT_PAGE_SHARE as many
    doubted as sure ones, counting only doubts on the sheet of the sure ones if there are TEXT_SHEET of them
    (sheet.sheet_box: so a busy backdrop's doubts around a held-up sheet's digits do not count), or, on smooth
    paper, under AMID_WRITING of the sure ones on plain paper, the rest amid writing (a page of dense cursive: its
    few plain candidates cannot outweigh its doubts)?"""
    doubted = (np.asarray(confidences) < min_confidence).tolist()
    if sum(doubted) < TEXT_PAGE_DOUBTS:
        return False
    plain_paper = on_plain_paper(candidates)
    sure_plain = [c.box for c, doubt, ok in zip(candidates, doubted, plain_paper) if ok and not doubt]
    doubts_plain = [c.box for c, doubt, ok in zip(candidates, doubted, plain_paper) if ok and doubt]
    if len(sure_plain) >= TEXT_SHEET:
        sheet = sheet_box(sure_plain)
        doubts_plain = [box for box in doubts_plain if centre_within(box, sheet)]
    smooth_sure = [ok for doubt, ok, candidate in zip(doubted, plain_paper, candidates)
                   if not doubt and candidate.roughness <= SMOOTH_PAPER]  # True: on plain paper
    return (len(doubts_plain) >= TEXT_PAGE_SHARE * len(sure_plain)
            or smooth_sure.count(True) < AMID_WRITING * len(smooth_sure))


def crops_of(candidates: list) -> np.ndarray:
    """The candidates' crops as one uint8 [N,28,28] array."""
    return np.array([c.crop for c in candidates], np.uint8).reshape(-1, 28, 28)


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

    def reset(self) -> None:
        """Forget the tracking state (e.g. between unrelated images)."""
        if self.tracker:
            self.tracker.reset()
        self.digit_size = None

    def classify(self, candidates: list, mask: np.ndarray, close_up=None):
        """Crops and class probabilities of the candidates, in one backend call with those of `close_up` (a
        close_up_look) if given, which replaces them if every digit in it is read (min_confidence) and it would lose
        fewer digits than it has (digits_lost): (candidates, mask, crops, probs)."""
        crops = crops_of(candidates)
        if close_up is None:
            return candidates, mask, crops, self.backend.predict(crops)[1]
        near_crops = crops_of(close_up[0])
        _, probs = self.backend.predict(np.concatenate([crops, near_crops]))
        probs, near_probs = probs[:len(crops)], probs[len(crops):]
        read = [candidate for candidate, confidence in zip(candidates, probs.max(axis=1))
                if confidence >= self.min_confidence]
        if (near_probs.max(axis=1).min() >= self.min_confidence
                and digits_lost(read, close_up[0], self.detector.min_relative_height) < len(close_up[0])):
            return *close_up, near_crops, near_probs
        return candidates, mask, crops, probs

    def reads_more(self, candidates: list, probs: np.ndarray, first_candidates: list, first_probs: np.ndarray) -> bool:
        """Are more candidates read (min_confidence) than by the first look, in a frame not read as a page of text?
        (A look for faint writing replaces the first look then: for_faint_writing.) Of two readings of a region (a
        wide one's pieces, a broken one's halves) only the better counts."""
        def read(candidates, probs):
            confidences = probs.max(axis=1)
            text = reads_as_text(candidates, confidences, self.min_confidence)
            return 0 if text else int((confidences[better_readings(candidates, confidences)] >= self.min_confidence).sum())
        return read(candidates, probs) > read(first_candidates, first_probs)

    def process(self, frame: np.ndarray) -> FrameResult:
        began = time.perf_counter()
        known = self.digit_size if self.tracker else None  # the last frame's digits, in a video
        candidates, mask, close_up = find_candidates(frame, self.detector, known)
        if known and (not candidates or not alike_size(typical_size(candidates), known)):
            candidates, mask, close_up = find_candidates(frame, self.detector)  # the digits in view changed
        detected = time.perf_counter()
        candidates, mask, crops, probs = self.classify(candidates, mask, close_up)
        confidences = probs.max(axis=1)
        faint = None if close_up else for_faint_writing(self.detector, candidates, confidences, self.min_confidence)
        if faint:  # (its detection is counted in the classify stage)
            other = self.classify(*find_candidates(frame, faint, known, weigh_close_up=False)[:2])
            if self.reads_more(other[0], other[3], candidates, probs):
                candidates, mask, crops, probs = other
        probs = second_opinion(self.backend, crops, probs)
        chosen = better_readings(candidates, probs.max(axis=1))
        candidates, crops, probs = [candidates[i] for i in chosen], crops[chosen], probs[chosen]
        classified = time.perf_counter()
        text = reads_as_text(candidates, probs.max(axis=1), self.min_confidence)  # this frame's own doubts
        boxes = [c.box for c in candidates]
        if self.tracker:
            _, probs = self.tracker.update(boxes, probs, crops)
        digits = probs.argmax(axis=1)
        confidences = probs[np.arange(len(digits)), digits]
        readings = [(Detection(candidate.box, digit, confidence), candidate)
                    for candidate, digit, confidence in zip(candidates, digits.tolist(), confidences.tolist())]
        sure = [reading for reading in readings if reading[0].confidence >= self.min_confidence]
        rejected = [detection for detection, _ in readings if detection.confidence < self.min_confidence]
        if text:
            rejected, sure = rejected + [detection for detection, _ in sure], []
        off_sheet = {id(c) for c, *no_digit in zip(candidates, off_the_sheet(candidates), amid_texture(candidates),
                                                   perforations(candidates)) if any(no_digit)}  # (arrays: no hash)
        rejected += [detection for detection, candidate in sure if id(candidate) in off_sheet]
        sure = [(detection, candidate) for detection, candidate in sure if id(candidate) not in off_sheet]
        slash = slashes([detection for detection, _ in sure], [candidate for _, candidate in sure])
        rejected += [detection for (detection, _), drop in zip(sure, slash) if drop]
        sure = [reading for reading, drop in zip(sure, slash) if not drop]  # (detection, candidate) accepted
        accepted = [detection for detection, _ in sure]
        lines = read_lines([d.box for d in accepted], [d.digit for d in accepted])
        self.digit_size = typical_size([candidate for _, candidate in sure]) if sure else None
        done = time.perf_counter()
        timings = {"detect": 1000 * (detected - began), "classify": 1000 * (classified - detected),
                   "track_read": 1000 * (done - classified)}
        return FrameResult(accepted, lines, rejected, crops, mask, timings)
