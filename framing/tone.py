"""Tone: the VADER compound score of each sentence, exactly NLTK's, offline, and fast.

NLTK's ``SentimentIntensityAnalyzer`` normally loads ``vader_lexicon`` from downloaded NLTK data.
This package never downloads anything: it feeds the same analyzer the VADER lexicon file that the
``vaderSentiment`` package ships (Hutto & Gilbert 2014), so every machine scores the same text
the same way. :func:`tone_engine` says which file.

Speed: NLTK splits each sentence by building a dictionary of every (punctuation, word) pair; here
the same split is computed token by token (:func:`vader_words`), sentences with no VADER word are
0.0 without further work, and the rest go through NLTK's valence rules, re-stated over the sentence's
lower-cased words (:func:`_valence`). Tests check that every
compound equals NLTK's ``polarity_scores`` on every sentence the tests have.

Tones: ``"vader"`` (the default) is NLTK's VADER unchanged. ``"vader+news"`` adds the
political-news valences in ``framing/resources/news_valences.tsv`` (words VADER lacks, such as
*dictator*, *invasion*, *annexation*). ``tone_lexicon=`` adds a user file of ``word<TAB>valence``
lines on top of either.

Languages: VADER is English. Sentences in other languages get NaN, never a value from English
look-alike words (German *die*, Serbian *po*), unless ``tone_lexicon`` maps their language to a
file of its own: ``tone_lexicon={"de": "de.tsv"}`` scores German sentences with VADER's rules
over that file's words alone (``"en"`` in the mapping adds words to English VADER as a plain file
does). VADER's negation and booster words stay English, a known limit for other languages.

>>> round(sentence_tone(["A good, constructive call.", ""])[0], 4)
0.4404
>>> sentence_tone(["The dictator ordered the invasion."], tone="vader+news")
[-0.8074]
"""

from __future__ import annotations

import hashlib
import math
import os
import string
from functools import lru_cache
from importlib import metadata, resources
from itertools import compress
from pathlib import Path

from nltk.sentiment.vader import SentimentIntensityAnalyzer, VaderConstants

from framing.errors import FramingError, ToneError
from framing.lexicon_entries import language_problem

TONES = ("vader", "vader+news")
NEWS_VALENCES = "news_valences.tsv"
# Sentences remembered per process (wire copy repeats); FRAMING_TONE_MEMO=0 turns the memory off
# (bench/score_bench.py does, so that replicated text is scored anew like the naive loop).
_MEMO_SIZE = int(os.environ.get("FRAMING_TONE_MEMO", "200000"))


def vader_lexicon_path() -> Path:
    """The VADER lexicon file used: the one inside the installed ``vaderSentiment`` package."""
    try:
        path = Path(str(resources.files("vaderSentiment").joinpath("vader_lexicon.txt")))
    except ModuleNotFoundError:
        raise FramingError("the vaderSentiment package is not installed; run `pip install vaderSentiment` "
                           "(it ships the VADER lexicon that framing feeds to NLTK offline)") from None
    if not path.is_file():
        raise FramingError(f"{path}: VADER lexicon missing from the vaderSentiment package; reinstall it")
    return path


def news_valences_path() -> Path:
    """The political-news valences file shipped with framing (used by ``tone="vader+news"``)."""
    return Path(str(resources.files("framing").joinpath(f"resources/{NEWS_VALENCES}")))


