"""Lossy Latin mojibake: UTF-8 decoded as cp1252 with ``errors="replace"``.

cp1252 leaves five byte values undefined (81, 8D, 8F, 90, 9D). A decoder run with
``errors="replace"`` (Python's ``decode("cp1252", "replace")``, many Windows tools)
turns each of them into ``�``, so UTF-8 Chinese read that way loses about one
character in four (``发`` is ``E5 8F 91``: ``å�‘``). ftfy gives those sequences
up (its ``replace_lossy_sequences`` turns ``å�‘`` into one ``�``, and the bytes
around it are gone too). They are recoverable: each ``�`` is exactly one byte, one
of the five, and always a UTF-8 *continuation* byte (all five are 80–BF), so the
lead bytes still cut the run into characters and every damaged character has at
most five readings per lost byte. The character bigram model (:mod:`textfix.lm`)
picks among them with a Viterbi pass over the run.

>>> damaged = "后来发生的事情".encode("utf-8").decode("cp1252", "replace")
>>> damaged
'å�Žæ�¥å�‘ç”Ÿçš„äº‹æƒ…'
>>> [(e.before == damaged, e.after) for e in cp1252_lossy_edits(damaged)]
[(True, '后来发生的事情')]
"""

from __future__ import annotations

import re
from itertools import product

from .. import lm
from ..edits import Edit
from ..textutil import common_affix
from .mojibake_chains import UNDEFINED_1252
from .mojibake_lossy import HOLE, path_score

#: The bytes cp1252 does not define: the only values a ``�`` of its ``replace`` decoding can stand for.
UNDEFINED = tuple(sorted(UNDEFINED_1252))
#: Confidence of a repair: below the lossless chains (0.98), as the lost bytes are inferred.
CONFIDENCE = 0.8

#: cp1252's character for each byte 80-FF it defines.
_BYTE_OF = {bytes([b]).decode("cp1252"): b for b in range(0x80, 0x100) if b not in UNDEFINED}
#: A run of printable cp1252 characters and U+FFFD (a misread line of UTF-8 CJK text, ASCII digits and
#: punctuation included: an ASCII byte is a whole UTF-8 character of its own).
_RUN = re.compile("[\x20-\x7e" + "".join(re.escape(c) for c in _BYTE_OF) + "\ufffd]{3,}")
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]")


def _utf8_length(lead: int) -> int:
    """Bytes in the UTF-8 character ``lead`` opens (0: not a lead byte)."""
    return 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0


def _readings(chunk: list[int]) -> list[str]:
    """Characters ``chunk`` (a lead byte and continuation bytes or holes) can have been, the
    ones the character model knows first; [] when none decodes.

    >>> sorted(_readings([0xE5, HOLE, 0x91]))  # 发 is E5 8F 91
    ['卑', '发', '向', '坑']
    """
    choices = [UNDEFINED if b == HOLE else (b,) for b in chunk]
    out = []
    for combo in product(*choices):
        try:
            out.append(bytes(combo).decode("utf-8"))
        except UnicodeDecodeError:
            continue
    known = [c for c in out if lm.unigram_count(c)]
    return known or out


def _segments(run: str) -> list[list[tuple[int, int, list[str]]]]:
    """``run`` cut into UTF-8 characters: the stretches that parse, each a list of (start, end,
    readings) with offsets into ``run`` (one character of ``run`` is one byte); a character that
    cannot start or continue UTF-8 (genuine Latin text beside the damage) separates them."""
    data = [HOLE if ch == "\ufffd" else _BYTE_OF.get(ch, ord(ch)) for ch in run]
    out: list[list[tuple[int, int, list[str]]]] = []
    cur: list[tuple[int, int, list[str]]] = []
    i = 0
    while i < len(data):
        if 0 <= data[i] < 0x80:
            cur.append((i, i + 1, [run[i]]))
            i += 1
            continue
        n = _utf8_length(data[i])  # a hole is a continuation byte, never a lead
        chunk = data[i : i + n]
        ok = n and len(chunk) == n and all(b == HOLE or 0x80 <= b <= 0xBF for b in chunk[1:])
        readings = _readings(chunk) if ok else []
        if not readings:
            if cur:
                out.append(cur)
            cur = []
            i += 1
            continue
        cur.append((i, i + n, readings))
        i += n
    if cur:
        out.append(cur)
    return out


