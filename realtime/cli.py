"""Command line of digitcam (`python main.py` and the `digitcam` console script)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import cv2

from . import app
from .backends import BACKENDS, BackendError, load_backend
from .detect import THRESHOLD_METHODS, DetectorConfig
from .options import confidence, positive_int, seconds
from .outputs import OutputError
from .pipeline import DEFAULT_MIN_CONFIDENCE, Recognizer
from .sources import SourceError, open_source
from .synth import ASSETS

DEMO_CLIP = ASSETS / "demo.mp4"
DEMO_RECORDING = Path("out/demo-annotated.mp4")

DESCRIPTION = """Recognize handwritten digits live from a webcam, a video file or an image.

A window shows the video with a box, the digit and its confidence over every digit, and the numbers
read line by line. Keys: q/Esc quit, space pause, b switch backend, t show the threshold mask and
the crops the network sees, s save a snapshot. Without a display it runs headless."""

EXAMPLES = """examples:
  python main.py --demo                         replay the bundled demo clip
  python main.py --source 0                     webcam 0
  python main.py --source clip.mp4 --no-window --jsonl -     digits of every frame as JSON lines
  python main.py --source sheet.jpg --backend torch --record out.mp4

exit codes: 0 done, 2 bad input or output, 130 interrupted (Ctrl-C, SIGTERM)"""


def threshold_value(text: str):
    if text in THRESHOLD_METHODS:
        return text
    if text.isdigit() and 0 <= int(text) <= 255:
        return int(text)
    raise argparse.ArgumentTypeError(f"must be {', '.join(THRESHOLD_METHODS)} or a grey level 0-255, not '{text}'")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digitcam", description=DESCRIPTION, epilog=EXAMPLES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_argument_group("input")
    source.add_argument("--source", default="0", help="camera index, video file or image (default 0, the first webcam)")
    source.add_argument("--demo", action="store_true",
                        help=f"replay the bundled demo clip ({DEMO_CLIP.name}): in a window until q, "
                             f"headless once into {DEMO_RECORDING}")
    source.add_argument("--width", type=positive_int, help="webcam frame width to ask for")
    source.add_argument("--height", type=positive_int, help="webcam frame height to ask for")
    source.add_argument("--fps", type=positive_int, help="webcam frame rate to ask for")
    source.add_argument("--loop", action="store_true", help="replay a video file from the start when it ends")
    source.add_argument("--fast", action="store_true", help="process video files as fast as possible, not at their frame rate")
    source.add_argument("--max-frames", type=positive_int, help="stop after N frames")
    recog = parser.add_argument_group("recognition")
    recog.add_argument("--backend", choices=list(BACKENDS), default="onnx", help="inference backend (default onnx)")
    recog.add_argument("--weights", type=Path, help="weights file for the backend (default: the shipped one in weights/)")
    recog.add_argument("--threshold", type=threshold_value, default=DetectorConfig.threshold,
                       help="ink threshold: background (default: darker than the paper around it), adaptive (local mean), otsu, or a fixed grey level 0-255")
    recog.add_argument("--min-confidence", type=confidence, default=DEFAULT_MIN_CONFIDENCE,
                       help=f"report digits at least this confident (default {DEFAULT_MIN_CONFIDENCE})")
    recog.add_argument("--max-candidates", type=positive_int, default=DetectorConfig.max_candidates,
                       help=f"regions classified per frame at most (default {DetectorConfig.max_candidates})")
    out = parser.add_argument_group("output")
    out.add_argument("--no-window", action="store_true", help="run headless (automatic without a display)")
    out.add_argument("--record", type=Path, help="write the annotated video to this .mp4 or .avi file")
    out.add_argument("--overwrite", action="store_true", help="let --record replace an existing file")
    out.add_argument("--jsonl", metavar="FILE|-", help="write one JSON object per frame to FILE or standard output")
    out.add_argument("--snapshot-dir", type=Path, default=Path("."), help="where `s` saves snapshots (default .)")
    source.add_argument("--reconnect", type=seconds, default=5.0, metavar="SECONDS",
                        help="when the camera is lost, try to reopen it this long before giving up (default 5)")
    return parser


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform in ("win32", "darwin")


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)  # our own messages say what went wrong
    window = not args.no_window and has_display()
    if args.demo:
        args.source = str(DEMO_CLIP)
        args.loop = args.loop or window  # on screen the demo runs until q
        if not window and args.record is None and args.jsonl is None:
            DEMO_RECORDING.parent.mkdir(exist_ok=True)
            args.record, args.overwrite = DEMO_RECORDING, True
    try:
        source = open_source(args.source, args.width, args.height, args.fps, loop=args.loop)
        detector = DetectorConfig(threshold=args.threshold, max_candidates=args.max_candidates)
        recognizer = Recognizer(load_backend(args.backend, args.weights), detector, args.min_confidence)
        return app.run(source, recognizer, window=window, record=args.record, overwrite=args.overwrite,
                       jsonl=args.jsonl, max_frames=args.max_frames, fast=args.fast, snapshot_dir=args.snapshot_dir,
                       reconnect_s=args.reconnect)
    except (SourceError, BackendError, OutputError) as exc:
        print(f"digitcam: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
