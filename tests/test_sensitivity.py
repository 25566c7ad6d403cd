"""sensitivity: leave-one-entry-out contrasts find a difference planted on one entry, and equal re-scoring."""

import pandas as pd
import pytest

from framing.analysis.contrast import contrast
from framing.errors import AnalysisError
from framing.lexicon import load_lexicon
from framing.measures import score
from framing.analysis.sensitivity import sensitivity

FAST = {"n_boot": 200, "n_perm": 400}
ALARM = load_lexicon({"frames": {"alarm": {"entries": ["zap", "threat*", "danger"]}}})


def planted(n=12):
    """Outlet A says "zap" three times per article, B says the non-entry "zip" instead; all else equal."""
    rows = []
    for outlet, word in (("A", "Zap"), ("B", "Zip")):
        for i in range(n):
            filler = " ".join(["words"] * (i + 3))
            rows.append({"id": f"{outlet}{i}", "outlet": outlet,
                         "text": f"{word} {word.lower()} {word.lower()} here. A threat looms {filler}. "
                                 f"Danger ahead. Calm {filler}."})
    return pd.DataFrame(rows)


def test_a_difference_carried_by_one_planted_entry_is_reported():
    table = sensitivity(planted(), "outlet", "alarm", lexicon=ALARM, **FAST)
    assert list(table.columns) == ["entry", "hits_removed", "group_a", "group_b", "diff", "ci_low", "ci_high",
                                   "p_value", "p_holm", "significant", "diff_full", "p_full", "sign_flips",
                                   "significance_changes"]
    assert table["entry"].tolist() == ["(none)", "zap", "threat*", "danger"]
    assert table["hits_removed"].tolist() == [0, 36, 24, 24]  # over all articles
    full = table.iloc[0]
    assert full["diff"] > 0 and full["significant"] and full["p_value"] == pytest.approx(1 / 401)
    rows = table.set_index("entry")
    assert rows.loc["zap", "diff"] == 0 and rows.loc["zap", "p_value"] == 1.0   # the groups become identical
    assert rows["significance_changes"].to_dict() == {"(none)": False, "zap": True, "threat*": False, "danger": False}
    assert not rows["sign_flips"].any()
    assert (rows["diff_full"] == full["diff"]).all() and (rows["p_full"] == full["p_holm"]).all()


def test_share_is_recomputed_at_sentence_level():
    table = sensitivity(planted(), "outlet", "alarm", kind="share", lexicon=ALARM, **FAST).set_index("entry")
    # A: 3 of 4 sentences evoke the frame, B: 2 of 4; without zap both 2 of 4, without danger 2/4 vs 1/4.
    assert table.loc["(none)", "diff"] == pytest.approx(0.25)
    assert table.loc["zap", "diff"] == 0
    assert table.loc["danger", "diff"] == pytest.approx(0.25)


SECURITY = load_lexicon({"frames": {
    "security": {"entries": ["energy security", "secur*", {"pattern": "threat*", "weight": 2}],
                 "exclude": ["security council"]},
    "other": {"entries": ["gas"]},
}})


@pytest.mark.parametrize("measure", ["per_1k", "share", "tone"])
def test_equals_rescoring_with_the_entry_removed(measure):
    # Dropping "energy security" lets secur* take its second word: recounting, not subtracting.
    articles = pd.DataFrame({"id": [f"{g}{i}" for g in "AB" for i in range(4)], "outlet": ["A"] * 4 + ["B"] * 4,
                             "text": ["Energy security matters. We fear threats. Gas is good.",
                                      "Energy security and security. A calm day.",
                                      "The Security Council met. Energy security now.",
                                      "Threats, threats everywhere. Secure the grid.",
                                      "Security first. Gas is cheap.",
                                      "A calm day. Nothing else.",
                                      "Energy security is vital, they said, a grim threat.",
                                      "Gas and more gas."]})
    table = sensitivity(articles, "outlet", "security", kind=measure, lexicon=SECURITY, **FAST)
    for entry in ["energy security", "secur*", "threat*"]:
        scores = score(articles, SECURITY.without_entry("security", entry))
        expected = contrast(scores, "outlet", measures=[f"security_{measure}"], seed=0, **FAST).iloc[0]
        row = table[table["entry"] == entry].iloc[0]
        for column in ("diff", "ci_low", "ci_high", "p_value", "p_holm"):
            assert row[column] == pytest.approx(expected[column], nan_ok=True, rel=1e-12), (entry, column)


def test_every_pair_of_groups_by_default():
    three = pd.concat([planted(6), planted(6).query("outlet == 'B'").assign(outlet="C", id=lambda t: "C" + t.id)])
    table = sensitivity(three, "outlet", "alarm", lexicon=ALARM, **FAST)
    assert table[["group_a", "group_b"]].drop_duplicates().values.tolist() == [["A", "B"], ["A", "C"], ["B", "C"]]
    assert len(table) == 3 * 4
    only = sensitivity(three, "outlet", "alarm", a="A", b="rest", lexicon=ALARM, **FAST)
    assert set(only["group_b"]) == {"rest"} and len(only) == 4


def test_errors_name_frame_measure_and_column():
    with pytest.raises(AnalysisError, match="no frame 'risk'.*alarm"):
        sensitivity(planted(2), "outlet", "risk", lexicon=ALARM)
    with pytest.raises(AnalysisError, match="kind='rate'.*per_1k, share, tone, hits"):
        sensitivity(planted(2), "outlet", "alarm", kind="rate", lexicon=ALARM)
    with pytest.raises(AnalysisError, match="no column 'source'"):
        sensitivity(planted(2), "source", "alarm", lexicon=ALARM)


def test_the_old_spelling_measure_still_works_and_warns():
    new = sensitivity(planted(), "outlet", "alarm", kind="share", lexicon=ALARM, **FAST)
    with pytest.warns(DeprecationWarning, match="kind="):
        old = sensitivity(planted(), "outlet", "alarm", measure="share", lexicon=ALARM, **FAST)
    pd.testing.assert_frame_equal(old, new)


def test_contrast_variants_equal_one_contrast_per_variant_with_holm_within_each():
    from framing.analysis.contrast import contrast_variants

    scores = pd.DataFrame({"outlet": list("AAAABBBBCCCC"),
                           "x": [1.0, 2.0, 3.0, 4.0, 2.0, 3.0, 4.0, 9.0, 7.0, 8.0, 9.0, 10.0],
                           "y": [5.0, 5.0, 6.0, 6.0, 1.0, 1.0, 2.0, 2.0, 5.0, 6.0, 5.0, 6.0]})
    both = contrast_variants(scores, ["outlet"], None, None, ["x", "y"], "x", **FAST)
    assert both["measure"].tolist() == ["x"] * 3 + ["y"] * 3
    for variant in ("x", "y"):
        alone = contrast(scores.assign(x=scores[variant]), "outlet", measures=["x"], **FAST)
        got = both[both["measure"] == variant].reset_index(drop=True).drop(columns="measure")
        pd.testing.assert_frame_equal(got, alone.drop(columns="measure"), check_exact=True)
