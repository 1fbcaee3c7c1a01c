"""Evaluate backends on the MNIST test set: accuracy, agreement with each other, crops per second.

    python -m train.evaluate --backend all        # or a comma-separated list: onnx,torch
"""
from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from realtime.backends import BACKENDS, BackendError, available_backends, load_backend
from realtime.options import output_file, positive_int
from train import data


def crops_per_second(backend, crops: np.ndarray, batch_size: int, seconds: float = 1.0) -> float:
    """Sustained rate of `backend.predict` on batches of `batch_size` crops (after one warm-up call)."""
    batch = crops[:batch_size]
    backend.predict(batch)
    calls, began = 0, time.perf_counter()
    while time.perf_counter() - began < seconds:
        backend.predict(batch)
        calls += 1
    return calls * batch_size / (time.perf_counter() - began)


def evaluate(names: list[str], images: np.ndarray, labels: np.ndarray, seconds: float) -> dict:
    results = {}
    for name in names:
        backend = load_backend(name)
        predicted = np.concatenate([backend.predict(images[i:i + 1000])[0] for i in range(0, len(images), 1000)])
        results[name] = {
            "weights": backend.weights.name,
            "accuracy": float(np.mean(predicted == labels)),
            "batch1_crops_per_s": crops_per_second(backend, images, 1, seconds),
            "batch64_crops_per_s": crops_per_second(backend, images, 64, seconds),
            "predicted": predicted,
        }
    for name, result in results.items():
        result["agreement"] = {other: float(np.mean(result["predicted"] == results[other]["predicted"]))
                               for other in results if other != name}
    return results


def print_table(results: dict, count: int) -> None:
    print(f"MNIST test set, {count} images")
    print(f"{'backend':<10} {'weights':<22} {'accuracy':>9} {'batch 1 crops/s':>16} {'batch 64 crops/s':>17}  agreement")
    for name, r in results.items():
        agreement = ", ".join(f"{other} {100 * a:.2f}%" for other, a in r["agreement"].items())
        print(f"{name:<10} {r['weights']:<22} {100 * r['accuracy']:>8.2f}% {r['batch1_crops_per_s']:>16,.0f} "
              f"{r['batch64_crops_per_s']:>17,.0f}  {agreement}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", default="all", help=f"'all' (the installed ones) or a list from {','.join(BACKENDS)}")
    data.add_data_argument(parser)
    parser.add_argument("--limit", type=positive_int, default=10000, help="evaluate the first N test images (default all 10,000)")
    parser.add_argument("--seconds", type=float, default=2.0, help="timing length per speed figure (default 2 s)")
    parser.add_argument("--json", type=output_file, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    names = available_backends() if args.backend == "all" else args.backend.split(",")
    try:
        images, labels = data.load_split("test", args.data)
        results = evaluate(names, images[:args.limit], labels[:args.limit], args.seconds)
    except (data.DataError, BackendError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print_table(results, min(args.limit, len(images)))
    if args.json:
        for result in results.values():
            result.pop("predicted")
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
