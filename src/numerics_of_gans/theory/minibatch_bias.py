"""Lemma 15 of the supplement: the minibatch estimate of the consensus loss is biased, and how to debias it.

With i.i.d. unbiased per-example estimates v_i of the gradient field v (E v_i = v) and v_B their mean,

    L_B = 1/2 ||v_B||^2,   E[L_B] = L + Var[v_1] / (2B),   L = 1/2 ||v||^2,             (eqs. 48, 49)

where Var[v_1] = E||v_1 - v||^2 (the trace of the covariance). The remark after the proof: with the 1/B-normalised
sample variance S = 1/B sum_i ||v_i - v_B||^2 (E S = (B-1)/B Var), L_B - S/(2B-2) is unbiased (B >= 2).

What is measured, on a real GAN (the mixture-of-Gaussians GAN of Figure 2, numerics_of_gans.mog.model, 2003 parameters):
- The parameter point: the initialisation from `model_seed`, then `warmup_steps` = 300 SimGA steps (TF1-style
  RMSProp at the paper's learning rate 1e-4, fresh batches of 512). At the initialisation the generator's part of v
  is ~10x smaller than the discriminator's (||v_G||^2 = 0.007, ||v_D||^2 = 0.069); after the warm-up both players
  contribute alike (0.12, 0.13), L = 0.124, Var = 0.51, so the bias Var/(2B) runs from 2 L (B = 1) down to
  0.8 % of L (B = 256).
- Per-example vectors v_i = -(grad_G g_loss_i, grad_D d_loss_i) (docs/setup.md, "Sign conventions"), example i = one fresh
  target sample and one fresh latent code, computed vectorised (tf.vectorized_map of a one-pair tape).
- Data: `n_pools` independent pools of `pool_size` fresh draws from the real target mixture and latent Gaussian.
  In each pool, for each B, the pool is cut into pool_size/B disjoint minibatches: i.i.d. minibatches of fresh
  data, exactly the lemma's setting (no resampling of a finite population). L and Var come from the same pool
  through their unbiased estimates L_hat = 1/2 (||v_pool||^2 - Var_hat/N) (the U-statistic over pairs i != j,
  unbiased because E[v_i . v_j] = ||v||^2 for independent i != j) and Var_hat (1/(N-1)-normalised).
- Why L from the same pool: averaged over pools, (mean L_B of pool r) - (L_hat of pool r) is *identical* to the
  average over all pairs r != s of (mean L_B of pool r) - (L_hat of the independent pool s) (the sums rearrange),
  i.e. it is the independent-reference estimate; but its standard error, taken from the spread of the per-pool
  differences, keeps the cancellation of the dominant noise term v.(v_B - v) shared by L_B and L_hat. Treated as
  independent (raw `bias_se_unpaired`), the same numbers have a standard error 20x larger at B = 256 (38 % of the
  bias instead of 1.9 %).
- What this tests: per pool, measured bias - Var_hat/(2B) = 1/2 [W - (1/B - 1/N) Var_hat], W the spread of the
  minibatch means around the pool mean, i.e. exactly eq. (51) (Var[v_B] = Var[v_1]/B, the lemma's one step that
  needs independence; eq. (50) is the definition of the variance). Two consequences, both algebra, not defects:
  (i) for B = 1 the difference is 0 identically (E 1/2||v_1||^2 - L = Var/2 is the definition of Var); its SE is 0
  and is floored at 1e-10 Var, so z(B=1) ~ 1e-7; (ii) per pool, (mean debiased estimator) - L_hat equals
  B/(B-1) times (measured bias - Var_hat/(2B)), so the debiased z-scores coincide with the bias z-scores for B >= 2:
  with L and Var estimated from the same fresh data, the debiasing remark and the lemma are one statement.
- Standard errors: every mean over pools has SE = std over pools / sqrt(n_pools); z-scores are the mean of the
  per-pool differences over their SE (64 pools: the t-distribution with 63 degrees of freedom is close to normal).
- log-log slope of the measured bias against B: least squares on the B whose bias exceeds `slope_min_snr` standard
  errors (all nine with the defaults); its SE by the jackknife over pools.
- Raw data also hold the per-minibatch standard deviations of L_B and of the debiased estimator (the variance cost
  of debiasing) and the wall-clock split (model build + warm-up, gradients + statistics).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Params:
    seed: int = 0                  # data draws of the pools
    model_seed: int = 0            # initialisation of G and D (and the warm-up batches): fixes the parameter point
    warmup_steps: int = 300        # SimGA steps before measuring (0: the initialisation itself)
    warmup_lr: float = 1e-4        # RMSProp learning rate of the warm-up (the paper's MoG learning rate)
    pool_size: int = 4096          # N fresh examples per pool (a multiple of every B, >= 2 * max B)
    n_pools: int = 64              # independent pools: the replicates that give the standard errors
    batch_sizes: tuple = (1, 2, 4, 8, 16, 32, 64, 128, 256)
    slope_min_snr: float = 10.0    # B enters the slope fit when bias / SE(bias) exceeds this


_CHUNK = 16384  # examples per vectorised gradient call (bounds memory: 16384 x 2003 float32 = 131 MB)


def _seed_pair(*entropy: int) -> np.ndarray:
    return np.random.SeedSequence([int(e) for e in entropy]).generate_state(2, dtype=np.uint32).astype(np.int64)


def field_fn(setting, generator, discriminator):
    """(real, z) -> v = -(grad_G g_loss, grad_D d_loss) of the mean losses of the batch, one flat vector [P]
    (generator parameters first). Applied to a batch of one pair it gives the per-example v_i."""
    import tensorflow as tf

    from numerics_of_gans.mog import model as mog

    g_vars, d_vars = list(generator.trainable_variables), list(discriminator.trainable_variables)

    def field(real, z):
        with tf.GradientTape(persistent=True) as tape:
            d_loss, g_loss = mog.make_loss_fn(setting, generator, discriminator, real, z)()
        parts = tape.gradient(g_loss, g_vars) + tape.gradient(d_loss, d_vars)
        return -tf.concat([tf.reshape(p, [-1]) for p in parts], axis=0)
    return field


def per_example_fields(field, real, z):
    """[n, P]: the per-example v_i of the pairs (real_i, z_i), vectorised over i (tf.vectorized_map, no Python loop)."""
    import tensorflow as tf

    return tf.vectorized_map(lambda rz: field(rz[0][None], rz[1][None]), (real, z))


def _build(params: Params):
    """The MoG GAN at the fixed parameter point and a compiled (seed, n) -> [n, P] per-example field function."""
    import tensorflow as tf

    from numerics_of_gans.mog import model as mog

    setting = mog.MoGSetting()
    gen = mog.build_generator(setting, params.model_seed)
    disc = mog.build_discriminator(setting, params.model_seed)
    field = field_fn(setting, gen, disc)
    variables = list(gen.trainable_variables) + list(disc.trainable_variables)
    n_g = sum(int(np.prod(v.shape)) for v in gen.trainable_variables)

    if params.warmup_steps > 0:
        # SimGA with TF1's RMSProp (decay 0.9, eps 1e-10, mean square started at ones; docs/setup.md), one optimizer over
        # both players, a fresh batch of 512 per step from the stateless seed (base, step).
        ms = [tf.Variable(tf.ones_like(v)) for v in variables]
        base = tf.constant(_seed_pair(params.model_seed, 1), tf.int64)
        sizes = [int(np.prod(v.shape)) for v in variables]

        @tf.function
        def warmup():
            for step in tf.range(params.warmup_steps, dtype=tf.int64):
                seed = base + tf.stack([tf.constant(0, tf.int64), step])
                real = mog.sample_target(setting, setting.batch_size, seed)
                z = mog.sample_latent(setting, setting.batch_size, seed + tf.constant([7, 0], tf.int64))
                for var, acc, g in zip(variables, ms, tf.split(field(real, z), sizes)):
                    g = tf.reshape(g, var.shape)          # v: the ascent direction of each player's own objective
                    acc.assign(0.9 * acc + 0.1 * g * g)
                    var.assign_add(params.warmup_lr * g / tf.sqrt(acc + 1e-10))

        warmup()

    @tf.function(input_signature=[tf.TensorSpec([2], tf.int64), tf.TensorSpec([], tf.int32)])
    def per_example(seed, n):
        real = mog.sample_target(setting, n, seed)
        z = mog.sample_latent(setting, n, seed + tf.constant([7, 0], tf.int64))
        return per_example_fields(field, real, z)

    n_all = sum(int(np.prod(v.shape)) for v in variables)
    return per_example, n_g, n_all - n_g


def pool_statistics(V: np.ndarray, batch_sizes) -> dict:
    """Per-pool estimates from per-example vectors V [N, P] (rows i.i.d.), for each B: the means over the N/B
    disjoint consecutive minibatches of L_B, of the debiased L_B - S/(2B-2), and of their squares; and the pool's
    unbiased L_hat and Var_hat."""
    V = np.asarray(V)
    if V.dtype not in (np.float32, np.float64):
        V = V.astype(np.float64)
    n = V.shape[0]
    # ||v_i||^2, the pool mean and every squared norm are accumulated in float64 (so the B = 1 identity holds to
    # ~1e-16); the block sums stay in V's dtype (float32 rounding, 1e-7 relative, is far below the Monte-Carlo noise).
    q = np.einsum("ij,ij->i", V, V, dtype=np.float64)      # ||v_i||^2
    v_bar = V.mean(axis=0, dtype=np.float64)
    var_hat = n / (n - 1) * (q.mean() - v_bar @ v_bar)     # unbiased Var[v_1] (trace of the covariance)
    out = {"L_hat": 0.5 * (v_bar @ v_bar - var_hat / n), "var_hat": var_hat,
           "lb": [], "lb_sq": [], "deb": [], "deb_sq": []}
    sums = {1: (V, q)}                                     # block sums, reused when a smaller B divides a larger one
    for b in sorted(batch_sizes):
        if n % b or 2 * b > n:
            raise ValueError(f"batch size {b} must divide pool_size {n} and leave at least two minibatches")
        if b in sums:
            continue
        src = max(k for k in sums if b % k == 0)
        vs, qs = sums[src]
        f = b // src
        if f == 2:                                         # the common power-of-two case: one strided add
            vs, qs = vs[0::2] + vs[1::2], qs[0::2] + qs[1::2]
        else:
            vs, qs = vs.reshape(n // b, f, -1).sum(axis=1), qs.reshape(n // b, f).sum(axis=1)
        sums[b] = (vs, qs)
    for b in batch_sizes:
        vs, qs = sums[b]
        lb = 0.5 * np.einsum("ij,ij->i", vs, vs, dtype=np.float64) / b ** 2   # L_B of every minibatch
        if b >= 2:
            s = qs / b - 2.0 * lb                          # 1/B-normalised sample variance of the v_i in the minibatch
            deb = lb - s / (2 * b - 2)
        else:
            deb = np.full_like(lb, np.nan)
        for key, val in (("lb", lb.mean()), ("lb_sq", (lb ** 2).mean()), ("deb", deb.mean()),
                         ("deb_sq", (deb ** 2).mean())):
            out[key].append(float(val))
    return out


def _mean_se(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, np.float64)
    return x.mean(axis=0), x.std(axis=0, ddof=1) / np.sqrt(x.shape[0])


def _slope(bs: np.ndarray, bias: np.ndarray) -> float:
    return float(np.polyfit(np.log(bs), np.log(bias), 1)[0])


def summarise(pools: list[dict], batch_sizes, slope_min_snr: float) -> dict:
    """Means, standard errors, z-scores and the slope from the per-pool statistics (one dict per pool)."""
    bs = np.asarray(batch_sizes, np.float64)
    L_r = np.array([p["L_hat"] for p in pools])
    var_r = np.array([p["var_hat"] for p in pools])
    lb_r = np.array([p["lb"] for p in pools])                     # [R, nB]
    deb_r = np.array([p["deb"] for p in pools])
    bias_r = lb_r - L_r[:, None]                                  # per-pool measured bias
    diff_r = bias_r - var_r[:, None] / (2 * bs)                   # measured - predicted, per pool
    L, L_se = _mean_se(L_r)
    var, var_se = _mean_se(var_r)
    bias, bias_se = _mean_se(bias_r)
    diff, diff_se = _mean_se(diff_r)
    lb_mean, lb_se = _mean_se(lb_r)
    floor = 1e-10 * var                                           # B = 1 is an exact identity: SE 0 up to rounding
    z_bias = diff / np.maximum(diff_se, floor)
    deb_idx = bs >= 2
    deb_diff, deb_se = _mean_se(deb_r[:, deb_idx] - L_r[:, None])
    z_deb = deb_diff / np.maximum(deb_se, floor)
    # per-minibatch spread of both estimators (the price of debiasing), pooled over pools
    lb_std = np.sqrt(np.array([p["lb_sq"] for p in pools]).mean(0) - (lb_r ** 2).mean(0))
    deb_std = np.sqrt(np.array([p["deb_sq"] for p in pools]).mean(0) - (deb_r ** 2).mean(0))[deb_idx]

    fit = bias > slope_min_snr * np.maximum(bias_se, floor)
    slope = _slope(bs[fit], bias[fit]) if fit.sum() >= 2 else float("nan")
    R = len(pools)
    if fit.sum() >= 2 and R >= 3:
        jack = [_slope(bs[fit], np.delete(bias_r, r, axis=0).mean(0)[fit]) for r in range(R)]
        slope_se = float(np.sqrt((R - 1) / R * np.sum((np.array(jack) - np.mean(jack)) ** 2)))
    else:
        slope_se = float("nan")
    predicted = var / (2 * bs)
    return {
        "metrics": {
            "batch_sizes": [int(b) for b in batch_sizes],
            "L": float(L), "L_se": float(L_se), "var": float(var), "var_se": float(var_se),
            "bias": bias.tolist(), "bias_se": bias_se.tolist(), "predicted": predicted.tolist(),
            "bias_minus_predicted": diff.tolist(), "bias_minus_predicted_se": diff_se.tolist(),
            "z_bias": z_bias.tolist(),
            "debiased_batch_sizes": [int(b) for b in bs[deb_idx]],
            "debiased_minus_L": deb_diff.tolist(), "debiased_minus_L_se": deb_se.tolist(), "z_debiased": z_deb.tolist(),
            "slope": slope, "slope_se": slope_se, "slope_batch_sizes": [int(b) for b in bs[fit]],
            "max_abs_z_bias": float(np.max(np.abs(z_bias))), "max_abs_z_debiased": float(np.max(np.abs(z_deb))),
        },
        "raw": {
            "L_B_mean": lb_mean.tolist(), "L_B_mean_se": lb_se.tolist(),
            # SE of the bias if L were taken from an independent sample (pairing ignored): for comparison
            "bias_se_unpaired": np.sqrt(lb_se ** 2 + L_se ** 2).tolist(),
            "predicted_se": (var_se / (2 * bs)).tolist(),
            "L_B_std": lb_std.tolist(), "debiased_std": deb_std.tolist(),
        },
    }


def compute(params: Params) -> dict:
    """Lemma 15 on per-example gradients of the MoG GAN at a fixed parameter point (see the module docstring)."""
    t0 = time.perf_counter()
    per_example, n_g, n_d = _build(params)
    t_build = time.perf_counter() - t0
    import tensorflow as tf

    n, R = params.pool_size, params.n_pools
    per_call = max(1, _CHUNK // n)                     # pools per vectorised call
    pools, call = [], 0
    t1 = time.perf_counter()
    while len(pools) < R:
        k = min(per_call, R - len(pools))
        seed = tf.constant(_seed_pair(params.seed, 2, call), tf.int64)
        V = per_example(seed, tf.constant(k * n, tf.int32)).numpy()
        for j in range(k):
            pools.append(pool_statistics(V[j * n:(j + 1) * n], params.batch_sizes))
        call += 1
    t_grad = time.perf_counter() - t1
    out = summarise(pools, params.batch_sizes, params.slope_min_snr)
    out["metrics"].update({"n_params": n_g + n_d, "n_examples": n * R, "n_pools": R,
                           "runtime_s": time.perf_counter() - t0})
    out["raw"].update({"n_params_generator": n_g, "n_params_discriminator": n_d,
                       "runtime_build_s": t_build, "runtime_gradients_and_stats_s": t_grad})
    out["params"] = {k: getattr(params, k) for k in params.__dataclass_fields__}
    return out
