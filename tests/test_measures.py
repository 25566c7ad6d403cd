import math
import multiprocessing

import pandas as pd
import pytest

from framing import measures
from framing.errors import AnalysisError, ArticleSetError
from framing.lexicon import load_lexicon
from framing.measures import matches, score, sentences

LEXICON = load_lexicon({
    "name": "test",
    "frames": {
        "security": {
            "definition": "threats",
            "entries": ["secur*", "energy security", {"pattern": "threat*", "weight": 2}, "vucic"],
            "exclude": ["security council"],
        },
        "cooperation": {"definition": "working together", "entries": ["partner*", "strategic partnership", "ties"]},
        "leaders": {"definition": "named leaders", "entries": ["vučić", "ties"]},
    },
})


def one(text):
    return pd.DataFrame({"id": ["a"], "text": [text]})


def hits(text):
    found = matches(one(text), LEXICON)
    return [(row.frame, row.term, row.match) for row in found.itertuples()]


def test_longest_match_counts_words_once_within_a_frame():
    assert hits("Energy security is security.") == [
        ("security", "energy security", "Energy security"),
        ("security", "secur*", "security"),
    ]
    assert hits("A strategic partnership.") == [("cooperation", "strategic partnership", "strategic partnership")]


def test_globs_weights_and_excludes():
    table = sentences(one("The Security Council met. Threats and threatening words. Securities rose."), LEXICON)
    assert table["security_hits"].tolist() == [0.0, 4.0, 1.0]
    # "Securities" is not excluded by "security council" and matches secur*
    assert hits("Securities rose.") == [("security", "secur*", "Securities")]


def test_diacritics_match_where_the_entry_allows_it():
    # "vucic" (no diacritics) matches both spellings; "vučić" matches only the spelling with them
    assert hits("Vučić spoke.") == [("security", "vucic", "Vučić"), ("leaders", "vučić", "Vučić")]
    assert hits("Vucic spoke.") == [("security", "vucic", "Vucic")]


def test_entry_in_two_frames_counts_for_both():
    table = sentences(one("Old ties."), LEXICON)
    assert table[["cooperation_hits", "leaders_hits"]].iloc[0].tolist() == [1.0, 1.0]


def test_curly_quotes_and_hyphens():
    assert hits("Our partners’ energy-security plan.") == [
        ("cooperation", "partner*", "partners"),
        ("security", "energy security", "energy-security"),
    ]


def test_a_hyphen_in_a_pattern_needs_a_hyphen_in_the_text():
    lexicon = load_lexicon({"frames": {"balance": {"entries": ["trade-off*", "both sides"]}}})
    found = matches(one("A trade official weighed trade-offs on both-sides issues and both sides."), lexicon)
    assert found["match"].tolist() == ["trade-offs", "both-sides", "both sides"]


def test_offsets_point_into_the_original_text():
    text = "Headline\n\nMr. Vučić’s “energy security” talk. Strategic partnership, ties; threats."
    found = matches(one(text), LEXICON)
    assert len(found) == 7
    for row in found.itertuples():
        assert text[row.start:row.end] == row.match
    assert found["sentence"].tolist() == [1, 1, 1, 2, 2, 2, 2]
    assert found["match"].tolist()[:3] == ["Vučić’s", "Vučić’s", "energy security"]


def test_score_columns_and_values_by_hand():
    articles = pd.DataFrame({
        "id": ["x", "y", "empty"],
        "outlet": ["A", "B", "C"],
        "text": ["Security matters. Partners help. Nothing here.", "Ties and threats.", "   "],
    })
    table = score(articles, LEXICON)
    frame_columns = [f"{f}_{m}" for f in LEXICON.frames for m in ("hits", "per_1k", "share", "tone")]
    assert list(table.columns) == ["id", "outlet", "language", "n_tokens", "n_sentences", "sentiment",
                                   "dominant_frame"] + frame_columns
    # no language column: detected (x), or the lexicon's own language for texts too short to detect
    assert table["language"].tolist() == ["en", "en", "en"]
    x = table.iloc[0]
    assert (x.n_tokens, x.n_sentences) == (6, 3)
    assert x.security_hits == 1.0 and x.cooperation_hits == 1.0
    assert x.security_per_1k == pytest.approx(1000 / 6)
    assert x.security_share == pytest.approx(1 / 3)
    assert x.dominant_frame == "security"  # tie with cooperation: the frame listed first wins
    sentence_table = sentences(articles.iloc[[0]], LEXICON)
    assert x.sentiment == pytest.approx(sentence_table["compound"].mean())
    assert x.security_tone == pytest.approx(sentence_table["compound"].iloc[0])
    assert math.isnan(x.leaders_tone)
    y = table.iloc[1]
    assert (y.security_hits, y.cooperation_hits, y.leaders_hits) == (2.0, 1.0, 1.0)
    assert y.dominant_frame == "security"
    empty = table.iloc[2]
    assert (empty.n_tokens, empty.n_sentences, empty.security_hits) == (0, 0, 0.0)
    assert math.isnan(empty.sentiment) and math.isnan(empty.security_tone) and math.isnan(empty.security_per_1k)
    assert empty.dominant_frame == "none"


