"""images.sample_grids: N images as one square grid PNG, the fixed latent batch of a run, and the file of a step."""
from __future__ import annotations

import numpy as np


def test_images_fill_a_square_grid_row_by_row_and_the_rest_stays_white(tmp_path):
    from PIL import Image

    from numerics_of_gans.images.sample_grids import grid_png
    images = np.stack([np.full((2, 3, 1), v, np.float32) for v in (-1.0, 0.0, 1.0, -1.0, 0.5)])
    grid_png(images, tmp_path / "g.png")
    pixels = np.asarray(Image.open(tmp_path / "g.png"))
    assert pixels.shape == (6, 9)                       # 5 images: a 3x3 grid of 2x3 images, grey scale
    assert [pixels[0, 0], pixels[0, 3], pixels[0, 6], pixels[2, 0], pixels[2, 3]] == [0, 128, 255, 0, 191]
    assert (pixels[2:4, 6:] == 255).all() and (pixels[4:] == 255).all()   # empty cells: white
    assert [p.name for p in tmp_path.iterdir()] == ["g.png"]                # written atomically, nothing left over


def test_the_grid_of_a_step_shows_the_generator_on_the_runs_fixed_latents(tmp_path):
    import tensorflow as tf
    from PIL import Image

    from numerics_of_gans.images import sample_grids
    z = sample_grids.fixed_latents(3, seed=5)
    assert z.shape == (64, 3) and np.array_equal(z, sample_grids.fixed_latents(3, seed=5))
    assert not np.array_equal(z, sample_grids.fixed_latents(3, seed=6))
    calls = []

    def generator(z, training):
        calls.append(training)
        return tf.zeros([z.shape[0], 4, 4, 3])
    sample_grids.write(generator, z, tmp_path, 120)
    assert calls == [False]   # inference mode: batch norm's moving statistics
    assert Image.open(tmp_path / "samples" / "step_0000120.png").size == (32, 32)   # 8x8 images of 4x4
