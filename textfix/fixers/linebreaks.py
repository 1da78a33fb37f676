"""Hard line breaks inside sentences, joined before any other stage reads the text.

The rule (``layout-broken-line``) is one of the layout rules and lives with them
in :func:`textfix.fixers.layout.broken_lines`; it runs as a stage of its own,
first, because it decides from the line widths of the page as it was wrapped,
and every later stage can change them (a repaired spun word is shorter, a
repaired mojibake run changes its width). Joined first, the later stages also
see whole sentences: a mojibake run or a spun word cut by the wrap, and a word
at the end of a wrapped line that keyword-stuffing would think out of place.

>>> t = "周末的时候我们一家人和几位老朋友一起去参\\n观了新开的城市博物馆。\\n"
>>> [(e.rule, e.before) for e in find(t, None)]
[('layout-broken-line', '\\n')]
"""

from __future__ import annotations

from typing import Any

from ..edits import Edit
from . import layout

NAME = "linebreaks"
KINDS = ("layout",)
RULES = {"layout-broken-line": "hard line break inside a Chinese sentence (fixed-width wrap or a word split in two)"}


def find(text: str, ctx: Any) -> list[Edit]:
    """The line breaks of ``text`` that fall inside a sentence."""
    options = getattr(ctx, "options", None)
    if options is not None and not options.wants("layout", "layout-broken-line"):
        return []
    return layout.joins(text)
