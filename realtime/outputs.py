"""Where results go: the annotated recording, JSON lines, snapshots and messages to the user.

Paths are checked before the loop."""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import cv2

CODECS = {".mp4": "mp4v", ".avi": "MJPG"}


def log(message: str) -> None:
    """A message for the user, on stderr."""
    print(f"digitcam: {message}", file=sys.stderr, flush=True)


class OutputError(Exception):
    """An output path is unusable, or writing to it failed."""


def check_writable(path: Path, overwrite: bool = True) -> None:
    """Refuse a folder, a path whose folder is missing or not writable, or an existing file unless `overwrite`."""
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name in it")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: folder {folder} does not exist")
    try:
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as exc:
        raise OutputError(f"{path}: folder {folder} is not writable ({exc.strerror})") from None
    if path.exists() and not overwrite:
        raise OutputError(f"{path}: already exists; pass --overwrite to replace it")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"{path}: file is not writable")


class Recorder:
    """An annotated video (.mp4 with mp4v or .avi with MJPG), opened at the first frame. In `real_time` (a live
    camera's frames, processed slower than it films them) each frame is held until the next one comes, so the video
    plays at the pace it was filmed, not faster."""

    def __init__(self, path: Path, fps: float, overwrite: bool = False, real_time: bool = False):
        if path.suffix.lower() not in CODECS:
            raise OutputError(f"{path}: recordings must end in .mp4 or .avi")
        check_writable(path, overwrite)
        self.path, self.fps, self.writer, self.frames = path, fps, None, 0
        self.real_time, self.began, self.last = real_time, None, None

    def write(self, image) -> None:
        if self.writer is None:
            size = (image.shape[1], image.shape[0])
            fourcc = cv2.VideoWriter_fourcc(*CODECS[self.path.suffix.lower()])
            self.writer = cv2.VideoWriter(str(self.path), fourcc, self.fps, size)
            if not self.writer.isOpened():
                raise OutputError(f"{self.path}: cannot open a video writer")
            self.size, self.began = size, time.monotonic()
        if (image.shape[1], image.shape[0]) != self.size:
            image = cv2.resize(image, self.size)
        if self.real_time and self.last is not None:
            due = round((time.monotonic() - self.began) * self.fps)  # this frame's place in the video
            for _ in range(due - self.frames):
                self.writer.write(self.last)
                self.frames += 1
        self.writer.write(image)
        self.frames += 1
        self.last = image

    def close(self) -> None:
        if self.writer is not None:
            self.writer.release()
            self.writer = None


class JsonLines:
    """One JSON object per processed frame, to a file or to standard output ('-')."""

    def __init__(self, target: str, overwrite: bool = True):
        if target == "-":
            self.stream, self.owned = sys.stdout, False
        else:
            check_writable(Path(target), overwrite)
            try:
                self.stream, self.owned = open(target, "w", encoding="utf-8"), True
            except OSError as exc:
                raise OutputError(f"{target}: cannot be written ({exc.strerror or exc})") from None

    def write(self, index: int, result, time_ms: float) -> None:
        record = {"frame": index, "time_ms": round(time_ms, 3),
                  "detections": [{"box": list(d.box), "digit": d.digit, "confidence": round(d.confidence, 4)}
                                 for d in result.detections],
                  "numbers": result.numbers, "rows": result.rows}
        try:
            self.stream.write(json.dumps(record) + "\n")
            self.stream.flush()
        except OSError as exc:
            raise OutputError(f"writing JSON lines failed: {exc.strerror or exc}") from None

    def close(self) -> None:
        if self.owned:
            try:
                self.stream.close()
            except OSError:
                pass  # the failed write was reported; lines written before it stay readable
