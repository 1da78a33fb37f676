"""Shared test helpers.

Tests that read the peers' data in ``../shared`` (beside the checkout, or
where ``TEXTFIX_SHARED`` points) skip with a clear reason when it is absent,
so the suite passes on a fresh clone.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TEXTFIX_SHARED", ROOT.parent / "shared"))

needs_shared = pytest.mark.skipif(
    not (SHARED / "data").is_dir(),
    reason=f"shared data not found at {SHARED} (set TEXTFIX_SHARED); peer test cases and corpora are not part of the repo",
)


def shared_path(*parts: str) -> Path:
    return SHARED.joinpath(*parts)
