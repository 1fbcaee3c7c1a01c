"""Where to look for digits in a frame, and at what scale: detect() at the scale and paper closing that suit the
digits' size (large ones shrunk, small ones enlarged), a close-up look for one digit near the camera, and a second
look for faint writing."""
from __future__ import annotations

import statistics
from dataclasses import replace

import numpy as np

from .detect import DetectorConfig, detect
from .frames import as_uint8
from .paper import LEAST_CLOSING
from .read import numbers
from .sheet import centre_within, on_plain_paper

ANALYSIS_DIGIT_HEIGHT = 28  # px: frames are analysed shrunk while their digits stay at least this tall ...
ANALYSIS_STROKE = 5.0       # ... and their strokes (ink mask) this thick: thinner ones fade or pass for rulings
SMALL_DIGIT_HEIGHT = 23     # px: frames whose digits are shorter are analysed enlarged ...
SMALL_DIGIT_SCALE = 2.0     # ... this many times, and so are digits up to twice as tall ...
THIN_STROKE = 2.5           # ... written thinner than this (px): the blur takes their contrast


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


SIZE_ANCHORS = 2  # candidates on plain paper that give the digits' size when most are not
DARK_ANCHORS = 3  # candidates with ink at least DARK_SHARE as dark as the darkest's, in strokes BOLD_STROKES times
DARK_SHARE = 0.5  # as wide as all's, give the digits' size (a dim photo's marker digits among a folded page's
BOLD_STROKES = 2  # fainter creases)


def typical_size(candidates: list) -> tuple[float, float]:
    """Median height and stroke width of the candidates, or, if most are not on plain paper (sheet.on_plain_paper),
    of the at least SIZE_ANCHORS that are (a brick wall's, a shirt's or grass's pattern around a held-up sheet
    outnumbers its digits, which stand apart on smooth paper), but for the halves of a digit that may be broken across
    (their joined reading counts); of those, the at least DARK_ANCHORS with the darkest ink if in bold strokes."""
    whole = [c for c in candidates if c.half_of is None]
    plain = [c for c, ok in zip(whole, on_plain_paper(whole)) if ok]
    among = plain if SIZE_ANCHORS <= len(plain) < len(candidates) / 2 else whole
    dark = [c for c in among if c.ink >= DARK_SHARE * max(c.ink for c in among)]
    bold = len(dark) >= DARK_ANCHORS and median_stroke(dark) >= BOLD_STROKES * median_stroke(among)
    among = dark if bold else among
    return statistics.median(c.box[3] for c in among), median_stroke(among)


def median_stroke(candidates: list) -> float:
    return statistics.median(c.stroke for c in candidates)


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
DIGIT_CLOSING = 0.3    # ... and farther away, but in strokes that wide, a closing at least this share of their
                       # height (large digits smeared by a moving sheet; a thin pen's large digits keep 1/24)
FAT_PAPER_WINDOW = 4   # a fat marker's digit filling a small frame needs a closing of 1/4 of its side
NEAR_INK = 140         # darkness (0-255) the ink of a digit near the camera reaches (the robustness script's
                       # close-ups: 150-235): a shadow across a blank sheet is paler (83-134 measured)


def near_camera(detector: DetectorConfig, digit_size: tuple[float, float], side: int) -> DetectorConfig:
    """The detector for digits of `digit_size` (height, stroke width in px) in a frame whose shorter side is
    `side` px: where their strokes are wide for the paper's closing, a closing of 1/NEAR_PAPER_WINDOW of the side
    near the camera, else one at least DIGIT_CLOSING of their height."""
    height, stroke = digit_size
    closing = side // detector.paper_window
    if stroke < WIDE_STROKE * max(LEAST_CLOSING, closing):
        return detector
    if height >= CLOSE_UP * side:
        return replace(detector, paper_window=NEAR_PAPER_WINDOW)
    if LEAST_CLOSING <= closing < DIGIT_CLOSING * height:  # (not at its least in a frame under 216 px: two touching
        # digits 40 px tall in a 160 px frame were lost with a closing of 12)
        return replace(detector, paper_window=max(NEAR_PAPER_WINDOW, int(side // (DIGIT_CLOSING * height))))
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


def in_long_numbers(boxes: list) -> set[int]:
    """Indices of the boxes in a number of at least ROW digits (read.numbers)."""
    return {index for line in numbers(boxes) for number in line if len(number) >= ROW for index in number}


def digits_lost(read: list, near: list, relative_height: float) -> int:
    """How many of the candidates `read` (the first look's, read as digits) lie outside the regions of the close-up
    look `near` and are digits rather than the bits of a large digit: at least `relative_height` as tall as its
    tallest region, or in a number of at least ROW digits (a sheet's rows beside a head the look took for a digit)."""
    beside = [candidate for candidate in read if not any(centres_inside(region.box, [candidate]) for region in near)]
    tall = relative_height * max(region.box[3] for region in near)
    in_rows = in_long_numbers([c.box for c in beside])
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
PALEST_CONTRAST = 0.10  # where that look reads more, faint writing is looked at once more with this contrast: a pen so
                        # pale that only some of its digits come out at FAINT_CONTRAST (darkest ink 18-45 of 255)


def for_faint_writing(detector: DetectorConfig, candidates: list, confidences: np.ndarray,
                      min_confidence: float, whatever_ink: bool = False) -> DetectorConfig | None:
    """The detector for faint writing if the frame shows writing (WRITING, WRITING_SHARE) whose darkest ink is
    typically faint (FAINT_WRITING), or whatever its ink if `whatever_ink` (faint digits may stand among dark ones:
    thin, small or blurred), else None."""
    if (detector.threshold != "background" or detector.ink_contrast <= FAINT_CONTRAST or len(candidates) < WRITING
            or np.mean(confidences >= min_confidence) < WRITING_SHARE):
        return None
    faint = whatever_ink or statistics.median(c.ink for c in candidates) < FAINT_WRITING * 255 * detector.ink_contrast
    return replace(detector, ink_contrast=FAINT_CONTRAST) if faint else None


def find_candidates(frame: np.ndarray, detector: DetectorConfig, digit_size: tuple[float, float] | None = None,
                    weigh_close_up: bool = True):
    """detect() at the scale and with the paper's closing that suit digits of `digit_size` (height, stroke) if known
    (bounded_scale); if not (None), at full resolution (at most detector.max_side), then again at the scale and with
    the closing that suit the candidates found if they are small, large or near the camera, or, if none are found,
    at the smallest scale as if near the camera (as_if_near), then with a closing as wide as a fat marker filling
    the frame needs: strokes wider than the paper's closing come out hollow and are dropped (there only candidates
    with ink at least NEAR_INK dark count: a shadow across a blank sheet is no digit). Returns (candidates,
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
            candidates = [candidate for candidate in candidates if candidate.ink >= NEAR_INK]
            if candidates:
                break
        return candidates, mask, None
    close_up = close_up_look(frame, detector, candidates, smallest) if weigh_close_up else None
    found = typical_size(candidates)
    better, near = max(bounded_scale(found, largest), smallest), near_camera(detector, found, side)
    if better != first or near != detector:
        candidates, mask = detect(frame, near, better)
    return candidates, mask, close_up
