"""Speed with identical numbers: framing's fast paths give exactly what NLTK and a plain matcher give,
on every sentence the tests have (the bundled sets always; the NYT editorials when the shared folder is there)."""

import re
import warnings
from functools import lru_cache

import pandas as pd
import pytest
from nltk.sentiment.vader import SentiText, VaderConstants
from nltk.tokenize import RegexpTokenizer
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

import framing
from conftest import REPO
from framing.lexicon import load_lexicon
from framing.characters import normalize, strip_diacritics
from framing.text import TOKEN_PATTERN, _abbreviations, split_sentences, token_spans
from framing.tone import _compound, sentence_tone, vader_words
from test_tone import NYT, nltk_with_installed_vader, nyt_sentences  # noqa: F401 - the fixture is used below

# Edge cases written for these tests: punctuation runs, emoticons, capitals, boosters, "kind of", "but", "least".
TRICKY = [
    "Well, it's 'fine' -- (really)! A", "'fine!! ok...", "!!hello,, ,world ?!?x y?!?! --ab", ":) :-( lol",
    "GREAT stuff but bad", "kind of good kind of good", "NOT GOOD!!! but very nice??", "I'm not at least happy",
    "at least it is very good", "The deal was extremely good, but the talks were NOT great.", "?!?!", "a",
    "Sanctions, sanctions and more sanctions!!!", "He never was so happy -- yeah right.", "\"Good.\" 'Bad.'",
    # candidate sentence breaks of every kind: abbreviations, initials, numbers, hyphens, quotes, tabs
    "Gen. Smith met Sen. Jones. Then the talks ended.\tNext week it is well-known. Really. J. R. wrote no. 5.",
    "The vote was 5. Then 12.5. Mr. X. Ms. Y. The U.S. It ended... Then (it did.) So \"it did.\" And it is."
]


def all_texts() -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        sets = framing.list_article_sets(REPO / "data" / "article_sets")["path"]
        texts = [t for path in sets for t in framing.load_article_set(path).articles["text"].tolist()]
    if NYT.exists():
        texts += nyt_sentences()["text"].tolist()
    return texts + TRICKY


@pytest.fixture(scope="module")
def sentences_under_test() -> list[str]:
    return [s for text in all_texts() for _, _, s in split_sentences(text)] + TRICKY


def test_vader_words_are_nltks(sentences_under_test):
    constants = VaderConstants()
    for sentence in sentences_under_test:
        nltk_words = SentiText(sentence, constants.PUNC_LIST, constants.REGEX_REMOVE_PUNCTUATION).words_and_emoticons
        assert vader_words(sentence) == nltk_words, sentence


def test_every_compound_is_nltks(sentences_under_test, nltk_with_installed_vader):
    _compound.cache_clear()
    expected = [nltk_with_installed_vader.polarity_scores(s)["compound"] for s in sentences_under_test]
    assert sentence_tone(sentences_under_test) == expected
    assert len(sentences_under_test) > 1000


# Words that set off every valence rule: ALL CAPS, boosters and dampeners, negations, "never so",
# "least", "kind of", idioms, "but", and runs of ! and ?.
RULE_WORDS = ["good", "GOOD", "bad", "BAD", "never", "so", "this", "not", "NOT", "isn't", "very", "VERY",
              "extremely", "least", "at", "kind", "of", "KIND", "sort", "but", "BUT", "the", "bomb", "shit", "yeah",
              "right", "cut", "mustard", "kiss", "death", "hand", "to", "mouth", "ass", "just", "enough", "happy",
              "war", "peace", "!", "!!", "?", "??", "???", "????", "great!", "(nice)", "'fine'", "--", "talks",
              "without", "barely", "hardly", "deal", "love", "hate", "no", "nor", "Never", "totally", ":)", ":("]


def test_every_valence_rule_is_nltks_on_random_word_strings(nltk_with_installed_vader):
    import random

    draw = random.Random(7)
    strings = [" ".join(draw.choice(RULE_WORDS) for _ in range(draw.randint(1, 12))) for _ in range(20_000)]
    _compound.cache_clear()
    assert sentence_tone(strings) == [nltk_with_installed_vader.polarity_scores(s)["compound"] for s in strings]


class _NewsPunctuation(PunktLanguageVars):
    sent_end_chars = (".", "?", "!")


def test_sentence_spans_are_nltk_punkts_with_its_own_patterns():
    parameters = PunktParameters()
    parameters.abbrev_types = _abbreviations()
    nltk_punkt = PunktSentenceTokenizer(parameters, lang_vars=_NewsPunctuation())
    from framing.text import _sentence_tokenizer
    ours = _sentence_tokenizer()
    for text in all_texts():
        for block in text.splitlines(keepends=True):
            assert list(ours.span_tokenize(block)) == list(nltk_punkt.span_tokenize(block)), block


def test_token_spans_are_nltk_regexp_tokenizers(sentences_under_test):
    nltk_words = RegexpTokenizer(TOKEN_PATTERN)
    for sentence in sentences_under_test + ["Vučić’s “energy-security” plan, U.S.-led; ŁÓDŹ's ß"]:
        normalized, origin = normalize(sentence)
        expected = []
        for start, end in nltk_words.span_tokenize(normalized):
            token = normalized[start:end]
            if origin is not None:
                start, end = origin[start], origin[end - 1] + 1
            expected.append((start, end, token))
        assert token_spans(sentence) == expected, sentence


