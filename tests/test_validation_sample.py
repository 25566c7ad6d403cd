"""Coding samples: exact sampling probabilities and weights, and the sheet, sample and instructions written."""

import pandas as pd
import pytest

import framing
from framing.validation.sample import coding_sample

ARTICLES = pd.DataFrame({
    "id": ["x1", "y1"],
    "outlet": ["X", "Y"],
    "text": ["Troops massed. Talks resumed. A deal was signed. Rain fell.", "Gas flows. Prices rose."],
})


def test_sentence_units_stratified_by_column_record_probability_and_weight():
    sample = coding_sample(ARTICLES, n=1, strata="outlet", seed=3)
    assert sorted(sample["stratum"]) == ["X", "Y"]
    by = sample.set_index("stratum")
    assert (by.loc["X", "p_sample"], by.loc["X", "weight"]) == (0.25, 4.0)  # 1 of 4 sentences
    assert (by.loc["Y", "p_sample"], by.loc["Y", "weight"]) == (0.5, 2.0)   # 1 of 2 sentences
    sentences = framing.sentences(ARTICLES)
    for row in sample.itertuples():
        assert row.unit_id == f"{row.id}:{row.sentence}"
        assert row.text == sentences[(sentences["id"] == row.id) & (sentences["sentence"] == row.sentence)]["text"].item()
    again = coding_sample(ARTICLES, n=1, strata="outlet", seed=3)
    pd.testing.assert_frame_equal(sample, again)


def test_proportional_allocation_uses_largest_remainders():
    articles = pd.DataFrame({"id": [f"a{i}" for i in range(7)], "text": ["Some text."] * 7,
                             "outlet": ["A"] * 5 + ["B"] * 2})
    sample = coding_sample(articles, n=3, unit="article", strata="outlet", allocation="proportional")
    # exact shares 15/7 = 2.14 and 6/7 = 0.86: floors 2 and 0, the remaining unit goes to B
    counts = sample.groupby("stratum").agg(n=("unit_id", "size"), p=("p_sample", "first"), w=("weight", "first"))
    assert counts.to_dict("index") == {"A": {"n": 2, "p": 0.4, "w": 2.5}, "B": {"n": 1, "p": 0.5, "w": 2.0}}
    assert set(sample["sentence"]) == {-1} and set(sample["unit_id"]) <= set(articles["id"])


def test_strata_mapping_and_n_per_stratum_with_a_census():
    strata = {"x1:0": "military", "x1:1": "talk", "x1:2": "talk", "x1:3": "other", "y1:0": "other", "y1:1": "other"}
    sample = coding_sample(ARTICLES, n={"talk": 2, "other": 1}, strata=strata, seed=0)
    by = sample.groupby("stratum")["weight"].agg(["size", "first"]).to_dict("index")
    assert by == {"other": {"size": 1, "first": 3.0}, "talk": {"size": 2, "first": 1.0}}  # military: none asked


def test_a_stratum_smaller_than_n_is_taken_whole():
    sample = coding_sample(ARTICLES, n=3, strata="outlet")
    assert sample.groupby("stratum")["p_sample"].first().to_dict() == {"X": 0.75, "Y": 1.0}


def test_bad_arguments_name_what_to_do():
    with pytest.raises(framing.CodingError, match="strata='desk' is not a column"):
        coding_sample(ARTICLES, n=1, strata="desk")
    with pytest.raises(framing.CodingError, match=r"no stratum for 2 unit\(s\), e.g. y1:0, y1:1"):
        coding_sample(ARTICLES, n=1, strata={"x1": "a"})
    with pytest.raises(framing.CodingError, match="unit='paragraph' is unknown"):
        coding_sample(ARTICLES, n=1, unit="paragraph")
    with pytest.raises(framing.CodingError, match="n=0 must be a positive whole number"):
        coding_sample(ARTICLES, n=0)


def test_the_sheet_sample_and_instructions_are_written(tmp_path):
    path = tmp_path / "round1.csv"
    sample = coding_sample(ARTICLES, n=2, strata="outlet", path=path)
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert sheet.columns.tolist() == ["unit_id", "text", "cooperation", "balance", "security", "coder", "note"]
    assert sheet["unit_id"].tolist() == sample["unit_id"].tolist()
    assert (sheet[["cooperation", "balance", "security", "coder"]] == "").all().all()
    written = pd.read_csv(tmp_path / "round1.sample.csv")
    assert written.columns.tolist() == ["unit_id", "id", "sentence", "stratum", "p_sample", "weight"]
    assert written["weight"].tolist() == sample["weight"].tolist()
    instructions = (tmp_path / "round1.instructions.md").read_text()
    assert "docs/codebook.md" in instructions
    for frame in framing.load_lexicon().frame_defs:
        assert f"**{frame.name}**: {frame.definition}" in instructions
    # the sheet filled in reads back against its sample
    sheet[["cooperation", "balance", "security"]] = "0"
    sheet["coder"] = "ana"
    codes = framing.read_coding(sheet, sample=tmp_path / "round1.sample.csv")
    assert len(codes) == 4 and codes["security"].sum() == 0
