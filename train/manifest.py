"""Record shipped weights in weights/MANIFEST.json (the backends verify the sha256 listed there)."""
from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

from realtime.backends.base import MANIFEST_NAME, read_manifest, sha256_of


def command_line() -> str:
    """The command that is running, as a user would type it."""
    module = sys.modules["__main__"].__spec__
    program = f"python -m {module.name}" if module else f"python {sys.argv[0]}"
    return " ".join([program] + [shlex.quote(a) for a in sys.argv[1:]])


def record(path: Path, **fields) -> dict:
    """Add or replace `path`'s entry (sha256 + `fields`) in the manifest of its folder."""
    path = Path(path)
    manifest = read_manifest(path.parent)
    entry = dict(fields, sha256=sha256_of(path))
    manifest[path.name] = entry
    (path.parent / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return entry
