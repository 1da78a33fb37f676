"""Spin detection: is a passage spun (伪原创), and which paragraphs?

A block of text (about :data:`BLOCK_CHARS` characters of whole lines) is
judged by a log-likelihood ratio, *spun* against *clean*, made of two parts:

1. **Marker density** (:func:`marker_llr`): unambiguous spun forms (经由过程,
   设置装备摆设: never seen in clean text) are counted, each distinct form
   weighted by how sure it is (:func:`_weight`). Clean text produces them at
   a small rate :data:`CLEAN_MARKER_RATE` per character (rare real words such as
   出格 or 帮衬), and the forms never seen in clean text (:func:`unseen_forms`:
   设置装备摆设, 运止) at a lower one, :data:`UNSEEN_MARKER_RATE`; the evidence of
   each class is a Poisson likelihood ratio of the observed count against its
   rate over the block's length, so two rare words 3000 characters apart are no
   signal while two in one short paragraph are.
2. **Consistency** (:func:`pair_llr`): for each dictionary pair (spun form s,
   original o) whose spun form is rare next to its original in clean text, the
   counts ``n_s``, ``n_o`` in the block are compared under *clean* (s and o at
   their clean-corpus rates ``f_s``, ``f_o``) and under *spun* (a spinner's table
   holds the pair with probability :data:`PAIR_PRIOR` and rewrites an o into s
   with probability :data:`REWRITE`): each s adds ``log(1 + q·r·f_o/f_s)``, each
   o adds ``log(1 - q·r)``, repeats count logarithmically, and one pair never
   adds more than :data:`PAIR_CAP`. A spinner that turns 进行 into 举行 turns
   every 进行, so a passage full of 咱们, 如许, 倡议 and never 我们, 这样, 建议
   is telling; clean text uses both sides at the clean ratio.

3. **Context** (:func:`context_llr`), only for a block the first two leave
   within :data:`CONTEXT_CAP` of the threshold (either side): each ambiguous
   spun form in place is compared with its original by the repair's character
   trigram model (context only: each word's own frequency is taken out). In a
   spun text the original usually reads better; in clean text the form in
   place does. The per-occurrence evidence is a binned likelihood ratio
   (:data:`CONTEXT_LLR`), measured on the learning split's spun articles and
   seed 002 against clean text the model was not counted on; the sum is capped.

The block is spun when the sum reaches :func:`threshold` and, for a block
without any unambiguous marker, at least :data:`MIN_FORMS_WITHOUT_MARKERS`
spun forms outnumber their originals (:func:`_decide`). Clean text pays for
one C-level scan (:class:`BigramFinder`: markers and the informative ambiguous
forms); the originals are counted (one Aho-Corasick pass over the block) only
where the estimate with the originals at their expected rate comes near the threshold.

Clean-corpus frequencies of every form come from ``spin_detect_freq.tsv``
(built by ``bench/build_spin_detect.py``); forms missing from it (user
dictionaries) fall back to the dictionary's own ``clean_per_million``.

Limits (measured in session 10, bench/spin.py): a passage with ambiguous forms only
and no marker stays far below the threshold when its originals are about as common as
its spun forms (应当/应该, 应用/使用). Per occurrence, the context model separates spun
from clean occurrences weakly (AUC 0.68 for the char margin; the word-bigram PMI adds
nothing), and every stronger use of it tried (the raw in-context ratio in place of the
corpus ratio, one spinner strength fitted per passage, a lower REAL_WORD_FLOOR) flags
clean paragraphs of PFR or SIGHAN before it finds the missing spun ones.

Session 11 (``bench/spin_detect_margin.py`` prints the margins): clean paragraphs alone come
within 0.87 nats of the threshold (SIGHAN, a 13-character line with three real words), 1.08 (PFR);
a weakly spun passage with its originals mostly present lies 4 nats below. Tried and rejected
on calibration data: the repair's own decisions as evidence (it reverts as large a share of
forms in short clean lines as in spun ones, 0.77 each), a density term for informative forms,
pairs sharing an original treated as exclusive alternatives, a Poisson credit for originals
not seen (word use is bursty: most expected originals are absent from clean text too), the
context term everywhere with a larger cap, and a logistic combination fitted on calibration
paragraphs (it weighs the originals' presence heavily and finds fewer spun paragraphs),
and another or a marginalised :data:`PAIR_PRIOR` (see there).

This module does not import :mod:`textfix.fixers.spin` at import time (spin
imports it); the dictionaries come in as ``tab`` (a ``spin.Tables``).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any, Iterable

import ahocorasick

from .. import datafiles
from ..textutil import line_blocks

#: Detection is decided per block of about this many characters.
BLOCK_CHARS = 3000
#: A paragraph this long without any spin evidence stays outside the spun region.
CLEAN_PARAGRAPH_CHARS = 300
#: Legacy marker-score constants (kept for :func:`spin_score` / :func:`is_spun`).
DOC_THRESHOLD = 1.6
WEAK_CAP = 0.5
SINGLE_THRESHOLD = 1.0
MIN_DISTINCT = 2

#: A block is spun when its log-likelihood ratio (nats) reaches this.
THRESHOLD = 5.0
#: ... plus this much per doubling of the block's length beyond :data:`MIN_CHARS`.
LENGTH_PENALTY = 1.0
#: Weighted unambiguous markers per character in clean text (rare real words). Measured:
#: PFR 1998 0.9e-5 (in-sample: the markers were graded on it), seeds 000/001/003 3.3e-5; every
#: clean-text marker of these sets is a form seen in the clean corpus (出格, 下层, 不竭).
CLEAN_MARKER_RATE = 3e-5
#: ... but markers never seen in clean text (:func:`unseen_forms`: no PFR/SIGHAN occurrence, not a
#: jieba word) are rarer there: one occurrence in the 300k characters of held-out clean text (SIGHAN 2005
#: AS+CityU, seeds 000/001/003, pairs_train originals: 谁人 in a Hong Kong text, where the regional
#: tables grade it ambiguous anyway), 3.3e-6 per character; this rate is three times that.
UNSEEN_MARKER_RATE = 1e-5
#: Markers counted per unit of :func:`_weight` (a long marker counts 1.5, a two-character one 0.9).
MARKER_SCALE = 1.5
#: Shorter texts are judged as if this long: one sentence says nothing about a rate.
MIN_CHARS = 300
#: Probability that a spinner's table holds a given dictionary pair. Measured (session 11): q·r, the
#: share of an original's occurrences rewritten, is 0.29 / 0.34 for the detector's pairs on pairs_train /
#: seed 002 (in-sample: learned or curated from them) but 0.05 / 0.17 for the curated table's pairs alone;
#: 0.15 or 0.45 instead of 0.3, or q marginalised over a grid, trades clean documents against clean
#: paragraphs (bench/spin_detect_margin.py) and finds no more spun ones.
PAIR_PRIOR = 0.3
#: Probability that the spinner rewrites one occurrence of an original it knows.
REWRITE = 0.9
#: The exact count is skipped when the estimate is this far below the threshold.
GATE_MARGIN = 4.0
#: One pair's evidence is capped: the clean corpus (news) may misjudge a word's rate in
#: another genre (咱们 in dialogue), so consistency needs several pairs to agree.
PAIR_CAP = THRESHOLD - 0.5
#: How far a word's clean rate may differ between genres (news, where the counts come from,
#: and the text at hand): a spun form's occurrence counts only beyond this factor.
DOMAIN_SHIFT = 1.0
#: Clean count assumed at least for an ambiguous (real-word) spun form.
REAL_WORD_FLOOR = 20.0
#: Share of the originals' expected loss the gate assumes (spun text has fewer originals).
GATE_LOSS_SHARE = 0.5
#: Pseudo-count added to clean-corpus counts.
SMOOTH = 0.5
#: An ambiguous form joins the fast scan when its clean share against its originals is at most this.
INFORMATIVE_SHARE = 0.3
#: Size of the clean corpus the frequency table was counted on (chars), if the table does not say.
DEFAULT_CLEAN_CHARS = 2_224_158

#: Context evidence: bin edges of an occurrence's context margin (nats the original reads better
#: in place than the spun form, each word's context-free log-probability taken out) ...
CONTEXT_EDGES = (-4.0, -2.0, 0.0, 2.0, 4.0, 6.0)
#: ... and the log-likelihood ratio of each bin, spun against clean: the share of ambiguous
#: occurrences in each bin in the pairs_train spun articles and seed 002, against the mean share
#: in seeds 000/001/003, clean_dev, the pairs_train originals and SIGHAN 2005 AS+CityU (clean text
#: the context model was not counted on: on PFR, which it was, clean contexts look too clean).
#: Measured -1.82 -0.78 -0.43 0.23 0.75 1.07 1.22; rounded, monotone.
CONTEXT_LLR = (-1.8, -0.8, -0.4, 0.2, 0.75, 1.0, 1.2)
#: The context evidence of a block never exceeds this (it can only tip a block that the markers and
#: the consistency nearly flag; on its own it never flags anything).
CONTEXT_CAP = 3.0
#: ... and counts only when this many distinct forms speak for spinning.
CONTEXT_MIN_FORMS = 2
#: A block without any unambiguous marker is spun only when this many distinct spun forms outnumber
#: their originals (:attr:`Verdict.telling`): all its evidence then rests on real words whose clean
#: rates come from another genre (news), so several pairs must agree.
MIN_FORMS_WITHOUT_MARKERS = 3

_PARAGRAPH = re.compile(r"[^\n]+")


# ---------------------------------------------------------------------------
# clean-corpus frequencies


@lru_cache(maxsize=1)
def clean_counts() -> tuple[dict[str, float], int]:
    """``{form: clean count}`` and the corpus size, from ``spin_detect_freq.tsv``.

    A form's count is the larger of its PFR 1998 / SIGHAN count and its jieba dictionary
    frequency scaled to the same number of characters: news of 1998 rarely writes 查询 or
    颜色, and a spun form that is a common word in either kind of text must not look rare
    (measured: the best clean scores fell further below the threshold, PFR 1998 whole file
    -5.2 -> -5.6 nats, SIGHAN AS+CityU -4.5 -> -9.1).
    """
    both, total = _clean_table()
    return {w: max(p, j) for w, (p, j) in both.items()}, total


@lru_cache(maxsize=1)
def _clean_table() -> tuple[dict[str, tuple[float, float]], int]:
    """``{form: (PFR/SIGHAN count, jieba frequency scaled to the PFR size)}`` and the PFR size."""
    counts: dict[str, tuple[float, float]] = {}
    total = DEFAULT_CLEAN_CHARS
    jieba_total = 0
    lines = datafiles.read_text("spin_detect_freq.tsv").splitlines()
    for line in lines:
        if line.startswith("#"):
            m = re.search(r"clean text: (\d+) chars", line)
            if m:
                total = int(m.group(1))
            m = re.search(r"jieba total: (\d+)", line)
            if m:
                jieba_total = int(m.group(1))
            continue
        f = line.split("\t")
        if len(f) >= 2 and f[1].isdigit():
            j = int(f[3]) * total / jieba_total if jieba_total and len(f) >= 4 and f[3].isdigit() else 0.0
            counts[f[0]] = (float(f[1]), j)
    return counts, total


@lru_cache(maxsize=1)
def _containers() -> dict[str, tuple[tuple[str, int], ...]]:
    """``{spun form: ((longer jieba word containing it, the form's offset in that word), ...)}``,
    from the last column of ``spin_detect_freq.tsv``."""
    out: dict[str, tuple[tuple[str, int], ...]] = {}
    lines = datafiles.read_text("spin_detect_freq.tsv").splitlines()
    for line in lines:
        f = line.split("\t")
        if len(f) >= 5 and f[4] and not line.startswith("#"):
            out[f[0]] = tuple((w, i) for w in f[4].split(",") for i in _offsets(w, f[0]))
    return out


def _offsets(word: str, form: str) -> list[int]:
    return [i for i in range(len(word) - len(form) + 1) if word.startswith(form, i)]


def contained(text: str, start: int, form: str) -> bool:
    """Whether the ``form`` found at ``start`` lies inside a longer real word in place: jieba's
    dictionary holds it (原住民 around 住民, 电磁感应 around 感应, 吃不消 around 不消). A spinner
    substitutes whole words, so such a find is no spin marker.

    >>> contained("台湾原住民的文化", 3, "住民"), contained("社区住民的生活", 2, "住民")
    (True, False)
    """
    return any(text.startswith(w, start - i) for w, i in _containers().get(form, ()) if start >= i)


def _count(form: str, ent: Any = None) -> float:
    counts, total = clean_counts()
    if form in counts:
        return counts[form]
    if ent is not None and getattr(ent, "spun", None) == form:
        return ent.clean_per_million * total / 1e6
    return 0.0


@dataclass
class Pair:
    """A dictionary pair as the detector sees it."""

    spun: str
    originals: tuple[str, ...]
    gain: float  # log of how much more frequent s is in spun text (per occurrence)
    loss: float  # log of how much less frequent o is (per occurrence, negative)
    rate_o: float  # clean-corpus occurrences of the originals per character


@dataclass
class Detector:
    """Automata and pair statistics built from one set of spin tables."""

    scan: Any  # markers + informative ambiguous forms + protected words
    finder: "BigramFinder | None"  # the same words, found by a vectorised bigram filter
    union: Any  # informative spun forms and their originals (+ protected words)
    pairs: dict[str, Pair]
    rates: Any  # numpy array of Pair.rate_o, for the expected-originals estimate
    losses: Any  # numpy array of Pair.loss
    #: each form of :attr:`union` -> the positions (in :attr:`pairs` order) of the pairs it belongs to
    pairs_of: dict[str, list[int]] = field(default_factory=dict)
    pair_list: list[Pair] = field(default_factory=list)  # det.pairs.values(), indexable


_DETECTORS: dict[int, tuple[Any, Detector]] = {}


def detector(tab: Any) -> Detector:
    """The :class:`Detector` of ``tab`` (built once per tables object)."""
    import numpy as np

    got = _DETECTORS.get(id(tab))
    if got is not None and got[0] is tab:
        return got[1]
    _, total = clean_counts()
    pairs: dict[str, Pair] = {}
    for e in tab.entries.values():
        if e.unambiguous or len(e.spun) < 2 or getattr(e, "regional", False):  # regional: a real word there
            continue
        # a known real word is at least this common, even if the clean corpus missed it
        fs = max(_count(e.spun, e), REAL_WORD_FLOOR)
        fo = sum(_count(o) for o in e.originals)
        if (fs + SMOOTH) / (fs + fo + 2 * SMOOTH) > INFORMATIVE_SHARE:
            continue  # as common as its original: says little either way
        prior = PAIR_PRIOR if (e.pairs >= 2 or any(not s.startswith("spin_learned") for s in e.sources)) else PAIR_PRIOR / 2
        gain, loss = pair_gain(fs, fo, prior)
        pairs[e.spun] = Pair(e.spun, tuple(e.originals), gain, loss, fo / total)
    protected = _protected()
    scan_words = [e.spun for e in tab.entries.values() if e.unambiguous] + list(pairs) + list(protected)
    scan = automaton(scan_words)
    finder = BigramFinder(scan_words) if scan_words and min(map(len, scan_words)) >= 2 else None
    union = automaton(list(pairs) + [o for p in pairs.values() for o in p.originals] + list(protected))
    pairs_of: dict[str, list[int]] = {}
    for k, p in enumerate(pairs.values()):
        for form in dict.fromkeys((p.spun, *p.originals)):
            pairs_of.setdefault(form, []).append(k)
    det = Detector(scan, finder, union, pairs, np.array([p.rate_o for p in pairs.values()]),
                   np.array([p.loss for p in pairs.values()]), pairs_of, list(pairs.values()))
    if len(_DETECTORS) >= 8:  # as many as spin.tables() caches
        _DETECTORS.pop(next(iter(_DETECTORS)))
    _DETECTORS[id(tab)] = (tab, det)
    return det


class BigramFinder:
    """Leftmost-longest matches of a word list (every word two characters or more),
    found without a per-character Python loop: the text's code points go into a
    numpy array, every character bigram is hashed into a bit table of the words'
    first bigrams, and only the positions that hit are checked against the words.

    >>> BigramFinder(["经由过程", "经由", "法式"]).find("我们经由过程法式。经由")
    [(2, 6, '经由过程'), (6, 8, '法式'), (9, 11, '经由')]
    """

    BITS = 22
    CHUNK = 1 << 20

    def __init__(self, words: Iterable[str], bits: int | None = None) -> None:
        import numpy as np

        if bits is not None:  # a short word list needs a smaller table for the same hit rate
            self.BITS = bits
        self.by_bigram: dict[str, list[str]] = {}
        for w in sorted(set(words), key=len, reverse=True):
            self.by_bigram.setdefault(w[:2], []).append(w)
        self.table = np.zeros(1 << self.BITS, dtype=bool)
        keys = np.array([(ord(b[0]) << 21) | ord(b[1]) for b in self.by_bigram], dtype=np.uint64)
        self.table[self._hash(keys)] = True

    def _hash(self, keys: Any) -> Any:
        import numpy as np

        with np.errstate(over="ignore"):
            return ((keys * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - self.BITS)).astype(np.int64)

    def _hits(self, text: str) -> Iterable[int]:
        """Offsets, in order, whose character bigram may start a word (a superset)."""
        import numpy as np

        for lo in range(0, max(len(text) - 1, 0), self.CHUNK):
            piece = text[lo : lo + self.CHUNK + 1]
            cps = np.frombuffer(piece.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
            keys = (cps[:-1] << np.uint64(21)) | cps[1:]
            for i in np.flatnonzero(self.table[self._hash(keys)]).tolist():
                yield lo + i

    def find(self, text: str) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        last = 0
        for pos in self._hits(text):
            if pos < last:
                continue
            for w in self.by_bigram.get(text[pos : pos + 2], ()):
                if text.startswith(w, pos):
                    out.append((pos, pos + len(w), w))
                    last = pos + len(w)
                    break
        return out

    def count(self, text: str) -> Counter:
        """Every occurrence of every word, overlapping ones included (what an Aho-Corasick
        ``iter`` pass reports).

        >>> sorted(BigramFinder(["经由过程", "经由", "过程"]).count("经由过程。过程过程").items())
        [('经由', 1), ('经由过程', 1), ('过程', 3)]
        """
        out: Counter = Counter()
        by_bigram = self.by_bigram
        for pos in self._hits(text):
            for w in by_bigram.get(text[pos : pos + 2], ()):
                if text.startswith(w, pos):
                    out[w] += 1
        return out


def expected_loss(det: Detector, length: int) -> float:
    """The originals' share of the score a clean passage of ``length`` characters
    is expected to get (each pair's :func:`_dampen`-ed Poisson count times its loss)."""
    import numpy as np

    mu = det.rates * length
    damp = (1 - np.exp(-mu)) * (1 + np.log2(np.maximum(mu, 1.0)))
    return float(np.dot(damp, det.losses))


def _protected() -> tuple[str, ...]:
    from . import spin  # imported lazily: spin imports this module

    return tuple(spin.PROTECTED)


def automaton(words: Iterable[str]) -> Any:
    """An Aho-Corasick automaton whose value for each word is the word itself.

    An empty word list gets a placeholder that never occurs in text, because
    pyahocorasick cannot search an automaton with no words.

    >>> [w for _, w in automaton(["经由过程", "过程"]).iter("经由过程")]
    ['经由过程', '过程']
    """
    a = ahocorasick.Automaton()
    for w in words:
        a.add_word(w, w)
    if len(a) == 0:
        a.add_word("\x00\x00", "\x00\x00")
    a.make_automaton()
    return a


# ---------------------------------------------------------------------------
# evidence


def marker_hits(text: str, tab: Any) -> list[tuple[int, int, str]]:
    """Unambiguous markers in ``text`` as ``(start, end, form)``, leftmost-longest.

    >>> from textfix.fixers.spin import tables
    >>> marker_hits("平易近人，平易近生", tables())
    [(5, 9, '平易近生')]
    """
    out = []
    entries = tab.entries
    for end, w in tab.markers.iter_long(text):
        if w in entries:  # protected words are in the automaton but not in the dictionary
            out.append((end - len(w) + 1, end + 1, w))
    return out


def _long_marker(ent: Any, form: str) -> bool:
    """A marker strong enough to flag a text alone: three or more characters, and
    curated or learned more than once (a one-off learned pair may be alignment noise)."""
    if len(form) < 3:
        return False
    return ent is None or ent.pairs >= 2 or any(not s.startswith("spin_learned") for s in ent.sources)


def _weight(ent: Any, form: str) -> float:
    """Evidence one distinct spun form gives that a text is spun.

    An unambiguous form of three or more characters cannot be an accident
    (1.0); a two-character one may be a rare real word (0.6); ambiguous forms
    count a little, the less the rarer they are in clean text.
    """
    if ent is None or ent.unambiguous:
        return 1.0 if _long_marker(ent, form) else 0.6
    if ent.clean_per_million <= 5:
        return 0.3
    if ent.clean_per_million <= 30:
        return 0.1
    return 0.0


def spin_score(hits: list[tuple[int, int, str]], tab: Any = None, weak: Iterable[str] = ()) -> tuple[float, int]:
    """Marker score of a stretch of text and its number of distinct markers.

    ``hits`` are unambiguous markers; ``weak`` are the ambiguous spun forms found
    (they add a little, never enough on their own). Repeats add a little.

    >>> spin_score([(0, 4, "经由过程"), (9, 13, "经由过程"), (20, 22, "下层")])
    (1.7, 2)
    """
    seen = Counter(w for _, _, w in hits)
    score = 0.0
    for w, n in seen.items():
        score += _weight(tab.entries.get(w) if tab else None, w) + 0.1 * min(n - 1, 2)
    if tab is not None:
        score += min(WEAK_CAP, sum(_weight(tab.entries.get(w), w) for w in set(weak) if w not in seen))
    return round(score, 3), len(seen)


def is_spun(score: float, distinct: int, long_markers: int = 1) -> bool:
    """The legacy marker-count decision (kept for callers of ``spin.is_spun``);
    the detector itself decides with :func:`judge`.

    >>> is_spun(1.2, 2, long_markers=0), is_spun(1.8, 2), is_spun(1.0, 1), is_spun(1.0, 1, long_markers=0)
    (False, True, True, False)
    """
    if distinct >= 1 and score >= DOC_THRESHOLD:
        return True
    return distinct >= 1 and long_markers >= 1 and score >= SINGLE_THRESHOLD


def marker_llr(weighted: float, length: int, rate: float | None = None) -> float:
    """Evidence (nats) from ``weighted`` markers in ``length`` characters: the Poisson
    likelihood ratio of the observed count against the clean rate, the spun rate
    being whatever fits best.

    Two rare-word markers in a 3000-character block are no signal; in 200 characters they are.

    >>> round(marker_llr(1.8, 3000), 1), round(marker_llr(1.8, 300), 1), marker_llr(0, 500)
    (3.7, 7.7, 0.0)
    """
    mu = max(length, MIN_CHARS) * (CLEAN_MARKER_RATE if rate is None else rate)
    if weighted <= mu:
        return 0.0
    return weighted * math.log(weighted / mu) - weighted + mu


def _dampen(n: int) -> float:
    """Effective count of ``n`` repeats of one form in a passage: a topic repeats its words,
    so the second and later occurrences add only logarithmically (1, 2, 2.6, 3, ...)."""
    return 0.0 if n <= 0 else 1.0 + math.log2(n)


def pair_llr(n_s: int, n_o: int, gain: float, loss: float) -> float:
    """Evidence (nats) from one dictionary pair: ``n_s`` spun forms and ``n_o`` originals seen.

    Clean text produces s and o at their clean-corpus rates; a spinner that holds the
    pair (probability q) rewrites each o into s (probability r), so s is more frequent
    by ``1 + q·r·f_o/f_s`` (``gain`` is its log) and o less by ``1 - q·r`` (``loss``).
    Repeats are dampened (:func:`_dampen`).

    >>> g, l = pair_gain(5.0, 100.0)
    >>> [round(pair_llr(n, 0, g, l), 2) for n in (1, 2)], round(pair_llr(1, 2, g, l), 2)
    ([1.78, 3.56], 1.15)
    >>> pair_llr(8, 0, g, l) == PAIR_CAP
    True
    """
    return min(PAIR_CAP, _dampen(n_s) * gain) + _dampen(n_o) * loss


def pair_gain(f_s: float, f_o: float, prior: float = PAIR_PRIOR) -> tuple[float, float]:
    """``(gain, loss)`` of a pair from the clean counts of its spun form and original(s)."""
    q = prior * REWRITE
    return max(0.0, math.log(1 + q * (f_o + SMOOTH) / (f_s + SMOOTH)) - math.log(DOMAIN_SHIFT)), math.log(1 - q)


@dataclass
class Verdict:
    """The detector's judgement of one block."""

    start: int
    end: int
    score: float  # log-likelihood ratio, nats
    spun: bool
    markers: list[tuple[int, int, str]] = field(default_factory=list)  # offsets relative to start
    distinct: int = 0
    marker_score: float = 0.0
    consistency: float = 0.0
    #: context evidence (:func:`context_llr`); None where it was not needed
    context: float | None = None
    #: ambiguous spun forms that spoke for spinning: (form, n_s, n_o, llr)
    telling: list[tuple[str, int, int, float]] = field(default_factory=list)
    #: offsets (relative to start) of every piece of evidence, for the regions
    evidence_starts: list[int] = field(default_factory=list)

    def evidence(self) -> dict[str, Any]:
        return {"spin_score": round(self.score, 2), "marker_llr": round(self.marker_score, 2),
                "consistency_llr": round(self.consistency, 2), "distinct_markers": self.distinct,
                "markers": sorted({w for _, _, w in self.markers})[:12],
                "consistent_forms": [f"{w} {ns}/{no}" for w, ns, no, _ in self.telling[:12]],
                "block_chars": self.end - self.start,
                **({"context_llr": round(self.context, 2)} if self.context is not None else {})}

    def confidence(self) -> float:
        """Confidence of the verdict: a logistic of the score past the threshold."""
        return round(min(0.99, max(0.6, 1 / (1 + math.exp(-(self.score - threshold(self.end - self.start) + 1))))), 3)

    def reason(self) -> str:
        parts = [f"text judged spun: score {self.score:.1f} (markers {self.marker_score:.1f}, "
                 f"consistency {self.consistency:+.1f}"
                 + (f", context {self.context:+.1f}" if self.context is not None else "")
                 + f") over {self.end - self.start} chars"]
        if self.markers:
            parts.append(f"{self.distinct} distinct unambiguous markers ({', '.join(sorted({w for *_, w in self.markers})[:8])})")
        if self.telling:
            parts.append("spun forms outnumbering their originals (" +
                         ", ".join(f"{w} {n}/{no}" for w, n, no, _ in self.telling[:8]) + ")")
        return "; ".join(parts)


def _weighted_markers(markers: Iterable[tuple[int, int, str]], tab: Any) -> tuple[float, float, int]:
    """Weighted markers of the rare-word class, of the :func:`unseen_forms` class, and the number of
    distinct forms (each form counts its :func:`_weight`, repeats a little)."""
    seen = Counter(w for *_, w in markers)
    rare = unseen_ = 0.0
    for w, n in seen.items():
        x = MARKER_SCALE * (_weight(tab.entries.get(w), w) + 0.1 * min(n - 1, 2))
        if w in unseen_forms():
            unseen_ += x
        else:
            rare += x
    return rare, unseen_, len(seen)


@lru_cache(maxsize=1)
def unseen_forms() -> frozenset[str]:
    """Forms of ``spin_detect_freq.tsv`` never seen in clean text: no PFR 1998 / SIGHAN occurrence and
    not in jieba's dictionary (设置装备摆设, 尤为首要, 白叟, 运止; not 下层 or 拜见, rare real words, nor
    不雅 or 竣事, which jieba holds at its lowest frequencies)."""
    both, _total = _clean_table()
    return frozenset(w for w, (p, j) in both.items() if p == 0 and j == 0)


def threshold(length: int) -> float:
    """The score a block of ``length`` characters needs: :data:`THRESHOLD` for a paragraph,
    and more for a longer block, which holds more paragraph-sized chances for a coincidence
    (a Bonferroni correction over its :data:`MIN_CHARS` windows when :data:`LENGTH_PENALTY` is ln 2).

    >>> threshold(100) == threshold(MIN_CHARS) == THRESHOLD < threshold(3000)
    True
    """
    return THRESHOLD + LENGTH_PENALTY * math.log2(max(length, MIN_CHARS) / MIN_CHARS)


def _scan(det: Detector, text: str) -> list[tuple[int, int, str]]:
    """The fast scan: markers and informative ambiguous forms, leftmost-longest."""
    if det.finder is not None:
        return det.finder.find(text)
    return [(e - len(w) + 1, e + 1, w) for e, w in det.scan.iter_long(text)]  # a one-character user form


def judge_block(text: str, tab: Any, start: int = 0, end: int | None = None,
                hits: list[tuple[int, int, str]] | None = None) -> Verdict:
    """Judge ``text[start:end]``; ``hits`` are the fast scan's matches in it (absolute offsets)."""
    det = detector(tab)
    end = len(text) if end is None else end
    if hits is None:
        hits = [(s + start, e + start, w) for s, e, w in _scan(det, text[start:end])]
    entries = tab.entries
    markers = [(s - start, e - start, w) for s, e, w in hits
               if w in entries and entries[w].unambiguous and not contained(text, s, w)]
    rare, unseen_, distinct = _weighted_markers(markers, tab)
    m_llr = marker_llr(rare, end - start) + marker_llr(unseen_, end - start, UNSEEN_MARKER_RATE)
    amb = Counter(w for *_, w in hits if w in det.pairs)
    v = Verdict(start, end, m_llr, False, markers, distinct, m_llr, 0.0,
                evidence_starts=[s for s, _, _ in markers])
    if not amb:
        v.spun = m_llr >= threshold(end - start)
        return _with_context(v, text, tab)
    # gate: the originals as often as clean text would have them
    gains = sum(_dampen(n) * det.pairs[w].gain for w, n in amb.items())
    estimate = m_llr + gains + GATE_LOSS_SHARE * expected_loss(det, end - start)
    if estimate < threshold(end - start) - GATE_MARGIN:
        v.score, v.consistency = estimate, estimate - m_llr
        return v
    # exact: count the originals of the informative pairs in the block
    counts: Counter = Counter(map(itemgetter(1), det.union.iter_long(text[start:end])))  # (end, word) pairs
    cons = 0.0
    telling = []
    # only the pairs with a form in the block, visited in the order of det.pairs (the same sum)
    plist, pairs_of = det.pair_list, det.pairs_of
    for p in [plist[k] for k in sorted({k for w in counts for k in pairs_of.get(w, ())})]:
        n_s = counts.get(p.spun, 0)
        n_o = sum(counts.get(o, 0) for o in p.originals)
        if n_s or n_o:
            llr = pair_llr(n_s, n_o, p.gain, p.loss)
            cons += llr
            if n_s and llr > 0.5:
                telling.append((p.spun, n_s, n_o, llr))
    telling.sort(key=lambda t: -t[3])
    v.consistency = cons
    v.score = m_llr + cons
    v.telling = telling
    v.spun = _decide(v, threshold(end - start))
    if telling:
        tell = {w for w, *_ in telling}
        v.evidence_starts = sorted(v.evidence_starts + [s - start for s, _, w in hits if w in tell])
    return _with_context(v, text, tab)


def _decide(v: Verdict, need: float) -> bool:
    """Whether ``v`` is spun: its score reaches ``need`` and, without any unambiguous marker,
    at least :data:`MIN_FORMS_WITHOUT_MARKERS` distinct spun forms outnumber their originals."""
    return v.score >= need and (v.distinct > 0 or len(v.telling) >= MIN_FORMS_WITHOUT_MARKERS)


def _with_context(v: Verdict, text: str, tab: Any) -> Verdict:
    """Add the context evidence to a block that markers and consistency leave undecided:
    within :data:`CONTEXT_CAP` of the threshold, on either side. Other blocks are decided already.

    The context term is a log-likelihood ratio like the others, so it may also take a block
    back below the threshold: a clean paragraph of literary news (开辟 新的旅游专线 five times,
    配合, 开展) has its forms reading better in place than their originals. Measured on the
    calibration paragraphs (each alone): clean flags PFR 1998 4 -> 0 of 14,400, SIGHAN AS+CityU
    (converted to Simplified) 1 -> 1 of 3,673; spun pairs_train paragraphs 37 -> 36 of 73, seed 002
    33 -> 33 of 39. (PFR is in-sample for the context model, so its figure is optimistic.)
    """
    need = threshold(v.end - v.start)
    if v.score + CONTEXT_CAP < need or v.score >= need + CONTEXT_CAP:
        return v
    ctx, starts = context_llr(text, tab, v.start, v.end)
    v.context = ctx
    v.score += ctx
    v.spun = _decide(v, need)
    if v.spun:
        v.evidence_starts = sorted(v.evidence_starts + starts)
    return v


def context_llr(text: str, tab: Any, start: int = 0, end: int | None = None) -> tuple[float, list[int]]:
    """Context evidence (nats, at most :data:`CONTEXT_CAP`) that ``text[start:end]`` is spun, and
    the offsets (relative to ``start``) of the occurrences that spoke for it.

    Each ambiguous spun form in place is compared with its best original by the character
    trigram model, the two words' context-free log-probabilities taken out (how common a word
    is, is the consistency term's business); the margin's bin gives a log-likelihood ratio
    (:data:`CONTEXT_LLR`). Repeats of one form count their mean, dampened like the pairs.

    >>> from textfix.fixers.spin import tables
    >>> context_llr("不须要应用连字符做分隔，咱们倡议如许做。", tables())[0] > 0
    True
    >>> context_llr("我们召开了会议，会议举行得很顺利。", tables())[0] < 0
    True
    """
    from .spin_model import model  # loaded only when a block needs it

    lm = model()
    end = len(text) if end is None else end
    seg = text[start:end]
    entries = tab.entries
    per: dict[str, list[float]] = {}
    starts: list[int] = []
    for e_, w in tab.all_forms.iter_long(seg):
        ent = entries.get(w)
        if ent is None or ent.unambiguous or getattr(ent, "regional", False):  # protected words; markers
            # are counted by marker_llr; a regional word is a real word in the Traditional text
            continue
        s, e = e_ - len(w) + 1, e_ + 1
        left, right = seg[max(0, s - 2) : s], seg[e : e + 2]
        base = lm.score(left, w, right)
        d, o = max((lm.score(left, o, right) - base, o) for o in ent.originals)
        margin = d - (lm.score("", o, "") - lm.score("", w, ""))
        llr = CONTEXT_LLR[bisect.bisect_right(CONTEXT_EDGES, margin)]
        per.setdefault(w, []).append(llr)
        if llr > 0:
            starts.append(s)
    means = [sum(v) / len(v) for v in per.values()]
    total = sum(m * _dampen(len(v)) for m, v in zip(means, per.values()))
    if sum(m > 0 for m in means) < CONTEXT_MIN_FORMS:
        total = min(total, 0.0)  # one word that reads oddly in its place is no spinner
    return min(CONTEXT_CAP, total), starts


def judge(text: str, tab: Any, size: int = BLOCK_CHARS) -> list[Verdict]:
    """Verdicts for the blocks of ``text`` that hold any evidence (blocks without are clean).

    A block with markers next to a spun block is part of the same spun article.
    """
    det = detector(tab)
    hits = _scan(det, text)
    if not hits:
        return []
    starts = [h[0] for h in hits]
    out: list[Verdict] = []
    for bs, be in blocks(text, size) if len(text) > size else [(0, len(text))]:
        i, j = bisect.bisect_left(starts, bs), bisect.bisect_left(starts, be)
        if i == j:
            continue
        out.append(judge_block(text, tab, bs, be, hits[i:j]))
    flags = [v.spun for v in out]
    for k, v in enumerate(out):
        if not flags[k] and v.markers and v.score > 0:
            near = [u for u in out[max(0, k - 1) : k + 2] if u is not v and u.spun and (u.end == v.start or u.start == v.end)]
            if near:
                flags[k] = True
    for v, f in zip(out, flags):
        v.spun = f
    return out


def document_verdict(text: str, tab: Any) -> Verdict:
    """One verdict for the whole of ``text`` (the document-level decision of the bench)."""
    vs = judge(text, tab, size=max(len(text), 1))
    return vs[0] if vs else Verdict(0, len(text), 0.0, False)


def detect(text: str, tab: Any) -> tuple[float, int, list[tuple[int, int, str]], Counter]:
    """Spin score, distinct markers, marker hits and the counts of every spun form (legacy helper).

    Clean text without a marker costs one Aho-Corasick pass.
    """
    hits = marker_hits(text, tab)
    if not hits:
        return 0.0, 0, hits, Counter()
    forms: Counter = Counter()
    for _e, w in tab.all_forms.iter_long(text):
        forms[w] += 1
    score, distinct = spin_score(hits, tab, (w for w in forms if w in tab.entries))
    return score, distinct, hits, forms


def long_count(hits: list[tuple[int, int, str]], tab: Any) -> int:
    """How many distinct long markers (see :func:`_long_marker`) are among ``hits``."""
    return sum(1 for w in {w for _, _, w in hits} if _long_marker(tab.entries.get(w), w))


def blocks(text: str, size: int = BLOCK_CHARS) -> list[tuple[int, int]]:
    """Paragraph blocks of about ``size`` characters; detection is decided per block,
    so a long clean text does not add up rare words into a false signal, and a
    spun article quoted in a clean page is found on its own.

    >>> blocks("ab\\ncd\\nef", size=4)
    [(0, 6), (6, 8)]
    """
    return line_blocks(text, size)


def spun_regions(text: str, hits: list[tuple[int, int, str]] | list[int]) -> list[tuple[int, int]]:
    """Paragraph spans of a spun text that belong to the spun region.

    Every paragraph belongs to it except a long one with no evidence at all:
    spinners rewrite whole articles, but a page may quote clean text. ``hits``
    are marker hits ``(start, end, form)`` or plain evidence offsets.
    """
    starts = sorted(h[0] if isinstance(h, tuple) else h for h in hits)
    regions: list[tuple[int, int]] = []
    for m in _PARAGRAPH.finditer(text):
        s, e = m.span()
        i = bisect.bisect_left(starts, s)
        has = i < len(starts) and starts[i] < e
        if has or e - s < CLEAN_PARAGRAPH_CHARS:
            if regions and regions[-1][1] + 1 >= s:
                regions[-1] = (regions[-1][0], e)
            else:
                regions.append((s, e))
    return regions
