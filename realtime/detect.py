"""Frame -> candidate digit regions and their MNIST-style 28x28 crops.

The seed's steps (grayscale, Gaussian blur, inverse threshold, external regions >= 10 px) with its
weaknesses fixed: a local threshold for uneven light, ruled/graph-paper lines removed, a small closing to
join broken strokes, filters against specks, lines, paper edges and huge blobs, a cap on candidates, and
crops normalized the way MNIST was made (the digit's grey levels, fit in 20x20 keeping the aspect ratio,
centred by centre of mass in 28x28, stroke thickness brought near MNIST's).
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from functools import partial
from typing import Callable, NamedTuple

import cv2
import numpy as np

from .broken import broken_across, clear_as_pieces, united
from .crops import normalize_crop, stroke_thickness
from .frames import as_gray8, as_uint8, within_border
from .mask import clean_mask
from .paper import (DARKEST_PAPER, PaperColour, PaperRoughness, beyond_smooth_paper, closing_size, clutter_around,
                    empty_sheet_in_view, holds_clear_ink, ink_on_paper)
from .read import estimate_skew
from .sheet import NUMBER_GAP, ROUGHER, SHEET_ANCHORS, SMOOTH_PAPER, alike_height, in_line, rough_limit
from .split import (NECK, SPLIT_ASPECT, STACK_BAND, column_ink, cut_across, split_at_cores, split_touching,
                    thinnest_column, trim_tails, without_underline)

THRESHOLD_METHODS = ("background", "adaptive", "otsu")


@dataclass(frozen=True)
class DetectorConfig:
    threshold: str | int = "background"  # a THRESHOLD_METHODS name or a fixed grey level (the seed used 90)
    ink_contrast: float = 0.2          # background: ink is this fraction darker than the paper around it
    adaptive_offset: float = 20.0      # adaptive: ink is this much darker than its neighbourhood mean
    max_side: int = 1280               # larger frames are analysed at this size, unless their digits would be
                                       # small there (looks.bounded_scale)
    paper_window: int = 24             # the paper's closing spans 1/this of the frame's shorter side (>= 9 px)
    min_height: int = 10               # px at analysis size (the seed's filter)
    max_height_fraction: float = 0.95  # of the frame height: larger regions are not handwriting (near the camera
                                       # a digit fills most of it)
    max_aspect: float = 1.6            # width / height; dashes, lines and words are wider
    min_fill: float = 0.05             # ink / box area: emptier regions are outlines (a big thin-pen 1 fills 0.06)
    max_fill: float = 0.85             # fuller regions of non-thin shape are blobs, not strokes
    border_margin: int = 2             # regions this close to the frame edge are cut off
    max_dark_surround: float = 0.25    # ink is darker than all around it; a paper edge or shadow is not
    max_paper_variation: float = 0.4   # std / mean of the paper's brightness around a digit: more is a face, a flag
    min_paper_share: float = 0.25      # of the candidates' paper brightness (on_paper): darker is a jacket, a desk (a
                                       # hand's hard shadow on the sheet leaves a third)
    grey_paper: float = 60.0           # HSV saturation (0-255) paper may always have (on_paper) ...
    paper_colour_margin: float = 40.0  # ... or this much more than around the greyest candidate
    min_relative_height: float = 0.5   # of the median candidate height: smaller regions are specks, dots, bits
    max_touching_aspect: float = 12.0  # wider regions: touching digits or a row joined by a ruling, split at necks
    max_candidates: int = 150          # a noisy frame cannot stall the loop (a page may hold 100 digits)


@dataclass(frozen=True)
class Candidate:
    box: tuple[int, int, int, int]  # x, y, w, h in frame pixels
    crop: np.ndarray                # uint8 28x28, white ink on black
    piece_of: int | None = None     # index of the wide candidate this may be one digit of (two written close)
    stroke: float = 0.0             # mean stroke width of its ink mask, frame pixels
    roughness: float = 0.0          # of the paper around it (paper.PaperRoughness): a sheet's is low
    clutter: float = 0.0            # share of ink around it (paper.clutter_around): a sheet's is low, a texture's high
    ink: float = 0.0                # darkness of its darkest ink (0-255: how much darker than the paper; 0 unknown)
    half_of: int | None = None      # index of the candidate joining it to the region above or below (broken_across)
    beyond_sheet: bool = False      # it lies beyond the smooth paper of the smoothest (paper.beyond_smooth_paper)
    cut_in_two: Callable[[int], list] | None = None  # its ways to cut it in two if it may be a pair (ways_in_two)
    on_a_line: bool = False         # a straight line runs on beyond its ends (line_runs_on): a grid's dash
    colour: float = 0.0             # colour saturation of the paper around it (paper.paper_colour; 0 in grey frames)
    beside_empty_sheet: bool = False  # a sheet with nothing written on it is in view (beside_an_empty_sheet)


def paper_brightness(gray: np.ndarray, window: int = 24) -> np.ndarray:
    """The brightness the paper would have without ink: a grey closing wider than any pen stroke (1/`window` of
    the frame's shorter side, at least 9 px).

    Unlike a local mean, a closing keeps sharp steps (sheet edges, hard shadows) where they are, so the
    dark side of a step is not mistaken for ink.
    """
    size = closing_size(gray.shape, window)
    return cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))


WEAK_INK = 0.6  # faint pixels (this fraction of the ink contrast) count when their region has clear ink


class Ink(NamedTuple):
    """What a frame's ink looks like to the detector (all uint8, analysis size)."""
    mask: np.ndarray                # 255 = ink (faint ink included)
    clear: np.ndarray | None        # 255 = clearly dark ink
    darkness: np.ndarray | None     # how much darker than the paper each pixel is (0-255)
    paper: np.ndarray | None        # the paper's brightness without the ink
    line_level: float = 0.0         # the typical darkness of the lines erased from the mask (0: none erased)
    roughness: PaperRoughness | None = None  # the paper's roughness around boxes


WASHED_OUT = 2.0    # a frame whose darkest ink is under this many times the ink contrast is washed out ...
PEAK_SHARE = 0.3    # ... and there clear ink is this share of its darkest ink's darkness,
NOISE_MARGIN = 5.0  # but at least this many times the darkness of the paper's grain (90th percentile)
MIN_INK_LEVEL = 8   # and this darkness (0-255)
DARKEST_SHARE = 0.003  # a frame's darkest ink: the darkness its darkest 0.3% of pixels reach (not a speck, a dash),
INKED_SHARE = 0.5       # or, where fewer are inked even faintly (a few digits on a page in a large frame), the darkness
                        # this share of its faintly inked pixels reach


def ink_level(darkness: np.ndarray, config: DetectorConfig) -> float:
    """The darkness (0-255) of clear ink: config.ink_contrast of the paper's brightness; in a washed-out frame
    (haze, over-exposure, pencil: its darkest ink not twice that dark) a share of its darkest ink's darkness,
    well above the grain of the paper. The darkest ink is found among the inked pixels: in a large frame of a
    page with a few digits, the darkest 0.3% of its pixels are mostly paper."""
    level = 255 * config.ink_contrast
    _, dark = cv2.threshold(darkness, WASHED_OUT * level, 255, cv2.THRESH_BINARY)
    if cv2.countNonZero(dark) >= DARKEST_SHARE * darkness.size:
        return level  # the common case, told cheaply
    counts = np.cumsum(cv2.calcHist([darkness], [0], None, [256], [0, 256]).ravel())
    faint = counts[-1] - counts[int(WEAK_INK * level) - 1]  # pixels at least faintly inked
    darkest = float(np.searchsorted(counts, counts[-1] - min(DARKEST_SHARE * counts[-1], INKED_SHARE * faint)))
    grain = float(np.searchsorted(counts, 0.9 * counts[-1]))
    return min(level, max(PEAK_SHARE * darkest, NOISE_MARGIN * grain, MIN_INK_LEVEL))


GRAIN_TILES = 8   # tiles per side of the frame, whose paper's darkness is looked at (every 4th pixel of every 4th row)
GRAIN_FREE = 8    # darkness (0-255) of the paper in the quietest tile: the paper's closing takes the brightest specks of
                  # a camera's grain for the paper, so grain darkens paper; beyond this, the excess is taken off ...
GRAIN_SIGMAS = 3  # ... and faint ink is this many times the grain's spread darker than the paper left


def paper_grain(darkness: np.ndarray, reference: np.ndarray) -> tuple[float, float, float] | None:
    """A camera's grain, which darkens paper all over the frame (a backdrop's texture only in places), seen in the
    quietest of GRAIN_TILES x GRAIN_TILES tiles of the frame (every 4th pixel of every 4th row looked at): the paper's
    darkness there (the median pixel), the spread of that (the standard deviation, from the median absolute
    deviation) and the paper's brightness there (the median of `reference`); None if some tile's paper is at most
    GRAIN_FREE dark (told at once where under half the pixels are darker) and would be on the dimmest paper too (the
    grain even in grey levels: darker relative to dimmer paper), or if the frame is too small."""
    sample = darkness[::4, ::4]
    rows, columns = sample.shape[0] // GRAIN_TILES, sample.shape[1] // GRAIN_TILES
    sample = sample[:rows * GRAIN_TILES, :columns * GRAIN_TILES]
    if not rows or not columns or 2 * np.count_nonzero(sample > GRAIN_FREE) < sample.size:
        return None
    tiles = sample.reshape(GRAIN_TILES, rows, GRAIN_TILES, columns)
    tiles = tiles.swapaxes(1, 2).reshape(GRAIN_TILES * GRAIN_TILES, -1)
    medians = np.median(tiles, axis=1)
    quietest = int(np.argmin(medians))
    row, column = divmod(quietest, GRAIN_TILES)
    where = (slice(4 * row * rows, 4 * (row + 1) * rows), slice(4 * column * columns, 4 * (column + 1) * columns))
    brightness = float(np.median(reference[where]))
    if medians[quietest] * brightness / float(reference.min()) <= GRAIN_FREE:
        return None
    return float(medians[quietest]), 1.4826 * float(np.median(np.abs(tiles[quietest] - medians[quietest]))), brightness


def without_grain(darkness: np.ndarray, sharp_darkness: np.ndarray, reference: np.ndarray,
                  level: float) -> tuple[np.ndarray, np.ndarray]:
    """The darkness maps (relative to the paper's `reference` brightness) less a camera's grain: its darkening of the
    paper beyond GRAIN_FREE taken off, and dimmed where faint ink (WEAK_INK of clear ink's `level`) would not be
    GRAIN_SIGMAS times its spread darker than the paper left. The grain is measured in the quietest tile
    (paper_grain) and taken as even in grey levels: dimmer paper shows it darker, relative to its brightness."""
    grain = paper_grain(darkness, reference)
    if grain is None:
        return darkness, sharp_darkness
    paper, spread, brightness = grain
    # tables over the paper's brightness (cheaper than arithmetic over the frame): how much darker the grain shows
    relative = brightness / np.maximum(np.arange(256, dtype=np.float32), 1)  # on paper this bright than where measured
    excess = cv2.LUT(reference, np.maximum(paper * relative - GRAIN_FREE, 0))
    gain = cv2.LUT(reference, np.minimum(1.0, WEAK_INK * level / (GRAIN_FREE + GRAIN_SIGMAS * spread * relative)))
    return tuple(np.clip(cv2.multiply(cv2.subtract(m, excess, dtype=cv2.CV_32F), gain), 0, 255).astype(np.uint8)
                 for m in (darkness, sharp_darkness))


def ink_masks(gray: np.ndarray, config: DetectorConfig) -> Ink:
    """The ink of a uint8 grey frame.

    With the background method a region counts only if it holds some clear ink (hysteresis, checked per
    candidate); faint pixels join it so thin or light strokes stay whole; darkness is less blurred than the
    masks so that crops keep thin strokes' contrast. Other methods give the mask only.
    """
    blurred = cv2.GaussianBlur(gray, (5, 5), 0)
    if config.threshold == "background":
        paper = paper_brightness(blurred, config.paper_window)
        reference = cv2.max(paper, DARKEST_PAPER)
        darkness = cv2.divide(cv2.subtract(paper, blurred), reference, scale=255)
        sharp_darkness = cv2.divide(cv2.subtract(paper, cv2.GaussianBlur(gray, (3, 3), 0)), reference, scale=255)
        darkness, sharp_darkness = without_grain(darkness, sharp_darkness, reference, 255 * config.ink_contrast)
        level = ink_level(darkness, config)
        _, faint = cv2.threshold(darkness, level * WEAK_INK, 255, cv2.THRESH_BINARY)
        _, clear = cv2.threshold(darkness, level, 255, cv2.THRESH_BINARY)
        return Ink(faint, clear, sharp_darkness, paper, roughness=PaperRoughness(paper, config.paper_window))
    if config.threshold == "adaptive":
        block = max(15, (min(gray.shape) // 10) | 1)
        mask = cv2.adaptiveThreshold(blurred, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                     block, config.adaptive_offset)
    elif config.threshold == "otsu":
        _, mask = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    else:
        _, mask = cv2.threshold(blurred, int(config.threshold), 255, cv2.THRESH_BINARY_INV)
    return Ink(mask, None, None, None)


def plausible(stats: np.ndarray, shape, config: DetectorConfig, max_aspect: float | None = None,
              border: bool = True) -> np.ndarray:
    """Size, aspect ratio (config.max_aspect unless given), fill ratio and (unless `border` is False) frame
    border filters for regions given as rows (x, y, w, h, area)."""
    x, y, w, h, area = np.asarray(stats, dtype=np.float64)[:, :5].T
    fill = area / np.maximum(w * h, 1)
    ok = ((h >= config.min_height) & (h <= config.max_height_fraction * shape[0])
          & (w <= (max_aspect or config.max_aspect) * h) & (fill >= config.min_fill)
          & ((fill <= config.max_fill) | (w < 0.4 * h)))
    if border:
        ok &= within_border((x, y, w, h), shape, config.border_margin)
    return ok


MIN_FRAGMENT = 0.1   # of the head's ink: smaller bits next to a digit (specks, graph-paper crossings) stay apart


def attach_fragments(stats: np.ndarray, heads: np.ndarray, fragments: np.ndarray) -> dict[int, list[int]]:
    """Members of each head: itself plus the fragments (a 5's detached bar, a broken 4) just above or below it,
    overlapping it across most of the narrower one's width, and less inked than it."""
    groups = {int(h): [int(h)] for h in heads}
    if len(heads) == 0 or len(fragments) == 0:
        return groups
    f = stats[fragments][:, None, :].astype(np.float64)
    g = stats[heads][None, :, :].astype(np.float64)
    overlap = np.minimum(f[..., 0] + f[..., 2], g[..., 0] + g[..., 2]) - np.maximum(f[..., 0], g[..., 0])
    gap = np.maximum(g[..., 1] - (f[..., 1] + f[..., 3]), f[..., 1] - (g[..., 1] + g[..., 3]))
    span = np.maximum(f[..., 1] + f[..., 3], g[..., 1] + g[..., 3]) - np.minimum(f[..., 1], g[..., 1])
    fits = ((overlap > 0.6 * np.minimum(f[..., 2], g[..., 2])) & (gap < 0.2 * g[..., 3]) & (span < 1.4 * g[..., 3])
            & (f[..., 4] < g[..., 4]) & (f[..., 4] >= MIN_FRAGMENT * g[..., 4]))
    for i, j in zip(*np.nonzero(fits)):
        if fits[i].sum() == 1:  # unambiguous
            groups[int(heads[j])].append(int(fragments[i]))
    return groups


def union_box(stats: np.ndarray, members: list[int]):
    if len(members) == 1:
        return tuple(stats[members[0], :4].tolist())
    rows = stats[members]
    x0, y0 = rows[:, 0].min(), rows[:, 1].min()
    x1, y1 = (rows[:, 0] + rows[:, 2]).max(), (rows[:, 1] + rows[:, 3]).max()
    return int(x0), int(y0), int(x1 - x0), int(y1 - y0)


def region_mask(labels: np.ndarray, box, members: list[int]) -> np.ndarray:
    """uint8 mask (255 = ink) of the components `members` within `box` of the label image."""
    x, y, w, h = box
    window = labels[y:y + h, x:x + w]
    if len(members) == 1:
        return cv2.compare(window, members[0], cv2.CMP_EQ)
    return np.isin(window, members).astype(np.uint8) * 255


def trimmed_inside(region: np.ndarray, box, shape, config: DetectorConfig, darkness: np.ndarray | None):
    """(x offset, the region without a line's remains at its ends: trim_tails, its window of the frame's `darkness`
    or None), or (0, None, None) if nothing is left but those remains or what is left is cut by the frame's border."""
    x, y, _, h = box
    left, trimmed = trim_tails(region)
    if not trimmed.size or not within_border((x + left, y, trimmed.shape[1], h), shape, config.border_margin):
        return 0, None, None
    window = None if darkness is None else darkness[y:y + h, x + left:x + left + trimmed.shape[1]]
    return left, trimmed, window


def joined_pieces(region: np.ndarray, box, shape, config: DetectorConfig, darkness: np.ndarray | None,
                  aspect: float = SPLIT_ASPECT, neck: float = NECK):
    """(box, region) of each plausible digit of a component of touching digits, or of digits joined by the
    remains of a line (a faint ruling, a table edge) that may run to the frame's border (split_touching, where
    the frame's `darkness` is given also where only the halo of their ink joins them)."""
    x, y, w, h = box
    left, trimmed, window = trimmed_inside(region, box, shape, config, darkness)
    if trimmed is None:
        return []
    pieces = []
    for offset, piece in split_touching(trimmed, aspect, neck, window):
        cut, piece = trim_tails(piece)  # the line's remains between two digits
        px, py, pw, ph = cv2.boundingRect(piece)
        if ph >= max(config.min_height, 0.6 * h):
            pieces.append(((int(x + left + offset + cut + px), y + py, pw, ph), piece[py:py + ph, px:px + pw]))
    if not pieces or (len(pieces) == 1 and trimmed.shape == region.shape):
        return []
    fit = plausible(np.array([[*piece_box, cv2.countNonZero(piece)] for piece_box, piece in pieces]), shape, config)
    return [piece for piece, ok in zip(pieces, fit) if ok]


WIDE_WHOLE = 2.2  # joined regions up to this many heights wide that do not split are one wide digit
WORD_STROKE = 2.0  # times the median stroke of the regions that are not wide: a word's strokes are the pen's
WORD_HEIGHT = 2.0  # times the median height of the regions that are not wide: taller ones cut by the frame's edge are
                   # no words
WHOLE_WORDS = 4    # with this many words wholly in view, a page of writing is seen close: those cut by the frame count


def regions(labels: np.ndarray, stats: np.ndarray, gray: np.ndarray, ink: Ink, config: DetectorConfig,
            colour: PaperColour | None = None):
    """Plausible digit regions among the components: (box, region mask) pairs, biggest first, capped; the regions
    that may be one digit's pieces joined (broken_across), each with the indices of its pieces among them (a piece
    too short to be kept alone is read only joined); and whether they are amid words.

    Components that are too wide or reach the frame's border only because digits touch or a line's remains
    join them are split (or, up to WIDE_WHOLE heights wide, read whole if they do not split), unless the frame
    looks like a page of text (many wide components with ink on paper, not all numbers_alike): words must not be
    cut into digits.
    When those outnumber the others (counting only those wholly in view, if there are SHEET_ANCHORS others, and the
    others that are letters of them, letters_of, with them), the frame is a page of text and has no digits.
    """
    singles, groups_of_digits = proposals_of(labels, stats, config)
    proposals = singles + groups_of_digits
    clear = clear_as_pieces(singles, holds_clear_ink(proposals, ink), ink.roughness)
    keep = ink_on_paper(proposals, clear, gray, ink, config, colour)
    found = [single for single, ok in zip(singles, keep) if ok]
    wide = [group for group, ok in zip(groups_of_digits, keep[len(singles):]) if ok]
    cleared = [without_underline(region) for _, region in wide]
    underlined = {index: joined_pieces(lined, wide[index][0], labels.shape, config, ink.darkness)  # digits on a line
                  for index, lined in enumerate(cleared) if lined is not wide[index][1]}  # drawn under them: cut once
    words, counted = words_among(wide, found, underlined, labels.shape, config, ink.roughness)
    amid_words = (sum(counted) >= 4 and sum(words) > 0.5 * len(found)  # on the paper (not a desk's grain)
                  and not numbers_alike(wide, words, labels.shape, config.border_margin))
    if amid_words:
        word_boxes = [box for (box, _), word in zip(wide, counted) if word]
        letters = sum(letters_of(found, word_boxes))
        if sum(counted) + letters > len(found) - letters:  # more words (and their letters) than letters and digits:
            found = larger_than_text(found, word_boxes)  # a page of text, but what is written larger than a page's
            if not found:                                 # words may be digits (a sheet lying on a book)
                return [], [], True
        wide = []  # words are not cut into digits
    found = found[:config.max_candidates]
    for index, (box, region) in enumerate(wide):
        pieces = (underlined[index] if index in underlined
                  else joined_pieces(region, box, labels.shape, config, ink.darkness))
        if not pieces and box[2] <= WIDE_WHOLE * box[3] and within_border(box, labels.shape, config.border_margin):
            pieces = [(box, region)]  # one wide digit (a 5 with a long bar), not two
        found.extend(pieces[:config.max_candidates - len(found)])
    halves = broken_across(found)
    kept = tall_enough([box for box, _ in found], config.min_relative_height)
    moved = {old: new for new, old in enumerate(kept)}
    joined_halves = [(united([found[i] for i in group]), [moved[i] for i in group if i in moved]) for group in halves]
    return [found[index] for index in kept], joined_halves, amid_words


LETTER_GAP = 0.4  # of a word's height: a region on its line nearer to it than this is one of its letters
PAGE_WORDS = 10         # words of a page of text, at least: beside them, regions ...
LARGER_THAN_TEXT = 2.0  # ... this many times their median height are no letters of theirs, unless letters or words
                        # stand beside them on their line (LETTER_GAP: a heading's)


def letters_of(found: list, words: list) -> list[bool]:
    """For each region (box, mask) of `found`: is it a letter of one of the `words` (boxes): on its line, no further
    from it than LETTER_GAP of its height (sheet.in_line)? A handwritten word breaks where its letters do not join
    (`q` beside `uick`, `l` beside `ong`); words stand further apart."""
    return [any(in_line(box, word, 0, LETTER_GAP) for word in words) for box, _ in found]


def larger_than_text(found: list, words: list) -> list:
    """The regions (box, mask) of `found` at least LARGER_THAN_TEXT times as tall as the `words` (boxes; median, at
    least PAGE_WORDS of them) with no word or smaller region beside them on their line (within LETTER_GAP of their
    height): on a page of text, digits written larger than its letters (a sheet of them lying on a printed page), not
    a heading's letters, nor a close-up's pieces of one digit (its strokes broken by the paper's grain into words)."""
    if len(words) < PAGE_WORDS:
        return []
    height = LARGER_THAN_TEXT * statistics.median(box[3] for box in words)
    smaller = words + [box for box, _ in found if box[3] < height]
    return [(box, region) for box, region in found
            if box[3] >= height and not any(in_line(other, box, 0, LETTER_GAP) for other in smaller)]


NUMBERS_ALIKE = 0.15  # wide components all within this share of their median height, ...
NUMBER_ASPECT = 4.0   # ... none wider than this many heights, are numbers of touching digits


def numbers_alike(wide: list, words: list, shape, margin: int) -> bool:
    """Are the wide components taken for words (`words`) all wholly in view, wider than tall but at most
    NUMBER_ASPECT times, and about as tall (NUMBERS_ALIKE)? Numbers whose digits touch are as tall as their digits;
    words with and without ascenders and descenders differ, a grid's remains are narrow, a desk's edges long."""
    boxes = np.array([box for (box, _), word in zip(wide, words) if word], dtype=np.float64).reshape(-1, 4)
    widths, heights = boxes[:, 2], boxes[:, 3]
    return (bool(len(boxes)) and bool(within_border(boxes.T, shape, margin).all())
            and bool(((widths > heights) & (widths <= NUMBER_ASPECT * heights)).all())
            and np.abs(heights - np.median(heights)).max() <= NUMBERS_ALIKE * np.median(heights))


def proposals_of(labels: np.ndarray, stats: np.ndarray, config: DetectorConfig):
    """The plausible single regions, biggest first (each head component with the small fragments beside it:
    attach_fragments), and the components plausible only as digits written touching: two lists of (box, region
    mask)."""
    ok = plausible(stats, labels.shape, config)
    ok[0] = False
    joined = plausible(stats, labels.shape, config, config.max_touching_aspect, border=False) & ~ok
    joined[0] = False
    if ok.sum() >= 3:  # joined digits are as tall as the others; squiggles and dashes are not
        joined &= stats[:, cv2.CC_STAT_HEIGHT] >= 0.75 * statistics.median(stats[ok, cv2.CC_STAT_HEIGHT].tolist())
    by_area = np.argsort(-stats[:, cv2.CC_STAT_AREA])
    heads = by_area[ok[by_area]][:2 * config.max_candidates]
    small = (~ok) & (stats[:, cv2.CC_STAT_HEIGHT] >= 3) & (stats[:, cv2.CC_STAT_HEIGHT] < config.min_height * 4)
    small[0] = False
    groups = attach_fragments(stats, heads, np.flatnonzero(small))

    singles = []
    for head in heads:
        members = groups[int(head)]
        box = union_box(stats, members)
        if len(members) > 1 and not plausible(np.array([[*box, stats[members, 4].sum()]]), labels.shape, config)[0]:
            members = [int(head)]
            box = union_box(stats, members)
        singles.append((box, region_mask(labels, box, members)))
    groups_of_digits = []
    for label in map(int, np.flatnonzero(joined)):
        box = union_box(stats, [label])
        groups_of_digits.append((box, region_mask(labels, box, [label])))
    return singles, groups_of_digits


def words_among(wide: list, found: list, underlined: dict, shape, config: DetectorConfig, roughness) -> tuple:
    """For each wide region (box, mask) beside the single regions `found` (letters and digits): is it a word, and
    does it count toward a page of text? Words are wider than config.max_aspect or no taller than WORD_HEIGHT of
    the letters (not a striped shirt's bands), not solid bars cut by the frame's edge (a brick's end), written with
    the letters' pen (WORD_STROKE: not a silhouette's legs) on their paper (`roughness`, or None; not a backdrop's
    things beyond a held-up sheet), nor digits on a line drawn under them (`underlined`: their pieces). With
    SHEET_ANCHORS letters and digits, only words wholly in view count, unless WHOLE_WORDS are: a backdrop's things
    cut by the frame around a held-up sheet are many (gravel, bricks). (words, counted)"""
    letters = statistics.median(box[3] for box, _ in found) if found else np.inf
    inside = [within_border(box, shape, config.border_margin) for box, _ in wide]
    words = [(box[2] > config.max_aspect * box[3] or box[3] <= WORD_HEIGHT * letters)
             and (inside[index] or cv2.countNonZero(region) <= config.max_fill * region.size)
             and len(underlined.get(index, ())) < 2 for index, (box, region) in enumerate(wide)]
    if sum(words) >= 4 and found:  # (fewer words decide nothing below)
        pen = statistics.median(stroke_thickness(region) for _, region in found)
        words = [word and stroke_thickness(region) <= WORD_STROKE * pen for word, (_, region) in zip(words, wide)]
    if sum(words) >= 4 and len(found) >= SHEET_ANCHORS and roughness is not None:
        words = [word and smooth for word, smooth in zip(words, as_smooth_as(found, wide, roughness))]
    whole = [word and seen for word, seen in zip(words, inside)]
    return words, (words if len(found) < SHEET_ANCHORS or sum(whole) >= WHOLE_WORDS else whole)


SMALLEST = 0.25    # of the median region height: regions under config.min_relative_height of it are kept down to
SMALL_APART = 1.0  # this share if they stand this many of their own heights clear of every region tall enough,
SMALL_NUMBER = 1.5  # beside another such region at most this many of its heights away, of about its height


def tall_enough(boxes: list, relative_height: float) -> list[int]:
    """Indices of the boxes (at least 3) that may be digits: at least `relative_height` of their median height, or,
    down to SMALLEST of it, in a small number written apart from those (SMALL_APART, SMALL_NUMBER: a number
    written small beside large ones, not specks, dots or a broken digit's bits beside a digit)."""
    if len(boxes) < 3:
        return list(range(len(boxes)))
    x, y, w, h = np.array(boxes, np.float64).reshape(-1, 4).T
    typical = statistics.median(h.tolist())  # (np.median is 20x slower on so few)
    tall = h >= relative_height * typical
    small = np.flatnonzero(~tall & (h >= SMALLEST * typical))
    if not len(small):
        return np.flatnonzero(tall).tolist()
    margin = (SMALL_APART * h[small])[:, None]
    near = ((x[small, None] - margin < (x + w)[None, tall]) & (x[None, tall] < (x + w)[small, None] + margin)
            & (y[small, None] - margin < (y + h)[None, tall]) & (y[None, tall] < (y + h)[small, None] + margin))
    apart = small[~near.any(axis=1)]
    xs, ys, ws, hs = x[apart], y[apart] + h[apart] / 2, w[apart], h[apart]
    gap = np.maximum(xs[:, None], xs[None, :]) - np.minimum((xs + ws)[:, None], (xs + ws)[None, :])
    beside = ((gap < SMALL_NUMBER * hs[:, None]) & (np.abs(ys[:, None] - ys[None, :]) < 0.5 * hs[:, None])
              & (np.maximum(hs[:, None], hs[None, :]) < SMALL_NUMBER * np.minimum(hs[:, None], hs[None, :])))
    np.fill_diagonal(beside, False)
    tall[apart[beside.any(axis=1)]] = True
    tall[small[nearly_as_tall_as_nearest(x, y, w, h, small, np.flatnonzero(tall))]] = True
    return np.flatnonzero(tall).tolist()


NEAREST = 2        # a smaller region at least LIKE_NEAREST as tall as the NEAREST regions tall enough (centre to
LIKE_NEAREST = 0.65  # centre) is a digit too: the far end of a column of digits seen from a slant is smaller


def nearly_as_tall_as_nearest(x, y, w, h, small: np.ndarray, tall: np.ndarray) -> np.ndarray:
    """For the `small` regions (indices into the boxes' x, y, w, h): are they at least LIKE_NEAREST of the median
    height of their NEAREST regions among `tall`? (A speck or a digit's detached bit is next to its digit.)"""
    if len(small) == 0 or len(tall) < NEAREST:
        return np.zeros(len(small), bool)
    cx, cy = x + w / 2, y + h / 2
    distance = np.hypot(cx[small, None] - cx[None, tall], cy[small, None] - cy[None, tall])
    nearest = tall[np.argsort(distance, axis=1)[:, :NEAREST]]
    return h[small] >= LIKE_NEAREST * np.median(h[nearest], axis=1)


WIDE_DIGIT = 1.0  # regions wider than tall are also read as the digits they may split into
TOUCHING = 1.3    # ... and those this many heights wide even where no neck parts them
CLOSE_PAIR = 0.75  # regions from this many heights wide to WIDE_WHOLE may be two digits written touching (a 1 and
                  # a 7 are no wider than a 0): cut in two, several ways, if the network doubts them whole (ways_in_two)
CUT_AT = (0.3, 0.4, 0.5, 0.6, 0.7)  # where they are cut, as a share of their width, besides their thinnest column
WHOLE_PIECE = 0.75  # of a region's height: its pieces are read as digits only if each is at least this tall


def pieces_of_wide(found: list, shape, config: DetectorConfig, darkness: np.ndarray | None) -> dict[int, list]:
    """For each region of `found` wider than a digit usually is: its pieces if it splits into digits at necks or
    where only the halo of their ink joins them (`darkness`: the frame's, or None amid words: a letter's joins), or,
    TOUCHING heights wide, at its thinnest column (two digits written close or touching, or one wide digit: the
    classifier decides which reading is better). All readings together stay within config.max_candidates."""
    pieces, budget = {}, config.max_candidates - len(found)
    for index, (box, region) in enumerate(found):
        if box[2] > WIDE_DIGIT * box[3]:
            split = joined_pieces(region, box, shape, config, darkness, WIDE_DIGIT)
            if len(split) < 2 and box[2] >= TOUCHING * box[3]:  # digits touching broadly: cut at the thinnest
                split = joined_pieces(region, box, shape, config, None, WIDE_DIGIT, neck=1.0)
            if 1 < len(split) <= budget and all(piece_box[3] >= WHOLE_PIECE * box[3] for piece_box, _ in split):
                pieces[index] = split
                budget -= len(split)
    return pieces


STACKED = 1.7      # regions this many times a digit's height (the regions' upper quartile) may be two digits of rows
                   # written close ...
STACKED_PIECE = 0.6  # ... if cut across into two pieces each at least this share of a digit's height


def between_rows(span, boxes: list) -> int | None:
    """Where (rows from its top) a tall region (`span`: x, y, height) that reaches into two rows of the other `boxes`
    is cut between them: midway between the bottoms of those beside its top half and the tops of those beside its
    bottom half (medians), if that is within STACK_BAND of its height; else None."""
    _, y, h = span
    centres = [(top + tall / 2, top, tall) for _, top, _, tall in boxes if tall < h]
    upper = [top + tall for centre, top, tall in centres if y <= centre < y + h / 2]
    lower = [top for centre, top, tall in centres if y + h / 2 <= centre < y + h]
    if not upper or not lower:
        return None
    at = int(round((statistics.median(upper) + statistics.median(lower)) / 2)) - y
    return at if STACK_BAND[0] * h <= at <= STACK_BAND[1] * h else None


def in_a_number(box, boxes: list) -> bool:
    """Does another of the `boxes` about as tall (sheet.alike_height) stand beside `box` in its row, NUMBER_GAP of its
    height apart at most: a number written larger than the rest, not a digit touching the next row's?"""
    return any(other != box and alike_height(other, box) and in_line(box, other, 0, NUMBER_GAP) for other in boxes)


def pieces_of_tall(found: list, taken: dict, budget: int) -> dict[int, list]:
    """For each region of `found` (not `taken` apart already) STACKED times as tall as a digit: its two pieces if it
    is cut across (split.cut_across; between_rows) into two STACKED_PIECE of a digit's height tall: a digit
    touching the one below it in the next row, unless in_a_number. The classifier decides which reading is better
    (pipeline.better_readings)."""
    if len(found) < SHEET_ANCHORS:
        return {}
    boxes = [box for box, _ in found]
    height = float(np.percentile([h for *_, h in boxes], 75))  # a digit's: specks, holes and operators are smaller
    pieces = {}
    for index, ((x, y, _, h), region) in enumerate(found):
        if index in taken or h < STACKED * height or budget < 2 or in_a_number(boxes[index], boxes):
            continue
        split = []
        for offset, part in cut_across(region, between_rows((x, y, h), boxes)):
            px, py, pw, ph = cv2.boundingRect(part)
            split.append(((x + px, y + offset + py, pw, ph), part[py:py + ph, px:px + pw]))
        if len(split) == 2 and all(box[3] >= STACKED_PIECE * height for box, _ in split):
            pieces[index] = split
            budget -= 2
    return pieces


def as_smooth_as(found: list, others: list, roughness: PaperRoughness) -> list[bool]:
    """For each of the `others` ((box, region) pairs): is the paper around it no rougher than the paper around the
    regions `found` (at least SHEET_ANCHORS) is smooth (sheet.rough_limit)?"""
    rough = roughness.around([box for box, _ in found + others])
    return (rough[len(found):] <= rough_limit(rough[:len(found)].tolist())).tolist()


INK_EXTENT = 0.5  # of the region's mean darkness: paler pixels at its edges are the blur's halo, not ink


def inked_box(box, region: np.ndarray, darkness: np.ndarray):
    """The box of a region's pixels at least INK_EXTENT as dark as its mean: where the ink is, without the halo
    that blurring and a low threshold add around it (a thin 1's box would otherwise be twice its width)."""
    dark = cv2.bitwise_and(darkness, region)
    _, inked = cv2.threshold(dark, INK_EXTENT * cv2.mean(darkness, region)[0], 255, cv2.THRESH_BINARY)
    ix, iy, iw, ih = cv2.boundingRect(inked)
    return (box[0] + ix, box[1] + iy, iw, ih) if iw else box


UPRIGHT = 6.0  # degrees: digits in rows sloping more (a turned sheet) are turned upright for the network; gentler
               # slopes are the writer's or the camera's (perspective leaves a digit's upright strokes upright)


def writing_angle(boxes: list) -> float:
    """Degrees the rows of these boxes slope (read.estimate_skew; turning them counter-clockwise levels them), 0 if
    under UPRIGHT or if there are under 3 boxes."""
    if len(boxes) < 3:
        return 0.0
    angle = float(np.degrees(np.arctan(estimate_skew(np.array(boxes, np.float64)))))
    return angle if abs(angle) >= UPRIGHT else 0.0


def beyond_sheet(boxes: list, roughness: list[float], paper: np.ndarray, window: int) -> list[bool]:
    """For each box (of a region on paper this rough): does it lie beyond the sheet of those on smooth paper
    (sheet.rough_limit, paper.beyond_smooth_paper)? Looked at only if some are ROUGHER than that (sheet.off_the_sheet
    judges no others so) and at least SHEET_ANCHORS are smooth."""
    limit = rough_limit(roughness) if len(roughness) >= SHEET_ANCHORS else np.inf
    smooth = [value <= limit for value in roughness]
    if max(roughness, default=0.0) <= ROUGHER * limit or sum(smooth) < SHEET_ANCHORS:
        return [False] * len(boxes)
    return beyond_smooth_paper(boxes, smooth, paper, limit, window)


def beside_an_empty_sheet(boxes: list, roughness: list[float], paper: np.ndarray, window: int) -> bool:
    """Is a sheet with nothing written on it in view beside these boxes (of regions on paper this rough;
    paper.empty_sheet_in_view)? Looked for where some are on rough paper, those sheet.off_the_sheet then judges off
    it, and under SHEET_ANCHORS on SMOOTH_PAPER (a sheet's digits, which anchor its other rules)."""
    rough = sum(value > SMOOTH_PAPER for value in roughness)
    return bool(rough) and len(roughness) - rough < SHEET_ANCHORS and empty_sheet_in_view(boxes, paper, window)


def detect(frame: np.ndarray, config: DetectorConfig = DetectorConfig(),
           scale: float = 1.0) -> tuple[list[Candidate], np.ndarray]:
    """Candidates of a frame, and the cleaned ink mask they came from (at analysis size).

    The frame is analysed at `scale` (below 1 for large digits or large frames, 2 for small digits); boxes are
    in frame pixels whatever the scale.
    """
    frame = as_uint8(frame)
    if scale < 1:  # shrinking first makes the colour conversion cheaper
        frame = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    elif scale > 1:
        frame = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR)
        config = replace(config, min_height=round(config.min_height * scale))  # as tall in frame pixels
    gray = as_gray8(frame)
    ink = ink_masks(gray, config)
    mask, labels, stats, line_level = clean_mask(ink.mask, ink.darkness, config.min_height)
    ink = ink._replace(line_level=line_level)
    colour = PaperColour(frame) if frame.ndim == 3 and frame.shape[2] == 3 else None
    found, joined_halves, amid_words = regions(labels, stats, gray, ink, config, colour)
    pieces = pieces_of_wide(found, labels.shape, config, None if amid_words else ink.darkness)
    if not amid_words:  # words' ascenders and descenders are not digits of two rows
        budget = config.max_candidates - len(found) - sum(map(len, pieces.values()))
        pieces.update(pieces_of_tall(found, pieces, budget))
    joined_halves = [(whole, halves) for whole, halves in joined_halves if not set(halves) & set(pieces)]
    whole_at = len(found) + sum(map(len, pieces.values()))  # where the joined halves' readings start
    half_of = {index: whole_at + k for k, (_, halves) in enumerate(joined_halves) for index in halves}
    readings = [(proposal, None, half_of.get(index)) for index, proposal in enumerate(found)]
    readings += [(piece, index, None) for index, split in pieces.items() for piece in split]
    readings += [(whole, None, None) for whole, _ in joined_halves]
    if not readings:
        return [], mask
    analysed = [box for (box, _), *_ in readings]
    angle = writing_angle(analysed)
    clutter = clutter_around(analysed, mask).tolist()
    roughness = [0.0] * len(readings) if ink.roughness is None else ink.roughness.around(analysed).tolist()
    beyond = ([False] * len(readings) if ink.paper is None else
              beyond_sheet(analysed, roughness, ink.paper, config.paper_window))
    empty = ink.paper is not None and beside_an_empty_sheet(analysed, roughness, ink.paper, config.paper_window)
    colours = [0.0 if colour is None else colour.around(box)[0] for box in analysed]
    candidates = []
    for index, (found_here, piece_of, half) in enumerate(readings):
        make = partial(candidate_of, darkness=ink.darkness, angle=angle, scale=scale, roughness=roughness[index],
                       clutter=clutter[index], beyond=beyond[index], empty=empty, colour=colours[index])
        (_, _, w, h), _ = found_here
        close_pair = index < len(found) and CLOSE_PAIR * h <= w <= WIDE_WHOLE * h
        cut_in_two = partial(ways_in_two, found_here, labels.shape, config, make, ink.darkness) if close_pair else None
        candidates.append(make(found_here, piece_of, half, cut_in_two))
    return candidates, mask


def candidate_of(found_here, piece_of, half, cut_in_two, darkness, angle, scale, roughness, clutter, beyond, empty,
                 colour) -> Candidate:
    """The candidate of a (box, region) found at `scale` in a frame of this ink `darkness`."""
    (x, y, w, h), region = found_here
    inside = None if darkness is None else darkness[y:y + h, x:x + w]
    seen = (x, y, w, h) if inside is None else inked_box((x, y, w, h), region, inside)
    darkest = 0.0 if inside is None else cv2.minMaxLoc(inside, region)[1]
    box = tuple(int(round(v / scale)) for v in seen)
    stroke = stroke_thickness(region)
    on_a_line = darkness is not None and line_runs_on((x, y, w, h), darkness, darkest)
    return Candidate(box, normalize_crop(region, inside, stroke, angle), piece_of, stroke / scale, roughness,
                     clutter, darkest, half, beyond, cut_in_two, on_a_line, colour, empty)


LINE_ON = 0.4   # of a narrow region's height: a line running on this far beyond both its ends, ...
LINE_INK = 0.5  # ... at least this share as dark as its darkest ink in every row, makes it a line's dash
LINE_SLANT = 0.25  # (the line may lean this much: columns this share of the reach either side are looked at)


def line_runs_on(box, darkness: np.ndarray, ink: float) -> bool:
    """Does a straight line run on beyond both ends of this narrow (box: under half as wide as tall) region, LINE_ON
    of its height, every row of it with a pixel LINE_INK as dark as the region's darkest `ink`? A grid's line broken
    into dashes where faint (a graph paper seen close) does; a written 1 ends."""
    x, y, w, h = box
    reach = int(LINE_ON * h)
    if w >= 0.5 * h or reach < 2 or y < reach or y + h + reach > darkness.shape[0]:
        return False
    side = int(LINE_SLANT * reach)
    columns = slice(max(0, x - side), x + w + side)
    above = darkness[y - reach:y, columns].max(axis=1)
    below = darkness[y + h:y + h + reach, columns].max(axis=1)
    return min(above.min(), below.min()) >= LINE_INK * ink


def ways_in_two(found_here, shape, config: DetectorConfig, make, darkness: np.ndarray | None,
                index: int) -> list[list[Candidate]]:
    """The ways to cut a (box, region) in two (where only the halo of their ink joins two digits, split_at_cores, if
    the frame's `darkness` is given; at its thinnest column between a fifth and four fifths of its width; and at
    CUT_AT), each as the two candidates (`make` makes them) that are pieces of the candidate at `index`, if both are
    WHOLE_PIECE as tall as it. The network chooses (Recognizer.with_touching_pieces): a thinnest column often runs
    through a digit's loop, not between two digits."""
    (x, y, w, h), region = found_here
    left, trimmed, window = trimmed_inside(region, (x, y, w, h), shape, config, darkness)
    if trimmed is None:
        return []
    width = trimmed.shape[1]
    columns = sorted({thinnest_column(column_ink(trimmed))} | {int(round(share * width)) for share in CUT_AT})
    splits = [[(0, trimmed[:, :cut]), (cut, trimmed[:, cut:])] for cut in columns]
    if window is not None:
        cores = split_at_cores(trimmed, window)
        splits = ([cores] if len(cores) == 2 else []) + splits
    ways = []
    for parts in splits:
        pieces = []
        for offset, part in parts:
            px, py, pw, ph = cv2.boundingRect(part)
            if ph >= WHOLE_PIECE * h:
                pieces.append(((int(x + left + offset + px), y + py, pw, ph), part[py:py + ph, px:px + pw]))
        if len(pieces) == 2:
            ways.append([make(piece, index, None, None) for piece in pieces])
    return ways
