"""Loading: readers for each file format (``readers``), the normalized article table (``articles``),
article sets (``sets``), near-duplicates (``duplicates``), the check report (``check``) and score
tables read back (``scores``).

>>> articles = load_articles(__import__("pandas").DataFrame({"body": ["Talks resumed."]}))
>>> list(articles.columns)
['id', 'text', 'duplicate_of']
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from framing.load.articles import SET_FILE, read_articles
from framing.load.sets import load_article_set
from framing.load.duplicates import mark_near_duplicates


def load_articles(source: Any, *, encoding: str | None = None, format: str | None = None,  # noqa: A002
                  near_duplicates: float | None = None, **options: Any) -> pd.DataFrame:
    """Read articles from a file, a folder of texts, an article-set folder or a DataFrame.

    Keywords are those of :func:`framing.load.articles.read_articles` (column names such as
    ``text="body"``, ``encoding``, ``format``, and read options for pandas). With
    ``near_duplicates=0.8`` (a Jaccard threshold), ``duplicate_of`` also names near-duplicates and
    ``duplicate_similarity`` follows it (:func:`framing.load.duplicates.mark_near_duplicates`).

    >>> load_articles("data/article_sets/winter_gas_terms")["outlet"].nunique()  # doctest: +SKIP
    4
    """
    articles = None
    if isinstance(source, (str, os.PathLike)):
        path = Path(source).expanduser()
        if path.is_dir() and (path / SET_FILE).is_file():
            articles = load_article_set(path, encoding=encoding, format=format, **options).articles
    if articles is None:
        articles = read_articles(source, encoding=encoding, format=format, **options)
    return articles if near_duplicates is None else mark_near_duplicates(articles, threshold=near_duplicates)
