"""Lossy mojibake: UTF-8 decoded as a CJK codec with ``errors="replace"`` or ``"ignore"``.

Two searches. For GBK, Big5/cp950 and EUC-KR with ``errors="replace"`` every
U+FFFD is exactly one lost byte whose possible values the decoder itself
constrains; :func:`exact_hole_repairs` rebuilds those (see the section
"exact holes"). Everything else (``"ignore"``, private-use characters lost in
copy-paste, Shift-JIS, EUC-JP) goes through the approximate search below.

Encoding the damaged text back gives the UTF-8 bytes with holes: a ``�``
stands for a byte we know was there, and bytes dropped by ``"ignore"`` (or a
private-use character lost in copy-paste) leave no mark. The bytes are cut
into UTF-8 characters by dynamic programming (each character is a lead byte
and continuation bytes; a missing byte costs a penalty), every incomplete
character is completed with the values the character model likes best, and
a bigram Viterbi pass picks among the completions.

>>> damaged = "这是一个中文句子。".encode("utf-8").decode("gbk", errors="replace")
>>> c = lossy_candidates(damaged, 0, len(damaged))
>>> c[0].after
'这是一个中文句子。'
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations, product

from .. import datafiles, lm
from ..textutil import common_affix
from .mojibake_chains import encode_char

#: Codecs whose lossy decoding of UTF-8 we try to undo.
LOSSY_CODECS = ("gbk", "gb18030", "big5", "cp950", "shift_jis", "euc_jp", "euc_kr")
_LABEL = {"gbk": "GBK", "gb18030": "GB18030", "big5": "Big5", "cp950": "Big5 (cp950)",
          "shift_jis": "Shift-JIS", "euc_jp": "EUC-JP", "euc_kr": "EUC-KR"}

HOLE = -1
#: Penalty (nats) for each byte assumed dropped without a trace.
DROP_COST = 4.0
#: Completions kept per damaged character for the Viterbi pass.
TOP_K = 24
_CONT = range(0x80, 0xC0)
_LEAD3 = range(0xE0, 0xF0)


@lru_cache(maxsize=20000)
def completions(pattern: tuple[int, ...]) -> tuple[tuple[float, str], ...]:
    """Best characters for a 3-byte UTF-8 pattern with unknown bytes (``HOLE``), by unigram.

    >>> "中" in [c for _, c in completions((0xE4, 0xB8, HOLE))]
    True
    """
    choices = [(_LEAD3 if i == 0 else _CONT) if b == HOLE else (b,) for i, b in enumerate(pattern)]
    scored = []
    for combo in product(*choices):
        try:
            ch = bytes(combo).decode("utf-8")
        except UnicodeDecodeError:
            continue
        n = lm.unigram_count(ch)
        if n:
            scored.append((math.log(lm.unigram_prob(ch)), ch))
    scored.sort(reverse=True)
    return tuple(scored[:TOP_K])


def _char_options(toks: list[int], drops: int) -> list[tuple[float, list[str], int]]:
    """Ways to read ``toks`` (1-3 tokens) plus ``drops`` missing bytes as one 3-byte character."""
    length = len(toks) + drops
    if length != 3:
        return []
    out = []
    for where in combinations(range(3), drops):
        pat: list[int] = []
        it = iter(toks)
        for i in range(3):
            pat.append(HOLE if i in where else next(it))
        if pat[0] != HOLE and pat[0] not in _LEAD3:
            continue
        if any(b != HOLE and b not in _CONT for b in pat[1:]):
            continue
        if sum(b == HOLE for b in pat) > 2:
            continue
        comp = completions(tuple(pat))
        if comp:
            out.append((comp[0][0] - DROP_COST * drops, [c for _, c in comp], drops))
    return out


def decode_with_holes(tokens: list[int], max_lost: float = 1.0,
                      marks: tuple[str, bool] | None = None, line_end: bool = False) -> tuple[str, int, int] | None:
    """Decode UTF-8 ``tokens`` (byte values or ``HOLE``) where some bytes may be missing.

    Returns (text, bytes assumed dropped, bytes skipped as unusable); the text
    is empty (the costly Viterbi pass skipped) when a byte had to be skipped or
    more than ``max_lost`` of the bytes are missing. ``marks`` (the text before, and whether it can
    hide a paired mark: :func:`read_marks`) lets an inferred paired mark take its direction from it;
    with ``line_end`` (the bytes end a line) the last character is also scored by :func:`end_logprob`.

    >>> decode_with_holes(list("中文".encode("utf-8"))[:5])
    ('中文', 1, 0)
    """
    n = len(tokens)
    # best[i] = (score, back pointer, options, drops, skips) for tokens[:i]
    best: list[tuple[float, int, list[str], int, int] | None] = [None] * (n + 1)
    best[0] = (0.0, -1, [], 0, 0)
    for i in range(n):
        if best[i] is None:
            continue
        base, _, _, drops0, skips0 = best[i]  # type: ignore[misc]
        t = tokens[i]
        steps: list[tuple[int, float, list[str], int, int]] = []
        if 0 <= t < 0x80:
            steps.append((i + 1, 0.0, [chr(t)], 0, 0))
        elif 0xC2 <= t < 0xE0 and i + 1 < n and tokens[i + 1] in _CONT:
            try:
                ch = bytes(tokens[i : i + 2]).decode("utf-8")
                steps.append((i + 2, math.log(lm.unigram_prob(ch)), [ch], 0, 0))
            except UnicodeDecodeError:
                pass
        if t >= 0x80 or t == HOLE:
            for m in (1, 2, 3):
                if i + m > n or any(0 <= x < 0x80 for x in tokens[i : i + m]):
                    break
                for score, chars, drops in _char_options(tokens[i : i + m], 3 - m):
                    steps.append((i + m, score, chars, drops, 0))
        if not steps:  # an unusable byte: skip it at a high price
            steps.append((i + 1, -3 * DROP_COST, [""], 0, 1))
        for j, score, chars, d, k in steps:
            cand = base + score
            if best[j] is None or cand > best[j][0]:  # type: ignore[index]
                best[j] = (cand, i, chars, drops0 + d, skips0 + k)
    if best[n] is None:
        return None
    _, _, _, drops, skips = best[n]  # type: ignore[misc]
    if skips or drops + tokens.count(HOLE) > max_lost * n:
        return "", drops, skips
    slots: list[list[str]] = []
    j = n
    while j > 0:
        _, i, chars, _, _ = best[j]  # type: ignore[misc]
        slots.append(chars)
        j = i
    slots.reverse()
    return _viterbi(slots, marks, line_end), drops, skips


#: Paired marks whose two forms differ only in the last UTF-8 byte (“ E2 80 9C, ” E2 80 9D): when
#: that byte is lost, the bytes leave both forms open and the character models, which see a
#: character or two of context, cannot tell them apart. But marks pair up: the direction of a lost
#: one follows from the open/close state of the text before it.
MARK_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉", "【": "】", "（": "）",
              "〔": "〕", "〖": "〗"}
_MARK_PARTNER = {**MARK_PAIRS, **{c: o for o, c in MARK_PAIRS.items()}}
_LETTER = re.compile(r"[A-Za-z0-9]")


def _apostrophe(before: str, after: str) -> bool:
    """Whether ``’`` between ``before`` and ``after`` is an apostrophe (We’re), not a closing quote."""
    return bool(_LETTER.fullmatch(before[-1:]) and _LETTER.fullmatch(after[:1]))


def _open_marks(text: str, opening: str) -> int:
    """How many ``opening`` marks ``text`` leaves unclosed (at least 0).

    >>> _open_marks("他说：“我们", "“"), _open_marks("“好”，", "“"), _open_marks("‘We’re", "‘")
    (1, 0, 1)
    """
    closing = MARK_PAIRS[opening]
    depth = 0
    for m in re.finditer(re.escape(opening) + "|" + re.escape(closing), text):
        if m.group() == opening:
            depth += 1
        elif not (closing == "’" and _apostrophe(text[: m.start()], text[m.end() :])):
            depth = max(0, depth - 1)
    return depth


def paired_mark(ch: str, before: str, after: str = "", sure: bool = True) -> str:
    """The direction of an inferred paired mark ``ch`` (either form; other characters come back as
    they are) between ``before`` and ``after``: closing when ``before`` leaves its pair open,
    opening otherwise. With ``sure=False`` (the text before may hide damaged marks) only a pair
    left open counts as evidence. A ``’`` between two letters stays an apostrophe.

    >>> paired_mark("“", "他说：“我们做到了，"), paired_mark("”", "他说："), paired_mark("‘", "We", "re")
    ('”', '“', '’')
    >>> paired_mark("”", "他说：", sure=False)
    '”'
    """
    partner = _MARK_PARTNER.get(ch)
    if partner is None:
        return ch
    opening = ch if ch in MARK_PAIRS else partner
    closing = MARK_PAIRS[opening]
    if closing == "’" and _apostrophe(before, after):
        return closing
    if _open_marks(before, opening):
        return closing
    return opening if sure else ch


def _viterbi(slots: list[list[str]], marks: tuple[str, bool] | None = None, line_end: bool = False) -> str:
    """Pick one character per slot maximising the bigram log-probability (and, with ``line_end``, the
    line-end model's score of the last one: :func:`end_logprob`); then, with ``marks``
    (the text before and whether it is sure: :func:`paired_mark`), give an inferred paired mark the
    direction the text before it calls for, when its slot allows that form too."""
    prev: dict[str, tuple[float, str]] = {"": (0.0, "")}
    for options in slots:
        cur: dict[str, tuple[float, str]] = {}
        for ch in options:
            if ch == "":
                cur.update({k: v for k, v in prev.items()})
                continue
            best = None
            for last, (score, text) in prev.items():
                s = score + lm.char_logprob(ch, last)
                if best is None or s > best[0]:
                    best = (s, text + ch)
            cur[ch] = best  # type: ignore[assignment]
        prev = cur or prev
    text = max((v[0] + (END_WEIGHT * end_logprob(k) if line_end and k else 0.0), v[1]) for k, v in prev.items())[1]
    if marks is None or not any(c in _MARK_PARTNER for c in text):
        return text
    out: list[str] = []
    seen: list[str] = []  # the text as evidence for the marks after it (see _after_inferred)
    for options in slots:
        if options == [""]:
            continue  # (a skipped byte emits nothing)
        ch = text[len(out)]
        if ch in _MARK_PARTNER and len(options) > 1:
            before = marks[0] + "".join(seen)
            want = paired_mark(ch, before, text[len(out) + 1 : len(out) + 2], marks[1])
            ch = want if want in options else ch
            shown, sure = _after_inferred(ch, before, marks[1])
            marks = (marks[0], sure)
            seen.append(shown)
        else:
            if len(options) > 1 and any(o in _MARK_PARTNER for o in options):
                marks = (marks[0], False)  # a mark may hide here: the evidence after it is unsure
            seen.append(ch)
        out.append(ch)
    return "".join(out)


def _tokens(chars: str, codec: str) -> list[int] | None:
    out: list[int] = []
    for ch in chars:
        if ch == "\ufffd":
            out.append(HOLE)
            continue
        b = encode_char(ch, codec)
        if b is None:
            return None
        out.extend(b)
    return out


def _utf8_like(toks: list[int] | None) -> bool:
    """Cheap test: do the known bytes mostly form valid UTF-8? (Clean text read back
    through the wrong codec does not; damaged UTF-8 does, apart from its holes.)"""
    if toks is None:
        return False
    raw = bytes(t for t in toks if t != HOLE)
    high = sum(1 for t in raw if t >= 0x80)
    return high > 0 and raw.decode("utf-8", "replace").count("\ufffd") <= 0.6 * high


def lossy_candidates(text: str, ws: int, we: int) -> list:
    """Candidates that rebuild UTF-8 text decoded with a CJK codec and lossy errors."""
    from .mojibake import Candidate, _cjk_count, _looks_like_text, _score, _suspect_rx, judge  # circular at import time

    one = _suspect_rx()[1]
    hits = [m.start() for m in one.finditer(text, ws, we)]
    if not hits:
        return []
    lo, hi = hits[0], hits[-1] + 1
    real = sum(1 for h in hits if text[h] != "\ufffd")
    out = []
    if text.count("\ufffd", lo, hi) >= 2 and real >= EXACT_MIN_REAL:
        # the decoder's constraints on each lost byte are strong evidence of their own,
        # so a short damaged clause (噬咬���嚗� for 噬咬著，) is tried too
        out.extend(_exact_candidates(text, ws, we, lo, hi))
    if real < 3 or hi - lo < 4 or len(hits) < 0.5 * (hi - lo):
        return out  # real lossy mojibake is dense with such characters; a rare name is not
    span_s, span_e = max(ws, lo - 2), min(we, hi + 2)
    # GB18030 reads GBK's two-byte pairs alike: where the exact GBK search found a repair, an
    # approximate GB18030 reading of the same bytes (which may guess a lost byte the exact search,
    # with the decoder's constraints and the line end, did not choose) is not a rival
    gbk_exact = any(c.how.startswith(f"UTF-8 bytes decoded as {_LABEL['gbk']} with errors") for c in out)
    for codec in LOSSY_CODECS:
        if codec in EXACT_CODECS and "\ufffd" in text[lo:hi] or codec == "gb18030" and gbk_exact:
            continue  # done exactly above
        if codec != "shift_jis" and not _utf8_like(_tokens(text[span_s:span_e], codec)):
            continue  # (Shift-JIS single-byte kana make the test unreliable)
        best = None
        for dl in (2, 1, 0):
            for dr in (2, 1, 0):
                s, e = max(ws, lo - dl), min(we, hi + dr)
                toks = _tokens(text[s:e], codec)
                if toks is None or all(0 <= t < 0x80 for t in toks):
                    continue
                before = text[text.rfind("\n", 0, s) + 1 : s]
                seen, whole = read_marks(before, codec)
                # (bytes dropped without a trace may hide a mark in damaged text before)
                res = decode_with_holes(toks, 0.34, (seen, whole and not one.search(before)),
                                        e >= len(text) or text[e] in "\r\n")
                if res is None or not res[0]:
                    continue
                dec, drops, skips = res
                holes = toks.count(HOLE)
                if holes + drops == 0 or e - s < 4:
                    continue  # nothing lost: a lossless chain's job; too short to tell from a rare word
                if skips or drops > max(2, 0.25 * len(toks)) or holes + drops > 0.34 * len(toks) or dec == text[s:e]:
                    continue
                if _cjk_count(dec) < max(2, 0.5 * len(dec.strip())):
                    continue
                # compare every trim over the same stretch of text
                total, _, _ = _score(text, span_s, span_e, text[span_s:s] + dec + text[e:span_e])
                if best is None or total > best[0]:
                    best = (total, s, e, dec, (holes + drops) / (len(toks) + drops))
        if best is None:
            continue
        _, s, e, dec, lost = best
        if not _looks_like_text(dec):
            continue
        gain, ma, mb = judge(text, s, e, dec)
        out.append(Candidate(s, e, text[s:e], dec, "mojibake-lossy",
                             f"UTF-8 bytes decoded as {_LABEL[codec]} with lost bytes", gain, ma, mb, lossy=True,
                             lost=lost))
    return out


# ---------------------------------------------------------------- exact holes (GBK, Big5, EUC-KR)
#
# Python's GBK, Big5, cp950 and EUC-KR decoders replace exactly one byte per
# error (checked over every byte pair: the error span is always one byte), and
# Big5/EUC-KR lose a lot of UTF-8: a continuation byte 0x80-0xA0 is neither a
# lead nor a trail byte there, so 40-46% of the bytes of Chinese become U+FFFD.
# But each U+FFFD is exactly one byte, and that byte is constrained: it is
# >= 0x80 and it does *not* form a valid pair with the byte after it (else the
# decoder would have decoded the pair). Together with UTF-8's structure this
# leaves a set of characters per slot (median ~75 for Big5/EUC-KR, ~20 for
# GBK); a beam Viterbi pass picks one, scoring each character with two
# characters of history (:func:`_score`: the bigram model plus character
# trigram counts) and reading whole dictionary words as well (the word model
# below). A character bigram cannot choose among ~75 readings (the most
# frequent member of the set is right 22% of the time); the trigram and the
# words help, but most remaining errors are the model's, not the search's:
# the original text scores lower than the repair chosen (names, digits and
# rare words lose to fluent common ones). (Shift-JIS is not exact: its
# decoder can also report the trail byte alone.)

#: Codecs whose ``errors="replace"`` output has exactly one U+FFFD per lost byte.
EXACT_CODECS = ("gbk", "big5", "cp950", "euc_kr")
#: Candidates kept per character slot (by unigram frequency; 96 -> 200 gained ~1 point on Big5/EUC-KR, dev and held out).
EXACT_TOP_K = 200
#: States kept per byte position in the Viterbi pass.
EXACT_BEAM = 48
#: Cost (nats) of entering a damaged stretch (keeps clean characters clean).
ENTER_COST = 4.0
#: Cost (nats) of keeping a U+FFFD as it is (an unrepairable spot).
KEEP_HOLE_COST = 30.0
#: Extra cost (nats) of a character specific to the other Chinese script than the text's.
SCRIPT_COST = 5.0
#: Mojibake characters (besides U+FFFD) a stretch needs before the exact search is tried.
EXACT_MIN_REAL = 1


def _script_sets() -> tuple[frozenset[str], frozenset[str]]:
    """Characters specific to Simplified and to Traditional Chinese (OpenCC-derived tables).

    A damaged stretch of Traditional text is best repaired with Traditional
    characters, but the model, counted from both scripts, does not know that:
    the search runs once avoiding each script's own characters.

    >>> hans, hant = _script_sets()
    >>> ("这" in hans, "這" in hant, "中" in hans | hant)
    (True, True, False)
    """
    from .script import tables

    t = tables()
    return t.hans, t.hant


@lru_cache(maxsize=8)
def pair_table(codec: str) -> bytes:
    """``table[x * 256 + y]`` is 1 when bytes ``x y`` decode as one character in ``codec``.

    >>> t = pair_table("big5")
    >>> t[0xA4 * 256 + 0xA4], t[0xE4 * 256 + 0x80]
    (1, 0)
    """
    out = bytearray(65536)
    for x in range(0x80, 0x100):
        for y in range(0x100):
            try:
                s = bytes((x, y)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(s) == 1:
                out[x * 256 + y] = 1
    return bytes(out)


@lru_cache(maxsize=1)
def _vocab() -> dict[int, list[tuple[float, str, bytes]]]:
    """Multi-byte characters the model knows, by UTF-8 length, most frequent first.

    The corpus counts are folded (full-width ``，`` counted as ``,``), so the
    full-width forms are added back with the count of their ASCII form.
    """
    m = lm._model()
    chars = {c for c in m.uni if len(c) == 1 and not c.isascii()}
    chars.update(chr(ord(c) + 0xFEE0) for c in m.uni if len(c) == 1 and "!" <= c <= "~")
    chars.add("\u3000")
    out: dict[int, list[tuple[float, str, bytes]]] = {2: [], 3: []}
    for c in chars:
        b = c.encode("utf-8")
        if len(b) in out and lm.unigram_count(c):
            out[len(b)].append((math.log(lm.unigram_prob(c)), c, b))
    for v in out.values():
        v.sort(key=lambda t: (-t[0], t[1]))
    return out


@lru_cache(maxsize=1)
def _vocab_index() -> dict[tuple[int, int, int], list[tuple[float, str, bytes]]]:
    """(length, position, byte) -> the vocabulary entries with that byte there."""
    idx: dict[tuple[int, int, int], list[tuple[float, str, bytes]]] = {}
    for n, entries in _vocab().items():
        for e in entries:
            for i, b in enumerate(e[2]):
                idx.setdefault((n, i, b), []).append(e)
    return idx


@lru_cache(maxsize=50000)
def slot_candidates(codec: str, pattern: tuple[int, ...], k: int = 0) -> tuple[tuple[float, str, bytes], ...]:
    """Characters whose UTF-8 bytes fit ``pattern`` (byte values and ``HOLE``s) under ``codec``.

    A hole must be a byte that does not pair with the byte after it (the
    decoder would have decoded the pair); the last byte's partner lies in the
    next slot and is checked by the Viterbi pass.

    >>> "這" in [c for _, c, _ in slot_candidates("big5", (HOLE, HOLE, HOLE), 100000)]
    True
    >>> [c for _, c, _ in slot_candidates("big5", (0xE4, 0xB8, HOLE))][:3]  # 中 is E4 B8 AD
    ['一', '中', '不']
    """
    n = len(pattern)
    table = pair_table(codec)
    known = [(i, b) for i, b in enumerate(pattern) if b != HOLE]
    pool = _vocab_index().get((n, *known[0]), []) if known else _vocab()[n]
    holes = [i for i, b in enumerate(pattern) if b == HOLE and i + 1 < n]
    out = []
    for e in pool:
        cb = e[2]
        if any(cb[i] != b for i, b in known):
            continue
        if any(table[cb[i] * 256 + cb[i + 1]] for i in holes):
            continue
        out.append(e)
        if len(out) >= (k or EXACT_TOP_K):
            break
    return tuple(out)


#: Weight of the character trigram model (log-linear, beside the bigram model of :mod:`textfix.lm`).
TRI_WEIGHT = 1.0
#: Weight of the bigram model.
BI_WEIGHT = 0.5


@lru_cache(maxsize=1)
def _t2s() -> dict[int, str]:
    """Per-character Traditional -> Simplified map (OpenCC ``t2s``), to look Traditional text up
    in the trigram counts, which were counted from Simplified text.

    >>> "這".translate(_t2s())
    '这'
    """
    table: dict[int, str] = {}
    try:
        import opencc

        chars = [chr(c) for c in range(0x3400, 0xA000)]
        out = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
        if len(out) == len(chars):
            table = {ord(c): o for c, o in zip(chars, out) if o != c and len(o) == 1}
    except Exception:  # OpenCC missing: Simplified text still works
        pass
    return table


def _trigram_model():
    """The Kneser-Ney character trigram model (:mod:`textfix.fixers.lossy_model`, ``lossy_trigram.tsv.gz``),
    loaded only when a damaged stretch is searched."""
    from .lossy_model import model

    return model()


def _tri_fold() -> dict[int, str]:
    """The translation table that folds text into the trigram model's form (full-width ASCII to
    ASCII, Traditional to Simplified): :func:`textfix.fixers.lossy_model.fold`."""
    from .lossy_model import _fold_table

    return _fold_table()


#: Score memos shared by all searches: (previous character, character) -> score when no
#: trigram applies, and (two characters, character) -> score otherwise.
#: Each is emptied when it passes :data:`MEMO_CAP` entries (~270 bytes an entry: 200k
#: keep a worker process under ~55 MB a memo; a damaged page fills a few thousand).
MEMO_CAP = 200_000
_PAIRS: dict[tuple[str, str], float] = {}
_TRIPLES: dict[tuple[str, str], float] = {}
#: (history as given, character) -> :func:`_step` when the caller did not look the history up.
_STEPS: dict[tuple[str, str], float] = {}
_NONE: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _specials() -> dict[str, frozenset[str]]:
    """Folded two-character histories -> the characters after which a trigram was counted:
    only there does the score need the second character of history."""
    nxt: dict[str, set[str]] = {}
    grams = list(_trigram_model().tri) if TRI_WEIGHT else []
    for g in grams:
        nxt.setdefault(g[:2], set()).add(g[2])
    return {h: frozenset(v) for h, v in nxt.items()}


def _score(hist: str, ch: str) -> float:
    """Score of ``ch`` after ``hist`` (up to two characters): the log-linear sum of the bigram
    model of :mod:`textfix.lm` (counted from Simplified and Traditional text, so it knows which
    script a character belongs with) and the Kneser-Ney trigram model, looked up in its folded form.

    >>> _score("召開", "會") > _score("召開", "曾")
    True
    """
    t = _tri_fold()
    fh, fc = hist.translate(t), ch.translate(t)
    v = BI_WEIGHT * lm.char_logprob(ch, hist[-1:])
    if TRI_WEIGHT:
        v += TRI_WEIGHT * _trigram_logprob(fh[-2:], fc)
    return v


def _trigram_logprob(hist: str, ch: str) -> float:
    """log P(ch | hist) under the trigram model (both already folded)."""
    return _trigram_model().logprob(hist, ch)


def _step(hist: str, ch: str, special: frozenset[str] | None = None, fc: str = "") -> float:
    """:func:`_score` through the memos; ``special`` (from :func:`_specials`) may be given for ``hist``."""
    if special is None:
        key = (hist, ch)
        v = _STEPS.get(key)
        if v is None:
            if len(_STEPS) >= MEMO_CAP:
                _STEPS.clear()
            t = _tri_fold()
            v = _STEPS[key] = _step(hist, ch, _specials().get(hist.translate(t), _NONE), ch.translate(t))
        return v
    if fc in special:
        key = (hist, ch)
        v = _TRIPLES.get(key)
        if v is None:
            if len(_TRIPLES) >= MEMO_CAP:
                _TRIPLES.clear()
            v = _TRIPLES[key] = _score(hist, ch)
        return v
    key = (hist[-1:], ch)
    v = _PAIRS.get(key)
    if v is None:
        if len(_PAIRS) >= MEMO_CAP:
            _PAIRS.clear()
        v = _PAIRS[key] = _score(hist[-1:], ch)
    return v



@lru_cache(maxsize=1)
def _successors() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Characters seen after each character: in the bigram counts of :mod:`textfix.lm` (folded
    forms) and in the trigram model's pair counts (its folded forms). Every other pair scores
    from the two unigrams alone (and, in the trigram model, the back-off weight of the previous
    character), which :class:`_Slot` computes once per candidate and per row.

    >>> bi, tri = _successors()
    >>> "国" in bi["中"] and "国" in tri["中"]
    True
    """
    bi: dict[str, set[str]] = {}
    for pair in lm._model().bi:
        if len(pair) == 2:
            bi.setdefault(pair[0], set()).add(pair[1])
    tri: dict[str, set[str]] = {}
    for g in _trigram_model().cont2 if TRI_WEIGHT else ():
        tri.setdefault(g[0], set()).add(g[1])
    return ({k: frozenset(v) for k, v in bi.items()}, {k: frozenset(v) for k, v in tri.items()})



