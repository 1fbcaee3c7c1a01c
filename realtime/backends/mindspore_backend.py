"""MindSpore LeNet-5 (the seed report's network, 32x32 input, MNIST mean/std) and its backend."""
from __future__ import annotations

import os

# oneDNN's AVX-512/AMX convolution kernels run ~60x slower than its AVX2 ones on these Xeons (measured:
# LeNet-5 conv1 on 256 crops 220 ms vs 3.7 ms); the variable is a cap, harmless on CPUs without AVX-512.
os.environ.setdefault("DNNL_MAX_CPU_ISA", "AVX2")

import numpy as np  # noqa: E402
import mindspore  # noqa: E402
from mindspore import Tensor, nn  # noqa: E402
from mindspore.common.initializer import Normal  # noqa: E402

from .base import WEIGHTS_DIR, Backend, BackendError, verified_weights

DEFAULT_WEIGHTS = WEIGHTS_DIR / "lenet5_mindspore.ckpt"


class LeNet5(nn.Cell):
    """conv5x5 valid(6) -> relu -> maxpool -> conv5x5 valid(16) -> relu -> maxpool -> 400-120-84-10.

    `dropout` > 0 adds the seed's variant: dropout after each hidden Dense layer.
    """

    def __init__(self, num_class: int = 10, dropout: float = 0.0):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, pad_mode="valid")
        self.conv2 = nn.Conv2d(6, 16, 5, pad_mode="valid")
        self.fc1 = nn.Dense(16 * 5 * 5, 120, weight_init=Normal(0.02))
        self.fc2 = nn.Dense(120, 84, weight_init=Normal(0.02))
        self.fc3 = nn.Dense(84, num_class, weight_init=Normal(0.02))
        self.relu = nn.ReLU()
        self.max_pool2d = nn.MaxPool2d(kernel_size=2, stride=2)
        self.flatten = nn.Flatten()
        self.use_dropout = dropout > 0
        self.dropout = nn.Dropout(p=dropout if self.use_dropout else 0.5)

    def construct(self, x):
        x = self.max_pool2d(self.relu(self.conv1(x)))
        x = self.max_pool2d(self.relu(self.conv2(x)))
        x = self.flatten(x)
        x = self.relu(self.fc1(x))
        if self.use_dropout:
            x = self.dropout(x)
        x = self.relu(self.fc2(x))
        if self.use_dropout:
            x = self.dropout(x)
        return self.fc3(x)


def graph_mode_cpu() -> None:
    mindspore.set_context(mode=mindspore.GRAPH_MODE)
    mindspore.set_device("CPU")


def load_into(net: nn.Cell, path) -> None:
    """Load a .ckpt into `net`, refusing files of another architecture."""
    try:
        params = mindspore.load_checkpoint(str(path))
    except Exception as exc:  # MindSpore raises ValueError/RuntimeError for bad files
        raise BackendError(f"{path}: not a readable MindSpore checkpoint ({type(exc).__name__})") from None
    expected = {p.name: p.shape for p in net.get_parameters()}
    found = {name: tuple(p.shape) for name, p in params.items() if name in expected}
    if found.keys() != expected.keys() or any(tuple(expected[n]) != s for n, s in found.items()):
        raise BackendError(f"{path}: weights do not fit the MindSpore LeNet-5 (other architecture)")
    mindspore.load_param_into_net(net, params, strict_load=True)


class MindSporeBackend(Backend):
    name = "mindspore"

    def __init__(self, weights=None):
        weights = weights or DEFAULT_WEIGHTS
        super().__init__(weights, verified_weights(weights))
        graph_mode_cpu()
        self.net = LeNet5()
        load_into(self.net, weights)
        self.net.set_train(False)
        # one compilation for every batch size
        self.net.set_inputs(Tensor(shape=[None, 1, self.input_size, self.input_size], dtype=mindspore.float32))

    def logits(self, batch: np.ndarray) -> np.ndarray:
        return self.net(Tensor(batch)).asnumpy()


def load(weights=None) -> Backend:
    return MindSporeBackend(weights)
