"""Writing styles MNIST lacks (its 1s have no flag, few 7s are crossed), drawn onto MNIST digits: the
robustness check writes them with fixed ranges, training with wider ones (so the check is not the training
distribution)."""
from __future__ import annotations

import cv2
import numpy as np


def with_flag(one: np.ndarray, rng: np.random.Generator, length=(0.15, 0.3), angle=(40, 65)) -> np.ndarray:
    """A 1 with a flag, the up-stroke many writers start it with: a stroke down and to the left from its top,
    `length` (share of its height) long, `angle` degrees below the horizontal (ranges, drawn at random)."""
    ys, xs = np.nonzero(one > 127)
    if not len(ys):
        return one
    top = int(ys.argmin())
    x, y = int(xs[top]), int(ys[top])
    size, slope = rng.uniform(*length) * (ys.max() - y), np.radians(rng.uniform(*angle))
    end = (int(round(x - size * np.cos(slope))), int(round(y + size * np.sin(slope))))
    return cv2.line(one.copy(), (x, y), end, 255, int(rng.integers(1, 3)), cv2.LINE_AA)


def with_crossbar(seven: np.ndarray) -> np.ndarray:
    """A 7 with the short bar across its stem many writers add."""
    ys, xs = np.nonzero(seven > 127)
    middle = int(0.55 * (ys.min() + ys.max()))
    stem = xs[np.abs(ys - middle) <= 1]
    centre = int(stem.mean()) if len(stem) else 14
    return cv2.line(seven.copy(), (centre - 5, middle), (centre + 5, middle), 255, 2, cv2.LINE_AA)
