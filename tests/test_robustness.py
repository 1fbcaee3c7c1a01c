"""The robustness script runs end to end (its figures are for the README) and its camera effects do what
they say."""
import json
import re

import cv2
import numpy as np
import pytest

from realtime import robustness
from realtime.synth import make_scenes


def test_camera_effects_cut_the_contrast_or_burn_the_paper_white():
    frame = np.array([[40, 215]], np.uint8)  # ink, paper
    assert robustness.washed_out(frame).tolist() == [[136, 206]]
    assert robustness.over_exposed(frame).tolist() == [[104, 255]]


def test_a_flag_is_a_short_stroke_down_and_left_from_the_top_of_a_1(mnist_test_slice):
    images, labels = mnist_test_slice
    rng = np.random.default_rng(3)
    for one in images[labels == 1][:20]:
        ys, xs = np.nonzero(one > 127)
        top, left, height = ys.min(), xs[ys.argmin()], np.ptp(ys)
        added = np.argwhere(robustness.with_flag(one, rng).astype(int) - one > 60)  # pixels the flag darkened
        assert len(added) >= 2
        assert added[:, 1].mean() < left and added[:, 0].mean() > top  # down and to the left
        assert (added[:, 1] <= left + 3).all() and (added[:, 0] <= top + 0.3 * height + 2).all()  # short


def test_a_crossbar_crosses_the_stem_of_a_7(mnist_test_slice):
    images, labels = mnist_test_slice
    for seven in images[labels == 7][:10]:
        crossed = robustness.with_crossbar(seven)
        added = np.argwhere((crossed > 127) & (seven <= 127))
        assert len(added) >= 4 and np.ptp(added[:, 0]) <= 4 and np.ptp(added[:, 1]) >= 6  # a short level bar
        ys = np.nonzero(seven > 127)[0]
        assert ys.min() < added[:, 0].mean() < ys.max()  # across the stem, below the top bar


def test_a_close_up_fills_its_share_of_the_frame(mnist_test_slice):
    images, _ = mnist_test_slice
    frame = robustness.close_up(images[0], 0.7)
    rows = np.flatnonzero((frame[:, :, 0] < 150).any(axis=1))
    assert frame.shape == (480, 640, 3) and abs((rows[-1] - rows[0]) / 480 - 0.7) < 0.1


def test_every_section_runs_on_generated_scenes_and_a_labelled_folder(tmp_path, capsys, mnist_path, monkeypatch):
    monkeypatch.setenv("DIGITCAM_MNIST", str(mnist_path))
    scene = make_scenes("clean", 1, seed=3, data_dir=mnist_path)[0]
    cv2.imwrite(str(tmp_path / "sheet.png"), scene.image)
    (tmp_path / "labels.json").write_text(json.dumps([{"file": "sheet.png", "digits": " ".join(scene.numbers)}]))
    assert robustness.main(["--scenes", "1", "--real", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for kind in robustness.KINDS:
        assert re.search(rf"^{kind}(\s+[\d.]+ /\s+[\d.]+){{3}}$", out, re.M)
    assert len(re.findall(r"filling \d+% of its height: \d+ of 2$", out, re.M)) == 3
    assert len(re.findall(r"^  [17] [a-z ]+\d of 2$", out, re.M)) == 4  # writing styles
    assert re.search(r"^  as filmed\s+[\d.]+ /\s+[\d.]+$", out, re.M)
    assert len(re.findall(r"margin \d+% of the digit's size: \d+ of \d+", out)) == 3


def test_a_folder_without_labels_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        robustness.main(["--real", str(tmp_path)])
    assert exit_.value.code == 2 and "labels.json: No such file" in capsys.readouterr().err