@lru_cache(maxsize=1)
def _step_max() -> float:
    """An upper bound of :func:`_score` (and so of :func:`_step`): the bigram model's interpolated
    probability is a weighted mean of count ratios and unigram probabilities, so at most the largest
    ratio in its table (or 1); the trigram model's probabilities are at most 1
    (:mod:`textfix.fixers.lossy_model`). With consistent counts it is 0.

    >>> 0.0 <= _step_max() < 1e-6
    True
    """
    m = lm._model()
    r_bi = max((n / m.uni[k[0]] for k, n in m.bi.items() if len(k) == 2 and m.uni.get(k[0])), default=0.0)
    v = BI_WEIGHT * math.log(max(1.0, r_bi))
    return v + 1e-9  # (rounding)


class _Slot:
    """One slot's candidates, prepared once for every search that meets the same bytes.

    ``extra`` holds (character, its bytes, last byte if lost else -1, fixed cost, trigram-model form);
    ``base_seen``/``base_unseen`` the pair score (:func:`_score`, minus the fixed cost) each
    candidate gets after a character with no pair count for it, when that character has a
    unigram count and when it has none, but for the trigram model's back-off weight of the
    previous character, which :meth:`row` adds; :meth:`row` patches in the pairs that were counted.
    """

    __slots__ = ("base_seen", "base_unseen", "by_bi", "by_tri", "extra", "keys_bi", "keys_tri")

    def __init__(self, extra: tuple) -> None:
        self.extra = extra
        self.base_seen: list[float] = []
        self.base_unseen: list[float] = []
        self.by_bi: dict[str, list[int]] = {}
        self.by_tri: dict[str, list[int]] = {}
        for i, (ch, _, _, cost, fc) in enumerate(extra):
            f = lm.fold(ch)
            pu = lm.unigram_prob(f)
            # the same operations as lm.char_logprob and _trigram_logprob with a zero pair count
            seen, unseen = BI_WEIGHT * math.log((1 - lm._LAMBDA) * pu), BI_WEIGHT * math.log(pu)
            if TRI_WEIGHT:
                t = TRI_WEIGHT * _trigram_logprob("", fc)
                seen, unseen = seen + t, unseen + t
            self.base_seen.append(seen - cost)
            self.base_unseen.append(unseen - cost)
            self.by_bi.setdefault(f, []).append(i)
            self.by_tri.setdefault(fc, []).append(i)
        self.keys_bi, self.keys_tri = frozenset(self.by_bi), frozenset(self.by_tri)

    def row(self, last1: str) -> tuple[list[float], list[int], list[float]]:
        """Scores of the candidates after ``last1`` (equal to ``_step(last1, ch, _NONE, fc) - cost``),
        the candidate indices by rising score and those scores."""
        extra = self.extra
        f = lm.fold(last1)
        seen = bool(last1) and lm._model().uni.get(f, 0) > 0
        t = last1.translate(_tri_fold())
        shift = TRI_WEIGHT * _trigram_model().unseen_pair_shift(t) if TRI_WEIGHT and last1 else 0.0
        base = self.base_seen if seen else self.base_unseen
        row = [b + shift for b in base] if shift else list(base)
        hits: set[int] = set()
        bi, tri = _successors()
        if seen and f in bi:
            for key in bi[f] & self.keys_bi:
                hits.update(self.by_bi[key])
        if t in tri:
            for key in tri[t] & self.keys_tri:
                hits.update(self.by_tri[key])
        for i in hits:
            ch, fc, cost = extra[i][0], extra[i][4], extra[i][3]
            v = _PAIRS.get((last1, ch))
            row[i] = (_step(last1, ch, _NONE, fc) if v is None else v) - cost
        order = sorted(range(len(row)), key=row.__getitem__)
        return row, order, [row[i] for i in order]


