"""Statistics for group comparisons: bootstrap intervals (percentile and BCa), permutation tests,
Holm's adjustment and effect sizes. Small, public functions, each checked by hand in the tests.

Randomness comes only from ``seed``: :func:`random_stream` derives one ``numpy.random.Generator``
per cell from ``seed`` and its labels, so a number does not change when other cells are added.

>>> float(cliffs_delta([3, 4], [1, 2]))
1.0
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections.abc import Sequence

import numpy as np
from scipy.special import ndtr, ndtri

from framing.checks import require_whole
from framing.errors import AnalysisError

METHODS = ("bca", "percentile")
# Resamples are drawn in blocks of at most this many indices, so memory stays bounded for big groups.
_MAX_DRAWS = 1 << 22

def finite_values(values) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return array[np.isfinite(array)]


def random_stream(seed: int, *keys: str) -> np.random.Generator:
    # A stable (crc32) key per cell: the same seed gives the same resamples for a group whatever else is in the call.
    spawn_key = tuple(zlib.crc32(str(key).encode("utf-8")) for key in keys)
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=spawn_key))


def check_options(caller: str, ci: float, n_boot: int, seed: int, method: str = "bca", n_perm: int = 1) -> None:
    if not (isinstance(ci, (int, float)) and 0 < ci < 1):
        raise AnalysisError(f"{caller}: ci={ci!r} must be a level between 0 and 1, e.g. 0.95")
    require_whole(n_boot, "n_boot", caller, 1)
    require_whole(n_perm, "n_perm", caller, 1)
    require_whole(seed, "seed", caller, 0)
    if method not in METHODS:
        raise AnalysisError(f"{caller}: method={method!r} is unknown; use one of {', '.join(METHODS)}")


def holm(p_values) -> np.ndarray:
    """Holm–Bonferroni adjusted p-values, in the input order; NaNs stay NaN and are not counted.

    The i-th smallest of m p-values becomes max over j ≤ i of min(1, (m − j + 1)·p_(j)).

    >>> holm([0.01, 0.04, 0.03, 0.005]).tolist()
    [0.03, 0.06, 0.06, 0.02]
    """
    p = np.asarray(p_values, dtype=float)
    adjusted = np.full(p.shape, np.nan)
    valid = ~np.isnan(p)
    q = p[valid]
    m = q.size
    if m == 0:
        return adjusted
    order = np.argsort(q, kind="stable")
    stepped = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * q[order]))
    result = np.empty(m)
    result[order] = stepped
    adjusted[valid] = result
    return adjusted


def cliffs_delta(x, y) -> float:
    """Cliff's delta: P(x > y) − P(x < y) over all pairs, from −1 to 1 (ties count as neither).

    >>> cliffs_delta([3, 4, 5], [1, 2, 3])
    0.8888888888888888
    """
    x = np.asarray(x, dtype=float)
    y = np.sort(np.asarray(y, dtype=float))
    if x.size == 0 or y.size == 0:
        return float("nan")
    below = np.searchsorted(y, x, side="left").sum()           # pairs with y < x
    above = (y.size - np.searchsorted(y, x, side="right")).sum()  # pairs with y > x
    return float((below - above) / (x.size * y.size))


def hedges_g(x, y) -> float:
    """Hedges' g: (mean x − mean y) / pooled SD, times J = 1 − 3 / (4(n_x + n_y) − 9).

    NaN when there are fewer than three values in all or the pooled SD is zero.

    >>> hedges_g([1, 2, 3], [3, 4, 5])
    -1.6
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    df = x.size + y.size - 2
    if x.size == 0 or y.size == 0 or df < 1:
        return float("nan")
    squares = ((x - x.mean()) ** 2).sum() + ((y - y.mean()) ** 2).sum()
    pooled = np.sqrt(squares / df)
    if pooled == 0:
        return float("nan")
    return float((x.mean() - y.mean()) / pooled * (1 - 3 / (4 * df - 1)))


