"""Detection and recognition on generated frames: digits found and read, and what must not be read."""
from collections import Counter

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realtime.broken import broken_across, clear_as_pieces
from realtime.crops import stroke_thickness
from realtime.detect import (NOISE_MARGIN, Candidate, DetectorConfig, as_smooth_as, attach_fragments, detect, ink_level,
                             ink_masks, line_runs_on, tall_enough)
from realtime.frames import as_gray8
from realtime.lines import is_grid, uint8_percentile
from realtime.mask import clean_mask, components, grid_dots
from realtime.outlines import outlines
from realtime.paper import PaperRoughness, saturation_of
from realtime.looks import MIN_ANALYSIS_SIDE, bounded_scale, for_faint_writing, scale_for
from realtime.pipeline import Detection, Recognizer, best_cuts, better_readings, lean, reads_as_text, slashes
from realtime.robustness import over_exposed, washed_out
from realtime.scoring import Score
from realtime.split import without_underline
from realtime.synth import SceneMaker, make_held_up_scenes, make_scenes, sample_portrait
from realtime.text import text_lines

from conftest import Recording, centred, turned


@pytest.fixture(scope="module")
def maker(mnist_test_slice):
    return SceneMaker(*mnist_test_slice, seed=21)


@pytest.mark.parametrize("kind, minimum", [("clean", 0.95), ("ruled", 0.85), ("hard", 0.7), ("ballpoint", 0.85)])
def test_digits_found_and_read(kind, minimum, onnx, mnist_path):
    scenes = make_scenes(kind, 6 if kind != "ballpoint" else 15, seed=31, data_dir=mnist_path)
    recognizer = Recognizer(onnx, smooth=False)
    score = Score()
    for scene in scenes:
        score.add(recognizer.process(scene.image).detections, scene.boxes, scene.digits)
    assert score.truths > 30
    assert score.recall >= minimum and score.precision >= minimum


