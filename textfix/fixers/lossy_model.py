"""Kneser-Ney character trigram model for the exact lossy mojibake search.

The search (:mod:`textfix.fixers.mojibake_lossy`) scores each candidate character with two
characters of history. This model gives that score from interpolated Kneser-Ney counts
(``lossy_trigram.tsv.gz``, see bench/build_lossy_trigram.py), which rank the true character of a
damaged slot first more often than fixed-weight interpolation of pruned counts: measured as the
model's ceiling (true neighbours given, bench/mojibake_lossy.py ``--ceiling``), held out.

Two departures from textbook interpolated Kneser-Ney keep the search's shortcuts exact:

* a trigram never counted backs off to the bigram estimate *without* its back-off weight, so the
  score of such a step depends on the last character only (the search memoises it by that);
* an unseen pair scores ``log gamma(previous) + log P(character)``: a per-history constant plus a
  per-character one (:meth:`TrigramModel.unseen_pair_shift`), which the search adds per row.

Every probability is at most 1, so a step scores at most 0 (the search's bound relies on it).

>>> m = model()
>>> m.logprob("中", "国") > m.logprob("中", "果")
True
"""

from __future__ import annotations

import math
from functools import lru_cache

from .. import datafiles

#: Absolute discount of Kneser-Ney smoothing.
DISCOUNT = 0.75


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Full-width ASCII and U+3000 to ASCII (like :func:`textfix.lm.fold`), Traditional to Simplified
    per character (OpenCC ``t2s``, when installed)."""
    from .. import lm
    from .mojibake_lossy import _t2s

    table: dict[int, str] = {k: chr(v) for k, v in lm._FOLD.items()}
    table.update(_t2s())
    return table


def fold(text: str) -> str:
    """The form the model counts and looks text up in.

    >>> fold("這是１２，")
    '这是12,'
    """
    return text.translate(_fold_table())


class TrigramModel:
    """Counts: continuation counts of characters (``cont1``) and pairs (``cont2``), trigram counts
    (``tri``), with the per-history totals and distinct followers Kneser-Ney needs."""

    __slots__ = ("cont1", "cont2", "tri", "uni_total", "uni_types", "hist2", "hist3")

    def __init__(self, cont1: dict[str, int], cont2: dict[str, int], tri: dict[str, int]) -> None:
        self.cont1, self.cont2, self.tri = cont1, cont2, tri
        self.uni_total = sum(cont1.values())
        self.uni_types = len(cont1) + 1
        self.hist2 = self._histories(cont2)
        self.hist3 = self._histories(tri)

    @staticmethod
    def _histories(table: dict[str, int]) -> dict[str, tuple[int, int]]:
        """History -> (total count after it, distinct characters after it)."""
        out: dict[str, list[int]] = {}
        for g, n in table.items():
            v = out.setdefault(g[:-1], [0, 0])
            v[0] += n
            v[1] += 1
        return {h: (t, d) for h, (t, d) in out.items()}

    def unigram(self, ch: str) -> float:
        """P(ch): continuation count, add-half smoothed (an unseen character still gets a little)."""
        return (self.cont1.get(ch, 0) + 0.5) / (self.uni_total + 0.5 * self.uni_types)

    def bigram(self, h1: str, ch: str) -> float:
        """P(ch | h1), interpolated Kneser-Ney (the unigram alone after an unseen ``h1``)."""
        st = self.hist2.get(h1)
        if st is None:
            return self.unigram(ch)
        total, kinds = st
        return (max(self.cont2.get(h1 + ch, 0) - DISCOUNT, 0.0) + DISCOUNT * kinds * self.unigram(ch)) / total

    def logprob(self, hist: str, ch: str) -> float:
        """log P(ch | the last two characters of ``hist``) (all folded); see the module doc for the
        back-off of a trigram never counted."""
        if len(hist) >= 2:
            h2 = hist[-2:]
            n = self.tri.get(h2 + ch, 0)
            if n:
                total, kinds = self.hist3[h2]
                return math.log((n - DISCOUNT + DISCOUNT * kinds * self.bigram(h2[1], ch)) / total)
        h1 = hist[-1:]
        if h1 + ch not in self.cont2:  # (the same sum the search forms from its per-row shift)
            return self.unseen_pair_shift(h1) + math.log(self.unigram(ch))
        return math.log(self.bigram(h1, ch))

    def unseen_pair_shift(self, h1: str) -> float:
        """log of the back-off weight of ``h1``: an unseen pair ``h1 ch`` scores this plus
        ``log unigram(ch)`` (0 when ``h1`` was never seen before anything).

        >>> m = model()
        >>> abs(m.logprob("中", "\\U00020000") - m.unseen_pair_shift("中") - math.log(m.unigram("\\U00020000"))) < 1e-9
        True
        """
        st = self.hist2.get(h1)
        if st is None:
            return 0.0
        total, kinds = st
        return math.log(DISCOUNT * kinds / total)


@lru_cache(maxsize=1)
def model() -> TrigramModel:
    """The shipped model (``lossy_trigram.tsv.gz``), loaded the first time a damaged stretch is searched.
    Packaged data: a missing file raises."""
    tables: dict[int, dict[str, int]] = {1: {}, 2: {}, 3: {}}
    for line in datafiles.data_lines("lossy_trigram.tsv.gz"):
        gram, _, n = line.rpartition("\t")
        if 1 <= len(gram) <= 3:
            tables[len(gram)][gram] = int(n)
    return TrigramModel(tables[1], tables[2], tables[3])
