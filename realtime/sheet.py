"""Which candidates lie off the sheet: on the rough surroundings of a sheet held up or laid on a desk, or amid a
texture (no sheet in view)."""
from __future__ import annotations

import statistics

import numpy as np

SMOOTH_PAPER = 0.03  # paper roughness (paper.PaperRoughness) of a sheet around a digit; fur, wood, cloth: more
ROUGHER = 2.0        # (or this many times the roughness around the SHEET_ANCHORS-th smoothest candidate: a noisy
                     # photo's whole sheet)
COLOURED = 40.0      # saturation (0-255) over the median around the sheet's digits: paper of another colour
SHEET_ANCHORS = 3    # candidates on smooth paper that outline the sheet, widened by ...
SHEET_ROWS = 2.5     # ... this many of their median heights above and below ...
SHEET_ALONG = 6.0    # ... and this many to the sides (a row runs on)
TALLER = 2.0         # a candidate on rough paper this many times as tall as those on smooth paper is off it too,
FAINTER = 0.5        # and so is one whose ink is under this share of theirs as dark (a texture's grey marks),
SHORTER = 0.5        # or that is under this share of their median height (a bench's posts beside a held-up sheet,
                     # kept as a small number: detect.tall_enough),
PALER, BOLDER = 0.7, 1.3  # or under this share as dark and this many times as thick (a brick's face beside the sheet),
BOLDEST = 2.5        # or this many times as thick whatever its ink (a building's outline, a fold in a suit: no pen's)
FAINT_ALONE = 128    # darkness (0-255): under SHEET_ANCHORS candidates, one on rough paper this faint is a shadow's tip
                     # or a backdrop's mark, not a digit (a pen's, a marker's ink is darker)


def sheet_box(boxes: list) -> tuple[float, float, float, float]:
    """Where the sheet with these digits' boxes lies: the box around them widened by SHEET_ROWS of their median height
    up and down and SHEET_ALONG sideways (left, top, right, bottom)."""
    height = statistics.median(h for *_, h in boxes)
    return (min(x for x, *_ in boxes) - SHEET_ALONG * height, min(y for _, y, *_ in boxes) - SHEET_ROWS * height,
            max(x + w for x, _, w, _ in boxes) + SHEET_ALONG * height,
            max(y + h for _, y, _, h in boxes) + SHEET_ROWS * height)


def rough_limit(roughness: list[float]) -> float:
    """The roughness above which a candidate's paper is rough, given the candidates' (at least SHEET_ANCHORS of them):
    SMOOTH_PAPER, or ROUGHER times the roughness around the SHEET_ANCHORS-th smoothest candidate."""
    return max(SMOOTH_PAPER, ROUGHER * sorted(roughness)[SHEET_ANCHORS - 1])


def off_the_sheet(candidates: list) -> list[bool]:
    """For each candidate: is it on rough paper wholly outside the sheet (sheet_box of the candidates on smooth paper
    like the digits, at least SHEET_ANCHORS of them, widened by those on rough paper within it that lie on its smooth
    paper and are like the digits: a shadow's edge across its rows), or, on rough paper, over TALLER times their
    median height (a brick's face in a wall beside the sheet) or under SHORTER of it, or its ink under FAINTER of
    theirs as dark (a brick's joint, a blade of grass), or under PALER as dark and BOLDER times as thick (a brick's
    face), or over BOLDEST times as thick (a building's outline)? On smooth paper too, one so unlike the digits is
    off the sheet if outside it or beyond its paper (a blurred backdrop's streak of fur), and anywhere one on paper
    COLOURED more saturated than around the digits (a blurred wall or skin is as smooth as paper, not as grey).
    A person, a flag, a tripod or a cat behind a held-up sheet has such regions; a digit on the sheet near its edge
    or under a shadow lies among the others. Without enough anchors, only one on rough paper with ink under FAINT_ALONE
    is (a shadow's tip across a blank sheet), but beside an empty sheet (a blank sheet held up before a room:
    Candidate.beside_empty_sheet) all those on rough paper are."""
    if any(c.beside_empty_sheet for c in candidates):
        return [c.beside_empty_sheet and c.roughness > SMOOTH_PAPER for c in candidates]
    if len(candidates) < SHEET_ANCHORS:
        return [faint_on_rough_paper(c) for c in candidates]
    limit = rough_limit([c.roughness for c in candidates])
    smooth = [c for c in candidates if c.roughness <= limit]
    if len(smooth) < SHEET_ANCHORS:
        return [False] * len(candidates)
    unlike = unlike_the_digits(candidates, smooth)

    def beyond(box, sheet) -> bool:  # wholly outside the sheet (left, top, right, bottom)
        x, y, w, h = box
        left, top, right, bottom = sheet
        return x + w <= left or x >= right or y + h <= top or y >= bottom

    anchors = [c for c, odd in zip(candidates, unlike) if c.roughness <= limit and not odd]
    anchors = anchors if len(anchors) >= SHEET_ANCHORS else smooth
    on_sheet = [c.box for c in anchors]
    colourful = statistics.median(c.colour for c in anchors) + COLOURED
    while True:  # digits on rough paper within the sheet and not beyond its smooth paper widen it (a shadow's edge)
        sheet = sheet_box(on_sheet)
        joining = [c.box for c, odd in zip(candidates, unlike) if c.roughness > limit and c.box not in on_sheet
                   and not (c.beyond_sheet or odd or beyond(c.box, sheet))]
        if not joining:
            break
        on_sheet += joining

    def off(c, odd: bool) -> bool:
        if c.colour > colourful:  # on paper of another colour than the sheet's
            return True
        if c.roughness > limit:
            return beyond(c.box, sheet) or (c.beyond_sheet and c.roughness > ROUGHER * limit) or odd
        return odd and (beyond(c.box, sheet) or c.beyond_sheet)  # a blurred backdrop's streak

    return [off(c, odd) for c, odd in zip(candidates, unlike)]


