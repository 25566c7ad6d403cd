"""Validate lexicon frames against human codes: precision, recall and F1 with bootstrap intervals,
and the diagnostics a lexicon author acts on (entries, false negatives, false positives).

A unit is predicted to evoke a frame when at least one lexicon entry of the frame fires in it.

>>> import pandas as pd
>>> units = pd.DataFrame({"id": ["u1", "u2", "u3"], "text": ["Troops massed.", "A calm day.", "Sirens wailed."]})
>>> gold = pd.DataFrame({"unit_id": ["u1", "u2", "u3"], "security": [1, 0, 1]})
>>> troops_only = {"frames": {"security": {"entries": ["troops"]}}}
>>> validate(units, gold, n_boot=200, lexicon=troops_only).scores[["frame", "tp", "fp", "fn", "precision", "recall"]]
      frame  tp  fp  fn  precision  recall
0  security   1   0   1        1.0     0.5
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from framing.errors import CodingError
from framing.lexicon import Lexicon
from framing.measures import Analysis, as_analysis
from framing.stats import check_options
from framing.validation.sheets import TEXT, UNIT, frames_of

SCORE_COLUMNS = ["frame", "n_units", "gold_positive", "predicted_positive", "tp", "fp", "fn", "tn",
                 "precision", "precision_low", "precision_high", "recall", "recall_low", "recall_high",
                 "f1", "f1_low", "f1_high", "weighted"]
_BLOCK = 250  # bootstrap replicates drawn at once, so memory stays bounded


@dataclass(frozen=True)
class Validation:
    """What :func:`validate` finds: ``scores`` (one row per frame), ``entries`` (per lexicon entry),
    ``false_negatives`` and ``false_positives`` (one row per unit and frame)."""

    scores: pd.DataFrame
    entries: pd.DataFrame
    false_negatives: pd.DataFrame
    false_positives: pd.DataFrame

    def __repr__(self) -> str:
        return format_scores(self.scores)


def format_scores(scores: pd.DataFrame) -> str:
    """The score table as text: counts, then each measure with its interval.

    >>> print(format_scores(pd.DataFrame([{"frame": "security", "n_units": 4, "tp": 1, "fp": 0, "fn": 1,
    ...     "tn": 2, "precision": 1.0, "precision_low": 1.0, "precision_high": 1.0, "recall": 0.5,
    ...     "recall_low": 0.0, "recall_high": 1.0, "f1": 2 / 3, "f1_low": 0.0, "f1_high": 1.0}])))
    frame     units  tp  fp  fn  tn  precision          recall             F1
    security      4   1   0   1   2  1.00 [1.00, 1.00]  0.50 [0.00, 1.00]  0.67 [0.00, 1.00]
    """
    def cell(row, name):
        value, low, high = row[name], row[f"{name}_low"], row[f"{name}_high"]
        return "n/a" if pd.isna(value) else f"{value:.2f} [{low:.2f}, {high:.2f}]"

    header = f"{'frame':<12}{'units':>5}{'tp':>4}{'fp':>4}{'fn':>4}{'tn':>4}  {'precision':<19}{'recall':<19}F1"
    lines = [header]
    for _, row in scores.iterrows():
        lines.append(f"{row['frame']:<12}{row['n_units']:>5}{row['tp']:>4}{row['fp']:>4}{row['fn']:>4}{row['tn']:>4}  "
                     f"{cell(row, 'precision'):<19}{cell(row, 'recall'):<19}{cell(row, 'f1')}")
    return "\n".join(lines)


def _tables(measures, lexicon) -> tuple[pd.DataFrame, pd.DataFrame, Lexicon | None]:
    if isinstance(measures, tuple) and len(measures) == 2:
        sentences, found = measures
        return sentences, found, lexicon if isinstance(lexicon, Lexicon) else None
    if isinstance(measures, (pd.DataFrame, Analysis)):
        analysis = as_analysis(measures, lexicon)
        return analysis.sentences, analysis.matches, analysis.lexicon
    raise CodingError(f"validate: measures must be an Analysis, a DataFrame of unit texts (id, text) or a "
                      f"(sentences, matches) pair, not {type(measures).__name__}")


def _unit_keys(table: pd.DataFrame, whole: bool) -> pd.Series:
    """The unit of each sentence (or match): the article id for whole texts, else ``id:sentence``."""
    ids = table["id"].astype(str)
    return ids if whole else ids + ":" + table["sentence"].astype(str)


def _whole_texts(sentences: pd.DataFrame, unit_ids: pd.Index) -> bool:
    """Whether the coded units are whole texts: every unit id is an id of the sentences table."""
    return bool(unit_ids.isin(sentences["id"].astype(str).unique()).all())


def _gold(gold: pd.DataFrame, frames) -> tuple[pd.DataFrame, list[str]]:
    if not isinstance(gold, pd.DataFrame) or UNIT not in gold.columns:
        raise CodingError("validate: gold must be a table with unit_id and one 0/1 column per frame "
                          "(the adjudicated codes, or framing.validation.consensus of the coders' codes)")
    names = frames_of(gold, frames)
    gold = gold.assign(**{UNIT: gold[UNIT].astype(str)})
    if gold[UNIT].duplicated().any():
        raise CodingError(f"validate: unit {gold.loc[gold[UNIT].duplicated(), UNIT].iloc[0]!r} appears twice in gold; "
                          "give one adjudicated row per unit")
    for frame in names:
        values = pd.to_numeric(gold[frame], errors="coerce")
        bad = gold[frame].notna() & ~values.isin([0, 1])
        if bad.any():
            raise CodingError(f"validate: gold row {int(np.flatnonzero(bad.to_numpy())[0]) + 1}, column {frame!r}: "
                              f"{gold.loc[bad, frame].iloc[0]!r} is not 0 or 1")
    return gold.set_index(UNIT), names


def _by_unit(value, gold: pd.DataFrame, name: str, what: str) -> pd.Series:
    """``value`` (a gold column name, or a Series or mapping by ``unit_id``) aligned with gold's units;
    the caller's object is never changed."""
    if isinstance(value, str):
        if value not in gold.columns:
            raise CodingError(f"validate: {name}={value!r} is not a column of gold; pass the column name or a "
                              f"Series of {what} by unit_id")
        return gold[value]
    lookup = pd.Series(value) if isinstance(value, Mapping) else value.copy()
    lookup.index = lookup.index.astype(str)
    return lookup.reindex(gold.index)


