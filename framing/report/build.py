"""The report of one article set, computed once: the set is analysed once and every section
(findings, data, profile, contrasts, tone, keyness, evidence, robustness, actors, over time,
provenance) is built from that one :class:`~framing.measures.Analysis`.

A report notebook calls :func:`build_report` once, then ``report.show(section)`` per section and
``report.write()`` at the end. Warnings become plain "Data notes"; a section without data says so
and the report goes on; every user string is escaped; figures are saved as PNG and SVG with captions.

>>> report = build_report("data/article_sets/winter_gas_terms", n_boot=200)   # doctest: +SKIP
>>> report.show("findings")                                                   # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from framing.checks import require_column
from framing.errors import FramingError
from framing.language import resolve_languages
from framing.report.formatting import bullets, paragraph, table_html

SECTIONS = ("title", "notes", "findings", "data", "profile", "contrasts", "tone", "keyness", "evidence",
            "robustness", "actors", "over_time", "provenance")


@dataclass(eq=False)
class Report:
    """Everything one report shows and writes: ``parts`` (per section, HTML strings and figure names),
    ``tables`` (written as Parquet), ``figures`` (name → (Figure, caption)), ``notes`` and ``summary``."""

    name: str
    output_dir: str
    parts: dict[str, list] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: dict[str, tuple[Any, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    pngs: dict[str, bytes] = field(default_factory=dict, repr=False)  # figures rendered once, shown and written

    def add(self, section: str, *items) -> None:
        self.parts.setdefault(section, []).extend(items)

    def figure(self, section: str, name: str, fig, caption: str) -> None:
        """Show ``fig`` in ``section`` with its caption; it is saved as ``figures/<name>.png`` and ``.svg``."""
        self.figures[name] = (fig, caption)
        self.add(section, ("figure", name))

    def link(self, table: str, kind: str = "csv") -> str:
        """Where the file of ``table`` is, relative to the rendered report."""
        return f"{Path(self.output_dir).as_posix()}/{table}.{kind}"

    def png(self, name: str) -> bytes:
        """The figure ``name`` as the PNG file :meth:`write` writes, rendered once for showing and writing."""
        from framing.report import figure_png

        if name not in self.pngs:
            self.pngs[name] = figure_png(self.figures[name][0])
        return self.pngs[name]

    def show(self, section: str) -> None:
        """Display one section in Jupyter: its HTML and its figures (as images) with their captions."""
        from IPython.display import HTML, Image, display

        if section not in SECTIONS:
            raise FramingError(f"no report section {section!r}; sections are: {', '.join(SECTIONS)}")
        for item in self.parts.get(section, []):
            if isinstance(item, tuple) and item[0] == "figure":
                fig, caption = self.figures[item[1]]
                # the PNG of the figures folder (150 dpi), shown at the size of a 100 dpi rendering
                display(Image(data=self.png(item[1]), format="png", width=round(fig.get_figwidth() * 100)))
                files = f"{self.link('figures/' + item[1], 'png')} and .svg"
                display(HTML(f"<p><em>Figure: {html.escape(caption)}</em> ({html.escape(files)})</p>"))
            else:
                display(HTML(item))

    def write(self, output_dir: str | None = None) -> Path:
        """Write the tables (Parquet; the capped ones also CSV), figures (PNG, SVG, captions) and
        ``summary.json`` into ``output_dir`` (default: the one given to :func:`build_report`), all or nothing."""
        from framing.report import write_outputs

        return write_outputs(output_dir or self.output_dir, self.tables, self.summary, figures=self.figures,
                             csv=("scores", "contrasts", "keyness", "evidence", "robustness", "actors", "over_time"),
                             pngs=self.pngs)


def build_report(article_set: str | Path | None = None, lexicon=None, group_by: str | None = None,
                 output_dir: str = "report_output", n_boot: int = 2000, seed: int = 0, top_k: int = 15,
                 scores: str | Path | None = None) -> Report:
    """Load, analyse once, and build every section of the report of ``article_set``.

    With ``scores`` instead (a score table, or a dataset folder written by ``framing score
    --chunk-size``), the report is built from the scores alone, without reading any text: data,
    profile, contrasts, tone, over time, findings and provenance; the sections that need the texts
    (keyness, evidence, robustness, actors) say so.

    >>> build_report(scores="archive_scores.parquet", group_by="outlet")  # doctest: +SKIP
    """
    import framing
    from framing.report.sections import SECTION_BUILDERS

    if (article_set is None) == (scores is None):
        raise FramingError("build_report: give article_set= (a folder of articles) or scores= (a score table "
                           "or a dataset written by `framing score --chunk-size`), one of the two")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame_lexicon = framing.load_lexicon(lexicon)
        if scores is not None:
            loaded, analysis = None, None
            table = report_scores(scores, frame_lexicon)
            name, meta, articles = Path(scores).stem, {"title": Path(scores).stem}, table
            group_by = group_by or "outlet"
        else:
            loaded = framing.load_article_set(article_set)
            name, meta = loaded.name, loaded.meta
            group_by = group_by or loaded.meta.get("group_by", "outlet")
            if group_by == "language" and "language" not in loaded.articles:  # detected, as analyse does
                languages = resolve_languages(loaded.articles, frame_lexicon.language)["language"].to_numpy()
                loaded = dataclasses.replace(loaded, articles=loaded.articles.assign(language=languages))
            articles = loaded.articles
        require_column(articles, group_by, "report", "group_by")
        if loaded is not None:
            analysis = framing.analyse(articles, frame_lexicon)
            table = analysis.score()
    report = Report(name, str(output_dir))
    context = {"set": loaded, "articles": articles, "meta": meta, "analysis": analysis, "scores": table,
               "group_by": group_by, "lexicon": frame_lexicon, "article_set": str(article_set or scores),
               "n_boot": n_boot, "seed": seed, "top_k": top_k, "lexicon_parameter": lexicon}
    report.tables["scores"] = table
    if analysis is not None:
        report.tables.update({"sentences": analysis.sentences, "matches": analysis.matches})
    for section, builder in SECTION_BUILDERS.items():
        with warnings.catch_warnings(record=True) as during:
            warnings.simplefilter("always")
            try:
                builder(report, context)
            except FramingError as error:
                report.add(section, paragraph(f"Nothing to show here: {_plain(error)}"))
        caught.extend(during)
    report.notes[:0] = list(dict.fromkeys(_plain(w.message) for w in _data_warnings(caught)))
    report.add("notes", "<h2>Data notes</h2>",
               bullets(report.notes) if report.notes else paragraph("Nothing unusual was found in the data."))
    return report


def report_scores(path: str | Path, lexicon) -> pd.DataFrame:
    """The score table a report is built from: read with :func:`framing.load_scores`, made with ``lexicon``
    (the fingerprint a streamed dataset records must match) and holding its frames' measures."""
    from framing.columns import frames_in
    from framing.load.scores import load_scores
    from framing.stream import MANIFEST

    table = load_scores(path)
    manifest = Path(path) / MANIFEST
    if manifest.is_file():
        made_with = json.loads(manifest.read_text(encoding="utf-8")).get("lexicon")
        if made_with and made_with != lexicon.fingerprint:
            raise FramingError(f"{path}: the scores were made with the lexicon of fingerprint {made_with}, not "
                               f"{lexicon.name} ({lexicon.fingerprint}); pass lexicon= the one they were made with")
    missing = [frame for frame in lexicon.frames if frame not in frames_in(table)]
    if missing:
        raise FramingError(f"{path}: no measures of frame(s) {', '.join(missing)} in the scores; pass lexicon= "
                           "the one they were made with")
    return table


