"""Record shipped weights in weights/MANIFEST.json (the backends verify the sha256 listed there)."""
from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

from realtime.backends.base import MANIFEST_NAME, read_manifest, sha256_of


def command_line(module: str, argv=None) -> str:
    """The command that ran `module` with `argv` (default: this process's arguments), as a user types it."""
    arguments = sys.argv[1:] if argv is None else argv
    return " ".join([f"python -m {module}"] + [shlex.quote(str(a)) for a in arguments])


def record(path: Path, **fields) -> dict:
    """Add or replace `path`'s entry (sha256 + `fields`) in the manifest of its folder."""
    path = Path(path)
    manifest = read_manifest(path.parent)
    entry = dict(fields, sha256=sha256_of(path))
    manifest[path.name] = entry
    (path.parent / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return entry
