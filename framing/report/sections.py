"""The sections of a report, each built from the one Analysis of the set (see :mod:`framing.report.build`).

Each builder takes the :class:`~framing.report.build.Report` and the report's context (the set, its
analysis and scores, the parameters), adds HTML, tables and figures, and raises
:class:`framing.FramingError` when its section has no data (the report then says so and goes on).
"""

from __future__ import annotations

import hashlib
import html

import pandas as pd

from framing import plots
from framing.analysis.actors import actor_frames
from framing.analysis.compare import compare
from framing.analysis.contrast import contrast
from framing.analysis.keyness import keyness
from framing.analysis.kwic import kwic
from framing.analysis.over_time import over_time
from framing.analysis.sensitivity import sensitivity
from framing.errors import AnalysisError
from framing.load.check import check_articles
from framing.provenance import data_hash, dependency_versions, engine_info
from framing.report import set_summary
from framing.report.formatting import bullets, paragraph, table_html
from framing.stats import min_permutation_p
from framing.uncovered import no_lexicon_note, no_tone_note

CONTEXT_CHARACTERS = 60  # evidence contexts are cut to this many characters, so rows stay one line


def title(report, ctx) -> None:
    meta, lexicon = ctx["meta"], ctx["lexicon"]
    frames = ", ".join(lexicon.frames)
    report.add("title", f"<h2>{html.escape(str(meta.get('title', report.name)))}</h2>",
               paragraph(str(meta.get("description", "") or "")),
               f"<p><strong>Research question.</strong> {html.escape(str(meta.get('research_question', '(not stated)')))}</p>",
               f"<p>Grouped by <strong>{html.escape(ctx['group_by'])}</strong>; frames: {html.escape(frames)}.</p>",
               paragraph(lexicon_statement(lexicon)))


def lexicon_statement(lexicon) -> str:
    """The lexicon's name and version and its validation figures, or that it is not validated.

    >>> from framing.lexicon import load_lexicon
    >>> lexicon_statement(load_lexicon({"name": "x", "version": "2", "frames": {"a": {"entries": ["b"]}},
    ...                                 "validation": {"corpus": "NYT", "f1": {"a": 0.71}}}))
    'Lexicon x version 2 (fingerprint 34688f04603428e2). Validated on NYT: F1 a 0.71.'
    """
    head = f"Lexicon {lexicon.name} version {lexicon.version or '(none)'} (fingerprint {lexicon.fingerprint})."
    validation = lexicon.validation
    if not validation:
        return f"{head} Not validated: the lexicon file records no comparison with human coding."
    parts = []
    for key, what in (("f1", "F1"), ("alpha", "coders' Krippendorff's alpha")):
        if isinstance(validation.get(key), dict):
            parts.append(f"{what} " + ", ".join(f"{frame} {float(v):.2f}" for frame, v in validation[key].items()))
    where = f" on {validation['corpus']}" if validation.get("corpus") else ""
    doc = f" (see {validation['doc']})" if validation.get("doc") else ""
    return f"{head} Validated{where}: {'; '.join(parts) or 'figures not given'}{doc}."


def _analysis(ctx, section: str):
    """The report's Analysis; a report built from scores alone has none (no texts were read)."""
    if ctx["analysis"] is None:
        raise AnalysisError(f"{section} needs the article texts, and this report was built from scores alone; "
                            "build it from the articles to see it")
    return ctx["analysis"]


def data(report, ctx) -> None:
    articles, scores, by = ctx["articles"], ctx["scores"], ctx["group_by"]
    counts = scores.groupby(by, dropna=False).agg(articles=("id", "size"), words=("n_tokens", "sum"))
    if "date" in scores and scores["date"].notna().any():
        counts = counts.join(scores.groupby(by, dropna=False)["date"].agg(first="min", last="max"))
    counts = counts.reset_index()
    report.add("data", table_html(counts, limit=None))
    if "country" in articles and by != "country":
        report.add("data", table_html(articles.groupby(["country", by]).size().rename("articles").reset_index(),
                                      limit=None))
    if ctx["set"] is not None:
        _text_checks(report, articles)
    shown = [c for c in dict.fromkeys(["id", by, "date", "n_tokens", "sentiment", "dominant_frame",
                                       *(f"{f}_per_1k" for f in ctx["lexicon"].frames)]) if c in scores]
    report.add("data", table_html(scores[shown], limit=20, full=report.link("scores"), measure_column=None))