def _data_warnings(caught: list[warnings.WarningMessage]) -> list[warnings.WarningMessage]:
    """The warnings about the data (``UserWarning``, ``FramingWarning``), for the report's data notes; the
    others (a library's deprecation or performance warnings) are not news for readers and are issued as usual."""
    notes = []
    for warning in caught:
        if issubclass(warning.category, UserWarning):
            notes.append(warning)
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    return notes


_LOCATION = re.compile(r"^\S+:\d+: ")  # "path/set.yaml:25: " before a loader's message
_PATH = re.compile(r"(?:~|\.{1,2})?(?:/[^\s/:;,()']+)+/([^\s/:;,()']+)")  # a path, shown by its file name


def _plain(message: Any) -> str:
    """A warning or error as a sentence for readers: without the name of the function that raised it,
    the file and line it was found at, or the folders of this machine.

    >>> _plain("/home/a/sets/s/set.yaml:9: external article /home/a/shared/seed/call.txt not found")
    'external article call.txt not found'
    """
    text = _LOCATION.sub("", str(message))
    head, _, rest = text.partition(": ")
    if rest and head.replace("_", "").isalpha() and head == head.lower() and " " not in head:
        text = rest
    return _PATH.sub(r"\1", text)


def provenance_html(provenance: dict[str, Any]) -> str:
    """The whole provenance record in a collapsible block (escaped JSON, nothing cut)."""
    body = html.escape(json.dumps(provenance, indent=2, ensure_ascii=False, default=str))
    return f"<details><summary>Provenance (click to open)</summary><pre>{body}</pre></details>"


__all__ = ["Report", "build_report", "provenance_html", "table_html", "SECTIONS"]
