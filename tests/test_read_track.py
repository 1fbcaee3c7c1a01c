"""Reading order and tracking."""
import cv2
import numpy as np
import pytest

from realtime.pipeline import Recognizer
from realtime.read import estimate_skew, group_lines, numbers, read_lines, rows_skew
from realtime.robustness import turned
from realtime.track import Tracker, iou_matrix

from conftest import tilted


def read_numbers(boxes, digits):
    """The numbers of all lines, in reading order."""
    return [number for line in read_lines(boxes, digits) for number in line]


def row(text, x, y, h=30, w=18, gap=6, slope=0.0):
    boxes, digits = [], []
    for ch in text:
        if ch == " ":
            x += 2 * h
            continue
        boxes.append((int(x), int(y + slope * x), w, h))
        digits.append(int(ch))
        x += w + gap
    return boxes, digits


def test_two_lines_read_in_order():
    a, da = row("2026", 100, 50)
    b, db = row("42", 120, 120)
    assert read_numbers(b + a, db + da) == ["2026", "42"]


def test_numbers_split_on_wide_gaps():
    boxes, digits = row("12 345 6", 20, 40)
    assert read_numbers(boxes, digits) == ["12", "345", "6"]
    assert numbers(boxes[::-1]) == [[[5, 4], [3, 2, 1], [0]]]  # indices into the boxes as given


def test_each_line_keeps_its_numbers():
    a, da = row("0 12 345", 20, 40)
    b, db = row("6 78", 20, 100)
    assert read_lines(b + a, db + da) == [["0", "12", "345"], ["6", "78"]]


def test_tilted_sheet_keeps_its_lines():
    a, da = row("8524 48 027", 20, 300, slope=-0.15)
    b, db = row("11 103", 20, 240, slope=-0.15)
    assert read_numbers(a + b, da + db) == ["11", "103", "8524", "48", "027"]


def test_a_sheet_held_tilted_steeply_keeps_its_lines():
    a, da = row("8524 48 027", 20, 500, slope=-0.5)  # about 27 degrees: steeper than MAX_SKEW allows alone
    b, db = row("11 103", 20, 420, slope=-0.5)
    assert abs(rows_skew(np.array(a + b, np.float64)) + 0.5) < 0.02
    assert read_numbers(a + b, da + db) == ["11", "103", "8524", "48", "027"]


def test_a_few_digits_all_sloping_steeply_are_one_row():
    # 4285 in a photo turned 25 degrees: two slopes (0.47, 0.57) that do not agree within SKEW_AGREE, both steep
    boxes = [(231, 213, 108, 132), (315, 249, 96, 138), (435, 321, 75, 129), (510, 339, 117, 150)]
    assert read_lines(boxes, [4, 2, 8, 5]) == [["4285"]]


def test_a_fractions_numerator_and_denominator_are_lines_of_their_own():
    # the boxes read in the fraction photo at half size (4 x 2 - (1 + 9) / 10 + 6, written sloping up a little): the
    # numerator's levels were within half the digits' median height of the main line's, which took it in (42196)
    boxes = [(342, 156, 35, 56), (506, 108, 26, 37), (41, 112, 28, 49), (159, 106, 26, 46), (357, 85, 20, 32),
             (294, 159, 18, 50), (278, 84, 18, 39)]
    assert ["".join(line) for line in read_lines(boxes, [0, 6, 4, 2, 9, 1, 1])] == ["19", "426", "10"]


