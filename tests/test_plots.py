"""Every plot returns a Figure with the expected axes, labels and title, and saves to PNG."""

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from framing import plots
from framing.analysis.compare import compare
from framing.analysis.contrast import contrast
from framing.errors import AnalysisError
from framing.analysis.over_time import over_time

FRAMES = ("cooperation", "balance", "security")
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 36
    table = pd.DataFrame({"id": [str(i) for i in range(n)], "outlet": np.repeat(["Alpha", "Beta", "Gamma"], 12),
                          "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(n) * 2, "D"),
                          "n_tokens": rng.integers(100, 300, n)})
    for frame in FRAMES:
        table[f"{frame}_hits"] = rng.poisson(2, n).astype(float)
        table[f"{frame}_per_1k"] = 1000 * table[f"{frame}_hits"] / table["n_tokens"]
        table[f"{frame}_share"] = rng.uniform(0, 0.5, n)
        table[f"{frame}_tone"] = np.where(table[f"{frame}_hits"] > 0, rng.uniform(-1, 1, n), np.nan)
    table["sentiment"] = rng.uniform(-1, 1, n)
    return table


def titles(fig: Figure) -> str:
    return fig._suptitle.get_text() if fig._suptitle else ""


def saves(fig: Figure, tmp_path) -> bool:
    path = tmp_path / "figure.png"
    fig.savefig(path)
    return path.read_bytes().startswith(PNG)


def test_frame_profile(scores, tmp_path):
    table = compare(scores, "outlet", n_boot=200)
    fig = plots.frame_profile(table)
    assert isinstance(fig, Figure) and len(fig.axes) == 4
    assert titles(fig) == "Frame profile by outlet: mean with 95% bootstrap interval"
    assert fig.axes[0].get_ylabel() == "hits per 1,000 tokens"
    assert "share of sentences" in fig.axes[1].get_ylabel()
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == list(FRAMES)
    # one legend outside the panels, so it never covers data (also with many groups)
    assert fig.axes[0].get_legend() is None and len(fig.legends) == 1
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Alpha", "Beta", "Gamma"]
    assert saves(fig, tmp_path)
    single = plots.frame_profile(table, kinds="share")
    assert len(single.axes) == 1 and single.axes[0].get_title() == "Prevalence"


def test_contrast_forest(scores, tmp_path):
    table = contrast(scores, "outlet", measures=["security_per_1k", "balance_per_1k", "sentiment"],
                     n_boot=100, n_perm=100)
    fig = plots.contrast_forest(table)
    assert len(fig.axes) == 2
    assert titles(fig).startswith("Differences between outlet groups (a − b)")
    assert fig.axes[0].get_xlabel() == "difference a − b (hits per 1,000 tokens)"
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == 6 and "security: Alpha − Beta" in labels
    assert saves(fig, tmp_path)


def test_keyness_plot(tmp_path):
    table = pd.DataFrame({"term": [f"w{i}" for i in range(30)], "z": np.linspace(-4, 5, 30),
                          "count_a": np.arange(30), "count_b": np.arange(30)[::-1]})
    fig = plots.keyness_plot(table, top_k=5, label_a="RT", label_b="BBC")
    ax = fig.axes[0]
    assert len(fig.axes) == 1 and len(ax.patches) == 10
    terms = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())))
    assert terms[max(terms)] == "w29" and terms[min(terms)] == "w0"  # strongest A term on top, B at bottom
    assert titles(fig) == "Distinctive terms: RT vs BBC (counts RT:BBC)"
    assert "z-score" in ax.get_xlabel()
    assert saves(fig, tmp_path)
    with pytest.raises(AnalysisError, match="'count_b'"):
        plots.keyness_plot(table.drop(columns="count_b"))


def test_actor_heatmap(tmp_path):
    table = pd.DataFrame([(actor, frame, i + j, (i + j) / 10) for i, actor in enumerate(["Russia", "Serbia", "EU"])
                          for j, frame in enumerate(FRAMES)], columns=["actor", "frame", "n_sentences", "share"])
    fig = plots.actor_heatmap(table, value="n_sentences")
    assert len(fig.axes) == 2  # heatmap and colour bar
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Russia", "Serbia", "EU"]
    assert [t.get_text() for t in ax.texts][:3] == ["0", "1", "2"]
    assert ax.get_xlabel() == "frame" and ax.get_ylabel() == "actor"
    assert "Actors × frames" in titles(fig)
    assert "share" in titles(plots.actor_heatmap(table))
    assert saves(fig, tmp_path)
    with pytest.raises(AnalysisError, match="several rows per actor"):
        plots.actor_heatmap(pd.concat([table, table]))


def test_over_time_plot(scores, tmp_path):
    table = over_time(scores, freq="W", by="outlet")
    fig = plots.over_time_plot(table)
    assert len(fig.axes) == 3  # one per frame's pooled rate
    assert [ax.get_title(loc="left") for ax in fig.axes] == list(FRAMES)
    assert fig.axes[0].get_ylabel() == "hits per 1,000 tokens (pooled)"
    assert fig.axes[-1].get_xlabel() == "start of period (W)"
    assert titles(fig) == "Frames over time by outlet"
    assert len(fig.axes[0].get_lines()) == 3
    assert saves(fig, tmp_path)
    assert len(plots.over_time_plot(table, measures=["sentiment"]).axes) == 1


def test_tone_distribution(scores, tmp_path):
    fig = plots.tone_distribution(scores, "outlet")
    ax = fig.axes[0]
    assert len(fig.axes) == 1
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Alpha\n(n=12)", "Beta\n(n=12)", "Gamma\n(n=12)"]
    assert "VADER compound" in ax.get_ylabel()
    assert titles(fig) == "Distribution of article tone by outlet"
    assert saves(fig, tmp_path)
    with pytest.raises(AnalysisError, match="'outlt'"):
        plots.tone_distribution(scores, "outlt")


def test_plots_leave_global_state_alone(scores):
    before = dict(matplotlib.rcParams)
    plots.frame_profile(compare(scores, "outlet", measures=["security_per_1k"], n_boot=50))
    plots.tone_distribution(scores, "outlet")
    assert dict(matplotlib.rcParams) == before


def test_plots_reject_the_wrong_table(scores):
    with pytest.raises(AnalysisError, match="framing.compare"):
        plots.frame_profile(scores)
    with pytest.raises(AnalysisError, match="framing.contrast"):
        plots.contrast_forest(scores)
