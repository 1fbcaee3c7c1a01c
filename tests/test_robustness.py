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


def test_grain_is_noise_in_specks_wider_than_a_pixel_around_the_frames_own_grey():
    grainy = robustness.grainy(np.full((100, 100, 3), 150, np.uint8)).astype(float)[..., 0]
    assert abs(grainy.mean() - 150) < 1 and robustness.GRAIN <= grainy.std() <= 2 * robustness.GRAIN
    assert np.corrcoef(grainy[:, :-1].ravel(), grainy[:, 1:].ravel())[0, 1] > 0.5  # neighbours alike: specks


@pytest.mark.parametrize("angle", [-25, 12])
def test_a_turned_photo_keeps_its_corners_on_its_own_paper(angle):
    photo = np.full((100, 200, 3), 200, np.uint8)
    for y, x in [(0, 0), (0, 194), (94, 0), (94, 194)]:
        photo[y:y + 6, x:x + 6] = 20  # a mark in each corner
    turned = robustness.turned(photo, angle)
    marks = cv2.connectedComponents((turned[..., 0] < 110).astype(np.uint8))[0] - 1
    assert marks == 4 and turned.shape[0] > 100 and turned.shape[1] > 200 and turned[0, 0, 0] == 200


def test_a_close_up_fills_its_share_of_the_frame(mnist_test_slice):
    images, _ = mnist_test_slice
    frame = robustness.close_up(images[0], 0.7)
    rows = np.flatnonzero((frame[:, :, 0] < 150).any(axis=1))
    assert frame.shape == (480, 640, 3) and abs((rows[-1] - rows[0]) / 480 - 0.7) < 0.1


@pytest.mark.parametrize("ratio, rows", [(2.5, 15), (0.4, 5)])
def test_a_two_sizes_sheet_has_a_number_that_many_times_as_tall_as_the_rows_beside_it(ratio, rows, mnist_test_slice):
    images, labels = mnist_test_slice
    for number_first in (True, False):
        frame, written = robustness.two_sizes_sheet(images, labels, np.random.default_rng(0), ratio, number_first)
        number = [box for _, box, in_number in written if in_number]
        others = [box for _, box, in_number in written if not in_number]
        assert frame.shape == (480, 640, 3) and len(number) == 3 and len(others) == rows
        assert 0.7 * ratio <= np.median([h for *_, h in number]) / np.median([h for *_, h in others]) <= 1.3 * ratio
        assert (max(y for _, y, _, _ in number) < min(y for _, y, _, _ in others)) == number_first
        assert all(frame[y:y + h, x:x + w].min() < 120 for x, y, w, h in number + others)  # ink inside each box


def test_every_section_runs_on_generated_scenes_and_a_labelled_folder(tmp_path, capsys, mnist_path, monkeypatch):
    monkeypatch.setenv("DIGITCAM_MNIST", str(mnist_path))
    scene = make_scenes("clean", 1, seed=3, data_dir=mnist_path)[0]
    cv2.imwrite(str(tmp_path / "sheet.png"), scene.image)
    (tmp_path / "labels.json").write_text(json.dumps([{"file": "sheet.png", "digits": " ".join(scene.numbers)}]))
    assert robustness.main(["--scenes", "1", "--real", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for kind in robustness.KINDS:
        assert re.search(rf"^{kind}(\s+[\d.]+ /\s+[\d.]+){{{len(robustness.CAMERAS)}}}$", out, re.M)
    assert len(re.findall(r"filling \d+% of its height: \d+ of 2$", out, re.M)) == 3
    assert len(re.findall(r"^  [17] [a-z, ]+\d of 2$", out, re.M)) == 6  # writing styles
    assert re.search(r"^  read as digits: \+ \d+ of \d+, x \d+ of \d+, .*\) \d+ of \d+; digits read right \d+ of [1-9]\d+; other .* \d+$",
                     out, re.M)  # operators
    assert len(re.findall(r"^  \d\.\dx: the number \d+ of 3, the rows \d+ of (15|5); other digits read \d+$", out, re.M)) == 6
    assert all(re.search(rf"^  {camera}\s+[\d.]+ /\s+[\d.]+$", out, re.M) for camera in robustness.CAMERAS)
    assert len(re.findall(r"margin \d+% of the digit's size: \d+ of \d+", out)) == 3
    turned = re.findall(r"^  [+-]\d+ degrees\s+[\d.]+ /\s+[\d.]+  rows as written [01] of 1$", out, re.M)
    assert len(turned) == len(robustness.TURNS)


def test_a_folder_without_labels_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        robustness.main(["--real", str(tmp_path)])
    assert exit_.value.code == 2 and "labels.json: No such file" in capsys.readouterr().err
