"""Which devices a job uses, and what TensorFlow sees: the GPU path of the paper scale.

    python -m numerics_of_gans devices                 # what TensorFlow sees: GPUs, CUDA/cuDNN of the build, TF32
    python -m numerics_of_gans devices --scale paper   # exits 3 with what to install if that scale needs a GPU

- `use_gpus(n)`: called by the command line (`--gpus`, the job's `gpu` resource) before TensorFlow touches a device.
  0 hides every GPU (a job that declares no GPU must not take memory on one). n >= 1 takes n GPUs that no other job
  of this machine holds: an exclusive lock on one file per GPU, which the kernel releases when the process ends, even
  when killed; under SLURM the scheduler has already narrowed CUDA_VISIBLE_DEVICES to the job's own GPUs. Memory grows
  on demand, so a job takes what it needs rather than the whole card.
- `require_gpu()`: the guard of the paper scale's image jobs (config `images.require_gpu`): no GPU visible -> stop
  within seconds, before anything is written, saying what to install. Without it TensorFlow silently trains on the
  CPU (the CPU-only pip wheel, or CUDA libraries that do not load), which at paper scale means months.
  A job with a GPU computes in full float32 (TF32 off, as the paper's GPUs did) unless config images.tf32 allows it.
- `describe()`: the devices used and the build's CUDA/cuDNN versions and TF32 setting, recorded in every image run's
  final.json and in C1's DC-GAN timing.
"""
from __future__ import annotations

import fcntl
import os
import sys
import tempfile
import time
from pathlib import Path

from numerics_of_gans.errors import Unavailable

# "1" allows TensorFloat-32 on Ampere and newer GPUs (config images.tf32, set for every job by rules/common.smk);
# otherwise matmuls and convolutions run in full float32, as on the paper's GPUs. TensorFlow's own default is on:
# TF32 rounds their inputs to a 10-bit mantissa.
TF32_ENV = "NUMERICS_OF_GANS_TF32"

GPU_INSTALL = (
    "On a Linux machine with an NVIDIA GPU: `make paper` installs TensorFlow with its CUDA libraries "
    "(requirements-gpu.txt: tensorflow[and-cuda]); by hand: .venv/bin/pip install -r requirements-gpu.txt "
    "-c constraints.txt. The NVIDIA driver must support CUDA 12.9 (driver 575 or newer; `nvidia-smi` shows it). "
    "`python -m numerics_of_gans devices` prints what TensorFlow sees. To train on the CPU on purpose (months at "
    "paper scale), run with --config 'images={\"require_gpu\": false}'.")
LOCK_DIR = Path(os.environ.get("NUMERICS_OF_GANS_GPU_LOCKS", Path(tempfile.gettempdir()) / "numerics_of_gans-gpus"))
_held_locks: list = []   # open lock files: kept for the life of the process


def _lock_key(index: int) -> str:
    """A name for visible GPU `index` that every process on this machine agrees on (the CUDA_VISIBLE_DEVICES entry
    when the scheduler set one, else the index)."""
    visible = [v for v in os.environ.get("CUDA_VISIBLE_DEVICES", "").split(",") if v.strip()]
    return visible[index].strip() if index < len(visible) else str(index)


def _try_lock(key: str):
    LOCK_DIR.mkdir(parents=True, exist_ok=True)
    fh = open(LOCK_DIR / f"gpu-{key}.lock", "w")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        return None
    fh.write(f"{os.getpid()}\n")
    fh.flush()
    return fh


def pick_free(n_visible: int, wanted: int, poll_s: float = 5.0, log=None) -> list[int]:
    """Indices of `wanted` visible GPUs locked for this process; waits while fewer are free (more jobs than
    `--resources gpu=N` allows would otherwise share a card)."""
    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    if wanted >= n_visible:
        return list(range(n_visible))   # all of them: the scheduler gave us exactly these (or there is no choice)
    waited = 0.0
    while True:
        chosen, locks = [], []
        for i in range(n_visible):
            fh = _try_lock(_lock_key(i))
            if fh is not None:
                chosen.append(i)
                locks.append(fh)
                if len(chosen) == wanted:
                    _held_locks.extend(locks)
                    return chosen
        for fh in locks:   # not enough free: give back what we took, so two waiting jobs cannot deadlock
            fh.close()
        if waited % 60 == 0:
            log(f"waiting for {wanted} free GPU(s) of {n_visible} (locks in {LOCK_DIR}); pass --resources gpu=N "
                f"to snakemake with N the number of GPUs so that jobs never wait here")
        time.sleep(poll_s)
        waited += poll_s


