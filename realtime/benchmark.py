"""Benchmark the recognizer beside the seed's loop, on generated scenes of MNIST test digits.

    python -m realtime.benchmark [--scenes 60] [--seed 7] [--skip-speed] [--skip-accuracy] [--real DIR]

Accuracy: recall and precision (IoU >= 0.5 and the right digit) on clean, ruled and hard scenes (and
close-ups of large digits in a thin ballpoint line, and a sheet held up in front of a photo of a person), for
our pipeline (onnx), the seed's loop (torch, as the seed), hard scenes by digit height, the threshold methods
and a few confidence thresholds. Speed: frames per second and per-stage milliseconds on 640x480 frames
with about 10 digits, our loop beside the seed's (and our accuracy on those frames as analysed live);
then every backend on 1280x720 frames with at least 30 digits: six sheets, each new to the recognizer, and a video
of one sheet under a moving camera (as a webcam films it held up).
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

from .annotate import annotate
from .backends import BackendError, available_backends, load_backend
from .detect import THRESHOLD_METHODS, DetectorConfig
from .options import labelled_photos, positive_int
from .pipeline import Recognizer
from .scoring import Score, matches, multiset_counts
from .seed_loop import SeedLoop
from .synth import EXTRA_KINDS, KINDS, make_clip, make_held_up_scenes, make_scenes, sample_portrait


def score_pipeline(scenes, found: list, heights=None) -> Score:
    """Score the detections `found` in each of `scenes`; with `heights` (low, high) only digits that tall
    count: true digits, and the detections that match them or, matching none, are that tall themselves."""
    score = Score()
    for scene, detections in zip(scenes, found):
        truths = list(zip(scene.boxes, scene.digits))
        if heights:
            within = lambda box: heights[0] <= box[3] < heights[1]
            match = dict(matches(detections, scene.boxes))
            detections = [d for i, d in enumerate(detections) if within(scene.boxes[match[i]] if i in match else d.box)]
            truths = [(box, digit) for box, digit in truths if within(box)]
        score.add(detections, [box for box, _ in truths], [digit for _, digit in truths])
    return score


def detections_of(scenes, detect_frame) -> list:
    """The detections `detect_frame` makes in each scene's image."""
    return [detect_frame(scene.image) for scene in scenes]


def live_result(recognizer: Recognizer, frame: np.ndarray):
    """What a live run shows once the sheet is in view: the second frame, analysed at the scale the first set."""
    recognizer.reset()
    recognizer.process(frame)
    return recognizer.process(frame)


def still_recognizer(backend, **options) -> Recognizer:
    """A recognizer for unrelated still images: no tracking across them."""
    return Recognizer(backend, smooth=False, **options)