@lru_cache(maxsize=20000)
def _slot_info(codec: str, pat: tuple[int, ...], last_hole: bool, avoid: frozenset[str],
               weights: tuple[float, ...] = ()) -> _Slot:
    """The prepared candidates for the bytes ``pat`` (an ASCII byte stands for itself);
    ``weights`` (the model weights in force) only keys the cache."""
    lx = lexicon() if WORD_WEIGHT else None
    tf = _tri_fold()
    cands = ((0.0, chr(pat[0]), bytes(pat)),) if len(pat) == 1 else slot_candidates(codec, pat)
    return _Slot(tuple((ch, cb, cb[-1] if last_hole else -1,
                        (SCRIPT_COST if ch in avoid else 0.0) - _word_single(lx, ch), ch.translate(tf))
                       for _, ch, cb in cands))


def _cut(dest: dict, beam: int = EXACT_BEAM) -> float:
    """The score a new state needs to stay in the beam at ``dest``: the beam keeps the best
    ``beam`` states, and scores already there only rise, so anything strictly below
    the current last place is cut (``-inf`` while the beam is not full)."""
    if len(dest) < beam:
        return -math.inf
    return heapq.nlargest(beam, [v[0] for v in dest.values()])[-1]



# ---------------------------------------------------------------- word model
#
# A character model cannot choose among ~75 readings per damaged character, but
# text is made of words and most wrong readings do not form words with their
# neighbours. The exact search therefore also reads whole dictionary words
# (jieba's word list, a dependency: ~350k words with counts from broad modern
# text) and scores a path as the character model plus :data:`WORD_WEIGHT` times a
# word unigram model over the best segmentation of the path into dictionary
# words and single characters. Traditional text is looked up through the same
# per-character t2s fold as the trigram counts. Words may use rarer characters
# than single characters may (:data:`WORD_SLOT_K`): 13% of damaged Big5
# characters are not among the 200 most frequent members of their set.
# Measured with bench/mojibake_lossy.py (100 cases per chain, whole-case
# character accuracy), words moved Big5 63 -> 67%, cp950 66 -> 69%, EUC-KR
# 73 -> 75.5%, and held out 64-65 -> 66%: real, but far from the 85% target;
# news text is full of names and numbers no word list has. The cost is about
# twice the CPU time per KB of damaged text.

