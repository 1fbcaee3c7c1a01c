"""ONNX export of a LeNet run by onnxruntime (default: the MindSpore LeNet-5 export)."""
from __future__ import annotations

import numpy as np
import onnxruntime as ort

from .base import WEIGHTS_DIR, Backend, BackendError, verified_weights

DEFAULT_WEIGHTS = WEIGHTS_DIR / "lenet5_mindspore.onnx"


def check_io(path, input_shape, output_shape, size: int) -> None:
    """Refuse a model whose input is not [N,1,size,size] or whose output is not [N,10]."""
    if list(input_shape[1:]) != [1, size, size] or list(output_shape[1:]) != [10]:
        raise BackendError(f"{path}: model takes {input_shape} -> {output_shape}, "
                           f"expected [N,1,{size},{size}] -> [N,10] (other architecture)")


class OnnxBackend(Backend):
    name = "onnx"

    def __init__(self, weights=None):
        weights = weights or DEFAULT_WEIGHTS
        super().__init__(weights, verified_weights(weights))
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        try:
            self.session = ort.InferenceSession(str(weights), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own Fail/InvalidGraph types
            raise BackendError(f"{weights}: not a loadable ONNX model ({str(exc).splitlines()[0][:120]})") from None
        model_input, model_output = self.session.get_inputs()[0], self.session.get_outputs()[0]
        check_io(weights, model_input.shape, model_output.shape, self.input_size)
        self.input_name = model_input.name

    def logits(self, batch: np.ndarray) -> np.ndarray:
        return self.session.run(None, {self.input_name: batch})[0]


def load(weights=None) -> Backend:
    return OnnxBackend(weights)
