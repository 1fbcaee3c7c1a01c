"""Match digit boxes across frames (IoU) and smooth their class probabilities, so labels do not flicker."""
from __future__ import annotations

import numpy as np


def iou_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU of every box in a [N,4] against every box in b [M,4] (x, y, w, h)."""
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)))
    a, b = a[:, None, :].astype(float), b[None, :, :].astype(float)
    ends = np.minimum(a[..., :2] + a[..., 2:], b[..., :2] + b[..., 2:]) - np.maximum(a[..., :2], b[..., :2])
    inter = np.maximum(ends, 0).prod(axis=-1)  # np.clip is several times slower on arrays this small
    return inter / (a[..., 2] * a[..., 3] + b[..., 2] * b[..., 3] - inter)


def greedy_pairs(overlap: np.ndarray, min_iou: float) -> list[tuple[int, int]]:
    """(row, column) pairs of an IoU matrix, best overlap first, each row and column used once."""
    pairs, rows, columns = [], set(), set()
    for flat in np.argsort(-overlap, axis=None):
        i, j = divmod(int(flat), overlap.shape[1])
        if overlap[i, j] < min_iou:
            break
        if i not in rows and j not in columns:
            pairs.append((i, j))
            rows.add(i)
            columns.add(j)
    return pairs


def likeness(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Correlation of each crop in a [N,28,28] with the one at the same index in b (1: alike, 0 or less: not)."""
    a = a.reshape(len(a), -1).astype(np.float64)
    b = b.reshape(len(b), -1).astype(np.float64)
    a -= a.mean(axis=1, keepdims=True)
    b -= b.mean(axis=1, keepdims=True)
    return (a * b).sum(axis=1) / np.sqrt((a * a).sum(axis=1) * (b * b).sum(axis=1) + 1e-9)


class Tracker:
    """Greedy IoU matching of boxes whose crops look alike; probabilities are an exponential moving average over
    the matched frames.

    The live tracks are rows of arrays: boxes [T,4], smoothed probabilities [T,10], last crops [T,28,28], ids and
    frames missed.
    """

    def __init__(self, min_iou: float = 0.3, new_weight: float = 0.4, max_missed: int = 5,
                 min_likeness: float = 0.7):
        self.min_iou, self.new_weight, self.max_missed = min_iou, new_weight, max_missed
        self.min_likeness = min_likeness
        self.reset()

    def reset(self) -> None:
        self.boxes, self.probs = np.zeros((0, 4)), np.zeros((0, 10), np.float32)
        self.crops = np.zeros((0, 28, 28), np.uint8)
        self.ids, self.missed = np.zeros(0, np.int64), np.zeros(0, np.int64)
        self.next_id = 0

    def update(self, boxes: list, probs: np.ndarray, crops: np.ndarray | None = None) -> tuple[list[int], np.ndarray]:
        """Track ids and smoothed probabilities for this frame's boxes (a new box keeps its own probs). With the
        boxes' `crops` [N,28,28], a box joins a track only if its crop looks like the track's last one
        (min_likeness): a sheet that jumps puts other digits in the old boxes."""
        boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
        crops = np.zeros((len(boxes), 28, 28), np.uint8) if crops is None else np.asarray(crops, np.uint8)
        pairs = greedy_pairs(iou_matrix(boxes, self.boxes), self.min_iou)
        mine, theirs = [i for i, _ in pairs], [j for _, j in pairs]  # this frame's boxes, matching tracks
        if pairs and crops.any():
            alike = likeness(crops[mine], self.crops[theirs]) >= self.min_likeness
            mine, theirs = np.array(mine)[alike].tolist(), np.array(theirs)[alike].tolist()
        smoothed = np.array(probs, dtype=np.float32)
        smoothed[mine] = self.new_weight * smoothed[mine] + (1 - self.new_weight) * self.probs[theirs]
        unmatched = np.ones(len(boxes), bool)
        unmatched[mine] = False
        new = np.flatnonzero(unmatched)
        ids = np.empty(len(boxes), np.int64)
        ids[mine], ids[new] = self.ids[theirs], self.next_id + np.arange(len(new))
        self.next_id += len(new)
        self.boxes[theirs], self.probs[theirs], self.crops[theirs] = boxes[mine], smoothed[mine], crops[mine]
        self.missed += 1
        self.missed[theirs] = 0
        kept = self.missed <= self.max_missed
        self.boxes = np.concatenate([self.boxes[kept], boxes[new]])
        self.probs = np.concatenate([self.probs[kept], smoothed[new]])
        self.crops = np.concatenate([self.crops[kept], crops[new]])
        self.ids = np.concatenate([self.ids[kept], ids[new]])
        self.missed = np.concatenate([self.missed[kept], np.zeros(len(new), np.int64)])
        return ids.tolist(), smoothed
