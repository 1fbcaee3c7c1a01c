"""Option types: bad values are refused with a one-line reason; good ones pass through unchanged."""
import argparse
import json

import pytest

from realtime import options


@pytest.mark.parametrize("parse, text, reason", [
    (options.positive_int, "0", "positive whole number"),
    (options.positive_int, "-2", "positive whole number"),
    (options.positive_int, "two", "positive whole number"),
    (options.confidence, "1.5", "between 0 and 1"),
    (options.confidence, "nan", "between 0 and 1"),
    (options.seconds, "-1", "0 or more"),
    (options.output_file, "{folder}", "is a folder"),
    (options.output_file, "{file}/weights.pt", "is a file, not a folder"),
    (options.output_video, "{folder}/clip.mkv", "must end in .mp4 or .avi"),
    (options.output_folder, "{file}", "is a file, not a folder"),
    (options.output_folder, "{file}/reports", "is a file, not a folder"),
    (options.labelled_photos, "{folder}", "labels.json: No such file"),
    (options.labelled_photos, "{bad_labels}", "not valid JSON"),
])
def test_bad_values_are_refused_with_a_reason(tmp_path, parse, text, reason):
    (tmp_path / "notes.txt").write_text("")
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "labels.json").write_text("{not json")
    text = text.format(folder=tmp_path, file=tmp_path / "notes.txt", bad_labels=tmp_path / "photos")
    with pytest.raises(argparse.ArgumentTypeError, match=reason):
        parse(text)


def test_good_values_pass(tmp_path):
    (tmp_path / "labels.json").write_text(json.dumps([]))
    assert options.positive_int("12") == 12
    assert options.confidence("0.6") == 0.6 and options.seconds("0") == 0.0
    assert options.output_folder(str(tmp_path / "new" / "reports")) == tmp_path / "new" / "reports"
    assert options.output_video(str(tmp_path / "new" / "clip.avi")) == tmp_path / "new" / "clip.avi"
    assert not (tmp_path / "new").exists()  # checked, not created
    assert options.labelled_photos(str(tmp_path)) == tmp_path
