"""Command-line option types shared by the program, its tools and the training scripts: a bad value is refused
by argparse in one line (exit 2), before any work starts (not after an hour of training, when the weights are
saved)."""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from .outputs import CODECS


def positive_int(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, not '{text}'")
    return int(text)


def number_from_0_to(high: float, meaning: str):
    """An argparse type: a number from 0 to `high`."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")  # fails the range test below
        if not 0 <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {meaning}, not '{text}'")
        return value
    return parse


seconds = number_from_0_to(float("inf"), "a number of seconds, 0 or more")
confidence = number_from_0_to(1.0, "a number between 0 and 1")


def writable_place(path: Path) -> str | None:
    """Why files cannot be created at `path` (its nearest existing folder is a file or read-only), or None."""
    existing = next((p for p in (path, *path.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        return f"{existing} is a file, not a folder"
    if not os.access(existing, os.W_OK):
        return f"folder {existing} is not writable"
    return None


def output_file(text: str) -> Path:
    """A file to write (the caller creates its missing folders): not a folder, somewhere writable."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{path} is a folder; give a file name")
    problem = writable_place(path.parent)
    if not problem and path.exists() and not os.access(path, os.W_OK):
        problem = f"{path} is not writable"
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return path


def output_video(text: str) -> Path:
    """An .mp4 or .avi file to write (see output_file)."""
    path = output_file(text)
    if path.suffix.lower() not in CODECS:
        raise argparse.ArgumentTypeError(f"{path}: videos must end in {' or '.join(CODECS)}")
    return path


def output_folder(text: str) -> Path:
    """A folder to write into (the caller creates it if missing): not a file, somewhere writable."""
    path = Path(text)
    problem = writable_place(path)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return path


def labelled_photos(text: str) -> Path:
    """A folder of photos with their labels.json (file, digits row by row), like ../shared/data/real-dev."""
    path = Path(text)
    try:
        json.loads((path / "labels.json").read_text())
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"{path / 'labels.json'}: {exc.strerror}") from None
    except ValueError:
        raise argparse.ArgumentTypeError(f"{path / 'labels.json'}: not valid JSON") from None
    return path
