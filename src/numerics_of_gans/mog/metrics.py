"""Sample-quality metrics of the mixture-of-Gaussians generator (claim E2, Figure 2), in numpy.

Definitions (stated here once; the result files and the check use them):

- nearest mode: each sample is assigned to the mixture mean closest to it (Euclidean);
- high-quality sample: a sample within `k` standard deviations of its nearest mode, i.e. at distance
  <= k * std (std = 0.01, the components' std). We use k = 3 (config `mog.quality_k`), the convention of the
  mode-collapse literature for this ring (Metz et al. 2017, Srivastava et al. 2017): 98.9% of the target's own
  samples are high quality at k = 3 (chi distribution with 2 degrees of freedom: 1 - exp(-9/2));
- a mode is covered when the high-quality samples assigned to it are at least `min_share` (0.25) of its fair
  share n / K; i.e. with n = 2000 and K = 8, at least 62.5 high-quality samples;
- occupancy: the fraction of ALL samples whose nearest mode is k (a K-vector summing to 1); how much it changes
  between two snapshots is the total-variation distance 1/2 sum |p - q| (0: same split over the modes, 1: disjoint);
- energy distance (Szekely and Rizzo): D^2(P, Q) = 2 E|X - Y| - E|X - X'| - E|Y - Y'| >= 0, zero iff P = Q;
  estimated here by the V-statistic on the two sample sets (exactly 0 for identical sets).
"""
from __future__ import annotations

import numpy as np
from scipy.spatial.distance import cdist

from numerics_of_gans.mog.settings import QUALITY_K

MIN_SHARE = 0.25     # a mode is covered with >= MIN_SHARE * n / K high-quality samples


def nearest_mode(samples: np.ndarray, means: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index [n], distance [n]) of each sample's nearest mean."""
    samples, means = np.asarray(samples, np.float64), np.asarray(means, np.float64)
    dist = np.linalg.norm(samples[:, None, :] - means[None, :, :], axis=-1)
    idx = np.argmin(dist, axis=1)
    return idx, dist[np.arange(len(samples)), idx]


def mean_pairwise_distance(a: np.ndarray, b: np.ndarray, chunk: int = 1024) -> float:
    """E|A - B| over all pairs, in row chunks so memory stays O(chunk * len(b))."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    total = sum(float(cdist(a[i:i + chunk], b).sum()) for i in range(0, len(a), chunk))
    return total / (len(a) * len(b))


def energy_distance(x: np.ndarray, y: np.ndarray, yy: float | None = None) -> float:
    """Squared energy distance 2 E|X-Y| - E|X-X'| - E|Y-Y'| (V-statistic) between two sample sets [n, d], [m, d].
    `yy` = E|Y-Y'| if already known (the fixed target sample of a run)."""
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        return float("nan")
    yy = mean_pairwise_distance(y, y) if yy is None else yy
    return 2 * mean_pairwise_distance(x, y) - mean_pairwise_distance(x, x) - yy


def sample_metrics(samples: np.ndarray, means: np.ndarray, std: float, reference: np.ndarray | None = None,
                   k: float = QUALITY_K, min_share: float = MIN_SHARE, reference_self: float | None = None) -> dict:
    """Modes covered, high-quality fraction, per-mode counts, occupancy and (with `reference`, target samples)
    the energy distance of one set of generator samples [n, 2]."""
    samples = np.asarray(samples, np.float64)
    n, n_modes = len(samples), len(means)
    finite = np.all(np.isfinite(samples), axis=1)
    idx, dist = nearest_mode(np.where(finite[:, None], samples, 1e6), means)
    quality = finite & (dist <= k * std)
    hq_counts = np.bincount(idx[quality], minlength=n_modes)
    occupancy = np.bincount(idx[finite], minlength=n_modes) / max(n, 1)
    out = {
        "n_samples": n,
        "finite_fraction": float(finite.mean()),
        "hq_fraction": float(quality.mean()),
        "hq_counts": hq_counts.tolist(),
        "modes_covered": int(np.sum(hq_counts >= min_share * n / n_modes)),
        "occupancy": occupancy.tolist(),
        "median_distance_to_mode": float(np.median(np.where(finite, dist, np.inf))),
    }
    if reference is not None:
        out["energy_distance"] = energy_distance(samples, reference, reference_self)
    return out
