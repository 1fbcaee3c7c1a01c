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
@pytest.fixture(scope="module")
def xvfb():
    """A virtual screen on a free display number (Xvfb picks it and reports it on -displayfd)."""
    server = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    display = ":" + server.stdout.readline().strip()
    yield dict(os.environ, DISPLAY=display)
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


def green_pixels(env) -> int:
    from PIL import ImageGrab

    screen = np.asarray(ImageGrab.grab(xdisplay=env["DISPLAY"]).convert("RGB")).astype(int)
    b, g, r = ACCEPTED
    return int(np.sum((np.abs(screen[..., 0] - r) < 30) & (np.abs(screen[..., 1] - g) < 30) & (np.abs(screen[..., 2] - b) < 30)))


def press(env, key: str) -> None:
    subprocess.run(["xdotool", "search", "--name", "^digitcam$", "key", "--window", "%1", key], env=env, check=True)


def test_demo_window_shows_boxes_and_quits_on_q(xvfb, tmp_path):
    process = subprocess.Popen([sys.executable, "main.py", "--demo", "--loop", "--snapshot-dir", str(tmp_path)],
                               cwd=ROOT, env=xvfb, stderr=subprocess.PIPE, text=True)
    try:
        assert find_window(xvfb), "the window did not open"
        deadline = time.time() + 60  # generous: on a shared machine under load the first paint can lag
        while green_pixels(xvfb) <= 500 and time.time() < deadline:
            time.sleep(0.5)
        assert green_pixels(xvfb) > 500, "no boxes on screen"
        for key in ("t", "s", "b"):
            press(xvfb, key)
            time.sleep(0.5)
        time.sleep(3.0)  # loading the next backend
        pressed = time.time()
        press(xvfb, "q")
        process.wait(timeout=10)
        elapsed = time.time() - pressed
    finally:
        if process.poll() is None:
            process.kill()
    err = process.stderr.read()
    assert process.returncode == 0, err
    assert elapsed < 2.0
    assert "frames in" in err and "backend: torch" in err
    snapshots = list(tmp_path.glob("digitcam-*.png"))
    assert len(snapshots) == 1 and snapshots[0].read_bytes()[:4] == b"\x89PNG"
