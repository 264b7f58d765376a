"""Figure 3 / E3 spectra (numerics_of_gans.mog.spectrum) on a tiny MoG model and hand-made matrices."""
from __future__ import annotations

import numpy as np
import pytest

from numerics_of_gans.mog import model as mog, spectrum as ms
from consensus_optimization.games import Game, flatten

TINY = mog.MoGSetting(z_dim=3, g_layers=2, g_units=4, d_layers=2, d_units=5, batch_size=16)


def test_layer_shapes_match_the_keras_models():
    g, d = mog.build_generator(mog.MoGSetting(), 0), mog.build_discriminator(mog.MoGSetting(), 0)
    gs, ds = mog.layer_shapes(mog.MoGSetting())
    assert [tuple(v.shape) for v in g.trainable_variables] == gs
    assert [tuple(v.shape) for v in d.trainable_variables] == ds
    assert sum(int(np.prod(s)) for s in gs + ds) == 2003


def test_jacobian_equals_game_jacobian():
    # the forward-over-reverse Jacobian of the functional copy = games.Game.jacobian of the Keras models
    g, d = mog.build_generator(TINY, 1), mog.build_discriminator(TINY, 1)
    real, z = mog.sample_target(TINY, 16, [1, 2]), mog.sample_latent(TINY, 16, [1, 3])
    game = Game(mog.make_loss_fn(TINY, g, d, real, z), d.trainable_variables, g.trainable_variables)
    x = flatten(game.variables)
    field, n = ms.make_field(TINY)
    assert n == game.size
    np.testing.assert_allclose(field(x, real, z).numpy(), game.vector_field().numpy(), atol=1e-6)
    np.testing.assert_allclose(ms.make_jacobian(TINY)(x, real, z).numpy(), game.jacobian().numpy(), atol=2e-5)


def test_regularised_jacobian_by_hand():
    # J = rotation generator: J^T J = I, so w' = J - gamma I has eigenvalues -gamma +- i (moved left by gamma)
    j = np.array([[0.0, 1.0], [-1.0, 0.0]])
    np.testing.assert_allclose(ms.regularised_jacobian(j, 3.0), [[-3.0, 1.0], [-1.0, -3.0]])
    eig = np.sort_complex(ms.eigenvalues(ms.regularised_jacobian(j, 3.0)))
    np.testing.assert_allclose(eig, [-3 - 1j, -3 + 1j], atol=1e-6)


def test_single_precision_eigenvalues_agree_with_double():
    a = np.random.default_rng(0).normal(size=(40, 40))
    np.testing.assert_allclose(np.sort_complex(ms.eigenvalues(a)), np.sort_complex(ms.eigenvalues(a, np.float64)),
                               atol=1e-4)


def test_summary_by_hand():
    eigs = np.array([0.0, 1e-9, -0.01 + 1j, -0.01 - 1j, -1 + 1j, 0.5 + 0.001j, -2.0])
    s = ms.summarize(eigs)
    assert (s["n"], s["n_near_zero"], s["n_rotational"], s["n_real_or_small_imag"]) == (7, 2, 3, 2)
    assert s["frac_rotational_near_axis"] == pytest.approx(2 / 3)         # -0.01 +- 1i are, -1 + 1i is not
    assert s["median_re_over_abs_im"] == pytest.approx(-0.01)
    assert (s["max_re"], s["min_re"]) == (0.5, -2.0)


def test_compute_spectrum_and_plot(tmp_path):
    from numerics_of_gans.io import read_json, write_json
    from numerics_of_gans.plots import fig03_mog_eigenvalues
    g, d = mog.build_generator(TINY, 0), mog.build_discriminator(TINY, 0)
    x0 = flatten([v.value for v in g.trainable_variables + d.trainable_variables]).numpy()
    rng = np.random.default_rng(0)
    weights = {"initial": x0, "final": x0 + 0.05 * rng.normal(size=x0.shape).astype(np.float32)}
    r = ms.compute_spectrum(weights, seed=0, gamma=10.0, n_minibatches=2, setting=TINY, log=None)
    assert len(r["after"]["eig_v"]) == x0.size and r["n_parameters"] == x0.size
    assert r["after"]["summary_v"]["n"] == x0.size and set(r["timing"]) == {"initial", "final"}
    write_json(tmp_path / "s.json", r)
    fig03_mog_eigenvalues.plot({"spectra": [read_json(tmp_path / "s.json")] * 3}, tmp_path / "fig03_mog_eigenvalues.pdf", "t")
    assert (tmp_path / "fig03_mog_eigenvalues.png").exists()