def _weights(weights, gold: pd.DataFrame) -> np.ndarray | None:
    if weights is None:
        return None
    values = pd.to_numeric(_by_unit(weights, gold, "weights", "weights"), errors="coerce").to_numpy(dtype=float)
    if not np.all(np.isfinite(values) & (values > 0)):
        missing = gold.index[~(np.isfinite(values) & (values > 0))]
        raise CodingError(f"validate: no positive weight for unit(s) {', '.join(missing[:3])}; every coded unit needs "
                          "its weight (1 / sampling probability)")
    return values


def _strata(strata, gold: pd.DataFrame) -> np.ndarray | None:
    if strata is None:
        return None
    values = _by_unit(strata, gold, "strata", "strata")
    if values.isna().any():
        raise CodingError(f"validate: no stratum for unit(s) {', '.join(gold.index[values.isna().to_numpy()][:3])}; "
                          "every coded unit needs its stratum")
    return values.astype(str).to_numpy()


def _rates(tp, fp, fn) -> tuple:
    with np.errstate(divide="ignore", invalid="ignore"):
        return tp / (tp + fp), tp / (tp + fn), 2 * tp / (2 * tp + fp + fn)


def _resample(rng: np.random.Generator, size: int, groups: list[np.ndarray]) -> np.ndarray:
    """``size`` resamples of unit positions, each drawn with replacement within its group (stratum)."""
    index = np.empty((size, sum(g.size for g in groups)), dtype=np.int64)
    for members in groups:
        index[:, members] = members[rng.integers(0, members.size, size=(size, members.size))]
    return index


def _intervals(pred, true, w, n_boot, seed, ci, strata=None) -> list[tuple[float, float]]:
    rng = np.random.default_rng(seed)
    n = pred.size
    groups = [np.arange(n)] if strata is None else [np.flatnonzero(strata == s) for s in pd.unique(strata)]
    tp_w, fp_w, fn_w = w * (pred & true), w * (pred & ~true), w * (~pred & true)
    replicates = []
    for start in range(0, n_boot, _BLOCK):
        index = _resample(rng, min(_BLOCK, n_boot - start), groups)
        replicates.append(np.column_stack(_rates(tp_w[index].sum(1), fp_w[index].sum(1), fn_w[index].sum(1))))
    boot = np.vstack(replicates)
    alpha = (1 - ci) / 2
    with np.errstate(invalid="ignore"):
        return [tuple(float(v) for v in np.nanquantile(column, [alpha, 1 - alpha])) if np.isfinite(column).any()
                else (float("nan"), float("nan")) for column in boot.T]


