"""Faults and bad input: lost cameras, broken files, odd frames, failing outputs, damaged weights."""
import collections
import os
import re
import subprocess
import sys
import threading
import time

import cv2
import numpy as np
import pytest
from conftest import ROOT, frame_count
from hypothesis import given, settings
from hypothesis import strategies as st

from realtime import app
from realtime.annotate import annotate
from realtime.backends import BackendError, load_backend
from realtime.detect import DetectorConfig
from realtime.outputs import Recorder
from realtime.pipeline import Recognizer
from realtime.sources import FrameSource, NewestFrame, SourceError, open_source


@pytest.fixture(scope="module")
def recognizer():
    return Recognizer(load_backend("onnx"))


class FailingCamera(FrameSource):
    """A 'camera' that plays a clip, stops delivering after `fail_after` frames, and maybe comes back."""

    kind = "camera"

    def __init__(self, clip, fail_after: int, comes_back: bool, frames: int = 20, period: float = 0.0):
        super().__init__("test-camera", 30.0)
        self.capture = cv2.VideoCapture(str(clip))
        self.fail_after, self.comes_back, self.frames, self.delivered = fail_after, comes_back, frames, 0
        self.lost, self.period = False, period

    def read(self):
        time.sleep(self.period)  # a real camera's pace
        if self.delivered >= self.frames:
            return None
        if self.delivered == self.fail_after and not self.lost and not getattr(self, "recovered", False):
            self.lost = True
        if self.lost:
            raise SourceError("camera test-camera stopped delivering frames")
        self.delivered += 1
        return self.capture.read()[1]

    def reopen(self):
        if self.comes_back:
            self.lost, self.recovered = False, True
        return self.comes_back


def test_lost_camera_gives_up_cleanly_and_keeps_the_recording(tmp_path, generated_clip, recognizer, capsys):
    source = FailingCamera(generated_clip[0], fail_after=8, comes_back=False)
    code = app.run(source, recognizer, window=False, record=tmp_path / "rec.mp4", reconnect_s=0.6)
    err = capsys.readouterr().err
    assert code == 2
    assert "reconnecting for up to 0.6 s" in err and "gave up" in err
    assert frame_count(tmp_path / "rec.mp4") >= 8  # every frame read (held while the next was awaited: real time)


def test_camera_that_comes_back_goes_on(tmp_path, generated_clip, recognizer, capsys):
    source = FailingCamera(generated_clip[0], fail_after=5, comes_back=True, frames=12)
    code = app.run(source, recognizer, window=False, record=tmp_path / "rec.avi", reconnect_s=2)
    assert code == 0 and "reconnected" in capsys.readouterr().err
    assert frame_count(tmp_path / "rec.avi") >= 12


@pytest.mark.parametrize("comes_back, code, said", [(True, 0, "reconnected"), (False, 2, "gave up")])
def test_a_camera_read_in_the_background_is_reopened_when_lost_or_given_up(comes_back, code, said, generated_clip,
                                                                           recognizer, capsys):
    source = NewestFrame(FailingCamera(generated_clip[0], fail_after=5, comes_back=comes_back, frames=12, period=0.03))
    assert app.run(source, recognizer, window=False, reconnect_s=0.6) == code
    assert said in capsys.readouterr().err and not source.thread.is_alive()


class QueuingCamera(FrameSource):
    """A 'camera' taking a frame every `period` seconds, each filled with its number, into a driver's QUEUED buffers
    (as V4L2): read() gives the oldest filled buffer, filled with the first frame taken after it was last given
    back, and gives it back; frames taken while every buffer is full are lost."""

    kind = "camera"
    QUEUED = 4

    def __init__(self, period: float):
        super().__init__("queuing-camera", 1 / period)
        self.period, self.began, self.number = period, time.monotonic(), 0
        self.given_back = collections.deque([self.began] * self.QUEUED)  # when each buffer was last free

    def taken(self) -> int:
        return int((time.monotonic() - self.began) / self.period)

    def read(self):
        self.number = max(self.number + 1, int((self.given_back.popleft() - self.began) / self.period) + 1)
        while self.taken() < self.number:
            time.sleep(self.period / 4)
        self.given_back.append(time.monotonic())
        return np.full((4, 4, 3), self.number % 256, np.uint8)


def test_a_camera_slower_to_process_than_to_film_gives_its_newest_frame_not_a_queued_one():
    camera = QueuingCamera(period=0.005)
    source = NewestFrame(camera)
    lags = []
    for _ in range(8):
        time.sleep(0.05)  # recognition ten times slower than the camera: read in turn, the queued frames lag 39
        lags.append(camera.taken() - int(source.read()[0, 0, 0]))
    source.close()
    # the newest (0-2 frames behind; more only while a busy machine holds the reading thread up)
    assert np.median(lags) <= 2 and max(lags) < 20 and source.dropped > 0 and not source.thread.is_alive()


