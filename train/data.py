"""MNIST: IDX reading with checksum verification, the validation split, and webcam-like augmentation.

    python -m train.data verify [--data DIR]      check the four files
    python -m train.data download --dest DIR      fetch them from a public mirror (needs internet)
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import struct
import sys
import urllib.request
from pathlib import Path

import cv2
import numpy as np

from realtime.options import output_folder
from realtime.styles import restyled
from train import camera

# uncompressed name -> (md5 of the uncompressed bytes, size in bytes)
MNIST_FILES = {
    "train-images-idx3-ubyte": ("6bbc9ace898e44ae57da46a324031adb", 47040016),
    "train-labels-idx1-ubyte": ("a25bea736e30d166cdddb491f175f624", 60008),
    "t10k-images-idx3-ubyte": ("2646ac647ad5339dbf082846283269ea", 7840016),
    "t10k-labels-idx1-ubyte": ("27ae3e4e09519cfbb04c329615203637", 10008),
}
SPLITS = {"train": "train", "test": "t10k"}
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
VALIDATION_SIZE = 5000
IDX_DTYPES = {0x08: np.uint8}


class DataError(Exception):
    """A data file is missing, truncated, corrupt or not the expected one."""


def default_data_dir() -> Path:
    """`$DIGITCAM_MNIST` if set, else `data/mnist`."""
    return Path(os.environ.get("DIGITCAM_MNIST", "data/mnist"))


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, help="MNIST folder (default: $DIGITCAM_MNIST or data/mnist)")


def locate(data_dir: Path, name: str) -> Path:
    """The raw or gzipped file `name` in `data_dir`."""
    for candidate in (data_dir / name, data_dir / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    raise DataError(f"{data_dir / name}[.gz]: file not found (set --data DIR or DIGITCAM_MNIST, "
                    f"or run `python -m train.data download --dest {data_dir}`)")


def read_bytes(path: Path) -> bytes:
    """The file's content, decompressed if it is gzipped."""
    try:
        raw = path.read_bytes()
        return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise DataError(f"{path}: cannot read ({exc})") from None


def parse_idx(data: bytes, source: str = "<bytes>") -> np.ndarray:
    """Parse IDX bytes (magic 0x0000TTDD, DD big-endian uint32 dims, then the values)."""
    if len(data) < 4 or data[:2] != b"\x00\x00":
        raise DataError(f"{source}: not an IDX file (bad magic number)")
    type_code, ndim = data[2], data[3]
    if type_code not in IDX_DTYPES or ndim == 0:
        raise DataError(f"{source}: unsupported IDX type 0x{type_code:02x} with {ndim} dimensions")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DataError(f"{source}: truncated IDX header")
    shape = struct.unpack(f">{ndim}I", data[4:header])
    expected = header + int(np.prod(shape))
    if len(data) != expected:
        what = "truncated" if len(data) < expected else "has trailing bytes"
        raise DataError(f"{source}: {what}: {len(data)} bytes, header {shape} needs {expected}")
    return np.frombuffer(data, dtype=IDX_DTYPES[type_code], offset=header).reshape(shape)


def read_mnist_file(data_dir: Path, name: str, verify: bool = True) -> np.ndarray:
    """Read one of the four official files, checking its md5 against the official one."""
    path = locate(data_dir, name)
    data = read_bytes(path)
    md5, size = MNIST_FILES[name]
    if verify and hashlib.md5(data).hexdigest() != md5:
        raise DataError(f"{path}: checksum mismatch ({len(data)} bytes uncompressed, expected {size} "
                        f"with md5 {md5}); the file is corrupt or not the official one: download it again")
    return parse_idx(data, str(path))


def load_split(split: str, data_dir: Path | None = None, verify: bool = True):
    """Images uint8 [N,28,28] and labels int64 [N] of 'train' or 'test'."""
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    prefix = SPLITS[split]
    images = read_mnist_file(data_dir, f"{prefix}-images-idx3-ubyte", verify)
    labels = read_mnist_file(data_dir, f"{prefix}-labels-idx1-ubyte", verify)
    if len(images) != len(labels):
        raise DataError(f"{data_dir}: {split} has {len(images)} images but {len(labels)} labels")
    return images, labels.astype(np.int64)


def train_val_indices(n: int, seed: int, val_size: int = VALIDATION_SIZE):
    """Disjoint index arrays (train, validation) from a seeded permutation of the training set."""
    order = np.random.default_rng(seed).permutation(n)
    return np.sort(order[val_size:]), np.sort(order[:val_size])


