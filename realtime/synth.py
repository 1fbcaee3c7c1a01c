"""Generated scenes and clips of real MNIST *test* digits on paper, filmed by a simulated camera.

    python -m realtime.synth demo                    # rebuild realtime/assets/demo.mp4 + demo.json
    python -m realtime.synth clip OUT.mp4 [--frames 60 --kind ruled --seed 3]
    python -m realtime.synth scenes OUT_DIR [--count 20 --kind hard]

Every scene comes with its ground truth: the box and label of every digit and the numbers in reading
order. Kinds: `clean` (a sheet filling the view), `ruled` (ruled or graph paper, pen squiggles, specks),
`hard` (the sheet on a desk or held in front of a person, shadows, lighting gradients, faint or thin
ink, small digits, blur, noise, JPEG) and `ballpoint` (a close-up of large digits in a thin ballpoint line,
on plain or ruled or graph paper).
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from .options import output_folder, output_video, positive_int
from .outputs import CODECS

KINDS = ("clean", "ruled", "hard")  # the kinds the issue sets figures for
EXTRA_KINDS = ("ballpoint",)        # also measured by the benchmark
FRAME_SIZE = (640, 480)
ASSETS = Path(__file__).resolve().parent / "assets"
DEMO_SEED = 1  # a sheet the shipped models read right in every frame
RULED_SHARE = {"hard": 0.4, "ballpoint": 0.6}  # of these kinds' sheets, ruled or graph paper
SHADOW_HALF_WIDTH = 0.08  # of the frame's shorter side


@dataclass
class Scene:
    image: np.ndarray                                  # uint8 BGR
    boxes: list = field(default_factory=list)          # (x, y, w, h) of every digit
    digits: list = field(default_factory=list)         # its label
    numbers: list = field(default_factory=list)        # numbers in reading order

    def truth(self) -> dict:
        return {"boxes": [list(map(int, b)) for b in self.boxes], "digits": list(map(int, self.digits)),
                "numbers": self.numbers}


@dataclass
class Sheet:
    """A sheet of paper with digits written on it, before the camera sees it."""
    paper: np.ndarray      # float32 BGR
    labels: np.ndarray     # int32: 1 + index of the digit owning each ink pixel, 0 elsewhere
    digits: list
    numbers: list


def load_test_digits(data_dir=None):
    """MNIST test images and labels (the scenes never use training digits)."""
    from train.data import load_split

    return load_split("test", data_dir)


class SceneMaker:
    def __init__(self, images: np.ndarray, labels: np.ndarray, seed: int):
        self.images, self.labels = images, labels
        self.rng = np.random.default_rng(seed)

    # --- the sheet ---------------------------------------------------------------------------------
    def digit_alpha(self, index: int, height: int, thin: bool, ballpoint: int = 0) -> np.ndarray:
        """The digit's ink (0-1) `height` px tall: MNIST's strokes, thinned if `thin`, or redrawn as a
        `ballpoint` line this many px wide."""
        image = self.images[index]
        ys, xs = np.nonzero(image > 40)
        image = image[ys.min():ys.max() + 1, xs.min():xs.max() + 1].astype(np.float32) / 255
        width = max(2, round(image.shape[1] * height / image.shape[0]))
        alpha = cv2.resize(image, (width, height), interpolation=cv2.INTER_LINEAR)
        if ballpoint:
            return ballpoint_line(alpha, ballpoint)
        if thin:
            alpha = cv2.erode(alpha, np.ones((max(2, height // 14),) * 2, np.uint8))
        return np.clip(alpha * 1.3, 0, 1)

    def write_digits(self, size, height: int, thin: bool, ballpoint: int = 0, gap_lines: float = 2.0):
        """Place rows of numbers on an empty sheet; return alpha map, label map, digits, numbers, row baselines."""
        rng = self.rng
        width, sheet_height = size
        alpha = np.zeros((sheet_height, width), np.float32)
        labels = np.zeros((sheet_height, width), np.int32)
        digits, numbers, baselines = [], [], []
        y = int(rng.uniform(0.6, 1.2) * height) + 10
        while y + height * 1.3 < sheet_height - 10:
            x = int(rng.uniform(0.3, 1.5) * height) + 10
            for _ in range(rng.integers(1, 4)):
                length = int(rng.integers(1, 5))
                text, placed = "", []
                for _ in range(length):
                    index = int(rng.integers(len(self.images)))
                    h = int(height * rng.uniform(0.85, 1.15))
                    glyph = self.digit_alpha(index, h, thin, ballpoint)
                    top = y + int(rng.uniform(-0.08, 0.08) * height) + (height - h)
                    if x + glyph.shape[1] >= width - 10:
                        break
                    region = (slice(top, top + h), slice(x, x + glyph.shape[1]))
                    alpha[region] = np.maximum(alpha[region], glyph)
                    labels[region][glyph > 0.35] = len(digits) + 1
                    digits.append(int(self.labels[index]))
                    text += str(self.labels[index])
                    placed.append(x)
                    x += glyph.shape[1] + max(4, int(rng.uniform(0.2, 0.45) * height))
                if text:
                    numbers.append(text)
                x += int(rng.uniform(1.2, 2.5) * height)
                if x > width - 2 * height:
                    break
            baselines.append(y + height)
            y += int(height * rng.uniform(gap_lines, gap_lines + 0.6))
        return alpha, labels, digits, numbers, baselines

    def sheet(self, kind: str, size, heights=None) -> Sheet:
        """A sheet of `kind`; `heights` (low, high) sets the range of digit heights in pixels."""
        rng = self.rng
        small = kind == "hard" and rng.random() < 0.4
        ballpoint = int(rng.integers(2, 4)) if kind == "ballpoint" else 0  # line width, px
        heights = heights or ((18, 30) if small else (60, 120) if ballpoint else (28, 60))
        height = int(rng.uniform(*heights))
        thin = kind == "hard" and rng.random() < 0.5
        alpha, labels, digits, numbers, baselines = self.write_digits(size, height, thin, ballpoint)
        tint = rng.uniform(215, 250) - np.array([rng.uniform(0, 12), rng.uniform(0, 6), 0])
        paper = np.ones((size[1], size[0], 3), np.float32) * tint
        paper += rng.normal(0, 2.0, paper.shape[:2])[:, :, None]  # paper texture
        if kind == "ruled" or (kind in RULED_SHARE and rng.random() < RULED_SHARE[kind]):
            self.draw_rulings(paper, baselines, height)
        if kind in ("ruled", "hard"):
            self.draw_distractors(paper, labels)
        faint = kind == "hard" and rng.random() < 0.35
        ink_level = rng.uniform(0.35, 0.55) if faint else rng.uniform(0.75, 0.95)
        ink_colour = np.array([rng.uniform(60, 140), rng.uniform(0, 40), rng.uniform(0, 40)])[rng.permutation(3)] \
            if rng.random() < 0.5 else np.zeros(3)
        strength = (alpha * ink_level)[:, :, None]
        paper = paper * (1 - strength) + ink_colour * strength
        return Sheet(paper, labels, digits, numbers)

    def draw_rulings(self, paper: np.ndarray, baselines: list, height: int) -> None:
        rng = self.rng
        # printed rulings are light: blue, green or grey, 15-60 grey levels under the paper
        drop = rng.uniform(15, 60)
        colour = tuple((paper.mean((0, 1)) - drop * rng.choice([(0.2, 0.8, 1.6), (0.9, 0.4, 1.2), (1, 1, 1)])).tolist())
        if rng.random() < 0.5:  # ruled: a line under every row of digits
            for base in baselines:
                y = base + int(rng.uniform(-0.05, 0.15) * height)
                cv2.line(paper, (0, y), (paper.shape[1], y), colour, int(rng.integers(1, 3)), cv2.LINE_AA)
        else:  # graph paper
            step = int(rng.uniform(12, 24))
            for y in range(step, paper.shape[0], step):
                cv2.line(paper, (0, y), (paper.shape[1], y), colour, 1)
            for x in range(step, paper.shape[1], step):
                cv2.line(paper, (x, 0), (x, paper.shape[0]), colour, 1)

    def draw_distractors(self, paper: np.ndarray, labels: np.ndarray) -> None:
        """Pen squiggles and specks where there is no digit."""
        rng = self.rng
        height, width = labels.shape
        occupied = cv2.dilate((labels > 0).astype(np.uint8), np.ones((15, 15), np.uint8))
        for _ in range(rng.integers(2, 6)):
            x, y = rng.uniform(0, width), rng.uniform(0, height)
            t = np.linspace(0, 1, 40)
            length = rng.uniform(30, 120)
            points = np.stack([x + length * t, y + rng.uniform(3, 12) * np.sin(t * rng.uniform(6, 20))], 1).astype(np.int32)
            canvas = np.zeros_like(occupied)
            cv2.polylines(canvas, [points], False, 1, int(rng.integers(1, 3)))
            if not (canvas & occupied).any():
                paper[canvas > 0] *= rng.uniform(0.2, 0.5)
        for _ in range(rng.integers(10, 40)):
            x, y = int(rng.uniform(0, width)), int(rng.uniform(0, height))
            if not occupied[y, x]:
                cv2.circle(paper, (x, y), int(rng.integers(1, 3)), paper[y, x] * rng.uniform(0.2, 0.6), -1)

    # --- the camera --------------------------------------------------------------------------------
    def background(self, size) -> np.ndarray:
        """A desk (dark or wooden) or a person behind a held-up sheet."""
        rng = self.rng
        width, height = size
        base = rng.uniform(20, 140, 3)
        image = np.ones((height, width, 3), np.float32) * base
        if rng.random() < 0.5:  # wood grain / texture
            grain = cv2.resize(rng.normal(0, 18, (height // 8 + 1, 4)).astype(np.float32), (width, height))
            image += grain[:, :, None]
        else:  # a person and a room: large soft blobs
            for _ in range(rng.integers(3, 7)):
                centre = (int(rng.uniform(0, width)), int(rng.uniform(0, height)))
                axes = (int(rng.uniform(40, 200)), int(rng.uniform(60, 260)))
                cv2.ellipse(image, centre, axes, rng.uniform(0, 180), 0, 360, rng.uniform(10, 200, 3).tolist(), -1)
            image = cv2.GaussianBlur(image, (0, 0), 3)
        return image

    def sheet_pose(self, sheet_size, frame_size, kind: str) -> np.ndarray:
        """Homography from sheet to frame."""
        rng = self.rng
        sw, sh = sheet_size
        fw, fh = frame_size
        if kind != "hard":
            # the sheet fills the view, slightly rotated
            scale = max(fw / sw, fh / sh) * 1.05
            angle = rng.uniform(-3, 3)
        else:
            scale = min(fw / sw, fh / sh) * rng.uniform(0.65, 0.9)
            angle = rng.uniform(-8, 8)
        matrix = cv2.getRotationMatrix2D((sw / 2, sh / 2), angle, scale)
        matrix[:, 2] += (fw / 2 - sw / 2, fh / 2 - sh / 2)
        if kind == "hard":
            matrix[:, 2] += rng.uniform(-0.08, 0.08, 2) * (fw, fh)
        homography = np.vstack([matrix, [0, 0, 1]])
        if kind == "hard":  # perspective tilt
            homography[2, :2] = rng.uniform(-2e-4, 2e-4, 2)
        return homography

    def lighting(self, image: np.ndarray, kind: str) -> np.ndarray:
        rng = self.rng
        height, width = image.shape[:2]
        if kind == "hard" or rng.random() < 0.3:
            ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
            direction = rng.normal(size=2)
            ramp = (xs * direction[0] + ys * direction[1]) / (np.hypot(*direction) * max(width, height))
            ramp = (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
            low = rng.uniform(0.45, 0.8) if kind == "hard" else rng.uniform(0.8, 0.95)
            image = image * (low + (1 - low) * ramp)[:, :, None]
        if kind == "hard" and rng.random() < 0.6:  # a hard shadow (hand, phone)
            mask = cv2.GaussianBlur(self.shadow_shape(width, height), (0, 0), rng.uniform(1, 6))
            image = image * (1 - mask * rng.uniform(0.3, 0.55))[:, :, None]
        return image

    def shadow_shape(self, width: int, height: int) -> np.ndarray:
        """A convex shadow at least a hand wide (a thin dark sliver would be a pen line, not a shadow)."""
        while True:
            mask = np.zeros((height, width), np.uint8)
            points = (self.rng.uniform(0, 1, (4, 2)) * (width, height)).astype(np.int32)
            cv2.fillConvexPoly(mask, cv2.convexHull(points), 1)
            if cv2.distanceTransform(mask, cv2.DIST_L2, 3).max() >= SHADOW_HALF_WIDTH * min(width, height):
                return mask.astype(np.float32)

    def camera(self, image: np.ndarray, kind: str) -> np.ndarray:
        rng = self.rng
        sigma = rng.uniform(0.3, 1.4) if kind == "hard" else rng.uniform(0, 0.6)
        if sigma > 0.3:
            image = cv2.GaussianBlur(image, (0, 0), sigma)
        noise = rng.uniform(2, 8) if kind == "hard" else rng.uniform(0, 3)
        image = np.clip(image + rng.normal(0, noise, image.shape), 0, 255).astype(np.uint8)
        if kind == "hard":
            quality = int(rng.uniform(35, 85))
            image = cv2.imdecode(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])[1], cv2.IMREAD_COLOR)
        return image

    def film(self, sheet: Sheet, homography: np.ndarray, kind: str, frame_size, backdrop=None) -> Scene:
        """What the camera records of `sheet` placed by `homography`, with the digits' true boxes."""
        width, height = frame_size
        backdrop = self.background(frame_size) if backdrop is None else backdrop
        ones = np.ones(sheet.paper.shape[:2], np.float32)
        warped = cv2.warpPerspective(sheet.paper, homography, frame_size, flags=cv2.INTER_LINEAR)
        cover = cv2.warpPerspective(ones, homography, frame_size, flags=cv2.INTER_LINEAR)[:, :, None]
        image = warped + backdrop * (1 - cover)
        image = self.camera(self.lighting(image, kind), kind)
        labels = cv2.warpPerspective(sheet.labels, homography, frame_size, flags=cv2.INTER_NEAREST)
        return Scene(image, *true_boxes(labels, sheet.digits), numbers=sheet.numbers)

    def scene(self, kind: str, frame_size=FRAME_SIZE, heights=None) -> Scene:
        sheet_size = (int(frame_size[0] * 1.05), int(frame_size[1] * 1.05)) if kind != "hard" \
            else (int(frame_size[0] * 0.9), int(frame_size[1] * 0.9))
        sheet = self.sheet(kind, sheet_size, heights)
        return self.film(sheet, self.sheet_pose(sheet_size, frame_size, kind), kind, frame_size)


