import importlib.util
import json

import numpy as np
import pytest

from realtime.backends import BackendError, available_backends, load_backend
from realtime.backends.base import MANIFEST_NAME

BACKENDS = available_backends()


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request):
    return load_backend(request.param)


def test_all_four_backends_are_installed_here():
    assert set(BACKENDS) == {"onnx", "torch", "mindspore", "opencv"}


def test_accuracy_on_mnist_slice(backend, mnist_test_slice):
    images, labels = mnist_test_slice
    digits, _ = backend.predict(images)
    assert np.mean(digits == labels) >= 0.98


def test_predict_shapes_and_dtypes(backend, mnist_test_slice):
    digits, probs = backend.predict(mnist_test_slice[0][:7])
    assert digits.shape == (7,) and digits.dtype == np.int64
    assert probs.shape == (7, 10) and probs.dtype == np.float32
    assert np.allclose(probs.sum(axis=1), 1, atol=1e-5)
    assert np.array_equal(digits, probs.argmax(axis=1))


def test_empty_batch(backend):
    digits, probs = backend.predict(np.zeros((0, 28, 28), np.uint8))
    assert digits.shape == (0,) and probs.shape == (0, 10)
    assert digits.dtype == np.int64 and probs.dtype == np.float32


def test_batch_sizes_give_the_same_answers(backend, mnist_test_slice):
    images = mnist_test_slice[0][:5]
    together = backend.predict(images)[1]
    alone = np.concatenate([backend.predict(images[i:i + 1])[1] for i in range(5)])
    assert np.allclose(together, alone, atol=1e-4)


def test_wrong_crop_shape_is_refused(backend):
    with pytest.raises(ValueError, match=r"\[N,28,28\]"):
        backend.predict(np.zeros((2, 32, 32), np.uint8))


def test_mindspore_and_its_onnx_export_agree(mnist_test_slice):
    images = mnist_test_slice[0]
    ms_digits, ms_probs = load_backend("mindspore").predict(images)
    onnx_digits, onnx_probs = load_backend("onnx").predict(images)
    assert np.array_equal(ms_digits, onnx_digits)
    assert np.abs(ms_probs - onnx_probs).max() < 1e-4


def test_unknown_backend():
    with pytest.raises(BackendError, match="unknown backend 'tensorflow'"):
        load_backend("tensorflow")


def test_missing_framework_names_the_extra(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    with pytest.raises(BackendError, match=r"pip install 'digitcam\[torch\]'"):
        load_backend("torch")
    assert "torch" not in available_backends()


WEIGHT_FILES = {"onnx": "lenet5_mindspore.onnx", "opencv": "lenet5_mindspore.onnx",
                "torch": "lenet_torch.pt", "mindspore": "lenet5_mindspore.ckpt"}


@pytest.mark.parametrize("name", BACKENDS)
def test_missing_weights_file(name, tmp_path):
    with pytest.raises(BackendError, match="weights file not found"):
        load_backend(name, tmp_path / WEIGHT_FILES[name])


@pytest.mark.parametrize("name", BACKENDS)
def test_corrupted_weights_are_refused(name, weights_copy):
    path = weights_copy / WEIGHT_FILES[name]
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(BackendError, match="sha256 does not match"):
        load_backend(name, path)


@pytest.mark.parametrize("name", BACKENDS)
def test_truncated_weights_are_refused(name, weights_copy):
    path = weights_copy / WEIGHT_FILES[name]
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(BackendError, match=str(path.name)):
        load_backend(name, path)


def relabel(folder, source: str, target: str, **changes) -> None:
    """Copy `source` to `target` in a weights folder and list it with a correct sha256."""
    from train.manifest import record

    (folder / target).write_bytes((folder / source).read_bytes())
    entry = json.loads((folder / MANIFEST_NAME).read_text())[source]
    entry.pop("sha256")
    record(folder / target, **dict(entry, **changes))


@pytest.mark.parametrize("name, source, target", [
    ("torch", "lenet5_mindspore.ckpt", "other.pt"),
    ("mindspore", "lenet_torch.pt", "other.ckpt"),
    ("onnx", "lenet_torch.onnx", "other.onnx"),
])
def test_wrong_architecture_is_refused(name, source, target, weights_copy):
    if name == "onnx":  # the torch export takes 28x28: declaring 32x32 must be caught
        relabel(weights_copy, source, target, input_size=32)
    else:
        relabel(weights_copy, source, target)
    with pytest.raises(BackendError, match="other"):
        load_backend(name, weights_copy / target)


def test_torch_export_is_selectable(mnist_test_slice, weights_copy):
    backend = load_backend("onnx", weights_copy / "lenet_torch.onnx")
    images, labels = mnist_test_slice
    assert np.mean(backend.predict(images)[0] == labels) >= 0.98
