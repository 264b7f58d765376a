"""The sample grids of an image run, the panels of Figures 4, 6, 9 and 10: at every evaluation an 8x8 grid of the
generator's images from one fixed latent batch (the same for every evaluation of a run and across resumes), saved
as samples/step_XXXXXXX.png in the run folder (read back by images.results)."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import tensorflow as tf

GRID = 64   # images per grid: 8x8


def fixed_latents(z_dim: int, seed: int) -> tf.Tensor:
    """The run's fixed latent batch: a function of its seed alone."""
    return tf.random.stateless_normal([GRID, z_dim], seed=[seed, 104729])


def write(generator, z: tf.Tensor, folder: Path, step: int) -> None:
    """The generator's images of `z` (inference mode: batch norm's moving statistics) as the grid of `step`."""
    grid_png(generator(z, training=False).numpy(), folder / "samples" / f"step_{step:07d}.png")


def grid_png(images: np.ndarray, path: Path) -> None:
    """Save [N, H, W, C] images in [-1, 1] as one square grid PNG (atomically)."""
    from PIL import Image

    from numerics_of_gans.io import atomic_path
    n = int(math.ceil(math.sqrt(len(images))))
    h, w, c = images.shape[1:]
    grid = np.ones((n * h, n * w, c), np.float32)
    for i, img in enumerate(images):
        grid[(i // n) * h:(i // n + 1) * h, (i % n) * w:(i % n + 1) * w] = img
    pixels = np.clip(np.round((grid + 1.0) * 127.5), 0, 255).astype(np.uint8)
    with atomic_path(path) as tmp:
        Image.fromarray(pixels[..., 0] if c == 1 else pixels).save(tmp, format="PNG")
