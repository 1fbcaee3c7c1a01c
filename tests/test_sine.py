"""The sine-fitting experiment (train.sine_mlp)."""
import json
import subprocess
import sys

import numpy as np
from conftest import ROOT

from train import sine_mlp


def test_data_follows_the_seed():
    x_train, y_train, x_test, y_test, x, y = sine_mlp.make_data(seed=42)
    assert len(x) == 1000 and len(x_train) == 750 and len(x_test) == 250
    assert np.isclose(x.min(), 0) and np.isclose(x.max(), 2 * np.pi)
    assert 0.08 < np.std(y - np.sin(x)) < 0.12
    assert not set(x_train[:, 0]) & set(x_test[:, 0])


def test_short_run_fits_below_the_noise_bar(tmp_path):
    assert sine_mlp.main(["--compare", "20,300", "--out", str(tmp_path)]) == 0
    results = json.loads((tmp_path / "results.json").read_text())
    runs = {run["epochs"]: run for run in results["runs"]}
    assert runs[300]["test_mse"] < 0.02
    assert len(runs[300]["loss"]) == 300 and runs[300]["loss"][-1] < runs[300]["loss"][0]
    for picture in ("fit.png", "loss.png"):
        assert (tmp_path / picture).read_bytes()[:4] == b"\x89PNG"


def test_bad_arguments_give_clear_errors(tmp_path):
    for args in (["--epochs", "0"], ["--compare", "500,abc"], ["--epochs", "-3"]):
        run = subprocess.run([sys.executable, "-m", "train.sine_mlp", *args, "--out", str(tmp_path)],
                             cwd=ROOT, capture_output=True, text=True)
        assert run.returncode == 2 and "must be a positive whole number" in run.stderr


def test_unwritable_output_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    run = subprocess.run([sys.executable, "-m", "train.sine_mlp", "--epochs", "1", "--out", str(blocker / "sub")],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2 and "is a file, not a folder" in run.stderr and "Traceback" not in run.stderr
