"""Shared test settings: a non-interactive matplotlib backend and the path of the shared folder."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
