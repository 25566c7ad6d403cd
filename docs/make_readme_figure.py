"""Regenerate docs/frame_profile.png, the figure shown in README.md, from a bundled article set.

    .venv/bin/python docs/make_readme_figure.py
"""

from pathlib import Path

import framing
from framing import plots

HERE = Path(__file__).resolve().parent
articles = framing.load_article_set(HERE.parent / "data" / "article_sets" / "belgrade_moscow_call").articles
profile = framing.compare(framing.score(articles), "outlet", measures=["cooperation_per_1k", "balance_per_1k", "security_per_1k"])
plots.frame_profile(profile).savefig(HERE / "frame_profile.png", dpi=110, bbox_inches="tight")
print(f"wrote {HERE / 'frame_profile.png'}")
