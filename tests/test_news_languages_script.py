"""data/validation/validate_news_languages.py refuses texts that are not the coded sentences."""

import hashlib
import importlib.util

import pandas as pd
import pytest

import framing
from conftest import REPO

SCRIPT = REPO / "data" / "validation" / "validate_news_languages.py"


def script():
    spec = importlib.util.spec_from_file_location("validate_news_languages", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_stored_units_have_codes_gold_and_hashes_but_no_text():
    units = pd.read_csv(REPO / "data" / "validation" / "news_units.csv", dtype=str)
    gold = pd.read_csv(REPO / "data" / "validation" / "news_gold.csv", dtype=str)
    codes = pd.read_csv(REPO / "data" / "validation" / "news_codes.csv", dtype=str)
    assert "text" not in units.columns and units["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert set(units["unit_id"]) == set(gold["unit_id"]) and len(units) == 1254
    assert (codes.groupby("unit_id")["coder"].nunique() == 2).all()
    assert units.groupby([units["language"].str.split("-").str[0], "collection"]).size().to_dict() == {
        ("de", "main"): 224, ("en", "main"): 257, ("ru", "balance"): 130, ("ru", "main"): 154,
        ("sr", "main"): 203, ("uk", "balance"): 117, ("uk", "main"): 169}


def test_texts_are_checked_against_the_stored_hashes(tmp_path):
    units = pd.read_csv(REPO / "data" / "validation" / "news_units.csv", dtype=str)
    texts = tmp_path / "texts.csv"
    pd.DataFrame({"unit_id": units["unit_id"], "text": "not the sentence"}).to_csv(texts, index=False)
    with pytest.raises(framing.CodingError, match="1254 texts differ from the coded sentences"):
        script().load(texts)
    pd.DataFrame({"unit_id": units["unit_id"][:10], "text": "x"}).to_csv(texts, index=False)
    with pytest.raises(framing.CodingError, match="no text for 1244 units"):
        script().load(texts)
    assert hashlib.sha256(b"x").hexdigest() not in set(units["sha256"])
