"""Plots of the analysis tables. Each function takes a tidy table and returns a matplotlib ``Figure``.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot, no global rcParams, never shown),
so they display in Jupyter and save with ``fig.savefig("profile.png")``. Groups differ by marker,
line style or hatch as well as colour, so every plot reads in grayscale.

>>> from framing import plots
>>> fig = plots.frame_profile(framing.compare(scores, by="outlet"))   # doctest: +SKIP
>>> fig.savefig("frame_profile.png", dpi=150)                         # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from framing.checks import require_columns, require_whole
from framing.columns import COMPARE_COLUMNS, group_label, resolve_by, split_groups, split_measure
from framing.errors import AnalysisError

# Okabe–Ito colours (colour-blind safe), always paired with a marker / line style / hatch.
COLORS = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
LINESTYLES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1)), (0, (1, 3)), (0, (8, 2)))
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")
KIND_ORDER = ("per_1k", "per_1k_pooled", "share", "tone", "sentiment", "hits")
UNITS = {
    "per_1k": "hits per 1,000 tokens",
    "per_1k_pooled": "hits per 1,000 tokens (pooled)",
    "share": "share of sentences evoking the frame (0–1)",
    "tone": "tone of frame sentences (VADER compound, −1 to 1)",
    "sentiment": "article tone (mean sentence VADER compound, −1 to 1)",
    "hits": "weighted lexicon hits",
}
KIND_TITLES = {
    "per_1k": "Frequency", "per_1k_pooled": "Frequency (pooled)", "share": "Prevalence",
    "tone": "Tone of frame sentences", "sentiment": "Article tone", "hits": "Hits",
}


def axis_label(measure: str) -> str:
    """Axis label with units for a measure or a kind.

    >>> axis_label("security_per_1k")
    'hits per 1,000 tokens'
    """
    kind = measure if measure in UNITS else split_measure(measure)[1]
    return UNITS.get(kind, measure)


def style(i: int) -> dict:
    """Colour, marker and line style of the i-th series (cycled)."""
    return {"color": COLORS[i % len(COLORS)], "marker": MARKERS[i % len(MARKERS)],
            "linestyle": LINESTYLES[i % len(LINESTYLES)]}


def frame_profile(compare_table: pd.DataFrame, kinds: Sequence[str] | None = None, title: str | None = None) -> Figure:
    """Groups × frames: each group's mean as a point with its confidence interval as a bar.

    One panel per kind of measure in the table (per 1,000 tokens, share of sentences, tone, …), or
    the ``kinds`` asked for; frames along the x axis, groups side by side with distinct markers.

    >>> fig = frame_profile(compare(scores, by="outlet"))  # doctest: +SKIP
    """
    _require(compare_table, ("measure", "mean", "ci_low", "ci_high"), "frame_profile", "framing.compare()")
    by = _group_columns(compare_table, COMPARE_COLUMNS)
    table = compare_table.assign(
        _group=_labels(compare_table, by), _frame=compare_table["measure"].map(lambda m: split_measure(m)[0]),
        _kind=compare_table["measure"].map(lambda m: split_measure(m)[1]),
    )
    table["_frame"] = table["_frame"].fillna(table["measure"])
    kinds = _kinds(table["_kind"], kinds, "frame_profile")
    groups = list(dict.fromkeys(table["_group"]))
    fig = _figure(4.4 * len(kinds) + 0.6, 4.4)
    axes = fig.subplots(1, len(kinds), squeeze=False)[0]
    width = 0.7 / max(len(groups), 1)
    for ax, kind in zip(axes, kinds):
        panel = table[table["_kind"] == kind]
        frames = list(dict.fromkeys(panel["_frame"]))
        for g, group in enumerate(groups):
            rows = panel[panel["_group"] == group].set_index("_frame").reindex(frames)
            x = np.arange(len(frames)) + (g - (len(groups) - 1) / 2) * width
            mean = rows["mean"].to_numpy(float)
            yerr = np.vstack([mean - rows["ci_low"].to_numpy(float), rows["ci_high"].to_numpy(float) - mean])
            s = style(g)
            ax.errorbar(x, mean, yerr=np.clip(yerr, 0, None), fmt=s["marker"], color=s["color"], capsize=3,
                        markersize=6, markerfacecolor="white" if g % 2 else s["color"], label=group)
        ax.set_xticks(np.arange(len(frames)), frames)
        ax.set_xlim(-0.6, len(frames) - 0.4)
        ax.set_ylabel(axis_label(kind))
        ax.set_xlabel("frame" if kind != "sentiment" else "")
        ax.set_title(KIND_TITLES.get(kind, kind))
        ax.grid(axis="y", color="0.85", linewidth=0.6)
    _outside_legend(fig, axes[0], " / ".join(by) or None)
    fig.suptitle(title or f"Frame profile by {_by_text(by)}: mean with {_ci_text(compare_table)} bootstrap interval")
    return fig


def contrast_forest(contrast_table: pd.DataFrame, title: str | None = None) -> Figure:
    """Forest plot of group differences (a − b) with their intervals, one panel per kind of measure.

    Filled markers: Holm-adjusted p below the significance level; open markers: not significant.

    >>> fig = contrast_forest(contrast(scores, by="outlet"))  # doctest: +SKIP
    """
    _require(contrast_table, ("group_a", "group_b", "measure", "diff", "ci_low", "ci_high"),
             "contrast_forest", "framing.contrast()")
    table = contrast_table.assign(_kind=contrast_table["measure"].map(lambda m: split_measure(m)[1]))
    kinds = _kinds(table["_kind"], None, "contrast_forest")
    counts = [int((table["_kind"] == kind).sum()) for kind in kinds]
    fig = _figure(7.5, 1.2 + 0.32 * sum(counts) + 0.7 * len(kinds))
    axes = fig.subplots(len(kinds), 1, squeeze=False, gridspec_kw={"height_ratios": counts})[:, 0]
    significant = table["significant"].astype(bool) if "significant" in table else pd.Series(False, table.index)
    for ax, kind in zip(axes, kinds):
        panel = table[table["_kind"] == kind]
        y = np.arange(len(panel))[::-1]
        for yi, (index, row) in zip(y, panel.iterrows()):
            filled = bool(significant.loc[index])
            ax.plot([row["ci_low"], row["ci_high"]], [yi, yi], color="black", linewidth=1.4)
            ax.plot([row["diff"]], [yi], marker="o", markersize=7, color="black",
                    markerfacecolor="black" if filled else "white", linestyle="none")
        frame_names = panel["measure"].map(lambda m: split_measure(m)[0] or m)
        ax.set_yticks(y, [f"{f}: {a} − {b}" for f, a, b in zip(frame_names, panel["group_a"], panel["group_b"])])
        ax.axvline(0, color="0.4", linestyle="--", linewidth=1)
        ax.set_xlabel(f"difference a − b ({axis_label(kind)})")
        ax.set_title(KIND_TITLES.get(kind, kind), loc="left", fontsize="medium")
        ax.set_ylim(-0.7, len(panel) - 0.3)
        ax.grid(axis="x", color="0.85", linewidth=0.6)
    handles = [Line2D([], [], marker="o", color="black", linestyle="none", label="Holm-adjusted p < α"),
               Line2D([], [], marker="o", color="black", markerfacecolor="white", linestyle="none",
                      label="not significant")]
    axes[0].legend(handles=handles, fontsize="small", frameon=False, loc="best")
    by = contrast_table.attrs.get("by")
    compared = _by_text(by) if by else "group"
    fig.suptitle(title or f"Differences between {compared} groups (a − b) with {_ci_text(contrast_table)} "
                          "bootstrap intervals")
    return fig


def keyness_plot(keyness_table: pd.DataFrame, top_k: int = 15, label_a: str | None = None,
                 label_b: str | None = None, title: str | None = None) -> Figure:
    """The ``top_k`` most distinctive terms of each side as horizontal bars of their z-scores.

    Bars right of zero (solid): terms more frequent in A; left (hatched): more frequent in B. Each bar
    is annotated with the raw counts (A:B).

    >>> fig = keyness_plot(keyness(articles, by="outlet", a="RT"), top_k=10)  # doctest: +SKIP
    """
    _require(keyness_table, ("term", "z", "count_a", "count_b"), "keyness_plot", "framing.keyness()")
    require_whole(top_k, "top_k", "keyness_plot", minimum=1)
    label_a = label_a or str(keyness_table.attrs.get("a") or "A")
    label_b = label_b or str(keyness_table.attrs.get("b") or ("all others" if "a" in keyness_table.attrs else "B"))
    z = pd.to_numeric(keyness_table["z"], errors="coerce")
    side_a = keyness_table[z > 0].assign(_z=z).nlargest(top_k, "_z")
    side_b = keyness_table[z < 0].assign(_z=z).nsmallest(top_k, "_z")
    if side_a.empty and side_b.empty:
        raise AnalysisError("keyness_plot: no term has a non-zero z-score; nothing distinguishes the groups")
    rows = pd.concat([side_a, side_b.iloc[::-1]])
    fig = _figure(7.5, 1.4 + 0.26 * len(rows))
    ax = fig.subplots()
    y = np.arange(len(rows))[::-1]
    is_a = (rows["_z"] > 0).to_numpy()
    ax.barh(y[is_a], rows["_z"][is_a], color="0.3", edgecolor="black", label=f"more in {label_a}")
    ax.barh(y[~is_a], rows["_z"][~is_a], color="white", edgecolor="black", hatch="//", label=f"more in {label_b}")
    span = float(rows["_z"].abs().max())
    for yi, (_, row) in zip(y, rows.iterrows()):
        offset = 0.02 * span if row["_z"] > 0 else -0.02 * span
        ax.text(row["_z"] + offset, yi, f"{int(row['count_a'])}:{int(row['count_b'])}", va="center",
                ha="left" if row["_z"] > 0 else "right", fontsize="x-small")
    ax.set_yticks(y, rows["term"].astype(str))
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-1.25 * span if (~is_a).any() else -0.05 * span, 1.25 * span if is_a.any() else 0.05 * span)
    ax.set_xlabel(f"z-score of log-odds ratio, informative Dirichlet prior (> 0: more in {label_a})")
    ax.legend(fontsize="small", frameon=False, loc="lower right")
    fig.suptitle(title or f"Distinctive terms: {label_a} vs {label_b} (counts {label_a}:{label_b})")
    return fig


def actor_heatmap(actor_table: pd.DataFrame, value: str | None = None, title: str | None = None) -> Figure:
    """Actors × frames heatmap of ``value`` (default: ``share``, else ``n_sentences``), cells annotated.

    >>> fig = actor_heatmap(actor_frames(articles), value="n_sentences")  # doctest: +SKIP
    """
    _require(actor_table, ("actor", "frame"), "actor_heatmap", "framing.actor_frames()")
    numeric = [c for c in actor_table.columns if c not in ("actor", "frame")
               and pd.api.types.is_numeric_dtype(actor_table[c]) and not pd.api.types.is_bool_dtype(actor_table[c])]
    if value is None:
        value = next((c for c in ("share", "n_sentences") if c in numeric), numeric[0] if numeric else None)
    if value not in numeric:
        raise AnalysisError(f"actor_heatmap: value={value!r} is not a numeric column of the actor table; "
                            f"numeric columns are: {', '.join(numeric) or '(none)'}")
    if actor_table.duplicated(["actor", "frame"]).any():
        raise AnalysisError("actor_heatmap: the table has several rows per actor and frame (e.g. one per "
                            "group); filter it to one group first, e.g. table[table.outlet == 'X']")
    grid = actor_table.pivot(index="actor", columns="frame", values=value)
    grid = grid.reindex(index=list(dict.fromkeys(actor_table["actor"])), columns=list(dict.fromkeys(actor_table["frame"])))
    data = grid.to_numpy(float)
    fig = _figure(max(6.5, 2.2 + 1.3 * grid.shape[1]), 1.6 + 0.42 * grid.shape[0])
    ax = fig.subplots()
    image = ax.imshow(np.ma.masked_invalid(data), cmap="Greys", aspect="auto")
    low, high = np.nanmin(data) if np.isfinite(data).any() else 0, np.nanmax(data) if np.isfinite(data).any() else 1
    integral = np.all(np.isnan(data) | (data == np.round(data)))
    for (i, j), cell in np.ndenumerate(data):
        text = "–" if np.isnan(cell) else f"{cell:.0f}" if integral else f"{cell:.2f}"
        dark = high > low and not np.isnan(cell) and (cell - low) / (high - low) > 0.55
        ax.text(j, i, text, ha="center", va="center", fontsize="small", color="white" if dark else "black")
    ax.set_xticks(np.arange(grid.shape[1]), grid.columns.astype(str))
    row_labels = grid.index.astype(str)
    if "n_actor_sentences" in actor_table.columns:  # how many sentences each row rests on
        n = actor_table.groupby("actor", sort=False)["n_actor_sentences"].max()
        row_labels = [f"{actor} (n={int(n[actor])})" for actor in grid.index]
    ax.set_yticks(np.arange(grid.shape[0]), row_labels)
    ax.set_xlabel("frame")
    ax.set_ylabel("actor")
    label = {"share": "share of sentences (0–1)", "n_sentences": "sentences (count)"}.get(value, axis_label(value))
    fig.colorbar(image, ax=ax, label=label)
    described = {"share": "share of each actor's sentences that evoke each frame",
                 "n_sentences": "sentences naming the actor and evoking the frame"}.get(value, value)
    fig.suptitle(title or f"Actors × frames: {described}")
    return fig


def over_time_plot(over_time_table: pd.DataFrame, measures: Sequence[str] | None = None,
                   title: str | None = None) -> Figure:
    """Measures over time, one panel per measure, one line per group (distinct marker and line style).

    Measures default to the pooled rates (``<frame>_per_1k_pooled``) if present, else every
    ``_per_1k`` measure, else all measures in the table. Empty periods leave gaps.

    >>> fig = over_time_plot(over_time(scores, freq="W", by="outlet"))  # doctest: +SKIP
    """
    _require(over_time_table, ("period", "measure", "value"), "over_time_plot", "framing.over_time()")
    present = list(dict.fromkeys(over_time_table["measure"]))
    if measures is None:
        measures = ([m for m in present if m.endswith("_per_1k_pooled")]
                    or [m for m in present if m.endswith("_per_1k")] or present)
    else:
        measures = [measures] if isinstance(measures, str) else list(measures)
        unknown = [m for m in measures if m not in present]
        if unknown:
            raise AnalysisError(f"over_time_plot: no measure {unknown[0]!r} in the table; it has: {', '.join(present)}")
    by = _group_columns(over_time_table, ("period", "measure", "n", "value"))
    table = over_time_table.assign(_group=_labels(over_time_table, by) if by else "all articles")
    groups = list(dict.fromkeys(table["_group"]))
    fig = _figure(8, 0.8 + 2.4 * len(measures))
    axes = fig.subplots(len(measures), 1, sharex=True, squeeze=False)[:, 0]
    for ax, measure in zip(axes, measures):
        panel = table[table["measure"] == measure]
        for g, group in enumerate(groups):
            rows = panel[panel["_group"] == group].sort_values("period")
            s = style(g)
            ax.plot(rows["period"], rows["value"], color=s["color"], marker=s["marker"], linestyle=s["linestyle"],
                    markersize=4, label=group)
        frame, kind = split_measure(measure)
        ax.set_title(frame or measure, loc="left", fontsize="medium")
        ax.set_ylabel(axis_label(kind), fontsize="small")
        ax.grid(color="0.88", linewidth=0.6)
    if by:
        _outside_legend(fig, axes[0], " / ".join(by))
    locator = mdates.AutoDateLocator()
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    freq = over_time_table.attrs.get("freq")
    axes[-1].set_xlabel(f"start of period ({freq})" if freq else "start of period")
    fig.suptitle(title or (f"Frames over time by {_by_text(by)}" if by else "Frames over time"))
    return fig


def tone_distribution(scores: pd.DataFrame, by: str | Sequence[str], measure: str = "sentiment",
                      title: str | None = None) -> Figure:
    """Distribution of article tone (``sentiment``) per group: box plot with every article as a point.

    >>> fig = tone_distribution(scores, by="outlet")  # doctest: +SKIP
    """
    by = resolve_by(scores, by, "tone_distribution")
    if measure not in scores.columns:
        raise AnalysisError(f"tone_distribution: no column {measure!r} in the score table; "
                            f"columns are: {', '.join(map(str, scores.columns))}")
    groups = split_groups(scores, by, "tone_distribution")
    values = [pd.to_numeric(rows[measure], errors="coerce").to_numpy(float) for _, _, rows in groups]
    values = [v[np.isfinite(v)] for v in values]
    labels = [f"{label}\n(n={v.size})" for (_, label, _), v in zip(groups, values)]
    fig = _figure(1.8 + 1.1 * len(groups), 4.6)
    ax = fig.subplots()
    positions = np.arange(1, len(groups) + 1)
    boxes = ax.boxplot([v if v.size else [np.nan] for v in values], positions=positions, widths=0.55,
                       patch_artist=True, showfliers=False, medianprops={"color": "black", "linewidth": 1.6})
    for i, box in enumerate(boxes["boxes"]):
        box.set(facecolor="white", edgecolor="black", hatch=HATCHES[i % len(HATCHES)])
    jitter = np.random.default_rng(0)  # fixed, local: the same figure every time
    for position, v, i in zip(positions, values, range(len(values))):
        ax.plot(position + jitter.uniform(-0.18, 0.18, v.size), v, linestyle="none", marker=MARKERS[i % len(MARKERS)],
                markersize=3.5, color=COLORS[i % len(COLORS)], alpha=0.6)
    ax.axhline(0, color="0.5", linestyle=":", linewidth=1)
    ax.set_xticks(positions, labels)
    ax.set_xlabel(" / ".join(by))
    ax.set_ylabel(axis_label(measure))
    fig.suptitle(title or f"Distribution of {'article tone' if measure == 'sentiment' else measure} by {_by_text(by)}")
    return fig


# --- helpers ------------------------------------------------------------------------------------

def _outside_legend(fig: Figure, ax, title: str | None) -> None:
    """One legend right of the panels, in columns of at most 14 entries, so it never covers data."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, title=title, fontsize="small", frameon=False, loc="outside right center",
                   ncols=1 + (len(labels) - 1) // 14)


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _require(table: pd.DataFrame, columns: Sequence[str], caller: str, source: str) -> None:
    require_columns(table, columns, caller, source)
    if table.empty:
        raise AnalysisError(f"{caller}: the table is empty; nothing to plot")


def _group_columns(table: pd.DataFrame, known: Sequence[str]) -> list[str]:
    by = table.attrs.get("by")
    if by and all(c in table.columns for c in by):
        return list(by)
    return [c for c in table.columns if c not in known and not str(c).startswith("_")]


def _labels(table: pd.DataFrame, by: Sequence[str]) -> list[str]:
    if not by:
        return ["all articles"] * len(table)
    return [group_label(key) for key in table[list(by)].itertuples(index=False, name=None)]


def _kinds(column: pd.Series, wanted, caller: str) -> list[str]:
    present = list(dict.fromkeys(column))
    if wanted is None:
        return sorted(present, key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER))
    wanted = [wanted] if isinstance(wanted, str) else list(wanted)
    unknown = [k for k in wanted if k not in present]
    if unknown:
        raise AnalysisError(f"{caller}: no measures of kind {unknown[0]!r} in the table; kinds present: {', '.join(present)}")
    return wanted


def _by_text(by) -> str:
    return " and ".join(by) if by else "group"


def _ci_text(table: pd.DataFrame) -> str:
    ci = table.attrs.get("ci")
    return f"{ci:.0%}" if isinstance(ci, (int, float)) else "a"