# A plain reference matcher: every pattern tried at every token, the rules of framing.match written
# out directly, with no index and no memory.
@lru_cache(maxsize=None)  # only to keep the test quick: the answer depends on the two strings alone
def _fits(word: str, token: str) -> bool:
    if "*" in word or "?" in word:
        regex = "".join(r"[\w'.]*" if c == "*" else r"[\w']" if c == "?" else re.escape(c) for c in word)
        return re.fullmatch(regex, token) is not None
    return word == token


@lru_cache(maxsize=None)
def _form(token: str, pattern: str, word: str) -> str:
    token = token if not pattern.isascii() else strip_diacritics(token)
    if "'" not in word and token.endswith("'s") and len(token) > 2:
        token = token[:-2]
    return token


@lru_cache(maxsize=None)
def _parts(pattern: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(pattern.replace("-", " ").split()), tuple(re.findall(r"[\s\-]+", pattern.strip()))


def _candidates(sentence, tokens, pattern):
    words, separators = _parts(pattern)
    found = []
    for first in range(len(tokens) - len(words) + 1):
        ok = all(_fits(w, _form(tokens[first + k][2], pattern, w)) for k, w in enumerate(words))
        for k, separator in enumerate(separators):
            between = sentence[tokens[first + k][1]:tokens[first + k + 1][0]]
            gap = r"\s*-\s*" if separator.strip() == "-" else r"[\s\-]*"
            ok = ok and re.fullmatch(gap, between) is not None
        if ok:
            found.append((first, first + len(words)))
    return found


def _may_match(pattern: str, tokens) -> bool:
    """Only to keep the test quick: a pattern whose first word's leading letters appear in no token is skipped."""
    head = re.split(r"[*?]", _parts(pattern)[0][0])[0]
    return any(head in strip_diacritics(token) or head in token for _, _, token in tokens)


def reference_counts(sentence: str, lexicon) -> dict[str, float]:
    tokens = token_spans(sentence)
    counts = {}
    for frame in lexicon.frame_defs:
        excluded = [span for p in frame.exclude if _may_match(p, tokens) for span in _candidates(sentence, tokens, p)]
        entries = []
        for order, entry in enumerate(frame.entries):
            if not _may_match(entry.pattern, tokens):
                continue
            literal = sum("*" not in w and "?" not in w for w in entry.pattern.replace("-", " ").split())
            for s, e in _candidates(sentence, tokens, entry.pattern):
                if not any(s < xe and xs < e for xs, xe in excluded):
                    chars = tokens[e - 1][1] - tokens[s][0]
                    entries.append(((-(e - s), -chars, s, -literal, -len(entry.pattern), order), s, e, entry.weight))
        used, total = set(), 0.0
        for _, s, e, weight in sorted(entries):
            if used.isdisjoint(range(s, e)):
                used.update(range(s, e))
                total += weight
        counts[frame.name] = total
    return counts


def test_every_hit_count_is_the_reference_matchers():
    lexicon = load_lexicon()
    articles = pd.DataFrame({"text": all_texts()})
    articles["id"] = [f"a{i}" for i in range(len(articles))]
    articles["language"] = "en"  # the reference matchers read the English section, whatever the text
    table = framing.sentences(articles, lexicon)
    columns = [f"{f}_hits" for f in lexicon.frames]
    expected = [list(reference_counts(s, lexicon).values()) for s in table["text"]]
    assert table[columns].to_numpy().tolist() == expected
    assert table[columns].to_numpy().sum() > 500  # the comparison covers real hits


def test_prefix_globs_fit_the_tokens_their_regex_fits():
    from framing.match import _word_fits, _word_matcher

    tokens = ["secur", "security", "securities", "secure's", "secur.ity", "insecure", "secur-ity", "sécurité",
              "безпека", "безпеки", "без", "", "s", "secur ity"]
    for word in ["secur*", "безпек*", "s*", "*"]:
        regex = re.compile("".join(r"[\w'.]*" if c == "*" else re.escape(c) for c in word))
        assert [_word_fits(_word_matcher(word), t) for t in tokens] == [regex.fullmatch(t) is not None for t in tokens]
    assert [t for t in tokens if _word_fits(_word_matcher("secur*"), t)] == ["secur", "security", "securities",
                                                                            "secure's", "secur.ity"]


def test_an_entry_left_out_of_the_compiled_lexicon_matches_as_the_lexicon_without_it(sentences_under_test):
    from framing.match import compile_lexicon, compile_without, match_tokens

    lexicon = load_lexicon()
    for frame, entry in [("security", "secur*"), ("security", "energy security"), ("cooperation", "ties"),
                         ("balance", "neutrality"), ("balance", "military neutrality"), ("cooperation", "agreement*")]:
        left_out, rebuilt = compile_without(lexicon, frame, entry), compile_lexicon(lexicon.without_entry(frame, entry))
        for sentence in sentences_under_test:
            tokens = token_spans(sentence)
            assert match_tokens(sentence, tokens, left_out) == match_tokens(sentence, tokens, rebuilt), (entry, sentence)
    with pytest.raises(framing.LexiconError, match="no entry 'not an entry'"):
        compile_without(lexicon, "security", "not an entry")
