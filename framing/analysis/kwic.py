"""Evidence: keyword-in-context (KWIC) rows for lexicon hits or a free pattern, readable in a notebook.

``kwic`` returns a plain DataFrame (one row per match); ``show_kwic`` wraps it for display: in
Jupyter the rows render as an HTML concordance with the match highlighted (``<mark>``), and as
aligned text elsewhere.

>>> import pandas as pd
>>> articles = pd.DataFrame({"id": ["a1"], "outlet": ["X"],
...                          "text": ["Serbia will get gas. Energy security comes first, he said."]})
>>> kwic(articles, frame="security", window=3)[["left", "match", "right"]].values.tolist()
[['will get gas.', 'Energy security', 'comes first, he']]
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

import pandas as pd

from framing.checks import require_whole
from framing.errors import AnalysisError, LexiconError
from framing.lexicon import Lexicon, normalize_pattern, load_lexicon
from framing.text import token_spans

KWIC_METADATA = ("outlet", "country", "date", "title")
KWIC_COLUMNS = ("sentence", "frame", "term", "left", "match", "right", "start", "end")
MATCH_REQUIRED = ("id", "sentence", "frame", "term", "match", "start", "end")
PATTERN_FRAME = "pattern"
_SPACE = re.compile(r"\s+")


def pattern_lexicon(pattern: str | list[str]) -> Lexicon:
    """A one-frame lexicon (frame ``"pattern"``) for a free pattern, with the lexicon's pattern syntax.

    >>> pattern_lexicon("gas price*").frame("pattern").entries[0].pattern
    'gas price*'
    """
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    try:
        return load_lexicon({"name": "pattern", "frames": {PATTERN_FRAME: {"entries": patterns}}})
    except LexiconError as error:
        raise AnalysisError(f"kwic: pattern={pattern!r} is not a valid pattern: {error}") from None


def _context(text: str, spans: list[tuple[int, int, str]], starts: list[int], ends: list[int],
             start: int, end: int, window: int) -> tuple[str, str]:
    """``window`` tokens of original text left of ``start`` and right of ``end``, whitespace collapsed."""
    before = bisect.bisect_right(ends, start)      # tokens ending at or before the match start
    after = bisect.bisect_left(starts, end)        # first token starting at or after the match end
    left = text[spans[max(before - window, 0)][0]:start] if window and before else ""
    right = text[end:spans[min(after + window, len(spans)) - 1][1]] if window and after < len(spans) else ""
    return _SPACE.sub(" ", left).strip(), _SPACE.sub(" ", right).strip()


def _check_matches(table: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise AnalysisError(f"kwic: matches must be the DataFrame of framing.matches(), not {type(table).__name__}")
    missing = [c for c in MATCH_REQUIRED if c not in table.columns]
    if missing:
        raise AnalysisError(f"kwic: the matches table has no {', '.join(map(repr, missing))} column; "
                            "pass the table returned by framing.matches(articles)")
    return table


def kwic(articles, frame: str | None = None, term: str | None = None,
         pattern: str | list[str] | None = None, window: int = 8, lexicon: Lexicon | str | None = None,
         matches: pd.DataFrame | None = None) -> pd.DataFrame:
    """Keyword-in-context: one row per match, with ``window`` tokens of context on each side.

    ``articles`` is a table of articles or an :class:`~framing.measures.Analysis` (whose matches and
    sentences are used: nothing is split or matched again). Either lexicon hits (from
    :func:`framing.measures.matches`, or a precomputed ``matches`` table), filtered by ``frame`` and/or ``term`` (an entry as written in the lexicon, e.g.
    ``"secur*"``), or a free ``pattern`` (lexicon pattern syntax: ``*``, ``?``, multi-word; frame
    ``"pattern"``). Columns: ``id``, the metadata present among ``outlet``, ``country``, ``date``,
    ``title``, then ``sentence`` (0-based), ``frame``, ``term``, ``left``, ``match``, ``right``
    (original text, whitespace collapsed; context crosses sentence boundaries), ``start``,
    ``end`` (offsets of the match in the article text). Rows in article order, then by offset.
    Display with :func:`show_kwic`.

    >>> kwic(articles, frame="security", term="secur*", window=5)          # doctest: +SKIP
    >>> show_kwic(kwic(articles, pattern="gas price*"), n=20)               # doctest: +SKIP
    """
    from framing.measures import Analysis, as_analysis, match_sentences, require_articles
    from framing.measures import matches as find_matches

    analysis = articles if isinstance(articles, Analysis) else None
    articles = analysis.articles if analysis is not None else require_articles(articles)
    require_whole(window, "window", "kwic")
    if pattern is not None:
        if frame is not None or term is not None or matches is not None:
            raise AnalysisError("kwic: pass either pattern= (a free search) or frame=/term=/matches= (lexicon hits), not both")
        if analysis is not None:
            found = match_sentences(analysis.sentences, pattern_lexicon(pattern))
        else:
            found = find_matches(articles, pattern_lexicon(pattern))
    elif analysis is not None:
        known = as_analysis(analysis, lexicon).lexicon
        found = _filter(analysis.matches if matches is None else _check_matches(matches), frame, term, known)
    else:
        known = load_lexicon(lexicon) if (lexicon is not None or matches is None) else None
        found = find_matches(articles, known) if matches is None else _check_matches(matches)
        found = _filter(found, frame, term, known)
    return _rows(articles, found, window)


def _filter(found: pd.DataFrame, frame: str | None, term: str | None, lexicon: Lexicon | None) -> pd.DataFrame:
    if frame is not None:
        frames = lexicon.frames if lexicon is not None else tuple(dict.fromkeys(found["frame"]))
        if frame not in frames:
            where = f"lexicon {lexicon.name!r}" if lexicon is not None else "the matches table"
            raise AnalysisError(f"kwic: no frame {frame!r} in {where}; frames are: {', '.join(frames) or '(none)'}")
        found = found[found["frame"] == frame]
    if term is not None:
        wanted = normalize_pattern(str(term))
        if lexicon is not None:
            defs = [lexicon.frame(frame)] if frame is not None else list(lexicon.frame_defs)
            entries = [e.pattern for f in defs for e in f.entries]
            if wanted not in entries:
                shown = ", ".join(entries[:12]) + (", …" if len(entries) > 12 else "")
                where = f"frame {frame!r}" if frame is not None else f"lexicon {lexicon.name!r}"
                raise AnalysisError(f"kwic: no entry {term!r} in {where}; entries are: {shown} "
                                    "(use pattern= for a free search)")
        found = found[found["term"] == wanted]
    return found


def _rows(articles: pd.DataFrame, found: pd.DataFrame, window: int) -> pd.DataFrame:
    metadata = [c for c in KWIC_METADATA if c in articles.columns]
    ids = articles["id"].astype(str)
    unknown = sorted(set(found["id"].astype(str)) - set(ids))
    if unknown:
        raise AnalysisError(f"kwic: the matches table has ids not among the articles ({', '.join(unknown[:5])}); "
                            "pass the articles the matches were computed from")
    first = ~ids.duplicated()
    texts = dict(zip(ids[first], articles["text"][first]))
    info = articles.loc[first.to_numpy(), metadata].set_axis(ids[first]) if metadata else None
    order = {article_id: position for position, article_id in enumerate(ids[first])}
    found = found.assign(_order=found["id"].astype(str).map(order)).sort_values(["_order", "start"], kind="stable")
    rows, cache = [], {}
    for hit in found.itertuples(index=False):
        article_id = str(hit.id)
        text = texts[article_id] if isinstance(texts[article_id], str) else ""
        if article_id not in cache:
            spans = token_spans(text)
            cache = {article_id: (spans, [s for s, _, _ in spans], [e for _, e, _ in spans])}
        spans, starts, ends = cache[article_id]
        left, right = _context(text, spans, starts, ends, int(hit.start), int(hit.end), window)
        meta = tuple(info.loc[article_id]) if info is not None else ()
        rows.append((article_id, *meta, int(hit.sentence), hit.frame, hit.term, left, str(hit.match), right,
                     int(hit.start), int(hit.end)))
    table = pd.DataFrame(rows, columns=["id", *metadata, *KWIC_COLUMNS])
    for column in metadata:  # keep the articles' dtypes (dates stay datetimes), also when empty
        table[column] = table[column].astype(articles[column].dtype)
    table = table.astype({"sentence": "int64", "start": "int64", "end": "int64"})
    table.attrs["window"] = window
    return table


# --- display -----------------------------------------------------------------------------------

def kwic_html(table: pd.DataFrame, n: int | None = 20) -> str:
    """An HTML concordance of the first ``n`` rows of a :func:`kwic` table (``None``: all rows):
    left context right-aligned, the match in ``<mark>``, text escaped.

    >>> page = kwic_html(pd.DataFrame({"id": ["a"], "left": ["<b>"], "match": ["x"], "right": ["y"]}))
    >>> "&lt;b&gt;</td><td><mark>x</mark></td>" in page
    True
    """
    _require_kwic(table, "kwic_html")
    shown = table if n is None else table.head(n)
    labels = [c for c in ("id", "outlet", "date", "frame", "term") if c in shown.columns]
    cell = "padding:1px 6px;white-space:nowrap;"
    head = "".join(f"<th style='{cell}'>{html.escape(c)}</th>" for c in labels)
    body = []
    for _, row in shown.iterrows():
        meta = "".join(f"<td style='{cell}color:#555'>{html.escape(_text(row[c]))}</td>" for c in labels)
        body.append(f"<tr>{meta}<td style='{cell}text-align:right'>{html.escape(_text(row['left']))}</td>"
                    f"<td><mark>{html.escape(_text(row['match']))}</mark></td><td>{html.escape(_text(row['right']))}</td></tr>")
    more = "" if n is None or len(table) <= n else f"<p>… {len(table) - n} more of {len(table)} rows</p>"
    return (f"{more}<table style='font-family:monospace;font-size:90%'><thead><tr>{head}"
            f"<th style='{cell}text-align:right'>left</th><th>match</th><th style='{cell}text-align:left'>right</th>"
            f"</tr></thead><tbody>{''.join(body)}</tbody></table>")


def kwic_text(table: pd.DataFrame, n: int | None = 20, width: int = 40) -> str:
    """Plain-text concordance lines ``id  left [match] right`` with contexts cut to ``width`` characters.

    >>> print(kwic_text(pd.DataFrame({"id": ["a"], "left": ["we want"], "match": ["security"], "right": ["now"]})))
    a  we want [security] now
    """
    _require_kwic(table, "kwic_text")
    shown = table if n is None else table.head(n)
    if shown.empty:
        return "(no matches)"
    ids = shown["id"].astype(str)
    lefts = [_text(v)[-width:] for v in shown["left"]]
    pad_id, pad_left = max(map(len, ids)), max(map(len, lefts))
    lines = [f"{i:<{pad_id}}  {left:>{pad_left}} [{_text(match)}] {_text(right)[:width]}".rstrip()
             for i, left, match, right in zip(ids, lefts, shown["match"], shown["right"])]
    if n is not None and len(table) > n:
        lines.append(f"… {len(table) - n} more of {len(table)} rows")
    return "\n".join(lines)


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else str(value)
    return str(value)


def _require_kwic(table: pd.DataFrame, caller: str) -> None:
    missing = [c for c in ("id", "left", "match", "right") if not isinstance(table, pd.DataFrame) or c not in table.columns]
    if missing:
        raise AnalysisError(f"{caller}: the table has no {', '.join(map(repr, missing))} column; "
                            "pass the table returned by framing.kwic()")


@dataclass(frozen=True, eq=False)
class KwicView:
    """A :func:`kwic` table shown as a concordance: HTML in Jupyter, aligned text elsewhere."""

    table: pd.DataFrame
    n: int | None = 20

    def _repr_html_(self) -> str:
        return kwic_html(self.table, self.n)

    def __repr__(self) -> str:
        return kwic_text(self.table, self.n)


def show_kwic(table: pd.DataFrame, n: int | None = 20) -> KwicView:
    """Display the first ``n`` rows of a :func:`kwic` table (``None``: all) as a concordance.

    In a notebook the last expression ``show_kwic(rows)`` renders as HTML with the match highlighted.

    >>> show_kwic(pd.DataFrame({"id": ["a"], "left": ["we want"], "match": ["security"], "right": ["now"]}))
    a  we want [security] now
    """
    _require_kwic(table, "show_kwic")
    return KwicView(table, n)
