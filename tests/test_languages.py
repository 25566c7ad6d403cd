"""Languages: Serbian transliteration, diacritic folding with offsets, detection, per-language
lexicon sections with inflected forms, NaN (never 0) where no lexicon covers a language, and tone
only where it is valid."""

import math
import warnings

import pandas as pd
import pytest

import framing
from framing.errors import FramingWarning, LexiconError
from framing.language import (DETECT_CHARS, _identifier, detect_language, detect_languages, detect_script,
                              lexicon_language, parse_tag, resolve_languages)
from framing.lexicon import load_lexicon
from framing.scripts import matching_tokens, transliterate
from framing.characters import strip_diacritics
from framing.text import token_spans
from framing.tone import sentence_tone

# every letter of the Serbian Cyrillic alphabet (30) and its Latin letter(s)
SERBIAN = [("а", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("д", "d"), ("ђ", "đ"), ("е", "e"), ("ж", "ž"),
           ("з", "z"), ("и", "i"), ("ј", "j"), ("к", "k"), ("л", "l"), ("љ", "lj"), ("м", "m"), ("н", "n"),
           ("њ", "nj"), ("о", "o"), ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("ћ", "ć"), ("у", "u"),
           ("ф", "f"), ("х", "h"), ("ц", "c"), ("ч", "č"), ("џ", "dž"), ("ш", "š")]
UPPER = {"Љ": "Lj", "Њ": "Nj", "Џ": "Dž", "Ђ": "Đ", "Ж": "Ž", "Ћ": "Ć", "Ч": "Č", "Ш": "Š", "Ј": "J"}


@pytest.mark.parametrize("cyrillic, latin", SERBIAN)
def test_transliteration_of_every_letter(cyrillic, latin):
    assert transliterate(cyrillic)[0] == latin
    upper = UPPER.get(cyrillic.upper(), latin.upper())
    assert transliterate(cyrillic.upper())[0] == upper


def test_transliteration_table_is_complete_and_maps_offsets_back():
    assert len(SERBIAN) == 30 and len({c for c, _ in SERBIAN}) == 30
    assert transliterate("Љиљана Џаџић") == ("Ljiljana Džadžić", [0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 7, 8, 9, 9, 10, 11])
    assert transliterate("Вучић") == ("Vučić", None)  # one letter each: no map needed


def test_detection_of_many_texts_at_once_gives_py3langid_answers():
    texts = [article for path in framing.list_article_sets()["path"]
             for article in framing.load_article_set(path).articles["text"]]
    texts += [text[:40] for text in texts[:20]] + ["", "12 34", "Ok."]  # short starts, and none to detect
    found = detect_languages(texts, batch_size=7)  # batches of several lengths
    assert found == detect_languages(texts)  # the answer for a text never depends on its batch
    for text, (language, confidence) in zip(texts, found):
        if language == "und":
            assert confidence == 0.0 and sum(c.isalpha() for c in text[:DETECT_CHARS]) < 20
            continue
        expected, expected_confidence = _identifier().classify(text[:DETECT_CHARS])
        assert language == expected and abs(confidence - expected_confidence) < 1e-4, text[:60]
    assert {language for language, _ in found} >= {"en", "ru", "uk", "und"}


def test_detection_with_another_py3langid_layout_runs_its_classify_text_by_text(monkeypatch):
    import framing.language

    monkeypatch.setattr(framing.language, "_model", lambda: None)  # a py3langid without the arrays used
    texts = ["Президент обсудил поставки газа и вопросы безопасности в регионе.", "OK",
             "Die Regierung verhandelt mit den Nachbarn über die Gaslieferungen im Winter."]
    expected = [(str(lang), round(float(conf), 4)) for lang, conf in (_identifier().classify(t) for t in texts[::2])]
    assert detect_languages(texts) == [expected[0], ("und", 0.0), expected[1]]


def test_script_of_plain_ascii_and_of_other_letters():
    assert detect_script("Talks resumed.") == "Latn"
    assert detect_script("12 + 34 = 46!") is None
    assert detect_script("Вучић, Vučić and Putin") == "Latn"  # 13 Latin letters, 5 Cyrillic
    assert detect_script("Вучић и Путин, 2024") == "Cyrl"


def test_diacritics_folded_in_latin_never_in_cyrillic():
    assert strip_diacritics("vučić đoković") == "vucic dokovic"
    assert strip_diacritics("йїёў") == "йїёў"  # letters of their own, not и, і, е, у with a mark
    assert [t for _, _, t in token_spans("Україна їде", fold_diacritics=True)] == ["україна", "їде"]


def test_folding_and_transliteration_keep_offsets_into_the_original():
    lexicon = load_lexicon({"language": "sr", "frames": {"people": {"entries": ["vucic*", "dzej*", "ljiljan*"]}}})
    text = "Džej i Ljiljana: Вучић, Vučića, Џеј и Љиљана."
    found = framing.matches(pd.DataFrame({"id": ["a"], "text": [text], "language": ["sr"]}), lexicon)
    assert found["match"].tolist() == ["Džej", "Ljiljana", "Вучић", "Vučića", "Џеј", "Љиљана"]
    assert all(text[s:e] == m for s, e, m in zip(found["start"], found["end"], found["match"]))
    assert [(s, e) for s, e, _ in matching_tokens("Њујорк је", "sr")] == [(0, 6), (7, 9)]


def test_detection_on_short_and_long_texts():
    assert detect_language("Гас") == ("und", 0.0)  # too few letters to tell
    assert detect_language("Talks resumed.")[0] == "und"
    language, confidence = detect_language("Президент обсудил поставки газа и вопросы безопасности в регионе.")
    assert language == "ru" and confidence > 0.8
    long_text = " ".join(["Die Regierung verhandelt mit den Nachbarn über die Gaslieferungen im Winter."] * 40)
    assert detect_language(long_text)[0] == "de"
    assert lexicon_language(detect_language("Predsjednik je razgovarao o sigurnosti i plinu za zimu.")[0]) == "sr"
    table = resolve_languages(pd.DataFrame({"id": ["a", "b", "c"], "text": ["Ok.", "x", "Вучић"],
                                            "language": [None, "sr-Cyrl", "bs"]}))
    assert table[["language", "script", "language_source", "lexicon_language"]].values.tolist() == [
        ["en", "Latn", "default", "en"], ["sr", "Cyrl", "column", "sr"], ["bs", "Cyrl", "column", "sr"]]
    assert parse_tag("sr-Latn-RS") == ("sr", "Latn")
    with pytest.raises(framing.FramingError, match="not a BCP 47 tag"):
        parse_tag("Serbian!")


@pytest.mark.parametrize("language, text, expected", [
    ("sr", "Potpisali su sporazume o saradnji, a o bezbednosti i sankcijama se pregovaralo.",
     [("sporazum*", "sporazume"), ("saradnj*", "saradnji"), ("bezbedn*", "bezbednosti"),
      ("sankcij*", "sankcijama"), ("pregovar*", "pregovaralo")]),
    ("sr", "Потписали су споразуме о сарадњи, а о безбедности и санкцијама се преговарало.",
     [("sporazum*", "споразуме"), ("saradnj*", "сарадњи"), ("bezbedn*", "безбедности"),
      ("sankcij*", "санкцијама"), ("pregovar*", "преговарало")]),
    ("ru", "Стороны подписали соглашения о сотрудничестве, но санкциями угрожают поставкам.",
     [("соглашени*", "соглашения"), ("сотрудничеств*", "сотрудничестве"), ("санкци*", "санкциями"),
      ("угрож*", "угрожают")]),
    ("uk", "Сторони обговорили загрози безпеці, санкцій проти Росії та співпрацю з партнерами.",
     [("загроз*", "загрози"), ("безпеці", "безпеці"), ("санкці*", "санкцій"), ("співпрац*", "співпрацю"), ("партнер*", "партнерами")]),
    ("de", "Die Regierung sprach über Sicherheitspolitik, Sanktionen und die Zusammenarbeit mit Partnern.",
     [("sicherheit*", "Sicherheitspolitik"), ("sanktion*", "Sanktionen"), ("zusammenarbeit*", "Zusammenarbeit"),
      ("partner*", "Partnern")]),
])
def test_each_language_matches_inflected_forms(language, text, expected):
    found = framing.matches(pd.DataFrame({"id": ["a"], "text": [text], "language": [language]}))
    assert list(zip(found["term"], found["match"])) == expected


def test_look_alike_words_do_not_count_in_other_languages():
    # German "war" (was) and "die" (the): no security hit, no tone
    text = "Die Lage war ruhig, und die Gespräche waren freundlich und sachlich."
    table = framing.score(pd.DataFrame({"id": ["de"], "text": [text], "language": ["de"]}))
    assert table.loc[0, "security_hits"] == 0.0 and math.isnan(table.loc[0, "sentiment"])


def test_uncovered_language_is_nan_not_zero_and_warns_once():
    articles = pd.DataFrame({
        "id": ["en", "cs", "pt"], "outlet": ["A", "B", "B"], "language": ["en", "cs", "pt-BR"],
        "text": ["Energy security matters.", "Bezpečnost a spolupráce se Srbskem.", "A segurança e a cooperação."]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = framing.score(articles)
    messages = [str(w.message) for w in caught if issubclass(w.category, FramingWarning)]
    assert messages == ["no lexicon for: cs (1), pt (1); their frame measures are NaN (not 0), their "
                        "dominant_frame is 'no lexicon' and comparisons leave them out; the lexicon covers "
                        "en, de, ru, sr, uk (add a section per language: see README, Languages)"]
    assert table["dominant_frame"].tolist() == ["security", "no lexicon", "no lexicon"]
    for column in ("security_hits", "security_per_1k", "security_share", "security_tone", "sentiment"):
        assert table[column].iloc[1:].isna().all(), column
    assert table.loc[0, "security_hits"] == 2.0
    profile = framing.compare(table, "outlet", measures=["security_per_1k"], n_boot=200)
    assert profile["n"].tolist() == [1, 0]  # group B has no measured article


def test_report_notes_name_the_uncovered_languages():
    from framing.report import headlines
    from framing.uncovered import no_lexicon_note, no_tone_note

    scores = pd.DataFrame({"id": list("abc"), "language": ["cs", "pt", "cs"], "sentiment": [math.nan] * 3,
                           "dominant_frame": ["no lexicon"] * 3})
    assert no_lexicon_note(scores) == "no lexicon for: cs (2), pt (1)"
    assert no_tone_note(scores) == "no tone for 3 articles (VADER is English; no tone lexicon for: cs (2), pt (1))"
    lines = headlines([{"group": "Czechia", "frame": "security", "per_1k": None}],
                      notes={"Czechia": "no lexicon for: cs (2)"})
    assert lines == ["Czechia: no lexicon for: cs (2)"] and "no frame evoked" not in " ".join(lines)


def test_no_tone_for_other_languages_but_english_sentences_of_mixed_articles():
    assert math.isnan(sentence_tone(["Prošlo je dve i po godine od poslednjeg razgovora."], language="sr")[0])
    assert math.isnan(sentence_tone(["Вучић је разговарао са Путином."], language="sr")[0])
    mixed = ("Predsednik je razgovarao sa Putinom prvi put posle dve i po godine. "
             "The talks were a great success for both sides, officials said.")
    sentences = framing.sentences(pd.DataFrame({"id": ["m"], "text": [mixed], "language": ["und"]}))
    assert math.isnan(sentences["compound"].iloc[0])
    assert sentences["compound"].iloc[1] == pytest.approx(sentence_tone([sentences["text"].iloc[1]])[0])
    assert sentences["compound"].iloc[1] > 0


def test_a_tone_lexicon_for_another_language(tmp_path):
    words = tmp_path / "de.tsv"
    words.write_text("freundlich\t2.0\nkrieg\t-3.0\n", encoding="utf-8")
    text = "Die Gespräche waren freundlich."
    assert math.isnan(sentence_tone([text], language="de")[0])
    value = sentence_tone([text], tone_lexicon={"de": str(words)}, language="de")[0]
    assert value == pytest.approx(2 / math.sqrt(2 ** 2 + 15), abs=1e-4)  # VADER: x / sqrt(x² + 15) = 0.4588
    table = framing.score(pd.DataFrame({"id": ["de"], "text": [text], "language": ["de"]}),
                          tone_lexicon={"de": words})
    assert table.loc[0, "sentiment"] == pytest.approx(0.4588)


def test_lexicon_sections_languages_and_fingerprint():
    english_only = {"frames": {"risk": {"entries": ["risk*"], "exclude": ["risk it"]}}}
    plain = load_lexicon(english_only)
    mapped = load_lexicon({"frames": {"risk": {"entries": {"en": ["risk*"]}, "exclude": {"en": ["risk it"]}}}})
    assert plain.languages == ("en",) and plain.fingerprint == mapped.fingerprint
    two = load_lexicon({"frames": {"risk": {"entries": {"en": ["risk*"], "sr": ["rizik*"]}}}})
    other = load_lexicon({"frames": {"risk": {"entries": {"en": ["risk*"], "sr": ["rizici"]}}}})
    assert two.languages == ("en", "sr") and two.fingerprint != other.fingerprint != plain.fingerprint
    assert two.fingerprint == load_lexicon(two.to_dict()).fingerprint
    assert two.section("hr").frame("risk").entries[0].pattern == "rizik*" and two.section("cs") is None
    bundled = load_lexicon()
    assert bundled.languages == ("en", "de", "ru", "sr", "uk")
    assert bundled.section("en") is bundled


def test_a_language_the_lexicon_cannot_parse_is_a_clear_error(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text("frames:\n  security:\n    entries:\n      en: [secur*]\n      Serbian: [bezbedn*]\n",
                    encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    assert str(error.value) == (f"{path}: frame 'security': entries: language 'Serbian' is not a BCP 47 language "
                                "subtag; write a two- or three-letter ISO 639 code in lower case such as en, sr, "
                                "ru, uk or de")
    with pytest.raises(LexiconError, match="frame 'b' has no entries for sr, which other frames have"):
        load_lexicon({"frames": {"a": {"entries": {"en": ["x"], "sr": ["y"]}}, "b": {"entries": ["z"]}}})


def test_actor_aliases_across_scripts_transliterations_and_inflections():
    from framing.analysis.actors import actor_mentions, load_actors

    texts = {"Вучић је разговарао.": "Aleksandar Vučić", "Вучич провёл разговор.": "Aleksandar Vučić",
             "Vučić spoke.": "Aleksandar Vučić", "Vucic spoke.": "Aleksandar Vučić",
             "Vuchich spoke.": "Aleksandar Vučić", "Vuçiç spoke.": "Aleksandar Vučić",
             "Razgovarao je sa Putinom.": "Vladimir Putin", "Разговор Путина.": "Vladimir Putin",
             "Srbija je mala.": "Serbia", "Србија је мала.": "Serbia", "Сербия далеко.": "Serbia",
             "Сербія далеко.": "Serbia"}
    table = pd.DataFrame({"id": [str(i) for i in range(len(texts))], "sentence": 0, "text": list(texts)})
    found = actor_mentions(table, load_actors())
    assert found.groupby("id")["actor"].apply(list).to_dict() == {str(i): [a] for i, a in enumerate(texts.values())}


def test_lexicon_show_lists_the_languages(capsys):
    from framing.cli import main

    assert main(["lexicon", "show", "--entries"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "languages: en, de, ru, sr, uk (entries below: en)" in out
    assert sum(line.startswith("  entries (sr): ") for line in out) == 3
