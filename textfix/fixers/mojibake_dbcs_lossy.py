"""Lossy Big5↔GBK mix-ups: a double-byte page decoded with the other codec and ``errors="replace"``.

A Big5 page read as GBK by a scraper that trusts a wrong charset guess (``requests``
decodes ``r.text`` with ``errors="replace"``) keeps every byte but one per ``�``:
Python's GBK decoder replaces only the *lead* byte of a pair GBK does not map
(``A4 40`` for 一 becomes ``�@``), then reads on from the trail byte, so the rest of
the line is read off by one byte until an ASCII byte puts it back in step
(``新時代黨`` comes out as ``穝�丧N囊``). Encoding the damaged line back with the wrong
codec therefore gives the true bytes with one-byte holes, and each hole is narrowed
down by two constraints:

* with its known neighbour it makes a character of the true codec (the true parse
  is fixed: every hole was read as a lead byte, >= 0x80, so it pairs the same way
  whatever its value);
* with the byte after it, it makes a pair the wrong codec does *not* map (or the
  decoder would not have replaced it).

That leaves a handful of characters per hole (mostly Big5 punctuation and the most
common characters, whose lead bytes A1–A7 fall in GBK's unmapped A140–A7A0), and
the character bigram model (:mod:`textfix.lm`, which counts Traditional text too)
picks among them with a Viterbi pass.

>>> line = "新時代黨群關係，一個重要的問題。".encode("cp950").decode("gbk", "replace")
>>> line
'穝�丧N囊竤闽玒�A�@�迎�璶�喊菝D�C'
>>> dbcs_lossy_reading(line, "big5-as-gbk")[1]
'新時代黨群關係，一個重要的問題。'
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from .. import lm
from ..edits import Edit, apply_edits
from .mojibake_lossy import END_WEIGHT, HOLE, _tokens, end_logprob

#: (true codec, codec it was read with) for each chain this module undoes.
CHAINS = {"big5-as-gbk": ("cp950", "gbk"), "gbk-as-big5": ("gbk", "cp950")}
#: A line is repaired only when its reading gains this much per character (nats) over
#: the damaged text: a whole misread line gains 4–8 (measured on bench/realistic.py's
#: Big5 pages read with Python's ``gbk`` codec).
MIN_GAIN = 2.0
#: ... and has at least this many Han characters; Han, kana, bopomofo, CJK symbols, box
#: drawing and full-width forms make at least this share of its characters that are not
#: ASCII (what GBK makes of Big5 bytes: 眖ネ, 12る31ら, ㄊ, ┋, with 20–30% Greek, Cyrillic
#: and pinyin letters from GBK's symbol rows; Russian with a lost byte, Ру��кий, has none).
MIN_WIDE = 4
EAST_ASIAN_SHARE = 0.5
_EAST_ASIAN = re.compile("[\u2460-\u27bf\u2e80-\u33ff\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


@lru_cache(maxsize=65536)
def _pair(a: int, b: int, codec: str) -> str | None:
    """The one character the two bytes ``a b`` make in ``codec``, or ``None``."""
    try:
        s = bytes((a, b)).decode(codec)
    except UnicodeDecodeError:
        return None
    return s if len(s) == 1 else None


def _hole_options(known: int, hole_first: bool, after: int, true: str, wrong: str) -> list[str]:
    """Characters of ``true`` for a pair whose other byte is ``known`` and whose hole the
    ``wrong`` decoder replaced: the hole with ``after`` (the byte after it) is no pair of
    ``wrong``."""
    out = []
    for v in range(0x80, 0x100):
        if after != HOLE and _pair(v, after, wrong) is not None:
            continue  # the decoder would have read this pair, not replaced the byte
        ch = _pair(v, known, true) if hole_first else _pair(known, v, true)
        if ch is not None and lm.unigram_count(ch):
            out.append(ch)
    return out


#: Readings kept for a character whose two bytes are both holes (the most frequent ones).
DOUBLE_HOLE_K = 48


@lru_cache(maxsize=512)
def _double_hole_options(after: int, true: str, wrong: str) -> tuple[str, ...]:
    """Characters of ``true`` whose two bytes the ``wrong`` decoder both replaced: neither
    byte pairs in ``wrong`` with the byte after it. The :data:`DOUBLE_HOLE_K` most frequent."""
    found = []
    for v1 in range(0x80, 0x100):
        for v2 in range(0x40, 0x100):
            if _pair(v1, v2, wrong) is not None or (after != HOLE and _pair(v2, after, wrong) is not None):
                continue
            ch = _pair(v1, v2, true)
            n = lm.unigram_count(ch) if ch is not None else 0
            if n:
                found.append((n, ch))
    found.sort(reverse=True)
    return tuple(ch for _n, ch in found[:DOUBLE_HOLE_K])


def _slots(data: list[int], true: str, wrong: str) -> list[list[str]] | None:
    """``data`` parsed in ``true``: per character its possible readings (one for a
    character without a hole), or ``None`` when the known bytes do not parse."""
    slots: list[list[str]] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b != HOLE and b < 0x80:
            slots.append([chr(b)])
            i += 1
            continue
        if i + 1 >= n:
            return None  # a lead byte with no trail
        t = data[i + 1]
        after = data[i + 2] if i + 2 < n else 0x0A
        if b == HOLE and t == HOLE:
            options = list(_double_hole_options(after, true, wrong))
        elif b == HOLE:
            options = _hole_options(t, True, t, true, wrong)
        elif t == HOLE:
            options = _hole_options(b, False, after, true, wrong)
        else:
            ch = _pair(b, t, true)
            options = [ch] if ch is not None else []
        if not options:
            return None
        slots.append(options)
        i += 2
    return slots


def _viterbi(slots: list[list[str]], left: str) -> tuple[float, str]:
    """The most probable reading of ``slots`` (a whole line) under the character bigram
    model and the line-end model of :mod:`textfix.fixers.mojibake_lossy`."""
    beams = lm.best_paths(slots, left[-1:])
    # the line ends here: its last character is scored as a line end too (。 over 、)
    return max((score + END_WEIGHT * end_logprob(last), text) for last, (score, text) in beams.items())


def dbcs_lossy_reading(line: str, chain: str) -> tuple[float, str] | None:
    """(gain per character, reading) of ``line`` as ``chain`` (``"big5-as-gbk"``, ...)
    read with ``errors="replace"``, or ``None`` when it does not read back or is no gain.

    >>> dbcs_lossy_reading("今天天气很好，我们去公园。", "big5-as-gbk") is None
    True
    >>> dbcs_lossy_reading("Ру\ufffd\ufffdкий", "gbk-as-big5") is None
    True
    """
    if "\ufffd" not in line:
        return None
    wide = [ch for ch in line if ord(ch) > 0x7F and ch != "\ufffd"]
    han = sum(1 for ch in wide if "\u4e00" <= ch <= "\u9fff")
    if han < MIN_WIDE or sum(1 for ch in wide if _EAST_ASIAN.match(ch)) < EAST_ASIAN_SHARE * len(wide):
        return None  # a double-byte codec's misreading is East Asian; Cyrillic or Latin with a � is not one
    true, wrong = CHAINS[chain]
    data = _tokens(line, wrong)  # the bytes it was read from, HOLE for each U+FFFD
    slots = _slots(data, true, wrong) if data is not None else None
    if slots is None:
        return None
    score, reading = _viterbi(slots, "")
    before = lm.char_logprob(line.replace("\ufffd", ""))
    gain = (score - before) / max(len(reading), 1)
    if gain < MIN_GAIN or not math.isfinite(gain):
        return None
    return gain, reading


def dbcs_lossy_edits(text: str, taken: list[Edit]) -> list[Edit]:
    """Repairs of whole lines of ``text`` read with the wrong double-byte codec and
    ``errors="replace"``. A line is taken only when its reading is more probable per
    character than the line with the ``taken`` edits that fall in it applied (another
    chain's repair, such as lossy UTF-8 read as GBK, keeps its line when it reads better).

    >>> page = "新時代黨群關係，一個重要的問題。\\n".encode("cp950").decode("gbk", "replace")
    >>> [(e.rule, e.after) for e in dbcs_lossy_edits(page, [])]
    [('mojibake-lossy', '新時代黨群關係，一個重要的問題。')]
    """
    out: list[Edit] = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line.rstrip("\r"))
        pos += len(line) + 1
        while s < e and text[s] in " \t\u3000":
            s += 1
        if "\ufffd" not in text[s:e]:
            continue
        readings = [(r, chain) for chain in CHAINS if (r := dbcs_lossy_reading(text[s:e], chain)) is not None]
        if not readings:
            continue
        (gain, reading), chain = max(readings)
        inside = [t for t in taken if s <= t.start and t.end <= e and t.after is not None]
        if inside and lm.mean_logprob_per_char(reading) <= lm.mean_logprob_per_char(apply_edits(text[s:e], [t.shifted(-s) for t in inside])):
            continue
        holes = text.count("\ufffd", s, e)
        true, wrong = CHAINS[chain]
        out.append(Edit(
            "mojibake", "mojibake-lossy", s, e, text[s:e], reading, round(min(0.8, 0.5 + 0.05 * gain), 3),
            f"{true} bytes decoded as {wrong} with errors='replace': {holes} lost byte(s) inferred from the "
            "codecs' constraints and the character model (lower confidence than a lossless repair)",
            evidence={"chain": chain, "lost_bytes": holes, "gain_per_char": round(gain, 2)},
        ))
    return out