def _text_checks(report, articles: pd.DataFrame) -> None:
    check = check_articles(articles)
    report.add("data", paragraph(f"{check.n_articles} articles; {len(check.empty_texts)} empty texts; "
                                 f"{len(check.duplicate_texts)} exact duplicate texts; {len(check.near_duplicates)} "
                                 f"near-duplicates (shared word sequences, similarity at least "
                                 f"{check.near_threshold:g}: wire copy reprinted)."))
    if check.near_duplicates:
        pairs = pd.DataFrame(list(check.near_duplicates), columns=["id", "near duplicate of", "similarity"])
        report.add("data", table_html(pairs, limit=20, measure_column=None))
        report.notes.append(f"{len(check.near_duplicates)} articles nearly duplicate an earlier one; they count "
                            "as separate articles here (drop or down-weight them with framing.load.duplicates).")
    report.notes.extend(check.warnings)


def profile(report, ctx) -> None:
    frames, by = ctx["lexicon"].frames, ctx["group_by"]
    measures = [f"{f}_{kind}" for f in frames for kind in ("per_1k", "share", "tone")] + ["sentiment"]
    table = compare(ctx["scores"], by, measures=measures, n_boot=ctx["n_boot"], seed=ctx["seed"])
    report.tables["profile"] = table
    for kind, what in (("per_1k", "hits per 1,000 tokens"), ("share", "share of sentences evoking each frame")):
        report.figure("profile", f"profile_{kind}", plots.frame_profile(table, kinds=[kind]),
                      f"Mean {what} per {by} with 95% bootstrap intervals; n articles per group in the table below.")
    rates = table[table["measure"].str.endswith("_per_1k")]
    report.add("profile", table_html(rates[[by, "measure", "n", "mean", "ci_low", "ci_high"]], limit=None))
    uncovered = no_lexicon_note(ctx["scores"])
    if uncovered:
        report.add("profile", paragraph(f"{uncovered[0].upper()}{uncovered[1:]}: these articles have no frame "
                                        "measures (NaN, not 0) and are left out of every comparison; n counts "
                                        "only the articles measured."))


def contrasts(report, ctx) -> None:
    frames, by, top_k = ctx["lexicon"].frames, ctx["group_by"], ctx["top_k"]
    table = contrast(ctx["scores"], by, measures=[f"{f}_per_1k" for f in frames], n_boot=ctx["n_boot"],
                     seed=ctx["seed"])
    report.tables["contrasts"] = table
    ranked = table.assign(_size=table["diff"].abs()).sort_values(["p_value", "_size"], ascending=[True, False])
    shown = ranked.head(top_k).drop(columns="_size")
    report.figure("contrasts", "contrasts", plots.contrast_forest(shown),
                  f"Differences a − b in hits per 1,000 tokens with 95% bootstrap intervals: the {len(shown)} "
                  f"clearest of {len(table)} contrasts (smallest p first); every contrast is in the table file.")
    report.add("contrasts", table_html(ranked.drop(columns=["_size", "method"]), limit=top_k,
                                       full=report.link("contrasts")))


def tone(report, ctx) -> None:
    if "profile" not in report.tables:
        raise AnalysisError("the frame profile could not be computed")
    table, by = report.tables["profile"], ctx["group_by"]
    part = table[table["measure"].str.endswith("_tone") | (table["measure"] == "sentiment")]
    report.add("tone", table_html(part[[by, "measure", "n", "mean", "ci_low", "ci_high"]], limit=None))
    missing = no_tone_note(ctx["scores"])
    if missing:
        report.add("tone", paragraph(f"{missing[0].upper()}{missing[1:]}: these articles are left out of the tone "
                                     "figures (n counts only articles with tone)."))
    report.figure("tone", "tone", plots.tone_distribution(ctx["scores"], by),
                  f"Article tone (mean VADER compound of its sentences) per {by}; each point an article.")