def validate(measures, gold: pd.DataFrame, weights=None, n_boot: int = 2000, seed: int = 0, ci: float = 0.95,
             lexicon: Lexicon | str | None = None, frames: Sequence[str] | None = None, strata=None) -> Validation:
    """Precision, recall and F1 of the lexicon's frames against ``gold`` codes, with diagnostics.

    ``measures``: an :class:`framing.Analysis` or a DataFrame of the coded units' texts (``id`` =
    unit id, ``text``), or a ``(sentences, matches)`` pair; units are whole texts when every gold
    ``unit_id`` is an ``id``, else sentences (``unit_id`` = ``"<id>:<sentence>"``, as
    :func:`framing.coding_sample` writes). ``gold``: ``unit_id`` and a 0/1 column per frame (missing
    codes leave the unit out for that frame). ``weights`` (a gold column name or a Series by
    ``unit_id``; 1 / sampling probability) weigh each unit's TP, FP and FN, so the scores estimate
    those of the population sampled. Intervals: percentile bootstrap over units (``n_boot``
    resamples, ``seed``); with ``strata`` (a gold column name or a Series by ``unit_id``) units are
    resampled within their stratum, as the sample was drawn. Counts ``tp``, ``fp``, ``fn``, ``tn``
    are unweighted.

    >>> validate(framing.analyse(units), gold, weights=sample.set_index("unit_id")["weight"])  # doctest: +SKIP
    """
    check_options("validate", ci, n_boot, seed)
    gold, names = _gold(gold, frames)
    sentences, found, lexicon = _tables(measures, lexicon)
    unknown = [f for f in names if lexicon is not None and f not in lexicon.frames]
    if unknown:
        raise CodingError(f"validate: gold column {unknown[0]!r} is not a frame of lexicon {lexicon.name!r} "
                          f"({', '.join(lexicon.frames)}); pass frames= with the frames to score")
    whole = _whole_texts(sentences, gold.index)
    keys = _unit_keys(sentences, whole)
    absent = gold.index[~gold.index.isin(keys.unique())]
    if len(absent):
        raise CodingError(f"validate: {len(absent)} gold unit(s) have no text in the measures, e.g. "
                          f"{', '.join(absent[:3])}; analyse the texts of the coded units")
    texts = sentences.groupby(keys, sort=False)[TEXT].agg(" ".join)
    found = found.assign(**{UNIT: _unit_keys(found, whole)})
    found = found[found[UNIT].isin(gold.index)]
    weight_values = _weights(weights, gold)
    stratum_values = _strata(strata, gold)
    rows, negatives, positives = [], [], []
    for frame in names:
        coded = gold[frame].notna().to_numpy()
        units = gold.index[coded]
        true = gold.loc[units, frame].astype(int).to_numpy() == 1
        fired = found[found["frame"] == frame]
        pred = units.isin(fired[UNIT].unique())
        w = np.ones(units.size) if weight_values is None else weight_values[coded]
        estimates = _rates(*(np.float64(w[m].sum()) for m in (pred & true, pred & ~true, ~pred & true)))
        bounds = _intervals(pred, true, w, n_boot, seed, ci, None if stratum_values is None else stratum_values[coded])
        counts = [int(m.sum()) for m in (pred & true, pred & ~true, ~pred & true, ~pred & ~true)]
        rows.append([frame, int(units.size), int(true.sum()), int(pred.sum()), *counts,
                     *[v for estimate, (low, high) in zip(estimates, bounds) for v in (estimate, low, high)],
                     weight_values is not None])
        for unit in units[~pred & true]:
            negatives.append((frame, unit, texts[unit]))
        for unit in units[pred & ~true]:
            hits = fired[fired[UNIT] == unit]
            listed = ", ".join(dict.fromkeys(f"{t} ({m})" if t != m.lower() else t for t, m in zip(hits["term"], hits["match"])))
            positives.append((frame, unit, listed, texts[unit]))
    scores = pd.DataFrame(rows, columns=SCORE_COLUMNS)
    scores.attrs.update({"n_boot": n_boot, "seed": seed, "ci": ci, "stratified": stratum_values is not None,
                         "lexicon": None if lexicon is None else lexicon.name,
                         "lexicon_fingerprint": None if lexicon is None else lexicon.fingerprint})
    return Validation(scores, entry_diagnostics(found, gold, names),
                      pd.DataFrame(negatives, columns=["frame", UNIT, TEXT]),
                      pd.DataFrame(positives, columns=["frame", UNIT, "entries", TEXT]))


