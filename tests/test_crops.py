"""MNIST-style crop normalization: centre of mass, the 20x20 box, grey levels, thin strokes."""
import cv2
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from realtime.crops import MEAN_INK, normalize_crop
from realtime.pipeline import lean


def centre_of_mass(crop):
    m = cv2.moments(crop)
    return m["m10"] / m["m00"], m["m01"] / m["m00"]


def check_crop(crop):
    assert crop.shape == (28, 28) and crop.dtype == np.uint8
    ys, xs = np.nonzero(crop)
    assert ys.max() - ys.min() < 21 and xs.max() - xs.min() < 21  # fits the 20x20 box
    cx, cy = centre_of_mass(crop)
    touching = ys.min() == 0 or xs.min() == 0 or ys.max() == 27 or xs.max() == 27
    assert touching or (abs(cx - 14) <= 1 and abs(cy - 14) <= 1)


def test_mnist_digits_normalize_like_mnist(mnist_test_slice):
    images = mnist_test_slice[0][:200]
    for image in images:
        crop = normalize_crop(((image > 100) * 255).astype(np.uint8))
        check_crop(crop)
        cx, cy = centre_of_mass(crop)
        assert abs(cx - 14) <= 1 and abs(cy - 14) <= 1


def test_grey_crops_keep_the_loops_a_small_blurred_eight_loses_in_its_mask(mnist_test_slice):
    images, labels = mnist_test_slice
    eight = images[np.flatnonzero(labels == 8)[0]]
    small = cv2.GaussianBlur(cv2.resize(eight, (12, 12), interpolation=cv2.INTER_AREA), (3, 3), 0.8)
    mask = ((small > 40) * 255).astype(np.uint8)
    grey, binary = normalize_crop(mask, small), normalize_crop(mask)
    check_crop(grey)
    assert len(np.unique(grey)) > 20 and len(np.unique(binary)) <= len(np.unique(grey))
    # the loops' holes are darker in the grey crop than in the filled-in binary one
    holes = eight < 30
    holes[:4], holes[-4:], holes[:, :4], holes[:, -4:] = False, False, False, False
    assert grey[holes].mean() < binary[holes].mean()
    assert abs(cv2.mean(grey, mask=(grey > 0).astype(np.uint8))[0] - MEAN_INK) < 60


def test_a_thin_one_is_not_stretched_into_a_block():
    mask = np.zeros((60, 8), np.uint8)
    mask[:, 2:6] = 255
    crop = normalize_crop(mask)
    ys, xs = np.nonzero(crop)
    assert ys.max() - ys.min() >= 18 and xs.max() - xs.min() <= 8


def test_a_one_on_a_sheet_turned_clockwise_is_turned_upright():
    mask = np.zeros((110, 60), np.uint8)
    cv2.line(mask, (10, 105), (10 + round(100 * np.tan(np.radians(12))), 5), 255, 5)  # its top 12 degrees right
    assert lean(normalize_crop(mask)) > 10
    assert lean(normalize_crop(mask, angle=12)) < 2


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 120), st.integers(1, 120), st.integers(0, 2**32 - 1), st.floats(-30, 30))
def test_random_masks_normalize_into_the_box(height, width, seed, angle):
    rng = np.random.default_rng(seed)
    mask = ((rng.random((height, width)) > 0.6) * 255).astype(np.uint8)
    mask[rng.integers(height), rng.integers(width)] = 255
    check_crop(normalize_crop(mask, angle=angle))
