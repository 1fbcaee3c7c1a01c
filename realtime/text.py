"""Lines of words beside the digits (a worksheet's printed instructions): told from numbers by the network's doubts
and their size."""
from __future__ import annotations

import statistics

import numpy as np

from .read import group_lines

TEXT_LINE = 4       # a line of at least this many candidates, at least this share of them doubted ...
TEXT_DOUBTS = 0.5
LONG_LINE = 10      # (or of at least this many, at least this share doubted: printed letters pass for digits) ...
LONG_DOUBTS = 0.3
SMALLER = 0.7       # ... the median height of its sure ones on smooth paper (all's if none) at most this share of
                    # the tallest line's, is a line of words


def text_lines(boxes: list, confidences: np.ndarray, min_confidence: float, smooth: list) -> list[bool]:
    """For each candidate (its box, and whether it is on smooth paper): does it lie in a line of words on the paper
    (TEXT_LINE, TEXT_DOUBTS or LONG_LINE, LONG_DOUBTS; SMALLER; most of it on smooth paper) beside a line of larger
    sure digits on smooth paper (not a backdrop's coins)? Printed letters are smaller than handwriting and mostly
    doubted (their `o`, `l` and `s` pass for digits); a line of digits with operators between them is short; a
    backdrop's marks are left to the sheet's rules."""
    sure, smooth = np.asarray(confidences) >= min_confidence, np.asarray(smooth, bool)
    if np.count_nonzero(~sure) < TEXT_LINE * TEXT_DOUBTS:  # too few doubts for any line of words
        return [False] * len(boxes)
    lines = group_lines(boxes, words=True)
    sure_smooth = sure & smooth
    digits = [statistics.median(boxes[i][3] for i in line if sure_smooth[i]) if sure_smooth[line].any() else None
              for line in lines]
    if not any(digits):
        return [False] * len(boxes)
    heights = [read or statistics.median(boxes[i][3] for i in line) for line, read in zip(lines, digits)]
    tallest = max(height for height in digits if height)
    wordy = [((len(line) >= TEXT_LINE and np.mean(~sure[line]) >= TEXT_DOUBTS)
              or (len(line) >= LONG_LINE and np.mean(~sure[line]) >= LONG_DOUBTS)) and np.mean(smooth[line]) >= 0.5
             for line in lines]
    words = {index for line, height, many in zip(lines, heights, wordy) if many and height <= SMALLER * tallest
             for index in line}
    return [index in words for index in range(len(boxes))]
