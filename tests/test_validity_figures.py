"""The figures of docs/validity.md, recomputed from the stored codes and the shared NYT texts.

If a change to the lexicon, the matcher or the validation code moves any of them, this test fails:
update docs/validity.md (and the lexicon's `validation:` block) with the new, honest figures.
"""

import pytest

import framing
from conftest import SHARED

NYT = SHARED / "validation" / "vader_nyt"
pytestmark = pytest.mark.skipif(not (NYT / "nytEditorialSnippets_GroundTruth.txt").is_file(),
                                reason=f"the VADER NYT ratings are not in {NYT} (shared folder absent)")


def scores(part: str, lexicon=None):
    data = framing.load_nyt_validation(NYT, part=part)
    result = framing.validate(framing.analyse(data.articles, lexicon), data.gold, weights=data.weights,
                              strata=data.strata)
    return result.scores.set_index("frame").round(2)


def alpha(codes) -> dict:
    table = framing.agreement(codes).round(3)
    return table[table["coders"] == "all"].set_index("frame")["alpha"].to_dict()


def test_coder_agreement_as_documented():
    data = framing.load_nyt_validation(NYT, part="all")
    first = data.units.loc[data.units["part"] != "fresh-test", "unit_id"]
    assert alpha(data.codes[data.codes["unit_id"].isin(first)]) == {"cooperation": 0.899, "balance": 0.874,
                                                                    "security": 0.921}
    assert alpha(framing.load_nyt_validation(NYT, part="fresh-test").codes) == {
        "cooperation": 0.954, "balance": 0.71, "security": 0.964}
    assert alpha(data.codes) == {"cooperation": 0.913, "balance": 0.841, "security": 0.933}


def test_lexicon_2_2_on_the_held_out_test_part_as_documented():
    table = scores("test")
    assert table.loc["cooperation", ["precision", "recall", "f1", "f1_low", "f1_high"]].tolist() == [0.72, 0.31, 0.44, 0.11, 0.73]
    assert table.loc["balance", ["precision", "recall", "f1", "f1_low", "f1_high"]].tolist() == [0.22, 0.07, 0.11, 0.0, 0.33]
    assert table.loc["security", ["precision", "recall", "f1", "f1_low", "f1_high"]].tolist() == [0.65, 0.73, 0.69, 0.53, 0.82]
    assert table["gold_positive"].tolist() == [33, 17, 99]


def test_the_bundled_lexicon_declares_these_figures():
    declared = framing.load_lexicon().validation
    table = scores("test")
    assert {frame: round(value, 2) for frame, value in declared["f1"].items()} == table["f1"].to_dict()


def test_the_fresh_test_sample_as_documented():
    table = scores("fresh-test")
    assert table.loc["cooperation", ["precision", "recall", "f1", "f1_low", "f1_high"]].tolist() == [0.29, 0.18, 0.22, 0.09, 0.41]
    assert table.loc["balance", ["precision", "recall", "f1", "f1_low", "f1_high"]].tolist() == [0.5, 0.56, 0.53, 0.0, 0.87]
    assert table.loc["security", ["precision", "recall", "f1", "f1_low", "f1_high"]].tolist() == [0.60, 0.53, 0.56, 0.42, 0.69]
    assert table["gold_positive"].tolist() == [22, 8, 65]
