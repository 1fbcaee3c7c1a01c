"""The same ONNX file run by OpenCV's dnn module: no dependency beyond opencv-python."""
from __future__ import annotations

import cv2
import numpy as np

from .base import Backend, BackendError, verified_weights
from .onnx_backend import DEFAULT_WEIGHTS


class OpenCVBackend(Backend):
    name = "opencv"

    def __init__(self, weights=None):
        weights = weights or DEFAULT_WEIGHTS
        super().__init__(weights, verified_weights(weights))
        try:
            self.net = cv2.dnn.readNetFromONNX(str(weights))
        except cv2.error as exc:
            raise BackendError(f"{weights}: OpenCV dnn cannot load it ({str(exc).strip().splitlines()[-1][:120]})") from None
        self.net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
        self.net.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)

    def logits(self, batch: np.ndarray) -> np.ndarray:
        self.net.setInput(batch)
        return self.net.forward().reshape(len(batch), -1)


def load(weights=None) -> Backend:
    return OpenCVBackend(weights)
