import pytest

from framing.errors import LexiconError
from framing.lexicon import check_lexicon, load_lexicon


def write(tmp_path, text, name="lex.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_lexicon_has_the_three_frames_with_definitions_and_40_entries():
    lexicon = load_lexicon()
    assert lexicon.frames == ("cooperation", "balance", "security")
    for frame in lexicon.frame_defs:
        assert len(frame.entries) >= 40
        assert len(frame.definition.split()) >= 30
    patterns = {e.pattern for f in lexicon.frame_defs for e in f.entries}
    assert {"secur*", "territorial integrity", "energy security", "strategic partnership"} <= patterns
    assert "security council" in lexicon.frame("security").exclude


def test_fingerprint_depends_on_content_not_layout(tmp_path):
    compact = write(tmp_path, "frames: {risk: {definition: d, entries: [risk*, {pattern: war, weight: 2}]}}", "a.yaml")
    spaced = write(tmp_path, "# comment\nframes:\n  risk:\n    definition: d\n    entries:\n      - RISK*\n"
                             "      - {weight: 2.0, pattern: war}\n", "b.yaml")
    changed = write(tmp_path, "frames: {risk: {definition: d, entries: [risk*, {pattern: war, weight: 3}]}}", "c.yaml")
    assert load_lexicon(compact).fingerprint == load_lexicon(spaced).fingerprint
    assert load_lexicon(compact).fingerprint != load_lexicon(changed).fingerprint
    assert load_lexicon().fingerprint == load_lexicon(None).fingerprint


def test_lexicon_is_immutable():
    lexicon = load_lexicon()
    with pytest.raises(AttributeError):
        lexicon.name = "other"


def test_without_entry_drops_one_pattern():
    lexicon = load_lexicon().without_entry("security", "secur*")
    assert "secur*" not in [e.pattern for e in lexicon.frame("security").entries]
    with pytest.raises(LexiconError, match="no entry 'nothing'"):
        lexicon.without_entry("security", "nothing")


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("frames: {a: {entries: [x]}}\nextra: 1\n", "unknown top-level key 'extra'"),
        ("frames: {a: {entries: [x], colour: red}}\n", "frame 'a': unknown key 'colour'"),
        ("frames: {a: {definition: d, entries: []}}\n", "frame 'a': has no entries"),
        ("frames: {a: {entries: ['  ']}}\n", "frame 'a': entry 1 ('  ') is empty"),
        ("frames: {a: {entries: ['a(b']}}\n", "frame 'a': entry 1 ('a(b') contains '('"),
        ("frames: {a: {entries: [{pattern: war, weight: .nan}]}}\n", "entry 'war': weight nan is not a finite positive number"),
        ("frames: {a: {entries: [{pattern: war, weight: heavy}]}}\n", "entry 'war': weight 'heavy' is not a finite"),
        ("frames: {a: {entries: [x, X]}}\n", "entry 'X' is listed twice"),
        ("frames:\n  a:\n    entries: [x\n  b: 1\n", "malformed YAML at line 4, column 4"),
        ("name: only\n", "'frames' must map each frame name"),
    ],
)
def test_bad_lexicons_raise_errors_naming_file_frame_and_entry(tmp_path, yaml_text, message):
    path = write(tmp_path, yaml_text)
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_check_reports_every_problem_at_once(tmp_path):
    path = write(tmp_path, "frames:\n  a: {entries: []}\n  b: {entries: ['*'], exclude: ['']}\nversion: 2\nowner: me\n")
    problems = check_lexicon(path)
    assert len(problems) == 4
    assert any("unknown top-level key 'owner'" in p for p in problems)
    assert any("frame 'a': has no entries" in p for p in problems)
    assert any("frame 'b': entry 1 ('*') has no letters" in p for p in problems)
    assert any("frame 'b': exclude pattern '' is empty" in p for p in problems)
    assert check_lexicon(None) == []


def test_missing_lexicon_file(tmp_path):
    with pytest.raises(LexiconError, match="no such lexicon file"):
        load_lexicon(tmp_path / "nope.yaml")


def test_a_lexicon_file_is_parsed_once_until_it_changes(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("frames:\n  risk:\n    entries: [risk*]\n", encoding="utf-8")
    first = load_lexicon(path)
    assert load_lexicon(str(path)) is first  # the same file, unchanged: parsed once
    path.write_text("frames:\n  risk:\n    entries: [risk*, danger]\n", encoding="utf-8")
    edited = load_lexicon(path)
    assert [e.pattern for e in edited.frame("risk").entries] == ["risk*", "danger"]
    assert edited.fingerprint != first.fingerprint
    assert load_lexicon() is load_lexicon(None)