#: History given to the character models at the start of a line: a line starts a sentence, and the
#: counts know which characters follow a full stop.
LINE_START = "。"
#: Weight of the word unigram model (log-linear, beside the character models).
WORD_WEIGHT = 0.7
#: Dictionary words kept: 2-4 Han characters, counted at least this often.
WORD_MIN_COUNT = 5
#: Longest word (characters) the search reads.
WORD_MAX_LEN = 4
_HAN_WORD = re.compile(r"[\u3400-\u9fff]{1,%d}" % WORD_MAX_LEN)


class Lexicon:
    """jieba's word list folded to Simplified: log P(word), log P(single character), prefix children."""

    __slots__ = ("words", "singles", "oov", "kids")

    def __init__(self, counts: dict[str, int], total: int) -> None:
        lt = math.log(total)
        self.words = {w: math.log(n) - lt for w, n in counts.items() if len(w) > 1 and n >= WORD_MIN_COUNT}
        self.singles = {w: math.log(n) - lt for w, n in counts.items() if len(w) == 1}
        self.oov = math.log(0.5) - lt  # a character jieba never saw as a word of its own
        kids: dict[str, set[str]] = {}
        for w in self.words:
            for i in range(1, len(w)):
                kids.setdefault(w[:i], set()).add(w[i])
        self.kids = {k: frozenset(v) for k, v in kids.items()}

    def single(self, fc: str) -> float:
        """log P of the folded character ``fc`` read as a one-character word.

        >>> lx = lexicon(); lx.single("的") > lx.single("哦") > lx.oov
        True
        """
        return self.singles.get(fc, self.oov)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The word list of jieba (MIT; ``jieba/dict.txt``), loaded the first time a damaged stretch is searched."""
    counts: dict[str, int] = {}
    total = 0
    try:
        import jieba

        with jieba.get_dict_file() as f:
            raw = f.read().decode("utf-8")
    except Exception:  # jieba missing: the character models still work
        raw = ""
    t = _t2s()
    for line in raw.splitlines():
        parts = line.split(" ")
        if len(parts) < 2 or not parts[1].isdigit():
            continue
        n = int(parts[1])
        total += n
        w = parts[0].translate(t)
        if _HAN_WORD.fullmatch(w):
            counts[w] = counts.get(w, 0) + n
    return Lexicon(counts, max(total, 1))


def _word_single(lx: Lexicon | None, ch: str) -> float:
    """The word model's score (weighted) of ``ch`` read as a one-character token: Han characters by
    jieba's counts, anything else (punctuation, digits) by the character model's unigram."""
    if lx is None:
        return 0.0
    v = _SINGLES.get(ch)
    if v is None:
        fc = ch.translate(_t2s())
        if "\u3400" <= fc <= "\u9fff":
            v = lx.single(fc)
        else:
            v = math.log(lm.unigram_prob(ch)) if lm.unigram_count(ch) else lx.oov
        _SINGLES[ch] = v
    return WORD_WEIGHT * v


_SINGLES: dict[str, float] = {}


@lru_cache(maxsize=1)
def _best_completion() -> dict[str, float]:
    """Folded word prefix -> the best log P of a dictionary word that starts with it.

    >>> _best_completion()["经"] >= lexicon().words["经济"]
    True
    """
    best: dict[str, float] = {}
    for w, lp in lexicon().words.items():
        for i in range(1, len(w)):
            if best.get(w[:i], -math.inf) < lp:
                best[w[:i]] = lp
    return best


@lru_cache(maxsize=4096)
def _word_slot(codec: str, pat: tuple[int, ...]) -> tuple[dict[str, list[tuple[bytes, str]]], frozenset[str], dict[str, int]]:
    """The :data:`WORD_SLOT_K` candidates for ``pat`` grouped by their t2s form (bytes and character,
    most frequent first), the set of those forms and each form's rank."""
    t2s = _t2s()
    by_fold: dict[str, list[tuple[bytes, str]]] = {}
    for _, ch, cb in slot_candidates(codec, pat, WORD_SLOT_K):
        by_fold.setdefault(ch.translate(t2s), []).append((cb, ch))
    return by_fold, frozenset(by_fold), {fc: i for i, fc in enumerate(by_fold)}