def read_valences(path: str | Path) -> dict[str, float]:
    """Read a ``word<TAB>valence`` file (``#`` comments and blank lines allowed) into a dict.

    Words are lower-cased (VADER looks words up in lower case); a valence is a number from -4 to 4.

    >>> read_valences(news_valences_path())["dictator"]
    -2.8
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ToneError(f"{path}: cannot read the tone lexicon ({error.strerror}); give the path of a "
                        "text file of word<TAB>valence lines") from None
    valences: dict[str, float] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.strip().split("\t")
        where = f"{path}, line {number}"
        if len(parts) != 2 or not parts[0].strip() or len(parts[0].split()) != 1:
            raise ToneError(f"{where}: expected one word, a tab and a valence (e.g. 'dictator\\t-2.8'), "
                            f"got {line.strip()!r}; VADER scores single words, so write one word per line")
        try:
            valence = float(parts[1])
        except ValueError:
            raise ToneError(f"{where}: valence {parts[1]!r} of {parts[0]!r} is not a number; "
                            "write a number from -4 to 4") from None
        if not -4 <= valence <= 4:
            raise ToneError(f"{where}: valence {valence} of {parts[0]!r} is outside VADER's scale; "
                            "write a number from -4 to 4")
        valences[parts[0].strip().lower()] = valence
    return valences


def _tone_key(tone: str, tone_lexicon: str | Path | None) -> tuple[str, str | None, int]:
    """A hashable, checked description of a tone: name, user file and its modification time."""
    if tone not in TONES:
        raise ToneError(f"unknown tone {tone!r}; use one of {', '.join(map(repr, TONES))}")
    if tone_lexicon is None:
        return tone, None, 0
    path = Path(tone_lexicon).resolve()
    if not path.is_file():
        raise ToneError(f"{tone_lexicon}: tone lexicon file not found; give the path of a text file "
                        "of word<TAB>valence lines")
    return tone, str(path), path.stat().st_mtime_ns


def tone_files(tone_lexicon: "str | Path | dict | None") -> "str | dict[str, str] | None":
    """``tone_lexicon`` checked and resolved: ``None``, one absolute path (English additions) or a
    mapping language → absolute path.

    >>> tone_files(None) is None
    True
    """
    if tone_lexicon is None:
        return None
    if not isinstance(tone_lexicon, dict):
        return str(Path(tone_lexicon).resolve())
    files = {}
    for language, path in tone_lexicon.items():
        problem = language_problem(language)
        if problem:
            raise ToneError(f"tone_lexicon: {problem}; map each language to a word<TAB>valence file, "
                            "e.g. tone_lexicon={'de': 'de.tsv'}")
        files[language] = str(Path(path).resolve())
    return files


def _language_key(tone: str, tone_lexicon, language: str) -> tuple | None:
    """The analyzer key of ``language``'s sentences, ``None`` when they get no tone."""
    files = tone_lexicon if isinstance(tone_lexicon, dict) else {"en": tone_lexicon}
    if language == "en":
        return _tone_key(tone, files.get("en"))
    if files.get(language) is None:
        return None
    _, path, stamp = _tone_key(tone, files[language])
    return "own", path, stamp


class _OfflineVader(SentimentIntensityAnalyzer):
    """NLTK's analyzer, unchanged, with its lexicon read from a local file instead of NLTK's data path."""

    def __init__(self, lexicon_text: str, additions: dict[str, float] | None = None):  # noqa: D107
        self.lexicon_file = lexicon_text
        self.lexicon = self.make_lex_dict() if lexicon_text else {}
        self.lexicon.update(additions or {})
        self.constants = VaderConstants()
        self.idiom_words = _idiom_words(self.constants)


@lru_cache(maxsize=8)
def _analyzer(key: tuple[str, str | None, int]) -> _OfflineVader:
    tone, user_file, _ = key
    if tone == "own":  # another language: VADER's rules over the user's words alone
        return _OfflineVader("", read_valences(user_file))
    additions = read_valences(news_valences_path()) if tone == "vader+news" else {}
    if user_file is not None:
        additions.update(read_valences(user_file))
    return _OfflineVader(vader_lexicon_path().read_text(encoding="utf-8"), additions)


def prepare_tone(tone: str = "vader", tone_lexicon=None, language: str = "en") -> None:
    """Build the analyzer of ``language``'s sentences now (it is remembered), e.g. once before worker
    processes are forked, so that they inherit it instead of each reading the lexicon again.

    >>> prepare_tone("vader")
    """
    key = _language_key(tone, tone_lexicon, language)
    if key is not None:
        _analyzer(key)


def analyzer(tone: str = "vader", tone_lexicon: str | Path | None = None) -> SentimentIntensityAnalyzer:
    """The shared, read-only NLTK VADER analyzer of a tone (its lexicon with any additions)."""
    return _analyzer(_tone_key(tone, tone_lexicon))


_PUNCTUATION = frozenset(string.punctuation)
_EDGE_PUNCTUATION = frozenset(VaderConstants.PUNC_LIST)