def ballpoint_line(alpha: np.ndarray, width: int) -> np.ndarray:
    """A digit's strokes redrawn as a line `width` px wide along their middle (where the distance to the
    stroke's edge peaks)."""
    shape = (alpha > 0.5).astype(np.uint8)
    distance = cv2.distanceTransform(np.pad(shape, 1), cv2.DIST_L2, 5)[1:-1, 1:-1]
    middle = ((distance >= cv2.dilate(distance, np.ones((3, 3), np.uint8)) - 0.7) & (shape > 0)).astype(np.uint8)
    line = cv2.dilate(middle, np.ones((width, width), np.uint8)).astype(np.float32)
    return cv2.GaussianBlur(line, (3, 3), 0)


def true_boxes(labels: np.ndarray, digits: list):
    """Boxes of the digits fully in view, from the warped label map."""
    boxes, kept = [], []
    height, width = labels.shape
    for index, digit in enumerate(digits, start=1):
        ys, xs = np.nonzero(labels == index)
        if len(ys) == 0 or ys.min() <= 2 or xs.min() <= 2 or ys.max() >= height - 3 or xs.max() >= width - 3:
            continue
        boxes.append((int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)))
        kept.append(digit)
    return boxes, kept


def make_scenes(kind: str, count: int, seed: int, frame_size=FRAME_SIZE, heights=None, data_dir=None) -> list[Scene]:
    images, labels = load_test_digits(data_dir)
    maker = SceneMaker(images, labels, seed)
    return [maker.scene(kind, frame_size, heights) for _ in range(count)]