@lru_cache(maxsize=20000)
def _words_at(flat: tuple[int, ...], codec: str) -> tuple[tuple[str, int, int, int, float, float], ...]:
    """Dictionary words whose UTF-8 bytes start ``flat`` (bytes and ``HOLE``s) under ``codec``:
    (word, bytes, its first byte, its last byte if that was lost else -1, log P(word), character
    score of its third and later characters), best first, at most :data:`WORD_TOP` of them. A lost
    byte must not pair with the byte after it, inside the word as in :func:`slot_candidates`.

    >>> damaged = "经济发展".encode().decode("big5", "replace")
    >>> "经济" in [w for w, *_ in _words_at(tuple(_tokens(damaged, "big5")), "big5")]
    True
    """
    lx, p = lexicon(), 0
    table = pair_table(codec)
    slots: list[tuple[dict[str, list[tuple[bytes, str]]], frozenset[str], dict[str, int]]] = []
    for k in range(WORD_MAX_LEN):
        pat = tuple(flat[p + 3 * k : p + 3 * k + 3])
        if len(pat) < 3 or any(x == -2 or 0 <= x < 0x80 for x in pat):
            break
        slots.append(_word_slot(codec, pat))
    if len(slots) < 2:
        return []
    out: list[tuple[str, int, int, int, float]] = []
    best = _best_completion()
    floor: list[float] = []  # the WORD_TOP best log P(word) so far (a heap): a prefix none of whose
    # words can beat its smallest cannot change the result (the sort below is stable)
    # frontier: (folded prefix, characters, their bytes)
    frontier = [(fc, ch, cb) for fc in slots[0][0] if fc in lx.kids for cb, ch in slots[0][0][fc]]
    for k in range(1, len(slots)):
        nxt = []
        cand, keys, pos = slots[k]
        hole_before = flat[p + 3 * k - 1] == HOLE
        for pf, chars, cbs in frontier:
            kids = lx.kids.get(pf)
            if not kids or len(floor) == WORD_TOP and best[pf] < floor[0]:
                continue
            # (in the order of the smaller collection, as a scan of it would give)
            common = [fc for fc in kids if fc in cand] if len(kids) < len(cand) else sorted(kids & keys, key=pos.__getitem__)
            for fc in common:
                w = pf + fc
                for cb, ch in cand[fc]:
                    if hole_before and table[cbs[-1] * 256 + cb[0]]:
                        continue
                    word, wb = chars + ch, cbs + cb
                    if w in lx.words:
                        end_hole = wb[-1] if flat[p + len(wb) - 1] == HOLE else -1
                        lp = lx.words[w]
                        out.append((word, len(wb), wb[0], end_hole, lp))
                        if len(floor) < WORD_TOP:
                            heapq.heappush(floor, lp)
                        elif lp > floor[0]:
                            heapq.heapreplace(floor, lp)
                    if w in lx.kids:
                        nxt.append((w, word, wb))
        frontier = nxt
    out.sort(key=lambda t: -t[4])
    return tuple((w, nb, first, end_hole, lp, sum(_step(w[k - 2 : k], w[k]) for k in range(2, len(w))))
                 for w, nb, first, end_hole, lp in out[:WORD_TOP])


#: Words kept per byte position (most frequent first).
WORD_TOP = 64
#: Candidates per character slot that words may use: more than single characters get
#: (:data:`EXACT_TOP_K`), since a word vouches for a rarer character.
WORD_SLOT_K = 800


