"""Score the bundled lexicon against the blind codes of real news in Serbian, Russian, Ukrainian,
German and English (international news on the same stories, for a like-for-like comparison;
``news_units.csv``, ``news_codes.csv``, ``news_gold.csv``), language by language.

The repository keeps only URLs, offsets, SHA-256 hashes and codes. To repeat the check, collect the
sentences from the URLs into a CSV with ``unit_id`` and ``text`` (one sentence per row, as cut at
``start``/``end`` of the page text the URL served); every text is checked against its hash first.

    python data/validation/validate_news_languages.py TEXTS.csv [--lexicon my.yaml] [--by-collection]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import pandas as pd

import framing

HERE = Path(__file__).resolve().parent
FRAMES = ("cooperation", "balance", "security")


def load(texts_path: str | Path) -> pd.DataFrame:
    """The coded units with their texts, after checking every text against its stored hash."""
    units = pd.read_csv(HERE / "news_units.csv", dtype=str)
    texts = pd.read_csv(texts_path, dtype=str)
    units = units.merge(texts[["unit_id", "text"]], on="unit_id", how="left")
    missing = units[units["text"].isna()]["unit_id"].tolist()
    if missing:
        raise framing.CodingError(f"{texts_path}: no text for {len(missing)} units, e.g. {missing[:3]}")
    digest = units["text"].map(lambda t: hashlib.sha256(t.encode("utf-8")).hexdigest())
    wrong = units[digest != units["sha256"]]["unit_id"].tolist()
    if wrong:
        raise framing.CodingError(f"{texts_path}: {len(wrong)} texts differ from the coded sentences "
                                  f"(SHA-256), e.g. {wrong[:3]}; cut them exactly at start/end")
    return units


def figures(units: pd.DataFrame, lexicon=None, n_boot: int = 2000, seed: int = 0,
            by_collection: bool = False) -> pd.DataFrame:
    """Coders' alpha and the lexicon's precision, recall and F1 per language and frame (per language
    and collection with ``by_collection``: the first collection, and the supplement drawn from pages
    about neutrality and balancing)."""
    codes = pd.read_csv(HERE / "news_codes.csv", dtype={"unit_id": str})
    gold = pd.read_csv(HERE / "news_gold.csv", dtype={"unit_id": str})
    group = units["language"].str.split("-").str[0]
    units = units.assign(group=group + " " + units["collection"] if by_collection else group)
    rows = []
    for group, members in units.groupby("group", sort=True):
        ids = set(members["unit_id"])
        alpha = framing.agreement(codes[codes["unit_id"].isin(ids)], pairs=False).set_index("frame")["alpha"]
        articles = members.rename(columns={"unit_id": "id"})[["id", "text", "language"]]
        scores = framing.validate(framing.analyse(articles, lexicon), gold[gold["unit_id"].isin(ids)],
                                  n_boot=n_boot, seed=seed).scores.set_index("frame")
        for frame in FRAMES:
            row = scores.loc[frame]
            rows.append({"language": group, "frame": frame, "units": len(ids), "positive": int(row["gold_positive"]),
                         "alpha": alpha[frame], "precision": row["precision"], "recall": row["recall"],
                         "f1": row["f1"], "f1_low": row["f1_low"], "f1_high": row["f1_high"]})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts")
    parser.add_argument("--lexicon", default=None)
    parser.add_argument("--by-collection", action="store_true", help="figures per language and collection")
    args = parser.parse_args()
    try:
        table = figures(load(args.texts), args.lexicon, by_collection=args.by_collection)
    except framing.FramingError as error:
        sys.exit(f"error: {error}")
    print(table.round(3).to_string(index=False))
