"""PyTorch LeNet (the seed's network, 28x28 input in [0,1]) and its backend."""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from .base import WEIGHTS_DIR, Backend, BackendError, verified_weights

DEFAULT_WEIGHTS = WEIGHTS_DIR / "lenet_torch.pt"


class LeNet(nn.Module):
    """conv5x5(6, pad 2) -> avgpool -> conv5x5(16) -> avgpool -> 120 -> 84 -> 10, ReLU."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, kernel_size=5, padding=2)
        self.pool1 = nn.AvgPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5)
        self.pool2 = nn.AvgPool2d(kernel_size=2, stride=2)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool1(torch.relu(self.conv1(x)))
        x = self.pool2(torch.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)


def load_state(path) -> dict:
    """A state dict read without unpickling arbitrary objects."""
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # torch raises many types for a bad file
        raise BackendError(f"{path}: not a readable PyTorch state dict ({type(exc).__name__})") from None


class TorchBackend(Backend):
    name = "torch"

    def __init__(self, weights=None):
        weights = weights or DEFAULT_WEIGHTS
        super().__init__(weights, verified_weights(weights))
        torch.set_num_threads(1)
        self.net = LeNet()
        try:
            self.net.load_state_dict(load_state(weights))
        except RuntimeError as exc:
            raise BackendError(f"{weights}: weights do not fit the torch LeNet "
                               f"({str(exc).splitlines()[0]})") from None
        self.net.eval()

    def logits(self, batch: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            return self.net(torch.from_numpy(batch)).numpy()


def load(weights=None) -> Backend:
    return TorchBackend(weights)
