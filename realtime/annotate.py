"""Draw a FrameResult onto a frame: boxes, digits, confidences, the numbers read and a status line."""
from __future__ import annotations

import cv2
import numpy as np

from .frames import as_bgr8

ACCEPTED = (40, 200, 40)
REJECTED = (150, 150, 150)
FONT = cv2.FONT_HERSHEY_SIMPLEX
KEY_HELP = "q quit  space pause  b backend  t threshold view  s snapshot"


def text(image, message: str, origin, scale: float = 0.5, colour=(255, 255, 255), thickness: int = 1) -> None:
    """Text with a dark outline, readable on any background."""
    cv2.putText(image, message, origin, FONT, scale, (0, 0, 0), thickness + 2, cv2.LINE_AA)
    cv2.putText(image, message, origin, FONT, scale, colour, thickness, cv2.LINE_AA)


def draw_detections(image: np.ndarray, result) -> None:
    for d in result.rejected:
        x, y, w, h = d.box
        cv2.rectangle(image, (x, y), (x + w, y + h), REJECTED, 1)
    for d in result.detections:
        x, y, w, h = d.box
        cv2.rectangle(image, (x, y), (x + w, y + h), ACCEPTED, 2)
        baseline = max(16, y - 5)
        text(image, str(d.digit), (x, baseline), 0.6, ACCEPTED, 2)
        text(image, f"{100 * d.confidence:.0f}%", (x + 14, baseline), 0.35, ACCEPTED, 1)


def draw_hud(image: np.ndarray, result, status: str) -> None:
    """The numbers read along the top, status and key help along the bottom."""
    height = image.shape[0]
    cv2.rectangle(image, (0, 0), (image.shape[1], 26), (0, 0, 0), -1)
    text(image, "read: " + ("  ".join(result.numbers) if result.numbers else "-"), (6, 18), 0.55)
    cv2.rectangle(image, (0, height - 40), (image.shape[1], height), (0, 0, 0), -1)
    text(image, status, (6, height - 24), 0.45)
    text(image, KEY_HELP, (6, height - 7), 0.45, (200, 200, 200))


def annotate(frame: np.ndarray, result, status: str = "") -> np.ndarray:
    """A BGR copy of `frame` with the result drawn on it."""
    image = as_bgr8(frame)
    draw_detections(image, result)
    draw_hud(image, result, status)
    return image


def warning_banner(image: np.ndarray, message: str) -> np.ndarray:
    """`image` with a red warning across its middle (e.g. the camera was lost)."""
    shown = image.copy()
    middle = shown.shape[0] // 2
    cv2.rectangle(shown, (0, middle - 22), (shown.shape[1], middle + 12), (0, 0, 160), -1)
    text(shown, message, (8, middle), 0.55)
    return shown


def crop_mosaic(crops: np.ndarray, height: int, columns: int = 6) -> np.ndarray:
    """The normalized 28x28 crops tiled into a panel `height` pixels tall."""
    cell = 56
    rows = max(1, height // cell)
    panel = np.zeros((height, columns * cell), np.uint8)
    for i, crop in enumerate(crops[:rows * columns]):
        r, c = divmod(i, columns)
        panel[r * cell:(r + 1) * cell, c * cell:(c + 1) * cell] = cv2.resize(crop, (cell, cell), interpolation=cv2.INTER_NEAREST)
        cv2.rectangle(panel, (c * cell, r * cell), ((c + 1) * cell - 1, (r + 1) * cell - 1), 80, 1)
    return panel


def debug_view(annotated: np.ndarray, result) -> np.ndarray:
    """The annotated frame beside the threshold mask and the crops: what the detector and network see."""
    height, width = annotated.shape[:2]
    mask = cv2.resize(result.mask, (width, height), interpolation=cv2.INTER_NEAREST)
    crops = result.crops if result.crops is not None else np.zeros((0, 28, 28), np.uint8)
    panels = [cv2.cvtColor(p, cv2.COLOR_GRAY2BGR) for p in (mask, crop_mosaic(crops, height))]
    view = np.hstack([annotated] + panels)
    scale = min(1.0, 1600 / view.shape[1])
    return cv2.resize(view, None, fx=scale, fy=scale) if scale < 1 else view