def vader_words(text: str) -> list[str]:
    """The words VADER scores in ``text``: whitespace-separated tokens longer than one character,
    with one leading or trailing run of punctuation removed when that run is one of VADER's
    punctuation marks and the rest is a punctuation-free word of two or more characters.

    >>> vader_words("Well, it's 'fine' -- (really)! A")
    ['Well', "it's", "'fine'", '--', '(really)!']
    >>> vader_words("'fine!! ok...")
    ["'fine!!", 'ok...']
    """
    words = []
    for token in text.split():
        if len(token) < 2:
            continue
        if token[0] in _PUNCTUATION:
            lead = len(token) - len(token.lstrip(string.punctuation))
            rest = token[lead:]
            if token[:lead] in _EDGE_PUNCTUATION and len(rest) > 1 and _PUNCTUATION.isdisjoint(rest):
                token = rest
        elif token[-1] in _PUNCTUATION:
            body = token.rstrip(string.punctuation)
            if token[len(body):] in _EDGE_PUNCTUATION and len(body) > 1 and _PUNCTUATION.isdisjoint(body):
                token = body
        words.append(token)
    return words


def _idiom_words(constants: VaderConstants) -> frozenset[str]:
    """Every word of VADER's multi-word idioms and boosters: a sentence window without one of them
    matches none, so their lookups can be skipped."""
    phrases = [*constants.SPECIAL_CASE_IDIOMS, *(b for b in constants.BOOSTER_DICT if " " in b)]
    return frozenset(word for phrase in phrases for word in phrase.split())


def _valence(vader: _OfflineVader, words: list[str], lowered: list[str], i: int, is_cap_diff: bool) -> float:
    """The valence NLTK's ``sentiment_valence`` gives the scored word ``words[i]``: its lexicon value
    with ALL-CAPS emphasis, the boosters and negations among the three words before it, idioms and
    "least". The same rules, operations and order as NLTK's, reading the lower-cased words once."""
    lexicon, c = vader.lexicon, vader.constants
    valence = lexicon[lowered[i]]
    if is_cap_diff and words[i].isupper():
        valence = valence + c.C_INCR if valence > 0 else valence - c.C_INCR
    for back in (1, 2, 3):
        if i < back or lowered[i - back] in lexicon:
            continue
        before, low = words[i - back], lowered[i - back]
        scalar = 0.0
        if low in c.BOOSTER_DICT:
            scalar = c.BOOSTER_DICT[low]
            if valence < 0:
                scalar *= -1
            if is_cap_diff and before.isupper():
                scalar = scalar + c.C_INCR if valence > 0 else scalar - c.C_INCR
        if back == 2 and scalar != 0:
            scalar = scalar * 0.95
        elif back == 3 and scalar != 0:
            scalar = scalar * 0.9
        valence = valence + scalar
        negated = low in c.NEGATE or "n't" in low
        if back == 1:
            if negated:
                valence = valence * c.N_SCALAR
        elif back == 2:
            if words[i - 2] == "never" and words[i - 1] in ("so", "this"):
                valence = valence * 1.5
            elif negated:
                valence = valence * c.N_SCALAR
        else:
            if (words[i - 3] == "never" and words[i - 2] in ("so", "this")) or words[i - 1] in ("so", "this"):
                valence = valence * 1.25
            elif negated:
                valence = valence * c.N_SCALAR
            if not vader.idiom_words.isdisjoint(words[i - 3:i + 3]):
                valence = _idioms(valence, words, i, c)
    if i > 0 and lowered[i - 1] == "least" and "least" not in lexicon:
        if i == 1 or lowered[i - 2] not in ("at", "very"):
            valence = valence * c.N_SCALAR
    return valence


def _idioms(valence: float, words: list[str], i: int, c: VaderConstants) -> float:
    """NLTK's idiom check of the scored word ``words[i]`` (``i >= 3``): idioms ending at, starting at or
    around it replace its valence; "kind of" / "sort of" just before lower it."""
    idioms = c.SPECIAL_CASE_IDIOMS
    w3, w2, w1, w0 = words[i - 3:i + 1]
    for phrase in (f"{w1} {w0}", f"{w2} {w1} {w0}", f"{w2} {w1}", f"{w3} {w2} {w1}", f"{w3} {w2}"):
        if phrase in idioms:
            valence = idioms[phrase]
            break
    if len(words) - 1 > i and f"{w0} {words[i + 1]}" in idioms:
        valence = idioms[f"{w0} {words[i + 1]}"]
    if len(words) - 1 > i + 1 and f"{w0} {words[i + 1]} {words[i + 2]}" in idioms:
        valence = idioms[f"{w0} {words[i + 1]} {words[i + 2]}"]
    if f"{w3} {w2}" in c.BOOSTER_DICT or f"{w2} {w1}" in c.BOOSTER_DICT:
        valence = valence + c.B_DECR
    return valence


