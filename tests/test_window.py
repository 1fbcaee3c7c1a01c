"""The window under Xvfb: it opens, shows boxes, and `q` ends the program at once."""
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import pytest
from conftest import ROOT

from realtime.annotate import ACCEPTED

pytestmark = pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xdotool")),
                                reason="needs Xvfb and xdotool (make test installs them)")
DISPLAY = ":87"


@pytest.fixture(scope="module")
def xvfb():
    server = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    yield dict(os.environ, DISPLAY=DISPLAY)
    server.terminate()
    server.wait()


def find_window(env, timeout: float = 60) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = subprocess.run(["xdotool", "search", "--name", "^digitcam$"], env=env, capture_output=True, text=True)
        if found.stdout.strip():
            return True
        time.sleep(0.3)
    return False


def green_pixels() -> int:
    from PIL import ImageGrab

    screen = np.asarray(ImageGrab.grab(xdisplay=DISPLAY).convert("RGB")).astype(int)
    b, g, r = ACCEPTED
    return int(np.sum((np.abs(screen[..., 0] - r) < 30) & (np.abs(screen[..., 1] - g) < 30) & (np.abs(screen[..., 2] - b) < 30)))


def test_demo_window_shows_boxes_and_quits_on_q(xvfb, tmp_path):
    process = subprocess.Popen([sys.executable, "main.py", "--demo", "--loop"], cwd=ROOT, env=xvfb,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert find_window(xvfb), "the window did not open"
        time.sleep(2.0)
        assert green_pixels() > 500, "no boxes on screen"
        pressed = time.time()
        subprocess.run(["xdotool", "search", "--name", "^digitcam$", "key", "--window", "%1", "q"], env=xvfb, check=True)
        process.wait(timeout=10)
        elapsed = time.time() - pressed
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, process.stderr.read()
    assert elapsed < 2.0
    assert "frames in" in process.stderr.read()
