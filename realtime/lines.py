"""Long straight lines (rulings, graph paper, sheet and table edges) found and erased from an ink mask."""
from __future__ import annotations

import cv2
import numpy as np

LINE_SPAN = 0.4   # of the frame's shorter side: a straight run this long is a ruling or an edge, not a stroke ...
DIGIT_SPAN = 0.6  # ... except on plain paper (no ruling found), where a steep one must be longer than a digit can be
RULING_SPAN = 0.2  # a near-horizontal run this long is a ruling (digits are written along, not across, them)
TAN_30 = 0.58  # flat lines run within 30 degrees of horizontal, steep ones within 30 of vertical
LINE_PIECE = 0.05  # flat pieces this wide (rulings broken where faint, digits joined by one) may hold a ruling


def uint8_percentile(values: np.ndarray, fraction: float) -> float:
    """The `fraction` percentile (0-1) of uint8 values, by counting: many times faster than np.percentile."""
    counts = np.bincount(values.ravel(), minlength=256).cumsum()
    return float(np.searchsorted(counts, fraction * counts[-1]))


def hough_segments(image: np.ndarray, min_length: int) -> np.ndarray:
    """Straight segments at least `min_length` long in a binary image, found at half size: rows x0, y0, x1, y1."""
    small = cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    length = min_length // 2
    found = cv2.HoughLinesP(small, 1, np.pi / 180, threshold=length // 2, minLineLength=length,
                            maxLineGap=max(3, length // 4))
    return np.zeros((0, 4)) if found is None else found.reshape(-1, 4).astype(np.float64) * 2


def remove_lines(mask: np.ndarray, labels: np.ndarray, stats: np.ndarray, darkness: np.ndarray | None = None):
    """Erase long straight lines (rulings, graph paper, sheet and table edges), tilted or not.

    Only components that may hold one or part of one (long, or flat pieces of a ruling broken where it is
    faint) go through the Hough transform, so a plain sheet costs nothing. A line counts when it runs
    LINE_SPAN in any direction (DIGIT_SPAN if steep and no ruling is found), or RULING_SPAN within 30 degrees
    of horizontal; rulings are looked for only among pixels thin vertically, so digits touching a ruling do
    not make lines of their own. Where both rulings and long steep lines are found (graph paper), steep lines
    as short as rulings go too (broken where faint, running through a digit), looked for among pixels thin
    horizontally. Given the frame's `darkness` (how much darker than the paper each pixel
    is), pen strokes PEN_OVER_LINE times darker than the lines are kept where they run along one (blue
    ballpoint on light graph paper). Returns the new mask and the lines' typical darkness (0 without
    `darkness`), or None.
    """
    side = min(mask.shape)
    if side < 20:
        return None
    width, height = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    long = np.maximum(width, height) >= LINE_SPAN * side
    holds_line = long | ((width >= LINE_PIECE * side) & (width >= 2 * height))
    holds_line[0] = False
    if not holds_line.any():
        return None
    holders = np.zeros_like(mask)
    for label in map(int, np.flatnonzero(holds_line)):  # a few components: cheaper than a lookup of every pixel
        x, y, w, h = stats[label, :4]
        holders[y:y + h, x:x + w] |= cv2.compare(labels[y:y + h, x:x + w], label, cv2.CMP_EQ)
    tall = cv2.morphologyEx(holders, cv2.MORPH_OPEN, ACROSS_FLAT)
    segments = hough_segments(cv2.subtract(holders, tall), int(RULING_SPAN * side))
    if long[1:].any():  # a line this long in any direction needs a component this long
        segments = np.vstack([segments, hough_segments(holders, int(LINE_SPAN * side))])
    dx, dy = segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1]
    flat = np.abs(dy) <= TAN_30 * np.abs(dx)
    length = np.hypot(dx, dy)
    keep = flat | (length >= LINE_SPAN * side)
    if not flat[keep].any():  # plain paper: a steep line no taller than a digit may be one (a 1 near the camera)
        keep &= flat | (length >= DIGIT_SPAN * side)
    segments, flat = segments[keep], flat[keep]
    if not keep.any():
        return None
    if flat.any() and not flat.all():  # graph paper: its steep lines, broken where faint, are as short as rulings
        wide = cv2.morphologyEx(holders, cv2.MORPH_OPEN, ACROSS_STEEP)
        grid = hough_segments(cv2.subtract(holders, wide), int(RULING_SPAN * side))
        steep = np.abs(grid[:, 2] - grid[:, 0]) <= TAN_30 * np.abs(grid[:, 3] - grid[:, 1])
        segments, flat = np.vstack([segments, grid[steep]]), np.concatenate([flat, np.zeros(steep.sum(), bool)])
    # erase within a band around each line only what is thin across it: strokes crossing a ruling survive
    erased = np.zeros_like(mask)
    for along, across in ((flat, ACROSS_FLAT), (~flat, ACROSS_STEEP)):
        band = np.zeros_like(mask)
        for x0, y0, x1, y1 in segments[along].astype(int):
            cv2.line(band, (int(x0), int(y0)), (int(x1), int(y1)), 255, 9)
        if band.any():
            crossing = cv2.morphologyEx(mask, cv2.MORPH_OPEN, across)
            erased |= cv2.bitwise_and(band, cv2.subtract(mask, crossing))
    level = 0.0
    if darkness is not None and erased.any():  # pen running along a light grid line stays
        level = uint8_percentile(darkness[erased > 0], 0.5)
        _, pen = cv2.threshold(darkness, PEN_OVER_LINE * level, 255, cv2.THRESH_BINARY)
        erased = cv2.subtract(erased, pen)
    return cv2.subtract(mask, erased), level


PEN_OVER_LINE = 2.0  # pen at least this many times darker than the lines' typical pixel is not erased with them
ACROSS_FLAT, ACROSS_STEEP = np.ones((7, 1), np.uint8), np.ones((1, 7), np.uint8)  # 7 px runs across a line
