"""Draw a coding sample and write the coding sheet that people fill in (see docs/codebook.md).

Every unit records its sampling probability ``p_sample`` and weight ``1 / p_sample``, so that
estimates from an oversampled stratum can be re-weighted (:func:`framing.validate` takes them).

>>> import pandas as pd
>>> articles = pd.DataFrame({"id": ["a", "b"], "text": ["Troops massed. Talks resumed.", "A deal. No deal."]})
>>> coding_sample(articles, n=2, seed=1)[["unit_id", "p_sample", "weight"]]
  unit_id  p_sample  weight
0     a:1       0.5     2.0
1     b:0       0.5     2.0
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from framing.checks import require_whole
from framing.errors import CodingError
from framing.files import write_table, write_text
from framing.lexicon import Lexicon, load_lexicon
from framing.measures import Analysis, as_analysis, require_articles
from framing.validation.sheets import CODER, NOTE, TEXT, UNIT

UNITS = ("sentence", "article")
ALLOCATIONS = ("equal", "proportional")
SAMPLE_COLUMNS = [UNIT, "id", "sentence", "stratum", "p_sample", "weight", TEXT]
CODEBOOK = "docs/codebook.md"


def coding_units(articles: pd.DataFrame | Analysis, unit: str = "sentence",
                 lexicon: Lexicon | str | None = None) -> pd.DataFrame:
    """The units people code: ``unit_id``, ``id``, ``sentence`` and ``text``, in the articles' order.

    Sentence units come from :func:`framing.sentences` (``unit_id`` is ``"<id>:<sentence>"``);
    article units are the articles themselves (``unit_id`` is the id, ``sentence`` is -1).

    >>> coding_units(pd.DataFrame({"id": ["a"], "text": ["One. Two."]}))["unit_id"].tolist()
    ['a:0', 'a:1']
    """
    if unit not in UNITS:
        raise CodingError(f"coding_sample: unit={unit!r} is unknown; use 'sentence' or 'article'")
    if unit == "article":
        articles = articles.articles if isinstance(articles, Analysis) else require_articles(articles)
        ids = articles["id"].astype(str)
        return pd.DataFrame({UNIT: ids.to_numpy(), "id": ids.to_numpy(), "sentence": -1,
                             TEXT: articles["text"].fillna("").astype(str).to_numpy()})
    table = as_analysis(articles, lexicon).sentences
    return pd.DataFrame({UNIT: table["id"] + ":" + table["sentence"].astype(str), "id": table["id"],
                         "sentence": table["sentence"], TEXT: table["text"]})


def _strata(units: pd.DataFrame, articles: pd.DataFrame, strata) -> pd.Series:
    """The stratum of each unit: one stratum, an article column, or a mapping/Series by unit_id (or article id)."""
    if strata is None:
        return pd.Series("all", index=units.index)
    if isinstance(strata, str):
        if strata not in articles.columns:
            raise CodingError(f"coding_sample: strata={strata!r} is not a column of the articles (columns: "
                              f"{', '.join(map(str, articles.columns))}); pass a column name or a mapping unit_id -> stratum")
        by_article = pd.Series(articles[strata].to_numpy(), index=articles["id"].astype(str))
        return units["id"].map(by_article).astype(str)
    if isinstance(strata, (Mapping, pd.Series)):
        lookup = pd.Series(strata) if isinstance(strata, Mapping) else strata
        lookup.index = lookup.index.astype(str)
        keyed = units[UNIT].map(lookup)
        keyed = keyed.where(keyed.notna(), units["id"].map(lookup))
        missing = units.loc[keyed.isna(), UNIT]
        if len(missing):
            raise CodingError(f"coding_sample: no stratum for {len(missing)} unit(s), e.g. {', '.join(missing[:3])}; "
                              "the mapping must give a stratum for every unit_id (or article id)")
        return keyed.astype(str)
    raise CodingError(f"coding_sample: strata must be None, a column name or a mapping/Series of stratum per unit, "
                      f"not {type(strata).__name__}")


def _allocate(sizes: pd.Series, n, allocation: str) -> pd.Series:
    """Units to draw per stratum: ``n`` each (``equal``), ``n`` shared by size (``proportional``, largest
    remainders), or a mapping stratum -> n. A stratum smaller than its share is taken whole."""
    if isinstance(n, Mapping):
        unknown = sorted(set(map(str, n)) - set(sizes.index))
        if unknown:
            raise CodingError(f"coding_sample: n names unknown strata {', '.join(unknown)}; strata are: "
                              f"{', '.join(sizes.index)}")
        wanted = pd.Series({s: n.get(s, 0) for s in sizes.index}, dtype="int64")
    elif isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1:
        if allocation not in ALLOCATIONS:
            raise CodingError(f"coding_sample: allocation={allocation!r} is unknown; use 'equal' or 'proportional'")
        if allocation == "equal":
            wanted = pd.Series(int(n), index=sizes.index, dtype="int64")
        else:
            exact = sizes / sizes.sum() * min(int(n), int(sizes.sum()))
            wanted = np.floor(exact).astype("int64")
            short = int(round(exact.sum())) - int(wanted.sum())
            order = (exact - wanted).sort_values(ascending=False, kind="stable").index[:short]
            wanted[order] += 1
    else:
        raise CodingError(f"coding_sample: n={n!r} must be a positive whole number (or a mapping stratum -> n)")
    return np.minimum(wanted, sizes)


def coding_sample(articles: pd.DataFrame | Analysis, n, unit: str = "sentence", strata=None,
                  allocation: str = "equal", seed: int = 0, path: str | os.PathLike | None = None,
                  lexicon: Lexicon | str | None = None, codebook: str = CODEBOOK) -> pd.DataFrame:
    """Draw ``n`` units per stratum (or ``n`` in all with ``allocation="proportional"``) at random.

    ``strata``: ``None`` (one stratum), a column of the articles, or a mapping/Series giving the
    stratum of each ``unit_id`` (or article id); ``n`` may also map stratum -> units to draw. Each
    stratum is a simple random sample without replacement, so ``p_sample = n_h / N_h`` and
    ``weight = N_h / n_h``. Returns ``unit_id``, ``id``, ``sentence``, ``stratum``, ``p_sample``,
    ``weight``, ``text`` in a shuffled order (so coders do not read units in article order).

    With ``path`` (a ``.csv``) it also writes the coding sheet there (``unit_id``, ``text``, one
    empty column per frame of ``lexicon``, ``coder``, ``note``), the sample with its weights beside
    it (``<name>.sample.csv``) and the coding instructions (``<name>.instructions.md``).

    >>> coding_sample(articles, n=40, strata="outlet", path="sheets/round1.csv")  # doctest: +SKIP
    """
    require_whole(seed, "seed", "coding_sample", 0, CodingError)
    units = coding_units(articles, unit, lexicon)
    source = articles.articles if isinstance(articles, Analysis) else articles
    units["stratum"] = _strata(units, source, strata).to_numpy()
    sizes = units.groupby("stratum", sort=True).size()
    wanted = _allocate(sizes, n, allocation)
    rng = np.random.default_rng(seed)
    parts = []
    for stratum, size in sizes.items():
        take = int(wanted[stratum])
        if take == 0:
            continue
        pool = units[units["stratum"] == stratum]
        chosen = pool.iloc[np.sort(rng.choice(size, size=take, replace=False))].copy()
        chosen["p_sample"] = take / size
        chosen["weight"] = size / take
        parts.append(chosen)
    sample = pd.concat(parts, ignore_index=True)
    sample = sample.iloc[rng.permutation(len(sample))].reset_index(drop=True)[SAMPLE_COLUMNS]
    sample.attrs.update({"unit": unit, "seed": seed, "allocation": allocation,
                         "stratum_sizes": {str(k): int(v) for k, v in sizes.items()}})
    if path is not None:
        write_sheet(sample, path, lexicon=load_lexicon(lexicon), codebook=codebook)
    return sample


def sheet_paths(path: str | os.PathLike) -> tuple[Path, Path, Path]:
    """The sheet, sample and instruction files of a coding sheet path ``x.csv``.

    >>> [p.name for p in sheet_paths("round1.csv")]
    ['round1.csv', 'round1.sample.csv', 'round1.instructions.md']
    """
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise CodingError(f"{path}: a coding sheet is a .csv file; give a path ending in .csv")
    return path, path.with_name(path.stem + ".sample.csv"), path.with_name(path.stem + ".instructions.md")


def write_sheet(sample: pd.DataFrame, path: str | os.PathLike, lexicon: Lexicon | None = None,
                codebook: str = CODEBOOK) -> Path:
    """Write the empty coding sheet of ``sample``, the sample table and the instructions (see :func:`coding_sample`)."""
    lexicon = lexicon or load_lexicon()
    sheet_path, sample_path, instructions_path = sheet_paths(path)
    sheet = pd.DataFrame({UNIT: sample[UNIT], TEXT: sample[TEXT]})
    for frame in lexicon.frames:
        sheet[frame] = ""
    sheet[CODER] = ""
    sheet[NOTE] = ""
    write_table(sheet, sheet_path)
    write_table(sample.drop(columns=[TEXT]), sample_path)
    write_text(instructions_path, instructions(lexicon, sheet_path.name, len(sample), codebook))
    return sheet_path


def instructions(lexicon: Lexicon, sheet_name: str, n_units: int, codebook: str = CODEBOOK) -> str:
    """The instruction text written beside a coding sheet: the codebook to follow and each frame's definition.

    >>> instructions(load_lexicon(), "s.csv", 3).splitlines()[0]
    '# Coding instructions for s.csv (3 units)'
    """
    lines = [f"# Coding instructions for {sheet_name} ({n_units} units)", "",
             f"Follow the codebook, {codebook} in the framing repository: it says what counts for each frame.",
             "Code each unit (one sentence, or one article) on its own, without the lexicon and without anyone "
             "else's codes.", "",
             f"- Write your name or code in `{CODER}` on every row.",
             f"- Write 1 if the unit evokes the frame and 0 if it does not, in every frame column "
             f"({', '.join(lexicon.frames)}). Leave no cell empty.",
             f"- Change nothing else: do not reorder, add or delete rows, do not edit `{UNIT}` or `{TEXT}`. "
             f"`{NOTE}` is free text and is not read.", "",
             f"## The frames (lexicon {lexicon.name} {lexicon.version})", ""]
    for frame in lexicon.frame_defs:
        lines += [f"**{frame.name}**: {frame.definition or '(no definition in the lexicon)'}", ""]
    return "\n".join(lines)
