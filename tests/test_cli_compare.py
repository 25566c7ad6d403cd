"""``framing compare SCORES --by …`` reads a score table and prints or writes the compare/contrast table."""

import numpy as np
import pandas as pd
import pytest

from framing.cli import main
from framing.load.scores import load_scores
from framing.errors import FramingError


@pytest.fixture
def scores_csv(tmp_path):
    rng = np.random.default_rng(0)
    n = 20
    table = pd.DataFrame({"id": [f"{i:03d}" for i in range(2 * n)], "outlet": ["A"] * n + ["B"] * n,
                          "date": pd.date_range("2024-01-01", periods=2 * n, freq="D"),
                          "security_per_1k": np.r_[rng.normal(8, 1, n), rng.normal(2, 1, n)],
                          "security_share": rng.uniform(0, 1, 2 * n), "security_tone": rng.uniform(-1, 1, 2 * n),
                          "sentiment": rng.uniform(-1, 1, 2 * n)})
    path = tmp_path / "scores.csv"
    table.to_csv(path, index=False)
    return path


def test_compare_prints_the_table(scores_csv, capsys):
    assert main(["compare", str(scores_csv), "--by", "outlet", "--n-boot", "200"]) == 0
    out = capsys.readouterr().out
    assert "security_per_1k" in out and "ci_low" in out and "bca" in out
    assert len(out.strip().splitlines()) == 1 + 2 * 4


def test_compare_writes_with_o(scores_csv, tmp_path):
    out = tmp_path / "compare.csv"
    assert main(["compare", str(scores_csv), "--by", "outlet", "--measures", "sentiment", "--n-boot", "100",
                 "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["outlet", "measure", "n", "mean", "ci_low", "ci_high", "method"]
    assert table["outlet"].tolist() == ["A", "B"]


def test_contrast_with_a_and_b(scores_csv, tmp_path):
    out = tmp_path / "contrast.jsonl"
    assert main(["compare", str(scores_csv), "--by", "outlet", "--a", "A", "--b", "B", "--measures",
                 "security_per_1k", "--n-boot", "200", "--n-perm", "200", "--seed", "1", "-o", str(out)]) == 0
    row = pd.read_json(out, lines=True).iloc[0]
    assert (row["group_a"], row["group_b"]) == ("A", "B")
    assert row["diff"] > 0 and row["p_value"] == pytest.approx(1 / 201) and row["significant"]


def test_contrast_flag_prints_every_pair(scores_csv, capsys):
    assert main(["compare", str(scores_csv), "--by", "outlet", "--contrast", "--n-boot", "100", "--n-perm", "100"]) == 0
    out = capsys.readouterr().out
    assert "p_holm" in out and "cliffs_delta" in out


def test_bad_by_is_a_clear_error(scores_csv, capsys):
    assert main(["compare", str(scores_csv), "--by", "outlt"]) == 2
    err = capsys.readouterr().err
    assert "framing compare: error:" in err and "'outlt'" in err and "outlet" in err


def test_missing_file_and_bad_extension(tmp_path, capsys):
    assert main(["compare", str(tmp_path / "nope.csv"), "--by", "outlet"]) == 2
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(FramingError, match="extension"):
        load_scores(tmp_path / "scores.xlsx")


def test_read_scores_parses_dates_in_every_format(scores_csv, tmp_path):
    table = load_scores(scores_csv)
    assert pd.api.types.is_datetime64_any_dtype(table["date"]) and table["id"].iloc[0] == "000"
    table.to_parquet(tmp_path / "scores.parquet")
    table.to_json(tmp_path / "scores.jsonl", orient="records", lines=True, date_format="iso")
    for name in ("scores.parquet", "scores.jsonl"):
        again = load_scores(tmp_path / name)
        assert pd.api.types.is_datetime64_any_dtype(again["date"]) and len(again) == 40
        assert again["id"].iloc[0] == "000"
