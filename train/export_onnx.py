"""Export the shipped LeNets to ONNX with a dynamic batch axis, and check the exports.

    python -m train.export_onnx [--only mindspore|torch]

MindSpore LeNet-5 -> weights/lenet5_mindspore.onnx (mindspore.export, then the batch dim renamed to a
`dim_param` with the onnx package); PyTorch LeNet -> weights/lenet_torch.onnx (torch.onnx.export).
Each export checks itself on 1,000 MNIST test images: ONNX logits equal the framework's to 1e-4 and the
argmax agrees on every image, or the export fails (exit 1) and the file is removed.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

from realtime.backends.base import WEIGHTS_DIR, BackendError, to_network_input, verified_weights
from train import data, manifest

CHECK_IMAGES = 1000
TOLERANCE = 1e-4
BATCH_DIM = "batch"


class ExportError(Exception):
    """The export does not reproduce the framework's outputs."""


def make_batch_dynamic(path: Path) -> None:
    """Rename dim 0 of every graph input and output to the symbolic `batch` (mindspore fixes it to 1)."""
    import onnx

    model = onnx.load(str(path))
    for value in list(model.graph.input) + list(model.graph.output):
        value.type.tensor_type.shape.dim[0].dim_param = BATCH_DIM
    onnx.checker.check_model(model)
    path.chmod(0o600)  # mindspore.export writes its files read-only
    onnx.save(model, str(path))


def onnx_logits(path: Path, batch: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: batch})[0]


def check_export(path: Path, batch: np.ndarray, framework_logits: np.ndarray) -> float:
    """Max |ONNX - framework| over the check images; ExportError when over tolerance or an argmax differs."""
    exported = np.concatenate([onnx_logits(path, batch[:1]), onnx_logits(path, batch[1:])])
    difference = float(np.abs(exported - framework_logits).max())
    disagree = int(np.sum(exported.argmax(1) != framework_logits.argmax(1)))
    if difference > TOLERANCE or disagree:
        raise ExportError(f"{path}: ONNX differs from the framework by {difference:.2e} "
                          f"(tolerance {TOLERANCE}), argmax differs on {disagree} of {len(batch)} images")
    return difference


def export_mindspore(target: Path, batch: np.ndarray) -> np.ndarray:
    from realtime.backends.mindspore_backend import LeNet5, graph_mode_cpu, load_into

    import mindspore

    graph_mode_cpu()
    net = LeNet5()
    load_into(net, target.parent / EXPORTS["mindspore"][2])
    net.set_train(False)
    with tempfile.TemporaryDirectory() as folder:
        stem = os.path.join(folder, "lenet5")
        mindspore.export(net, mindspore.Tensor(batch[:1]), file_name=stem, file_format="ONNX")
        Path(f"{stem}.onnx").replace(target)
    make_batch_dynamic(target)
    return net(mindspore.Tensor(batch)).asnumpy()


def export_torch(target: Path, batch: np.ndarray) -> np.ndarray:
    import torch

    from realtime.backends.torch_backend import LeNet, load_state

    net = LeNet()
    net.load_state_dict(load_state(target.parent / EXPORTS["torch"][2]))
    net.eval()
    with warnings.catch_warnings():  # the TorchScript exporter is deprecated but needs no onnxscript
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.onnx.export(net, (torch.from_numpy(batch[:1]),), str(target), input_names=["input"],
                          output_names=["logits"], dynamic_axes={"input": {0: BATCH_DIM}, "logits": {0: BATCH_DIM}},
                          dynamo=False)
    with torch.inference_mode():
        return net(torch.from_numpy(batch)).numpy()


# name -> (exporter, target file, source weights, input size, mean, std)
EXPORTS = {
    "mindspore": (export_mindspore, "lenet5_mindspore.onnx", "lenet5_mindspore.ckpt", 32, 0.1307, 0.3081),
    "torch": (export_torch, "lenet_torch.onnx", "lenet_torch.pt", 28, 0.0, 1.0),
}


def export(name: str, images: np.ndarray, labels: np.ndarray, weights_dir: Path, command: str) -> None:
    exporter, filename, source, size, mean, std = EXPORTS[name]
    source_entry = verified_weights(weights_dir / source)
    target = weights_dir / filename
    if target.exists():
        target.chmod(0o600)
    everything = to_network_input(images, size, mean, std)
    framework_logits = exporter(target, everything[:CHECK_IMAGES])
    try:
        difference = check_export(target, everything[:CHECK_IMAGES], framework_logits)
    except ExportError:
        target.unlink()
        raise
    accuracy = float(np.mean(onnx_logits(target, everything).argmax(1) == labels))
    manifest.record(target, framework="onnx", architecture=source_entry["architecture"], exported_from=source,
                    input_size=size, mean=mean, std=std, normalization=source_entry["normalization"],
                    test_accuracy=accuracy, command=command, seed=source_entry["seed"])
    print(f"{target}: max |onnx - {name}| = {difference:.1e} on {CHECK_IMAGES} images, argmax identical; "
          f"test accuracy {100 * accuracy:.2f}%")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.export_onnx", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=sorted(EXPORTS), help="export just this framework's network")
    data.add_data_argument(parser)
    parser.add_argument("--weights-dir", type=Path, default=WEIGHTS_DIR, help="folder of the weights and MANIFEST.json (default weights/)")
    args = parser.parse_args(argv)

    try:
        images, labels = data.load_split("test", args.data)
        for name in [args.only] if args.only else EXPORTS:
            export(name, images, labels, args.weights_dir, manifest.command_line("train.export_onnx", argv))
    except (data.DataError, BackendError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