def _compound_of(vader: _OfflineVader, text: str) -> float:
    """NLTK's ``polarity_scores(text)["compound"]``, computed by the same rules without NLTK's
    per-sentence dictionary and per-word calls (:func:`_valence`)."""
    words = vader_words(text)
    lexicon = vader.lexicon
    lowered = list(map(str.lower, words))
    scored = list(compress(range(len(lowered)), map(lexicon.__contains__, lowered)))
    if not scored:
        return 0.0  # no scored word: every valence is 0, and so is the compound
    capitals = sum(word.isupper() for word in words)
    is_cap_diff = 0 < len(words) - capitals < len(words)  # some words, not all, in ALL CAPS
    boosters = vader.constants.BOOSTER_DICT
    sentiments: list[float] = [0] * len(words)
    for j in scored:
        low = lowered[j]
        i = words.index(words[j])  # NLTK reads each word at its first occurrence
        # boosters and "kind of" carry no valence of their own
        if low not in boosters and not (low == "kind" and i < len(words) - 1 and lowered[i + 1] == "of"):
            sentiments[j] = _valence(vader, words, lowered, i, is_cap_diff)
    if "but" in lowered:  # words before the first "but" count half, words after it one and a half times
        cut = lowered.index("but")
        sentiments = [v * 0.5 if k < cut else v * 1.5 if k > cut else v for k, v in enumerate(sentiments)]
    total = float(sum(sentiments))
    if total:
        emphasis = min(text.count("!"), 4) * 0.292
        questions = text.count("?")
        emphasis += 0 if questions < 2 else questions * 0.18 if questions <= 3 else 0.96
        total = total + emphasis if total > 0 else total - emphasis
    return round(total / math.sqrt(total * total + 15), 4)


@lru_cache(maxsize=_MEMO_SIZE)
def _compound(sentence: str, key: tuple[str, str | None, int]) -> float:
    return _compound_of(_analyzer(key), sentence)


def sentence_tone(sentences: list[str], tone: str = "vader", tone_lexicon: str | Path | dict | None = None,
                  language: str = "en") -> list[float]:
    """VADER compound (-1..1) of each sentence; NaN for an empty one, and for every sentence of a
    ``language`` other than English unless ``tone_lexicon`` maps that language to a file.

    ``tone`` is ``"vader"`` (NLTK's VADER) or ``"vader+news"`` (with framing's political-news
    valences); ``tone_lexicon`` a ``word<TAB>valence`` file of further words. Repeated sentences
    (wire copy, boilerplate) are scored once and remembered.

    >>> sentence_tone(["   "])
    [nan]
    >>> sentence_tone(["Die Gespräche waren gut."], language="de")
    [nan]
    """
    key = _language_key(tone, tone_lexicon, language)
    if key is None:
        return [math.nan] * len(sentences)
    return [_compound(s, key) if isinstance(s, str) and s.strip() else math.nan for s in sentences]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def tone_engine(tone: str = "vader", tone_lexicon: str | Path | None = None) -> dict[str, str]:
    """Which tone engine and lexicon files are in use, with the files' SHA-256 (for provenance).

    >>> tone_engine("vader+news")["tone"]
    'vader+news'
    """
    files = tone_lexicon if isinstance(tone_lexicon, dict) else {"en": tone_lexicon}
    key = _tone_key(tone, files.get("en"))
    path = vader_lexicon_path()
    info = {
        "tone": tone,
        "tone_engine": f"nltk {metadata.version('nltk')} SentimentIntensityAnalyzer (VADER compound per sentence)",
        "vader_lexicon": f"vaderSentiment {metadata.version('vaderSentiment')} package file {path.name}",
        "vader_lexicon_path": str(path),
        "vader_lexicon_sha256": _sha256(path),
    }
    if tone == "vader+news":
        news = news_valences_path()
        info["tone_news_valences"] = f"framing {NEWS_VALENCES} ({len(read_valences(news))} words)"
        info["tone_news_valences_sha256"] = _sha256(news)
    if key[1] is not None:
        user = Path(key[1])
        info["tone_lexicon_path"] = str(user)
        info["tone_lexicon_words"] = str(len(read_valences(user)))
        info["tone_lexicon_sha256"] = _sha256(user)
    info["tone_languages"] = ", ".join(["en"] + sorted(t for t in files if t != "en" and files[t] is not None))
    for language in sorted(t for t in files if t != "en" and files[t] is not None):
        own = Path(_tone_key(tone, files[language])[1])
        info[f"tone_lexicon_{language}"] = f"{own} ({len(read_valences(own))} words, sha256 {_sha256(own)})"
    return info