def keyness_section(report, ctx) -> None:
    by, analysis = ctx["group_by"], _analysis(ctx, "keyness")
    groups = sorted(analysis.articles[by].dropna().astype(str).unique())
    if len(groups) < 2:
        raise AnalysisError(f"one group only in {by!r}; keyness needs two")
    tables = []
    for group in groups:
        try:
            table = keyness(analysis, by, a=group, stopwords=True)
        except AnalysisError as error:
            report.notes.append(f"Keyness for {group}: {error}")
            continue
        tables.append(table.assign(group=group))
        report.figure("keyness", f"keyness_{len(tables)}", plots.keyness_plot(table, top_k=ctx["top_k"],
                      label_a=group, label_b="all others"),
                      f"Words most typical of {group} (z > 0) and of all other groups (z < 0), with counts.")
    report.tables["keyness"] = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    report.add("keyness", paragraph(f"Every term of every group: {report.link('keyness')}."))


def evidence(report, ctx) -> None:
    by = ctx["group_by"]
    rows = kwic(_analysis(ctx, "evidence"))
    if by not in rows:  # kwic carries outlet, country, date, title: add any other grouping column
        groups = ctx["analysis"].articles[["id", by]].astype({"id": str})
        rows = rows.merge(groups, on="id", how="left")
        rows.insert(1, by, rows.pop(by))
    report.tables["evidence"] = rows
    sample = rows.groupby([by, "frame"], group_keys=False).head(2).sort_values(["frame", by])
    sample = sample.assign(left=sample["left"].map(lambda t: _cut(t, left=True)), right=sample["right"].map(_cut))
    columns = [c for c in (by, "id", "frame", "term", "left", "match", "right") if c in sample]
    report.add("evidence", table_html(sample[columns], limit=ctx["top_k"] * 2, full=report.link("evidence"),
                                      measure_column=None))


def _cut(text: str, left: bool = False) -> str:
    text = str(text)
    if len(text) <= CONTEXT_CHARACTERS:
        return text
    return "…" + text[-CONTEXT_CHARACTERS:] if left else text[:CONTEXT_CHARACTERS] + "…"


def robustness(report, ctx) -> None:
    analysis = _analysis(ctx, "robustness (leave one entry out)")
    tables = [sensitivity(analysis, ctx["group_by"], frame, n_boot=min(ctx["n_boot"], 1000), seed=ctx["seed"])
              .assign(frame=frame) for frame in ctx["lexicon"].frames]
    table = pd.concat(tables, ignore_index=True)
    report.tables["robustness"] = table
    fragile = table[table["sign_flips"] | table["significance_changes"]]
    report.add("robustness", paragraph(f"{len(fragile)} of {len(table)} leave-one-entry-out contrasts change "
                                       "sign or significance."))
    columns = ["frame", "entry", "hits_removed", "group_a", "group_b", "diff", "diff_full", "p_holm", "p_full",
               "sign_flips", "significance_changes"]
    if len(fragile):
        report.add("robustness", table_html(fragile[columns], limit=20, full=report.link("robustness"),
                                            measure_column=None))


def actors(report, ctx) -> None:
    table = actor_frames(_analysis(ctx, "actors"))
    report.tables["actors"] = table
    if table.empty:
        raise AnalysisError("no known actor (country, institution, leader) is named in these articles")
    top = table.groupby("actor")["n_actor_sentences"].max().nlargest(12).index
    shown = table[table["actor"].isin(top)]
    report.figure("actors", "actors", plots.actor_heatmap(shown, value="share"),
                  "Share of the sentences naming each actor that evoke each frame; n = sentences naming the actor.")


