"""The zoo's toy games: the Jacobian of the vector field at the equilibrium by autodiff (Game.jacobian) against the
closed forms derived in numerics_of_gans.zoo.games, the equilibrium a zero of the field, the losses as written in
the docstring, the bilinear matrix's condition number, reset and the settings' checks."""
import numpy as np
import pytest
import tensorflow as tf

from numerics_of_gans.errors import SettingsError
from numerics_of_gans.zoo.games import (DIRAC_OBJECTIVES, bilinear_game, bilinear_matrix, dirac_eigenvalues,
                                        dirac_gan, noise_quadrature)

REGULARISERS = [(0.0, 0.0), (1.0, 0.0), (0.3, 0.0), (3.0, 0.0), (0.0, 0.5), (0.0, 2.0), (0.7, 0.8)]


def sorted_eigenvalues(values):
    """By real part, then imaginary part, each rounded so that round-off (1e-16) does not decide the order."""
    values = np.asarray(values, dtype=complex)
    return values[np.lexsort((np.round(values.imag, 9), np.round(values.real, 9)))]


def softplus(t):
    return np.logaddexp(0.0, t)


@pytest.mark.parametrize("objective", DIRAC_OBJECTIVES)
@pytest.mark.parametrize("gamma, sigma", REGULARISERS)
def test_dirac_jacobian_at_the_equilibrium_is_the_closed_form(objective, gamma, sigma):
    toy = dirac_gan(objective, gamma=gamma, sigma=sigma, dtype="float64")
    toy.reset(toy.equilibrium)
    game = toy.game()
    np.testing.assert_allclose(game.vector_field().numpy(), 0.0, atol=1e-15)
    J = game.jacobian().numpy()
    a = 1.0 if objective == "wgan" else 0.5
    b = 0.0 if objective == "wgan" else -0.25
    np.testing.assert_allclose(J, [[0.0, -a], [a, 2 * b * sigma ** 2 - gamma]], atol=1e-12)
    np.testing.assert_allclose(sorted_eigenvalues(np.linalg.eigvals(J)), sorted_eigenvalues(toy.eigenvalues),
                               atol=1e-6)


def test_the_named_closed_forms():
    """+- i f'(0); R1: -gamma/2 +- sqrt(gamma^2/4 - f'(0)^2);
    instance noise: f''(0) sigma^2 +- sqrt(f''(0)^2 sigma^4 - f'(0)^2)."""
    np.testing.assert_allclose(sorted_eigenvalues(dirac_eigenvalues("standard")), [-0.5j, 0.5j])
    np.testing.assert_allclose(sorted_eigenvalues(dirac_eigenvalues("wgan")), [-1j, 1j])
    gamma = 0.6
    root = np.sqrt(complex(gamma ** 2 / 4 - 0.25))
    np.testing.assert_allclose(sorted_eigenvalues(dirac_eigenvalues("standard", gamma=gamma)),
                               sorted_eigenvalues([-gamma / 2 + root, -gamma / 2 - root]))
    sigma = 1.5
    root = np.sqrt(complex(0.0625 * sigma ** 4 - 0.25))
    np.testing.assert_allclose(sorted_eigenvalues(dirac_eigenvalues("non_saturating", sigma=sigma)),
                               sorted_eigenvalues([-0.25 * sigma ** 2 + root, -0.25 * sigma ** 2 - root]))
    assert np.all(dirac_eigenvalues("wgan", sigma=sigma).real == 0)   # noise does not help the WGAN


def test_dirac_losses_are_the_written_formulas_away_from_the_equilibrium():
    """standard: L = f(psi theta) + f(0); non_saturating: g_loss = softplus(psi theta); wgan: L = psi theta; R1 adds
    gamma/2 psi^2 to d_loss."""
    theta, psi = 0.8, -1.3
    f = lambda t: -softplus(-t)   # noqa: E731
    for objective, value, g_loss in [("standard", f(psi * theta) + f(0.0), f(psi * theta) + f(0.0)),
                                     ("non_saturating", f(psi * theta) + f(0.0), softplus(psi * theta)),
                                     ("wgan", psi * theta, psi * theta)]:
        toy = dirac_gan(objective, gamma=2.0, start=(theta, psi), dtype="float64")
        d, g = (t.numpy() for t in toy.loss_fn())
        assert g == pytest.approx(g_loss, rel=1e-12)
        assert d == pytest.approx(-value + psi ** 2, rel=1e-12)