def accuracy(args, onnx, seed_loop) -> None:
    print(f"\n== accuracy on generated scenes ({args.scenes} per kind, MNIST test digits, seed {args.seed})")
    print(f"{'scenes':<9} {'digits':>6}  {'ours recall':>11} {'precision':>9}   {'seed recall':>11} {'precision':>9}")
    all_scenes = {kind: make_scenes(kind, args.scenes, args.seed) for kind in KINDS + EXTRA_KINDS}
    portrait = sample_portrait()
    if portrait:
        all_scenes["held-up"] = make_held_up_scenes(cv2.imread(portrait), max(1, args.scenes // 2), args.seed)
    ours = still_recognizer(onnx)
    ours_found = {}
    for kind, scenes in all_scenes.items():
        ours_found[kind] = detections_of(scenes, lambda f: ours.process(f).detections)
        mine = score_pipeline(scenes, ours_found[kind])
        seed = score_pipeline(scenes, detections_of(scenes, seed_loop))
        print(f"{kind:<9} {mine.truths:>6}  {100 * mine.recall:>10.1f}% {100 * mine.precision:>8.1f}%   "
              f"{100 * seed.recall:>10.1f}% {100 * seed.precision:>8.1f}%")
    if portrait:
        print("(held-up: a clean sheet held up in front of a real photo of a person, matplotlib's sample portrait)")
    print("\nhard scenes by digit height (px in the 640x480 frame): recall, precision")
    for heights in ((0, 16), (16, 20), (20, 28), (28, 40), (40, 10**6)):
        score = score_pipeline(all_scenes["hard"], ours_found["hard"], heights)
        label = f"{heights[0]}-{heights[1]}" if heights[1] < 10**6 else f">={heights[0]}"
        print(f"  {label:<7} {score.truths:>5} digits  {100 * score.recall:5.1f}%  {100 * score.precision:5.1f}%")
    every = [s for scenes in all_scenes.values() for s in scenes]
    sweep("threshold method", every, onnx,
          {str(method): {"detector": DetectorConfig(threshold=method)} for method in (*THRESHOLD_METHODS, 90)})
    sweep("--min-confidence", every, onnx,
          {str(threshold): {"min_confidence": threshold} for threshold in (0.0, 0.5, 0.6, 0.7, 0.9)})


def sweep(title: str, scenes, backend, settings: dict) -> None:
    """Recall and precision on all `scenes` for each named set of Recognizer options."""
    print(f"\n{title} (all kinds together)")
    for name, options in settings.items():
        rec = still_recognizer(backend, **options)
        score = score_pipeline(scenes, detections_of(scenes, lambda f: rec.process(f).detections))
        print(f"  {name:<9} recall {100 * score.recall:5.1f}%  precision {100 * score.precision:5.1f}%")


def decode_ms(frames) -> float:
    """Milliseconds to decode one frame of these frames written as an mp4v video."""
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "frames.mp4")
        writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*"mp4v"), 30, (frames[0].shape[1], frames[0].shape[0]))
        for frame in frames:
            writer.write(frame)
        writer.release()
        capture = cv2.VideoCapture(path)
        began, count = time.perf_counter(), 0
        while capture.read()[0]:
            count += 1
        return 1000 * (time.perf_counter() - began) / max(count, 1)


def timed(function, frames, repeat: int) -> float:
    """Frames per second of `function` over `frames`, repeated."""
    function(frames[0])
    began = time.perf_counter()
    for _ in range(repeat):
        for frame in frames:
            function(frame)
    return repeat * len(frames) / (time.perf_counter() - began)


def compare(functions: dict, frames, rounds: int) -> dict:
    """Median frames per second of each function, measured in alternating rounds (fair on a noisy machine)."""
    rates = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            rates[name].append(timed(function, frames, 1))
    return {name: float(np.median(values)) for name, values in rates.items()}


def stage_times(recognizer, frames, repeat: int) -> dict:
    """Mean milliseconds per frame of each stage, decoding and annotation included."""
    stages = {"decode": decode_ms(frames), "detect": 0.0, "classify": 0.0, "track_read": 0.0, "annotate": 0.0}
    count = repeat * len(frames)
    for _ in range(repeat):
        for frame in frames:
            result = recognizer.process(frame)
            for stage, ms in result.timings.items():
                stages[stage] += ms / count
            began = time.perf_counter()
            annotate(frame, result, "status")
            stages["annotate"] += 1000 * (time.perf_counter() - began) / count
    return stages


