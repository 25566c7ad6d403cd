"""Agreement (Krippendorff's worked example), weighted precision/recall/F1 by hand, diagnostics, ratings, suggestions."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import framing
from framing.validation.validate import format_scores

# Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability". Annenberg School for
# Communication, University of Pennsylvania, Departmental Papers 43 (https://repository.upenn.edu/asc_papers/43),
# section C, the example of four observers and twelve units with missing values: he reports
# alpha = 0.743 (nominal), 0.815 (ordinal), 0.849 (interval) and 0.797 (ratio).
KRIPPENDORFF_2011 = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def worked_example() -> pd.DataFrame:
    rows = [(f"unit{j + 1}", coder, value) for coder, values in KRIPPENDORFF_2011.items()
            for j, value in enumerate(values) if value is not None]
    return pd.DataFrame(rows, columns=["unit_id", "coder", "value"])


@pytest.mark.parametrize("level, expected", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849),
                                             ("ratio", 0.797)])
def test_alpha_reproduces_krippendorffs_worked_example(level, expected):
    table = framing.agreement(worked_example(), level=level)
    overall = table[table["coders"] == "all"].iloc[0]
    assert round(overall["alpha"], 3) == expected
    assert (overall["n_coders"], overall["n_units"], overall["level"]) == (4, 11, level)  # unit 12 has one value


def test_percent_agreement_overall_and_per_pair_by_hand():
    table = framing.agreement(worked_example()).set_index("coders")
    # all coders agree on units 1, 3, 4, 5, 7, 9, 10, 11 of the 11 with two or more values
    assert table.loc["all", "agreement"] == pytest.approx(8 / 11)
    # A and B both coded units 1-9 and differ only on unit 6
    assert (table.loc["A & B", "n_units"], table.loc["A & B", "agreement"]) == (9, pytest.approx(8 / 9))
    assert len(table) == 1 + 6  # all, and the six pairs


def test_pairs_that_coded_no_unit_in_common_are_left_out():
    # A and B code units u1-u2, C and D units u3-u4: only those two pairs are reported
    codes = pd.DataFrame({"unit_id": ["u1", "u1", "u2", "u2", "u3", "u3", "u4", "u4"],
                          "coder": ["A", "B", "A", "B", "C", "D", "C", "D"],
                          "security": [1, 1, 0, 1, 0, 0, 1, 1]})
    table = framing.agreement(codes).set_index("coders")
    assert list(table.index) == ["all", "A & B", "C & D"]
    assert table["agreement"].tolist() == [0.75, 0.5, 1.0]


def test_alpha_is_nan_when_every_code_is_the_same_and_errors_are_clear():
    codes = pd.DataFrame({"unit_id": ["u", "u", "v", "v"], "coder": ["a", "b", "a", "b"], "security": [0, 0, 0, 0]})
    row = framing.agreement(codes, pairs=False).iloc[0]
    assert np.isnan(row["alpha"]) and row["agreement"] == 1.0
    with pytest.raises(framing.CodingError, match="level='binary' is unknown"):
        framing.agreement(codes, level="binary")
    with pytest.raises(framing.CodingError, match="codes of one coder only"):
        framing.agreement(codes[codes["coder"] == "a"])


# Five units, predictions fixed by hand through a (sentences, matches) pair:
#   u1 predicted 1, gold 1, weight 1  -> TP       u2 predicted 1, gold 0, weight 3 -> FP
#   u3 predicted 0, gold 1, weight 4  -> FN       u4 predicted 0, gold 0, weight 1 -> TN
#   u5 predicted 1, gold 1, weight 3  -> TP
SENTENCES = pd.DataFrame({"id": ["u1", "u2", "u3", "u4", "u5"], "sentence": 0,
                          "text": ["Troops and the army.", "The Red Army choir sang.", "Gunmen attacked.",
                                   "It rained.", "The war went on."],
                          "compound": [-0.5, 0.1, 0.3, 0.9, -0.2]})
MATCHES = pd.DataFrame({"id": ["u1", "u1", "u2", "u5"], "sentence": 0, "frame": "security",
                        "term": ["troops", "army", "army", "war"], "match": ["Troops", "army", "Army", "war"]})
GOLD = pd.DataFrame({"unit_id": ["u1", "u2", "u3", "u4", "u5"], "security": [1, 0, 1, 0, 1],
                     "weight": [1.0, 3.0, 4.0, 1.0, 3.0]})


def test_unweighted_scores_and_confusion_counts():
    scores = framing.validate((SENTENCES, MATCHES), GOLD, n_boot=500).scores.iloc[0]
    assert (scores["tp"], scores["fp"], scores["fn"], scores["tn"]) == (2, 1, 1, 1)
    assert (scores["n_units"], scores["gold_positive"], scores["predicted_positive"]) == (5, 3, 3)
    assert scores["precision"] == pytest.approx(2 / 3) and scores["recall"] == pytest.approx(2 / 3)
    assert scores["f1"] == pytest.approx(2 / 3) and not scores["weighted"]
    for name in ("precision", "recall", "f1"):
        assert 0 <= scores[f"{name}_low"] <= scores[name] <= scores[f"{name}_high"] <= 1


def test_weighted_scores_count_each_unit_by_its_weight():
    result = framing.validate((SENTENCES, MATCHES), GOLD, weights="weight", n_boot=500)
    scores = result.scores.iloc[0]
    # weighted TP = 1 + 3 = 4, FP = 3, FN = 4
    assert scores["precision"] == pytest.approx(4 / 7)
    assert scores["recall"] == pytest.approx(4 / 8)
    assert scores["f1"] == pytest.approx(8 / 15)
    assert (scores["tp"], scores["fp"], scores["fn"]) == (2, 1, 1) and scores["weighted"]
    by_series = framing.validate((SENTENCES, MATCHES), GOLD, weights=GOLD.set_index("unit_id")["weight"], n_boot=500)
    pd.testing.assert_frame_equal(result.scores, by_series.scores)
    with pytest.raises(framing.CodingError, match=r"no positive weight for unit\(s\) u5"):
        framing.validate((SENTENCES, MATCHES), GOLD, weights={"u1": 1, "u2": 1, "u3": 1, "u4": 1})


def test_a_perfect_lexicon_has_degenerate_intervals_at_one():
    gold = GOLD.assign(security=[1, 1, 0, 0, 1])
    scores = framing.validate((SENTENCES, MATCHES), gold, n_boot=200).scores.iloc[0]
    assert [scores[c] for c in ("precision_low", "precision", "recall_high", "f1_low", "f1_high")] == [1.0] * 5


def test_diagnostics_entries_false_negatives_and_false_positives():
    result = framing.validate((SENTENCES, MATCHES), GOLD, n_boot=100)
    entries = result.entries.set_index("term")
    assert entries.loc["army", ["fires", "true_positive", "precision", "only"]].tolist() == [2, 1, 0.5, 1]
    assert entries.loc["troops", ["fires", "true_positive", "only"]].tolist() == [1, 1, 0]
    assert entries.loc["war", ["fires", "true_positive", "only"]].tolist() == [1, 1, 1]
    assert result.false_negatives.values.tolist() == [["security", "u3", "Gunmen attacked."]]
    assert result.false_positives.values.tolist() == [["security", "u2", "army", "The Red Army choir sang."]]


def test_sentence_units_of_articles_analysed_with_the_lexicon():
    articles = pd.DataFrame({"id": ["a"], "text": ["Troops massed at the border. The weather was mild. Gunmen fired."]})
    gold = pd.DataFrame({"unit_id": ["a:0", "a:1", "a:2"], "security": [1, 0, 1]})
    troops_only = {"frames": {"security": {"entries": ["troops"]}}}
    scores = framing.validate(framing.analyse(articles, troops_only), gold, n_boot=100).scores.iloc[0]
    assert (scores["tp"], scores["fp"], scores["fn"], scores["tn"]) == (1, 0, 1, 1)
    with pytest.raises(framing.CodingError, match="1 gold unit"):
        framing.validate(articles, pd.concat([gold, pd.DataFrame({"unit_id": ["b:0"], "security": [0]})]))


def test_the_printed_table():
    text = format_scores(framing.validate((SENTENCES, MATCHES), GOLD, n_boot=100).scores)
    assert text.splitlines()[1].startswith("security        5   2   1   1   1  0.67 [")


def test_ratings_correlations_with_intervals():
    ratings = pd.Series([-2.0, 1.0, 0.0, 1.5, -1.0], index=["u1", "u2", "u3", "u4", "u5"])
    row = framing.validate_ratings((SENTENCES, MATCHES), ratings, n_boot=300).iloc[0]
    assert row["n_units"] == 5
    assert row["pearson"] == pytest.approx(stats.pearsonr(SENTENCES["compound"], ratings).statistic)
    # ranks of the compounds 1, 3, 4, 5, 2 against ranks of the ratings 1, 4, 3, 5, 2: Σd² = 2, ρ = 1 − 6·2 / (5·24)
    assert row["spearman"] == pytest.approx(0.9)
    assert row["pearson_low"] <= row["pearson"] <= row["pearson_high"]


def test_suggestions_rank_words_of_positive_units_and_skip_what_the_lexicon_matches():
    units = pd.DataFrame({
        "unit_id": ["p1", "p2", "p3", "n1", "n2", "n3"],
        "security": [1, 1, 1, 0, 0, 0],
        "text": ["Gunmen raided the village and troops fled.", "Gunmen raided a depot.", "Gunmen burned troops' tents.",
                 "The village fair opened.", "A depot opened downtown.", "Tents were sold at the fair."],
    })
    table = framing.suggest_entries(units, "security", min_count=2,
                                    lexicon={"frames": {"security": {"entries": ["troops"]}}})
    assert table["term"].tolist() == ["gunmen", "gunmen raided", "raided"]
    assert table[["count_pos", "count_neg", "units_pos"]].values.tolist() == [[3, 0, 3], [2, 0, 2], [2, 0, 2]]
    assert "troops" not in set(table["term"])  # the lexicon's `troops` already matches it
    assert table["examples"][0] == "[Gunmen] raided the village and troops fled. | [Gunmen] raided a depot."
    with pytest.raises(framing.CodingError, match="units coded 1 and units coded 0"):
        framing.suggest_entries(units[units["security"] == 1], "security",
                                lexicon={"frames": {"security": {"entries": ["troops"]}}})


def test_stratified_bootstrap_resamples_within_strata():
    # one unit per stratum: every resample is the sample itself, so each interval is the estimate
    strata = pd.Series(["s1", "s2", "s3", "s4", "s5"], index=GOLD["unit_id"])
    scores = framing.validate((SENTENCES, MATCHES), GOLD, strata=strata, n_boot=100).scores.iloc[0]
    for name in ("precision", "recall", "f1"):
        assert scores[f"{name}_low"] == scores[name] == scores[f"{name}_high"] == pytest.approx(2 / 3)
    with pytest.raises(framing.CodingError, match=r"no stratum for unit\(s\) u5"):
        framing.validate((SENTENCES, MATCHES), GOLD, strata=strata.iloc[:4])
