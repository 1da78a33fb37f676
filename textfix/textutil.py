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


def common_affix(a: str, b: str) -> tuple[int, int]:
    """Lengths of the common prefix and suffix of two strings (not overlapping).

    Fixers trim a proposed replacement with it, so an edit covers only what changes.

    >>> common_affix("e\\u0301x", "éx"), common_affix("aaa", "aa")
    ((0, 1), (2, 0))
    """
    m = min(len(a), len(b))
    p = 0
    while p < m and a[p] == b[p]:
        p += 1
    s = 0
    while s < m - p and a[-1 - s] == b[-1 - s]:
        s += 1
    return p, s


def position_clusters(positions: Iterable[int], gap: int) -> list[list[int]]:
    """Sorted positions grouped where each is at most ``gap`` after the one before.

    >>> position_clusters([1, 2, 4, 9], 2)
    [[1, 2, 4], [9]]
    """
    clusters: list[list[int]] = []
    for p in positions:
        if clusters and p - clusters[-1][-1] <= gap:
            clusters[-1].append(p)
        else:
            clusters.append([p])
    return clusters
