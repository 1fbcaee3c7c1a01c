"""Long straight lines (rulings, graph paper, sheet and table edges) found and erased from an ink mask."""
from __future__ import annotations

import cv2
import numpy as np

LINE_SPAN = 0.4   # of the frame's shorter side: a straight run this long is a ruling or an edge, not a stroke ...
DIGIT_SPAN = 0.6  # ... except on plain paper (no ruling found), where a steep one must be longer than a digit can be
RULING_SPAN = 0.2  # a near-horizontal run this long is a ruling (digits are written along, not across, them)
TAN_30 = 0.58  # flat lines run within 30 degrees of horizontal, steep ones within 30 of vertical
GRID_LINES = 6    # where rulings are found and no long steep line, this many steep ones as short as rulings running
                  # through two rulings are a grid too (graph paper on a desk, its sheet under LINE_SPAN of the frame)
LINE_PIECE = 0.05  # flat pieces this wide (rulings broken where faint, digits joined by one) may hold a ruling
DASH = 3          # components this many times longer one way than the other (and this many px) are dashes; when
DASHES = 150      # a frame has this many at least DASH_LENGTH px long and DASH_WIDTH px wide on average, they may
DASH_LENGTH = 6   # be a grid or ruling broken where faint or tilted (a faint grid on a phone photo: 327, more when
DASH_WIDTH = 2    # tilted; a brick wall's joints are wider: 39-97)


def uint8_percentile(values: np.ndarray, fraction: float) -> float:
    """The `fraction` percentile (0-1) of uint8 values, by counting: many times faster than np.percentile."""
    counts = np.bincount(values.ravel(), minlength=256).cumsum()
    return float(np.searchsorted(counts, fraction * counts[-1]))


