"""Lexicon files that would hang or flood the terminal: refused with one clear message each."""

from __future__ import annotations

import pytest

from framing.cli import main
from framing.errors import ArticleSetError, LexiconError, quoted
from framing.lexicon import MAX_GLOB_STARS, check_lexicon, load_lexicon
from framing.load import load_article_set

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
frames: {x: {entries: [*h]}}
"""


def write(tmp_path, text, name="lex.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_glob_with_many_stars_is_refused_by_check_and_load(tmp_path):
    path = write(tmp_path, 'frames:\n  x:\n    entries: ["*a*a*a*a*a*a*a*a*a*a*a*a*b", "ok", "energy *a*b*c*d"]\n')
    expected = [
        f"{path}: frame 'x': entry 1 ('*a*a*a*a*a*a*a*a*a*a*a*a*b') has 13 '*' in one word; at most 3 are "
        "allowed per word (more make matching exponentially slow): list the spellings instead",
        f"{path}: frame 'x': entry 3 ('energy *a*b*c*d') has 4 '*' in one word ('*a*b*c*d'); at most 3 are "
        "allowed per word (more make matching exponentially slow): list the spellings instead",
    ]
    assert check_lexicon(path) == expected
    with pytest.raises(LexiconError, match="2 problems"):
        load_lexicon(path)
    assert MAX_GLOB_STARS == 3
    assert load_lexicon({"frames": {"x": {"entries": ["*a*b*c"]}}}).frame("x").entries[0].pattern == "*a*b*c"


def test_billion_laughs_is_refused_in_one_short_line(tmp_path, capsys):
    path = write(tmp_path, BILLION_LAUGHS)
    assert len(BILLION_LAUGHS) < 1024
    message = (f"{path}: malformed YAML at line 2, column 8: alias *a repeats a list or mapping; write the "
               "values out instead of using aliases; fix the YAML syntax there")
    assert check_lexicon(path) == [message]
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    assert str(error.value) == message
    assert main(["lexicon", "check", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"{path}: 1 problem\n  - {message}\n"


def test_an_alias_to_a_scalar_is_still_fine(tmp_path):
    path = write(tmp_path, "frames:\n  x:\n    definition: &d Risk talk.\n    entries: [risk*]\n  y:\n"
                           "    definition: *d\n    entries: [war]\n")
    assert load_lexicon(path).frame("y").definition == "Risk talk."


def test_the_same_refusal_for_actor_lists_and_set_yaml(tmp_path):
    from framing.analysis.actors import load_actors

    actors = write(tmp_path, "a: &a [x, y]\nb: *a\n", "actors.yaml")
    with pytest.raises(LexiconError, match=r"line 2, column 4: alias \*a repeats a list or mapping"):
        load_actors(actors)
    folder = tmp_path / "s"
    folder.mkdir()
    write(folder, "title: T\nprovenance: &p {by: us}\noutlets: *p\n", "set.yaml")
    write(folder, '{"id": "1", "text": "x", "outlet": "A"}\n', "articles.jsonl")
    with pytest.raises(ArticleSetError) as error:
        load_article_set(folder)
    assert str(error.value) == (f"{folder / 'set.yaml'}:3:10: not valid YAML (alias *p repeats a list or mapping; "
                                "write the values out instead of using aliases); fix the file at that line")


def test_long_values_are_cut_in_messages(tmp_path):
    path = write(tmp_path, "frames:\n  x:\n    entries: [" + "x" * 5000 + "!]\n")
    [problem] = check_lexicon(path)
    assert problem == f"{path}: frame 'x': entry 1 ({quoted('x' * 5000 + '!')}) contains '!'; patterns use " \
                      "letters, digits, spaces, hyphens, apostrophes, '*' and '?'"
    assert quoted("x" * 5000 + "!") == "'" + "x" * 78 + "…"
    assert len(problem) < 300


def test_a_folder_given_as_lexicon_is_a_one_line_error(tmp_path, capsys):
    folder = tmp_path / "lexicons"
    folder.mkdir()
    message = f"{folder}: a folder, not a lexicon file; pass the YAML file itself (e.g. {folder}/lexicon.yaml)"
    assert check_lexicon(folder) == [message]
    articles = write(tmp_path, '{"id": "1", "text": "Gas talks."}\n', "a.jsonl")
    assert main(["score", str(articles), "--lexicon", str(folder)]) == 2
    assert capsys.readouterr().err == f"framing score: error: {message}\n"
