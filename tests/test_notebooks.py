"""Every notebook runs through papermill on the bundled data, and the report writes its outputs."""

import json

import nbformat
import papermill as pm
import pandas as pd
import pytest

from conftest import REPO

NOTEBOOKS = REPO / "notebooks"
SETS = REPO / "data" / "article_sets"


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_are_stored_clean_with_a_kernelspec_and_parameters(path):
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert notebook.metadata["language_info"]["name"] == "python"
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    assert sum("parameters" in cell.metadata.get("tags", []) for cell in code) == 1


def test_report_notebook_runs_and_writes_tables_and_summary(tmp_path):
    output_dir = tmp_path / "out"
    executed = tmp_path / "report.ipynb"
    pm.execute_notebook(
        str(NOTEBOOKS / "report.ipynb"), str(executed), cwd=str(NOTEBOOKS), progress_bar=False,
        parameters={"article_set": str(SETS / "winter_gas_terms"), "output_dir": str(output_dir),
                    "n_boot": 300, "seed": 1, "top_k": 8},
    )
    summary = json.loads((output_dir / "summary.json").read_text())
    assert summary["article_set"] == "winter_gas_terms"
    assert summary["n_articles"] == 12 and summary["n_groups"] == 4
    assert (summary["date_min"], summary["date_max"]) == ("2024-11-05", "2024-12-19")
    assert {row["group"] for row in summary["rows"]} == {"Danube Courier", "Rhine Observer", "Baltic Sentinel", "Northern Ledger"}
    assert len(summary["rows"]) == 12
    assert any(line.startswith("Danube Courier leans on cooperation") for line in summary["headline"])
    assert summary["provenance"]["parameters"]["n_boot"] == 300
    assert summary["provenance"]["lexicon_fingerprint"]
    tables = {p.stem for p in output_dir.glob("*.parquet")}
    assert {"scores", "sentences", "matches", "profile", "contrasts", "keyness", "robustness", "actors", "over_time"} <= tables
    assert len(pd.read_parquet(output_dir / "scores.parquet")) == 12
    notebook = nbformat.read(executed, as_version=4)
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 8


def test_explore_notebook_runs(tmp_path):
    pm.execute_notebook(str(NOTEBOOKS / "explore.ipynb"), str(tmp_path / "explore.ipynb"), cwd=str(NOTEBOOKS),
                        progress_bar=False, parameters={"article_set": str(SETS / "un_territorial_integrity")})


def test_batch_of_the_real_report_on_bundled_sets(tmp_path):
    import framing

    out = tmp_path / "reports"
    sets = [SETS / "winter_gas_terms", SETS / "un_territorial_integrity"]
    runs = framing.run_batch(sets, notebook=NOTEBOOKS / "report.ipynb", out=out, jobs=2, no_input=True,
                             parameters={"n_boot": 200, "top_k": 5}, compare_notebook=NOTEBOOKS / "compare_sets.ipynb",
                             progress=False)
    assert runs["status"].tolist() == ["ok", "ok"]
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in ("winter_gas_terms", "un_territorial_integrity"):
        html = (out / name / "report.html").read_text(encoding="utf-8")
        assert html.count("data:image/png;base64") >= 8
        assert "Traceback" not in html and "jp-RenderedText" in html and "hl-ipython3" not in html  # code hidden
        assert f'href="{name}/report.html"' in index
    summary = pd.read_csv(out / "summary.csv")
    assert len(summary) == 2 * 4 * 3  # sets × outlets × frames
    assert (out / "compare_sets.html").read_text(encoding="utf-8").count("data:image/png;base64") >= 1
    again = framing.run_batch(sets, notebook=NOTEBOOKS / "report.ipynb", out=out, jobs=2, no_input=True,
                              parameters={"n_boot": 200, "top_k": 5}, compare_notebook=NOTEBOOKS / "compare_sets.ipynb",
                              progress=False)
    assert again["status"].tolist() == ["cached", "cached"]


def test_validate_notebook_runs_on_the_bundled_example_coding(tmp_path):
    executed = tmp_path / "validate.ipynb"
    pm.execute_notebook(str(NOTEBOOKS / "validate.ipynb"), str(executed), cwd=str(NOTEBOOKS), progress_bar=False,
                        parameters={"n_boot": 200, "seed": 1})
    notebook = nbformat.read(executed, as_version=4)
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "36 units, 2 coders" in text
    assert "cooperation    31  10   1   5  15" in text  # the example's confusion counts (see tests/test_cli_validate.py)
    assert "candidates" in text and "[" in text
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 1


def test_report_notebook_groups_by_language_and_names_uncovered_languages(tmp_path):
    # the multilingual set plus two Czech articles, a language no lexicon section covers
    folder = tmp_path / "with_czech"
    folder.mkdir()
    (folder / "set.yaml").write_text((SETS / "multilingual_call" / "set.yaml").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    czech = [{"id": f"cz-{i}", "title": "Telefonát", "outlet": "Vltavský list", "country": "Czechia",
              "date": "2024-10-2%d" % i, "language": "cs",
              "text": "Prezident Srbska telefonoval s ruským prezidentem o dodávkách plynu na zimu. "
                      "Podle analytiků jde o pokus udržet dobré vztahy s Moskvou i s Bruselem."} for i in (1, 2)]
    lines = (SETS / "multilingual_call" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    lines += [json.dumps(record, ensure_ascii=False) for record in czech]
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    output_dir = tmp_path / "out"
    executed = tmp_path / "report.ipynb"
    pm.execute_notebook(str(NOTEBOOKS / "report.ipynb"), str(executed), cwd=str(NOTEBOOKS), progress_bar=False,
                        parameters={"article_set": str(folder), "output_dir": str(output_dir), "group_by": "language",
                                    "n_boot": 200, "seed": 1, "top_k": 5})
    notebook = nbformat.read(executed, as_version=4)
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    summary = json.loads((output_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["group_by"] == "language" and summary["n_groups"] == 6
    assert "cs: no lexicon for: cs (2)" in summary["headline"]
    assert not any("no frame evoked" in line for line in summary["headline"])
    assert summary["no_lexicon"] == "no lexicon for: cs (2)"
    assert summary["no_tone"] == ("no tone for 50 articles (VADER is English; no tone lexicon for: "
                                  "ru (12), sr-Cyrl (12), sr-Latn (12), uk (12), cs (2))")
    assert any(line.startswith("uk leans on security") for line in summary["headline"])
    evidence = pd.read_parquet(output_dir / "evidence.parquet")
    assert set(evidence["language"]) == {"en", "ru", "sr-Cyrl", "sr-Latn", "uk"}
