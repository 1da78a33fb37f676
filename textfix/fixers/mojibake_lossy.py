"""Lossy mojibake: UTF-8 decoded as a CJK codec with ``errors="replace"`` or ``"ignore"``.

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

import math
from functools import lru_cache
from itertools import combinations, product

from .. import lm
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


def decode_with_holes(tokens: list[int], max_lost: float = 1.0) -> tuple[str, int, int] | None:
    """Decode UTF-8 ``tokens`` (byte values or ``HOLE``) where some bytes may be missing.

    Returns (text, bytes assumed dropped, bytes skipped as unusable); the text
    is empty (the costly Viterbi pass skipped) when a byte had to be skipped or
    more than ``max_lost`` of the bytes are missing.

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
    return _viterbi(slots), drops, skips


def _viterbi(slots: list[list[str]]) -> str:
    """Pick one character per slot maximising the bigram log-probability."""
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
    return max(prev.values())[1]


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
    if real < 3 or hi - lo < 4 or len(hits) < 0.5 * (hi - lo):
        return []  # real lossy mojibake is dense with such characters; a rare name is not
    out = []
    span_s, span_e = max(ws, lo - 2), min(we, hi + 2)
    for codec in LOSSY_CODECS:
        if codec != "shift_jis" and not _utf8_like(_tokens(text[span_s:span_e], codec)):
            continue  # (Shift-JIS single-byte kana make the test unreliable)
        best = None
        for dl in (2, 1, 0):
            for dr in (2, 1, 0):
                s, e = max(ws, lo - dl), min(we, hi + dr)
                toks = _tokens(text[s:e], codec)
                if toks is None or all(0 <= t < 0x80 for t in toks):
                    continue
                res = decode_with_holes(toks, 0.34)
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
                    best = (total, s, e, dec)
        if best is None:
            continue
        _, s, e, dec = best
        if not _looks_like_text(dec):
            continue
        gain, ma, mb = judge(text, s, e, dec)
        out.append(Candidate(s, e, text[s:e], dec, "mojibake-lossy",
                             f"UTF-8 bytes decoded as {_LABEL[codec]} with lost bytes", gain, ma, mb, lossy=True))
    return out
