"""The bundled multilingual set: every language is measured, tone only in English, and the outlets'
stated leanings (set.yaml `outlets:`) are checked against the measures as they are."""

import math
import warnings

import pytest
import yaml

import framing
from conftest import REPO

FOLDER = REPO / "data" / "article_sets" / "multilingual_call"


@pytest.fixture(scope="module")
def scores():
    with warnings.catch_warnings():
        warnings.simplefilter("error", framing.FramingWarning)  # every language is covered: no warning
        return framing.score(framing.load_article_set(FOLDER).articles)


def test_languages_and_countries(scores):
    assert scores["language"].value_counts().to_dict() == {"sr-Latn": 12, "sr-Cyrl": 12, "ru": 12, "uk": 12, "en": 12}
    assert sorted(scores["country"].unique()) == ["Russia", "Serbia", "Ukraine", "United Kingdom"]


def test_every_language_is_measured_and_only_english_has_tone(scores):
    for frame in ("cooperation", "balance", "security"):
        assert scores[f"{frame}_per_1k"].notna().all()
        assert (scores.groupby("language")[f"{frame}_hits"].sum() > 0).all(), frame
    assert scores.loc[scores["language"] == "en", "sentiment"].notna().all()
    assert scores.loc[scores["language"] != "en", "sentiment"].isna().all()


def test_a_leaning_outlet_leads_each_frame(scores):
    leanings = yaml.safe_load((FOLDER / "set.yaml").read_text(encoding="utf-8"))["outlets"]
    for frame in ("cooperation", "balance", "security"):
        rates = scores.groupby("outlet")[f"{frame}_per_1k"].mean().sort_values(ascending=False)
        intended = {outlet for outlet, meta in leanings.items() if meta["leaning"] == frame}
        # both cooperation outlets (Савска зора, Волжский курьер) lean on it; either may lead
        assert rates.index[0] in intended, (frame, rates.round(1).to_dict())


def test_serbian_scripts_measure_alike():
    # the same Serbian sentence in both scripts gives the same hits, offsets into each text
    latin = "Vučić je razgovarao sa Putinom o saradnji, bezbednosti i evropskom putu Srbije."
    cyrillic = "Вучић је разговарао са Путином о сарадњи, безбедности и европском путу Србије."
    table = framing.matches(__import__("pandas").DataFrame(
        {"id": ["l", "c"], "text": [latin, cyrillic], "language": ["sr-Latn", "sr-Cyrl"]}))
    by_id = {key: part[["frame", "term"]].values.tolist() for key, part in table.groupby("id")}
    assert by_id["l"] == by_id["c"] == [["cooperation", "saradnj*"], ["security", "bezbedn*"],
                                        ["balance", "evropsk* put*"]]
    for text, part in ((latin, table[table["id"] == "l"]), (cyrillic, table[table["id"] == "c"])):
        assert all(text[s:e] == m for s, e, m in zip(part["start"], part["end"], part["match"]))
    assert not math.isnan(table["weight"].sum())
