"""A report built from a streamed score dataset alone: the same profile and contrasts as the report
of the articles, the text-only sections saying why they are empty, and clear errors."""

import json

import pandas as pd
import pytest

import framing
from framing.errors import FramingError
from framing.stream import stream_scores

from conftest import REPO

SET = REPO / "data" / "article_sets" / "winter_gas_terms"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scores")
    articles = framing.load_article_set(SET).articles
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps({**row, "date": str(row["date"])[:10]}) + "\n"
                              for row in articles[["id", "text", "outlet", "date"]].to_dict("records")),
                      encoding="utf-8")
    stream_scores(source, folder / "scores.parquet", chunk_size=4, progress=False)
    return folder / "scores.parquet"


def test_profile_and_contrasts_equal_those_of_the_articles(dataset, tmp_path):
    from_texts = framing.build_report(SET, n_boot=200, output_dir=str(tmp_path / "a"))
    from_scores = framing.build_report(scores=dataset, group_by="outlet", n_boot=200, output_dir=str(tmp_path / "b"))
    pd.testing.assert_frame_equal(from_scores.tables["profile"], from_texts.tables["profile"])
    pd.testing.assert_frame_equal(from_scores.tables["contrasts"], from_texts.tables["contrasts"])
    assert from_scores.summary["n_articles"] == from_texts.summary["n_articles"] == 12
    assert from_scores.summary["headline"] == from_texts.summary["headline"]
    assert "sentences" not in from_scores.tables and "matches" not in from_scores.tables


def test_the_sections_that_need_texts_say_so_and_the_rest_are_written(dataset, tmp_path):
    report = framing.build_report(scores=dataset, group_by="outlet", n_boot=100, output_dir=str(tmp_path / "out"))
    for section in ("keyness", "evidence", "robustness", "actors"):
        assert report.parts[section] == [f"<p>Nothing to show here: {name} needs the article texts, and this report "
                                         "was built from scores alone; build it from the articles to see it</p>"
                                         for name in [{"robustness": "robustness (leave one entry out)"}.get(section, section)]]
    assert set(report.figures) == {"profile_per_1k", "profile_share", "contrasts", "tone", "over_time"}
    written = report.write()
    assert sorted(p.name for p in written.glob("*.parquet")) == ["contrasts.parquet", "over_time.parquet",
                                                                  "profile.parquet", "scores.parquet"]
    assert json.loads((written / "summary.json").read_text())["provenance"]["article_set"] == str(dataset)


def test_scores_of_another_lexicon_and_bad_calls_are_refused(dataset, tmp_path):
    other = {"name": "other", "frames": {"cooperation": {"entries": ["deal"]}}}
    with pytest.raises(FramingError, match="made with the lexicon of fingerprint .* not other"):
        framing.build_report(scores=dataset, lexicon=other)
    with pytest.raises(FramingError, match="give article_set= .* or scores= .* one of the two"):
        framing.build_report(SET, scores=dataset)
    with pytest.raises(FramingError, match="give article_set="):
        framing.build_report()
    table = tmp_path / "scores.csv"
    framing.load_scores(dataset).drop(columns=["security_per_1k", "security_share", "security_hits",
                                               "security_tone"], errors="ignore").to_csv(table, index=False)
    with pytest.raises(FramingError, match=r"no measures of frame\(s\) security"):
        framing.build_report(scores=table)