def exact_hole_repairs(window: str, codec: str, left: str = "", avoid: frozenset[str] = frozenset(),
                       stats: dict | None = None, budget: int | None = None,
                       beat: float = -math.inf, context: str = "", line_end: bool = False) -> list[tuple[int, int, str, int]]:
    """Damaged stretches of ``window`` rebuilt as UTF-8 read as ``codec`` with ``errors="replace"``.

    Every character is either kept (clean text) or, inside a damaged stretch,
    turned back into its ``codec`` bytes, with each U+FFFD an unknown byte; the
    bytes of a stretch are re-read as UTF-8 characters that fit the decoder's
    constraints, and one beam Viterbi pass under :func:`_score` chooses both the
    stretches and the characters; characters in ``avoid`` (the other Chinese
    script) cost :data:`SCRIPT_COST` more; ``stats["score"]`` receives the
    path's log-probability when a dict is given. Returns (start, end, repair, bytes inferred)
    for stretches with at least one lost byte. A paired mark whose last byte was lost takes the
    direction the marks before it call for (:func:`paired_mark`; ``context`` is the text of the
    line before ``window``, read through :func:`read_marks`). With ``line_end`` (``window`` ends its
    line) the path's last character is also scored by :func:`end_logprob`.

    >>> damaged = "經濟發展和社會進步".encode().decode("big5", "replace")
    >>> damaged
    '蝬�瞈���澆�����蝷暹����脫郊'
    >>> exact_hole_repairs(damaged, "big5")  # 和 lost all three bytes (a bigram model alone prefers 的)
    [(0, 20, '經濟發展和社會進步', 13)]
    """
    table = pair_table(codec)
    toks: list[list[int] | None] = []
    for ch in window:
        if ch == "\ufffd":
            toks.append([HOLE])
        else:
            b = encode_char(ch, codec)
            toks.append(list(b) if b is not None and (len(b) == 2 or b[0] < 0x80) else None)
    flat: list[int] = []
    char_at: dict[int, int] = {}  # byte offset -> index of the character starting there
    stop: set[int] = set()  # byte offsets where a damaged stretch must end (an unencodable character)
    for k, t in enumerate(toks):
        char_at[len(flat)] = k
        if t is None:
            stop.add(len(flat))
            flat.append(-2)  # a placeholder no UTF-8 character can use
        else:
            flat.extend(t)
    char_at[len(flat)] = len(window)
    nbytes = len(flat)
    specials, tri_fold = _specials(), _tri_fold()
    lx = lexicon() if WORD_WEIGHT else None
    word_cache: dict[int, list[tuple[str, int, int, int, float]]] = {}
    work = 0  # candidate extensions tried (the search's cost, counted)
    weights = (WORD_WEIGHT, BI_WEIGHT, TRI_WEIGHT, SCRIPT_COST)
    head_max = 2 * _step_max()  # a word's first two characters score at most this
    # a state: (mode, last two characters, last byte if it was a hole else -1)
    # states[p] maps a state to (score, back pointer); back pointer = (p0, state0, emitted text, mode of emission)
    states: list[dict[tuple[int, str, int], tuple[float, tuple | None]]] = [dict() for _ in range(nbytes + 1)]
    states[0][(0, (left or LINE_START)[-2:], -1)] = (0.0, None)
    cap = search_budget(window) if budget is None else budget
    beam = search_beam(window) if cap else EXACT_BEAM
    halt = -1  # the byte offset where the budget ran out
    for p in range(nbytes + 1):
        cur = states[p]
        if not cur:
            continue
        if len(cur) > beam:
            keep = sorted(cur.items(), key=lambda kv: -kv[1][0])[:beam]
            cur = states[p] = dict(keep)
        if cap and work > cap and p < nbytes:
            halt = p
            break
        if beat > -math.inf and p % 8 == 0:
            # scores only fall along a path (every step is a log-probability or a cost, at most
            # _step_max() above 0), and every path to the end passes a state at p .. p + 12:
            # once the best of those is below ``beat`` this search cannot win
            reach = max(v[0] for q in range(p, min(nbytes, p + 3 * WORD_MAX_LEN) + 1) for v in states[q].values())
            if reach + 4 * _step_max() * (nbytes - p + 1) + 1e-6 < beat:
                if stats is not None:
                    stats["work"] = work
                    stats["beaten"] = p
                return []
        k = char_at.get(p)
        if k is not None:
            # switch modes at a character boundary
            for (mode, last, hole), (sc, _) in list(cur.items()):
                other = (1 - mode, last, -1)
                nsc = sc - (ENTER_COST if mode == 0 else 0.0)
                if mode == 0 and p in stop:
                    continue
                if other not in cur or cur[other][0] < nsc:
                    cur[other] = (nsc, (p, (mode, last, hole), "", mode))
        if p == nbytes:
            break
        # clean: keep the character at a boundary
        if k is not None:
            ch = window[k]
            nxt = p + (len(toks[k]) if toks[k] is not None else 1)
            for (mode, last, hole), (sc, _) in cur.items():
                if mode != 0:
                    continue
                cost = -KEEP_HOLE_COST if ch == "\ufffd" else _step(last, ch) + _word_single(lx, ch)
                st = (0, (last + ch)[-2:], -1)
                if st not in states[nxt] or states[nxt][st][0] < sc + cost:
                    states[nxt][st] = (sc + cost, (p, (mode, last, hole), ch, 0))
        # damaged: read a UTF-8 character from the bytes here
        mids = [(st, v) for st, v in cur.items() if st[0] == 1]
        if not mids or flat[p] == -2:
            continue
        b0 = flat[p]
        if 0 <= b0 < 0x80:
            pats = [(b0,)]
        else:
            pats = [tuple(flat[p : p + n]) for n in (3, 2)]
            pats = [pat for n, pat in zip((3, 2), pats)
                    if len(pat) == n and not any(x == -2 or 0 <= x < 0x80 for x in pat)]
        for pat in pats:
            n = len(pat)
            slot = _slot_info(codec, pat, flat[p + n - 1] == HOLE, avoid, weights)
            if not slot.extra:
                continue
            extra = slot.extra
            dest = states[p + n]
            cut = _cut(dest, beam)
            rows: dict[str, tuple[list[float], list[int], list[float]]] = {}  # previous character -> row
            for prev, (sc, _) in mids:
                last, hole = prev[1], prev[2]
                last1 = last[-1:]
                r = rows.get(last1)
                if r is None:
                    r = rows[last1] = slot.row(last1)
                row, order, ranked = r
                special = specials.get(last.translate(tri_fold))
                if cut == -math.inf:
                    idxs: Iterable[int] = range(len(extra))
                else:
                    # only candidates that can reach the beam at p + n (exact: scores there only rise)
                    idxs = order[bisect_left(ranked, cut - sc - 1e-6) :]
                    if special is not None:
                        idxs = sorted(set(idxs).union(*[slot.by_tri[fc] for fc in special & slot.keys_tri]))
                    else:
                        idxs = sorted(idxs)
                work += len(idxs)
                added = False
                for i in idxs:
                    ch, cb, end_hole, cost, fc = extra[i]
                    if hole >= 0 and table[hole * 256 + cb[0]]:
                        continue  # the previous lost byte would have paired with this one
                    bg = row[i]
                    if special is not None and fc in special:
                        bg = _step(last, ch, special, fc) - cost
                    nsc = sc + bg
                    if nsc < cut:
                        continue  # below the beam's last place at p + n already: it would be cut there
                    st = (1, last1 + ch, end_hole)
                    old = dest.get(st)
                    if old is None or old[0] < nsc:
                        dest[st] = (nsc, (p, prev, ch, 1))
                        added = True
                if added:
                    cut = _cut(dest, beam)
        if lx is None:
            continue
        # damaged: read a whole dictionary word from the bytes here
        words = word_cache.get(p)
        if words is None:
            words = word_cache[p] = [
                (w, nb, first, end_hole, inner + WORD_WEIGHT * wscore - sum(SCRIPT_COST for ch in w if ch in avoid))
                for w, nb, first, end_hole, wscore, inner in _words_at(tuple(flat[p : p + 3 * WORD_MAX_LEN]), codec)]
        heads: dict[str, float] = {}  # (previous two characters + word) -> score of the word's first two characters
        cuts: dict[int, float] = {}
        top = max(v[0] for _, v in mids)
        for word, nb, first, end_hole, base in words:
            dest = states[p + nb]
            cut = cuts.get(p + nb)
            if cut is None:
                cut = cuts[p + nb] = _cut(dest, beam)
            if top + base + head_max < cut:
                continue  # no state here can carry this word into the beam at p + nb
            hist = word[-2:]
            w0, w1 = word[0], word[1]
            work += len(mids)
            for prev, (sc, _) in mids:
                last, hole = prev[1], prev[2]
                if hole >= 0 and table[hole * 256 + first]:
                    continue
                if sc + base + head_max < cut:
                    continue
                key = last + word
                head = heads.get(key)
                if head is None:
                    head = heads[key] = _step(last, w0) + _step(last[-1:] + w0, w1)
                nsc = sc + base + head
                if nsc < cut:
                    continue
                st = (1, hist, end_hole)
                old = dest.get(st)
                if old is None or old[0] < nsc:
                    dest[st] = (nsc, (p, prev, word, 1))
    if stats is not None:
        stats["work"] = work
    if halt >= 0:  # out of budget: nothing is repaired (the same text always gets the same answer)
        if stats is not None:
            stats["budget"] = (halt, nbytes)
        return []
    end = [(v[0] + (END_WEIGHT * end_logprob(st[1][-1:]) if line_end else 0.0), st)
           for st, v in states[nbytes].items() if st[0] == 0]
    if not end:
        return []
    score, st = max(end)
    if stats is not None:
        stats["score"] = score
    p = nbytes
    # walk back, collecting the damaged stretches
    pieces: list[tuple[int, str, int]] = []  # (byte offset, emitted text, mode)
    while True:
        back = states[p][st][1]
        if back is None:
            break
        p0, st0, text, mode = back
        pieces.append((p0, text, mode))
        p, st = p0, st0
    pieces.reverse()
    _direct_marks(pieces, flat, codec, window, char_at, context)
    out: list[tuple[int, int, str, int]] = []
    run: list[str] = []
    run_start = 0
    for p0, text, mode in pieces:
        if text and mode == 1:
            run.append(text)
        elif not text and mode == 0:  # entering a damaged stretch
            run, run_start = [], p0
        elif not text and mode == 1:  # leaving it (at a character boundary)
            a, b = char_at[run_start], char_at[p0]
            holes = sum(1 for t in toks[a:b] if t == [HOLE])
            if holes and run:
                out.append((a, b, "".join(run), holes))
            run = []
    return out


