"""The spectral radius of each method's implemented update at the equilibrium (update_jacobian, central differences
through GameOptimizer.step) against its closed form (spectra.py derives each), heavy-ball momentum against the
independent operator of theory.bilinear_momentum, lookahead-minmax over SimGA converging for small h, and the
simulated verdict against the predicted one. Step sizes are exact in float32 (the Keras learning rate's dtype)."""
import numpy as np
import pytest

from consensus_optimization.names import GAME_METHODS
from numerics_of_gans.errors import SettingsError
from numerics_of_gans.theory import bilinear_momentum
from numerics_of_gans.zoo.games import bilinear_game, dirac_gan
from numerics_of_gans.zoo.spectra import (closed_form_eigenvalues, closed_form_rho, horizon_verdict,
                                          predicted_verdict, simulate, update_jacobian, verdict)

GAMES = {
    "bilinear1": lambda: bilinear_game(1, dtype="float64"),
    "bilinear2": lambda: bilinear_game(2, 2.0, seed=1, dtype="float64"),
    "bilinear3": lambda: bilinear_game(3, 4.0, seed=2, dtype="float64"),
    "dirac": lambda: dirac_gan("standard", dtype="float64"),
    "dirac_near": lambda: dirac_gan("standard", start=(0.05, 0.05), dtype="float64"),
    "dirac_wgan": lambda: dirac_gan("wgan", dtype="float64"),
    "dirac_r1=0.5": lambda: dirac_gan("standard", gamma=0.5, dtype="float64"),
    "dirac_r1=3": lambda: dirac_gan("standard", gamma=3.0, dtype="float64"),
    "dirac_noise=0.8": lambda: dirac_gan("standard", sigma=0.8, dtype="float64"),
    "dirac_noise=1.5": lambda: dirac_gan("standard", sigma=1.5, dtype="float64"),
}
WITH_GAMMA = ("conopt", "sga", "smoothing")


@pytest.fixture(scope="module")
def games():
    made = {}

    def get(name):
        if name not in made:
            made[name] = GAMES[name]()
        return made[name]
    return get


def hypers(method):
    return [{"gamma": g} for g in (0.5, 2.0)] if method in WITH_GAMMA else [{}]


CLOSED_FORM_CASES = (
    [("bilinear3", m, h, hy) for m in GAME_METHODS for h in (0.25, 0.75) for hy in hypers(m)]
    + [("dirac", m, 0.75, {"gamma": 1.0}) for m in GAME_METHODS]
    + [("dirac_wgan", m, 0.25, {"gamma": 1.0}) for m in ("altga", "conopt", "cgd")]
    + [(g, "simga", h, {}) for g in ("dirac_r1=0.5", "dirac_r1=3", "dirac_noise=0.8", "dirac_noise=1.5")
       for h in (0.25, 0.75)]
    + [(g, m, 0.5, {}) for g in ("dirac_r1=3", "dirac_noise=1.5") for m in ("extragradient", "optimistic")]
    + [("bilinear1", "altga", h, {}) for h in (1.875, 2.25)]       # h s just inside and beyond 2
    + [("bilinear3", m, 0.5, {"gamma": 1.0, "lookahead": (5, 0.5)}) for m in ("extragradient", "conopt", "cgd")]
)


@pytest.mark.parametrize("game, method, h, hyper", CLOSED_FORM_CASES,
                         ids=lambda v: str(v).replace(" ", ""))
def test_rho_of_the_implemented_update_is_the_closed_form(games, game, method, h, hyper):
    toy = games(game)
    M, rho = update_jacobian(toy, method, h, **hyper)
    expected = closed_form_rho(toy, method, h, **hyper)
    assert expected is not None
    assert rho == pytest.approx(expected, abs=1e-6)
    n = toy.equilibrium.size
    assert M.shape == ((2 * n,) * 2 if method in ("optimistic", "past_extragradient") else (n, n))


