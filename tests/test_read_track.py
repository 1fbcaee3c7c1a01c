"""Reading order and tracking."""
import numpy as np

from realtime.read import group_lines, read_lines
from realtime.track import Tracker, iou_matrix


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


def test_each_line_keeps_its_numbers():
    a, da = row("0 12 345", 20, 40)
    b, db = row("6 78", 20, 100)
    assert read_lines(b + a, db + da) == [["0", "12", "345"], ["6", "78"]]


def test_tilted_sheet_keeps_its_lines():
    a, da = row("8524 48 027", 20, 300, slope=-0.15)
    b, db = row("11 103", 20, 240, slope=-0.15)
    assert read_numbers(a + b, da + db) == ["11", "103", "8524", "48", "027"]


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
