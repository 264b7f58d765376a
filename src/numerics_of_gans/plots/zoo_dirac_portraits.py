"""Zoo figure: phase portraits on the Dirac-GAN, after Mescheder, Geiger, Nowozin, "Which Training Methods for GANs
do actually Converge?" (ICML 2018), Figures 1 and 3. One panel per optimizer of the zoo (config `zoo.run.methods`,
each at its recommended hyperparameter, the game's middle step size): the path (theta, psi)_t from the configured
start, over faint arrows (direction only) of SimGA's direction -F = v (eq. 5 of "The Numerics of GANs") of that panel's
game; the equilibrium (0, 0) as a star. Two extra panels: SimGA on the game with the R1 penalty and with instance
noise (config games dirac_r1, dirac_noise, at their recommended weight). A path that left ||z|| <= 1e3 ||z_0|| or
overflowed ends there (trajectories.trajectory); the title says so.
"""
from __future__ import annotations

import math

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.colors import TABLEAU_COLORS

from numerics_of_gans.errors import SettingsError
from numerics_of_gans.plots.style import METHOD_COLORS, METHOD_LABELS, save

MAX_STEPS = 400           # a portrait needs a few hundred steps; more only piles points onto the same spiral
NCOLS = 5
NOISE_POINTS = 20         # games.dirac_gan's default Gauss-Hermite points for the instance noise
EXTRAS = (("simga + R1", "dirac_r1"), ("simga + instance noise", "dirac_noise"))
AXES = ("theta (generator)", "psi (discriminator)")


def display(label: str) -> str:
    return METHOD_LABELS.get(label, label)