def sample_portrait() -> str | None:
    """Path of matplotlib's sample photo of a person (Grace Hopper in uniform before a flag), if installed."""
    try:
        from matplotlib import cbook
    except ImportError:
        return None
    return str(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))


def make_held_up_scenes(backdrop: np.ndarray, count: int, seed: int, data_dir=None) -> list[Scene]:
    """Scenes of a clean sheet held up, smaller than the view, in front of `backdrop` (e.g. a photo of a person)."""
    images, labels = load_test_digits(data_dir)
    maker = SceneMaker(images, labels, seed)
    width, height = FRAME_SIZE
    backdrop = cv2.resize(backdrop, FRAME_SIZE).astype(np.float32)
    scenes = []
    for _ in range(count):
        sheet = maker.sheet("clean", (420, 300), heights=(24, 40))
        pose = cv2.getRotationMatrix2D((210, 150), maker.rng.uniform(-6, 6), maker.rng.uniform(0.6, 0.9))
        pose[:, 2] += (width / 2 - 210 + maker.rng.uniform(-60, 60), height / 2 - 90 + maker.rng.uniform(-20, 60))
        scenes.append(maker.film(sheet, np.vstack([pose, [0, 0, 1]]), "clean", FRAME_SIZE, backdrop))
    return scenes


