"""Pages of text and lines of words: no digits read from them, and digits beside them still read."""
import cv2
import numpy as np

from realtime.detect import (Candidate, DetectorConfig, as_smooth_as, larger_than_text, letters_of, numbers_alike,
                             words_among)
from realtime.paper import PaperRoughness
from realtime.pipeline import Recognizer, reads_as_text
from realtime.synth import SceneMaker
from realtime.text import text_lines, x_height_lines


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


def words_seen_close(seed: int, font: int) -> np.ndarray:
    """A page of words in OpenCV's fonts filmed close: letters 40 px tall, lines running past the frame's edges."""
    rng = np.random.default_rng(seed)
    frame = np.full((480, 640, 3), 215, np.uint8)
    for y in range(60, 480, 90):
        x = -int(rng.uniform(0, 60))
        while x < 640:
            word = str(rng.choice(PAGE_WORDS))
            cv2.putText(frame, word, (x, y), font, 2.0, (40, 30, 30), 4, cv2.LINE_AA)
            x += cv2.getTextSize(word, font, 2.0, 4)[0][0] + 50
    return cv2.GaussianBlur(frame, (0, 0), 1.0)


def test_a_page_of_words_seen_close_gives_no_digits(onnx):
    # most of its words are cut by the frame's edges; they did not count toward a page of text, and its letters
    # (an o as 0, an l as 1) were read on 6 of these 10 frames
    recognizer = Recognizer(onnx, smooth=False)
    frames = [words_seen_close(seed, font) for seed in range(5)
              for font in (cv2.FONT_HERSHEY_COMPLEX, cv2.FONT_HERSHEY_DUPLEX)]
    assert sum(len(recognizer.process(frame).detections) for frame in frames) == 0


def outlined(box) -> tuple:
    """A (box, region mask) pair: the box's outline drawn 3 px thick, as a pen's stroke."""
    region = np.zeros((box[3], box[2]), np.uint8)
    cv2.rectangle(region, (0, 0), (box[2] - 1, box[3] - 1), 255, 3)
    return box, region


def test_words_cut_by_the_frame_count_toward_a_page_only_beside_enough_whole_words():
    letters = [outlined((100 + 40 * i, 200, 25, 40)) for i in range(5)]
    cut = [outlined((0, 100, 120, 40)), outlined((560, 100, 80, 40)), outlined((0, 300, 90, 40))]
    whole = [outlined((130 + 100 * i, 100, 80, 40)) for i in range(4)]
    config = DetectorConfig()
    # one whole word beside bits cut by the frame (a held-up sheet's touching digits before gravel): only it counts
    words, counted = words_among(whole[:1] + cut, letters, {}, (480, 640), config, None)
    assert words == [True] * 4 and counted == [True, False, False, False]
    # four whole words: a page of writing seen close, and those the frame cuts are its words too
    words, counted = words_among(whole + cut, letters, {}, (480, 640), config, None)
    assert counted == [True] * 7


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
    first_read = recognizer.heights_read(first_candidates, probabilities(first_confidences))
    more, more_confidences = read(9, 0.99)
    assert recognizer.reads_more(more, probabilities(more_confidences), first_read)
    assert not recognizer.reads_more(more[:6], probabilities(more_confidences[:6]), first_read)
    # more read, but among a backdrop's doubts on plain paper: a page of text, which reads nothing (a whole sheet of
    # faint digits read 6 -> 0 when the look was taken blindly)
    sure, doubted = read(12, 0.99), read(12, 0.3)
    assert not recognizer.reads_more(sure[0] + doubted[0], probabilities(sure[1] + doubted[1]), first_read)
    # more read, but amid ink: the paper's grain in a photo's noisy corner, which the faint look picks up
    grain, grain_confidences = read(3, 0.99, clutter=0.25)
    assert not recognizer.reads_more(first_candidates + grain, probabilities(first_confidences + grain_confidences),
                                     first_read)


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


