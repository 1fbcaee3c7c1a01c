"""A digit broken into pieces one above the other: a thin pen's 3 parted at its cusp, or a digit on graph paper
parted where the grid lines were erased. Its pieces are read joined too, and a faint piece counts with a clear one."""
from __future__ import annotations

import statistics

import numpy as np

from .paper import PaperRoughness
from .sheet import SMOOTH_PAPER

HALF = 0.75        # regions under this share of the typical height (the 90th percentile's: bits and pieces do
HALVES_GAP = 0.15  # not drag it down), one above the other at most this share of it apart (or rows overlapping as
                   # much: a 3's arcs meeting at its cusp), overlapping across half
WHOLE = (0.8, 1.25)  # the narrower one's width, and together this many times as tall, are also read as one digit
                     # broken across (a thin pen's 3 parted at its cusp); the classifier decides which reading is better
PIECES_GAP = 0.2   # two or three such regions (a thin pen's 3 on graph paper, broken where grid lines were erased)
                   # may lie this far apart if also as tall together as the regions beside them (not small digits
                   # written one per line beside tall things)
BESIDE = 2.0  # regions beside a group of pieces: at its level, at most this many of its heights away sideways


def as_tall_as_beside(found: list, group: tuple[int, ...]) -> bool:
    """Are the regions of `found` beside these pieces (BESIDE) typically WHOLE as tall as the pieces together?"""
    boxes = [found[i][0] for i in group]
    left, right = min(x for x, _, _, _ in boxes), max(x + w for x, _, w, _ in boxes)
    top, bottom = boxes[0][1], max(y + h for _, y, _, h in boxes)
    span = bottom - top
    beside = [h for i, ((x, y, w, h), _) in enumerate(found) if i not in group and top <= y + h / 2 <= bottom
              and max(x - right, left - (x + w)) <= BESIDE * span]
    return bool(beside) and WHOLE[0] <= span / statistics.median(beside) <= WHOLE[1]


def broken_across(found: list) -> list[tuple[int, ...]]:
    """Groups of 2 or 3 indices into `found` ((box, region) pairs, at least 3), top to bottom, that may be the pieces
    of one digit (HALF, HALVES_GAP, WHOLE; PIECES_GAP and as_tall_as_beside for three or farther apart). Each region
    is in one group at most; the closest stacked are taken first."""
    if len(found) < 3:
        return []
    heights = sorted(box[3] for box, _ in found)
    typical = heights[int(0.9 * (len(heights) - 1))]
    short = np.array([i for i, (box, _) in enumerate(found) if box[3] < HALF * typical], np.int64)
    if len(short) < 2:
        return []
    x, y, w, h = np.array([found[i][0] for i in short], np.int64).reshape(-1, 4).T
    gap = y[None, :] - (y + h)[:, None]  # [i, j]: from the bottom of short[i] down to the top of short[j]
    overlap = np.minimum((x + w)[:, None], (x + w)[None, :]) - np.maximum(x[:, None], x[None, :])
    span = (y + h)[None, :] - y[:, None]  # [i, j]: from the top of short[i] down to the bottom of short[j]
    stacked = ((gap >= -HALVES_GAP * typical) & (gap <= PIECES_GAP * typical)  # (the arcs' ends at a 3's cusp overlap)
               & (overlap > 0.5 * np.minimum(w[:, None], w[None, :])) & (span <= WHOLE[1] * typical))
    pairs = list(zip(*np.nonzero(stacked)))
    groups = pairs + [(upper, middle, lower) for upper, middle in pairs for lower in np.flatnonzero(stacked[middle])
                      if span[upper, lower] <= WHOLE[1] * typical]
    whole = [(sum(gap[a, b] for a, b in zip(group, group[1:])),  # (total gap, halves near enough, indices)
              len(group) == 2 and gap[group] <= HALVES_GAP * typical, tuple(short[list(group)].tolist()))
             for group in groups if span[group[0], group[-1]] >= WHOLE[0] * typical]
    used, chosen = set(), []
    for _, halves, indices in sorted(whole):
        if not used & set(indices) and (halves or as_tall_as_beside(found, indices)):
            chosen.append(indices)
            used.update(indices)
    return chosen


def clear_as_pieces(found: list, clear: list[bool], roughness: PaperRoughness | None) -> list[bool]:
    """`clear` (does each region hold clear ink? `found`'s first, then others) with the faint pieces of a digit
    broken across (broken_across, among the regions of `found` on smooth paper: SMOOTH_PAPER, if the paper's
    `roughness` is known) clear too if another of its pieces is: a thin pen's lighter stroke, parted from the rest of
    its digit at a cusp or where a grid line was erased, counts with it; a texture's faint bits beside a held-up sheet
    do not, nor does the backdrop's size count."""
    if roughness is None or all(clear[:len(found)]):
        return clear
    smooth = np.flatnonzero(roughness.around([box for box, _ in found]) <= SMOOTH_PAPER)
    clear = list(clear)
    for group in broken_across([found[index] for index in smooth]):
        if any(clear[smooth[index]] for index in group):
            for index in group:
                clear[smooth[index]] = True
    return clear


def united(parts: list):
    """The (box, region) of these (box, region) parts together."""
    x0, y0 = min(box[0] for box, _ in parts), min(box[1] for box, _ in parts)
    x1, y1 = max(box[0] + box[2] for box, _ in parts), max(box[1] + box[3] for box, _ in parts)
    region = np.zeros((y1 - y0, x1 - x0), np.uint8)
    for (x, y, w, h), part in parts:
        region[y - y0:y - y0 + h, x - x0:x - x0 + w] |= part
    return (x0, y0, x1 - x0, y1 - y0), region
