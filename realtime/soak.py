"""Soak test: a long headless run over a looped clip, printing memory and per-frame time as it goes.

    python -m realtime.soak [--frames 20000] [--source realtime/assets/demo.mp4] [--backend onnx]

Each frame goes through the program's own loop pieces (source, recognizer, annotation, recording to a
temporary file); every --every frames it prints the resident memory and the mean milliseconds per
frame. The figures to read: RSS growth from the first to the last report (should stay under 20 MB) and
milliseconds per frame (should stay flat).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from .annotate import annotate
from .backends import BackendError, load_backend
from .options import positive_int
from .outputs import Recorder
from .pipeline import Recognizer
from .sources import SourceError, open_source
from .synth import ASSETS


def rss_mb() -> float:
    """Resident memory of this process, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m realtime.soak", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frames", type=positive_int, default=20000, help="frames to process (default 20,000)")
    parser.add_argument("--source", default=str(ASSETS / "demo.mp4"), help="video file to loop (default: the demo clip)")
    parser.add_argument("--backend", default="onnx", help="backend (default onnx)")
    parser.add_argument("--every", type=positive_int, default=2000, help="report every N frames (default 2,000)")
    args = parser.parse_args(argv)
    try:
        source = open_source(args.source, loop=True)
        recognizer = Recognizer(load_backend(args.backend))
    except (SourceError, BackendError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    reports = []
    with tempfile.TemporaryDirectory() as folder:
        recorder = Recorder(Path(folder) / "soak.avi", source.fps or 30.0)
        began = time.perf_counter()
        for index in range(1, args.frames + 1):
            result = recognizer.process(frame := source.read())
            recorder.write(annotate(frame, result, "soak"))
            if index % args.every == 0 or index == 1:
                now = time.perf_counter()
                span = 1 if index == 1 else args.every
                reports.append((index, rss_mb(), 1000 * (now - began) / span))
                print(f"frame {index:>6}: RSS {reports[-1][1]:7.1f} MB, {reports[-1][2]:6.2f} ms/frame", flush=True)
                began = now
                if recorder.path.stat().st_size > 200_000_000:  # keep the disk use bounded
                    recorder.close()
                    recorder = Recorder(recorder.path, recorder.fps, overwrite=True)
        recorder.close()
    source.close()
    first, last = reports[1] if len(reports) > 1 else reports[0], reports[-1]
    print(f"RSS growth from frame {first[0]} to {last[0]}: {last[1] - first[1]:+.1f} MB; "
          f"ms/frame {first[2]:.2f} -> {last[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
