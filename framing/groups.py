"""Compare groups of articles: per-group means with bootstrap intervals, and pairwise contrasts.

``compare`` gives each group's mean of each measure with a bootstrap confidence interval;
``contrast`` gives, for pairs of groups, the difference with its bootstrap interval, a permutation
p-value, Holm-adjusted p-values and effect sizes (Cliff's delta, Hedges' g).

Randomness comes only from ``seed``: every group × measure (or pair × measure) gets its own
``numpy.random.Generator`` derived from ``seed`` and its labels, so a number does not change when
other groups or measures are added to the call.

>>> table = compare(scores, by="outlet")                      # doctest: +SKIP
>>> contrast(scores, by="outlet", a="Outlet A", b="rest")     # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import math
import warnings
import zlib
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from framing.errors import AnalysisError

MEASURE_KINDS = ("per_1k", "share", "tone")
COMPARE_COLUMNS = ("measure", "n", "mean", "ci_low", "ci_high", "method")
CONTRAST_COLUMNS = (
    "group_a", "group_b", "measure", "n_a", "n_b", "mean_a", "mean_b", "diff", "ci_low", "ci_high",
    "p_value", "p_holm", "cliffs_delta", "smd", "significant", "method",
)
LABEL_SEPARATOR = " / "
REST = "rest"
METHODS = ("bca", "percentile")
# Resamples are drawn in blocks of at most this many indices, so memory stays bounded for big groups.
_MAX_DRAWS = 1 << 22


# --- measures and groups ------------------------------------------------------------------------

def frames_in(scores: pd.DataFrame) -> list[str]:
    """Frame names of a score table, read from its ``<frame>_per_1k`` columns, in column order.

    >>> frames_in(pd.DataFrame(columns=["id", "security_per_1k", "security_share"]))
    ['security']
    """
    suffix = "_per_1k"
    return [c[: -len(suffix)] for c in scores.columns
            if isinstance(c, str) and c.endswith(suffix) and len(c) > len(suffix)]


def default_measures(scores: pd.DataFrame, frames: Sequence[str] | None = None) -> list[str]:
    """Every frame's ``_per_1k``, ``_share`` and ``_tone`` column (grouped by kind), then ``sentiment``.

    >>> default_measures(pd.DataFrame(columns=["a_per_1k", "a_share", "a_tone", "sentiment"]))
    ['a_per_1k', 'a_share', 'a_tone', 'sentiment']
    """
    explicit = frames is not None
    frames = frames_in(scores) if frames is None else [frames] if isinstance(frames, str) else list(frames)
    measures = []
    for kind in MEASURE_KINDS:
        for frame in frames:
            column = f"{frame}_{kind}"
            if column in scores.columns:
                measures.append(column)
            elif explicit:
                raise AnalysisError(
                    f"frame {frame!r} has no column {column!r} in the score table; frames found: "
                    f"{', '.join(frames_in(scores)) or '(none)'}; pass frames= from that list"
                )
    if "sentiment" in scores.columns:
        measures.append("sentiment")
    return measures


def split_measure(measure: str) -> tuple[str | None, str]:
    """Split a measure name into ``(frame, kind)``; kind is ``per_1k``, ``per_1k_pooled``, ``share``,
    ``tone``, ``hits``, ``sentiment`` or the name itself for any other column.

    >>> split_measure("security_per_1k")
    ('security', 'per_1k')
    >>> split_measure("sentiment")
    (None, 'sentiment')
    """
    for kind in ("per_1k_pooled", "per_1k", "share", "tone", "hits"):
        suffix = f"_{kind}"
        if measure.endswith(suffix) and len(measure) > len(suffix):
            return measure[: -len(suffix)], kind
    return None, measure


def resolve_by(scores: pd.DataFrame, by: str | Sequence[str], caller: str = "compare") -> list[str]:
    """Check ``by`` (a column name or a list of them) against the table; return it as a list."""
    columns = [by] if isinstance(by, str) else list(by) if by is not None else []
    if not columns:
        raise AnalysisError(f"{caller}: by= is empty; pass the column(s) that define the groups, e.g. by='outlet'")
    for column in columns:
        if column not in scores.columns:
            raise AnalysisError(
                f"{caller}: no column {column!r} to group by; the score table has columns: "
                f"{', '.join(map(str, scores.columns))}; pass by= one of them"
            )
    if len(set(columns)) != len(columns):
        raise AnalysisError(f"{caller}: by={columns!r} names a column twice")
    return columns


def resolve_measures(scores: pd.DataFrame, measures: str | Sequence[str] | None, by: Sequence[str] = (),
                     frames: Sequence[str] | None = None, caller: str = "compare") -> list[str]:
    """Check ``measures`` (default: :func:`default_measures`) are numeric columns; return them as a list."""
    if measures is None:
        measures = default_measures(scores, frames)
        if not measures:
            raise AnalysisError(
                f"{caller}: the score table has no measure columns (no '<frame>_per_1k' columns and no "
                "'sentiment'); pass measures= a list of numeric columns or a table made by framing.score()"
            )
        return measures
    measures = [measures] if isinstance(measures, str) else list(dict.fromkeys(measures))
    if not measures:
        raise AnalysisError(f"{caller}: measures= is empty; leave it out for the defaults or name numeric columns")
    numeric = [c for c in scores.columns if _is_numeric(scores[c]) and c not in by]
    for measure in measures:
        if measure not in scores.columns or measure in by:
            raise AnalysisError(
                f"{caller}: no measure column {measure!r}; numeric columns are: {', '.join(map(str, numeric))}"
            )
        if not _is_numeric(scores[measure]):
            raise AnalysisError(
                f"{caller}: measure {measure!r} is not numeric (dtype {scores[measure].dtype}); "
                f"pass one of: {', '.join(map(str, numeric))}"
            )
    return measures


def group_label(key: tuple) -> str:
    """The label of a group: its ``by`` values joined by ``" / "``.

    >>> group_label(("RT", "Russia"))
    'RT / Russia'
    """
    return LABEL_SEPARATOR.join(str(value) for value in key)


def split_groups(scores: pd.DataFrame, by: Sequence[str], caller: str = "compare") -> list[tuple[tuple, str, pd.DataFrame]]:
    """``(key, label, rows)`` for each group, sorted by key; rows with a missing group value are dropped
    with a warning."""
    if scores.empty:
        raise AnalysisError(f"{caller}: the score table is empty; score some articles first")
    missing = scores[list(by)].isna().any(axis=1)
    if missing.any():
        warnings.warn(
            f"{caller}: dropped {int(missing.sum())} of {len(scores)} rows with no value in "
            f"{', '.join(repr(c) for c in by)}", UserWarning, stacklevel=3,
        )
    kept = scores.loc[~missing]
    if kept.empty:
        raise AnalysisError(f"{caller}: every row has a missing value in {', '.join(map(repr, by))}; nothing to group")
    groups = []
    for key, rows in kept.groupby(list(by), sort=True, observed=True, dropna=True):
        key = key if isinstance(key, tuple) else (key,)
        groups.append((key, group_label(key), rows))
    return groups


def _is_numeric(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_datetime64_any_dtype(column)


def _finite(values) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return array[np.isfinite(array)]


def _stream(seed: int, *keys: str) -> np.random.Generator:
    # A stable (crc32) key per cell: the same seed gives the same resamples for a group whatever else is in the call.
    spawn_key = tuple(zlib.crc32(str(key).encode("utf-8")) for key in keys)
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=spawn_key))


def _check_options(caller: str, ci: float, n_boot: int, seed: int, method: str = "bca", n_perm: int = 1) -> None:
    if not (isinstance(ci, (int, float)) and 0 < ci < 1):
        raise AnalysisError(f"{caller}: ci={ci!r} must be a level between 0 and 1, e.g. 0.95")
    for name, value in (("n_boot", n_boot), ("n_perm", n_perm)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
            raise AnalysisError(f"{caller}: {name}={value!r} must be a positive integer, e.g. 2000")
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise AnalysisError(f"{caller}: seed={seed!r} must be a non-negative integer")
    if method not in METHODS:
        raise AnalysisError(f"{caller}: method={method!r} is unknown; use one of {', '.join(METHODS)}")


# --- statistics (small, public, checked by hand in the tests) ----------------------------------

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
    values = _finite(values)
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
    x, y = _finite(x), _finite(y)
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
    x, y = _finite(x), _finite(y)
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


# --- the two verbs ------------------------------------------------------------------------------

def compare(scores: pd.DataFrame, by: str | Sequence[str], measures: Sequence[str] | None = None,
            ci: float = 0.95, n_boot: int = 2000, seed: int = 0, method: str = "bca", *,
            frames: Sequence[str] | None = None) -> pd.DataFrame:
    """Mean of each measure per group with a bootstrap confidence interval.

    Returns one row per measure × group: the ``by`` columns, ``measure``, ``n`` (values used),
    ``mean``, ``ci_low``, ``ci_high`` and ``method``. Measures default to every frame's ``_per_1k``,
    ``_share`` and ``_tone`` columns and ``sentiment`` (frames from the ``_per_1k`` columns, or
    ``frames=``). NaN values are dropped per measure, so ``n`` differs between measures: ``f_tone``
    is NaN for articles without frame ``f``. ``method="bca"`` (own vectorized implementation of
    Efron's BCa) falls back to the percentile interval when BCa is undefined (n < 3, zero variance),
    and ``method`` says so; with n < 2 the interval is NaN.

    >>> compare(scores, by="outlet", measures=["security_per_1k"], n_boot=1000)  # doctest: +SKIP
       outlet          measure   n   mean  ci_low  ci_high method
    0       A  security_per_1k  40  3.120   2.410    3.950    bca
    """
    by = resolve_by(scores, by, "compare")
    measures = resolve_measures(scores, measures, by, frames, "compare")
    _check_options("compare", ci, n_boot, seed, method)
    groups = split_groups(scores, by, "compare")
    rows = []
    for measure in measures:
        for key, label, members in groups:
            values = _finite(members[measure])
            low, high, used = bootstrap_mean_ci(values, ci, n_boot, _stream(seed, "compare", label, measure), method)
            rows.append((*key, measure, values.size, values.mean() if values.size else np.nan, low, high, used))
    table = pd.DataFrame(rows, columns=[*by, *COMPARE_COLUMNS])
    table["n"] = table["n"].astype("int64")
    table.attrs.update({"by": list(by), "ci": ci, "n_boot": n_boot, "seed": seed})
    return table


def contrast(scores: pd.DataFrame, by: str | Sequence[str], a=None, b=None,
             measures: Sequence[str] | None = None, ci: float = 0.95, n_boot: int = 2000,
             n_perm: int = 5000, seed: int = 0, *, method: str = "bca",
             frames: Sequence[str] | None = None) -> pd.DataFrame:
    """Differences between groups, per measure, with uncertainty and effect sizes.

    Pairs: every pair of groups (``a=None``), ``a`` against each other group (``b=None``), ``a``
    against ``b``, or ``a`` against all other groups pooled (``b="rest"``). Multi-column ``by``
    gives labels joined by ``" / "``; ``a``/``b`` may be such a label or a tuple of values.

    Columns: ``group_a``, ``group_b``, ``measure``, ``n_a``, ``n_b``, ``mean_a``, ``mean_b``,
    ``diff`` (a − b), ``ci_low``/``ci_high`` (bootstrap of the difference, resampling within each
    group; BCa with percentile fallback as in :func:`compare`, not adjusted for multiplicity),
    ``p_value`` (two-sided permutation test, (k + 1)/(n_perm + 1); exact enumeration when the groups
    are so small that there are at most ``n_perm`` distinct relabellings), ``p_holm`` (Holm across all
    pairs × measures of this call), ``cliffs_delta``, ``smd`` (Hedges' g), ``significant``
    (``p_holm < 1 − ci``) and ``method`` (of the interval).

    >>> contrast(scores, by="outlet", a="A", b="B", measures=["security_per_1k"])  # doctest: +SKIP
    """
    by = resolve_by(scores, by, "contrast")
    measures = resolve_measures(scores, measures, by, frames, "contrast")
    _check_options("contrast", ci, n_boot, seed, method, n_perm)
    pairs = _pairs(split_groups(scores, by, "contrast"), a, b, by)
    rows = []
    for measure in measures:
        for label_a, members_a, label_b, members_b in pairs:
            x, y = _finite(members_a[measure]), _finite(members_b[measure])
            low, high, used = bootstrap_diff_ci(x, y, ci, n_boot, _stream(seed, "diff", label_a, label_b, measure), method)
            p = permutation_pvalue(x, y, n_perm, _stream(seed, "perm", label_a, label_b, measure))
            mean_a = x.mean() if x.size else np.nan
            mean_b = y.mean() if y.size else np.nan
            rows.append((label_a, label_b, measure, x.size, y.size, mean_a, mean_b, mean_a - mean_b, low, high,
                         p, np.nan, cliffs_delta(x, y), hedges_g(x, y), False, used))
    table = pd.DataFrame(rows, columns=list(CONTRAST_COLUMNS))
    table["p_holm"] = holm(table["p_value"].to_numpy())
    table["significant"] = (table["p_holm"] < 1 - ci).astype(bool)
    table[["n_a", "n_b"]] = table[["n_a", "n_b"]].astype("int64")
    table.attrs.update({"by": list(by), "ci": ci, "n_boot": n_boot, "n_perm": n_perm, "seed": seed})
    return table


def _pairs(groups, a, b, by):
    labels = [label for _, label, _ in groups]
    members = {label: rows for _, label, rows in groups}
    if len(groups) < 2:
        raise AnalysisError(
            f"contrast: by={by!r} gives only one group ({labels[0]!r}); a contrast needs at least two groups"
        )
    if a is None:
        if b is not None:
            raise AnalysisError("contrast: b= was given without a=; pass a= too (or neither, for every pair)")
        return [(la, members[la], lb, members[lb]) for la, lb in itertools.combinations(labels, 2)]
    label_a = _find_group(a, labels, by)
    if isinstance(b, str) and b == REST:
        rest = pd.concat([members[label] for label in labels if label != label_a])
        return [(label_a, members[label_a], REST, rest)]
    if b is None:
        return [(label_a, members[label_a], label, members[label]) for label in labels if label != label_a]
    label_b = _find_group(b, labels, by)
    if label_b == label_a:
        raise AnalysisError(f"contrast: a and b are the same group ({label_a!r}); pick two different groups")
    return [(label_a, members[label_a], label_b, members[label_b])]


def _find_group(wanted, labels: list[str], by) -> str:
    label = group_label(tuple(wanted)) if isinstance(wanted, (tuple, list)) else str(wanted)
    if label not in labels:
        raise AnalysisError(
            f"contrast: no group {label!r} in {', '.join(map(repr, by))}; groups are: {', '.join(labels)}"
        )
    return label