def test_a_line_of_small_doubted_marks_beside_larger_digits_is_words_but_a_sum_is_not():
    letters = [(20 + 30 * i, 20, 20, 30) for i in range(12)]   # small, most doubted
    digits = [(20 + 70 * i, 100, 50, 80) for i in range(5)]    # large, sure
    sum_line = [(20 + 70 * i, 220, 50, 80) for i in range(5)]  # 3 + 4 = 7: its operators doubted
    confidences = np.array([0.2] * 8 + [0.9] * 4 + [0.95] * 5 + [0.9, 0.2, 0.9, 0.2, 0.9])
    words = text_lines(letters + digits + sum_line, confidences, 0.6, [True] * 22)
    assert words == [True] * 12 + [False] * 10
    assert text_lines(letters, confidences[:12], 0.6, [True] * 12) == [False] * 12  # letters alone: the text rules'
    assert text_lines(letters + digits, confidences[:17], 0.6, [False] * 12 + [True] * 5) == [False] * 17  # a backdrop


def test_a_line_of_words_with_large_words_read_as_digits_is_no_line_of_digits_for_smaller_words():
    # a page of script: a line of large words, two read surely as digits (`Looking` as 4), stood for the digits the
    # smaller lines of words lie beside; so those were set apart as words, and the page kept too few doubts for text
    large = [(20 + 70 * i, 100, 50, 40) for i in range(5)]
    small = [(20 + 50 * i, 200, 40, 25) for i in range(6)]
    confidences = np.array([0.9, 0.2, 0.95, 0.3, 0.2] + [0.2, 0.9, 0.3, 0.2, 0.9, 0.2])
    assert text_lines(large + small, confidences, 0.6, [True] * 11) == [False] * 11
    digits = [(20 + 70 * i, 300, 50, 40) for i in range(4)]  # with a line of sure digits, the small words are words
    words = text_lines(large + small + digits, np.r_[confidences, [0.95] * 4], 0.6, [True] * 15)
    assert words == [False] * 5 + [True] * 6 + [False] * 4


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


def letter_boxes(text: str, baseline: int = 100, x_height: int = 30, rise: int = 20) -> list:
    """Boxes of handwritten letters: x_height px tall on the baseline, l, d, t... (and digits) rising `rise` px higher,
    g, y... hanging `rise` px below it."""
    boxes = []
    for x, letter in enumerate(text):
        top = baseline - x_height - (rise if letter in "bdfhklt0123456789" else 0)
        if letter != " ":
            boxes.append((10 + 30 * x, top, 25, baseline + (rise if letter in "gjpqy" else 0) - top))
    return boxes


def doubted_letters(text: str) -> np.ndarray:
    """The network's doubts of letter_boxes(text): it doubts a, e, m, n, r and w (no digit looks like them)."""
    return np.array([letter in "aemnrw" for letter in text if letter != " "])


def test_a_line_of_letters_is_told_by_its_short_letters_on_one_baseline_and_x_line():
    assert x_height_lines(letter_boxes("dear friend"), doubted_letters("dear friend")) == [True] * 10
    # 3 + 4 = 7: the operators are short too, but float between the digits' lines
    sum_line = [(10, 50, 30, 50), (50, 62, 25, 25), (85, 50, 30, 50), (125, 65, 25, 20), (160, 50, 30, 50)]
    assert x_height_lines(sum_line, np.array([False, True, False, True, False])) == [False] * 5
    # a number's digits differ in height as written, none as much as letters do
    number = [(10 + 40 * i, 300 - h, 30, h) for i, h in enumerate((50, 44, 56, 40, 52))]
    assert x_height_lines(number, np.zeros(5, bool)) == [False] * 5
    doubts = np.r_[doubted_letters("thank you"), np.zeros(5, bool)]
    assert x_height_lines(letter_boxes("thank you") + number, doubts) == [True] * 8 + [False] * 5
    # a number written after the words on their line is not in a word with short letters
    assert x_height_lines(letter_boxes("dear friend 42"), doubted_letters("dear friend 42")) == [True] * 10 + [False] * 2


