"""Article sets: set.yaml validation, the articles file, external articles, listing, bundled sets."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from framing.load.sets import ArticleSet, list_article_sets, load_article_set
from framing.load import load_articles
from framing.errors import ArticleSetError, FramingWarning

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "data" / "article_sets"
SHARED = Path(__file__).resolve().parents[2] / "shared"
BUNDLED_NAMES = ("belgrade_moscow_call", "winter_gas_terms", "un_territorial_integrity")

ARTICLES = [
    {"id": "a1", "outlet": "Daily Post", "country": "RS", "date": "2024-10-20", "text": "Gas flows on."},
    {"id": "a2", "outlet": "Rhine Times", "country": "DE", "date": "2024-10-22", "text": "Berlin is wary."},
]
SET_YAML = """\
title: Test set
description: Two articles.
research_question: Do they differ?
provenance: {written_by: tests, licence: CC0-1.0}
outlets:
  Daily Post: {country: RS, leaning: cooperation}
  Rhine Times: {country: DE, leaning: security}
"""


def make_set(folder: Path, set_yaml: str = SET_YAML, articles=ARTICLES, file_name="articles.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "set.yaml").write_text(set_yaml, encoding="utf-8")
    if articles is not None:
        (folder / file_name).write_text("\n".join(json.dumps(r) for r in articles) + "\n", encoding="utf-8")
    return folder


def test_load_article_set(tmp_path):
    folder = make_set(tmp_path / "my_set")
    article_set = load_article_set(folder)
    assert isinstance(article_set, ArticleSet)
    assert (article_set.name, article_set.path) == ("my_set", folder)
    assert article_set.meta["title"] == "Test set" and article_set.meta["group_by"] == "outlet"
    assert article_set.meta["outlets"]["Rhine Times"] == {"country": "DE", "leaning": "security"}
    articles = article_set.articles
    assert list(articles.columns) == ["id", "text", "outlet", "country", "date", "duplicate_of"]
    assert "seed" not in articles  # no external articles declared
    assert articles.attrs == {"source": str(folder), "column_mapping": {}, "set_name": "my_set"}
    assert repr(article_set) == f"ArticleSet(name='my_set', title='Test set', n_articles=2, path='{folder}')"
    # load_articles delegates to the set, and also takes its set.yaml path
    pd.testing.assert_frame_equal(load_articles(folder), articles)
    assert load_article_set(folder / "set.yaml").name == "my_set"


def test_unknown_key_names_the_key_line_and_allowed_keys(tmp_path):
    folder = make_set(tmp_path / "s", SET_YAML + "licence: CC0\n")
    with pytest.raises(ArticleSetError) as error:
        load_article_set(folder)
    message = str(error.value)
    assert message.startswith(f"{folder / 'set.yaml'}:8: unknown key 'licence'; allowed: title (text (required));")
    for key in ("description", "research_question", "group_by", "provenance", "outlets", "external_articles"):
        assert key in message


def test_broken_yaml_names_file_and_line(tmp_path):
    folder = make_set(tmp_path / "s", "title: Test\ndescription: [unclosed\ngroup_by: outlet\n")
    with pytest.raises(ArticleSetError, match=r"s/set\.yaml:3:9: not valid YAML \(expected ',' or ']'"):
        load_article_set(folder)
    make_set(folder, "title: Test\n  bad indent: x\n")
    with pytest.raises(ArticleSetError, match=r"s/set\.yaml:2:\d+: not valid YAML"):
        load_article_set(folder)


def test_title_is_required_and_types_are_checked(tmp_path):
    folder = make_set(tmp_path / "s", "description: no title\n")
    with pytest.raises(ArticleSetError, match=r"set\.yaml:1: 'title' is required and must be text"):
        load_article_set(folder)
    make_set(folder, "title: T\nprovenance: just a string\n")
    with pytest.raises(ArticleSetError, match=r"set\.yaml:2: 'provenance' must be a mapping, found 'just a string'"):
        load_article_set(folder)


def test_group_by_must_be_a_column(tmp_path):
    folder = make_set(tmp_path / "s", SET_YAML + "group_by: region\n")
    with pytest.raises(ArticleSetError, match=r"set\.yaml:8: group_by 'region' is not a column of the articles; "
                                              r"columns: id, text, outlet, country, date, duplicate_of"):
        load_article_set(folder)
    make_set(folder, SET_YAML + "group_by: country\n")
    assert load_article_set(folder).meta["group_by"] == "country"


def test_articles_file_choice(tmp_path):
    folder = make_set(tmp_path / "s", articles=None)
    with pytest.raises(ArticleSetError, match=r"no articles file; add articles\.jsonl"):
        load_article_set(folder)
    pd.DataFrame(ARTICLES).to_csv(folder / "export.csv", index=False)
    assert load_article_set(folder).articles["id"].tolist() == ["a1", "a2"]  # the only table file
    pd.DataFrame(ARTICLES).to_parquet(folder / "export.parquet", index=False)
    with pytest.raises(ArticleSetError, match=r"more than one articles file \(export\.csv, export\.parquet\)"):
        load_article_set(folder)
    make_set(folder)  # adds articles.jsonl, which is preferred
    with pytest.warns(FramingWarning, match=r"reading articles\.jsonl; also present and not read: "
                                            r"export\.csv, export\.parquet"):
        assert len(load_article_set(folder).articles) == 2


def test_undeclared_outlets_warn(tmp_path):
    folder = make_set(tmp_path / "s", SET_YAML.replace("  Rhine Times: {country: DE, leaning: security}\n", ""))
    with pytest.warns(FramingWarning, match=r"set\.yaml:5: outlets \['Rhine Times'\] appear in the articles"):
        load_article_set(folder)


EXTERNAL = """\
external_articles:
  - path: ../../../shared/seed/the_call.txt
    id: seed-call
    title: The call
    outlet: Rhine Times
    country: CA
    date: 2024-10-20
    seed: true
    required: {required}
    note: kept outside the repository