def bootstrap_means(values, n_boot: int = 2000, seed: int | np.random.Generator = 0) -> np.ndarray:
    """Means of ``n_boot`` resamples (with replacement) of ``values``, drawn in vectorized blocks.

    >>> bootstrap_means([1.0, 2.0, 3.0], n_boot=4, seed=0).shape
    (4,)
    """
    rng = np.random.default_rng(seed)
    values = np.asarray(values, dtype=float)
    n = values.size
    means = np.empty(n_boot)
    block = max(1, _MAX_DRAWS // max(n, 1))
    for start in range(0, n_boot, block):  # blocks of resamples, each one vectorized
        stop = min(n_boot, start + block)
        means[start:stop] = values[rng.integers(0, n, size=(stop - start, n))].mean(axis=1)
    return means


def bca_interval(boot: np.ndarray, estimate: float, jackknife: Sequence[np.ndarray], ci: float = 0.95):
    """Bias-corrected and accelerated (Efron 1987) interval from bootstrap replicates.

    ``jackknife`` holds one array of leave-one-out estimates per sample; the acceleration weighs
    them as in Efron & Tibshirani (1993, eq. 15.36) and ``scipy.stats.bootstrap``. Ties with the
    estimate count half in the bias correction. Returns ``(low, high)``, or ``None`` where BCa is undefined (all
    replicates on one side of the estimate, or zero jackknife spread).
    """
    alpha = (1 - ci) / 2
    below = np.count_nonzero(boot < estimate) + 0.5 * np.count_nonzero(boot == estimate)
    proportion = below / boot.size
    if not 0 < proportion < 1:
        return None
    z0 = ndtri(proportion)
    deviations = [(j.size - 1) / j.size * (j.mean() - j) for j in jackknife]
    spread = sum(float((d ** 2).sum()) for d in deviations)
    if spread <= 0:
        return None
    acceleration = sum(float((d ** 3).sum()) for d in deviations) / (6 * spread ** 1.5)
    z = ndtri(np.array([alpha, 1 - alpha])) + z0
    denominator = 1 - acceleration * z
    if np.any(denominator <= 0):
        return None
    levels = ndtr(z0 + z / denominator)
    if not np.all(np.isfinite(levels)):
        return None
    low, high = np.quantile(boot, levels)
    return float(low), float(high)


def _percentile(boot: np.ndarray, ci: float) -> tuple[float, float]:
    alpha = (1 - ci) / 2
    low, high = np.quantile(boot, [alpha, 1 - alpha])
    return float(low), float(high)


def _jackknife_means(values: np.ndarray) -> np.ndarray:
    return (values.sum() - values) / (values.size - 1)


def bootstrap_mean_ci(values, ci: float = 0.95, n_boot: int = 2000, seed: int | np.random.Generator = 0,
                      method: str = "bca") -> tuple[float, float, str]:
    """Bootstrap interval of the mean: ``(low, high, method_used)``.

    ``method_used`` is ``"bca"``, ``"percentile"``, ``"percentile (BCa undefined: …)"`` when BCa
    falls back, or ``"none (…)"`` with NaN bounds when there are fewer than two values.

    >>> bootstrap_mean_ci([1.0, 2.0, 3.0, 4.0], n_boot=500)[2]
    'bca'
    """
    values = finite_values(values)
    n = values.size
    if n < 2:
        return float("nan"), float("nan"), "none (no values)" if n == 0 else "none (n = 1)"
    if np.ptp(values) == 0:
        return float(values[0]), float(values[0]), _fallback(method, "zero variance")
    boot = bootstrap_means(values, n_boot, seed)
    if method == "percentile":
        return (*_percentile(boot, ci), "percentile")
    if n < 3:
        return (*_percentile(boot, ci), _fallback(method, "n < 3"))
    interval = bca_interval(boot, values.mean(), [_jackknife_means(values)], ci)
    if interval is None:
        return (*_percentile(boot, ci), _fallback(method, "degenerate bootstrap"))
    return (*interval, "bca")


def bootstrap_diff_ci(x, y, ci: float = 0.95, n_boot: int = 2000, seed: int | np.random.Generator = 0,
                      method: str = "bca") -> tuple[float, float, str]:
    """Bootstrap interval of mean(x) − mean(y), resampling within each sample: ``(low, high, method_used)``.

    >>> low, high, used = bootstrap_diff_ci([5.0, 6, 7, 8], [1.0, 2, 3, 4], n_boot=500)
    >>> bool(low > 0)
    True
    """
    x, y = finite_values(x), finite_values(y)
    if x.size < 2 or y.size < 2:
        return float("nan"), float("nan"), "none (n < 2 in a group)"
    estimate = x.mean() - y.mean()
    if np.ptp(x) == 0 and np.ptp(y) == 0:
        return float(estimate), float(estimate), _fallback(method, "zero variance")
    rng = np.random.default_rng(seed)
    boot = bootstrap_means(x, n_boot, rng) - bootstrap_means(y, n_boot, rng)
    if method == "percentile":
        return (*_percentile(boot, ci), "percentile")
    if x.size < 3 or y.size < 3:
        return (*_percentile(boot, ci), _fallback(method, "n < 3"))
    # Leaving out a value of y changes the difference with the opposite sign.
    interval = bca_interval(boot, estimate, [_jackknife_means(x), -_jackknife_means(y)], ci)
    if interval is None:
        return (*_percentile(boot, ci), _fallback(method, "degenerate bootstrap"))
    return (*interval, "bca")


def _fallback(method: str, reason: str) -> str:
    return "percentile" if method == "percentile" else f"percentile (BCa undefined: {reason})"


def permutation_pvalue(x, y, n_perm: int = 5000, seed: int | np.random.Generator = 0) -> float:
    """Two-sided permutation p-value for mean(x) − mean(y).

    With ``n_perm`` random relabellings: (k + 1) / (n_perm + 1), where k counts relabellings whose
    absolute difference is at least the observed one. When there are no more distinct relabellings
    than ``n_perm`` (small groups: C(n_x + n_y, n_x) ≤ n_perm), all are enumerated and p is exact.

    >>> permutation_pvalue([1.0, 2, 3, 4], [5.0, 6, 7, 8])  # 2 of the 70 splits are as extreme
    0.02857142857142857
    """
    x, y = finite_values(x), finite_values(y)
    if x.size == 0 or y.size == 0:
        return float("nan")
    pooled = np.concatenate([x, y])
    total, n_a, n_b = pooled.sum(), x.size, y.size
    observed = abs(x.mean() - y.mean())
    # Relabellings that reproduce the observed split must count despite rounding in the sums.
    tolerance = 1e-9 * max(1.0, float(np.abs(pooled).max()))

    def extreme(sum_a: np.ndarray) -> int:
        return int(np.count_nonzero(np.abs(sum_a / n_a - (total - sum_a) / n_b) >= observed - tolerance))

    if math.comb(pooled.size, n_a) <= n_perm:
        splits = np.array(list(itertools.combinations(range(pooled.size), n_a)), dtype=np.intp)
        return extreme(pooled[splits].sum(axis=1)) / len(splits)
    rng = np.random.default_rng(seed)
    smaller = min(n_a, n_b)
    count = 0
    block = max(1, _MAX_DRAWS // pooled.size)
    for start in range(0, n_perm, block):  # blocks of relabellings, each one vectorized
        rows = min(block, n_perm - start)
        # A uniformly random subset per row: the positions of the `smaller` lowest random keys
        # (about twice as fast as shuffling whole rows).
        chosen = np.argpartition(rng.random((rows, pooled.size)), smaller - 1, axis=1)[:, :smaller]
        sum_smaller = pooled[chosen].sum(axis=1)
        count += extreme(sum_smaller if n_a <= n_b else total - sum_smaller)
    return (count + 1) / (n_perm + 1)


def min_permutation_p(n_a: int, n_b: int, n_perm: int = 5000) -> float:
    """The smallest p-value :func:`permutation_pvalue` can give for groups of ``n_a`` and ``n_b``
    values: however far apart the groups, p is never below it (exact: the observed split, and its
    mirror when the groups are the same size, among C(n_a + n_b, n_a); else 1 / (n_perm + 1)).

    >>> min_permutation_p(3, 3)
    0.1
    >>> round(min_permutation_p(10, 10), 6)
    0.0002
    """
    if n_a < 1 or n_b < 1:
        return float("nan")
    splits = math.comb(n_a + n_b, n_a)
    if splits <= n_perm:
        return (2 if n_a == n_b else 1) / splits
    return 1 / (n_perm + 1)
