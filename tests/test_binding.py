"""A notebook's binding (a column of alike marks down the sheet's edge) is no digits; a column of written digits is."""
import cv2
import numpy as np
import pytest

from realtime.binding import perforations
from realtime.detect import Candidate
from realtime.pipeline import Recognizer
from realtime.robustness import turned

from conftest import tilted


def hole() -> np.ndarray:
    """A punched hole's crop: a ring."""
    return cv2.circle(np.zeros((28, 28), np.uint8), (14, 14), 7, 255, 3)


def column(count: int, height: int, crops, gap: int = 47, left: int = 20, lean: int = 2) -> list:
    """`count` candidates `height` px tall down a column, `gap` px apart, drifting `lean` px sideways each."""
    return [Candidate((left + lean * i, 100 + gap * i, height // 2, height), crop) for i, crop in enumerate(crops)]


def writing(digits) -> list:
    """Ten 60 px digits in two rows, right of the column."""
    return [Candidate((150 + 70 * (i % 5), 150 + 200 * (i // 5), 40, 60), digit) for i, digit in enumerate(digits)]


def test_a_column_of_alike_evenly_spaced_marks_smaller_than_the_writing_is_a_binding(mnist_test_slice):
    digits = list(mnist_test_slice[0][:10])
    marks = column(8, 23, [hole()] * 8)
    assert perforations(marks + writing(digits)) == [True] * 8 + [False] * 10
    assert perforations(marks) == [False] * 8           # alone: they may be 1s (1111), and a page is rarely blank
    skipped = marks[:2] + marks[3:]                                           # one hole not found
    assert perforations(skipped + writing(digits)) == [True] * 7 + [False] * 10


def test_marks_shrinking_steadily_along_the_column_are_a_binding_seen_from_a_slant(mnist_test_slice):
    digits = list(mnist_test_slice[0][:10])
    heights = [27, 26, 24, 23, 22, 20, 19]  # farther from the camera, smaller and closer together
    marks, y = [], 400
    for height in heights:
        marks.append(Candidate((20, y, height // 2, height), hole()))
        y -= 2 * height
    assert perforations(marks + writing(digits)) == [True] * 7 + [False] * 10
    swelling = [Candidate((20, 100 + 47 * i, height // 2, height), hole())
                for i, height in enumerate([19, 22, 25, 28, 25, 22, 19])]  # growing, then shrinking: no slant
    assert not any(perforations(swelling + writing(digits))[:7])


def test_a_row_of_holes_above_the_writing_is_a_binding_too(mnist_test_slice):  # a pad bound at the top
    holes = [Candidate((150 + 40 * i, 40, 11, 23), hole()) for i in range(10)]
    assert perforations(holes + writing(list(mnist_test_slice[0][:10]))) == [True] * 10 + [False] * 10


def test_written_columns_are_not_a_binding(mnist_test_slice):
    images = mnist_test_slice[0]
    digits = list(images[:10])
    tall = column(6, 60, [hole()] * 6)                          # as tall as the writing (the 1s of 10, 11, 12 ...)
    assert not any(perforations(tall + writing(digits))[:6])
    different = column(6, 23, images[20:26])                    # small, but different digits
    assert not any(perforations(different + writing(digits))[:6])
    uneven = [Candidate((20, y, 11, 23), hole()) for y in (100, 140, 210, 230, 300)]
    assert not any(perforations(uneven + writing(digits))[:5])


@pytest.mark.parametrize("angle", [-25, -12, -6, 6, 12, 25])
def test_a_notebooks_binding_brought_into_the_frame_by_a_tilt_is_not_read(angle, onnx, real_photo):
    # the sketchbook's holes, cut by the photo's edge, come inside it turned: they were read as 8, 8, 3, 8 (and
    # turned 25 degrees, their line leaning more than the 17 degrees chains then allowed, as 1, 1, 1, 8)
    photo = turned(real_photo("alankrantas_sketchbook_0to9.jpg"), angle)
    assert Recognizer(onnx, smooth=False).process(photo).rows == ["01234", "56789"]


@pytest.mark.parametrize("shrink", [0.2, 0.35])
def test_a_notebooks_binding_seen_from_a_slant_is_not_read(shrink, onnx, real_photo):
    # leaning back, the camera shrinks the holes toward the top: they were read as 1, 1, 1, 8, 1, 1, 8
    photo = tilted(real_photo("alankrantas_sketchbook_0to9.jpg"), shrink)
    assert Recognizer(onnx, smooth=False).process(photo).rows == ["01234", "56789"]