def use_gpus(n: int) -> None:
    """Make exactly the GPUs this job declared visible to TensorFlow (see the module docstring)."""
    if n == 0:
        os.environ["CUDA_VISIBLE_DEVICES"] = ""    # before TensorFlow initialises CUDA
        return
    import tensorflow as tf
    tf.config.experimental.enable_tensor_float_32_execution(os.environ.get(TF32_ENV) == "1")
    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return   # require_gpu() decides whether that is an error
    chosen = [gpus[i] for i in pick_free(len(gpus), n)]
    tf.config.set_visible_devices(chosen, "GPU")
    for gpu in chosen:
        tf.config.experimental.set_memory_growth(gpu, True)


def require_gpu(what: str) -> None:
    """Stop (Unavailable, exit 3) unless TensorFlow sees a GPU. `what` names the job for the message."""
    import tensorflow as tf
    if tf.config.list_physical_devices("GPU"):
        return
    raise Unavailable(f"{what} needs a GPU (config images.require_gpu is true at this scale), but "
                      f"{_why_no_gpu(tf.sysconfig.get_build_info())}. {GPU_INSTALL}")


def _why_no_gpu(build: dict) -> str:
    """The most likely reason TensorFlow sees no GPU, from what can be checked without one."""
    import importlib.util
    import shutil
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if not build.get("is_cuda_build"):
        return "this TensorFlow has no CUDA support"
    if visible is not None and not visible.strip():
        return "CUDA_VISIBLE_DEVICES is empty (this job declared no GPU, or the scheduler gave it none)"
    if importlib.util.find_spec("nvidia") is None or importlib.util.find_spec("nvidia.cudnn") is None:
        return "TensorFlow's CUDA libraries are not installed (the plain tensorflow wheel brings none)"
    if not shutil.which("nvidia-smi"):
        return "no NVIDIA driver was found (no nvidia-smi on the PATH)"
    return (f"the CUDA {build.get('cuda_version')} / cuDNN {build.get('cudnn_version')} runtime did not start "
            f"(an older driver, or CUDA_VISIBLE_DEVICES={visible!r}; the log above says what failed)")


def describe() -> dict:
    """The GPUs this process uses (name, compute capability), the build's CUDA/cuDNN, and whether TF32 is on."""
    import tensorflow as tf
    build = tf.sysconfig.get_build_info()
    gpus = []
    for device in tf.config.get_visible_devices("GPU"):
        details = tf.config.experimental.get_device_details(device)
        capability = details.get("compute_capability")
        gpus.append({"device": device.name, "name": details.get("device_name"),
                     "compute_capability": ".".join(map(str, capability)) if capability else None})
    return {
        "gpus": gpus,
        "cuda_build": bool(build.get("is_cuda_build")),
        "cuda_version": build.get("cuda_version"),
        "cudnn_version": build.get("cudnn_version"),
        # TF32 (on by default on Ampere and newer) rounds matmul/conv inputs to a 10-bit mantissa; the paper's GPUs
        # computed in full float32
        "tf32": bool(gpus) and tf.config.experimental.tensor_float_32_execution_enabled(),
        "cuda_visible_devices": os.environ.get("CUDA_VISIBLE_DEVICES"),
    }


def summary(info: dict) -> str:
    """One line for logs and the report: e.g. "1 GPU: NVIDIA A100 (cc 8.0); CUDA 12.5.1, cuDNN 9, TF32 on"."""
    if not info.get("gpus"):
        return "CPU only" + ("" if info.get("cuda_build") else " (TensorFlow without CUDA)")
    gpus = ", ".join(f"{g['name']} (cc {g['compute_capability']})" for g in info["gpus"])
    return (f"{len(info['gpus'])} GPU: {gpus}; CUDA {info['cuda_version']}, cuDNN {info['cudnn_version']}, "
            f"TF32 {'on' if info['tf32'] else 'off'}")
