"""A small character language model: unigram and bigram counts with back-off.

The counts come from clean Chinese text (PFR People's Daily 1998 and the
SIGHAN 2005 gold sets, Simplified and Traditional; see
``dictionaries/README.md`` and ``bench/build_charfreq.py``). The model is
meant for *relative* plausibility: "is this candidate repair more like real
text than what is there now?", not for generation.

Public API (stable; other fixers may import it read-only):

* :func:`char_logprob` – natural-log probability of a string, optionally after a left context;
* :func:`mean_logprob_per_char` – the same, divided by the length;
* :func:`next_logprob` – one character after one character (for inner loops);
* :func:`best_paths` – the most probable strings through per-position candidate characters (Viterbi);
* :func:`unigram_count` – raw corpus count of one character (0 if unseen);
* :func:`bigram_count` – raw corpus count of a character pair (0 if unseen);
* :func:`fold` – the normalisation applied before lookup.

>>> mean_logprob_per_char("中文") > mean_logprob_per_char("涓枃")
True
>>> unigram_count("的") > 10000
True
"""

from __future__ import annotations

import math
from functools import lru_cache

from . import datafiles

# Interpolation weight of the bigram estimate when the left character is known.
_LAMBDA = 0.75

# Full-width ASCII (the PFR corpus writes digits and letters full-width) and the
# ideographic space fold to their ASCII forms, so both spellings score alike.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20


def fold(text: str) -> str:
    """Fold full-width ASCII and U+3000 to ASCII.

    >>> fold("ＡＢＣ　１２")
    'ABC 12'
    """
    return text.translate(_FOLD)


class _Model:
    def __init__(self) -> None:
        self.uni: dict[str, int] = datafiles.counts("charfreq_unigram.tsv")
        self.bi: dict[str, int] = {k: n for k, n in datafiles.counts("charfreq_bigram.tsv.gz").items() if len(k) == 2}
        self.total = sum(self.uni.values())


@lru_cache(maxsize=1)
def _model() -> _Model:
    return _Model()


def unigram_count(ch: str) -> int:
    """Corpus count of the character ``ch`` (after :func:`fold`); 0 if unseen.

    >>> unigram_count("中") > unigram_count("涓")
    True
    """
    return _model().uni.get(fold(ch), 0)


def bigram_count(pair: str) -> int:
    """Corpus count of the two-character string ``pair`` (after :func:`fold`); 0 if unseen.

    >>> bigram_count("中国") > bigram_count("国中")
    True
    """
    return _model().bi.get(fold(pair), 0)


def _unseen_prob(ch: str) -> float:
    """Probability of a character the corpus never saw, by script class.

    Chinese news text has no kana, Hangul or accented Latin, but those are real
    text elsewhere; they get a modest floor so that genuine Japanese, Korean or
    European words are not judged as noise. Symbols, PUA and U+FFFD get very
    little.
    """
    o = ord(ch)
    if 0x3040 <= o <= 0x30FF:  # kana
        return 2e-4
    if 0xAC00 <= o <= 0xD7A3:  # Hangul syllables
        return 1e-4
    if o < 0x80:
        return 2e-5 if ch.isalnum() else 1e-6
    if 0x3400 <= o <= 0x9FFF or 0x20000 <= o <= 0x3FFFF:  # Han, unseen here: rare
        return 1e-7
    if 0xC0 <= o <= 0x24F and ch.isalpha():  # accented Latin letters
        return 2e-6
    if 0xE000 <= o <= 0xF8FF or o == 0xFFFD or o < 0xA0:  # PUA, replacement char, C1
        return 1e-10
    return 3e-8


def unigram_prob(ch: str) -> float:
    """P(ch) with a class-based floor for unseen characters."""
    m = _model()
    n = m.uni.get(ch, 0)
    if n:
        return max(n / m.total, _unseen_prob(ch) if ch.isascii() else 0.0)
    return _unseen_prob(ch)


def char_logprob(text: str, context: str = "") -> float:
    """Natural-log probability of ``text`` given the last character of ``context``.

    ``P(y|x) = λ·c(xy)/c(x) + (1-λ)·P(y)``, with the unigram floor above for
    characters the corpus never saw.

    >>> char_logprob("中国") > char_logprob("国中")
    True
    """
    text = fold(text)
    prev = fold(context[-1]) if context else ""
    step = _step_logprob
    total = 0.0
    for ch in text:
        total += step(prev, ch)
        prev = ch
    return total


# char_logprob's inner loop asks the same few thousand pairs again and again; the
# value of each is fixed once the model is loaded
@lru_cache(maxsize=65536)
def _step_logprob(prev: str, ch: str) -> float:
    """Log-probability of the (folded) character ``ch`` after the (folded) character ``prev``
    (or none): one step of :func:`char_logprob`."""
    m = _model()
    p = unigram_prob(ch)
    if prev:
        cx = m.uni.get(prev, 0)
        if cx:
            p = _LAMBDA * m.bi.get(prev + ch, 0) / cx + (1 - _LAMBDA) * p
    return math.log(p)


def next_logprob(ch: str, prev: str = "") -> float:
    """:func:`char_logprob` of one character ``ch`` after the character ``prev`` (or none),
    without the per-string work; for inner loops.

    >>> next_logprob("国", "中") == char_logprob("国", "中")
    True
    """
    if not ch:
        return 0.0
    if "\uff01" <= ch <= "\uff5e" or ch == "\u3000":
        ch = fold(ch)
    if "\uff01" <= prev <= "\uff5e" or prev == "\u3000":
        prev = fold(prev)
    return _step_logprob(prev, ch)


def best_paths(slots: list[list[str]], prev: str = "") -> dict[str, tuple[float, str]]:
    """Viterbi over ``slots`` (the possible characters at each position) after ``prev``: for each
    possible last character, the most probable string ending in it and its log-probability.

    >>> best_paths([["中", "巾"], ["国", "囯"]], "在")["国"][1]
    '中国'
    """
    paths: dict[str, tuple[float, str]] = {prev: (0.0, "")}
    for options in slots:
        nxt: dict[str, tuple[float, str]] = {}
        for last, (score, text) in paths.items():
            for ch in options:
                s = score + next_logprob(ch, last)
                if ch not in nxt or s > nxt[ch][0]:
                    nxt[ch] = (s, text + ch)
        paths = nxt
    return paths


def mean_logprob_per_char(text: str, context: str = "") -> float:
    """:func:`char_logprob` divided by ``len(text)`` (0.0 for empty text).

    >>> mean_logprob_per_char("今天天气很好") > -8
    True
    """
    return char_logprob(text, context) / len(text) if text else 0.0
