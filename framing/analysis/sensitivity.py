"""Sensitivity: does a group difference in a frame hang on one lexicon entry? Leave each entry out.

For each entry of the frame that has at least one hit, the frame's measure is recomputed without
that entry and the contrast between groups (:func:`framing.contrast`) is run again, with
the same random draws, so rows differ only because of the entry; all entries are scored and
contrasted in one pass. The text is matched once; only the
sentences where the entry hit are matched again without it, which gives exactly what re-scoring
with ``lexicon.without_entry(frame, entry)`` gives: where a shorter entry then covers the same
words (``secur*`` inside ``energy security``), those hits count.

>>> table = sensitivity(articles, by="outlet", frame="security", a="A", b="B")   # doctest: +SKIP
>>> table[table.significance_changes]                                            # doctest: +SKIP
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from framing.columns import resolve_by
from framing.errors import AnalysisError
from framing.lexicon import Lexicon
from framing.match import compile_without, match_tokens
from framing.text import token_spans

MEASURES = ("per_1k", "share", "tone", "hits")
NONE_ENTRY = "(none)"
SENSITIVITY_COLUMNS = ["entry", "hits_removed", "group_a", "group_b", "diff", "ci_low", "ci_high", "p_value",
                       "p_holm", "significant", "diff_full", "p_full", "sign_flips", "significance_changes"]


def _without(sentence_table: pd.DataFrame, rows: np.ndarray, lexicon: Lexicon, frame: str, entry: str) -> np.ndarray:
    """The ``frame`` hits of every sentence, recounted as if ``entry`` were not in the lexicon: the
    sentences at positions ``rows`` (those where it hit) are matched again without it."""
    reduced = compile_without(lexicon, frame, entry)
    counts = sentence_table[f"{frame}_hits"].to_numpy(copy=True)
    texts = sentence_table["text"].to_numpy()
    for row in rows:
        counts[row] = float(sum(hit.weight for hit in match_tokens(texts[row], token_spans(texts[row]), reduced)
                                if hit.frame == frame))
    return counts


def sensitivity(articles, by, frame: str, kind: str = "per_1k", a=None, b=None,
                lexicon: Lexicon | str | None = None, ci: float = 0.95, n_boot: int = 1000, n_perm: int = 2000,
                seed: int = 0, *, measure: str | None = None) -> pd.DataFrame:
    """Leave-one-entry-out contrasts of ``<frame>_<measure>`` between the groups of column ``by``.

    ``articles`` is a table of articles or an :class:`~framing.measures.Analysis`: the texts are
    split and matched once; only the sentences where an entry hit are matched again without it.
    Entries are those of the lexicon's own language (``en``), left out in the articles in that
    language; other languages' sections stay whole.

    ``kind`` is ``per_1k``, ``share``, ``tone`` or ``hits`` (``measure=`` is its old spelling and warns); pairs are those of
    :func:`framing.contrast` (``a``/``b`` as there: every pair by default, ``b="rest"`` for
    all other groups pooled). One row per entry × pair, the first rows ``entry="(none)"`` for the
    full lexicon, then the entries with hits in lexicon order. Columns: ``entry``, ``hits_removed``
    (the entry's hits in all articles), ``group_a``, ``group_b``, ``diff``, ``ci_low``, ``ci_high``,
    ``p_value``, ``p_holm`` (Holm across the pairs of that entry's contrast), ``significant``
    (``p_holm < 1 − ci``), ``diff_full`` and ``p_full`` (``diff`` and ``p_holm`` with the full
    lexicon), ``sign_flips`` (``diff`` has the opposite sign of ``diff_full``) and
    ``significance_changes`` (``significant`` differs from the full lexicon's).

    >>> t = sensitivity(articles, by="outlet", frame="security", a="A", b="B")   # doctest: +SKIP
    >>> t.loc[t.significance_changes, ["entry", "diff", "diff_full"]]             # doctest: +SKIP
    """
    from framing.analysis.contrast import contrast_variants
    from framing.measures import as_analysis, score_sentences

    if measure is not None:
        warnings.warn("sensitivity: measure= is now spelled kind= (measure= names score columns elsewhere)",
                      DeprecationWarning, stacklevel=2)
        kind = measure
    measure = kind
    analysis = as_analysis(articles, lexicon)
    articles, lexicon = analysis.articles, analysis.lexicon
    if frame not in lexicon.frames:
        raise AnalysisError(f"sensitivity: no frame {frame!r} in lexicon {lexicon.name!r}; frames are: "
                            f"{', '.join(lexicon.frames)}")
    if measure not in MEASURES:
        raise AnalysisError(f"sensitivity: kind={measure!r} is unknown; use one of {', '.join(MEASURES)}")
    columns = resolve_by(articles, by, "sensitivity")
    missing = articles[columns].isna().any(axis=1)
    if missing.any():
        warnings.warn(f"sensitivity: dropped {int(missing.sum())} of {len(articles)} articles with no value in {by!r}",
                      UserWarning, stacklevel=2)
        analysis = analysis.select(~missing.to_numpy())
        articles = analysis.articles
    # Frames never compete for words, so the frame alone gives the same hits as the whole lexicon.
    alone = Lexicon((lexicon.frame(frame),), lexicon.name, lexicon.version, lexicon.description, lexicon.source)
    sentence_table, found = analysis.sentences, analysis.matches
    column = f"{frame}_{measure}"

    hits = found[found["frame"] == frame]
    if analysis.languages is not None:  # leave out entries of the lexicon's own language only
        own = analysis.languages.loc[analysis.languages["lexicon_language"] == lexicon.language, "id"]
        hits = hits[hits["id"].isin(set(own))]
    per_entry = hits["term"].value_counts()
    entries = [e.pattern for e in alone.frame(frame).entries if e.pattern in per_entry.index]
    # One pseudo-frame per variant of the frame's hits (the full lexicon first, then each entry left
    # out), scored and contrasted in one pass, each with the random draws of the frame's own column.
    counts = [sentence_table[f"{frame}_hits"].to_numpy()]
    hit_rows = pd.MultiIndex.from_frame(sentence_table[["id", "sentence"]]).get_indexer(
        pd.MultiIndex.from_frame(hits[["id", "sentence"]]))
    terms = hits["term"].to_numpy()
    counts += [_without(sentence_table, np.unique(hit_rows[terms == entry]), alone, frame, entry) for entry in entries]
    variants = [f"{frame}@{k}" for k in range(len(counts))]
    wide = sentence_table[["id", "n_tokens", "compound"]].assign(
        **{f"{variant}_hits": values for variant, values in zip(variants, counts)})
    scores = score_sentences(articles, wide, variants)
    contrasts = contrast_variants(scores, columns, a, b, [f"{v}_{measure}" for v in variants], column, ci=ci,
                                  n_boot=n_boot, n_perm=n_perm, seed=seed)
    removed = [0] + [int(per_entry[entry]) for entry in entries]
    variant_of = {f"{v}_{measure}": k for k, v in enumerate(variants)}
    position = contrasts["measure"].map(variant_of).to_numpy()
    table = contrasts.assign(entry=np.array([NONE_ENTRY, *entries], dtype=object)[position],
                             hits_removed=np.array(removed)[position])
    full = table[position == 0]
    reference = full.set_index(["group_a", "group_b"])
    pair = pd.MultiIndex.from_frame(table[["group_a", "group_b"]])
    table["diff_full"] = reference["diff"].reindex(pair).to_numpy()
    table["p_full"] = reference["p_holm"].reindex(pair).to_numpy()
    significant_full = reference["significant"].reindex(pair).to_numpy(dtype=bool)
    table["sign_flips"] = np.sign(table["diff"]) * np.sign(table["diff_full"]) < 0
    table["significance_changes"] = table["significant"].to_numpy(dtype=bool) != significant_full
    table["hits_removed"] = table["hits_removed"].astype("int64")
    table = table[SENSITIVITY_COLUMNS]
    table.attrs.update({"by": by, "frame": frame, "measure": column, "lexicon": lexicon.name,
                        "lexicon_fingerprint": lexicon.fingerprint, "ci": ci, "n_boot": n_boot,
                        "n_perm": n_perm, "seed": seed})
    return table
