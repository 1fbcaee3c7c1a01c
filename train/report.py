"""Training reports: metrics JSON, loss/accuracy curves, confusion matrix and a gallery of mistakes."""
from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def confusion_matrix(labels: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    matrix = np.zeros((10, 10), np.int64)
    np.add.at(matrix, (labels, predicted), 1)
    return matrix


def plot_curves(history: list[dict], path: Path, title: str) -> None:
    epochs = [h["epoch"] for h in history]
    fig, loss_axis = plt.subplots(figsize=(7, 4))
    loss_axis.plot(epochs, [h["train_loss"] for h in history], "o-", color="tab:red", label="train loss")
    loss_axis.set_xlabel("epoch")
    loss_axis.set_ylabel("training loss", color="tab:red")
    acc_axis = loss_axis.twinx()
    acc_axis.plot(epochs, [100 * h["val_accuracy"] for h in history], "s-", color="tab:blue", label="validation")
    acc_axis.set_ylabel("validation accuracy (%)", color="tab:blue")
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_confusion(matrix: np.ndarray, path: Path, title: str) -> None:
    fig, axis = plt.subplots(figsize=(6, 5.5))
    axis.imshow(np.log1p(matrix), cmap="Blues")
    for (true, pred), count in np.ndenumerate(matrix):
        if count:
            axis.text(pred, true, str(count), ha="center", va="center", fontsize=7,
                      color="white" if true == pred else "black")
    axis.set_xticks(range(10))
    axis.set_yticks(range(10))
    axis.set_xlabel("predicted")
    axis.set_ylabel("true")
    axis.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_mistakes(images: np.ndarray, labels: np.ndarray, predicted: np.ndarray, path: Path,
                  limit: int = 100) -> None:
    wrong = np.flatnonzero(labels != predicted)[:limit]
    columns = 10
    rows = max(1, -(-len(wrong) // columns))
    fig, axes = plt.subplots(rows, columns, figsize=(columns * 1.1, rows * 1.3), squeeze=False)
    for axis in axes.ravel():
        axis.axis("off")
    for axis, index in zip(axes.ravel(), wrong):
        axis.imshow(images[index], cmap="gray")
        axis.set_title(f"{labels[index]}→{predicted[index]}", fontsize=8, color="tab:red")
    fig.suptitle(f"misclassified test digits (true→predicted): {len(np.flatnonzero(labels != predicted))}")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def write_report(folder: Path, title: str, metrics: dict, test_images: np.ndarray,
                 test_labels: np.ndarray, test_predicted: np.ndarray) -> None:
    """Write metrics.json, curves.png, confusion.png and mistakes.png into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    matrix = confusion_matrix(test_labels, test_predicted)
    metrics = dict(metrics, confusion_matrix=matrix.tolist())
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    plot_curves(metrics["history"], folder / "curves.png", title)
    plot_confusion(matrix, folder / "confusion.png", f"{title}: test confusion matrix")
    plot_mistakes(test_images, test_labels, test_predicted, folder / "mistakes.png")


def publish(weights: Path, reports: Path, title: str, summary: dict, test_images: np.ndarray,
            test_labels: np.ndarray, predicted: np.ndarray, **manifest_fields) -> None:
    """The end of a training run: record the weights in the manifest, write the report, say where."""
    from train import manifest

    accuracy = float(np.mean(predicted == test_labels))
    manifest.record(weights, test_accuracy=accuracy, **manifest_fields)
    write_report(reports, title, dict(summary, test_accuracy=accuracy), test_images, test_labels, predicted)
    print(f"test accuracy {100 * accuracy:.2f}% in {summary['wall_time_s']:.0f} s -> {weights}, report in {reports}")
