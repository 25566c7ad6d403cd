"""Shared test settings: a non-interactive matplotlib backend and the path of the shared folder
(beside the repository, or where FRAMING_SHARED says, e.g. from a git worktree)."""

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMING_SHARED", REPO.parent / "shared"))
