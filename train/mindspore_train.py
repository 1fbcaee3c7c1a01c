"""Train the MindSpore LeNet-5 (as in the seed report) on augmented MNIST and ship it to weights/.

    python -m train.mindspore_train [--epochs 15] [--dropout 0.5] [--seed 1] [--resume]

Momentum (lr 0.01 with cosine decay, momentum 0.9), batch 32, GRAPH_MODE on CPU, data read by
mindspore.dataset.MnistDataset from the raw IDX files. Writes weights/lenet5_mindspore.ckpt (recorded in
weights/MANIFEST.json) and a report in train/reports/mindspore/. After every epoch the training state is
saved beside the weights, so Ctrl-C loses at most one epoch and `--resume` continues from there.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from realtime.backends.mindspore_backend import DEFAULT_WEIGHTS, LeNet5, graph_mode_cpu  # first: sets oneDNN's ISA

import mindspore
import mindspore.dataset as ds
from mindspore import Tensor, nn
from mindspore.dataset import vision
from mindspore.train import Callback, Model
from tqdm import tqdm

from realtime.backends.base import to_network_input
from realtime.options import output_file, output_folder, positive_int
from train import data, manifest, report

MEAN, STD, SIZE = 0.1307, 0.3081, 32
ARCHITECTURE = "LeNet-5 (seed report): conv5x5v(6)-maxpool-conv5x5v(16)-maxpool-400-120-84-10"
NORMALIZATION = "resize 28->32 linear, x/255, (x-0.1307)/0.3081"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m train.mindspore_train", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    data.add_data_argument(parser)
    parser.add_argument("--epochs", type=positive_int, default=15, help="training epochs (default 15)")
    parser.add_argument("--lr", type=float, default=0.01, help="initial Momentum learning rate (default 0.01)")
    parser.add_argument("--batch-size", type=positive_int, default=32, help="batch size (default 32)")
    parser.add_argument("--dropout", type=float, default=0.0, help="dropout after each hidden Dense layer (seed variant: 0.5)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--no-augment", action="store_true", help="train on plain MNIST")
    parser.add_argument("--limit", type=positive_int, default=None, help="train on only N images (quick checks)")
    parser.add_argument("--out", type=output_file, default=DEFAULT_WEIGHTS, help=f"checkpoint (default {DEFAULT_WEIGHTS.name} in weights/)")
    parser.add_argument("--reports", type=output_folder, default=None, help="report folder (default train/reports/mindspore[_dropout])")
    parser.add_argument("--raw-dir", type=output_folder, default=Path("build/mnist-raw"), help="where the uncompressed IDX files go")
    parser.add_argument("--resume", action="store_true", help="continue from the state saved after the last completed epoch")
    args = parser.parse_args(argv)
    if args.lr <= 0 or not 0 <= args.dropout < 1:
        parser.error("--lr must be positive and --dropout in [0, 1)")
    args.reports = args.reports or Path("train/reports/mindspore" + ("_dropout" if args.dropout else ""))
    return args


def training_dataset(raw_dir: Path, indices: np.ndarray, args) -> ds.Dataset:
    """MnistDataset over the training indices: augment (target probabilities), resize to 32, normalize, CHW, batch."""
    rng = np.random.default_rng(args.seed)
    mnist = ds.MnistDataset(str(raw_dir), usage="train", sampler=ds.SubsetRandomSampler(indices.tolist()))

    def example(image, label):
        if args.no_augment:
            return image, data.one_hot(int(label))
        image, target = data.training_example(image[:, :, 0], int(label), rng)
        return image[:, :, None], target

    image_ops = [vision.Resize((SIZE, SIZE), interpolation=vision.Inter.LINEAR),
                 vision.Rescale(1.0 / 255.0, 0.0), vision.Rescale(1 / STD, -MEAN / STD), vision.HWC2CHW()]
    mnist = mnist.map(operations=example, input_columns=["image", "label"], num_parallel_workers=1)
    mnist = mnist.map(operations=image_ops, input_columns="image", num_parallel_workers=1)
    return mnist.batch(args.batch_size, drop_remainder=True)


def predict(net: nn.Cell, images: np.ndarray, batch_size: int = 1000) -> np.ndarray:
    return np.concatenate([net(Tensor(to_network_input(images[i:i + batch_size], SIZE, MEAN, STD))).asnumpy().argmax(1)
                           for i in range(0, len(images), batch_size)])


class EpochEnd(Callback):
    """Progress bar, validation accuracy and a resumable state after every epoch."""

    def __init__(self, net, val_images, val_labels, steps, args, history, state_path):
        super().__init__()
        self.net, self.val_images, self.val_labels = net, val_images, val_labels
        self.steps, self.args, self.history, self.state_path = steps, args, history, state_path
        self.bar, self.losses = None, []

    def on_train_epoch_begin(self, run_context):
        epoch = run_context.original_args().cur_epoch_num
        self.bar = tqdm(total=self.steps, desc=f"epoch {epoch}/{self.args.epochs}", unit="batch", leave=False)
        self.losses = []

    def on_train_step_end(self, run_context):
        self.losses.append(float(run_context.original_args().net_outputs.asnumpy()))
        self.bar.update(1)

    def on_train_epoch_end(self, run_context):
        self.bar.close()
        params = run_context.original_args()
        self.net.set_train(False)
        val_accuracy = float(np.mean(predict(self.net, self.val_images) == self.val_labels))
        self.net.set_train(True)
        loss = float(np.mean(self.losses))
        self.history.append({"epoch": params.cur_epoch_num, "train_loss": loss, "val_accuracy": val_accuracy})
        print(f"epoch {params.cur_epoch_num}: loss {loss:.4f}  validation {100 * val_accuracy:.2f}%")
        mindspore.save_checkpoint(params.train_network, str(self.state_path))
        self.state_path.with_suffix(".json").write_text(json.dumps({"history": self.history}))


def main(argv=None) -> int:
    args = parse_args(argv)
    graph_mode_cpu()
    mindspore.set_seed(args.seed)
    ds.config.set_seed(args.seed)
    try:
        images, labels = data.load_split("train", args.data)
        test_images, test_labels = data.load_split("test", args.data)
        raw_dir = data.write_raw(args.data or data.default_data_dir(), args.raw_dir)
    except data.DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    train_index, val_index = data.train_val_indices(len(images), args.seed)
    train_index = train_index[:args.limit]
    dataset = training_dataset(raw_dir, train_index, args)
    steps = dataset.get_dataset_size()
    net = LeNet5(dropout=args.dropout)
    schedule = nn.cosine_decay_lr(0.0, args.lr, steps * args.epochs, steps, args.epochs)
    optimizer = nn.Momentum(net.trainable_params(), learning_rate=schedule, momentum=0.9)
    model = Model(net, nn.SoftmaxCrossEntropyWithLogits(sparse=False, reduction="mean"), optimizer)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    state_path = args.out.with_suffix(".state.ckpt")
    history = []
    if args.resume:
        if not state_path.is_file():
            print(f"error: {state_path}: no saved training state to resume from", file=sys.stderr)
            return 2
        history = json.loads(state_path.with_suffix(".json").read_text())["history"]
        mindspore.load_param_into_net(model.train_network, mindspore.load_checkpoint(str(state_path)))
        print(f"resuming after epoch {len(history)}")
    callback = EpochEnd(net, images[val_index], labels[val_index], steps, args, history, state_path)
    began = time.perf_counter()
    try:
        model.train(args.epochs, dataset, callbacks=[callback], dataset_sink_mode=False, initial_epoch=len(history))
    except KeyboardInterrupt:
        print(f"\ninterrupted: epoch {len(history)} is saved in {state_path}; continue with --resume", file=sys.stderr)
        return 130
    wall_time = time.perf_counter() - began
    net.set_train(False)
    predicted = predict(net, test_images)
    mindspore.save_checkpoint(net, str(args.out))
    state_path.unlink(missing_ok=True)
    state_path.with_suffix(".json").unlink(missing_ok=True)
    variant = f", dropout {args.dropout} after each hidden Dense" if args.dropout else ""
    report.publish(args.out, args.reports, f"MindSpore LeNet-5{' + dropout' if args.dropout else ''}",
                   {"framework": "mindspore", "args": {k: str(v) for k, v in vars(args).items()},
                    "history": history, "wall_time_s": wall_time}, test_images, test_labels, predicted,
                   framework="mindspore",
                   architecture=ARCHITECTURE + variant, input_size=SIZE, mean=MEAN, std=STD, normalization=NORMALIZATION,
                   command=manifest.command_line("train.mindspore_train", argv), seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