def test_large_digits_are_analysed_shrunk_and_a_video_shrinks_them_at_once(onnx, mnist_path):
    scene = make_scenes("clean", 1, seed=5, heights=(60, 70), data_dir=mnist_path)[0]
    recognizer = Recognizer(onnx)
    first, second = recognizer.process(scene.image), recognizer.process(scene.image)
    half = (scene.image.shape[0] // 2, scene.image.shape[1] // 2)
    assert first.mask.shape == half and second.mask.shape == half  # the first looked at twice, the next once
    assert sorted(d.digit for d in second.detections) == sorted(d.digit for d in first.detections)
    assert len(recognizer.tracker.ids) == len(first.detections) + len(first.rejected)


def thick_marker_digits(stroke: int) -> np.ndarray:
    """An 8, a 1 and a 0 about 240 px tall in a marker `stroke` px wide, on a 640x480 sheet."""
    frame = np.full((480, 640, 3), 215, np.uint8)
    cv2.ellipse(frame, (200, 175), (42, 48), 0, 0, 360, (30, 30, 30), stroke, cv2.LINE_AA)
    cv2.ellipse(frame, (200, 290), (52, 62), 0, 0, 360, (30, 30, 30), stroke, cv2.LINE_AA)
    cv2.line(frame, (400, 110), (400, 360), (30, 30, 30), stroke, cv2.LINE_AA)
    cv2.ellipse(frame, (520, 235), (50, 110), 0, 0, 360, (30, 30, 30), stroke, cv2.LINE_AA)
    return cv2.GaussianBlur(frame, (5, 5), 0)


@pytest.mark.parametrize("stroke", [14, 22, 30])
def test_large_digits_in_thick_marker_are_read_whole(stroke, onnx):
    # 22 px: read 0 0 1 0 when the paper's brightness was estimated at full resolution (the strokes came out
    # hollow); 30 px: nothing found at full resolution, now looked at again at the smallest analysis size
    assert Recognizer(onnx).process(thick_marker_digits(stroke)).rows == ["810"]


@pytest.mark.parametrize("stroke", [22, 30])
def test_a_video_of_thick_marker_digits_keeps_its_analysis_size(stroke, onnx):
    # each frame's strokes, measured at a smaller size, came out thicker, so the next frame was analysed
    # smaller still, until at 1/7 of 640x480 the digits were lost (every fifth frame of a held sheet)
    recognizer, frame = Recognizer(onnx), thick_marker_digits(stroke)
    assert [recognizer.process(frame).rows for _ in range(8)] == [["810"]] * 8
    assert min(recognizer.process(frame).mask.shape) >= MIN_ANALYSIS_SIDE


def test_a_video_of_large_digits_in_thin_pen_is_not_shrunk_until_the_strokes_vanish(onnx):
    recognizer, frame = Recognizer(onnx), thin_pen_digits()
    assert [recognizer.process(frame).rows for _ in range(3)] == [["17"]] * 3  # was 17, nothing (shrunk 1/8), 17


def test_tall_ones_in_thin_pen_on_plain_paper_are_not_taken_for_lines(onnx):
    frame = np.full((480, 640, 3), 225, np.uint8)
    for x in (150, 250, 350, 450):
        cv2.line(frame, (x, 130), (x - 12, 330), (140, 90, 60), 2, cv2.LINE_AA)  # 0.42 of the frame's height
    recognizer = Recognizer(onnx)
    # erased as four lines while any steep line of 0.4 of the frame counted
    assert [recognizer.process(cv2.GaussianBlur(frame, (3, 3), 0)).rows for _ in range(2)] == [["1111"]] * 2


def test_small_digits_are_looked_at_twice_the_size(onnx, mnist_path):
    scenes = make_scenes("clean", 3, seed=5, heights=(15, 18), data_dir=mnist_path)
    recognizer = Recognizer(onnx, smooth=False)
    score = Score()
    for scene in scenes:
        result = recognizer.process(scene.image)
        assert result.mask.shape == (2 * scene.image.shape[0], 2 * scene.image.shape[1])
        score.add(result.detections, scene.boxes, scene.digits)
        height, width = scene.image.shape[:2]
        assert all(0 <= d.box[0] and d.box[0] + d.box[2] <= width and d.box[1] + d.box[3] <= height
                   for d in result.detections)  # boxes in frame pixels
    assert score.truths > 60 and score.recall >= 0.92 and score.precision >= 0.95  # at 1x: 90% recall


def test_a_detached_bar_joins_its_digit_but_a_speck_does_not():
    stats = np.array([[0, 0, 0, 0, 0],
                      [10, 20, 20, 30, 200],   # a 5's body
                      [12, 14, 16, 4, 40],     # its bar, 2 px above
                      [18, 52, 3, 3, 9]])      # a graph-paper crossing 2 px below
    assert attach_fragments(stats, np.array([1]), np.array([2, 3])) == {1: [1, 2]}
    thin_pen = np.array([[0, 0, 0, 0, 0],
                         [17, 25, 25, 72, 466],  # a 5's body in a thin line
                         [1, 0, 71, 26, 404]])   # its long bar, touching it, wider than it and almost as inked
    assert attach_fragments(thin_pen, np.array([1]), np.array([2])) == {1: [1, 2]}


def test_rows_are_read_as_written_and_split_into_numbers(onnx, mnist_test_slice):
    images, labels = mnist_test_slice
    frame = np.full((240, 400), 225, np.float32)
    places = [(40, 40), (90, 40), (190, 40), (240, 40), (60, 140)]  # "ab  cd" and "e" below: 56 px digits
    for (x, y), image in zip(places, images[:5]):
        frame[y:y + 56, x:x + 56] -= 0.8 * cv2.resize(image, (56, 56))
    result = Recognizer(onnx, smooth=False).process(frame.astype(np.uint8))
    written = "".join(map(str, labels[:5]))
    assert result.rows == [written[:4], written[4]]
    assert result.numbers == [written[:2], written[2:4], written[4]]


def test_a_small_number_written_apart_from_large_digits_is_kept_but_specks_beside_them_are_not():
    large = [(40 + 50 * i, 40 + 80 * row, 40, 60) for row in range(2) for i in range(4)]
    small_number = [(60, 240, 14, 24), (80, 241, 14, 23)]   # 0.4 of the large digits' height, a row below
    beside = [(245, 60, 8, 22)]                              # a speck or a broken digit's bit by a digit
    alone = [(330, 250, 14, 24)]                             # one small mark by itself
    assert tall_enough(large + small_number + beside + alone, 0.5) == list(range(10))
    assert tall_enough(large + [(60, 240, 4, 10), (70, 240, 4, 10)], 0.5) == list(range(8))  # dots: too small


def test_the_far_end_of_a_column_seen_from_a_slant_is_kept_but_a_bit_by_a_digit_is_not():
    heights = [30, 42, 48, 56, 66, 78, 90, 100, 110, 120]  # digits one per line, nearer the camera further down
    column = [(60, 10 + sum(heights[:i]) + 20 * i, 30, height) for i, height in enumerate(heights)]
    bit = [(95, column[6][1] + 10, 10, 24)]            # beside the 7th digit, a quarter of its height
    assert tall_enough(column + bit, 0.5) == list(range(10))  # the 30 px one is under half their median


def test_a_sheet_with_a_large_number_and_a_small_one_below_reads_both(onnx, mnist_test_slice):
    images, labels = mnist_test_slice
    frame = np.full((400, 560), 225, np.float32)
    for k in range(4):                                   # 84 px digits ...
        frame[60:144, 40 + 70 * k:124 + 70 * k] -= 0.8 * cv2.resize(images[k], (84, 84))
    for k in range(2):                                   # ... and 34 px ones below (0.4 of their height)
        frame[200:234, 60 + 28 * k:94 + 28 * k] -= 0.8 * cv2.resize(images[4 + k], (34, 34))
    written = "".join(map(str, labels[:6]))
    assert Recognizer(onnx, smooth=False).process(frame.astype(np.uint8)).rows == [written[:4], written[4:]]


def test_boxes_fit_the_digits(maker, onnx):
    scene = maker.scene("clean")
    candidates, _ = detect(scene.image)
    for true_box in scene.boxes:
        x, y, w, h = true_box
        best = min(candidates, key=lambda c: abs(c.box[0] - x) + abs(c.box[1] - y))
        assert all(abs(a - b) <= 4 for a, b in zip(best.box, true_box))


def test_a_thin_stroke_gets_the_box_of_its_ink_not_of_its_pale_fringe():
    frame = np.full((200, 200), 220, np.uint8)
    frame[58:102, 98:105] = 170  # a pale fringe (blur, a soft pen) 2 px around ...
    frame[60:100, 100:103] = 40  # ... a 1 written 3 px wide and 40 px tall
    candidates, _ = detect(frame)
    assert len(candidates) == 1
    x, y, w, h = candidates[0].box
    assert abs(x - 100) <= 1 and abs(x + w - 103) <= 1 and abs(y - 60) <= 1 and abs(y + h - 100) <= 1


# recall when clear ink had to be 0.2 darker than the paper in every frame: hard 70.5%, ruled 76.2% (now 86.4
# and 97.6%)
@pytest.mark.parametrize("kind, camera", [("hard", washed_out), ("ruled", over_exposed)])
def test_a_washed_out_or_over_exposed_frame_is_read(kind, camera, onnx, mnist_path):
    score = Score()
    for scene in make_scenes(kind, 6, seed=31, data_dir=mnist_path):
        score.add(Recognizer(onnx, smooth=False).process(camera(scene.image)).detections, scene.boxes, scene.digits)
    assert score.truths > 100 and score.recall >= 0.85 and score.precision >= 0.9


@pytest.mark.parametrize("camera", [np.asarray, washed_out], ids=["plain", "washed_out"])
def test_a_blank_sheet_on_a_desk_gives_nothing(camera, maker, onnx):
    sheet = maker.sheet("hard", (560, 420))
    sheet.paper[:] = sheet.paper.mean((0, 1))  # no ink, no rulings: just paper
    sheet.labels[:] = 0
    scene = maker.film(sheet, maker.sheet_pose((560, 420), (640, 480), "hard"), "hard", (640, 480))
    assert Recognizer(onnx).process(camera(scene.image)).detections == []


def test_clear_ink_is_darker_in_a_washed_out_frame_but_well_above_the_paper_grain():
    rng = np.random.default_rng(4)
    config = DetectorConfig()
    grain = np.clip(rng.normal(0, 2, (240, 320)), 0, 255).astype(np.uint8)
    inked = grain.copy()
    inked[100:160, 100:106] = 120  # a stroke 0.47 darker than the paper: an ordinary frame
    assert ink_level(inked, config) == 255 * config.ink_contrast
    inked[100:160, 100:106] = 40   # the same stroke in a washed-out frame
    assert ink_level(inked, config) == pytest.approx(0.3 * 40, abs=1)
    noisy = np.clip(rng.normal(0, 6, (240, 320)), 0, 255).astype(np.uint8)
    noisy[100:160, 100:106] = 40   # in coarse grain: clear ink stays well above the grain
    assert ink_level(noisy, config) >= NOISE_MARGIN * np.percentile(noisy, 90)


def faint_sheet(images: np.ndarray, paleness: float) -> np.ndarray:
    """MNIST digits 18 px square, ten to a row, written `paleness` grey levels darker than the paper at most (a worn
    pen), blurred and grainy, with a black ruler lying below them: the frame is not washed out, its writing is."""
    frame = np.full((480, 640), 220.0)
    for index, image in enumerate(images):
        row, column = divmod(index, 10)
        digit = cv2.resize(image.astype(np.float32), (18, 18), interpolation=cv2.INTER_AREA) / 255
        frame[100 + 40 * row:118 + 40 * row, 120 + 36 * column:138 + 36 * column] -= paleness * digit
    frame[440:460, 60:580] = 30
    frame = cv2.GaussianBlur(frame, (0, 0), 0.8) + np.random.default_rng(0).normal(0, 3, frame.shape)
    return cv2.cvtColor(np.clip(frame, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)


def test_a_second_look_for_faint_writing_is_taken_only_for_writing():
    config = DetectorConfig()
    faint = [Candidate((20 * i, 0, 10, 20), None, ink=80) for i in range(8)]  # darkest ink 80 < 2 x 51
    dark = [Candidate((20 * i, 0, 10, 20), None, ink=150) for i in range(8)]
    sure, doubted = np.full(8, 0.99), np.array([0.99, 0.99, 0.99, 0.3, 0.3, 0.3, 0.3, 0.3])
    assert for_faint_writing(config, faint, sure, 0.6).ink_contrast == 0.15
    assert for_faint_writing(config, dark, sure, 0.6) is None
    # a picture's textures, mostly doubted (with the look, 24 pictures at 3 sizes gave 94 false digits, 76 without)
    assert for_faint_writing(config, faint, doubted, 0.6) is None
    assert for_faint_writing(config, faint[:4], sure[:4], 0.6) is None  # too few to tell


def within(read: str, written: str) -> bool:
    """Are the digits read those written, in order, some perhaps missing?"""
    rest = iter(written)
    return all(digit in rest for digit in read)


@pytest.mark.parametrize("paleness, least", [(70, 39), (80, 40)])
def test_faint_writing_beside_dark_things_is_read(paleness, least, mnist_test_slice, onnx):
    images, labels = mnist_test_slice
    rows = Recognizer(onnx, smooth=False).process(faint_sheet(images[:40], paleness)).rows
    written = ["".join(map(str, labels[start:start + 10])) for start in range(0, 40, 10)]
    # with clear ink 0.2 darker than the paper in this frame: "201499 0197 966040 337271" (22 digits) at 70; all
    # 40 with the look for faint writing, 39 since doubted crops are also read turned (second_opinion: one 3 lost)
    assert len(rows) == 4 and all(map(within, rows, written)) and sum(map(len, rows)) >= least


def test_a_few_dark_strokes_in_a_large_frame_are_not_a_washed_out_frame():
    config = DetectorConfig()
    page = np.clip(np.random.default_rng(4).normal(0, 2, (960, 1280)), 0, 255).astype(np.uint8)
    page[400:460, 600:606] = page[400:460, 640:646] = 90  # 720 px of ink darker than 2x the contrast: 0.06% of it
    page[380:400, 600:610] = 50                           # and its fainter parts
    # its darkest 0.3% of pixels were mostly paper: clear ink was set at 10 (5x the grain), not at 0.3 x 90
    assert ink_level(page, config) == pytest.approx(0.3 * 90, abs=1)


def test_a_few_digits_on_a_page_photographed_at_a_phones_full_size_are_read(onnx, real_photo):
    digits = real_photo("alankrantas_sketchbook_0to9.jpg")[70:401, 40:578]  # two rows, 55 px tall
    digits = cv2.resize(digits, None, fx=70 / 55, fy=70 / 55, interpolation=cv2.INTER_CUBIC).astype(np.float32)
    page, alpha = np.empty((3024, 4032, 3), np.float32), np.zeros((3024, 4032), np.float32)
    page[:], (h, w) = (190, 211, 218), digits.shape[:2]
    top, left = (3024 - h) // 2, (4032 - w) // 2
    alpha[top:top + h, left:left + w] = 1
    alpha = cv2.GaussianBlur(alpha, (0, 0), 21)[:, :, None]  # the crop's paper fades into the page's
    pasted = page.copy()
    pasted[top:top + h, left:left + w] = digits
    photo = page * (1 - alpha) + pasted * alpha + np.random.default_rng(0).normal(0, 2, page.shape)
    photo = np.clip(photo, 0, 255).astype(np.uint8)
    # the frame's ink is 0.1% of it: taken for washed out, its paper's grain was read as ink (01234 alone)
    assert Recognizer(onnx, smooth=False).process(photo).rows == ["01234", "56789"]


WORDS = "as who did how man her out at let the day it new be one an his see way she and in no up is".split()


def page_of_text(seed: int, letters_apart: bool) -> np.ndarray:
    """Words written across a sheet, in joined strokes or letter by letter (hand-printed)."""
    rng = np.random.default_rng(seed)
    page = np.full((480, 640, 3), 228, np.uint8)
    for y in range(40, 470, 42):
        x = 10
        while x < 560:
            word = str(rng.choice(WORDS))
            for piece in (word if letters_apart else [word]):
                cv2.putText(page, piece, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (30, 30, 30), 2, cv2.LINE_AA)
                x += cv2.getTextSize(piece, cv2.FONT_HERSHEY_SIMPLEX, 1.0, 2)[0][0] + (6 if letters_apart else 0)
            x += 24
    return cv2.GaussianBlur(page, (3, 3), 0)


def test_a_page_of_text_gives_no_digits(onnx):
    recognizer = Recognizer(onnx, smooth=False)
    for seed in range(3):
        assert recognizer.process(page_of_text(seed, letters_apart=False)).detections == []
        # letters apart: most are doubted, and the o, s and l that pass for digits are not reported either
        printed = recognizer.process(page_of_text(seed, letters_apart=True))
        assert printed.detections == [] and len(printed.rejected) >= 30


def brick_wall(rng) -> np.ndarray:
    """A 640x480 wall of dark bricks (grey 70-120) in light mortar (150), bricks cut by the frame's edges."""
    wall = np.full((480, 640), 150, np.float32)
    for top in range(0, 480, 24):
        shift = 35 * (top // 24 % 2)
        for left in range(-70 + shift, 640, 70):
            wall[top + 3:top + 22, max(0, left + 3):max(0, left + 67)] = rng.uniform(70, 120)
    return wall


def test_a_sheet_of_small_digits_before_a_brick_wall_is_no_page_of_text(mnist_test_slice, onnx):
    images, labels = mnist_test_slice
    recognizer = Recognizer(onnx, smooth=False)
    right = 0
    for seed in range(5):
        frame = brick_wall(np.random.default_rng(seed))
        frame[170:310, 170:470] = 215  # a sheet with five digits 22 px tall
        for k in range(5):
            frame[225:247, 250 + 26 * k:272 + 26 * k] -= 0.75 * cv2.resize(images[5 * seed + k], (22, 22))
        written = "".join(str(label) for label in labels[5 * seed:5 * seed + 5])
        right += recognizer.process(cv2.GaussianBlur(frame, (0, 0), 1.0).astype(np.uint8)).rows == [written]
    assert right >= 4  # the bricks cut by the frame's edge, solid bars, were counted as words: none was read


def test_a_sheet_before_a_silhouettes_legs_is_no_page_of_text(onnx):
    # a black horse's legs, cut by the frame's lower edge, were four words against the sheet's two digits: the
    # frame was a page of text and read nothing; a word's strokes are the pen's, not over twice as thick
    frame = np.full((480, 640, 3), 245, np.uint8)
    for x in (40, 130, 440, 530):
        cv2.fillPoly(frame, [np.array([[x, 400], [x + 22, 400], [x + 18, 480], [x + 4, 480]])], (15, 15, 15))
    cv2.rectangle(frame, (200, 150), (440, 330), (200, 205, 210), -1)
    for digit, x in (("4", 250), ("2", 330)):
        cv2.putText(frame, digit, (x, 270), cv2.FONT_HERSHEY_SIMPLEX, 2.2, (30, 30, 30), 1, cv2.LINE_AA)
    assert Recognizer(onnx, smooth=False).process(cv2.GaussianBlur(frame, (3, 3), 0)).rows == ["42"]


PAGE_WORDS = "the quick brown fox jumps over lazy dog and then some more words about nothing while writing home".split()


def photographed_page(rng) -> np.ndarray:
    """A page of words in OpenCV's script fonts, ruled or not, filmed at 0.45-0.7 of its size on a desk, tilted,
    under a lighting gradient, blurred, noisy and JPEG-compressed."""
    fonts = [cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, cv2.FONT_HERSHEY_SCRIPT_COMPLEX]
    scale, font = rng.uniform(0.6, 1.6), int(rng.choice(fonts))
    page = np.full((900, 1200, 3), int(rng.uniform(200, 245)), np.uint8)
    ruled = rng.random() < 0.5
    for y in range(int(40 * scale) + 20, 880, int(40 * scale) + int(rng.integers(8, 20))):
        if ruled:
            cv2.line(page, (0, y + 6), (1200, y + 6), (220, 180, 150), 1)
        x = 20
        while x < 1100:
            word, thickness = str(rng.choice(PAGE_WORDS)), int(rng.integers(1, 4))
            cv2.putText(page, word, (x, y), font, scale, (30, 30, 60), thickness, cv2.LINE_AA)
            x += cv2.getTextSize(word, font, scale, thickness)[0][0] + int(rng.uniform(12, 30) * scale)
    pose = cv2.getRotationMatrix2D((600, 450), rng.uniform(-6, 6), rng.uniform(0.45, 0.7))
    pose[:, 2] += (320 - 600, 240 - 450)
    desk = rng.uniform(40, 120, 3).tolist()
    image = cv2.warpAffine(page, pose, (640, 480), borderValue=desk).astype(np.float32)
    image *= np.linspace(rng.uniform(0.6, 1), 1, 640)[None, :, None]
    image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.3, 1.2)) + rng.normal(0, 3, image.shape)
    image = np.clip(image, 0, 255).astype(np.uint8)
    return cv2.imdecode(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 70])[1], cv2.IMREAD_COLOR)


