"""Fine-tune the MindSpore LeNet-5 on what the program's detector cuts from generated scenes, and ship it.

    python -m train.mindspore_finetune [--scenes 1800] [--epochs 3] [--lr 0.003] [--seed 101]

Starts from weights/lenet5_mindspore.ckpt as `python -m train.mindspore_train` leaves it (run it once after
that: a second run would fine-tune the fine-tuned network again). The scenes
(`realtime.synth`: clean, ruled and hard in turn) are written with MNIST *training* digits, never the
validation or test digits; every candidate the detector finds is cropped as in the program and labelled by
its IoU with a true digit (a candidate that matches none gets the uniform target: not a digit). These crops
and as many augmented MNIST training digits (`train.data`) are mixed; Momentum with cosine decay, batch 32.
Writes the checkpoint back (recorded in weights/MANIFEST.json) and a report in train/reports/mindspore_finetune/;
then `python -m train.export_onnx --only mindspore` ships its ONNX export.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from realtime.backends.mindspore_backend import DEFAULT_WEIGHTS, LeNet5, graph_mode_cpu, load_into  # first: oneDNN ISA

import mindspore
from mindspore import Tensor, nn
from tqdm import tqdm

from realtime.backends.base import BackendError, to_network_input
from realtime.detect import DetectorConfig
from realtime.options import output_folder, positive_int
from realtime.looks import find_candidates
from realtime.scoring import matches
from realtime.synth import KINDS, SceneMaker
from train import data, manifest, report
from train.mindspore_train import ARCHITECTURE, MEAN, NORMALIZATION, SIZE, STD, predict


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m train.mindspore_finetune", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    data.add_data_argument(parser)
    parser.add_argument("--scenes", type=positive_int, default=1800, help="generated scenes to crop (default 1800)")
    parser.add_argument("--epochs", type=positive_int, default=3, help="epochs over crops + MNIST (default 3)")
    parser.add_argument("--lr", type=float, default=0.003, help="initial Momentum learning rate (default 0.003)")
    parser.add_argument("--seed", type=int, default=101, help="scene and shuffling seed (default 101)")
    parser.add_argument("--weights", type=Path, default=DEFAULT_WEIGHTS, help="checkpoint to start from and overwrite")
    parser.add_argument("--reports", type=output_folder, default=Path("train/reports/mindspore_finetune"),
                        help="report folder (default train/reports/mindspore_finetune)")
    args = parser.parse_args(argv)
    if args.lr <= 0:
        parser.error("--lr must be positive")
    return args


def scene_crops(images: np.ndarray, labels: np.ndarray, count: int, seed: int):
    """Crops (uint8 [N,28,28]) and target probabilities ([N,10]) of every candidate found in `count` scenes
    written with `images`."""
    maker = SceneMaker(images, labels, seed)
    crops, targets = [], []
    for index in tqdm(range(count), desc="cropping scenes", unit="scene"):
        scene = maker.scene(KINDS[index % len(KINDS)])
        candidates, _, _ = find_candidates(scene.image, DetectorConfig())  # scenes are no close-ups
        truth = dict(matches(candidates, scene.boxes))
        for k, candidate in enumerate(candidates):
            crops.append(candidate.crop)
            targets.append(data.one_hot(scene.digits[truth[k]]) if k in truth else data.UNSURE)
    return np.array(crops, np.uint8).reshape(-1, 28, 28), np.array(targets, np.float32).reshape(-1, 10)


def main(argv=None) -> int:
    args = parse_args(argv)
    graph_mode_cpu()
    mindspore.set_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    try:
        images, labels = data.load_split("train", args.data)
        test_images, test_labels = data.load_split("test", args.data)
        net = LeNet5()
        load_into(net, args.weights)
    except (data.DataError, BackendError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    train_index, val_index = data.train_val_indices(len(images), 1)  # the split mindspore_train used
    crops, targets = scene_crops(images[train_index], labels[train_index], args.scenes, args.seed)
    chosen = rng.choice(train_index, len(crops), replace=len(crops) > len(train_index))  # as many as there are crops
    mnist = [data.training_example(images[i], int(labels[i]), rng) for i in tqdm(chosen, desc="augmenting MNIST", unit="digit")]
    examples = np.concatenate([crops, np.array([image for image, _ in mnist], np.uint8)])
    goals = np.concatenate([targets, np.array([target for _, target in mnist], np.float32)])
    print(f"{len(crops)} scene crops ({int((targets.max(1) < 0.5).sum())} of no digit) + {len(mnist)} MNIST digits")

    steps = len(examples) // 32
    schedule = nn.cosine_decay_lr(0.0, args.lr, steps * args.epochs, steps, args.epochs)
    loss = nn.WithLossCell(net, nn.SoftmaxCrossEntropyWithLogits(sparse=False, reduction="mean"))
    step = nn.TrainOneStepCell(loss, nn.Momentum(net.trainable_params(), learning_rate=schedule, momentum=0.9))
    history, began = [], time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        order, losses = rng.permutation(len(examples)), []
        step.set_train(True)
        for batch in tqdm(range(steps), desc=f"epoch {epoch}/{args.epochs}", unit="batch", leave=False):
            chosen = order[batch * 32:(batch + 1) * 32]
            inputs = Tensor(to_network_input(examples[chosen], SIZE, MEAN, STD))
            losses.append(float(step(inputs, Tensor(goals[chosen])).asnumpy()))
        net.set_train(False)
        val_accuracy = float(np.mean(predict(net, images[val_index]) == labels[val_index]))
        history.append({"epoch": epoch, "train_loss": float(np.mean(losses)), "val_accuracy": val_accuracy})
        print(f"epoch {epoch}: loss {np.mean(losses):.4f}  validation {100 * val_accuracy:.2f}%")
    wall_time = time.perf_counter() - began
    mindspore.save_checkpoint(net, str(args.weights))
    report.publish(args.weights, args.reports, "MindSpore LeNet-5 fine-tuned on scene crops",
                   {"framework": "mindspore", "args": {k: str(v) for k, v in vars(args).items()},
                    "history": history, "wall_time_s": wall_time, "scene_crops": len(crops)},
                   test_images, test_labels, predict(net, test_images), framework="mindspore",
                   architecture=ARCHITECTURE, input_size=SIZE, mean=MEAN, std=STD, normalization=NORMALIZATION,
                   command="python -m train.mindspore_train && "
                           + manifest.command_line("train.mindspore_finetune", argv), seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
