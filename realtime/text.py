"""Lines of words beside the digits (a worksheet's printed instructions), told from numbers by the network's doubts
and their size, and lines of handwritten letters, told by their letters' heights."""
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
    sure digits on smooth paper (not a backdrop's coins) that is no line of words itself (a script's large words read
    as digits on a page of it)? Printed letters are smaller than handwriting and mostly doubted (their `o`, `l` and
    `s` pass for digits); a line of digits with operators between them is short; a backdrop's marks are left to the
    sheet's rules."""
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
    wordy = [((len(line) >= TEXT_LINE and np.mean(~sure[line]) >= TEXT_DOUBTS)
              or (len(line) >= LONG_LINE and np.mean(~sure[line]) >= LONG_DOUBTS)) and np.mean(smooth[line]) >= 0.5
             for line in lines]
    lines_of_digits = [height for height, many in zip(digits, wordy) if height and not many]
    if not lines_of_digits:  # every line with sure ones is a line of words
        return [False] * len(boxes)
    tallest = max(lines_of_digits)
    words = {index for line, height, many in zip(lines, heights, wordy) if many and height <= SMALLER * tallest
             for index in line}
    return [index in words for index in range(len(boxes))]


LETTER_LINE = 6     # a line of at least this many candidates, ...
X_HEIGHT = 0.65     # ... at least three and X_SHARE of them no taller than this share of its tall ones (a, e, n
LARGE_X_HEIGHT = 0.78  # beside l, d, y; or than this if a letter of one of its words is doubted) ...
X_SHARE = 0.3
TALL = 0.85         # (its tall ones: at least two this share of the median height of those ASCENDER times taller than
ASCENDER = 1.3      # the line's median, or of its taller half), ...
LETTER_ALIGN = 0.15  # ... at least X_FIT of them on the baseline or x-line of the short ones nearest (within this
X_FIT = 0.8         # share of the tall ones' height), most tall ones on the baseline: a line of letters


def x_height_lines(boxes: list, doubted: np.ndarray) -> list[bool]:
    """For each candidate (`doubted` by the network or not): is it in a word with a short letter of a line of letters,
    told by their heights (letters_aligned)? Short letters are up to X_HEIGHT as tall as the tall ones, or up to
    LARGE_X_HEIGHT if the network doubts a letter of one of the line's words of two or more (a print-like hand's
    x-height is large; a number's digits, one a little smaller than the others, and a speck beside them are read); a
    number's digits are written alike in height, and the operators between them float between its lines. A number
    written after a word on its line (`total 42`) has no short letter."""
    b = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    if len(b) < LETTER_LINE:
        return [False] * len(b)
    tall_enough = np.sort(b[:, 3])[-2] / TALL  # (two tall ones at least this tall)
    large = b[:, 3] <= LARGE_X_HEIGHT * tall_enough
    if np.count_nonzero(b[:, 3] <= X_HEIGHT * tall_enough) < 3 and (large.sum() < 3 or not doubted.any()):
        return [False] * len(b)  # no three short beside two tall
    words = np.zeros(len(b), bool)
    for line in group_lines(boxes, words=True):
        if len(line) < LETTER_LINE:
            continue
        x, top, heights = b[line, 0] + b[line, 2] / 2, b[line, 1], b[line, 3]
        taller = heights[heights > ASCENDER * np.median(heights)]
        tall_height = float(np.median(taller if len(taller) >= 2 else np.sort(heights)[len(line) // 2:]))
        tall = heights >= TALL * tall_height
        word_of = words_of(b[line], tall_height)
        in_word = np.bincount(word_of)[word_of] >= 2
        for x_height, needs_doubt in ((X_HEIGHT, False), (LARGE_X_HEIGHT, True)):
            short = heights <= x_height * tall_height
            if (letters_aligned(x, top, heights, short, tall, tall_height)
                    and (not needs_doubt or (doubted[line] & in_word).any())):
                words[line] = np.isin(word_of, word_of[short])
                break
    return words.tolist()


def letters_aligned(x, top, heights, short: np.ndarray, tall: np.ndarray, tall_height: float) -> bool:
    """Are these candidates of a line (centres `x`, `top`s, `heights`; those `short` and `tall`) letters: at least
    three and X_SHARE of them short, two tall, at least X_FIT on the baseline or x-line of the short ones nearest
    (LETTER_ALIGN), short ones on both, tall ones rising from the baseline (l, d) or hanging from the x-line (y, g),
    most of them rising?"""
    if short.sum() < max(3, X_SHARE * len(heights)) or tall.sum() < 2:
        return False
    apart = np.abs(x[:, None] - x[None, short])  # [candidate, short one]
    apart[np.flatnonzero(short), np.arange(short.sum())] = np.inf  # (not itself)
    nearest = np.flatnonzero(short)[apart.argmin(axis=1)]
    tolerance = LETTER_ALIGN * tall_height
    on_base = np.abs(top + heights - (top + heights)[nearest]) <= tolerance
    on_x_line = np.abs(top - top[nearest]) <= tolerance
    fits = np.where(short, on_base & on_x_line, tall & (on_base | on_x_line))
    return bool(fits.mean() >= X_FIT and 2 * np.count_nonzero(tall & on_base) >= np.count_nonzero(tall))


WORD_GAP = 0.4  # of a line's tall height: letters closer than this belong to one word


def words_of(boxes: np.ndarray, tall_height: float) -> np.ndarray:
    """For each candidate of a line of letters (`boxes`): the index of its word (its letters closer than WORD_GAP)."""
    order = np.argsort(boxes[:, 0])
    left, right = boxes[order, 0], boxes[order, 0] + boxes[order, 2]
    starts = np.flatnonzero(np.r_[True, left[1:] - np.maximum.accumulate(right)[:-1] > WORD_GAP * tall_height])
    word_of = np.empty(len(boxes), int)
    word_of[order] = np.searchsorted(starts, np.arange(len(boxes)), side="right") - 1
    return word_of
