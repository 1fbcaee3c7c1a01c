"""The benchmark script runs end to end (its figures are for the README, not asserted here)."""
import json
import re

import cv2

from realtime import benchmark
from realtime.synth import make_scenes


def test_accuracy_section_runs_and_prints_both_pipelines(capsys, mnist_path, monkeypatch):
    monkeypatch.setenv("DIGITCAM_MNIST", str(mnist_path))
    assert benchmark.main(["--scenes", "2", "--skip-speed"]) == 0
    out = capsys.readouterr().out
    for kind in ("clean", "ruled", "hard", "ballpoint", "held-up"):
        assert re.search(rf"^{kind}\s+\d+\s+[\d.]+%\s+[\d.]+%\s+[\d.]+%\s+[\d.]+%$", out, re.M)
    assert "background" in out and "--min-confidence" in out


def test_real_photo_section_reads_a_labelled_folder(tmp_path, capsys, mnist_path):
    scene = make_scenes("clean", 1, seed=3, data_dir=mnist_path)[0]
    cv2.imwrite(str(tmp_path / "sheet.png"), scene.image)
    (tmp_path / "labels.json").write_text(json.dumps([{"file": "sheet.png", "digits": " ".join(scene.numbers)}]))
    benchmark.real_photos(tmp_path, benchmark.load_backend("onnx"))
    recall, precision = map(float, re.search(r"digits read ([\d.]+)% \(recall\), precision ([\d.]+)%",
                                             capsys.readouterr().out).groups())
    assert recall >= 80 and precision >= 80


def test_a_photos_digits_are_compared_as_a_multiset():
    from realtime.scoring import multiset_counts
    assert multiset_counts(["12", "3"], "12 33") == (3, 4, 3)  # right, written, read
    assert multiset_counts(["7"], "1") == (0, 1, 1)
