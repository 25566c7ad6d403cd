"""``framing validate`` and ``framing lexicon suggest`` on the bundled example coding and on bad sheets."""

import pandas as pd

from conftest import REPO, SHARED
from framing.cli import main

EXAMPLE = REPO / "data" / "validation" / "example"
SHEETS = [str(EXAMPLE / "coder_ana.csv"), str(EXAMPLE / "coder_ben.csv")]
SAMPLE = str(EXAMPLE / "sheet.sample.csv")


def test_validate_prints_the_score_table_of_the_example(capsys):
    assert main(["validate", *SHEETS, "--sample", SAMPLE, "--n-boot", "200"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["frame", "units", "tp", "fp", "fn", "tn", "precision", "recall", "F1"]
    # gold = the two coders' majority; units where they split are left out of that frame (36 - 5, 36 - 4)
    # counts of the bundled lexicon 2.2 on the example (2.0 had security 6 tp, 5 fn: 2.2's "energy
    # independence" finds the unit on making energy independence a condition of EU integration)
    assert lines[1].startswith("cooperation    31  10   1   5  15  0.91 [0.71, 1.00]")
    assert lines[2].startswith("balance        32   6   1   3  22")
    assert lines[3].startswith("security       32   7   1   4  20")
    assert "36 units" in out and "weighted by the sample's weights" in out
    assert "coders' agreement: cooperation alpha 0.73, balance alpha 0.74, security alpha 0.76" in out


def test_validate_diagnostics_and_output_file(tmp_path, capsys):
    out_file = tmp_path / "scores.csv"
    assert main(["validate", *SHEETS, "--n-boot", "100", "--diagnostics", "-o", str(out_file)]) == 0
    out = capsys.readouterr().out
    assert "false negatives:" in out and "false positives:" in out and "both sides" in out
    scores = pd.read_csv(out_file)
    assert scores["tp"].tolist() == [10, 6, 7] and not scores["weighted"].any()


def test_suggest_lists_candidates_and_never_touches_the_lexicon(capsys):
    assert main(["lexicon", "suggest", "--frame", "cooperation", *SHEETS, "--min-count", "2", "--top", "5"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].split()[:3] == ["term", "n_words", "count_pos"]
    assert "none is added to the lexicon" in captured.err


def test_a_bad_sheet_ends_with_one_clear_line(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    table = pd.read_csv(SHEETS[1], dtype=str, keep_default_na=False)
    table.loc[4, "security"] = "maybe"
    table.to_csv(bad, index=False)
    assert main(["validate", SHEETS[0], str(bad)]) == 2
    assert capsys.readouterr().err == (f"framing validate: error: {bad}: row 5, column 'security': 'maybe' is not a code; "
                                       "write 1 (the unit evokes the frame) or 0 (it does not)\n")


def test_a_split_sample_needs_a_part(capsys):
    sample = REPO / "data" / "validation" / "nyt_sample.csv"
    code = main(["validate", str(REPO / "data" / "validation" / "nyt_codes.csv"), "--sample", str(sample),
                 "--texts", str(SHARED / "validation" / "vader_nyt" / "nytEditorialSnippets_GroundTruth.txt")])
    assert code == 2
    assert "the sample is split into parts; choose one with --part" in capsys.readouterr().err
