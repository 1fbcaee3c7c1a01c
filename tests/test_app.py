"""The program end to end: sources, JSON lines, recording, exit codes, signals."""
import difflib
import json
import os
import signal
import subprocess
import sys
import time

import cv2
import numpy as np
import pytest
from conftest import ROOT, frame_count

from realtime.scoring import Score
from realtime.pipeline import Detection


def digitcam(*args, **kwargs):
    env = dict(os.environ, DISPLAY="")
    return subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=120, **kwargs)


def character_edits(a: str, b: str) -> int:
    matcher = difflib.SequenceMatcher(None, a, b)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def test_generated_clip_is_read_right(generated_clip):
    path, truth = generated_clip
    run = digitcam("--source", path, "--no-window", "--jsonl", "-")
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["frame"] for r in records] == list(range(len(truth["frames"])))
    score = Score()
    for record, frame in zip(records, truth["frames"]):
        found = [Detection(tuple(d["box"]), d["digit"], d["confidence"]) for d in record["detections"]]
        score.add(found, frame["boxes"], frame["digits"])
    assert score.recall >= 0.9 and score.precision >= 0.9
    readings = [" ".join(r["numbers"]) for r in records]
    usual = max(set(readings), key=readings.count)
    assert usual.count(" ") == len(truth["numbers"]) - 1  # every number found, in reading order
    assert all("".join(r["rows"]) == "".join(r["numbers"]) for r in records)  # the same digits, line by line
    assert character_edits(usual, " ".join(truth["numbers"])) <= 1  # MNIST has a few ambiguous digits
    assert "frames in" in run.stderr and "digits seen" in run.stderr


def test_image_source_and_max_frames(tmp_path, generated_clip):
    capture = cv2.VideoCapture(str(generated_clip[0]))
    cv2.imwrite(str(tmp_path / "sheet.png"), capture.read()[1])
    run = digitcam("--source", tmp_path / "sheet.png", "--jsonl", tmp_path / "out.jsonl")
    assert run.returncode == 0, run.stderr
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 1
    run = digitcam("--source", generated_clip[0], "--max-frames", 4, "--jsonl", "-")
    assert len(run.stdout.splitlines()) == 4


@pytest.mark.parametrize("source, message", [
    ("missing.mp4", "no such file"),
    ("pyproject.toml", "not a readable video or image"),
    ("tests", "is a folder"),
    ("7", "cannot open camera 7"),
    ("", "--source is empty"),
])
def test_bad_sources_exit_2_with_one_line(source, message):
    run = digitcam("--source", source, "--no-window")
    assert run.returncode == 2
    assert message in run.stderr and run.stderr.count("\n") == 1 and "Traceback" not in run.stderr


def test_a_corrupt_video_file_gets_one_line_without_ffmpegs_own_complaint(tmp_path):
    (tmp_path / "clip.mp4").write_bytes(b"not really a video" * 100)
    run = digitcam("--source", tmp_path / "clip.mp4", "--no-window")
    assert run.returncode == 2
    assert "not a readable video or image" in run.stderr and run.stderr.count("\n") == 1


def test_a_drawing_saved_with_a_transparent_background_is_read(tmp_path, mnist_test_slice):
    images, labels = mnist_test_slice
    drawing = np.zeros((400, 600, 4), np.uint8)  # transparent black, as a drawing program saves it
    for place, index in enumerate(np.flatnonzero(labels == digit)[0] for digit in (0, 1, 2)):
        drawing[150:240, 60 + 120 * place:150 + 120 * place, 3] = cv2.resize(images[index], (90, 90))  # black ink
    cv2.imwrite(str(tmp_path / "drawing.png"), drawing)
    run = digitcam("--source", tmp_path / "drawing.png", "--jsonl", "-")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["rows"] == ["012"]  # read as black on black before: nothing


def test_broken_image_is_refused(tmp_path):
    (tmp_path / "broken.png").write_bytes(b"\x89PNG not really")
    run = digitcam("--source", tmp_path / "broken.png")
    assert run.returncode == 2 and "cannot read image" in run.stderr


@pytest.mark.parametrize("args, message", [
    (["--record", "missing-folder/out.mp4"], "does not exist"),
    (["--record", "out.mkv"], ".mp4 or .avi"),
    (["--jsonl", "missing-folder/x.jsonl"], "does not exist"),
    (["--jsonl", "tests"], "is a folder"),
])
def test_bad_outputs_are_refused_before_the_loop(args, message, generated_clip):
    run = digitcam("--source", generated_clip[0], *args)
    assert run.returncode == 2 and message in run.stderr and "Traceback" not in run.stderr


def test_a_folder_named_like_a_video_is_refused(tmp_path, generated_clip):
    (tmp_path / "out.mp4").mkdir()
    run = digitcam("--source", generated_clip[0], "--record", tmp_path / "out.mp4")
    assert run.returncode == 2 and "is a folder" in run.stderr and "Traceback" not in run.stderr


def test_bad_options_exit_2():
    for args in (["--backend", "caffe"], ["--threshold", "bright"], ["--min-confidence", "2"], ["--max-frames", "0"],
                 ["--reconnect", "-1"], ["--reconnect", "soon"]):
        assert digitcam(*args).returncode == 2


def test_recording_refuses_to_overwrite(tmp_path, generated_clip):
    target = tmp_path / "out.mp4"
    target.write_bytes(b"keep me")
    run = digitcam("--source", generated_clip[0], "--record", target)
    assert run.returncode == 2 and "--overwrite" in run.stderr and target.read_bytes() == b"keep me"
    run = digitcam("--source", generated_clip[0], "--record", target, "--overwrite", "--max-frames", 3)
    assert run.returncode == 0 and frame_count(target) == 3


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_recording_survives_a_signal(tmp_path, generated_clip, signum):
    target = tmp_path / "rec.avi" if signum == signal.SIGINT else tmp_path / "rec.mp4"
    # started as a shell starts a background job, with Ctrl-C ignored: it stopped nothing then (a CI hang)
    process = subprocess.Popen([sys.executable, "main.py", "--source", str(generated_clip[0]), "--loop",
                                "--record", str(target)], cwd=ROOT, env=dict(os.environ, DISPLAY=""),
                               stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    deadline = time.time() + 60
    while time.time() < deadline and (not target.exists() or target.stat().st_size < 50_000):
        time.sleep(0.2)
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert frame_count(target) > 5


def test_help_describes_the_program():
    run = digitcam("--help")
    assert run.returncode == 0
    for text in ("--source", "--backend", "--record", "--jsonl", "q/Esc quit", "exit codes"):
        assert text in run.stdout
