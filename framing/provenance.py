"""Provenance: which engines, lexicon and data produced a result, so that every report can say so.

>>> info = engine_info()
>>> info["lexicon_fingerprint"] == load_lexicon().fingerprint
True
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

import pandas as pd

from framing.language import detector_info
from framing.lexicon import Lexicon, load_lexicon
from framing.text import SENTENCE_SPLITTER, TOKEN_PATTERN
from framing.tone import tone_engine

DEPENDENCIES = ("pandas", "numpy", "nltk", "regex", "vaderSentiment", "py3langid",
                "scipy", "matplotlib", "papermill", "nbconvert", "pyarrow")


def engine_info(lexicon: Lexicon | str | None = None, tone: str = "vader",
                tone_lexicon: str | Path | dict | None = None) -> dict[str, str]:
    """The sentence splitter, tokenizer, tone engine (its VADER lexicon file, and for
    ``tone="vader+news"`` or a ``tone_lexicon`` the added valence files) and lexicon in use."""
    from framing import __version__

    lexicon = load_lexicon(lexicon)
    return {
        "framing_version": __version__,
        "sentence_splitter": SENTENCE_SPLITTER,
        "tokenizer": f"regex {TOKEN_PATTERN} (as nltk RegexpTokenizer)",
        **tone_engine(tone, tone_lexicon),
        "lexicon_name": lexicon.name,
        "lexicon_version": lexicon.version,
        "lexicon_source": lexicon.source,
        "lexicon_fingerprint": lexicon.fingerprint,
        "lexicon_languages": ", ".join(lexicon.languages),
        **detector_info(),
    }


def dependency_versions(names: tuple[str, ...] = DEPENDENCIES) -> dict[str, str]:
    """Installed versions of the packages results depend on (``"not installed"`` where absent)."""
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def data_hash(articles: pd.DataFrame) -> str:
    """First 16 hex digits of a SHA-256 over the articles' ids and texts, in order.

    >>> len(data_hash(pd.DataFrame({"id": ["a"], "text": ["x"]})))
    16
    """
    digest = hashlib.sha256()
    for article_id, text in zip(articles["id"].astype(str), articles["text"]):
        for part in (article_id, text if isinstance(text, str) else ""):
            encoded = part.encode("utf-8")
            digest.update(len(encoded).to_bytes(8, "big"))
            digest.update(encoded)
    return digest.hexdigest()[:16]
