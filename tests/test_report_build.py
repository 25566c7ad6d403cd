"""The report is computed from one Analysis: every verb gives the same table from an Analysis as from
raw articles, one report run splits each article once, and the report is readable and safe."""

import json
import sys
from collections import Counter

import nbformat
import pandas as pd
import pytest
import yaml

import framing
from framing.lexicon import load_lexicon
from framing.report.formatting import number, table_html
from framing.report.sections import lexicon_statement
from framing.stats import min_permutation_p

from conftest import REPO

TEXTS = {
    "a1": "Serbia and Russia signed a strategic partnership. Energy security comes first for Belgrade.",
    "a2": "Both sides want dialogue. NATO troops held drills near the border, and sanctions loom.",
    "b1": "The EU and Moscow compete for influence. Serbia keeps a neutral course between East and West.",
    "b2": "Gas prices rose again. Security of supply worries Brussels, and the deal with Gazprom is cooperation.",
    "c1": "Troops, tanks and missiles: a military threat. Deterrence matters for security.",
}


@pytest.fixture(scope="module")
def articles():
    return pd.DataFrame({"id": list(TEXTS), "text": list(TEXTS.values()),
                         "outlet": ["A", "A", "B", "B", "C"],
                         "date": pd.to_datetime(["2024-01-01", "2024-01-09", "2024-01-02", "2024-01-16", "2024-01-03"])})


@pytest.fixture(scope="module")
def analysis(articles):
    return framing.analyse(articles)


def test_every_verb_gives_the_same_table_from_an_analysis(articles, analysis):
    same = pd.testing.assert_frame_equal
    same(framing.keyness(analysis, "outlet", a="A", min_count=1), framing.keyness(articles, "outlet", a="A", min_count=1))
    same(framing.keyness(analysis, "outlet", a="A", b="B", min_count=1, background=analysis),
         framing.keyness(articles, "outlet", a="A", b="B", min_count=1, background=articles))
    same(framing.frame_keyness(analysis, "outlet", a="B"), framing.frame_keyness(articles, "outlet", a="B"))
    same(framing.kwic(analysis, frame="security"), framing.kwic(articles, frame="security"))
    same(framing.kwic(analysis, pattern="gas price*"), framing.kwic(articles, pattern="gas price*"))
    same(framing.sensitivity(analysis, "outlet", "security", n_boot=50, n_perm=50),
         framing.sensitivity(articles, "outlet", "security", n_boot=50, n_perm=50))
    same(framing.actor_frames(analysis, by="outlet"), framing.actor_frames(articles, by="outlet"))
    scores = framing.score(articles)
    same(framing.compare(analysis, "outlet", n_boot=50), framing.compare(scores, "outlet", n_boot=50))
    same(framing.contrast(analysis, "outlet", n_boot=50, n_perm=50), framing.contrast(scores, "outlet", n_boot=50, n_perm=50))
    same(framing.over_time(analysis, freq="W"), framing.over_time(scores, freq="W"))
    assert framing.kwic(analysis, pattern="gas price*")["match"].tolist() == ["Gas prices"]


def test_an_analysis_with_another_lexicon_is_refused(analysis):
    other = {"frames": {"x": {"entries": ["gas"]}}}
    with pytest.raises(framing.AnalysisError, match="another lexicon"):
        framing.sensitivity(analysis, "outlet", "x", lexicon=other)


def _count_splits(monkeypatch):
    """Wrap framing.text.split_sentences wherever a framing module holds it; count calls per text."""
    from framing import text as text_module

    original, calls = text_module.split_sentences, Counter()

    def counting(text, *args, **kwargs):
        calls[text] += 1
        return original(text, *args, **kwargs)

    for name, module in list(sys.modules.items()):
        if name.startswith("framing") and getattr(module, "split_sentences", None) is original:
            monkeypatch.setattr(module, "split_sentences", counting)
    return calls


def _run_report_notebook(tmp_path, set_name: str = "winter_gas_terms") -> dict:
    """The namespace after running every code cell of report.ipynb, as papermill would (n_boot=100)."""
    notebook = nbformat.read(REPO / "notebooks" / "report.ipynb", as_version=4)
    namespace = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        exec("\n".join(line for line in cell.source.splitlines() if not line.startswith("%")), namespace)
        if "parameters" in cell.metadata.get("tags", []):  # the test's parameters, as papermill would inject
            namespace.update(article_set=str(REPO / "data" / "article_sets" / set_name),
                             output_dir=str(tmp_path / "out"), n_boot=100)
    return namespace