def test_score_keeps_order_and_metadata_and_handles_missing_text():
    articles = pd.DataFrame({"id": [3, 1], "text": [None, "Threats."], "date": pd.to_datetime(["2024-01-02", "2024-01-01"])})
    table = score(articles, LEXICON)
    assert table["id"].tolist() == ["3", "1"]
    assert table["date"].tolist() == articles["date"].tolist()
    assert table["security_hits"].tolist() == [0.0, 2.0]


def test_no_frame_evoked_is_none():
    assert score(one("Nothing to see."), LEXICON)["dominant_frame"].tolist() == ["none"]


def test_missing_columns_are_a_clear_error():
    with pytest.raises(ArticleSetError, match="no 'text' column .*columns: id, body"):
        score(pd.DataFrame({"id": ["a"], "body": ["x"]}))
    with pytest.raises(ArticleSetError, match=r"ids must be unique; repeated: 'b' \(rows 1, 2\)"):
        score(pd.DataFrame({"id": ["a", "b", "b"], "text": ["x", "y", "z"]}))
    with pytest.raises(ArticleSetError, match="must be a pandas DataFrame"):
        score(["text"])


def test_default_lexicon_on_a_news_sentence():
    text = "Serbia balances between East and West while guarding its energy security and its ties with partners."
    found = matches(one(text))
    assert [(r.frame, r.term) for r in found.itertuples()] == [
        ("balance", "balanc*"),
        ("balance", "between east and west"),
        ("security", "energy security"),
        ("cooperation", "ties"),
        ("cooperation", "partners"),
    ]
    assert found["start"].is_monotonic_increasing
    assert score(one(text))[["balance_hits", "security_hits", "cooperation_hits"]].iloc[0].tolist() == [3.0, 2.0, 2.0]


def test_worker_processes_give_the_identical_result():
    articles = pd.DataFrame({"id": [f"a{i}" for i in range(9)],
                             "text": [f"Threats {i}. Security and ties, partners." * (i % 3 + 1) for i in range(9)]})
    one_process = score(articles, LEXICON)
    pd.testing.assert_frame_equal(score(articles, LEXICON, n_jobs=2), one_process)
    pd.testing.assert_frame_equal(matches(articles, LEXICON, n_jobs=3), matches(articles, LEXICON))
    with pytest.raises(Exception, match="analyse: n_jobs=0 must be a positive whole number"):
        score(articles, LEXICON, n_jobs=0)


@pytest.mark.parametrize("failing_id", ["a0", "a8"])  # the first chunk is this process's, the last a worker's
def test_an_error_in_any_chunk_stops_the_analysis(monkeypatch, failing_id):
    if failing_id == "a8" and multiprocessing.get_start_method() != "fork":
        pytest.skip("the replaced function reaches worker processes only when they are forked")
    articles = pd.DataFrame({"id": [f"a{i}" for i in range(9)], "text": ["Security talks."] * 9})
    real = measures._analyse_chunk

    def failing(chunk, *args):  # worker processes are forked: they see the replacement too
        if failing_id in set(chunk["id"]):
            raise AnalysisError(f"chunk with {failing_id} failed")
        return real(chunk, *args)

    monkeypatch.setattr(measures, "_analyse_chunk", failing)
    with pytest.raises(AnalysisError, match=f"chunk with {failing_id} failed"):
        score(articles, LEXICON, n_jobs=2)

