"""Learn spinner substitutions from spun/original pairs (``textfix learn``).

A spinner (伪原创 tool) replaces whole words by fixed "synonyms", so aligning a
spun passage with the original it was made from, character by character,
exposes the substitution table: ``设置装备摆设`` ← ``配置``, ``工做`` ← ``工作``.

:func:`learn` aligns every pair with rapidfuzz's Levenshtein opcodes, widens
each difference to whole words of the original (jieba when installed, else
the difference itself), counts the word pairs, and grades every spun form by
how often it occurs in clean text: a form never seen in clean text is an
*unambiguous* marker of spinning, a common word is *ambiguous* and must be
decided by context.

>>> sorted(align_pairs("社区工做现实", "社区工作实际"))
[('工做现实', '工作实际')]
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Iterator

from rapidfuzz.distance import Levenshtein

from .. import datafiles
from ..textutil import common_affix

#: Spun forms seen at most this often per million clean characters are unambiguous.
UNAMBIGUOUS_PER_MILLION = 0.5

_HAN = re.compile(r"^[\u3400-\u9fff]+$")
_NON_HAN = re.compile(r"[^\u3400-\u9fff]+")

TSV_HEADER = ("spun", "original", "pairs", "clean_count", "clean_per_million", "grade", "source", "note")


def _han_only(text: str) -> str:
    """Han characters only, so markup, spaces and punctuation width do not disturb the alignment.

    >>> _han_only("在 jenkins 中，配置")
    '在中配置'
    """
    return _NON_HAN.sub("", text)


def _word_bounds(text: str) -> list[int]:
    """Word boundary offsets of ``text`` (jieba if available, else every character)."""
    try:
        import jieba  # type: ignore[import-not-found]

        jieba.setLogLevel(60)
        bounds = [0]
        for w in jieba.cut(text, HMM=False):
            bounds.append(bounds[-1] + len(w))
        return bounds
    except Exception:  # jieba missing: every character is a boundary
        return list(range(len(text) + 1))


def _regions(s: str, o: str) -> list[tuple[int, int, int, int]]:
    """Changed regions ``(s1, s2, o1, o2)`` between ``s`` and ``o``.

    A single equal character between two changes is not an anchor: spun forms
    often share one character with their original (设置装备摆设/建设 share 设,
    经由过程/通过 share 过), and splitting there cuts words apart.
    """
    ops = Levenshtein.opcodes(s, o)
    regions: list[list[int]] = []
    for k, op in enumerate(ops):
        if op.tag == "equal":
            inner = 0 < k < len(ops) - 1 and op.src_end - op.src_start == 1
            if not (inner and regions and regions[-1][1] == op.src_start):
                continue
        if regions and regions[-1][1] == op.src_start and regions[-1][3] == op.dest_start:
            regions[-1][1], regions[-1][3] = op.src_end, op.dest_end
        else:
            regions.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    # a region must not end on the equal character it swallowed
    out = []
    for s1, s2, o1, o2 in regions:
        while s2 > s1 and o2 > o1 and s[s2 - 1] == o[o2 - 1]:
            s2, o2 = s2 - 1, o2 - 1
        while s1 < s2 and o1 < o2 and s[s1] == o[o1]:
            s1, o1 = s1 + 1, o1 + 1
        out.append((s1, s2, o1, o2))
    return out


def _split(sw: str, words: list[str], known: dict[str, list[str]]) -> list[tuple[str, str]] | None:
    """Split a spun stretch into one spun form per original word, using known forms.

    >>> _split("经由过程设置装备摆设", ["通过", "配置"], {"经由过程": ["通过"]})
    [('经由过程', '通过'), ('设置装备摆设', '配置')]
    """
    if len(words) == 1:
        return [(sw, words[0])]
    head = words[0]
    if sw.startswith(head):  # the first word was not changed
        rest = _split(sw[len(head):], words[1:], known)
        return None if rest is None else [(head, head)] + rest
    for n in range(min(len(sw) - 1, 8), 0, -1):
        if head in known.get(sw[:n], ()):
            rest = _split(sw[n:], words[1:], known)
            if rest is not None:
                return [(sw[:n], head)] + rest
    last = words[-1]
    if sw.endswith(last):
        rest = _split(sw[: len(sw) - len(last)], words[:-1], known)
        return None if rest is None else rest + [(last, last)]
    for n in range(min(len(sw) - 1, 8), 0, -1):
        if last in known.get(sw[len(sw) - n :], ()):
            rest = _split(sw[: len(sw) - n], words[:-1], known)
            if rest is not None:
                return rest + [(sw[len(sw) - n :], last)]
    return None


def _bigram_count(text: str) -> int:
    """Clean-text count of a character bigram (the shipped context model's counts)."""
    from .spin_model import model

    return model().count(text)


#: A one-character substitution is widened to a bigram the original uses this often in clean text ...
WIDEN_MIN_ORIGINAL = 20
#: ... when the spun bigram is at most this share as common.
WIDEN_MAX_RATIO = 0.1


def _widen_single(s: str, o: str, si: int, oi: int) -> tuple[str, str]:
    """A one-character substitution at ``s[si]``/``o[oi]`` learned with the unchanged character
    beside it when the original bigram is common in clean text and the spun one is not
    (都邑 ← 都会): the spinner rewrote that word, and the two-character form can be decided
    (or even be a marker) where the lone character (邑, 该) is too common to touch.

    >>> _widen_single("行完它都邑被履行", "行完它都会被执行", 4, 4)
    ('都邑', '都会')
    >>> _widen_single("甲乙", "甲丙", 1, 1)
    ('乙', '丙')
    """
    for a, b in ((1, 0), (0, 1)):  # the left neighbour first, then the right one
        if si - a < 0 or oi - a < 0 or si + 1 + b > len(s) or oi + 1 + b > len(o):
            continue
        if s[si - a : si] != o[oi - a : oi] or s[si + 1 : si + 1 + b] != o[oi + 1 : oi + 1 + b]:
            continue
        sw, ow = s[si - a : si + 1 + b], o[oi - a : oi + 1 + b]
        n_o = _bigram_count(ow)
        if n_o >= WIDEN_MIN_ORIGINAL and _bigram_count(sw) <= WIDEN_MAX_RATIO * n_o:
            return sw, ow
    return s[si], o[oi]


def _inner_pair(s: str, o: str, si: int, oi: int, pw: str, ow: str) -> list[tuple[str, str]]:
    """The word that changed inside a longer pair of the same length, as a pair of its own: 尤为首要
    ← 尤为重要 also teaches 首要 ← 重要, which the spinner writes in any other context too (the
    segmenter kept the set phrase whole). ``pw``/``ow`` start at ``s[si]``/``o[oi]``. A changed
    stretch of one character is widened as :func:`_widen_single` does (or left out: a lone
    character is too common to learn), one of two characters must pass its clean-count test;
    none when the pair changed everywhere, is short, or changed over three characters or more.

    >>> _inner_pair("尤为首要", "尤为重要", 0, 0, "尤为首要", "尤为重要")
    [('首要', '重要')]
    >>> _inner_pair("推敲一下", "考虑一下", 0, 0, "推敲一下", "考虑一下")
    [('推敲', '考虑')]
    >>> _inner_pair("工做", "工作", 0, 0, "工做", "工作")
    []
    >>> _inner_pair("社区工做现实", "社区工作实际", 0, 0, "社区工做现实", "社区工作实际")
    []
    """
    if len(pw) != len(ow) or len(pw) < 3:
        return []
    a, same_end = common_affix(pw, ow)
    b = len(pw) - same_end
    if a == 0 and b == len(pw):
        return []  # changed from end to end: the pair is the word
    if b - a == 1:
        inner = _widen_single(s, o, si + a, oi + a)
        return [inner] if len(inner[0]) > 1 else []
    # two changed characters: a word when the original bigram is common and the spun one rare in
    # clean text (the test of _widen_single); a longer stretch spans words (做现实 in 工做现实)
    sw, ow2 = pw[a:b], ow[a:b]
    n_o = _bigram_count(ow2)
    if b - a == 2 and n_o >= WIDEN_MIN_ORIGINAL and _bigram_count(sw) <= WIDEN_MAX_RATIO * n_o:
        return [(sw, ow2)]
    return []


def align_pairs(spun: str, original: str, max_len: int = 6,
                known: dict[str, list[str]] | None = None) -> Iterator[tuple[str, str]]:
    """Yield ``(spun_word, original_word)`` substitutions between two versions of a text.

    Differences are widened to whole words of the original so that a one
    character swap inside a word (``工做`` for ``工作``) is learned as a word pair.
    A difference covering several original words is split at known spun forms
    (``known``: spun form → originals); if it cannot be split it is kept whole
    when short enough.

    >>> list(align_pairs("社区工做现实", "社区工作实际"))
    [('工做现实', '工作实际')]
    >>> list(align_pairs("我们经由过程设置装备摆设启动", "我们通过配置启动", known={"经由过程": ["通过"]}))
    [('经由过程', '通过'), ('设置装备摆设', '配置')]
    """
    s, o = _han_only(spun), _han_only(original)
    if not s or not o:
        return
    known = known or {}
    bounds = _word_bounds(o)
    for s1, s2, o1, o2 in _regions(s, o):
        if o1 == o2 or s1 == s2:
            continue  # pure insertions/deletions: not a substitution
        lo = max(b for b in bounds if b <= o1)
        hi = min(b for b in bounds if b >= o2)
        left, right = o1 - lo, hi - o2
        if s1 - left < 0 or s2 + right > len(s):
            continue
        if s[s1 - left : s1] != o[lo:o1] or s[s2 : s2 + right] != o[o2:hi]:
            continue
        sw = s[s1 - left : s2 + right]
        words = []
        k = lo
        for b in bounds:
            if lo < b <= hi:
                words.append(o[k:b])
                k = b
        parts = _split(sw, words, known) or [(sw, o[lo:hi])]
        # the parts are consecutive pieces of sw and o[lo:hi]: widen the one-character ones in place
        widened, si, oi = [], s1 - left, lo
        for pw, ow in parts:
            widened.append(_widen_single(s, o, si, oi) if len(pw) == len(ow) == 1 and pw != ow else (pw, ow))
            widened += _inner_pair(s, o, si, oi, pw, ow)
            si, oi = si + len(pw), oi + len(ow)
        parts = widened
        for pw, ow in parts:
            if len(pw) > max_len or len(ow) > max_len:
                # too long as a whole word (设置装备摆设文件/配置文件): keep the part that changed
                while pw and ow and pw[-1] == ow[-1]:
                    pw, ow = pw[:-1], ow[:-1]
                while pw and ow and pw[0] == ow[0]:
                    pw, ow = pw[1:], ow[1:]
            if not pw or not ow or pw.startswith(ow) or pw.endswith(ow) or ow.startswith(pw) or ow.endswith(pw):
                continue  # an insertion or deletion beside a word, not a substitution
            if len(pw) <= max_len and len(ow) <= max_len and _HAN.match(pw) and _HAN.match(ow):
                yield pw, ow


def known_forms() -> dict[str, list[str]]:
    """Spun form → originals of the shipped curated dictionary (used to split long differences)."""
    out: dict[str, list[str]] = {}
    for line in datafiles.read_text("spin_curated.tsv").splitlines():
        f = line.split("\t")
        if len(f) >= 2 and f[0] and not line.startswith("#") and f[0] != "spun":
            out[f[0]] = f[1].split("|")
    return out


def read_pairs(path: str | Path) -> Iterator[tuple[str, str]]:
    """``(spun, original)`` records of a JSONL file with ``spun`` and ``original`` fields."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                rec = json.loads(line)
                yield rec["spun"], rec["original"]


def clean_counter(paths: Iterable[str | Path] | None) -> tuple["CountFn", int]:
    """A function counting a string's occurrences in clean text, and that text's length.

    ``paths`` are plain or segmented text files (``word/TAG`` tokens and spaces
    are removed); ``None`` uses the shipped context model's n-gram counts.
    """
    if paths:
        chunks = []
        for p in paths:
            with open(p, encoding="utf-8-sig") as fh:
                for line in fh:
                    toks = line.split()
                    chunks.append("".join(t.rsplit("/", 1)[0] if "/" in t[1:] else t for t in toks))
        text = "\n".join(chunks)
        return text.count, len(text)
    from .spin_model import model

    m = model()
    return m.count, m.total


CountFn = "Callable[[str], int]"


def learn(pairs_path: str | Path, out_path: str | Path, clean_corpus: Iterable[str | Path] | str | None = None) -> dict:
    """Learn a spin dictionary from ``pairs_path`` and write it to ``out_path`` (TSV).

    Returns statistics: number of pairs read, substitutions found, entries written,
    how many entries are unambiguous, and how many spun forms were not learned because
    the originals use them as often as the spinner wrote them (:func:`_authored_counts`).
    """
    if isinstance(clean_corpus, (str, Path)):
        clean_corpus = [clean_corpus]
    subs: Counter[tuple[str, str]] = Counter()
    n_pairs = 0
    known = known_forms()
    records = list(read_pairs(pairs_path))
    # two passes: short pairs learned in the first help split compound differences in the second
    for spun, original in records:
        for sw, ow in align_pairs(spun, original, known=known):
            if len(ow) <= 2 and len(sw) <= 4:
                known.setdefault(sw, []).append(ow)
    for spun, original in records:
        n_pairs += 1
        subs.update(align_pairs(spun, original, known=known))
    count, total = clean_counter(clean_corpus)
    by_spun: dict[str, Counter[str]] = defaultdict(Counter)
    for (sw, ow), n in subs.items():
        by_spun[sw][ow] += n
    authored = _authored_counts(records, by_spun)
    rows, inconsistent = [], 0
    for sw in sorted(by_spun):
        origs = by_spun[sw]
        if authored[sw] >= sum(origs.values()):
            inconsistent += 1  # the authors wrote it as often as the spinner did: not evidence
            continue
        clean = count(sw)
        per_m = clean * 1e6 / max(total, 1)
        grade = "unambiguous" if per_m <= UNAMBIGUOUS_PER_MILLION else "ambiguous"
        rows.append((sw, "|".join(o for o, _ in origs.most_common()), sum(origs.values()), clean,
                     f"{per_m:.2f}", grade, "learned:" + Path(pairs_path).name, ""))
    header = [
        "# textfix spin dictionary, learned by textfix.fixers.spin_learn.learn",
        f"# pairs: {Path(pairs_path).name} ({n_pairs} pairs); clean text for grading: "
        + (", ".join(Path(p).name for p in clean_corpus) if clean_corpus else "shipped spin_lm n-gram counts")
        + f" ({total} chars)",
        "# columns: spun form, original form(s) '|'-separated by frequency, times seen in pairs,",
        "#   occurrences of the spun form in clean text, per million chars, grade",
        f"#   (unambiguous = at most {UNAMBIGUOUS_PER_MILLION} per million in clean text), source, note",
        "\t".join(TSV_HEADER),
    ]
    with open(out_path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(header) + "\n")
        for r in rows:
            fh.write("\t".join(str(x) for x in r) + "\n")
    return {
        "pairs": n_pairs,
        "substitutions": sum(subs.values()),
        "entries": len(rows),
        "unambiguous": sum(1 for r in rows if r[5] == "unambiguous"),
        "dropped_authored": inconsistent,
    }


def _authored_counts(records: list[tuple[str, str]], forms: Iterable[str]) -> Counter[str]:
    """How often each form occurs in the original side of the pairs: the authors' own uses.

    A pair the spinner is seen to make (包括→包含) is no evidence when the originals use the
    spun form (包含) as often: the alignment found a two-way swap or noise, and the fixer
    would rewrite the authors' words. Such forms are not learned.

    >>> _authored_counts([("它包含", "它包括"), ("包含", "包含")], ["包含"])["包含"]
    1
    """
    text = "\n".join(_han_only(o) for _, o in records)
    return Counter({f: text.count(f) for f in forms})


def regrade(path: str | Path, clean_corpus: Iterable[str | Path] | None = None) -> dict:
    """Recompute the clean-text count and grade columns of a dictionary file in place.

    Comment lines, the spun/original forms, sources and notes are kept as they are.
    """
    count, total = clean_counter(clean_corpus)
    out, n, unamb = [], 0, 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("spun\t") or not line.strip():
                out.append(line.rstrip("\n"))
                continue
            f = line.rstrip("\n").split("\t")
            f += [""] * (len(TSV_HEADER) - len(f))
            clean = count(f[0])
            per_m = clean * 1e6 / max(total, 1)
            f[3], f[4] = str(clean), f"{per_m:.2f}"
            f[5] = "unambiguous" if per_m <= UNAMBIGUOUS_PER_MILLION else "ambiguous"
            if f[7].startswith("ambiguous"):  # a curator's override: a real phrase despite its rarity
                f[5] = "ambiguous"
            n += 1
            unamb += f[5] == "unambiguous"
            out.append("\t".join(f))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")
    return {"entries": n, "unambiguous": unamb}
