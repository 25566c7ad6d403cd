"""load_articles: every input format, column mapping, ids, duplicates, dates, and bad input."""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import unicodedata

import pandas as pd
import pytest

from framing.load.check import check_articles
from framing.load import load_articles
from framing.load.articles import content_id
from framing.errors import ArticleSetError, FramingWarning

STR = pd.Series(["x"]).dtype  # the string dtype of this pandas ("str" on pandas 3, object on 2.x)

RECORDS = [
    {"id": "a1", "title": "Gas deal", "outlet": "Daily Post", "country": "RS", "date": "2024-10-20",
     "text": "Serbia and Russia agree on gas."},
    {"id": "a2", "title": "Watching", "outlet": "Rhine Times", "country": "DE", "date": "2024-10-21",
     "text": 'Brussels watches "closely", as talks go on.'},
    {"id": "a3", "title": "Two lines", "outlet": "Daily Post", "country": "RS", "date": "2024-10-22",
     "text": "Line one.\nLine two."},
]


def expected_frame() -> pd.DataFrame:
    columns = {key: pd.Series([r[key] for r in RECORDS], dtype=object).astype(STR)
               for key in ("id", "text", "title", "outlet", "country")}
    columns["date"] = pd.to_datetime(pd.Series([r["date"] for r in RECORDS])).astype("datetime64[ns]")
    columns["duplicate_of"] = pd.Series([None] * 3, dtype=object).astype(STR)
    return pd.DataFrame(columns)[["id", "text", "title", "outlet", "country", "date", "duplicate_of"]]


def write_csv(path, sep=","):
    pd.DataFrame(RECORDS).to_csv(path, index=False, sep=sep)


def write_text_folder(folder):
    folder.mkdir()
    for r in RECORDS:
        front = "\n".join(f"{k}: {json.dumps(r[k]) if k != 'date' else r[k]}" for k in ("title", "outlet", "country", "date"))
        (folder / f"{r['id']}.txt").write_text(f"---\n{front}\n---\n\n{r['text']}\n", encoding="utf-8")


