"""The measures recover the outlet leanings that data/README.md states for every bundled set."""

import pytest

import framing
from conftest import REPO

ALL_SETS = sorted(p.name for p in (REPO / "data" / "article_sets").iterdir() if (p / "set.yaml").exists())
SETS = [name for name in ALL_SETS if name != "multilingual_call"]  # the English sets; see test_multilingual_set.py
LEANINGS = {"cooperation": "Danube Courier", "balance": "Rhine Observer", "security": "Baltic Sentinel"}


@pytest.fixture(scope="module")
def scores():
    return {name: framing.score(framing.load_article_set(REPO / "data" / "article_sets" / name).articles) for name in SETS}


def test_four_bundled_sets():
    assert ALL_SETS == ["belgrade_moscow_call", "multilingual_call", "un_territorial_integrity", "winter_gas_terms"]


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("frame", sorted(LEANINGS))
def test_intended_outlet_leads_each_frame(scores, name, frame):
    rates = scores[name].groupby("outlet")[f"{frame}_per_1k"].mean().sort_values(ascending=False)
    assert rates.index[0] == LEANINGS[frame], rates.round(1).to_dict()


@pytest.mark.parametrize("name", SETS)
def test_cooperation_outlet_is_warmer_than_security_outlet(scores, name):
    tone = scores[name].groupby("outlet")["sentiment"].mean()
    assert tone["Danube Courier"] > tone["Baltic Sentinel"]


@pytest.mark.parametrize("name", SETS)
def test_each_leaning_outlet_is_dominated_by_its_frame(scores, name):
    table = scores[name]
    for frame, outlet in LEANINGS.items():
        dominant = table.loc[table["outlet"] == outlet, "dominant_frame"]
        assert (dominant == frame).sum() >= 2, (outlet, dominant.tolist())
