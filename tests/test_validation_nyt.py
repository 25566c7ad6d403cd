"""The stored NYT coding reads with its texts from the shared folder (development part only; the test
part is kept for the final report of a revised lexicon and is not scored here)."""

import pytest

import framing
from conftest import SHARED

NYT = SHARED / "validation" / "vader_nyt"
pytestmark = pytest.mark.skipif(not (NYT / "nytEditorialSnippets_GroundTruth.txt").is_file(),
                                reason=f"the VADER NYT ratings are not in {NYT} (shared folder absent)")


def test_development_part_loads_with_texts_weights_and_two_coders_per_unit():
    data = framing.load_nyt_validation(NYT)
    assert set(data.units["part"]) == {"development"}
    assert len(data.units) == len(data.gold) == 491 and len(data.codes) == 2 * 491
    assert data.units["text"].str.len().min() > 0
    assert set(data.units["unit_id"]) == set(data.gold["unit_id"]) == set(data.codes["unit_id"])
    assert (data.weights > 0).all() and data.articles.columns.tolist() == ["id", "text", "language"]
    assert set(data.articles["language"]) == {"en"}
    alpha = framing.agreement(data.codes, pairs=False).set_index("frame")["alpha"]
    assert alpha.between(0.67, 1).all()


def test_a_missing_shared_folder_is_a_clear_error(tmp_path):
    with pytest.raises(framing.CodingError, match="the VADER NYT ratings file is not there"):
        framing.load_nyt_validation(tmp_path)
    with pytest.raises(framing.CodingError, match="part='train' is unknown"):
        framing.load_nyt_validation(NYT, part="train")
