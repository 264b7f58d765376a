"""The GPU path without a GPU: the guard stops a paper-scale job within seconds and writes nothing; a job that
declares no GPU hides them; several jobs on one machine take different GPUs; the devices are recorded."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from numerics_of_gans import devices
from numerics_of_gans.cli import main

TRAIN = ["train", "--dataset", "digits", "--arch", "dcgan3_nobn", "--method", "conopt", "--steps", "2",
         "--batch-size", "4", "--z-dim", "4", "--width", "2", "--eval-every", "2"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CUDA_VISIBLE_DEVICES"}
    return subprocess.run([sys.executable, "-m", "numerics_of_gans", *args], capture_output=True, text=True, env=env)


def test_paper_training_job_without_gpu_stops_before_training_names_the_fix_and_writes_nothing(tmp_path):
    # before any step (no progress line, no run folder); no wall-clock bound: a loaded CI machine made one flaky
    proc = _cli("--gpus", "1", *TRAIN, "--require-gpu", "--out", str(tmp_path / "run"))
    assert proc.returncode == 3 and "steps/s" not in proc.stderr and proc.stdout == ""
    err = proc.stderr
    assert "image training" in err and "needs a GPU" in err
    assert "requirements-gpu.txt" in err and "images.require_gpu" in err and "Traceback" not in err
    assert not (tmp_path / "run").exists()


def test_without_the_guard_it_trains_on_the_cpu(tmp_path):
    assert main(["--gpus", "1", *TRAIN, "--out", str(tmp_path / "run")]) == 0
    final = json.loads((tmp_path / "run" / "final.json").read_text())
    assert final["status"] == "completed"
    assert final["devices"]["gpus"] == [] and final["devices"]["tf32"] is False
    assert set(final["devices"]) >= {"cuda_version", "cudnn_version", "cuda_build"}


def test_dcgan_step_cost_guard(tmp_path, capsys):
    out = tmp_path / "dcgan.json"
    params = {"arch": "dcgan3_nobn", "width": 2, "batch_size": 2, "z_dim": 2, "image_size": 32, "warmup_steps": 0,
              "timed_steps": 1, "repeats": 1, "seed": 0}
    assert main(["step-cost", "--model", "dcgan", "--out", str(out), "--params", json.dumps(params),
                 "--require-gpu"]) == 3
    assert "C1's dcgan step-cost timing needs a GPU" in capsys.readouterr().err and not out.exists()


def test_devices_command_and_scale_check():
    proc = _cli("--gpus", "0", "devices")
    assert proc.returncode == 0 and "CPU only" in proc.stdout
    assert json.loads(proc.stdout[proc.stdout.index("{"):])["cuda_visible_devices"] == ""   # --gpus 0 hides them
    assert _cli("devices", "--scale", "cpu").returncode == 0
    paper = _cli("devices", "--scale", "paper")
    assert paper.returncode == 3 and "the paper scale needs a GPU" in paper.stderr


def test_jobs_take_different_gpus_and_wait_when_none_is_free(tmp_path, monkeypatch):
    monkeypatch.setattr(devices, "LOCK_DIR", tmp_path)
    monkeypatch.setattr(devices, "_held_locks", [])
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "5,7,9")          # e.g. what a scheduler gave this machine's jobs
    assert [devices.pick_free(3, 1) for _ in range(3)] == [[0], [1], [2]]   # each call: another "job"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gpu-5.lock", "gpu-7.lock", "gpu-9.lock"]

    def no_wait(seconds):
        raise TimeoutError("would wait")
    monkeypatch.setattr(devices.time, "sleep", no_wait)
    with pytest.raises(TimeoutError):
        devices.pick_free(3, 1, log=lambda msg: None)             # all three held: a fourth job waits
    devices._held_locks.pop(1).close()                            # the job on GPU 7 ends
    assert devices.pick_free(3, 1) == [1]
    assert devices.pick_free(1, 1) == [0]                         # the only visible GPU: the scheduler's choice


def test_a_lock_is_released_when_its_process_is_killed(tmp_path):
    code = (f"import pathlib, time; from numerics_of_gans import devices; devices.LOCK_DIR = pathlib.Path({str(tmp_path)!r}); "
            f"print(devices.pick_free(2, 1), flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "[0]"
        devices.LOCK_DIR, saved = tmp_path, devices.LOCK_DIR
        try:
            assert devices._try_lock("0") is None                 # held by the other process
            holder.kill()
            holder.wait()
            fh = devices._try_lock("0")                           # the kernel released it
            assert fh is not None
            fh.close()
        finally:
            devices.LOCK_DIR = saved
    finally:
        holder.kill()
        holder.wait()


def test_describe_and_summary_on_cpu():
    info = devices.describe()
    assert info["gpus"] == [] and devices.summary(info).startswith("CPU only")
    gpu = {"gpus": [{"name": "NVIDIA A100", "compute_capability": "8.0"}], "cuda_version": "12.5.1",
           "cudnn_version": "9", "tf32": True}
    assert devices.summary(gpu) == "1 GPU: NVIDIA A100 (cc 8.0); CUDA 12.5.1, cuDNN 9, TF32 on"


def test_the_reason_given_for_no_gpu(monkeypatch):
    import importlib.util
    import shutil
    cuda = {"is_cuda_build": True, "cuda_version": "12.5.1", "cudnn_version": "9"}
    assert "no CUDA support" in devices._why_no_gpu({"is_cuda_build": False})
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    assert "CUDA_VISIBLE_DEVICES is empty" in devices._why_no_gpu(cuda)
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)          # the plain CPU wheel's case
    assert "CUDA libraries are not installed" in devices._why_no_gpu(cuda)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())      # tensorflow[and-cuda] installed
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert "no NVIDIA driver" in devices._why_no_gpu(cuda)
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/nvidia-smi")
    assert "runtime did not start" in devices._why_no_gpu(cuda)


@pytest.mark.parametrize("value, enabled", [(None, False), ("0", False), ("1", True)])
def test_tf32_is_off_unless_the_config_allows_it(monkeypatch, value, enabled):
    """A GPU job computes in float32 as the paper did (TensorFlow's default would be TF32 on Ampere and newer)."""
    import tensorflow as tf
    if value is None:
        monkeypatch.delenv(devices.TF32_ENV, raising=False)
    else:
        monkeypatch.setenv(devices.TF32_ENV, value)
    before = tf.config.experimental.tensor_float_32_execution_enabled()
    try:
        devices.use_gpus(1)
        assert tf.config.experimental.tensor_float_32_execution_enabled() is enabled
    finally:
        tf.config.experimental.enable_tensor_float_32_execution(before)
