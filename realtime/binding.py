"""A notebook's binding: a line of alike marks evenly spaced along a sheet's edge (spiral rings, punched holes),
which a tilted camera brings inside the frame, where they pass for 8s, 3s and 0s (and a camera looking at the
sheet from a slant shrinks them steadily along the line, and their gaps with them)."""
from __future__ import annotations

import statistics
from bisect import bisect_right

import numpy as np

from .track import likeness

RUN = 4           # at least this many marks in a line, down the frame or across it ...
SAME_SIZE = 1.25  # ... of one height (neighbours: tallest / shortest) ...
STEADY = 0.12     # ... or growing steadily along the line (each within this share of a straight-line fit) ...
EVEN = 0.2        # ... their gaps, in units of the marks' height there, within this share of their median gap
                  # (or of 2, 3 times it: marks missed) ...
ALIKE = 0.85      # ... their crops this alike (median correlation over pairs) ...
SMALLER = 0.6     # ... and under this share of the other candidates' median height (alone, they may be 1s)
STEEP = 0.55      # the next mark lies at most this many times its distance along the line sideways (29 degrees)


def alike(crops: list) -> float:
    """Median correlation (track.likeness) of the 28x28 crops over all pairs."""
    crops, (first, second) = np.array(crops), np.triu_indices(len(crops), 1)
    return float(np.median(likeness(crops[first], crops[second])))


def centres(candidates: list, across: bool) -> list[tuple[float, float, float, float]]:
    """Each candidate's centre along and sideways of a line of marks down the frame (or `across` it), its extent
    along the line, and its height."""
    boxes = [c.box for c in candidates]
    return [(x + w / 2, y + h / 2, w, h) if across else (y + h / 2, x + w / 2, h, h) for x, y, w, h in boxes]


def chains(candidates: list, across: bool = False) -> list[list[int]]:
    """Chains of candidate indices running down the frame (or `across` it): each links to the nearest candidate
    beyond it of about its height (SAME_SIZE) and at most STEEP sideways."""
    marks = centres(candidates, across)
    order = sorted(range(len(candidates)), key=lambda i: marks[i][0])
    positions = [marks[i][0] for i in order]
    found, linked = [], set()
    for start in order:
        if start in linked:
            continue
        chain = [start]
        while True:
            along, side, extent, height = marks[chain[-1]]
            # the first candidate beyond it is the nearest: `order` runs along the line
            beyond = order[bisect_right(positions, along + extent / 2):]
            nearest = next((j for j in beyond if j not in linked
                            and abs(marks[j][1] - side) <= STEEP * (marks[j][0] - along)
                            and max(height, marks[j][3]) <= SAME_SIZE * min(height, marks[j][3])), None)
            if nearest is None:
                break
            chain.append(nearest)
            linked.add(nearest)
        linked.add(start)
        found.append(chain)
    return found


def steady_heights(positions: list, heights: list) -> np.ndarray | None:
    """The heights of marks at these positions along a line as a straight-line fit (one height, or growing steadily
    as the line nears the camera), or None if a mark's height is off it by more than STEADY."""
    along, heights = np.asarray(positions, np.float64), np.asarray(heights, np.float64)
    fitted = np.polyval(np.polyfit(along, heights, 1), along)
    return fitted if np.all(np.abs(heights - fitted) <= STEADY * fitted) else None


def evenly_spaced(positions: list, heights: np.ndarray) -> bool:
    """Are the gaps between these positions along a line, in units of the marks' (fitted) `heights` there, within
    EVEN of a whole number of their median gap?"""
    gaps = np.diff(positions) / ((heights[1:] + heights[:-1]) / 2)
    steps = gaps / np.median(gaps)  # whole numbers where evenly spaced
    return bool(np.abs(steps - np.round(steps)).max() <= EVEN)


def perforations(candidates: list) -> list[bool]:
    """For each candidate: is it one of a notebook's binding marks, a line of at least RUN marks of one height (or
    growing steadily: STEADY) down the frame or across it (a pad bound at the top), evenly spaced, alike, and
    smaller than the writing (SMALLER)? A column of written digits differs from mark to mark, or is as tall as the
    rest (the 1s of 10, 11, 12 written one per line), and so does a row; a line of alike marks alone may be 1s
    (1111)."""
    found = [False] * len(candidates)
    for across in (False, True):
        marks = centres(candidates, across)
        for chain in chains(candidates, across):
            if len(chain) < RUN:
                continue
            heights = [marks[i][3] for i in chain]
            others = [c.box[3] for index, c in enumerate(candidates) if index not in chain]
            if not others or statistics.median(heights) >= SMALLER * statistics.median(others):
                continue  # (the cheap test first: most rows of digits fail it)
            positions = [marks[i][0] for i in chain]
            fitted = steady_heights(positions, heights)
            if (fitted is not None and evenly_spaced(positions, fitted)
                    and alike([candidates[i].crop for i in chain]) >= ALIKE):
                for i in chain:
                    found[i] = True
    return found