def test_one_report_run_splits_each_article_once(tmp_path, monkeypatch):
    import framing.analysis.keyness  # noqa: F401  (imported before wrapping, so its reference is wrapped)
    import framing.report.sections  # noqa: F401

    calls = _count_splits(monkeypatch)
    namespace = _run_report_notebook(tmp_path)
    texts = namespace["report"].tables["scores"]
    articles = framing.load_article_set(REPO / "data" / "article_sets" / "winter_gas_terms").articles
    assert len(texts) == 12
    assert {text: calls[text] for text in articles["text"]} == {text: 1 for text in articles["text"]}


def test_one_report_run_renders_each_figure_once_per_format(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    renders, original = Counter(), Figure.savefig

    def counting(figure, target, *args, **kwargs):
        renders[(id(figure), kwargs.get("format") or str(target).rsplit(".", 1)[-1])] += 1
        return original(figure, target, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", counting)
    report = _run_report_notebook(tmp_path)["report"]
    assert len(report.figures) >= 5
    assert renders == Counter({(id(fig), kind): 1 for fig, _ in report.figures.values() for kind in ("png", "svg")})
    folder = tmp_path / "out" / "figures"
    for name in report.figures:  # the figure shown in the notebook is the file written
        assert (folder / f"{name}.png").read_bytes() == report.pngs[name]
        assert (folder / f"{name}.svg").stat().st_size > 1000


def test_minimum_attainable_permutation_p():
    assert min_permutation_p(3, 3) == 0.1              # 2 of C(6, 3) = 20 splits
    assert min_permutation_p(3, 4) == 1 / 35           # 1 of C(7, 3)
    assert min_permutation_p(10, 10, n_perm=5000) == 1 / 5001
    assert framing.stats.permutation_pvalue([1.0, 2, 3], [7.0, 8, 9]) == 0.1


def test_numbers_have_one_format_and_tables_no_index_and_a_cap():
    assert [number("cooperation_per_1k", v) for v in (0.379, 0.0, 1234.56)] == ["0.4", "0.0", "1,234.6"]
    assert number("p_holm", 0.000012) == "0.0000" and number("n", 3) == "3" and number("share", float("nan")) == "–"
    table = pd.DataFrame({"measure": ["a_per_1k"] * 30, "mean": [0.000379] * 30, "diff_full": [1.5] * 30})
    page = table_html(table, limit=5, full="tables/x.csv")
    assert "e-" not in page and "<th>difference, full lexicon</th>" in page and "a, hits per 1,000 tokens" in page
    assert page.count("<tr>") == 5 and 'The first 5 of 30 rows. The full table: <a href="tables/x.csv">' in page
    assert "<th></th>" not in page  # no index column


def test_lexicon_keeps_its_validation_outside_the_fingerprint():
    plain = {"name": "x", "version": "2", "frames": {"a": {"entries": ["b"]}}}
    validated = load_lexicon({**plain, "validation": {"corpus": "NYT sample", "f1": {"a": 0.71}, "doc": "docs/v.md"}})
    assert validated.validation["f1"] == {"a": 0.71}
    assert validated.fingerprint == load_lexicon(plain).fingerprint
    assert lexicon_statement(validated).endswith("Validated on NYT sample: F1 a 0.71 (see docs/v.md).")
    assert "Not validated" in lexicon_statement(load_lexicon(plain))
    assert "Validated on 509 held-out New York Times editorial sentences" in lexicon_statement(load_lexicon())
    with pytest.raises(framing.LexiconError, match="'validation' must be a mapping"):
        load_lexicon({**plain, "validation": "good"})


def _write_set(folder, title, rows):
    folder.mkdir()
    (folder / "set.yaml").write_text(json.dumps({"title": title, "description": title, "group_by": "outlet"}),
                                     encoding="utf-8")
    (folder / "articles.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")


def test_user_strings_are_escaped_and_sections_without_data_say_so(tmp_path):
    payload = "<img src=x onerror=alert(1)>"
    rows = [{"id": f"x{i}", "outlet": payload if i % 2 else "<script>alert(2)</script>",
             "text": "The talks went on. Energy security and cooperation were discussed at length."} for i in range(4)]
    _write_set(tmp_path / "evil", f"<svg onload=alert(3)>{payload}", rows)
    report = framing.build_report(tmp_path / "evil", output_dir=str(tmp_path / "out"), n_boot=50)
    page = "".join(item for items in report.parts.values() for item in items if isinstance(item, str))
    for raw in ("<img", "<script", "<svg"):
        assert raw not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "no publication dates" in "".join(report.parts["over_time"])
    assert "no known actor" in "".join(report.parts["actors"])
    written = report.write()
    assert (written / "figures" / "profile_per_1k.svg").is_file() and (written / "figures" / "captions.md").is_file()


def test_many_groups_show_the_top_k_contrasts_and_keep_all_in_the_table():
    from framing.report.build import Report
    from framing.report.sections import contrasts

    words = ["security threat", "cooperation deal", "neutral balance", "talks", "troops"]
    articles = pd.DataFrame({"id": [f"g{g}-{i}" for g in range(11) for i in range(2)],
                             "outlet": [f"Outlet {g:02d}" for g in range(11) for _ in range(2)],
                             "text": [f"We discussed {words[(g + i) % 5]} and {words[g % 5]} today."
                                      for g in range(11) for i in range(2)]})
    report = Report("many", "tables")
    context = {"lexicon": load_lexicon(), "group_by": "outlet", "top_k": 5, "scores": framing.score(articles),
               "n_boot": 50, "seed": 0}
    contrasts(report, context)
    assert len(report.tables["contrasts"]) == 3 * 55          # every pair × frame in the table file
    figure, caption = report.figures["contrasts"]
    assert sum(len(ax.get_yticklabels()) for ax in figure.axes) == 5
    assert caption.startswith("Differences a − b") and "the 5 clearest of 165 contrasts" in caption
    assert 'The first 5 of 165 rows. The full table: <a href="tables/contrasts.csv">' in report.parts["contrasts"][1]


def test_the_report_lists_near_duplicate_wire_copy(tmp_path):
    story = ("The two governments signed a gas agreement on Monday after long talks in the capital, and both "
             "ministers said the deal would keep homes warm through the winter while prices stay fixed")
    rows = [{"id": "a1", "outlet": "A", "text": story + "."},
            {"id": "b1", "outlet": "B", "text": story + ", officials added."},
            {"id": "a2", "outlet": "A", "text": "Troops left the border region. Talks resumed."},
            {"id": "b2", "outlet": "B", "text": "A balanced budget passed. Weather was mild."}]
    _write_set(tmp_path / "wire", "Wire copy", rows)
    report = framing.build_report(tmp_path / "wire", output_dir=str(tmp_path / "out"), n_boot=50)
    data = "".join(report.parts["data"])
    assert "1 near-duplicates" in data and "b1" in data and "a1" in data
    assert any("nearly duplicate an earlier one" in note for note in report.notes)


def test_data_notes_are_plain_words_without_this_machines_paths(tmp_path):
    rows = [{"id": f"x{i}", "outlet": "AB"[i % 2], "text": "Talks went on. Energy security was discussed."}
            for i in range(4)]
    _write_set(tmp_path / "seeded", "Seeded", rows)
    set_file = tmp_path / "seeded" / "set.yaml"
    meta = yaml.safe_load(set_file.read_text(encoding="utf-8"))
    meta["external_articles"] = [{"path": "../missing/the_call.txt", "id": "seed", "required": False}]
    set_file.write_text(yaml.safe_dump(meta), encoding="utf-8")
    report = framing.build_report(tmp_path / "seeded", output_dir=str(tmp_path / "out"), n_boot=50)
    assert "external article the_call.txt not found; set 'seeded' loads without it (required: false)" in report.notes
    assert not any(str(tmp_path) in note for note in report.notes)


def test_data_notes_are_about_the_data_and_a_librarys_warnings_stay_out(tmp_path, monkeypatch):
    import warnings

    from framing.report import sections

    def warns(report, context):
        warnings.warn("the outlet column has a typo", framing.FramingWarning)
        warnings.warn("this call will change in pandas 9", DeprecationWarning)

    monkeypatch.setitem(sections.SECTION_BUILDERS, "title", warns)
    rows = [{"id": f"x{i}", "outlet": "AB"[i % 2], "text": "Talks went on. Energy security was discussed."}
            for i in range(4)]
    _write_set(tmp_path / "plain", "Plain", rows)
    with pytest.warns(DeprecationWarning, match="pandas 9"):  # issued as usual, not swallowed
        report = framing.build_report(tmp_path / "plain", output_dir=str(tmp_path / "out"), n_boot=50)
    assert report.notes == ["the outlet column has a typo"]


def test_a_sensitivity_report_of_many_entries_leaves_no_performance_warning():
    import warnings

    # 60 entries that all hit: 61 variants of the frame scored at once, 244 measure columns
    words = [f"word{k}" for k in range(60)]
    lexicon = load_lexicon({"name": "many", "version": "1", "frames": {"f": {"entries": words}}})
    articles = pd.DataFrame([{"id": f"x{i}", "outlet": "AB"[i % 2], "language": "en", "text": " ".join(words[i::8])}
                             for i in range(8)])
    with warnings.catch_warnings():
        warnings.simplefilter("error", pd.errors.PerformanceWarning)
        table = framing.sensitivity(articles, by="outlet", frame="f", lexicon=lexicon, n_boot=20, n_perm=20)
    assert table["entry"].tolist() == ["(none)", *words]
    assert table["hits_removed"].tolist() == [0] + [1] * 60
