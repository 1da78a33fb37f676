"""Mojibake: text whose bytes were decoded with the wrong codec.

This first version handles Latin mojibake (UTF-8 read as cp1252/latin-1)
through ftfy's ``fix_encoding``, one line at a time, so that a damaged line
inside clean text is repaired without touching the rest.

>>> from textfix.edits import apply_edits
>>> apply_edits("cafÃ© ä¸­æ–‡", find("cafÃ© ä¸­æ–‡", None))
'café 中文'
"""

from __future__ import annotations

import difflib
import re

import ftfy

from ..edits import Edit

NAME = "mojibake"
KINDS = ("mojibake",)
RULES = {
    "mojibake-latin": "UTF-8 decoded as cp1252/latin-1 (repaired with ftfy.fix_encoding)",
}

# Latin mojibake always contains a character from Latin-1 Supplement/Extended
# or cp1252's extra punctuation; lines without one are skipped.
_LATIN_SUSPECT = re.compile("[\u0080-\u024f\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")
_LINE = re.compile(r"[^\n]+")


def latin_mojibake(text: str) -> list[Edit]:
    """Edits that undo UTF-8 read as cp1252/latin-1, found line by line with ftfy.

    >>> [(e.before, e.after) for e in latin_mojibake("naÃ¯ve")]
    [('Ã¯', 'ï')]
    """
    edits: list[Edit] = []
    if not _LATIN_SUSPECT.search(text):
        return edits
    for m in _LINE.finditer(text):
        line = m.group()
        if not _LATIN_SUSPECT.search(line):
            continue
        fixed, plan = ftfy.fix_encoding_and_explain(line)
        if fixed == line:
            continue
        steps = ", ".join(f"{op} {arg}" for op, arg in plan)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, line, fixed, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            edits.append(
                Edit("mojibake", "mojibake-latin", m.start() + i1, m.start() + i2, line[i1:i2],
                     fixed[j1:j2], 0.9, f"UTF-8 bytes decoded as a Latin codepage (ftfy: {steps})")
            )
    return edits


def find(text: str, ctx: object) -> list[Edit]:
    """All mojibake edits for ``text``."""
    return latin_mojibake(text)
