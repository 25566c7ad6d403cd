"""Contrast groups of articles: differences per measure with intervals, permutation p-values,
Holm's adjustment and effect sizes (Cliff's delta, Hedges' g).

Randomness comes only from ``seed``: every pair × measure gets its own generator derived from
``seed`` and its labels, so a number does not change when other groups or measures are added.

>>> contrast(scores, by="outlet", a="Outlet A", b="rest")     # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.columns import CONTRAST_COLUMNS, EACH, REST, group_label, resolve_by, resolve_measures, split_groups
from framing.errors import AnalysisError
from framing.measures import as_scores
from framing.stats import (bootstrap_diff_ci, check_options, cliffs_delta, finite_values, hedges_g, holm,
                           permutation_pvalue, random_stream)


def contrast(scores, by: str | Sequence[str], a=None, b=None,
             measures: Sequence[str] | None = None, ci: float = 0.95, n_boot: int = 2000,
             n_perm: int = 5000, seed: int = 0, *, method: str = "bca",
             frames: Sequence[str] | None = None) -> pd.DataFrame:
    """Differences between groups, per measure, with uncertainty and effect sizes.

    Pairs: every pair of groups (``a=None``), ``a`` against each other group (``b="each"``; the old
    spelling ``b=None`` warns), ``a`` against ``b``, or ``a`` against all other groups pooled (``b="rest"``). Multi-column ``by``
    gives labels joined by ``" / "``; ``a``/``b`` may be such a label or a tuple of values.

    Columns: ``group_a``, ``group_b``, ``measure``, ``n_a``, ``n_b``, ``mean_a``, ``mean_b``,
    ``diff`` (a − b), ``ci_low``/``ci_high`` (bootstrap of the difference, resampling within each
    group; BCa with percentile fallback as in :func:`framing.compare`, not adjusted for multiplicity),
    ``p_value`` (two-sided permutation test, (k + 1)/(n_perm + 1); exact enumeration when the groups
    are so small that there are at most ``n_perm`` distinct relabellings), ``p_holm`` (Holm across all
    pairs × measures of this call), ``cliffs_delta``, ``smd`` (Hedges' g), ``significant``
    (``p_holm < 1 − ci``) and ``method`` (of the interval).

    >>> contrast(scores, by="outlet", a="A", b="B", measures=["security_per_1k"])  # doctest: +SKIP
    """
    scores = as_scores(scores)
    by = resolve_by(scores, by, "contrast")
    measures = resolve_measures(scores, measures, by, frames, "contrast")
    check_options("contrast", ci, n_boot, seed, method, n_perm)
    pairs = _pairs(split_groups(scores, by, "contrast"), a, b, by)
    table = _contrast_rows(pairs, measures, ci, n_boot, n_perm, seed, method)
    table["p_holm"] = holm(table["p_value"].to_numpy())
    table["significant"] = (table["p_holm"] < 1 - ci).astype(bool)
    table.attrs.update({"by": list(by), "ci": ci, "n_boot": n_boot, "n_perm": n_perm, "seed": seed})
    return table


def contrast_variants(scores: pd.DataFrame, by: Sequence[str], a, b, variants: Sequence[str], as_measure: str,
                      ci: float = 0.95, n_boot: int = 2000, n_perm: int = 5000, seed: int = 0) -> pd.DataFrame:
    """:func:`contrast` of each column of ``variants`` on its own, as if it were the column ``as_measure``:
    the same random draws for every variant and Holm's adjustment within each, so that the rows of two
    variants differ only because their values do. One pass over the groups for all variants
    (:func:`framing.sensitivity`: one variant per lexicon entry left out). Column ``measure`` names the variant.

    >>> contrast_variants(wide, ["outlet"], "A", "B", ["v0", "v1"], "security_per_1k")  # doctest: +SKIP
    """
    measures = resolve_measures(scores, variants, by, None, "contrast")
    check_options("contrast", ci, n_boot, seed, "bca", n_perm)
    pairs = _pairs(split_groups(scores, by, "contrast"), a, b, by)
    table = _contrast_rows(pairs, measures, ci, n_boot, n_perm, seed, "bca", as_measure)
    table["p_holm"] = np.concatenate([holm(table.loc[table["measure"] == m, "p_value"].to_numpy()) for m in measures])
    table["significant"] = (table["p_holm"] < 1 - ci).astype(bool)
    return table


def _contrast_rows(pairs, measures: Sequence[str], ci: float, n_boot: int, n_perm: int, seed: int, method: str,
                   stream_measure: str | None = None) -> pd.DataFrame:
    """One row per measure × pair, measure by measure (``p_holm`` and ``significant`` left to the caller).
    Random draws come from ``seed``, the pair and the measure's name, or ``stream_measure`` when given."""
    rows = []
    for measure in measures:
        stream = stream_measure or measure
        for label_a, members_a, label_b, members_b in pairs:
            x, y = finite_values(members_a[measure]), finite_values(members_b[measure])
            low, high, used = bootstrap_diff_ci(x, y, ci, n_boot, random_stream(seed, "diff", label_a, label_b, stream), method)
            p = permutation_pvalue(x, y, n_perm, random_stream(seed, "perm", label_a, label_b, stream))
            mean_a = x.mean() if x.size else np.nan
            mean_b = y.mean() if y.size else np.nan
            rows.append((label_a, label_b, measure, x.size, y.size, mean_a, mean_b, mean_a - mean_b, low, high,
                         p, np.nan, cliffs_delta(x, y), hedges_g(x, y), False, used))
    table = pd.DataFrame(rows, columns=list(CONTRAST_COLUMNS))
    table[["n_a", "n_b"]] = table[["n_a", "n_b"]].astype("int64")
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
        warnings.warn("contrast: b=None with a= compares a with each other group in turn; pass b='each' for "
                      "that (b=None will mean all other groups pooled, as in keyness, or pass b='rest')",
                      DeprecationWarning, stacklevel=4)
    if b is None or (isinstance(b, str) and b == EACH):
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
