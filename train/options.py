"""Option types shared by the training scripts: a bad value is refused by argparse in one line, before any
training starts (not after an hour, when the weights are saved)."""
from __future__ import annotations

import argparse
import os
from pathlib import Path



def positive_int(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, not '{text}'")
    return int(text)


def writable_place(path: Path) -> str | None:
    """Why files cannot be created at `path` (its nearest existing folder is a file or read-only), or None."""
    existing = next(p for p in (path, *path.parents) if p.exists() or p == Path(p.anchor or "."))
    if not existing.is_dir():
        return f"{existing} is a file, not a folder"
    if not os.access(existing, os.W_OK):
        return f"folder {existing} is not writable"
    return None


def output_file(text: str) -> Path:
    """A file to write (its folders are created): not an existing folder, somewhere writable."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{path} is a folder; give a file name")
    problem = writable_place(path.parent) or (None if not path.exists() or os.access(path, os.W_OK)
                                              else f"{path} is not writable")
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return path


def output_folder(text: str) -> Path:
    """A folder to write into (created if missing): not an existing file, somewhere writable."""
    path = Path(text)
    problem = writable_place(path)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return path
