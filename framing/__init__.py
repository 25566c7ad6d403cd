"""framing: comparative framing analysis of news.

Frames are measured with lexicons (default: cooperation, balance, security), tone with NLTK's VADER,
and groups are compared with bootstrap intervals, permutation tests and leave-one-entry-out checks.

>>> import framing
>>> framing.load_lexicon().frames
('cooperation', 'balance', 'security')
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# Public names and the module that defines each; imported on first use so that ``import framing``
# stays fast for the command line.
_EXPORTS = {
    "FramingError": "framing.errors",
    "LexiconError": "framing.errors",
    "ArticleSetError": "framing.errors",
    "AnalysisError": "framing.errors",
    "BatchError": "framing.errors",
    "CodingError": "framing.errors",
    "FramingWarning": "framing.errors",
    "ToneError": "framing.errors",
    "Lexicon": "framing.lexicon",
    "load_lexicon": "framing.lexicon",
    "check_lexicon": "framing.lexicon",
    "split_sentences": "framing.text",
    "tokenize": "framing.text",
    "sentence_tone": "framing.tone",
    "sentences": "framing.measures",
    "matches": "framing.measures",
    "score": "framing.measures",
    "analyse": "framing.measures",
    "Analysis": "framing.measures",
    "score_chunks": "framing.stream",
    "stream_scores": "framing.stream",
    "engine_info": "framing.provenance",
    "load_articles": "framing.load",
    "check_articles": "framing.load.check",
    "load_scores": "framing.load.scores",
    "list_article_sets": "framing.load.sets",
    "load_article_set": "framing.load.sets",
    "ArticleSet": "framing.load.sets",
    "compare": "framing.analysis.compare",
    "contrast": "framing.analysis.contrast",
    "keyness": "framing.analysis.keyness",
    "frame_keyness": "framing.analysis.keyness",
    "kwic": "framing.analysis.kwic",
    "show_kwic": "framing.analysis.kwic",
    "sensitivity": "framing.analysis.sensitivity",
    "actor_frames": "framing.analysis.actors",
    "load_actors": "framing.analysis.actors",
    "over_time": "framing.analysis.over_time",
    "run_batch": "framing.batch.run",
    "coding_sample": "framing.validation.sample",
    "read_coding": "framing.validation.sheets",
    "agreement": "framing.validation.agreement",
    "validate": "framing.validation.validate",
    "validate_ratings": "framing.validation.validate",
    "suggest_entries": "framing.validation.suggest",
    "load_coding": "framing.validation.texts",
    "consensus": "framing.validation.sheets",
    "load_nyt_validation": "framing.validation.texts",
    "build_report": "framing.report.build",
    "Report": "framing.report.build",
    "as_analysis": "framing.measures",
}

__all__ = sorted(_EXPORTS) + ["__version__", "plots"]


def __getattr__(name: str):
    if name == "plots":
        return importlib.import_module("framing.plots")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'framing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
