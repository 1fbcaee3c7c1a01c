"""The loop: source -> recognizer -> window / recording / JSON lines, with keys and clean shutdown."""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import cv2

from .annotate import annotate, debug_view, warning_banner
from .backends import available_backends, load_backend
from .outputs import JsonLines, OutputError, Recorder, check_writable
from .sources import SourceError

WINDOW_TITLE = "digitcam"
SYSTEM_FONTS = "/usr/share/fonts/truetype"
KEY_ESC = 27
RECONNECT_PAUSE = 0.5  # seconds between attempts to reopen a lost camera


class Interrupted(Exception):
    """Ctrl-C or SIGTERM: stop the loop, finalize the outputs, exit 130."""


def raise_interrupted(signum, frame):
    raise Interrupted()


class RateMeter:
    """Events per second, smoothed."""

    def __init__(self):
        self.last, self.rate = None, 0.0

    def add(self, seconds: float) -> None:
        """One event that took `seconds`."""
        instant = 1.0 / max(seconds, 1e-6)
        self.rate = instant if self.rate == 0 else 0.9 * self.rate + 0.1 * instant

    def tick(self) -> None:
        """One event now (the rate is measured between ticks)."""
        now = time.perf_counter()
        if self.last is not None:
            self.add(now - self.last)
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


def read_frame(source, reconnect_s: float, on_lost):
    """The next frame; a lost live source is reopened for up to `reconnect_s` seconds, else SourceError."""
    try:
        return source.read()
    except SourceError as lost:
        log(f"{lost}; reconnecting for up to {reconnect_s:g} s")
        deadline = time.monotonic() + reconnect_s
        while time.monotonic() < deadline:
            on_lost(str(lost))
            if source.reopen():
                log(f"{source.name}: reconnected")
                return read_frame(source, reconnect_s, on_lost)
            time.sleep(RECONNECT_PAUSE)
        raise SourceError(f"{lost}; gave up after {reconnect_s:g} s of reconnecting") from None


def run(source, recognizer, *, window: bool, record: Path | None = None, overwrite: bool = False,
        jsonl: str | None = None, max_frames: int | None = None, fast: bool = False,
        snapshot_dir: Path = Path("."), reconnect_s: float = 5.0) -> int:
    """Run the loop until the source ends, `q`, Ctrl-C or SIGTERM. Returns the exit code."""
    check_writable(snapshot_dir / "digitcam-snapshot.png")
    recorder = Recorder(record, source.fps or 30.0, overwrite) if record else None
    lines = JsonLines(jsonl, overwrite=True) if jsonl else None
    previous_handler = signal.signal(signal.SIGTERM, raise_interrupted)
    view = Window(recognizer, snapshot_dir) if window else None
    processing, display = RateMeter(), RateMeter()
    frames, digits, code, began, last, spent = 0, 0, 0, time.perf_counter(), None, 0.0
    frame_period = 1.0 / source.fps if (window and source.fps and not fast and source.kind == "video") else 0.0

    def on_lost(message: str) -> None:
        if view is not None and last is not None:
            view.show(warning_banner(last[0], message + " - reconnecting"), last[1])
            view.handle_keys(1)

    try:
        while max_frames is None or frames < max_frames:
            tick = time.perf_counter()
            if view is None or not view.paused:
                frame = read_frame(source, reconnect_s, on_lost)
                if frame is None:
                    if view is not None and source.kind == "image" and last is not None:
                        view.paused = True  # hold the image on screen until q
                        continue
                    break
                started = time.perf_counter()
                result = recognizer.process(frame)
                elapsed = time.perf_counter() - started
                spent += elapsed
                processing.add(elapsed)
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
                if not view.handle_keys(int(1000 * (frame_period - (time.perf_counter() - tick)))):
                    break
    except (Interrupted, KeyboardInterrupt):
        code = 130
    except (OutputError, SourceError) as exc:
        log(f"error: {exc}")
        code = 2
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        for closable in (recorder, lines, view, source):
            if closable is not None:
                closable.close()
    summary = (f"{frames} frames in {time.perf_counter() - began:.1f} s, processing "
               f"{frames / spent if spent else 0:.0f} fps, {digits} digits seen, "
               f"last read: {' '.join(last[1].numbers) if last else '-'}")
    if source.bad_frames:
        summary += f"; {source.bad_frames} frames could not be decoded and were skipped"
    if recorder:
        summary += f"; recording {record} ({recorder.frames} frames)"
    log(("interrupted: " if code == 130 else "") + summary)
    return code