class SlowRecognizer(Recognizer):
    """A recognizer that takes 20 ms more a frame (a slow machine's)."""

    def process(self, frame):
        time.sleep(0.02)
        return super().process(frame)


def test_the_exit_summary_counts_the_camera_frames_dropped_while_busy(capsys):
    source = NewestFrame(QueuingCamera(period=0.005))
    assert app.run(source, SlowRecognizer(load_backend("onnx")), window=False, max_frames=10) == 0
    dropped = re.search(r"(\d+) camera frames dropped while busy", capsys.readouterr().err)
    assert dropped and int(dropped.group(1)) == source.dropped > 0


def test_a_live_cameras_recording_holds_each_frame_until_the_next_so_it_plays_at_the_pace_filmed(tmp_path):
    recorder = Recorder(tmp_path / "rec.avi", fps=10.0, real_time=True)
    for level in (40, 120, 200):  # three frames processed 0.2 s apart, at a camera's 10 frames/s
        recorder.write(np.full((48, 64, 3), level, np.uint8))
        time.sleep(0.2)
    recorder.close()
    capture = cv2.VideoCapture(str(tmp_path / "rec.avi"))
    levels = []
    while (frame := capture.read()[1]) is not None:
        levels.append(round(float(frame.mean()), -1))
    assert len(levels) >= 5 and levels == sorted(levels)  # each held about 0.2 s: twice, in order
    assert levels.count(40) >= 2 and levels.count(120) >= 2 and levels[-1] == 200


class HungCamera(FrameSource):
    """A 'camera' whose read never returns until `released` is set."""

    kind = "camera"

    def __init__(self):
        super().__init__("hung-camera", None)
        self.released, self.closed = threading.Event(), False

    def read(self):
        self.released.wait()
        return None

    def close(self):
        self.closed = True


def test_a_hung_camera_is_not_released_under_its_reading_thread_and_does_not_hold_up_the_exit():
    camera = HungCamera()
    source = NewestFrame(camera)
    began = time.monotonic()
    source.close()
    assert time.monotonic() - began < 2 and not camera.closed and not source.reopen()
    camera.released.set()


def test_corrupt_video_plays_every_decodable_frame(tmp_path, generated_clip):
    data = bytearray(generated_clip[0].read_bytes())
    start = len(data) * 2 // 5
    data[start:start + len(data) // 10] = os.urandom(len(data) // 10)
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(bytes(data))
    run = subprocess.run([sys.executable, "main.py", "--source", str(broken), "--jsonl", "-"], cwd=ROOT,
                         capture_output=True, text=True, env=dict(os.environ, DISPLAY=""), timeout=120)
    total = len(generated_clip[1]["frames"])
    assert run.returncode == 0 and "Traceback" not in run.stderr
    processed = len(run.stdout.splitlines())
    assert total // 2 < processed < total
    assert f"{total - processed} frames could not be decoded" in run.stderr


def test_truncated_mp4_is_refused_clearly(tmp_path, generated_clip):
    truncated = tmp_path / "cut.mp4"
    truncated.write_bytes(generated_clip[0].read_bytes()[:20000])
    with pytest.raises(SourceError, match="truncated or corrupt"):
        open_source(str(truncated))


def text_page():
    page = np.full((480, 640, 3), 235, np.uint8)
    for y in range(30, 470, 24):
        cv2.putText(page, "the quick brown fox jumps over", (10, y), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 0.9, (20, 20, 20), 2)
    return page


ODD_FRAMES = {
    "grey": np.full((480, 640), 128, np.uint8),
    "bgra": np.zeros((480, 640, 4), np.uint8),
    "16-bit": (np.random.default_rng(0).random((480, 640, 3)) * 65535).astype(np.uint16),
    "float": np.random.default_rng(1).random((100, 100)),
    "1x1": np.zeros((1, 1, 3), np.uint8),
    "8x8": np.full((8, 8, 3), 255, np.uint8),
    "4k": np.full((2160, 3840, 3), 200, np.uint8),
    "black": np.zeros((480, 640, 3), np.uint8),
    "white": np.full((480, 640, 3), 255, np.uint8),
    "noise": np.random.default_rng(2).integers(0, 256, (480, 640, 3), dtype=np.uint8),
    "text": text_page(),
}


SHORT_WORDS = "a an on is it to we be me so no go at in of up as by my or he the and for you was his her day get".split()


@pytest.mark.parametrize("scale", [1.0, 1.3])  # smaller or more separate letters still give a few digits
def test_a_page_of_short_handwritten_words_has_no_digits(scale, recognizer):
    rng = np.random.default_rng(int(10 * scale))
    font = cv2.FONT_HERSHEY_SCRIPT_SIMPLEX if scale < 1.2 else cv2.FONT_HERSHEY_SCRIPT_COMPLEX
    page = np.full((480, 640, 3), 230, np.uint8)
    for y in range(int(30 * scale) + 10, 470, int(38 * scale)):
        x = 10
        while x < 560:  # separate letters like "a", "o" and "l" look like digits; the page as a whole does not
            word = str(rng.choice(SHORT_WORDS))
            cv2.putText(page, word, (x, y), font, scale, (20, 20, 20), int(rng.integers(1, 3)), cv2.LINE_AA)
            x += cv2.getTextSize(word, font, scale, 2)[0][0] + int(rng.uniform(10, 30) * scale)
    recognizer.reset()
    assert recognizer.process(cv2.GaussianBlur(page, (3, 3), 0)).detections == []


@pytest.mark.parametrize("name", ODD_FRAMES)
def test_odd_frames(name, recognizer):
    frame = ODD_FRAMES[name]
    result = recognizer.process(frame)
    assert len(result.detections) + len(result.rejected) <= DetectorConfig.max_candidates
    shown = annotate(frame, result, "status")
    assert shown.dtype == np.uint8 and shown.shape[:2] == frame.shape[:2] and shown.shape[2] == 3
    if name in ("black", "white", "grey", "4k", "8x8", "1x1", "text"):
        assert result.detections == []


def test_4k_frames_are_analysed_at_bounded_size(recognizer):
    frame = np.full((2160, 3840, 3), 230, np.uint8)
    cv2.putText(frame, "42", (1500, 1200), cv2.FONT_HERSHEY_SIMPLEX, 12, (0, 0, 0), 40)
    result = recognizer.process(frame)
    assert max(result.mask.shape) <= DetectorConfig.max_side
    assert all(d.box[0] > 1000 for d in result.detections)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 400), st.integers(1, 400), st.sampled_from(["uint8", "uint16", "float32"]),
       st.sampled_from([None, 1, 3, 4]), st.integers(0, 2**32 - 1))
