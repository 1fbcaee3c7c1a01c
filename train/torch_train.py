"""Train the PyTorch LeNet on augmented MNIST and ship it to weights/.

    python -m train.torch_train [--epochs 20] [--seed 1] [--resume]

Writes weights/lenet_torch.pt (recorded in weights/MANIFEST.json) and a report in train/reports/torch/.
After every epoch the training state is saved beside the weights, so Ctrl-C loses at most one epoch and
`--resume` continues from there.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

from realtime.backends.base import to_network_input
from realtime.backends.torch_backend import DEFAULT_WEIGHTS, LeNet
from realtime.options import output_file, output_folder, positive_int
from train import data, manifest, report


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m train.torch_train", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    data.add_data_argument(parser)
    parser.add_argument("--epochs", type=positive_int, default=20, help="training epochs (default 20)")
    parser.add_argument("--batch-size", type=positive_int, default=128, help="batch size (default 128)")
    parser.add_argument("--lr", type=float, default=2e-3, help="peak Adam learning rate, cosine decay (default 2e-3)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--no-augment", action="store_true", help="train on plain MNIST")
    parser.add_argument("--limit", type=positive_int, default=None, help="train on only N images (quick checks)")
    parser.add_argument("--out", type=output_file, default=DEFAULT_WEIGHTS, help=f"weights file (default {DEFAULT_WEIGHTS.name} in weights/)")
    parser.add_argument("--reports", type=output_folder, default=Path("train/reports/torch"), help="report folder")
    parser.add_argument("--resume", action="store_true", help="continue from the state saved after the last completed epoch")
    args = parser.parse_args(argv)
    if args.lr <= 0:
        parser.error("--lr must be positive")
    return args


def to_input(images: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(to_network_input(images, 28, 0.0, 1.0))


def predict(net: nn.Module, images: np.ndarray, batch_size: int = 1000) -> np.ndarray:
    net.eval()
    with torch.inference_mode():
        return np.concatenate([net(to_input(images[i:i + batch_size])).argmax(1).numpy()
                               for i in range(0, len(images), batch_size)])


def train_epoch(net, optimizer, scheduler, images, labels, args, epoch) -> float:
    rng = np.random.default_rng([args.seed, epoch])
    order = rng.permutation(len(images))
    net.train()
    losses = []
    batches = range(0, len(order), args.batch_size)
    for start in tqdm(batches, desc=f"epoch {epoch}/{args.epochs}", unit="batch", leave=False):
        index = order[start:start + args.batch_size]
        if args.no_augment:
            batch, targets = images[index], data.one_hot(labels[index])
        else:
            batch, targets = data.training_batch(images[index], labels[index], rng)
        loss = nn.functional.cross_entropy(net(to_input(batch)), torch.from_numpy(targets))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()
        losses.append(loss.item())
    return float(np.mean(losses))


def main(argv=None) -> int:
    args = parse_args(argv)
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    try:
        images, labels = data.load_split("train", args.data)
        test_images, test_labels = data.load_split("test", args.data)
    except data.DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    train_index, val_index = data.train_val_indices(len(images), args.seed)
    train_images, train_labels = images[train_index[:args.limit]], labels[train_index[:args.limit]]
    val_images, val_labels = images[val_index], labels[val_index]
    net = LeNet()
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
    steps = args.epochs * -(-len(train_images) // args.batch_size)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=steps)
    state_path = args.out.with_suffix(".state.pt")
    history, start_epoch, elapsed = [], 1, 0.0
    if args.resume:
        if not state_path.is_file():
            print(f"error: {state_path}: no saved training state to resume from", file=sys.stderr)
            return 2
        state = torch.load(state_path, weights_only=True)
        for target, key in ((net, "net"), (optimizer, "optimizer"), (scheduler, "scheduler")):
            target.load_state_dict(state[key])
        history, start_epoch, elapsed = state["history"], state["epoch"] + 1, state["elapsed"]
        print(f"resuming after epoch {state['epoch']}")
    began = time.perf_counter() - elapsed
    epoch = start_epoch - 1
    try:
        for epoch in range(start_epoch, args.epochs + 1):
            loss = train_epoch(net, optimizer, scheduler, train_images, train_labels, args, epoch)
            val_accuracy = float(np.mean(predict(net, val_images) == val_labels))
            history.append({"epoch": epoch, "train_loss": loss, "val_accuracy": val_accuracy})
            print(f"epoch {epoch}: loss {loss:.4f}  validation {100 * val_accuracy:.2f}%")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            torch.save({"net": net.state_dict(), "optimizer": optimizer.state_dict(),
                        "scheduler": scheduler.state_dict(), "history": history, "epoch": epoch,
                        "elapsed": time.perf_counter() - began}, state_path)
    except KeyboardInterrupt:
        print(f"\ninterrupted: epoch {epoch - 1} is saved in {state_path}; continue with --resume", file=sys.stderr)
        return 130
    wall_time = time.perf_counter() - began
    predicted = predict(net, test_images)
    torch.save(net.state_dict(), args.out)
    state_path.unlink(missing_ok=True)
    report.publish(args.out, args.reports, "PyTorch LeNet",
                   {"framework": "torch", "args": {k: str(v) for k, v in vars(args).items()}, "history": history,
                    "wall_time_s": wall_time}, test_images, test_labels, predicted,
                   framework="torch", architecture="LeNet (seed): conv5x5(6,pad2)-avgpool-conv5x5(16)-avgpool-120-84-10",
                   input_size=28, mean=0.0, std=1.0, normalization="x/255",
                   command=manifest.command_line("train.torch_train", argv), seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
