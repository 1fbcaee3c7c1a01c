"""Group accepted digits into lines and numbers, in reading order, on a level or gently tilted sheet."""
from __future__ import annotations

import statistics

import numpy as np

NUMBER_GAP = 1.1   # a horizontal gap wider than this many digit heights starts a new number
MAX_SKEW = 0.35    # steepest line slope considered (about 20 degrees)


def centres(boxes: list) -> np.ndarray:
    b = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    return np.stack([b[:, 0] + b[:, 2] / 2, b[:, 1] + b[:, 3] / 2], axis=1)


def estimate_skew(boxes: list) -> float:
    """Slope of the writing: the median slope from each digit to its nearest neighbour on the right."""
    c = centres(boxes)
    heights = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)[:, 3:4]
    dx = c[None, :, 0] - c[:, None, 0]  # [i, j]: from digit i to digit j
    dy = c[None, :, 1] - c[:, None, 1]
    near = (dx > 0) & (dx < 2.5 * heights) & (np.abs(dy) < MAX_SKEW * dx + 0.3 * heights)
    has_neighbour = near.any(axis=1)
    if not has_neighbour.any():
        return 0.0
    nearest = np.where(near, dx, np.inf).argmin(axis=1)[has_neighbour]
    rows = np.flatnonzero(has_neighbour)
    slope = statistics.median((dy[rows, nearest] / dx[rows, nearest]).tolist())  # a few values: faster than np.median
    return float(np.clip(slope, -MAX_SKEW, MAX_SKEW))


def group_lines(boxes: list) -> list[list[int]]:
    """Indices of `boxes` grouped into text lines, top to bottom, each left to right."""
    if not boxes:
        return []
    c = centres(boxes)
    height = float(statistics.median(b[3] for b in boxes))
    level = c[:, 1] - estimate_skew(boxes) * c[:, 0]  # vertical position with the tilt taken out
    lines, current = [], []
    for i in np.argsort(level):
        if current and level[i] - level[current[-1]] > 0.5 * height:
            lines.append(current)
            current = []
        current.append(int(i))
    lines.append(current)
    return [sorted(line, key=lambda k: c[k, 0]) for line in lines]


def read_numbers(boxes: list, digits: list) -> list[str]:
    """The numbers written, line by line: digits closer than NUMBER_GAP heights belong together."""
    numbers = []
    for line in group_lines(boxes):
        height = float(statistics.median(boxes[k][3] for k in line))
        text, right = "", None
        for k in line:
            x, _, w, _ = boxes[k]
            if right is not None and x - right > NUMBER_GAP * height:
                numbers.append(text)
                text = ""
            text += str(digits[k])
            right = x + w if right is None else max(right, x + w)
        numbers.append(text)
    return numbers
