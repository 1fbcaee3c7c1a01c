"""The OpenCV window: showing frames, and the keys (q/Esc, space, b, t, s)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import cv2

from .annotate import debug_view
from .backends import BackendError, available_backends, load_backend
from .outputs import log

WINDOW_TITLE = "digitcam"
SYSTEM_FONTS = "/usr/share/fonts/truetype"
KEY_ESC = 27


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
            try:
                self.backends[name] = load_backend(name)
            except BackendError as exc:
                log(f"cannot switch backend: {exc}")
                return
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
