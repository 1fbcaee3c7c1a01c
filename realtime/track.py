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
        owner, taken = [-1] * len(boxes), set()
        for flat in np.argsort(-overlap, axis=None):  # best overlaps first, each box and track used once
            i, j = divmod(int(flat), overlap.shape[1])
            if overlap[i, j] < self.min_iou:
                break
            if owner[i] < 0 and j not in taken:
                owner[i] = j
                taken.add(j)
        smoothed = probs.copy()
        previous = list(self.tracks)
        ids, matched = [], set()
        for i, j in enumerate(owner):
            if j >= 0:
                track = self.tracks[j]
                track.probs = self.new_weight * probs[i] + (1 - self.new_weight) * track.probs
                track.box, track.missed = boxes[i], 0
                smoothed[i] = track.probs
                matched.add(j)
            else:
                track = Track(self.next_id, boxes[i], probs[i].copy())
                self.next_id += 1
                self.tracks.append(track)
            ids.append(track.id)
        for j, track in enumerate(previous):
            if j not in matched:
                track.missed += 1
        self.tracks = [t for t in self.tracks if t.missed <= self.max_missed]
        return ids, smoothed
