"""Mojibake: text whose bytes were decoded with the wrong codec.

Three families of damage are handled:

* **CJK codec chains** (``mojibake-utf8-as-gbk`` …): UTF-8 read as GBK, Big5,
  Shift-JIS, EUC-JP, EUC-KR or a Latin code page; GBK/Big5/Shift-JIS/EUC-JP/EUC-KR
  read as Latin-1/cp1252; Big5 and GBK read as each other; and two of these in a row.
  Korean and Japanese repairs, which the Chinese character model knows only by the
  class floor of Hangul and kana, are judged by their script share instead
  (:func:`_reads_korean`, :func:`_reads_japanese`).
  Each suspicious span is encoded back with the wrong codec and decoded with
  the right one; the result is kept only when it decodes strictly and the
  character model (:mod:`textfix.lm`) finds it clearly more plausible.
* **Lossy damage** (``mojibake-lossy``): UTF-8 read as GBK/Big5/... with
  ``errors="replace"``/``"ignore"``, so some bytes are gone; they are
  re-guessed with the character model, at lower confidence.
* **Unrecoverable markers** (``mojibake-unrecoverable``): ``锟斤拷``, ``烫烫烫``,
  ``屯屯屯``, runs of ``�``, ``ï¿½`` are reported with no replacement.

Latin mojibake (UTF-8 read as cp1252/latin-1 in European text) is left to
ftfy's ``fix_encoding``, line by line (``mojibake-latin``).

Clean text takes a fast path: one compiled regex looks for two characters
"typical of mojibake" close together. That set is derived from the codec
tables (characters the wrong decodings produce) minus those common in the
corpus, so clean Chinese almost never reaches the slow path.

>>> from textfix.edits import apply_edits
>>> apply_edits("这是娴嬭瘯。", find("这是娴嬭瘯。", None))
'这是测试。'
>>> apply_edits("这是涓枃娴嬭瘯。", find("这是涓枃娴嬭瘯。", None))  # a lost byte is inferred
'这是中文测试。'
>>> apply_edits("cafÃ© ä¸­æ–‡", find("cafÃ© ä¸­æ–‡", None))
'café 中文'
"""

from __future__ import annotations

import collections
import itertools
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache

import ftfy
import ftfy.badness

from .. import lm
from ..edits import Edit
from ..textutil import DIFF_WHOLE_BELOW, char_class, common_affix, diff_opcodes, line_bounds, position_clusters
from .mojibake_chains import (CHAINS, CHAINS_BY_NAME, STRUCT_CODECS, Chain, chain_chars, decode_strict, encode_char,
                              latin_utf8_as_gbk_chars, producible_chars, undo, utf8_struct_classes)
from .mojibake_cp1252_lossy import cp1252_lossy_edits
from .mojibake_dbcs_lossy import dbcs_lossy_edits
from .mojibake_lossy import _t2s, lossy_candidates  # _t2s: the per-character OpenCC t2s fold

NAME = "mojibake"
KINDS = ("mojibake",)
RULES = {
    "mojibake-latin": "UTF-8 decoded as cp1252/latin-1 (repaired with ftfy.fix_encoding)",
    "mojibake-utf8-as-gbk": "UTF-8 bytes decoded as GBK/GB18030 (涓枃 for 中文)",
    "mojibake-utf8-as-big5": "UTF-8 bytes decoded as Big5/cp950",
    "mojibake-utf8-as-sjis": "UTF-8 bytes decoded as Shift-JIS/cp932",
    "mojibake-utf8-as-eucjp": "UTF-8 bytes decoded as EUC-JP",
    "mojibake-utf8-as-euckr": "UTF-8 bytes decoded as EUC-KR",
    "mojibake-utf8-as-latin1": "UTF-8 bytes of CJK text decoded as cp1252/latin-1/Mac Roman (ä¸­æ–‡ for 中文)",
    "mojibake-gbk-as-latin1": "GBK bytes decoded as latin-1/cp1252 (ÖÐÎÄ for 中文)",
    "mojibake-big5-as-latin1": "Big5 bytes decoded as latin-1/cp1252",
    "mojibake-sjis-as-latin1": "Shift-JIS bytes decoded as latin-1/cp1252",
    "mojibake-eucjp-as-latin1": "EUC-JP bytes decoded as latin-1/cp1252",
    "mojibake-euckr-as-latin1": "EUC-KR bytes decoded as latin-1/cp1252 (ÇÑ±¹¾î for 한국어)",
    "mojibake-gbk-as-cp437": "GBK bytes decoded as IBM code page 437 (╓╨╬─.txt for 中文.txt: ZIP file names, consoles)",
    "mojibake-big5-as-cp437": "Big5 bytes decoded as IBM code page 437",
    "mojibake-sjis-as-cp437": "Shift-JIS bytes decoded as IBM code page 437",
    "mojibake-big5-gbk": "Big5 bytes decoded as GBK, or GBK bytes decoded as Big5",
    "mojibake-double": "two wrong decodings in a row (e.g. UTF-8 read as GBK, saved as UTF-8, read as cp1252)",
    "mojibake-lossy": "UTF-8 read as a CJK codec or as cp1252, or Big5/GBK read as the other, with bytes lost (� or dropped); lost bytes inferred with the character model",
    "mojibake-unrecoverable": "锟斤拷, 烫烫烫, 屯屯屯, runs of �, ï¿½: the original bytes are gone (reported, not fixed)",
}

#: A character the corpus saw fewer times than this counts as rare (in repairs).
RARE_COUNT = 30
#: A character a wrong decoding produces and the corpus saw fewer times than
#: this is "typical of mojibake" (the fast-path regex).
SUSPECT_COUNT = 30
#: A repair must raise the mean log-probability per character by this much (nats).
MIN_GAIN = 1.5
#: ... and the repaired text must itself look like text (mean log-prob per character).
MIN_PLAUSIBLE = -8.0
#: A double repair must read like ordinary Chinese (clean news text averages about -5).
DOUBLE_PLAUSIBLE = -7.0
#: Suspicious characters closer than this are one cluster; windows extend this far around it.
MARGIN = 8

_LINE = re.compile(r"[^\n]+")


@lru_cache(maxsize=4)
def suspect_chars(below: int = 0) -> str:
    """Characters a wrong decoding produces that clean text rarely contains (corpus
    count below ``below``, default :data:`SUSPECT_COUNT`), as a sorted string.

    >>> "瘯" in suspect_chars(), "中" in suspect_chars()
    (True, False)
    """
    below = below or SUSPECT_COUNT
    chars = {c for c in producible_chars() if lm.unigram_count(c) < below and c.isprintable()}
    chars.add("\ufffd")
    # C1 controls: what Latin-1 makes of Shift-JIS/GBK lead bytes 0x80-0x9F
    chars.update(map(chr, range(0x80, 0xA0)))
    return "".join(sorted(chars))


def _char_class(chars: str) -> str:
    """A regex character class for ``chars`` plus the private-use area."""
    return char_class(chars, extra="\ue000-\uf8ff")


@lru_cache(maxsize=1)
def _suspect_rx() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cls = _char_class(suspect_chars())
    wide = _char_class(suspect_chars(RARE_COUNT))
    # two very rare suspicious characters within four, or three merely rare ones:
    # mojibake is dense, a rare name is not
    gap = "[^\\n]{0,3}"
    return re.compile(f"{cls}{gap}{cls}|{wide}{gap}{wide}{gap}{wide}"), re.compile(wide)


@lru_cache(maxsize=1)
def _struct_firsts() -> tuple[list[tuple[frozenset[str], frozenset[str]]], tuple[tuple[str, ...], ...]]:
    """The opening character pairs of UTF-8 CJK text read with Big5, EUC-JP or EUC-KR
    (see :func:`utf8_struct_classes`), one pair of sets per group of ``STRUCT_CODECS``.

    These decoders reject most UTF-8, so what survives strictly is short stretches
    with one rare character: the byte structure, not density, is the sign.
    """
    return [utf8_struct_classes(g) for g in STRUCT_CODECS], STRUCT_CODECS


@lru_cache(maxsize=1)
def _opening_rx() -> re.Pattern[str]:
    """Any character that may open a structure window or a swap window (one class)."""
    chars: set[str] = set()
    for f, sec in _struct_firsts()[0]:
        # anchor on the rarer character of the pair (EUC-KR's openers are common hanja,
        # what follows them is Hangul or a symbol)
        chars |= f if _rarer(f, sec) else sec
    return re.compile(char_class(chars | _swap_telltales() | _swap_rare()))