def _best(slots: list[list[str]], left: str, right: str) -> str:
    """The most probable reading of ``slots`` between ``left`` and ``right`` under the bigram model."""
    best = list(max((score + (lm.next_logprob(right, last) if right else 0.0), text)
                    for last, (score, text) in lm.best_paths(slots, left).items())[1])
    return "".join(_rerank(slots, best, left, right))


#: Characters on each side of a damaged character that the word-aware re-ranking reads.
RERANK_WINDOW = 3


def _rerank(slots: list[list[str]], reading: list[str], left: str, right: str) -> list[str]:
    """``reading`` with each ambiguous character re-chosen, left to right, by the lossy search's
    full objective over a window around it (character trigram and dictionary words,
    :func:`textfix.fixers.mojibake_lossy.path_score`), which a bigram pass cannot see."""
    for k, options in enumerate(slots):
        if len(options) < 2:
            continue
        a, b = max(0, k - RERANK_WINDOW), min(len(reading), k + RERANK_WINDOW + 1)
        ctx = (left + "".join(reading[:a]))[-2:]
        tail = "".join(reading[k + 1 : b]) + (right if b == len(reading) else "")
        head = "".join(reading[a:k])
        reading[k] = max(options, key=lambda ch: path_score(head + ch + tail, left=ctx))
    return reading


def cp1252_lossy_repairs(run: str, left: str = "", right: str = "") -> list[tuple[int, int, str]]:
    """(start, end, reading) for the stretches of ``run`` (printable cp1252 characters and ``�``)
    that are UTF-8 read as cp1252 with lost bytes.

    A stretch needs a ``�`` and whole UTF-8 characters around it, and its reading must be
    mostly CJK: Latin text with a lost byte (``Ã�``) is ftfy's to judge.

    >>> cp1252_lossy_repairs("8æœˆå‡ºç‰ˆå\ufffd‘è¡Œ")
    [(1, 16, '月出版发行')]
    >>> cp1252_lossy_repairs("caf\ufffd"), cp1252_lossy_repairs("Ã\ufffd"), cp1252_lossy_repairs("æœˆ")
    ([], [], [])
    """
    out = []
    for seg in _segments(run):
        s, e = seg[0][0], seg[-1][1]
        if "\ufffd" not in run[s:e]:
            continue  # nothing lost: the lossless chains' job
        reading = _best([r for _, _, r in seg], run[s - 1 : s] or left, run[e : e + 1] or right)
        wide = [ch for ch in reading if ord(ch) > 0x7F]
        if len(wide) < 2 or 2 * len(_CJK.findall(reading)) < len(wide):
            continue
        p, q = common_affix(run[s:e], reading)
        out.append((s + p, e - q, reading[p : len(reading) - q]))
    return out


def cp1252_lossy_edits(text: str) -> list[Edit]:
    """Repairs of stretches of ``text`` that are UTF-8 read as cp1252 with lost bytes (they win
    over the other repairs of the same text: see :func:`textfix.fixers.mojibake.find`)."""
    out: list[Edit] = []
    for m in _RUN.finditer(text):
        if "\ufffd" not in m.group():
            continue
        for a, b, after in cp1252_lossy_repairs(m.group(), text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]):
            s, e = m.start() + a, m.start() + b
            lost = text.count("\ufffd", s, e)
            out.append(Edit("mojibake", "mojibake-lossy", s, e, text[s:e], after, CONFIDENCE,
                            f"UTF-8 bytes decoded as cp1252 with errors='replace': {lost} of {e - s} bytes lost "
                            "(one per U+FFFD, each one of the five bytes cp1252 leaves undefined) and inferred "
                            "with the character model",
                            evidence={"chain": "UTF-8 read as cp1252 (errors='replace')", "bytes_lost": lost}))
    return out
