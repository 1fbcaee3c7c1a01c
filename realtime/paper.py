"""Is a region ink on paper? The paper around it is even, about as bright as around the other digits, and
grey (or one flat colour); it is darker than the lines erased around it; it is not surrounded by dark (a
paper edge, a shadow)."""
from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

import cv2
import numpy as np

from .crops import SQUARE3
from .frames import within_border
from .lines import PEN_OVER_LINE, uint8_percentile

if TYPE_CHECKING:
    from .detect import DetectorConfig, Ink


DARKEST_PAPER = 80  # ink contrast is measured against at least this brightness: noise in a dark backdrop is no ink
DARK_MARGIN = 1.5  # in surroundings darker than DARKEST_PAPER, a pixel under this many times the ink is as dark
RING_PAD = 4  # the ring around a region reaches this far from its ink (RING_OUTER's radius)
RING_OUTER, RING_INNER = np.ones((9, 9), np.uint8), SQUARE3


def dark_surrounds(gray: np.ndarray, proposals: list, ink_contrast: float) -> np.ndarray:
    """For each (box, region mask): the fraction of the ring around the region that is as dark as its ink
    (high for paper edges and shadows, low for ink on paper).

    "As dark as the ink" is below the midpoint between the ink's and the ring's mean, and near the darkest ink
    next to it: less than `ink_contrast` of its brightness brighter (ink is that much darker than its paper:
    the shadowed side of a digit across a shadow's edge, faint ink included, is no dark surround), or, below
    DARKEST_PAPER (a dark desk, a dim room: no paper), under DARK_MARGIN times as bright. The windows around
    all regions are laid side by side on one strip, so each image operation runs once per frame instead of
    once per region.
    """
    frame_h, frame_w = gray.shape
    windows = []
    for (x, y, w, h), _ in proposals:
        x0, y0 = max(0, x - RING_PAD), max(0, y - RING_PAD)
        windows.append((x0, y0, min(frame_w, x + w + RING_PAD) - x0, min(frame_h, y + h + RING_PAD) - y0))
    if not windows:
        return np.zeros(0)
    starts = np.cumsum([0] + [w + RING_PAD + 1 for _, _, w, _ in windows])
    strip_h, strip_w = max(h for *_, h in windows), int(starts[-1])
    tones = np.full((strip_h, strip_w), 255, np.uint8)    # the windows' grey levels, white between them
    placed = np.zeros((strip_h, strip_w), np.uint8)       # each region's ink in its window
    inside = np.zeros((strip_h, strip_w), np.uint8)       # the windows themselves
    for ((x, y, w, h), region), (x0, y0, ww, wh), start in zip(proposals, windows, starts):
        tones[:wh, start:start + ww] = gray[y0:y0 + wh, x0:x0 + ww]
        inside[:wh, start:start + ww] = 255
        placed[y - y0:y - y0 + h, start + x - x0:start + x - x0 + w] = region
    ring = cv2.bitwise_and(cv2.subtract(cv2.dilate(placed, RING_OUTER), cv2.dilate(placed, RING_INNER)), inside)

    def per_window(image: np.ndarray) -> np.ndarray:  # sum of each window's pixels
        return np.add.reduceat(cv2.reduce(image, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S)[0], starts[:-1])

    ink_size, ring_size = per_window(placed) // 255, per_window(ring) // 255
    ink_mean = per_window(cv2.bitwise_and(tones, placed)) / np.maximum(ink_size, 1)
    around_mean = per_window(cv2.bitwise_and(tones, ring)) / np.maximum(ring_size, 1)
    midpoint = np.rint((ink_mean + around_mean) / 2).astype(np.uint8)
    nearby_ink = cv2.erode(cv2.bitwise_or(tones, cv2.bitwise_not(placed)), RING_OUTER)
    as_dark = cv2.max(cv2.convertScaleAbs(nearby_ink, alpha=1 / (1 - ink_contrast)),
                      np.minimum(cv2.convertScaleAbs(nearby_ink, alpha=DARK_MARGIN), DARKEST_PAPER))
    limit = np.minimum(as_dark, np.repeat(midpoint, np.diff(starts)))
    dark = per_window(cv2.bitwise_and(cv2.compare(tones, limit, cv2.CMP_LT), ring)) // 255
    return np.where(ring_size > 0, dark / np.maximum(ring_size, 1), 0.0)


