"""Compare groups of articles: each group's mean of each measure with a bootstrap interval.

Randomness comes only from ``seed``: every group × measure (or pair × measure) gets its own
``numpy.random.Generator`` derived from ``seed`` and its labels, so a number does not change when
other groups or measures are added to the call.

>>> table = compare(scores, by="outlet")                      # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.columns import COMPARE_COLUMNS, resolve_by, resolve_measures, split_groups
from framing.measures import as_scores
from framing.stats import bootstrap_mean_ci, check_options, finite_values, random_stream

def compare(scores, by: str | Sequence[str], measures: Sequence[str] | None = None,
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
    scores = as_scores(scores)
    by = resolve_by(scores, by, "compare")
    measures = resolve_measures(scores, measures, by, frames, "compare")
    check_options("compare", ci, n_boot, seed, method)
    groups = split_groups(scores, by, "compare")
    rows = []
    for measure in measures:
        for key, label, members in groups:
            values = finite_values(members[measure])
            low, high, used = bootstrap_mean_ci(values, ci, n_boot, random_stream(seed, "compare", label, measure), method)
            rows.append((*key, measure, values.size, values.mean() if values.size else np.nan, low, high, used))
    table = pd.DataFrame(rows, columns=[*by, *COMPARE_COLUMNS])
    table["n"] = table["n"].astype("int64")
    table.attrs.update({"by": list(by), "ci": ci, "n_boot": n_boot, "seed": seed})
    return table
