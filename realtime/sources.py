"""Frame sources: a webcam index, a video file or an image, with clear errors when they cannot be read."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import cv2
import numpy as np

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"}


class SourceError(Exception):
    """The source cannot be opened or stopped delivering frames."""


class FrameSource:
    """Iterates over frames. `fps` is the native rate (None for a webcam's unknown rate or an image)."""

    kind = "source"
    bad_frames = 0  # frames that could not be decoded
    dropped = 0     # a camera's frames replaced by a newer one before they were read (NewestFrame)

    def __init__(self, name: str, fps: float | None):
        self.name, self.fps = name, fps

    def read(self) -> np.ndarray | None:
        """The next frame, or None at the end of a file; SourceError when a live source fails."""
        raise NotImplementedError

    def reopen(self) -> bool:
        """Try to open a lost live source again; True when it is back."""
        return False

    def close(self) -> None:
        pass

    def __iter__(self):
        while (frame := self.read()) is not None:
            yield frame


def read_image(path: Path) -> np.ndarray | None:
    """An image file as 8-bit BGR (turned as its EXIF orientation says), its transparent parts laid on white paper:
    a drawing saved with a transparent background is black there, as dark as its ink. None if unreadable."""
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    raw = None if image is None else cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if raw is None or raw.ndim != 3 or raw.shape[2] != 4 or raw.shape[:2] != image.shape[:2]:
        return image
    opacity = raw[:, :, 3:].astype(np.float32) / np.iinfo(raw.dtype).max if raw.dtype.kind == "u" else 1.0
    return (image * opacity + 255 * (1 - opacity)).astype(np.uint8)


class ImageSource(FrameSource):
    kind = "image"

    def __init__(self, path: Path):
        image = read_image(path)
        if image is None:
            raise SourceError(f"cannot read image {path}: not an image file, or corrupt")
        super().__init__(str(path), None)
        self.image, self.done = image, False

    def read(self):
        if self.done:
            return None
        self.done = True
        return self.image


MAX_BAD_RUN = 30  # consecutive undecodable frames after which a video file is taken to end there


class CaptureSource(FrameSource):
    """A cv2.VideoCapture: a video file (kind 'video') or a camera (kind 'camera')."""

    def __init__(self, capture: cv2.VideoCapture, name: str, kind: str, loop: bool = False, opener=None):
        fps = capture.get(cv2.CAP_PROP_FPS)
        super().__init__(name, fps if 1 <= fps <= 240 else None)
        self.capture, self.kind, self.loop, self.opener = capture, kind, loop, opener
        self.frame_count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) if kind == "video" else 0
        self.index = 0

    def read(self):
        if self.kind == "camera":
            ok, frame = self.capture.read()
            if not ok:
                raise SourceError(f"camera {self.name} stopped delivering frames (unplugged or in use?)")
            return frame
        return self.read_video()

    def read_video(self):
        """The next decodable frame: undecodable ones in the middle of a file are counted and skipped."""
        bad_run = 0
        while bad_run < MAX_BAD_RUN:
            ok, frame = self.capture.read()
            if ok:
                self.index += 1
                return frame
            if self.index >= self.frame_count:
                if not self.loop:
                    return None
                self.capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
                self.index = 0
                continue
            self.index += 1
            self.bad_frames += 1
            bad_run += 1
        return None

    def reopen(self) -> bool:
        if self.opener is None:
            return False
        self.capture.release()
        self.capture = self.opener()
        return self.capture.isOpened()

    def close(self) -> None:
        self.capture.release()


WAIT_STEP = 0.1  # seconds: waits for a camera's frame are cut into steps this long, so Ctrl-C is not held up
STOP_WAIT = 1.0  # seconds to wait for the reading thread's last read when a camera is closed


class NewestFrame(FrameSource):
    """A live source (a camera) read in a background thread that keeps only its newest frame: read() returns the
    newest frame not yet returned, waiting for one if none is new. A driver queues the frames it takes (V4L2: four):
    read in turn while recognition is slower than the camera, they would show the sheet as it was several processing
    times ago. A failure of the source (SourceError) is raised by read(), and reopen() starts reading again."""

    def __init__(self, source: FrameSource):
        super().__init__(source.name, source.fps)
        self.source, self.kind = source, source.kind
        self.changed = threading.Condition()
        self.start()

    def start(self) -> None:
        self.frame, self.failure, self.ended, self.stopping = None, None, False, False
        self.thread = threading.Thread(target=self.keep_reading, name=f"reading {self.name}", daemon=True)
        self.thread.start()

    def keep_reading(self) -> None:
        """Read the source until it fails, ends or is closed, keeping its newest frame."""
        while True:
            try:
                frame, failure = self.source.read(), None
            except SourceError as exc:
                frame, failure = None, exc
            with self.changed:
                if self.stopping:
                    return
                if frame is None:
                    self.failure, self.ended = failure, failure is None
                else:
                    self.dropped += self.frame is not None
                    self.frame = frame
                self.changed.notify_all()
            if frame is None:
                return

    def read(self):
        with self.changed:
            while self.frame is None and self.failure is None and not self.ended:
                self.changed.wait(WAIT_STEP)
            frame, self.frame = self.frame, None
        if frame is None and self.failure is not None:
            raise self.failure
        return frame

    def reopen(self) -> bool:
        if not self.stop_reading() or not self.source.reopen():
            return False
        self.start()
        return True

    def stop_reading(self) -> bool:
        """Stop the reading thread: True once it is done, False if it is still held in a read (a hung camera's, not
        to be released under it)."""
        with self.changed:
            self.stopping = True
        self.thread.join(STOP_WAIT)
        return not self.thread.is_alive()

    def close(self) -> None:
        if self.stop_reading():
            self.source.close()


def open_camera(index: int, width=None, height=None, fps=None) -> FrameSource:
    os.environ.setdefault("OPENCV_VIDEOIO_PRIORITY_OBSENSOR", "0")  # skip the Orbbec probe

    def opener() -> cv2.VideoCapture:
        capture = cv2.VideoCapture(index)
        for prop, value in ((cv2.CAP_PROP_FRAME_WIDTH, width), (cv2.CAP_PROP_FRAME_HEIGHT, height),
                            (cv2.CAP_PROP_FPS, fps)):
            if value and capture.isOpened():
                capture.set(prop, value)
        return capture

    capture = opener()
    if not capture.isOpened():
        raise SourceError(f"cannot open camera {index}: no camera there or it is in use; "
                          f"try another index, or --source FILE for a video or image")
    return NewestFrame(CaptureSource(capture, str(index), "camera", opener=opener))


def open_file(path: Path, loop: bool = False) -> FrameSource:
    if not path.exists():
        raise SourceError(f"{path}: no such file; give a video (.mp4, .avi, .mov), an image or a camera index")
    if path.is_dir():
        raise SourceError(f"{path}: is a folder, not a video or image file")
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return ImageSource(path)
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # FFmpeg quiet: a corrupt file's error is ours, one line
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened() or not capture.grab():
        capture.release()
        raise SourceError(f"{path}: not a readable video or image file (unknown format, truncated or corrupt)")
    capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
    return CaptureSource(capture, str(path), "video", loop)


def open_source(spec: str, width=None, height=None, fps=None, loop: bool = False) -> FrameSource:
    """`spec` is a camera index ("0") or a file path."""
    if not spec.strip():
        raise SourceError("--source is empty; give a camera index (0), a video or an image file")
    if spec.isdigit():
        return open_camera(int(spec), width, height, fps)
    return open_file(Path(spec), loop)
