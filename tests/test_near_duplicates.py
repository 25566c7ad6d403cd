"""Near-duplicate wire copy: found with its similarity, reported by ``articles check``, kept, dropped or weighted."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from framing.cli import main
from framing.errors import ArticleSetError
from framing.load import load_articles
from framing.load.check import check_articles
from framing.load.duplicates import drop_duplicates, duplicate_weights, mark_near_duplicates, near_duplicates

# Twenty distinct words: 16 five-word shingles.
STORY = " ".join(f"w{i}" for i in range(20))
EDITED = STORY.rsplit(" ", 1)[0] + " changed"  # last word changed: 15 shingles shared, 17 in all
RETOLD = STORY.rsplit(" ", 5)[0] + " a b c d e"  # last five words changed: 11 shared, 21 in all
OTHER = " ".join(f"v{i}" for i in range(20))
ARTICLES = pd.DataFrame({
    "id": ["afp", "daily", "weekly", "other", "copy"],
    "outlet": ["AFP", "Daily", "Weekly", "Other", "Copy"],
    "text": [STORY, EDITED, RETOLD, OTHER, STORY.upper()],
})


def test_similarity_is_the_exact_jaccard_of_five_word_shingles():
    found = near_duplicates(ARTICLES)
    assert found.to_dict("records") == [
        {"id": "daily", "duplicate_of": "afp", "similarity": round(15 / 17, 4)},
        {"id": "copy", "duplicate_of": "afp", "similarity": 1.0},
    ]
    lower = near_duplicates(ARTICLES, threshold=0.5)
    assert lower.set_index("id")["similarity"].to_dict() == {"daily": 0.8824, "weekly": round(11 / 21, 4), "copy": 1.0}
    assert near_duplicates(ARTICLES, threshold=0.9)["id"].tolist() == ["copy"]


def test_a_threshold_outside_0_1_is_refused():
    with pytest.raises(ArticleSetError, match=r"threshold=1\.5: a near-duplicate threshold is a Jaccard"):
        near_duplicates(ARTICLES, threshold=1.5)


def test_mark_drop_and_weight():
    articles = load_articles(ARTICLES, near_duplicates=0.8)
    assert list(articles.columns) == ["id", "text", "outlet", "duplicate_of", "duplicate_similarity"]
    assert articles["duplicate_of"].fillna("-").tolist() == ["-", "afp", "-", "-", "afp"]
    assert articles["duplicate_similarity"].fillna(-1).tolist() == [-1, 0.8824, -1, -1, 1.0]
    assert drop_duplicates(articles)["id"].tolist() == ["afp", "weekly", "other"]
    assert duplicate_weights(articles).tolist() == [0.3333, 0.3333, 1.0, 1.0, 0.3333]
    plain = load_articles(ARTICLES)
    assert "duplicate_similarity" not in plain and plain["duplicate_of"].notna().sum() == 0  # case differs


def test_exact_copies_keep_similarity_one_when_marked():
    articles = load_articles(pd.DataFrame({"id": ["a", "b"], "text": ["Gas deal signed today.", "Gas  deal signed today."]}))
    marked = mark_near_duplicates(articles)
    assert marked["duplicate_of"].tolist()[1] == "a" and marked["duplicate_similarity"].tolist()[1] == 1.0


def test_articles_check_reports_near_duplicates(tmp_path, capsys):
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ARTICLES.to_dict("records")), encoding="utf-8")
    check = check_articles(path)
    assert check.near_duplicates == (("daily", "afp", 0.8824), ("copy", "afp", 1.0))
    assert check.to_dict()["near_duplicates"] == [["daily", "afp", 0.8824], ["copy", "afp", 1.0]]
    assert main(["articles", "check", str(path), "--near-threshold", "0.5"]) == 0
    out = capsys.readouterr().out.splitlines()
    start = out.index("near-duplicate texts (similarity >= 0.5): 3")
    assert out[start:start + 4] == [
        "near-duplicate texts (similarity >= 0.5): 3",
        "  daily nearly duplicates afp (similarity 0.88)",
        "  weekly nearly duplicates afp (similarity 0.52)",
        "  copy nearly duplicates afp (similarity 1.00)",
    ]
    unique = tmp_path / "unique.jsonl"
    assert main(["articles", "check", str(path), "--near-duplicates", "drop", "-o", str(unique)]) == 0
    kept = [json.loads(line)["id"] for line in unique.read_text(encoding="utf-8").splitlines()]
    assert kept == ["afp", "weekly", "other"]