def test_the_named_formulas():
    """The expressions of issue 28 / the brief, literally, against closed_form_rho (a = f'(0) = 1/2)."""
    dirac, bilinear = dirac_gan("standard"), bilinear_game(3, 4.0, seed=2)
    a, s = 0.5, bilinear.settings["singular_values"]
    for h in (0.1, 0.5, 1.5):
        for gamma in (0.3, 2.0):
            assert closed_form_rho(dirac, "conopt", h, gamma=gamma) == pytest.approx(
                np.sqrt((1 - h * gamma * a ** 2) ** 2 + h ** 2 * a ** 2), rel=1e-12)
            assert closed_form_rho(bilinear, "sga", h, gamma=gamma) == pytest.approx(
                np.sqrt((1 - h * gamma * s ** 2) ** 2 + h ** 2 * s ** 2).max(), rel=1e-12)
        assert closed_form_rho(dirac, "simga", h) == pytest.approx(np.sqrt(1 + h ** 2 * a ** 2), rel=1e-12)
        assert closed_form_rho(dirac, "altga", h) == pytest.approx(1.0, abs=1e-12)     # h a < 2
        for name, formula in [("simga", np.sqrt(1 + h ** 2 * s ** 2)),
                              ("extragradient", np.sqrt(1 - h ** 2 * s ** 2 + h ** 4 * s ** 4)),
                              ("hamiltonian", np.abs(1 - h * s ** 2)), ("cgd", 1 / np.sqrt(1 + h ** 2 * s ** 2))]:
            assert closed_form_rho(bilinear, name, h) == pytest.approx(formula.max(), rel=1e-12), name
        # optimistic and extrapolation from the past: for h s <= 1/2 the roots are real-part-split,
        # |x|^2 = (1 +- sqrt(1 - 4 h^2 s^2)) / 2; above, 1/4 + (h s + sqrt(h^2 s^2 - 1/4))^2
        hs = h * s
        optimistic = np.where(hs <= 0.5, np.sqrt((1 + np.sqrt(np.clip(1 - 4 * hs ** 2, 0, None))) / 2),
                              np.sqrt(0.25 + (hs + np.sqrt(np.clip(hs ** 2 - 0.25, 0, None))) ** 2))
        for name in ("optimistic", "past_extragradient"):
            assert closed_form_rho(bilinear, name, h) == pytest.approx(optimistic.max(), rel=1e-12)
    assert closed_form_rho(bilinear_game(1), "altga", 2.5) > 1          # h s > 2: a real root beyond -1
    for gamma in (0.5, 3.0):        # R1 and instance noise: 1 + h lam of the continuous eigenvalues
        lam = -gamma / 2 + np.array([1, -1]) * np.sqrt(complex(gamma ** 2 / 4 - a ** 2))
        assert closed_form_rho(dirac_gan(gamma=gamma), "simga", 0.25) == pytest.approx(np.abs(1 + 0.25 * lam).max())
        b, sigma = -0.25, gamma
        lam = b * sigma ** 2 + np.array([1, -1]) * np.sqrt(complex(b ** 2 * sigma ** 4 - a ** 2))
        assert closed_form_rho(dirac_gan(sigma=sigma), "simga", 0.25) == pytest.approx(np.abs(1 + 0.25 * lam).max())


def test_no_closed_form_where_none_is_derived():
    r1 = dirac_gan(gamma=1.0)
    assert closed_form_rho(r1, "conopt", 0.1) is None and closed_form_rho(r1, "altga", 0.1) is None
    assert closed_form_rho(bilinear_game(2), "simga", 0.1, momentum=-0.5) is None
    assert closed_form_rho(bilinear_game(2), "optimistic", 0.1, lookahead=(5, 0.5)) is None


@pytest.mark.parametrize("method, beta", [("simga", -0.3), ("altga", -0.3), ("altga", 0.3)])
def test_heavy_ball_momentum_against_the_bilinear_momentum_operator(games, method, beta):
    """The augmented map (z, heavy-ball buffers) has the spectrum of theory.bilinear_momentum's operator on
    (theta, phi, theta_prev, phi_prev), written independently; its alternating order is the generator first,
    ours the discriminator first: U_d U_g and U_g U_d have the same eigenvalues."""
    toy = games("bilinear3")
    M, rho = update_jacobian(toy, method, 0.5, momentum=beta)
    kind = "simultaneous" if method == "simga" else "alternating"
    assert M.shape == (12, 12)
    assert rho == pytest.approx(bilinear_momentum.spectral_radius(toy.settings["matrix"], 0.5, beta, kind), abs=1e-9)


def test_lookahead_over_simga_converges_for_small_h(games):
    """Chavdarova et al. 2021: one block of k SimGA steps, z0 -> alpha M^k z0 + (1 - alpha) z0, eigenvalues
    alpha (1 + h lam)^k + 1 - alpha, lam = +- i s. To second order in h, |.|^2 = 1 + alpha k h^2 s^2 (1 - (1 -
    alpha) k): contracting for small h iff (1 - alpha) k > 1 (k = 5, alpha = 1/2: 1 - 5/2 < 0), while SimGA alone
    expands, |1 + i h s|^2 = 1 + h^2 s^2."""
    toy = games("bilinear3")
    s = toy.settings["singular_values"]
    for h in (0.125, 0.25, 0.5):
        M, rho = update_jacobian(toy, "simga", h, lookahead=(5, 0.5))
        nu = 1 + 1j * h * s
        assert rho == pytest.approx(np.abs(0.5 * nu ** 5 + 0.5).max(), abs=1e-9)
        assert rho == pytest.approx(closed_form_rho(toy, "simga", h, lookahead=(5, 0.5)), abs=1e-9)
        assert rho < 1 < closed_form_rho(toy, "simga", h)
    for k, alpha in ((5, 0.5), (2, 0.3), (3, 0.9), (1, 0.5)):       # the second-order coefficient
        h = 1e-3
        rho2 = closed_form_rho(toy, "simga", h, lookahead=(k, alpha)) ** 2
        coefficient = alpha * k * (1 - (1 - alpha) * k)
        big = s[0] if coefficient > 0 else s[-1]     # the max over s: the largest s expands, the smallest contracts
        assert (rho2 - 1) / h ** 2 == pytest.approx(coefficient * big ** 2, rel=1e-2)
    assert closed_form_rho(toy, "simga", 0.125, lookahead=(1, 0.5)) > 1


