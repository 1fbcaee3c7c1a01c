"""Printed lines, grids, dot grids, margins and underlines erased, and the digits on or among them read."""
import cv2
import numpy as np
import pytest

from realtime.detect import DetectorConfig, ink_masks, line_runs_on
from realtime.frames import as_gray8
from realtime.lines import components_of, is_grid
from realtime.mask import clean_mask, components, grid_dots
from realtime.pipeline import Recognizer
from realtime.robustness import over_exposed, turned
from realtime.split import without_underline
from realtime.synth import SceneMaker

from conftest import graph_paper


def blank_graph_paper_scenes(maker: SceneMaker, count: int):
    """Sheets of graph paper with nothing written on them, filmed alternately as ruled and hard scenes."""
    for kind in ("ruled", "hard") * (count // 2):
        sheet = maker.sheet(kind, (560, 420))
        sheet.paper[:] = sheet.paper.mean((0, 1))  # no ink: just paper, and a grid
        sheet.labels[:] = 0
        step, drop = int(maker.rng.uniform(12, 24)), maker.rng.uniform(15, 60)
        colour = tuple((sheet.paper.mean((0, 1)) - drop * np.array((1.6, 0.8, 0.2))).tolist())
        for y in range(step, 420, step):
            cv2.line(sheet.paper, (0, y), (560, y), colour, 1)
        for x in range(step, 560, step):
            cv2.line(sheet.paper, (x, 0), (x, 420), colour, 1)
        yield maker.film(sheet, maker.sheet_pose((560, 420), (640, 480), kind), kind, (640, 480))


def test_blank_graph_paper_gives_almost_nothing(mnist_test_slice, onnx):
    recognizer = Recognizer(onnx, smooth=False)
    scenes = blank_graph_paper_scenes(SceneMaker(*mnist_test_slice, seed=1), 40)
    false_digits = sum(len(recognizer.process(scene.image).detections) for scene in scenes)
    # on 40 sheets: 20 when the least height was not counted in frame pixels at twice the size, 7 when noise
    # in a dark backdrop was measured against its own darkness
    assert false_digits <= 4


def test_a_dash_of_a_line_runs_on_and_a_written_one_ends():
    darkness = np.zeros((200, 100), np.uint8)
    darkness[:, 48:52] = 60         # a grid's faint line from top to bottom ...
    darkness[80:120, 48:52] = 120   # ... darker here: the dash the threshold kept
    assert line_runs_on((48, 80, 4, 40), darkness, 120)
    darkness[:80, 48:52] = darkness[120:, 48:52] = 0  # a written 1: paper above and below it
    assert not line_runs_on((48, 80, 4, 40), darkness, 120)
    darkness[:80, 48:52] = 60  # a line above it only (a 1 written under a line's end)
    assert not line_runs_on((48, 80, 4, 40), darkness, 120)


def test_blank_graph_paper_seen_close_gives_few_digits(onnx, real_photo):
    photo = real_photo("visionmath_13plus7_grid.jpg")[:, 950:]  # graph paper right of the 7: blank
    recognizer, false_digits = Recognizer(onnx, smooth=False), 0
    for top in (0, 200, 420):
        for left, width in ((0, 330), (0, 250), (80, 250)):
            piece = photo[top:top + width * 3 // 4, left:left + width]
            for side in (640, 1280):  # its squares 50-150 px: its lines 4-10 px thick, broken into dashes where faint
                recognizer.reset()
                frame = cv2.resize(piece, (side, side * 3 // 4), interpolation=cv2.INTER_LINEAR)
                false_digits += len(recognizer.process(frame).detections)
    assert false_digits <= 70  # of 18 frames: 54 (the crossings' 7s, dashes at the frame's edge); 119 when dashes were


def test_over_exposed_blank_graph_paper_gives_almost_nothing(mnist_test_slice, onnx):
    recognizer = Recognizer(onnx, smooth=False)
    scenes = blank_graph_paper_scenes(SceneMaker(*mnist_test_slice, seed=2), 40)
    false_digits = sum(len(recognizer.process(over_exposed(scene.image)).detections) for scene in scenes)
    # the grid's pieces in a shadow, the rest burnt white: 2 false digits with a fixed ink contrast, 4 now, 28
    # when clear ink in a washed-out frame had to be 4 times the paper's grain, not 5
    assert false_digits <= 6


@pytest.mark.parametrize("segments, grid", [
    ([(0, 0, 100, 0), (0, 40, 100, 40), (20, -20, 20, 60), (60, -20, 60, 60)], True),  # a piece of graph paper
    ([(0, 0, 0, 60), (30, 0, 30, 60)], False),                        # a 0's sides: parallel, not crossed
    ([(0, 0, 30, 0), (0, 60, 30, 60), (0, 0, 0, 30)], False),         # a 5's bar and base, its stem between them
    ([(0, 0, 0, 40), (30, 0, 30, 70), (0, 40, 40, 40)], False),       # a 4: its bar starts at the first stroke
    ([(0, 0, 30, 0), (0, 30, 30, 30), (25, -15, 5, 45)], True)])      # two rulings and a line through both
def test_a_grid_is_told_from_the_parallel_strokes_of_a_character(segments, grid):
    assert is_grid(np.array(segments, np.float64), row_apart=12) is grid


def test_a_broken_steep_grid_line_is_erased_from_a_digit_it_runs_through():
    frame = np.full((480, 640, 3), (228, 225, 222), np.uint8)
    for y in range(10, 480, 22):
        cv2.line(frame, (0, y), (639, y), (200, 165, 150), 2)
    for x in range(10, 640, 22):
        for top in range(0, 480, 170):  # steep lines faded in places: pieces shorter than a long line
            cv2.line(frame, (x, top), (x, top + 110), (200, 165, 150), 2)
    cv2.ellipse(frame, (329, 240), (60, 100), 0, 0, 360, (150, 90, 60), 3)  # a 0 in blue pen across one
    ink = ink_masks(as_gray8(cv2.GaussianBlur(frame, (3, 3), 0)), DetectorConfig())
    _, _, stats, _ = clean_mask(ink.mask, ink.darkness)
    assert 200 <= stats[1:, 3].max() <= 210  # the 0 alone (it was 315 px tall with the line's pieces)


@pytest.mark.parametrize("angle, scale", [(-6, 1.0), (3, 1.0), (6, 1.0), (-2, 1.5), (2, 1.5), (4, 1.5)])
def test_large_thin_pen_digits_on_a_faint_grid_turned_a_little_are_read(angle, scale, onnx, real_photo):
    # the grid, turned, breaks into dashes (no long piece to find it by) whose pieces joined to the digits were
    # kept as their strokes: read as 7 / 41, 4177, 7, 117, 4177, 7 (at 0 degrees: 137)
    photo = cv2.resize(real_photo("visionmath_13plus7_grid.jpg"), None, fx=scale, fy=scale)
    assert Recognizer(onnx, smooth=False).process(turned(photo, angle)).rows == ["137"]


@pytest.mark.parametrize("width", [600, 700, 800])
def test_a_small_sheet_of_graph_paper_on_a_desk_has_its_grid_erased(width, onnx, real_photo):
    # the sheet under 0.4 of a 1920x1080 frame tall: its steep lines were too short to be lines, and with rulings
    # alone no grid was looked for: read as 1111111111... Now six or more steep lines through two rulings are a
    # grid, and the pieces of the one through the 1 join across it (it read as a 4)
    photo = real_photo("visionmath_13plus7_grid.jpg")
    sheet = cv2.resize(photo, None, fx=width / photo.shape[1], fy=width / photo.shape[1], interpolation=cv2.INTER_AREA)
    desk = np.median(sheet.reshape(-1, 3), axis=0) * 0.8
    frame = np.clip(np.random.default_rng(0).normal(0, 3, (1080, 1920, 3)) + desk, 0, 255).astype(np.uint8)
    top, left = (1080 - sheet.shape[0]) // 2, (1920 - sheet.shape[1]) // 2
    frame[top:top + sheet.shape[0], left:left + sheet.shape[1]] = sheet
    assert Recognizer(onnx, smooth=False).process(frame).rows == ["137"]


def dot_grid_printed(photo: np.ndarray, darker: float) -> np.ndarray:
    """The photo with a dot grid printed on it: dots 1/6 of their spacing wide, 1/25 of the height apart, the ink
    at `darker` of the paper's brightness."""
    h, w = photo.shape[:2]
    step = max(12, h // 25)
    dots = np.zeros((h, w), np.float32)
    for y in range(step // 2, h, step):
        for x in range(step // 2, w, step):
            cv2.circle(dots, (x, y), max(1, step // 12), 1.0, -1)
    dots = cv2.GaussianBlur(dots, (0, 0), 0.7)[..., None]
    return np.clip(photo * (1 - (1 - darker) * dots), 0, 255).astype(np.uint8)


def dot_lattice(step: int, radius: int, spared=None) -> np.ndarray:
    """A 480x640 mask of dots `radius` px, `step` px apart (the first half a step in), but none inside `spared`
    (left, top, right, bottom)."""
    mask = np.zeros((480, 640), np.uint8)
    for y in range(step // 2, 480, step):
        for x in range(step // 2, 640, step):
            if spared is None or not (spared[0] <= x <= spared[2] and spared[1] <= y <= spared[3]):
                cv2.circle(mask, (x, y), radius, 255, -1)
    return mask


def test_a_dot_grids_dots_are_found_and_specks_strewn_at_random_are_not():
    mask = dot_lattice(20, 2)
    cv2.putText(mask, "42", (200, 300), cv2.FONT_HERSHEY_SIMPLEX, 4, 255, 6)
    labels, stats = components(mask)
    dots = set(grid_dots(stats, 10).tolist())
    heights = stats[:, cv2.CC_STAT_HEIGHT]
    assert len(dots) >= 700 and all(heights[label] <= 7 for label in dots)
    assert sum(heights >= 50) >= 2 and not dots & set(np.flatnonzero(heights >= 50).tolist())  # the digits stay
    rng = np.random.default_rng(3)
    specks = np.zeros_like(mask)
    for x, y in rng.integers(5, 475, (700, 2)):
        cv2.circle(specks, (int(x * 640 / 480), int(y)), 2, 255, -1)
    assert len(grid_dots(components(specks)[1], 10)) == 0
    assert len(grid_dots(stats, 12)) == 0  # dots under half the smallest digit's height: specks, left to other filters


def test_marks_far_from_a_grids_dots_are_no_dots_joined_with_grain():
    # a polka-dot shirt or a shelf's lettering around a held-up sheet: its small digits, within three dots' sizes,
    # are erased only near the dots, not on the sheet beyond them
    mask = dot_lattice(20, 2, spared=(150, 130, 490, 350))  # none on the sheet
    cv2.putText(mask, "7", (300, 250), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 255, 1)   # 10 px tall, on the sheet
    cv2.putText(mask, "7", (80, 250), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 255, 1)    # amid the dots
    labels, stats = components(mask)
    dots = grid_dots(stats, 10)
    on_sheet, amid = labels[245, 300:312].max(), labels[245, 80:92].max()
    assert on_sheet > 0 and amid > 0
    assert len(dots) >= 400 and amid in dots and on_sheet not in dots


def test_a_dense_dot_patterns_dots_are_erased_but_nothing_near_them():
    # a polka-dot shirt or a plaid's squares (dots 2 of their size apart) beside a held-up sheet's digit
    mask = dot_lattice(24, 6)
    mask[214:266, 286:338] = 0  # four dots cleared
    cv2.putText(mask, "7", (296, 258), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 255, 3)  # 26 px tall, 20 px from a dot
    labels, stats = components(mask)
    dots, digit = set(grid_dots(stats, 10).tolist()), labels[250, 296:320].max()
    assert digit > 0 and len(dots) >= 400 and digit not in dots


@pytest.mark.parametrize("darker", [0.7, 0.5])
def test_digits_in_pencil_on_dot_grid_paper_are_read(darker, onnx, real_photo):
    # the dots (13 of the 22 regions) made the digits look small: analysed at twice the size, the frame's grain
    # filled the cap of candidates and it was read as a page of text (nothing read)
    photo = dot_grid_printed(real_photo("vinay0410_numbers2.jpg"), darker)
    assert Recognizer(onnx, smooth=False).process(photo).rows == list("123456789")


def test_pen_running_along_a_light_grid_line_survives_the_grid_removal():
    frame = graph_paper(640, 480, 22)
    cv2.line(frame, (253, 120), (253, 300), (150, 90, 60), 2)  # a blue stroke, 181 px, along the line at x = 252
    ink = ink_masks(as_gray8(cv2.GaussianBlur(frame, (3, 3), 0)), DetectorConfig())
    faint, darkness = ink.mask, ink.darkness
    heights = {}
    for kept, lines_darkness in (("pen kept", darkness), ("pen cut", None)):
        _, _, stats, _ = clean_mask(faint, lines_darkness)
        heights[kept] = sorted(stats[1:, 3].tolist())
    assert heights["pen kept"][-1] >= 178 and heights["pen kept"][-2] <= 6  # the pen whole, of the grid only specks
    assert heights["pen cut"][-1] <= 6                                     # without the darkness: the pen goes too


def test_a_margin_drawn_down_ruled_paper_darker_than_its_lines_is_erased_though_pen_along_them_is_not():
    frame = graph_paper(640, 480, 22)
    cv2.line(frame, (55, 0), (55, 479), (90, 80, 215), 2)       # a red margin, darker than the light blue lines
    cv2.line(frame, (253, 120), (253, 300), (150, 90, 60), 2)  # a blue stroke along the line at x = 252
    ink = ink_masks(as_gray8(cv2.GaussianBlur(frame, (3, 3), 0)), DetectorConfig())
    _, _, stats, _ = clean_mask(ink.mask, ink.darkness)
    tall = stats[1:][stats[1:, 3] > 6]
    assert tall[:, 3].tolist() and all(abs(x + w / 2 - 253) <= 3 for x, _, w, *_ in tall.tolist())  # the pen only


def notebook_lines(photo: np.ndarray, step: int) -> np.ndarray:
    """The photo as if written on a notebook's page: light blue rules `step` px apart and a red margin line near its
    left edge, printed on the paper (darkening it by their colour)."""
    h, w = photo.shape[:2]
    rules, margin = np.zeros((h, w), np.float32), np.zeros((h, w), np.float32)
    for y in range(0, h, step):
        cv2.line(rules, (0, y), (w, y), 0.35, 2)
    cv2.line(margin, (int(0.08 * w), 0), (int(0.08 * w), h), 0.5, 3)
    paper = photo.astype(np.float32)
    for share, colour in ((rules, (235, 190, 150)), (margin, (90, 80, 220))):
        share = cv2.GaussianBlur(share, (0, 0), 0.8)[..., None]
        paper = paper * (1 - share) + share * np.array(colour) * paper / 255
    return np.clip(paper, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("rules_apart", [0.065, 0.08, 0.1])
def test_a_notebooks_margin_darker_than_its_rules_gives_no_digits(rules_apart, onnx, real_photo):
    # the margin, darker than the rules, was kept as a pen's stroke: a piece of it between rules read as a 1
    photo = real_photo("visionmath_13plus7_grid.jpg")
    page = notebook_lines(photo, int(rules_apart * photo.shape[0]))
    assert Recognizer(onnx, smooth=False).process(page).rows == ["137"]


def underlined(photo: np.ndarray, boxes: list) -> np.ndarray:
    """The photo with a line drawn under each row of these digit boxes, touching their feet, in the photo's darkest
    colour, 0.06 of their height thick (a row: boxes whose centres lie within half a height of the last one's)."""
    out, rows = photo.copy(), []
    ink = tuple(int(v) for v in np.percentile(photo.reshape(-1, 3), 1, axis=0))
    for box in sorted(boxes, key=lambda b: b[1] + b[3] / 2):
        if rows and abs((box[1] + box[3] / 2) - (rows[-1][-1][1] + rows[-1][-1][3] / 2)) < 0.5 * box[3]:
            rows[-1].append(box)
        else:
            rows.append([box])
    for row in rows:
        bottom, height = int(np.median([y + h for _, y, _, h in row])), float(np.median([h for *_, h in row]))
        left, right = min(x for x, *_ in row), max(x + w for x, _, w, _ in row)
        cv2.line(out, (left, bottom), (right, bottom), ink, max(2, int(0.06 * height)), cv2.LINE_AA)
    return out


@pytest.mark.parametrize("photo", ["vinay0410_numbers.jpg", "dkljajo_digits_and_operators.jpg", "bikz05_photo_2.jpg",
                                   "visionmath_medium1_all_digits_ops.jpg"])
def test_digits_with_a_line_drawn_under_them_touching_their_feet_are_read(photo, onnx, real_photo):
    # drawn with the pen, the line is too thick to be erased as a ruling: it joined each row into one region, read
    # as a word (5 rows: a page of text, nothing read) or cut into digits with a bar at their feet (7 read as 2)
    recognizer = Recognizer(onnx, smooth=False)
    image = real_photo(photo)
    written = recognizer.process(image)
    assert recognizer.process(underlined(image, [d.box for d in written.detections])).rows == written.rows


def test_a_line_drawn_under_a_regions_digits_is_cleared_and_nothing_else():
    region = np.zeros((60, 200), np.uint8)
    cv2.rectangle(region, (10, 5), (40, 50), 255, 3)      # two digit-like strokes ...
    cv2.line(region, (100, 5), (100, 50), 255, 3)
    plain = region.copy()
    region[52:57] = 255                                   # ... on a line drawn under them
    cleared = without_underline(region)
    assert cv2.countNonZero(cleared[51:58]) == 0 and np.array_equal(cleared[:50], plain[:50])
    assert without_underline(plain) is plain


def test_the_component_a_segment_runs_through_is_the_commonest_along_it():
    labels = np.zeros((20, 40), np.int32)
    labels[5, 0:30] = 2   # a line along row 5: 7 of the first segment's 9 points ...
    labels[5, 30:40] = 1  # ... and 2 on another component
    labels[10, 0:13], labels[10, 13:27] = 3, 4  # 3 points on each of two components, 3 on none: the lower label
    segments = np.array([[0, 5, 39, 5], [0, 10, 39, 10], [0, 15, 39, 15]], np.float64)
    assert components_of(segments, labels).tolist() == [2, 3, 0]  # (0: no component under the third)