def over_time_section(report, ctx) -> None:
    scores, by = ctx["scores"], ctx["group_by"]
    dates = pd.to_datetime(scores["date"], errors="coerce") if "date" in scores else pd.Series(dtype="datetime64[ns]")
    if dates.dropna().empty:
        raise AnalysisError("the articles have no publication dates, so there is no time to show")
    if dates.dropna().dt.to_period("W").nunique() < 2:
        raise AnalysisError("all dated articles fall in one week")
    table = over_time(scores, freq="W", by=by, measures=[f"{f}_per_1k" for f in ctx["lexicon"].frames])
    report.tables["over_time"] = table
    report.figure("over_time", "over_time", plots.over_time_plot(table),
                  f"Weekly mean hits per 1,000 tokens per {by}; gaps are weeks without articles; n per week below.")
    first = table[table["measure"] == table["measure"].iloc[0]]
    counts = first.pivot_table(index="period", columns=by, values="n", aggfunc="sum").astype("int64").reset_index()
    counts["period"] = counts["period"].dt.strftime("%Y-%m-%d")
    report.add("over_time", paragraph("Articles per week (n):"),
               table_html(counts, limit=30, full=report.link("over_time"), measure_column=None))


def provenance(report, ctx) -> None:
    from framing.report.build import provenance_html

    record = {**engine_info(ctx["lexicon"]), "lexicon_validation": ctx["lexicon"].validation,
              **_data_identity(ctx), "article_set": ctx["article_set"],
              "parameters": {"lexicon": ctx["lexicon_parameter"], "group_by": ctx["group_by"], "n_boot": ctx["n_boot"],
                             "seed": ctx["seed"], "top_k": ctx["top_k"]},
              "dependencies": dependency_versions()}
    report.summary["provenance"] = record
    report.add("provenance", provenance_html(record))


def _data_identity(ctx) -> dict:
    """``data_hash`` of the articles' ids and texts; of a report from scores alone, ``scores_hash``
    of the score table's values instead (no text was read)."""
    if ctx["set"] is not None:
        return {"data_hash": data_hash(ctx["articles"])}
    values = pd.util.hash_pandas_object(ctx["scores"], index=False).to_numpy().tobytes()
    return {"scores_hash": hashlib.sha256(values).hexdigest()[:16]}


def findings(report, ctx) -> None:
    if "profile" not in report.tables:
        raise AnalysisError("the frame profile could not be computed")
    by, articles = ctx["group_by"], ctx["articles"]
    sizes = articles[by].dropna().astype(str).value_counts().sort_index()
    summary = set_summary(articles, report.tables["profile"], name=report.name, title=str(ctx["meta"].get("title", "")),
                          group_by=by, contrasts=report.tables.get("contrasts"),
                          provenance=report.summary.get("provenance"), scores=ctx["scores"])
    report.summary.update(summary)
    lines = [f"{len(articles)} articles in {len(sizes)} groups by {by}: "
             + ", ".join(f"{group} (n={n})" for group, n in sizes.items()) + ".", *summary["headline"]]
    lines.append("Intervals are 95% bootstrap intervals of each group's mean: they describe these articles, "
                 "and cannot show variation that the sample does not contain.")
    if len(sizes) >= 2:
        small = sorted(sizes.tolist())[:2]
        floor = min_permutation_p(small[0], small[1])
        verdict = (", so no contrast between the smallest groups can be significant at the 5% level, however "
                   "large: read the intervals" if floor >= 0.05 else "")
        lines.append(f"With groups of {small[0]} and {small[1]} articles the smallest p-value a permutation test "
                     f"can give is {floor:.4g}{verdict}.")
    report.add("findings", "<h2>Findings</h2>", bullets(lines))


SECTION_BUILDERS = {"title": title, "data": data, "profile": profile, "contrasts": contrasts, "tone": tone,
                    "keyness": keyness_section, "evidence": evidence, "robustness": robustness, "actors": actors,
                    "over_time": over_time_section, "provenance": provenance, "findings": findings}
