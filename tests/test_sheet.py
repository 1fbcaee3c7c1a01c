"""Candidates off the sheet: on rough paper (a person, a flag, a desk's grain) away from the digits on smooth paper."""
import cv2
import numpy as np
import pytest

from realtime.detect import Candidate
from realtime.paper import paper_roughness, roughness_around
from realtime.pipeline import Recognizer
from realtime.sheet import off_the_sheet
from realtime.synth import sample_portrait


def row(count: int, roughness: float, left: int = 100, top: int = 100) -> list:
    """`count` 30 px tall candidates 40 px apart in a row, on paper of this roughness."""
    return [Candidate((left + 40 * i, top, 20, 30), None, roughness=roughness) for i in range(count)]


def test_a_rough_candidate_far_from_the_digits_on_smooth_paper_is_off_the_sheet():
    far, near_in_row, below = row(1, 0.2, left=600), row(1, 0.2, left=300), row(1, 0.2, top=150)
    assert off_the_sheet(row(4, 0.01) + far + near_in_row + below) == [False] * 4 + [True, False, False]


def test_without_three_digits_on_smooth_paper_nothing_is_off_the_sheet():
    assert off_the_sheet(row(2, 0.01) + row(1, 0.2, left=600)) == [False] * 3


def test_on_a_uniformly_rough_sheet_the_digits_stay():  # a noisy photo: every digit's paper is rough
    assert not any(off_the_sheet(row(5, 0.08) + row(1, 0.1, top=160)))


def test_a_lighting_gradient_is_not_rough_but_texture_is():
    gradient = np.tile(np.linspace(90, 230, 640, dtype=np.float32), (480, 1)).astype(np.uint8)
    grain = cv2.GaussianBlur(np.random.default_rng(1).normal(0, 1, (480, 640)).astype(np.float32), (0, 0), 3)
    texture = np.clip(160 + 30 * grain / grain.std(), 0, 255).astype(np.uint8)  # fur, cloth: std 30 over ~10 px
    box = (300, 200, 30, 40)
    smooth, rough = [roughness_around(box, paper, paper_roughness(paper, 24)) for paper in (gradient, texture)]
    assert smooth < 0.01 < 0.03 < rough


# bikz05_photo_2 held up (0.35 / 0.4 of the frame) before matplotlib's portrait, JPEG 75: a 1 in the person's
# hair and a 2 on the cap's badge were read beside the sheet's rows
@pytest.mark.parametrize("share", [0.35, 0.4])
def test_a_real_sheet_held_up_before_a_person_is_read_without_the_persons_digits(share, onnx, real_photo):
    path = sample_portrait()
    if path is None:
        pytest.skip("matplotlib's sample portrait is not installed")
    frame = cv2.resize(cv2.imread(path), (640, 480))
    photo = real_photo("bikz05_photo_2.jpg")
    scale = min(share * 640 / photo.shape[1], share * 480 / photo.shape[0])
    sheet = cv2.resize(photo, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    height, width = sheet.shape[:2]
    frame[470 - height:470, (640 - width) // 2:(640 - width) // 2 + width] = sheet
    frame = cv2.imdecode(cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 75])[1], cv2.IMREAD_COLOR)
    assert Recognizer(onnx, smooth=False).process(frame).rows == ["12345", "6879", "88888", "66666", "77777"]
