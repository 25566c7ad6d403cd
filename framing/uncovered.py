"""Never a silent zero: articles in a language the lexicon does not cover, and articles without tone.

An article whose language has no section in the lexicon gets NaN (not 0) for every frame measure
(``f_hits``, ``f_per_1k``, ``f_share``, ``f_tone``) and ``dominant_frame`` ``"no lexicon"``;
:func:`mark_uncovered` does this to a score table and warns once with the counts per language.
Comparisons drop NaN values, so these articles leave group comparisons (their ``n`` says so).

>>> import pandas as pd
>>> scores = pd.DataFrame({"id": ["a", "b"], "language": ["cs", "en"], "dominant_frame": ["no lexicon", "none"],
...                        "sentiment": [float("nan"), 0.2]})
>>> no_lexicon_note(scores)
'no lexicon for: cs (1)'
>>> no_tone_note(scores)
'no tone for 1 article (VADER is English; no tone lexicon for: cs (1))'
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from framing.errors import FramingWarning

NO_LEXICON = "no lexicon"
MEASURES = ("hits", "per_1k", "share", "tone")


def _counts(languages: pd.Series) -> str:
    counts = languages.fillna("und").astype(str).value_counts()
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    return ", ".join(f"{language} ({n})" for language, n in counts.items())


def mark_uncovered(scores: pd.DataFrame, languages: pd.DataFrame, lexicon, frames) -> pd.DataFrame:
    """``scores`` with a ``language`` column (added from ``languages`` when the articles have none) and
    NaN frame measures for articles whose language ``lexicon`` does not cover; warns once."""
    scores = scores.copy()
    by_id = languages.set_index("id")
    if "language" not in scores.columns:
        scores.insert(scores.columns.get_loc("n_tokens"), "language", by_id["language"].reindex(scores["id"]).to_numpy())
    matched = by_id["lexicon_language"].reindex(scores["id"])
    uncovered = ~matched.map(lambda tag: isinstance(tag, str) and lexicon.section(tag) is not None).to_numpy(bool)
    if uncovered.any():
        for frame in frames:
            for measure in MEASURES:
                scores.loc[uncovered, f"{frame}_{measure}"] = np.nan
        scores.loc[uncovered, "dominant_frame"] = NO_LEXICON
        tags = by_id["language"].reindex(scores["id"])[uncovered]
        warnings.warn(f"no lexicon for: {_counts(tags)}; their frame measures are NaN (not 0), their "
                      f"dominant_frame is {NO_LEXICON!r} and comparisons leave them out; the lexicon covers "
                      f"{', '.join(lexicon.languages)} (add a section per language: see README, Languages)",
                      FramingWarning, stacklevel=4)
    return scores


def no_lexicon_note(scores: pd.DataFrame) -> str | None:
    """``"no lexicon for: cs (1), pt (1)"`` for a score table with such articles, else ``None``."""
    if "dominant_frame" not in scores.columns:
        return None
    rows = scores["dominant_frame"].eq(NO_LEXICON)
    if not rows.any():
        return None
    languages = scores.loc[rows, "language"] if "language" in scores.columns else pd.Series(["und"] * int(rows.sum()))
    return f"no lexicon for: {_counts(languages)}"


def no_tone_note(scores: pd.DataFrame) -> str | None:
    """How many articles have no tone and why (non-English without a tone lexicon, or no text)."""
    if "sentiment" not in scores.columns:
        return None
    rows = scores["sentiment"].isna()
    if not rows.any():
        return None
    languages = scores.loc[rows, "language"] if "language" in scores.columns else pd.Series(["und"] * int(rows.sum()))
    foreign = languages.fillna("und").astype(str).map(lambda tag: not tag.lower().startswith("en"))
    n = int(rows.sum())
    parts = []
    if foreign.any():
        parts.append(f"VADER is English; no tone lexicon for: {_counts(languages[foreign.to_numpy()])}")
    if (~foreign).any():
        parts.append(f"{int((~foreign).sum())} without text")
    return f"no tone for {n} article{'s' if n != 1 else ''} ({'; '.join(parts)})"
