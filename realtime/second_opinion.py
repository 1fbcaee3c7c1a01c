"""A doubted crop read again, turned a little either way, as a slanting hand or a camera at an angle shows it."""
from __future__ import annotations

import cv2
import numpy as np

DOUBTED = 0.9  # crops read with less confidence than this are read again ...
TURN = 8.0     # ... turned this many degrees either way, and the three readings averaged
TURNS = [cv2.getRotationMatrix2D((13.5, 13.5), angle, 1.0) for angle in (-TURN, TURN)]  # about a 28x28 crop's centre


def second_opinion(backend, crops: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """`probs` (the backend's for `crops`), those of the doubted crops (under DOUBTED) averaged with the readings of
    the crops turned (TURNS), read in one backend call: a reading that holds only for the crop as it lies is not
    trusted (a picture's texture passing for a digit), one that holds turned is (a digit leaning, written so or
    seen at an angle)."""
    doubted = np.flatnonzero(probs.max(axis=1) < DOUBTED)
    if len(doubted) == 0:
        return probs
    turned = np.array([cv2.warpAffine(crops[index], turn, (28, 28), flags=cv2.INTER_LINEAR)
                       for index in doubted for turn in TURNS], np.uint8)
    _, turned_probs = backend.predict(turned)
    steadied = probs.copy()
    readings = probs[doubted] + turned_probs.reshape(len(doubted), len(TURNS), -1).sum(axis=1)
    steadied[doubted] = readings / (len(TURNS) + 1)
    return steadied