def _direct_marks(pieces: list[tuple[int, str, int]], flat: list[int], codec: str, window: str,
                  char_at: dict[int, int], context: str) -> None:
    """Give each paired mark the search inferred from a lost last byte the direction the text before
    it calls for (:func:`paired_mark`), in place, when the other form fits the bytes as well: its
    last byte must not pair with the byte after it, or the decoder would have read the two together.
    (The character models score “ and ” alike after most characters; 。” and ，“ are both common.)
    The text before is read as found (the line before the window and the window up to the mark,
    through :func:`read_marks`): only marks whose bytes say which they are count as evidence, and
    lost bytes that may hide one make the evidence unsure; a mark inferred before adds itself when
    it closes a pair that evidence left open (:func:`_after_inferred`)."""
    if not any(mode == 1 and text in _MARK_PARTNER for _, text, mode in pieces):
        return
    table = pair_table(codec)
    bounds = sorted(char_at)
    extra: list[str] = []  # inferred marks that count as evidence
    unsure = False
    for k, (p0, text, mode) in enumerate(pieces):
        n = len(text.encode())
        if mode != 1 or text not in _MARK_PARTNER or flat[p0 + n - 1] != HOLE:
            continue
        nxt = next(((q, t, m) for q, t, m in pieces[k + 1 :] if t), None)
        upto = char_at[bounds[bisect_left(bounds, p0 + 1) - 1]]  # the characters wholly before the mark
        before, sure = read_marks(context + window[:upto], codec)
        before += "".join(extra)
        sure = sure and not unsure
        want = paired_mark(text, before, nxt[1] if nxt else "", sure)
        if want != text:
            q = p0 + n
            nb = flat[q] if q < len(flat) else -2
            if nb == HOLE:  # the next byte was lost too: the next character read there says what it was
                nb = nxt[1].encode()[0] if nxt and nxt[0] == q and nxt[2] == 1 else -2
            if nb < 0 or not table[want.encode()[-1] * 256 + nb]:
                pieces[k] = (p0, want, mode)
                text = want
        shown, still = _after_inferred(text, before, sure)
        if still:
            extra.append(shown)
        unsure = unsure or not still


def _after_inferred(mark: str, before: str, sure: bool) -> tuple[str, bool]:
    """What an inferred ``mark`` adds to the evidence for the marks after it: itself when it closes a
    pair the text before left open (as sure as that evidence), else nothing, and the marks after it
    are no longer sure (an inferred mark may not even be a mark: —— can read as “)."""
    opening = mark if mark in MARK_PAIRS else _MARK_PARTNER[mark]
    if mark != opening and _open_marks(before, opening):
        return mark, sure
    return "\ufffd", False


_MARK_BYTES = {m: m.encode() for m in _MARK_PARTNER}


def read_marks(context: str, codec: str) -> tuple[str, bool]:
    """``context`` with the paired marks that are still damaged in it (UTF-8 read as ``codec``) put
    back, and whether every spot that may hide one was read: the window searched for a lost mark
    may start after another damaged window, so its marks are read back from the bytes here (a mark
    whose one lost byte is not its last, 傗�淲 for “W, still says which it is).

    >>> read_marks("。“We".encode().decode("gbk", "replace"), "gbk")
    ('銆“e', True)
    >>> read_marks("it,”".encode().decode("gbk", "replace"), "gbk")[1]
    False
    """
    toks: list[int] = []
    owner: list[int] = []  # the character each byte came from
    for k, c in enumerate(context):
        if c == "\ufffd":
            b: list[int] = [HOLE]
        elif c in _MARK_PARTNER or c.isascii():
            b = [-2]  # (a mark as it stands is read from the text)
        else:
            e = encode_char(c, codec)
            b = list(e) if e is not None else [-2]
        toks += b
        owner += [k] * len(b)
    found: list[tuple[int, int, str]] = []
    whole = True
    i = 0
    while i + 2 < len(toks):
        if toks[i] not in (HOLE, 0xE2, 0xE3, 0xEF):
            i += 1
            continue
        hit = None
        for m, mb in _MARK_BYTES.items():
            fits = [t == x for t, x in zip(toks[i : i + 3], mb)]
            if not all(f or t == HOLE for f, t in zip(fits, toks[i : i + 3])):
                continue
            if fits[2] and sum(fits) >= 2:
                hit = m
                break
            whole = False  # its last byte (the direction) or two of its bytes are lost: it may be a mark
        if hit is None:
            i += 1
            continue
        found.append((owner[i], owner[i + 2], hit))
        i += 3
    out, k = [], 0
    for a, b, m in found:
        out.append(context[k:a] + m)
        k = b + 1
    return "".join(out) + context[k:], whole


# ---------------------------------------------------------------- line ends
#
# The character models score a character by what precedes it, never by what
# follows, so a line's last character is chosen as if more text came after it:
# a damaged line whose final 。 lost all its bytes (Big5, EUC-KR) ends in 的,
# 了 or 里. But lines of running text end in 。！？”) far more often: the exact
# search scores the last character of a window that ends its line with
# log P(a line ends | character), counted from paragraph ends
# (``lossy_line_end.tsv``, see bench/build_lossy_ends.py).

#: Weight of the line-end model (log-linear, beside the character and word models).
END_WEIGHT = 0.5
#: Strength (in characters) of the prior that pulls a character's line-end rate towards the overall rate.
END_PRIOR = 100.0


