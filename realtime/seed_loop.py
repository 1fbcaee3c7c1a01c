"""The seed's webcam loop, kept as the baseline the benchmark measures us against.

Fixed threshold 90, external contours with w, h >= 10, a plain stretch of each region to 28x28 and one
model call per contour, exactly as in the seed report.
"""
from __future__ import annotations

import cv2
import numpy as np

from .pipeline import Detection


def seed_loop(frame: np.ndarray, backend) -> list[Detection]:
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    gray = cv2.GaussianBlur(gray, (5, 5), 0)
    _, thresh = cv2.threshold(gray, 90, 255, cv2.THRESH_BINARY_INV)
    contours, _ = cv2.findContours(thresh.copy(), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w >= 10 and h >= 10:
            resized = cv2.resize(thresh[y:y + h, x:x + w], (28, 28), interpolation=cv2.INTER_AREA)
            digits, probs = backend.predict(resized[None])
            found.append(Detection((x, y, w, h), int(digits[0]), float(probs[0, digits[0]])))
    return found
