"""Figure 3 / claim E3: eigenvalues of v'(x) and of w'(x) = v'(x) - gamma v'(x)^T v'(x) for the mixture-of-Gaussians
GAN, before and after consensus-optimization training.

As the original analysis (docs/setup.md, "Mixture of Gaussians"): the full Jacobian of v over all 2003 parameters,
averaged over 10 minibatches of 512, at the initial and the final parameters of a ConOpt run; w' = J - gamma J^T J
(the regularised field's Jacobian at a stationary point, eq. 13 and Section 4.1).

Speed: J is computed column by column as Jacobian-vector products (forward-over-reverse autodiff) vectorised over
blocks of unit tangents with tf.vectorized_map, on the two networks as functions of the flat parameter vector
x = (G variables, D variables) (games.Game's order; model.apply_mlp). This gives the same matrix as
consensus_optimization.games.Game.jacobian (reverse-over-reverse with pfor; a test checks the two agree) in about 60%
of its time on a CPU. Eigenvalues are computed by LAPACK in single precision (sgeev), the precision of J itself.

Summary statistics (claims.yaml E3), per spectrum: eigenvalues with abs(Im) > 1e-2 are "rotational" (those make
simultaneous updates rotate); among them the fraction with abs(Re) < 0.1 abs(Im) ("near the imaginary axis") and
the median of Re / abs(Im); the (near-)zero eigenvalues (abs <= 1e-5 of the largest: dead units, symmetries) are
counted separately. Means of real parts or traces are NOT compared: tr(w') = tr(v') - gamma ||v'||_F^2 always.
"""
from __future__ import annotations

import time

import numpy as np
import scipy.linalg
import tensorflow as tf

from consensus_optimization import objectives
from numerics_of_gans.mog import model as mog

IM_TOL = 1e-2        # abs(Im) above this: a rotational eigenvalue
AXIS_RATIO = 0.1     # abs(Re) < AXIS_RATIO abs(Im): close to the imaginary axis
ZERO_RTOL = 1e-5     # abs(lambda) <= ZERO_RTOL max abs(lambda): a (near-)zero eigenvalue
_SPECTRUM_SALT = 2_000_003
# Tangents per vectorised block. Measured for the 2003-parameter model on 2 cores: all 2003 at once take 13 s to
# compile, 1.2 s a Jacobian and 5 GB; blocks of 128 take 9 s, 1.0 s and 1.4 GB (256: 1.2 s; 512: 1.3 s, 2.4 GB).
JACOBIAN_BLOCK = 128


def make_field(setting: mog.MoGSetting):
    """v(x; real, z) from the flat parameter vector x (games.py's sign convention: v = -(grad_G g_loss, grad_D d_loss))."""
    g_shapes, d_shapes = mog.layer_shapes(setting)
    shapes = g_shapes + d_shapes
    sizes = [int(np.prod(s)) for s in shapes]
    n_g = len(g_shapes)

    def field(x, real, z):
        params = [tf.reshape(p, s) for p, s in zip(tf.split(x, sizes), shapes)]
        g_params, d_params = params[:n_g], params[n_g:]
        with tf.GradientTape(persistent=True, watch_accessed_variables=False) as tape:
            tape.watch(params)
            fake = mog.apply_mlp(g_params, z)
            d_loss, g_loss = objectives.losses(setting.objective, mog.apply_mlp(d_params, real),
                                               mog.apply_mlp(d_params, fake))
        g_grads = tape.gradient(g_loss, g_params)
        d_grads = tape.gradient(d_loss, d_params)
        return -tf.concat([tf.reshape(t, [-1]) for t in g_grads + d_grads], axis=0)

    return field, sum(sizes)


