"""``framing keyness | kwic | sensitivity | actors`` read articles and print or write their tables."""

import pandas as pd
import pytest

from framing.cli import main


@pytest.fixture
def articles_csv(tmp_path):
    rows = []
    for i in range(6):
        rows.append({"id": f"a{i}", "outlet": "Alpha",
                     "text": f"Energy security first. Security threats grow {'and grow ' * i}. Gas talks."})
        rows.append({"id": f"b{i}", "outlet": "Beta",
                     "text": f"A strategic partnership. Friendly talks {'and talks ' * i}. Gas deal."})
    path = tmp_path / "articles.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_keyness_prints_the_top_terms_of_each_side(articles_csv, capsys):
    assert main(["keyness", str(articles_csv), "--by", "outlet", "--a", "Alpha", "--top", "2"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert lines[0].split() == ["term", "count_a", "count_b", "rate_a", "rate_b", "log_odds", "z"]
    assert len(lines) == 1 + 4
    assert lines[1].split()[0] == "grow" and lines[-1].split()[0] == "talks"  # only in Alpha / most in Beta
    assert "Alpha" in captured.err and "all other groups" in captured.err


def test_keyness_writes_every_term_with_o(articles_csv, tmp_path):
    out = tmp_path / "keyness.csv"
    assert main(["keyness", str(articles_csv), "--by", "outlet", "--a", "Alpha", "--b", "Beta", "--min-count", "1",
                 "--prior-scale", "1", "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert {"energy", "security", "partnership", "gas"} <= set(table["term"])
    assert table["z"].is_monotonic_decreasing
    gas = table.set_index("term").loc["gas"]
    assert (gas["count_a"], gas["count_b"], gas["log_odds"]) == (6, 6, pytest.approx(0.0, abs=0.05))


def test_keyness_of_frame_entries(articles_csv, tmp_path):
    out = tmp_path / "entries.jsonl"
    assert main(["keyness", str(articles_csv), "--by", "outlet", "--a", "Alpha", "--frame", "security",
                 "-o", str(out)]) == 0
    table = pd.read_json(out, lines=True)
    assert set(table["frame"]) == {"security"}
    assert table.set_index("term").loc["energy security", ["count_a", "count_b"]].tolist() == [6, 0]


def test_keyness_unknown_group_is_an_error(articles_csv, capsys):
    assert main(["keyness", str(articles_csv), "--by", "outlet", "--a", "Gamma"]) == 2
    assert "no group 'Gamma' in column 'outlet'; groups are: Alpha, Beta" in capsys.readouterr().err


def test_kwic_prints_concordance_lines(articles_csv, capsys):
    assert main(["kwic", str(articles_csv), "--frame", "security", "--term", "threat*", "--window", "2",
                 "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "a0  first. Security [threats] grow . Gas"
    assert lines[-1] == "… 4 more of 6 rows"


def test_kwic_pattern_to_file_and_missing_target(articles_csv, tmp_path, capsys):
    out = tmp_path / "kwic.csv"
    assert main(["kwic", str(articles_csv), "--pattern", "gas deal", "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert len(table) == 6 and set(table["match"]) == {"Gas deal"} and set(table["outlet"]) == {"Beta"}
    assert main(["kwic", str(articles_csv)]) == 2
    assert "--frame F, --term T" in capsys.readouterr().err


def test_sensitivity_and_actors_write_tables(articles_csv, tmp_path, capsys):
    out = tmp_path / "loo.csv"
    assert main(["sensitivity", str(articles_csv), "--by", "outlet", "--frame", "security", "--n-boot", "100",
                 "--n-perm", "100", "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert table["entry"].iloc[0] == "(none)" and "significance_changes" in table.columns
    assert "entries of 'security' with hits" in capsys.readouterr().err
    actors = tmp_path / "actors.csv"
    assert main(["actors", str(articles_csv), "-o", str(actors)]) == 0
    assert list(pd.read_csv(actors).columns) == ["actor", "kind", "frame", "n_sentences", "n_actor_sentences",
                                                 "share", "tone"]
