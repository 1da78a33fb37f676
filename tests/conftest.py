"""Shared test helpers.

Tests that read the peers' data in ``../shared`` (beside the checkout, or
where ``TEXTFIX_SHARED`` points) skip with a clear reason when it is absent,
so the suite passes on a fresh clone.
"""

from __future__ import annotations

import os
import unicodedata
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


def hard_wrap(text: str, width: int, columns: bool = True) -> str:
    """Cut each line of ``text`` every ``width`` display columns (East Asian wide and
    full-width = 2) or, with ``columns=False``, code points, as exporters do.

    The same cut as bench/realistic.py's ``wrap_paragraph`` on text without ASCII words.
    """
    out = []
    for line in text.split("\n"):
        cur, used = "", 0
        for ch in line:
            w = 2 if columns and unicodedata.east_asian_width(ch) in "WF" else 1
            if cur and used + w > width:
                out.append(cur)
                cur, used = "", 0
            cur += ch
            used += w
        out.append(cur)
    return "\n".join(out)


# CI runs the property tests with a fixed seed so a submission's result does not
# depend on luck; locally they explore new random examples on every run.
try:
    from hypothesis import settings as _hyp_settings

    _hyp_settings.register_profile("ci", derandomize=True, print_blob=True)
    if os.environ.get("CI"):
        _hyp_settings.load_profile("ci")
except ImportError:  # pragma: no cover
    pass
