"""tone="vader+news" and tone_lexicon=: an optional supplement to NLTK's VADER, recorded in provenance,
and its measured effect on the NYT editorial ratings."""

import numpy as np
import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.errors import AnalysisError, ToneError
from framing.tone import news_valences_path, read_valences, sentence_tone, vader_lexicon_path
from test_tone import needs_nyt, nyt_sentences

HOSTILE = "The dictator ordered the invasion."


def test_news_valences_only_add_words_vader_lacks():
    news = read_valences(news_valences_path())
    vader = {line.split("\t")[0] for line in vader_lexicon_path().read_text(encoding="utf-8").splitlines()}
    assert len(news) >= 40 and not set(news) & vader
    assert news["dictator"] == -2.8 and news["ceasefire"] == 1.3


def test_vader_stays_the_default_and_news_scores_hostile_words():
    assert sentence_tone([HOSTILE]) == [0.0]  # VADER knows neither word
    assert sentence_tone([HOSTILE], tone="vader+news") == [-0.8074]  # -2.8 - 2.5 = -5.3, normalized
    assert sentence_tone(["A good, constructive call."], tone="vader+news") == [0.4404]


def test_user_file_adds_words_on_top(tmp_path):
    extra = tmp_path / "extra.tsv"
    extra.write_text("# my words\nSummit\t1.5\n\n", encoding="utf-8")
    assert sentence_tone(["The summit."], tone_lexicon=extra) == [0.3612]  # 1.5 / sqrt(1.5² + 15)
    assert sentence_tone(["The summit ended the invasion."], "vader+news", extra)[0] < 0


@pytest.mark.parametrize("line, message", [
    ("dictator -2.8", "expected one word, a tab and a valence"),
    ("war crimes\t-3", "expected one word, a tab and a valence"),
    ("dictator\tbad", "'bad' of 'dictator' is not a number"),
    ("dictator\t-5", "outside VADER's scale"),
])
def test_bad_user_file_names_file_and_line(tmp_path, line, message):
    bad = tmp_path / "bad.tsv"
    bad.write_text(f"ok\t1\n{line}\n", encoding="utf-8")
    with pytest.raises(ToneError, match=f"bad.tsv, line 2: .*{message}"):
        sentence_tone(["x"], tone_lexicon=bad)


def test_unknown_tone_and_missing_file():
    with pytest.raises(ToneError, match="unknown tone 'liwc'; use one of 'vader', 'vader\\+news'"):
        framing.score(pd.DataFrame({"id": ["a"], "text": ["x"]}), tone="liwc")
    with pytest.raises(ToneError, match="nowhere.tsv: tone lexicon file not found"):
        sentence_tone(["x"], tone_lexicon="nowhere.tsv")


def test_tone_flows_through_analysis_score_and_provenance(tmp_path):
    articles = pd.DataFrame({"id": ["a"], "text": [HOSTILE + " Talks resumed."]})
    analysis = framing.analyse(articles, tone="vader+news")
    assert analysis.sentences["compound"].tolist() == [-0.8074, 0.0]
    scored = framing.score(analysis)
    assert scored["sentiment"].tolist() == [-0.4037]
    assert scored.attrs["tone"]["tone"] == "vader+news"
    assert framing.sentences(articles)["compound"].tolist() == [0.0, 0.0]
    with pytest.raises(AnalysisError, match="made with tone='vader\\+news'"):
        framing.score(analysis, tone="vader")
    info = framing.engine_info(tone="vader+news")
    assert info["tone"] == "vader+news" and "news_valences.tsv" in info["tone_news_valences"]
    assert "tone_news_valences" not in framing.engine_info()


def test_cli_score_takes_tone(tmp_path, capsys):
    source = tmp_path / "articles.csv"
    pd.DataFrame({"id": ["a"], "text": [HOSTILE]}).to_csv(source, index=False)
    out = tmp_path / "scores.csv"
    assert main(["score", str(source), "--tone", "vader+news", "-o", str(out)]) == 0
    assert pd.read_csv(out)["sentiment"].tolist() == [-0.8074]
    assert "tone: vader+news" in capsys.readouterr().err


@needs_nyt
def test_measured_effect_on_nyt_ratings():
    """The figures written next to the option in the README: Pearson r against the human means."""
    table = nyt_sentences()
    figures = {}
    for tone in ("vader", "vader+news"):
        table["compound"] = sentence_tone(table["text"].tolist(), tone)
        articles = table.groupby("article").agg(compound=("compound", "mean"), rating=("rating", "mean"))
        figures[tone] = (round(np.corrcoef(table["compound"], table["rating"])[0, 1], 3),
                         round(np.corrcoef(articles["compound"], articles["rating"])[0, 1], 3))
    assert figures == {"vader": (0.490, 0.622), "vader+news": (0.491, 0.624)}
