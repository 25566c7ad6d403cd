"""One vocabulary: ``by`` is a column or a list everywhere, the old spellings warn, and the argument
checks give one message for one mistake."""

import pandas as pd
import pytest

import framing
from framing.checks import require_columns, require_flag
from framing.errors import AnalysisError

ARTICLES = pd.DataFrame({
    "id": ["1", "2", "3", "4"],
    "outlet": ["A", "A", "B", "B"],
    "country": ["RS", "DE", "RS", "RS"],
    "text": ["Gas gas talks.", "Talks and gas.", "Sanctions and talks.", "Sanctions, sanctions."],
})


def test_keyness_takes_a_list_of_columns_with_joined_labels():
    by_list = framing.keyness(ARTICLES, ["outlet", "country"], a="A / RS", b=("B", "RS"), min_count=1)
    one_pair = ARTICLES.assign(group=["A / RS", "A / DE", "B / RS", "B / RS"])
    by_column = framing.keyness(one_pair, "group", a="A / RS", b="B / RS", min_count=1)
    pd.testing.assert_frame_equal(by_list, by_column)
    assert by_list.set_index("term").loc["gas", ["count_a", "count_b"]].tolist() == [2, 0]


def test_the_same_mistake_gives_the_same_message_everywhere():
    scores = framing.score(ARTICLES)
    expected = "no column 'region' to group by; the table has columns: "
    for call in (lambda: framing.keyness(ARTICLES, "region", a="A"),
                 lambda: framing.compare(scores, "region"),
                 lambda: framing.actor_frames(ARTICLES, by="region"),
                 lambda: framing.sensitivity(ARTICLES, "region", "security")):
        with pytest.raises(AnalysisError, match=expected):
            call()
    with pytest.raises(AnalysisError, match="stopwords=1 must be True or False"):
        require_flag(1, "stopwords", "keyness")
    with pytest.raises(AnalysisError, match="the table lacks columns 'z'; pass the table returned by framing.keyness"):
        require_columns(pd.DataFrame({"term": []}), ["term", "z"], "keyness_plot", "framing.keyness()")


def test_b_each_is_the_explicit_spelling_and_b_none_warns_in_contrast():
    scores = framing.score(ARTICLES.assign(outlet=["A", "B", "C", "C"]))
    each = framing.contrast(scores, "outlet", a="A", b="each", measures="sentiment", n_boot=20, n_perm=20)
    assert each[["group_a", "group_b"]].values.tolist() == [["A", "B"], ["A", "C"]]
    with pytest.warns(DeprecationWarning, match="b='each'"):
        framing.contrast(scores, "outlet", a="A", measures="sentiment", n_boot=20, n_perm=20)
