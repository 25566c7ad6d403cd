"""Tone parity: framing's offline VADER gives exactly NLTK's compound, and reproduces published figures."""

import math
import zipfile

import nltk
import numpy as np
import pandas as pd
import pytest
from nltk.sentiment.vader import SentimentIntensityAnalyzer

from conftest import SHARED
from framing.measures import score
from framing.tone import sentence_tone, tone_engine, vader_lexicon_path

NYT = SHARED / "validation" / "vader_nyt" / "nytEditorialSnippets_GroundTruth.txt"
needs_nyt = pytest.mark.skipif(not NYT.exists(), reason=f"validation data not found at {NYT} (the shared folder sits beside the repository)")


def nyt_sentences() -> pd.DataFrame:
    table = pd.read_csv(NYT, sep="\t", header=None, names=["id", "rating", "text"], quoting=3, dtype={"id": str})
    table["article"] = table["id"].str.split("_").str[0]
    table["position"] = table["id"].str.split("_").str[1].astype(int)
    return table


@pytest.fixture
def nltk_with_installed_vader(tmp_path, monkeypatch):
    """NLTK's own analyzer, loading vader_lexicon the way it does when NLTK data is installed."""
    archive = tmp_path / "sentiment" / "vader_lexicon.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(vader_lexicon_path(), "vader_lexicon/vader_lexicon.txt")
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)] + list(nltk.data.path))
    return SentimentIntensityAnalyzer()


@needs_nyt
def test_identical_compound_to_nltk_on_5000_real_sentences(nltk_with_installed_vader):
    texts = nyt_sentences()["text"].tolist()
    assert len(texts) >= 1000
    ours = sentence_tone(texts)
    theirs = [nltk_with_installed_vader.polarity_scores(t)["compound"] for t in texts]
    assert ours == theirs


@needs_nyt
def test_sentence_mean_beats_whole_article_compound_on_human_ratings():
    table = nyt_sentences()
    table["compound"] = sentence_tone(table["text"].tolist())
    assert round(np.corrcoef(table["compound"], table["rating"])[0, 1], 3) == 0.490
    ordered = table.sort_values(["article", "position"])
    articles = ordered.groupby("article").agg(text=("text", " ".join), rating=("rating", "mean")).reset_index()
    articles = articles.rename(columns={"article": "id"})
    whole = sentence_tone(articles["text"].tolist())
    sentence_mean = ordered.groupby("article")["compound"].mean().reindex(articles["id"])
    assert round(np.corrcoef(whole, articles["rating"])[0, 1], 2) == 0.52
    assert round(np.corrcoef(sentence_mean, articles["rating"])[0, 1], 2) == 0.62
    # score() re-splits the text itself; its article sentiment tracks the human mean as well
    scored = score(articles)
    assert np.corrcoef(scored["sentiment"], articles["rating"])[0, 1] > 0.6


def test_known_compounds_and_empty_sentences():
    assert sentence_tone(["A good, constructive call."]) == [0.4404]
    assert sentence_tone(["The talks collapsed in bitter failure."])[0] < -0.5
    assert math.isnan(sentence_tone([""])[0]) and math.isnan(sentence_tone([None])[0])


def test_engine_says_which_lexicon_file_it_used():
    info = tone_engine()
    assert "vaderSentiment" in info["vader_lexicon"]
    assert info["vader_lexicon_path"].endswith("vader_lexicon.txt")
    assert len(info["vader_lexicon_sha256"]) == 16