PAPER_MARGIN = 0.15  # of a digit's height: the paper looked at around it (a digit on a small note stays on the note)
QUARTILES = np.array([1, 2, 3])  # a sorted array's quartiles lie at these quarters of its length
FLAT_COLOUR = 12  # saturation spread (0-255) under which coloured paper is one flat colour (a note), not skin or cloth


def around(box, margin: float = PAPER_MARGIN) -> tuple[slice, slice]:
    """Rows and columns of the box with `margin` of its height beyond each side."""
    x, y, w, h = box
    pad = int(margin * h)
    return slice(max(0, y - pad), y + h + pad), slice(max(0, x - pad), x + w + pad)


def paper_around(box, paper: np.ndarray) -> tuple[float, float]:
    """Mean and standard deviation of the paper's brightness around the box."""
    mean, std = cv2.meanStdDev(paper[around(box)])
    return float(mean[0, 0]), float(std[0, 0])


LEAST_CLOSING = 9  # px: the paper's closing is never narrower


def closing_size(shape, window: int) -> int:
    """Side (odd, px) of the paper's closing in a frame of `shape`: 1/`window` of its shorter side, at least
    LEAST_CLOSING."""
    return max(LEAST_CLOSING, (min(shape[:2]) // window) | 1)


def paper_roughness(paper: np.ndarray, window: int) -> np.ndarray:
    """How far the paper's brightness departs from its mean over twice the paper's closing (closing_size): a
    lighting gradient or a shadow's soft edge departs little, the texture of fur, wood or cloth much."""
    size = 2 * closing_size(paper.shape, window) + 1
    return cv2.absdiff(paper, cv2.blur(paper, (size, size)))


def window_sums(integral: np.ndarray, boxes: np.ndarray, margin: float) -> tuple[np.ndarray, np.ndarray]:
    """Sums of an image over the windows `around` each box (rows x, y, w, h) with `margin`, given its cv2.integral,
    and the windows' areas."""
    x, y, w, h = boxes.T
    pad = (margin * h).astype(np.int64)  # int(): towards zero, as `around`
    rows, columns = integral.shape[0] - 1, integral.shape[1] - 1
    top, bottom = np.maximum(0, y - pad), np.minimum(rows, y + h + pad)
    left, right = np.maximum(0, x - pad), np.minimum(columns, x + w + pad)
    sums = integral[bottom, right] - integral[top, right] - integral[bottom, left] + integral[top, left]
    return sums, (bottom - top) * (right - left)


class PaperRoughness:
    """The paper's roughness around boxes in one frame; its integral images are made once, when first asked."""

    def __init__(self, paper: np.ndarray, window: int):
        self.paper, self.window = paper, window  # the paper's brightness and its closing's window (paper_roughness)

    @cached_property
    def integrals(self) -> tuple[np.ndarray, np.ndarray]:
        # 32-bit sums are exact and twice as fast to make: an analysed frame (at most 2560 px a side) sums under 2**31
        return tuple(cv2.integral(image, sdepth=cv2.CV_32S)
                     for image in (paper_roughness(self.paper, self.window), self.paper))

    def around(self, boxes: list) -> np.ndarray:
        """For each box: the paper's mean roughness (paper_roughness) around it, as a share of its brightness there."""
        boxes = np.array(boxes, np.int64).reshape(-1, 4)
        (roughness, area), (brightness, _) = [window_sums(integral, boxes, PAPER_MARGIN) for integral in self.integrals]
        scale = 1.0 / area  # (means as cv2.mean computes them)
        return roughness * scale / np.maximum(brightness * scale, 1.0)


NEAR_MEDIAN = 0.5  # of the roughness limit: paper this near its median (beyond_smooth_paper) is smooth
MEDIAN_SIDE = 5    # px: beyond_smooth_paper maps the paper shrunk so that its median runs over this many pixels


class Smoothness(NamedTuple):
    """The paper's departure from its median (smoothness), mapped coarse, and boxes in that map's pixels."""
    share: np.ndarray   # float32: the departure as a share of the paper's brightness, averaged over `side`
    paper: np.ndarray   # the paper's brightness at the map's size
    boxes: np.ndarray   # x, y, w, h rows, in map pixels
    side: int           # px of the map the departure is averaged over (odd)
    step: int           # frame pixels per map pixel


def smoothness(paper: np.ndarray, window: int, boxes: list, side: int | None = None) -> Smoothness:
    """How far the paper departs from its median over twice the paper's closing (closing_size), as a share of its
    brightness, averaged over `side` map pixels (by default the boxes' median height): a median keeps a sheet's edge
    and a shadow's where they are, so only a texture departs much. Mapped coarse, where the median runs over
    MEDIAN_SIDE pixels (over 41 px it cost 1.4 ms at 320x240)."""
    size = closing_size(paper.shape, window)
    step = max(1, -(-2 * size // MEDIAN_SIDE))
    small = cv2.resize(paper, None, fx=1 / step, fy=1 / step, interpolation=cv2.INTER_AREA) if step > 1 else paper
    boxes = np.array(boxes, np.int64).reshape(-1, 4) // step
    side = side or int(np.median(boxes[:, 3])) | 1
    rough = cv2.absdiff(small, cv2.medianBlur(small, (2 * size // step) | 1))
    share = cv2.blur(cv2.divide(rough, cv2.max(small, 1), dtype=cv2.CV_32F), (side, side))
    return Smoothness(share, small, boxes, side, step)


def centres(smooth: Smoothness) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the boxes' centres in the map."""
    x, y, w, h = smooth.boxes.T
    return np.minimum(y + h // 2, smooth.share.shape[0] - 1), np.minimum(x + w // 2, smooth.share.shape[1] - 1)


def corners(smooth: Smoothness) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the boxes' four corners in the map (four per box, box by box)."""
    x, y, w, h = np.repeat(smooth.boxes, 4, axis=0).T
    right, below = np.tile([0, 1, 0, 1], len(smooth.boxes)), np.tile([0, 0, 1, 1], len(smooth.boxes))
    return (np.minimum(y + below * h, smooth.share.shape[0] - 1), np.minimum(x + right * w, smooth.share.shape[1] - 1))


def beyond_smooth_paper(boxes: list, smooth: list[bool], paper: np.ndarray, limit: float, window: int) -> list[bool]:
    """For each box: does its centre lie beyond the sheet of the `smooth` boxes: outside the stretches of smooth paper
    that hold a smooth box's centre, widened by the paper's closing and half the boxes' median height? Smooth paper
    is within NEAR_MEDIAN of `limit` (a roughness, paper_roughness) of its median (smoothness). A backdrop's marks
    beside a held-up sheet lie beyond the sheet; its digits, near its edge or in a shadow across it, do not."""
    mapped = smoothness(paper, window, boxes)
    _, labels = cv2.connectedComponents(cv2.compare(mapped.share, NEAR_MEDIAN * limit, cv2.CMP_LE))
    at = centres(mapped)
    anchored = np.unique(labels[at][np.asarray(smooth, bool)])
    sheet = np.isin(labels, anchored[anchored > 0]).astype(np.uint8)
    reach = (2 * closing_size(paper.shape, window)) // mapped.step + mapped.side  # the edge's own roughness
    return (cv2.dilate(sheet, np.ones((reach, reach), np.uint8))[at] == 0).tolist()


EMPTY_SHEET = 0.08    # of the frame: a stretch of smooth, bright paper this large that holds no candidate is a sheet
                      # with nothing written on it (empty_sheet_in_view)
SHEET_BRIGHT = 0.75   # bright: at least this share of the frame's bright paper (its 95th percentile)
EMPTY_SMOOTH = 0.015  # smooth: within this share of its brightness of its median (smoothness, averaged over ...
EMPTY_SIDE = 3        # ... this many map pixels: over a digit's height a large digit's strokes would spread)
DIM_SMOOTH = 0.03     # a dim stretch as large, this smooth (a sheet in the shade: noise is more of its brightness),
                      # may hold the digits too
SHEET_EDGE = 3        # map pixels: a candidate with its centre this far within the paper's outline lies on it
EMPTY_MARKS = 0.3     # of the frame's shorter side: candidates typically this tall are a large digit near the camera,
                      # with paper around it, not a backdrop's marks around a sheet


def large_stretches(mask: np.ndarray, least: float) -> np.ndarray:
    """The components of a uint8 mask at least `least` pixels large (1, else 0)."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    return np.isin(labels, np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] >= least) + 1).astype(np.uint8)


def filled(mask: np.ndarray) -> np.ndarray:
    """A uint8 mask (0/1) with the holes of its components filled."""
    outlines, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return cv2.drawContours(np.zeros_like(mask), outlines, -1, 1, cv2.FILLED)


def empty_sheet_in_view(boxes: list, paper: np.ndarray, window: int) -> bool:
    """Does the frame show a sheet with nothing written on it? A stretch of smooth, bright paper at least EMPTY_SHEET
    of the frame is in view, and none of these boxes (typically under EMPTY_MARKS tall) lies on the paper in view:
    wholly within the outline of its large stretches of smooth paper, bright or dim, or with its centre SHEET_EDGE
    within it (a digit lies in a hole of its sheet's smooth paper, or on rougher paper within its outline; one at a
    shadow's tip touches paper that is neither; a backdrop's thing joined to the sheet's edge lies across it). A
    blank sheet held up before a room, whose marks are then all the candidates there are."""
    if np.median([h for *_, h in boxes]) >= EMPTY_MARKS * min(paper.shape):
        return False
    mapped = smoothness(paper, window, boxes, EMPTY_SIDE)
    bright = cv2.compare(mapped.paper, SHEET_BRIGHT * uint8_percentile(mapped.paper, 0.95), cv2.CMP_GE)
    least = EMPTY_SHEET * mapped.share.size
    sheets = large_stretches(cv2.compare(mapped.share, EMPTY_SMOOTH, cv2.CMP_LE) & bright, least)
    if not sheets.any():
        return False
    dim = large_stretches(cv2.compare(mapped.share, DIM_SMOOTH, cv2.CMP_LE) & cv2.bitwise_not(bright), least)
    paper_in_view = filled(sheets | dim)
    wholly = paper_in_view[corners(mapped)].reshape(-1, 4).all(axis=1)
    inside = cv2.erode(paper_in_view, np.ones((2 * SHEET_EDGE + 1,) * 2, np.uint8))[centres(mapped)]
    return not (wholly | inside.astype(bool)).any()


CLUTTER_REACH = 1.5  # heights around a region: its surroundings, where its clutter is measured


def clutter_around(boxes: list, mask: np.ndarray) -> np.ndarray:
    """For each box: the share of ink in the mask around it, within CLUTTER_REACH of its height, outside the box
    widened by a tenth of its height (its own ink and halo)."""
    boxes = np.array(boxes, np.int64).reshape(-1, 4)
    inked = cv2.integral(cv2.threshold(mask, 0, 1, cv2.THRESH_BINARY)[1])
    (ink, area), (own_ink, own_area) = [window_sums(inked, boxes, margin) for margin in (CLUTTER_REACH, 0.1)]
    return (ink - own_ink) / np.maximum(area - own_area, 1)


def saturation_of(colour: np.ndarray) -> np.ndarray:
    """HSV colour saturation (0-255) of every other pixel of a BGR frame, both ways (enough for paper_colour)."""
    half = ((colour.shape[1] + 1) // 2, (colour.shape[0] + 1) // 2)  # at least 1x1
    return cv2.cvtColor(cv2.resize(colour, half, interpolation=cv2.INTER_NEAREST), cv2.COLOR_BGR2HSV)[:, :, 1]


def paper_colour(box, saturation: np.ndarray) -> tuple[float, float]:
    """Median colour saturation of the frame around the box, and its spread (interquartile range), given the
    frame's `saturation_of`."""
    rows, columns = around(box)
    window = saturation[rows.start // 2:(rows.stop + 1) // 2, columns.start // 2:(columns.stop + 1) // 2]
    quartiles = QUARTILES * (window.size - 1) // 4
    low, median, high = np.partition(window, quartiles, axis=None)[quartiles].tolist()
    return median, high - low


class PaperColour:
    """The paper's colour (paper_colour) around boxes in one BGR frame; its saturation map is made once, when first
    asked, and each box's colour once."""

    def __init__(self, frame: np.ndarray):
        self.frame, self.known = frame, {}

    @cached_property
    def saturation(self) -> np.ndarray:
        return saturation_of(self.frame)

    def around(self, box) -> tuple[float, float]:
        """The median colour saturation around the box, and its spread (paper_colour)."""
        box = tuple(box)
        if box not in self.known:
            self.known[box] = paper_colour(box, self.saturation)
        return self.known[box]


def on_paper(boxes: list, paper: np.ndarray, config: DetectorConfig, colour: PaperColour | None = None) -> list[bool]:
    """For each box: is the paper around it even, and not much darker than around the other boxes (those on
    the sheet), as a sheet is, unlike the busy or dark surroundings of a person or a room in view? Relative
    to the candidates (the 75th percentile of their paper), not to the frame: a sheet in the shade beside a
    bright window stays. In a colour frame (`colour`: its PaperColour) the paper must also be grey, or no more colourful
    than around the greyest of the boxes, or one flat colour (a yellow note), unlike skin, a flag or a desk."""
    papers = [paper_around(box, paper) for box in boxes]
    means = sorted(mean for mean, _ in papers)
    reference = means[int(0.75 * (len(means) - 1))] if means else 0.0
    keep = [std <= config.max_paper_variation * mean and mean >= config.min_paper_share * reference
            for mean, std in papers]
    if colour is None or not any(keep):
        return keep
    colours = {index: colour.around(boxes[index]) for index, ok in enumerate(keep) if ok}
    limit = max(config.grey_paper, min(median for median, _ in colours.values()) + config.paper_colour_margin)
    return [ok and (colours[index][0] <= limit or colours[index][1] <= FLAT_COLOUR) for index, ok in enumerate(keep)]


LINE_REMNANT = 1.08  # ink no darker than this many times the erased lines' darkness is what is left of them ...
PEN_REGIONS = 3      # ... when at least this many regions are PEN_OVER_LINE darker than the lines


def line_remnants(proposals: list, ink: Ink, config: DetectorConfig) -> list[bool]:
    """For each (box, region): is its ink no darker than the lines erased from the mask (LINE_REMNANT), what is
    left of them (a grid broken up by JPEG blocks)? Only if at least PEN_REGIONS regions shaped like a digit (no
    wider than config.max_aspect, within the frame's border: not a striped shirt's bands) are PEN_OVER_LINE
    darker than the lines: when the lines were drawn with the pen (a fraction bar), the digits are as dark as
    they are, and one dark spot on the sheet is no evidence of a pen darker than them."""
    darkness = [cv2.mean(ink.darkness[y:y + h, x:x + w], region)[0] for (x, y, w, h), region in proposals]
    digit_like = [box[2] <= config.max_aspect * box[3] and within_border(box, ink.darkness.shape, config.border_margin)
                  for box, _ in proposals]
    if sum(value >= PEN_OVER_LINE * ink.line_level and like for value, like in zip(darkness, digit_like)) < PEN_REGIONS:
        return [False] * len(proposals)
    return [value < LINE_REMNANT * ink.line_level for value in darkness]


LONE = 2              # with this few regions left on the paper (a blank sheet's marks, a digit alone), more than
LONE_SURROUND = 0.15  # this share of dark surround is a shadow's tip or a sheet's edge: amid writing a digit may
                      # lie across a shadow's edge (up to config.max_dark_surround), alone it rarely does


def holds_clear_ink(proposals: list, ink: Ink) -> list[bool]:
    """For each (box, region): does it hold some clear ink (all do where the ink has no clear mask)?"""
    return [ink.clear is None or cv2.countNonZero(cv2.bitwise_and(ink.clear[y:y + h, x:x + w], region)) > 0
            for (x, y, w, h), region in proposals]


def ink_on_paper(proposals: list, clear: list[bool], gray: np.ndarray, ink: Ink, config: DetectorConfig,
                 colour: PaperColour | None = None) -> list[bool]:
    """For each (box, region): is it `clear` (holds clear ink, or is a piece of a digit that does), on bright, even
    and grey (or evenly coloured) paper, darker than the lines erased around it, and not surrounded by dark (edges,
    shadows; stricter when no more than LONE regions are left)?"""
    keep = list(clear)
    tests = []  # each judges the proposals the ones before it kept
    if ink.paper is not None:
        tests.append(lambda kept: on_paper([box for box, _ in kept], ink.paper, config, colour))
    if ink.line_level:  # after on_paper: the pen's darkness is judged on the sheet, not on a jacket in view
        tests.append(lambda kept: [not remnant for remnant in line_remnants(kept, ink, config)])
    tests.append(lambda kept: [dark <= (LONE_SURROUND if len(kept) <= LONE else config.max_dark_surround)
                               for dark in dark_surrounds(gray, kept, config.ink_contrast)])
    for test in tests:
        inked = [index for index, ok in enumerate(keep) if ok]
        for index, ok in zip(inked, test([proposals[index] for index in inked])):
            keep[index] = ok
    return keep
