"""Match digit boxes across frames (IoU) and smooth their class probabilities, so labels do not flicker."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def iou_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU of every box in a [N,4] against every box in b [M,4] (x, y, w, h)."""
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)))
    a, b = a[:, None, :].astype(float), b[None, :, :].astype(float)
    width = np.clip(np.minimum(a[..., 0] + a[..., 2], b[..., 0] + b[..., 2]) - np.maximum(a[..., 0], b[..., 0]), 0, None)
    height = np.clip(np.minimum(a[..., 1] + a[..., 3], b[..., 1] + b[..., 3]) - np.maximum(a[..., 1], b[..., 1]), 0, None)
    inter = width * height
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


@dataclass
class Track:
    id: int
    box: tuple
    probs: np.ndarray
    missed: int = 0


class Tracker:
    """Greedy IoU matching; probabilities are an exponential moving average over the matched frames."""

    def __init__(self, min_iou: float = 0.3, new_weight: float = 0.4, max_missed: int = 5):
        self.min_iou, self.new_weight, self.max_missed = min_iou, new_weight, max_missed
        self.tracks: list[Track] = []
        self.next_id = 0

    def reset(self) -> None:
        self.tracks, self.next_id = [], 0

    def update(self, boxes: list, probs: np.ndarray) -> tuple[list[int], np.ndarray]:
        """Track ids and smoothed probabilities for this frame's boxes (a new box keeps its own probs)."""
        overlap = iou_matrix(np.array(boxes).reshape(-1, 4), np.array([t.box for t in self.tracks]).reshape(-1, 4))
        owner = dict(greedy_pairs(overlap, self.min_iou))  # box index -> track index
        previous = list(self.tracks)
        smoothed = probs.copy()
        ids = []
        for i, box in enumerate(boxes):
            if i in owner:
                track = previous[owner[i]]
                track.probs = self.new_weight * probs[i] + (1 - self.new_weight) * track.probs
                track.box, track.missed = box, 0
                smoothed[i] = track.probs
            else:
                track = Track(self.next_id, box, probs[i].copy())
                self.next_id += 1
                self.tracks.append(track)
            ids.append(track.id)
        for j in set(range(len(previous))) - set(owner.values()):
            previous[j].missed += 1
        self.tracks = [t for t in self.tracks if t.missed <= self.max_missed]
        return ids, smoothed
