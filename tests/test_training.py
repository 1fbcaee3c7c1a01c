"""Training, export and evaluation scripts, run end to end on small data."""
import json

import numpy as np
import pytest

from realtime.backends import load_backend
from train import evaluate, export_onnx, mindspore_finetune, mindspore_train, torch_train


def read_json(path):
    return json.loads(path.read_text())


def test_torch_training_writes_weights_reports_and_manifest(tmp_path, mnist_path):
    out, reports = tmp_path / "w" / "lenet_torch.pt", tmp_path / "reports"
    code = torch_train.main(["--data", str(mnist_path), "--epochs", "1", "--limit", "2048", "--batch-size", "16", "--out", str(out),
                             "--reports", str(reports)])
    assert code == 0
    metrics = read_json(reports / "metrics.json")
    assert len(metrics["history"]) == 1 and 0.5 < metrics["test_accuracy"] <= 1
    assert np.array(metrics["confusion_matrix"]).sum() == 10000
    for picture in ("curves.png", "confusion.png", "mistakes.png"):
        assert (reports / picture).read_bytes()[:4] == b"\x89PNG"
    entry = read_json(out.parent / "MANIFEST.json")["lenet_torch.pt"]
    assert entry["seed"] == 1 and "--limit 2048" in entry["command"] and entry["input_size"] == 28
    assert load_backend("torch", out).predict(np.zeros((1, 28, 28), np.uint8))[0].shape == (1,)


def test_torch_training_resumes_after_interrupt(tmp_path, mnist_path, monkeypatch):
    args = ["--data", str(mnist_path), "--epochs", "2", "--limit", "1024", "--out", str(tmp_path / "t.pt"),
            "--reports", str(tmp_path / "r")]
    real_epoch = torch_train.train_epoch

    def interrupted_second_epoch(net, optimizer, scheduler, images, labels, options, epoch):
        if epoch == 2:
            raise KeyboardInterrupt
        return real_epoch(net, optimizer, scheduler, images, labels, options, epoch)

    monkeypatch.setattr(torch_train, "train_epoch", interrupted_second_epoch)
    assert torch_train.main(args) == 130
    assert (tmp_path / "t.state.pt").exists() and not (tmp_path / "t.pt").exists()
    monkeypatch.setattr(torch_train, "train_epoch", real_epoch)
    assert torch_train.main(args + ["--resume"]) == 0
    assert [h["epoch"] for h in read_json(tmp_path / "r" / "metrics.json")["history"]] == [1, 2]
    assert not (tmp_path / "t.state.pt").exists()


def test_mindspore_training_one_short_epoch(tmp_path, mnist_path):
    out = tmp_path / "lenet5_mindspore.ckpt"
    code = mindspore_train.main(["--data", str(mnist_path), "--epochs", "1", "--limit", "640", "--dropout", "0.5",
                                 "--out", str(out), "--reports", str(tmp_path / "r"), "--raw-dir", str(tmp_path / "raw")])
    assert code == 0
    entry = read_json(tmp_path / "MANIFEST.json")["lenet5_mindspore.ckpt"]
    assert "dropout" in entry["architecture"] and entry["input_size"] == 32
    assert len(read_json(tmp_path / "r" / "metrics.json")["history"]) == 1
    assert load_backend("mindspore", out).predict(np.zeros((3, 28, 28), np.uint8))[1].shape == (3, 10)


def test_scene_crops_are_labelled_by_the_digit_they_show(mnist_test_slice):
    images, labels = mnist_test_slice
    crops, targets = mindspore_finetune.scene_crops(images, labels, 3, seed=5)
    assert crops.shape[1:] == (28, 28) and len(crops) == len(targets) >= 30
    digits = targets.max(axis=1) == 1.0
    read = load_backend("onnx").predict(crops[digits])[0]
    assert np.mean(read == targets[digits].argmax(axis=1)) >= 0.9  # the labels are the digits cropped
    assert np.allclose(targets[~digits], 0.1)  # candidates matching no digit: not a digit