def test_a_print_like_hands_large_x_height_is_told_by_a_doubted_letter_in_a_word():
    # a heading in print-like letters, the short ones 0.73 as tall as the tall ones: o, u, s and c pass for digits
    heading = letter_boxes("your thanks", x_height=38, rise=14)
    assert x_height_lines(heading, doubted_letters("your thanks")) == [True] * 10
    # the network may doubt only tall ones: the h and the k of `shells quick`, the rest read as 5, 8, 1, 9, 4, 0
    line = letter_boxes("shells quick", x_height=41, rise=14)
    assert x_height_lines(line, np.array([letter in "hk" for letter in "shellsquick"])) == [True] * 11
    # a row of digits, its 1 and 2 written smaller, beside a doubted speck on its line: no letters
    row = [(266, 164, 6, 16), (282, 164, 14, 17), (307, 162, 12, 20), (328, 160, 16, 22), (356, 160, 16, 24),
           (474, 173, 6, 11)]
    assert x_height_lines(row, np.array([False] * 5 + [True])) == [False] * 6


def words_written(lines: list) -> np.ndarray:
    """Lines of words in OpenCV's plain font filmed close, the short letters drawn at 0.8 of its size (digits at full
    size): handwriting's a, e and s are shorter beside its l, d and y than print's."""
    frame = np.full((480, 640, 3), 215, np.uint8)
    for row, text in enumerate(lines):
        x = 20
        for letter in text:
            scale = 2.0 if letter in "bdfhkltgjpqy 0123456789" else 1.6
            cv2.putText(frame, letter, (x, 120 + 110 * row), cv2.FONT_HERSHEY_SIMPLEX, scale, (40, 30, 30), 4, cv2.LINE_AA)
            x += cv2.getTextSize(letter, cv2.FONT_HERSHEY_SIMPLEX, scale, 4)[0][0] + 8
    return cv2.GaussianBlur(frame, (0, 0), 1.0)


def test_lines_of_handwritten_words_seen_close_give_no_digits(onnx):
    # their o, l and s passed for digits, sure enough and too few doubted for a page of text: 41 and 23118658 read
    recognizer = Recognizer(onnx, smooth=False)
    for lines in (["dear friend", "thank you so"], ["see you soon", "all the best"]):
        assert recognizer.process(words_written(lines)).rows == []


def test_a_number_written_after_words_on_their_line_is_read_without_them(onnx):
    # the letters were read as digits into the number (2351142026), then, as a line of letters, the number was lost
    recognizer = Recognizer(onnx, smooth=False)
    assert recognizer.process(words_written(["answer 2026", "total 42"])).rows == ["2026", "42"]
    assert recognizer.process(words_written(["see you at 7", "room 305"])).rows == ["7", "305"]


