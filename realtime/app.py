"""The loop: source -> recognizer -> window / recording / JSON lines, with keys and clean shutdown."""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import cv2

from .annotate import annotate, debug_view
from .backends import available_backends, load_backend
from .outputs import JsonLines, OutputError, Recorder, check_writable

WINDOW_TITLE = "digitcam"
SYSTEM_FONTS = "/usr/share/fonts/truetype"
KEY_ESC = 27


class Interrupted(Exception):
    """Ctrl-C or SIGTERM: stop the loop, finalize the outputs, exit 130."""


def raise_interrupted(signum, frame):
    raise Interrupted()


class RateMeter:
    """Events per second, smoothed."""

    def __init__(self):
        self.last, self.rate = None, 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        if self.last is not None and now > self.last:
            instant = 1.0 / (now - self.last)
            self.rate = instant if self.rate == 0 else 0.9 * self.rate + 0.1 * instant
        self.last = now


def log(message: str) -> None:
    print(f"digitcam: {message}", file=sys.stderr, flush=True)


class Window:
    """The OpenCV window and its keys."""

    def __init__(self, recognizer, snapshot_dir: Path):
        self.recognizer, self.snapshot_dir = recognizer, snapshot_dir
        self.paused, self.debug = False, False
        self.backends = {recognizer.backend.name: recognizer.backend}
        if os.path.isdir(SYSTEM_FONTS):  # Qt HighGUI ships no fonts of its own
            os.environ.setdefault("QT_QPA_FONTDIR", SYSTEM_FONTS)
        cv2.namedWindow(WINDOW_TITLE, cv2.WINDOW_AUTOSIZE | cv2.WINDOW_GUI_NORMAL)

    def show(self, annotated, result) -> None:
        self.last_view = debug_view(annotated, result) if self.debug else annotated
        cv2.imshow(WINDOW_TITLE, self.last_view)

    def closed(self) -> bool:
        try:
            return cv2.getWindowProperty(WINDOW_TITLE, cv2.WND_PROP_VISIBLE) < 1
        except cv2.error:
            return True

    def handle_keys(self, wait_ms: int) -> bool:
        """Process key presses for `wait_ms` (at least 1 ms); False when the user wants to quit."""
        key = cv2.waitKey(max(1, wait_ms)) & 0xFF
        if key in (ord("q"), KEY_ESC) or self.closed():
            return False
        if key == ord(" "):
            self.paused = not self.paused
        elif key == ord("t"):
            self.debug = not self.debug
        elif key == ord("b"):
            self.next_backend()
        elif key == ord("s"):
            self.snapshot()
        return True

    def next_backend(self) -> None:
        names = available_backends()
        current = self.recognizer.backend.name
        name = names[(names.index(current) + 1) % len(names)] if current in names else names[0]
        if name not in self.backends:
            log(f"loading backend {name} ...")
            self.backends[name] = load_backend(name)
        self.recognizer.backend = self.backends[name]
        log(f"backend: {name}")

    def snapshot(self) -> None:
        path = self.snapshot_dir / time.strftime("digitcam-%Y%m%d-%H%M%S.png")
        if cv2.imwrite(str(path), self.last_view):
            log(f"snapshot saved to {path}")
        else:
            log(f"could not write snapshot {path}")

    def close(self) -> None:
        cv2.destroyAllWindows()


def run(source, recognizer, *, window: bool, record: Path | None = None, overwrite: bool = False,
        jsonl: str | None = None, max_frames: int | None = None, fast: bool = False,
        snapshot_dir: Path = Path(".")) -> int:
    """Run the loop until the source ends, `q`, Ctrl-C or SIGTERM. Returns the exit code."""
    if window:
        check_writable(snapshot_dir / "digitcam-snapshot.png")
    recorder = Recorder(record, source.fps or 30.0, overwrite) if record else None
    lines = JsonLines(jsonl, overwrite=True) if jsonl else None
    previous_handler = signal.signal(signal.SIGTERM, raise_interrupted)
    view = Window(recognizer, snapshot_dir) if window else None
    processing, display = RateMeter(), RateMeter()
    frames, digits, code, began, last = 0, 0, 0, time.perf_counter(), None
    spent = 0.0
    frame_period = 1.0 / source.fps if (window and source.fps and not fast and source.kind == "video") else 0.0
    try:
        while max_frames is None or frames < max_frames:
            tick = time.perf_counter()
            if view is None or not view.paused:
                frame = source.read()
                if frame is None:
                    if view is not None and source.kind == "image" and last is not None:
                        view.paused = True  # hold the image on screen until q
                        continue
                    break
                started = time.perf_counter()
                result = recognizer.process(frame)
                elapsed = time.perf_counter() - started
                spent += elapsed
                processing.rate = 1.0 / max(elapsed, 1e-6) if processing.rate == 0 else \
                    0.9 * processing.rate + 0.1 / max(elapsed, 1e-6)
                status = (f"{recognizer.backend.name} | processing {processing.rate:.0f} fps | "
                          f"display {display.rate:.0f} fps | {len(result.detections)} digits")
                annotated = annotate(frame, result, status)
                if recorder:
                    recorder.write(annotated)
                if lines:
                    lines.write(frames, result, 1000 * elapsed)
                frames += 1
                digits += len(result.detections)
                last = (annotated, result)
            if view is not None:
                view.show(*last)
                display.tick()
                wait = frame_period - (time.perf_counter() - tick)
                if not view.handle_keys(int(1000 * wait)):
                    break
    except Interrupted:
        code = 130
    except KeyboardInterrupt:
        code = 130
    except OutputError as exc:
        log(f"error: {exc}")
        code = 2
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        for closable in (recorder, lines, view, source):
            if closable is not None:
                closable.close()
    wall = time.perf_counter() - began
    summary = (f"{frames} frames in {wall:.1f} s, processing {frames / spent if spent else 0:.0f} fps, "
               f"{digits} digits seen, last read: {' '.join(last[1].numbers) if last else '-'}")
    if recorder:
        summary += f"; recording {record} ({recorder.frames} frames)"
    log(("interrupted: " if code == 130 else "") + summary)
    return code
