"""Boxes and circles drawn around digits: found among the mask's components, and what of them to erase (a box's
ring and a form's walls only, so a digit touching them stays)."""
from __future__ import annotations

import cv2
import numpy as np

from .crops import SQUARE3
from .frames import within_border

ENCLOSED = 0.3  # of an outline's height: a component this tall in a hole of it makes it a box or circle drawn around
ROUNDED = 0.7   # an outline and what it encloses cover at least this share of its bounding box (an ellipse: 0.79),
HOLLOW = 0.2    # its holes at least this share
WITHIN = 0.45   # of its height: what is left inside a box or circle when its ring is taken (a digit touching it)
RING = 1.5      # px beyond a stroke's width from the outside: a box's or circle's ring
CONVEX = 0.95   # a box with what it encloses is convex: its area at least this share of its hull's (an 8's is not),
CORNERS = 0.04  # ... and four-cornered: its outline, simplified to within this share of its length, has four corners


def holes(region: np.ndarray) -> np.ndarray:
    """255 where a binary region encloses background (the inside of a closed outline, a 0's or an 8's loops)."""
    padded = cv2.copyMakeBorder(region, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    cv2.floodFill(padded, None, (0, 0), 255)
    return cv2.bitwise_not(padded)[1:-1, 1:-1]


def ring_width(region: np.ndarray) -> float:
    """The width of an outline's line: the runs of a region's ink in from its bounding box's sides, along the middle
    three fifths of each side, their lower quartile (a digit touching the line makes some longer), the median of
    the four sides'."""
    widths = []
    for side in (region, region[:, ::-1], region.T, region.T[:, ::-1]):  # from the left, right, top, bottom
        rows = side[int(0.2 * len(side)):int(0.8 * len(side)) + 1] > 0
        first = rows.argmax(axis=1)
        along = np.minimum(first[:, None] + np.arange(rows.shape[1]), rows.shape[1] - 1)
        inked = np.take_along_axis(rows, along, axis=1)
        runs = np.sort(np.where(inked.all(axis=1), rows.shape[1], inked.argmin(axis=1))).tolist()
        quarter = (len(runs) - 1) / 4  # the lower quartile, interpolated (np.percentile is slow for so few)
        low = int(quarter)
        widths.append(runs[low] + (runs[min(low + 1, len(runs) - 1)] - runs[low]) * (quarter - low))
    middle = sorted(widths)[1:3]
    return float(middle[0] + middle[1]) / 2


def ring_of(region: np.ndarray, hole: np.ndarray) -> np.ndarray:
    """The pixels of a region within its line's width (ring_width, and RING px) of its outside, its holes filled, and
    the dividers inside it: a box's or a circle's ring (a form's boxes) without what touches it from within."""
    filled = cv2.copyMakeBorder(cv2.bitwise_or(region, hole), 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    depth = cv2.distanceTransform(filled, cv2.DIST_L2, 3)[1:-1, 1:-1]
    width = ring_width(region)
    ring = cv2.bitwise_and(region, np.uint8(depth <= width + RING) * 255)
    return cv2.bitwise_or(ring, dividers(cv2.subtract(region, ring), ring, width))


def box_shaped(shape: np.ndarray) -> bool:
    """Is a binary shape a convex quadrilateral (CONVEX, CORNERS): a box, not a 0 or an 8?"""
    outline = max(cv2.findContours(shape, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0], key=cv2.contourArea)
    corners = cv2.approxPolyDP(outline, CORNERS * cv2.arcLength(outline, True), True)
    return len(corners) == 4 and cv2.contourArea(outline) >= CONVEX * cv2.contourArea(cv2.convexHull(outline))


def dividers(left: np.ndarray, ring: np.ndarray, width: float) -> np.ndarray:
    """The bars of `left` (what is inside a box when its `ring` is taken) that run from the ring to the ring, straight
    (at least four times as tall as wide or wide as tall), at least WITHIN of the box's height or width long and as thin
    as its line (at most twice its `width` and 2 px: their area over their length): the walls between a form's boxes."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(left, connectivity=8)
    x, y, w, h, area = stats.T
    thin = area <= (2 * width + 2) * np.maximum(w, h)
    upright = thin & (h >= 4 * w) & (h >= WITHIN * left.shape[0])
    lying = thin & (w >= 4 * h) & (w >= WITHIN * left.shape[1])
    upright[0] = lying[0] = False
    near = cv2.dilate(ring, SQUARE3, iterations=2)
    bars = [i for i in np.flatnonzero(upright | lying)
            if (near[y[i], x[i]:x[i] + w[i]].any() and near[y[i] + h[i] - 1, x[i]:x[i] + w[i]].any() if upright[i]
                else near[y[i]:y[i] + h[i], x[i]].any() and near[y[i]:y[i] + h[i], x[i] + w[i] - 1].any())]
    return np.uint8(np.isin(labels, bars)) * 255


EDGE_BAND = 0.1  # of a box's shorter side: its lines lie within this of its bounding box's sides (a slight turn) ...
EDGE_RUN = 0.9   # ... along this share of each side


def edged(region: np.ndarray) -> bool:
    """Does a region's ink run along all four sides of its bounding box (EDGE_BAND, EDGE_RUN), as a box's lines do?"""
    band = max(2, int(EDGE_BAND * min(region.shape)))
    return all(np.count_nonzero(side[:band].max(axis=0)) >= EDGE_RUN * side.shape[1]
               for side in (region, region[::-1], region.T, region.T[::-1]))


_ALONG, _DEPTH = np.meshgrid([0.25, 0.5, 0.75], np.linspace(0, 1, 4))  # where may_be_edged looks on each side


def may_be_edged(labels: np.ndarray, stats: np.ndarray, which: np.ndarray) -> np.ndarray:
    """For components `which`: is their ink within EDGE_BAND of each side of their bounding box at a quarter, half
    and three quarters along it (a quick look before edged)?"""
    x, y, w, h = stats[which, :4].T.astype(np.float64)
    band = np.minimum(np.maximum(2, EDGE_BAND * np.minimum(w, h)), np.minimum(w, h)) - 1  # (within the box)
    along, depth = _ALONG.reshape(-1, 1), _DEPTH.reshape(-1, 1)  # [12, 1]
    xs = np.concatenate([x + along * w, x + along * w, x + depth * band, x + w - 1 - depth * band])
    ys = np.concatenate([y + depth * band, y + h - 1 - depth * band, y + along * h, y + along * h])
    inked = (labels[ys.astype(np.int64), xs.astype(np.int64)] == which).reshape(4, 4, 3, -1)  # side, depth, along
    return inked.any(axis=1).all(axis=(0, 1))


def outlines(labels: np.ndarray, stats: np.ndarray, min_height: int) -> list[tuple[int, np.ndarray]]:
    """Boxes and circles drawn around others, each as (label, the mask to erase in its bounding box): a component with
    another at least ENCLOSED of its height (and min_height tall) inside its bounding box, its centre in a hole of
    its (erased whole, or a box's ring only: box_shaped, ring_of); or a box touching a digit: a component that with
    its holes covers ROUNDED of its bounding box, the holes HOLLOW of it, box-shaped, its ink along its bounding box's
    sides (edged), clear of the frame's edges (a busy backdrop's texture around a held-up sheet is one component
    filling the frame), with WITHIN of its height left in one piece when its ring is taken (its ring erased; a digit
    touching a circle is not told from a 0's inner stroke)."""
    tall = np.flatnonzero(stats[:, cv2.CC_STAT_HEIGHT] >= min_height)
    tall = tall[tall > 0]
    x, y, w, h = stats[tall, :4].T
    inside = ((x[None, :] > x[:, None]) & (y[None, :] > y[:, None]) & ((x + w)[None, :] < (x + w)[:, None])
              & ((y + h)[None, :] < (y + h)[:, None]) & (h[None, :] >= ENCLOSED * h[:, None]))  # [i, j]: j in i
    boxlike = (stats[tall, cv2.CC_STAT_AREA] <= (1 - HOLLOW) * w * h) & may_be_edged(labels, stats, tall)
    found = []
    for i in np.flatnonzero(inside.any(axis=1) | boxlike):
        label, (bx, by, bw, bh) = int(tall[i]), stats[tall[i], :4]
        region = cv2.compare(labels[by:by + bh, bx:bx + bw], label, cv2.CMP_EQ)
        hole = holes(region)
        if any(hole[y[j] + h[j] // 2 - by, x[j] + w[j] // 2 - bx] for j in np.flatnonzero(inside[i])):
            found.append((label, ring_of(region, hole) if box_shaped(cv2.bitwise_or(region, hole)) else region))
            continue
        enclosed = cv2.countNonZero(hole)
        if (not boxlike[i] or not within_border((bx, by, bw, bh), labels.shape, 1) or not edged(region)
                or enclosed < HOLLOW * bw * bh or enclosed + stats[label, cv2.CC_STAT_AREA] < ROUNDED * bw * bh
                or not box_shaped(cv2.bitwise_or(region, hole))):
            continue
        ring = ring_of(region, hole)
        left = cv2.connectedComponentsWithStats(cv2.subtract(region, ring), connectivity=8)[2]
        if left[1:, cv2.CC_STAT_HEIGHT].max(initial=0) >= max(WITHIN * bh, min_height):
            found.append((label, ring))
    return found