def speed(args, onnx, seed_loop) -> None:
    for kind in ("clean", "ruled"):
        scenes = [s for s in make_scenes(kind, 60, args.seed + 1, heights=(50, 70)) if 7 <= len(s.digits) <= 13][:20]
        frames = [s.image for s in scenes]
        print(f"\n== speed, {len(frames)} {kind} 640x480 frames with {np.mean([len(s.digits) for s in scenes]):.1f} "
              f"digits on average (headless, {args.repeat} alternating rounds, median)")
        rec = Recognizer(onnx)
        print("per-stage ms: " + ", ".join(f"{k} {v:.2f}" for k, v in stage_times(rec, frames, args.repeat).items()))
        rates = compare({"ours": rec.process, "seed": seed_loop}, frames, args.repeat)
        live = score_pipeline(scenes, detections_of(scenes, lambda f: live_result(rec, f).detections))
        print(f"ours (onnx, recognizer only): {rates['ours']:7.0f} frames/s   (recall {100 * live.recall:.1f}%, "
              f"precision {100 * live.precision:.1f}% on these frames as analysed live)")
        print(f"seed's loop (torch):          {rates['seed']:7.0f} frames/s   -> ours is {rates['ours'] / rates['seed']:.1f}x")
    big = [s for s in make_scenes("clean", 20, args.seed + 2, frame_size=(1280, 720), heights=(45, 60))
           if len(s.digits) >= 30][:6]  # the "30 digits in view"
    big_frames = [s.image for s in big]
    clip, in_view = filmed_sheet(args.seed + 3)
    print(f"\n== every backend at 1280x720 (30 fps needs 30 frames/s): {len(big)} sheets with "
          f"{min(len(s.digits) for s in big)}-{max(len(s.digits) for s in big)} digits, each new; a video of one sheet "
          f"with {in_view} digits, {len(clip)} frames under a moving camera")
    for name in available_backends():
        try:
            backend = load_backend(name)
        except BackendError as exc:
            print(f"  {name:<10} skipped: {exc}")
            continue
        filmed = Recognizer(backend)
        filmed.process(clip[0])  # the sheet's first frame (looked at as a still) before the timed ones
        print(f"  {name:<10} {timed(Recognizer(backend).process, big_frames, args.repeat):7.0f} frames/s new sheets, "
              f"{timed(filmed.process, clip[1:], args.repeat):4.0f} frames/s the video")


VIDEO_FRAMES = 16


def filmed_sheet(seed: int) -> tuple[list, int]:
    """The frames of a 1280x720 video of one sheet with at least 30 digits under a moving camera (synth.make_clip,
    from `seed` on), decoded, and how many digits are in view."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.avi"
        for seed in itertools.count(seed):
            truth = make_clip(path, VIDEO_FRAMES, seed, "clean", frame_size=(1280, 720))
            if len(truth["frames"][0]["digits"]) >= 30:
                break
        capture = cv2.VideoCapture(str(path))
        frames = [capture.read()[1] for _ in range(VIDEO_FRAMES)]
        capture.release()
    return frames, len(truth["frames"][0]["digits"])


def real_photos(folder: Path, backend) -> None:
    """Labelled real photos (labels.json: file, digits row by row): digits read, as a multiset per photo, and
    photos whose rows are all read as written."""
    items = json.loads((folder / "labels.json").read_text())
    print(f"\n== real photos in {folder} ({len(items)}; digits compared as a multiset per photo)")
    recognizer = still_recognizer(backend)
    hits = truths = found = exact = 0
    for item in items:
        rows = recognizer.process(cv2.imread(str(folder / item["file"]))).rows
        hits, truths, found = np.add((hits, truths, found), multiset_counts(rows, item["digits"]))
        exact += rows == item["digits"].split()
        print(f"  {item['file'][:36]:<36} wrote [{item['digits']}] read [{' '.join(rows)}]")
    print(f"digits read {100 * hits / max(truths, 1):.1f}% (recall), precision {100 * hits / max(found, 1):.1f}%; "
          f"every row read as written on {exact} of {len(items)} photos")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m realtime.benchmark", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenes", type=positive_int, default=60, help="generated scenes per kind (default 60)")
    parser.add_argument("--seed", type=int, default=7, help="scene generator seed (default 7; the demo uses another)")
    parser.add_argument("--repeat", type=positive_int, default=5, help="passes over the speed frames (default 5)")
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--real", type=labelled_photos, help="also read the labelled photos in this folder (e.g. ../shared/data/real-dev)")
    args = parser.parse_args(argv)
    try:
        onnx, seed_loop = load_backend("onnx"), SeedLoop(load_backend("torch").net)
    except BackendError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.skip_accuracy:
        accuracy(args, onnx, seed_loop)
    if not args.skip_speed:
        speed(args, onnx, seed_loop)
    if args.real:
        real_photos(args.real, onnx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
