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


def test_coder_agreement_as_documented():
    table = framing.agreement(framing.load_nyt_validation(NYT, part="all").codes).round(3)
    overall = table[table["coders"] == "all"].set_index("frame")["alpha"].to_dict()
    assert overall == {"cooperation": 0.899, "balance": 0.874, "security": 0.921}


def test_lexicon_2_on_the_held_out_test_part_as_documented():
    table = scores("test")
    assert table.loc["cooperation", ["precision", "recall", "f1", "f1_low", "f1_high"]].tolist() == [0.72, 0.31, 0.44, 0.11, 0.73]
    assert table.loc["balance", ["precision", "recall", "f1", "f1_low", "f1_high"]].tolist() == [0.22, 0.07, 0.11, 0.0, 0.33]
    assert table.loc["security", ["precision", "recall", "f1", "f1_low", "f1_high"]].tolist() == [0.64, 0.65, 0.64, 0.48, 0.78]
    assert table["gold_positive"].tolist() == [33, 17, 99]


def test_the_bundled_lexicon_declares_these_figures():
    declared = framing.load_lexicon().validation
    table = scores("test")
    assert {frame: round(value, 2) for frame, value in declared["f1"].items()} == table["f1"].to_dict()