WRITERS = {
    "articles.csv": write_csv,
    "articles.tsv": lambda p: write_csv(p, sep="\t"),
    "articles.json": lambda p: p.write_text(json.dumps(RECORDS, indent=2), encoding="utf-8"),
    "articles.jsonl": lambda p: p.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8"),
    "articles.parquet": lambda p: pd.DataFrame(RECORDS).to_parquet(p, index=False),
    "articles.csv.gz": lambda p: p.write_bytes(gzip.compress(pd.DataFrame(RECORDS).to_csv(index=False).encode())),
    "texts": write_text_folder,
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_format_loads_to_the_same_frame(tmp_path, name):
    path = tmp_path / name
    WRITERS[name](path)
    articles = load_articles(path)
    pd.testing.assert_frame_equal(articles, expected_frame())
    assert articles.attrs["source"] == str(path)
    assert articles.attrs["column_mapping"] == {}


def test_a_dataframe_is_normalized_the_same_way_and_not_modified():
    frame = pd.DataFrame(RECORDS)
    before = frame.copy()
    articles = load_articles(frame)
    pd.testing.assert_frame_equal(articles, expected_frame())
    pd.testing.assert_frame_equal(frame, before)
    assert articles.attrs["source"] == "<DataFrame>"
    pd.testing.assert_frame_equal(load_articles(articles), articles)  # idempotent


def test_id_and_text_are_string_columns(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,text,views\n007,123,5\n8,Words,6\n", encoding="utf-8")
    articles = load_articles(path)
    assert articles["id"].tolist() == ["007", "8"]  # no int conversion, leading zeros kept
    assert articles["text"].tolist() == ["123", "Words"]
    assert pd.api.types.is_string_dtype(articles["id"]) and pd.api.types.is_string_dtype(articles["text"])
    assert articles["views"].tolist() == [5, 6]


def test_single_text_file_uses_its_name_as_id(tmp_path):
    path = tmp_path / "call-report.md"
    path.write_text("\ufeffFirst line.\r\nSecond line.\r\n", encoding="utf-8")
    articles = load_articles(path)
    assert articles["id"].tolist() == ["call-report"]
    assert articles["text"].tolist() == ["First line.\nSecond line."]


# --- column mapping -----------------------------------------------------------------------------


def test_aliases_are_mapped_logged_and_recorded(tmp_path, caplog):
    path = tmp_path / "export.csv"
    path.write_text("views,Body,headline,media_name,publish_date,content\n"
                    "3,Talks resume.,Talks,Daily Post,2024-10-20,x\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="framing.load.articles"):
        articles = load_articles(path)
    assert list(articles.columns) == ["id", "text", "title", "outlet", "date", "views", "content", "duplicate_of"]
    assert articles.attrs["column_mapping"] == {
        "text": "Body", "title": "headline", "outlet": "media_name", "date": "publish_date"}
    assert articles.loc[0, "text"] == "Talks resume."
    assert articles.loc[0, "content"] == "x"  # a second text alias is kept as it is, not dropped
    assert "text <- 'Body'" in caplog.text and "outlet <- 'media_name'" in caplog.text
    assert "'content'" in caplog.text


def test_explicit_mapping_wins_over_aliases():
    frame = pd.DataFrame({"body": ["short"], "story": ["The real text."], "paper": ["Daily"]})
    articles = load_articles(frame, text="story", outlet="paper")
    assert articles["text"].tolist() == ["The real text."]
    assert articles.attrs["column_mapping"] == {"text": "story", "outlet": "paper"}
    assert list(articles.columns) == ["id", "text", "outlet", "body", "duplicate_of"]


def test_explicit_mapping_to_a_missing_column_lists_the_columns():
    with pytest.raises(ArticleSetError, match=r"text='story' names no column; columns present: 'body', 'paper'"):
        load_articles(pd.DataFrame({"body": ["x"], "paper": ["y"]}), text="story")


def test_explicit_mapping_clashing_with_an_existing_column_is_an_error():
    with pytest.raises(ArticleSetError, match=r"outlet='paper' was given but there is also a column 'outlet'"):
        load_articles(pd.DataFrame({"text": ["x"], "paper": ["y"], "outlet": ["z"]}), outlet="paper")


def test_missing_text_column_lists_columns_and_aliases_tried(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,story,paper\n1,x,y\n", encoding="utf-8")
    with pytest.raises(ArticleSetError) as error:
        load_articles(path)
    assert str(error.value) == (
        f"{path}: no text column; columns present: 'id', 'story', 'paper'; tried: text, body, content, "
        f"article, full_text (any case). Pass text='<column>' (or --text COLUMN on the command line)")


# --- ids and duplicates ---------------------------------------------------------------------------


def test_missing_ids_are_content_derived_and_stable():
    # by hand: "a-" + sha256("Gas deal" + "\n" + "Serbia and Russia agree on gas.")[:12]
    assert hashlib.sha256(b"Gas deal\nSerbia and Russia agree on gas.").hexdigest()[:12] == "d614c58fe770"
    articles = load_articles(pd.DataFrame({"title": ["Gas deal"], "text": ["Serbia and Russia agree on gas."]}))
    assert articles["id"].tolist() == ["a-d614c58fe770"]
    # the same article in another normalization form, with other line ends and spacing, gets the same id
    decomposed = unicodedata.normalize("NFD", "Vučić spoke.\r\nThen Putin.")
    assert content_id(decomposed + "  \n") == content_id("Vučić spoke.\nThen Putin.")
    assert content_id("Vučić spoke.\nThen Putin.") == "a-" + hashlib.sha256(
        "\nVučić spoke.\nThen Putin.".encode()).hexdigest()[:12]


def test_identical_articles_get_numbered_ids_and_are_marked_duplicates():
    frame = pd.DataFrame({"title": ["T", "T", "T"], "text": ["Same text.", "Same text.", "Same text."]})
    articles = load_articles(frame)
    base = content_id("Same text.", "T")
    assert articles["id"].tolist() == [base, f"{base}-2", f"{base}-3"]
    assert articles["duplicate_of"].isna().tolist() == [True, False, False]
    assert articles["duplicate_of"].tolist()[1:] == [base, base]


def test_generated_ids_avoid_given_ids_and_numbers_become_strings():
    taken = content_id("Text two.")
    frame = pd.DataFrame({"id": [1.0, None, taken], "text": ["Text one.", "Text two.", "Other."]})
    assert load_articles(frame)["id"].tolist() == ["1", f"{taken}-2", taken]


def test_duplicate_of_uses_whitespace_normalized_text_and_skips_empty_texts():
    frame = pd.DataFrame({"id": ["w1", "w2", "w3", "e1", "e2", "e3"],
                          "outlet": ["A", "B", "C", "A", "B", "C"],
                          "text": ["Wire  copy\ntext.", "Other.", " Wire copy text. ", "", "   ", None]})
    articles = load_articles(frame)
    assert articles["duplicate_of"].fillna("-").tolist() == ["-", "-", "w1", "-", "-", "-"]
    assert articles["text"].tolist()[3:] == ["", "   ", ""]  # empty texts are kept


def test_duplicate_ids_are_an_error_naming_their_lines(tmp_path):
    path = tmp_path / "a.jsonl"
    lines = [{"id": "x", "text": "1"}, {"id": "y", "text": "2"}, {"id": "x", "text": "3"}, {"id": "y", "text": "4"}]
    path.write_text("\n".join(json.dumps(r) for r in lines), encoding="utf-8")
    with pytest.raises(ArticleSetError) as error:
        load_articles(path)
    assert str(error.value).startswith(f"{path}: 2 id(s) occur more than once: 'x' at line 1, line 3; "
                                       f"'y' at line 2, line 4; make the ids unique")


def test_duplicate_file_names_in_a_folder_are_duplicate_ids(tmp_path):
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "a.md").write_text("Two.", encoding="utf-8")
    with pytest.raises(ArticleSetError, match=r"'a' at a\.md, a\.txt"):
        load_articles(tmp_path)


# --- dates ------------------------------------------------------------------------------------------


def test_unparseable_dates_become_nat_with_one_warning():
    frame = pd.DataFrame({"text": ["a", "b", "c", "d", "e"],
                          "date": ["2024-10-20", "yesterday", None, "20 October 2024", "October 20"]})
    with pytest.warns(FramingWarning) as caught:
        articles = load_articles(frame)
    assert len(caught) == 1
    assert str(caught[0].message) == (
        "<DataFrame>: 2 of 5 dates in column 'date' could not be parsed and are NaT "
        "(row 1: 'yesterday', row 4: 'October 20'); write dates as YYYY-MM-DD")
    assert articles["date"].dtype == "datetime64[ns]"
    assert articles["date"].tolist()[::3] == [pd.Timestamp("2024-10-20"), pd.Timestamp("2024-10-20")]
    assert articles["date"].isna().tolist() == [False, True, True, False, True]


def test_timezone_aware_dates_are_converted_to_utc_and_made_naive():
    frame = pd.DataFrame({"text": ["a", "b"], "date": ["2024-10-20T23:30:00-02:00", "2024-10-20 10:00"]})
    assert load_articles(frame)["date"].tolist() == [pd.Timestamp("2024-10-21 01:30"), pd.Timestamp("2024-10-20 10:00")]
    aware = pd.DataFrame({"text": ["a"], "date": [pd.Timestamp("2024-10-21 01:00", tz="Europe/Belgrade")]})
    assert load_articles(aware)["date"].tolist() == [pd.Timestamp("2024-10-20 23:00")]


# --- encodings --------------------------------------------------------------------------------------


def test_utf8_with_bom_is_accepted(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"\xef\xbb\xbfid,text\n1,Caf\xc3\xa9\n")
    articles = load_articles(path)
    assert list(articles.columns) == ["id", "text", "duplicate_of"] and articles["text"].tolist() == ["Café"]


def test_cp1252_is_rejected_with_the_byte_offset_then_accepted_with_encoding(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("id,text\n1,Café au lait\n".encode("cp1252"))  # é is byte 13: 8 (header) + 5 ("1,Caf")
    with pytest.raises(ArticleSetError) as error:
        load_articles(path)
    assert str(error.value) == (
        f"{path}: not valid UTF-8: byte 0xe9 at byte offset 13 (line 2, byte 6 of the line); pass "
        f"encoding='cp1252' (or the file's encoding), e.g. load_articles(path, encoding='cp1252') or --encoding cp1252")
    assert load_articles(path, encoding="cp1252")["text"].tolist() == ["Café au lait"]


def test_utf16_gets_a_hint_and_unknown_encodings_are_named(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("id,text\n1,x\n".encode("utf-16"))
    with pytest.raises(ArticleSetError, match="UTF-16 byte order mark: pass encoding='utf-16'"):
        load_articles(path)
    assert load_articles(path, encoding="utf-16")["text"].tolist() == ["x"]
    with pytest.raises(ArticleSetError, match="unknown encoding 'klingon'"):
        load_articles(path, encoding="klingon")


# --- malformed files --------------------------------------------------------------------------------


def test_malformed_json_lines_name_the_line_and_count_the_fine_lines(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "1", "text": "a"}\n{"id": "2", "text": "b"}\n{"id": "3", "text": "c"\n\n'
                    '{"id": "4", "text": "d"}\n["not", "an", "object"]\n', encoding="utf-8")
    with pytest.raises(ArticleSetError) as error:
        load_articles(path)
    assert str(error.value) == (
        f"{path}:3: malformed JSON Lines (line 3: Expecting ',' delimiter at column 24; line 6: a list, not an "
        f"object); 2 line(s) malformed, 3 line(s) fine. Each line must be one complete JSON object")


def test_malformed_json_names_line_and_column_and_spots_json_lines(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('[\n  {"text": "a"},\n  {"text": "b"\n]\n', encoding="utf-8")
    with pytest.raises(ArticleSetError, match=r"a\.json:4:1: malformed JSON \(Expecting ',' delimiter\)"):
        load_articles(path)
    path.write_text('{"text": "a"}\n{"text": "b"}\n', encoding="utf-8")
    with pytest.raises(ArticleSetError, match=r"a\.json:2:1: .*looks like JSON Lines"):
        load_articles(path)
    path.write_text('{"articles": []}', encoding="utf-8")
    with pytest.raises(ArticleSetError, match=r"expected a JSON array of article objects, found a dict with keys 'articles'"):
        load_articles(path)


def test_csv_unterminated_quote_that_swallows_rows_is_caught(tmp_path):
    path = tmp_path / "a.csv"
    # pandas alone reads this as ONE row whose text swallows lines 3 and 4
    path.write_text('id,text,outlet\n1,"Broken text,A\n2,Fine text,B\n3,"Another",C\n', encoding="utf-8")
    with pytest.raises(ArticleSetError) as error:
        load_articles(path)
    assert str(error.value).startswith(
        f"""{path}:4: malformed quoting (',' expected after '"') in the record starting at line 2;""")


def test_csv_quote_never_closed_and_text_after_closing_quote(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,text\n1,ok\n2,"never closed\n3,more\n', encoding="utf-8")
    with pytest.raises(ArticleSetError, match=r"a\.csv:3: a quoted field in the record starting at line 3 is never "
                                              r"closed \(the file ends at line 4\)"):
        load_articles(path)
    path.write_text('id,text\n1,"ab"c\n', encoding="utf-8")  # pandas would silently read "abc"
    with pytest.raises(ArticleSetError, match=r"a\.csv:2: malformed quoting"):
        load_articles(path)


def test_csv_records_with_the_wrong_number_of_fields(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,text,outlet\n1,a,X\n2,b,c,Y\n3,c\n", encoding="utf-8")
    with pytest.raises(ArticleSetError, match=r"a\.csv:3: 2 record\(s\) do not have the header's 3 fields "
                                              r"\(line 3 has 4, line 4 has 2\)"):
        load_articles(path)


def test_multiline_quoted_csv_fields_are_fine_and_rows_keep_their_lines(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,text\nx,"Para one.\n\nPara two."\nx,b\n', encoding="utf-8")
    with pytest.raises(ArticleSetError, match=r"'x' at line 2, line 5"):
        load_articles(path)


# --- paths, extensions, folders, front matter ---------------------------------------------------------


def test_nonexistent_path_and_unsupported_extension_list_supported_inputs(tmp_path):
    with pytest.raises(ArticleSetError, match=r"no such file or folder; supported inputs:\n  \.csv, \.tsv"):
        load_articles(tmp_path / "missing.csv")
    path = tmp_path / "a.docx"
    path.write_bytes(b"PK")
    with pytest.raises(ArticleSetError) as error:
        load_articles(path)
    message = str(error.value)
    assert message.startswith(f"{path}: unsupported extension '.docx'; supported inputs:")
    assert ".jsonl, .ndjson" in message and "a folder" in message and "format='csv'" in message
    path.write_text("id,text\n1,x\n", encoding="utf-8")
    assert load_articles(path, format="csv")["text"].tolist() == ["x"]


def test_front_matter_gives_metadata_and_may_give_the_id(tmp_path):
    (tmp_path / "first.md").write_text("---\nid: custom\noutlet: Daily\ntags: [gas, un]\n---\nBody one.\n",
                                       encoding="utf-8")
    (tmp_path / "second.txt").write_text("Body two, no front matter.\n---\nnot front matter\n", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    with pytest.warns(FramingWarning, match=r"ignored 1 entry that are not \.txt/\.md files: 'notes\.docx'"):
        articles = load_articles(tmp_path)
    assert articles["id"].tolist() == ["custom", "second"]
    assert articles["outlet"].fillna("-").tolist() == ["Daily", "-"]
    assert articles["tags"].tolist()[0] == ["gas", "un"]
    assert articles["text"].tolist() == ["Body one.", "Body two, no front matter.\n---\nnot front matter"]


def test_broken_front_matter_names_file_and_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("---\ntitle: ok\noutlet: [unclosed\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(ArticleSetError, match=r"a\.txt:4: front matter is not valid YAML"):
        load_articles(path)
    path.write_text("---\ntitle: never closed\nBody.\n", encoding="utf-8")
    with pytest.raises(ArticleSetError, match=r"a\.txt:1: front matter opened with '---' is never closed"):
        load_articles(path)


def test_text_that_is_a_list_is_an_error_naming_the_row(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('[\n{"text": "fine"},\n{"text": ["para 1", "para 2"]}\n]', encoding="utf-8")
    with pytest.raises(ArticleSetError, match=r"a\.json: line 3: the text is a list, not a string"):
        load_articles(path)


def test_a_named_index_is_kept_as_a_column_and_row_labels_are_not():
    frame = pd.DataFrame({"text": ["a", "b"]}, index=pd.Index(["x", "y"], name="id"))
    assert load_articles(frame)["id"].tolist() == ["x", "y"]
    filtered = pd.DataFrame({"id": ["p", "q", "r"], "text": ["a", "b", "c"]}).iloc[[2, 0]]
    articles = load_articles(filtered)
    assert list(articles.columns) == ["id", "text", "duplicate_of"] and articles["id"].tolist() == ["r", "p"]


# --- check_articles --------------------------------------------------------------------------------


def test_check_articles_counts_and_problems():
    frame = pd.DataFrame({"id": ["1", "2", "3", "4"], "text": ["Same.", "Same.", "", "Other words here."],
                          "source": ["A", "B", "A", None], "country": ["RS", "DE", "RS", "RS"],
                          "date": ["2024-10-20", "2024-10-22", "bad", None]})
    check = check_articles(frame)
    assert check.ok and check.n_articles == 4
    assert check.counts == {"outlet": {"A": 2, "(missing)": 1, "B": 1}, "country": {"RS": 3, "DE": 1},
                            "language": {"en": 4}, "script": {"Latn": 3, "(missing)": 1}}
    assert (check.date_min, check.date_max, check.n_missing_dates) == (
        pd.Timestamp("2024-10-20"), pd.Timestamp("2024-10-22"), 2)
    assert check.empty_texts == ("3",) and check.duplicate_texts == (("2", "1"),)
    assert check.column_mapping == {"outlet": "source"}
    assert check.words == {"min": 0, "median": 1, "max": 3}
    assert len(check.warnings) == 1 and "1 of 4 dates" in check.warnings[0]
    assert check.to_dict()["date_min"] == "2024-10-20"


def test_check_articles_reports_loading_errors_instead_of_raising(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,story\n1,x\n", encoding="utf-8")
    check = check_articles(path)
    assert not check.ok and check.n_articles == 0
    assert check.errors[0].startswith(f"{path}: no text column")
    assert check_articles(path, text="story").ok
