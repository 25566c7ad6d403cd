"""compare / contrast and their statistics, on score tables built so the answers are known."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from framing.analysis.compare import compare
from framing.analysis.contrast import contrast
from framing.columns import default_measures, frames_in, split_measure
from framing.stats import bootstrap_diff_ci, bootstrap_mean_ci, cliffs_delta, hedges_g, holm, permutation_pvalue
from framing.errors import AnalysisError

FRAMES = ("cooperation", "balance", "security")


def make_scores(means: dict, n: int = 40, seed: int = 0, sd: float = 1.0) -> pd.DataFrame:
    """A score table: one group per key of ``means``; ``security_per_1k`` ~ Normal(mean, sd), other
    measures from one distribution for every group; ``*_tone`` NaN where the frame is absent."""
    rng = np.random.default_rng(seed)
    parts = []
    for outlet, mean in means.items():
        part = pd.DataFrame({"id": [f"{outlet}-{i}" for i in range(n)], "outlet": outlet,
                             "country": np.where(np.arange(n) % 2, "RS", "RU"),
                             "date": pd.Timestamp("2024-03-01") + pd.to_timedelta(np.arange(n), "D"),
                             "n_tokens": 200, "n_sentences": 10})
        for frame in FRAMES:
            rate = rng.normal(mean, sd, n) if frame == "security" else rng.gamma(2.0, 2.0, n)
            part[f"{frame}_hits"] = rate * 0.2
            part[f"{frame}_per_1k"] = rate
            part[f"{frame}_share"] = rng.uniform(0, 0.6, n)
            part[f"{frame}_tone"] = np.where(rng.uniform(size=n) < 0.25, np.nan, rng.uniform(-1, 1, n))
        part["sentiment"] = rng.uniform(-1, 1, n)
        part["dominant_frame"] = "security"
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


# --- statistics checked by hand ---------------------------------------------------------------

def test_holm_matches_hand_computation():
    # sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → running max 0.06
    assert holm([0.01, 0.04, 0.03, 0.005]).tolist() == [0.03, 0.06, 0.06, 0.02]


def test_holm_caps_at_one_and_keeps_nan_out_of_the_count():
    assert holm([0.5, 0.6]).tolist() == [1.0, 1.0]
    adjusted = holm([0.02, np.nan, 0.04])
    assert adjusted[0] == 0.04 and math.isnan(adjusted[1]) and adjusted[2] == 0.04
    assert holm([]).size == 0


def test_cliffs_delta_hand_examples():
    # 1 < 2 (×3), 2 = 2 (×3), 3 > 2 (×3): (3 − 3) / 9
    assert cliffs_delta([1, 2, 3], [2, 2, 2]) == 0.0
    # 3 vs [1,2,3]: 2 greater, 1 tie; 4 and 5: 3 greater each → 8 / 9
    assert cliffs_delta([3, 4, 5], [1, 2, 3]) == 8 / 9
    assert cliffs_delta([1, 2], [3, 4]) == -1.0
    assert math.isnan(cliffs_delta([], [1.0]))


def test_hedges_g_hand_example():
    # diff −2, pooled SD 1, J = 1 − 3 / (4·6 − 9) = 0.8
    assert hedges_g([1, 2, 3], [3, 4, 5]) == pytest.approx(-1.6, abs=1e-12)
    assert math.isnan(hedges_g([2, 2], [2, 2]))
    assert math.isnan(hedges_g([1.0], [2.0]))


def test_permutation_pvalue_small_groups_are_enumerated_exactly():
    # Of the C(8, 4) = 70 splits of 1..8, only the observed one and its mirror reach |diff| = 4.
    assert permutation_pvalue([1, 2, 3, 4], [5, 6, 7, 8], n_perm=70) == 2 / 70
    # 3 vs 4 values: 35 splits, no mirror; the observed split alone is as extreme.
    assert permutation_pvalue([10, 11, 12], [1, 2, 3, 4], n_perm=5000) == 1 / 35
    assert permutation_pvalue([1.0, 2, 3], [1.0, 2, 3], n_perm=99) == 1.0


def test_permutation_pvalue_monte_carlo_agrees_with_enumeration():
    # C(8, 4) = 70 > n_perm = 69: random relabellings, close to the exact 2/70
    p = permutation_pvalue([1, 2, 3, 4], [5, 6, 7, 8], n_perm=69, seed=1)
    assert p * 70 == pytest.approx(round(p * 70))  # of the form (k + 1) / 70
    x = np.array([0.0, 1, 1, 2, 3, 3, 4, 6, 2, 1])
    y = x + 1.2
    many = [permutation_pvalue(x, y, n_perm=4000, seed=s) for s in range(3)]
    assert np.ptp(many) < 0.03 and 0.05 < np.mean(many) < 0.3
    assert permutation_pvalue(np.arange(30.0), np.arange(30.0) + 100, n_perm=999) == 1 / 1000


def test_bootstrap_bca_agrees_with_scipy():
    x = np.random.default_rng(5).exponential(1.0, 60)
    low, high, method = bootstrap_mean_ci(x, n_boot=20000, seed=0)
    reference = stats.bootstrap((x,), np.mean, method="BCa", n_resamples=20000, random_state=0).confidence_interval
    assert method == "bca"
    assert low == pytest.approx(reference.low, abs=0.03) and high == pytest.approx(reference.high, abs=0.03)


def test_bootstrap_falls_back_and_says_so():
    assert bootstrap_mean_ci([1.0, 2.0], n_boot=200)[2] == "percentile (BCa undefined: n < 3)"
    assert bootstrap_mean_ci([4.0, 4.0, 4.0], n_boot=200) == (4.0, 4.0, "percentile (BCa undefined: zero variance)")
    low, high, method = bootstrap_mean_ci([3.0], n_boot=200)
    assert math.isnan(low) and math.isnan(high) and method == "none (n = 1)"
    assert bootstrap_mean_ci([], n_boot=200)[2] == "none (no values)"
    assert bootstrap_mean_ci([1.0, 2, 3, 5], n_boot=200, method="percentile")[2] == "percentile"
    assert bootstrap_diff_ci([1.0, 2.0], [3.0, 4.0, 5.0], n_boot=200)[2] == "percentile (BCa undefined: n < 3)"


def test_measures_are_discovered_from_columns():
    scores = make_scores({"A": 0, "B": 0}, n=5)
    assert frames_in(scores) == list(FRAMES)
    measures = default_measures(scores)
    assert measures[:3] == ["cooperation_per_1k", "balance_per_1k", "security_per_1k"]
    assert len(measures) == 10 and measures[-1] == "sentiment"
    assert default_measures(scores, frames=["security"]) == ["security_per_1k", "security_share", "security_tone", "sentiment"]
    assert split_measure("security_per_1k_pooled") == ("security", "per_1k_pooled")
    with pytest.raises(AnalysisError, match="'economy'"):
        default_measures(scores, frames=["economy"])


# --- compare ------------------------------------------------------------------------------------

def test_compare_table_shape_and_intervals():
    scores = make_scores({"A": 5, "B": 1, "C": 1})
    table = compare(scores, by="outlet", n_boot=500)
    assert list(table.columns) == ["outlet", "measure", "n", "mean", "ci_low", "ci_high", "method"]
    assert len(table) == 3 * 10
    assert (table["ci_low"] <= table["mean"]).all() and (table["mean"] <= table["ci_high"]).all()
    security = table[table["measure"] == "security_per_1k"].set_index("outlet")
    assert security.loc["A", "mean"] == pytest.approx(scores.loc[scores.outlet == "A", "security_per_1k"].mean())
    assert security.loc["A", "ci_low"] > security.loc["B", "ci_high"]
    # f_tone is NaN where the frame is absent: fewer values than articles, counted per measure.
    tone = table[table["measure"] == "security_tone"].set_index("outlet")
    assert (tone["n"] < 40).all()
    assert tone.loc["A", "n"] == scores.loc[scores.outlet == "A", "security_tone"].notna().sum()


def test_compare_is_deterministic_for_a_seed_and_independent_of_other_groups():
    scores = make_scores({"A": 2, "B": 1, "C": 0})
    first = compare(scores, "outlet", measures=["security_per_1k", "sentiment"], n_boot=400, seed=3)
    again = compare(scores, "outlet", measures=["security_per_1k", "sentiment"], n_boot=400, seed=3)
    pd.testing.assert_frame_equal(first, again)
    other = compare(scores, "outlet", measures=["security_per_1k", "sentiment"], n_boot=400, seed=4)
    assert not first["ci_low"].equals(other["ci_low"])
    only_a = compare(scores[scores.outlet == "A"], "outlet", measures=["security_per_1k"], n_boot=400, seed=3)
    assert only_a.loc[0, "ci_low"] == first.loc[0, "ci_low"]


def test_compare_multi_column_by_and_percentile_method():
    scores = make_scores({"A": 2, "B": 1})
    table = compare(scores, ["outlet", "country"], measures="security_per_1k", n_boot=300, method="percentile")
    assert list(table.columns[:3]) == ["outlet", "country", "measure"]
    assert len(table) == 4 and set(table["method"]) == {"percentile"}
    assert table["n"].tolist() == [20, 20, 20, 20]


def test_compare_bad_by_names_the_column_and_lists_columns():
    scores = make_scores({"A": 0, "B": 0}, n=5)
    with pytest.raises(AnalysisError, match="'outlt'") as error:
        compare(scores, by="outlt")
    assert "outlet" in str(error.value) and "country" in str(error.value)


def test_compare_rejects_bad_measures_and_options():
    scores = make_scores({"A": 0, "B": 0}, n=5)
    with pytest.raises(AnalysisError, match="'economy_per_1k'"):
        compare(scores, "outlet", measures=["economy_per_1k"])
    with pytest.raises(AnalysisError, match="not numeric"):
        compare(scores, "outlet", measures=["dominant_frame"])
    with pytest.raises(AnalysisError, match="ci="):
        compare(scores, "outlet", ci=95)
    with pytest.raises(AnalysisError, match="method="):
        compare(scores, "outlet", method="student")
    with pytest.raises(AnalysisError, match="empty"):
        compare(scores.iloc[:0], "outlet")


def test_compare_drops_rows_without_a_group_with_a_warning():
    scores = make_scores({"A": 0, "B": 0}, n=5)
    scores.loc[0, "outlet"] = None
    with pytest.warns(UserWarning, match="dropped 1 of 10 rows"):
        table = compare(scores, "outlet", measures=["sentiment"], n_boot=100)
    assert table["n"].tolist() == [4, 5]


# --- contrast -----------------------------------------------------------------------------------

def test_large_true_difference_is_found():
    scores = make_scores({"A": 6, "B": 2})
    table = contrast(scores, "outlet", measures=["security_per_1k"], n_boot=800, n_perm=800)
    row = table.iloc[0]
    assert (row["group_a"], row["group_b"]) == ("A", "B")
    assert row["diff"] == pytest.approx(row["mean_a"] - row["mean_b"])
    assert row["ci_low"] > 0 and row["ci_low"] <= row["diff"] <= row["ci_high"]
    assert row["p_value"] < 0.01 and row["p_value"] == 1 / 801
    assert row["significant"]
    assert row["cliffs_delta"] > 0.9 and row["smd"] > 2


def test_identical_groups_are_mostly_not_significant():
    p_values = []
    for seed in range(20):
        scores = make_scores({"A": 3, "B": 3}, n=30, seed=seed)
        table = contrast(scores, "outlet", measures=["security_per_1k"], n_boot=200, n_perm=500, seed=seed)
        p_values.append(table.loc[0, "p_value"])
    assert sum(p > 0.05 for p in p_values) >= 17


def test_three_groups_give_three_pairs_and_holm_over_everything():
    scores = make_scores({"A": 3, "B": 1, "C": 1})
    table = contrast(scores, "outlet", measures=["security_per_1k", "sentiment"], n_boot=300, n_perm=500)
    assert list(table.columns) == ["group_a", "group_b", "measure", "n_a", "n_b", "mean_a", "mean_b", "diff",
                                   "ci_low", "ci_high", "p_value", "p_holm", "cliffs_delta", "smd",
                                   "significant", "method"]
    assert len(table) == 6
    pairs = table.loc[table.measure == "sentiment", ["group_a", "group_b"]].apply(tuple, axis=1).tolist()
    assert pairs == [("A", "B"), ("A", "C"), ("B", "C")]
    assert table["p_holm"].tolist() == holm(table["p_value"]).tolist()
    assert (table["significant"] == (table["p_holm"] < 0.05)).all()
    assert (table["p_holm"] >= table["p_value"]).all()


def test_contrast_a_against_each_other_group_and_against_the_rest():
    scores = make_scores({"A": 3, "B": 1, "C": 1}, n=20)
    each = contrast(scores, "outlet", a="B", b="each", measures="security_per_1k", n_boot=200, n_perm=200)
    with pytest.warns(DeprecationWarning, match="b='each'"):
        old = contrast(scores, "outlet", a="B", measures="security_per_1k", n_boot=200, n_perm=200)
    pd.testing.assert_frame_equal(old, each)
    assert each[["group_a", "group_b"]].values.tolist() == [["B", "A"], ["B", "C"]]
    rest = contrast(scores, "outlet", a="A", b="rest", measures="security_per_1k", n_boot=200, n_perm=200)
    assert rest[["group_a", "group_b", "n_a", "n_b"]].values.tolist() == [["A", "rest", 20, 40]]
    assert rest.loc[0, "mean_b"] == pytest.approx(scores.loc[scores.outlet != "A", "security_per_1k"].mean())
    one = contrast(scores, "outlet", a="C", b="A", measures="security_per_1k", n_boot=200, n_perm=200)
    assert one.loc[0, "diff"] < 0 and len(one) == 1


def test_contrast_multi_column_labels_and_tuple_groups():
    scores = make_scores({"A": 3, "B": 1}, n=20)
    table = contrast(scores, ["outlet", "country"], a=("A", "RS"), b="B / RU", measures="sentiment",
                     n_boot=200, n_perm=200)
    assert table[["group_a", "group_b"]].values.tolist() == [["A / RS", "B / RU"]]
    assert len(contrast(scores, ["outlet", "country"], measures="sentiment", n_boot=50, n_perm=50)) == 6


def test_contrast_is_deterministic_for_a_seed():
    scores = make_scores({"A": 2, "B": 1, "C": 0}, n=25)
    kwargs = dict(measures=["security_per_1k", "security_tone"], n_boot=300, n_perm=300, seed=11)
    pd.testing.assert_frame_equal(contrast(scores, "outlet", **kwargs), contrast(scores, "outlet", **kwargs))


def test_contrast_errors_name_groups_and_columns():
    scores = make_scores({"A": 2, "B": 1}, n=10)
    with pytest.raises(AnalysisError, match="no group 'Z'.*A, B"):
        contrast(scores, "outlet", a="Z")
    with pytest.raises(AnalysisError, match="only one group"):
        contrast(scores[scores.outlet == "A"], "outlet")
    with pytest.raises(AnalysisError, match="same group"):
        contrast(scores, "outlet", a="A", b="A")
    with pytest.raises(AnalysisError, match="without a="):
        contrast(scores, "outlet", b="A")
    with pytest.raises(AnalysisError, match="'medium'"):
        contrast(scores, "medium")
    with pytest.raises(AnalysisError, match="n_perm"):
        contrast(scores, "outlet", n_perm=0)


def test_contrast_with_too_few_values_gives_nan_not_an_error():
    scores = make_scores({"A": 2, "B": 1}, n=6)
    scores.loc[scores.outlet == "B", "security_tone"] = np.nan
    scores.loc[scores.index[:5], "security_tone"] = np.nan  # one value left in A
    row = contrast(scores, "outlet", measures="security_tone", n_boot=100, n_perm=100).iloc[0]
    assert (row["n_a"], row["n_b"]) == (1, 0)
    assert math.isnan(row["p_value"]) and math.isnan(row["ci_low"]) and not row["significant"]
