"""Backend registry: `load_backend(name)` and `available_backends()`.

A backend is a module with `load(weights=None) -> Backend`; adding one is one module and one line below.
"""
from __future__ import annotations

import importlib
import importlib.util

from .base import Backend, BackendError

# name -> (module, framework it imports, pip extra that installs the framework or None)
BACKENDS = {
    "onnx": ("realtime.backends.onnx_backend", "onnxruntime", None),
    "torch": ("realtime.backends.torch_backend", "torch", "torch"),
    "mindspore": ("realtime.backends.mindspore_backend", "mindspore", "mindspore"),
    "opencv": ("realtime.backends.opencv_backend", "cv2", None),
}


def available_backends() -> list[str]:
    """Names of the backends whose framework is installed."""
    return [name for name, (_, framework, _) in BACKENDS.items() if importlib.util.find_spec(framework)]


def load_backend(name: str, weights=None) -> Backend:
    """Load backend `name` with its shipped weights (or `weights`, a path listed in its folder's manifest)."""
    if name not in BACKENDS:
        raise BackendError(f"unknown backend '{name}'; choose one of {', '.join(BACKENDS)}")
    module_name, framework, extra = BACKENDS[name]
    if importlib.util.find_spec(framework) is None:
        hint = f"pip install 'digitcam[{extra}]'" if extra else "pip install digitcam"
        raise BackendError(f"backend '{name}' needs the '{framework}' package, which is not installed: {hint}")
    return importlib.import_module(module_name).load(weights)


__all__ = ["Backend", "BackendError", "available_backends", "load_backend"]