def entry_diagnostics(found: pd.DataFrame, gold: pd.DataFrame, frames: Sequence[str]) -> pd.DataFrame:
    """Per lexicon entry that fires in the coded units: ``fires`` (units where it fires), ``true_positive``
    (of those, units coded 1 for its frame), ``precision`` and ``only`` (units where no other entry of
    the frame fires: the units the frame loses without it). Sorted by frame, then ``fires``."""
    rows = []
    for frame in frames:
        coded = gold.index[gold[frame].notna()]
        hits = found[(found["frame"] == frame) & found[UNIT].isin(coded)].drop_duplicates([UNIT, "term"])
        per_unit = hits.groupby(UNIT)["term"].nunique()
        positive = set(coded[gold.loc[coded, frame].astype(int) == 1])
        for term, units in hits.groupby("term", sort=False)[UNIT]:
            units = set(units)
            true = len(units & positive)
            only = sum(per_unit[u] == 1 for u in units)
            rows.append((frame, term, len(units), true, true / len(units), int(only)))
    table = pd.DataFrame(rows, columns=["frame", "term", "fires", "true_positive", "precision", "only"])
    order = {f: i for i, f in enumerate(frames)}
    table = table.sort_values(["term"]).sort_values("fires", ascending=False, kind="stable")
    return table.sort_values("frame", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def _rowwise_r(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pearson r of each row of ``a`` with the same row of ``b`` (NaN where a row is constant)."""
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (a * b).sum(axis=1) / np.sqrt((a * a).sum(axis=1) * (b * b).sum(axis=1))


def validate_ratings(measures, ratings, measure: str = "compound", n_boot: int = 2000, seed: int = 0,
                     ci: float = 0.95) -> pd.DataFrame:
    """Pearson and Spearman correlation of a continuous measure (default: the mean VADER compound of
    each unit's sentences) with human ratings, with percentile bootstrap intervals over units.

    ``ratings``: a Series by ``unit_id`` or a table with ``unit_id`` and ``rating``.

    >>> units = pd.DataFrame({"id": ["a", "b", "c", "d"], "text": ["Awful war.", "Nice.", "Great!", "Bad."]})
    >>> validate_ratings(units, pd.Series([-3, 1, 3, -1], index=list("abcd")), n_boot=100)["spearman"].tolist()
    [1.0]
    """
    check_options("validate_ratings", ci, n_boot, seed)
    if isinstance(ratings, pd.DataFrame):
        ratings = ratings.set_index(UNIT)["rating"]
    ratings = pd.Series(ratings, dtype=float)
    ratings.index = ratings.index.astype(str)
    sentences, _, _ = _tables(measures, None)
    if measure not in sentences.columns:
        raise CodingError(f"validate_ratings: measure={measure!r} is not a sentence column "
                          f"({', '.join(sentences.columns)})")
    keys = _unit_keys(sentences, _whole_texts(sentences, ratings.index))
    values = sentences[measure].groupby(keys, sort=False).mean().reindex(ratings.index)
    keep = values.notna() & ratings.notna()
    x, y = values[keep].to_numpy(float), ratings[keep].to_numpy(float)
    rng = np.random.default_rng(seed)
    boot = {"pearson": [], "spearman": []}
    for start in range(0, n_boot, _BLOCK):
        index = rng.integers(0, x.size, size=(min(_BLOCK, n_boot - start), x.size))
        boot["pearson"].append(_rowwise_r(x[index], y[index]))
        boot["spearman"].append(_rowwise_r(scipy_stats.rankdata(x[index], axis=1), scipy_stats.rankdata(y[index], axis=1)))
    alpha = (1 - ci) / 2
    row = {"measure": measure, "n_units": int(x.size), "pearson": float(_rowwise_r(x[None], y[None])[0]),
           "spearman": float(_rowwise_r(scipy_stats.rankdata(x)[None], scipy_stats.rankdata(y)[None])[0])}
    for name in ("pearson", "spearman"):
        low, high = np.nanquantile(np.concatenate(boot[name]), [alpha, 1 - alpha])
        row[f"{name}_low"], row[f"{name}_high"] = float(low), float(high)
    return pd.DataFrame([row])[["measure", "n_units", "pearson", "pearson_low", "pearson_high",
                                "spearman", "spearman_low", "spearman_high"]]
