"""Small text helpers shared by several fixers."""

from __future__ import annotations

import re
from typing import Iterable


def char_class(chars: Iterable[str], extra: str = "") -> str:
    """A regex character class for ``chars``, with consecutive code points as ranges.

    ``re`` compiles a class of BMP characters into a bitmap, so one search over
    a large class runs at C speed. ``extra`` is appended verbatim (e.g. a range).

    >>> char_class("abcx")
    '[a-cx]'
    >>> char_class("ab", extra="\\ue000-\\uf8ff")
    '[a-b\\ue000-\\uf8ff]'
    """
    cps = sorted({ord(c) for c in chars})
    parts = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        a, b = chr(cps[i]), chr(cps[j])
        parts.append(re.escape(a) if i == j else f"{re.escape(a)}-{re.escape(b)}")
        i = j + 1
    return "[" + "".join(parts) + extra + "]"


def line_blocks(text: str, size: int) -> list[tuple[int, int]]:
    """Consecutive whole lines grouped into blocks of about ``size`` characters.

    Fixers that judge a passage (is it spun? is it stuffed?) do so block by
    block, so a corpus file of thousands of paragraphs costs linear time and a
    damaged article inside clean text is judged on its own.

    >>> line_blocks("ab\\ncd\\nef", 4)
    [(0, 6), (6, 8)]
    """
    out, start, pos, n = [], 0, 0, len(text)
    while pos < n:
        nl = text.find("\n", pos)
        pos = n if nl < 0 else nl + 1
        if pos - start >= size or pos >= n:
            out.append((start, pos))
            start = pos
    return out