def test_numbers_whose_digits_touch_are_no_page_of_text(onnx):
    # a sheet of five numbers, each one component (digits drawn as tightly as a font spaces them), beside no digit
    # apart: more "words" than letters, a page of text, and nothing was read
    frame = np.full((480, 640, 3), 220, np.uint8)
    for k, number in enumerate(["5051", "6831", "988", "123", "4072"]):
        cv2.putText(frame, number, (120 + 200 * (k % 2), 150 + 60 * (k // 2)), cv2.FONT_HERSHEY_SIMPLEX, 0.8,
                    (40, 30, 30), 3, cv2.LINE_AA)
    numbers = Recognizer(onnx, smooth=False).process(cv2.GaussianBlur(frame, (0, 0), 1.0)).numbers
    assert "123" in numbers and "4072" in numbers


def test_wide_components_all_as_tall_are_numbers_not_words():
    region = np.zeros((1, 1), np.uint8)
    numbers = [((10 + 60 * i, 10, 50, h), region) for i, h in enumerate((20, 21, 19, 22))]
    words = [((10 + 60 * i, 10, 50, h), region) for i, h in enumerate((20, 32, 21, 30))]  # "sea", "the", "now", "dog"
    assert numbers_alike(numbers, [True] * 4, (480, 640), 2)
    assert not numbers_alike(words, [True] * 4, (480, 640), 2)
    assert numbers_alike(words, [True, False, True, False], (480, 640), 2)  # only those taken for words count
    desk_edges = [((0, 100, 60, 11), region), ((580, 108, 60, 11), region), ((0, 376, 87, 10), region)]
    assert not numbers_alike(desk_edges + numbers, [True] * 7, (480, 640), 2)  # cut by the frame, or too long
    assert not numbers_alike([((200, 100, 87, 10), region)] + numbers, [True] * 5, (480, 640), 2)


def test_letters_standing_apart_from_their_words_are_told_by_their_place():
    region = np.zeros((1, 1), np.uint8)
    word = (100, 100, 120, 40)  # "rown"
    found = [((72, 100, 24, 42), region),   # "b", 4 px before it: a letter of it
             ((240, 100, 24, 40), region),  # 20 px after it (half its height): a word's space, a digit
             ((72, 160, 24, 40), region)]   # on the line below
    assert letters_of(found, [word]) == [True, False, False]
    assert letters_of(found, []) == [False] * 3


def test_a_close_up_of_words_whose_letters_stand_apart_gives_no_digits(onnx):
    # bold printed words seen close: the o of "more", the b of "brown", the s of "jumps" and the i of "nothing" stand
    # apart from the rest of their words, too few beside the words for a page of text: read 06 5 1
    frame = np.full((480, 640, 3), 207, np.uint8)
    for x, y, words in [(-36, 142, "more brown writing"), (-6, 260, "jumps and some"), (-10, 378, "lazy dog nothing")]:
        for word in words.split():
            cv2.putText(frame, word, (x, y), cv2.FONT_HERSHEY_COMPLEX, 2.633, (40, 30, 30), 5, cv2.LINE_AA)
            x += cv2.getTextSize(word, cv2.FONT_HERSHEY_COMPLEX, 2.633, 5)[0][0] + 65
    assert Recognizer(onnx, smooth=False).process(cv2.GaussianBlur(frame, (0, 0), 1.0)).rows == []


def test_digits_written_larger_than_the_text_of_a_page_are_read(onnx, mnist_test_slice):
    # a sheet of digits lying on a printed page: its words outnumbered the digits, so the frame was a page of text
    writer, labels = SceneMaker(*mnist_test_slice, seed=3), mnist_test_slice[1]
    recognizer, rng, exact = Recognizer(onnx, smooth=False), np.random.default_rng(4), 0
    for start in range(0, 24, 4):
        frame = np.full((480, 640), 225, np.uint8)
        for y in range(20, 480, 22):  # printed lines of words, about 12 px tall
            x = int(rng.integers(0, 20))
            while x < 640:
                word = str(rng.choice(WORDS))
                cv2.putText(frame, word, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 50, 1, cv2.LINE_AA)
                x += cv2.getTextSize(word, cv2.FONT_HERSHEY_SIMPLEX, 0.5, 1)[0][0] + 12
        frame[170:310, 150:490] = 235  # the sheet
        frame, x, written = frame.astype(np.float32), 190, ""
        for index in range(start, start + 4):
            glyph = writer.digit_alpha(index, 70, thin=False)
            frame[205:275, x:x + glyph.shape[1]] *= 1 - 0.85 * glyph
            x, written = x + glyph.shape[1] + 20, written + str(labels[index])
        exact += recognizer.process(cv2.GaussianBlur(frame.astype(np.uint8), (3, 3), 0)).rows == [written]
    assert exact >= 4  # (5 of 6 now; none before)


def test_regions_taller_than_a_pages_words_are_digits_unless_letters_or_words_stand_beside_them():
    words = [(10 + 70 * k, 10, 60, 12) for k in range(8)] + [(10, 40, 50, 14), (300, 200, 60, 30)]  # median 12
    found = [((0, 100, 8, 12), None), ((100, 100, 20, 24), None), ((140, 100, 20, 30), None),
             ((365, 195, 20, 40), None), ((400, 300, 20, 40), None), ((425, 310, 9, 12), None)]
    # a region under twice the words' height, one beside a word (a heading's letter) or beside a smaller region out
    assert [box for box, _ in larger_than_text(found, words)] == [(100, 100, 20, 24), (140, 100, 20, 30)]
    assert larger_than_text(found, words[1:]) == []  # under PAGE_WORDS words: no page, nothing larger than its text
