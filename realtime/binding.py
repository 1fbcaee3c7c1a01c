"""A notebook's binding: a column of alike marks evenly spaced down a sheet's edge (spiral rings, punched holes),
which a tilted camera brings inside the frame, where they pass for 8s, 3s and 0s."""
from __future__ import annotations

import statistics

import numpy as np

RUN = 4           # at least this many marks down a column ...
SAME_SIZE = 1.25  # ... of one height (tallest / shortest) ...
EVEN = 0.2        # ... their gaps within this share of their median gap (or of 2, 3 times it: marks missed) ...
ALIKE = 0.85      # ... their crops this alike (median correlation over pairs) ...
SMALLER = 0.6     # ... and under this share of the other candidates' median height (if there are others)
STEEP = 0.3       # the next mark lies at most this many times its vertical distance sideways (17 degrees)


def alike(crops: list) -> float:
    """Median correlation of the 28x28 crops over all pairs."""
    flat = np.array([crop.ravel() for crop in crops], np.float32)
    flat -= flat.mean(axis=1, keepdims=True)
    flat /= np.linalg.norm(flat, axis=1, keepdims=True) + 1e-6
    return float(np.median((flat @ flat.T)[np.triu_indices(len(crops), 1)]))


def columns(candidates: list) -> list[list[int]]:
    """Chains of candidate indices running down the frame: each links to the nearest candidate below it of about
    its height (SAME_SIZE) and at most STEEP sideways."""
    centres = [(x + w / 2, y + h / 2, h) for x, y, w, h in (c.box for c in candidates)]
    order = sorted(range(len(candidates)), key=lambda i: centres[i][1])
    chains, linked = [], set()
    for start in order:
        if start in linked:
            continue
        chain = [start]
        while True:
            x, y, h = centres[chain[-1]]
            below = [j for j in order if j not in linked and centres[j][1] > y + h / 2
                     and abs(centres[j][0] - x) <= STEEP * (centres[j][1] - y)
                     and max(h, centres[j][2]) <= SAME_SIZE * min(h, centres[j][2])]
            if not below:
                break
            chain.append(below[0])  # the nearest: `order` runs down the frame
            linked.add(below[0])
        linked.add(start)
        chains.append(chain)
    return chains


def perforations(candidates: list) -> list[bool]:
    """For each candidate: is it one of a notebook's binding marks, a column of at least RUN marks of one height,
    evenly spaced, alike, and smaller than the writing (SMALLER)? A column of written digits differs from mark to
    mark, or is as tall as the rest (the 1s of 10, 11, 12 written one per line)."""
    found = [False] * len(candidates)
    for chain in columns(candidates):
        if len(chain) < RUN:
            continue
        boxes = [candidates[i].box for i in chain]
        gaps = np.diff([y + h / 2 for _, y, _, h in boxes])
        steps = gaps / np.median(gaps)  # whole numbers where evenly spaced
        heights = [h for *_, h in boxes]
        others = [c.box[3] for index, c in enumerate(candidates) if index not in chain]
        if (np.abs(steps - np.round(steps)).max() <= EVEN
                and max(heights) <= SAME_SIZE * min(heights)
                and alike([candidates[i].crop for i in chain]) >= ALIKE
                and (not others or statistics.median(heights) < SMALLER * statistics.median(others))):
            for i in chain:
                found[i] = True
    return found
