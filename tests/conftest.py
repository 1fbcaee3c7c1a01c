"""Shared fixtures: the MNIST folder, a slice of the test set, the real development photos, generated clips."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from train import data  # noqa: E402


def mnist_dir() -> Path:
    for candidate in (os.environ.get("DIGITCAM_MNIST"), ROOT / "data" / "mnist", ROOT.parent / "shared" / "data" / "mnist"):
        if candidate and (Path(candidate) / "t10k-images-idx3-ubyte.gz").exists():
            return Path(candidate)
    pytest.skip("MNIST not found: set DIGITCAM_MNIST")


@pytest.fixture(scope="session")
def mnist_test_slice():
    """The first 2,000 MNIST test images and labels."""
    images, labels = data.load_split("test", mnist_dir())
    return images[:2000], labels[:2000]


@pytest.fixture(scope="session")
def mnist_path() -> Path:
    return mnist_dir()


REAL_DEV = ROOT.parent / "shared" / "data" / "real-dev"


@pytest.fixture
def real_photo():
    """Reads a photo of ../shared/data/real-dev by file name (BGR); the test is skipped without them."""
    import cv2
    if not REAL_DEV.is_dir():
        pytest.skip(f"no real photos in {REAL_DEV}")
    return lambda name: cv2.imread(str(REAL_DEV / name))


def tilted(photo: np.ndarray, shrink: float, edge: str = "top") -> np.ndarray:
    """The photo as a camera leaning back (edge "top") or forward ("bottom") sees it: that edge `shrink` (a share of
    its width) narrower, the corners filled with its median colour."""
    import cv2
    h, w = photo.shape[:2]
    inset = shrink * w / 2
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    top, bottom = (inset, 0) if edge == "top" else (0, inset)
    seen = np.float32([[top, 0], [w - top, 0], [w - bottom, h], [bottom, h]])
    paper = [int(v) for v in np.median(photo.reshape(-1, 3), axis=0)]
    return cv2.warpPerspective(photo, cv2.getPerspectiveTransform(corners, seen), (w, h), borderValue=paper)


def centred(image: np.ndarray, paper) -> np.ndarray:
    """`image` (BGR) in the middle of a 640x480 frame of the colour `paper` (B, G, R)."""
    frame = np.empty((480, 640, 3), np.uint8)
    frame[:] = paper
    h, w = image.shape[:2]
    frame[(480 - h) // 2:(480 - h) // 2 + h, (640 - w) // 2:(640 - w) // 2 + w] = image
    return frame


@pytest.fixture(scope="session")
def onnx():
    """The default backend."""
    from realtime.backends import load_backend
    return load_backend("onnx")


@pytest.fixture
def weights_copy(tmp_path):
    """A private copy of weights/ that a test may damage."""
    target = tmp_path / "weights"
    shutil.copytree(ROOT / "weights", target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


@pytest.fixture(scope="session")
def generated_clip(tmp_path_factory):
    """A short generated clip of MNIST test digits and its ground truth."""
    from realtime.synth import make_clip

    os.environ.setdefault("DIGITCAM_MNIST", str(mnist_dir()))
    path = tmp_path_factory.mktemp("clip") / "generated.mp4"
    truth = make_clip(path, 30, seed=5, kind="clean")
    return path, truth


def idx_bytes(array: np.ndarray) -> bytes:
    """IDX encoding of a uint8 array."""
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def frame_count(path) -> int:
    """Frames a video file really holds (decoded one by one)."""
    import cv2

    capture = cv2.VideoCapture(str(path))
    count = 0
    while capture.read()[0]:
        count += 1
    return count


class Recording:
    """A backend reading every crop it is given as `probs`, and keeping what it was given."""

    def __init__(self, probs):
        self.probs, self.given = np.asarray(probs, np.float32), []

    def predict(self, crops):
        self.given.append(np.asarray(crops))
        probs = np.repeat(self.probs[None], len(crops), axis=0)
        return probs.argmax(axis=1), probs


def graph_paper(width: int, height: int, step: int) -> np.ndarray:
    """A frame of light-blue graph paper, its 2 px lines `step` px apart."""
    frame = np.full((height, width, 3), (228, 225, 222), np.uint8)
    for x in range(10, width, step):
        cv2.line(frame, (x, 0), (x, height - 1), (200, 165, 150), 2)  # light blue, 2 px
    for y in range(10, height, step):
        cv2.line(frame, (0, y), (width - 1, y), (200, 165, 150), 2)
    return frame