def _rarer(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether the characters of ``a`` are, in all, rarer in the corpus than those of ``b``."""
    return sum(map(lm.unigram_count, a)) <= sum(map(lm.unigram_count, b))


#: Shortest run of :func:`latin_utf8_as_gbk_chars` that opens a window (two original characters).
DOUBLE_RUN = 4


@lru_cache(maxsize=1)
def _double_rx() -> re.Pattern[str]:
    """Runs of the characters GBK makes of UTF-8 Latin-1 (拢隆露…): the double encoding
    GBK → Latin-1 → UTF-8 → GBK is made only of them, clean text rarely strings four."""
    one = char_class(latin_utf8_as_gbk_chars())
    return re.compile(one * DOUBLE_RUN + one + "*")  # spelled out: twice as fast as {4,}


_SWAP_CHAINS = ("big5-as-gbk", "gbk-as-big5")


@lru_cache(maxsize=1)
def _swap_telltales() -> frozenset[str]:
    """Characters a Big5/GBK swap makes and Chinese text rarely has (kana, Greek, Cyrillic,
    bopomofo, box drawing: GBK's rows A4-A9 are Big5's commonest Han). Next to a Han
    character, one of them opens a window for the swap chains."""
    return frozenset(c for n in _SWAP_CHAINS for c in chain_chars(CHAINS_BY_NAME[n])
                     if not ("\u3400" <= c <= "\u9fff") and lm.unigram_count(c) < SUSPECT_COUNT and c.isprintable())


#: A rare Han character whose Big5/GBK swap is at least this common opens a swap window too;
#: a character the corpus never saw does so when its swap is not rare (:data:`RARE_COUNT`, in
#: its better spelling: 緕 -> 魄 75, 纕 -> 償 97 and 偿): text strings a character unknown to
#: 5 million characters of news and every SIGHAN training word only in rare names.
SWAP_TARGET_COUNT = 1000
#: A Simplified-only character of a Traditional line opens a window when its swap is this common.
SWAP_TARGET_UNSEEN = 100


@lru_cache(maxsize=1)
def _swap_rare() -> frozenset[str]:
    """Rare Han characters that a Big5/GBK swap turns into common ones (琌 → 是, 穦 → 會), and
    characters the corpus never saw that it turns into ones that are not rare (緕 → 魄):
    derived from the codec tables and the corpus counts (see :data:`SWAP_TARGET_COUNT`)."""
    chars = set()
    for n in _SWAP_CHAINS:
        chain = CHAINS_BY_NAME[n]
        for c in chain_chars(chain):
            if "\u3400" <= c <= "\u9fff" and lm.unigram_count(c) < RARE_COUNT:
                b = encode_char(c, chain.wrong)
                d = decode_strict(b, chain.true) if b is not None and len(b) == 2 else None
                if d is None or len(d) != 1:
                    continue
                if lm.unigram_count(c) == 0:
                    if max(lm.unigram_count(d), lm.unigram_count(d.translate(_t2s()))) >= RARE_COUNT:
                        chars.add(c)
                elif lm.unigram_count(d) >= SWAP_TARGET_COUNT:
                    chars.add(c)
    return frozenset(chars)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _telltale_in_han(s: str) -> bool:
    """A swap telltale (:func:`_swap_telltales`) among Han characters: a word of Greek or
    a box-drawing line (προπονητ, ├┤) is genuine and does not count.

    >>> _telltale_in_han("ぃ奔"), _telltale_in_han("├┤")
    (True, False)
    """
    tell = _swap_telltales()
    return any(ch in tell for ch in s) and any(map(_is_han, s))


def _unseen_swap_pair(s: str) -> bool:
    """Two neighbouring Han characters that the corpus never saw, each of which a Big5/GBK
    swap turns into a common one (:func:`_swap_rare`): as telling as a telltale, since real
    text strings two characters unknown to 5 million characters of news only in rare names.

    >>> _unseen_swap_pair("礚粂"), _unseen_swap_pair("無語")
    (True, False)
    """
    rare = _swap_rare()
    # (a doubled character is a word form, 蟈蟈, not random damage)
    return any(a != b and a in rare and b in rare and lm.unigram_count(a) == 0 and lm.unigram_count(b) == 0
               for a, b in zip(s, s[1:]))


def _swap_telling(s: str) -> bool:
    """:func:`_telltale_in_han` or :func:`_unseen_swap_pair`."""
    return _telltale_in_han(s) or _unseen_swap_pair(s)


@lru_cache(maxsize=65536)
def _swap_char(ch: str, name: str) -> str | None:
    """What the swap chain ``name`` makes of ``ch`` when undone (None: nothing, or itself)."""
    chain = CHAINS_BY_NAME[name]
    b = encode_char(ch, chain.wrong)
    d = decode_strict(b, chain.true) if b is not None and len(b) == 2 else None
    return d if d is not None and len(d) == 1 and d != ch else None


#: A swap window reaches this far either side of its hit (a swap run longer than that holds more hits).
SWAP_MARGIN = 5
#: A swap hit opens a window only if swapping it with a neighbour gains this much (nats, total).
SWAP_PROMISE = 5.0


def _swap_promising(text: str, i: int) -> bool:
    """Whether swapping ``text[i]`` together with a neighbour reads better: a cheap test
    (a few model look-ups) before the Viterbi pass of :func:`swap_candidates`.

    >>> t = "就將賣" + "不掉".encode("big5").decode("gbk") + "的小狗"
    >>> _swap_promising(t, 3), _swap_promising("他在网上看到。", 2)
    (True, False)
    """
    for name in _SWAP_CHAINS:
        if _swap_char(text[i], name) is None:
            continue
        # (a Big5 reading is judged in its Simplified spelling too: 雛妓 as 雏妓)
        # a Big5 reading is scored in its Simplified spelling too (counting a swap target as common
        # in either spelling for _swap_rare was tried: big5-as-gbk +0.5 on 400 cases, but clean PFR
        # text opened windows: 懊恼悔恨 read as 冕齣際管)
        nl = _folded_next_logprob if name == "big5-as-gbk" else lm.next_logprob
        for a in (i - 1, i):
            if a < 0 or a + 2 > len(text):
                continue
            x, y = text[a], text[a + 1]
            x2, y2 = _swap_char(x, name) or x, _swap_char(y, name) or y
            left = text[a - 1] if a > 0 else ""
            right = text[a + 2] if a + 2 < len(text) else ""
            after = nl(x2, left) + nl(y2, x2) + (nl(right, y2) if right else 0.0)
            before = nl(x, left) + nl(y, x) + (nl(right, y) if right else 0.0)
            # kana and Hangul in Chinese cost more than the model's class floor (as in _judge_foreign)
            before -= FOREIGN_COST * (bool(_KANA_HANGUL.match(x)) + bool(_KANA_HANGUL.match(y)))
            if after - before >= SWAP_PROMISE:
                return True
    return False


#: A byte-structure hit and the character after it score below this (nats per character)
#: when they are mojibake; 97% of such hits in clean text score above.
STRUCT_CORE_MAX = -9.5


def _struct_windows(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """Windows around byte-structure and swap hits, with the chains (names) that may have made them.

    One plain character-class scan finds both kinds of opening character (a plain class
    runs at C speed; the few hits are checked here).
    """
    out: list[list] = []  # [start, end, chain names]
    firsts, groups = _struct_firsts()
    tell, swap_rare = _swap_telltales(), _swap_rare()
    for m in _opening_rx().finditer(text):
        start = m.start()
        ch = m.group()
        nxt = text[start + 1 : start + 2]
        names: set[str] = set()
        at = start  # where the structure pattern opens
        for (f, sec), g in zip(firsts, groups):
            if ch in f and nxt in sec:
                names.update(f"utf8-as-{c}" for c in g)
            elif ch in sec and start and text[start - 1] in f:  # anchored on the second character
                names.update(f"utf8-as-{c}" for c in g)
                at = start - 1
        swap = ch in swap_rare or ch in tell and (start and _is_han(text[start - 1]) or _is_han(nxt))
        if not names and not swap:
            continue  # most hits: a common character of the EUC-JP/EUC-KR opening sets
        ls, le = line_bounds(text, start, start + 1)
        if names:
            core = text[at : at + 3]
            if _KANA_HANGUL.search(core) or lm.mean_logprob_per_char(core) < STRUCT_CORE_MAX:
                # each UTF-8 CJK character pair repeats the pattern three characters on
                s, e = max(ls, at - 3), min(le, at + 6)
                if out and s <= out[-1][1] and names == out[-1][2]:
                    out[-1][1] = e
                else:
                    out.append([s, e, names])
            # else 网上, 經常: a real word that happens to fit the byte pattern
        if swap:
            if not _swap_promising(text, start):
                continue
            s, e = max(ls, start - SWAP_MARGIN), min(le, start + 1 + SWAP_MARGIN)
            if out and s <= out[-1][1] and out[-1][2] == set(_SWAP_CHAINS):
                out[-1][1] = e
            else:
                out.append([s, e, set(_SWAP_CHAINS)])
    for m in _double_rx().finditer(text):
        ls, le = line_bounds(text, m.start(), m.end())
        out.append([max(ls, m.start() - 2), min(le, m.end() + 2), {"utf8-as-gbk", "utf8-as-gb18030"}])
    for s, e in _simplified_in_traditional(text):
        if not any(w[0] <= s and e <= w[1] for w in out):
            out.append([s, e, set(_SWAP_CHAINS)])
    return [(s, e, frozenset(n)) for s, e, n in out if not _genuine_ja_ko(text[s:e])]


#: A line is Traditional Chinese when it holds at least this many Traditional-only characters ...
TRAD_LINE_MIN = 3
#: ... and at least this many times as many as Simplified-only ones.
TRAD_LINE_RATIO = 3
#: Characters at the start of a document that must show Traditional-only characters first.
TRAD_SAMPLE = 1024


def _script_tables():
    """The OpenCC-derived script tables (read-only; imported on first use)."""
    from .script import tables

    return tables()


@lru_cache(maxsize=1)
def _swap_simplified_rx() -> re.Pattern[str]:
    """Simplified-only characters that Big5 read as GBK makes out of a common Traditional one,
    from the script tables (OpenCC) and the codec tables."""
    swap = {c for c in _script_tables().hans
            if (d := _swap_char(c, "big5-as-gbk")) is not None and lm.unigram_count(d) >= SWAP_TARGET_UNSEEN}
    return re.compile(char_class("".join(sorted(swap))))


def _traditional_line(text: str, ls: int, le: int) -> bool:
    """Whether ``text[ls:le]`` is a line of Traditional Chinese (see :data:`TRAD_LINE_MIN`)."""
    t = _script_tables()
    trad = t.hant_rx.count(text, ls, le)
    return trad >= TRAD_LINE_MIN and trad >= TRAD_LINE_RATIO * t.hans_rx.count(text, ls, le)


def _simplified_in_traditional(text: str) -> list[tuple[int, int]]:
    """Swap windows at Simplified-only characters inside Traditional lines.

    Big5 bytes read as GBK come out largely as GB2312 characters, many of them Simplified
    forms; in a line of Traditional Chinese a Simplified-only character whose swap is a
    common character (参 -> 統 in 朝羆参, 满 -> 雛) is document-level evidence of the swap,
    where rarity alone (the other openers) says nothing. A document whose first
    :data:`TRAD_SAMPLE` characters hold fewer than :data:`TRAD_LINE_MIN` distinct
    Traditional-only characters leaves at once (one class search).

    >>> _simplified_in_traditional("朝羆参特別委請蕭萬長出面整合，"), _simplified_in_traditional("这是简体中文的句子。")
    ([(0, 8)], [])
    """
    t = _script_tables()
    # (the set's regex finds the same characters as t.hant.intersection, at C speed)
    if len(set(t.hant_rx.findall(text[:TRAD_SAMPLE]))) < TRAD_LINE_MIN:
        return []  # the document does not open as Traditional text (Simplified text leaves here)
    from .script import _has_astral

    simp_rx = _swap_simplified_rx()
    astral = _has_astral(text)  # once, not per line
    out: list[tuple[int, int]] = []
    pos = 0
    while True:
        i = t.hant_rx.find(text, pos, astral)  # one search per line that holds Traditional characters
        if i < 0:
            break
        ls, le = line_bounds(text, i, i)
        pos = le + 1
        if not simp_rx.search(text, ls, le) or not _traditional_line(text, ls, le):
            continue
        for h in simp_rx.finditer(text, ls, le):
            i = h.start()
            if _swap_promising(text, i):
                s, e = max(ls, i - SWAP_MARGIN), min(le, i + 1 + SWAP_MARGIN)
                if out and s <= out[-1][1]:
                    out[-1] = (out[-1][0], e)
                else:
                    out.append((s, e))
    return out


def _simplified_telltale(text: str, c: "Candidate") -> bool:
    """Whether a swap candidate turns a Simplified-only character of a Traditional line into a
    common one (see :func:`_simplified_in_traditional`): as telling as a rare character."""
    if not _swap_simplified_rx().search(c.before):
        return False
    ls, le = line_bounds(text, c.start, c.end)
    return _traditional_line(text, ls, le)


# ---------------------------------------------------------------- markers

# Written to start with one character class: the plain alternation made ``re`` try
# every branch at every position (18x slower on clean text with a stray 拷).
_MARKERS = re.compile(
    "[锟斤烫屯ï\ufffd](?:(?<=锟)斤拷(?:锟斤拷)*|(?<=锟)斤|(?<=斤)拷|(?<=烫)烫{2,}|(?<=屯)屯{2,}"
    "|(?<=ï)¿½(?:ï¿½)*|(?<=\ufffd)\ufffd*)"
)
_MARKER_WHY = {
    "锟": "U+FFFD (UTF-8 EF BF BD) read as GBK: the original characters were replaced before this damage and are lost",
    "斤": "U+FFFD (UTF-8 EF BF BD) read as GBK: the original characters were replaced before this damage and are lost",
    "烫": "uninitialised stack memory (0xCC bytes) printed as GBK: there never was text here",
    "屯": "uninitialised heap memory (0xCD bytes) printed as GBK: there never was text here",
    "ï": "U+FFFD (UTF-8 EF BF BD) read as latin-1: the original character was lost",
    "\ufffd": "replacement character: the original bytes were lost when decoding",
}


def unrecoverable_markers(text: str) -> list[Edit]:
    """Report the well-known signs of lost data; they cannot be repaired.

    >>> [(e.before, e.after) for e in unrecoverable_markers("标题锟斤拷锟斤拷，烫烫烫")]
    [('锟斤拷锟斤拷', None), ('烫烫烫', None)]
    """
    if not ("\ufffd" in text or "锟" in text or "拷" in text or "烫烫烫" in text or "屯屯屯" in text or "ï¿½" in text):
        return []
    return [
        Edit("mojibake", "mojibake-unrecoverable", m.start(), m.end(), m.group(), None, 0.9,
             _MARKER_WHY[m.group()[0]] + "; cannot be recovered from the text")
        for m in _MARKERS.finditer(text)
    ]


# ---------------------------------------------------------------- Latin (ftfy)

# UTF-8 mojibake in a Latin or Cyrillic code page always shows the character for
# a UTF-8 lead byte (Â-ô in cp1252, Cyrillic in cp1251 ...); CJK punctuation
# (— “ ” … ·) alone never sends a line to ftfy.
_LATIN_SUSPECT = re.compile("[\u00c0-\u06ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2030\u20ac\u2122\u221a\u2248\ufb01\ufb02]")


#: At the end of a word, a Han character standing for an accented letter must be rarer than this.
ACCENT_END_COUNT = 1000


@lru_cache(maxsize=1)
def _accent_rx() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Han characters whose GBK bytes are the UTF-8 of an accented Latin letter (枚 for ö: C3 B6),
    from the codec tables: (inside a word or starting one, at its end, the letter each stands for).
    At a word's start or end only Latin-1 letters (lead byte C3: É, é, ü ...) count: the Latin
    Extended ones stand for common characters (农, 女, 目)."""
    inner, end, start, letter = [], [], [], {}
    for lead in range(0xC3, 0xCA):
        for trail in range(0x80, 0xC0):
            pair = bytes((lead, trail))
            han, lat = decode_strict(pair, "gbk"), pair.decode("utf-8")
            if han is None or len(han) != 1 or not _is_han(han) or not (lat.isalpha() and "\u00c0" <= lat <= "\u024f"):
                continue
            letter[han] = lat
            inner.append(han)
            # (a common character ends a Chinese clause after a name as often: 你见到Tom没?)
            if lead == 0xC3 and lat.islower() and lm.unigram_count(han) < ACCENT_END_COUNT:
                end.append(han)
            elif lead == 0xC3 and lat.isupper():
                start.append(han)
    cls, end_cls, start_cls = (char_class("".join(x)) for x in (inner, end, start))
    # (each branch opens with a plain class, which ``re`` scans for at C speed: a leading
    # look-behind made it try every position; the character before a word's start is checked after)
    return (re.compile(f"[A-Za-z]({cls}{{1,3}})(?=[a-z])|({start_cls})(?=[a-z]{{2}})"),
            re.compile(f"[A-Za-z][a-z]({end_cls})(?![\\w\u3400-\u9fff])"), letter)


def _mostly_ascii(text: str, sample: int = 4096) -> bool:
    """Whether half the characters of the start of ``text`` at least are ASCII (English text,
    where accented letters read as GBK stand alone; in Chinese text read as GBK the Chinese
    around them is damaged too, and repaired first)."""
    head = text[:sample]
    return 2 * len(head.encode("ascii", "ignore")) >= len(head)


def accented_letters_as_gbk(text: str, covered: list[Edit] | None = None) -> list[Edit]:
    """Accented letters of a Latin word in UTF-8 read as GBK, each one Han character inside
    the word (co枚perative, Z眉rich, caf茅): where a paragraph is mostly Chinese, the repair of
    its Chinese leaves them, and no Chinese text puts a Han character between the letters of
    a word.

    >>> [(e.before, e.after) for e in accented_letters_as_gbk("the co枚perative in Z眉rich, a caf茅.")]
    [('枚', 'ö'), ('眉', 'ü'), ('茅', 'é')]
    >>> accented_letters_as_gbk("iPhone每天都用, Windows系统, A股B股")
    []
    """
    if text.isascii():
        return []
    inner, end, letter = _accent_rx()
    out: list[Edit] = []
    for m in itertools.chain(inner.finditer(text), end.finditer(text)):
        g = 1 if m.group(1) else 2
        s, e = m.span(g)
        if g == 2 and s and (text[s - 1].isascii() and text[s - 1].isalpha() or _is_han(text[s - 1])):
            continue  # a word's first letter follows no letter or Han character
        if covered and any(s < o.end and o.start < e for o in covered):
            continue
        after = "".join(letter[ch] for ch in text[s:e])
        out.append(Edit("mojibake", "mojibake-utf8-as-gbk", s, e, text[s:e], after, 0.85,
                        "UTF-8 bytes of accented Latin letters decoded as GBK: a Han character inside a Latin word",
                        evidence={"chain": CHAINS_BY_NAME["utf8-as-gbk"].describe()}))
    return sorted(out, key=lambda e: e.start)


def latin_mojibake(text: str, covered: list[Edit] | None = None) -> list[Edit]:
    """Edits that undo UTF-8 read as cp1252/latin-1, found line by line with ftfy. A line
    inside one of the ``covered`` edits (a CJK repair, which wins over ftfy) is not diffed
    when every edit ftfy could make there would be dropped (all but an insertion at the
    line's end, which a repair ending there does not overlap): diffing a long line that
    ftfy rewrote whole costs time quadratic in its length.

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
        inside = [e.end for e in covered or () if e.start <= m.start() and m.end() <= e.end]
        if inside and max(inside) > m.end():
            continue
        fixed, plan = ftfy.fix_encoding_and_explain(line)
        if fixed == line:
            continue
        if inside and len(line) + len(fixed) >= DIFF_WHOLE_BELOW and (line[-1] == fixed[-1] or line[-1] not in fixed):
            continue  # the diff of a long line can then end in no insertion, the one edit a repair ending here leaves
        steps = ", ".join(f"{op} {arg}" for op, arg in plan)
        for tag, i1, i2, j1, j2 in diff_opcodes(line, fixed):
            if tag == "equal" or _foreign_letter_in_noise(line[i1:i2], fixed, j1, j2):
                continue
            edits.append(
                Edit("mojibake", "mojibake-latin", m.start() + i1, m.start() + i2, line[i1:i2],
                     fixed[j1:j2], 0.9, f"UTF-8 bytes decoded as a Latin codepage (ftfy: {steps})")
            )
    return edits


def _high_latin1(ch: str) -> bool:
    return "\x80" <= ch <= "\xff"


def _foreign_letter_in_noise(before: str, fixed: str, j1: int, j2: int) -> bool:
    """Whether ftfy's repair of ``before`` into ``fixed[j1:j2]`` made non-Latin letters (or marks) out of
    pairs of Latin-1 characters, inside a run of other high Latin-1 characters,
    and that run still looks like mojibake to ftfy's own badness measure. Then the pair was
    not UTF-8: the run is EUC-KR, EUC-JP or GBK read as Latin-1, and turning ``Ñ±`` into
    Cyrillic ``ѱ`` in ``ÇÑ±¹¾î`` (한국어) only makes it worse.

    >>> _foreign_letter_in_noise("Ñ±", "Çѱ¹¾î", 1, 2), _foreign_letter_in_noise("Ð¿", "привет", 0, 1)
    (True, False)
    """
    after = fixed[j1:j2]
    if not after or 2 * len(after) > len(before) or not all("\u024f" < c < "\u2000" for c in after):
        return False  # Latin letters, symbols, or not two bytes per character: ftfy's ordinary case
    if not all(map(_high_latin1, before)):
        return False
    a, b = j1, j2
    while a > 0 and _high_latin1(fixed[a - 1]):
        a -= 1
    while b < len(fixed) and _high_latin1(fixed[b]):
        b += 1
    if a == j1 and b == j2:
        return False  # a lone letter between ASCII: nothing around it to judge by
    return ftfy.badness.is_bad(fixed[a:b])


# ---------------------------------------------------------------- CJK chains


class Candidate:
    """A proposed repair of ``text[start:end]`` with its model scores."""

    __slots__ = ("start", "end", "before", "after", "rule", "how", "gain", "mean_after", "mean_before", "lossy",
                 "lost", "exact", "word")

    def __init__(self, start: int, end: int, before: str, after: str, rule: str, how: str,
                 gain: float, mean_after: float, mean_before: float, lossy: bool = False,
                 lost: float = 0.0, exact: bool = False, word: str = "") -> None:
        self.start, self.end, self.before, self.after = start, end, before, after
        self.rule, self.how, self.gain, self.lossy = rule, how, gain, lossy
        self.mean_after, self.mean_before = mean_after, mean_before
        #: Fraction of the repaired bytes that were inferred rather than read (lossy repairs).
        self.lost = lost
        #: Verified by re-applying the damage to the repair (:func:`short_candidates`).
        self.exact = exact
        #: The repair with the Hangul syllables that touch it in the text (Korean chains only:
        #: a damaged last syllable, 갑니´Ù for 갑니다, is judged as part of its word).
        self.word = word


def lossy_confidence(gain: float, lost: float) -> float:
    """Confidence of a lossy repair: below any lossless one, lower the more bytes were guessed.

    >>> [round(lossy_confidence(10.0, lost), 3) for lost in (0.0, 0.5, 1.0)]
    [0.8, 0.7, 0.6]
    """
    return max(0.6, min(0.8, 0.6 + 0.04 * gain) - 0.2 * lost)


def _score(text: str, start: int, end: int, replacement: str) -> tuple[float, float, int]:
    """Log-probability of ``replacement`` in place of ``text[start:end]``, with one character of context each side."""
    left = text[start - 1] if start > 0 and text[start - 1] != "\n" else ""
    right = text[end] if end < len(text) and text[end] != "\n" else ""
    s = replacement + right
    total = lm.char_logprob(s, left)
    return total, total / max(len(s), 1), len(s)


def _folded_score(text: str, start: int, end: int, replacement: str) -> float:
    """:func:`_score`'s total with the replacement and its context in Simplified forms."""
    t = _t2s()
    lo, hi = max(0, start - 1), min(len(text), end + 1)
    return _score(text[lo:hi].translate(t), start - lo, end - lo, replacement.translate(t))[0]


def judge(text: str, start: int, end: int, after: str) -> tuple[float, float, float]:
    """(gain, mean after, mean before) in nats per character for replacing ``text[start:end]``.

    >>> judge("这是涓枃", 2, 4, "中文")[0] > 3
    True
    """
    _, mb, _ = _score(text, start, end, text[start:end])
    _, ma, _ = _score(text, start, end, japanese_forms(after))
    return ma - mb, ma, mb


#: Kana in a repair make it Japanese (Chinese text almost never has them).
_KANA_RX = re.compile("[\u3041-\u30ff]")


@lru_cache(maxsize=8192)
def _jp2t(ch: str) -> str:
    from .script import opencc_convert  # the project's OpenCC wrapper; used only for Japanese repairs

    out = opencc_convert(ch, "jp2t")
    return out if len(out) == 1 else ch


def japanese_forms(s: str) -> str:
    """``s`` with Japanese character forms (shinjitai) mapped to the Traditional forms the
    Chinese character model knows (OpenCC's jp2t table), when ``s`` holds kana; otherwise ``s``.
    The model then judges a Japanese repair by its characters, not by their Japanese shapes
    (経済 is as common as 經濟, though the corpus never saw it).

    >>> japanese_forms("経済を学ぶ"), japanese_forms("経済")
    ('經濟を學ぶ', '経済')
    """
    if not _KANA_RX.search(s):
        return s
    return "".join(_jp2t(c) if c >= "\u3400" and not _KANA_RX.match(c) else c for c in s)


def _looks_like_text(s: str, attested: bool = False) -> bool:
    """Reject candidates with control, private-use or replacement characters, or mostly rare Han.

    With ``attested``, a rare character that forms a pair the corpus has seen with
    its neighbour (檸檬, 蟋蟀) is part of a word, not noise.

    >>> _looks_like_text("檸檬"), _looks_like_text("檸檬", attested=True)
    (False, True)
    """
    if not s.isprintable() and any(not c.isprintable() and c not in "\t" for c in s):
        return False
    if any("\ue000" <= c <= "\uf8ff" or c == "\ufffd" for c in s):
        return False
    han = [c for c in s if "\u3400" <= c <= "\u9fff"]
    if han:
        rare = sum(1 for i, c in enumerate(s) if "\u3400" <= c <= "\u9fff" and lm.unigram_count(c) < RARE_COUNT
                   and not (attested and ((i and _attested(s[i - 1 : i + 1])) or _attested(s[i : i + 2]))))
        if rare > max(1, len(han) // 8):
            return False
    return True


def _attested(pair: str) -> bool:
    """Whether the corpus has seen ``pair``, as written or in Simplified forms: it holds far
    more Simplified text, so a Traditional word (癲癇) is often known only as 癫痫."""
    return len(pair) == 2 and bool(lm.bigram_count(pair) or lm.bigram_count(pair.translate(_t2s())))


_LATIN_CODECS = ("sloppy-1252", "latin-1", "mac_roman", "cp437")
_CJK = re.compile("[\u3001-\u303f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff01-\uffee\U00020000-\U0003ffff]")


def _cjk_count(s: str) -> int:
    """Number of Han, kana, Hangul, CJK punctuation and full-width characters: a CJK repair must produce two."""
    return len(_CJK.findall(s))


@lru_cache(maxsize=1024)
def _is_utf8_mojibake(s: str, codec: str = "sloppy-1252") -> bool:
    """True when ``s`` in cp1252/latin-1 is valid, non-ASCII UTF-8 that reads as Western
    text (letters below U+0800, general punctuation, €, ™): ftfy's case. Shift-JIS bytes
    that happen to form UTF-8 of a Mongolian letter (á¢\x81 for 發) are not.

    >>> _is_utf8_mojibake("Ã´"), _is_utf8_mojibake("ÖÐÎÄ"), _is_utf8_mojibake("á¢\x81")
    (True, False, False)
    """
    parts = [encode_char(c, codec) for c in s]
    if any(p is None for p in parts):
        return False
    data = b"".join(parts)  # type: ignore[arg-type]
    if data.isascii():
        return False
    text = decode_strict(data, "utf-8")
    return text is not None and all(c < "\u0800" or "\u2000" <= c <= "\u206f" or c in "€™" for c in text)


def _high_run(text: str, s: int, e: int, codec: str = "sloppy-1252") -> str:
    """``text[s:e]`` grown over the non-ASCII cp1252 characters around it: the whole run
    of Latin-1 noise a piece was cut from (a piece cut from UTF-8 Cyrillic mojibake need
    not be valid UTF-8 itself). The runs of a text are found once (:func:`_high_spans`),
    so a long line of noise costs one pass, not one per piece.

    >>> _high_run("ab ÖÐÎÄ cd", 4, 6)
    'ÖÐÎÄ'
    """
    starts, ends = _high_spans(text, codec)
    if s > 0:
        i = bisect_right(starts, s - 1) - 1
        if i >= 0 and s - 1 < ends[i]:
            s = starts[i]
    j = bisect_right(starts, e) - 1
    if j >= 0 and e < ends[j]:
        e = ends[j]
    return text[s:e]


@lru_cache(maxsize=8)
def _high_chars(codec: str) -> re.Pattern[str]:
    """A run of non-ASCII characters that ``codec`` (a single-byte code page) encodes:
    its upper half decoded, plus every Latin-1 character for sloppy-1252 (its
    undefined bytes read as C1 controls), kept only where :func:`encode_char` agrees."""
    chars = {bytes([b]).decode(codec if codec != "sloppy-1252" else "cp1252", errors="ignore") for b in range(0x80, 0x100)}
    if codec == "sloppy-1252":
        chars |= {chr(c) for c in range(0x80, 0x100)}
    chars = {c for c in chars if c and not c.isascii() and encode_char(c, codec) is not None}
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]+")


@lru_cache(maxsize=8)
def _high_spans(text: str, codec: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the maximal runs of :func:`_high_chars` in ``text``."""
    spans = [m.span() for m in _high_chars(codec).finditer(text)]
    return [a for a, _ in spans], [b for _, b in spans]


_HAN_OR_PUNCT = re.compile("[\u3001-\u303f\u3400-\u9fff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")


def _han_text(s: str) -> bool:
    """Two Han characters or CJK punctuation marks, one of them Han (果。 yes, ＭＤ no).

    >>> _han_text("果。"), _han_text("ＭＤ")
    (True, False)
    """
    return len(_HAN_OR_PUNCT.findall(s)) >= 2 and any(map(_is_han, s))


@lru_cache(maxsize=1024)
def _utf8_as_cp437(s: str) -> bool:
    """Whether ``s`` is UTF-8 read as cp437 (ftfy's case: Σ╕¡µûç for 中文, caf├⌐ for café).
    Two cp437 characters often form valid UTF-8 by chance (═╝╞¼ is CD BC C6 AC, U+037C
    U+01AC), so the UTF-8 reading must also be text: CJK, or letters of the Latin-1 and
    Latin Extended-A blocks, Greek, Cyrillic, general punctuation.

    >>> _utf8_as_cp437("Σ╕¡µûç"), _utf8_as_cp437("Gr├╢├ƒe"), _utf8_as_cp437("═╝╞¼")
    (True, True, False)
    """
    try:
        dec = s.encode("cp437").decode("utf-8")
    except UnicodeError:
        return False
    rest = [c for c in dec if not c.isascii()]
    return bool(rest) and all(_UTF8_TEXT.match(c) for c in rest)


_UTF8_TEXT = re.compile("[\u00a0-\u017f\u0391-\u03c9\u0401-\u045f\u2010-\u206f\u20ac\u2122]"
                        "|" + _CJK.pattern)


#: Half-width katakana (Shift-JIS single bytes A1-DF) beside a Han character. Text written in
#: half-width kana writes whole words in it (ｺﾝﾋﾟｭｰﾀ); Latin-1 text read as Shift-JIS puts one
#: between kanji (ﾆ津ｬc for Æ\x92Ã¬c in doubly damaged Latvian).
_HANKAKU_BY_HAN = re.compile("[\u3400-\u9fff][\uff66-\uff9d]|[\uff66-\uff9d][\u3400-\u9fff]")


def _utf8_check_codec(chain: Chain) -> str:
    """The code page whose bytes are checked for being UTF-8 (ftfy's case) before a
    legacy CJK reading is tried: cp437 for the cp437 chains, else cp1252."""
    return "cp437" if chain.wrong == "cp437" else "sloppy-1252"


#: Box-drawing and block characters of cp437, in the families real tables and trees are drawn
#: with: light lines, heavy double lines, blocks. GBK/Big5/Shift-JIS read as cp437 mixes them
#: (╓╨╬─ for 中文: a single-double corner beside a double cross and a light line).
_BOX_FAMILIES = ("─│┌┐└┘├┤┬┴┼", "═║╔╗╚╝╠╣╦╩╬", "░▒▓█▄▀▌▐■")
_CP437_BOX = re.compile("[\u2500-\u25a0]")


def _genuine_box_drawing(text: str, s: int, e: int) -> bool:
    """Whether the line around ``text[s:e]`` draws a table or a tree: its box-drawing
    characters all belong to one family of :data:`_BOX_FAMILIES` (┌─┐, ├──, ╔═╗, ▓▓▓).
    cp437 mojibake of CJK text mixes the families and puts box characters beside letters.

    >>> _genuine_box_drawing("├── 中文.txt", 0, 3), _genuine_box_drawing("╓╨╬─.txt", 0, 4), _genuine_box_drawing("«g│q", 0, 4)
    (True, False, False)
    """
    ls, le = line_bounds(text, s, e)
    boxes = set(_CP437_BOX.findall(text, ls, le))
    return (bool(boxes) and any(boxes <= set(f) for f in _BOX_FAMILIES)
            and not _BOX_BESIDE_HIGH.search(text, ls, le) and not _BOX_IN_WORD.search(text, ls, le))


#: A lone box-drawing character (no other one beside it) that touches an ASCII character of the
#: double-byte codecs' trail-byte range 0x40-0x7E (letters, @ [ \ ] ^ _ ` { | } ~): the trail
#: byte of a Big5/GBK/Shift-JIS character read as cp437 (B╗_ in ½B╗_, g│q), where a table or a
#: tree joins its lines to other lines and pads them with spaces (├── src, │ 名称 │).
_BOX_IN_WORD = re.compile("(?<![\u2500-\u25a0])[\u2500-\u25a0][\x40-\x7e]|[\x40-\x7e][\u2500-\u25a0](?![\u2500-\u25a0])")


#: A box-drawing character beside one of cp437's other high characters (accented letters,
#: Greek, math): ¬║╗í, ╦Φ. Tables put boxes beside boxes, spaces, ASCII or CJK text.
_CP437_HIGH = "[\u00a0-\u00ff\u0192\u0393-\u03c6\u207f\u20a7\u2219-\u2321\u2310]"
_BOX_BESIDE_HIGH = re.compile(f"[\u2500-\u25a0]{_CP437_HIGH}|{_CP437_HIGH}[\u2500-\u25a0]")


def _min_plausible(s: str) -> float:
    """How plausible a repair must read: two characters need more than a clause."""
    return MIN_PLAUSIBLE - (1.0 if _cjk_count(s) >= 3 else 0.0)


#: Rules whose damage has a byte structure clean text almost never shows (see :func:`_struct_windows`).
_STRUCT_RULES = frozenset(("mojibake-utf8-as-big5", "mojibake-utf8-as-eucjp", "mojibake-utf8-as-euckr"))
#: How much less plausible (nats per character) such a repair may read: it may sit
#: in an unusual context, but the strict decoding already vouches for it.
STRUCT_SLACK = 3.0
#: ... provided it gains at least this much.
STRUCT_MIN_GAIN = 2.5


def _plausible(c: "Candidate") -> bool:
    """Whether a candidate reads well enough (and gains enough) to be accepted.

    A strict reading of UTF-8 through Big5, EUC-JP or EUC-KR is itself strong evidence:
    those decoders reject almost every other byte string.
    """
    if c.gain < MIN_GAIN:
        return False
    if c.rule in _KOREAN_RULES and not c.lossy:
        return _reads_korean(c.word or c.after) and _latin1_noise(c.before)
    if c.rule in _JA_CODEC_RULES and not c.lossy and _reads_japanese(c.after) and _latin1_noise(c.before):
        return True  # the model knows kana only by their class floor; see _reads_japanese
    floor = _min_plausible(c.after)
    slack = False
    if not c.lossy and c.gain >= STRUCT_MIN_GAIN and (
            c.rule in _STRUCT_RULES or c.rule == "mojibake-big5-gbk" and _swap_telling(c.before)):
        floor -= STRUCT_SLACK  # (a swap that removes kana/Greek/box drawing from Chinese: likewise)
        slack = True
    elif not c.lossy and (c.rule in _LATIN_NOISE_RULES and _latin1_noise(c.before) or _cp437_noise(c)):
        floor -= LATIN_NOISE_SLACK
    # (the Simplified fold is not stacked on the slack above, nor granted to a reading that
    # replaces Japanese: kana quoted in Chinese, のテキス, would read as the Big5 gibberish
    # 及氾平旦, which folds to 及泛平旦)
    if (not slack and c.mean_after < floor and c.rule == "mojibake-big5-gbk" and c.how == _BIG5_AS_GBK
            and not _reads_japanese(c.before)):
        # a Big5 reading is Traditional text, which the (mostly Simplified) corpus knows less well:
        # it is also judged in its Simplified spelling (環賽 as 环赛)
        return lm.mean_logprob_per_char(c.after.translate(_t2s())) >= floor
    return c.mean_after >= floor


#: Legacy CJK codecs read as Latin-1: when the Latin-1 reading is not Latin text at all
#: (:func:`_latin1_noise`), a strict CJK reading of it may read this much less plausibly
#: (nats per character): short titles and UI strings (首页, 登入) score low in a news corpus.
LATIN_NOISE_SLACK = 2.0
_LATIN_NOISE_RULES = frozenset(("mojibake-gbk-as-latin1", "mojibake-big5-as-latin1", "mojibake-sjis-as-latin1",
                                "mojibake-gbk-as-cp437", "mojibake-big5-as-cp437", "mojibake-sjis-as-cp437"))


#: Rules whose repairs are Korean text, which the Chinese character model knows only by
#: the class floor of Hangul (see :func:`textfix.lm.unigram_prob`): it cannot tell real Korean
#: from random syllables, so these repairs are judged by :func:`_reads_korean` instead.
_KOREAN_RULES = frozenset(("mojibake-euckr-as-latin1",))
#: Share of a Korean repair's letters beyond ASCII that must be Hangul syllables.
KOREAN_SHARE = 0.9
_HANGUL = re.compile("[\uac00-\ud7a3]")


def _reads_korean(s: str) -> bool:
    """Whether ``s`` reads as Korean: at least two Hangul syllables, and Hangul making up
    :data:`KOREAN_SHARE` of its characters beyond ASCII (punctuation aside). A strict
    EUC-KR reading of other bytes gives hanja and symbols as well: Latin-1 letters
    (C0-FF) are the lead bytes of KS X 1001's hanja rows, GB2312's common rows only
    partly overlap its Hangul rows.

    >>> _reads_korean("대한민국의 수도는 서울입니다"), _reads_korean("企廃肯厩税"), _reads_korean("한")
    (True, False, False)
    """
    hangul = len(_HANGUL.findall(s))
    other = sum(1 for c in s if not c.isascii() and c.isalnum()) - hangul
    return hangul >= 2 and hangul >= KOREAN_SHARE * (hangul + other)


_LATIN1_IN_WORD = re.compile("[A-Za-z][\x80-\xff]|[\x80-\xff][A-Za-z]")


def _latin1_noise(s: str) -> bool:
    """Whether ``s``, read as Latin-1, is not Latin text: ftfy's badness measure says so, or
    its high Latin-1 characters come in pairs and never touch an ASCII letter. Accented
    letters in real words sit beside plain ones (naïve, Größe, Ærøskøbing); EUC-KR or
    EUC-JP read as Latin-1 makes words of high characters only (´Ï´Ù for 니다).

    >>> _latin1_noise("´Ï´Ù"), _latin1_noise("Größe"), _latin1_noise("à la")
    (True, False, False)
    """
    return ftfy.badness.is_bad(s) or bool(_LATIN1_PAIR.search(s)) and not _LATIN1_IN_WORD.search(s)


def _cp437_noise(c: Candidate) -> bool:
    """Whether a cp437 chain's damaged text is noise, not text: box-drawing characters of
    mixed families, beside accented letters or Greek, or alone inside a word (╓╨╬─, ╨┬╜¿,
    «g│q), which no table or tree is drawn with.

    >>> _cp437_noise(Candidate(0, 4, "╓╨╬─", "中文", "mojibake-gbk-as-cp437", "", 9.0, -6.0, -15.0))
    True
    """
    boxes = set(_CP437_BOX.findall(c.before))
    return bool(boxes) and (not any(boxes <= set(f) for f in _BOX_FAMILIES) or bool(_BOX_BESIDE_HIGH.search(c.before))
                            or bool(_BOX_IN_WORD.search(c.before)))


def _reads_japanese(s: str) -> bool:
    """Whether ``s`` reads as Japanese text: two kana at least, making up a third of its
    CJK letters (Japanese prose is about half kana), no Hangul, and kanji the Chinese
    model knows once mapped to their Traditional forms (:func:`japanese_forms`). Like
    :func:`_reads_korean`, this stands in for a Japanese model when a strict EUC-JP or
    Shift-JIS reading replaces Latin-1 noise that ftfy's badness measure rejects.

    >>> _reads_japanese("窓を開けてもいいですか"), _reads_japanese("てもいいですか"), _reads_japanese("中文を")
    (True, True, False)
    """
    kana = len(_KANA_RX.findall(s))
    letters = sum(1 for c in s if not c.isascii() and c.isalnum())
    return (kana >= 2 and 3 * kana >= letters and not _HANGUL.search(s)
            and _looks_like_text(japanese_forms(s), attested=True))


#: General punctuation that Chinese text uses (“ ” ‘ ’ — …): counts towards the two CJK
#: characters a repair needs, beside at least one real one (”； and ”。 are repairs too).
_CJK_PUNCT = re.compile("[\u2014\u2018\u2019\u201c\u201d\u2026]")


def _acceptable(s: str) -> bool:
    """A repair must be text (see :func:`_looks_like_text`) with at least two CJK characters.

    >>> _acceptable("”。"), _acceptable("人S"), _acceptable("中文")
    (True, False, True)
    """
    return _cjk_enough(s) and _looks_like_text(japanese_forms(s), attested=True)


def _acceptable_repair(text: str, c: "Candidate") -> bool:
    """:func:`_acceptable` for a candidate's repair (with its Hangul word, :attr:`Candidate.word`);
    a one-character Big5-as-GBK swap whose pairs flip (:func:`_single_swap`) needs only to be text."""
    if len(c.after) == 1 and c.how == _BIG5_AS_GBK and _single_swap(text, c.start, "big5-as-gbk"):
        return _looks_like_text(c.after, attested=True)
    return _acceptable(c.word or c.after)


_ASTRAL_SYMBOL = re.compile("[\U0001f000-\U0001faff]")


def _acceptable_with_symbols(s: str) -> bool:
    """A repair holding emoji (4-byte UTF-8 symbols, which the exhaustive short search can
    restore) beside Chinese text: the rest must be text, with a CJK character at least.

    >>> _acceptable_with_symbols("好😀"), _acceptable_with_symbols("😀"), _acceptable_with_symbols("好")
    (True, False, False)
    """
    rest = _ASTRAL_SYMBOL.sub("", s)
    return rest != s and _cjk_count(rest) >= 1 and _looks_like_text(japanese_forms(rest), attested=True)


_EMOJI_ONLY = re.compile("[\U0001f000-\U0001faff\ufe0f\u200d]+")


def _emoji_piece(chain: Chain, text: str, s: int, e: int, dec: str) -> bool:
    """Whether ``text[s:e]`` is an emoji read with the wrong codec (UTF-8 read as GBK: 🎉 as 馃帀),
    alone between CJK characters or punctuation: a reading made only of emoji has no Chinese
    to judge it by, but a strict UTF-8 reading of two or more legacy characters that is an
    emoji is hardly chance.

    >>> c = CHAINS_BY_NAME["utf8-as-gbk"]
    >>> _emoji_piece(c, "太棒了馃帀我们", 3, 5, "🎉"), _emoji_piece(c, "馃帀", 0, 2, "🎉")
    (True, False)
    """
    if chain.true != "utf-8" or e - s < 2 or not _EMOJI_ONLY.fullmatch(dec) or not _ASTRAL_SYMBOL.search(dec):
        return False
    if not all(_is_han(ch) or ch > "\u00ff" for ch in text[s:e]):
        return False
    ls, le = line_bounds(text, s, e)
    # (the neighbours may still be damaged: Han or kana readings, or U+FFFD where bytes were lost)
    return (s > ls and bool(_CJK.match(text[s - 1]) or text[s - 1] == "\ufffd")) and (
        e < le and bool(_CJK.match(text[e]) or text[e] == "\ufffd"))


def _cjk_enough(s: str) -> bool:
    """Two CJK characters, or one and a piece of Chinese general punctuation."""
    cjk = _cjk_count(s)
    return cjk >= 2 or cjk == 1 and bool(_CJK_PUNCT.search(s))


def _encode_run(chars: str, codec: str) -> list[tuple[int, bytes, list[int]]]:
    """Split ``chars`` into maximal runs encodable in ``codec``: (char offset, bytes, byte bounds)."""
    runs: list[tuple[int, bytes, list[int]]] = []
    cur: list[bytes] = []
    bounds = [0]
    start = 0
    for i, ch in enumerate(chars):
        b = encode_char(ch, codec)
        if b is None:
            if cur:
                runs.append((start, b"".join(cur), bounds))
            cur, bounds, start = [], [0], i + 1
            continue
        cur.append(b)
        bounds.append(bounds[-1] + len(b))
    if cur:
        runs.append((start, b"".join(cur), bounds))
    return runs


def _emoji_subpieces(data: bytes, bounds: list[int], pieces: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The emoji of UTF-8 ``pieces`` whose bytes start and end on character boundaries, each as a
    piece alone: a piece with an emoji inside is judged on its Chinese, which the model scores
    without the emoji, and lost bytes around often make the Chinese of it a lossy repair's.

    >>> d = "好🎉吗".encode("utf-8")
    >>> _emoji_subpieces(d, list(range(0, len(d) + 1, 2)), [(0, 5, "好🎉吗")])
    []
    >>> d = "🎉".encode("utf-8")
    >>> _emoji_subpieces(d + b"ab", [0, 2, 4, 5, 6], [(0, 4, "🎉ab")])
    [(0, 2, '🎉')]
    """
    index = {b: i for i, b in enumerate(bounds)}
    out = []
    for ci, cj, dec in pieces:
        if not _ASTRAL_SYMBOL.search(dec) or len(dec) < 2:
            continue
        pos = bounds[ci]
        for ch in dec:
            n = len(ch.encode("utf-8"))
            if _ASTRAL_SYMBOL.match(ch) and pos in index and pos + n in index:
                out.append((index[pos], index[pos + n], ch))
            pos += n
    return out


def _aligned_pieces(data: bytes, bounds: list[int], codec: str) -> list[tuple[int, int, str]]:
    """Maximal stretches of ``data`` that decode strictly with ``codec`` and start and end on
    character boundaries (``bounds``, ascending); returned as (first char, end char, decoded text).

    >>> _aligned_pieces("ÖÐÎÄ".encode("latin-1"), [0, 1, 2, 3, 4], "gbk")
    [(0, 4, '中文')]
    """
    index = {b: i for i, b in enumerate(bounds)}
    out: list[tuple[int, int, str]] = []
    pos, n = 0, len(data)
    while pos < n:
        end, nxt = _first_error(data, pos, codec)
        i = bisect_left(bounds, pos)
        piece = _align(data, [b for b in bounds[i : i + 4] if b < end], end, index, codec)
        if piece is not None:
            out.append(piece)
        pos = max(nxt, pos + 1)
    return out


def _align(data: bytes, starts: list[int], end: int, index: dict[int, int], codec: str) -> tuple[int, int, str] | None:
    """The strictly decoding stretch ``data[a:z]`` on character boundaries (``index``: byte
    offset -> character) ending at or before ``end``, from the first of ``starts`` that has one.

    The stretch may start or end inside a character of the damaged text: the start is
    moved forward (``starts``), the end back, a few times each.
    """
    for a in starts:
        z = end
        for _ in range(4):
            while z > a and z not in index:
                z -= 1
            if z <= a:
                break
            s = decode_strict(data[a:z], codec)
            if s is not None:
                return index[a], index[z], s
            z -= 1
    return None


#: Bytes a strict decode of ``data[pos:]`` first looks at (:func:`_first_error`); doubled
#: while the answer may depend on the bytes beyond.
_DECODE_WINDOW = 1024
#: The longest character of the codecs we undo (GB18030, UTF-8: 4 bytes): an error that
#: starts this far before the cut was seen with every byte the decoder could want.
_MAX_CHAR_BYTES = 4


def _first_error(data: bytes, pos: int, codec: str) -> tuple[int, int]:
    """Where a strict decode of ``data[pos:]`` first fails and where decoding resumes
    after it, ``(len(data), len(data))`` when it does not fail. Decodes a window that
    grows until the answer is that of the whole tail, so a long line costs linear time.

    >>> _first_error(b"\\xd6\\xd0\\xff\\xce\\xc4", 0, "gbk")
    (2, 3)
    """
    n = len(data)
    w = _DECODE_WINDOW
    while True:
        cut = min(n, pos + w)
        try:
            decode_strict_or_raise(data[pos:cut], codec)
            if cut == n:
                return n, n
        except UnicodeDecodeError as exc:
            if cut == n or exc.start + _MAX_CHAR_BYTES <= cut - pos:
                return pos + exc.start, pos + max(exc.end, exc.start + 1)
        w *= 2


def decode_strict_or_raise(data: bytes, codec: str) -> str:
    if codec == "sloppy-1252":
        s = decode_strict(data, codec)
        if s is None:  # pragma: no cover - sloppy-1252 decodes every byte
            raise UnicodeDecodeError(codec, data, 0, 1, "invalid")
        return s
    return data.decode(codec)


def chain_candidates(text: str, ws: int, we: int, chain: Chain) -> list[Candidate]:
    """Candidates from undoing ``chain`` on the window ``text[ws:we]``."""
    out: list[Candidate] = []
    window = text[ws:we]
    for roff, data, bounds in _encode_run(window, chain.wrong):
        if data.isascii():
            continue
        pieces = _aligned_pieces(data, bounds, chain.true)
        if chain.true == "utf-8":  # each emoji of a piece is also a piece of its own (see _emoji_subpieces)
            pieces += _emoji_subpieces(data, bounds, pieces)
        for ci, cj, dec in pieces:
            s0, e0 = ws + roff + ci, ws + roff + cj
            orig = text[s0:e0]
            if dec == orig or dec.isascii() and orig.isascii():
                continue
            korean = chain.true == "euc_kr"
            if not _cjk_enough(dec) and not _suspect_rx()[0].search(dec) and not (
                    korean and _cjk_enough(_hangul_word(text, s0, e0, dec))) and not _ascii_edge_word(chain, text, s0, e0, dec) \
                    and not _emoji_piece(chain, text, s0, e0, dec):
                continue  # neither CJK text nor the intermediate of a double encoding
            best = None
            # a Big5 reading that is Traditional text keeps no Simplified-only character at its edges
            # (传 for 換 after a hard wrap): such a character is damage, not clean text to trim off
            hans: frozenset[str] | tuple[()] = ()
            if chain.name == "big5-as-gbk":
                pl, pr = line_bounds(text, s0, e0)
                if _traditional_reading(text, pl, s0, e0, pr, chain.name):
                    hans = _script_tables().hans
            # the piece may have swallowed a clean character at either edge: try trimming
            for dl in range(0, min(3, cj - ci)):
                for dr in range(0, min(3, cj - ci - dl)):
                    if dl == 0 and dr == 0:
                        cand = dec
                    else:
                        if hans and any(ch in hans for ch in text[s0 : s0 + dl] + text[e0 - dr : e0]):
                            continue
                        cand = decode_strict(data[bounds[ci + dl] : bounds[cj - dr]], chain.true)
                        if cand is None:
                            continue
                    if _eats_ascii_edge(chain, text[e0 - dr - 1], cand):
                        continue
                    hyp = text[s0 : s0 + dl] + cand + text[e0 - dr : e0]
                    total, _, _ = _score(text, s0, e0, hyp)
                    if chain.name == "big5-as-gbk":
                        # a Big5 reading is Traditional text: its better spelling counts (现已, not 現已)
                        total = max(total, _folded_score(text, s0, e0, hyp))
                    if best is None or total > best[0]:
                        best = (total, dl, dr, cand)
            if best is None:
                continue
            # the best trim, and the whole piece (an intermediate of a double
            # encoding scores badly whatever the trim, so keep it whole too)
            variants = {(best[1], best[2], best[3])}
            if not _eats_ascii_edge(chain, orig[-1], dec):
                variants.add((0, 0, dec))
            for dl, dr, cand in sorted(variants, key=lambda v: (v[0], v[1])):
                s, e = s0 + dl, e0 - dr
                before = text[s:e]
                if chain.true == "cp950":
                    cand = _common_big5_forms(cand)
                p, q = common_affix(before, cand)
                s, e = s + p, e - q
                before, cand = text[s:e], cand[p : len(cand) - q]
                if not before or before == cand:
                    continue
                if chain.wrong == "cp437" and chain.true != "utf-8":
                    if _utf8_as_cp437(_high_run(text, s, e, "cp437")):
                        continue  # UTF-8 read as cp437: ftfy's case
                elif chain.wrong in _LATIN_CODECS and chain.true != "utf-8" and (
                        _is_utf8_mojibake(before) or _is_utf8_mojibake(_high_run(text, s, e))):
                    continue  # bytes that form valid UTF-8 are UTF-8 mojibake (ftfy's case), not GBK/Big5
                if chain.wrong == "cp437" and (before.isascii() or _is_utf8_mojibake(_high_run(text, s, e))
                                               or _genuine_box_drawing(text, s, e)
                                               or max(before) <= "\xff" and not _han_text(cand)):
                    # UTF-8 read as cp1252 is ftfy's (HÄ±rsÄ±z); a table stays; Latin-1 letters alone
                    # must give Han text, not full-width letters (éléc in télécharger is Shift-JIS ＭＤ)
                    continue
                if chain.true != "utf-8" and _HANKAKU_BY_HAN.search(cand):
                    continue  # a lone half-width kana beside a kanji: Latin-1 letters read one byte at a time
                # (the model does not know emoji, the strict UTF-8 decoding vouches for them: the rest is judged)
                if _emoji_piece(chain, text, s, e, cand):
                    # the model knows no emoji, and the characters around may still be damaged: the reading is
                    # put at the plausibility floor, so the damaged characters must read far worse on their own
                    ma = MIN_PLAUSIBLE
                    mb = lm.mean_logprob_per_char(before)
                    gain = ma - mb
                else:
                    gain, ma, mb = _judge_foreign(text, s, e, cand)
                out.append(Candidate(s, e, before, cand, chain.rule, chain.describe(), gain, ma, mb,
                                     word=_hangul_word(text, s, e, cand) if korean
                                     else _ascii_edge_word(chain, text, s, e, cand)))
    return out


def _eats_ascii_edge(chain: Chain, last: str, reading: str) -> bool:
    """Whether a GBK reading ends in a character the corpus never saw, made from the ASCII
    character that ends the damaged piece: GBK's trail bytes 0x40-0x7E belong only to its
    extension areas, so such a pair is most often a typographic mark and real ASCII
    (``ÎÒÃÇ…`` + a backtick read as 我们卄, not 我们…`).

    >>> _eats_ascii_edge(CHAINS_BY_NAME["gb18030-as-latin1"], "`", "我们卄")
    True
    """
    return (chain.true in ("gbk", "gb18030") and "\x40" <= last <= "\x7e" and bool(reading)
            and lm.unigram_count(reading[-1]) == 0)


@lru_cache(maxsize=64)
def _gate_chars(chain: Chain) -> frozenset[str]:
    """:func:`chain_chars`, and for UTF-8 read as Big5 the characters a UTF-8 continuation byte
    makes with an ASCII byte after it (昤 is AC 53: the end of 京 and the S of SPORTS): the
    characters that can stand in a window this chain made (see :func:`_ascii_edge_word`)."""
    chars = set(chain_chars(chain))
    if chain.true == "utf-8" and chain.wrong in ("big5", "cp950"):
        for a in range(0x80, 0xC0):
            for b in range(0x40, 0x7F):
                d = decode_strict(bytes([a, b]), chain.wrong)
                if d is not None and len(d) == 1:
                    chars.add(d)
    return frozenset(chars)


def _ascii_edge_word(chain: Chain, text: str, s: int, e: int, reading: str) -> str:
    """UTF-8 read as Big5 where the last byte of a character paired with the ASCII letter after
    it (Big5 trail bytes 0x40-0x7E are ASCII): the reading is one Han character and that letter
    (京S from 鈭昤 in 東鈭昤PORTS), and that letter begins an ASCII word. One character is too
    little to judge alone; with the Han character before it, it is a word (東京), which is what is
    judged. "" when not such a reading (蝎蛉科 is not 粳M科: no ASCII word goes on after M).

    >>> t = "東鈭昤PORTS"
    >>> _ascii_edge_word(CHAINS_BY_NAME["utf8-as-big5"], t, 1, 3, "京S"), _ascii_edge_word(CHAINS_BY_NAME["utf8-as-big5"], "雪蝎蛉科", 1, 3, "粳M")
    ('東京S', '')
    """
    if chain.true != "utf-8" or chain.wrong not in ("big5", "cp950") or len(reading) < 2 or _cjk_count(reading) != 1:
        return ""
    after = reading[2] if len(reading) > 2 else text[e] if e < len(text) else ""
    if not (_is_han(reading[0]) and reading[1].isascii() and reading[1].isalnum() and after.isascii() and after.isalnum()):
        return ""
    return text[s - 1] + reading[:2] if s > 0 and _is_han(text[s - 1]) else ""


_HANGUL_RUN_LEFT = re.compile("[\uac00-\ud7a3]+\\Z")
_HANGUL_RUN = re.compile("[\uac00-\ud7a3]+")


def _hangul_word(text: str, s: int, e: int, after: str) -> str:
    """``after`` in place of ``text[s:e]``, with the Hangul syllables that touch the span on
    either side: the word a damaged syllable belongs to.

    >>> _hangul_word("갑니´Ù.", 2, 4, "다")
    '갑니다'
    """
    ls, le = line_bounds(text, s, e)
    left = _HANGUL_RUN_LEFT.search(text[max(ls, s - 16) : s])
    right = _HANGUL_RUN.match(text, e, le)
    return (left.group() if left else "") + after + (right.group() if right else "")


@lru_cache(maxsize=1)
def _big5_forms() -> dict[int, str]:
    """The Big5 codes that Python's ``big5`` and ``cp950`` read differently (11, from the codec
    tables: A241 is ／ in one and ∕ in the other), mapped from the cp950 reading to whichever
    reading the corpus saw more often: the bytes cannot tell which table the writer used."""
    out: dict[int, str] = {}
    for a in range(0xA1, 0xFA):
        for b in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            x, y = decode_strict(bytes((a, b)), "big5"), decode_strict(bytes((a, b)), "cp950")
            if x and y and x != y and lm.unigram_count(x) > lm.unigram_count(y):
                out[ord(y)] = x
    return out


def _common_big5_forms(s: str) -> str:
    """``s`` (read with cp950) with :func:`_big5_forms` applied.

    >>> _common_big5_forms("NT１８０∕台")
    'NT１８０／台'
    """
    return s.translate(_big5_forms())


#: Extra cost (nats) of each kana or Hangul character in the damaged reading of a Chinese passage.
FOREIGN_COST = 4.0


def _judge_foreign(text: str, s: int, e: int, after: str) -> tuple[float, float, float]:
    """:func:`judge`, with kana and Hangul in the damaged reading costing :data:`FOREIGN_COST` more:
    inside Chinese text (genuine Japanese and Korean never reach the repairs) they are
    far less likely than the model's class floor says."""
    gain, ma, mb = judge(text, s, e, after)
    foreign = len(_KANA_HANGUL.findall(text, s, e))
    if foreign:
        mb -= FOREIGN_COST * foreign / (e - s + (e < len(text) and text[e] != "\n"))
        gain = ma - mb
    return gain, ma, mb


def _judge_swap(text: str, s: int, e: int, after: str) -> tuple[float, float, float]:
    """:func:`_judge_foreign` for a Big5/GBK swap, each side also scored in Simplified forms
    (the better of the two): the corpus holds far more Simplified text, so a Traditional
    reading (開高, 無語) scores below the same words in Simplified, and so does clean
    Traditional text; each side gets its better score."""
    gain, ma, mb = _judge_foreign(text, s, e, after)
    t = _t2s()
    lo, hi = max(0, s - 1), min(len(text), e + 1)
    sub = text[lo:hi].translate(t)
    fa = after.translate(t)
    if sub == text[lo:hi] and fa == after:
        return gain, ma, mb
    _, fma, fmb = _judge_foreign(sub, s - lo, e - lo, fa)
    ma, mb = max(ma, fma), max(mb, fmb)
    return ma - mb, ma, mb


@lru_cache(maxsize=65536)
def _folded_next_logprob(ch: str, prev: str = "") -> float:
    """:func:`textfix.lm.next_logprob`, or that of the pair in Simplified forms when better:
    a Big5 reading is Traditional text, which the mostly Simplified corpus knows less well
    (現已 scores below 现已), so kept and converted characters are both judged by their
    better spelling.

    >>> _folded_next_logprob("已", "現") > lm.next_logprob("已", "現")
    True
    """
    raw = lm.next_logprob(ch, prev)
    t = _t2s()  # (one look-up per character: most have no other spelling)
    fc = t.get(ord(ch)) if len(ch) == 1 else None
    fp = t.get(ord(prev)) if len(prev) == 1 else None
    if fc is None and fp is None:
        return raw
    fc, fp = fc or ch, fp or prev
    if not isinstance(fc, str) or not isinstance(fp, str) or len(fc) != 1 or len(fp) > 1:
        return raw
    return max(raw, lm.next_logprob(fc, fp))


def _rank_gain(text: str, c: Candidate) -> float:
    """How candidates over the same characters are ranked: the gain per character times the
    length; for a Big5/GBK swap, the exact total (:func:`_total_gain`), which counts the
    context character too, so that a swap reaching one character too far (﹐ read as 妯
    after 正確) loses to the same swap without it."""
    if c.rule == "mojibake-big5-gbk":  # (+1 nat a character: damage is contiguous, 碧生源 not 碧生方)
        return _total_gain(text, c) + len(c.before)
    return c.gain * len(c.before)


def _total_gain(text: str, c: Candidate) -> float:
    """The candidate's improvement in total log-probability (nats), context included."""
    r = 1 if c.end < len(text) and text[c.end] != "\n" else 0
    return c.mean_after * (len(c.after) + r) - c.mean_before * (len(c.before) + r)


_KANA = re.compile("[\u3040-\u30ff]")
#: Zhuyin (bopomofo) with tone marks: a run of it is how Taiwan spells readings (ㄅㄆㄇㄈ),
#: so a swap never rewrites a stretch made only of it.
_ZHUYIN = re.compile("[\u3100-\u312f\u31a0-\u31bf\u02c7\u02ca\u02cb\u02d9]+")
#: A two-character Big5/GBK swap needs this much gain (rare word pairs like 盞盞 reach ~4),
#: unless it holds a telltale character (kana, Greek, box drawing … next to Han: :func:`_swap_telltales`).
SHORT_SWAP_GAIN = 6.0
#: ... or this much when it turns a rare character into a common one (:func:`_swap_rare`).
RARE_SWAP_GAIN = 4.5
#: A two-character Big5-as-GBK swap whose pairs flip from unknown to attested (:func:`_pair_flip`)
#: needs this gain. Over the 2.76 million character pairs of the control corpus that swap, 4 flip
#: under Big5-as-GBK, gaining 1.7 at most (悔恨 as 際管); 4 under GBK-as-Big5 (絨絨 as 党党: 5.1),
#: which is why that direction does not use the flip.
PAIR_FLIP_GAIN = 2.0
_BIG5_AS_GBK = CHAINS_BY_NAME["big5-as-gbk"].describe()
#: Cost (nats) of switching between kept and converted characters in :func:`swap_candidates`.
SWITCH_COST = 6.0
#: Longest stretch tried around an unseen character the Viterbi pass left alone.
EXACT_SPAN = 4


def swap_candidates(text: str, ws: int, we: int, chain: Chain) -> list[Candidate]:
    """Big5 read as GBK (or the reverse) maps each character to one character, so
    the damaged stretch can be found exactly: a two-state Viterbi pass (keep or
    convert each character) under the bigram model, with a cost per switch.

    >>> t = "這是" + "繁體中文".encode("big5").decode("gbk") + "的測試句子"
    >>> [c.after for c in swap_candidates(t, 0, len(t), CHAINS_BY_NAME["big5-as-gbk"])]
    ['繁體中文']
    """
    window = text[ws:we]
    conv = [_swap_char(ch, chain.name) for ch in window]
    if not any(conv):
        return []
    left = text[ws - 1] if ws > 0 and text[ws - 1] != "\n" else ""
    foreign = [bool(_KANA_HANGUL.match(ch)) for ch in window]
    # (Big5 read as GBK only: GBK read as Big5 gives clean Traditional text false endings, 堤〞)
    han = [_is_han(ch) or chain.name != "big5-as-gbk" for ch in window]
    # state 0 keeps the character, state 1 converts it; back[i][st] is the state before
    # character i on the best path into state st (back-pointers: a long line costs linear time)
    prev: list[float | None] = [0.0, None]
    prev_char = [left, left]
    nl = _folded_next_logprob if chain.name == "big5-as-gbk" else lm.next_logprob
    back: list[tuple[int, int]] = []
    for i, ch in enumerate(window):
        cur: list[float | None] = [None, None]
        came = [0, 0]
        cur_char = [ch, conv[i] or ""]
        for st in (0, 1):
            if st == 1 and conv[i] is None:
                continue
            for ps in (0, 1):
                score = prev[ps]
                if score is None:
                    continue
                # leaving a converted stretch for a kept mark that is not Han (﹐ after 正確) is free:
                # damage ends at punctuation as often as anywhere, and the model alone decides
                sc = score + nl(cur_char[st], prev_char[ps]) - (
                    SWITCH_COST if st != ps and i and not (ps and not han[i]) else 0)
                if st == 0 and foreign[i]:
                    sc -= FOREIGN_COST
                if cur[st] is None or sc > cur[st]:  # type: ignore[operator]
                    cur[st] = sc
                    came[st] = ps
        back.append((came[0], came[1]))
        prev, prev_char = cur, cur_char
    # the best final state (the kept one on a tie), then the path back from it
    st = 1 if prev[0] is None or prev[1] is not None and prev[1] > prev[0] else 0
    path = [0] * len(window)
    for i in range(len(window) - 1, -1, -1):
        path[i] = st
        st = back[i][st]
    out = []
    i = 0
    while i < len(path):
        if path[i] == 1:
            j = i
            while j < len(path) and path[j] == 1:
                j += 1
            s, e = ws + i, ws + j
            i = j
            if chain.name == "big5-as-gbk":
                s, e = _refine_swap_edges(text, s, e, chain.name)
            after = "".join(_swap_char(ch, chain.name) or ch for ch in text[s:e])
            if e - s < 2 and not _single_swap(text, s, chain.name) or _KANA.search(after):
                continue
            gain, ma, mb = _judge_swap(text, s, e, after)
            out.append(Candidate(s, e, text[s:e], after, chain.rule, chain.describe(), gain, ma, mb))
        else:
            i += 1
    # two characters whose pairs flip from unknown to attested (:func:`_pair_flip`) are a candidate
    # even where the bigram scores alone do not pay for the switch (各界刮挡。 for 各界團結。)
    # (Big5 read as GBK only: clean Simplified text flips as rarely, clean Traditional text does)
    bi = lm._model().bi  # most pairs of clean text are attested as they stand: one look-up each
    for k in range(len(window) - 1 if chain.name == "big5-as-gbk" else 0):
        s = ws + k
        if conv[k] and conv[k + 1] and window[k : k + 2] not in bi and _is_han(window[k]) and _is_han(window[k + 1]) \
                and window[k] != window[k + 1] and _attested(conv[k] + conv[k + 1]) and not any(
                s < c.end and c.start < s + 2 for c in out) and _pair_flip(text, s, s + 2, conv[k] + conv[k + 1]):
            after = conv[k] + conv[k + 1]
            gain, ma, mb = _judge_swap(text, s, s + 2, after)
            out.append(Candidate(s, s + 2, text[s : s + 2], after, chain.rule, chain.describe(), gain, ma, mb))
    # an unseen character that swaps (:func:`_swap_rare`) which no stretch covers: the stretch around it
    # with the best exact total gain (context pairs on both edges), where the pass's switch costs
    # outweighed a short stretch (海翧加酵生 for 海鮮樓談生)
    if chain.name == "big5-as-gbk":
        rare = _swap_rare()
        for k, ch in enumerate(window):
            h = ws + k
            if ch not in rare or lm.unigram_count(ch) or any(c.start <= h < c.end for c in out):
                continue
            best = None
            for s in range(max(ws, h - EXACT_SPAN + 1), h + 1):
                for e in range(max(h + 1, s + 2), min(we, s + EXACT_SPAN) + 1):
                    if any(_swap_char(x, chain.name) is None for x in text[s:e]):
                        break
                    after = "".join(_swap_char(x, chain.name) for x in text[s:e])
                    gain, ma, mb = _judge_swap(text, s, e, after)
                    c = Candidate(s, e, text[s:e], after, chain.rule, chain.describe(), gain, ma, mb)
                    if best is None or _rank_gain(text, c) > _rank_gain(text, best):
                        best = c
            if best is not None and best.gain > 0:
                out.append(best)
    # one character outside them whose pairs flip (:func:`_single_swap`) is a candidate too: the pass
    # pays two switches for it between clean characters (共有3000窾人口 for 共有3000萬人口)
    for k in range(len(window) if chain.name == "big5-as-gbk" else 0):
        s = ws + k
        if conv[k] and not any(c.start <= s < c.end for c in out) and _single_swap(text, s, chain.name):
            gain, ma, mb = _judge_swap(text, s, s + 1, conv[k])
            out.append(Candidate(s, s + 1, text[s], conv[k], chain.rule, chain.describe(), gain, ma, mb))
    return out


def _single_swap(text: str, i: int, name: str) -> bool:
    """Whether ``text[i]`` alone may be a Big5-as-GBK swap: it is a swap telltale or a rare
    character that swaps to a common one, and its pairs with its neighbours on the line flip
    from unknown to attested (none of its own is, all of the reading's are). One damaged
    character sits between ASCII or clean text where a string mixes them (300窾 for 300萬). Its
    neighbours must be characters Big5 can write (费祎 in Simplified text is a name, not damage).

    >>> _single_swap("臨汾市缺" + "電".encode("big5").decode("gbk") + "50萬千瓦", 4, "big5-as-gbk")
    True
    >>> _single_swap("他缺電50萬千瓦", 2, "big5-as-gbk")
    False
    """
    ch = text[i]
    if name != "big5-as-gbk" or not (ch in _swap_rare() or ch in _swap_telltales()):
        return False
    d = _swap_char(ch, name)
    ls, le = line_bounds(text, i, i + 1)
    near = [text[k] for k in (i - 1, i + 1) if ls <= k < le and not text[k].isspace()]
    if any(encode_char(x, CHAINS_BY_NAME[name].true) is None for x in near):
        return False  # a neighbour Big5 cannot write (们, 费): the text around is no Big5 text
    pairs = [(text[k] + ch, text[k] + d) if k < i else (ch + text[k], d + text[k])
             for k in (i - 1, i + 1) if ls <= k < le and not text[k].isspace()]
    return bool(near) and d is not None and not any(_attested(a) for a, _ in pairs) and all(_attested(b) for _, b in pairs)


def _refine_swap_edges(text: str, s: int, e: int, name: str) -> tuple[int, int]:
    """Each edge of the swap ``text[s:e]`` moved by one character (in or out) where that gives
    the text more pairs the corpus knows, or as many and a better model score. The Viterbi
    pass of :func:`swap_candidates` favours a stretch that reaches the start of its line (no
    switch is paid there), which puts a clean first character in (確有 read as 復有). A
    stretch that covers its whole line (a string read whole with the wrong codec) is kept.

    >>> t = "確" + "有奪魄勾".encode("big5").decode("gbk") + "魂的魅力。"
    >>> _refine_swap_edges(t, 0, 5, "big5-as-gbk")
    (1, 5)
    """
    ls, le = line_bounds(text, s, e)
    if text[ls:s].isascii() and text[e:le].isascii():
        return s, e
    # a Big5 text read back is Traditional: a Simplified-only character left at the edge of its
    # reading (传 for 換 after a hard wrap) cannot have been in it, and counts against the option
    hans = _script_tables().hans if name == "big5-as-gbk" and _traditional_reading(text, ls, s, e, le, name) else ()

    def local(a: int, b: int, lo: int, hi: int) -> tuple[int, float]:
        """Attested pairs (less Simplified-only characters in a Traditional reading) and
        log-probability of text[lo:hi] with text[a:b] swapped."""
        seg = "".join(_swap_char(ch, name) or ch if a <= k < b else ch for k, ch in enumerate(text[lo:hi], lo))
        lp = lm.char_logprob(seg)
        if name == "big5-as-gbk":  # (現已 scores below 现已: the better spelling counts)
            lp = max(lp, lm.char_logprob(seg.translate(_t2s())))
        return sum(map(_attested, _pairs(seg))) - sum(ch in hans for ch in seg), lp

    for side in (0, 1):
        opts = []
        for d in (-1, 0, 1):  # -1: grow by one character, +1: give one back
            a, b = (s + d, e) if side == 0 else (s, e - d)
            if b - a < 2 or a < ls or b > le:
                continue
            grown = text[a] if side == 0 else text[b - 1]
            if d < 0 and (not _is_han(grown) or _swap_char(grown, name) is None):
                continue  # grow only over a Han character that swaps
            lo, hi = (max(ls, s - 2), min(le, s + 2)) if side == 0 else (max(ls, e - 2), min(le, e + 2))
            opts.append((local(a, b, lo, hi), -abs(d), a, b))
        if opts:
            _, _, s, e = max(opts)
    return s, e


#: How far an accepted Big5-as-GBK swap's edge may grow (characters) to complete a word.
WORD_EDGE_GROW = 2
#: Characters beyond the moves of an edge whose words :func:`_word_edges` counts.
WORD_EDGE_REACH = 3


def _words_in(seg: str) -> int:
    """Words of :func:`_lexicon` (2-4 characters, as written or in Simplified forms) in ``seg``."""
    return sum(_known_word(seg[i : i + n]) for n in (2, 3, 4) for i in range(len(seg) - n + 1))


def _word_edges(text: str, c: Candidate, chosen: list[Candidate]) -> Candidate:
    """An accepted Big5-as-GBK swap with each edge moved where that puts more words of the lexicon
    around it and the text reads better counting :data:`WORD_BONUS` a word (學生的 does not
    become 學生腔 for one more word: the bigrams lose 9.5 nats): grown by up to
    :data:`WORD_EDGE_GROW` swapping Han characters or shrunk by one. The bigram pass misses the
    first character of a word whose pairs the corpus lacks (偶而會 read as 案而會, 懵懂天真 as
    胘来天真: 懵懂 is unknown to it); a word list knows them. Asked only once a swap is accepted,
    so clean text never loads the list.

    >>> t = "他的辯論" + "偶而會".encode("big5").decode("gbk") + "迂迴而行，"
    >>> c = _word_edges(t, Candidate(5, 7, t[5:7], "而會", "mojibake-big5-gbk", _BIG5_AS_GBK, 6.0, -9.0, -15.0), [])
    >>> (c.before, c.after)
    ('案τ穦', '偶而會')
    """
    name = "big5-as-gbk"
    ls, le = line_bounds(text, c.start, c.end)
    s, e = c.start, c.end
    others = [o for o in chosen if o is not c]

    def score(a: int, b: int, lo: int, hi: int) -> tuple[int, float]:
        """Words in the window, and its log-probability (its better spelling) plus WORD_BONUS a word."""
        seg = "".join(_swap_char(ch, name) or ch if a <= k < b else ch for k, ch in enumerate(text[lo:hi], lo))
        n = _words_in(seg)
        return n, max(lm.char_logprob(seg), lm.char_logprob(seg.translate(_t2s()))) + WORD_BONUS * n

    if text[ls:s].isascii() and text[e:le].isascii():
        return c  # a string read whole with the wrong codec: its edges are the line's
    for side in (0, 1):
        # one window per side, the same for every option: the edge's moves and WORD_EDGE_REACH beyond
        edge = s if side == 0 else e
        lo, hi = max(ls, edge - WORD_EDGE_GROW - WORD_EDGE_REACH), min(le, edge + WORD_EDGE_GROW + WORD_EDGE_REACH)
        words, best_score = score(s, e, lo, hi)
        best = (s, e)
        for d in (*range(1, WORD_EDGE_GROW + 1), -1):  # d > 0 grows, -1 gives one back
            a, b = (s - d, e) if side == 0 else (s, e + d)
            if b - a < 2 or a < ls or b > le or any(a < o.end and o.start < b for o in others):
                continue
            grown = text[a:s] if side == 0 else text[e:b]
            if d > 0 and not all(_is_han(ch) and _swap_char(ch, name) for ch in grown):
                continue
            n, sc = score(a, b, lo, hi)
            if n > words and sc > best_score:  # more words, and worth what the bigrams lose
                best, best_score = (a, b), sc
        s, e = best
    if (s, e) == (c.start, c.end):
        return c
    after = "".join(_swap_char(ch, name) or ch for ch in text[s:e])
    gain, ma, mb = _judge_swap(text, s, e, after)
    return Candidate(s, e, text[s:e], after, c.rule, c.how, gain, ma, mb)


def _traditional_reading(text: str, ls: int, s: int, e: int, le: int, name: str) -> bool:
    """Whether the line ``text[ls:le]`` with the swap ``text[s:e]`` undone is Traditional Chinese
    (:func:`_traditional_line`'s counts; the characters being decided are included as they read now)."""
    t = _script_tables()
    line = text[ls:s] + "".join(_swap_char(ch, name) or ch for ch in text[s:e]) + text[e:le]
    trad = sum(ch in t.hant for ch in line)
    return trad >= TRAD_LINE_MIN and trad >= TRAD_LINE_RATIO * sum(ch in t.hans for ch in line)


def _pair_flip(text: str, s: int, e: int, after: str) -> bool:
    """Whether swapping ``text[s:e]`` for ``after`` turns pairs no text has into pairs the corpus
    knows: counting the pairs with the character on either side (when it is Han or CJK
    punctuation), none of the damaged text's is attested and all the reading's are but one at
    most, of three at least. Damage strings characters together at random; its reading is text, and
    the pairs of a Traditional word are known even where its characters are rare in the
    (mostly Simplified) corpus (酵杠 -> 談話 in 發表酵杠，: 表談 談話 話，).

    >>> t = "陳總統昨天在臺北發表" + "談話".encode("big5").decode("gbk") + "，呼籲各界團結。"
    >>> _pair_flip(t, 10, 12, "談話"), _pair_flip("他在网上看到。", 2, 4, "蝴蝶")
    (True, False)
    """
    ls, le = line_bounds(text, s, e)
    left = text[s - 1] if s > ls and _HAN_OR_PUNCT.match(text[s - 1]) else ""
    right = text[e] if e < le and _HAN_OR_PUNCT.match(text[e]) else ""
    reading = _pairs(left + after + right)
    if len(reading) < 3 or any(map(_attested, _pairs(left + text[s:e] + right))):
        return False  # (clean text leaves here: its pairs are known)
    return sum(map(_attested, reading)) >= len(reading) - 1


def _second_step(text: str, c: Candidate, first: Chain | None = None) -> Candidate | None:
    """Try one more chain on a candidate that is still mojibake (a double encoding).

    The first step's span may have taken in a clean character at either edge (学校
    reads as UTF-8 through GBK too) or lost one, so with ``first`` known, spans up
    to two characters narrower on each side are undone again and tried as well.
    """
    spans = [(c.start, c.end, c.after)]
    # (only for a Latin-1 intermediate: GBK -> Latin-1 -> UTF-8 -> GBK)
    if first is not None and sum("\x80" <= ch <= "\xff" for ch in c.after) * 2 >= len(c.after):
        for dl in range(3):
            for dr in range(3):
                s, e = c.start + dl, c.end - dr
                if (dl or dr) and e - s >= 4:
                    mid = undo(text[s:e], first)
                    if mid is not None:
                        spans.append((s, e, mid))
    best = None
    for s, e, mid in spans:
        if len(mid) < 4 or not _suspect_rx()[0].search(mid):
            continue  # the intermediate text must itself look like dense mojibake
        utf8_moji: dict[str, bool] = {}  # computed once per code page, when a Latin chain first asks
        for chain in CHAINS:
            if chain.wrong in _LATIN_CODECS and chain.true != "utf-8":
                cp = _utf8_check_codec(chain)
                if cp not in utf8_moji:
                    utf8_moji[cp] = _is_utf8_mojibake(mid, cp)
                if utf8_moji[cp]:
                    continue
            out = undo(mid, chain)
            if out is None or out == mid or not _acceptable(out):
                continue
            gain, ma, mb = judge(text, s, e, out)
            if ma < DOUBLE_PLAUSIBLE:
                continue
            d = Candidate(s, e, text[s:e], out, "mojibake-double",
                          f"{chain.describe()}, then that text's {c.how}", gain, ma, mb)
            if best is None or _total_gain(text, d) > _total_gain(text, best):
                best = d
    return best


def _windows(text: str, pos: int = 0) -> list[tuple[int, int]]:
    """Line-bounded windows around clusters of suspicious characters (``pos``: where the first
    cluster starts, when a search already found it; the pattern has no anchor or look-behind,
    so scanning from there finds the same clusters)."""
    pair_rx, one_rx = _suspect_rx()
    wins: list[list] = []  # [start, end, line end, noisy]
    for m in pair_rx.finditer(text, pos):
        # two adjacent rare characters the corpus knows as a pair (蟋蟀, 怏怏) are a
        # word, not mojibake: the model scores such a core as plausible
        if wins and m.start() < wins[-1][1]:
            w = wins[-1]
            w[1] = max(w[1], min(w[2], m.end() + MARGIN))
            w[3] = w[3] or _implausible_core(m.group())
            continue
        ls, le = line_bounds(text, m.start(), m.end())
        s = max(ls, m.start() - MARGIN)
        e = min(le, m.end() + MARGIN)
        # extend while more suspicious characters follow closely
        for _ in range(64):
            n = one_rx.search(text, e - MARGIN + 1, min(le, e + MARGIN))
            if not n or min(le, n.end() + MARGIN) <= e:
                break
            e = min(le, n.end() + MARGIN)
        noisy = _implausible_core(m.group())
        if wins and s <= wins[-1][1] and wins[-1][2] == le:
            wins[-1][1] = max(e, wins[-1][1])
            wins[-1][3] = wins[-1][3] or noisy
        else:
            wins.append([s, e, le, noisy])
    # a window of real Japanese or Korean is left alone, unless it holds Latin-1 pairs
    # (EUC/Shift-JIS read as Latin-1 next to clean Japanese or Korean: 暑¤¤¤Ç¤¹)
    return [(s, e) for s, e, _le, noisy in wins
            if noisy and (not _genuine_ja_ko(text[s:e]) or _LATIN1_PAIR.search(text, s, e))]


_LATIN1_PAIR = re.compile("[\x80-\xff]{2}")


# Particles and endings that make up much of real Japanese and Korean text; the
# kana and Hangul that EUC-JP/EUC-KR mojibake produces are arbitrary instead.
_JA_KO_COMMON = re.compile("[のはをがにでとたしてするいうなかれまもこ다는이의에을를고서한하지가로기습니]")


def _genuine_ja_ko(s: str) -> bool:
    """Whether ``s`` reads like real Japanese or Korean (then it is not mojibake).

    >>> _genuine_ja_ko("東京に行きました。"), _genuine_ja_ko("荳ｭ譁譁")
    (True, False)
    """
    return len(_JA_KO_COMMON.findall(s)) >= max(2, 0.2 * len(s))


#: Mojibake cores score below this (nats per character); clean text with rare characters above.
CORE_MAX = -11.0
_KANA_HANGUL = re.compile("[\u3040-\u30ff\uac00-\ud7a3]")


def _implausible_core(core: str) -> bool:
    """Whether the stretch between the first and last suspicious characters reads like noise.

    Kana and Hangul (which EUC-JP/EUC-KR mojibake produces, and which the
    Chinese model only knows by class) always pass.

    >>> _implausible_core("涓枃娴嬭瘯"), _implausible_core("中文测试")
    (True, False)
    """
    if _KANA_HANGUL.search(core):
        return True
    # a two-character core has little evidence: it must look much worse
    return lm.mean_logprob_per_char(core) < (CORE_MAX - 3.0 if len(core) <= 2 else CORE_MAX)


# ---------------------------------------------------------------- short damaged stretches
#
# Two or three characters of UTF-8 read as GBK/GB18030 with bytes lost (the README's
# 涓枃 for 中文: GB18030 made a private-use character of two bytes and copy-paste
# dropped it) are too short for the approximate lossy search. But a short stretch
# can be searched exhaustively: insert the missing bytes where the decoder could
# have lost them, read the bytes as UTF-8, and keep only readings that give back
# *exactly* the damaged text when the damage is applied again.

#: Longest stretch (characters) searched exhaustively.
SHORT_MAX = 4
#: Bytes that may be inserted into a stretch (dropped without a trace).
SHORT_MAX_INSERT = 2
#: Cost (nats) of each byte the repair had to guess.
LOST_BYTE_COST = 2.0
#: A lost 0x80 costs this much more: browsers (WHATWG) and Windows read 0x80 in GBK as
#: €, so only strict decoders lose it.
LOST_80_COST = 3.0
#: The repaired stretch, with its context, must gain this much in total (nats).
SHORT_MIN_TOTAL_GAIN = 12.0
_SHORT_CODECS = ("gbk", "gb18030")
_SHORT_TOP = 40
_SHORT_BEAM = 200
_SHORT_VERIFY = 60


@lru_cache(maxsize=4096)
def _utf8_fill(pattern: tuple[int, ...]) -> tuple[tuple[float, str], ...]:
    """Characters whose UTF-8 form fits ``pattern`` (bytes, -1 unknown), most frequent first: known
    characters for 3 bytes; for 4 bytes (a known lead byte F0-F4), known astral characters and
    symbols (emoji), which the corpus does not have but pages do.

    >>> [c for _, c in _utf8_fill((0xE4, 0xB8, -1))][:2]
    ['一', '中']
    >>> [c for _, c in _utf8_fill((0xF0, 0x9F, 0x98, -1))][:3]
    ['😀', '😁', '😂']
    """
    lead = range(0xE0, 0xF0) if len(pattern) == 3 else range(0xF0, 0xF5)
    opts = [(lead if i == 0 else range(0x80, 0xC0)) if b < 0 else (b,) for i, b in enumerate(pattern)]
    out = []
    for bs in itertools.product(*opts):
        try:
            ch = bytes(bs).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if lm.unigram_count(ch) or len(bs) == 4 and unicodedata.category(ch) in ("So", "Sk"):
            out.append((math.log(lm.unigram_prob(ch)), ch))
    out.sort(key=lambda t: (-t[0], t[1]))
    # (the model tells no emoji from another: all of one unknown byte's are kept, for the re-damage to choose)
    return tuple(out[: _SHORT_TOP if len(pattern) == 3 else 64])


def _utf8_slots(seq: list[int]) -> list[tuple[int, ...]] | None:
    """``seq`` (bytes, -1 unknown) cut into UTF-8 characters of 3 bytes, or of 4 after a known
    lead byte F0-F4 (emoji); None when it does not read as such.

    >>> _utf8_slots([0xE5, 0xA5, 0xBD, 0xF0, 0x9F, 0x98, -1])
    [(229, 165, 189), (240, 159, 152, -1)]
    """
    out = []
    i = 0
    while i < len(seq):
        n = 4 if 0xF0 <= seq[i] <= 0xF4 else 3
        slot = tuple(seq[i : i + n])
        if len(slot) < n or not (slot[0] < 0 or 0xE0 <= slot[0] < 0xF5) or any(0 <= b < 0x80 or b >= 0xC0 for b in slot[1:]):
            return None
        out.append(slot)
        i += n
    return out


def _redamage(data: bytes, codec: str, mode: str) -> str:
    """What ``codec`` makes of UTF-8 ``data`` with lossy errors (``mode``: replace, ignore, pua)."""
    if mode == "replace":
        return data.decode(codec, "replace")
    s = data.decode(codec, "replace" if mode == "pua" else "ignore")
    return "".join(c for c in s if c != "\ufffd" and not "\ue000" <= c <= "\uf8ff") if mode == "pua" else s


def _layouts(toks: list[int], inserts: int) -> list[list[tuple[int, ...]]]:
    """Token sequences with ``inserts`` unknown bytes placed at character boundaries
    (every other byte: each damaged character is two bytes), cut into UTF-8 characters
    (:func:`_utf8_slots`)."""
    bounds = range(0, len(toks) + 1, 2)
    out = []
    places = [()] if inserts == 0 else [(b,) for b in bounds] if inserts == 1 else [
        (a, b) for a in bounds for b in bounds if a <= b]
    for where in places:
        seq: list[int] = []
        for i in range(len(toks) + 1):
            seq.extend([-1] * where.count(i))
            if i < len(toks):
                seq.append(toks[i])
        slots = _utf8_slots(seq)
        if slots is not None and len(slots) <= SHORT_MAX:
            out.append(slots)
    return out


def short_repairs(stretch: str, left: str = "", right: str = "") -> list[tuple[float, str, str, int]]:
    """Readings of a short ``stretch`` as UTF-8 read as GBK/GB18030 with bytes lost, that give
    back exactly ``stretch`` when damaged again: (log-probability in context, repair, how, bytes guessed).

    >>> [r[1] for r in short_repairs("涓枃")][:1]
    ['中文']
    """
    holes = stretch.count("\ufffd")
    out: list[tuple[float, str, str, int]] = []
    for codec in _SHORT_CODECS:
        toks: list[int] = []
        for ch in stretch:
            b = encode_char(ch, codec) if ch != "\ufffd" else b"\xff"
            if b is None or len(b) != 2 and ch != "\ufffd":
                break
            toks.extend([-1] if ch == "\ufffd" else b)
        else:
            if any(0xC0 <= b < 0xE0 or b >= 0xF5 for b in toks):
                continue  # neither a lead byte of 3- or 4-byte UTF-8 nor a continuation byte: no layout fits
            modes = ("replace",) if holes else ("ignore", "pua") if codec == "gb18030" else ("ignore",)
            for mode in modes:
                for inserts in ((0,) if holes else range(1, SHORT_MAX_INSERT + 1)):
                    for seq in _layouts(toks, inserts):
                        found = _short_search(seq, stretch, codec, mode, left, right)
                        if found:
                            out.append(found)
    out.sort(key=lambda r: -r[0])
    return out


def _short_search(layout: list[tuple[int, ...]], stretch: str, codec: str, mode: str, left: str, right: str) -> tuple[float, str, str, int] | None:
    """The best reading of ``layout`` (UTF-8 character slots) that re-damages to ``stretch``."""
    seq = [b for slot in layout for b in slot]
    slots = [_utf8_fill(slot) for slot in layout]
    if not all(slots):
        return None
    beam: list[tuple[float, str]] = [(0.0, "")]
    for opts in slots:
        nxt = []
        for score, s in beam:
            prev = s[-1] if s else left
            for _, ch in opts:
                nxt.append((score + lm.char_logprob(ch, prev), s + ch))
        nxt.sort(key=lambda t: -t[0])
        beam = nxt[:_SHORT_BEAM]
    label = {"replace": "errors='replace'", "ignore": "errors='ignore'", "pua": "its private-use characters dropped"}[mode]
    best = None
    # a byte lost at the end is judged with the bytes after it too (those of the character on the
    # right, as the page had them): a decoder drops a byte only where it cannot pair with the next
    # (😀 ends in 0x80 before 大: 😁's 0x81 would have paired with it), so a reading that damages
    # the same with them is preferred
    in4 = [len(slot) == 4 for slot in layout for _ in slot]  # the bytes of 4-byte characters
    # (the character on the right as repaired, or still as the wrong codec read it)
    tail = seq[-1] < 0 and right and not right.isascii()
    nexts = [(rb, _redamage(rb, codec, mode)) for rb in (
        right.encode("utf-8"), encode_char(right, codec)) if rb] if tail else []
    for _score, s in beam[: _SHORT_VERIFY if len(seq) % 3 == 0 and all(len(x) == 3 for x in layout) else _SHORT_BEAM]:
        data = s.encode("utf-8")
        if _redamage(data, codec, mode) != stretch:
            continue
        lost = [data[k] for k, b in enumerate(seq) if b < 0]
        # (0x80 costs more in a Han character only: the model ranks Han readings, while the emoji
        # a lost byte leaves open tie, and the lowest code point is kept)
        lost80 = sum(data[k] == 0x80 for k, b in enumerate(seq) if b < 0 and not in4[k])
        cost = LOST_BYTE_COST * len(lost) + LOST_80_COST * lost80
        total = lm.char_logprob(s + right, left) - cost + _word_bonus(left, s, right)
        fits = any(_redamage(data + rb, codec, mode) == stretch + rd for rb, rd in nexts)
        if best is None or (fits, total) > (best[4], best[0]):
            how = f"UTF-8 bytes decoded as {_LABEL_SHORT[codec]} with {label}: {len(lost)} of {len(data)} bytes lost and inferred"
            best = (total, s, how, len(lost), fits)
    return best[:4] if best else None


_LABEL_SHORT = {"gbk": "GBK", "gb18030": "GB18030"}
#: Bonus (nats) for a stretch that forms a known word: the character bigrams alone
#: cannot tell 中文 from 个新 (as in 一个新), a word list can.
WORD_BONUS = 4.0


def _word_bonus(left: str, s: str, right: str) -> float:
    """:data:`WORD_BONUS` when ``s`` (with a context character) contains a word of the PFR word list.

    >>> _word_bonus("", "中文", ""), _word_bonus("", "个新", "")
    (4.0, 0.0)
    """
    from .spin_model import words  # the PFR 1998 word counts (read-only)

    known = words()
    t = left + s + right
    lo, hi = len(left), len(left) + len(s)
    for n in (2, 3, 4):
        for i in range(max(0, lo - n + 1), min(hi, len(t) - n + 1)):
            if t[i : i + n] in known:
                return WORD_BONUS
    return 0.0


def short_candidates(text: str, ws: int, we: int) -> list[Candidate]:
    """Exhaustively searched repairs of short damaged stretches in ``text[ws:we]``.

    >>> [(c.before, c.after) for c in short_candidates("这是涓枃", 0, 4)]
    [('涓枃', '中文')]
    """
    one = _suspect_rx()[1]
    hits = [m.start() for m in one.finditer(text, ws, we)]
    if not hits:
        return []
    # clusters of suspicious characters; a short one is searched, a long one is the lossy search's
    out: list[Candidate] = []
    for cl in position_clusters(hits, 2):
        lo, hi = cl[0], cl[-1] + 1
        if hi - lo > SHORT_MAX:
            continue
        best = None
        for s in range(max(ws, lo - 1), lo + 1):
            for e in range(hi, min(we, hi + 1) + 1):
                if e - s > SHORT_MAX or e - s < 2:
                    continue
                left = text[s - 1] if s > 0 and text[s - 1] != "\n" else ""
                right = text[e] if e < len(text) and text[e] != "\n" else ""
                reps = short_repairs(text[s:e], left, right)
                if not reps:
                    continue
                total, rep, how, nlost = reps[0]
                gain_total = total - lm.char_logprob(text[s:e] + right, left) - _word_bonus(left, text[s:e], right)
                if best is None or gain_total > best[0]:
                    best = (gain_total, s, e, rep, how, nlost)
        if best is None or best[0] < SHORT_MIN_TOTAL_GAIN:
            continue
        gain_total, s, e, rep, how, nlost = best
        if not _acceptable(rep) and not _acceptable_with_symbols(rep):
            continue
        # (the model does not know emoji, the exact re-damage vouches for them: the text around is judged)
        gain, ma, mb = judge(text, s, e, _ASTRAL_SYMBOL.sub("", rep) or rep)
        out.append(Candidate(s, e, text[s:e], rep, "mojibake-lossy", how, gain, ma, mb, lossy=True,
                             lost=nlost / max(1, len(rep.encode("utf-8"))), exact=True))
    return out


def cjk_mojibake(text: str, lossy: bool = True) -> list[Edit]:
    """Edits that undo CJK codec chains (and report lossy repairs) in suspicious windows.

    ``lossy=False`` skips the lossy search, by far the costliest step (about
    0.15 s per short record holding U+FFFD): ``--ignore mojibake-lossy`` saves
    that time instead of only hiding the edits.
    """
    dense = _suspect_rx()[0].search(text)
    struct = _struct_windows(text)  # a few C-speed scans; usually empty on clean text
    if not dense and not struct:
        return []
    edits: list[Edit] = []
    # (start, end, chains the byte structure points at, opened by density)
    wins: list[tuple[int, int, frozenset[str], bool]] = [(s, e, frozenset(), True) for s, e in _windows(text, dense.start())] if dense else []
    for s, e, names in struct:
        inside = [k for k, w in enumerate(wins) if w[0] <= s and e <= w[1]]
        if inside:  # a window already covers it: let it also try these chains
            k = inside[0]
            wins[k] = (wins[k][0], wins[k][1], wins[k][2] | names, wins[k][3])
        elif not any(s < w[1] and w[0] < e for w in wins):
            wins.append((s, e, names, False))
    deferred: list[Candidate] = []  # two-character swaps that were short of evidence on their own
    for ws, we, struct_names, by_density in sorted(wins):
        cands: list[Candidate] = []
        seen = {m.group() for m in _suspect_rx()[1].finditer(text, ws, we)}
        # a window that reads as Japanese (particles, endings) keeps its kana: they are not a swap
        ja_window = bool(_KANA.search(text, ws, we)) and _genuine_ja_ko(text[ws:we])
        for chain in CHAINS:
            if not by_density and chain.name not in struct_names:
                continue  # a structure hit names the chains that can have made it
            # a chain that cannot have produced the suspicious characters is not tried
            if chain.name not in struct_names and len(seen & _gate_chars(chain)) < min(2, len(seen)):
                continue
            swap = chain.rule == "mojibake-big5-gbk"
            # a swap maps character to character: its Viterbi pass alone finds the stretch
            found = [] if swap and not by_density else chain_candidates(text, ws, we, chain)
            if swap:
                found += swap_candidates(text, ws, we, chain)
            for c in found:
                if not _plausible(c) or not (_acceptable_repair(text, c) or _emoji_piece(chain, text, c.start, c.end, c.after)):
                    d = _second_step(text, c, chain)
                    if d is None:
                        continue
                    c = d
                near = text[c.start : c.end + 1]
                short_gain = (STRUCT_MIN_GAIN if _swap_telling(near)
                              else RARE_SWAP_GAIN if any(ch in _swap_rare() for ch in near)
                              or _simplified_telltale(text, c) else SHORT_SWAP_GAIN)
                if c.how == _BIG5_AS_GBK and len(set(c.before)) > 1 and _pair_flip(text, c.start, c.end, c.after):
                    short_gain = PAIR_FLIP_GAIN
                if c.rule == "mojibake-big5-gbk" and (_KANA.search(c.after) or _ZHUYIN.fullmatch(c.before)
                                                      or _foreign_word(text, c)
                                                      or _KANA.search(c.before) and (ja_window or _japanese_run(_run_around(text, c)))):
                    continue
                if (c.rule == "mojibake-big5-gbk" and _short_line(text, c) and not _swap_telling(near)
                        and (len(c.before) > 1 == len(set(c.before)) or c.gain < (SHORT_LINE_SWAP_WHOLE_GAIN if _whole_line(text, c)
                                                                  else SHORT_LINE_SWAP_GAIN))):
                    continue  # a whole short string: rare clean words swap nearly as well as damage does
                if c.rule == "mojibake-big5-gbk" and len(c.before) < 3 and c.gain < short_gain:
                    if c.gain >= STRUCT_MIN_GAIN and _acceptable_repair(text, c):
                        deferred.append(c)  # kept for the document-level second look below
                    continue  # two-character swaps of rare words are too easy to mistake
                if _acceptable_repair(text, c) or _emoji_piece(chain, text, c.start, c.end, c.after):
                    cands.append(c)
        if by_density:  # lost bytes leave dense damage; structure hits are lossless chains
            short = short_candidates(text, ws, we)
            # a short stretch searched exhaustively (and checked by damaging the repair
            # again) is preferred to the approximate lossy search over the same characters
            if lossy:
                cands.extend(c for c in lossy_candidates(text, ws, we)
                             if not any(c.start < o.end and o.start < c.end for o in short))
            cands.extend(short)
        cands = _prefer_japanese_codec(cands, text)
        chosen: list[Candidate] = []
        # the most total improvement first; a lossless repair counts a quarter more than a guessed one
        for c in sorted(cands, key=lambda c: (-round(_rank_gain(text, c) * (1.0 if c.lossy else 1.25), 6), c.lossy, c.rule == "mojibake-double", c.start, c.rule)):
            if not _plausible(c):
                continue
            if any(c.start < o.end and o.start < c.end for o in chosen):
                continue
            chosen.append(c)
        chosen = [_word_edges(text, c, chosen) if c.how == _BIG5_AS_GBK else c for c in chosen]
        for c in chosen:
            if c.lossy:
                conf = lossy_confidence(c.gain, c.lost)
                why = f"{c.how}; some bytes were lost and were inferred with the character model"
            else:
                conf = min(0.98, 0.8 + 0.05 * c.gain)
                why = f"{c.how}; the re-decoded text is far more plausible"
            edits.append(Edit("mojibake", c.rule, c.start, c.end, c.before, c.after, round(conf, 3), why,
                              evidence={"chain": c.how, "logprob_per_char_before": round(c.mean_before, 2),
                                        "logprob_per_char_after": round(c.mean_after, 2)}))
    return edits + _confirmed_swaps(text, deferred, edits)


#: Longest text (characters) whose every line is searched again once a swap is confirmed in it.
CONFIRMED_MAX = 200_000


#: On a line of at most :data:`SHORT_READING_MAX` characters, a Big5/GBK swap without a telltale
#: needs this gain (nats per character). Clean THUOCL entries reach 6.7 (腌苤 as 邓小 in 腌苤蓝丝儿,
#: 芃芃 as 刷刷: 8.8, a doubled character, is refused as such); damaged UI strings gain 7.7-12
#: (恅璃祥湔婓 for 文件不存在: 9.1; 刲坰 for 搜索: 9.4).
SHORT_LINE_SWAP_GAIN = 7.0
#: ... or this much when it converts every non-ASCII character of the line, as a string read
#: whole with the wrong codec is (琩戳丁 for 查期間: 6.4; 吭高穦某 for 諮詢會議: 5.0). The swaps
#: of clean whole THUOCL entries gain 3.0 (雄蚕蛾) and 4.6 (覃勤); 誹謗 as 节两 gains 6.3.
SHORT_LINE_SWAP_WHOLE_GAIN = 5.0


def _short_line(text: str, c: Candidate) -> bool:
    """Whether the candidate sits on a line of at most :data:`SHORT_READING_MAX` characters
    (a title, a label, a cell: the whole string, with no sentence around it).

    >>> _short_line("李嗣源", Candidate(1, 3, "嗣源", "多方", "mojibake-big5-gbk", "", 5.0, -6.0, -11.0))
    True
    """
    ls, le = line_bounds(text, c.start, c.end)
    # a line holding a clause mark outside the swap (後大幅走高，) is a piece of running text, not a title
    # or a word: its sentence context counts as in a long line (dictionary entries have no such marks)
    return le - ls <= SHORT_READING_MAX and not (_CLAUSE_MARK.search(text, ls, c.start)
                                                 or _CLAUSE_MARK.search(text, c.end, le))


#: Marks that end or split a clause of running Chinese text.
_CLAUSE_MARK = re.compile("[\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f]")


def _whole_line(text: str, c: Candidate) -> bool:
    """Whether the candidate covers every non-ASCII character of its line."""
    ls, le = line_bounds(text, c.start, c.end)
    return text[ls : c.start].isascii() and text[c.end : le].isascii()


def _confirmed_swaps(text: str, deferred: list[Candidate], edits: list[Edit]) -> list[Edit]:
    """Document-level evidence: once the text holds an accepted Big5/GBK swap, every line of
    it is searched for the same swap (no opening character needed), and a two-character
    swap needs only :data:`STRUCT_MIN_GAIN`, as if it held a telltale: a file is decoded
    with one wrong codec, not with a new one per word.

    >>> t = "這項" + "調查顯示".encode("big5").decode("gbk") + "，總統的支持度下降。\\n他們對" + "環境".encode("big5").decode("gbk") + "問題非常關心。"
    >>> [(e.before, e.after) for e in cjk_mojibake(t)]
    [('秸琩陪ボ', '調查顯示'), ('吏挂', '環境')]
    """
    seen = {e.evidence.get("chain") for e in edits if e.rule == "mojibake-big5-gbk"}
    if not seen:
        return []
    if len(text) <= CONFIRMED_MAX:
        for name in _SWAP_CHAINS:
            chain = CHAINS_BY_NAME[name]
            if chain.describe() not in seen:
                continue
            for m in _LINE.finditer(text):
                for c in swap_candidates(text, m.start(), m.end(), chain):
                    if not (_KANA.search(c.after) or _ZHUYIN.fullmatch(c.before) or _foreign_word(text, c)
                            or _KANA.search(c.before) and _japanese_run(_run_around(text, c))) and _acceptable_repair(text, c):
                        deferred.append(c)
    out: list[Edit] = []
    for c in sorted(deferred, key=lambda c: -c.gain * len(c.before)):
        if c.how not in seen or c.gain < (PAIR_FLIP_GAIN if c.how == _BIG5_AS_GBK and len(set(c.before)) > 1
                                          and _pair_flip(text, c.start, c.end, c.after)
                                          else STRUCT_MIN_GAIN) or not _plausible(c):
            continue
        if any(c.start < o.end and o.start < c.end for o in edits + out):
            continue
        out.append(Edit("mojibake", c.rule, c.start, c.end, c.before, c.after, round(min(0.9, 0.8 + 0.05 * c.gain), 3),
                        f"{c.how}; the re-decoded text is more plausible and the same swap is repaired elsewhere"
                        " in this text", evidence={"chain": c.how, "logprob_per_char_before": round(c.mean_before, 2),
                                                  "logprob_per_char_after": round(c.mean_after, 2)}))
    return out


_CYRILLIC_WORD = re.compile("[\u0400-\u04ff \\-]+")
_GREEK_WORD = re.compile("[\u0370-\u03ff\u1f00-\u1fff \\-]+")


def _foreign_word(text: str, c: Candidate) -> bool:
    """Whether a swap candidate is a word of another script standing apart from Chinese: no
    Han character in it or beside it (привет, Ελληνικά between spaces or quotes). Big5 read
    as GBK does make Cyrillic and Greek out of common Han, but inside running Chinese text.

    >>> t = "俄语“привет”意思是你好"
    >>> _foreign_word(t, Candidate(3, 9, "привет", "扭把我志快找", "mojibake-big5-gbk", "", 9.0, -6.0, -15.0))
    True
    """
    if any(map(_is_han, c.before)) or not (_CYRILLIC_WORD.fullmatch(c.before) or _GREEK_WORD.fullmatch(c.before)):
        return False  # Han, or a mixture of scripts (Τㄤぃ): not a word of another language
    return not (c.start > 0 and _is_han(text[c.start - 1]) or c.end < len(text) and _is_han(text[c.end]))


def _run_around(text: str, c: Candidate) -> str:
    """The candidate's span grown over the kana and Han around it (the word it sits in)."""
    a, b = c.start, c.end
    while a > 0 and (_KANA.match(text[a - 1]) or _is_han(text[a - 1])):
        a -= 1
    while b < len(text) and (_KANA.match(text[b]) or _is_han(text[b])):
        b += 1
    return text[a:b]


def _japanese_run(s: str) -> bool:
    """Whether ``s`` is a run of genuine Japanese (kana with Japanese particles and endings,
    common kanji, Japanese punctuation), which a Big5/GBK swap must not rewrite although
    GBK's kana rows are Big5's commonest Han: できません is not 匹五引六氏.

    >>> _japanese_run("接続できません"), _japanese_run("インターネット"), _japanese_run("るいΟ"), _japanese_run("︱もの矰")
    (True, True, False, False)
    """
    if not all(_KANA.match(ch) or ch in "、。" or _is_han(ch) for ch in s):
        return False
    kana = len(_KANA.findall(s))
    # a katakana word with the long-vowel mark (インターネット), or kana-rich text with particles
    return "ー" in s and kana >= 3 or 2 * kana >= len(s) and _genuine_ja_ko(s)


_JA_CODEC_RULES = frozenset(("mojibake-eucjp-as-latin1", "mojibake-sjis-as-latin1"))
_CN_LATIN_RULES = frozenset(("mojibake-gbk-as-latin1", "mojibake-big5-as-latin1"))


def _prefer_japanese_codec(cands: list[Candidate], text: str) -> list[Candidate]:
    """Drop GBK/Big5 readings of Latin-1 text that make kana when a Japanese codec reads the
    same characters with the same kana: GB2312 copied the kana rows of JIS X 0208, so both
    read them alike, but a passage with kana is Japanese and its kanji are the EUC-JP ones
    (窓を開けて, not GBK's 岭を倡けて), which the Chinese model alone cannot tell. Likewise
    when clean kana sit on the same line: Big5 reads EUC-JP kana as common Han (てもいい
    as 化手中中), but next to Japanese text the Japanese reading is the one meant.

    >>> a = Candidate(0, 4, "Áë¤ò", "岭を", "mojibake-gbk-as-latin1", "", 5.0, -8.0, -14.0)
    >>> b = Candidate(0, 4, "Áë¤ò", "窓を", "mojibake-eucjp-as-latin1", "", 4.0, -9.0, -14.0)
    >>> [c.after for c in _prefer_japanese_codec([a, b], "Áë¤ò")]
    ['窓を']
    """
    ja = [c for c in cands if c.rule in _JA_CODEC_RULES and _KANA.search(c.after) and _acceptable(c.after)]
    if not ja:
        return cands

    def kana(x: str) -> str:
        return "".join(_KANA.findall(x))

    def japanese_context(j: Candidate) -> bool:
        # clean kana on the same line, outside the damaged span: the text is Japanese
        ls, le = line_bounds(text, j.start, j.end)
        return bool(_KANA.search(text, ls, j.start) or _KANA.search(text, j.end, le))

    return [c for c in cands if not (
        c.rule in _CN_LATIN_RULES
        and any(j.start < c.end and c.start < j.end
                and (_KANA.search(c.after) and kana(j.after) == kana(c.after) or japanese_context(j)) for j in ja))]


def _drop_swaps_in_japanese(edits: list[Edit]) -> list[Edit]:
    """Once a repair has turned text into Japanese (kana in its output), the document is
    Japanese and its kana are genuine: a Big5/GBK swap reading them as Han is dropped."""
    if not any(e.after and e.rule != "mojibake-big5-gbk" and _KANA.search(e.after) for e in edits):
        return edits
    return [e for e in edits if not (e.rule == "mojibake-big5-gbk" and _KANA.search(e.before))]


# ---------------------------------------------------------------- short whole strings
#
# A title, menu label, file name or spreadsheet cell of two to eight characters is too
# short for the density trigger when its damaged characters are common (棣栭〉 for 首页,
# 腎翹 for 登录). But a whole short string can be read back under every chain: keep a
# reading that decodes strictly, gives back exactly the input when damaged again, is all
# Han, and that the model prefers by a margin calibrated on clean short strings (THUOCL
# word lists: 0 of ~149,000 entries change; see ``bench/mojibake.py --only short``).

#: Longest line (characters) whose cells are tried as whole short strings.
SHORT_LINE_MAX = 64
#: A cell of this many characters at most (8 Han characters of UTF-8 read as a Latin code page make 24).
SHORT_CELL_MAX = 24
#: Longest reading accepted (Han characters).
SHORT_READING_MAX = 8
#: A cell is tried only if two of its characters are rarer than this in the corpus: damage
#: makes one per original character (the lead byte's: 鐧诲叆 has counts 2, 9, 0), so every
#: damaged THUOCL entry that has a reading keeps two below 300, while 72% of the clean short
#: PFR lines leave at once (a C-speed test).
SHORT_CELL_RARE = 300
#: The reading must raise the mean log-probability per character by this much (nats) and read
#: at least this well. No clean THUOCL entry or PFR/SIGHAN piece has *any* all-Han reading
#: that round-trips under a chain other than the Big5/GBK swaps, whatever the margin.
WHOLE_GAIN = 3.0
WHOLE_FLOOR = -10.5
#: Big5/GBK swaps are not tried on whole strings: they map Han to Han one for one, so clean
#: words have swap readings too, and the best of them gain more (栲栳 as 衍演: 6.1 nats on
#: THUOCL; 邈邈 as 落落: 6.4 on PFR) than real damage does (腎翹 for 登录: 4.8). Swaps are
#: left to the telltale and document-level evidence of :func:`cjk_mojibake`.

# a line: starts the text or follows a newline, ends before a newline or at the end
_SHORT_LINE = re.compile(f"\n([^\n]{{2,{SHORT_LINE_MAX}}}+)(?=\n|\\Z)")  # possessive: a long line fails at once
_CELL_SEP = re.compile(r"[|,;/\\\t \u3000]+")  # not \s: NBSP and NEL are bytes A0 and 85 of mojibake
_WIDE = re.compile("[\u2e80-\uff60\uffa0-\uffff]")  # two bytes or more in every CJK codec
_HAN_READING = re.compile("[\u3400-\u9fff\uf900-\ufaff\u3001-\u3003\u3008-\u3011\uff01-\uff5e]+")


def _cells(text: str) -> list[tuple[int, int]]:
    """Cells of short lines: the stretches between separators (tab, |, comma, semicolon,
    slashes, spaces) of every line of at most :data:`SHORT_LINE_MAX` characters, each
    line's cells after the whole line (| and \\ are also trail bytes of GBK, Big5 and
    Shift-JIS: 功 is A5 5C in Big5, so a damaged string may hold one).

    >>> _cells("棣栭|〉a")
    [(0, 5), (0, 2), (3, 5)]
    """
    out: list[tuple[int, int]] = []
    first = text.find("\n")
    spans = []
    if 2 <= (first if first >= 0 else len(text)) <= SHORT_LINE_MAX:
        spans.append((0, first if first >= 0 else len(text)))
    if first >= 0:
        spans += [(m.start(1), m.end(1)) for m in _SHORT_LINE.finditer(text, first)]
    one = _uncommon_rx(1)
    for ls, le in spans:
        if not one.search(text, ls, le):
            continue  # fewer than two uncommon characters: the line is clean (see whole_readings)
        pos = ls
        if _CELL_SEP.search(text, ls, le):
            out.append((ls, le))
        for m in _CELL_SEP.finditer(text, ls, le):
            if m.start() > pos:
                out.append((pos, m.start()))
            pos = m.end()
        if le > pos:
            out.append((pos, le))
    return [(a, b) for a, b in out if 2 <= b - a <= SHORT_CELL_MAX]


def whole_readings(cell: str) -> list[tuple[float, float, Chain, str]]:
    """Readings of a whole short string under every chain that pass the short-string test:
    (gain, mean log-prob of the reading, chain, reading), best first.

    >>> [(r[2].rule, r[3]) for r in whole_readings("棣栭〉")][:1]
    [('mojibake-utf8-as-gbk', '首页')]
    >>> whole_readings("首页"), whole_readings("栲栳")
    ([], [])
    """
    if cell.isascii() or 2 * len(_WIDE.findall(cell)) > 3 * SHORT_READING_MAX:
        return []  # a reading of 8 characters is 24 bytes at most: 12 double-byte characters
    # damage makes two uncommon characters at least (one per original character: the lead
    # byte's), but for UTF-8 read as Big5, EUC-JP or EUC-KR (摨行情 for 度污: the bytes pair
    # across characters); a strict reading under those is rare enough to try with one
    uncommon = len(_uncommon_rx().findall(cell))
    if not uncommon:
        return []
    struct_only = uncommon < 2
    if struct_only and cell[0] not in _utf8_han_openers():
        return []  # its bytes under no strict chain start a UTF-8 Han character (most clean lines)
    before: float | None = None
    out = []
    wide = _WIDE.search(cell) is not None
    for wrong, chains in _struct_chains_by_wrong() if struct_only else _chains_by_wrong():
        if wide and wrong in _LATIN_CODECS:
            continue  # no single-byte code page holds a CJK character
        data = _encode_whole(cell, wrong)  # once per wrong code page
        if data is None or data.isascii():
            continue
        for chain in chains:
            try:
                after = data.decode(chain.true)
            except UnicodeDecodeError:
                continue
            if after == cell or not 2 <= len(after) <= SHORT_READING_MAX:
                continue
            r = _whole_reading(cell, after, chain, before)
            if r is not None:
                before = r[0] - r[1]  # scored once
                if r[2]:
                    out.append((r[0], r[1], chain, after))
    out.sort(key=lambda r: (-r[0], r[2].name))
    return out


def _whole_reading(cell: str, after: str, chain: Chain, before: float | None) -> tuple[float, float, bool] | None:
    """(gain, mean log-prob of ``after``, accepted) for one reading of a whole cell; None when it is
    not a round-tripping all-Han reading at all (then nothing was scored)."""
    if not _HAN_READING.fullmatch(after) or _cjk_count(after) < 2 or _redo(after, chain) != cell:
        return None
    if before is None:
        before = lm.mean_logprob_per_char(cell) - FOREIGN_COST * len(_KANA_HANGUL.findall(cell)) / len(cell)
    ma = lm.mean_logprob_per_char(after)
    if chain.wrong in _LATIN_CODECS and not _latin_cell_noise(cell, chain):
        return ma - before, ma, False
    if chain.rule in _STRUCT_RULES:
        # the strict decoding vouches for it (as in _plausible): no clean THUOCL entry, as written or
        # in Traditional (266,601 strings), has an all-Han reading that round-trips under these chains
        return ma - before, ma, ma - before >= MIN_GAIN and ma >= WHOLE_FLOOR - STRUCT_SLACK
    return ma - before, ma, ma - before >= WHOLE_GAIN and ma >= WHOLE_FLOOR


@lru_cache(maxsize=1)
def _chains_by_wrong() -> tuple[tuple[str, tuple[Chain, ...]], ...]:
    """The chains tried on whole strings, grouped by the code page that misread the bytes."""
    groups: dict[str, list[Chain]] = {}
    for c in CHAINS:
        if c.rule == "mojibake-big5-gbk" or c.true == "euc_kr":
            continue  # see WHOLE_GAIN; and Korean is written in Hangul: an all-Han EUC-KR reading is no Korean
        groups.setdefault(c.wrong, []).append(c)
    return tuple((w, tuple(cs)) for w, cs in groups.items())


@lru_cache(maxsize=1)
def _struct_chains_by_wrong() -> tuple[tuple[str, tuple[Chain, ...]], ...]:
    """:func:`_chains_by_wrong` cut to the strict chains (UTF-8 read as Big5, EUC-JP, EUC-KR):
    the only ones a string with a single uncommon character is tried under (many clean lines
    have one, so the cut is made once, not per line)."""
    out = []
    for wrong, chains in _chains_by_wrong():
        strict = tuple(c for c in chains if c.rule in _STRUCT_RULES)
        if strict:
            out.append((wrong, strict))
    return tuple(out)


@lru_cache(maxsize=1)
def _utf8_han_openers() -> frozenset[str]:
    """Characters whose first byte under a strict chain's misreading code page (Big5, EUC-JP,
    EUC-KR) opens a 3-byte UTF-8 character of a Han reading (E3–E9, EF): a whole string read
    back under those chains can only start with one. (All three are double-byte codes there:
    the characters are the pairs with those lead bytes.)"""
    out = set()
    for wrong, _chains in _struct_chains_by_wrong():
        for lead in (*range(0xE3, 0xEA), 0xEF):
            for trail in range(0x40, 0xFF):
                try:
                    out.add(bytes((lead, trail)).decode(wrong))
                except UnicodeDecodeError:
                    continue
    return frozenset(ch for ch in out if len(ch) == 1)


def _encode_whole(cell: str, wrong: str) -> bytes | None:
    """``cell`` encoded with the code page that misread it (None if it cannot be), with the
    codec's own C loop; sloppy-1252 also maps the five bytes cp1252 leaves undefined."""
    try:
        return cell.encode("cp1252" if wrong == "sloppy-1252" else wrong)
    except UnicodeEncodeError:
        if wrong != "sloppy-1252" or max(cell) >= "\u3000":
            return None
        parts = [encode_char(c, wrong) for c in cell]
        return None if None in parts else b"".join(parts)  # type: ignore[arg-type]


@lru_cache(maxsize=2)
def _uncommon_rx(n: int = 1) -> re.Pattern[str]:
    """Any character other than ASCII and those the corpus saw :data:`SHORT_CELL_RARE` times or more
    (one negated class: a C-speed test); with ``n`` = 2, two of them on one line."""
    common = [c for c in map(chr, range(0x80, 0x10000)) if lm.unigram_count(c) >= SHORT_CELL_RARE]
    one = "[^\\x00-\\x7f\\n" + char_class("".join(common))[1:-1] + "]"
    return re.compile(one if n == 1 else f"{one}[^\\n]*?{one}")


def _pairs(s: str) -> list[str]:
    return [s[i : i + 2] for i in range(len(s) - 1)]


def _latin_cell_noise(cell: str, chain: Chain) -> bool:
    """Whether a whole cell read through a Latin code page is noise rather than a word:
    cp437 box drawing that is no table (:func:`_genuine_box_drawing`), Latin-1 noise
    (:func:`_latin1_noise`), or a high character that is no letter (¤, ±, ½, box drawing)
    inside it. Words of Latin-script languages put accented *letters* beside plain ones
    (Größe, naïve); legacy CJK bytes read as Latin-1 land on symbols often (µn¤J for 登入).

    >>> c = CHAINS_BY_NAME["big5-as-latin1"]
    >>> _latin_cell_noise("µn¤J", c), _latin_cell_noise("Größe", c)
    (True, False)
    """
    if chain.wrong == "cp437" and _genuine_box_drawing(cell, 0, len(cell)):
        return False
    return _latin1_noise(cell) or any(not c.isascii() and not c.isalpha() for c in cell)


def _redo(after: str, chain: Chain) -> str | None:
    """The damage of ``chain`` applied to ``after`` (None if it cannot be)."""
    parts = [encode_char(c, chain.true) for c in after]
    if any(p is None for p in parts):
        return None
    return decode_strict(b"".join(parts), chain.wrong)  # type: ignore[arg-type]


_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")


_HIGH_RUN = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                       "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u2500-\u25a0]+")
#: Characters of accepted legacy-as-Latin-1 repairs a text must hold before its other lines are read
#: with the same chain (:func:`confirmed_latin_lines`).
CONFIRMED_LATIN_MIN = 8
_CJK_LINE = re.compile("[\u3001-\u303f\u3400-\u9fff\uff01-\uff65]+")


def confirmed_latin_lines(text: str, taken: list[Edit]) -> list[Edit]:
    """Document-level evidence for a file read whole as Latin-1 (GBK, Big5 or Shift-JIS bytes):
    once repairs of that chain cover :data:`CONFIRMED_LATIN_MIN` characters, a line no repair
    touched that reads back strictly under the same chain as CJK text only is repaired too,
    however short (a one-character title, ³Ë for 乘) or odd its bytes (李旻 is C0 EE 95 46: the
    C1 byte 0x95 and the letter F). Latin text does not read back as CJK text only.

    >>> t = "³Ë\\n\\n" + "今天上午召开座谈会，听取大家的意见。".encode("gbk").decode("latin-1")
    >>> [(e.before, e.after) for e in confirmed_latin_lines(t, cjk_mojibake(t))]
    [('³Ë', '乘')]
    """
    done: dict[str, int] = {}
    for e in taken:
        if e.rule in _LATIN_NOISE_RULES and e.after:
            how = e.evidence.get("chain", "")
            done[how] = done.get(how, 0) + len(e.after)
    chains = [c for c in CHAINS if done.get(c.describe(), 0) >= CONFIRMED_LATIN_MIN]
    if not chains:
        return []
    out: list[Edit] = []
    spans = [(m.start(), m.end(), True) for m in _LINE.finditer(text)]
    # and the runs of two high characters or more that no repair took, outside Latin words
    # (a character left between two repairs: 座谈»á, 多了¡£)
    cover = sorted((o.start, o.end) for o in taken)
    for m in _HIGH_RUN.finditer(text):
        runs, a = [], m.start()
        for cs, ce in cover:  # the run's stretches between repairs
            if ce <= a:
                continue
            if cs >= m.end():
                break
            if cs > a:
                runs.append((a, cs))
            a = max(a, ce)
        if a < m.end():
            runs.append((a, m.end()))
        for a, b in runs:
            # (an ASCII character after the run may be a trail byte: 。 is A1 43 in Big5, ¡C)
            if b < len(text) and "\x40" <= text[b] <= "\x7e" and not _LATIN_PAIR.fullmatch(text[b + 1 : b + 3]) \
                    and not (a and text[a - 1].isascii() and text[a - 1].isalnum()):
                spans.append((a, b + 1, False))
            if b - a >= 2 and not (a and text[a - 1].isascii() and text[a - 1].isalnum()) \
                    and not (b < len(text) and text[b].isascii() and text[b].isalnum()):
                spans.append((a, b, False))
    for s, e, whole in spans:
        if not whole and any(s < o.end and o.start < e for o in out):
            continue
        while s < e and text[s] in " \t\r":
            s += 1
        while e > s and text[e - 1] in " \t\r":
            e -= 1
        line = text[s:e]
        if not line or line.isascii() or any(s < o.end and o.start < e for o in taken):
            continue
        for chain in chains:
            after = undo(line, chain)
            if after is None or not _CJK_LINE.fullmatch(after):
                continue
            if lm.mean_logprob_per_char(after) <= lm.mean_logprob_per_char(line):
                continue
            out.append(Edit("mojibake", chain.rule, s, e, line, after, 0.85,
                            f"{chain.describe()}; the same chain is repaired elsewhere in this text and the "
                            f"{'line' if whole else 'stretch'} reads back as CJK text only", evidence={"chain": chain.describe()}))
            break
    return out


_LATIN_PAIR = re.compile("[A-Za-z]{2}")
#: Longest stretch of unrepaired characters taken either side of a line break by :func:`wrapped_char_edits`.
WRAP_RUN_MAX = 6
_CHAIN_BY_HOW = {c.describe(): c for c in CHAINS}


def wrapped_char_edits(text: str, taken: list[Edit]) -> list[Edit]:
    """A hard wrap of Latin mojibake that falls inside a character's bytes (GBK 处 is B4 A6,
    wrapped as ´ and ¦ on two lines; UTF-8 工 as ç and ¨‹): each line's repair stops short of
    the cut, and both halves stay. Where the text holds repairs of a Latin chain and a line
    break has unrepaired characters of that chain on both sides, the two stretches are read
    together; the break goes back after the character it cut.

    >>> t = "½ÖµÀ°ìÊÂ´\\n¦ÏÈºó"
    >>> e = wrapped_char_edits(t, [Edit("mojibake", "mojibake-gbk-as-latin1", 0, 8, t[:8], "街道办事", 0.9, "",
    ...     evidence={"chain": CHAINS_BY_NAME["gb18030-as-latin1"].describe()})])
    >>> [(x.before, x.after) for x in e]
    [('´\\n¦ÏÈºó', '处\\n先后')]
    """
    chains: list[Chain] = []
    for e in taken:
        c = _CHAIN_BY_HOW.get(e.evidence.get("chain", ""))
        if c is not None and c.wrong in _LATIN_CODECS and c not in chains:
            chains.append(c)
    if not chains or "\n" not in text:
        return []
    cover = sorted((e.start, e.end) for e in taken)
    starts = [a for a, _ in cover]

    def covered(i: int) -> bool:
        k = bisect_right(starts, i) - 1
        return k >= 0 and cover[k][0] <= i < cover[k][1] or any(a <= i < b for a, b in cover[max(0, k - 3) : k])

    out: list[Edit] = []
    for m in re.finditer("\n", text):
        p = m.start()
        # (Big5 and GBK trail bytes include ASCII 0x40-0x7E: 垃 is A9 55, wrapped as © and U)
        if p == 0 or p + 1 >= len(text) or text[p - 1].isascii() or not ("\x40" <= text[p + 1] <= "\x7e" or not text[p + 1].isascii()):
            continue
        if covered(p - 1) and covered(p + 1):
            continue
        for chain in chains:
            def high(i: int) -> bool:
                b = encode_char(text[i], chain.wrong)
                return b is not None and not text[i].isascii()
            s = p
            while s > 0 and p - s < WRAP_RUN_MAX and text[s - 1] != "\n" and high(s - 1) and not covered(s - 1):
                s -= 1
            e = p + 1 + text[p + 1].isascii()
            while e < len(text) and e - p - 1 < WRAP_RUN_MAX and text[e] != "\n" and high(e) and not covered(e):
                e += 1
            if s == p or e == p + 1:
                continue
            found = None
            for e2 in range(e, p + 1, -1):  # the stretch on the right may run into the next character's bytes
                after = undo(text[s:p] + text[p + 1 : e2], chain)
                if after is not None and _CJK_LINE.fullmatch(after):
                    found = (e2, after)
                    break
            if found is None:
                continue
            e2, after = found
            if _LATIN_PAIR.fullmatch(text[max(0, s - 2) : s]) or _LATIN_PAIR.fullmatch(text[e2 : e2 + 2]):
                continue  # part of a Latin word (Café\nÉcole; one ASCII letter may be a Big5/GBK trail byte)
            # the break goes back after the character that holds the byte it followed
            cut = len(b"".join(encode_char(ch, chain.wrong) or b"" for ch in text[s:p]))
            pos, n = 0, 0
            while pos < len(after) and n < cut:
                n += len(after[pos].encode(chain.true))
                pos += 1
            out.append(Edit("mojibake", chain.rule, s, e2, text[s:e2], after[:pos] + "\n" + after[pos:], 0.85,
                            f"{chain.describe()}, cut by a line break inside a character; the same chain is "
                            "repaired around it", evidence={"chain": chain.describe()}))
            break
    return out


def short_string_edits(text: str, taken: list[Edit]) -> list[Edit]:
    """Repairs of whole short strings (a short input, a short line, or a cell of one)
    that no other repair touched.

    >>> [(e.before, e.after) for e in short_string_edits("棣栭〉\\n鐧诲叆 | 鎼滅储", [])]
    [('棣栭〉', '首页'), ('鐧诲叆', '登入'), ('鎼滅储', '搜索')]
    """
    out: list[Edit] = []
    for s, e in _cells(text):
        if any(s < o.end and o.start < e for o in taken) or any(s < o.end and o.start < e for o in out):
            continue
        ext = _EXTENSION.search(text, s, e)
        if ext is not None and ext.start() - s >= 2:
            e = ext.start()  # a file name: its stem is the whole string (╡nñJ.txt)
        reads = whole_readings(text[s:e])
        if not reads:
            continue
        gain, ma, chain, after = reads[0]
        out.append(Edit("mojibake", chain.rule, s, e, text[s:e], after, round(min(0.9, 0.7 + 0.03 * gain), 3),
                        f"{chain.describe()}; the whole short string reads back exactly under this chain and "
                        "is far more plausible", evidence={"chain": chain.describe(), "whole_string": True,
                                                           "logprob_per_char_before": round(ma - gain, 2),
                                                           "logprob_per_char_after": round(ma, 2)}))
    return out


# ---------------------------------------------------------------- short lines read whole with the wrong codec
#
# A title or label of Big5 read as GBK (吏挂 for 環境) has no telltale and no rare character to
# open a swap window, and clean words have swap readings that gain as much as damage does
# (see WHOLE_GAIN). What tells them apart is which side the corpus knows as *pairs*: a
# damaged string is a run of characters no text puts together, its reading a run of
# attested pairs; a clean word is the reverse. Measured (bench/mojibake.py --only short):
# of 151,245 clean THUOCL entries and 45,570 clean PFR/SIGHAN pieces, none passes with
# WHOLE_SWAP_GAIN 4 (two pass at 3: 洁尘 -> 賞鳥 gains 3.3, 尿崩 -> 續推 3.8); of 1,375
# Big5-damaged words of the AS/CityU *training* word lists (2-8 Han characters; the model
# never counted their pairs), 431 pass, 85 of them ones no other rule repairs (638 -> 723).

#: A line of at most this many characters, every one of them not ASCII, is tried whole (led by
#: its newline: a pattern that starts with a literal is searched at C speed; the first line apart).
_SWAP_LINE = re.compile("\n([^\x00-\x7f\n]{2,%d}+)(?=\n|\\Z)" % SHORT_READING_MAX)
#: The reading must gain this much (nats per character).
WHOLE_SWAP_GAIN = 4.0
#: ... or this much when the reading is a known word and the line is not (:func:`_known_word`):
#: a word is evidence the bigram counts lack (衛視 from 矫跌 gains 1.5, 結集 from 挡栋 2.7).
#: Measured (bench/mojibake.py --only short): no clean THUOCL entry or PFR/SIGHAN piece passes
#: at 2; at 1, two THUOCL entries do (风焊, 蛮狠), neither a word of the lexicon itself.
WORD_SWAP_GAIN = 2.0


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    """Words of 2-4 Han characters: the PFR 1998 segmentation's (``spin_words.tsv.gz``) and those
    of jieba's dictionary (MIT; broad modern text, 330,000 words), or PFR's alone without jieba.
    Loaded on first use (0.4 s): only a short line that no pair of the corpus vouches for asks."""
    from .spin_model import jieba_entries, words  # (read-only)

    out = set(words())
    out.update(w for w, _n in jieba_entries() if 2 <= len(w) <= 4 and all(map(_is_han, w)))  # (none without jieba)
    return frozenset(out)


def _known_word(s: str) -> bool:
    """Whether ``s``, as written or in Simplified forms, is a word of :func:`_lexicon`.

    >>> _known_word("衛視"), _known_word("矫跌")
    (True, False)
    """
    lex = _lexicon()
    return s in lex or s.translate(_t2s()) in lex


def whole_swap_reading(line: str) -> tuple[float, float, str] | None:
    """(gain, mean log-prob of the reading, reading) when ``line`` reads whole as Big5 bytes
    decoded as GBK (see above): every character swaps, no pair of ``line`` is attested in the
    corpus and half the pairs of the reading at least are, no character is doubled, and the reading gains
    :data:`WHOLE_SWAP_GAIN`; or the reading is a known word and ``line`` is not (:func:`_known_word`)
    and it gains :data:`WORD_SWAP_GAIN`. None otherwise.

    >>> whole_swap_reading("吏挂")[2], whole_swap_reading("环境")
    ('環境', None)
    """
    if len(line) < 2 or line[:2] in lm._model().bi or len(set(line)) < len(line) or any(map(_attested, _pairs(line))):
        return None  # a pair the corpus knows (most clean lines leave at the first), or a doubled character
    after = "".join(_swap_char(ch, "big5-as-gbk") or "\0" for ch in line)
    if "\0" in after:
        return None
    # half the pairs of a real reading at least are known (a word each, joined), or it is a word
    # of the lexicon (2-4 characters; asked last: the word list is loaded on first use)
    pairs = 2 * sum(map(_attested, _pairs(after))) >= len(after) - 1
    if not pairs and len(after) > 4:
        return None
    before = lm.mean_logprob_per_char(line) - FOREIGN_COST * len(_KANA_HANGUL.findall(line)) / len(line)
    ma = lm.mean_logprob_per_char(after)
    gain = ma - before
    if gain < (WORD_SWAP_GAIN if len(after) <= 4 else WHOLE_SWAP_GAIN) or not _acceptable(after) or _KANA.search(after):
        return None
    if pairs and gain >= WHOLE_SWAP_GAIN or _known_word(after) and not _known_word(line):
        return gain, ma, after
    return None


def whole_swap_edits(text: str, taken: list[Edit]) -> list[Edit]:
    """Repairs of short lines that read whole as Big5 decoded as GBK (:func:`whole_swap_reading`)
    and that no other repair touched.

    >>> [(e.before, e.after) for e in whole_swap_edits("吏挂\\n环境", [])]
    [('吏挂', '環境')]
    """
    out: list[Edit] = []
    chain = CHAINS_BY_NAME["big5-as-gbk"]
    first = _SWAP_LINE.match("\n" + text[: SHORT_READING_MAX + 1])
    spans = [(0, first.end(1) - 1)] if first else []
    spans += [m.span(1) for m in _SWAP_LINE.finditer(text)]
    bi = lm._model().bi
    for s, e in spans:
        if text[s : s + 2] in bi or any(s < o.end and o.start < e for o in taken):
            continue  # (most clean lines leave at once: their first pair is known)
        r = whole_swap_reading(text[s:e])
        if r is None:
            continue
        gain, ma, after = r
        out.append(Edit("mojibake", chain.rule, s, e, text[s:e], after, round(min(0.9, 0.7 + 0.03 * gain), 3),
                        f"{chain.describe()}; the whole short line reads back as pairs of characters the corpus "
                        "knows, where none of its own pairs is", evidence={
                            "chain": chain.describe(), "whole_string": True,
                            "logprob_per_char_before": round(ma - gain, 2), "logprob_per_char_after": round(ma, 2)}))
    return out


#: A page is taken as read with the wrong one of Big5/GBK when at least this many repairs say so.
SWAPPED_PAGE_REPAIRS = 3
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def private_use_in_swapped_page(text: str, taken: list[Edit]) -> list[Edit]:
    """Private-use characters left in a page whose other repairs undo a Big5↔GBK swap.

    A Big5 page read by a browser as GBK (the WHATWG gbk decoder is GB18030) turns the Big5
    pairs that fall in GBK's user-defined rows into private-use characters (年 is A6 7E:
    U+E6E4). Alone between digits (``2005\ue6e412月``) such a character opens no repair
    window, but a private-use character has no meaning in a scraped page: once the page's
    chain is known, its bytes read back under it.

    >>> page = "社區服務中心成立於2005" + "年".encode("cp950").decode("gb18030") + "12月。"
    >>> swaps = [Edit("mojibake", "mojibake-big5-gbk", 0, 0, "", "", 0.9, "",
    ...               evidence={"chain": CHAINS_BY_NAME["big5-as-gbk"].describe()})] * 3
    >>> [(e.before, e.after) for e in private_use_in_swapped_page(page, swaps)]
    [('\\ue6e4', '年')]
    """
    votes = collections.Counter(e.evidence.get("chain") for e in taken if e.rule == "mojibake-big5-gbk")
    if not votes or not _PRIVATE_USE.search(text):
        return []
    described, n = votes.most_common(1)[0]
    chain = next((c for c in CHAINS if c.rule == "mojibake-big5-gbk" and c.describe() == described), None)
    if chain is None or n < SWAPPED_PAGE_REPAIRS:
        return []
    out = []
    for m in _PRIVATE_USE.finditer(text):
        s, e = m.span()
        if any(o.start <= s < max(o.end, o.start + 1) for o in taken):
            continue
        after = undo(m.group(), chain)
        if after is None or len(after) != 1 or not lm.unigram_count(after):
            continue
        out.append(Edit("mojibake", chain.rule, s, e, m.group(), after, 0.8,
                        f"{chain.describe()}: a private-use character in a page whose other {n} repairs undo "
                        "the same chain; its bytes read back as a known character",
                        evidence={"chain": described, "page_repairs": n}))
    return out


def find(text: str, ctx: object) -> list[Edit]:
    """All mojibake edits and findings for ``text``."""
    opts = getattr(ctx, "options", None)
    lossy = opts is None or opts.wants(NAME, "mojibake-lossy")

    def overlaps(e: Edit, others: list[Edit]) -> bool:
        # an insertion where a repair ends counts too: it would splice text onto the repaired span
        return any(e.start < o.end and o.start < e.end if e.end > e.start else o.start <= e.start <= o.end
                   for o in others)

    cjk = _drop_swaps_in_japanese(cjk_mojibake(text, lossy))
    if lossy and "\ufffd" in text:  # a Big5/GBK page read with the other codec, bytes lost
        whole_lines = dbcs_lossy_edits(text, cjk)
        cjk = [e for e in cjk if not overlaps(e, whole_lines)] + whole_lines
        # UTF-8 read as cp1252 with errors='replace': whole stretches between lost bytes, which the
        # lossless chains cut short and ftfy drops
        latin_lossy = cp1252_lossy_edits(text)
        cjk = [e for e in cjk if not overlaps(e, latin_lossy)] + latin_lossy
    cjk += short_string_edits(text, cjk)
    cjk += whole_swap_edits(text, cjk)
    cjk += private_use_in_swapped_page(text, cjk)
    if cjk or _mostly_ascii(text):  # (clean Chinese text leaves at once: the scan costs a tenth of the stage)
        cjk += accented_letters_as_gbk(text, cjk)
    cjk += wrapped_char_edits(text, cjk)
    cjk += confirmed_latin_lines(text, cjk)
    latin = latin_mojibake(text, cjk)
    # ftfy works on whole lines and may read GBK-as-latin-1 as Cyrillic or fix
    # only part of a CJK clause; a CJK repair judged by the character model wins.
    latin = [e for e in latin if not overlaps(e, cjk)]
    edits = cjk + latin
    fixed_spans = [(e.start, e.end) for e in edits]
    for e in unrecoverable_markers(text):
        if not any(s <= e.start and e.end <= t for s, t in fixed_spans):
            edits.append(e)
    return edits
