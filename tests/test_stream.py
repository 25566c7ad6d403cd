import json

import pandas as pd
import pytest

import framing.stream
from framing.cli import main
from framing.errors import ArticleSetError, FramingError
from framing.load import load_articles
from framing.load.chunks import read_chunks
from framing.load.scores import load_scores
from framing.measures import score
from framing.stream import score_chunks, stream_scores

TEXTS = [
    "Energy security matters. We thank our partners.",
    "Troops massed at the border. The threat grew.",
    "Talks resumed in a spirit of cooperation.",
    "",
    "The minister balanced ties with both sides.",
    "Energy security matters. We thank our partners.",  # same text as a1: duplicate_of points across chunks
    "No frame words here at all.",
]


def write_jsonl(path, ids=None):
    ids = ids or [f"a{i}" for i in range(1, len(TEXTS) + 1)]
    rows = [{"id": i, "text": t, "outlet": "AB"[n % 2], "date": f"2024-01-0{n + 1}", "views": n * 10}
            for n, (i, t) in enumerate(zip(ids, TEXTS))]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_chunked_scores_equal_whole_table_scores_row_for_row(tmp_path):
    source = write_jsonl(tmp_path / "a.jsonl")
    whole = score(load_articles(source))
    chunks = list(score_chunks(source, chunk_size=3))
    assert [len(c) for c in chunks] == [3, 3, 1]
    chunked = pd.concat(chunks, ignore_index=True)
    pd.testing.assert_frame_equal(chunked, whole)
    assert chunked["duplicate_of"].tolist()[5] == "a1"


def test_csv_chunks_equal_whole_table_scores(tmp_path):
    source = tmp_path / "a.csv"
    table = pd.DataFrame({"id": ["007", "b", "c", "d"], "text": ['Said "no deal",\nthen left.', "Partners met.", "x", "Threats."],
                          "views": [1, 2, 3, 4]})
    table.to_csv(source, index=False)
    chunks = list(read_chunks(source, chunk_size=3))
    assert [c.locations for c in chunks] == [["line 2", "line 4", "line 5"], ["line 6"]]
    chunked = pd.concat(score_chunks(source, chunk_size=3), ignore_index=True)
    pd.testing.assert_frame_equal(chunked, score(load_articles(source)))


def test_stream_writes_a_dataset_that_load_scores_reads(tmp_path):
    source = write_jsonl(tmp_path / "a.jsonl")
    out = tmp_path / "scores.parquet"
    result = stream_scores(source, out, chunk_size=3, sentences=tmp_path / "s", matches=tmp_path / "m", progress=False)
    assert (result.n_articles, result.n_chunks, result.n_written, result.n_skipped) == (7, 3, 3, 0)
    assert sorted(p.name for p in out.iterdir()) == ["_stream.json", "part-000000.parquet", "part-000001.parquet",
                                                     "part-000002.parquet"]
    expected = score(load_articles(source))
    back = load_scores(out)
    assert back["id"].tolist() == expected["id"].tolist()
    assert back["security_hits"].tolist() == expected["security_hits"].tolist()
    assert load_scores(out)["date"].dtype.kind == "M"
    sentences = pd.concat(pd.read_parquet(p) for p in sorted((tmp_path / "s").glob("part-*.parquet")))
    assert len(sentences) == 9  # 2 + 2 + 1 + 0 + 1 + 2 + 1: the empty text has no sentence
    matches = pd.concat(pd.read_parquet(p) for p in sorted((tmp_path / "m").glob("part-*.parquet")))
    assert set(matches["id"]) == {"a1", "a2", "a3", "a5", "a6"}
    with pytest.raises(FramingError, match="already holds streamed scores; pass --resume"):
        stream_scores(source, out, chunk_size=3, progress=False)
    with pytest.raises(FramingError, match="cannot resume: chunk_size differ"):
        stream_scores(source, out, chunk_size=2, sentences=tmp_path / "s", matches=tmp_path / "m", resume=True,
                      progress=False)


