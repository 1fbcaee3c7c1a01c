"""Group accepted digits into lines and numbers, in reading order, on a level or tilted sheet (to about 25 degrees)."""
from __future__ import annotations

import statistics

import numpy as np

NUMBER_GAP = 1.1   # a horizontal gap wider than this many digit heights starts a new number
MAX_SKEW = 0.35    # steepest line slope considered (about 20 degrees) ...
STEEP_SKEW = 0.6   # ... unless most neighbours agree on a slope up to this (31 degrees: a sheet held tilted)
SKEW_BASE = 1.0   # digits at least this many heights apart (centre to centre) give a slope: nearer ones bob too much
SKEW_AGREE = 0.1  # slopes within this of each other agree


def neighbour_slopes(boxes: np.ndarray, steepest: float = MAX_SKEW) -> np.ndarray:
    """The slope from each digit to its nearest neighbour on the right at least SKEW_BASE heights away, where one
    is, within a slope of `steepest` of it (and 0.3 of a height: digits bob) (`boxes`: float [N,4] x, y, w, h)."""
    cx, cy, heights = boxes[:, 0] + boxes[:, 2] / 2, boxes[:, 1] + boxes[:, 3] / 2, boxes[:, 3:4]
    dx = cx[None, :] - cx[:, None]  # [i, j]: from digit i to digit j
    dy = cy[None, :] - cy[:, None]
    near = (dx >= SKEW_BASE * heights) & (dx < 2.5 * heights) & (np.abs(dy) < steepest * dx + 0.3 * heights)
    rows = np.flatnonzero(near.any(axis=1))
    nearest = np.where(near[rows], dx[rows], np.inf).argmin(axis=1)
    return dy[rows, nearest] / dx[rows, nearest]


def most_agreeing(slopes: np.ndarray) -> np.ndarray:
    """The most of these slopes that agree with one of them (SKEW_AGREE)."""
    agree = np.abs(slopes[:, None] - slopes[None, :]) <= SKEW_AGREE  # [i, j]
    return slopes[agree[agree.sum(axis=1).argmax()]]


def steep_skew(boxes: np.ndarray) -> float | None:
    """The slope steeper than MAX_SKEW (up to STEEP_SKEW) that over half the neighbours' slopes agree on, or all of
    them lean beyond (their median), if any: a tilted sheet's rows. A fraction's numerator beside its line gives a
    steep slope too, but only one of many."""
    slopes = neighbour_slopes(boxes, STEEP_SKEW)
    slopes = slopes[np.abs(slopes) <= STEEP_SKEW]
    if not len(slopes):
        return None
    most = most_agreeing(slopes)
    if 2 * len(most) > len(slopes):
        slope = statistics.median(most.tolist())
    elif (slopes > MAX_SKEW).all() or (slopes < -MAX_SKEW).all():
        slope = statistics.median(slopes.tolist())
    else:
        return None
    return slope if abs(slope) > MAX_SKEW else None


def estimate_skew(boxes: np.ndarray) -> float:
    """Slope of the writing among other marks (a backdrop's, a page of words'): steep_skew, else the median of the
    neighbours' slopes, at most MAX_SKEW (0 if none)."""
    steep = steep_skew(boxes)
    if steep is not None:
        return steep
    slopes = neighbour_slopes(boxes).tolist()
    return min(max(statistics.median(slopes), -MAX_SKEW), MAX_SKEW) if slopes else 0.0  # faster than np.median


def rows_skew(boxes: np.ndarray) -> float:
    """Slope of the rows of digits read: steep_skew, else, of the neighbours' slopes, the median of the most that
    agree with one (SKEW_AGREE) if they are over half of them, else of all (0 if none). A pair across two lines
    (a fraction's numerator and the line beside it) is steeper than any row, or does not agree."""
    steep = steep_skew(boxes)
    if steep is not None:
        return steep
    slopes = neighbour_slopes(boxes)
    slopes = slopes[np.abs(slopes) <= MAX_SKEW]
    if not len(slopes):
        return 0.0
    most = most_agreeing(slopes)
    return statistics.median((most if 2 * len(most) > len(slopes) else slopes).tolist())


SAME_LINE = 0.45  # digits whose levels differ by at most this share of their mean height share a line


def group_lines(boxes: list, words: bool = False) -> list[list[int]]:
    """Indices of `boxes` grouped into text lines, top to bottom, each left to right: in order of their levels
    (centres with the rows' slope, rows_skew, taken out), a digit starts a new line when its level is more than
    SAME_LINE of the two's mean height below the one before, so a fraction's smaller numerator and denominator
    are lines of their own. Lines of `words` (amid a backdrop's marks) take the median slope of all
    (estimate_skew) and the taller one's height (letters' heights differ)."""
    if not boxes:
        return []
    b = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    cx, cy = b[:, 0] + b[:, 2] / 2, b[:, 1] + b[:, 3] / 2
    level = (cy - (estimate_skew(b) if words else rows_skew(b)) * cx).tolist()  # with the tilt taken out
    height, left = b[:, 3].tolist(), cx.tolist()
    lines, current = [], []
    for i in sorted(range(len(level)), key=level.__getitem__):
        if current:
            pair = height[i], height[current[-1]]
            if level[i] - level[current[-1]] > SAME_LINE * (max(pair) if words else sum(pair) / 2):
                lines.append(current)
                current = []
        current.append(i)
    lines.append(current)
    return [sorted(line, key=left.__getitem__) for line in lines]


def numbers(boxes: list) -> list[list[list[int]]]:
    """Indices of `boxes` grouped into the numbers of each line, top to bottom, left to right: digits closer than
    NUMBER_GAP heights belong together."""
    lines = []
    for line in group_lines(boxes):
        height = float(statistics.median(boxes[k][3] for k in line))
        found, number, right = [], [], None
        for k in line:
            x, _, w, _ = boxes[k]
            if right is not None and x - right > NUMBER_GAP * height:
                found.append(number)
                number = []
            number.append(k)
            right = x + w if right is None else max(right, x + w)
        lines.append(found + [number])
    return lines


def read_lines(boxes: list, digits: list) -> list[list[str]]:
    """The numbers written in each line, top to bottom (`numbers`), as text."""
    return [["".join(str(digits[k]) for k in number) for number in line] for line in numbers(boxes)]
