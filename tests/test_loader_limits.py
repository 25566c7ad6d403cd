"""Inputs at the edges: each one loads as documented or gives one typed error naming the place."""

from __future__ import annotations

import datetime
import json
import warnings

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import framing

from framing.cli import main
from framing.errors import ArticleSetError, FramingWarning
from framing.load import load_article_set, load_articles
from framing.load.articles import MAX_TEXT_CHARS


def test_a_csv_field_over_131072_characters_loads(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text('id,text\n1,"' + "word " * 40_000 + '"\n2,short\n', encoding="utf-8")
    articles = load_articles(path)
    assert articles["text"].str.len().tolist() == [200_000, 5]
    assert articles["id"].tolist() == ["1", "2"]


def test_a_text_longer_than_the_limit_is_refused_with_its_line(tmp_path, capsys):
    path = tmp_path / "huge.csv"
    pd.DataFrame({"id": ["a", "b"], "text": ["fine", "y" * (MAX_TEXT_CHARS + 1)]}).to_csv(path, index=False)
    message = (f"{path}: 1 text(s) longer than 1,000,000 characters, far longer than an article (line 3: "
               f"1,000,001 characters); a whole archive in one cell? Split it into one row per article before loading")
    with pytest.raises(ArticleSetError) as error:
        load_articles(path)
    assert str(error.value) == message
    assert main(["score", str(path)]) == 2
    assert capsys.readouterr().err == f"framing score: error: {message}\n"


def test_score_refuses_a_text_longer_than_the_limit_given_as_a_dataframe():
    articles = pd.DataFrame({"id": ["a", "b"], "text": ["fine", "y" * (MAX_TEXT_CHARS + 1)]})
    with pytest.raises(ArticleSetError, match=r"longer than 1,000,000 characters, far longer than an article "
                                              r"\(id 'b': 1,000,001 characters\)"):
        framing.score(articles)


def test_parquet_timestamps_outside_the_nanosecond_range_become_nat_with_a_warning(tmp_path):
    path = tmp_path / "ts.parquet"
    dates = pa.array([datetime.datetime(1, 1, 1), datetime.datetime(2024, 1, 2), datetime.datetime(9999, 12, 31)],
                     pa.timestamp("us"))
    pq.write_table(pa.table({"id": ["1", "2", "3"], "text": ["a", "b", "c"], "date": dates}), path)
    with pytest.warns(FramingWarning) as caught:
        articles = load_articles(path)
    assert articles["date"].tolist()[1] == pd.Timestamp("2024-01-02")
    assert articles["date"].isna().tolist() == [True, False, True]
    assert str(caught[0].message) == (f"{path}: 2 of 3 dates in column 'date' lie outside 1677-2262 and are NaT "
                                      "(row 0: 0001-01-01 00:00:00, row 2: 9999-12-31 00:00:00); check those values")


def test_parquet_binary_text_is_decoded_not_written_as_a_bytes_literal(tmp_path):
    path = tmp_path / "bin.parquet"
    pq.write_table(pa.table({"id": ["1"], "text": pa.array(["Gas talks resume.".encode()], pa.binary()),
                             "outlet": pa.array(["Daily".encode()], pa.binary())}), path)
    articles = load_articles(path)
    assert articles[["text", "outlet"]].values.tolist() == [["Gas talks resume.", "Daily"]]
    bad = tmp_path / "latin.parquet"
    pq.write_table(pa.table({"id": ["1"], "text": pa.array(["café".encode("latin-1")], pa.binary())}), bad)
    with pytest.raises(ArticleSetError) as error:
        load_articles(bad)
    assert str(error.value) == (f"{bad}: row 0: column 'text' holds bytes that are not UTF-8 text (byte 0xe9 at "
                                "offset 3); store the column as UTF-8 strings")


def test_json_nested_too_deeply_is_a_one_line_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ArticleSetError, match=r"^\S+deep\.json: JSON nested too deeply for Python to read"):
        load_articles(path)
    lines = tmp_path / "deep.jsonl"
    lines.write_text('{"id": "1", "text": "x"}\n' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(ArticleSetError, match=r"^\S+deep\.jsonl:2: JSON nested too deeply"):
        load_articles(lines)


def test_a_5000_digit_integer_id_names_its_line_and_column(tmp_path):
    path = tmp_path / "digits.json"
    path.write_text('[\n {"id": 1, "text": "x"},\n {"id": ' + "7" * 5000 + ', "text": "y"}\n]', encoding="utf-8")
    with pytest.raises(ArticleSetError) as error:
        load_articles(path)
    assert str(error.value) == (f"{path}:3:9: a number with 5000 digits (Python reads at most 4300); write it as "
                                'a string in quotes, e.g. an id "777777777777…"')
    lines = tmp_path / "digits.jsonl"
    lines.write_text('{"id": 1, "text": "x"}\n{"id": ' + "7" * 5000 + ', "text": "y"}\n', encoding="utf-8")
    with pytest.raises(ArticleSetError, match=r"digits\.jsonl:2:8: a number with 5000 digits"):
        load_articles(lines)
    table = tmp_path / "digits.csv"
    table.write_text("id,text\n" + "7" * 5000 + ",y\n", encoding="utf-8")
    assert load_articles(table)["id"].tolist() == ["7" * 5000]  # CSV ids are read as text


def test_a_repeated_csv_header_is_an_error_not_a_text_1_column(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("id,text,outlet,text\n1,a,X,b\n", encoding="utf-8")
    with pytest.raises(ArticleSetError) as error:
        load_articles(path)
    assert str(error.value) == (f"{path}:1: the header repeats column names ('text' in columns 2, 4); pandas would "
                                "rename the second one (e.g. 'text.1') and read the wrong column: give every "
                                "column its own name")


def test_ambiguous_numeric_dates_are_read_month_first_with_a_warning(tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text("id,text,date\n1,a,10/11/2024\n2,b,03/04/2024\n3,c,05/05/2024\n", encoding="utf-8")
    with pytest.warns(FramingWarning) as caught:
        articles = load_articles(path)
    assert articles["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-10-11", "2024-03-04", "2024-05-05"]
    assert [str(w.message) for w in caught] == [
        f"{path}: 2 dates in column 'date' read month-first (MM/DD/YYYY) though they could be day-first "
        "(line 2: '10/11/2024', line 3: '03/04/2024'); write dates as YYYY-MM-DD to be sure"]


def test_a_column_that_shows_day_first_is_read_day_first_silently(tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text("id,text,date\n1,a,10/11/2024\n2,b,23/04/2024\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        articles = load_articles(path)
    assert articles["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-11-10", "2024-04-23"]


def test_a_set_folder_named_like_a_report_file_is_refused(tmp_path):
    folder = tmp_path / "index.html"
    folder.mkdir()
    (folder / "set.yaml").write_text("title: T\n", encoding="utf-8")
    (folder / "articles.jsonl").write_text(json.dumps({"id": "1", "text": "x", "outlet": "A"}) + "\n", encoding="utf-8")
    with pytest.raises(ArticleSetError) as error:
        load_article_set(folder)
    assert str(error.value) == (f"{folder}: a set folder cannot be named 'index.html': its report folder would sit "
                                "beside the batch's index.html and summary files (or be hidden); rename the folder, "
                                "e.g. to 'index_html'")


def test_front_matter_with_an_expanding_alias_is_refused(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\nx: &x [1, 2]\ny: *x\n---\nGas talks.\n", encoding="utf-8")
    with pytest.raises(ArticleSetError) as error:
        load_articles(path)
    assert str(error.value) == (f"{path}:3: front matter is not valid YAML (alias *x repeats a list or mapping; write "
                                "the values out instead of using aliases); fix the metadata block at the top of the file")


def test_long_values_in_set_yaml_messages_are_cut(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "set.yaml").write_text("title: T\ngroup_by: [" + "x" * 5000 + "]\n", encoding="utf-8")
    (folder / "articles.jsonl").write_text('{"id": "1", "text": "x"}\n', encoding="utf-8")
    with pytest.raises(ArticleSetError) as error:
        load_article_set(folder)
    assert str(error.value) == f"{folder / 'set.yaml'}:2: 'group_by' must be text, found ['xxxxxxxxxxxx...xxxxxxxxxxxxx']"
