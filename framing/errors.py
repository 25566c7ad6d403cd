"""Typed errors. Every message names the file, line, column or term at fault and says what to do."""


class FramingError(Exception):
    """Base class for every error the package raises on bad input."""


class LexiconError(FramingError, ValueError):
    """A lexicon file or object is malformed (names the file, frame and entry)."""


class ArticleSetError(FramingError, ValueError):
    """An article file, table or article-set folder cannot be read as articles."""


class AnalysisError(FramingError, ValueError):
    """An analysis was asked for something the data cannot give (unknown column, group, frame…)."""


class BatchError(FramingError, RuntimeError):
    """A batch of notebook runs could not be set up or finished."""


class FramingWarning(UserWarning):
    """Input was read, but something in it deserves a look (unparseable dates, a missing optional file…)."""


class CodingError(FramingError, ValueError):
    """A coding sheet, coding sample or gold table cannot be read as codes (names the file, line and column)."""


QUOTE_LIMIT = 80  # characters of a value quoted in a message; longer values are cut


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)`` for an error message, at most ``limit`` characters (long values cut with ``…``).

    >>> quoted("secur*")
    "'secur*'"
    >>> quoted("x" * 100, limit=12)
    "'xxxxxxxxxx…"
    """
    import reprlib

    text = repr(value[:limit]) if isinstance(value, str) else reprlib.repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def first_few(items, separator: str = ", ", limit: int = 5) -> str:
    """The first ``limit`` items joined by ``separator``, then how many more there are (after a
    semicolon when ``separator`` is one), for messages that list problems.

    >>> first_few(["line 2", "line 5", "line 9"], limit=2)
    'line 2, line 5 and 1 more'
    >>> first_few(["a", "b", "c"], "; ", limit=2)
    'a; b; and 1 more'
    """
    items = [str(item) for item in items]
    more = f"{separator.rstrip(', ')} and {len(items) - limit} more" if len(items) > limit else ""
    return separator.join(items[:limit]) + more


class ToneError(FramingError, ValueError):
    """An unknown tone, or a tone lexicon file that cannot be read (names the file and line)."""


class OptionalDependencyError(FramingError, ImportError):
    """A feature needs an optional extra that is not installed (the message gives the pip command)."""
