"""keyness / frame_keyness: the Monroe, Colaresi & Quinn (2008) statistic checked against hand computation."""

import math

import pandas as pd
import pytest

from framing.errors import AnalysisError
from framing.analysis.keyness import frame_keyness, keyness, load_stopwords, term_counts
from framing.lexicon import load_lexicon
from framing.measures import sentences

# A: gas gas talks (n_a = 3)    B: talks talks sanctions (n_b = 3)
TINY = pd.DataFrame({"id": ["1", "2"], "outlet": ["A", "B"], "text": ["Gas gas talks.", "Talks talks sanctions."]})


def by_term(table):
    return table.set_index("term")


def test_prior_scale_one_matches_the_formula_by_hand():
    # prior_scale = 1: alpha_w = count_a + count_b -> gas 2, talks 3, sanctions 1; alpha_0 = 6.
    table = by_term(keyness(TINY, "outlet", "A", "B", prior_scale=1, min_count=1))
    expected = {
        # term: (delta, var)
        "gas": (math.log(4 / 5) - math.log(2 / 7), 1 / 4 + 1 / 2),          # (2+2)/(3+6-2-2), (0+2)/(3+6-0-2)
        "talks": (math.log(4 / 5) - math.log(5 / 4), 1 / 4 + 1 / 5),        # (1+3)/(3+6-1-3), (2+3)/(3+6-2-3)
        "sanctions": (math.log(1 / 8) - math.log(2 / 7), 1 / 1 + 1 / 2),    # (0+1)/(3+6-0-1), (1+1)/(3+6-1-1)
    }
    for term, (delta, var) in expected.items():
        assert table.loc[term, "log_odds"] == pytest.approx(delta, rel=1e-12)
        assert table.loc[term, "z"] == pytest.approx(delta / math.sqrt(var), rel=1e-12)
    assert table.loc["gas", ["count_a", "count_b"]].tolist() == [2, 0]
    assert table.loc["talks", ["rate_a", "rate_b"]].tolist() == pytest.approx([1000 / 3, 2000 / 3])


def test_default_prior_scale_matches_the_formula_by_hand():
    # prior_scale = 0.01: alpha_gas = 0.02, alpha_0 = 0.06.
    gas = by_term(keyness(TINY, "outlet", "A", "B", min_count=1)).loc["gas"]
    delta = math.log(2.02 / (3 + 0.06 - 2 - 0.02)) - math.log(0.02 / (3 + 0.06 - 0.02))
    assert gas["log_odds"] == pytest.approx(delta, rel=1e-12)
    assert gas["z"] == pytest.approx(delta / math.sqrt(1 / 2.02 + 1 / 0.02), rel=1e-12)


def test_sorted_by_z_with_columns_and_attrs():
    table = keyness(TINY, "outlet", "A", "B", prior_scale=1, min_count=1)
    assert list(table.columns) == ["term", "count_a", "count_b", "rate_a", "rate_b", "log_odds", "z"]
    assert table["term"].tolist() == ["gas", "talks", "sanctions"]
    assert table["z"].is_monotonic_decreasing
    assert table.attrs["a"] == "A" and table.attrs["b"] == "B"
    assert table.attrs["n_a"] == 3 and table.attrs["alpha_0"] == pytest.approx(6)


def test_b_none_pools_all_other_groups():
    three = pd.DataFrame({"id": list("123"), "outlet": ["A", "B", "C"],
                          "text": ["Gas gas talks.", "Talks sanctions.", "Talks."]})
    pooled = three.assign(outlet=["A", "other", "other"])
    rest = keyness(three, "outlet", "A", min_count=1)
    assert rest.attrs["b"] is None
    pd.testing.assert_frame_equal(rest, keyness(pooled, "outlet", "A", "other", min_count=1))
    pd.testing.assert_frame_equal(rest, keyness(three, "outlet", "A", "rest", min_count=1))


def test_same_tokens_as_the_measures():
    articles = pd.DataFrame({"id": ["1", "2"], "outlet": ["A", "B"],
                             "text": ["Mr. Vučić met U.S. envoys. “Energy-security” talks.", "Serbia’s gas deal. No."]})
    table = keyness(articles, "outlet", "A", min_count=1)
    assert table["count_a"].sum() + table["count_b"].sum() == sentences(articles)["n_tokens"].sum()
    assert {"u.s.", "serbia's", "energy", "security"} <= set(table["term"])


def test_min_count_filters_rows_but_not_the_prior():
    full = by_term(keyness(TINY, "outlet", "A", "B", prior_scale=1, min_count=1))
    kept = by_term(keyness(TINY, "outlet", "A", "B", prior_scale=1, min_count=3))
    assert list(kept.index) == ["talks"]
    assert kept.loc["talks", "z"] == full.loc["talks", "z"]


def test_stopwords_are_removed_from_counts_and_totals():
    articles = pd.DataFrame({"id": ["1", "2"], "outlet": ["A", "B"],
                             "text": ["The gas and the talks.", "The talks, the sanctions."]})
    table = keyness(articles, "outlet", "A", stopwords=True, min_count=1)
    assert set(table["term"]) == {"gas", "talks", "sanctions"}
    assert table.attrs["n_a"] == 2 and table.attrs["n_b"] == 2
    custom = keyness(articles, "outlet", "A", stopwords=["THE", "gas"], min_count=1)
    assert "gas" not in set(custom["term"]) and "and" in set(custom["term"])


