"""Spun (伪原创) text: detect it and revert the spinner's fixed "synonyms".

A spinner rewrites an article by replacing words from a fixed table:
``配置→设置装备摆设``, ``通过→经由过程``, ``民→平易近``, ``进行→举行`` ... Some
spun forms never occur in clean text (*unambiguous markers*); many are
ordinary words (*ambiguous*: 举行, 表现, 能够, 那) that may only be reverted
where they stand for the spun word.

The fixer works in three steps:

1. **Detection** (:mod:`textfix.fixers.spin_detect`): one C-level scan finds
   the unambiguous markers and the telling ambiguous forms; each block is
   judged by a log-likelihood ratio of marker density, document
   consistency (spun forms without their originals) and, for a block near
   the threshold, context (the originals read better in place than the
   spun forms). Clean text stops here.
2. **Repair** inside spun regions (:func:`repair`): unambiguous forms are
   reverted (``spin-marker``); ambiguous forms are decided by a character
   trigram context model, a word-bigram model of the neighbouring words where
   the decision is close (words only: not punctuation, not an undecided spun
   form), and document consistency (``spin-context``): a form never written
   in its original form counts, a replacement confirmed elsewhere in the
   document counts for its other occurrences (:func:`_confirmed_elsewhere`),
   and the forms left alone are judged again with their reverted neighbours
   in place (:func:`_second_pass`); one
   character swapped inside a word (工做 → 工作; 党总收 → 党总支, checked against
   jieba's word list) is found with the curated character substitutions
   (``spin-char``); a user thesaurus adds candidates (``spin-thesaurus``).
3. **Explain**: every edit's ``evidence`` carries the dictionary evidence and
   the context score that decided it.

>>> from textfix.edits import apply_edits
>>> t = "经由过程号令行可以或许启动效劳器。"
>>> apply_edits(t, find(t, None))
'通过命令行能够启动服务器。'
>>> find("通过命令行可以启动服务器。", None)
[]
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from operator import itemgetter
from typing import Any, Iterable, NamedTuple


from .. import datafiles
from ..edits import Edit

NAME = "spin"
KINDS = ("spin",)
RULES = {
    "spin-document": "document or paragraph judged spun (detect-only finding with its spin score)",
    "spin-marker": "unambiguous spun form (never seen in clean text) reverted to its original",
    "spin-context": "ambiguous spun form reverted because context and document consistency favour the original",
    "spin-char": "one character of a word swapped by the spinner (工做 → 工作)",
    "spin-fuzzy": "unambiguous spun form broken by markup or stray symbols (经**由过程) reverted",
    "spin-thesaurus": "spun word reverted to a candidate from the user thesaurus, decided by context",
}

#: Files shipped in textfix.dictionaries, read in this order (curated entries win).
DICTIONARY_FILES = ("spin_curated.tsv", "spin_learned.tsv")

#: Penalty (nats) for an ambiguous pair learned only once and not curated.
LEARNED_ONCE_PENALTY = 2.0
#: Weight of log10(clean occurrences per million) against reverting an ambiguous form.
RARITY_WEIGHT = 0.5
#: Bonus (nats) when the document never uses the original form.
CONSISTENCY = 1.0
#: ... and this much more each time the spun form's count in the document doubles.
CONSISTENCY_PER_DOUBLING = 0.5
#: Context margin (nats) a one-character swap needs (5.0 until session 10: on pairs_train and seed 002 every
#: swap below 6 was wrong, 应位于→到位于 at 5.6; the right one, 党总收→党总支, scores 8.5).
CHAR_MARGIN = 6.0
#: A one-character swap must give a word seen this often in the clean segmented corpus.
CHAR_MIN_WORD = 10
#: A one-character swap inside a 3–4 character string must give a jieba word counted this often.
CHAR_MIN_LONG = 20
#: Penalty (nats) for a thesaurus pair: never seen from a spinner, so it needs a wider margin.
THESAURUS_PENALTY = 8.0
#: A thesaurus candidate must be a word seen this often in the clean segmented corpus.
THESAURUS_MIN_WORD = 20
#: Share of the frequency ratio of two synonyms that counts in the thesaurus decision.
THESAURUS_PRIOR_WEIGHT = 0.0
#: Bonus (nats) for a candidate that completes a known phrase of the lexicon.
PHRASE_BONUS = 6.0
#: Log-prior (nats) of the first listed original over the others.
FIRST_PRIOR = 2.0
#: Weight of the word-bigram model's context evidence (PMI), added to the character model's score
#: (0.25 until session 10, when punctuation neighbours stopped counting as words).
WORD_WEIGHT = 0.5
#: ... consulted only when the decision is within this many nats of changing.
WORD_RANGE = 6.0
#: An ambiguous replacement decided with this margin somewhere in a document is confirmed there ...
CONFIRMED_MARGIN = 3.5
#: ... and its other occurrences get this many nats more (a spinner rewrites every occurrence).
CONFIRMED_BONUS = 3.0
#: Ambiguous forms are reverted when context + consistency favour the original by this many nats.
CONTEXT_MARGIN = 1.5

#: Clean words that contain an unambiguous marker; matched as wholes so they are never touched.
PROTECTED = ("平易近人", "不雅观", "不雅之", "一样平常人", "情况下", "招标的目的", "投标的目的",
             # set phrases a spinner leaves whole that hold a table form (一路→一起, 轮回→循环)
             "一带一路", "六道轮回")



@dataclass
class Entry:
    """One dictionary row: a spun form and what it may stand for."""

    spun: str
    originals: list[str]
    pairs: int = 0
    clean_per_million: float = 0.0
    unambiguous: bool = False
    sources: list[str] = field(default_factory=list)
    #: a word of Taiwan / Hong Kong Chinese in a Traditional document (:func:`regional_words`): graded
    #: ambiguous, repaired by context inside a spun region, never evidence that a text is spun
    regional: bool = False

    @cached_property
    def priors(self) -> tuple[float, float]:
        """``(rarity, learned)``: the entry's own terms in an ambiguous decision, in nats
        (computed on first use, when the tables are complete).

        How often the form is a real word in clean text weighs against reverting it; a pair
        seen twice or more in the pairs is evidence, once and never curated may be noise.
        """
        rarity = -RARITY_WEIGHT * math.log10(1 + self.clean_per_million)
        curated = any(not src.startswith("spin_learned") for src in self.sources)
        return rarity, 0.5 if self.pairs >= 2 else 0.0 if curated else -LEARNED_ONCE_PENALTY

    def evidence(self) -> dict[str, Any]:
        return {
            "dictionary": ",".join(self.sources),
            "originals": "|".join(self.originals),
            "pairs_seen": self.pairs,
            "clean_per_million": self.clean_per_million,
            "grade": "unambiguous" if self.unambiguous else "ambiguous",
        }


def parse_dictionary(lines: Iterable[str], source: str) -> list[Entry]:
    """Entries of a spin dictionary TSV (see ``dictionaries/spin_curated.tsv``).

    Only the first two columns are required, so a user file can be as short as
    ``spun<TAB>original``; such rows are unambiguous unless graded otherwise.

    >>> [(e.spun, e.originals, e.unambiguous) for e in parse_dictionary(["# c", "工做\\t工作"], "user")]
    [('工做', ['工作'], True)]
    """
    out = []
    for line in lines:
        if not line.strip() or line.startswith("#") or line.startswith("spun\t"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) < 2 or not f[0] or not f[1]:
            continue
        origs = [o for o in f[1].split("|") if o and o != f[0]]
        if not origs:
            continue

        def num(i: int, default: float = 0.0) -> float:
            try:
                return float(f[i])
            except (IndexError, ValueError):
                return default

        grade = f[5] if len(f) > 5 and f[5] else "unambiguous"
        src = f[6] if len(f) > 6 and f[6] else source
        out.append(Entry(f[0], origs, int(num(2)), num(4), grade == "unambiguous", [f"{source}:{src}"]))
    return out


def _read_entries(paths: tuple[str, ...]) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}

    def add(new: Iterable[Entry]) -> None:
        for e in new:
            old = entries.get(e.spun)
            if old is None:
                entries[e.spun] = e
                continue
            old.originals += [o for o in e.originals if o not in old.originals]
            old.pairs += e.pairs
            old.sources += e.sources
            old.unambiguous = old.unambiguous and e.unambiguous

    for p in paths:  # user files first: their originals come first
        try:
            with open(p, encoding="utf-8") as fh:
                add(parse_dictionary(fh, "user"))
        except OSError:
            continue
    for name in DICTIONARY_FILES:
        rows = parse_dictionary(datafiles.read_text(name).splitlines(), name.removesuffix(".tsv"))
        if name == "spin_learned.tsv":
            # one-character learned pairs (该→应) are too common to decide safely
            rows = [e for e in rows if len(e.spun) > 1]
        add(rows)
    return entries


@dataclass
class Tables:
    """Dictionary entries and the automata built from them."""

    entries: dict[str, Entry]
    markers: Any  # automaton of unambiguous forms (+ protected words)
    all_forms: Any  # automaton of every spun form (+ protected words)
    char_subs: dict[str, set[str]]
    char_class: Any = None  # compiled class of the characters in char_subs
    originals: Any = None  # automaton of every original form
    #: helpers built on first use from these tables and the models (see :func:`_lazy`)
    lazy: dict[Any, Any] = field(default_factory=dict, repr=False)


from .spin_detect import automaton as _automaton  # noqa: E402  (one builder for both modules)


@lru_cache(maxsize=8)
def tables(user_paths: tuple[str, ...] = (), regional: bool = False) -> Tables:
    """Load the dictionaries (shipped + user) once per set of user files. ``regional``: for a
    Traditional document folded to Simplified, the markers that are words of Taiwan or Hong
    Kong Chinese (:func:`regional_words`) are graded ambiguous."""
    if regional:
        words = regional_words()
        entries = {w: replace(e, originals=list(e.originals), sources=list(e.sources), unambiguous=False,
                           regional=True)
                   if e.unambiguous and w in words else e for w, e in tables(user_paths).entries.items()}
    else:
        entries = _read_entries(user_paths)
    markers = _automaton([e.spun for e in entries.values() if e.unambiguous] + list(PROTECTED))
    all_forms = _automaton(list(entries) + list(PROTECTED))
    # one-character swaps inside a word, learned from equal-length pairs (工做/工作 → 做→作)
    subs: dict[str, set[str]] = {}
    for e in entries.values():
        if all(src.startswith("spin_learned") for src in e.sources):
            continue  # learned pairs include alignment noise; swaps come from curated/user entries
        for o in e.originals:
            if len(o) == len(e.spun) >= 2:
                diff = [(a, b) for a, b in zip(e.spun, o) if a != b]
                if len(diff) == 1:
                    subs.setdefault(diff[0][0], set()).add(diff[0][1])
    cls = re.compile("[" + "".join(sorted(map(re.escape, subs))) + "]") if subs else None
    origs = _automaton({o for e in entries.values() for o in e.originals})
    return Tables(entries, markers, all_forms, subs, cls, origs)


@lru_cache(maxsize=1)
def regional_words() -> frozenset[str]:
    """Spin markers that are words in Taiwan or Hong Kong writing (住民, 感应, 下层, 不雅):
    ``dictionaries/spin_regional.tsv``, from the SIGHAN 2005 AS and CityU training word lists.

    >>> {"住民", "感应"} <= regional_words(), "经由过程" in regional_words()
    (True, False)
    """
    text = datafiles.read_text("spin_regional.tsv")
    return frozenset(line.split("\t", 1)[0] for line in text.splitlines()
                     if line and not line.startswith("#") and not line.startswith("form\t"))


def _user_paths(ctx: Any) -> tuple[str, ...]:
    opts = getattr(ctx, "options", None)
    return tuple(getattr(opts, "dictionaries", ()) or ())


# ---------------------------------------------------------------------------
# detection


# The detector lives in spin_detect; its names stay importable from here.
from .spin_detect import (  # noqa: E402
    BLOCK_CHARS,
    CLEAN_PARAGRAPH_CHARS,
    DOC_THRESHOLD,
    MIN_DISTINCT,
    SINGLE_THRESHOLD,
    WEAK_CAP,
    _long_marker,
    _weight,
    blocks,
    contained,
    detect,
    is_spun,
    judge,
    long_count,
    marker_hits,
    spin_score,
    spun_regions,
)


# ---------------------------------------------------------------------------
# repair


def _lm():
    from .spin_model import model

    return model()


def _conf(margin: float) -> float:
    """Map a context margin in nats to a confidence in [0.5, 0.93]."""
    return round(0.5 + 0.43 * (1 - math.exp(-max(margin, 0.0) / 3.0)), 3)


class _Region(NamedTuple):
    """A spun region ready for :func:`repair`: its spun forms, the unambiguous ones decided, the
    partly repaired text and the context score windows the decisions need."""

    seg: str
    matches: list[tuple[int, int, str]]  # (start, end, form) in seg
    fuzzy: list[Edit]
    fuzzy_spans: list[tuple[int, int]]
    decided: dict[int, str]  # match index -> original, for unambiguous forms with one original
    rtext: str  # seg with the decided forms reverted
    rpos: list[tuple[int, int]]  # each match's span in rtext
    contexts: list[tuple[str, str]]  # three characters of rtext either side of each match
    windows: list[tuple[str, str, str]]  # every (left, word, right) the decisions score
    kept: list[tuple[int, int, str]]  # markers left alone: inside a longer word in place (原住民)


def _prepare(text: str, start: int, end: int, tab: Tables,
             forms: list[tuple[int, int, str]] | None = None) -> _Region:
    """The first half of :func:`repair` (see there), kept apart so that a document's regions
    can have their context scores computed in one vectorised pass (:meth:`CharModel.scores`)."""
    seg = text[start:end]
    if forms is None:
        forms = [(start + e_ + 1 - len(w), start + e_ + 1, w) for e_, w in tab.all_forms.iter_long(seg)]
    entries = tab.entries
    # a marker inside a longer real word in place (住民 in 原住民) is that word, not a spun form:
    # a spinner substitutes whole words (the detector does not count these either)
    matches, kept = [], []
    for s, e, w in forms:
        if w in PROTECTED:
            continue
        (kept if entries[w].unambiguous and contained(text, s, w) else matches).append((s - start, e - start, w))
    # markers broken by markup go first: the pieces of 经**由过程 must not be read as 过程
    fuzzy = _fuzzy_markers(seg, start, tab, []) if _BROKEN.search(seg) else []
    fuzzy_spans = [(x.start - start, x.end - start) for x in fuzzy]
    if fuzzy_spans:
        matches = [m for m in matches if not any(m[0] < b and a < m[1] for a, b in fuzzy_spans)]
    # first decide unambiguous forms; they give cleaner context to the ambiguous ones
    decided: dict[int, str] = {}
    for i, (s, e, w) in enumerate(matches):
        ent = entries[w]
        if ent.unambiguous and len(ent.originals) == 1:
            decided[i] = ent.originals[0]
    rtext, rpos, contexts, windows = _in_context(seg, matches, decided, entries)
    return _Region(seg, matches, fuzzy, fuzzy_spans, decided, rtext, rpos, contexts, windows, kept)


def _in_context(seg: str, matches: list[tuple[int, int, str]], decided: dict[int, str], entries: dict[str, Entry]
                ) -> tuple[str, list[tuple[int, int]], list[tuple[str, str]], list[tuple[str, str, str]]]:
    """``seg`` with the decided matches reverted (``decided``: match index -> original), each
    match's span in it, the three characters either side of each match, and the windows the
    decisions score: each match with its own form first, then its candidates (only the decided
    original for a decided match).

    >>> t = tables()
    >>> rtext, rpos, contexts, _ = _in_context("经由过程举行", [(0, 4, "经由过程"), (4, 6, "举行")], {0: "通过"}, t.entries)
    >>> rtext, rpos, contexts
    ('通过举行', [(0, 2), (2, 4)], [('', '举行'), ('通过', '')])
    """
    pieces, pos, rpos, length = [], 0, [], 0
    for i, (s, e, w) in enumerate(matches):
        pieces.append(seg[pos:s])
        length += s - pos
        rep = decided.get(i, w)
        rpos.append((length, length + len(rep)))
        pieces.append(rep)
        length += len(rep)
        pos = e
    pieces.append(seg[pos:])
    rtext = "".join(pieces)
    contexts = [(rtext[max(0, rs - 3) : rs], rtext[re_ : re_ + 3]) for rs, re_ in rpos]
    windows = []
    for i, (left, right) in enumerate(contexts):
        w = matches[i][2]
        windows += [(left, o, right) for o in _window_words(i, w, decided, entries)]
    return rtext, rpos, contexts, windows


def _window_words(i: int, form: str, decided: dict[int, str], entries: dict[str, Entry]) -> tuple[str, ...]:
    """The words scored in match ``i``'s windows, in order: its own ``form`` first, then the
    decided original, or every candidate when it is undecided."""
    return (form, decided[i]) if i in decided else (form, *entries[form].originals)


def _second_pass(text: str, start: int, end: int, tab: Tables, doc_counts: Counter, doc_score: float,
                 prep: _Region, first: list[Edit]) -> list[Edit]:
    """The ambiguous forms :func:`repair` left alone, judged again with the forms it reverted
    around them in place: 鼓励配合[斗争] reads as 鼓励共同[斗争] (measured on pairs_train, seed 002
    and seed 004: 5 more right, 0 wrong). Only the forms whose context changed are judged."""
    reverted = {(x.start - start, x.end - start): x.after for x in first if x.rule in ("spin-context", "spin-marker")}
    decided = dict(prep.decided)
    left_alone = []
    for i, (s, e, w) in enumerate(prep.matches):
        if i in decided:
            continue
        if (s, e) in reverted:
            decided[i] = reverted[(s, e)]
        elif not tab.entries[w].unambiguous:
            left_alone.append(i)
    if not left_alone or len(decided) == len(prep.decided):
        return []
    rtext, rpos, contexts, windows = _in_context(prep.seg, prep.matches, decided, tab.entries)
    again = frozenset(i for i in left_alone if contexts[i] != prep.contexts[i])
    if not again:
        return []
    prep2 = prep._replace(decided=decided, rtext=rtext, rpos=rpos, contexts=contexts, windows=windows)
    # only the windows of the matches judged again are scored (the others are skipped by repair)
    sizes = [len(_window_words(i, w, decided, tab.entries)) for i, (_, _, w) in enumerate(prep.matches)]
    scores, k = [0.0] * len(windows), 0
    for i, n in enumerate(sizes):
        if i in again:
            scores[k : k + n] = _lm().scores(windows[k : k + n])
        k += n
    edits = repair(text, start, end, tab, doc_counts, doc_score, prepared=prep2, scores=scores, only=again)
    for x in edits:
        x.evidence["second_pass"] = True
    return edits


def repair(text: str, start: int, end: int, tab: Tables, doc_counts: Counter, doc_score: float,
           thesaurus: dict[str, list[str]] | None = None, thesaurus_path: str = "",
           forms: list[tuple[int, int, str]] | None = None, prepared: _Region | None = None,
           scores: list[float] | None = None, held: list[tuple[float, Edit]] | None = None,
           only: frozenset[int] | None = None) -> list[Edit]:
    """Edits reverting the spun forms in ``text[start:end]`` (a spun region). ``forms`` are the
    leftmost-longest matches of ``tab.all_forms`` in it, ``(start, end, form)`` in ``text``
    offsets, when the caller has them already; ``prepared`` is :func:`_prepare`'s result and
    ``scores`` the context scores of its windows (:meth:`CharModel.scores`), if known. Ambiguous
    forms rejected by less than :data:`CONFIRMED_BONUS` are appended to ``held`` as
    ``(margin, edit)``, if given, for the document to decide (:func:`_confirmed_elsewhere`).
    ``only``: judge these ambiguous matches alone (indices into ``prepared.matches``; no other
    rule runs), as :func:`_second_pass` does."""
    lm = _lm()
    from .spin_model import in_phrase, left_word, phrases, right_word, word_model, words

    wm = word_model() if WORD_WEIGHT else None
    vocab = words()

    lexicon = phrases()
    if prepared is None:
        prepared = _prepare(text, start, end, tab, forms)
    if scores is None:
        scores = lm.scores(prepared.windows)  # every score the loop needs, in one vectorised pass
    seg, matches, fuzzy, fuzzy_spans, decided, rtext, rpos, contexts, _, kept = prepared
    k_score = 0  # the next match's windows in scores: its own form first, then the candidates
    edits: list[Edit] = []
    for i, (s, e, w) in enumerate(matches):
        ent = tab.entries[w]
        rs, re_ = rpos[i]
        left, right = contexts[i]
        base = scores[k_score]
        if only is not None and i not in only:
            k_score += len(_window_words(i, w, decided, tab.entries))
            continue
        if i in decided:  # unambiguous with a single original: the score is only reported
            best = decided[i]
            delta = scores[k_score + 1] - base
            k_score += 2
            ev = ent.evidence()
            ev.update({"context_delta": round(delta, 2), "doc_spin_score": doc_score,
                       "context": left + "[" + w + "]" + right})
            edits.append(Edit("spin", "spin-marker", start + s, start + e, w, best, 0.95,
                              f"spun form {w}→{best} ({ev['dictionary']}; {ent.clean_per_million:g}/M in clean text; "
                              f"context {delta:+.1f})", evidence=ev))
            continue
        # the first listed original is the most likely one: a small prior for it
        scored = sorted(((scores[k_score + 1 + k] - base + (FIRST_PRIOR if k == 0 else 0.0), o)
                         for k, o in enumerate(ent.originals)), reverse=True)
        k_score += 1 + len(ent.originals)
        # ambiguous forms: a spinner rewrites every occurrence, so a document using the
        # spun form and never the original is telling; both forms present is not.
        rarity, learned = ent.priors
        n_spun = doc_counts.get(w, 0)

        def margin_of(d: float, o: str) -> tuple[float, float, int]:
            n_orig = doc_counts.get(o, 0)
            if n_orig == 0:
                cons = CONSISTENCY + CONSISTENCY_PER_DOUBLING * math.log2(max(n_spun, 1))
            else:
                cons = -1.5 if n_orig >= n_spun else 0.0
            return d + cons + rarity + learned, cons, n_orig

        delta, best = scored[0]
        margin = margin_of(delta, best)[0]
        word_ev: dict[str, Any] = {}
        # the whole neighbouring words, which the character model does not see; looked up
        # only where they can change the outcome
        if wm is not None and ((len(scored) > 1 and scored[0][0] - scored[1][0] < WORD_RANGE)
                               or (not ent.unambiguous and abs(margin - CONTEXT_MARGIN) < WORD_RANGE)):
            lw = left_word(rtext[max(0, rs - 4) : rs], vocab)
            rw = right_word(rtext[re_ : re_ + 4], vocab)
            # its context evidence only (PMI): the character model already weighs how common each word is.
            # A side is left out when it is no evidence: a punctuation mark or line break (the news text's
            # statistics of 重视/注意 before a colon say nothing of the fit), or a neighbour that is itself
            # an undecided spun form (疏忽[非常]: it may not be the author's word)
            lw_ok = _HAN_WORD_START.match(lw) and not (i > 0 and i - 1 not in decided and rpos[i - 1][1] > rs - len(lw))
            rw_ok = _HAN_WORD_START.match(rw) and not (i + 1 < len(matches) and i + 1 not in decided
                                                       and rpos[i + 1][0] < re_ + len(rw))
            pmi = wm.pmi(lw if lw_ok else None, w, rw if rw_ok else None, [o for _, o in scored])
            scored = sorted(((d + WORD_WEIGHT * pmi[o], o) for d, o in scored), reverse=True)
            delta, best = scored[0]
            margin = margin_of(delta, best)[0]
            word_ev = {"words": f"{lw}[{w}]{rw}", "word_pmi": round(pmi[best], 2)}
        # completing a known phrase (配置文件) counts for a candidate; the spun form inside
        # a known phrase counts against reverting it. Looked up only where it can change the outcome.
        close = len(scored) > 1 and scored[0][0] - scored[1][0] < 2 * PHRASE_BONUS
        phrase: dict[str, bool] = {}
        if close or (not ent.unambiguous and abs(margin - CONTEXT_MARGIN) < PHRASE_BONUS):
            spun_phrase = in_phrase(left, w, right, lexicon)
            phrase = {o: in_phrase(left, o, right, lexicon) for _, o in scored}
            scored = sorted(((d + PHRASE_BONUS * (phrase[o] - spun_phrase), o) for d, o in scored), reverse=True)
            delta, best = scored[0]

        def evidence() -> dict[str, Any]:
            ev = ent.evidence()
            in_ph = phrase[best] if best in phrase else in_phrase(left, best, right, lexicon)
            ev.update({"context_delta": round(delta, 2), "doc_spin_score": doc_score,
                       "context": left + "[" + w + "]" + right, "phrase": in_ph})
            ev.update(word_ev)
            return ev

        if ent.unambiguous:
            ev = evidence()
            edits.append(Edit("spin", "spin-marker", start + s, start + e, w, best, 0.95,
                              f"spun form {w}→{best} ({ev['dictionary']}; {ent.clean_per_million:g}/M in clean text; "
                              f"context {delta:+.1f})", evidence=ev))
            continue
        margin, consistency, n_orig = margin_of(delta, best)
        if margin >= CONTEXT_MARGIN or (held is not None and margin + CONFIRMED_BONUS >= CONTEXT_MARGIN):
            ev = evidence()
            ev.update({"doc_original_count": n_orig, "doc_spun_count": n_spun, "consistency": round(consistency, 2),
                       "rarity": round(rarity, 2), "learned": learned, "margin": round(margin, 2)})
            edit = Edit("spin", "spin-context", start + s, start + e, w, best, _conf(margin - CONTEXT_MARGIN + 1.5),
                        f"ambiguous {w}→{best}: context {delta:+.1f}, document {n_spun}×{w}/{n_orig}×{best}, "
                        f"{ent.clean_per_million:g}/M in clean text ({ev['dictionary']}); margin {margin:.1f}",
                        evidence=ev)
            if margin >= CONTEXT_MARGIN:
                edits.append(edit)
            else:
                held.append((margin, edit))
    if only is not None:
        return edits
    covered = [(s, e) for s, e, _ in matches] + fuzzy_spans + [(s, e) for s, e, _ in kept]  # no swap inside these
    edits += fuzzy
    keys = _bigram_keys(seg) if len(seg) >= 2 else None  # shared by both swap searches
    edits += _char_swaps(seg, start, tab, lm, covered, keys)
    busy = {k for a, b in covered for k in range(a, b)}
    busy.update(k for x in edits for k in range(x.start - start, x.end - start))
    edits += _long_swaps(seg, start, tab, lm, busy, keys)
    if thesaurus:
        edits += _thesaurus_edits(seg, start, thesaurus, lm, covered + [(x.start - start, x.end - start) for x in edits],
                                  thesaurus_path, text)
    return edits


# Markup or stray symbols splitting a word: 经**由过程, 设置_装备摆设
_BROKEN = re.compile(r"[\u4e00-\u9fff][*_`~^|#]{1,3}(?=[\u4e00-\u9fff])")


def _fuzzy_markers(seg: str, offset: int, tab: Tables, covered: list[tuple[int, int]]) -> list[Edit]:
    """Unambiguous forms broken by markup (``经**由过程``), matched with the markup skipped.

    Around each break the markup is removed, the markers are looked up in
    that window, and a marker spanning the break is reverted (the markup goes
    with it). rapidfuzz confirms the window matches the marker once the
    noise is ignored.
    """
    from rapidfuzz.distance import Indel

    edits: list[Edit] = []
    busy = set()
    for s, e in covered:
        busy.update(range(s, e))
    for m in _BROKEN.finditer(seg):
        lo, hi = max(0, m.start() - 5), min(len(seg), m.end() + 6)
        keep = [i for i in range(lo, hi) if i < m.start() + 1 or i >= m.end()]
        window = "".join(seg[i] for i in keep)
        for e_, w in tab.markers.iter_long(window):
            ws, we = e_ - len(w) + 1, e_ + 1
            a, b = keep[ws], keep[we - 1] + 1
            if not (a <= m.start() < b - 1) or w in PROTECTED or any(k in busy for k in range(a, b)):
                continue
            ent = tab.entries[w]
            broken = seg[a:b]
            sim = Indel.normalized_similarity(broken, w)
            busy.update(range(a, b))
            edits.append(Edit("spin", "spin-fuzzy", offset + a, offset + b, broken, ent.originals[0], 0.85,
                              f"spun form {w} broken by markup ({broken}) → {ent.originals[0]} ({ent.evidence()['dictionary']})",
                              evidence={**ent.evidence(), "matched": w, "similarity": round(sim, 2)}))
    return edits


def _char_swaps(seg: str, offset: int, tab: Tables, lm: Any, covered: list[tuple[int, int]],
                keys: Any = None) -> list[Edit]:
    """One character swapped inside a two-character word: 工做 → 工作, 收部 → 支部.

    The swapped character must be one the spinner is known to swap, the
    two-character string must be (nearly) absent from clean text, and the
    repaired word common in it.
    """
    if tab.char_class is None:
        return []
    from .spin_model import words

    vocab = words()
    subs = tab.char_subs
    # only where a swap can give a common word: one C-level pass for the strings that can
    # (their swapped character at either end), not a Python step per swappable character
    starts = {i for j in _swap_starts(seg, tab, vocab, keys) for i in (j, j + 1) if seg[i] in subs}
    if not starts:
        return []
    busy = set()
    for s, e in covered:
        busy.update(range(s, e))
    edits = []
    counts, n_seg = lm.counts, len(seg)  # lm.count of a two-character string is its bigram count
    for i in sorted(starts):
        c = seg[i]
        if i in busy:
            continue
        best = None
        for j in (i - 1, i):  # the word is seg[j:j+2], the swapped character at i
            if j < 0 or j + 2 > n_seg or j in busy or j + 1 in busy:
                continue
            word = seg[j : j + 2]
            if not ("\u4e00" <= word[0] <= "\u9fff" and "\u4e00" <= word[1] <= "\u9fff") \
                    or counts.get(word, 0) > 1 or word in vocab:
                continue
            k = i - j
            for r in tab.char_subs[c]:
                cand = word[:k] + r + word[k + 1 :]
                n = vocab.get(cand, 0)
                if n < CHAR_MIN_WORD:
                    continue
                left, right = seg[max(0, j - 2) : j], seg[j + 2 : j + 4]
                delta = lm.score(left, cand, right) - lm.score(left, word, right)
                if delta > CHAR_MARGIN and (best is None or delta > best[0]):
                    best = (delta, j, word, cand, n, c, r)
        if best:
            delta, j, word, cand, n, c, r = best
            busy.update((j, j + 1))
            edits.append(Edit("spin", "spin-char", offset + j, offset + j + 2, word, cand, _conf(delta),
                              f"one character swapped: {word}→{cand} ({c}→{r}; {cand} {n}× in clean text, "
                              f"{word} at most once; context {delta:+.1f})",
                              evidence={"swap": f"{c}→{r}", "clean_count_candidate": n,
                                        "clean_count_spun": lm.count(word), "context_delta": round(delta, 2)}))
    return edits


def _long_swaps(seg: str, offset: int, tab: Tables, lm: Any, busy: set[int], keys: Any = None) -> list[Edit]:
    """One known character swapped inside a word of 3–4 characters (党总收 → 党总支), which the
    two-character pass cannot see when each half is a string of its own (总收 in 总收入).

    The string must be absent from jieba's word list and (nearly) from clean text, the repaired
    word in jieba's list at least :data:`CHAR_MIN_LONG` times, and the context model must prefer
    it by :data:`CHAR_MARGIN`. Measured on the calibration sets (pairs_train, seed 002): 1 right,
    0 wrong; without the known swaps (any character, any jieba word) 1 right, 142 wrong.
    ``busy`` (offsets already repaired) is updated; ``keys`` are ``seg``'s bigram keys if known.
    """
    import numpy as np

    table, cands = _long_swap_table(tab)
    if not cands or len(seg) < 3:
        return []
    # one vectorised pass for the bigrams holding a swapped character, then the 3-4 character
    # windows around each hit are looked up (an automaton of all the strings is 3x slower)
    if keys is None:
        keys = _bigram_keys(seg)
    hits = np.flatnonzero(table[np.minimum(table.searchsorted(keys), len(table) - 1)] == keys).tolist()
    found = {(st, st + n) for j in hits for n in (4, 3) for st in range(max(0, j + 2 - n), j + 1)
             if seg[st : st + n] in cands}
    edits = []
    for j, end in sorted(found, key=lambda t: (t[0], -t[1])):
        word = seg[j:end]
        if any(k in busy for k in range(j, end)):
            continue
        left, right = seg[max(0, j - 2) : j], seg[end : end + 2]
        base = lm.score(left, word, right)
        delta, cand = max((lm.score(left, c, right) - base, c) for c in cands[word])
        if delta <= CHAR_MARGIN:
            continue
        busy.update(range(j, end))
        k = next(i for i, (a, b) in enumerate(zip(word, cand)) if a != b)
        n = _long_words().get(cand, 0)
        edits.append(Edit("spin", "spin-char", offset + j, offset + end, word, cand, _conf(delta),
                          f"one character swapped: {word}→{cand} ({word[k]}→{cand[k]}; {cand} {n}× in jieba's "
                          f"word list, {word} in none; context {delta:+.1f})",
                          evidence={"swap": f"{word[k]}→{cand[k]}", "jieba_count_candidate": n,
                                    "clean_count_spun": lm.count(word), "context_delta": round(delta, 2)}))
    return edits


def _long_words() -> dict[str, int]:
    from .spin_model import long_words

    return long_words()


def _long_swap_table(tab: Tables) -> tuple[Any, dict[str, list[str]]]:
    """The sorted bigram keys (:func:`_bigram_keys`) that find every 3–4 character string that
    one known swap (``tab.char_subs``, read backwards) makes of a jieba word counted
    :data:`CHAR_MIN_LONG` times, and for each string the words it can come from (党总支 with 支→收 known: 党总收 → [党总支]). Strings that are
    jieba words themselves or seen twice in clean text are left out. Built once per set of
    dictionaries (~0.1 s).
    """
    import numpy as np

    def build() -> tuple[Any, dict[str, list[str]]]:
        jw = _long_words()
        swapped_from: dict[str, set[str]] = {}
        for c, rs in tab.char_subs.items():
            for r in rs:
                swapped_from.setdefault(r, set()).add(c)
        cands: dict[str, list[str]] = {}
        for w, n in jw.items():
            if n < CHAR_MIN_LONG:
                continue
            for k, ch in enumerate(w):
                for c in swapped_from.get(ch, ()):
                    cands.setdefault(w[:k] + c + w[k + 1 :], []).append(w)
        count = _lm().count
        # strings that are words or common in clean text can never be repaired: not searched
        cands = {s: ws for s, ws in cands.items() if s not in jw and count(s) <= 1}
        # each string is found by its rarest bigram in clean text (fewest false hits)
        pairs = {min((s[i : i + 2] for i in range(len(s) - 1)), key=count) for s in cands}
        keys = np.unique(_bigram_keys("".join(sorted(pairs)))[::2]) if pairs else np.zeros(0, np.int64)
        return keys, cands

    return _lazy(tab, ("long_swaps", CHAR_MIN_LONG), build)


def _bigram_keys(text: str) -> Any:
    """``(ord(text[j]) << 21) | ord(text[j + 1])`` for every j, as a numpy array."""
    import numpy as np

    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    return (cps[:-1] << 21) | cps[1:]


def _lazy(tab: Tables, key: Any, build: Any) -> Any:
    """``tab.lazy[key]``, built by ``build()`` the first time (the tables are cached, so each
    helper is built once per set of dictionaries)."""
    got = tab.lazy.get(key)
    if got is None:
        got = tab.lazy[key] = build()
    return got


def _swap_keys(tab: Tables, vocab: dict[str, int]) -> Any:
    """Sorted bigram keys (:func:`_bigram_keys`) of every two-character string that one known
    swap turns into a word seen at least :data:`CHAR_MIN_WORD` times (工作 with 作→做 known:
    工做). :func:`_char_swaps` can only repair one of these."""
    import numpy as np

    def build() -> Any:
        swapped_from: dict[str, set[str]] = {}  # r -> the characters c with c→r in char_subs
        for c, rs in tab.char_subs.items():
            for r in rs:
                swapped_from.setdefault(r, set()).add(c)
        spun = set()
        for w, n in vocab.items():
            if len(w) == 2 and n >= CHAR_MIN_WORD:
                for k in (0, 1):
                    spun.update(w[:k] + c + w[k + 1 :] for c in swapped_from.get(w[k], ()))
        return np.unique(_bigram_keys("".join(sorted(spun)))[::2]) if spun else np.zeros(0, np.int64)

    return _lazy(tab, ("swap_keys", id(vocab), CHAR_MIN_WORD), build)


def _count_originals(text: str, tab: Tables) -> Counter:
    """How often each original form occurs in ``text``, overlapping occurrences included
    (vectorised: :meth:`spin_detect.BigramFinder.count`; one-character forms by ``str.count``).

    >>> _count_originals("通过进行。进行", tables())["进行"]
    2
    """
    def build() -> tuple[Any, list[str]]:
        from .spin_detect import BigramFinder

        origs = {o for e in tab.entries.values() for o in e.originals}
        return BigramFinder([o for o in origs if len(o) >= 2], bits=16), sorted(o for o in origs if len(o) == 1)

    finder, singles = _lazy(tab, "originals_finder", build)
    counts = finder.count(text)
    for o in singles:
        n = text.count(o)
        if n:
            counts[o] = n
    return counts


def _swap_starts(seg: str, tab: Tables, vocab: dict[str, int], keys: Any = None) -> list[int]:
    """Offsets j where ``seg[j:j+2]`` is one of :func:`_swap_keys`' strings, in order: one
    vectorised pass, not a Python step per swappable character.

    >>> from textfix.fixers.spin_model import words
    >>> _swap_starts("我们的工做做得很好", tables(), words())
    [3]
    """
    import numpy as np

    table = _swap_keys(tab, vocab)
    if len(seg) < 2 or not len(table):
        return []
    if keys is None:
        keys = _bigram_keys(seg)
    hit = table[np.minimum(table.searchsorted(keys), len(table) - 1)] == keys
    return np.flatnonzero(hit).tolist()


# ---------------------------------------------------------------------------
# thesaurus (user supplied, Tongyici Cilin format)


@lru_cache(maxsize=2)
def load_thesaurus(path: str) -> dict[str, list[str]]:
    """``word → synonyms`` from a Cilin-format file (``Aa01A01= 人 士 人物``; ``=`` rows only)."""
    syn: dict[str, list[str]] = {}
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for line in fh:
                head, _, rest = line.partition(" ")
                if len(head) < 8 or head[7] != "=":
                    continue
                words = rest.split()
                for w in words:
                    if len(w) >= 2:
                        syn.setdefault(w, []).extend(x for x in words if x != w and len(x) >= 2)
    except OSError:
        return {}
    return syn


@lru_cache(maxsize=2)
def _thesaurus_automaton(path: str) -> Any:
    return _automaton(load_thesaurus(path))


def _thesaurus_edits(seg: str, offset: int, syn: dict[str, list[str]], lm: Any,
                     covered: list[tuple[int, int]], path: str = "", doc: str = "") -> list[Edit]:
    """Words of a spun region reverted to a thesaurus synonym, decided like ambiguous
    dictionary entries (:data:`THESAURUS_PENALTY` nats more, the pair being unverified).

    Candidates are the synonyms a spinner's table would have swapped in place: the same
    length and sharing a character (建立/建设, 支持/支撑), common in clean text, and never
    used in the document (a spinner rewrites every occurrence of its source word). The
    context model's preference, the spun word's rarity in clean text and how often the
    document repeats it decide; a word inside a known phrase is left alone.
    """
    from .spin_model import in_phrase, phrases

    lexicon = phrases()
    doc = doc or seg
    auto = _automaton(syn) if not path else _thesaurus_automaton(path)
    busy = set()
    for s, e in covered:
        busy.update(range(s, e))
    found = [(e_ - len(w) + 1, e_ + 1, w) for e_, w in auto.iter_long(seg)]
    doc_count: Counter = Counter(w for _, _, w in found)
    edits = []
    for s, e, w in found:
        if any(k in busy for k in range(s, e)) or not _HAN_WORD.match(w):
            continue
        cands = _thesaurus_candidates(w, tuple(syn[w]))
        cands = [c for c in cands if c not in doc]
        if not cands:
            continue
        left, right = seg[max(0, s - 3) : s], seg[e : e + 3]
        if in_phrase(left, w, right, lexicon):
            continue
        # how much the context supports each word beyond its frequency: on raw probability
        # the more frequent synonym always wins (measured: every such edit was wrong)
        base = _support(lm, left, w, right)
        delta, c = max((_support(lm, left, c, right) - base, c) for c in cands)
        nw = lm.count(w)
        rarity = -RARITY_WEIGHT * math.log10(1 + nw * 1e6 / lm.total)
        cons = CONSISTENCY + CONSISTENCY_PER_DOUBLING * math.log2(doc_count[w])
        margin = delta + rarity + cons - THESAURUS_PENALTY
        if margin < CONTEXT_MARGIN:
            continue
        edits.append(Edit("spin", "spin-thesaurus", offset + s, offset + e, w, c, _conf(margin - CONTEXT_MARGIN + 1.5),
                          f"{w} ({nw}× in clean text) → thesaurus synonym {c} (never used in this text); "
                          f"context {delta:+.1f}, margin {margin:.1f}",
                          evidence={"thesaurus": path or True, "clean_count_spun": nw, "context_delta": round(delta, 2),
                                    "rarity": round(rarity, 2), "consistency": round(cons, 2),
                                    "candidates": len(cands), "margin": round(margin, 2),
                                    "context": left + "[" + w + "]" + right}))
    return edits


def _support(lm: Any, left: str, word: str, right: str) -> float:
    """Log-probability of ``word`` in context, with only :data:`THESAURUS_PRIOR_WEIGHT` of its
    context-free log-probability: the context's own evidence for the word."""
    alone = lm.score("", word, "")
    return lm.score(left, word, right) - (1.0 - THESAURUS_PRIOR_WEIGHT) * alone


