"""Texts of coded units read from where they live (never copied into a coding data folder).

The stored NYT coding (``data/validation/nyt_*.csv``) holds ids, codes and weights only; the
sentences are read at run time from the VADER New York Times ratings (Hutto & Gilbert 2014), a
tab-separated file without header: ``id``, ``rating``, ``text``.

>>> load_nyt_validation("../shared/validation/vader_nyt").units.columns.tolist()  # doctest: +SKIP
['unit_id', 'article', 'stratum', 'phase', 'p_sample', 'weight', 'part', 'rating', 'text']
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from framing.errors import CodingError
from framing.validation.sheets import TEXT, UNIT, consensus, frames_of, read_coding

NYT_FILE = "nytEditorialSnippets_GroundTruth.txt"
NYT_DATA = Path(__file__).resolve().parents[2] / "data" / "validation"
PARTS = ("development", "test", "fresh-test", "all")


def read_texts(path: str | os.PathLike) -> pd.DataFrame:
    """``unit_id`` and ``text`` (and ``rating`` when the file has one) from a table of unit texts.

    A CSV/TSV with a header needs ``unit_id`` (or ``id``) and ``text``; a tab-separated file without
    header is read as ``id``, ``rating``, ``text`` (the layout of the VADER ratings).

    >>> read_texts("../shared/validation/vader_nyt/nytEditorialSnippets_GroundTruth.txt").shape  # doctest: +SKIP
    (5190, 3)
    """
    path = Path(path)
    if not path.is_file():
        raise CodingError(f"{path}: no such file of unit texts; give a CSV with unit_id and text columns")
    with path.open(encoding="utf-8") as handle:
        first = handle.readline().rstrip("\n").split("\t")
    if len(first) == 3 and first[0] not in (UNIT, "id"):
        table = pd.read_csv(path, sep="\t", header=None, names=[UNIT, "rating", TEXT], quoting=3,
                            dtype={UNIT: str, TEXT: str}, keep_default_na=False)
        return table
    table = pd.read_csv(path, sep="\t" if len(first) > 1 else ",", dtype=str, keep_default_na=False)
    if UNIT not in table.columns and "id" in table.columns:
        table = table.rename(columns={"id": UNIT})
    missing = [c for c in (UNIT, TEXT) if c not in table.columns]
    if missing:
        raise CodingError(f"{path}: no {missing[0]!r} column (columns: {', '.join(table.columns)}); "
                          "a file of unit texts needs unit_id and text")
    return table


def attach_texts(units: pd.DataFrame, texts: pd.DataFrame | str | os.PathLike) -> pd.DataFrame:
    """``units`` with the ``text`` of each ``unit_id`` from ``texts`` (a table or a file for :func:`read_texts`)."""
    if not isinstance(texts, pd.DataFrame):
        texts = read_texts(texts)
    lookup = texts.drop_duplicates(UNIT).set_index(UNIT)
    missing = units.loc[~units[UNIT].isin(lookup.index), UNIT]
    if len(missing):
        raise CodingError(f"no text for {len(missing)} coded unit(s), e.g. {', '.join(missing[:3])}; "
                          "give the file the units were sampled from")
    result = units.drop(columns=[c for c in (TEXT, "rating") if c in units.columns and c in lookup.columns])
    for column in [c for c in ("rating", TEXT) if c in lookup.columns]:
        result[column] = result[UNIT].map(lookup[column])
    return result


@dataclass(frozen=True)
class CodedSample:
    """A coded sample: ``units`` (ids, strata, weights, part, text), ``codes`` (one row per unit and
    coder) and ``gold`` (adjudicated, one row per unit), restricted to one part."""

    units: pd.DataFrame
    codes: pd.DataFrame
    gold: pd.DataFrame

    @property
    def weights(self) -> pd.Series | None:
        """The weight (1 / sampling probability) of each unit, indexed by ``unit_id`` (None without a sample)."""
        return self.units.set_index(UNIT)["weight"] if "weight" in self.units.columns else None

    @property
    def strata(self) -> pd.Series | None:
        """The stratum of each unit, indexed by ``unit_id`` (None when the sample has no strata)."""
        return self.units.set_index(UNIT)["stratum"] if "stratum" in self.units.columns else None

    @property
    def articles(self) -> pd.DataFrame:
        """The units as articles (``id`` = ``unit_id``, ``text``, and ``language`` when the sample
        records it) for :func:`framing.analyse`."""
        articles = pd.DataFrame({"id": self.units[UNIT], TEXT: self.units[TEXT]})
        if "language" in self.units.columns:
            articles["language"] = self.units["language"].to_numpy()
        return articles


def load_coding(*sheets, texts=None, sample=None, gold=None, part: str | None = None,
                frames=None, complete: str = "coder") -> CodedSample:
    """Coding sheets with everything :func:`framing.validate` needs: the units' texts (from the sheets'
    ``text`` column or ``texts``, a file for :func:`read_texts`), the sample (its CSV or table; weights,
    strata and ``part``), the gold codes (an adjudicated CSV or table; without one, the coders'
    majority, see :func:`framing.validation.sheets.consensus`). ``part`` keeps the units of one part
    of a split sample (``"all"`` or ``None``: every unit); ``complete`` as in :func:`read_coding`.

    >>> load_coding("sheets/ana.csv", "sheets/ben.csv", sample="sheets/round1.sample.csv")  # doctest: +SKIP
    """
    if isinstance(sample, (str, os.PathLike)):
        sample = pd.read_csv(sample, dtype={UNIT: str, "id": str, "article": str})
    codes = read_coding(*sheets, frames=frames, sample=sample, complete=complete)
    names = frames_of(codes, frames)
    if sample is not None:
        units = sample.copy()
        units[UNIT] = units[UNIT].astype(str)
    else:
        units = pd.DataFrame({UNIT: codes[UNIT].drop_duplicates().to_numpy()})
    if part not in (None, "all"):
        if "part" not in units.columns:
            raise CodingError(f"part={part!r}: the sample has no 'part' column; leave part out")
        if part not in set(units["part"]):
            raise CodingError(f"part={part!r} is not a part of the sample (parts: {', '.join(sorted(set(units['part'])))})")
        units = units[units["part"] == part].reset_index(drop=True)
    keep = set(units[UNIT])
    codes = codes[codes[UNIT].isin(keep)].reset_index(drop=True)
    if texts is not None:
        units = attach_texts(units, texts)
    elif TEXT in codes.columns:
        units = attach_texts(units, codes[[UNIT, TEXT]])
    else:
        raise CodingError("the coding sheets have no text column; give the texts of the units (texts=, --texts)")
    if gold is None:
        gold = consensus(codes, names)
    else:
        if isinstance(gold, (str, os.PathLike)):
            gold = pd.read_csv(gold, dtype={UNIT: str})
        gold = gold[gold[UNIT].astype(str).isin(keep)].reset_index(drop=True)
    return CodedSample(units, codes.drop(columns=[TEXT], errors="ignore"), gold)


def load_nyt_validation(shared_dir: str | os.PathLike, part: str = "development",
                        data_dir: str | os.PathLike = NYT_DATA) -> CodedSample:
    """The coded NYT editorial sentences of ``part`` (``"development"``, ``"test"``, ``"fresh-test"``
    or ``"all"``) with their texts read from ``shared_dir`` (the folder holding the VADER NYT ratings file).

    Revise a lexicon on the development part only: the test part was scored once for lexicon 2.0,
    and the fresh test sample (drawn later from the test articles) is kept for reporting the next
    revision.

    >>> load_nyt_validation("../shared/validation/vader_nyt").gold.shape  # doctest: +SKIP
    """
    if part not in PARTS:
        raise CodingError(f"load_nyt_validation: part={part!r} is unknown; use one of {', '.join(PARTS)}")
    source = Path(shared_dir)
    source = source / NYT_FILE if source.is_dir() else source
    if not source.is_file():
        raise CodingError(f"{source}: the VADER NYT ratings file is not there; give the folder that holds {NYT_FILE}")
    data_dir = Path(data_dir)
    coded = load_coding(data_dir / "nyt_codes.csv", texts=source, sample=data_dir / "nyt_sample.csv",
                        gold=data_dir / "nyt_gold.csv", part=part, complete="unit")
    coded.units["language"] = "en"  # one-sentence units are too short to detect reliably; the set is English
    return coded