def test_mindspore_finetune_one_short_epoch(weights_copy, mnist_path):
    ckpt = weights_copy / "lenet5_mindspore.ckpt"
    code = mindspore_finetune.main(["--data", str(mnist_path), "--scenes", "3", "--epochs", "1", "--weights", str(ckpt),
                                    "--reports", str(weights_copy / "r")])
    assert code == 0
    entry = read_json(weights_copy / "MANIFEST.json")["lenet5_mindspore.ckpt"]
    assert "train.mindspore_finetune --data" in entry["command"] and entry["test_accuracy"] > 0.9
    assert load_backend("mindspore", ckpt).predict(np.zeros((2, 28, 28), np.uint8))[1].shape == (2, 10)


def test_export_checks_itself_and_has_a_dynamic_batch(weights_copy, mnist_path):
    (weights_copy / "lenet5_mindspore.onnx").unlink()
    assert export_onnx.main(["--only", "mindspore", "--weights-dir", str(weights_copy), "--data", str(mnist_path)]) == 0
    backend = load_backend("onnx", weights_copy / "lenet5_mindspore.onnx")
    for n in (1, 5, 64):
        assert backend.predict(np.zeros((n, 28, 28), np.uint8))[0].shape == (n,)


def test_export_fails_when_outputs_differ(weights_copy, mnist_path, monkeypatch):
    monkeypatch.setattr(export_onnx, "TOLERANCE", -1.0)  # nothing can be that close
    code = export_onnx.main(["--only", "torch", "--weights-dir", str(weights_copy), "--data", str(mnist_path)])
    assert code == 1 and not (weights_copy / "lenet_torch.onnx").exists()


def test_evaluate_prints_accuracy_agreement_and_speed(capsys, mnist_path):
    code = evaluate.main(["--backend", "onnx,opencv", "--limit", "500", "--seconds", "0.1", "--data", str(mnist_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "onnx" in out and "opencv 100.00%" in out and "batch 64" in out


def test_evaluate_unknown_backend_is_a_clean_error(capsys, mnist_path):
    assert evaluate.main(["--backend", "nope", "--data", str(mnist_path)]) == 2
    assert "unknown backend" in capsys.readouterr().err


def test_mindspore_training_resumes_after_interrupt(tmp_path, mnist_path, monkeypatch):
    args = ["--data", str(mnist_path), "--epochs", "2", "--limit", "320", "--out", str(tmp_path / "m.ckpt"),
            "--reports", str(tmp_path / "r"), "--raw-dir", str(tmp_path / "raw")]
    real_end = mindspore_train.EpochEnd.on_train_epoch_end

    def interrupt_after_first_epoch(self, run_context):
        real_end(self, run_context)
        raise KeyboardInterrupt

    monkeypatch.setattr(mindspore_train.EpochEnd, "on_train_epoch_end", interrupt_after_first_epoch)
    assert mindspore_train.main(args) == 130
    assert (tmp_path / "m.state.ckpt").exists() and not (tmp_path / "m.ckpt").exists()
    monkeypatch.setattr(mindspore_train.EpochEnd, "on_train_epoch_end", real_end)
    assert mindspore_train.main(args + ["--resume"]) == 0
    assert [h["epoch"] for h in read_json(tmp_path / "r" / "metrics.json")["history"]] == [1, 2]


@pytest.mark.parametrize("script, args, message", [
    (torch_train, ["--out", "{tmp}"], "is a folder"),
    (mindspore_train, ["--reports", "{file}"], "is a file, not a folder"),
    (torch_train, ["--out", "{file}/lenet.pt"], "is a file, not a folder"),
    (mindspore_finetune, ["--scenes", "0"], "positive whole number"),
    (evaluate, ["--limit", "-3"], "positive whole number"),
    (evaluate, ["--json", "{tmp}"], "is a folder"),
])
def test_bad_outputs_and_counts_are_refused_before_training(tmp_path, capsys, script, args, message):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("")
    args = [arg.format(tmp=tmp_path, file=a_file) for arg in args]
    with pytest.raises(SystemExit) as exit_:  # argparse's error: one line, exit 2, before any work
        script.main(args)
    assert exit_.value.code == 2 and message in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # nothing written