def read_line_ends(lines: Iterable[str]) -> tuple[dict[str, tuple[int, int]], float]:
    """Parse a line-end table (the format of ``lossy_line_end.tsv``): (character -> (lines it ends,
    its count), overall share of characters that end a line).

    >>> read_line_ends(["# comment", "#total\\t2\\t10", "。\\t2\\t3"])
    ({'。': (2, 3)}, 0.2)
    """
    rows: dict[str, tuple[int, int]] = {}
    ends, total = 0, 1
    for line in lines:
        parts = line.rstrip("\n").split("\t")
        if parts[0] == "#total":
            ends, total = int(parts[1]), max(1, int(parts[2]))
        elif len(parts) == 3 and not line.startswith("#"):
            rows[parts[0]] = (int(parts[1]), int(parts[2]))
    return rows, ends / total


@lru_cache(maxsize=1)
def _line_ends() -> tuple[dict[str, tuple[int, int]], float]:
    """The shipped line-end table (``lossy_line_end.tsv``). Like the other packaged data it must be
    there: a missing file raises rather than silently switching the line-end model off."""
    return read_line_ends(datafiles.read_text("lossy_line_end.tsv").split("\n"))


@lru_cache(maxsize=4096)
def end_logprob(ch: str) -> float:
    """log P(a line ends | its last character is ``ch``) (Traditional looked up in Simplified), with a
    prior towards the overall rate: every character can end a line (titles end in nouns).

    >>> end_logprob("。") > end_logprob("國") > end_logprob("的")
    True
    """
    rows, rate = _line_ends()
    e, n = rows.get(lm.fold(ch).translate(_t2s()), (0, 0))
    return math.log((e + END_PRIOR * rate + 1e-9) / (n + END_PRIOR))


#: Search steps (candidate extensions tried) allowed per exact search: a base, more per lost byte
#: (U+FFFD) in the window, and a ceiling, so a long, heavily damaged record costs a bounded time.
#: A search that runs out repairs nothing: its window is left as found and its lost bytes are
#: reported as unrecoverable. (Keeping the part every surviving hypothesis agrees on would let the
#: pipeline's next round search the rest with a fresh budget: the cost would not be bounded and
#: fix(fix(x)) could differ from fix(x).) Counted in steps, not seconds, so that results do not
#: depend on the machine or its load.
BUDGET_BASE = 30_000
BUDGET_PER_HOLE = 2_000
BUDGET_MAX = 120_000


#: The beam narrows on long damaged windows, so that the steps grow with the damage at a lower
#: rate: :data:`EXACT_BEAM` states up to ``BEAM_HOLES // EXACT_BEAM`` lost bytes (60), fewer
#: beyond, never below :data:`BEAM_MIN`. (Measured with bench/mojibake_lossy.py: a beam of 12 on
#: every case costs at most 0.4 points of accuracy on any row, dev or held out; the errors left
#: are the model's, not the search's.)
BEAM_HOLES = 2880
BEAM_MIN = 12


def search_beam(window: str) -> int:
    """The beam width of the exact search over ``window``.

    >>> search_beam("\ufffd" * 10), search_beam("\ufffd" * 120), search_beam("\ufffd" * 1000)
    (48, 24, 12)
    """
    return max(BEAM_MIN, min(EXACT_BEAM, BEAM_HOLES // max(1, window.count("\ufffd"))))


def search_budget(window: str) -> int:
    """The step budget of the exact search over ``window`` (0: unlimited, when :data:`BUDGET_MAX` is 0).

    >>> search_budget("abc"), search_budget("\ufffd" * 10), search_budget("\ufffd" * 10_000) == BUDGET_MAX
    (30000, 50000, True)
    """
    if not BUDGET_MAX:
        return 0
    return min(BUDGET_MAX, BUDGET_BASE + BUDGET_PER_HOLE * window.count("\ufffd"))


def _exact_candidates(text: str, ws: int, we: int, lo: int, hi: int) -> list:
    """Candidates from :func:`exact_hole_repairs` for each codec that can have produced ``text[lo:hi]``."""
    from .mojibake import Candidate, _looks_like_text, _suspect_rx, judge  # circular at import time

    one = _suspect_rx()[1]
    out = []
    core = text[lo:hi]
    left = text[max(0, ws - 2) : ws].rpartition("\n")[2]
    context = text[text.rfind("\n", 0, ws) + 1 : ws]  # the line before the window (paired marks)
    while we > hi and text[we - 1] == "\r":
        we -= 1  # a CRLF line's "\r" is its end, not text: the search sees the line as with LF
    line_end = we >= len(text) or text[we] in "\r\n"
    for codec in EXACT_CODECS:
        toks = _tokens(core, codec)
        if toks is None:
            continue  # a character of the damaged core does not exist in this codec
        if codec == "cp950" and _tokens(text[ws:we], "big5") is not None:
            continue  # Big5 already read the window the same way
        if not _utf8_like(toks):
            continue
        # one text, one script: search once per Chinese script and keep the likelier reading
        # the likelier script first (Big5 text is Traditional): the other search then stops as soon
        # as it cannot beat it; the choice is the one of searching both in full (Simplified first on a tie)
        sets = _script_sets()
        order = (1, 0) if codec in ("gbk", "euc_kr") else (0, 1)
        results: dict[int, tuple[float, list]] = {}
        hit = None
        beat = -math.inf
        for i in order:
            stats: dict = {}
            found = exact_hole_repairs(text[ws:we], codec, left, sets[i], stats, beat=beat, context=context,
                                       line_end=line_end)
            hit = hit or stats.get("budget")
            if hit:
                break  # (the other script's search would cost as much)
            if found:
                results[i] = (stats["score"], found)
                beat = max(beat, stats["score"])
        if hit:
            continue  # out of budget: this codec's reading is not repaired
        best: tuple[float, list] | None = None
        for i in (0, 1):
            if i in results and (best is None or results[i][0] > best[0]):
                best = results[i]
        for a, b, rep, holes in best[1] if best else []:
            s, e = ws + a, ws + b
            if not any(c != "\ufffd" and one.match(c) for c in text[s:e]):
                continue  # only lost bytes and common characters: nothing says a codec was involved
            before = text[s:e]
            p, q = common_affix(before, rep)
            s, e, rep = s + p, e - q, rep[p : len(rep) - q]
            if e - s < 2 or not _looks_like_text(rep):
                continue
            gain, ma, mb = judge(text, s, e, rep)
            nbytes = len(_tokens(text[s:e], codec) or ())
            how = (f"UTF-8 bytes decoded as {_LABEL[codec]} with errors='replace': "
                   f"{holes} of {nbytes} bytes lost (one per U+FFFD) and inferred")
            out.append(Candidate(s, e, text[s:e], rep, "mojibake-lossy", how, gain, ma, mb, lossy=True,
                                 lost=holes / max(1, nbytes)))
    return out


def path_score(text: str, avoid: frozenset[str] = frozenset(), left: str = "", line_end: bool = False) -> float:
    """The exact search's score of ``text`` read as one damaged stretch (after ``left``): the character
    models plus the word model over the best segmentation into dictionary words and single characters
    (plus the line-end model when ``text`` ends its line).
    (For diagnostics: the bench compares the original text with the repair under this objective.)

    >>> path_score("經濟發展", frozenset(_script_sets()[0])) > path_score("經濟發屢", frozenset(_script_sets()[0]))
    True
    """
    lx = lexicon() if WORD_WEIGHT else None
    total, hist = 0.0, (left or LINE_START)[-2:]
    for ch in text:
        if ch == "\ufffd":
            total -= KEEP_HOLE_COST
        else:
            total += _step(hist, ch) - (SCRIPT_COST if ch in avoid else 0.0)
        hist = (hist + ch)[-2:]
    if line_end and text:
        total += END_WEIGHT * end_logprob(text[-1])
    if lx is None:
        return total
    folded = text.translate(_t2s())
    best = [0.0] + [-math.inf] * len(text)
    for i in range(len(text)):
        best[i + 1] = max(best[i + 1], best[i] + _word_single(lx, text[i]))
        for j in range(i + 2, min(len(text), i + WORD_MAX_LEN) + 1):
            w = lx.words.get(folded[i:j])
            if w is not None:
                best[j] = max(best[j], best[i] + WORD_WEIGHT * w)
    return total + best[-1]
