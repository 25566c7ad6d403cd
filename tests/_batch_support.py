"""Small article sets and notebooks for the batch tests (tests/test_batch.py, tests/test_browser.py).

``tests/fixtures/batch_report.ipynb`` stands in for ``notebooks/report.ipynb``: it obeys the same
contract (``parameters`` cell, tables and ``summary.json`` in ``output_dir``) in a second or two, and
misbehaves on purpose for sets titled ``broken`` (raises), ``crash`` (kills its kernel) or ``slow``
(sleeps ten minutes).
"""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPORT = FIXTURES / "batch_report.ipynb"
COMPARE = REPO / "notebooks" / "compare_sets.ipynb"
CODE_MARKER = "FRAME_STEMS"  # a name in the fixture's code: absent from HTML rendered with no_input

ARTICLES = (
    ("Danube Courier", "2024-10-20", "Cooperation between old partners. Cooperation on energy, and security of supply."),
    ("Danube Courier", "2024-10-22", "A balanced path: cooperation with the East, balance with the West."),
    ("Baltic Sentinel", "2024-10-21", "Security risks. Energy security and the security of the region."),
    ("Baltic Sentinel", "2024-10-25", "Balancing acts bring security worries, not cooperation."),
)


def make_set(root: Path, name: str, title: str | None = None, articles=ARTICLES) -> Path:
    """An article-set folder ``root/name`` with ``set.yaml`` and ``articles.jsonl``."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "set.yaml").write_text(f"title: {json.dumps(title or name.title())}\ngroup_by: outlet\n", encoding="utf-8")
    lines = [json.dumps({"id": f"{name}-{i}", "outlet": outlet, "date": date, "text": text})
             for i, (outlet, date, text) in enumerate(articles)]
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
