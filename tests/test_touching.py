"""Digits written touching cut apart, digits broken into pieces read joined, and a digit written wide kept whole."""
from pathlib import Path

import cv2
import numpy as np
import pytest

from realtime.broken import broken_across, clear_as_pieces
from realtime.detect import Candidate, DetectorConfig, between_rows, detect, pieces_of_wide
from realtime.paper import PaperRoughness
from realtime.pipeline import Recognizer, best_cuts, better_readings
from realtime.robustness import turned, written_sheet
from realtime.split import cut_across, split_at_cores
from realtime.track import iou_matrix
from realtime.synth import make_scenes

from conftest import Recording, centred


def test_a_digit_joined_to_a_line_running_to_the_frame_edge_is_cut_free():
    frame = np.full((240, 320), 225, np.uint8)
    for x, digit in zip((30, 70, 110), "741"):
        cv2.putText(frame, digit, (x, 150), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 40, 3)
    ys, xs = np.nonzero(frame[:, 30:65] < 100)
    bottom, stem = ys.max(), xs[ys == ys.max()].min() + 30
    cv2.line(frame, (0, int(bottom)), (int(stem), int(bottom)), 120, 1)  # a broken ruling's piece, from the edge
    candidates, _ = detect(cv2.GaussianBlur(frame, (3, 3), 0))
    seven = [c.box for c in candidates if c.box[0] < 60]
    assert len(candidates) == 3 and len(seven) == 1 and 28 <= seven[0][0] <= 33 and seven[0][2] < 25


