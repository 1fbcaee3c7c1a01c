"""Score detections against ground truth: a hit overlaps a true digit with IoU >= 0.5 and reads it right."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from .track import greedy_pairs, iou_matrix

MIN_IOU = 0.5


def matches(detections: list, boxes: list) -> list[tuple[int, int]]:
    """(detection, true box) index pairs overlapping with IoU >= MIN_IOU, best overlap first, each used once."""
    overlap = iou_matrix(np.array([d.box for d in detections]).reshape(-1, 4), np.array(boxes).reshape(-1, 4))
    return greedy_pairs(overlap, MIN_IOU)


def multiset_counts(rows: list[str], written: str) -> tuple[int, int, int]:
    """A photo's digits compared as a multiset (no boxes): (digits read right, digits written, digits read),
    given the rows read and the rows written (separated by spaces)."""
    truth, read = Counter(written.replace(" ", "")), Counter("".join(rows))
    return sum((truth & read).values()), sum(truth.values()), sum(read.values())


@dataclass
class Score:
    hits: int = 0
    truths: int = 0
    detections: int = 0

    def add(self, detections: list, boxes: list, digits: list) -> None:
        """Count one frame: each true digit may be claimed by one detection, best overlap first."""
        for i, j in matches(detections, boxes):
            self.hits += int(detections[i].digit == digits[j])
        self.truths += len(boxes)
        self.detections += len(detections)

    @property
    def recall(self) -> float:
        return self.hits / self.truths if self.truths else 1.0

    @property
    def precision(self) -> float:
        return self.hits / self.detections if self.detections else 1.0