def write_raw(data_dir: Path, dest: Path) -> Path:
    """Write the verified, uncompressed files under the names MindSpore's MnistDataset expects."""
    dest.mkdir(parents=True, exist_ok=True)
    for name, (md5, _) in MNIST_FILES.items():
        target = dest / name
        if target.is_file() and hashlib.md5(target.read_bytes()).hexdigest() == md5:
            continue
        read_mnist_file(data_dir, name)
        target.write_bytes(read_bytes(locate(data_dir, name)))
    return dest


CAMERA_SHARE = 0.5   # of training images seen through the program's camera path (train/camera.py)
SYMBOL_SHARE = 0.1   # of training examples replaced by a symbol that is not a digit, with a uniform target


def augment_one(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Distort one 28x28 digit like a webcam crop after our normalization."""
    angle = rng.uniform(-12, 12)
    scale = rng.uniform(0.85, 1.1)
    shear = rng.uniform(-0.2, 0.2)
    matrix = cv2.getRotationMatrix2D((14, 14), angle, scale)
    matrix[0, 1] += shear
    matrix[0, 2] += rng.uniform(-2, 2) - shear * 14
    matrix[1, 2] += rng.uniform(-2, 2)
    out = cv2.warpAffine(image, matrix, (28, 28), flags=cv2.INTER_LINEAR, borderValue=0)
    stroke = rng.random()
    if stroke < 0.15:
        out = cv2.dilate(out, np.ones((2, 2), np.uint8))
    elif stroke < 0.3:
        out = cv2.erode(out, np.ones((2, 2), np.uint8))
    if rng.random() < CAMERA_SHARE:  # what the program feeds the network: written, filmed, detected, cropped
        seen = camera.filmed(out, rng)
        return out if seen is None else seen
    if rng.random() < 0.3:
        out = cv2.GaussianBlur(out, (3, 3), rng.uniform(0.3, 1.0))
    if rng.random() < 0.3:
        noise = rng.normal(0, rng.uniform(2, 12), out.shape)
        out = np.clip(out + noise, 0, 255).astype(np.uint8)
    return out


def one_hot(labels) -> np.ndarray:
    """Target probabilities [10] of a label, or [N,10] of an array of labels."""
    return np.eye(10, dtype=np.float32)[labels]


UNSURE = np.full(10, 0.1, np.float32)  # the target for a symbol that is not a digit


def training_example(image: np.ndarray, label: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """An augmented example (now and then written in a style MNIST lacks: `realtime.styles`) and its target
    probabilities; now and then a non-digit symbol, target uniform."""
    if rng.random() < SYMBOL_SHARE:
        return augment_one(camera.symbol(rng), rng), UNSURE
    return augment_one(restyled(image, label, rng), rng), one_hot(label)


def training_batch(images: np.ndarray, labels: np.ndarray, rng: np.random.Generator):
    """Augmented images [N,28,28] and target probabilities [N,10] for a batch."""
    pairs = [training_example(image, int(label), rng) for image, label in zip(images, labels)]
    return (np.array([p[0] for p in pairs], np.uint8).reshape(-1, 28, 28),
            np.array([p[1] for p in pairs], np.float32).reshape(-1, 10))


def download(dest: Path) -> None:
    """Fetch the four files from the first mirror that answers; verify their md5."""
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"{dest}: cannot create this folder ({exc.strerror})") from None
    for name, (md5, _) in MNIST_FILES.items():
        errors = []
        for mirror in MIRRORS:
            try:
                with urllib.request.urlopen(f"{mirror}{name}.gz", timeout=20) as reply:
                    payload = reply.read()
                break
            except OSError as exc:
                errors.append(f"{mirror}: {getattr(exc, 'reason', exc)}")
        else:
            raise DataError(f"cannot download {name}.gz (offline?): " + "; ".join(errors))
        if hashlib.md5(gzip.decompress(payload)).hexdigest() != md5:
            raise DataError(f"{name}.gz: downloaded file fails its md5 check; not saved")
        (dest / f"{name}.gz").write_bytes(payload)
        print(f"{dest / name}.gz: ok")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.data", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    verify = sub.add_parser("verify", help="check the md5 of the four MNIST files")
    add_data_argument(verify)
    fetch = sub.add_parser("download", help="download MNIST from a public mirror, verifying checksums")
    fetch.add_argument("--dest", type=output_folder, required=True, help="folder to write the .gz files to")
    args = parser.parse_args(argv)
    try:
        if args.command == "download":
            download(args.dest)
        else:
            for split in SPLITS:
                images, _ = load_split(split, args.data)
                print(f"{split}: {len(images)} images, checksums ok")
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
