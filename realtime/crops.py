"""A digit's mask -> an MNIST-style 28x28 crop: its grey levels, fit in 20x20 keeping the aspect ratio,
centred by centre of mass in 28x28, stroke thickness brought near MNIST's."""
from __future__ import annotations

import cv2
import numpy as np

SQUARE3 = np.ones((3, 3), np.uint8)


def stroke_thickness(mask: np.ndarray) -> float:
    """Mean stroke width of a binary shape: twice its area over its boundary length."""
    area = cv2.countNonZero(mask)
    boundary = area - cv2.countNonZero(cv2.erode(mask, SQUARE3))
    return 2.0 * area / max(boundary, 1)


MNIST_STROKE = 2.4  # px in the 20x20 box


MEAN_INK = 200  # the mean grey level of an MNIST digit's stroke pixels, about


def soft_ink(mask: np.ndarray, darkness: np.ndarray) -> np.ndarray:
    """The digit's grey levels instead of its binary mask: darkness next to the mask, its mean -> MEAN_INK.

    Small or blurred digits keep the detail (an 8's loops, a 3's gap) that thresholding fills in.
    """
    near = cv2.dilate(mask, SQUARE3)
    ink = cv2.bitwise_and(darkness, near)
    return cv2.convertScaleAbs(ink, alpha=MEAN_INK / max(cv2.mean(darkness, mask)[0], 1.0))


def upright(image: np.ndarray, angle: float) -> np.ndarray:
    """`image` turned `angle` degrees counter-clockwise about its centre, cropped to what is not black."""
    h, w = image.shape
    side = int(np.ceil(np.hypot(w, h))) + 2
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turn[:, 2] += ((side - w) / 2, (side - h) / 2)
    turned = cv2.warpAffine(image, turn, (side, side), flags=cv2.INTER_LINEAR)
    x, y, w, h = cv2.boundingRect(turned)
    return turned[y:y + h, x:x + w] if w else image


def normalize_crop(mask: np.ndarray, darkness: np.ndarray | None = None, stroke: float | None = None,
                   angle: float = 0.0) -> np.ndarray:
    """Binary digit mask (any size) -> uint8 28x28 MNIST-style crop; grey if `darkness` (same shape) is given.
    `stroke`: the mask's stroke_thickness, if the caller has it; `angle`: degrees to turn the digit upright by
    (counter-clockwise), written on a turned sheet."""
    x, y, w, h = cv2.boundingRect(mask)
    if w == 0:
        return np.zeros((28, 28), np.uint8)
    mask = mask[y:y + h, x:x + w]
    image = mask if darkness is None else soft_ink(mask, darkness[y:y + h, x:x + w])
    if angle:
        image = upright(image, angle)
        h, w = image.shape
    scale = 20.0 / max(w, h)
    thickness = (stroke_thickness(mask) if stroke is None else stroke) * scale
    if thickness < MNIST_STROKE * 0.75 and scale < 1:
        grow = int(round((MNIST_STROKE - thickness) / scale))
        image = cv2.dilate(cv2.copyMakeBorder(image, grow, grow, grow, grow, cv2.BORDER_CONSTANT, value=0),
                           np.ones((grow + 1, grow + 1), np.uint8))
        h, w = image.shape
        scale = 20.0 / max(w, h)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    digit = cv2.resize(image, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    moments = cv2.moments(digit)
    canvas = np.zeros((28, 28), np.uint8)
    if moments["m00"] == 0:
        return canvas
    # centre of mass on the canvas centre, the whole digit kept on the canvas
    left = min(max(int(round(14 - moments["m10"] / moments["m00"])), 0), 28 - size[0])
    top = min(max(int(round(14 - moments["m01"] / moments["m00"])), 0), 28 - size[1])
    canvas[top:top + size[1], left:left + size[0]] = digit
    return canvas
