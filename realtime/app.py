"""The loop: source -> recognizer -> window / recording / JSON lines, with keys and clean shutdown."""
from __future__ import annotations

import signal
import time
from pathlib import Path

from .annotate import annotate, warning_banner
from .outputs import JsonLines, OutputError, Recorder, check_writable, log
from .sources import SourceError
from .window import Window

RECONNECT_PAUSE = 0.5  # seconds between attempts to reopen a lost camera
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


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
    recorder = Recorder(record, source.fps or 30.0, overwrite, real_time=source.kind == "camera") if record else None
    lines = JsonLines(jsonl, overwrite=True) if jsonl else None
    # Ctrl-C too, even where it is ignored on start (a job started in the background by a shell)
    previous = {signum: signal.signal(signum, raise_interrupted) for signum in STOP_SIGNALS}
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
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for closable in (recorder, lines, view, source):
            if closable is not None:
                closable.close()
    summary = (f"{frames} frames in {time.perf_counter() - began:.1f} s, processing "
               f"{frames / spent if spent else 0:.0f} fps, {digits} digits seen, "
               f"last read: {' '.join(last[1].numbers) if last else '-'}")
    if source.bad_frames:
        summary += f"; {source.bad_frames} frames could not be decoded and were skipped"
    if source.dropped:
        summary += f"; {source.dropped} camera frames dropped while busy (the newest is processed)"
    if recorder:
        summary += f"; recording {record} ({recorder.frames} frames)"
    log(("interrupted: " if code == 130 else "") + summary)
    return code