@pytest.mark.parametrize("scale, angle", [(0.5, 0), (0.5, 4), (0.75, -4), (0.25, 0)])  # 0.25: 320 px wide
def test_a_photographed_fraction_is_read_in_three_rows(scale, angle, onnx, real_photo):
    photo = cv2.resize(real_photo("visionmath_hard1_fraction.jpg"), None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    assert Recognizer(onnx, smooth=False).process(turned(photo, angle)).rows == ["19", "426", "10"]  # was 42196 10


# the boxes read in the fraction photo seen by a camera leaning forward (its bottom edge 20% narrower): from the 2 the
# nearest digit on the right is the numerator's 1, a pair across two lines that tilted the rows' slope to -0.053
FRACTION_LEANING = [(679, 341, 58, 101), (970, 246, 53, 73), (143, 255, 57, 95), (709, 197, 36, 66),
                    (351, 243, 52, 89), (595, 346, 31, 91), (564, 195, 31, 80)]


def test_the_rows_slope_leaves_out_a_pair_across_two_lines():
    boxes = np.array(FRACTION_LEANING, np.float64)
    assert abs(rows_skew(boxes) + 0.034) < 0.001 and estimate_skew(boxes) < -0.05  # the median of all: -0.053
    assert ["".join(line) for line in read_lines(FRACTION_LEANING, [0, 6, 4, 9, 2, 1, 1])] == ["19", "426", "10"]


# ... and by a camera leaning back (its top edge 20% narrower): from the 0 the nearest digit on the right a height or
# two away is the main line's 6, a pair across two lines steeper than any row (-0.42), half the slopes tilted by two
FRACTION_LEANING_BACK = [(567, 144, 31, 72), (145, 197, 56, 96), (705, 145, 33, 59), (351, 186, 45, 87),
                         (973, 189, 44, 71), (592, 289, 33, 107), (682, 283, 64, 119)]


def test_the_rows_slope_leaves_out_pairs_steeper_than_any_row():
    boxes = np.array(FRACTION_LEANING_BACK, np.float64)
    assert abs(rows_skew(boxes) + 0.058) < 0.001 and estimate_skew(boxes) < -0.15
    assert ["".join(line) for line in read_lines(FRACTION_LEANING_BACK, [1, 4, 9, 2, 6, 1, 0])] == ["19", "426", "10"]


@pytest.mark.parametrize("edge, shrink", [("bottom", 0.2), ("bottom", 0.35), ("top", 0.2), ("top", 0.35)])
def test_a_fraction_seen_by_a_leaning_camera_is_read_in_three_rows(edge, shrink, onnx, real_photo):
    photo = tilted(real_photo("visionmath_hard1_fraction.jpg"), shrink, edge)
    assert Recognizer(onnx, smooth=False).process(photo).rows == ["19", "426", "10"]  # was 42196 10 or 4219 6 10


@pytest.mark.parametrize("name, rows", [("bikz05_photo_1.jpg", ["05221859"]), ("vinay0410_numbers.jpg", ["13540"]),
                                        ("dkljajo_digits_and_operators.jpg", ["12345", "67890"]),
                                        ("bikz05_photo_2.jpg", ["12345", "6879", "88888", "66666", "77777"]),
                                        ("nidhi-barhate_webcam_capture.jpg", ["4285"])])
@pytest.mark.parametrize("angle", [-25, 25])
def test_a_photo_turned_steeply_is_read_in_its_rows(name, rows, angle, onnx, real_photo):
    assert Recognizer(onnx, smooth=False).process(turned(real_photo(name), angle)).rows == rows  # were read in pieces


def test_digits_bobbing_about_their_line_stay_on_it():
    boxes, digits = row("0649 1375", 20, 100, h=40)
    bobbing = [(x, y + offset, w, h) for (x, y, w, h), offset in zip(boxes, [0, 6, -4, 8, -6, 4, 8, -2])]
    assert read_lines(bobbing, digits) == [["0649", "1375"]]


def test_empty():
    assert read_numbers([], []) == [] and group_lines([]) == []


def test_iou():
    boxes = np.array([[0, 0, 10, 10], [5, 0, 10, 10]])
    iou = iou_matrix(boxes, boxes)
    assert np.allclose(np.diag(iou), 1) and np.isclose(iou[0, 1], 50 / 150)


def test_tracker_smooths_a_flicker_and_keeps_ids():
    tracker = Tracker()
    seven, one = np.eye(10)[7], np.eye(10)[1]
    ids, first = tracker.update([(10, 10, 20, 30)], seven[None])
    assert np.array_equal(first[0], seven)  # the first frame is complete on its own
    ids2, probs = tracker.update([(11, 10, 20, 30)], (0.45 * seven + 0.55 * one)[None])
    assert ids2 == ids and probs[0].argmax() == 7


def test_a_box_that_now_holds_another_digit_starts_a_new_track():
    tracker = Tracker()
    seven, one = np.eye(10)[7], np.eye(10)[1]
    bar, stroke = np.zeros((1, 28, 28), np.uint8), np.zeros((1, 28, 28), np.uint8)
    bar[0, 6:10, 4:24], stroke[0, 4:24, 12:16] = 255, 255  # a 7's top bar; a 1's upright stroke
    ids, _ = tracker.update([(10, 10, 20, 30)], seven[None], bar)
    same, smoothed = tracker.update([(11, 10, 20, 30)], (0.45 * seven + 0.55 * one)[None], bar)
    assert same == ids and smoothed[0].argmax() == 7  # alike: smoothed
    other, own = tracker.update([(11, 10, 20, 30)], one[None], stroke)
    assert other != ids and np.array_equal(own[0], one)  # another digit in the box: its own reading


def test_tracker_forgets_lost_boxes():
    tracker = Tracker(max_missed=2)
    tracker.update([(0, 0, 10, 10)], np.eye(10)[:1])
    for _ in range(3):
        tracker.update([], np.zeros((0, 10)))
    assert len(tracker.ids) == 0
