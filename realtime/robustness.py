"""How the recognizer copes with what cameras do beyond the benchmark's scenes: exposure and close-ups.

    python -m realtime.robustness [--scenes 30] [--seed 21] [--real DIR]

Exposure: generated scenes of MNIST test digits as filmed, washed out (grey levels x0.4 + 120: haze, a
pale pencil), over-exposed (x1.6 + 40: the paper burnt white, the ink paled) and grainy (a dim camera's noise,
8 grey levels in specks 1.5 px across, sharpened as phones do): recall and precision (IoU >= 0.5 and the right
digit); with --real, the labelled photos the same way (digits as a multiset per photo).
Turned (with --real): the photos turned whole 12 and 25 degrees either way: digits read, and rows read as written.
Close-ups: single MNIST test digits filling 40 / 55 / 70% of a 640x480 frame, and with --real every digit
of the photos cropped alone (its box as read in the whole photo) with a margin of 10 / 25 / 50% of its size,
as is and enlarged to 640 px (a digit held near a webcam): how many are read alone and right.
Writing styles (`realtime.styles`): MNIST test 1s as written, with a short or a long flag (the up-stroke many
writers start a 1 with), with a flag and a bar to stand on, 7s as written and crossed, 15 to a sheet: how many
are read right.
Operators: sheets of three lines of MNIST test digits with operators written by hand between them (+ x - = ( ),
as in a sum: how many operators are read as digits, and how many digits are read right.
Sizes: a number of three MNIST test digits written 0.3-3 times as tall as the rows of digits beside it: how many of
its digits and of the rows' are read right.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import cv2
import numpy as np

from .backends import BackendError, load_backend
from .options import labelled_photos, positive_int
from .pipeline import Recognizer
from .scoring import Score, matches, multiset_counts
from .styles import LONG_FLAG, OPERATORS, operator, with_base, with_crossbar, with_flag
from .synth import load_test_digits, make_scenes
from .track import iou_matrix

KINDS = ("clean", "ruled", "hard", "ballpoint")
SHARES = (0.4, 0.55, 0.7)      # of the frame's height, for the generated close-ups
MARGINS = (0.1, 0.25, 0.5)     # of a digit's size, around the real close-up crops ...
ENLARGED = 640                 # ... read as cropped and enlarged to this many px (longer side)


def turned(photo: np.ndarray, angle: float) -> np.ndarray:
    """The photo turned `angle` degrees (counter-clockwise) whole, the corners filled with its median colour."""
    h, w = photo.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(turn[0, 0]), abs(turn[0, 1])
    size = (int(h * sin + w * cos), int(h * cos + w * sin))
    turn[:, 2] += (size[0] / 2 - w / 2, size[1] / 2 - h / 2)
    paper = [int(v) for v in np.median(photo.reshape(-1, 3), axis=0)]
    return cv2.warpAffine(photo, turn, size, borderValue=paper)


def washed_out(frame: np.ndarray) -> np.ndarray:
    """A frame as a hazy camera gives it: its contrast cut to 40%, lifted to grey."""
    return (frame * 0.4 + 120).astype(np.uint8)


def over_exposed(frame: np.ndarray) -> np.ndarray:
    """A frame 1.6 times too bright: the paper burnt out to white, the ink paled."""
    return np.clip(frame * 1.6 + 40, 0, 255).astype(np.uint8)


GRAIN = 8.0       # grey levels (std): the noise of a camera in dim light, ...
GRAIN_SIZE = 1.5  # ... in specks about this many px across (the sensor's demosaicing and denoising smear it), ...
SHARPENING = 0.6  # ... sharpened as phones do (an unsharp mask of this amount, 1.5 px)


def grainy(frame: np.ndarray, grain: float = GRAIN) -> np.ndarray:
    """A (BGR) frame as a camera in dim light gives it: noise of `grain` grey levels in specks GRAIN_SIZE px across,
    sharpened."""
    noise = cv2.GaussianBlur(np.random.default_rng(0).normal(size=frame.shape[:2]).astype(np.float32), (0, 0), GRAIN_SIZE)
    noisy = frame + (grain / noise.std()) * noise[..., None]
    sharpened = cv2.addWeighted(noisy, 1 + SHARPENING, cv2.GaussianBlur(noisy, (0, 0), 1.5), -SHARPENING, 0)
    return np.clip(sharpened, 0, 255).astype(np.uint8)


CAMERAS = {"as filmed": np.asarray, "washed out": washed_out, "over-exposed": over_exposed, "grainy": grainy}


def written_sheet(placed: list, blur: float) -> np.ndarray:
    """A 640x480 sheet with MNIST-style digits written on it, each (digit, top, left, side) scaled to `side` px
    square, filmed with a Gaussian blur of `blur` px."""
    frame = np.full((480, 640), 215, np.float32)
    for digit, top, left, side in placed:
        ink = cv2.resize(digit, (side, side), interpolation=cv2.INTER_CUBIC).astype(np.float32) / 255
        frame[top:top + side, left:left + side] *= 1 - 0.8 * np.clip(ink, 0, 1)
    return cv2.cvtColor(cv2.GaussianBlur(frame, (0, 0), blur).astype(np.uint8), cv2.COLOR_GRAY2BGR)


def close_up(digit: np.ndarray, share: float) -> np.ndarray:
    """An MNIST digit written on paper and filmed from near: `share` (at most 0.8) of a 640x480 frame's
    height, blurred."""
    side = int(480 * share * 28 / 20)  # an MNIST digit is 20 px tall in its 28x28 image
    return written_sheet([(digit, (480 - side) // 2, (640 - side) // 2, side)], 1.5)


def exposure(recognizer: Recognizer, scenes: int, seed: int) -> None:
    print(f"\n== exposure: {scenes} generated scenes per kind (seed {seed}), recall / precision")
    print(f"{'scenes':<10}" + "".join(f"{name:>16}" for name in CAMERAS))
    for kind in KINDS:
        made = make_scenes(kind, scenes, seed)
        cells = []
        for camera in CAMERAS.values():
            score = Score()
            for scene in made:
                score.add(recognizer.process(camera(scene.image)).detections, scene.boxes, scene.digits)
            cells.append(f"{100 * score.recall:6.1f} / {100 * score.precision:5.1f}")
        print(f"{kind:<10}" + "".join(f"{cell:>16}" for cell in cells))


def real_exposure(recognizer: Recognizer, folder: Path, items: list) -> None:
    print(f"\n== exposure: the {len(items)} photos in {folder}, digits read (recall / precision)")
    for name, camera in CAMERAS.items():
        hits = truths = found = 0
        for item in items:
            rows = recognizer.process(camera(cv2.imread(str(folder / item["file"])))).rows
            hits, truths, found = np.add((hits, truths, found), multiset_counts(rows, item["digits"]))
        print(f"  {name:<14} {100 * hits / max(truths, 1):5.1f} / {100 * hits / max(found, 1):5.1f}")


TURNS = (-25, -12, 12, 25)  # degrees: a sheet photographed or held up turned


def real_turned(recognizer: Recognizer, folder: Path, items: list) -> None:
    print(f"\n== turned: the {len(items)} photos in {folder} turned whole, digits read (recall / precision) and "
          f"photos whose rows are all read as written")
    for angle in TURNS:
        hits = truths = found = exact = 0
        for item in items:
            rows = recognizer.process(turned(cv2.imread(str(folder / item["file"])), angle)).rows
            hits, truths, found = np.add((hits, truths, found), multiset_counts(rows, item["digits"]))
            exact += rows == item["digits"].split()
        print(f"  {angle:+3d} degrees  {100 * hits / max(truths, 1):5.1f} / {100 * hits / max(found, 1):5.1f}  "
              f"rows as written {exact} of {len(items)}")


def read_alone(recognizer: Recognizer, frame: np.ndarray, box, digit: int) -> bool:
    """Is `digit` read once where `box` is (IoU >= 0.5), and nothing else read over it?"""
    found = recognizer.process(frame).detections
    over = [d for d in found if iou_matrix(np.array([d.box]), np.array([box]))[0, 0] >= 0.5]
    return len(over) == 1 and over[0].digit == digit


def close_ups(recognizer: Recognizer, count: int) -> None:
    images, labels = load_test_digits()
    print(f"\n== close-ups: {count} MNIST test digits alone in a 640x480 frame, read alone and right")
    for share in SHARES:
        read = 0
        for image, label in zip(images[:count], labels[:count]):
            found = recognizer.process(close_up(image, share)).detections
            read += len(found) == 1 and found[0].digit == label
        print(f"  filling {share:.0%} of its height: {read} of {count}")


DIGIT_SIDE = 84  # px: the digits' 28x28 squares on a written sheet (the digits 60 px tall)


def sheet_of(digits: list) -> np.ndarray:
    """Up to 15 MNIST-style digits (squares of DIGIT_SIDE) in rows of five on a 640x480 sheet, blurred."""
    return written_sheet([(digit, 60 + 120 * (index // 5), 40 + 120 * (index % 5), DIGIT_SIDE)
                          for index, digit in enumerate(digits[:15])], 1.0)


def styles(recognizer: Recognizer, count: int) -> None:
    images, labels = load_test_digits()
    rng = np.random.default_rng(0)
    ones, sevens = images[labels == 1][:count], images[labels == 7][:count]
    print(f"\n== writing styles: {count} MNIST test digits of each, 15 to a sheet, read right")
    flagged = [with_flag(one, rng) for one in ones]
    for name, digit, written in (("1 plain", 1, ones), ("1 with a flag", 1, flagged),
                                 ("1 long flag", 1, [with_flag(one, rng, LONG_FLAG) for one in ones]),
                                 ("1 flag, bar", 1, [with_base(one, rng) for one in flagged]),
                                 ("7 plain", 7, sevens), ("7 crossed", 7, [with_crossbar(seven) for seven in sevens])):
        read = sum(d.digit == digit for start in range(0, count, 15)
                   for d in recognizer.process(sheet_of(written[start:start + 15])).detections)
        print(f"  {name:<14} {read} of {count}")


OPERATOR_SIZE = {"+": (0.5, 0.8), "x": (0.45, 0.7), "-": (0.4, 0.7), "=": (0.4, 0.7), "(": (1.0, 1.3), ")": (1.0, 1.3)}


def sum_sheet(images: np.ndarray, labels: np.ndarray, rng: np.random.Generator):
    """A 640x480 sheet of three lines of MNIST digits, an operator (OPERATOR_SIZE of a digit's square) after
    half of them: (frame, [(digit or operator, box of its ink)])."""
    placed, written = [], []
    for line in range(3):
        left, middle = 20, 102 + 140 * line
        while True:
            if written and isinstance(written[-1][0], int) and rng.random() < 0.5:
                name = OPERATORS[rng.integers(len(OPERATORS))]
                image, what, side = operator(name, rng), name, int(DIGIT_SIDE * rng.uniform(*OPERATOR_SIZE[name]))
            else:
                index = int(rng.integers(len(images)))
                image, what, side = images[index], int(labels[index]), DIGIT_SIDE
            if left + side > 630:
                break
            placed.append((image, middle - side // 2, left, side))
            written.append((what, ink_box(*placed[-1])))
            left += side + int(rng.uniform(0, 20))
    return written_sheet(placed, rng.uniform(0.8, 1.8)), written


def ink_box(image: np.ndarray, top: int, left: int, side: int) -> tuple[int, int, int, int]:
    """The box (x, y, w, h) of a 28x28 image's ink written as a square of `side` px at (`left`, `top`)."""
    x, y, w, h = cv2.boundingRect(cv2.threshold(image, 60, 255, cv2.THRESH_BINARY)[1])
    scale = side / 28
    return int(left + x * scale), int(top + y * scale), int(w * scale), int(h * scale)


def read_where_written(recognizer: Recognizer, frame: np.ndarray, boxes: list) -> tuple[dict[int, int], int]:
    """The digits read over the written `boxes` ({index of the box: digit}, matched by scoring.matches), and how many
    digits were read where nothing is written."""
    detections = recognizer.process(frame).detections
    found = {truth: detections[d].digit for d, truth in matches(detections, boxes)}
    return found, len(detections) - len(found)


def operators(recognizer: Recognizer, sheets: int) -> None:
    images, labels = load_test_digits()
    rng = np.random.default_rng(1)
    shown, taken, digits, read, stray = dict.fromkeys(OPERATORS, 0), dict.fromkeys(OPERATORS, 0), 0, 0, 0
    for _ in range(sheets):
        frame, written = sum_sheet(images, labels, rng)
        found, others = read_where_written(recognizer, frame, [box for _, box in written])
        stray += others
        for index, (what, _) in enumerate(written):
            if isinstance(what, int):
                digits += 1
                read += found.get(index) == what
            else:
                shown[what] += 1
                taken[what] += index in found
    print(f"\n== operators: {sheets} sheets of MNIST test digits with operators written by hand between them")
    print("  read as digits: " + ", ".join(f"{name} {taken[name]} of {shown[name]}" for name in OPERATORS)
          + f"; digits read right {read} of {digits}; other digits read (where nothing is written) {stray}")


SIZE_RATIOS = (0.3, 0.4, 1.5, 2.0, 2.5, 3.0)  # a number written this many times as tall as the rows beside it
SMALL_SIDE = 36      # px: the 28x28 squares of the rows' digits (the digits about 26 px tall) beside a larger number,
LARGE_SIDE = 84      # and beside a smaller one (60 px digits)
NUMBER_SPACING = (0.2, 0.6)  # of a digit's height: the gap after it in a number
FAR = (2.5, 3.5)     # a smaller number lies this many of the large squares' sides below or above their row


def two_sizes_sheet(images: np.ndarray, labels: np.ndarray, rng: np.random.Generator, ratio: float,
                    number_first: bool):
    """A 640x480 sheet with a number of three MNIST digits written `ratio` times as tall as the digits in rows beside
    it, above them if `number_first`, else below: three rows of five SMALL_SIDE digits next to a larger number, one
    row of five LARGE_SIDE digits FAR from a smaller one. Returns (frame, [(digit, box of its ink, in the number)])."""
    rows_side, row_count = (SMALL_SIDE, 3) if ratio > 1 else (LARGE_SIDE, 1)
    lines = [(int(rows_side * ratio), 3, True)] + [(rows_side, 5, False)] * row_count
    placed, written, top = [], [], int(rng.uniform(20, 40))
    for side, count, in_number in lines if number_first else lines[::-1]:
        left = int(rng.uniform(60, 100))
        for _ in range(count):  # the digits' ink NUMBER_SPACING of their height apart
            index = int(rng.integers(len(images)))
            x, _, w, h = ink_box(images[index], top, 0, side)
            placed.append((images[index], top, left - x, side))
            written.append((int(labels[index]), ink_box(*placed[-1]), in_number))
            left += w + int(rng.uniform(*NUMBER_SPACING) * h)
        top += int(side * rng.uniform(1.3, 1.6)) if ratio > 1 else int(rows_side * rng.uniform(*FAR))
    return written_sheet(placed, rng.uniform(0.8, 1.5)), written


def two_sizes(recognizer: Recognizer, sheets: int) -> None:
    images, labels = load_test_digits()
    rng = np.random.default_rng(2)
    print(f"\n== a number written larger or smaller: {sheets} sheets per ratio, 3 MNIST test digits that many times as "
          "tall as those in rows beside them (above, then below), read right")
    for ratio in SIZE_RATIOS:
        read, shown, stray = {True: 0, False: 0}, {True: 0, False: 0}, 0
        for index in range(sheets):
            frame, written = two_sizes_sheet(images, labels, rng, ratio, index % 2 == 0)
            found, others = read_where_written(recognizer, frame, [box for _, box, _ in written])
            stray += others
            for truth, (digit, _, in_number) in enumerate(written):
                shown[in_number] += 1
                read[in_number] += found.get(truth) == digit
        print(f"  {ratio:.1f}x: the number {read[True]} of {shown[True]}, the rows {read[False]} of {shown[False]}; "
              f"other digits read {stray}")


def real_close_ups(recognizer: Recognizer, folder: Path, items: list) -> None:
    photos = [cv2.imread(str(folder / item["file"])) for item in items]
    readings = [(photo, recognizer.process(photo).detections) for photo in photos]
    print(f"\n== close-ups: every digit read in the photos in {folder}, cropped alone (as is, and enlarged to "
          f"{ENLARGED} px as if near a webcam), read alone and right")
    for margin in MARGINS:
        read, enlarged, total = 0, 0, 0
        for photo, detections in readings:
            for detection in detections:
                x, y, w, h = detection.box
                pad = int(margin * max(w, h))
                left, top = max(0, x - pad), max(0, y - pad)
                crop, box = photo[top:y + h + pad, left:x + w + pad], (x - left, y - top, w, h)
                read += read_alone(recognizer, crop, box, detection.digit)
                zoom = ENLARGED / max(crop.shape[:2])
                crop = cv2.resize(crop, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
                enlarged += read_alone(recognizer, crop, tuple(round(v * zoom) for v in box), detection.digit)
                total += 1
        print(f"  margin {margin:.0%} of the digit's size: {read} of {total} ({100 * read / max(total, 1):.0f}%), "
              f"enlarged {enlarged} ({100 * enlarged / max(total, 1):.0f}%)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m realtime.robustness", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenes", type=positive_int, default=30, help="generated scenes per kind, and close-ups (default 30)")
    parser.add_argument("--seed", type=int, default=21, help="scene generator seed (default 21)")
    parser.add_argument("--real", type=labelled_photos, help="also the labelled photos in this folder (e.g. ../shared/data/real-dev)")
    args = parser.parse_args(argv)
    try:
        recognizer = Recognizer(load_backend("onnx"), smooth=False)
    except BackendError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    exposure(recognizer, args.scenes, args.seed)
    close_ups(recognizer, 2 * args.scenes)
    styles(recognizer, 2 * args.scenes)
    operators(recognizer, 2 * args.scenes)
    two_sizes(recognizer, args.scenes)
    if args.real:
        items = json.loads((args.real / "labels.json").read_text())
        real_exposure(recognizer, args.real, items)
        real_turned(recognizer, args.real, items)
        real_close_ups(recognizer, args.real, items)
    return 0


if __name__ == "__main__":
    sys.exit(main())
