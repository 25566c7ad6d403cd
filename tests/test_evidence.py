"""kwic: keyword-in-context rows for lexicon hits and free patterns, and their notebook display."""

import pandas as pd
import pytest

from framing.errors import AnalysisError
from framing.analysis.kwic import kwic, kwic_html, kwic_text, show_kwic
from framing.lexicon import load_lexicon
from framing.measures import matches

LEXICON = load_lexicon({"frames": {
    "security": {"entries": ["secur*", "energy security", "threat*"], "exclude": ["security council"]},
    "cooperation": {"entries": ["deal", "partner*"]},
}})

ARTICLES = pd.DataFrame({
    "id": ["a1", "a2"],
    "outlet": ["Daily", "Weekly"],
    "date": pd.to_datetime(["2024-10-20", "2024-10-21"]),
    "title": ["Gas", "Talks"],
    "author": ["X", "Y"],
    "text": ["Serbia gets gas.\nEnergy security comes first, officials said. A deal was signed.",
             "Threats grow. The Security Council met; partners spoke about gas prices and gas-price caps."],
})


def test_rows_for_lexicon_hits_with_context_as_the_original_text():
    table = kwic(ARTICLES, frame="security", window=3, lexicon=LEXICON)
    assert list(table.columns) == ["id", "outlet", "date", "title", "sentence", "frame", "term", "left", "match",
                                   "right", "start", "end"]
    assert table[["id", "term", "left", "match", "right"]].values.tolist() == [
        # context crosses the line break and sentence end; whitespace collapses to one space
        ["a1", "energy security", "Serbia gets gas.", "Energy security", "comes first, officials"],
        ["a2", "threat*", "", "Threats", "grow. The Security"],
    ]
    first = table.iloc[0]
    assert ARTICLES.loc[0, "text"][first["start"]:first["end"]] == "Energy security"
    assert first["sentence"] == 1 and first["outlet"] == "Daily"
    assert table["date"].dtype == ARTICLES["date"].dtype


def test_term_filter_uses_the_entry_as_written_in_the_lexicon():
    table = kwic(ARTICLES, term="PARTNER*", window=2, lexicon=LEXICON)
    assert table[["frame", "term", "match", "left", "right"]].values.tolist() == [
        ["cooperation", "partner*", "partners", "Council met;", "spoke about"],
    ]
    assert kwic(ARTICLES, frame="security", term="secur*", lexicon=LEXICON).empty  # an entry without hits


def test_pattern_search_uses_the_lexicon_syntax():
    table = kwic(ARTICLES, pattern="gas price*", window=1)
    assert table[["frame", "term", "match", "left", "right"]].values.tolist() == [
        ["pattern", "gas price*", "gas prices", "about", "and"],
        ["pattern", "gas price*", "gas-price", "and", "caps"],  # context is whole tokens
    ]


def test_precomputed_matches_give_the_same_rows():
    found = matches(ARTICLES, LEXICON)
    pd.testing.assert_frame_equal(kwic(ARTICLES, frame="cooperation", matches=found),
                                  kwic(ARTICLES, frame="cooperation", lexicon=LEXICON))
    with pytest.raises(AnalysisError, match="no frame 'balance' in the matches table"):
        kwic(ARTICLES, frame="balance", matches=found)
    with pytest.raises(AnalysisError, match="ids not among the articles"):
        kwic(ARTICLES.iloc[:1], matches=found)


def test_window_zero_and_no_metadata():
    bare = ARTICLES[["id", "text"]]
    table = kwic(bare, frame="cooperation", window=0, lexicon=LEXICON)
    assert list(table.columns[:2]) == ["id", "sentence"]
    assert set(table["left"]) == {""} and set(table["right"]) == {""}
    empty = kwic(bare, pattern="zeppelin*")
    assert empty.empty and "match" in empty.columns


def test_errors_name_frame_term_and_pattern():
    with pytest.raises(AnalysisError, match="no frame 'balance' in lexicon"):
        kwic(ARTICLES, frame="balance", lexicon=LEXICON)
    with pytest.raises(AnalysisError, match="no entry 'ally' in frame 'cooperation'; entries are: deal, partner"):
        kwic(ARTICLES, frame="cooperation", term="ally", lexicon=LEXICON)
    with pytest.raises(AnalysisError, match="either pattern"):
        kwic(ARTICLES, frame="security", pattern="gas")
    with pytest.raises(AnalysisError, match="pattern='<gas>' is not a valid pattern"):
        kwic(ARTICLES, pattern="<gas>")
    with pytest.raises(AnalysisError, match="window"):
        kwic(ARTICLES, pattern="gas", window=-1)


def test_display_highlights_the_match_and_escapes_text():
    table = pd.DataFrame({"id": ["a<1>", "a2"], "frame": ["f", "f"], "term": ["x", "x"],
                          "left": ["if a < b", "l"], "match": ["x & y", "x"], "right": ["then", "r"]})
    page = show_kwic(table, n=1)._repr_html_()
    assert "<mark>x &amp; y</mark>" in page and "if a &lt; b" in page and "a&lt;1&gt;" in page
    assert "1 more of 2 rows" in page and "<td>r</td>" not in page
    assert kwic_html(table, n=None).count("<mark>") == 2
    assert repr(show_kwic(table)) == kwic_text(table) == "a<1>  if a < b [x & y] then\na2           l [x] r"