def make_clip(path: Path, frames: int, seed: int, kind: str = "ruled", fps: float = 30.0,
              frame_size=FRAME_SIZE, data_dir=None) -> dict:
    """Write a clip of one sheet under a moving camera; return its ground truth."""
    images, labels = load_test_digits(data_dir)
    maker = SceneMaker(images, labels, seed)
    sheet_size = (int(frame_size[0] * 0.92), int(frame_size[1] * 0.92))
    sheet = maker.sheet("clean" if kind == "hard" else kind, sheet_size)
    base = maker.sheet_pose(sheet_size, frame_size, "hard")
    backdrop = maker.background(frame_size)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*CODECS[Path(path).suffix.lower()]), fps, frame_size)
    if not writer.isOpened():
        raise OSError(f"cannot write video {path}")
    truth = {"fps": fps, "numbers": sheet.numbers, "frames": []}
    for i in range(frames):
        t = i / fps
        wobble = cv2.getRotationMatrix2D((frame_size[0] / 2, frame_size[1] / 2), 2.5 * np.sin(0.9 * t),
                                         1 + 0.04 * np.sin(0.5 * t))
        wobble[:, 2] += (18 * np.sin(0.7 * t), 12 * np.sin(1.1 * t + 1))
        homography = np.vstack([wobble, [0, 0, 1]]) @ base
        maker.rng = np.random.default_rng(seed)  # the same light and sensor noise in every frame
        scene = maker.film(sheet, homography, "clean", frame_size, backdrop)
        writer.write(scene.image)
        truth["frames"].append(scene.truth())
    writer.release()
    return truth


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m realtime.synth", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="rebuild the bundled demo clip realtime/assets/demo.mp4")
    clip = sub.add_parser("clip", help="write a generated clip and its ground truth (OUT.json)")
    clip.add_argument("out", type=output_video)
    scenes = sub.add_parser("scenes", help="write generated still scenes (PNG) and their ground truth")
    scenes.add_argument("out", type=output_folder)
    scenes.add_argument("--count", type=positive_int, default=10)
    for p in (clip, scenes):
        p.add_argument("--kind", choices=KINDS + EXTRA_KINDS, default="ruled")
        p.add_argument("--seed", type=int, default=1)
    clip.add_argument("--frames", type=positive_int, default=90)
    args = parser.parse_args(argv)
    if args.command == "demo":
        truth = make_clip(ASSETS / "demo.mp4", 160, DEMO_SEED, fps=20.0)
        (ASSETS / "demo.json").write_text(json.dumps(truth) + "\n")
        print(f"{ASSETS / 'demo.mp4'}: {len(truth['frames'])} frames, numbers {truth['numbers']}")
    elif args.command == "clip":
        truth = make_clip(args.out, args.frames, args.seed, args.kind)
        args.out.with_suffix(".json").write_text(json.dumps(truth) + "\n")
        print(f"{args.out}: {args.frames} frames, numbers {truth['numbers']}")
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        truths = []
        for i, scene in enumerate(make_scenes(args.kind, args.count, args.seed)):
            cv2.imwrite(str(args.out / f"{args.kind}_{i:03d}.png"), scene.image)
            truths.append(scene.truth())
        (args.out / "truth.json").write_text(json.dumps(truths) + "\n")
        print(f"{args.out}: {args.count} {args.kind} scenes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
