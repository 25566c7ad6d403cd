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


class OptionalDependencyError(FramingError, ImportError):
    """A feature needs an optional extra that is not installed (the message gives the pip command)."""
