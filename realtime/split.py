"""Regions of touching digits, or of digits joined by the remains of a line, cut where they meet."""
from __future__ import annotations

import cv2
import numpy as np


def column_ink(region: np.ndarray) -> np.ndarray:
    """Ink pixels in each column of a binary (0/255) region."""
    return cv2.reduce(region, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S)[0] // 255


def thinnest_column(profile: np.ndarray) -> int:
    """The column with the least ink (`profile`: column_ink) between a fifth and four fifths of the width."""
    low, high = int(0.2 * len(profile)), int(0.8 * len(profile))
    return low + int(np.argmin(profile[low:high]))


NECK = 0.35              # a column with less ink than this fraction of the fullest column is a neck
SPLIT_ASPECT = 1.4       # pieces wider than this many heights are split again


def split_touching(region: np.ndarray, aspect: float = SPLIT_ASPECT, neck: float = NECK,
                   darkness: np.ndarray | None = None) -> list[tuple[int, np.ndarray]]:
    """Split touching digits wider than `aspect` heights at narrow necks of the column profile (columns with less
    ink than `neck` of the fullest one; 1: at its thinnest column, neck or not), or, where no neck parts them and
    the region's window of the frame's `darkness` is given, where only the halo of their ink joins them
    (split_at_cores): (x offset, piece) pairs, left to right."""
    height, width = region.shape
    if width <= aspect * height:
        return [(0, region)]
    profile = column_ink(region)
    cut = thinnest_column(profile)
    if profile[cut] <= neck * profile.max():
        parts = [(0, region[:, :cut]), (cut, region[:, cut:])]
    elif darkness is not None:
        parts = split_at_cores(region, darkness)
    else:
        return [(0, region)]
    if len(parts) == 1:
        return parts
    return [(x + offset, piece) for x, part in parts
            for offset, piece in split_touching(part, aspect, neck,
                                                None if darkness is None else darkness[:, x:x + part.shape[1]])]


CORE_HEIGHT = 0.6  # of a region's height: inked cores this tall are digits of their own ...
CORE_LEVEL = 0.35  # ... where the region is at least this share as dark as its darkest ink (paler joins: a halo)


def split_at_cores(region: np.ndarray, darkness: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """Digits that only the halo of their ink joins (a light pen, blurred, written close): the region's pixels
    nearest each of its cores, its parts at least CORE_LEVEL as dark as its darkest ink and CORE_HEIGHT as tall as
    it, if it has two or more (`darkness`: the region's window of it): (x offset, piece) pairs, left to right;
    else the region whole."""
    dark = cv2.bitwise_and(darkness, region)
    core = cv2.threshold(dark, CORE_LEVEL * cv2.minMaxLoc(dark)[1], 255, cv2.THRESH_BINARY)[1]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(core, connectivity=8)
    cores = [label for label in range(1, count) if stats[label, cv2.CC_STAT_HEIGHT] >= CORE_HEIGHT * region.shape[0]]
    if len(cores) < 2:
        return [(0, region)]
    seeds = np.isin(labels, cores)
    _, nearest = cv2.distanceTransformWithLabels(np.where(seeds, 0, 255).astype(np.uint8), cv2.DIST_L2, 3,
                                                 labelType=cv2.DIST_LABEL_PIXEL)
    core_of = np.zeros(int(nearest.max()) + 1, np.int32)
    core_of[nearest[seeds]] = labels[seeds]
    owner = core_of[nearest]
    pieces = []
    for label in sorted(cores, key=lambda label: stats[label, cv2.CC_STAT_LEFT]):
        piece = np.where(owner == label, region, 0).astype(np.uint8)
        inked = np.flatnonzero(piece.any(axis=0))
        pieces.append((int(inked[0]), np.ascontiguousarray(piece[:, inked[0]:inked[-1] + 1])))
    return pieces


UNDERLINE_SPAN = 0.6    # rows inked without a break across this share of a region's width, within ...
UNDERLINE_DEPTH = 0.3   # ... this share of its height from its bottom or top, are a line drawn under or over its
UNDERLINE_ROW = 2.0     # digits, if the region is at least this many heights wide (a row of digits, not two touching
UNDERLINE_THICK = 0.15  # 2s) and those rows are at most this share of its height (a pen's line, not a shelf's edge)


def without_underline(region: np.ndarray) -> np.ndarray:
    """The region without a line drawn along its bottom or top across its digits (a sum's line, an underline they
    touch, which a pen draws too thick to be erased as a ruling): the rows near that edge inked without a break
    across UNDERLINE_SPAN of its width, and the row either side of them, cleared (UNDERLINE_ROW, UNDERLINE_THICK);
    the region itself if there are none (grass and other textures' rows have breaks)."""
    height, width = region.shape
    if width < UNDERLINE_ROW * height:
        return region
    runs = cv2.erode(region, np.ones((1, int(np.ceil(UNDERLINE_SPAN * width))), np.uint8))  # left only on long runs
    full = np.flatnonzero(cv2.reduce(runs, 1, cv2.REDUCE_MAX)[:, 0])
    depth = UNDERLINE_DEPTH * height
    full = full[(full < depth) | (full >= height - depth)]
    if not len(full) or len(full) > UNDERLINE_THICK * height:
        return region
    cleared = region.copy()
    for row in full:
        cleared[max(0, row - 1):row + 2] = 0
    return cleared


TAIL = 0.1  # of the height: end columns with less ink than this are the thin remains of a line


def trim_tails(region: np.ndarray) -> tuple[int, np.ndarray]:
    """The region without the remains of a line at its left and right ends (end columns with little ink, all
    of it on a near-level line): (x offset, trimmed region)."""
    height, width = region.shape
    thick = np.flatnonzero(column_ink(region) > max(2, TAIL * height))
    if len(thick) == 0:
        return 0, region[:, :0]

    def level_line(part: np.ndarray) -> bool:  # nearly all its ink within a few rows (a corner of a digit may be in)
        rows = np.nonzero(part)[0]  # in ascending order
        if not len(rows):
            return True  # nothing there (a line drawn under the digits cleared)
        low, high = rows[int(0.1 * (len(rows) - 1))], rows[int(0.9 * (len(rows) - 1))]
        return high - low <= 2 + 0.3 * part.shape[1]

    first = thick[0] if thick[0] == 0 or level_line(region[:, :thick[0]]) else 0
    last = thick[-1] if thick[-1] == width - 1 or level_line(region[:, thick[-1] + 1:]) else width - 1
    return int(first), region[:, first:last + 1]


STACK_BAND = (0.3, 0.7)  # share of the height: two digits one above the other touch between these rows, ...
STACK_NECK = 0.5         # ... where a row has under this share of the fullest row's ink


def cut_across(region: np.ndarray, at: int | None = None) -> list[tuple[int, np.ndarray]]:
    """A binary region cut across at row `at`, or else at its thinnest row within STACK_BAND if that row is a neck
    (STACK_NECK): two digits of rows written close, touching (y offset, piece: top first); [] if no row is."""
    if at is None:
        profile = cv2.reduce(region, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S)[:, 0] // 255
        low, high = (int(share * len(profile)) for share in STACK_BAND)
        if high <= low:
            return []
        at = low + int(np.argmin(profile[low:high]))
        if profile[at] >= STACK_NECK * profile.max():
            return []
    return [(0, region[:at]), (at, region[at:])]