def hough_segments(image: np.ndarray, min_length: int, max_gap: int | None = None) -> np.ndarray:
    """Straight segments at least `min_length` long in a binary image, with gaps up to `max_gap` (a quarter of
    `min_length` if None), found at half size: rows x0, y0, x1, y1. None is looked for among fewer pixels than a
    segment needs votes (the shrunk image has no more)."""
    length = min_length // 2
    if cv2.countNonZero(image) < length // 2:
        return np.zeros((0, 4))
    small = cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    gap = max(3, length // 4) if max_gap is None else max_gap // 2
    found = cv2.HoughLinesP(small, 1, np.pi / 180, threshold=length // 2, minLineLength=length, maxLineGap=gap)
    return np.zeros((0, 4)) if found is None else found.reshape(-1, 4).astype(np.float64) * 2


CHARACTER_ASPECT = 1.6  # a component wider than this many heights is no single character (a ruling with digits on it)
TURN = 20.0             # degrees: a character's straight strokes run in directions at least this far apart ...
PARALLEL = 10.0         # ... and no two of them run within this of each other this far apart:
ROW_APART = 0.2         # (of the component's size) two rows or columns of a grid ...
CROSSING = 60.0         # ... crossed by a line at least this many degrees from them ...
CROSS_PAST = 0.5        # ... running past each by this share of ROW_APART


def points_along(segments: np.ndarray, shape, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The rows and columns (one row of `count` each per segment) of `count` points evenly along each segment (rows
    x0, y0, x1, y1), within a frame of this `shape`."""
    points = np.linspace(0, 1, count)
    x0, y0, x1, y1 = (segments[:, [k]] for k in range(4))
    columns = np.clip(np.rint(x0 + points * (x1 - x0)).astype(int), 0, shape[1] - 1)
    rows = np.clip(np.rint(y0 + points * (y1 - y0)).astype(int), 0, shape[0] - 1)
    return rows, columns


def components_of(segments: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The label of the component each segment runs through: the commonest at 9 points along it (the lowest of
    equally common ones; 0 for none)."""
    found = np.sort(labels[points_along(segments, labels.shape, 9)], axis=1)
    counts = (found[:, :, None] == found[:, None, :]).sum(axis=2) * (found > 0)
    return found[np.arange(len(found)), counts.argmax(axis=1)]  # (all 0 where none: the commonest is 0 then)


def directions(segments: np.ndarray):
    """The segments' (rows x0, y0, x1, y1) angles in degrees (0-180) and the angles between each two."""
    angles = np.degrees(np.arctan2(segments[:, 3] - segments[:, 1], segments[:, 2] - segments[:, 0])) % 180
    apart = np.abs(angles[:, None] - angles[None, :])
    return angles, np.minimum(apart, 180 - apart)


def is_grid(segments: np.ndarray, row_apart: float) -> bool:
    """Do these segments (rows x0, y0, x1, y1) hold two rows of a grid, PARALLEL and `row_apart` apart, and a
    line at least CROSSING from them running through both, past each by CROSS_PAST of `row_apart`? A 0's
    sides are parallel but not crossed; a 5's bar and base are, by its stem, but not through."""
    angles, apart = directions(segments)
    x0, y0, x1, y1 = segments.T
    sin, cos = np.sin(np.radians(angles))[:, None], np.cos(np.radians(angles))[:, None]
    offset = lambda x, y: (x[None, :] - x0[:, None]) * sin - (y[None, :] - y0[:, None]) * cos  # [i, j]: from line i
    middle = offset((x0 + x1) / 2, (y0 + y1) / 2)
    start, end = offset(x0, y0), offset(x1, y1)
    low, high = np.minimum(start, end), np.maximum(start, end)
    rows = (apart < PARALLEL) & (np.abs(middle) > row_apart)  # [i, j]
    past = CROSS_PAST * row_apart
    through = ((low[:, None, :] < np.minimum(0, middle)[:, :, None] - past)
               & (high[:, None, :] > np.maximum(0, middle)[:, :, None] + past))  # [i, j, k]: k through i and j
    return bool((rows[:, :, None] & (apart >= CROSSING)[:, None, :] & through).any())


def strokes_of_a_character(segments: np.ndarray, labels: np.ndarray, stats: np.ndarray,
                           straight: bool = False) -> np.ndarray:
    """For each segment: is it a stroke of one large written character (a close-up 2's base, a 7's bar), not a
    line? Its component lies within the frame, no wider than CHARACTER_ASPECT heights, and its straight
    strokes turn (run in directions TURN apart: not one straight line, unless `straight` ones may be
    characters: a 1 on plain paper) and do not make a grid (is_grid)."""
    character = np.zeros(len(segments), bool)
    if not len(segments):
        return character
    owners = components_of(segments, labels)
    for label in set(owners.tolist()) - {0}:
        x, y, w, h = stats[label, :4]
        if x <= 0 or y <= 0 or x + w >= labels.shape[1] or y + h >= labels.shape[0] or w > CHARACTER_ASPECT * h:
            continue
        mine = np.flatnonzero(owners == label)
        turns = directions(segments[mine])[1].max() >= TURN
        character[mine] = (straight or turns) and not is_grid(segments[mine], ROW_APART * max(w, h))
    return character


def darkness_along(segments: np.ndarray, labels: np.ndarray, darkness: np.ndarray) -> np.ndarray:
    """The median darkness of the ink (`labels` above 0) along each segment (rows x0, y0, x1, y1; 0 where none)."""
    rows, columns = points_along(segments, labels.shape, 17)
    inked = labels[rows, columns] > 0
    found = np.zeros(len(segments))
    some = inked.any(axis=1)
    if some.any():
        found[some] = np.nanmedian(np.where(inked, darkness[rows, columns], np.nan)[some], axis=1)
    return found


def paler_than(pen: float, levels: np.ndarray) -> np.ndarray:
    """For segments whose ink is `levels` dark (darkness_along): is it under 1/PEN_OVER_LINE as dark as the `pen`?
    Such a segment is a printed line (a grid's, broken into pieces that join a digit), not a stroke of the pen."""
    return PEN_OVER_LINE * levels < pen


def remove_lines(mask: np.ndarray, labels: np.ndarray, stats: np.ndarray, darkness: np.ndarray | None = None):
    """Erase long straight lines (rulings, graph paper, sheet and table edges), tilted or not.

    Only components that may hold one or part of one (long, or flat pieces of a ruling broken where it is
    faint, or, when there are DASHES of them, dashes: a faint grid turned a little breaks into them) go through
    the Hough transform, so a plain sheet costs nothing. A line counts when it runs
    LINE_SPAN in any direction (DIGIT_SPAN if steep and no ruling is found), or RULING_SPAN within 30 degrees
    of horizontal; rulings are looked for only among pixels thin vertically, so digits touching a ruling do
    not make lines of their own. Where both rulings and long steep lines are found (graph paper), steep lines
    as short as rulings go too (broken where faint, running through a digit), looked for among pixels thin
    horizontally, and so do they where GRID_LINES of them run through two rulings (a small sheet of graph paper).
    Given the frame's `darkness` (how much darker than the paper each pixel is), pen strokes PEN_OVER_LINE times
    darker than the lines are kept where they run along one (blue ballpoint on light graph paper). The strokes
    of one large character (a digit near the camera) are no lines, unless the grid is in dashes and they are
    paler than the pen (paler_than: its pieces joined to a digit). Returns the new mask and the lines' typical
    darkness (0 without `darkness`), or None.
    """
    side = min(mask.shape)
    if side < 20:
        return None
    holds_line, long, broken = components_holding_lines(stats, side)
    if not holds_line.any():
        return None
    holders = np.zeros_like(mask)
    for label in map(int, np.flatnonzero(holds_line)):  # a few components: cheaper than a lookup of every pixel
        x, y, w, h = stats[label, :4]
        holders[y:y + h, x:x + w] |= cv2.compare(labels[y:y + h, x:x + w], label, cv2.CMP_EQ)
    found = line_segments(holders, labels, stats, darkness if broken else None, long[1:].any(), side)
    if found is None:
        return None
    return erase_lines(mask, *found, darkness)


def components_holding_lines(stats: np.ndarray, side: int):
    """Which components (connectedComponentsWithStats' stats; 0 the background) may hold a line or part of one in
    a frame whose shorter side is `side`, which are long (LINE_SPAN), and whether the lines are broken into DASHES:
    (holds_line, long, broken)."""
    width, height = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    extent = np.maximum(width, height)
    long = extent >= LINE_SPAN * side
    holds_line = long | ((width >= LINE_PIECE * side) & (width >= 2 * height))
    dashes = (extent >= DASH * np.minimum(width, height)) & (extent >= DASH)
    dashes[0] = False
    thin = (extent >= DASH_LENGTH) & (stats[:, cv2.CC_STAT_AREA] <= DASH_WIDTH * extent)
    broken = (dashes & thin).sum() >= DASHES  # a grid or ruling broken into dashes where faint or tilted
    if broken:
        holds_line |= dashes
    holds_line[0] = False
    return holds_line, long, bool(broken)


def line_segments(holders: np.ndarray, labels: np.ndarray, stats: np.ndarray, darkness: np.ndarray | None,
                  any_long: bool, side: int):
    """The lines (Hough segments, x1 y1 x2 y2) among the pixels of the components that may hold them (`holders`),
    none the strokes of one character unless paler than the pen where `darkness` is given (a grid in dashes), and
    which of them are flat: (segments, flat), or None. Long steep lines are looked for only if some component is
    long (`any_long`); beside rulings, steep lines as short as them count too if a steep line is long or if
    GRID_LINES of them run through two rulings (graph paper; then found again with longer gaps joined)."""
    tall = cv2.morphologyEx(holders, cv2.MORPH_OPEN, ACROSS_FLAT)
    segments = hough_segments(cv2.subtract(holders, tall), int(RULING_SPAN * side))
    if any_long:  # a line this long in any direction needs a component this long
        segments = np.vstack([segments, hough_segments(holders, int(LINE_SPAN * side))])
    # a broken grid's pieces joined to digits are paler than the darkest segment, the pen's stroke
    levels = darkness_along(segments, labels, darkness) if darkness is not None else np.zeros(len(segments))
    pen = float(levels.max(initial=0.0))
    pale = paler_than(pen, levels)
    lines = pale | ~strokes_of_a_character(segments, labels, stats)
    segments, pale = segments[lines], pale[lines]
    dx, dy = segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1]
    flat = np.abs(dy) <= TAN_30 * np.abs(dx)
    length = np.hypot(dx, dy)
    keep = flat | (length >= LINE_SPAN * side)
    if not flat[keep].any():  # plain paper: a steep line no taller than a digit may be one (a 1 near the camera)
        keep &= flat | pale | (length >= DIGIT_SPAN * side)
        keep &= pale | ~strokes_of_a_character(segments, labels, stats, straight=True)
    segments, flat = segments[keep], flat[keep]
    if not keep.any():
        return None
    if flat.any():  # graph paper: its steep lines, broken where faint, are as short as rulings
        thin = cv2.subtract(holders, cv2.morphologyEx(holders, cv2.MORPH_OPEN, ACROSS_STEEP))
        span = int(RULING_SPAN * side)

        def steep_lines(max_gap: int | None = None) -> np.ndarray:
            found = hough_segments(thin, span, max_gap)
            found_levels = darkness_along(found, labels, darkness) if pen else np.zeros(len(found))
            found = found[paler_than(pen, found_levels) | ~strokes_of_a_character(found, labels, stats)]
            return found[np.abs(found[:, 2] - found[:, 0]) <= TAN_30 * np.abs(found[:, 3] - found[:, 1])]

        grid = steep_lines()
        if flat.all():  # a small sheet's grid, if any: its lines run on across a digit (pieces as far apart join)
            grid = steep_lines(span) if np.count_nonzero(rulings_crossed(grid, segments) >= 2) >= GRID_LINES else []
        if len(grid):
            segments, flat = np.vstack([segments, grid]), np.concatenate([flat, np.zeros(len(grid), bool)])
    return segments, flat


def rulings_crossed(steep: np.ndarray, flat: np.ndarray) -> np.ndarray:
    """For each steep segment (rows x0, y0, x1, y1): how many of the flat ones (rulings, 4 px apart at least) it
    runs through, past each by 2 px at least (a grid's line; a digit's stroke stands on a line drawn under it)."""
    x = (steep[:, 0] + steep[:, 2]) / 2
    top, bottom = np.minimum(steep[:, 1], steep[:, 3]), np.maximum(steep[:, 1], steep[:, 3])
    x0, y0, x1, y1 = flat.T
    y = y0[None, :] + (x[:, None] - x0[None, :]) * (y1 - y0)[None, :] / np.where(x1 == x0, 1, x1 - x0)[None, :]
    across = (np.minimum(x0, x1)[None, :] <= x[:, None]) & (x[:, None] <= np.maximum(x0, x1)[None, :])
    through = across & (top[:, None] + 2 < y) & (y < bottom[:, None] - 2)
    return np.array([len(np.unique(np.round(y[i][through[i]] / 4))) for i in range(len(steep))], np.int64)


def erase_lines(mask: np.ndarray, segments: np.ndarray, flat: np.ndarray, darkness: np.ndarray | None):
    """The mask with what is thin across each line erased within a band around it (strokes crossing a ruling
    survive), but, given `darkness`, pen strokes PEN_OVER_LINE times darker than the lines along them, unless a line
    was drawn (drawn_lines); and the lines' typical darkness (0 without `darkness`): (mask, level)."""
    erased = np.zeros_like(mask)
    for along, across in ((flat, ACROSS_FLAT), (~flat, ACROSS_STEEP)):
        band = band_of(segments[along], mask.shape)
        if band.any():
            crossing = cv2.morphologyEx(mask, cv2.MORPH_OPEN, across)
            erased |= cv2.bitwise_and(band, cv2.subtract(mask, crossing))
    level = 0.0
    if darkness is not None and erased.any():  # pen running along a light grid line stays, but not a line drawn
        level = uint8_percentile(darkness[erased > 0], 0.5)  # as dark as a pen (a notebook's margin)
        _, pen = cv2.threshold(darkness, PEN_OVER_LINE * level, 255, cv2.THRESH_BINARY)
        erased = cv2.subtract(erased, cv2.subtract(pen, band_of(drawn_lines(segments, darkness), mask.shape)))
    return cv2.subtract(mask, erased), level


THROUGHOUT = 0.1  # a line is as dark as the darkness it keeps along all but this share of its length (its darkest
                  # within 2 px across it at each point) ...
DRAWN = 1.5       # ... and one this many times as dark as the long lines typically are (their upper quartile) was
                  # drawn across the sheet


def drawn_lines(segments: np.ndarray, darkness: np.ndarray) -> np.ndarray:
    """Those of the segments (rows x0, y0, x1, y1) longer than digits can be (DIGIT_SPAN) that are DRAWN times as
    dark throughout (THROUGHOUT) as such segments typically are: lines drawn across the sheet (a notebook's red
    margin across its light rulings), not a grid's lines, nor pen strokes that a segment runs on from."""
    long = segments[np.hypot(segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1])
                    >= DIGIT_SPAN * min(darkness.shape)]
    if len(long) < 2:
        return long[:0]
    steep = np.abs(long[:, 2] - long[:, 0]) < np.abs(long[:, 3] - long[:, 1])
    points, across = np.linspace(0, 1, 17), np.arange(-2, 3)
    x0, y0, x1, y1 = (long[:, [k], None] for k in range(4))  # [segment, point along, offset across]
    x = np.clip(np.rint(x0 + points[:, None] * (x1 - x0) + steep[:, None, None] * across).astype(int),
                0, darkness.shape[1] - 1)
    y = np.clip(np.rint(y0 + points[:, None] * (y1 - y0) + ~steep[:, None, None] * across).astype(int),
                0, darkness.shape[0] - 1)
    throughout = np.percentile(darkness[y, x].max(axis=2), 100 * THROUGHOUT, axis=1)
    return long[throughout >= DRAWN * np.percentile(throughout, 75)]


def band_of(segments: np.ndarray, shape) -> np.ndarray:
    """uint8 mask (255) of a 9 px wide band along each segment (rows x0, y0, x1, y1)."""
    band = np.zeros(shape, np.uint8)
    for x0, y0, x1, y1 in segments.astype(int):
        cv2.line(band, (int(x0), int(y0)), (int(x1), int(y1)), 255, 9)
    return band


PEN_OVER_LINE = 2.0  # pen at least this many times darker than the lines' typical pixel is not erased with them
ACROSS_FLAT, ACROSS_STEEP = np.ones((7, 1), np.uint8), np.ones((1, 7), np.uint8)  # 7 px runs across a line
