"""The ink mask cleaned: small gaps closed, boxes and circles drawn around digits and a dot grid's dots erased, long
lines removed, and its connected components."""
from __future__ import annotations

import cv2
import numpy as np

from .crops import SQUARE3
from .lines import remove_lines
from .outlines import outlines


def components(mask: np.ndarray):
    """Connected components: (labels, stats as int64 rows x, y, w, h, area; row 0 is the background)."""
    # Grana's algorithm: 0.6 ms on 640x480 single-threaded, 4-6x faster than the default here
    _, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(mask, 8, cv2.CV_32S, cv2.CCL_GRANA)
    stats = stats.astype(np.int64)
    stats[0] = 0
    return labels, stats


GRID_DOTS = 30      # at least this many solid (DOT_FILL of their box; BLOCKY_DOT_FILL if under a digit's least
DOT_FILL = 0.6      # height), roundish dots, ...
BLOCKY_DOT_FILL = 0.5
DOT_ALIKE = 0.3     # ... their width and height within this share of the dots' median, ...
DOT_SPACING = 2.5   # ... their nearest neighbours at least this many of their sizes away (DENSE_DOTS: only the
DENSE_DOTS = 1.6    # dots themselves are erased, not what may be their remnants) ...
EVEN_SPACING = 0.2  # ... and mostly (REGULAR) at the dots' median spacing within this share: a dot grid's dots
REGULAR = 0.7
DOT_REMNANT = 3.0   # with a grid, components up to this many dots' sizes within its spacing of a dot are dots joined
                    # with grain: erased too (not a sheet's digits amid a polka-dot shirt or a shelf's lettering)
DOT_SMALL = 0.5     # of the detector's min_height: smaller dots are left to its other filters


def grid_dots(stats: np.ndarray, min_height: int) -> np.ndarray:
    """Labels of the components that are a dot grid's dots (printed on the paper in even rows and columns): at least
    GRID_DOTS solid, roundish components alike in size (DOT_ALIKE), spaced evenly (DOT_SPACING, EVEN_SPACING,
    REGULAR), and, unless they are dense, every component up to DOT_REMNANT of their size within their spacing of a
    roundish one. Empty if there is no such grid, or if its dots are under DOT_SMALL of `min_height` (specks dropped
    anyway; a turned grid's lines break into such dots)."""
    x, y, w, h, area = stats.T
    fill = np.where(h < min_height, BLOCKY_DOT_FILL, DOT_FILL)  # a few pixels wide, a round dot is a cross
    roundish = (area >= 4) & (w <= 2 * h) & (h <= 2 * w) & (area >= fill * w * h)
    roundish[0] = False
    if roundish.sum() < GRID_DOTS:
        return np.empty(0, np.int64)
    size = np.median(h[roundish])
    if size < DOT_SMALL * min_height:
        return np.empty(0, np.int64)
    alike = np.flatnonzero(roundish & (np.abs(h - size) <= DOT_ALIKE * size) & (np.abs(w - size) <= DOT_ALIKE * size))
    if len(alike) < GRID_DOTS:
        return np.empty(0, np.int64)
    centres = np.stack([x[alike] + w[alike] / 2, y[alike] + h[alike] / 2], axis=1)
    sample = centres[:: max(1, len(centres) // 300)]
    distance = np.hypot(*(sample[:, None, :] - centres[None, :, :]).transpose(2, 0, 1))
    distance[distance == 0] = np.inf
    nearest = distance.min(axis=1)
    spacing = np.median(nearest)
    even = np.mean(np.abs(nearest - spacing) <= EVEN_SPACING * spacing)
    if spacing < DENSE_DOTS * size or even < REGULAR:
        return np.empty(0, np.int64)
    if spacing < DOT_SPACING * size:  # a polka-dot shirt's, a plaid's squares: the dots only, no remnants
        return alike
    small = np.flatnonzero((w <= DOT_REMNANT * size) & (h <= DOT_REMNANT * size) & (np.arange(len(stats)) > 0))
    dots = np.stack([x + w / 2, y + h / 2], axis=1)[roundish]  # smaller and larger too (a dot grid seen from a slant)
    return small[(distances(stats[small], dots) <= spacing).any(axis=1)]


def distances(boxes: np.ndarray, points: np.ndarray) -> np.ndarray:
    """[i, j]: how far point j (rows x, y) lies from box i (rows x, y, w, h, ...), 0 inside it."""
    x, y, w, h = (boxes[:, i, None].astype(np.float64) for i in range(4))
    dx = np.maximum(np.maximum(x - points[None, :, 0], points[None, :, 0] - (x + w)), 0)
    dy = np.maximum(np.maximum(y - points[None, :, 1], points[None, :, 1] - (y + h)), 0)
    return np.hypot(dx, dy)


def clean_mask(mask: np.ndarray, darkness: np.ndarray | None = None, min_height: int = 10):
    """Small gaps in strokes closed, boxes and circles drawn around digits (outlines.outlines; components of at least
    `min_height`) and a dot grid's dots (grid_dots) erased, long lines removed (pen darker than them kept, given the
    frame's `darkness`): (mask, labels, stats, the lines' typical darkness or 0)."""
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, SQUARE3)
    labels, stats = components(mask)
    rings, dots = outlines(labels, stats, min_height), grid_dots(stats, min_height).tolist()
    for label, erased in rings:
        x, y, w, h = stats[label, :4]
        mask[y:y + h, x:x + w][erased > 0] = 0
    for label in dots:
        x, y, w, h = stats[label, :4]
        mask[y:y + h, x:x + w][labels[y:y + h, x:x + w] == label] = 0
    if rings or dots:
        labels, stats = components(mask)
    without_lines = remove_lines(mask, labels, stats, darkness)
    if without_lines is None:
        return mask, labels, stats, 0.0
    mask, line_level = without_lines
    return (mask, *components(mask), line_level)
