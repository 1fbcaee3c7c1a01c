"""A doubted crop read again, turned a little either way."""
import cv2
import numpy as np

from realtime.second_opinion import DOUBTED, second_opinion

from conftest import Recording


def test_only_doubted_crops_are_read_again_turned_and_averaged():
    crops = np.zeros((3, 28, 28), np.uint8)
    crops[:, 4:24, 12:16] = 255  # an upright stroke
    sure, doubted, other = np.eye(10)[1], 0.7 * np.eye(10)[7] + 0.3 * np.eye(10)[1], np.eye(10)[1]
    backend = Recording(other)  # turned, each crop reads as a sure 1
    probs = second_opinion(backend, crops, np.array([sure, doubted, sure]))
    assert len(backend.given) == 1 and len(backend.given[0]) == 2  # one call: the doubted crop turned both ways
    assert not np.array_equal(backend.given[0][0], crops[1]) and not np.array_equal(backend.given[0][0], backend.given[0][1])
    assert np.array_equal(probs[[0, 2]], [sure, sure])
    assert np.allclose(probs[1], (doubted + 2 * other) / 3) and probs[1].argmax() == 1


def test_a_frame_of_sure_readings_costs_no_second_call():
    backend = Recording(np.eye(10)[3])
    probs = np.repeat(np.eye(10)[[5]] * 0.99 + 0.001, 4, axis=0)
    assert probs.max() >= DOUBTED
    assert np.array_equal(second_opinion(backend, np.zeros((4, 28, 28), np.uint8), probs), probs) and backend.given == []


def test_a_turned_crop_keeps_its_ink_in_the_crop():
    crop = np.zeros((28, 28), np.uint8)
    cv2.circle(crop, (14, 14), 8, 255, 2)  # a 0 in the 20x20 box
    backend = Recording(np.eye(10)[0])
    second_opinion(backend, crop[None], np.full((1, 10), 0.1))
    for turned in backend.given[0]:
        assert abs(int(turned.astype(np.int64).sum()) - int(crop.astype(np.int64).sum())) < 0.1 * crop.astype(np.int64).sum()
