"""Actor lists (bundled and custom) and the actor × frame co-occurrence table."""

import math

import pandas as pd
import pytest

from framing.analysis.actors import KINDS, actor_frames, actor_mentions, load_actors
from framing.errors import AnalysisError, LexiconError
from framing.lexicon import load_lexicon
from framing.measures import sentences
from framing.tone import sentence_tone

LEXICON = load_lexicon({"frames": {"cooperation": {"entries": ["deal*", "partner*"]},
                                   "security": {"entries": ["threat*"]}}})
ACTORS = {"actors": {
    "Russia": {"kind": "country", "aliases": ["Russia", "Russian*", "Moscow", "Kremlin"]},
    "European Union": {"kind": "institution", "aliases": ["EU", "European Union", "Brussels"]},
    "Aleksandar Vučić": {"kind": "person", "aliases": ["vucic"]},
}}
ARTICLES = pd.DataFrame({"id": ["1", "2"], "outlet": ["A", "B"], "text": [
    "Moscow signed a deal. The Kremlin warned of a threat. Russia and the EU met.",
    "Brussels praised the deal. Vučić spoke.",
]})


def tone(text):
    return sentence_tone([text])[0]


def test_cooccurrence_counts_shares_and_tone_by_hand():
    table = actor_frames(ARTICLES, ACTORS, LEXICON)
    assert list(table.columns) == ["actor", "kind", "frame", "n_sentences", "n_actor_sentences", "share", "tone"]
    # Russia: 3 sentences, 2 named; EU: 2; Vučić: 1 -> most named first.
    assert list(dict.fromkeys(table["actor"])) == ["Russia", "European Union", "Aleksandar Vučić"]
    rows = table.set_index(["actor", "frame"])
    assert rows.loc[("Russia", "cooperation")].tolist() == ["country", 1, 3, pytest.approx(1 / 3),
                                                             pytest.approx(tone("Moscow signed a deal."))]
    assert rows.loc[("Russia", "security"), "tone"] == pytest.approx(tone("The Kremlin warned of a threat."))
    eu = rows.loc[("European Union", "cooperation")]
    assert (eu["n_sentences"], eu["n_actor_sentences"], eu["share"]) == (1, 2, 0.5)
    assert eu["tone"] == pytest.approx(tone("Brussels praised the deal."))
    vucic = rows.loc[("Aleksandar Vučić", "security")]
    assert (vucic["n_sentences"], vucic["share"]) == (0, 0.0) and math.isnan(vucic["tone"])


def test_by_group_keeps_every_actor_in_every_group():
    table = actor_frames(ARTICLES, ACTORS, LEXICON, by="outlet")
    assert list(table.columns[:2]) == ["outlet", "actor"]
    assert len(table) == 2 * 3 * 2
    absent = table[(table["outlet"] == "B") & (table["actor"] == "Russia")]
    assert absent["n_actor_sentences"].tolist() == [0, 0] and absent["share"].isna().all()
    eu_b = table[(table["outlet"] == "B") & (table["actor"] == "European Union") & (table["frame"] == "cooperation")]
    assert eu_b["share"].tolist() == [1.0]


def test_by_a_list_of_columns_groups_by_their_combinations():
    articles = ARTICLES.assign(country=["RS", "DE"])
    table = actor_frames(articles, ACTORS, LEXICON, by=["outlet", "country"])
    assert list(table.columns[:3]) == ["outlet", "country", "actor"]
    assert sorted(set(zip(table["outlet"], table["country"]))) == [("A", "RS"), ("B", "DE")]
    one = actor_frames(ARTICLES, ACTORS, LEXICON, by="outlet")
    pd.testing.assert_frame_equal(table.drop(columns="country"), one)
    with pytest.raises(AnalysisError, match="by=\\['outlet', 'outlet'\\] names a column twice"):
        actor_frames(articles, ACTORS, LEXICON, by=["outlet", "outlet"])


def test_a_sentence_can_name_several_actors_once_each():
    mentions = actor_mentions(sentences(ARTICLES, LEXICON), load_actors(ACTORS))
    assert mentions.values.tolist() == [["1", 0, "Russia"], ["1", 1, "Russia"], ["1", 2, "Russia"],
                                        ["1", 2, "European Union"], ["2", 0, "European Union"],
                                        ["2", 1, "Aleksandar Vučić"]]


def test_bundled_list_names_countries_by_capital_and_demonym():
    actors = load_actors()
    assert {"Russia", "Serbia", "European Union", "United States", "NATO", "United Nations", "Vladimir Putin",
            "Aleksandar Vučić", "Gazprom"} <= set(actors.names)
    assert set(actors.kinds) <= set(KINDS)
    text = pd.DataFrame({"id": ["x"], "text": [
        "The Kremlin and Belgrade agreed. Vucic met U.S. envoys in Washington. "
        "Latin American leaders and us. The Security Council met in Brussels."]})
    named = actor_mentions(sentences(text), actors).groupby("sentence")["actor"].apply(set).to_dict()
    assert named == {0: {"Russia", "Serbia"}, 1: {"Aleksandar Vučić", "United States"},
                     3: {"United Nations", "European Union"}}   # "Latin American" and "us" name no one
    assert actors.summary().columns.tolist() == ["actor", "kind", "aliases"]


def test_bad_actor_lists_name_file_actor_and_problem(tmp_path):
    with pytest.raises(LexiconError) as error:
        load_actors({"actors": {"Russia": {"kind": "state", "aliases": []},
                                "EU": {"kind": "institution", "aliases": ["<EU>"], "colour": "blue"}}})
    message = str(error.value)
    assert "3 problems" not in message and "4 problems" in message
    assert "actor 'Russia': kind 'state' must be one of country, institution, person, company" in message
    assert "actor 'Russia': has no aliases" in message
    assert "actor 'EU': unknown key 'colour'" in message and "actor 'EU': alias 1 ('<EU>') contains" in message
    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n  Russia: {kind: country, aliases: [Russia\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=f"{path}: malformed YAML at line"):
        load_actors(path)
    with pytest.raises(LexiconError, match="no such actor list"):
        load_actors(tmp_path / "missing.yaml")
    with pytest.raises(LexiconError, match="'actors' must map"):
        load_actors({"frames": {}})