def label_colors(labels) -> dict:
    """The house colour of simga/altga/conopt; the others cycle through tab10's colours not taken by those, nor red
    (the ring figure's target means)."""
    labels = list(labels)
    free = [c for c in TABLEAU_COLORS if c not in (*METHOD_COLORS.values(), "tab:red")]
    others = iter(free * (len(labels) // len(free) + 1))
    return {label: METHOD_COLORS[label] if label in METHOD_COLORS else next(others) for label in labels}


def field(theta, psi, objective: str = "standard", gamma: float = 0.0, sigma: float = 0.0):
    """SimGA's direction v = -F of the Dirac-GAN (zoo.games.dirac_gan, same signs and noise quadrature) at the
    points (theta, psi), in numpy so that drawing needs no TensorFlow: with f' the objective's derivative and e, e'
    the generated and the real sample's noise, v_theta = -psi E f'(psi (theta + e)) (non_saturating: f' at
    -psi (theta + e)), v_psi = E (theta + e) f'(psi (theta + e)) - E e' f'(-psi e') - gamma psi."""
    def fprime(t):
        return np.ones_like(t) if objective == "wgan" else 1.0 / (1.0 + np.exp(np.clip(t, -500, 500)))
    theta, psi = np.asarray(theta, float)[..., None], np.asarray(psi, float)[..., None]
    e, w = (np.zeros(1), np.ones(1)) if sigma == 0 else np.polynomial.hermite_e.hermegauss(NOISE_POINTS)
    e, w = sigma * e, w / w.sum()
    fake = psi * (theta + e)
    g = fprime(-fake) if objective == "non_saturating" else fprime(fake)
    v_theta = -(psi * g * w).sum(-1)
    v_psi = (((theta + e) * fprime(fake) - e * fprime(-psi * e)) * w).sum(-1) - gamma * psi[..., 0]
    return v_theta, v_psi


def _entry(game, method: str, h: float, steps: int, hyper: dict | None, kwargs: dict, label: str) -> dict:
    from numerics_of_gans.zoo.trajectories import trajectory
    points = trajectory(game, method, h, steps, **kwargs)
    settings = {k: game.settings[k] for k in ("objective", "gamma", "sigma")}
    return {"method": method, "points": points.tolist(), "h": h, "hyper": hyper, "steps": steps,
            "stopped_early": len(points) < steps + 1, "game": {"label": label, "start": game.start.tolist(),
                                                               **settings}}


def _step_size(spec: dict, h: float | None) -> float:
    sizes = spec["step_sizes"]
    return float(sizes[len(sizes) // 2] if h is None else h)


def compute(zoo_config: dict, game_label: str = "dirac_standard", h: float | None = None) -> dict:
    """{label: {"points": [[theta, psi], ...], "h", "hyper": {"name", "value"} or None, ...}} for each method
    label of zoo.run.methods at its recommended hyperparameter on the configured Dirac-GAN `game_label`, plus
    "simga + R1" and "simga + instance noise" where the games dirac_r1 / dirac_noise are configured. Steps:
    min(zoo.steps, MAX_STEPS); h: the game's middle step size unless given. JSON-able."""
    # TensorFlow only here: plotting a saved result needs none
    from numerics_of_gans.zoo.sweeps import hyper_kwargs
    from numerics_of_gans.zoo.table import make_game
    games, steps = zoo_config["games"], min(int(zoo_config["steps"]), MAX_STEPS)
    spec = games[game_label]
    if spec["game"] != "dirac":
        raise SettingsError(f"zoo portraits: {game_label!r} is not a Dirac-GAN (the portraits are in (theta, psi))")
    game = make_game(spec)
    out = {}
    for label in zoo_config["run"]["methods"]:
        method = zoo_config["methods"][label]
        spec_h = method.get("hyper")
        hyper = {"name": spec_h["name"], "value": spec_h["recommended"]} if spec_h else None
        out[label] = _entry(game, method["method"], _step_size(spec, h), steps, hyper,
                            hyper_kwargs(spec_h and spec_h["name"], hyper and hyper["value"]), game_label)
    for label, name in EXTRAS:
        if name in games:
            weight = games[name]["weight"]
            out[label] = _entry(make_game(games[name], weight["recommended"]), "simga",
                                _step_size(games[name], h), steps,
                                {"name": weight["name"], "value": weight["recommended"]}, {}, name)
    return out


def _value(value) -> str:
    return "(" + ", ".join(f"{v:g}" for v in value) + ")" if isinstance(value, (list, tuple)) else f"{value:g}"


def _panel(ax, label: str, entry: dict, color) -> None:
    z = np.asarray(entry["points"], float)
    lim = 1.15 * max(np.abs(z).max(), 1e-12)          # symmetric about the equilibrium: spirals read as spirals
    theta, psi = np.meshgrid(*[np.linspace(-lim, lim, 17)] * 2)
    game = entry.get("game", {})
    u, v = field(theta, psi, game.get("objective", "standard"), game.get("gamma", 0.0), game.get("sigma", 0.0))
    # directions only: the field's size spans orders of magnitude (it vanishes where psi theta is large)
    size = np.maximum(np.hypot(u, v), 1e-300)
    ax.quiver(theta, psi, u / size, v / size, color="0.75", angles="xy", pivot="mid", scale=22, width=0.004,
              headwidth=3.5, zorder=0)
    ax.plot(z[:, 0], z[:, 1], color=color, lw=0.9, marker=".", ms=1.5, zorder=2)
    ax.plot(*z[0], "o", color=color, ms=4, mfc="white", zorder=3)
    ax.plot(*z[-1], "s", color=color, ms=3.5, zorder=3)
    ax.plot(0, 0, "*", color="k", ms=9, zorder=4)
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal")
    hyper = entry.get("hyper")
    detail = f"{hyper['name']}={_value(hyper['value'])}, " if hyper else ""
    stop = f"\nstopped at step {len(z) - 1}: diverged" if entry.get("stopped_early") else ""
    ax.set_title(f"{display(label)}\n{detail}h={entry['h']:g}{stop}", fontsize=8)
    ax.tick_params(labelsize=6)


def plot(portraits: dict, pdf_path, scale: str | None) -> None:
    labels = list(portraits)
    ncols = min(NCOLS, max(len(labels), 1))
    nrows = max(math.ceil(len(labels) / ncols), 1)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.1 * ncols, 3.3 * nrows), squeeze=False)
    colors = label_colors(labels)
    for i, (ax, label) in enumerate(zip(axes.flat, labels)):
        _panel(ax, label, portraits[label], colors[label])
        if i % ncols == 0:                       # outer panels only: every panel has the same axes
            ax.set_ylabel(AXES[1], fontsize=7)
        if i + ncols >= len(labels):
            ax.set_xlabel(AXES[0], fontsize=7)
    for ax in axes.flat[len(labels):]:
        ax.axis("off")
    first = next(iter(portraits.values()), {})
    start = first.get("game", {}).get("start")
    fig.suptitle("Dirac-GAN phase portraits (Mescheder et al. 2018, Fig. 1/3): path of each optimizer from "
                 f"{tuple(start) if start else 'the start'} (circle) to its last step (square), up to "
                 f"{first.get('steps', '?')} steps; grey: SimGA's field -F of the panel's game; star: the "
                 "equilibrium", fontsize=10)
    fig.tight_layout()
    save(fig, pdf_path, scale)