_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
#: A neighbour the word model may judge by: a Han word (left_word/right_word fall back to one character).
_HAN_WORD_START = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=65536)
def _thesaurus_candidates(word: str, synonyms: tuple[str, ...]) -> list[str]:
    """Synonyms a spinner would swap in for ``word``: same length, a shared character, common.

    >>> _thesaurus_candidates("建立", ("建设", "树立", "成立了", "创立", "建树"))
    ['建设', '树立']
    """
    from .spin_model import words

    vocab = words()
    out = []
    for c in dict.fromkeys(synonyms):
        if c != word and len(c) == len(word) and set(c) & set(word) and vocab.get(c, 0) >= THESAURUS_MIN_WORD:
            out.append(c)
    return out


# ---------------------------------------------------------------------------


# Any character outside GB2312's common range hints at Traditional text; only then is
# the document's script looked at.
_TRADITIONAL_HINT = re.compile("[這個們來說時會對為於與學將過還從開關發現後問題麼]")


def find(text: str, ctx: Any) -> list[Edit]:
    """Spin findings and repairs for ``text`` (nothing unless the text is judged spun)."""
    try:
        return _find_in_document_script(text, ctx)
    except Exception:  # a fixer never raises; a bug here must not lose the user's text
        return []


def _find_in_document_script(text: str, ctx: Any) -> list[Edit]:
    """The dictionaries and the context model are Simplified: a Traditional document
    (target ``keep``) is folded to Simplified for the search, and the repairs are
    written back in Traditional (經由過程→通過, not 通过)."""
    if not _TRADITIONAL_HINT.search(text):
        return _find(text, ctx)
    from .script import convert, identify_script

    notes = getattr(ctx, "notes", None) or {}
    ident = notes.get("script") or identify_script(text)
    if ident.label != "hant" and not (ident.label == "mixed" and ident.majority == "hant"):
        return _find(text, ctx)
    folded = convert(text, "hans")
    if len(folded) != len(text):
        return _find(text, ctx)
    edits = []
    for e in _find(folded, ctx, regional=True):
        e.before = text[e.start : e.end]
        if e.after:
            e.after = convert(e.after, "hant")
            if e.after == e.before:
                continue
        edits.append(e)
    return edits


