from framing.characters import normalize, strip_diacritics
from framing.text import split_sentences, token_spans, tokenize


def texts(text):
    return [piece for _, _, piece in split_sentences(text)]


def test_abbreviations_do_not_end_sentences():
    assert texts("Mr. Vučić met U.S. envoys on Jan. 5 in Belgrade. The talks were long.") == [
        "Mr. Vučić met U.S. envoys on Jan. 5 in Belgrade.",
        "The talks were long.",
    ]
    assert texts("The plan is No. 3 on the list. Dr. Ilić agreed.") == [
        "The plan is No. 3 on the list.",
        "Dr. Ilić agreed.",
    ]


def test_initials_in_names_do_not_end_sentences():
    assert texts("Analyst J. R. Tomić disagreed. She left.") == ["Analyst J. R. Tomić disagreed.", "She left."]


def test_quotes_and_dashes_as_news_uses_them():
    assert texts("He said: “It is over.” Then he left. The deal — signed late — held.") == [
        "He said: “It is over.”",
        "Then he left.",
        "The deal — signed late — held.",
    ]
    assert texts("“We agree,” she said. “Really?” he asked.") == ["“We agree,” she said.", "“Really?” he asked."]


def test_paragraph_breaks_end_sentences_and_offsets_are_exact():
    text = "Gas deal signed\n\nSerbia agreed. Prices fell."
    spans = split_sentences(text)
    assert [piece for _, _, piece in spans] == ["Gas deal signed", "Serbia agreed.", "Prices fell."]
    assert all(text[start:end] == piece for start, end, piece in spans)


def test_empty_text_has_no_sentences():
    assert split_sentences("") == [] and split_sentences("  \n ") == []
    assert tokenize(None) == []


def test_tokens_are_case_folded_with_plain_quotes_and_original_offsets():
    text = "Serbia’s “Energy-Security” U.S. Vučić"
    spans = token_spans(text)
    assert [token for _, _, token in spans] == ["serbia's", "energy", "security", "u.s.", "vučić"]
    assert [text[s:e] for s, e, _ in spans] == ["Serbia’s", "Energy", "Security", "U.S.", "Vučić"]


def test_offsets_survive_characters_that_change_length():
    text = "Die Straße, Vučić."
    normalized, origin = normalize(text, fold_diacritics=True)
    assert normalized == "die strasse, vucic."
    assert origin is not None and len(origin) == len(normalized)
    assert [text[s:e] for s, e, _ in token_spans(text, fold_diacritics=True)] == ["Die", "Straße", "Vučić"]


def test_strip_diacritics():
    assert strip_diacritics("vučić") == "vucic"
    assert strip_diacritics("đoković") == "dokovic"
