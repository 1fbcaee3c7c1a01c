"""What every backend shares: weights verification, input conversion, softmax, the predict contract."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import cv2
import numpy as np

WEIGHTS_DIR = Path(__file__).resolve().parents[2] / "weights"
MANIFEST_NAME = "MANIFEST.json"


class BackendError(Exception):
    """A backend cannot be loaded: framework missing, weights missing, corrupt or of another architecture."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST_NAME
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return {}
    except (OSError, json.JSONDecodeError) as exc:
        raise BackendError(f"{path}: unreadable manifest ({exc})") from None


def verified_weights(path: Path) -> dict:
    """The manifest entry of a weights file whose sha256 matches it; BackendError otherwise."""
    path = Path(path)
    fix = "restore it with `git checkout weights/` or retrain it (see README)"
    if not path.is_file():
        raise BackendError(f"{path}: weights file not found; {fix}")
    entry = read_manifest(path.parent).get(path.name)
    if entry is None:
        raise BackendError(f"{path}: not listed in {path.parent / MANIFEST_NAME}; train it with the "
                           f"train/ scripts, which record its sha256 there")
    if sha256_of(path) != entry["sha256"]:
        raise BackendError(f"{path}: sha256 does not match {MANIFEST_NAME} (corrupt or replaced file); {fix}")
    return entry


def to_network_input(crops: np.ndarray, size: int, mean: float, std: float) -> np.ndarray:
    """uint8 [N,28,28] -> float32 [N,1,size,size], scaled to [0,1] then (x - mean) / std."""
    if size != crops.shape[1]:  # one resize per 128 crops: OpenCV takes them as the channels of one image
        crops = np.concatenate([cv2.resize(crops[i:i + 128].transpose(1, 2, 0), (size, size),
                                           interpolation=cv2.INTER_LINEAR).reshape(size, size, -1)
                                for i in range(0, len(crops), 128)], axis=2).transpose(2, 0, 1)
    batch = crops.astype(np.float32)[:, None, :, :]
    batch *= np.float32(1 / (255.0 * std))
    batch -= np.float32(mean / std)
    return batch


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)


class Backend:
    """Classifies batches of MNIST-style crops. Subclasses set `name` and implement `logits`."""

    name = "base"

    def __init__(self, weights: Path, entry: dict):
        self.weights = Path(weights)
        self.input_size = int(entry["input_size"])
        self.mean = float(entry["mean"])
        self.std = float(entry["std"])

    def logits(self, batch: np.ndarray) -> np.ndarray:
        """float32 [N,1,S,S] -> float32 [N,10] raw scores, in one framework call."""
        raise NotImplementedError

    def predict(self, crops: np.ndarray):
        """uint8 [N,28,28] -> (int64 digits [N], float32 probabilities [N,10])."""
        crops = np.asarray(crops)
        if crops.ndim != 3 or crops.shape[1:] != (28, 28):
            raise ValueError(f"crops must have shape [N,28,28], got {crops.shape}")
        if len(crops) == 0:
            return np.zeros(0, np.int64), np.zeros((0, 10), np.float32)
        batch = to_network_input(crops.astype(np.uint8), self.input_size, self.mean, self.std)
        probs = softmax(np.asarray(self.logits(batch), dtype=np.float32))
        return probs.argmax(axis=1).astype(np.int64), probs