def test_resume_after_an_interruption_writes_each_chunk_once(tmp_path, monkeypatch):
    source = write_jsonl(tmp_path / "a.jsonl")
    out = tmp_path / "scores.parquet"
    written = []
    real = framing.stream.write_table

    def interrupted(table, path):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(path.name)
        return real(table, path)

    monkeypatch.setattr(framing.stream, "write_table", interrupted)
    with pytest.raises(KeyboardInterrupt):
        stream_scores(source, out, chunk_size=3, progress=False)
    assert sorted(p.name for p in out.iterdir()) == ["_stream.json", "part-000000.parquet", "part-000001.parquet"]
    monkeypatch.setattr(framing.stream, "write_table", lambda table, path: (written.append(path.name), real(table, path)))
    result = stream_scores(source, out, chunk_size=3, resume=True, progress=False)
    assert written == ["part-000000.parquet", "part-000001.parquet", "part-000002.parquet"]
    assert (result.n_written, result.n_skipped) == (1, 2)
    pd.testing.assert_frame_equal(load_scores(out).drop(columns="date"),
                                  score(load_articles(source)).drop(columns="date"))


def test_duplicate_id_in_a_later_chunk_names_the_chunk_and_line(tmp_path):
    source = write_jsonl(tmp_path / "a.jsonl", ids=["a1", "a2", "a3", "a4", "a5", "a6", "a2"])
    with pytest.raises(ArticleSetError, match=r"id 'a2' at line 7 \(chunk 2\) was already used in chunk 0"):
        list(score_chunks(source, chunk_size=3))


def test_duplicate_id_within_a_chunk_names_the_chunk_and_lines(tmp_path):
    source = write_jsonl(tmp_path / "a.jsonl", ids=["a1", "a2", "a3", "a4", "a5", "a4", "a7"])
    with pytest.raises(ArticleSetError, match=r"\(chunk 1\): 1 id\(s\) occur more than once: 'a4' at line 4, line 6"):
        list(score_chunks(source, chunk_size=3))


def test_cli_streams_and_compare_reads_the_dataset(tmp_path, capsys):
    source = write_jsonl(tmp_path / "a.jsonl")
    out = tmp_path / "scores.parquet"
    assert main(["score", str(source), "-o", str(out), "--chunk-size", "4"]) == 0
    assert "7 articles in 2 chunks: 2 written, 0 already there" in capsys.readouterr().err
    assert main(["score", str(source), "-o", str(out), "--chunk-size", "4", "--resume"]) == 0
    assert "7 articles in 2 chunks: 0 written, 2 already there" in capsys.readouterr().err
    assert main(["compare", str(out), "--by", "outlet", "--measures", "security_hits", "--n-boot", "200"]) == 0
    printed = capsys.readouterr().out
    assert printed.split("\n")[1].split()[:4] == ["A", "security_hits", "4", "0.500"]  # a1: 2 hits; a3, a5, a7: none


def test_streaming_refuses_formats_it_cannot_chunk(tmp_path):
    (tmp_path / "a.json").write_text("[]")
    with pytest.raises(ArticleSetError, match="cannot be read in chunks"):
        list(read_chunks(tmp_path / "a.json"))


def test_report_summary_from_a_streamed_dataset_without_the_texts(tmp_path):
    from framing.analysis.compare import compare
    from framing.report import set_summary

    out = tmp_path / "scores.parquet"
    stream_scores(write_jsonl(tmp_path / "a.jsonl"), out, chunk_size=3, progress=False)
    scores = load_scores(out)
    assert "text" not in scores.columns
    summary = set_summary(scores, compare(scores, "outlet", n_boot=200), name="a", title="A", group_by="outlet")
    assert (summary["n_articles"], summary["n_groups"], summary["date_min"], summary["date_max"]) == \
        (7, 2, "2024-01-01", "2024-01-07")
    security = {row["group"]: row["n"] for row in summary["rows"] if row["frame"] == "security"}
    assert security == {"A": 4, "B": 2}  # per_1k is NaN for the empty text (a4, outlet B): 4 + 2 of 3