def test_photographed_pages_of_text_give_no_digits(onnx):
    # a page of text found at full size is not looked at again as a close-up: at the smallest size its letters
    # merge into blobs and ascenders touching descenders into tall 1s (10 of 40 pages gave some before)
    recognizer, rng = Recognizer(onnx, smooth=False), np.random.default_rng(0)
    assert sum(len(recognizer.process(photographed_page(rng)).detections) for _ in range(40)) == 0


def read(count: int, confidence: float, roughness: float = 0.0, clutter: float = 0.0):
    """`count` candidates on paper this rough and cluttered, and the confidence the network reads each with."""
    return ([Candidate((12 * i, 0, 8, 12), None, roughness=roughness, clutter=clutter) for i in range(count)],
            [confidence] * count)


def reads_text(*groups) -> bool:
    """reads_as_text on these groups of read() candidates together, min_confidence 0.6."""
    return reads_as_text([c for cs, _ in groups for c in cs], np.array([v for _, vs in groups for v in vs]), 0.6)


def probabilities(confidences: list) -> np.ndarray:
    """Class probabilities whose largest is each of `confidences`."""
    return np.array([[value] + [(1 - value) / 9] * 9 for value in confidences])


def test_a_look_for_faint_writing_replaces_the_first_only_if_it_reads_more_and_no_page_of_text(onnx):
    recognizer = Recognizer(onnx)
    first_candidates, first_confidences = read(6, 0.99)
    first = (first_candidates, probabilities(first_confidences))
    more, more_confidences = read(9, 0.99)
    assert recognizer.reads_more(more, probabilities(more_confidences), *first)
    assert not recognizer.reads_more(more[:6], probabilities(more_confidences[:6]), *first)
    # more read, but among a backdrop's doubts on plain paper: a page of text, which reads nothing (a whole sheet of
    # faint digits read 6 -> 0 when the look was taken blindly)
    sure, doubted = read(12, 0.99), read(12, 0.3)
    assert not recognizer.reads_more(sure[0] + doubted[0], probabilities(sure[1] + doubted[1]), *first)
    # more read, but amid ink: the paper's grain in a photo's noisy corner, which the faint look picks up
    grain, grain_confidences = read(3, 0.99, clutter=0.25)
    assert not recognizer.reads_more(first_candidates + grain, probabilities(first_confidences + grain_confidences),
                                     *first)


def test_a_faint_look_does_not_read_a_noisy_corner_as_a_digit(onnx, real_photo):
    photo = real_photo("vinay0410_numbers2.jpg").astype(np.float32)  # pencil on grey paper, 1 to 9 in a column
    h, w = photo.shape[:2]
    shade = np.zeros((h, w), np.float32)
    cv2.fillPoly(shade, [np.array([[0, 0], [int(w * 0.55), 0], [int(w * 0.35), h], [0, h]])], 1)
    shaded = photo * (1 - 0.5 * cv2.GaussianBlur(shade, (0, 0), 3))[..., None]  # a shadow over the digits
    rows = Recognizer(onnx, smooth=False).process(np.clip(shaded, 0, 255).astype(np.uint8)).rows
    assert rows == "1 2 3 4 5 6 7 8 9".split()  # the faint look had read a blob in the top right corner: 12


def test_a_page_of_text_is_many_doubted_candidates_on_plain_paper():
    assert reads_text(read(10, 0.3), read(20, 0.9))
    assert not reads_text(read(9, 0.3))  # too few doubts
    assert not reads_text(read(10, 0.3), read(21, 0.9))  # under half the sure ones


def test_a_busy_backdrops_doubts_do_not_make_a_held_up_sheet_a_page_of_text():
    backdrop = [read(28, 0.3, roughness=0.1), read(5, 0.3, clutter=0.5)]  # grass, a cat's fur: not plain paper
    assert not reads_text(*backdrop, read(4, 0.9))
    assert reads_text(*backdrop, read(2, 0.3), read(4, 0.9))  # the sheet doubted too


def test_doubts_off_the_sheet_of_the_sure_digits_do_not_make_a_page_of_text():
    # a small sheet held up above a field whose tufts pass for plain paper: its digits sure, the tufts doubted
    sheet = [Candidate((200 + 20 * i, 100, 10, 20), None) for i in range(10)]
    field = [Candidate((150 + 40 * i, 300, 15, 15), None) for i in range(12)]
    assert not reads_as_text(sheet + field, np.array([0.99] * 10 + [0.2] * 12), 0.6)
    # the same doubts among the digits: letters between them
    letters = [Candidate((200 + 20 * i, 130, 10, 20), None) for i in range(12)]
    assert reads_as_text(sheet + letters, np.array([0.99] * 10 + [0.2] * 12), 0.6)
    # a sum's operators doubted among its digits, and the field's tufts: no page of text
    operators = [Candidate((210 + 40 * i, 100, 10, 20), None) for i in range(4)]
    assert not reads_as_text(sheet[::2] + operators + field, np.array([0.99] * 5 + [0.2] * 16), 0.6)
    # with under TEXT_SHEET sure ones (a column of marks on a picture) every doubt on plain paper counts
    assert reads_as_text(sheet[:4] + field, np.array([0.99] * 4 + [0.2] * 12), 0.6)


def test_a_page_of_dense_writing_is_text_though_a_few_of_its_candidates_are_sure_on_plain_paper():
    # a page of scribbled cursive at 1920x1080: 78 doubted and 53 sure amid the writing, 3 sure on plain paper
    writing = [read(80, 0.3, clutter=0.4), read(50, 0.9, clutter=0.4)]  # smooth paper, but ink all around
    assert reads_text(*writing, read(3, 0.9))
    assert not reads_text(*writing, read(20, 0.9))  # a fifth of the sure ones on plain paper: a sheet of digits
    assert not reads_text(read(80, 0.3, clutter=0.4, roughness=0.1), read(50, 0.9, clutter=0.4, roughness=0.1),
                          read(3, 0.9))  # amid a rough texture (fur, grass, gravel): a backdrop, not writing


def test_a_video_that_jumps_between_sheets_reads_each_frame_as_a_still(onnx, mnist_path):
    # tracking matched the old boxes to the other digits now in them and mixed in their probabilities (1 frame
    # of 20 read as a still before); nor may those mixed doubts make a frame a page of text
    video, still = Recognizer(onnx), Recognizer(onnx, smooth=False)
    alike = [sorted(d.digit for d in video.process(scene.image).detections)
             == sorted(d.digit for d in still.process(scene.image).detections)
             for scene in make_scenes("clean", 20, 5, data_dir=mnist_path)]
    assert sum(alike) >= 15


def test_a_sheet_of_small_digits_after_large_ones_is_read_in_full_at_once(onnx, mnist_path):
    # the frame after the change was analysed at the scale that suited the large digits: 5-27 of 38-59 read
    video, still = Recognizer(onnx), Recognizer(onnx, smooth=False)
    for large, small in zip(make_scenes("clean", 2, 5, heights=(60, 80), data_dir=mnist_path),
                            make_scenes("clean", 2, 6, heights=(16, 22), data_dir=mnist_path)):
        video.reset()
        video.process(large.image)
        assert len(video.process(small.image).detections) == len(still.process(small.image).detections)


