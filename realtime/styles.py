"""Handwriting MNIST lacks: ways of writing digits its writers (American census staff and students) rarely used, a
1 with a flag (the up-stroke many writers start it with) or standing on a bar, a crossed 7, drawn on its 28x28
digits (white on black); and the operators written among digits (+ x - = ( ), drawn by hand the same way). To
train the networks on them (`train.data`, `train.camera`) and to measure how they are read (`realtime.robustness`)."""
from __future__ import annotations

import cv2
import numpy as np

SHORT_FLAG = (0.15, 0.3)  # of a 1's height: a flag's length ...
LONG_FLAG = (0.3, 0.5)
FLAG_ANGLE = (40, 65)     # ... and its angle below the horizontal, degrees
BASE_WIDTH = (0.4, 0.7)   # of a 1's height: the bar it stands on


def pen(rng: np.random.Generator) -> int:
    """A stroke width (px at 28x28) for an added stroke: 1 or 2, as MNIST's strokes are."""
    return int(rng.integers(1, 3))


def with_flag(one: np.ndarray, rng: np.random.Generator, lengths: tuple[float, float] = SHORT_FLAG) -> np.ndarray:
    """A 1 with a flag: a stroke down and to the left from its top, `lengths` (a range) of its height long."""
    ys, xs = np.nonzero(one > 127)
    top = int(ys.argmin())
    x, y = int(xs[top]), int(ys[top])
    length, angle = rng.uniform(*lengths) * (ys.max() - y), np.radians(rng.uniform(*FLAG_ANGLE))
    end = (int(round(x - length * np.cos(angle))), int(round(y + length * np.sin(angle))))
    return cv2.line(one.copy(), (x, y), end, 255, pen(rng), cv2.LINE_AA)


def with_base(one: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A 1 standing on a level bar centred under its foot, BASE_WIDTH of its height wide."""
    ys, xs = np.nonzero(one > 127)
    bottom = int(ys.argmax())
    x, y = int(xs[bottom]), int(ys[bottom])
    half = rng.uniform(*BASE_WIDTH) * (y - ys.min()) / 2
    return cv2.line(one.copy(), (int(round(x - half)), y), (int(round(x + half)), y), 255, pen(rng), cv2.LINE_AA)


def with_crossbar(seven: np.ndarray) -> np.ndarray:
    """A 7 with the short bar across its stem many writers add."""
    ys, xs = np.nonzero(seven > 127)
    middle = int(0.55 * (ys.min() + ys.max()))
    stem = xs[np.abs(ys - middle) <= 1]
    centre = int(stem.mean()) if len(stem) else 14
    return cv2.line(seven.copy(), (centre - 5, middle), (centre + 5, middle), 255, 2, cv2.LINE_AA)


FLAGGED_ONES = 0.4     # of the 1s in training get a flag (SHORT_FLAG to LONG_FLAG long) ...
ONES_ON_A_BAR = 0.3    # ... and of those, this share a base too
CROSSED_SEVENS = 0.3   # of the 7s in training are crossed


def restyled(image: np.ndarray, label: int, rng: np.random.Generator) -> np.ndarray:
    """A training digit, now and then written the ways MNIST's writers rarely did."""
    if label == 1 and image.max() > 127 and rng.random() < FLAGGED_ONES:
        image = with_flag(image, rng, (SHORT_FLAG[0], LONG_FLAG[1]))
        return with_base(image, rng) if rng.random() < ONES_ON_A_BAR else image
    if label == 7 and image.max() > 127 and rng.random() < CROSSED_SEVENS:
        return with_crossbar(image)
    return image


OPERATORS = "+x-=()"  # a slash is left out: as tall as the digits it is a leaning 1 (shorter: pipeline.slashes)


def pen_line(canvas: np.ndarray, points: np.ndarray, width: int) -> None:
    """A smooth pen line through `points` (rows x, y; sub-pixel)."""
    cv2.polylines(canvas, [np.round(points * 8).astype(np.int32)], False, 255, width, cv2.LINE_AA, shift=3)


def hand_stroke(canvas: np.ndarray, start, end, rng: np.random.Generator, width: int) -> None:
    """A straight pen stroke from `start` to `end` (x, y), wavering a little as a hand does."""
    points = np.linspace(start, end, 8)
    points[1:-1] += rng.normal(0, 0.4, (6, 2))
    pen_line(canvas, points, width)


def operator(name: str, rng: np.random.Generator) -> np.ndarray:
    """One of OPERATORS written by hand, 28x28 white on black, centred: its strokes' lengths, angles and
    crossing vary, pen 2-3 px."""
    canvas, width = np.zeros((28, 28), np.uint8), int(rng.integers(2, 4))

    def jitter(spread: float) -> float:
        return rng.uniform(-spread, spread)

    if name in ("+", "x"):
        turn = np.radians(jitter(12) + (45 if name == "x" else 0))
        for quarter in (0, 1):
            angle, half = turn + quarter * np.pi / 2 + np.radians(jitter(10)), rng.uniform(5, 9)
            centre, along = np.array((14 + jitter(1.5), 14 + jitter(1.5))), half * np.array((np.cos(angle), np.sin(angle)))
            hand_stroke(canvas, centre - along, centre + along, rng, width)
    elif name in ("-", "="):
        half, gap = rng.uniform(4, 8), rng.uniform(2.5, 4.5)
        for offset in ((0,) if name == "-" else (-gap, gap)):
            rise = half * np.tan(np.radians(jitter(8)))
            hand_stroke(canvas, (14 - half, 14 + offset - rise), (14 + half, 14 + offset + rise), rng, width)
    elif name in ("(", ")"):
        radius, side = rng.uniform(9, 14), 1 if name == "(" else -1
        turn = np.linspace(-0.9, 0.9, 10)
        arc = np.stack([14 + side * (radius * (1 - np.cos(turn)) - radius / 4), 14 + radius * np.sin(turn)], 1)
        pen_line(canvas, arc, width)
    else:
        raise ValueError(f"no such operator: {name!r}")
    return canvas