VERDICT_CASES = [
    ("bilinear2", "simga", {}, "diverges"), ("bilinear2", "altga", {}, "cycles"),
    ("bilinear2", "extragradient", {}, "converges"), ("bilinear2", "optimistic", {}, "converges"),
    ("bilinear2", "past_extragradient", {}, "converges"), ("bilinear2", "conopt", {"gamma": 1.0}, "converges"),
    ("bilinear2", "sga", {"gamma": 1.0}, "converges"), ("bilinear2", "hamiltonian", {}, "converges"),
    ("bilinear2", "cgd", {}, "converges"), ("bilinear2", "smoothing", {"gamma": 1.0}, "converges"),
    ("bilinear2", "simga", {"lookahead": (5, 0.5)}, "converges"),
    ("bilinear2", "simga", {"momentum": -0.3}, "diverges"),
    ("bilinear2", "altga", {"momentum": -0.3}, "converges"),      # alternating negative momentum (Gidel et al.)
    ("dirac_wgan", "simga", {}, "diverges"), ("dirac_near", "simga", {}, "diverges"),
    ("dirac", "altga", {}, "cycles"), ("dirac", "conopt", {"gamma": 1.0}, "converges"),
    ("dirac_r1=0.5", "simga", {}, "converges"), ("dirac_noise=1.5", "simga", {}, "converges"),
]


@pytest.mark.parametrize("game, method, hyper, expected", VERDICT_CASES, ids=lambda v: str(v).replace(" ", ""))
def test_the_simulated_verdict_is_the_predicted_one(games, game, method, hyper, expected):
    """h = 1/2, 400 steps: every rho here is <= 0.992 or >= 1.03 (rho^400 <= 0.04 or >= 1.4e5) or 1. The
    standard Dirac-GAN under SimGA starts near the equilibrium: from (1, 1) its discriminator saturates
    (f'(psi theta) -> 0) and the distance stalls at 3.2 times the start, which the ratio calls cycling."""
    toy = games(game)
    _, rho = update_jacobian(toy, method, 0.5, **hyper)
    distances = simulate(toy, method, 0.5, 400, **hyper)
    assert distances.shape == (401,) and distances[0] == pytest.approx(toy.distance())
    assert predicted_verdict(rho) == verdict(distances) == expected


def test_verdict_rules():
    assert verdict([1.0, 5.0, 0.09]) == "converges"
    assert verdict([2.0, 0.1, 0.3]) == "cycles" and verdict([2.0, 19.0]) == "cycles"
    assert verdict([1.0, 11.0]) == "diverges" and verdict([1.0, np.inf]) == "diverges"
    assert verdict([1.0, np.nan]) == "diverges"
    assert verdict([1.0, 0.5], band=2.5) == "cycles" and verdict([1.0, 0.5], band=1.5) == "converges"
    for bad in ([1.0], [0.0, 1.0], [[1.0, 2.0]], [np.nan, 1.0]):
        with pytest.raises(SettingsError, match="distances"):
            verdict(bad)
    assert [predicted_verdict(r) for r in (0.5, 1 - 2e-6, 1 - 1e-7, 1.0, 1 + 1e-7, 1 + 2e-6)] == \
        ["converges", "converges", "cycles", "cycles", "cycles", "diverges"]
    assert predicted_verdict(0.99, tol=0.05) == "cycles"


def test_update_jacobian_restores_the_point_and_needs_float64():
    toy = dirac_gan(start=(0.3, -0.2), dtype="float64")
    update_jacobian(toy, "optimistic", 0.5)
    np.testing.assert_array_equal(toy.point(), [0.3, -0.2])
    simulate(toy, "altga", 0.5, 3)
    np.testing.assert_array_equal(toy.point(), [0.3, -0.2])
    with pytest.raises(SettingsError, match="float64"):
        update_jacobian(dirac_gan(), "simga", 0.5)
    with pytest.raises(SettingsError, match="steps"):
        simulate(toy, "simga", 0.5, 0)
    with pytest.raises(SettingsError, match="method"):
        closed_form_eigenvalues(toy, "adam", 0.5)


def test_the_prediction_at_the_simulated_horizon_uses_the_verdicts_rule():
    """rho^steps against the same band: a rate within about log(band)/steps of 1 shows as "cycles" in a finite run."""
    assert horizon_verdict(0.9996, 2000) == "cycles"          # 0.9996^2000 = 0.45
    assert predicted_verdict(0.9996) == "converges"
    assert horizon_verdict(0.99, 2000) == "converges"
    assert horizon_verdict(1.0005, 2000) == "cycles"          # 2.7
    assert horizon_verdict(1.002, 2000) == "diverges"         # 54.6
    assert horizon_verdict(0.0, 10) == "converges"
    assert horizon_verdict(1.0, 10 ** 6) == "cycles"
