"""The seed's webcam loop, kept as the baseline the benchmark measures us against.

The loop body exactly as in the seed report, less the window calls: fixed threshold 90, external contours
with w, h >= 10, a plain stretch of each region to 28x28, and one model call per contour, through the
seed's own tensor conversion, `torch.no_grad()` and `torch.max(...).item()`, with torch's default thread
count (our torch backend runs single-threaded, which the seed does not). Its drawing of boxes and labels
is left out, so the baseline is a little faster than the seed's loop really is.
"""
from __future__ import annotations

import cv2
import numpy as np
import torch

from .pipeline import Detection

TORCH_DEFAULT_THREADS = torch.get_num_threads()  # read at import, before a backend sets its own


class SeedLoop:
    """Callable on a BGR frame -> the seed's detections; `net` is the PyTorch LeNet (e.g. TorchBackend.net)."""

    def __init__(self, net: torch.nn.Module):
        self.net = net

    def __call__(self, frame: np.ndarray) -> list[Detection]:
        if torch.get_num_threads() != TORCH_DEFAULT_THREADS:
            torch.set_num_threads(TORCH_DEFAULT_THREADS)
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        gray = cv2.GaussianBlur(gray, (5, 5), 0)
        _, thresh = cv2.threshold(gray, 90, 255, cv2.THRESH_BINARY_INV)
        contours, _ = cv2.findContours(thresh.copy(), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        found = []
        for contour in contours:
            x, y, w, h = cv2.boundingRect(contour)
            if w >= 10 and h >= 10:
                roi = thresh[y:y + h, x:x + w]
                resized = cv2.resize(roi, (28, 28), interpolation=cv2.INTER_AREA)
                img_tensor = torch.tensor(resized, dtype=torch.float32).unsqueeze(0).unsqueeze(0) / 255.0
                with torch.no_grad():
                    outputs = self.net(img_tensor)
                    _, predicted = torch.max(outputs.data, 1)
                    predicted_label = predicted.item()
                found.append(Detection((x, y, w, h), predicted_label, 1.0))  # the seed reports no confidence
        return found