"""


def test_external_article_present_is_appended_with_seed_column(tmp_path):
    seed_file = tmp_path / "shared" / "seed" / "the_call.txt"
    seed_file.parent.mkdir(parents=True)
    seed_file.write_text("The presidents spoke by phone.\n", encoding="utf-8")
    folder = make_set(tmp_path / "repo" / "sets" / "s", SET_YAML + EXTERNAL.format(required="true"))
    articles = load_article_set(folder).articles
    assert list(articles.columns) == ["id", "text", "title", "outlet", "country", "date", "seed", "duplicate_of"]
    assert articles["id"].tolist() == ["a1", "a2", "seed-call"]
    assert articles["seed"].tolist() == [False, False, True] and articles["seed"].dtype == bool
    last = articles.iloc[-1]
    assert (last["text"], last["title"], last["outlet"], last["country"], last["date"]) == (
        "The presidents spoke by phone.", "The call", "Rhine Times", "CA", pd.Timestamp("2024-10-20"))
    assert articles["title"].isna().tolist() == [True, True, False]


def test_optional_external_article_missing_warns_and_loads_without_it(tmp_path):
    folder = make_set(tmp_path / "repo" / "sets" / "s", SET_YAML + EXTERNAL.format(required="false"))
    missing = tmp_path / "shared" / "seed" / "the_call.txt"
    with pytest.warns(FramingWarning) as caught:
        articles = load_article_set(folder).articles
    assert [str(w.message) for w in caught] == [
        f"{folder / 'set.yaml'}:9: external article {missing} not found; set 's' loads without it (required: false)"]
    assert articles["id"].tolist() == ["a1", "a2"] and articles["seed"].tolist() == [False, False]


def test_required_external_article_missing_is_an_error(tmp_path):
    folder = make_set(tmp_path / "s", SET_YAML + EXTERNAL.format(required="true"))
    with pytest.raises(ArticleSetError, match=r"set\.yaml:9: external article '\.\./\.\./\.\./shared/seed/the_call\.txt' "
                                              r"not found \(looked for .*\); put the file there, or mark it "
                                              r"'required: false'"):
        load_article_set(folder)


def test_external_article_keys_and_ids_are_checked(tmp_path):
    (tmp_path / "x.txt").write_text("External text.", encoding="utf-8")
    folder = make_set(tmp_path / "s", SET_YAML + "external_articles:\n  - path: ../x.txt\n    outlet: A\n    sead: true\n")
    with pytest.raises(ArticleSetError, match=r"set\.yaml:11: unknown external article key 'sead'; allowed: path"):
        load_article_set(folder)
    make_set(folder, SET_YAML + "external_articles:\n  - path: ../x.txt\n    id: a1\n")
    with pytest.raises(ArticleSetError, match=r"set\.yaml:9: external article id 'a1' is already used"):
        load_article_set(folder)
    make_set(folder, SET_YAML + "external_articles:\n  - path: ../x.txt\n    outlet: Daily Post\n")
    articles = load_article_set(folder).articles  # id defaults to the file name; seed to false
    assert articles["id"].tolist()[-1] == "x" and not articles["seed"].any()


def test_list_article_sets(tmp_path):
    make_set(tmp_path / "zeta")
    make_set(tmp_path / "alpha", SET_YAML.replace("Test set", "Alpha") + "group_by: country\n", articles=ARTICLES[:1])
    (tmp_path / "not_a_set").mkdir()
    table = list_article_sets(tmp_path)
    assert list(table.columns) == ["name", "path", "title", "n_articles", "group_by", "n_outlets", "date_min",
                                   "date_max", "research_question"]
    assert table.to_dict("records") == [
        {"name": "alpha", "path": str(tmp_path / "alpha"), "title": "Alpha", "n_articles": 1, "group_by": "country",
         "n_outlets": 1, "date_min": pd.Timestamp("2024-10-20"), "date_max": pd.Timestamp("2024-10-20"),
         "research_question": "Do they differ?"},
        {"name": "zeta", "path": str(tmp_path / "zeta"), "title": "Test set", "n_articles": 2, "group_by": "outlet",
         "n_outlets": 2, "date_min": pd.Timestamp("2024-10-20"), "date_max": pd.Timestamp("2024-10-22"),
         "research_question": "Do they differ?"},
    ]
    assert len(list_article_sets(tmp_path / "not_a_set")) == 0
    with pytest.raises(ArticleSetError, match="no such folder; pass root="):
        list_article_sets(tmp_path / "nowhere")


# --- the bundled sets ---------------------------------------------------------------------------------


def bundled_sets() -> list[str]:
    found = {p.name for p in BUNDLED.iterdir() if (p / "set.yaml").is_file()} if BUNDLED.is_dir() else set()
    return sorted(found | set(BUNDLED_NAMES))


@pytest.mark.parametrize("name", bundled_sets())
def test_bundled_set_loads_and_meets_the_bar(name):
    folder = BUNDLED / name
    if not (folder / "set.yaml").is_file():
        pytest.skip(f"bundled set {name} is not written yet ({folder}/set.yaml missing)")
    articles = load_article_set(folder).articles
    assert len(articles) >= 12
    assert articles["outlet"].nunique() >= 3 and articles["country"].nunique() >= 3
    assert articles["date"].notna().all()
    words = articles["text"].str.split().str.len()
    assert words.between(150, 700).all(), words[~words.between(150, 700)].to_dict()
    assert articles["duplicate_of"].isna().all()


def test_belgrade_set_includes_the_seed_article():
    folder = BUNDLED / "belgrade_moscow_call"
    seed_file = SHARED / "seed" / "belgrade_moscow_call.txt"
    if not (folder / "set.yaml").is_file():
        pytest.skip(f"{folder}/set.yaml is not written yet")
    if not seed_file.is_file():
        pytest.skip(f"the shared seed article {seed_file} is not present beside the repository")
    articles = load_article_set(folder).articles
    seeds = articles[articles["seed"]]
    assert len(seeds) == 1
    assert seeds["text"].iloc[0] == seed_file.read_text(encoding="utf-8").strip()
    assert seeds[["outlet", "country", "date"]].notna().all(axis=None)


def test_the_seed_article_is_not_copied_into_the_repository():
    seed_file = SHARED / "seed" / "belgrade_moscow_call.txt"
    if not seed_file.is_file():
        pytest.skip(f"the shared seed article {seed_file} is not present beside the repository")
    first_sentence = seed_file.read_text(encoding="utf-8").split(". ")[0]
    copies = [p for p in (REPO / "data").rglob("*") if p.is_file()
              and first_sentence in p.read_text(encoding="utf-8", errors="replace")]
    assert copies == []