def touching_pair(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Two MNIST digits written touching (the second's first ink column on the first's last), 56 px tall, dark on a
    160x260 sheet."""
    overlap = np.flatnonzero(first.max(axis=0))[-1] - np.flatnonzero(second.max(axis=0))[0]
    pair = np.zeros((28, 80), np.uint8)
    pair[:, :28] = first
    pair[:, overlap:overlap + 28] = np.maximum(pair[:, overlap:overlap + 28], second)  # strokes touch
    frame = np.full((160, 260), 225, np.float32)
    frame[40:96, 40:200] -= 0.7 * cv2.resize(pair, None, fx=2, fy=2, interpolation=cv2.INTER_LINEAR)
    return frame.astype(np.uint8)


def test_two_digits_written_touching_are_read_as_two(onnx, mnist_test_slice):
    images, labels = mnist_test_slice
    recognizer = Recognizer(onnx, smooth=False)
    right = 0
    for i in range(0, 200, 2):
        read = sorted(recognizer.process(touching_pair(images[i], images[i + 1])).detections, key=lambda d: d.box[0])
        right += [d.digit for d in read] == [labels[i], labels[i + 1]]
    assert right >= 66  # of 100 pairs; 76 (58 with one cut at the thinnest column; read as one region only, 21)


@pytest.mark.parametrize("first", [10, 26, 54, 170])  # 0 6, 7 4 and 6 0 read as nothing, 4 7 as 1 7 before
def test_touching_digits_are_cut_where_the_network_reads_both(first, onnx, mnist_test_slice):
    images, labels = mnist_test_slice  # the thinnest column runs through the 0's or the 4's loop
    frame = touching_pair(images[first], images[first + 1])
    read = sorted(Recognizer(onnx, smooth=False).process(frame).detections, key=lambda d: d.box[0])
    assert [d.digit for d in read] == [labels[first], labels[first + 1]]


def test_the_surest_of_the_ways_to_cut_a_region_sure_of_both_pieces_is_chosen():
    def read(*pairs):  # (digit, confidence) per piece, two per way
        probs = np.full((len(pairs), 10), 0.0)
        for row, (digit, confidence) in enumerate(pairs):
            probs[row] = (1 - confidence) / 9
            probs[row, digit] = confidence
        return probs
    confidences = np.array([0.3, 0.4, 0.995, 0.995, 0.2])  # region 0, region 1 and the pieces its necks part it into
    ways = read((4, 0.99), (7, 0.995), (1, 0.97), (7, 0.99),   # region 0: two ways, the first surer
                (2, 0.99), (3, 0.99),                          # region 1: sure, but not surer than its necks' pieces
                (1, 0.99), (1, 0.99),                          # region 4: two 1s (a zigzag)
                )
    assert best_cuts([0, 1, 4], [2, 1, 1], ways, confidences, {1: [2, 3]}) == {0: 0}
    assert best_cuts([0], [2], read((4, 0.96), (7, 0.99), (1, 0.5), (7, 0.99)), confidences, {}) == {}
    assert best_cuts([0], [2], read((6, 1.0), (5, 0.965), (6, 0.98), (5, 0.98)), confidences, {}) == {0: 2}


def test_the_pieces_of_touching_digits_read_per_frame_are_capped():
    blank = np.zeros((28, 28), np.uint8)
    cuttable = Candidate((0, 0, 30, 30), blank, cut_in_two=lambda index: [[Candidate((0, 0, 15, 30), blank, index),
                                                                       Candidate((15, 0, 15, 30), blank, index)]] * 6)
    sure = [Candidate((40 * k, 100, 20, 30), blank) for k in range(100)]
    candidates = sure + [cuttable] * 40  # 40 doubted regions with six ways each: 480 pieces
    backend = Recording(np.eye(10)[3])
    recognizer = Recognizer(backend, smooth=False)
    probs = np.concatenate([np.repeat(np.eye(10)[[5]], 100, axis=0), np.full((40, 10), 0.1)])
    recognizer.with_touching_pieces(candidates, np.zeros((140, 28, 28), np.uint8), probs)
    assert len(backend.given) == 1 and 0 < len(backend.given[0]) <= recognizer.detector.max_candidates


@pytest.mark.parametrize("first", [40, 88, 114, 178])  # a 1 and a 7, a 6 and a 1, a 7 and a 4, a 1 and an 8
def test_narrow_digits_written_touching_are_read_as_two(first, onnx, mnist_test_slice):
    images, labels = mnist_test_slice
    frame = touching_pair(images[first], images[first + 1])  # together no wider than tall: never split before
    read = sorted(Recognizer(onnx, smooth=False).process(frame).detections, key=lambda d: d.box[0])
    assert [d.digit for d in read] == [labels[first], labels[first + 1]]


def test_a_squiggle_is_not_cut_into_two_ones(onnx, mnist_path):
    scene = make_scenes("ruled", 6, 7, data_dir=mnist_path)[5]  # a pen's squiggle (a tilde) at x 187-214, y 246-272
    found = Recognizer(onnx, smooth=False).process(scene.image).detections
    assert not [d for d in found if 180 <= d.box[0] + d.box[2] / 2 <= 220 and 240 <= d.box[1] + d.box[3] / 2 <= 280]


def test_digits_touching_broadly_in_a_small_photo_are_cut_apart(onnx, real_photo):
    photo = real_photo("nidhi-barhate_webcam_capture.jpg")  # 4285 in a thick marker, the 8 nearly touching
    small = cv2.resize(photo, None, fx=0.2, fy=0.2, interpolation=cv2.INTER_AREA)  # digits 23 px tall
    frame = centred(small, np.median(small.reshape(-1, 3), axis=0))
    # the 8 and 5 joined with no neck between them were read as one region, a 7 at 0.1: `42`
    assert Recognizer(onnx, smooth=False).process(frame).rows == ["4285"]


def test_a_digit_written_wide_is_read_whole(onnx, mnist_test_slice):
    images, labels = mnist_test_slice
    recognizer = Recognizer(onnx, smooth=False)
    right = tried = 0
    for image, label in zip(images[:200], labels[:200]):
        ys, xs = np.nonzero(image > 40)
        ink = image[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
        if ink.shape[1] < 0.5 * ink.shape[0]:
            continue  # a 1 written wide is no 1
        frame = np.full((120, 200), 225, np.float32)
        frame[35:85, 50:145] -= 0.7 * cv2.resize(ink, (95, 50), interpolation=cv2.INTER_LINEAR)  # 1.9 heights wide
        tried += 1
        right += [d.digit for d in recognizer.process(frame.astype(np.uint8)).detections] == [label]
    assert right >= 38  # of 174 (65; 67 before regions 1.3 heights wide were cut without a neck); 28 when regions


def test_a_wide_region_is_read_whole_unless_the_network_is_surer_of_its_pieces():
    whole, left, right = Candidate((0, 0, 40, 30), None), Candidate((0, 0, 20, 30), None, 0), Candidate((20, 0, 20, 30), None, 0)
    other = Candidate((100, 0, 20, 30), None)
    candidates = [whole, other, left, right]
    assert better_readings(candidates, np.array([0.5, 0.9, 0.97, 0.95])) == [1, 2, 3]
    assert better_readings(candidates, np.array([0.96, 0.9, 0.97, 0.95])) == [0, 1]
    assert better_readings(candidates, np.array([0.5, 0.9, 0.97, 0.6])) == [0, 1]


def regions_at(*boxes) -> list:
    """(box, region) pairs of these boxes, as regions() gives them (the masks do not matter to broken_across)."""
    return [(box, None) for box in boxes]


def test_two_short_regions_one_above_the_other_as_tall_as_a_digit_may_be_its_halves():
    digits = [(0, 0, 40, 100), (200, 0, 40, 100), (300, 0, 40, 100)]
    upper, lower = (100, 0, 50, 35), (102, 40, 48, 62)  # a 3 parted at its cusp: 35 + 5 + 62 px
    assert broken_across(regions_at(*digits, lower, upper)) == [(4, 3)]
    assert broken_across(regions_at(*digits, (100, 0, 50, 35), (160, 40, 48, 62))) == []  # side by side
    assert broken_across(regions_at(*digits, (100, 0, 50, 35), (102, 60, 48, 62))) == []  # too far apart
    assert broken_across(regions_at(*digits, (100, 0, 50, 30), (102, 35, 48, 30))) == []  # together too short
    # the arcs' ends meeting at the cusp: their rows overlap a little (not much: halves lie one above the other)
    assert broken_across(regions_at(*digits, (102, 46, 48, 54), (100, 0, 50, 48))) == [(4, 3)]
    assert broken_across(regions_at(*digits, (102, 30, 48, 60), (100, 0, 50, 48))) == []
    column = [(100, 0, 40, 100), (100, 110, 40, 100), (200, 0, 40, 100)]  # digits written one per line
    assert broken_across(regions_at(*column)) == []
    # `13 + 7` in a thin pen: the 3's halves, the plus and a speck are most of the regions (upper quartile: a half)
    plus, speck = (400, 40, 40, 35), (500, 10, 10, 20)
    assert broken_across(regions_at(digits[0], digits[1], lower, upper, plus, speck)) == [(3, 2)]


def a_three_parted_at_its_cusp(upper_grey: int) -> np.ndarray:
    """Four 1s in a dark pen and a 3 whose upper arc (this grey on paper at 220) is parted from its lower arc (160)."""
    frame = np.full((200, 260), 220, np.uint8)
    for x in (20, 60, 100, 210):
        cv2.line(frame, (x, 70), (x, 130), 40, 4)
    cv2.ellipse(frame, (155, 84), (14, 13), 0, -160, 90, upper_grey, 3)
    cv2.ellipse(frame, (155, 116), (15, 14), 0, -90, 160, 160, 3)
    return frame


def test_a_faint_piece_of_a_digit_broken_across_counts_with_its_clearer_piece():
    # the upper arc is too light to hold clear ink of its own (alone it was dropped, and the 3 read from its lower arc)
    candidates, _ = detect(a_three_parted_at_its_cusp(190))
    boxes = [c.box for c in candidates if 130 < c.box[0] < 200]
    assert any(abs(y - 70) <= 2 and abs(y + h - 133) <= 2 for _, y, _, h in boxes)  # the whole 3 is read too
    candidates, _ = detect(a_three_parted_at_its_cusp(200))  # an arc too light to be ink at all is not joined
    assert [c.box[1] for c in candidates if 130 < c.box[0] < 200] == [100]


def test_the_faint_pieces_of_a_digit_are_looked_for_on_the_sheet_not_among_a_backdrops_marks():
    rng = np.random.default_rng(0)
    paper = np.full((400, 640), 200, np.uint8)  # a held-up sheet, and a cloth's folds to its right
    folds = cv2.resize(rng.normal(0, 40, (40, 40)).astype(np.float32), (320, 400), interpolation=cv2.INTER_CUBIC)
    paper[:, 320:] = np.clip(170 + folds, 0, 255).astype(np.uint8)
    ones = [(x, 100, 8, 80) for x in (20, 60, 240)]
    upper, lower = (100, 100, 30, 24), (102, 140, 28, 26)  # a 3's arcs, 16 px apart: its upper arc without clear ink
    marks = [(400 + 60 * i, 100, 30, 150) for i in range(4)]  # taller marks beyond the sheet
    regions = [(box, None) for box in ones + [upper, lower] + marks]
    clear = [True] * 3 + [False, True] + [True] * 4
    # the backdrop's marks do not set the digits' height, nor are pieces on the folds joined
    assert clear_as_pieces(regions, clear, PaperRoughness(paper, 24))[3]
    assert not clear_as_pieces(regions, clear, PaperRoughness(paper[:, ::-1].copy(), 24))[3]


def test_three_short_regions_stacked_as_tall_as_a_digit_may_be_its_pieces():
    digits = [(0, 0, 40, 100), (200, 0, 40, 100), (300, 0, 40, 100)]
    # a thin pen's 3 on graph paper, broken where grid lines were erased: 28 px, a 19 px gap, 26, 3, 20
    top, middle, tail = (100, 0, 38, 28), (102, 47, 37, 26), (124, 76, 15, 20)
    assert broken_across(regions_at(*digits, tail, top, middle)) == [(4, 5, 3)]
    small_column = [(100, 0, 30, 30), (100, 49, 30, 30), (100, 98, 30, 30)]  # two too short, three too tall
    assert broken_across(regions_at(*digits, *small_column)) == []


def test_a_broken_digit_is_read_joined_when_the_network_is_as_sure_of_it_as_of_its_halves_or_sure():
    upper, lower = Candidate((0, 0, 40, 35), None, half_of=3), Candidate((0, 40, 40, 62), None, half_of=3)
    other, whole = Candidate((100, 0, 40, 100), None), Candidate((0, 0, 40, 102), None)
    candidates = [upper, lower, other, whole]
    assert better_readings(candidates, np.array([0.98, 0.5, 0.99, 0.95])) == [2, 3]  # sure of the 3 joined
    assert better_readings(candidates, np.array([0.7, 0.5, 0.99, 0.8])) == [2, 3]  # surer of it than of either
    assert better_readings(candidates, np.array([0.3, 0.77, 0.99, 0.5])) == [0, 1, 2]  # a 4's body and a speck


def test_a_thin_pens_3_parted_at_its_cusp_is_read_whole(onnx, real_photo):
    # `13 + 7` in blue ballpoint on blue graph paper at half size: its 3 comes apart where its bows meet (`17` or
    # `177` when turned 2-4 degrees, before)
    photo = real_photo("visionmath_13plus7_grid.jpg")
    half = cv2.resize(photo, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    recognizer = Recognizer(onnx, smooth=False)
    assert [recognizer.process(turned(half, angle)).rows for angle in (-4, -2, 2, 4)] == [["137"]] * 4


def on_a_dark_desk(photo: np.ndarray, share: float, angle: float) -> np.ndarray:
    """A 640x480 frame of the photo as a sheet `share` of the frame's height, turned `angle` degrees, on a dark desk,
    slightly out of focus."""
    scale = share * 480 / max(photo.shape[0], photo.shape[1] * 0.75)
    sheet = cv2.resize(photo, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = sheet.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turn[:, 2] += ((640 - w) / 2, (480 - h) / 2)
    return cv2.GaussianBlur(cv2.warpAffine(sheet, turn, (640, 480), borderValue=(40, 50, 60)), (0, 0), 0.7)


@pytest.mark.parametrize("share, angle", [(0.6, 2), (0.7, -4), (0.8, -4), (0.8, -2), (0.8, 2)])
def test_a_thin_pens_3_broken_in_three_or_farther_apart_is_read_whole(share, angle, onnx, real_photo):
    # on a desk, the blue graph paper's erased lines break the 3 of `13 + 7` in three, or its halves farther apart
    # than a cusp parts them (read `177` or `1777` before)
    frame = on_a_dark_desk(real_photo("visionmath_13plus7_grid.jpg"), share, angle)
    assert Recognizer(onnx, smooth=False).process(frame).rows == ["137"]


def test_a_region_is_split_where_only_the_halo_of_its_ink_joins_its_digits():
    strokes = np.zeros((30, 34), np.uint8)
    cv2.ellipse(strokes, (11, 15), (7, 12), 0, 0, 360, 255, 2)  # a 0 and a 1, 4 px apart
    cv2.line(strokes, (24, 3), (24, 27), 255, 2)
    darkness = cv2.GaussianBlur(strokes, (0, 0), 1.0) // 2
    region = cv2.dilate((darkness > 0).astype(np.uint8) * 255, np.ones((5, 5), np.uint8))  # the blur's halo joins them
    assert cv2.connectedComponents(region)[0] == 2
    pieces = split_at_cores(region, darkness)
    assert len(pieces) == 2 and pieces[0][0] == 0 and pieces[1][0] > 17  # the 1's piece starts beyond the 0's ink
    assert sum(cv2.countNonZero(piece) for _, piece in pieces) == cv2.countNonZero(region)
    zero = region[:, :19]  # the 0 alone (and a sliver of the 1's halo): one core, kept whole
    assert [offset for offset, _ in split_at_cores(zero, darkness[:, :19])] == [0]


def test_a_wide_region_that_only_the_halo_of_its_ink_joins_is_also_read_as_its_digits():
    strokes = np.zeros((44, 80), np.uint8)
    cv2.ellipse(strokes, (26, 22), (10, 13), 0, 0, 360, 255, 2)  # a 0 and a 1, 5 px apart: wider than tall
    cv2.line(strokes, (43, 9), (43, 35), 255, 2)
    darkness = cv2.GaussianBlur(strokes, (0, 0), 1.0) // 2
    region = cv2.dilate((darkness > 0).astype(np.uint8) * 255, np.ones((3, 3), np.uint8))
    box = cv2.boundingRect(region)
    x, y, w, h = box
    found = [(box, region[y:y + h, x:x + w])]
    pieces = pieces_of_wide(found, region.shape, DetectorConfig(), darkness)
    assert w > h and [piece_box[0] < 36 for piece_box, _ in pieces[0]] == [True, False]
    assert pieces_of_wide(found, region.shape, DetectorConfig(), None) == {}  # amid words: a letter's joins


def oblique_numbers(numbers: list[str], size: int, sigma: float, closer: int = 2):
    """Numbers in a light pen, oblique (matplotlib's DejaVu Sans Oblique, `size` px), their digits `closer` px closer
    than the font spaces them, blurred (`sigma` px) so that a low threshold joins each number's digits:
    (frame, the digits' boxes)."""
    matplotlib = pytest.importorskip("matplotlib")
    pil = pytest.importorskip("PIL.Image")
    from PIL import ImageDraw, ImageFont
    font = ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans-Oblique.ttf"), size)
    page = pil.new("L", (640, 480), 215)
    draw = ImageDraw.Draw(page)
    for k, number in enumerate(numbers):
        x, y = 80 + 280 * (k % 2), 100 + 2 * size * (k // 2)
        for digit in number:
            draw.text((x, y), digit, font=font, fill=155)
            x += draw.textlength(digit, font=font) - closer
    sharp = np.asarray(page)
    count, _, stats, _ = cv2.connectedComponentsWithStats((sharp < 200).astype(np.uint8))
    return cv2.GaussianBlur(sharp, (0, 0), sigma), stats[1:, :4]


@pytest.mark.parametrize("size, sigma", [(40, 1.0), (40, 1.3)])
def test_digits_that_only_the_blur_joins_are_found_apart(size, sigma):
    frame, digits = oblique_numbers(["3706", "5111", "2468", "9035", "4172", "6809"], size, sigma)
    assert len(digits) == 24  # no digit touches another
    boxes = np.array([candidate.box for candidate in detect(frame)[0]], np.float64).reshape(-1, 4)
    # no neck parted the oblique digits' overlapping columns: 18 of them found
    assert (iou_matrix(digits, boxes).max(axis=1) >= 0.5).sum() >= 22


def test_a_region_is_cut_across_at_a_neck_or_where_asked():
    stack = np.zeros((60, 20), np.uint8)
    stack[:28, 2:18] = stack[32:, 2:18] = 255
    stack[28:32, 9:11] = 255  # two blobs touching by a thin bridge
    (top_at, top), (bottom_at, bottom) = cut_across(stack)
    assert 28 <= bottom_at <= 32 and top_at == 0 and top.shape[0] + bottom.shape[0] == 60
    assert cut_across(np.full((60, 6), 255, np.uint8)) == []  # a 1's stem has no neck
    assert [at for at, _ in cut_across(np.full((60, 6), 255, np.uint8), 25)] == [0, 25]


def test_a_tall_region_is_cut_between_the_rows_beside_it():
    upper = [(0, 100, 20, 30), (30, 102, 20, 30)]   # bottoms 130, 132
    lower = [(0, 140, 20, 30), (30, 142, 20, 30)]   # tops 140, 142
    assert between_rows((60, 100, 72), upper + lower) == 136 - 100
    assert between_rows((60, 100, 72), upper) is None  # no row below


# a digit written touching the one below it, in the next row (rows written close): its MNIST test images and how far
# below the upper one's top the lower one starts (where their inks first touch), from a search over random pairs
STACKS = [(1701, 1273, 49, 0), (1022, 539, 56, 1), (350, 1626, 47, 4), (1298, 1825, 42, 5)]


@pytest.mark.parametrize("upper, lower, below, row", STACKS)
def test_two_rows_written_close_are_read_where_two_of_their_digits_touch(upper, lower, below, row, onnx,
                                                                           mnist_test_slice):
    images, labels = mnist_test_slice
    first, second = range(500 + 3 * row, 503 + 3 * row), range(900 + 3 * row, 903 + 3 * row)
    placed = ([(images[k], 150, 50 + 80 * c, 70) for c, k in enumerate(first)] +
              [(images[k], 150 + below, 370 + 80 * c, 70) for c, k in enumerate(second)] +
              [(images[upper], 150, 290, 70), (images[lower], 150 + below, 290, 70)])
    rows = ["".join(str(labels[k]) for k in [*first, upper]), "".join(str(labels[k]) for k in [lower, *second])]
    assert Recognizer(onnx, smooth=False).process(written_sheet(placed, 1.2)).rows == rows  # read as one digit before