def faint_on_rough_paper(candidate) -> bool:
    """Is the candidate on rough paper with ink (known) under FAINT_ALONE dark: with too few candidates to outline a
    sheet, a shadow's tip or a backdrop's mark rather than a digit?"""
    return candidate.roughness > SMOOTH_PAPER and 0 < candidate.ink < FAINT_ALONE


def unlike_the_digits(candidates: list, digits: list) -> list[bool]:
    """For each candidate: is it over TALLER times as tall as the `digits` (median) or under SHORTER of it (unless a
    number of them written larger or smaller: writing_of_another_size), its ink under FAINTER of theirs as dark, or
    under PALER as dark and BOLDER times as thick, or over BOLDEST times as thick?"""
    height = statistics.median(c.box[3] for c in digits)
    ink, stroke = statistics.median(c.ink for c in digits), statistics.median(c.stroke for c in digits)
    writing = writing_of_another_size(digits, height)
    return [(of_another_size(c.box, height) and id(c) not in writing)
            or c.ink < FAINTER * ink or (c.ink < PALER * ink and c.stroke > BOLDER * stroke)
            or c.stroke > BOLDEST * stroke for c in candidates]


def of_another_size(box, height: float) -> bool:
    """Is the box (x, y, w, h) over TALLER times `height` tall or under SHORTER of it?"""
    return not SHORTER * height <= box[3] <= TALLER * height


def writing_of_another_size(digits: list, height: float) -> set[int]:
    """ids of the `digits` of_another_size than `height` with another of them about as tall beside them in a row
    (in_line NUMBER_GAP apart, alike_height): a number written larger or smaller than the others on the sheet, not a
    lone mark."""
    boxes = [c.box for c in digits]
    return {id(c) for c in digits if of_another_size(c.box, height) and any(
        other != c.box and in_line(c.box, other, 0, NUMBER_GAP) and alike_height(c.box, other) for other in boxes)}


ISOLATED = 3.0  # median heights: a digit on rough paper (or unlike the others) with no other this near (centre to
                # centre) is a stray mark