def test_the_noise_expectation_is_a_gauss_hermite_quadrature():
    values, weights = noise_quadrature(0.7, 20)
    moments = [np.sum(weights * values ** k) for k in range(6)]
    np.testing.assert_allclose(moments, [1.0, 0.0, 0.49, 0.0, 3 * 0.7 ** 4, 0.0], atol=1e-12)
    theta, psi, sigma = 0.8, -1.3, 0.7
    grid = np.linspace(-12 * sigma, 12 * sigma, 200001)
    density = np.exp(-grid ** 2 / (2 * sigma ** 2)) / np.sqrt(2 * np.pi * sigma ** 2)
    expect = lambda g: np.trapezoid(g * density, grid)   # noqa: E731
    f = lambda t: -softplus(-t)   # noqa: E731
    value = expect(f(psi * (theta + grid))) + expect(f(-psi * grid))
    toy = dirac_gan("standard", sigma=sigma, start=(theta, psi), dtype="float64")
    assert toy.loss_fn()[1].numpy() == pytest.approx(value, rel=1e-9)
    wgan = dirac_gan("wgan", sigma=sigma, start=(theta, psi), dtype="float64")
    assert wgan.loss_fn()[1].numpy() == pytest.approx(psi * theta, rel=1e-12)   # the closed form


def test_the_non_saturating_field_differs_from_the_standard_one_away_from_the_equilibrium():
    fields = [dirac_gan(o, start=(0.8, -1.3), dtype="float64").game().vector_field().numpy()
              for o in ("standard", "non_saturating")]
    assert fields[0][1] == fields[1][1] and abs(fields[0][0] - fields[1][0]) > 0.1
    # v_theta = -d/dtheta g_loss: -psi sigmoid(-psi theta) (standard), -psi sigmoid(psi theta) (non-saturating)
    sigmoid = lambda t: 1 / (1 + np.exp(-t))   # noqa: E731
    assert fields[0][0] == pytest.approx(1.3 * sigmoid(1.3 * 0.8), rel=1e-12)
    assert fields[1][0] == pytest.approx(1.3 * sigmoid(-1.3 * 0.8), rel=1e-12)


@pytest.mark.parametrize("dim, cond", [(1, 1.0), (2, 10.0), (5, 1.0), (6, 100.0)])
def test_bilinear_jacobian_and_condition_number(dim, cond):
    toy = bilinear_game(dim, cond, seed=3, dtype="float64")
    A = toy.settings["matrix"]
    assert np.linalg.cond(A) == pytest.approx(cond, rel=1e-9)
    np.testing.assert_allclose(np.linalg.svd(A, compute_uv=False), cond ** (-np.arange(dim) / max(dim - 1, 1)),
                               rtol=1e-9)
    toy.reset(toy.equilibrium)
    game = toy.game()
    np.testing.assert_allclose(game.vector_field().numpy(), 0.0, atol=0)
    J = game.jacobian().numpy()
    zero = np.zeros((dim, dim))
    np.testing.assert_allclose(J, np.block([[zero, -A], [A.T, zero]]), atol=1e-12)
    np.testing.assert_allclose(sorted_eigenvalues(np.linalg.eigvals(J)), sorted_eigenvalues(toy.eigenvalues),
                               atol=1e-6)


def test_bilinear_losses_field_and_seed():
    toy = bilinear_game(3, 4.0, seed=1, dtype="float64")
    A = toy.settings["matrix"]
    x, y = np.arange(1.0, 4.0), np.array([0.5, -1.0, 2.0])
    toy.reset(np.concatenate([x, y]))
    d_loss, g_loss = (t.numpy() for t in toy.loss_fn())
    assert g_loss == pytest.approx(x @ A @ y, rel=1e-12) and d_loss == -g_loss
    np.testing.assert_allclose(toy.game().vector_field().numpy(), np.concatenate([-A @ y, A.T @ x]), rtol=1e-12)
    np.testing.assert_array_equal(bilinear_matrix(3, 4.0, seed=1)[0], A)
    assert not np.allclose(bilinear_matrix(3, 4.0, seed=2)[0], A)


def test_reset_unpacking_and_dtype():
    toy = dirac_gan("standard", start=(0.5, -2.0))
    loss_fn, d_vars, g_vars, equilibrium = toy
    assert g_vars[0].dtype == tf.float32 and (g_vars, d_vars) == (toy.g_vars, toy.d_vars)
    np.testing.assert_array_equal(toy.point(), [0.5, -2.0])
    toy.reset([0.0, 0.0])
    assert toy.distance() == 0 and list(equilibrium) == [0.0, 0.0]
    toy.reset()
    np.testing.assert_array_equal(toy.point(), [0.5, -2.0])
    with pytest.raises(SettingsError, match="coordinates"):
        toy.reset([1.0, 2.0, 3.0])
    assert bilinear_game(2).point().tolist() == [1.0] * 4


@pytest.mark.parametrize("make, field", [
    (lambda: dirac_gan("hinge"), "objective"),
    (lambda: dirac_gan(gamma=-1.0), "gamma"),
    (lambda: dirac_gan(sigma=float("nan")), "sigma"),
    (lambda: dirac_gan(sigma=1.0, noise_points=1), "noise_points"),
    (lambda: dirac_gan(dtype="int32"), "dtype"),
    (lambda: bilinear_game(0), "dim"),
    (lambda: bilinear_game(3, cond=0.5), "cond"),
    (lambda: bilinear_game(1, cond=10.0), "cond"),
    (lambda: bilinear_game(2, seed=-1), "seed"),
])
def test_bad_settings_raise_settings_error_naming_the_field(make, field):
    with pytest.raises(SettingsError, match=field):
        make()