def test_bundled_stopwords_are_function_words():
    words = load_stopwords()
    assert 150 <= len(words) <= 250
    assert {"the", "and", "of", "don't", "it's"} <= words
    assert not {"security", "gas", "russia", "eu"} & words
    assert term_counts(["It's the gas."], stopwords=True) == {"gas": 1}


def test_background_of_the_compared_texts_equals_the_corpus_prior():
    corpus = keyness(TINY, "outlet", "A", "B", prior_scale=1, min_count=1)
    background = keyness(TINY, "outlet", "A", "B", prior_scale=1, min_count=1, background=TINY)
    pd.testing.assert_frame_equal(corpus, background, check_like=False)
    assert background.attrs["prior"] == "background"


def test_background_counts_set_the_prior_shape_by_hand():
    # Background gas 1, talks 1, sanctions 2 (sum 4), rescaled to n_a + n_b = 6: alpha = 1.5, 1.5, 3.
    table = by_term(keyness(TINY, "outlet", "A", "B", prior_scale=1, min_count=1,
                            background={"Gas": 1, "talks": 1, "sanctions": 2}))
    delta = math.log((2 + 1.5) / (3 + 6 - 2 - 1.5)) - math.log(1.5 / (3 + 6 - 1.5))
    assert table.loc["gas", "log_odds"] == pytest.approx(delta, rel=1e-12)
    assert table.loc["gas", "z"] == pytest.approx(delta / math.sqrt(1 / 3.5 + 1 / 1.5), rel=1e-12)


def test_errors_name_the_problem():
    with pytest.raises(AnalysisError, match="no column 'source'.*outlet"):
        keyness(TINY, "source", "A")
    with pytest.raises(AnalysisError, match="no group 'C' in column 'outlet'; groups are: A, B"):
        keyness(TINY, "outlet", "C")
    with pytest.raises(AnalysisError, match="same group"):
        keyness(TINY, "outlet", "A", "A")
    with pytest.raises(AnalysisError, match="prior_scale"):
        keyness(TINY, "outlet", "A", prior_scale=0)
    with pytest.raises(AnalysisError, match="needs background"):
        keyness(TINY, "outlet", "A", prior="background")
    with pytest.raises(AnalysisError, match="group 'A' has no tokens"):
        keyness(TINY.assign(text=["", "Talks."]), "outlet", "A")
    with pytest.raises(AnalysisError, match="background count of 'gas'"):
        keyness(TINY, "outlet", "A", background={"gas": -1})


LEXICON = load_lexicon({"frames": {
    "security": {"entries": ["threat*", "energy security", "secur*", "war"]},
    "cooperation": {"entries": ["deal"]},
}})


def test_frame_keyness_counts_entry_hits_by_group():
    articles = pd.DataFrame({"id": ["1", "2", "3"], "outlet": ["A", "B", "B"], "text": [
        "Energy security and threats. A threat of war.",
        "Security first. Security again.",
        "War, war and a deal.",
    ]})
    table = frame_keyness(articles, "outlet", "A", frame="security", lexicon=LEXICON)
    counts = {row.term: (row.count_a, row.count_b) for row in table.itertuples()}
    assert counts == {"threat*": (2, 0), "energy security": (1, 0), "secur*": (0, 2), "war": (1, 2)}
    assert set(table["frame"]) == {"security"}
    assert table["z"].is_monotonic_decreasing
    # n = every token of the group: A has 8 tokens, B 9; alpha_w = 0.01 * (count_a + count_b).
    threat = table.set_index("term").loc["threat*"]
    delta = math.log(2.02 / (8 + 0.17 - 2 - 0.02)) - math.log(0.02 / (9 + 0.17 - 0.02))
    assert threat["log_odds"] == pytest.approx(delta, rel=1e-12)
    assert threat["z"] == pytest.approx(delta / math.sqrt(1 / 2.02 + 1 / 0.02), rel=1e-12)


def test_frame_keyness_of_a_one_word_entry_equals_word_keyness():
    articles = pd.DataFrame({"id": ["1", "2"], "outlet": ["A", "B"],
                             "text": ["War and war. No deal.", "A deal, a deal, then war."]})
    entries = frame_keyness(articles, "outlet", "A", lexicon=LEXICON).set_index("term")
    words = by_term(keyness(articles, "outlet", "A", min_count=1))
    for term in ("war", "deal"):
        assert entries.loc[term, "z"] == pytest.approx(words.loc[term, "z"], rel=1e-12)
    assert list(dict.fromkeys(frame_keyness(articles, "outlet", "A", lexicon=LEXICON)["frame"])) == \
        ["security", "cooperation"]


def test_frame_keyness_unknown_frame():
    with pytest.raises(AnalysisError, match="no frame 'risk'.*security, cooperation"):
        frame_keyness(TINY, "outlet", "A", frame="risk", lexicon=LEXICON)
