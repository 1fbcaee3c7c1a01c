import gzip
import subprocess
import sys
import urllib.error

import numpy as np
import pytest
from conftest import ROOT, idx_bytes

from train import camera, data


def test_parse_idx_reads_shape_and_values():
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    parsed = data.parse_idx(idx_bytes(array))
    assert parsed.shape == (2, 3, 4)
    assert np.array_equal(parsed, array)


def test_read_bytes_handles_gzip_and_raw(tmp_path):
    payload = idx_bytes(np.ones((2, 2), np.uint8))
    (tmp_path / "raw").write_bytes(payload)
    (tmp_path / "packed.gz").write_bytes(gzip.compress(payload))
    assert data.read_bytes(tmp_path / "raw") == data.read_bytes(tmp_path / "packed.gz") == payload


@pytest.mark.parametrize("damage, message", [
    (lambda b: b[:-5], "truncated"),
    (lambda b: b + b"xx", "trailing"),
    (lambda b: b"\x01\x02" + b[2:], "bad magic"),
    (lambda b: b[:6], "truncated IDX header"),
    (lambda b: b[:2] + b"\x0d" + b[3:], "unsupported IDX type"),
])
def test_parse_idx_refuses_damaged_files(damage, message):
    good = idx_bytes(np.zeros((3, 4, 4), np.uint8))
    with pytest.raises(data.DataError, match=message):
        data.parse_idx(damage(good), "file.idx")


def test_corrupt_gzip_names_the_file(tmp_path):
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(bytes(range(256)) * 40)[:100])
    with pytest.raises(data.DataError, match="t10k-labels-idx1-ubyte.gz: cannot read"):
        data.read_mnist_file(tmp_path, "t10k-labels-idx1-ubyte")


def test_checksum_mismatch_is_refused(tmp_path):
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(idx_bytes(np.zeros(10000, np.uint8)))
    with pytest.raises(data.DataError, match="checksum mismatch"):
        data.read_mnist_file(tmp_path, "t10k-labels-idx1-ubyte")


def test_missing_file_names_it(tmp_path):
    with pytest.raises(data.DataError, match="t10k-images-idx3-ubyte.*not found"):
        data.load_split("test", tmp_path)


def test_official_test_split_loads(mnist_path):
    images, labels = data.load_split("test", mnist_path)
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10000,) and set(np.unique(labels)) == set(range(10))


def test_validation_split_is_disjoint_and_sized():
    train, val = data.train_val_indices(60000, seed=3)
    assert len(val) == 5000 and len(train) == 55000
    assert not set(train) & set(val)
    assert np.array_equal(val, data.train_val_indices(60000, seed=3)[1])


def test_training_batch_mixes_digits_and_unsure_symbols(mnist_test_slice):
    images, labels = mnist_test_slice[0][:200], mnist_test_slice[1][:200]
    out, targets = data.training_batch(images, labels, np.random.default_rng(0))
    assert out.shape == images.shape and out.dtype == np.uint8 and targets.shape == (200, 10)
    assert np.allclose(targets.sum(1), 1)
    symbols = np.all(targets == data.UNSURE, axis=1)
    assert 5 <= symbols.sum() <= 40  # about SYMBOL_SHARE of the batch
    assert np.array_equal(targets[~symbols].argmax(1), labels[~symbols])
    assert np.mean(out != images) > 0.05
    empty = data.training_batch(images[:0], labels[:0], np.random.default_rng(0))
    assert empty[0].shape == (0, 28, 28) and empty[1].shape == (0, 10)


def test_filmed_digits_are_crops_the_network_reads(mnist_test_slice):
    from realtime.backends import load_backend

    images, labels = mnist_test_slice[0][:60], mnist_test_slice[1][:60]
    rng = np.random.default_rng(1)
    seen = [(camera.filmed(image, rng), label) for image, label in zip(images, labels)]
    found = [(crop, label) for crop, label in seen if crop is not None]
    assert len(found) >= 40  # the faintest, smallest ones may be lost, as in the program
    crops = np.stack([crop for crop, _ in found])
    assert crops.shape[1:] == (28, 28) and crops.dtype == np.uint8
    assert not np.array_equal(crops, images[:len(crops)])
    digits, _ = load_backend("onnx").predict(crops)
    assert np.mean(digits == np.array([label for _, label in found])) >= 0.9


def test_symbols_are_not_digits_to_the_shipped_network():
    from realtime.backends import load_backend
    from realtime.pipeline import DEFAULT_MIN_CONFIDENCE

    rng = np.random.default_rng(2)
    symbols = np.stack([camera.symbol(rng) for _ in range(200)])
    assert symbols.shape == (200, 28, 28) and (symbols.reshape(200, -1).max(1) > 0).all()
    _, probs = load_backend("onnx").predict(symbols)
    assert np.mean(probs.max(1) < DEFAULT_MIN_CONFIDENCE) >= 0.8  # most are rejected at the default --min-confidence


def test_download_fails_clearly_offline(tmp_path, monkeypatch):
    def offline(*args, **kwargs):
        raise urllib.error.URLError("network unreachable")
    monkeypatch.setattr(data.urllib.request, "urlopen", offline)
    with pytest.raises(data.DataError, match="offline"):
        data.download(tmp_path)
    assert not list(tmp_path.iterdir())


def test_verify_command_gives_one_line_error(tmp_path):
    run = subprocess.run([sys.executable, "-m", "train.data", "verify", "--data", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "not found" in run.stderr and "Traceback" not in run.stderr
