"""Agreement between coders: Krippendorff's alpha per frame and percent agreement per coder pair.

Alpha comes from the ``krippendorff`` package (Castro 2017; checked in the tests against the worked
example of Krippendorff 2011). Missing codes are allowed: a unit counts where at least two coders
coded it.

>>> import pandas as pd
>>> codes = pd.DataFrame({"unit_id": list("uuvvww"), "coder": ["a", "b"] * 3, "security": [1, 1, 0, 0, 1, 0]})
>>> agreement(codes)[["frame", "coders", "n_units", "agreement"]]
      frame coders  n_units  agreement
0  security    all        3   0.666667
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import krippendorff
import numpy as np
import pandas as pd

from framing.errors import CodingError
from framing.validation.sheets import CODER, UNIT, frames_of

LEVELS = ("nominal", "ordinal", "interval", "ratio")
AGREEMENT_COLUMNS = ["frame", "coders", "n_coders", "n_units", "agreement", "alpha", "level"]


def reliability_matrix(codes: pd.DataFrame, frame: str) -> pd.DataFrame:
    """Coders × units matrix of one frame's codes (NaN where a coder did not code a unit).

    >>> codes = pd.DataFrame({"unit_id": ["u", "v", "u"], "coder": ["a", "a", "b"], "f": [1, 0, 1]})
    >>> reliability_matrix(codes, "f").to_numpy().tolist()
    [[1.0, 0.0], [1.0, nan]]
    """
    for column in (UNIT, CODER):
        if column not in codes.columns:
            raise CodingError(f"agreement: the codes have no {column!r} column; read sheets with framing.read_coding")
    values = pd.to_numeric(codes[frame], errors="coerce").astype(float)
    table = pd.DataFrame({UNIT: codes[UNIT].astype(str), CODER: codes[CODER].astype(str), "value": values})
    if table.duplicated([UNIT, CODER]).any():
        row = table[table.duplicated([UNIT, CODER])].iloc[0]
        raise CodingError(f"agreement: unit {row[UNIT]!r} is coded twice by {row[CODER]!r}; keep one code per unit and coder")
    units = list(dict.fromkeys(table[UNIT]))
    coders = sorted(dict.fromkeys(table[CODER]))
    return table.pivot(index=CODER, columns=UNIT, values="value").reindex(index=coders, columns=units)


def _alpha(matrix: np.ndarray, level: str) -> float:
    pairable = (np.isfinite(matrix).sum(axis=0) >= 2)
    values = matrix[:, pairable]
    if np.unique(values[np.isfinite(values)]).size < 2:
        return float("nan")  # one value only: no disagreement expected by chance, alpha undefined
    return float(krippendorff.alpha(reliability_data=values, level_of_measurement=level))


def _percent(matrix: np.ndarray) -> tuple[int, float]:
    """Units with at least two codes, and the share of them on which every coder who coded them agrees."""
    n_units, agree = 0, 0
    for column in matrix.T:
        coded = column[np.isfinite(column)]
        if coded.size >= 2:
            n_units += 1
            agree += bool(np.all(coded == coded[0]))
    return n_units, (agree / n_units if n_units else float("nan"))


def agreement(codes: pd.DataFrame, level: str = "nominal", frames: Sequence[str] | None = None,
              pairs: bool = True) -> pd.DataFrame:
    """Krippendorff's alpha and percent agreement per frame, for all coders and for each pair.

    ``codes``: one row per unit and coder (:func:`framing.read_coding`), ``unit_id``, ``coder`` and a
    column per frame (missing codes allowed). ``level``: ``nominal`` (0/1 codes), ``ordinal``,
    ``interval`` or ``ratio``. Columns: ``frame``, ``coders`` (``"all"``, and ``"a & b"`` for each pair that coded
    units in common, when there are more than two coders and ``pairs=True``),
    ``n_coders``, ``n_units`` (units coded by at least two of them), ``agreement`` (share of those
    units on which they all agree), ``alpha`` (NaN when the codes take a single value) and ``level``.

    >>> agreement(read_coding("sheets/ana.csv", "sheets/ben.csv"))  # doctest: +SKIP
    """
    if level not in LEVELS:
        raise CodingError(f"agreement: level={level!r} is unknown; use one of {', '.join(LEVELS)}")
    rows = []
    for frame in frames_of(codes, frames):
        matrix = reliability_matrix(codes, frame)
        coders = list(matrix.index)
        if len(coders) < 2:
            raise CodingError(f"agreement: frame {frame!r} has codes of one coder only ({coders[0]}); "
                              "agreement needs at least two coders")
        groups = [("all", coders)]
        if pairs and len(coders) > 2:  # with two coders the pair is "all"
            groups += [(f"{a} & {b}", [a, b]) for a, b in itertools.combinations(coders, 2)]
        for label, members in groups:
            values = matrix.loc[members].to_numpy(dtype=float)
            n_units, share = _percent(values)
            if label != "all" and n_units == 0:  # coders who shared no unit (e.g. each coded half)
                continue
            rows.append((frame, label, len(members), n_units, share, _alpha(values, level) if n_units else float("nan"),
                         level))
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
