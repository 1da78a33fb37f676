"""A tiny character bigram table for the layout fixer (keyword stuffing, broken lines).

Counts come from ``dictionaries/layout_bigrams.tsv.gz`` (derived from PFR 1998 by
``bench/build_layout_bigrams.py``). Text is *folded* before lookup, one code point to
one code point so offsets stay valid: Traditional → Simplified (OpenCC ``t2s``, per
character), full-width ASCII → ASCII, digits → ``0``, Latin letters → ``a``, line
breaks → ``¶``.

>>> fold("黨建１２")
'党建00'

Why a table of its own: textfix ships three character tables, one per kind of question,
and this module, :mod:`textfix.lm` and :mod:`textfix.fixers.spin_model` share only their
file format and loader (:mod:`textfix.datafiles`).

* here (layout): bigrams with ``¶`` counted as a character, since the questions are about
  line ends and paragraph edges, and Traditional, digits and letters folded so one count
  serves every spelling; every tenth PFR paragraph is held out so ``bench/layout.py``
  measures false edits on text the counts have not seen;
* :mod:`textfix.lm` (mojibake): unfolded Simplified *and* Traditional bigrams down to
  rare pairs, since a Big5 repair is judged on rare Traditional characters;
* :mod:`textfix.fixers.spin_model` (spin): pruned trigrams of Simplified news, since a spin
  decision is between two common words and needs the longer context.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from .. import datafiles

try:  # optional: folding long texts as one array lookup
    import numpy as _np
except ImportError:  # pragma: no cover - str.translate gives the same result
    _np = None

#: Stands for a paragraph/line boundary in the tables.
BOUNDARY = "\u00b6"


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    try:  # per-character t2s, so the mapping is 1:1 and offsets survive
        import opencc

        chars = [chr(c) for c in range(0x3400, 0xA000)]
        out = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
        if len(out) == len(chars):
            table.update({ord(c): o for c, o in zip(chars, out) if o != c and len(o) == 1})
    except Exception:  # OpenCC missing or broken: Simplified text still works
        pass
    for o in range(0xFF01, 0xFF5F):
        table[o] = chr(o - 0xFEE0)
    for o in list(range(0x30, 0x3A)) + list(range(0xFF10, 0xFF1A)):
        table[o] = "0"
    for o in list(range(0x41, 0x5B)) + list(range(0x61, 0x7B)) + list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):
        table[o] = "a"
    table[ord("\n")] = BOUNDARY
    table[ord("\r")] = BOUNDARY
    return table


def fold(text: str) -> str:
    """Fold ``text`` for table lookups; the result has the same length.

    >>> fold("Ａ1\\n")
    'a0¶'
    """
    if len(text) < 64 or _np is None:
        return text.translate(_fold_table())
    # one array lookup per character instead of str.translate's per-character dict lookups
    cps = _np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=_np.uint32)
    out = _np.where(cps < 0x10000, _fold_array()[_np.minimum(cps, 0xFFFF)], cps)
    return out.tobytes().decode("utf-32-le", "surrogatepass")


@lru_cache(maxsize=1)
def _fold_array() -> "Any":
    """:func:`_fold_table` as a code point array over the BMP (every key is in the BMP)."""
    arr = _np.arange(0x10000, dtype=_np.uint32)
    for k, v in _fold_table().items():
        arr[k] = ord(v)
    return arr


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, int], int]:
    counts = datafiles.counts("layout_bigrams.tsv.gz")
    return counts, max(sum(n for key, n in counts.items() if len(key) == 1), 1)


def count(key: str) -> int:
    """Corpus count of a folded character or bigram (0 if unseen / seen once)."""
    return _table()[0].get(key, 0)


def pmi(a: str, b: str) -> float:
    """Pointwise mutual information of the folded bigram ``ab`` (natural log, lightly smoothed)."""
    counts, total = _table()
    return math.log(
        (counts.get(a + b, 0) + 0.1) * total / ((counts.get(a, 0) + 1) * (counts.get(b, 0) + 1))
    )


def strong(a: str, b: str, min_count: int = 3, min_pmi: float = 1.5) -> bool:
    """A bigram the corpus clearly knows: seen at least ``min_count`` times, PMI ≥ ``min_pmi``."""
    return count(a + b) >= min_count and pmi(a, b) >= min_pmi


def _is_han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


@lru_cache(maxsize=1)
def bigram_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """``(words, strong, frequent)``: precomputed bigram sets for fast membership tests.

    * ``words`` – Han bigrams the corpus treats as words (count ≥ 10, PMI ≥ 1);
    * ``strong`` – bigrams passing :func:`strong`;
    * ``frequent`` – bigrams seen at least 30 times, whatever their PMI.
    """
    counts, _total = _table()
    words, strong_, frequent = set(), set(), set()
    for key, n in counts.items():
        if len(key) != 2 or n < 3:
            continue
        p = pmi(key[0], key[1])
        if p >= 1.5:
            strong_.add(key)
        if n >= 30:
            frequent.add(key)
        if n >= 10 and p >= 1.0 and _is_han(key[0]) and _is_han(key[1]):
            words.add(key)
    return frozenset(words), frozenset(strong_), frozenset(frequent)
