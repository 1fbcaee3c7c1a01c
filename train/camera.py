"""What the program's camera path shows the network, for training: digits (and symbols that are not digits)
written on paper, filmed small, faint, blurred and noisy, then found and cropped by `realtime.detect`
exactly as in the program.
"""
from __future__ import annotations

import cv2
import numpy as np

from realtime.crops import normalize_crop
from realtime.detect import detect
from realtime.styles import OPERATORS, operator

# operators and letters that no digit looks like: the network learns to be unsure of them (uniform target)
SYMBOLS = "+=x%#*<>~aehkmnrwAEFHKMNRWX"
FONTS = (cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_DUPLEX, cv2.FONT_HERSHEY_COMPLEX,
         cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, cv2.FONT_HERSHEY_SCRIPT_COMPLEX)
HEIGHTS = (12, 56)   # px: digit heights at analysis size (the program shrinks frames of taller digits)
PATCH_SIDE = 48      # px at least: paper around the digit for the detector's paper estimate


def symbol(rng: np.random.Generator) -> np.ndarray:
    """Something on a sheet that is not a digit, as a 28x28 MNIST-style image, white on black: an operator
    or a letter in a font, an operator written by hand (`realtime.styles.operator`), or a pen squiggle, a third
    of the time each."""
    canvas = np.zeros((96, 96), np.uint8)
    pick = rng.random()
    if pick < 1 / 3:
        font = FONTS[rng.integers(len(FONTS))] | (cv2.FONT_ITALIC if rng.random() < 0.3 else 0)
        char = SYMBOLS[rng.integers(len(SYMBOLS))]
        cv2.putText(canvas, char, (24, 66), font, 1.6, 255, int(rng.integers(2, 5)), cv2.LINE_AA)
    elif pick < 2 / 3:
        written = operator(OPERATORS[rng.integers(len(OPERATORS))], rng)
        canvas = cv2.resize(written, canvas.shape, interpolation=cv2.INTER_LINEAR)
    else:
        x = np.linspace(12, 84, 60)
        y = 48 + rng.uniform(14, 30) * np.sin(x / 72 * 2 * np.pi * rng.uniform(1.5, 3.5) + rng.uniform(0, 6))
        cv2.polylines(canvas, [np.stack([x, y], 1).astype(np.int32)], False, 255, int(rng.integers(2, 6)), cv2.LINE_AA)
    return normalize_crop(cv2.threshold(canvas, 127, 255, cv2.THRESH_BINARY)[1], canvas)


def filmed(image: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
    """`image` (28x28, white on black) written on paper, filmed, and cropped by the detector.

    None when the detector does not find it whole (lost, or only a piece of it: a symbol's piece may
    look like a digit).
    """
    height = np.exp(rng.uniform(*np.log(HEIGHTS)))
    size = max(8, round(28 * height / 20))  # an MNIST digit is 20 px tall in its 28x28 image
    alpha = cv2.resize(image, (size, size), interpolation=cv2.INTER_LINEAR).astype(np.float32) / 255
    if rng.random() < 0.3:  # a thin pen
        alpha = cv2.erode(alpha, np.ones((2, 2), np.uint8))
    side = max(PATCH_SIDE, 3 * size)
    ink = np.zeros((side, side), np.float32)
    top, left = rng.integers(size // 2, side - size - size // 2, 2)
    ink[top:top + size, left:left + size] = alpha
    paper = rng.uniform(110, 240) * (1 - rng.uniform(0.3, 0.95) * ink)
    sigma = rng.uniform(0, 1.3)
    if sigma > 0.3:
        paper = cv2.GaussianBlur(paper, (0, 0), sigma)
    frame = np.clip(paper + rng.normal(0, rng.uniform(0, 6), paper.shape), 0, 255).astype(np.uint8)
    if rng.random() < 0.3:
        frame = cv2.imdecode(cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, int(rng.uniform(35, 90))])[1],
                             cv2.IMREAD_GRAYSCALE)
    candidates, _ = detect(frame)
    written = cv2.boundingRect((ink > 0.3).astype(np.uint8))
    for candidate in candidates:
        x, y, w, h = candidate.box
        if w >= 0.8 * written[2] and h >= 0.8 * written[3]:
            return candidate.crop
    return None
