"""Writing styles MNIST lacks, drawn on its digits for training and for measuring."""
import cv2
import numpy as np
import pytest

from realtime import styles


def test_a_flag_is_a_stroke_down_and_left_from_the_top_of_a_1(mnist_test_slice):
    images, labels = mnist_test_slice
    rng = np.random.default_rng(3)
    short_ink, long_ink = [], []
    for one in images[labels == 1][:20]:
        ys, xs = np.nonzero(one > 127)
        top, left, height = ys.min(), xs[ys.argmin()], np.ptp(ys)
        added = np.argwhere(styles.with_flag(one, rng).astype(int) - one > 60)  # pixels the flag darkened
        assert len(added) >= 2
        assert added[:, 1].mean() < left and added[:, 0].mean() > top  # down and to the left
        assert (added[:, 1] <= left + 3).all() and (added[:, 0] <= top + 0.3 * height + 2).all()  # short
        long = np.argwhere(styles.with_flag(one, rng, styles.LONG_FLAG).astype(int) - one > 60)
        assert (long[:, 0] <= top + 0.5 * height + 2).all()
        short_ink.append(len(added))
        long_ink.append(len(long))
    assert np.mean(long_ink) > 1.3 * np.mean(short_ink)


def test_a_crossbar_crosses_the_stem_of_a_7(mnist_test_slice):
    images, labels = mnist_test_slice
    for seven in images[labels == 7][:10]:
        crossed = styles.with_crossbar(seven)
        added = np.argwhere((crossed > 127) & (seven <= 127))
        assert len(added) >= 4 and np.ptp(added[:, 0]) <= 4 and np.ptp(added[:, 1]) >= 6  # a short level bar
        ys = np.nonzero(seven > 127)[0]
        assert ys.min() < added[:, 0].mean() < ys.max()  # across the stem, below the top bar



def test_a_base_is_a_level_bar_under_the_foot_of_a_1(mnist_test_slice):
    images, labels = mnist_test_slice
    rng = np.random.default_rng(4)
    for one in images[labels == 1][:20]:
        ys, xs = np.nonzero(one > 127)
        added = np.argwhere(styles.with_base(one, rng).astype(int) - one > 60)
        assert len(added) >= 2 and np.ptp(added[:, 0]) <= 3  # level (a 2 px pen, smoothed)
        assert abs(added[:, 0].mean() - ys.max()) <= 1.5  # at the foot
        assert abs(added[:, 1].mean() - xs[ys.argmax()]) <= 2  # centred under it


def test_restyled_gives_some_1s_and_7s_a_style_and_leaves_other_digits_as_written(mnist_test_slice):
    images, labels = mnist_test_slice
    rng = np.random.default_rng(5)
    changed = {digit: [not np.array_equal(styles.restyled(image, digit, rng), image)
                       for image in images[labels == digit][:100]] for digit in range(10)}
    assert 0.25 < np.mean(changed[1]) < 0.55 and 0.15 < np.mean(changed[7]) < 0.45
    assert not any(any(changed[digit]) for digit in (0, 2, 3, 4, 5, 6, 8, 9))
    assert np.array_equal(styles.restyled(np.zeros((28, 28), np.uint8), 1, rng), np.zeros((28, 28)))  # no ink: as is


def test_operators_written_by_hand_have_their_shapes():
    rng = np.random.default_rng(6)
    for _ in range(20):
        shapes = {}
        for name in styles.OPERATORS:
            image = styles.operator(name, rng)
            x, y, w, h = cv2.boundingRect(cv2.threshold(image, 127, 255, cv2.THRESH_BINARY)[1])
            assert image.shape == (28, 28) and abs(x + w / 2 - 14) <= 4 and abs(y + h / 2 - 14) <= 4  # centred
            shapes[name] = (w, h, image)
        assert shapes["-"][0] > 1.5 * shapes["-"][1]  # a level stroke
        assert shapes["="][2][:13].max() > 127 and shapes["="][2][16:].max() > 127  # a bar above the middle, one below
        for bracket in "()":
            assert shapes[bracket][1] > 2 * shapes[bracket][0]  # tall and narrow
        middle = [np.flatnonzero(shapes[b][2][14] > 127).mean() for b in "()"]
        tops = [np.flatnonzero(shapes[b][2][shapes[b][2].any(axis=1).argmax() + 1] > 60).mean() for b in "()"]
        assert middle[0] < tops[0] and middle[1] > tops[1]  # ( bulges left, ) right
        for cross in "+x":
            assert shapes[cross][2][12:17, 12:17].max() > 127 and min(shapes[cross][:2]) >= 8  # strokes cross mid
    for unknown in ("/", "", "+x"):
        with pytest.raises(ValueError):
            styles.operator(unknown, rng)