def _find(text: str, ctx: Any, regional: bool = False) -> list[Edit]:
    tab = tables(_user_paths(ctx), regional)
    # clean text: one Aho-Corasick pass (see spin_detect.judge)
    spun_blocks = [(v.start, v.end, v) for v in judge(text, tab) if v.spun]
    if not spun_blocks:
        return []
    doc_counts: Counter = Counter()
    forms: list[tuple[int, int, str]] = []  # every spun form of the spun blocks, leftmost-longest
    for bs, be, *_ in spun_blocks:
        found = [(bs + e_ + 1 - len(w), bs + e_ + 1, w) for e_, w in tab.all_forms.iter_long(text[bs:be])]
        doc_counts.update(map(itemgetter(2), found))
        forms += found
    form_starts = [f[0] for f in forms]
    spun_text = "".join(text[bs:be] for bs, be, *_ in spun_blocks)
    # how often each original form occurs (document consistency)
    orig_counts = _count_originals(spun_text, tab)
    for o, n in orig_counts.items():
        if o not in doc_counts:
            doc_counts[o] = n
    opts = getattr(ctx, "options", None)
    thes_path = getattr(opts, "thesaurus", None)
    thesaurus = load_thesaurus(thes_path) if thes_path else None
    edits = []
    prepared = []  # per block: its finding and its regions, prepared for repair
    for bs, be, v in spun_blocks:
        regions = [(bs + s, bs + e) for s, e in spun_regions(text[bs:be], v.evidence_starts)]
        finding = Edit("spin", "spin-document", bs, bs, "", None, v.confidence(), v.reason(),
                       evidence={**v.evidence(), "regions": regions})
        # a region is whole lines of its block and no form holds a line break: the block's
        # matches inside it are the region's own
        preps = []
        for s, e in regions:
            inside = forms[bisect.bisect_left(form_starts, s) : bisect.bisect_left(form_starts, e)]
            preps.append((s, e, _prepare(text, s, e, tab, [f for f in inside if f[1] <= e])))
        prepared.append((v, finding, preps))
    # the context scores of the whole document in one vectorised pass
    scores = _lm().scores([w for *_, preps in prepared for *_, prep in preps for w in prep.windows])
    k = 0
    held: list[tuple[float, Edit]] = []
    for v, finding, preps in prepared:
        edits.append(finding)
        for s, e, prep in preps:
            n = len(prep.windows)
            first = repair(text, s, e, tab, doc_counts, round(v.score, 2), thesaurus, thes_path or "",
                           prepared=prep, scores=scores[k : k + n], held=held)
            edits += first + _second_pass(text, s, e, tab, doc_counts, round(v.score, 2), prep, first)
            k += n
    return edits + _confirmed_elsewhere(edits, held)


