"""``framing articles check``: the report and the exit codes."""

from __future__ import annotations

import json

import pandas as pd

from framing.cli import main

RECORDS = [
    {"id": "a1", "outlet": "Daily Post", "country": "RS", "date": "2024-10-20", "text": "Wire copy about gas."},
    {"id": "a2", "outlet": "Rhine Times", "country": "DE", "date": "2024-10-22", "text": "Wire  copy about gas."},
    {"id": "a3", "outlet": "Daily Post", "country": "RS", "date": "soon", "text": "  "},
]


def write_jsonl(path, records=RECORDS):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_check_prints_a_report_and_exits_0(tmp_path, capsys):
    path = write_jsonl(tmp_path / "a.jsonl")
    assert main(["articles", "check", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"articles check: {path}",
        "articles: 3",
        "words per article: min 0, median 4, max 4",
        "outlet (2): Daily Post 2, Rhine Times 1",
        "country (2): RS 2, DE 1",
        "language (1): en 3",  # too short to detect: the lexicon's own language
        "script (2): Latn 2, (missing) 1",
        "dates: 2024-10-20 to 2024-10-22 (1 missing)",
        "empty texts: 1 (a3)",
        "duplicate texts: 1",
        "  a2 duplicates a1",
        "near-duplicate texts (similarity >= 0.8): 0",
        "mapped columns: none",
        "warnings: 1",
        f"  {path}: 1 of 3 dates in column 'date' could not be parsed and are NaT (line 3: 'soon'); "
        "write dates as YYYY-MM-DD",
        "errors: none",
        "result: OK",
    ]


def test_check_exits_1_when_the_articles_cannot_be_loaded(tmp_path, capsys):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "a1", "text": "ok"}\n{"id": "a2", "text": \n', encoding="utf-8")
    assert main(["articles", "check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"  {path}:2: malformed JSON Lines" in out and "1 line(s) fine" in out
    assert out.rstrip().endswith("result: FAILED")
    assert main(["articles", "check", str(tmp_path / "missing.csv")]) == 1


def test_check_encoding_and_text_options(tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_bytes("id,story\n1,Café\n".encode("cp1252"))
    assert main(["articles", "check", str(path), "--text", "story"]) == 1
    assert "byte offset 14" in capsys.readouterr().out
    assert main(["articles", "check", str(path), "--text", "story", "--encoding", "cp1252"]) == 0
    assert "mapped columns: text <- 'story'" in capsys.readouterr().out


def test_check_writes_the_normalized_articles(tmp_path, capsys):
    path = write_jsonl(tmp_path / "a.jsonl")
    out = tmp_path / "clean.csv"
    assert main(["articles", "check", str(path), "-o", str(out)]) == 0
    written = pd.read_csv(out)
    assert list(written.columns) == ["id", "text", "outlet", "country", "date", "duplicate_of"]
    assert written["duplicate_of"].fillna("").tolist() == ["", "a1", ""]


def test_check_exits_2_on_a_bad_output_extension(tmp_path, capsys):
    path = write_jsonl(tmp_path / "a.jsonl")
    assert main(["articles", "check", str(path), "-o", str(tmp_path / "out.xlsx")]) == 2
    assert "unsupported output extension '.xlsx'" in capsys.readouterr().err


def test_check_counts_languages_and_scripts_and_warns_on_uncovered_ones(tmp_path, capsys):
    records = [{"id": "s", "text": "Вучић је разговарао са Путином о гасу и безбедности.", "language": "sr-Cyrl"},
               {"id": "c", "text": "Prezident jednal o plynu a bezpečnosti regionu.", "language": "cs"},
               {"id": "r", "text": "Президент обсудил поставки газа и вопросы безопасности в регионе.", "language": None}]
    path = write_jsonl(tmp_path / "langs.jsonl", records)
    assert main(["articles", "check", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "language (3): cs 1, ru 1, sr 1" in lines
    assert "script (2): Cyrl 2, Latn 1" in lines
    assert ("  no lexicon for: cs (1); their frame measures will be NaN (not 0); lexicon framing-default covers "
            "en, de, ru, sr, uk") in lines