def blank_graph_paper_scenes(maker: SceneMaker, count: int):
    """Sheets of graph paper with nothing written on them, filmed alternately as ruled and hard scenes."""
    for kind in ("ruled", "hard") * (count // 2):
        sheet = maker.sheet(kind, (560, 420))
        sheet.paper[:] = sheet.paper.mean((0, 1))  # no ink: just paper, and a grid
        sheet.labels[:] = 0
        step, drop = int(maker.rng.uniform(12, 24)), maker.rng.uniform(15, 60)
        colour = tuple((sheet.paper.mean((0, 1)) - drop * np.array((1.6, 0.8, 0.2))).tolist())
        for y in range(step, 420, step):
            cv2.line(sheet.paper, (0, y), (560, y), colour, 1)
        for x in range(step, 560, step):
            cv2.line(sheet.paper, (x, 0), (x, 420), colour, 1)
        yield maker.film(sheet, maker.sheet_pose((560, 420), (640, 480), kind), kind, (640, 480))


def test_blank_graph_paper_gives_almost_nothing(mnist_test_slice, onnx):
    recognizer = Recognizer(onnx, smooth=False)
    scenes = blank_graph_paper_scenes(SceneMaker(*mnist_test_slice, seed=1), 40)
    false_digits = sum(len(recognizer.process(scene.image).detections) for scene in scenes)
    # on 40 sheets: 20 when the least height was not counted in frame pixels at twice the size, 7 when noise
    # in a dark backdrop was measured against its own darkness
    assert false_digits <= 4


def test_a_dash_of_a_line_runs_on_and_a_written_one_ends():
    darkness = np.zeros((200, 100), np.uint8)
    darkness[:, 48:52] = 60         # a grid's faint line from top to bottom ...
    darkness[80:120, 48:52] = 120   # ... darker here: the dash the threshold kept
    assert line_runs_on((48, 80, 4, 40), darkness, 120)
    darkness[:80, 48:52] = darkness[120:, 48:52] = 0  # a written 1: paper above and below it
    assert not line_runs_on((48, 80, 4, 40), darkness, 120)
    darkness[:80, 48:52] = 60  # a line above it only (a 1 written under a line's end)
    assert not line_runs_on((48, 80, 4, 40), darkness, 120)


def test_blank_graph_paper_seen_close_gives_few_digits(onnx, real_photo):
    photo = real_photo("visionmath_13plus7_grid.jpg")[:, 950:]  # graph paper right of the 7: blank
    recognizer, false_digits = Recognizer(onnx, smooth=False), 0
    for top in (0, 200, 420):
        for left, width in ((0, 330), (0, 250), (80, 250)):
            piece = photo[top:top + width * 3 // 4, left:left + width]
            for side in (640, 1280):  # its squares 50-150 px: its lines 4-10 px thick, broken into dashes where faint
                recognizer.reset()
                frame = cv2.resize(piece, (side, side * 3 // 4), interpolation=cv2.INTER_LINEAR)
                false_digits += len(recognizer.process(frame).detections)
    assert false_digits <= 70  # of 18 frames: 54 (the crossings' 7s, dashes at the frame's edge); 119 when dashes were
                               # read as 1s


def test_over_exposed_blank_graph_paper_gives_almost_nothing(mnist_test_slice, onnx):
    recognizer = Recognizer(onnx, smooth=False)
    scenes = blank_graph_paper_scenes(SceneMaker(*mnist_test_slice, seed=2), 40)
    false_digits = sum(len(recognizer.process(over_exposed(scene.image)).detections) for scene in scenes)
    # the grid's pieces in a shadow, the rest burnt white: 2 false digits with a fixed ink contrast, 4 now, 28
    # when clear ink in a washed-out frame had to be 4 times the paper's grain, not 5
    assert false_digits <= 6


def graph_paper(width: int, height: int, step: int) -> np.ndarray:
    frame = np.full((height, width, 3), (228, 225, 222), np.uint8)
    for x in range(10, width, step):
        cv2.line(frame, (x, 0), (x, height - 1), (200, 165, 150), 2)  # light blue, 2 px
    for y in range(10, height, step):
        cv2.line(frame, (0, y), (width - 1, y), (200, 165, 150), 2)
    return frame


@pytest.mark.parametrize("segments, grid", [
    ([(0, 0, 100, 0), (0, 40, 100, 40), (20, -20, 20, 60), (60, -20, 60, 60)], True),  # a piece of graph paper
    ([(0, 0, 0, 60), (30, 0, 30, 60)], False),                        # a 0's sides: parallel, not crossed
    ([(0, 0, 30, 0), (0, 60, 30, 60), (0, 0, 0, 30)], False),         # a 5's bar and base, its stem between them
    ([(0, 0, 0, 40), (30, 0, 30, 70), (0, 40, 40, 40)], False),       # a 4: its bar starts at the first stroke
    ([(0, 0, 30, 0), (0, 30, 30, 30), (25, -15, 5, 45)], True)])      # two rulings and a line through both
def test_a_grid_is_told_from_the_parallel_strokes_of_a_character(segments, grid):
    assert is_grid(np.array(segments, np.float64), row_apart=12) is grid


def test_a_broken_steep_grid_line_is_erased_from_a_digit_it_runs_through():
    frame = np.full((480, 640, 3), (228, 225, 222), np.uint8)
    for y in range(10, 480, 22):
        cv2.line(frame, (0, y), (639, y), (200, 165, 150), 2)
    for x in range(10, 640, 22):
        for top in range(0, 480, 170):  # steep lines faded in places: pieces shorter than a long line
            cv2.line(frame, (x, top), (x, top + 110), (200, 165, 150), 2)
    cv2.ellipse(frame, (329, 240), (60, 100), 0, 0, 360, (150, 90, 60), 3)  # a 0 in blue pen across one
    ink = ink_masks(as_gray8(cv2.GaussianBlur(frame, (3, 3), 0)), DetectorConfig())
    _, _, stats, _ = clean_mask(ink.mask, ink.darkness)
    assert 200 <= stats[1:, 3].max() <= 210  # the 0 alone (it was 315 px tall with the line's pieces)

# digits on a sheet turned 6-12 degrees were read as they lie: a 7 with a short bar as a 1 (77777 -> 7777), a
# slash as a 1; turned upright for the network (detect.writing_angle) they read as written
@pytest.mark.parametrize("photo, angle", [("bikz05_photo_2.jpg", 6), ("bikz05_photo_2.jpg", 12),
                                          ("dkljajo_digits_and_operators.jpg", 6), ("dkljajo_digits_and_operators.jpg", 12)])
def test_digits_on_a_turned_sheet_are_read_upright(photo, angle, onnx, real_photo):
    written = {"bikz05_photo_2.jpg": ["12345", "6879", "88888", "66666", "77777"],
               "dkljajo_digits_and_operators.jpg": ["12345", "67890"]}[photo]
    assert Recognizer(onnx, smooth=False).process(turned(real_photo(photo), angle)).rows == written


@pytest.mark.parametrize("angle, scale", [(-6, 1.0), (3, 1.0), (6, 1.0), (-2, 1.5), (2, 1.5), (4, 1.5)])
def test_large_thin_pen_digits_on_a_faint_grid_turned_a_little_are_read(angle, scale, onnx, real_photo):
    # the grid, turned, breaks into dashes (no long piece to find it by) whose pieces joined to the digits were
    # kept as their strokes: read as 7 / 41, 4177, 7, 117, 4177, 7 (at 0 degrees: 137)
    photo = cv2.resize(real_photo("visionmath_13plus7_grid.jpg"), None, fx=scale, fy=scale)
    assert Recognizer(onnx, smooth=False).process(turned(photo, angle)).rows == ["137"]


def dot_grid_printed(photo: np.ndarray, darker: float) -> np.ndarray:
    """The photo with a dot grid printed on it: dots 1/6 of their spacing wide, 1/25 of the height apart, the ink
    at `darker` of the paper's brightness."""
    h, w = photo.shape[:2]
    step = max(12, h // 25)
    dots = np.zeros((h, w), np.float32)
    for y in range(step // 2, h, step):
        for x in range(step // 2, w, step):
            cv2.circle(dots, (x, y), max(1, step // 12), 1.0, -1)
    dots = cv2.GaussianBlur(dots, (0, 0), 0.7)[..., None]
    return np.clip(photo * (1 - (1 - darker) * dots), 0, 255).astype(np.uint8)


def dot_lattice(step: int, radius: int, spared=None) -> np.ndarray:
    """A 480x640 mask of dots `radius` px, `step` px apart (the first half a step in), but none inside `spared`
    (left, top, right, bottom)."""
    mask = np.zeros((480, 640), np.uint8)
    for y in range(step // 2, 480, step):
        for x in range(step // 2, 640, step):
            if spared is None or not (spared[0] <= x <= spared[2] and spared[1] <= y <= spared[3]):
                cv2.circle(mask, (x, y), radius, 255, -1)
    return mask


def test_a_dot_grids_dots_are_found_and_specks_strewn_at_random_are_not():
    mask = dot_lattice(20, 2)
    cv2.putText(mask, "42", (200, 300), cv2.FONT_HERSHEY_SIMPLEX, 4, 255, 6)
    labels, stats = components(mask)
    dots = set(grid_dots(stats, 10).tolist())
    heights = stats[:, cv2.CC_STAT_HEIGHT]
    assert len(dots) >= 700 and all(heights[label] <= 7 for label in dots)
    assert sum(heights >= 50) >= 2 and not dots & set(np.flatnonzero(heights >= 50).tolist())  # the digits stay
    rng = np.random.default_rng(3)
    specks = np.zeros_like(mask)
    for x, y in rng.integers(5, 475, (700, 2)):
        cv2.circle(specks, (int(x * 640 / 480), int(y)), 2, 255, -1)
    assert len(grid_dots(components(specks)[1], 10)) == 0
    assert len(grid_dots(stats, 12)) == 0  # dots under half the smallest digit's height: specks, left to other filters


def test_marks_far_from_a_grids_dots_are_no_dots_joined_with_grain():
    # a polka-dot shirt or a shelf's lettering around a held-up sheet: its small digits, within three dots' sizes,
    # are erased only near the dots, not on the sheet beyond them
    mask = dot_lattice(20, 2, spared=(150, 130, 490, 350))  # none on the sheet
    cv2.putText(mask, "7", (300, 250), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 255, 1)   # 10 px tall, on the sheet
    cv2.putText(mask, "7", (80, 250), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 255, 1)    # amid the dots
    labels, stats = components(mask)
    dots = grid_dots(stats, 10)
    on_sheet, amid = labels[245, 300:312].max(), labels[245, 80:92].max()
    assert on_sheet > 0 and amid > 0
    assert len(dots) >= 400 and amid in dots and on_sheet not in dots


def test_a_dense_dot_patterns_dots_are_erased_but_nothing_near_them():
    # a polka-dot shirt or a plaid's squares (dots 2 of their size apart) beside a held-up sheet's digit
    mask = dot_lattice(24, 6)
    mask[214:266, 286:338] = 0  # four dots cleared
    cv2.putText(mask, "7", (296, 258), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 255, 3)  # 26 px tall, 20 px from a dot
    labels, stats = components(mask)
    dots, digit = set(grid_dots(stats, 10).tolist()), labels[250, 296:320].max()
    assert digit > 0 and len(dots) >= 400 and digit not in dots


@pytest.mark.parametrize("darker", [0.7, 0.5])
def test_digits_in_pencil_on_dot_grid_paper_are_read(darker, onnx, real_photo):
    # the dots (13 of the 22 regions) made the digits look small: analysed at twice the size, the frame's grain
    # filled the cap of candidates and it was read as a page of text (nothing read)
    photo = dot_grid_printed(real_photo("vinay0410_numbers2.jpg"), darker)
    assert Recognizer(onnx, smooth=False).process(photo).rows == list("123456789")


def test_pen_running_along_a_light_grid_line_survives_the_grid_removal():
    frame = graph_paper(640, 480, 22)
    cv2.line(frame, (253, 120), (253, 300), (150, 90, 60), 2)  # a blue stroke, 181 px, along the line at x = 252
    ink = ink_masks(as_gray8(cv2.GaussianBlur(frame, (3, 3), 0)), DetectorConfig())
    faint, darkness = ink.mask, ink.darkness
    heights = {}
    for kept, lines_darkness in (("pen kept", darkness), ("pen cut", None)):
        _, _, stats, _ = clean_mask(faint, lines_darkness)
        heights[kept] = sorted(stats[1:, 3].tolist())
    assert heights["pen kept"][-1] >= 178 and heights["pen kept"][-2] <= 6  # the pen whole, of the grid only specks
    assert heights["pen cut"][-1] <= 6                                     # without the darkness: the pen goes too


def test_a_margin_drawn_down_ruled_paper_darker_than_its_lines_is_erased_though_pen_along_them_is_not():
    frame = graph_paper(640, 480, 22)
    cv2.line(frame, (55, 0), (55, 479), (90, 80, 215), 2)       # a red margin, darker than the light blue lines
    cv2.line(frame, (253, 120), (253, 300), (150, 90, 60), 2)  # a blue stroke along the line at x = 252
    ink = ink_masks(as_gray8(cv2.GaussianBlur(frame, (3, 3), 0)), DetectorConfig())
    _, _, stats, _ = clean_mask(ink.mask, ink.darkness)
    tall = stats[1:][stats[1:, 3] > 6]
    assert tall[:, 3].tolist() and all(abs(x + w / 2 - 253) <= 3 for x, _, w, *_ in tall.tolist())  # the pen only


def notebook_lines(photo: np.ndarray, step: int) -> np.ndarray:
    """The photo as if written on a notebook's page: light blue rules `step` px apart and a red margin line near its
    left edge, printed on the paper (darkening it by their colour)."""
    h, w = photo.shape[:2]
    rules, margin = np.zeros((h, w), np.float32), np.zeros((h, w), np.float32)
    for y in range(0, h, step):
        cv2.line(rules, (0, y), (w, y), 0.35, 2)
    cv2.line(margin, (int(0.08 * w), 0), (int(0.08 * w), h), 0.5, 3)
    paper = photo.astype(np.float32)
    for share, colour in ((rules, (235, 190, 150)), (margin, (90, 80, 220))):
        share = cv2.GaussianBlur(share, (0, 0), 0.8)[..., None]
        paper = paper * (1 - share) + share * np.array(colour) * paper / 255
    return np.clip(paper, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("rules_apart", [0.065, 0.08, 0.1])
def test_a_notebooks_margin_darker_than_its_rules_gives_no_digits(rules_apart, onnx, real_photo):
    # the margin, darker than the rules, was kept as a pen's stroke: a piece of it between rules read as a 1
    photo = real_photo("visionmath_13plus7_grid.jpg")
    page = notebook_lines(photo, int(rules_apart * photo.shape[0]))
    assert Recognizer(onnx, smooth=False).process(page).rows == ["137"]


def underlined(photo: np.ndarray, boxes: list) -> np.ndarray:
    """The photo with a line drawn under each row of these digit boxes, touching their feet, in the photo's darkest
    colour, 0.06 of their height thick (a row: boxes whose centres lie within half a height of the last one's)."""
    out, rows = photo.copy(), []
    ink = tuple(int(v) for v in np.percentile(photo.reshape(-1, 3), 1, axis=0))
    for box in sorted(boxes, key=lambda b: b[1] + b[3] / 2):
        if rows and abs((box[1] + box[3] / 2) - (rows[-1][-1][1] + rows[-1][-1][3] / 2)) < 0.5 * box[3]:
            rows[-1].append(box)
        else:
            rows.append([box])
    for row in rows:
        bottom, height = int(np.median([y + h for _, y, _, h in row])), float(np.median([h for *_, h in row]))
        left, right = min(x for x, *_ in row), max(x + w for x, _, w, _ in row)
        cv2.line(out, (left, bottom), (right, bottom), ink, max(2, int(0.06 * height)), cv2.LINE_AA)
    return out


@pytest.mark.parametrize("photo", ["vinay0410_numbers.jpg", "dkljajo_digits_and_operators.jpg", "bikz05_photo_2.jpg",
                                   "visionmath_medium1_all_digits_ops.jpg"])
def test_digits_with_a_line_drawn_under_them_touching_their_feet_are_read(photo, onnx, real_photo):
    # drawn with the pen, the line is too thick to be erased as a ruling: it joined each row into one region, read
    # as a word (5 rows: a page of text, nothing read) or cut into digits with a bar at their feet (7 read as 2)
    recognizer = Recognizer(onnx, smooth=False)
    image = real_photo(photo)
    written = recognizer.process(image)
    assert recognizer.process(underlined(image, [d.box for d in written.detections])).rows == written.rows


def test_a_line_drawn_under_a_regions_digits_is_cleared_and_nothing_else():
    region = np.zeros((60, 200), np.uint8)
    cv2.rectangle(region, (10, 5), (40, 50), 255, 3)      # two digit-like strokes ...
    cv2.line(region, (100, 5), (100, 50), 255, 3)
    plain = region.copy()
    region[52:57] = 255                                   # ... on a line drawn under them
    cleared = without_underline(region)
    assert cv2.countNonZero(cleared[51:58]) == 0 and np.array_equal(cleared[:50], plain[:50])
    assert without_underline(plain) is plain


def thin_pen_digits() -> np.ndarray:
    """A 1 with a long flag and a base, and a crossed 7, 250 px tall in a 2 px pen on graph paper (their boxes
    are only 6% ink: as in a real phone photo of ballpoint digits), 1280x720."""
    frame, h, top, pen = graph_paper(1280, 720, 44), 250, 235, (140, 90, 60)
    cv2.polylines(frame, [np.array([(58, top + h // 2), (151, top), (151, top + h)])], False, pen, 2, cv2.LINE_AA)
    cv2.line(frame, (78, top + h), (203, top + h), pen, 2, cv2.LINE_AA)
    cv2.polylines(frame, [np.array([(600, top), (725, top), (641, top + h)])], False, pen, 2, cv2.LINE_AA)
    cv2.line(frame, (631, top + h // 2), (725, top + h // 2), pen, 2, cv2.LINE_AA)
    return cv2.GaussianBlur(frame, (3, 3), 0)


def test_large_digits_in_thin_pen_are_found(onnx):
    assert Recognizer(onnx, smooth=False).process(thin_pen_digits()).rows == ["17"]


def test_ballpoint_scenes_redraw_digits_as_a_thin_line(maker):
    for index in range(5):
        inked = [(maker.digit_alpha(index, 100, False, width) > 0.5).astype(np.uint8) * 255 for width in (0, 2)]
        assert stroke_thickness(inked[0]) > 8 and 1.5 <= stroke_thickness(inked[1]) <= 3.5
        assert inked[1].any(axis=1).sum() >= 85  # the line spans the digit, less half its strokes top and bottom


def portrait() -> np.ndarray:
    path = sample_portrait()
    if path is None:
        pytest.skip("matplotlib's sample portrait is not installed")
    return cv2.imread(path)


def test_a_sheet_held_up_in_front_of_a_person_is_read_and_the_person_is_not(mnist_path, onnx):
    recognizer, score = Recognizer(onnx, smooth=False), Score()
    for scene in make_held_up_scenes(portrait(), 6, seed=21, data_dir=mnist_path):
        score.add(recognizer.process(scene.image).detections, scene.boxes, scene.digits)
    # these 6: 98.8% / 98.8% (precision 84.5% before the paper around a digit had to be bright and even, 95.1%
    # before it had to be grey or the other digits' colour); 20: 99.0 / 99.3%
    assert score.truths > 60 and score.recall >= 0.95 and score.precision >= 0.96


def test_a_small_sheet_on_a_grained_wooden_desk_is_read(maker, onnx):
    recognizer = Recognizer(onnx, smooth=False)
    for seed in range(8):
        rng = np.random.default_rng(seed)
        grain = cv2.resize(rng.normal(0, 1, (45, 6)).astype(np.float32), (1280, 720))
        frame = np.dstack([30 + 12 * grain, 50 + 18 * grain, 80 + 25 * grain]).clip(0, 255)  # the desk's streaks
        frame[220:500, 420:860] = (205, 210, 212)                                             # a small sheet
        digits = []
        for k, index in enumerate(rng.integers(0, len(maker.labels), 5)):
            alpha = maker.digit_alpha(int(index), 40, thin=False, ballpoint=2)
            h, w = alpha.shape
            frame[340:340 + h, 460 + 70 * k:460 + 70 * k + w] *= 1 - 0.8 * alpha[..., None]
            digits.append(int(maker.labels[index]))
        frame = np.clip(frame + rng.normal(0, 3, frame.shape), 0, 255).astype(np.uint8)
        read = [d.digit for d in recognizer.process(frame).detections]
        # every digit read is one written (nothing on the desk), and the sheet is read: 2 of 8 sheets were not
        # when the desk's streaks counted as words (a page of text) and its brown passed for paper (a digit
        # the network doubts may be left out: 4 of these 40 with the networks trained on flagged 1s, 0 before)
        assert not Counter(read) - Counter(digits) and len(read) >= 4


def test_a_sheet_in_the_shade_beside_a_bright_window_is_read(onnx, mnist_path):
    scene = make_scenes("clean", 1, seed=3, data_dir=mnist_path)[0]
    frame = (scene.image * 0.33).astype(np.uint8)   # the sheet in the shade ...
    frame[:, 440:] = 255                            # ... beside a window (a third of the view)
    found = Recognizer(onnx, smooth=False).process(frame).detections
    inside = [(box, digit) for box, digit in zip(scene.boxes, scene.digits) if box[0] + box[2] < 430]
    score = Score()
    score.add([d for d in found if d.box[0] + d.box[2] < 430], [b for b, _ in inside], [d for _, d in inside])
    # 0% when the paper had to be 0.35 of the frame's bright 90th percentile (the window)
    assert score.truths > 15 and score.recall >= 0.9 and score.precision >= 0.9


def test_a_big_digit_on_a_small_note_on_a_dark_desk_is_read(onnx, mnist_test_slice):
    writer, labels = SceneMaker(*mnist_test_slice, seed=0), mnist_test_slice[1]
    recognizer, read = Recognizer(onnx, smooth=False), 0
    for index in range(10):
        h = 100
        glyph = writer.digit_alpha(index, h, thin=False)
        frame = np.full((480, 640), 60, np.float32)                              # a dark desk
        frame[170:170 + h + 40, 250:250 + glyph.shape[1] + 40] = 230              # a note, 20 px around the digit
        frame[190:190 + h, 270:270 + glyph.shape[1]] *= 1 - 0.85 * glyph
        found = recognizer.process(cv2.GaussianBlur(frame.astype(np.uint8), (3, 3), 0)).detections
        read += [d.digit for d in found] == [int(labels[index])]
    assert read >= 9  # none when the paper was looked at half the digit's height around it (the desk's edge)


@pytest.mark.parametrize("outline", ["box", "circle"])
def test_a_box_or_circle_drawn_around_a_number_is_not_read(outline, onnx, mnist_test_slice):
    writer, labels = SceneMaker(*mnist_test_slice, seed=0), mnist_test_slice[1]
    recognizer, exact = Recognizer(onnx, smooth=False), 0
    for start in range(0, 30, 3):
        frame, x, written = np.full((480, 640), 228, np.float32), 200, ""
        for index in range(start, start + 3):
            glyph = writer.digit_alpha(index, 45, thin=False)
            frame[200:245, x:x + glyph.shape[1]] *= 1 - 0.85 * glyph
            x, written = x + glyph.shape[1] + 10, written + str(labels[index])
        if outline == "box":
            cv2.rectangle(frame, (185, 185), (x + 5, 260), 50, 2, cv2.LINE_AA)
        else:
            cv2.ellipse(frame, ((200 + x) // 2, 222), ((x - 200) // 2 + 25, 48), 0, 0, 360, 50, 2, cv2.LINE_AA)
        exact += recognizer.process(cv2.GaussianBlur(frame.astype(np.uint8), (3, 3), 0)).rows == [written]
    assert exact >= 7  # 0 and 2 of 10 when an outline was a digit (or split into 1s)


@pytest.mark.parametrize("form", ["boxes touching", "joined boxes"])
def test_digits_written_in_boxes_touching_them_are_read(form, onnx, mnist_test_slice):
    # a box touching its digit made one region with it: read as one wrong digit, or nothing; a form's boxes joined
    # in a row gave their walls as 1s
    writer, labels = SceneMaker(*mnist_test_slice, seed=1), mnist_test_slice[1]
    recognizer, exact = Recognizer(onnx, smooth=False), 0
    for start in range(0, 30, 3):
        frame, x, written, walls, tops = np.full((480, 640), 228, np.float32), 200, "", [185], []
        for index in range(start, start + 3):
            glyph = writer.digit_alpha(index, 45, thin=False)
            frame[200:245, x:x + glyph.shape[1]] *= 1 - 0.85 * glyph
            tops.append(200 + int(np.argmax(glyph.max(axis=1) > 0.5)))
            if form == "boxes touching":  # the box's top on the digit's top
                cv2.rectangle(frame, (x - 6, tops[-1]), (x + glyph.shape[1] + 5, 255), 50, 2, cv2.LINE_AA)
            x, written = x + glyph.shape[1] + (30 if form == "boxes touching" else 16), written + str(labels[index])
            walls.append(x - 8)
        if form == "joined boxes":  # their top on the tallest digit's top
            cv2.rectangle(frame, (walls[0], min(tops)), (walls[-1], 257), 50, 2, cv2.LINE_AA)
            for wall in walls[1:-1]:
                cv2.line(frame, (wall, min(tops)), (wall, 257), 50, 2, cv2.LINE_AA)
        exact += recognizer.process(cv2.GaussianBlur(frame.astype(np.uint8), (3, 3), 0)).rows == [written]
    assert exact >= 7


def test_a_one_pixel_wide_mark_at_the_frames_edge_is_cleaned_like_any_other():
    mask = np.zeros((120, 160), np.uint8)
    mask[40:80, 159] = 255  # a line one pixel wide along the right edge (the quick look at its sides ran off the frame)
    mask[10:30, 0] = 255
    assert clean_mask(mask, None, 10)[0].shape == (120, 160)


@settings(max_examples=60, deadline=None)
@given(st.integers(12, 300), st.integers(12, 300), st.integers(0, 2**32 - 1))
def test_marks_anywhere_even_over_the_edges_erase_only_their_own_pixels(height, width, seed):
    rng = np.random.default_rng(seed)
    mask = np.zeros((height, width), np.uint8)
    for _ in range(int(rng.integers(1, 12))):
        a, b = rng.integers(-10, max(height, width) + 10, (2, 2)).tolist()
        thickness = int(rng.integers(1, 5))
        edge = int(rng.choice([0, -1]))  # a one-pixel line along the frame's first or last column
        [lambda: cv2.rectangle(mask, a, b, 255, thickness), lambda: cv2.line(mask, a, b, 255, thickness),
         lambda: cv2.circle(mask, a, int(rng.integers(2, 60)), 255, thickness),
         lambda: mask[min(a[1], b[1]) % height:max(a[1], b[1]) % height + 11, edge].fill(255)][int(rng.integers(0, 4))]()
    labels, stats = components(mask)
    for label, erased in outlines(labels, stats, 10):
        x, y, w, h = stats[label, :4]
        assert erased.shape == (h, w) and not (erased.astype(bool) & (labels[y:y + h, x:x + w] != label)).any()
    assert clean_mask(mask, None, 10)[0].shape == (height, width)


def test_a_0_with_a_stroke_inside_and_an_8_are_no_boxes_drawn_around_digits():
    mask = np.zeros((200, 300), np.uint8)
    cv2.ellipse(mask, (70, 100), (35, 50), 0, 0, 360, 255, 5)        # a 0 ...
    cv2.line(mask, (50, 70), (55, 140), 255, 5)                       # ... with a stroke inside touching it
    cv2.circle(mask, (200, 70), 28, 255, 5)                           # an 8
    cv2.circle(mask, (200, 128), 32, 255, 5)
    cv2.line(mask, (185, 95), (215, 150), 255, 5)
    alone = clean_mask(mask.copy())[0]
    cv2.rectangle(mask, (20, 10), (280, 190), 255, 3)                 # a box drawn around them
    cleaned = clean_mask(mask)[0]
    assert cleaned[10, 150] == 0 and cleaned[190, 150] == 0           # the box went
    assert (cleaned[30:170, 35:240] == alone[30:170, 35:240]).all()   # the 0 and the 8 stayed whole


def test_a_line_of_small_doubted_marks_beside_larger_digits_is_words_but_a_sum_is_not():
    letters = [(20 + 30 * i, 20, 20, 30) for i in range(12)]   # small, most doubted
    digits = [(20 + 70 * i, 100, 50, 80) for i in range(5)]    # large, sure
    sum_line = [(20 + 70 * i, 220, 50, 80) for i in range(5)]  # 3 + 4 = 7: its operators doubted
    confidences = np.array([0.2] * 8 + [0.9] * 4 + [0.95] * 5 + [0.9, 0.2, 0.9, 0.2, 0.9])
    words = text_lines(letters + digits + sum_line, confidences, 0.6, [True] * 22)
    assert words == [True] * 12 + [False] * 10
    assert text_lines(letters, confidences[:12], 0.6, [True] * 12) == [False] * 12  # letters alone: the text rules'
    assert text_lines(letters + digits, confidences[:17], 0.6, [False] * 12 + [True] * 5) == [False] * 17  # a backdrop


def test_digits_on_the_sheet_are_no_words_beside_a_backdrops_larger_sure_marks():
    # a sheet held up before coins: its row runs on into the backdrop's doubted bits at its level, and the coins'
    # outlines below, read surely as 0s and 8s, are taller; words are measured against digits on the paper
    row = [(100 + 30 * i, 100, 20, 30) for i in range(5)]         # the sheet's digits, sure, on smooth paper
    bits = [(250 + 30 * i, 100, 20, 30) for i in range(5)]        # the backdrop's, doubted, rough
    coins = [(100 + 100 * i, 300, 80, 80) for i in range(3)]      # sure, rough
    confidences = np.array([0.95] * 5 + [0.2] * 5 + [0.9] * 3)
    assert text_lines(row + bits + coins, confidences, 0.6, [True] * 5 + [False] * 8) == [False] * 13


def test_a_printed_instruction_above_handwritten_digits_is_not_read(onnx, mnist_test_slice):
    # its letters, a line of small marks the network mostly doubts, made the frame a page of text: nothing was read
    writer, labels = SceneMaker(*mnist_test_slice, seed=2), mnist_test_slice[1]
    recognizer, exact = Recognizer(onnx, smooth=False), 0
    for start in range(0, 40, 4):
        frame, x, written = np.full((768, 1024), 226, np.uint8), 120, ""
        cv2.putText(frame, "Write the answer below:", (40, 270), cv2.FONT_HERSHEY_SIMPLEX, 1.8, 40, 3, cv2.LINE_AA)
        frame = frame.astype(np.float32)
        for index in range(start, start + 4):
            glyph = writer.digit_alpha(index, 100, thin=False)
            frame[320:420, x:x + glyph.shape[1]] *= 1 - 0.85 * glyph
            x, written = x + glyph.shape[1] + 25, written + str(labels[index])
        exact += recognizer.process(cv2.GaussianBlur(frame.astype(np.uint8), (3, 3), 0)).rows == [written]
    assert exact >= 8


def test_noise_and_paper_edges_are_rejected(onnx):
    rng = np.random.default_rng(0)
    frame = np.full((480, 640, 3), 60, np.uint8)
    cv2.rectangle(frame, (100, 80), (540, 400), (235, 235, 235), -1)  # a sheet, edges in view
    frame = np.clip(frame + rng.normal(0, 6, frame.shape), 0, 255).astype(np.uint8)
    assert Recognizer(onnx).process(frame).detections == []


def test_a_digit_joined_to_a_line_running_to_the_frame_edge_is_cut_free():
    frame = np.full((240, 320), 225, np.uint8)
    for x, digit in zip((30, 70, 110), "741"):
        cv2.putText(frame, digit, (x, 150), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 40, 3)
    ys, xs = np.nonzero(frame[:, 30:65] < 100)
    bottom, stem = ys.max(), xs[ys == ys.max()].min() + 30
    cv2.line(frame, (0, int(bottom)), (int(stem), int(bottom)), 120, 1)  # a broken ruling's piece, from the edge
    candidates, _ = detect(cv2.GaussianBlur(frame, (3, 3), 0))
    seven = [c.box for c in candidates if c.box[0] < 60]
    assert len(candidates) == 3 and len(seven) == 1 and 28 <= seven[0][0] <= 33 and seven[0][2] < 25


def touching_pair(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Two MNIST digits written touching (the second's first ink column on the first's last), 56 px tall, dark on a
    160x260 sheet."""
    overlap = np.flatnonzero(first.max(axis=0))[-1] - np.flatnonzero(second.max(axis=0))[0]
    pair = np.zeros((28, 80), np.uint8)
    pair[:, :28] = first
    pair[:, overlap:overlap + 28] = np.maximum(pair[:, overlap:overlap + 28], second)  # strokes touch
    frame = np.full((160, 260), 225, np.float32)
    frame[40:96, 40:200] -= 0.7 * cv2.resize(pair, None, fx=2, fy=2, interpolation=cv2.INTER_LINEAR)
    return frame.astype(np.uint8)


def test_two_digits_written_touching_are_read_as_two(onnx, mnist_test_slice):
    images, labels = mnist_test_slice
    recognizer = Recognizer(onnx, smooth=False)
    right = 0
    for i in range(0, 200, 2):
        read = sorted(recognizer.process(touching_pair(images[i], images[i + 1])).detections, key=lambda d: d.box[0])
        right += [d.digit for d in read] == [labels[i], labels[i + 1]]
    assert right >= 66  # of 100 pairs; 76 (58 with one cut at the thinnest column; read as one region only, 21)


@pytest.mark.parametrize("first", [10, 26, 54, 170])  # 0 6, 7 4 and 6 0 read as nothing, 4 7 as 1 7 before
def test_touching_digits_are_cut_where_the_network_reads_both(first, onnx, mnist_test_slice):
    images, labels = mnist_test_slice  # the thinnest column runs through the 0's or the 4's loop
    frame = touching_pair(images[first], images[first + 1])
    read = sorted(Recognizer(onnx, smooth=False).process(frame).detections, key=lambda d: d.box[0])
    assert [d.digit for d in read] == [labels[first], labels[first + 1]]


def test_the_surest_of_the_ways_to_cut_a_region_sure_of_both_pieces_is_chosen():
    def read(*pairs):  # (digit, confidence) per piece, two per way
        probs = np.full((len(pairs), 10), 0.0)
        for row, (digit, confidence) in enumerate(pairs):
            probs[row] = (1 - confidence) / 9
            probs[row, digit] = confidence
        return probs
    confidences = np.array([0.3, 0.4, 0.995, 0.995, 0.2])  # region 0, region 1 and the pieces its necks part it into
    ways = read((4, 0.99), (7, 0.995), (1, 0.97), (7, 0.99),   # region 0: two ways, the first surer
                (2, 0.99), (3, 0.99),                          # region 1: sure, but not surer than its necks' pieces
                (1, 0.99), (1, 0.99),                          # region 4: two 1s (a zigzag)
                )
    assert best_cuts([0, 1, 4], [2, 1, 1], ways, confidences, {1: [2, 3]}) == {0: 0}
    assert best_cuts([0], [2], read((4, 0.96), (7, 0.99), (1, 0.5), (7, 0.99)), confidences, {}) == {}
    assert best_cuts([0], [2], read((6, 1.0), (5, 0.965), (6, 0.98), (5, 0.98)), confidences, {}) == {0: 2}


def test_the_pieces_of_touching_digits_read_per_frame_are_capped():
    blank = np.zeros((28, 28), np.uint8)
    cuttable = Candidate((0, 0, 30, 30), blank, cut_in_two=lambda index: [[Candidate((0, 0, 15, 30), blank, index),
                                                                       Candidate((15, 0, 15, 30), blank, index)]] * 6)
    sure = [Candidate((40 * k, 100, 20, 30), blank) for k in range(100)]
    candidates = sure + [cuttable] * 40  # 40 doubted regions with six ways each: 480 pieces
    backend = Recording(np.eye(10)[3])
    recognizer = Recognizer(backend, smooth=False)
    probs = np.concatenate([np.repeat(np.eye(10)[[5]], 100, axis=0), np.full((40, 10), 0.1)])
    recognizer.with_touching_pieces(candidates, np.zeros((140, 28, 28), np.uint8), probs)
    assert len(backend.given) == 1 and 0 < len(backend.given[0]) <= recognizer.detector.max_candidates


@pytest.mark.parametrize("first", [40, 88, 114, 178])  # a 1 and a 7, a 6 and a 1, a 7 and a 4, a 1 and an 8
def test_narrow_digits_written_touching_are_read_as_two(first, onnx, mnist_test_slice):
    images, labels = mnist_test_slice
    frame = touching_pair(images[first], images[first + 1])  # together no wider than tall: never split before
    read = sorted(Recognizer(onnx, smooth=False).process(frame).detections, key=lambda d: d.box[0])
    assert [d.digit for d in read] == [labels[first], labels[first + 1]]


def test_a_squiggle_is_not_cut_into_two_ones(onnx, mnist_path):
    scene = make_scenes("ruled", 6, 7, data_dir=mnist_path)[5]  # a pen's squiggle (a tilde) at x 187-214, y 246-272
    found = Recognizer(onnx, smooth=False).process(scene.image).detections
    assert not [d for d in found if 180 <= d.box[0] + d.box[2] / 2 <= 220 and 240 <= d.box[1] + d.box[3] / 2 <= 280]


def test_digits_touching_broadly_in_a_small_photo_are_cut_apart(onnx, real_photo):
    photo = real_photo("nidhi-barhate_webcam_capture.jpg")  # 4285 in a thick marker, the 8 nearly touching
    small = cv2.resize(photo, None, fx=0.2, fy=0.2, interpolation=cv2.INTER_AREA)  # digits 23 px tall
    frame = centred(small, np.median(small.reshape(-1, 3), axis=0))
    # the 8 and 5 joined with no neck between them were read as one region, a 7 at 0.1: `42`
    assert Recognizer(onnx, smooth=False).process(frame).rows == ["4285"]


def test_a_digit_written_wide_is_read_whole(onnx, mnist_test_slice):
    images, labels = mnist_test_slice
    recognizer = Recognizer(onnx, smooth=False)
    right = tried = 0
    for image, label in zip(images[:200], labels[:200]):
        ys, xs = np.nonzero(image > 40)
        ink = image[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
        if ink.shape[1] < 0.5 * ink.shape[0]:
            continue  # a 1 written wide is no 1
        frame = np.full((120, 200), 225, np.float32)
        frame[35:85, 50:145] -= 0.7 * cv2.resize(ink, (95, 50), interpolation=cv2.INTER_LINEAR)  # 1.9 heights wide
        tried += 1
        right += [d.digit for d in recognizer.process(frame.astype(np.uint8)).detections] == [label]
    assert right >= 38  # of 174 (65; 67 before regions 1.3 heights wide were cut without a neck); 28 when regions
                        # wider than 1.6 heights were only ever split


def test_a_wide_region_is_read_whole_unless_the_network_is_surer_of_its_pieces():
    whole, left, right = Candidate((0, 0, 40, 30), None), Candidate((0, 0, 20, 30), None, 0), Candidate((20, 0, 20, 30), None, 0)
    other = Candidate((100, 0, 20, 30), None)
    candidates = [whole, other, left, right]
    assert better_readings(candidates, np.array([0.5, 0.9, 0.97, 0.95])) == [1, 2, 3]
    assert better_readings(candidates, np.array([0.96, 0.9, 0.97, 0.95])) == [0, 1]
    assert better_readings(candidates, np.array([0.5, 0.9, 0.97, 0.6])) == [0, 1]


def regions_at(*boxes) -> list:
    """(box, region) pairs of these boxes, as regions() gives them (the masks do not matter to broken_across)."""
    return [(box, None) for box in boxes]


def test_two_short_regions_one_above_the_other_as_tall_as_a_digit_may_be_its_halves():
    digits = [(0, 0, 40, 100), (200, 0, 40, 100), (300, 0, 40, 100)]
    upper, lower = (100, 0, 50, 35), (102, 40, 48, 62)  # a 3 parted at its cusp: 35 + 5 + 62 px
    assert broken_across(regions_at(*digits, lower, upper)) == [(4, 3)]
    assert broken_across(regions_at(*digits, (100, 0, 50, 35), (160, 40, 48, 62))) == []  # side by side
    assert broken_across(regions_at(*digits, (100, 0, 50, 35), (102, 60, 48, 62))) == []  # too far apart
    assert broken_across(regions_at(*digits, (100, 0, 50, 30), (102, 35, 48, 30))) == []  # together too short
    # the arcs' ends meeting at the cusp: their rows overlap a little (not much: halves lie one above the other)
    assert broken_across(regions_at(*digits, (102, 46, 48, 54), (100, 0, 50, 48))) == [(4, 3)]
    assert broken_across(regions_at(*digits, (102, 30, 48, 60), (100, 0, 50, 48))) == []
    column = [(100, 0, 40, 100), (100, 110, 40, 100), (200, 0, 40, 100)]  # digits written one per line
    assert broken_across(regions_at(*column)) == []
    # `13 + 7` in a thin pen: the 3's halves, the plus and a speck are most of the regions (upper quartile: a half)
    plus, speck = (400, 40, 40, 35), (500, 10, 10, 20)
    assert broken_across(regions_at(digits[0], digits[1], lower, upper, plus, speck)) == [(3, 2)]


def a_three_parted_at_its_cusp(upper_grey: int) -> np.ndarray:
    """Four 1s in a dark pen and a 3 whose upper arc (this grey on paper at 220) is parted from its lower arc (160)."""
    frame = np.full((200, 260), 220, np.uint8)
    for x in (20, 60, 100, 210):
        cv2.line(frame, (x, 70), (x, 130), 40, 4)
    cv2.ellipse(frame, (155, 84), (14, 13), 0, -160, 90, upper_grey, 3)
    cv2.ellipse(frame, (155, 116), (15, 14), 0, -90, 160, 160, 3)
    return frame


def test_a_faint_piece_of_a_digit_broken_across_counts_with_its_clearer_piece():
    # the upper arc is too light to hold clear ink of its own (alone it was dropped, and the 3 read from its lower arc)
    candidates, _ = detect(a_three_parted_at_its_cusp(190))
    boxes = [c.box for c in candidates if 130 < c.box[0] < 200]
    assert any(abs(y - 70) <= 2 and abs(y + h - 133) <= 2 for _, y, _, h in boxes)  # the whole 3 is read too
    candidates, _ = detect(a_three_parted_at_its_cusp(200))  # an arc too light to be ink at all is not joined
    assert [c.box[1] for c in candidates if 130 < c.box[0] < 200] == [100]


def test_wide_regions_count_as_words_only_on_paper_as_smooth_as_the_letters():
    # a held-up sheet's 8 and 5 written touching (a wide region) are no word, but a backdrop's wide things beside the
    # sheet were counted as words with it, and words are not cut into digits: the 8 and 5 were lost
    rng = np.random.default_rng(0)
    paper = np.full((240, 480), 200, np.uint8)  # the sheet's paper, and a cloth's folds to its right
    folds = cv2.resize(rng.normal(0, 40, (30, 30)).astype(np.float32), (240, 240), interpolation=cv2.INTER_CUBIC)
    paper[:, 240:] = np.clip(170 + folds, 0, 255).astype(np.uint8)
    letters = [((x, 100, 20, 40), None) for x in (20, 80, 140)]
    wide = [((180, 100, 50, 30), None), ((300, 100, 50, 30), None), ((400, 20, 50, 30), None)]
    assert as_smooth_as(letters, wide, PaperRoughness(paper, 24)) == [True, False, False]


def test_the_faint_pieces_of_a_digit_are_looked_for_on_the_sheet_not_among_a_backdrops_marks():
    rng = np.random.default_rng(0)
    paper = np.full((400, 640), 200, np.uint8)  # a held-up sheet, and a cloth's folds to its right
    folds = cv2.resize(rng.normal(0, 40, (40, 40)).astype(np.float32), (320, 400), interpolation=cv2.INTER_CUBIC)
    paper[:, 320:] = np.clip(170 + folds, 0, 255).astype(np.uint8)
    ones = [(x, 100, 8, 80) for x in (20, 60, 240)]
    upper, lower = (100, 100, 30, 24), (102, 140, 28, 26)  # a 3's arcs, 16 px apart: its upper arc without clear ink
    marks = [(400 + 60 * i, 100, 30, 150) for i in range(4)]  # taller marks beyond the sheet
    regions = [(box, None) for box in ones + [upper, lower] + marks]
    clear = [True] * 3 + [False, True] + [True] * 4
    # the backdrop's marks do not set the digits' height, nor are pieces on the folds joined
    assert clear_as_pieces(regions, clear, PaperRoughness(paper, 24))[3]
    assert not clear_as_pieces(regions, clear, PaperRoughness(paper[:, ::-1].copy(), 24))[3]


def test_three_short_regions_stacked_as_tall_as_a_digit_may_be_its_pieces():
    digits = [(0, 0, 40, 100), (200, 0, 40, 100), (300, 0, 40, 100)]
    # a thin pen's 3 on graph paper, broken where grid lines were erased: 28 px, a 19 px gap, 26, 3, 20
    top, middle, tail = (100, 0, 38, 28), (102, 47, 37, 26), (124, 76, 15, 20)
    assert broken_across(regions_at(*digits, tail, top, middle)) == [(4, 5, 3)]
    small_column = [(100, 0, 30, 30), (100, 49, 30, 30), (100, 98, 30, 30)]  # two too short, three too tall
    assert broken_across(regions_at(*digits, *small_column)) == []


def test_a_broken_digit_is_read_joined_when_the_network_is_as_sure_of_it_as_of_its_halves_or_sure():
    upper, lower = Candidate((0, 0, 40, 35), None, half_of=3), Candidate((0, 40, 40, 62), None, half_of=3)
    other, whole = Candidate((100, 0, 40, 100), None), Candidate((0, 0, 40, 102), None)
    candidates = [upper, lower, other, whole]
    assert better_readings(candidates, np.array([0.98, 0.5, 0.99, 0.95])) == [2, 3]  # sure of the 3 joined
    assert better_readings(candidates, np.array([0.7, 0.5, 0.99, 0.8])) == [2, 3]  # surer of it than of either
    assert better_readings(candidates, np.array([0.3, 0.77, 0.99, 0.5])) == [0, 1, 2]  # a 4's body and a speck


def test_a_thin_pens_3_parted_at_its_cusp_is_read_whole(onnx, real_photo):
    # `13 + 7` in blue ballpoint on blue graph paper at half size: its 3 comes apart where its bows meet (`17` or
    # `177` when turned 2-4 degrees, before)
    photo = real_photo("visionmath_13plus7_grid.jpg")
    half = cv2.resize(photo, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    recognizer = Recognizer(onnx, smooth=False)
    assert [recognizer.process(turned(half, angle)).rows for angle in (-4, -2, 2, 4)] == [["137"]] * 4


def on_a_dark_desk(photo: np.ndarray, share: float, angle: float) -> np.ndarray:
    """A 640x480 frame of the photo as a sheet `share` of the frame's height, turned `angle` degrees, on a dark desk,
    slightly out of focus."""
    scale = share * 480 / max(photo.shape[0], photo.shape[1] * 0.75)
    sheet = cv2.resize(photo, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = sheet.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turn[:, 2] += ((640 - w) / 2, (480 - h) / 2)
    return cv2.GaussianBlur(cv2.warpAffine(sheet, turn, (640, 480), borderValue=(40, 50, 60)), (0, 0), 0.7)


@pytest.mark.parametrize("share, angle", [(0.6, 2), (0.7, -4), (0.8, -4), (0.8, -2), (0.8, 2)])
def test_a_thin_pens_3_broken_in_three_or_farther_apart_is_read_whole(share, angle, onnx, real_photo):
    # on a desk, the blue graph paper's erased lines break the 3 of `13 + 7` in three, or its halves farther apart
    # than a cusp parts them (read `177` or `1777` before)
    frame = on_a_dark_desk(real_photo("visionmath_13plus7_grid.jpg"), share, angle)
    assert Recognizer(onnx, smooth=False).process(frame).rows == ["137"]


def test_candidate_cap_holds_on_a_page_of_eights():
    frame = np.full((480, 640), 230, np.uint8)
    for y in range(20, 420, 48):
        for x in range(20, 600, 36):
            cv2.putText(frame, "8", (x, y + 30), cv2.FONT_HERSHEY_SIMPLEX, 1.1, 0, 2)
    candidates, _ = detect(frame, DetectorConfig(max_candidates=25))
    assert len(candidates) == 25


def test_other_readings_of_wide_regions_stay_within_the_candidate_cap():
    frame = np.full((480, 640), 230, np.uint8)
    for i in range(8):
        x, y = 60 + (i % 4) * 140, 120 + (i // 4) * 200
        cv2.ellipse(frame, (x, y), (18, 30), 0, 0, 360, 0, 3)
        cv2.ellipse(frame, (x + 36, y), (18, 30), 0, 0, 360, 0, 3)  # two 0s touching
    wholes_and_pieces, _ = detect(frame)
    assert len(wholes_and_pieces) == 8 + 16
    capped, _ = detect(frame, DetectorConfig(max_candidates=20))
    assert len(capped) == 20 and sum(c.piece_of is None for c in capped) == 8


@pytest.mark.parametrize("frame", [
    np.zeros((8, 8), np.uint8), np.full((1, 1, 3), 255, np.uint8), np.zeros((480, 640, 4), np.uint8),
    (np.random.default_rng(1).random((240, 320)) * 65535).astype(np.uint16),
])
def test_odd_frames_do_not_fail(frame):
    candidates, mask = detect(frame)
    assert isinstance(candidates, list) and mask.ndim == 2


def test_as_gray8_accepts_every_layout():
    for frame in (np.zeros((4, 5)), np.zeros((4, 5, 1)), np.zeros((4, 5, 3)), np.zeros((4, 5, 4))):
        gray = as_gray8(frame.astype(np.uint8))
        assert gray.shape == (4, 5) and gray.dtype == np.uint8


@pytest.mark.parametrize("shape", [(0, 10), (10, 0), (0, 0, 3), (4, 5, 3, 2)])
def test_an_empty_or_odd_shaped_frame_is_refused_with_its_shape(shape, onnx):
    with pytest.raises(ValueError, match="cannot read a frame of shape"):
        Recognizer(onnx).process(np.zeros(shape, np.uint8))


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 500), st.floats(0.01, 0.99), st.integers(0, 2**32 - 1))
def test_uint8_percentile_is_numpys(size, fraction, seed):
    values = np.random.default_rng(seed).integers(0, 256, size).astype(np.uint8)
    assert uint8_percentile(values, fraction) == np.percentile(values, 100 * fraction, method="inverted_cdf")


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 300), st.integers(1, 300), st.sampled_from([1, 3, 4]), st.integers(0, 2**32 - 1))
def test_random_frames_never_fail(height, width, channels, seed):
    rng = np.random.default_rng(seed)
    frame = rng.integers(0, 256, (height, width, channels), dtype=np.uint8)
    if channels == 1:
        frame = frame[:, :, 0]
    candidates, _ = detect(frame)
    assert len(candidates) <= DetectorConfig.max_candidates
    assert all(c.crop.shape == (28, 28) for c in candidates)


def test_the_analysis_scale_suits_the_digits_size_and_pen():
    assert scale_for(18, 4.0) == 2.0                         # small digits: twice the size
    assert scale_for(35, 2.0) == 2.0 and scale_for(35, 4.0) == 1.0  # as tall: enlarged only in a thin pen
    assert scale_for(60, 2.0) == 1.0                         # taller, a thin pen is kept at full size
    assert scale_for(60, 12.0) == 0.5 and scale_for(90, 20.0) == 1 / 3  # large and thick: shrunk


def test_frames_over_max_side_are_analysed_larger_only_when_their_digits_would_be_small_there():
    phone = 1280 / 4032  # the largest scale of a 4032x3024 photo (max_side 1280)
    assert bounded_scale((50, 8.0), 2.0) == scale_for(50, 8.0)              # within max_side: as scale_for says
    assert bounded_scale((50, 8.0), phone) == pytest.approx(2 * phone)      # 16 px at max_side: twice that
    assert bounded_scale((120, 14.0), phone) == pytest.approx(phone)        # 38 px at max_side: enough
    assert bounded_scale((20, 4.0), 1.0) == 2.0                             # a 1280 px frame's small digits


def test_small_digits_in_an_hd_frame_are_read(onnx, mnist_path):
    # analysed at max_side (1280 px) they were 11-15 px tall: 59% and 0% of them read
    for scene in make_scenes("clean", 2, seed=4, frame_size=(1920, 1080), heights=(16, 22), data_dir=mnist_path):
        score = Score()
        score.add(Recognizer(onnx, smooth=False).process(scene.image).detections, scene.boxes, scene.digits)
        assert score.truths >= 80 and score.recall >= 0.9 and score.precision >= 0.95


def test_a_page_of_more_than_60_digits_is_read_in_full(onnx, mnist_path):
    scene = make_scenes("clean", 2, seed=4, frame_size=(1280, 960), heights=(26, 32), data_dir=mnist_path)[1]
    score = Score()
    score.add(Recognizer(onnx, smooth=False).process(scene.image).detections, scene.boxes, scene.digits)
    assert score.truths >= 65 and score.recall >= 0.95  # 59 of 65 read when 60 regions were classified at most


def stroke_crop(angle: float) -> np.ndarray:
    """A 28x28 crop of one straight stroke leaning `angle` degrees from upright."""
    crop, dx = np.zeros((28, 28), np.uint8), 9 * np.tan(np.radians(angle))
    cv2.line(crop, (round(14 - dx), 23), (round(14 + dx), 5), 255, 2)
    return crop


def test_a_short_stroke_leaning_like_a_slash_is_not_a_1():
    assert lean(stroke_crop(0)) < 2 and abs(lean(stroke_crop(35)) - 35) < 4
    upright, slanted = Candidate((0, 0, 10, 100), stroke_crop(5)), Candidate((0, 0, 10, 70), stroke_crop(35))
    digits = [Detection((0, 0, 50, 100), 4, 0.99), Detection((60, 0, 50, 100), 2, 0.99)]
    ones = [Detection((120, 0, 10, 100), 1, 0.99), Detection((140, 30, 40, 70), 1, 0.99)]
    assert slashes(digits + ones, [upright, upright, upright, slanted]) == [False, False, False, True]
    tall_slanted_one = Detection((140, 0, 40, 100), 1, 0.99)  # as tall as its neighbours: a written 1
    assert slashes(digits + [tall_slanted_one], [upright, upright, slanted]) == [False, False, False]


@pytest.mark.parametrize("height, width", [(22, 1), (1, 30), (1, 1), (41, 57)])
def test_frames_of_odd_or_one_pixel_sizes_do_not_fail(height, width):
    frame = np.random.default_rng(1).integers(0, 256, (height, width, 3), dtype=np.uint8)
    candidates, _ = detect(frame)
    assert all(c.crop.shape == (28, 28) for c in candidates)
    assert saturation_of(frame).shape == ((height + 1) // 2, (width + 1) // 2)