def stray_marks(candidates: list) -> list[bool]:
    """For each candidate (digits read): is it on rough paper (rough_limit), or unlike the digits on smooth paper
    (unlike_the_digits: a blurred backdrop's mark), with no other within ISOLATED of their median height? A
    backdrop's mark read as a digit stands alone; written digits stand in rows and columns on smooth paper. With
    under SHEET_ANCHORS candidates, only one faint_on_rough_paper is (a blank sheet held up: a backdrop's grey mark
    read beside others that were not)."""
    if len(candidates) < SHEET_ANCHORS:
        return [faint_on_rough_paper(c) for c in candidates]
    limit = rough_limit([c.roughness for c in candidates])
    centres = np.array([(x + w / 2, y + h / 2) for x, y, w, h in (c.box for c in candidates)], np.float64)
    apart = np.hypot(*(centres[:, None, :] - centres[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(apart, np.inf)
    alone = apart.min(axis=1) > ISOLATED * statistics.median(c.box[3] for c in candidates)
    unlike = unlike_the_digits(candidates, [c for c in candidates if c.roughness <= limit])
    return [bool(lone) and (c.roughness > limit or odd) for c, lone, odd in zip(candidates, alone, unlike)]


MAX_CLUTTER = 0.3  # share of ink around a candidate (Candidate.clutter): digits on a sheet have under 0.25 ...
VERY_SMOOTH = 0.008  # ... unless the paper around it is this smooth (a sheet's: grid lines left around its digits)


THICKER = 2.0  # a cluttered candidate with strokes this many times as thick as those on plain paper is off it


def amid_texture(candidates: list) -> list[bool]:
    """For each candidate: is more than MAX_CLUTTER of its surroundings ink, as amid fur, wood grain, leaves or a
    machine's parts, and either on paper not VERY_SMOOTH (a sheet's, where grid lines may be left around a digit), not
    continuing a row or column of uncluttered ones (continues_a_line: a column's last digit at the sheet's edge) and
    with its centre outside the box around at least SHEET_ANCHORS candidates on plain paper (on_plain_paper: a digit
    near a sheet's edge may have a cluttered backdrop beyond it), or, wherever it lies, over TALLER times as tall as
    those or written THICKER (a wall's bricks, a shirt's bands around a held-up sheet)? Written digits stand on
    paper, apart."""
    cluttered = [c.clutter > MAX_CLUTTER for c in candidates]
    apart = [c.box for c, bad in zip(candidates, cluttered) if not bad]
    textured = [bad and c.roughness > VERY_SMOOTH and not continues_a_line(c.box, apart)
                for c, bad in zip(candidates, cluttered)]
    plain = [c for c, ok in zip(candidates, on_plain_paper(candidates)) if ok]
    if len(plain) < SHEET_ANCHORS:
        return textured
    clear = [c.box for c in plain]
    bounds = (min(x for x, *_ in clear), min(y for _, y, *_ in clear),
              max(x + w for x, _, w, _ in clear), max(y + h for _, y, _, h in clear))
    height, stroke = statistics.median(h for *_, h in clear), statistics.median(c.stroke for c in plain)
    return [(texture and not centre_within(c.box, bounds))
            or (bad and (c.box[3] > TALLER * height or c.stroke > THICKER * stroke))
            for c, bad, texture in zip(candidates, cluttered, textured)]


LINE_GAP = 0.6      # of a digit's height: the gaps between digits in a row or a column, at most
NUMBER_GAP = 1.0    # of a digit's height: the gaps between digits in a number, at most
LINE_SIZE = (0.7, 1.4)  # a digit continuing a line is this many times as tall as the line's last


def in_line(a, b, along: int, gap: float = LINE_GAP) -> bool:
    """Are boxes a and b (x, y, w, h) in a row (`along` 0) or a column (1): overlapping across by half the narrower,
    at most `gap` of b's height apart?"""
    across = 1 - along
    overlap = min(a[across] + a[across + 2], b[across] + b[across + 2]) - max(a[across], b[across])
    apart = max(b[along] - a[along] - a[along + 2], a[along] - b[along] - b[along + 2])
    return overlap >= 0.5 * min(a[across + 2], b[across + 2]) and apart <= gap * b[3]


def alike_height(a, b) -> bool:
    """Is box a about as tall as box b (LINE_SIZE)?"""
    return LINE_SIZE[0] <= a[3] / b[3] <= LINE_SIZE[1]


def continues_a_line(box, boxes: list) -> bool:
    """Does `box` (x, y, w, h) continue a row or a column of two or more of `boxes`: in line with its last two,
    each at most LINE_GAP of their height from the next, and about as tall as the last (LINE_SIZE)?"""
    for along in (0, 1):  # a row, then a column
        for last in boxes:
            if not (in_line(box, last, along) and alike_height(box, last)):
                continue
            beyond = 1 if last[along] > box[along] else -1  # the line runs on this way from `box`
            if any(other is not last and in_line(last, other, along) and (other[along] - last[along]) * beyond > 0
                   for other in boxes):
                return True
    return False


def centre_within(box, bounds) -> bool:
    """Does the centre of `box` (x, y, w, h) lie within `bounds` (left, top, right, bottom)?"""
    x, y, w, h = box
    left, top, right, bottom = bounds
    return left <= x + w / 2 <= right and top <= y + h / 2 <= bottom


def on_plain_paper(candidates: list) -> list[bool]:
    """For each candidate: is it on smooth paper (SMOOTH_PAPER) and not amid a texture (MAX_CLUTTER), as writing on
    a sheet is?"""
    return [c.roughness <= SMOOTH_PAPER and c.clutter <= MAX_CLUTTER for c in candidates]
