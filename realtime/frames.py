"""Bring any frame a source may deliver (grey, BGRA, 16-bit, float) to 8-bit BGR or grey; is a box within its
border."""
from __future__ import annotations

import cv2
import numpy as np


def as_uint8(frame: np.ndarray) -> np.ndarray:
    frame = np.asarray(frame)
    if frame.dtype != np.uint8:
        frame = cv2.normalize(frame.astype(np.float32), None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    if frame.ndim == 3 and frame.shape[2] == 1:
        frame = frame[:, :, 0]
    if frame.ndim not in (2, 3) or frame.size == 0:
        raise ValueError(f"cannot read a frame of shape {frame.shape}")
    return frame


def as_bgr8(frame: np.ndarray) -> np.ndarray:
    """A uint8 BGR copy of `frame`."""
    frame = as_uint8(frame)
    if frame.ndim == 2:
        return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
    return frame[:, :, :3].copy()


def as_gray8(frame: np.ndarray) -> np.ndarray:
    """`frame` as uint8 grey."""
    frame = as_uint8(frame)
    if frame.ndim == 2:
        return frame
    colour = frame if frame.shape[2] == 3 else frame[:, :, :3].copy()
    return cv2.cvtColor(colour, cv2.COLOR_BGR2GRAY)


def within_border(box, shape, margin: int):
    """Is the box (x, y, w, h; numbers or arrays) at least `margin` px from every edge of a frame of `shape`?"""
    x, y, w, h = box
    return (x >= margin) & (y >= margin) & (x + w <= shape[1] - margin) & (y + h <= shape[0] - margin)
