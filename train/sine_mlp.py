"""The seed's second experiment: an MLP (512, 256, ReLU, Adam) fitting a noisy sine curve.

    python -m train.sine_mlp [--epochs 500] [--compare 500,5000] [--seed 42] [--out train/reports/sine]

1,000 points of sin(x) on [0, 2*pi] plus Gaussian noise (sigma 0.1), split 75/25 with a fixed seed. One
epoch is one pass over the training points in mini-batches of 200 (scikit-learn's default, which the seed
used). Writes results.json (train/test MSE per run), fit.png (data, true sine, fitted curves) and
loss.png (training loss per epoch).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
from tqdm import tqdm  # noqa: E402

from realtime.options import output_folder, positive_int  # noqa: E402

POINTS, NOISE, TEST_FRACTION, BATCH = 1000, 0.1, 0.25, 200


def make_data(seed: int, points: int = POINTS, noise: float = NOISE):
    """x, noisy y on [0, 2*pi], and a seeded 75/25 split: (x_train, y_train, x_test, y_test, x, y)."""
    rng = np.random.default_rng(seed)
    x = np.linspace(0, 2 * np.pi, points, dtype=np.float32)[:, None]
    y = (np.sin(x) + rng.normal(0, noise, x.shape)).astype(np.float32)
    order = rng.permutation(points)
    test, train = order[:int(points * TEST_FRACTION)], order[int(points * TEST_FRACTION):]
    return x[train], y[train], x[test], y[test], x, y


def mlp() -> nn.Module:
    return nn.Sequential(nn.Linear(1, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 1))


def mse(net: nn.Module, x: np.ndarray, y: np.ndarray) -> float:
    with torch.no_grad():
        return float(nn.functional.mse_loss(net(torch.from_numpy(x)), torch.from_numpy(y)))


def train(epochs: int, seed: int, data, lr: float = 1e-3) -> dict:
    """Train one MLP for `epochs`; its losses, final train/test MSE and fitted curve."""
    x_train, y_train, x_test, y_test, x_all, _ = data
    torch.manual_seed(seed)
    net = mlp()
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    inputs, targets = torch.from_numpy(x_train), torch.from_numpy(y_train)
    losses = []
    began = time.perf_counter()
    for _ in tqdm(range(epochs), desc=f"{epochs} epochs", unit="epoch", leave=False):
        order = torch.randperm(len(inputs), generator=generator)
        for start in range(0, len(order), BATCH):
            index = order[start:start + BATCH]
            loss = nn.functional.mse_loss(net(inputs[index]), targets[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        losses.append(mse(net, x_train, y_train))
    with torch.no_grad():
        curve = net(torch.from_numpy(x_all)).numpy()[:, 0]
    return {"epochs": epochs, "train_mse": mse(net, x_train, y_train), "test_mse": mse(net, x_test, y_test),
            "wall_time_s": time.perf_counter() - began, "loss": losses, "curve": curve}


def plot_fit(data, runs: list[dict], path: Path) -> None:
    x_train, y_train, x_test, y_test, x_all, _ = data
    fig, axis = plt.subplots(figsize=(10, 6))
    axis.scatter(x_train, y_train, s=8, color="tab:blue", label="train data")
    axis.scatter(x_test, y_test, s=8, color="tab:green", label="test data")
    axis.plot(x_all, np.sin(x_all), "--", color="orange", label="true sine")
    for run, colour in zip(runs, ("tab:red", "black", "tab:purple", "tab:brown")):
        axis.plot(x_all, run["curve"], color=colour, linewidth=2,
                  label=f"MLP, {run['epochs']} epochs (test MSE {run['test_mse']:.4f})")
    axis.set(title="Fitting a noisy sine curve with an MLP (512, 256)", xlabel="x", ylabel="y")
    axis.grid(True)
    axis.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_losses(runs: list[dict], path: Path) -> None:
    fig, axis = plt.subplots(figsize=(10, 6))
    for run in runs:
        axis.plot(range(1, run["epochs"] + 1), run["loss"], label=f"{run['epochs']} epochs")
    axis.axhline(NOISE ** 2, linestyle=":", color="grey", label="noise variance 0.01")
    axis.set(title="Training loss (MSE on the training points)", xlabel="epoch", ylabel="MSE", yscale="log")
    axis.grid(True)
    axis.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def epoch_list(text: str) -> list[int]:
    return [positive_int(value) for value in text.split(",")]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.sine_mlp", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=positive_int, default=500, help="training epochs (default 500)")
    parser.add_argument("--compare", type=epoch_list, help="train several lengths in one run, e.g. 500,5000")
    parser.add_argument("--seed", type=int, default=42, help="seed of the data, split and network (default 42)")
    parser.add_argument("--out", type=output_folder, default=Path("train/reports/sine"), help="output folder")
    args = parser.parse_args(argv)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        probe = args.out / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        print(f"error: cannot write to {args.out}: {exc.strerror}", file=sys.stderr)
        return 2
    torch.set_num_threads(1)
    torch.set_flush_denormal(True)  # tiny ReLU activations otherwise slow training down several-fold
    data = make_data(args.seed)
    runs = [train(epochs, args.seed, data) for epochs in (args.compare or [args.epochs])]
    for run in runs:
        print(f"{run['epochs']:>6} epochs: train MSE {run['train_mse']:.5f}  test MSE {run['test_mse']:.5f}  "
              f"({run['wall_time_s']:.0f} s)")
    summary = {"seed": args.seed, "points": POINTS, "noise_sigma": NOISE, "test_fraction": TEST_FRACTION,
               "runs": [{k: v for k, v in run.items() if k != "curve"} for run in runs]}
    (args.out / "results.json").write_text(json.dumps(summary, indent=1) + "\n")
    plot_fit(data, runs, args.out / "fit.png")
    plot_losses(runs, args.out / "loss.png")
    print(f"results.json, fit.png and loss.png in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