def test_random_frames_through_the_whole_pipeline(height, width, dtype, channels, seed):
    rng = np.random.default_rng(seed)
    shape = (height, width) if channels is None else (height, width, channels)
    frame = (rng.random(shape) * (255 if dtype == "uint8" else 60000)).astype(dtype)
    recognizer = Recognizer(load_backend("onnx"))
    result = recognizer.process(frame)
    assert len(result.detections) + len(result.rejected) <= DetectorConfig.max_candidates
    assert annotate(frame, result, "").shape[:2] == (height, width)


def test_output_write_failure_stops_cleanly_and_keeps_the_recording(tmp_path, generated_clip):
    run = subprocess.run([sys.executable, "main.py", "--source", str(generated_clip[0]), "--jsonl", "/dev/full",
                          "--record", str(tmp_path / "rec.mp4")], cwd=ROOT, capture_output=True, text=True,
                         env=dict(os.environ, DISPLAY=""), timeout=120)
    assert run.returncode == 2 and "No space left on device" in run.stderr and "Traceback" not in run.stderr
    assert frame_count(tmp_path / "rec.mp4") >= 1


@pytest.mark.parametrize("args", [["--record", "/sys/out.mp4"], ["--jsonl", "/sys/out.jsonl"],
                                  ["--snapshot-dir", "/sys"], ["--snapshot-dir", "no/such/folder"]])
def test_unwritable_outputs_are_refused_before_the_loop(args, generated_clip):
    run = subprocess.run([sys.executable, "main.py", "--source", str(generated_clip[0]), *args], cwd=ROOT,
                         capture_output=True, text=True, env=dict(os.environ, DISPLAY=""), timeout=120)
    assert run.returncode == 2 and ("not writable" in run.stderr or "does not exist" in run.stderr)
    assert "frames in" not in run.stderr  # the loop never started


@pytest.mark.parametrize("damage", ["missing", "truncated", "mismatch"])
@pytest.mark.parametrize("name, filename", [("onnx", "lenet5_mindspore.onnx"), ("torch", "lenet_torch.pt"),
                                            ("mindspore", "lenet5_mindspore.ckpt"), ("opencv", "lenet5_mindspore.onnx")])
def test_damaged_weights_name_the_file_and_the_fix(damage, name, filename, weights_copy):
    path = weights_copy / filename
    if damage == "missing":
        path.unlink()
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:100])
    else:
            blob = path.read_bytes()
            path.write_bytes(blob[:-1] + bytes([blob[-1] ^ 0xFF]))
    with pytest.raises(BackendError) as error:
        load_backend(name, path)
    message = str(error.value)
    assert filename in message and ("git checkout weights/" in message or "retrain" in message)


def test_no_backend_unpickles_untrusted_data():
    sources = [p.read_text() for p in (ROOT / "realtime" / "backends").glob("*.py")]
    uses = [line for text in sources for line in text.splitlines() if "torch.load(" in line]
    assert uses and all("weights_only=True" in line for line in uses)
    assert not any("pickle" in text for text in sources)