def _confirmed_elsewhere(edits: list[Edit], held: list[tuple[float, Edit]]) -> list[Edit]:
    """The held ambiguous edits whose replacement the document confirms: the same form reverted
    to the same original elsewhere with a margin of :data:`CONFIRMED_MARGIN` or more. A spinner
    rewrites every occurrence of its source word, so those occurrences count for each other
    (measured on pairs_train and seed 002: 10 more right, 0 wrong).

    >>> sure = Edit("spin", "spin-context", 0, 2, "凡是", "通常", 0.9, "", evidence={"margin": 4.9})
    >>> weak = Edit("spin", "spin-context", 9, 11, "凡是", "通常", 0.6, "", evidence={"margin": -0.7})
    >>> [(e.start, e.evidence["margin"]) for e in _confirmed_elsewhere([sure], [(-0.7, weak)])]
    [(9, 2.3)]
    """
    confirmed = {(e.before, e.after) for e in edits
                 if e.rule == "spin-context" and e.evidence.get("margin", 0.0) >= CONFIRMED_MARGIN}
    taken = {(e.start, e.end) for e in edits if e.fixable}  # decided by the second pass
    out = []
    for margin, e in held:
        if (e.before, e.after) in confirmed and (e.start, e.end) not in taken:
            total = margin + CONFIRMED_BONUS
            e.confidence = _conf(total - CONTEXT_MARGIN + 1.5)
            e.evidence.update({"margin": round(total, 2), "confirmed_elsewhere": True})
            e.reason += f"; {e.before}→{e.after} confirmed elsewhere in the document (+{CONFIRMED_BONUS:g})"
            out.append(e)
    return out
