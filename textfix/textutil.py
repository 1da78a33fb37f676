"""Small text helpers shared by several fixers."""

from __future__ import annotations

import difflib
import os
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


#: Where a very long line may be cut into blocks: after a sentence end (with its closing
#: quotes and brackets) or at white space.
_BLOCK_CUT = re.compile("[。！？；!?;…]+[”’」』）)\"']*|\\s+")


def line_blocks(text: str, size: int) -> list[tuple[int, int]]:
    """Consecutive whole lines grouped into blocks of about ``size`` characters.

    Fixers that judge a passage (is it spun? is it stuffed?) do so block by
    block, so a corpus file of thousands of paragraphs costs linear time and a
    damaged article inside clean text is judged on its own. A line longer than
    ``2 * size`` (a dump whose newlines were removed) is cut at the first
    sentence end after each ``size`` characters (at ``2 * size`` if there is
    none): judged whole, a long clean line piles up chance evidence faster
    than the length-scaled thresholds allow.

    >>> line_blocks("ab\\ncd\\nef", 4)
    [(0, 6), (6, 8)]
    >>> line_blocks("一二三。四五六。七八九。十", 3)
    [(0, 4), (4, 8), (8, 13)]
    """
    out, start, pos, n = [], 0, 0, len(text)
    while pos < n:
        nl = text.find("\n", pos)
        pos = n if nl < 0 else nl + 1
        while pos - start > 2 * size:
            m = _BLOCK_CUT.search(text, start + size, start + 2 * size)
            cut = m.end() if m else start + 2 * size
            out.append((start, cut))
            start = cut
        if pos - start >= size or pos >= n:
            out.append((start, pos))
            start = pos
    return out


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    r"""Start of the line holding ``start`` and end (before its newline) of the line holding ``end``.

    >>> line_bounds("ab\ncde\nf", 4, 5), line_bounds("ab\ncde\nf", 8, 8)
    ((3, 6), (7, 8))
    """
    le = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if le < 0 else le


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


#: Lines shorter than this are diffed whole (difflib is quadratic, but cheap here).
DIFF_WHOLE_BELOW = 2000
#: Runs of ordinary characters long enough to anchor a diff of long lines; stretches still
#: too long between them are cut again with shorter runs.
_ANCHORS = tuple(re.compile(rf"[\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]{{{n},}}") for n in (24, 4))


def diff_opcodes(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """``difflib`` opcodes turning ``a`` into ``b``, in about linear time on long lines.

    ``SequenceMatcher`` is quadratic: one repaired ``cafÃ©`` in a 24,000-character
    line of clean text took 20 s. Short inputs are diffed whole, exactly as
    before. Long ones are cut at their common prefix and suffix and at runs of
    ordinary text found unchanged, in order and near the expected place, in
    both; only the stretches between those anchors are diffed. The opcodes
    always rebuild ``b`` from ``a``; they may be less minimal than a whole diff
    only where an anchor is matched to the wrong copy of a repeated run.

    >>> diff_opcodes("ab cafÃ© x", "ab café x")
    [('equal', 0, 6, 0, 6), ('replace', 6, 8, 6, 7), ('equal', 8, 10, 7, 9)]
    >>> long = "这是一段很长的干净句子。" * 300
    >>> [op for op in diff_opcodes("cafÃ© " + long + "naÃ¯ve", "café " + long + "naïve") if op[0] != "equal"]
    [('replace', 3, 5, 3, 4), ('replace', 3608, 3610, 3607, 3608)]
    """
    if len(a) + len(b) < DIFF_WHOLE_BELOW:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    p = len(os.path.commonprefix([a, b]))
    s = len(os.path.commonprefix([a[p:][::-1], b[p:][::-1]]))
    a_end, b_end = len(a) - s, len(b) - s
    ops: list[tuple[str, int, int, int, int]] = [("equal", 0, p, 0, p)] if p else []

    slack = abs(len(a) - len(b)) + 64

    def whole(i1: int, i2: int, j1: int, j2: int) -> None:
        for tag, x1, x2, y1, y2 in difflib.SequenceMatcher(None, a[i1:i2], b[j1:j2], autojunk=False).get_opcodes():
            ops.append((tag, i1 + x1, i1 + x2, j1 + y1, j1 + y2))

    def anchored(ai: int, a_end: int, bj: int, b_end: int, anchors: tuple[re.Pattern[str], ...]) -> None:
        """Cut at anchors found in order in both; stretches still long are cut with the next, shorter anchors."""

        def stretch(i1: int, i2: int, j1: int, j2: int) -> None:
            if (i2 - i1) + (j2 - j1) < DIFF_WHOLE_BELOW:
                whole(i1, i2, j1, j2)
            elif len(anchors) > 1:
                anchored(i1, i2, j1, j2, anchors[1:])
            elif i1 < i2 or j1 < j2:
                # nothing unchanged to anchor on (a long line rewritten throughout): one
                # replacement, since difflib would take minutes on it
                ops.append(("replace" if i1 < i2 and j1 < j2 else "delete" if i1 < i2 else "insert", i1, i2, j1, j2))

        for m in anchors[0].finditer(a, ai, a_end):
            # the run must sit where it is expected in b, give or take the change in length
            k = b.find(m.group(), bj, min(b_end, bj + (m.start() - ai) + slack + len(m.group())))
            if k < 0:
                continue
            stretch(ai, m.start(), bj, k)
            ops.append(("equal", m.start(), m.end(), k, k + len(m.group())))
            ai, bj = m.end(), k + len(m.group())
        stretch(ai, a_end, bj, b_end)

    anchored(p, a_end, p, b_end, _ANCHORS)
    if s:
        ops.append(("equal", a_end, len(a), b_end, len(b)))
    merged: list[tuple[str, int, int, int, int]] = []
    for op in ops:
        if op[1] == op[2] and op[3] == op[4]:
            continue
        if merged and merged[-1][0] == op[0] == "equal":
            merged[-1] = ("equal", merged[-1][1], op[2], merged[-1][3], op[4])
        else:
            merged.append(op)
    return merged
