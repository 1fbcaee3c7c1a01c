"""Group accepted digits into lines and numbers, in reading order."""
from __future__ import annotations

import numpy as np

NUMBER_GAP = 0.8  # a horizontal gap wider than this many digit heights starts a new number


def group_lines(boxes: list) -> list[list[int]]:
    """Indices of `boxes` grouped into text lines, top to bottom, each left to right."""
    lines: list[list[int]] = []
    for i in sorted(range(len(boxes)), key=lambda k: boxes[k][1] + boxes[k][3] / 2):
        x, y, w, h = boxes[i]
        centre = y + h / 2
        for line in lines:
            top = np.median([boxes[k][1] for k in line])
            height = np.median([boxes[k][3] for k in line])
            if top <= centre <= top + height:
                line.append(i)
                break
        else:
            lines.append([i])
    return [sorted(line, key=lambda k: boxes[k][0]) for line in lines]


def read_numbers(boxes: list, digits: list) -> list[str]:
    """The numbers written, line by line: digits closer than NUMBER_GAP heights belong together."""
    numbers = []
    for line in group_lines(boxes):
        height = float(np.median([boxes[k][3] for k in line]))
        text, right = "", None
        for k in line:
            x, _, w, _ = boxes[k]
            if right is not None and x - right > NUMBER_GAP * height:
                numbers.append(text)
                text = ""
            text += str(digits[k])
            right = x + w if right is None else max(right, x + w)
        numbers.append(text)
    return numbers