def make_jacobian(setting: mog.MoGSetting):
    """A compiled (x, real, z) -> v'(x) [n, n]: forward-mode JVPs of the reverse-mode field, vectorised over e_i."""
    field, n = make_field(setting)

    blocks = -(-n // JACOBIAN_BLOCK)

    @tf.function(reduce_retracing=True)
    def jacobian(x, real, z):
        def column(tangent):
            with tf.autodiff.ForwardAccumulator(x, tangent) as acc:
                v = field(x, real, z)
            return acc.jvp(v)
        # One vectorised body (converted once) mapped over blocks of unit tangents, zero-padded to whole blocks.
        eye = tf.pad(tf.eye(n, dtype=x.dtype), [[0, blocks * JACOBIAN_BLOCK - n], [0, 0]])
        cols = tf.map_fn(lambda block: tf.vectorized_map(column, block),
                         tf.reshape(eye, [blocks, JACOBIAN_BLOCK, n]))
        return tf.transpose(tf.reshape(cols, [blocks * JACOBIAN_BLOCK, n])[:n])

    return jacobian


def averaged_jacobian(setting: mog.MoGSetting, x: np.ndarray, n_minibatches: int, seed: int,
                      jacobian=None) -> np.ndarray:
    """Mean of v'(x) over `n_minibatches` fresh minibatches of `setting.batch_size` (float64 accumulator)."""
    jacobian = jacobian or make_jacobian(setting)
    x = tf.constant(x, tf.float32)
    total = None
    for i in range(n_minibatches):
        real = mog.sample_target(setting, setting.batch_size, [_SPECTRUM_SALT + seed, 2 * i])
        z = mog.sample_latent(setting, setting.batch_size, [_SPECTRUM_SALT + seed, 2 * i + 1])
        j = jacobian(x, real, z).numpy().astype(np.float64)
        total = j if total is None else total + j
    return total / n_minibatches


def regularised_jacobian(j: np.ndarray, gamma: float) -> np.ndarray:
    """w' = J - gamma J^T J (docs/setup.md: the original analysis used exactly this at the evaluated point)."""
    j = np.asarray(j, np.float64)
    return j - gamma * (j.T @ j)


def eigenvalues(a: np.ndarray, dtype=np.float32) -> np.ndarray:
    """Eigenvalues of a real square matrix (LAPACK geev in `dtype`), as complex128."""
    return scipy.linalg.eigvals(np.asarray(a, dtype), check_finite=False).astype(np.complex128)


def summarize(eigs: np.ndarray) -> dict:
    """The E3 statistics of one spectrum (module docstring)."""
    eigs = np.asarray(eigs, np.complex128)
    mag = np.abs(eigs)
    zero = mag <= ZERO_RTOL * mag.max() if mag.size else np.zeros(0, bool)
    rot = (np.abs(eigs.imag) > IM_TOL) & ~zero
    re, im = eigs.real[rot], np.abs(eigs.imag[rot])
    ratio = re / im
    return {
        "n": int(eigs.size),
        "n_near_zero": int(zero.sum()),
        "n_rotational": int(rot.sum()),
        "n_real_or_small_imag": int((~rot & ~zero).sum()),
        "frac_rotational_near_axis": float(np.mean(np.abs(re) < AXIS_RATIO * im)) if rot.any() else float("nan"),
        "median_re_over_abs_im": float(np.median(ratio)) if rot.any() else float("nan"),
        "frac_rotational_re_positive": float(np.mean(re > 0)) if rot.any() else float("nan"),
        "max_re": float(eigs.real.max()),
        "min_re": float(eigs.real.min()),
        "max_abs_im": float(np.abs(eigs.imag).max()),
        "spectral_abscissa_nonzero": float(eigs.real[~zero].max()) if (~zero).any() else float("nan"),
    }


def compute_spectrum(weights: dict, seed: int, gamma: float = 10.0, n_minibatches: int = 10,
                     setting: mog.MoGSetting = mog.MoGSetting(), log=print) -> dict:
    """Spectra of v' and w' at weights["initial"] and weights["final"] of one ConOpt run (flat vectors)."""
    start = time.perf_counter()
    jacobian = make_jacobian(setting)
    out, timing = {}, {}
    for when in ("initial", "final"):
        t0 = time.perf_counter()
        j = averaged_jacobian(setting, np.asarray(weights[when]), n_minibatches, seed, jacobian)
        t1 = time.perf_counter()
        ev, ew = eigenvalues(j), eigenvalues(regularised_jacobian(j, gamma))
        t2 = time.perf_counter()
        out[when] = {"eig_v": ev, "eig_w": ew, "summary_v": summarize(ev), "summary_w": summarize(ew),
                     "jacobian_fro_norm": float(np.linalg.norm(j)),
                     "asymmetry": float(np.linalg.norm(j - j.T) / max(np.linalg.norm(j), 1e-30))}
        timing[when] = {"jacobians_s": t1 - t0, "per_jacobian_s": (t1 - t0) / n_minibatches, "eig_s": (t2 - t1) / 2}
        if log:
            sv, sw = out[when]["summary_v"], out[when]["summary_w"]
            log(f"seed {seed} {when}: v' near-axis {sv['frac_rotational_near_axis']:.3f} median Re/|Im| "
                f"{sv['median_re_over_abs_im']:.3g}; w' near-axis {sw['frac_rotational_near_axis']:.3f} median "
                f"{sw['median_re_over_abs_im']:.3g}; {timing[when]}")
    return {"seed": seed, "gamma": gamma, "n_minibatches": n_minibatches, "batch_size": setting.batch_size,
            "n_parameters": int(np.asarray(weights["final"]).size),
            "definitions": {"im_tol": IM_TOL, "axis_ratio": AXIS_RATIO, "zero_rtol": ZERO_RTOL,
                            "eig_precision": "float32 (LAPACK sgeev)"},
            "before": out["initial"], "after": out["final"], "timing": timing,
            "elapsed_s": time.perf_counter() - start}
