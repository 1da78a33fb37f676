"""The spin fixer's context model: an interpolated character trigram model.

Counts come from ``dictionaries/spin_lm.tsv.gz`` (built by
``bench/build_spin_lm.py`` from PFR 1998 and SIGHAN 2005 clean news text;
derived, pruned counts only). The model is loaded lazily, the first time a
document is judged spun, so clean text never pays for it.

To decide whether ``举行`` stands for ``进行`` the fixer compares the
probability of the sentence with each candidate: only the candidate word
and the two characters after it differ in a trigram model, so
:meth:`CharModel.score` sums log-probabilities over exactly that window.

A word-bigram model (:class:`WordModel`, ``dictionaries/spin_wordbigrams.tsv.gz``,
built by ``bench/build_spin_wordlm.py`` from the PFR 1998 segmentation) adds the
evidence of the whole neighbouring words where a decision is close.

>>> m = model()
>>> m.score("召开", "会议", "。") > m.score("召开", "会义", "。")
True
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any, Iterator

from .. import datafiles

_L3, _L2, _L1 = 0.6, 0.3, 0.1


class CharModel:
    """Character n-gram counts (orders 1–3) with interpolated probabilities."""

    def __init__(self, counts: dict[str, int], total: int) -> None:
        self.counts = counts
        self.total = max(total, 1)
        self.vocab = sum(1 for g in counts if len(g) == 1) + 1
        self._denominator = self.total + 0.5 * self.vocab  # of the add-0.5 unigram probability
        self._cache: dict[str, float] = {}
        self._scores: dict[tuple[str, str, str], float] = {}

    def count(self, gram: str) -> int:
        """Clean-text count of ``gram``; longer strings are bounded by their rarest trigram.

        >>> model().count("进行") > model().count("举行") > 0
        True
        """
        if len(gram) <= 3:
            return self.counts.get(gram, 0)
        return min(self.counts.get(gram[i : i + 3], 0) for i in range(len(gram) - 2))

    #: The memos are cleared when they reach this many entries (a memo, not a leak: a
    #: long-running process judging many documents must not grow without bound).
    CACHE_MAX = 500_000

    def logprob(self, history: str, char: str) -> float:
        """log P(char | last two characters of history); ``char`` is one character.

        >>> m = model()
        >>> m.logprob("召开", "会") > m.logprob("召开", "义")
        True
        """
        gram = history[-2:] + char
        lp = self._cache.get(gram)
        return self._remember(gram) if lp is None else lp

    def _remember(self, gram: str) -> float:
        """Compute and memoise :meth:`_gram_logprob` (the memo is keyed by the n-gram itself:
        its last character is the one predicted, the others its history)."""
        if len(self._cache) >= self.CACHE_MAX:
            self._cache.clear()
        lp = self._cache[gram] = self._gram_logprob(gram)
        return lp

    def _gram_logprob(self, gram: str) -> float:
        """log P(gram[-1] | gram[:-1]) for a gram of 1 to 3 characters (interpolated)."""
        get = self.counts.get
        p = _L1 * (get(gram[-1], 0) + 0.5) / self._denominator
        n = len(gram)
        if n >= 2:
            n1 = get(gram[-2], 0)
            if n1:
                p += _L2 * get(gram[-2:], 0) / n1
            if n >= 3:
                n2 = get(gram[:2], 0)
                if n2:
                    p += _L3 * get(gram, 0) / n2
        return math.log(p)

    def score(self, left: str, word: str, right: str) -> float:
        """log P(word + right[:2] | left[-2:]): what differs between two candidate words.

        The sum of :meth:`logprob` over the characters of ``word + right[:2]``, in order,
        looked up without a method call per character (a spun document has thousands of
        these windows, most of them new).
        """
        key = (left[-2:], word, right[:2])
        total = self._scores.get(key)
        if total is not None:
            return total
        hist = key[0]
        s = hist + word + key[2]
        cache = self._cache
        total = 0.0
        for i in range(len(hist), len(s)):
            gram = s[i - 2 : i + 1] if i >= 2 else s[: i + 1]
            lp = cache.get(gram)
            total += self._remember(gram) if lp is None else lp
        if len(self._scores) >= self.CACHE_MAX:
            self._scores.clear()
        self._scores[key] = total
        return total

    def scores(self, windows: list[tuple[str, str, str]]) -> list[float]:
        """:meth:`score` of many ``(left, word, right)`` windows at once (and memoised): the
        log-probabilities of all their new characters in one vectorised pass (unigram counts
        indexed by code point, pairs and triples by sorted-array look-up) instead of a Python
        step with up to five dict look-ups per character.

        The values are those :meth:`score` computes, bit for bit: the same IEEE operations in
        the same order, ``math.log`` per character, and each window summed left to right.

        >>> m = model(); m._scores.clear()
        >>> m.scores([("召开", "会议", "。")]) == [CharModel(m.counts, m.total).score("召开", "会议", "。")]
        True
        """
        import numpy as np

        memo = self._scores
        keys = [(lf[-2:], w, r[:2]) for lf, w, r in windows]
        known = {k: memo[k] for k in keys if k in memo}
        todo = list(dict.fromkeys(k for k in keys if k not in known))
        if len(todo) < 24:  # one at a time is faster below ~25 windows (measured: 8 take 64 vs 134 us)
            for k in todo:
                known[k] = self.score(*k)
            return [known[k] for k in keys]
        uni, (bkeys, bvals), (tkeys, tvals) = self._count_arrays()
        strings = [h + w + r for h, w, r in todo]
        lens = np.fromiter(map(len, strings), np.int64, len(strings))
        starts = np.fromiter(map(len, (h for h, _, _ in todo)), np.int64, len(todo))
        offs = np.cumsum(lens) - lens
        cps = np.frombuffer("".join(strings).encode("utf-32-le", "surrogatepass"), np.uint32).astype(np.int64)
        # the predicted characters: local index i from len(history) to the window's end
        n_pred = lens - starts
        win = np.repeat(np.arange(len(todo)), n_pred)
        local = np.arange(int(n_pred.sum())) - np.repeat(np.cumsum(n_pred) - n_pred, n_pred) + starts[win]
        pos = offs[win] + local

        def get(keys: Any, vals: Any, k: Any) -> Any:
            i = np.minimum(keys.searchsorted(k), len(keys) - 1)
            return np.where(keys[i] == k, vals[i], 0)

        # unigram counts by direct index; the count of each pair ending at each position
        # (pairs across two windows are never read: local >= 1 is checked where one is used)
        ucount = uni[np.minimum(cps, len(uni) - 1)] * (cps < len(uni))
        bcount = np.zeros(len(cps), np.float64)
        bcount[1:] = get(bkeys, bvals, (cps[:-1] << 21) | cps[1:])
        has1, has2 = local >= 1, local >= 2
        p = _L1 * (ucount[pos] + 0.5) / self._denominator
        n1 = np.where(has1, ucount[pos - 1], 0.0)
        p = p + np.where(n1 > 0, _L2 * bcount[pos] / np.maximum(n1, 1), 0.0)
        n2 = np.where(has2, bcount[pos - 1], 0.0)
        tri = np.zeros(len(pos), np.float64)
        at = np.flatnonzero(has2)
        q = pos[at]
        tri[at] = get(tkeys, tvals, (cps[q - 2] << 42) | (cps[q - 1] << 21) | cps[q])
        p = p + np.where(n2 > 0, _L3 * tri / np.maximum(n2, 1), 0.0)
        lp = np.array(list(map(math.log, p.tolist())))
        # summed left to right, as score() does (0.0 + x and x + 0.0 are exact)
        grid = np.zeros((len(todo), int(n_pred.max())))
        grid[win, local - starts[win]] = lp
        total = grid[:, 0].copy()
        for j in range(1, grid.shape[1]):
            total += grid[:, j]
        if len(memo) + len(todo) >= self.CACHE_MAX:
            memo.clear()
        known.update(zip(todo, total.tolist()))
        memo.update((k, known[k]) for k in todo)
        return [known[k] for k in keys]

    def _count_arrays(self) -> tuple[Any, tuple[Any, Any], tuple[Any, Any]]:
        """The counts as numpy arrays, built on first use (~0.2 s): unigram counts indexed by
        code point, and the pairs and triples as sorted int64 keys (21 bits per code point, the
        first in the high bits) with their counts (as floats: they are divided)."""
        got = getattr(self, "_arrays", None)
        if got is None:
            import numpy as np

            def grams(n: int) -> tuple[Any, Any]:
                gs = [g for g in self.counts if len(g) == n]
                c = np.frombuffer("".join(gs).encode("utf-32-le", "surrogatepass"), np.uint32)
                c = c.astype(np.int64).reshape(-1, n)
                k = np.zeros(len(gs), np.int64)
                for j in range(n):
                    k = (k << 21) | c[:, j]
                v = np.fromiter((self.counts[g] for g in gs), np.float64, len(gs))
                order = np.argsort(k, kind="stable")
                return k[order], v[order]

            k1, v1 = grams(1)
            uni = np.zeros(int(k1.max()) + 1 if len(k1) else 1, np.float64)
            uni[k1] = v1
            got = self._arrays = (uni, grams(2), grams(3))
        return got


@lru_cache(maxsize=1)
def model() -> CharModel:
    """The shipped model (loaded once)."""
    head, lines = datafiles.table("spin_lm.tsv.gz")
    counts = {gram: int(n) for gram, _, n in (line.rpartition("\t") for line in lines) if gram}
    return CharModel(counts, int(head.get("total", 0)))


@lru_cache(maxsize=1)
def words() -> dict[str, int]:
    """Word counts (2–4 Han characters) from the PFR 1998 segmentation (``spin_words.tsv.gz``)."""
    return {w: int(n) for w, _, n in (line.partition("\t") for line in datafiles.data_lines("spin_words.tsv.gz"))}


def jieba_entries() -> Iterator[tuple[str, str]]:
    """(word, count) of each line of jieba's dictionary (MIT; ``jieba/dict.txt``, broad modern
    text, 350,000 lines), the count as written; nothing when jieba is missing. Read anew on each
    call: its callers keep only the words they need, cached.

    >>> next(w for w, n in jieba_entries() if w == "党总支") == "党总支"
    True
    """
    try:
        import jieba

        with jieba.get_dict_file() as f:
            raw = f.read().decode("utf-8")
    except Exception:  # jieba missing
        return
    for line in raw.splitlines():
        w, _, rest = line.partition(" ")
        yield w, rest.partition(" ")[0]


@lru_cache(maxsize=1)
def long_words() -> dict[str, int]:
    """jieba's word list (MIT; ``jieba/dict.txt``, broad modern text): its words of 3–4 Han
    characters with their counts, or ``{}`` when jieba is missing. The words a one-character
    swap inside a longer word must give back (党总收 → 党总支); PFR's segmentation is too
    small for them (党总支: 3 times).

    >>> long_words().get("党总支", 0) > 0, "党总收" in long_words()
    (True, False)
    """
    out: dict[str, int] = {}
    for w, n in jieba_entries():  # (jieba missing: only the two-character swaps are looked for)
        if 3 <= len(w) <= 4 and n.isdigit() and _HAN_LONG.fullmatch(w):
            out[w] = out.get(w, 0) + int(n)
    return out


_HAN_LONG = re.compile(r"[\u4e00-\u9fff]{3,4}")


@lru_cache(maxsize=1)
def phrases() -> frozenset[str]:
    """Known 3–6 character phrases (THUOCL domain lexicons, MIT; ``spin_phrases.tsv.gz``)."""
    return frozenset(row[0] for row in datafiles.rows("spin_phrases.tsv.gz"))


def in_phrase(left: str, word: str, right: str, lexicon: frozenset[str]) -> bool:
    """Whether ``word`` with some of its neighbours forms a known phrase.

    >>> in_phrase("修改", "配置", "文件", phrases()), in_phrase("修改", "建设", "文件", phrases())
    (True, False)
    """
    left, right = left[-3:], right[:3]  # a phrase is at most 6 characters
    if lexicon is phrases():
        # the shipped lexicon: a spun document repeats its contexts, so answers are kept
        key = (left, word, right)
        hit = _PHRASE_MEMO.get(key)
        if hit is None:
            if len(_PHRASE_MEMO) > 200_000:  # a memo, not a leak
                _PHRASE_MEMO.clear()
            hit = _PHRASE_MEMO[key] = _in_shipped_phrase(left, word, right)
        return hit
    return _in_phrase(left, word, right, lexicon)


_PHRASE_MEMO: dict[tuple[str, str, str], bool] = {}


def clear_memos() -> None:
    """Forget every memoised score (the loaded models stay): what a fresh process that has
    loaded the models knows. For benchmarks that must not time a text whose contexts the
    memos already hold."""
    if model.cache_info().currsize:
        m = model()
        m._cache.clear()
        m._scores.clear()
    _PHRASE_MEMO.clear()


@lru_cache(maxsize=1)
def _phrase_automaton():
    from .spin_detect import automaton

    return automaton(phrases())


@lru_cache(maxsize=1)
def _phrase_bigrams() -> frozenset[str]:
    """Every pair of adjacent characters in a phrase of the shipped lexicon."""
    return frozenset(p[i : i + 2] for p in phrases() for i in range(len(p) - 1))


def _in_shipped_phrase(left: str, word: str, right: str) -> bool:
    """:func:`_in_phrase` against the shipped lexicon, with one Aho-Corasick pass over the
    window instead of a set lookup per (left, right) extension: a phrase found in it
    counts when it covers the word, adds a neighbour and is 3 to 6 characters long."""
    # such a phrase holds the word with a neighbour: the pair at that joint is in some phrase
    # (most windows fail this, two set look-ups)
    joints = _phrase_bigrams()
    if not ((left and left[-1] + word[0] in joints) or (right and word[-1] + right[0] in joints)):
        return False
    nl, lw = len(left), len(word)
    shortest = max(3, lw + 1)
    for e_, ph in _phrase_automaton().iter(left + word + right):
        n = len(ph)
        if e_ + 1 - n <= nl and e_ + 1 >= nl + lw and shortest <= n <= 6:
            return True
    return False


def _in_phrase(left: str, word: str, right: str, lexicon: frozenset[str]) -> bool:
    lw = len(word)
    nl = min(3, len(left))
    window = left[len(left) - nl :] + word + right[:3]
    for a in range(min(nl, 6 - lw) + 1):
        i = nl - a
        for b in range(max(0, 3 - lw - a, 1 - a), min(3, len(right), 6 - lw - a) + 1):
            if window[i : nl + lw + b] in lexicon:
                return True
    return False


class WordModel:
    """Word-bigram model around the dictionaries' words (``spin_wordbigrams.tsv.gz``).

    Where the character model sees two characters either side, this one sees the
    whole neighbouring words: ``为社区[配置]了`` vs ``社区[建设]``. The neighbours are
    found by longest match against the word list (:func:`left_word`, :func:`right_word`).
    """

    def __init__(self, uni: dict[str, int], bi: dict[tuple[str, str], int], total: int) -> None:
        self.uni, self.bi, self.total = uni, bi, max(total, 1)
        self.vocab = len(uni) + 1
        self._denominator = self.total + 0.1 * self.vocab  # of the add-0.1 unigram probability

    def logprob(self, prev: str, word: str) -> float:
        """log P(word | prev), interpolated with the unigram probability."""
        uni = self.uni
        p_uni = (uni.get(word, 0) + 0.1) / self._denominator
        n_prev = uni.get(prev, 0)
        if not n_prev:
            return math.log(p_uni)
        return math.log(_W2 * self.bi.get((prev, word), 0) / n_prev + (1 - _W2) * p_uni)

    def score(self, left_word: str, word: str, right_word: str) -> float:
        """log P(word | left word) + log P(right word | word).

        >>> wm = word_model()
        >>> wm.score("隆重", "举行", "会议") > wm.score("隆重", "进行", "会议")
        True
        """
        return self.logprob(left_word, word) + self.logprob(word, right_word)

    def pmi(self, left_word: str | None, word: str, right_word: str | None,
            candidates: list[str]) -> dict[str, float]:
        """How much better each candidate fits between the neighbouring words than ``word``, its
        own frequency taken out: ``score(l, c, r) - logprob("", c) - (score(l, w, r) - logprob("", w))``
        (the same operations in the same order, without a method call per term). A neighbour given
        as ``None`` is no evidence: its side adds nothing (``pmi(None, w, None, cs)`` is all zeros).

        >>> wm = word_model()
        >>> wm.pmi("隆重", "进行", "会议", ["举行"])["举行"] == (wm.score("隆重", "举行", "会议") - wm.logprob("", "举行")
        ...     - (wm.score("隆重", "进行", "会议") - wm.logprob("", "进行")))
        True
        """
        uni, bi, den, log = self.uni, self.bi, self._denominator, math.log
        n_left = uni.get(left_word, 0) if left_word is not None else 0
        n_right = uni.get(right_word, 0) if right_word is not None else 0

        def fit(w: str) -> float:
            n_w = uni.get(w, 0)
            p_w = (n_w + 0.1) / den
            a = log(_W2 * bi.get((left_word, w), 0) / n_left + (1 - _W2) * p_w) if n_left else log(p_w)
            if right_word is None:
                return a - log(p_w)
            p_r = (n_right + 0.1) / den
            b = log(_W2 * bi.get((w, right_word), 0) / n_w + (1 - _W2) * p_r) if n_w else log(p_r)
            return a + b - log(p_w)

        base = fit(word)
        return {c: fit(c) - base for c in candidates}


_W2 = 0.7


@lru_cache(maxsize=1)
def word_model() -> WordModel:
    """The shipped word-bigram model (loaded once)."""
    head, lines = datafiles.table("spin_wordbigrams.tsv.gz")
    uni: dict[str, int] = {}
    bi: dict[tuple[str, str], int] = {}
    for f in (line.split("\t") for line in lines):
        if len(f) == 2:
            uni[f[0]] = int(f[1])
        elif len(f) == 3:
            bi[(f[0], f[1])] = int(f[2])
    total = int(head.get("total", 0))
    return WordModel(uni, bi, total)


def left_word(text: str, known: dict[str, int]) -> str:
    """The word ending ``text``: its longest final stretch (4 to 2 characters) in ``known``,
    else its last character.

    >>> left_word("我们召开", {"召开": 5})
    '召开'
    """
    for n in (4, 3, 2):
        if len(text) >= n and text[-n:] in known:
            return text[-n:]
    return text[-1:] or "<s>"


def right_word(text: str, known: dict[str, int]) -> str:
    """The word starting ``text`` (longest match, as :func:`left_word`).

    >>> right_word("会议。", {"会议": 5})
    '会议'
    """
    for n in (4, 3, 2):
        if len(text) >= n and text[:n] in known:
            return text[:n]
    return text[:1] or "</s>"
