"""Wrong Chinese script: identify Simplified/Traditional/mixed text, convert it
with OpenCC, and repair naive character-by-character conversions.

Three rules:

* ``script-minority-span`` (target ``keep``): a clause whose script disagrees
  with the document's majority script is converted to the majority script.
* ``script-convert`` (explicit target): text not in the target script is
  converted with the matching OpenCC config (t2s, s2t, s2tw, s2hk, and the
  phrase variants tw2sp, s2twp, s2hkp with ``script_phrases``).
* ``script-naive-conversion``: in Traditional text, a character that no
  phrase-aware conversion (OpenCC s2t, s2tw or s2hk of the same Simplified
  text) would have produced in that context: 麵臨 (面臨), 係統 (系統), 頭發
  (頭髮), 好瞭 (好了). Repaired whatever the target. Words native Taiwan/Hong Kong
  writers use where OpenCC writes another form (計畫, 據了解, 宣布:
  ``dictionaries/script_native.tsv``) are left alone in text that reads as native.

Which characters are "Simplified" or "Traditional" comes from OpenCC's own
tables (``dictionaries/script_chars.tsv``, built by
``bench/build_script_tables.py``): a character is script-specific only if
OpenCC never puts it on the other side, so forms Taiwan or Hong Kong share
with Simplified (着, 群, 峰, 床, 户) decide nothing.

>>> identify_script("这是简体中文。").label
'hans'
>>> identify_script("這是繁體中文。").label
'hant'
>>> identify_script("123 abc").label
'none'
>>> [(e.before, e.after) for e in naive_conversion_errors("我們麵臨的係統問題")]
[('們麵臨', '們面臨'), ('的係統', '的系統')]
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

from .. import datafiles
from ..edits import Edit
from ..textutil import char_class, position_clusters

try:  # optional: the per-character checks of long texts as array operations
    import numpy as _np
except ImportError:  # pragma: no cover - the pure-Python loops give the same edits
    _np = None

NAME = "script"
KINDS = ("script",)
RULES = {
    "script-minority-span": "clause whose Chinese script disagrees with the document's majority script (target keep)",
    "script-convert": "text not in the target script, converted with the matching OpenCC config",
    "script-naive-conversion": "Traditional character a phrase-aware conversion would not have produced here (麵臨, 係統, 頭發)",
}

#: Targets and the OpenCC config that converts *to* them (plain, with phrases).
TO_CONFIG = {
    "hans": ("t2s", "tw2sp"),
    "hant": ("s2t", "s2t"),
    "tw": ("s2tw", "s2twp"),
    "hk": ("s2hk", "s2hkp"),
}
#: Regional variant normalisation of text that is already Traditional.
TRAD_TO_REGION = {"tw": "t2tw", "hk": "t2hk"}

LABELS = ("hans", "hant", "mixed", "none")

# Clause boundaries: identification and minority spans work clause by clause.
_CLAUSE = re.compile(r"[^。！？!?；;，,、：:\n\r]*(?:[。！？!?；;，,、：:]+|\r?\n|$)")
_LINE = re.compile(r"[^\n]*\n?")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
# Kana or Hangul in a clause means Japanese or Korean: its kanji/hanja are not Chinese script errors.
# U+FFFD means the clause is decoding damage (mojibake the earlier stage could not undo), whose
# characters are codec accidents, not a script choice: 譁�蟄怜喧 must not become 譁�蟄憐喧.
_NOT_CHINESE_RANGES = r"\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f\u1100-\u11ff\uac00-\ud7af\ufffd"
_NOT_CHINESE = re.compile(f"[{_NOT_CHINESE_RANGES}]")


# --------------------------------------------------------------------------- data


class _CharSet:
    """Find characters of a large set quickly.

    ``re`` compiles a class of BMP characters into a bitmap (C-speed scans), but
    falls back to a slow range list once a supplementary character is in it, so
    those live in a second pattern that runs only on text that has any.
    """

    def __init__(self, chars: Iterable[str]):
        chars = set(chars)
        self.chars = frozenset(chars)
        bmp = [c for c in chars if ord(c) < 0x10000]
        astral = [c for c in chars if ord(c) >= 0x10000]
        self.bmp = re.compile(char_class(bmp)) if bmp else None
        self.astral = re.compile(char_class(astral)) if astral else None

    def findall(self, text: str, astral: bool | None = None) -> list[str]:
        """The characters of ``text`` in the set (``astral``: whether text has any non-BMP character)."""
        found = self.bmp.findall(text) if self.bmp else []
        if self.astral and (_has_astral(text) if astral is None else astral):
            found += self.astral.findall(text)
        return found

    def search(self, text: str) -> bool:
        return bool(self.bmp and self.bmp.search(text)) or bool(
            self.astral and _has_astral(text) and self.astral.search(text))

    def find(self, text: str, pos: int = 0, astral: bool | None = None) -> int:
        """Index of the first character of the set at or after ``pos``, or -1.

        >>> _CharSet("見\U00020000").find("a\U00020000見", 0), _CharSet("見").find("見a", 1)
        (1, -1)
        """
        m = self.bmp.search(text, pos) if self.bmp else None
        i = m.start() if m else -1
        if self.astral and (_has_astral(text) if astral is None else astral):
            a = self.astral.search(text, pos, i if i >= 0 else len(text))
            i = a.start() if a else i
        return i

    def count(self, text: str, start: int = 0, end: int | None = None) -> int:
        """How many characters of ``text[start:end]`` are in the set."""
        end = len(text) if end is None else end
        n = len(self.bmp.findall(text, start, end)) if self.bmp else 0
        if self.astral and _has_astral(text[start:end]):
            n += len(self.astral.findall(text, start, end))
        return n


def _has_astral(text: str) -> bool:
    """Whether ``text`` has a character outside the BMP (a UTF-16 encode is the cheapest test).

    >>> _has_astral("中文"), _has_astral("\U00020000")
    (False, True)
    """
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


@dataclass(frozen=True)
class _Tables:
    hans: frozenset[str]
    hant: frozenset[str]
    hans_rx: _CharSet
    hant_rx: _CharSet
    #: Simplified -> its Traditional candidates (default first), one-to-many rows only.
    one_to_many: dict[str, tuple[str, ...]]
    #: Every Traditional candidate in those rows.
    candidates_rx: _CharSet
    #: Traditional char -> Simplified chars it is a candidate of.
    sources: dict[str, tuple[str, ...]]
    #: Characters that are both valid Simplified and a non-default Traditional form
    #: of another character (瞭 for 了), with the OpenCC phrases that license them.
    shadow_phrases: dict[str, tuple[str, ...]]


@functools.lru_cache(maxsize=1)
def tables() -> _Tables:
    """Load the OpenCC-derived tables once per process."""
    sets = {row[0]: row[1] for row in datafiles.rows("script_chars.tsv")}
    one_to_many = {row[0]: tuple(row[1].split()) for row in datafiles.rows("script_onetomany.tsv")}
    sources: dict[str, list[str]] = {}
    for s, cands in one_to_many.items():
        for t in cands:
            sources.setdefault(t, []).append(s)
    shadow = {row[0]: tuple(row[1].split()) if len(row) > 1 else () for row in datafiles.rows("script_phrases.tsv")}
    return _Tables(
        hans=frozenset(sets["hans"]),
        hant=frozenset(sets["hant"]),
        hans_rx=_CharSet(sets["hans"]),
        hant_rx=_CharSet(sets["hant"]),
        one_to_many=one_to_many,
        candidates_rx=_CharSet("".join("".join(v) for v in one_to_many.values())),
        sources={k: tuple(v) for k, v in sources.items()},
        shadow_phrases=shadow,
    )


@functools.lru_cache(maxsize=None)
def converter(config: str) -> Any:
    """One cached OpenCC converter per config, created on first use."""
    import opencc

    return opencc.OpenCC(config)


def opencc_convert(text: str, config: str) -> str:
    """Convert ``text`` with an OpenCC config (``s2t``, ``tw2sp`` ...).

    >>> opencc_convert("头发", "s2t")
    '頭髮'
    >>> opencc_convert("头\\ud800发", "s2t")  # lone surrogates pass through untouched
    '頭\\ud800發'
    """
    if not text:
        return text
    if _SURROGATE.search(text):  # OpenCC takes UTF-8: convert around them
        return "".join(p if _SURROGATE.match(p) else converter(config).convert(p) if p else p
                       for p in _SURROGATE_SPLIT.split(text))
    return converter(config).convert(text)


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_SPLIT = re.compile("([\ud800-\udfff]+)")


# --------------------------------------------------------------------------- identification


@dataclass
class ScriptSpan:
    """A run of clauses with one script label."""

    start: int
    end: int
    label: str
    hans: int = 0
    hant: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ScriptIdentification:
    """What :func:`identify_script` found."""

    label: str
    confidence: float
    #: Spans with their own label (one span for single-script text, several for mixed).
    spans: list[ScriptSpan] = field(default_factory=list)
    #: The deciding characters: ``{"hans": "这个说", "hant": "這個說"}`` (most frequent first).
    evidence: dict[str, str] = field(default_factory=dict)
    hans: int = 0
    hant: int = 0

    @property
    def majority(self) -> str:
        """``hans`` or ``hant`` (the larger count; ``none`` when neither occurs)."""
        if not self.hans and not self.hant:
            return "none"
        return "hans" if self.hans >= self.hant else "hant"

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "confidence": round(self.confidence, 4),
            "counts": {"hans": self.hans, "hant": self.hant},
            "evidence": self.evidence,
            "spans": [s.to_dict() for s in self.spans],
        }


def _label(hans: int, hant: int) -> str:
    if hans and hant:
        return "mixed"
    return "hans" if hans else "hant" if hant else "none"


def _evidence(found: list[str], limit: int = 12) -> str:
    # the first few thousand occurrences name the deciding characters well enough
    return "".join(c for c, _ in Counter(found[:4096]).most_common(limit))


def _counted(text: str, limit: int = 12) -> list[tuple[int, str]] | None:
    """``[(count, evidence)]`` for Simplified and Traditional characters of BMP ``text`` (numpy).

    The same as counting the regex matches and :func:`_evidence` on them: most frequent
    first among the first 4,096 occurrences, ties in order of first occurrence.
    """
    try:
        cps = _codes(text)
    except UnicodeError:
        return None
    out = []
    for mask in _script_masks():
        pos = _np.flatnonzero(mask[_np.minimum(cps, len(mask) - 1)])
        if not len(pos):
            out.append((0, ""))
            continue
        first = cps[pos[:4096]]
        values, index, counts = _np.unique(first, return_index=True, return_counts=True)
        top = _np.lexsort((index, -counts))[:limit]  # by count, then first occurrence
        out.append((len(pos), "".join(map(chr, values[top].tolist()))))
    return out


def _certainty(n: int) -> float:
    """Confidence that a label decided by ``n`` script-specific characters is right."""
    return 1.0 - 0.5 ** (n + 1) if n else 0.5


def identify_script(text: str) -> ScriptIdentification:
    """Identify ``text`` as ``hans``, ``hant``, ``mixed`` or ``none``.

    Only characters OpenCC never puts on the other side count; the count is
    two regex scans, so this is fast on any text.

    >>> r = identify_script("我们的系统。我們的系統。")
    >>> r.label, [(s.start, s.end, s.label) for s in r.spans]
    ('mixed', [(0, 6, 'hans'), (6, 12, 'hant')])
    >>> identify_script("一群人在床上。").label  # forms Taiwan/Hong Kong share with Simplified
    'none'
    """
    t = tables()
    astral = _has_astral(text)
    counted = _counted(text) if not astral and len(text) >= 1024 and _np is not None else None
    if counted is not None:
        (n_s, ev_s), (n_t, ev_t) = counted
    else:
        hans_found = t.hans_rx.findall(text, astral)
        hant_found = t.hant_rx.findall(text, astral)
        n_s, n_t = len(hans_found), len(hant_found)
        ev_s = _evidence(hans_found) if n_s else ""
        ev_t = _evidence(hant_found) if n_t else ""
    label = _label(n_s, n_t)
    evidence = {}
    if n_s:
        evidence["hans"] = ev_s
    if n_t:
        evidence["hant"] = ev_t
    if label == "none" and _HAN.search(text):
        return _by_conversion(text)
    if label != "mixed":
        spans = [ScriptSpan(0, len(text), label, n_s, n_t)] if text else []
        return ScriptIdentification(label, _certainty(n_s + n_t), spans, evidence, n_s, n_t)
    spans = _mixed_spans(text)
    labels = {s.label for s in spans}
    minority = min(n_s, n_t)
    confidence = _certainty(minority) if {"hans", "hant"} <= labels else 0.5 + 0.25 * _certainty(minority)
    return ScriptIdentification("mixed", confidence, spans, evidence, n_s, n_t)


def _by_conversion(text: str) -> ScriptIdentification:
    """No script-specific character: let OpenCC's phrase tables decide.

    多云 has no Simplified-only character, but only Simplified writes 云 for
    cloud (s2t gives 多雲); 崛起於 is Traditional only because t2s changes 於.

    >>> identify_script("南京多云").label, identify_script("崛起於８０年代").label
    ('hans', 'hant')
    """
    to_t = opencc_convert(text, "s2t")
    to_s = opencc_convert(text, "t2s")
    changed_t = to_t != text and opencc_convert(text, "s2hk") != text and opencc_convert(text, "s2tw") != text
    changed_s = to_s != text
    span = lambda label: [ScriptSpan(0, len(text), label)]  # noqa: E731
    if changed_t == changed_s:
        return ScriptIdentification("none", 0.9 if not changed_t else 0.5, span("none"), {})
    label, other = ("hans", to_t) if changed_t else ("hant", to_s)
    chars = "".join(a for a, b in zip(text, other) if a != b)[:12] if len(other) == len(text) else ""
    return ScriptIdentification(label, 0.6, span(label), {label: chars, "by": "OpenCC phrase conversion"})


def _mixed_spans(text: str) -> list[ScriptSpan]:
    """Label clause by clause; neutral clauses join their neighbour; equal labels merge."""
    t = tables()
    bounds = [m.span() for m in _CLAUSE.finditer(text) if m.start() != m.end()]
    counts = _clause_counts(text, bounds)
    if counts is None:
        astral = _has_astral(text)
        counts = [(len(t.hans_rx.findall(text[a:b], astral)), len(t.hant_rx.findall(text[a:b], astral)))
                  for a, b in bounds]
    spans: list[ScriptSpan] = []
    for (a, b), (n_s, n_t) in zip(bounds, counts):
        label = _label(n_s, n_t)
        if spans and (label == "none" or spans[-1].label in (label, "none")):
            prev = spans[-1]
            if prev.label == "none":
                prev.label = label
            prev.end, prev.hans, prev.hant = b, prev.hans + n_s, prev.hant + n_t
        else:
            spans.append(ScriptSpan(a, b, label, n_s, n_t))
    return spans


def _clause_counts(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """``(Simplified, Traditional)`` character counts of each span, from running sums (numpy)."""
    if _np is None or len(bounds) < 64:
        return None
    try:
        cps = _codes(text)
    except UnicodeError:
        return None
    hans, hant = _script_masks()
    idx = _np.minimum(cps, len(hans) - 1)
    zero = _np.zeros(1, dtype=_np.int64)
    cum_s = _np.concatenate([zero, _np.cumsum(hans[idx], dtype=_np.int64)])
    cum_t = _np.concatenate([zero, _np.cumsum(hant[idx], dtype=_np.int64)])
    b = _np.array(bounds, dtype=_np.intp)
    n_s = (cum_s[b[:, 1]] - cum_s[b[:, 0]]).tolist()
    n_t = (cum_t[b[:, 1]] - cum_t[b[:, 0]]).tolist()
    return list(zip(n_s, n_t))


@functools.lru_cache(maxsize=1)
def _script_masks() -> tuple[Any, Any]:
    """Boolean arrays over code points: Simplified-only and Traditional-only characters."""
    t = tables()
    size = max(ord(c) for c in t.hans | t.hant) + 2  # the last entry stands for everything above
    masks = []
    for chars in (t.hans, t.hant):
        m = _np.zeros(size, dtype=bool)
        m[[ord(c) for c in chars]] = True
        masks.append(m)
    return masks[0], masks[1]


# --------------------------------------------------------------------------- conversion


def config_for(target: str, phrases: bool = False) -> str:
    """The OpenCC config converting any text to ``target``.

    >>> config_for("tw", phrases=True)
    's2twp'
    """
    if target not in TO_CONFIG:
        raise ValueError(f"unknown script target {target!r}; use one of {', '.join(TO_CONFIG)}")
    return TO_CONFIG[target][1 if phrases else 0]


def to_simplified_config(text: str, phrases: bool = False) -> str:
    """t2s, or tw2s/hk2s when the text uses Taiwan or Hong Kong variant forms (tw2sp with phrases).

    >>> to_simplified_config("這個"), to_simplified_config("這裡")
    ('t2s', 'tw2s')
    """
    if phrases:
        return "tw2sp"
    if opencc_convert(text, "tw2t") != text:
        return "tw2s"
    if opencc_convert(text, "hk2t") != text:
        return "hk2s"
    return "t2s"


def convert(text: str, target: str, phrases: bool = False) -> str:
    """Convert ``text`` to ``target`` (hans, hant, tw, hk, or any OpenCC config name).

    Naive-conversion errors in Traditional input are repaired first, so the
    result is what a phrase-aware conversion of the original would give.

    >>> convert("我們麵臨的係統問題", "hans")
    '我们面临的系统问题'
    >>> convert("头发干净", "tw")
    '頭髮乾淨'
    >>> convert("鼠标", "s2twp")
    '滑鼠'
    """
    if target not in TO_CONFIG:
        return opencc_convert(text, target)
    ident = identify_script(text)
    repaired = _apply(text, naive_conversion_errors(text)) if ident.label != "hans" else text
    if target == "hans":
        return opencc_convert(repaired, to_simplified_config(repaired, phrases))
    if ident.label == "hant":
        config = TRAD_TO_REGION.get(target)
        return opencc_convert(repaired, config) if config else repaired
    return opencc_convert(repaired, config_for(target, phrases))


def _apply(text: str, edits: list[Edit]) -> str:
    parts, pos = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        if e.after is None or e.start < pos:
            continue
        parts += [text[pos : e.start], e.after]
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def _aligned(text: str, config: str, fill: str | None = None) -> str | None:
    """``text`` converted with ``config``, or ``None`` if the conversion changed its length.

    Line by line, so one length-changing phrase (s2twp 'U盘' → '隨身碟') only
    costs that line: its characters are returned unchanged (or replaced by
    ``fill`` characters, which match nothing).
    """
    out = opencc_convert(text, config)
    if len(out) == len(text):
        return out
    # No OpenCC phrase spans a line break, so converting the lines joined is converting each
    # line: one call instead of one per line. OpenCC stops at a NUL (the ``fill`` of an
    # earlier call), so lines with one are still converted on their own.
    src_lines = text.split("\n")
    plain = [k for k, s in enumerate(src_lines) if "\0" not in s]
    if len(plain) == len(src_lines):
        converted = out.split("\n")  # the whole text is the lines joined
    else:
        converted = opencc_convert("\n".join(src_lines[k] for k in plain), config).split("\n")
    if len(converted) == len(plain):
        conv_of = dict(zip(plain, converted))
        last = len(src_lines) - 1
        pieces = []
        for k, s in enumerate(src_lines):
            line = s + "\n" if k < last else s
            o = conv_of[k] + line[len(s):] if k in conv_of else opencc_convert(line, config)
            pieces.append(o if len(o) == len(line) else line if fill is None else fill * len(line))
        out = "".join(pieces)
        return out if len(out) == len(text) else None
    parts = []
    for m in _LINE.finditer(text):
        line = m.group()
        if not line:
            continue
        conv = opencc_convert(line, config)
        parts.append(conv if len(conv) == len(line) else line if fill is None else fill * len(line))
    out = "".join(parts)
    return out if len(out) == len(text) else None


def _diff_runs(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """Changed regions ``(a_start, a_end, b_start, b_end)`` between ``a`` and ``b``."""
    if len(a) == len(b):
        runs = []
        for s, e in _segments(a):
            if a[s:e] == b[s:e]:
                continue
            i = s
            while i < e:
                if a[i] != b[i]:
                    j = i
                    while j < e and a[j] != b[j]:
                        j += 1
                    runs.append((i, j, i, j))
                    i = j
                else:
                    i += 1
        return runs
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(i1, i2, j1, j2) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]


def _segments(text: str, size: int = 64) -> Iterable[tuple[int, int]]:
    """Fixed-size windows: equal windows are skipped with one C-level comparison."""
    for s in range(0, len(text), size):
        yield s, min(s + size, len(text))


# --------------------------------------------------------------------------- naive conversions


def _phrase_licensed(text: str, i: int, phrases: tuple[str, ...]) -> bool:
    """Whether one of ``phrases`` occurs in ``text`` covering position ``i``."""
    for p in phrases:
        lo = max(0, i - len(p) + 1)
        k = text.find(p, lo, i + len(p))
        while k != -1 and k <= i:
            if k + len(p) > i:
                return True
            k = text.find(p, k + 1, i + len(p))
    return False


def naive_conversion_errors(text: str, prefer: str = "auto",
                            within: list[tuple[int, int]] | None = None) -> list[Edit]:
    """Find characters in Traditional ``text`` that a phrase-aware conversion would not produce.

    The text is converted to Simplified (OpenCC t2s) and back with s2t, s2tw and
    s2hk; a character none of the three produces at its position was put there
    by a character-by-character converter (麵臨 for 面临). Characters that are
    both valid Simplified and a non-default Traditional form of another one
    (瞭 for 了) survive that round trip, so they must be licensed by an OpenCC
    phrase (瞭解, 瞭望). Regional forms (裡/裏, 台/臺, 着/著) are accepted
    whenever any region's conversion produces them.

    ``prefer`` picks the regional form of repairs: ``t``, ``tw``, ``hk`` or
    ``auto`` (the region whose conversion agrees most with the text).

    ``within``: only the edits inside these spans are wanted (a few Traditional
    clauses in a long Simplified document); they are exactly the edits a call
    without it returns inside them, but edits elsewhere may be left out.

    >>> [(e.before, e.after) for e in naive_conversion_errors("頭發很乾淨，我們好瞭。")]
    [('頭發很', '頭髮很'), ('好瞭。', '好了。')]
    >>> naive_conversion_errors("頭髮很乾淨，我們瞭解了。")
    []
    """
    t = tables()
    if not text or not t.hant_rx.search(text) and not any(c in text for c in t.shadow_phrases):
        return []
    simp = _aligned(text, "t2s")
    if simp is None:
        return []
    outs = {cfg: _aligned(simp, cfg) for cfg in ("s2t", "s2tw", "s2hk")}
    outs = {k: v for k, v in outs.items() if v is not None}
    if not outs or any(v == text for v in outs.values()):
        if not any(c in text for c in t.shadow_phrases):
            return []
    flags: dict[int, tuple[str, float, str, str]] = {}  # pos -> (after, confidence, why, source)
    marks = _Marks.make(text, simp, outs, within) if _np is not None else None
    agree = marks.agree if marks is not None else Counter()
    for i in marks.positions() if marks is not None else _flagged(text, simp, outs, agree):
        src = simp[i]
        # a character the converters would map elsewhere *and* a known candidate of the
        # same Simplified character: the typical naive choice of the wrong candidate
        conf = 0.95 if text[i] in t.one_to_many.get(src, ()) else 0.75
        flags[i] = ("", conf, "", src)
    if prefer == "auto":
        # the region whose conversion matches the text best names the repairs' forms
        region = max(outs, key=lambda k: (agree[k], k == "s2t")) if outs else "s2t"
    else:
        region = {"t": "s2t", "hant": "s2t", "tw": "s2tw", "hk": "s2hk"}.get(prefer, "s2t")
        if region not in outs:
            region = next(iter(outs), "s2t")
    ref = outs.get(region)
    # characters valid as Simplified too survive t2s unchanged; only a phrase licenses them
    for y, phrases in t.shadow_phrases.items():
        if y not in text:
            continue
        alts = [s for s in t.sources.get(y, ()) if s != y]
        for m in re.finditer(re.escape(y), text):
            i = m.start()
            if (marks.flagged(i) if marks is not None else i in flags) or simp[i] != y:
                continue
            if marks is not None and not marks.wanted(i) or _phrase_licensed(text, i, phrases):
                continue
            if not alts:
                continue
            src = alts[0]
            window_s = max(0, i - 4)
            probe = simp[window_s:i] + src + simp[i + 1 : i + 5]
            conv = _aligned(probe, region) or probe
            after = conv[i - window_s]
            if after == y:
                continue
            flags[i] = (after, 0.8, f"{y} stands for Simplified {y} only in phrases such as "
                        f"{'、'.join(phrases[:3]) or '(none)'}; here it is a naive conversion of {src}", src)
    if flags:
        # Taiwan/Hong Kong phrase forms are right too, where they keep the length: 咖哩麵 is
        # s2twp's 咖喱面, which only tw2sp gives back
        for simp_cfg, cfgs in (("t2s", ("s2twp", "s2hkp")), ("tw2sp", ("s2twp", "s2tw", "s2t")), ("hk2s", ("s2hk",))):
            if not (marks.alive.any() if marks is not None else any(not f[0] for f in flags.values())):
                break
            base = simp if simp_cfg == "t2s" else _aligned(text, simp_cfg, fill="\0")
            for cfg in cfgs if base is not None else ():
                extra = _aligned(base, cfg, fill="\0")
                if extra is not None:
                    if marks is not None:
                        marks.accept(extra)
                    for i in [i for i in flags if not flags[i][0] and extra[i] == text[i]]:
                        del flags[i]
    if not flags:
        return []
    configs = tuple(outs)
    for i in [i for i, f in flags.items() if not f[0] and _explained_by_another_word(text, simp, i, configs)]:
        del flags[i]
    if flags and native_words():
        _withdraw_native(text, flags, simp, outs)
    if not flags:
        return []
    if (marks.any_unsure() if marks is not None
            else any(f[1] < 0.95 or text[i] == f[3] for i, f in flags.items() if not f[0])):
        # 宣布, 一周, 計畫 where OpenCC says 宣佈, 一週, 計劃: a character identical to its
        # Simplified form, or one no converter maps it to, is how Taiwan and Hong Kong often
        # write. A character-by-character converter gives each Simplified character one
        # form; text that uses two forms of one character, each where it belongs
        # (發展/頭髮), was not made by one, so only the typical naive picks (麵臨) stay sure.
        aware = _phrase_aware(text, simp, outs)
        if aware:
            shown = "; ".join(f"{s}: {'/'.join(sorted(f))}" for s, f in list(aware.items())[:3])
            for i, (after, conf, why, src) in list(flags.items()):
                if not after and (text[i] == src or conf < 0.95):
                    flags[i] = (after, 0.45, f"(regional form? the text converts {shown} by context) ", src)
    for i, (after, conf, why, src) in list(flags.items()):
        if after:
            continue
        after = ref[i] if ref is not None else next(v[i] for v in outs.values())
        y = text[i]
        opts = "/".join(t.one_to_many.get(src, (after,)))
        why = f"{why}{y} is not what a phrase-aware conversion of {src} ({opts}) gives here: {after}"
        flags[i] = (after, conf, why, src)
    return _group_flags(text, flags)


def _withdraw_native(text: str, flags: dict[int, tuple[str, float, str, str]], simp: str | None = None,
                     outs: dict[str, str] | None = None) -> None:
    """Drop flags on words native Taiwan/Hong Kong writers use (計畫, 據了解, 宣布, 一周).

    A flag reads as native when a word on the native list covers it, or when the character is
    a usual native variant of the form OpenCC writes there (周 for 週, 占 for 佔: ``variant``
    rows of ``script_native.tsv``, taken from the training word lists).
    One no character-by-character converter can write goes at once: 畫 in 計畫 is no
    Traditional form of the 划 in 计划 at all; so does one that is neither its Simplified
    character nor that character's default Traditional form (昇 of 升 in 提昇), when
    nothing else in its line is flagged. The others are also what a converter
    writes (zhconv turns 宣布 into 宣布 too), so they go only in text that reads as
    native: none of the inherited forms converters write and Taiwan/Hong Kong do not
    (爲, 衆), a regional form (為, 眾, 裡) or a context-dependent pick (see
    :func:`_context_pick`) somewhere, and nothing else in the line that is a naive conversion.

    >>> flags = {1: ("劃", 0.75, "", "划")}
    >>> _withdraw_native("計畫很好", flags); flags
    {}
    >>> flags = {1: ("佈", 0.95, "", "布")}
    >>> _withdraw_native("宣布", flags); sorted(flags)  # no sign of native text: it stays
    [1]
    >>> _withdraw_native("他宣布為期三天", flags); sorted(flags)
    []
    """
    variants = native_variants()
    s2t = outs.get("s2t") if outs else None
    native = [i for i in flags if _native_word(text, i) or s2t is not None and s2t[i] + text[i] in variants]
    if not native:
        return
    rest = []
    for i in native:
        if text[i] not in _converter_forms(flags[i][3]):
            del flags[i]  # no converter writes this form of its Simplified character
        else:
            rest.append(i)
    if not rest:
        return
    marks = native_marks()
    if marks["inherited"].search(text):
        return
    line_of = lambda i: text.rfind("\n", 0, i) + 1  # noqa: E731
    # 提昇, 瓊斯盃: a non-default form (昇 of 升, 盃 of 杯) is no character converter's usual
    # pick, so in a line where nothing else is flagged it goes without further evidence
    per_line = Counter(line_of(j) for j in flags)
    native_per_line = Counter(line_of(i) for i in rest)
    for i in list(rest):
        if text[i] not in _default_forms(flags[i][3]) and per_line[line_of(i)] == native_per_line[line_of(i)]:
            del flags[i]
            rest.remove(i)
    if not rest:
        return
    if not marks["regional"].search(text) and not (simp is not None and outs and _context_pick(text, simp, outs, flags)):
        return
    by_line: dict[int, list[int]] = {}
    for i in rest:
        by_line.setdefault(line_of(i), []).append(i)
    per_line = Counter(line_of(j) for j in flags)
    for start, found in by_line.items():
        if per_line[start] > len(found):
            continue  # a real naive conversion in the line: its regional-looking words are converter output too
        for i in found:
            del flags[i]


def _context_pick(text: str, simp: str, outs: dict[str, str], flags: dict[int, Any]) -> str | None:
    """A character written in a form that is not the default of its Simplified character, where
    OpenCC's phrase-aware conversion writes it too (頭髮, 乾淨, 關係, 週末), or ``None``.

    A converter that gives each Simplified character its default form cannot write it; one
    that always writes that form would also write it where it is wrong, which is flagged
    (the caller stops at any other flag in the line).

    >>> text = "她的頭髮"; simp = opencc_convert(text, "t2s")
    >>> _context_pick(text, simp, {"s2t": opencc_convert(simp, "s2t")}, {})
    '髮'
    >>> text = "她的頭發"; _context_pick(text, "她的头发", {"s2t": "她的頭髮"}, {}) is None
    True
    """
    t = tables()
    rx = _non_default_candidates()
    for m in rx.bmp.finditer(text) if rx.bmp else ():
        i = m.start()
        y, cands = text[i], t.one_to_many.get(simp[i], ())
        if y in cands[1:] and i not in flags and any(v[i] == y for v in outs.values()):
            return y
    return None


@functools.lru_cache(maxsize=1)
def _non_default_candidates() -> _CharSet:
    """Traditional characters that are a candidate, but not the default, of some Simplified one."""
    return _CharSet(c for cands in tables().one_to_many.values() for c in cands[1:] if len(c) == 1)


@functools.lru_cache(maxsize=4096)
def _converter_forms(s: str) -> frozenset[str]:
    """Forms a character-by-character converter may write for Simplified ``s``.

    ``s`` itself, its OpenCC candidates and their Taiwan/Hong Kong variants: 面 麪 麵
    for 面, but not 畫 for 划 (计划 → 計畫).

    >>> sorted(_converter_forms("面")), "畫" in _converter_forms("划")
    (['面', '麪', '麵'], False)
    """
    forms = {s, *tables().one_to_many.get(s, ()), *(opencc_convert(s, c) for c in ("s2t", "s2tw", "s2hk"))}
    forms |= {opencc_convert(c, cfg) for c in forms for cfg in ("t2tw", "t2hk")}
    return frozenset(f for f in forms if len(f) == 1)


def _native_word(text: str, i: int) -> str | None:
    """A word on the native Taiwan/Hong Kong list covering position ``i`` exactly as the text writes it."""
    known = native_words()
    if not known:
        return None
    for a in range(max(0, i - NATIVE_MAX + 1), i + 1):
        for b in range(max(a + 2, i + 1), min(len(text), a + NATIVE_MAX) + 1):
            if text[a:b] in known:
                return text[a:b]
    return None


NATIVE_MAX = 6


@functools.lru_cache(maxsize=4096)
def _default_forms(s: str) -> frozenset[str]:
    """``s`` and its default Traditional form (OpenCC's first candidate), with their regional variants.

    >>> sorted(_default_forms("升")), sorted(_default_forms("里"))
    (['升'], ['裏', '裡', '里'])
    """
    forms = {s, tables().one_to_many.get(s, (opencc_convert(s, "s2t"),))[0]}
    forms |= {opencc_convert(c, cfg) for c in forms for cfg in ("t2tw", "t2hk")}
    return frozenset(forms)


@functools.lru_cache(maxsize=1)
def _native_data() -> tuple[frozenset[str], dict[str, Any], frozenset[str]]:
    words: set[str] = set()
    marks: dict[str, Any] = {}
    variants: set[str] = set()
    for kind, value in datafiles.rows("script_native.tsv"):
        if kind == "word":
            words.add(value)
        elif kind == "variant":
            variants.add(value)
        else:
            marks[kind] = re.compile(char_class(value))
    return frozenset(words), marks, frozenset(variants)


def native_words() -> frozenset[str]:
    """Words native Taiwan/Hong Kong writers use where OpenCC writes another form (``script_native.tsv``).

    >>> "計畫" in native_words(), "關系" in native_words()
    (True, False)
    """
    return _native_data()[0]


def native_variants() -> frozenset[str]:
    """Pairs of OpenCC's form and a usual native variant written for it, as two-character strings (``週周``: 一周).

    >>> "佈布" in native_variants(), "面麵" in native_variants()
    (True, False)
    """
    return _native_data()[2]


def native_marks() -> dict[str, Any]:
    """``inherited`` (爲, 衆: converter output) and ``regional`` (為, 眾, 裡: Taiwan/Hong Kong) character classes."""
    return _native_data()[1]


#: A word seen this often in the segmented corpus can explain a character (see below).
SEGMENT_MIN_WORD = 5


def _explained_by_another_word(text: str, simp: str, i: int, configs: tuple[str, ...]) -> str | None:
    """A frequent word covering position ``i`` whose own conversion gives the text's characters there.

    OpenCC matches phrases greedily from the left, so 数千年历史 becomes 數千年曆史
    (年历, calendar) and 是只能 becomes 是隻能; the text's 歷 and 只 are what the
    words 历史 and 只能 convert to, so they are not naive conversions.

    >>> _explained_by_another_word("數千年歷史", "数千年历史", 3, ("s2t",))
    '历史'
    >>> _explained_by_another_word("頭發很長", "头发很长", 1, ("s2t",)) is None
    True
    """
    from .spin_model import words  # the shipped word counts of the segmented corpus

    known = words()
    for a in range(max(0, i - 3), i + 1):
        for b in range(max(a + 2, i + 1), min(len(simp), a + 4) + 1):
            w = simp[a:b]
            if known.get(w, 0) >= SEGMENT_MIN_WORD and any(opencc_convert(w, c) == text[a:b] for c in configs):
                return w
    return None


def _flagged(text: str, simp: str, outs: dict[str, str], agree: Counter) -> list[int]:
    """Positions whose character none of ``outs`` has there; counts whole-segment agreement.

    The pure-Python form of :class:`_Marks` (used without numpy).
    """
    found = []
    for s, e in _segments(text):
        chunk = text[s:e]
        same = [k for k, v in outs.items() if v[s:e] == chunk]
        if same:
            agree.update(same)
            continue
        for i in range(s, e):
            if text[i] not in {v[i] for v in outs.values()}:
                found.append(i)
    return found


def _codes(text: str) -> Any:
    return _np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=_np.uint32)


class _Marks:
    """The per-character part of :func:`naive_conversion_errors` as array operations.

    Keeps, for the whole text, which characters are flagged and still unexplained
    (``alive``) and whether each is a sure pick, so that the document-wide decisions
    come out as without it, while per-character records are made only inside the
    wanted spans.
    """

    def __init__(self, text: str, simp: str, outs: dict[str, str], within: list[tuple[int, int]] | None):
        np = _np
        self.text_codes, self.simp_codes = _codes(text), _codes(simp)
        n = len(self.text_codes)
        flagged = np.ones(n, dtype=bool)
        self.agree: Counter = Counter()
        starts = np.arange(0, n, 64)
        for k, v in outs.items():
            differs = self.text_codes != _codes(v)
            flagged &= differs
            if n:
                self.agree[k] += int((np.add.reduceat(differs, starts) == 0).sum())
        self.base = flagged
        self.alive = flagged.copy()
        if within is None:
            self.window = None
        else:
            self.window = np.zeros(n, dtype=bool)
            for a, b in within:  # a margin of 3: flags within 2 of each other form one edit
                self.window[max(0, a - 3) : b + 3] = True

    @classmethod
    def make(cls, text: str, simp: str, outs: dict[str, str], within: list[tuple[int, int]] | None) -> "_Marks | None":
        try:
            return cls(text, simp, outs, within)
        except (UnicodeError, ValueError):
            return None

    def positions(self) -> list[int]:
        """Flagged positions to record (inside the wanted spans)."""
        keep = self.base if self.window is None else self.base & self.window
        return _np.flatnonzero(keep).tolist()

    def flagged(self, i: int) -> bool:
        return bool(self.base[i])

    def wanted(self, i: int) -> bool:
        return self.window is None or bool(self.window[i])

    def accept(self, extra: str) -> None:
        """Characters that ``extra`` (a regional phrase conversion) produces are explained."""
        self.alive &= self.text_codes != _codes(extra)

    def any_unsure(self) -> bool:
        """Whether an unexplained flag is not a typical naive pick (or equals its Simplified form)."""
        idx = _np.flatnonzero(self.alive)
        if not len(idx):
            return False
        y, src = self.text_codes[idx], self.simp_codes[idx]
        if (y == src).any():
            return True
        return bool((~_np.isin((src.astype(_np.uint64) << _np.uint64(21)) | y, _sure_pairs())).any())


@functools.lru_cache(maxsize=1)
def _sure_pairs() -> Any:
    """``(simplified << 21) | traditional`` for every one-to-many candidate, as an array."""
    pairs = [(ord(s) << 21) | ord(c) for s, cands in tables().one_to_many.items() for c in cands
             if len(s) == 1 and len(c) == 1]
    return _np.array(sorted(pairs), dtype=_np.uint64)


def _phrase_aware(text: str, simp: str, outs: dict[str, str]) -> dict[str, set[str]]:
    """Simplified characters the text writes in two Traditional forms, each where OpenCC puts it.

    >>> {s: sorted(f) for s, f in _phrase_aware("發展頭髮", "发展头发", {"s2t": "發展頭髮"}).items()}
    {'发': ['發', '髮']}
    """
    t = tables()
    forms: dict[str, set[str]] = {}
    for m in t.candidates_rx.bmp.finditer(text) if t.candidates_rx.bmp else ():
        i = m.start()
        y, s = text[i], simp[i]
        if y in t.one_to_many.get(s, ()) and any(v[i] == y for v in outs.values()):
            forms.setdefault(s, set()).add(y)
    return {s: f for s, f in forms.items() if len(f) >= 2}


def _group_flags(text: str, flags: dict[int, tuple[str, float, str, str]]) -> list[Edit]:
    """Turn flagged characters into word-sized edits (the character and its Han neighbours)."""
    edits: list[Edit] = []
    for g in position_clusters(sorted(flags), 2):
        start, end = g[0], g[-1] + 1
        if start > 0 and _HAN.match(text[start - 1]):
            start -= 1
        if end < len(text) and _HAN.match(text[end]) or end < len(text) and end - start < 3:
            end += 1
        before = text[start:end]
        after = list(before)
        for p in g:
            after[p - start] = flags[p][0]
        conf = min(flags[p][1] for p in g)
        why = "; ".join(flags[p][2] for p in g)
        evidence = {"chars": {text[p]: flags[p][0] for p in g}, "simplified": "".join(flags[p][3] for p in g)}
        edits.append(Edit("script", "script-naive-conversion", start, end, before, "".join(after), conf,
                          f"naive character conversion {before}→{''.join(after)}: {why}", evidence=evidence))
    return edits


# --------------------------------------------------------------------------- the fixer


def _conversion_edits(text: str, converted: str, rule: str, conf: float, why: str,
                      naive: list[Edit], spans: list[tuple[int, int]] | None = None) -> list[Edit]:
    """Edits for the regions where ``converted`` differs from ``text`` (inside ``spans``)."""
    naive_starts = [e.start for e in naive]
    edits = []
    for a0, a1, b0, b1 in _diff_runs(text, converted):
        if spans is not None and not any(s <= a0 and a1 <= e for s, e in spans):
            continue
        s0 = a0
        before, after = text[a0:a1], converted[b0:b1]
        k = bisect.bisect_right(naive_starts, a1) - 1
        hit = [e for e in naive[max(0, k - 1) : k + 1] if e.start < a1 and a0 < e.end]
        pairs = ", ".join(f"{x}→{y}" for x, y in zip(text[a0:a1], converted[b0:b1]) if x != y)
        context = "".join(_HAN.findall(text[max(0, a0 - 2) : a1 + 2]))
        if context and context != before:
            pairs += f" in {context}"
        if hit:
            edits.append(Edit("script", "script-naive-conversion", s0, s0 + len(before), before, after,
                              max(conf, hit[0].confidence),
                              f"{why} ({pairs}); {hit[0].reason}", evidence=dict(hit[0].evidence)))
        else:
            edits.append(Edit("script", rule, s0, s0 + len(before), before, after, conf, f"{why} ({pairs})"))
    return _merge(edits)


def _merge(edits: list[Edit]) -> list[Edit]:
    """Merge edits whose widened spans touch or overlap (same-length conversions only)."""
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: e.start):
        if out and e.start < out[-1].end and len(e.before) == len(e.after) and len(out[-1].before) == len(out[-1].after):
            p = out[-1]
            overlap = p.end - e.start
            before = p.before + e.before[overlap:]
            after = p.after[: len(p.after) - overlap] + e.after
            rule = "script-naive-conversion" if "script-naive-conversion" in (p.rule, e.rule) else p.rule
            out[-1] = Edit("script", rule, p.start, e.end, before, after, max(p.confidence, e.confidence),
                           p.reason + "; " + e.reason, evidence={**e.evidence, **p.evidence})
        else:
            out.append(e)
    return out


def find(text: str, ctx: Any) -> list[Edit]:
    """The script stage: see the module docstring."""
    try:
        return _find(text, ctx)
    except Exception:  # a fixer never raises; a broken conversion just finds nothing
        return []


def _find(text: str, ctx: Any) -> list[Edit]:
    masked = _mask_not_chinese(text)
    if masked is None:
        return _find_chinese(text, ctx)
    return [e for e in _find_chinese(masked, ctx) if text[e.start : e.end] == e.before]


def _mask_not_chinese(text: str) -> str | None:
    """``text`` with its Japanese, Korean and damaged stretches blanked (same length), or ``None``.

    Their kanji/hanja neither count towards the document's script nor get converted:

    * a clause with kana or Hangul (or U+FFFD: decoding damage, whose characters are codec
      accidents, not a script choice);
    * a clause next to such a clause in the same sentence, unless it has a Simplified-only
      character (東京、 before 大阪などを訪問した);
    * around a Japanese-only kanji form (広, 駅: ``script_japanese.tsv``), the Han characters
      within ``JAPANESE_WORD`` of it that are not Simplified-only (東京駅, 広島和長崎); the
      neighbours caught with it carry no script of their own there.

    >>> _mask_not_chinese("他在東京駅等我们。")
    '他      们。'
    >>> _mask_not_chinese("東京、大阪などを訪問。我们知道。")
    '           我们知道。'
    >>> _mask_not_chinese("我们的系统。") is None
    True
    """
    if not _not_chinese_or_japanese().search(text):  # one C-level scan on clean Chinese text
        return None
    jp = _japanese_only()
    t = tables()
    clauses = [m for m in _CLAUSE.finditer(text) if m.start() != m.end()]
    foreign = [bool(_NOT_CHINESE.search(m.group())) for m in clauses]
    japanese = [bool(_KANA_HANGUL.search(m.group())) for m in clauses]
    out = list(text)
    for k, m in enumerate(clauses):
        c = m.group()
        # a neighbour in the same sentence (a sentence end is a boundary: the next one may be Chinese)
        beside = (k > 0 and japanese[k - 1] and not _SENTENCE_END.search(clauses[k - 1].group())) or (
            k + 1 < len(clauses) and japanese[k + 1] and not _SENTENCE_END.search(c))
        if foreign[k] or beside and not t.hans_rx.search(c):
            out[m.start() : m.end()] = " " * len(c)
            continue
        for j in jp.finditer(c):
            a = b = j.start()
            while a > 0 and j.start() - a < JAPANESE_WORD and _kanji(c[a - 1], t):
                a -= 1
            while b + 1 < len(c) and b - j.start() < JAPANESE_WORD and _kanji(c[b + 1], t):
                b += 1
            out[m.start() + a : m.start() + b + 1] = " " * (b + 1 - a)
    return "".join(out)


_SENTENCE_END = re.compile(r"[。！？!?\n][」』”’）)]*\s*$")
#: How far from a Japanese-only form its word (a name: 橋本龍太郎) may reach.
JAPANESE_WORD = 3
_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f\u1100-\u11ff\uac00-\ud7af]")


def _kanji(c: str, t: _Tables) -> bool:
    """A Han character that is not Simplified-only (a Japanese word may hold it)."""
    return bool(_HAN.match(c)) and c not in t.hans


@functools.lru_cache(maxsize=1)
def _not_chinese_or_japanese() -> re.Pattern[str]:
    """:data:`_NOT_CHINESE` and the Japanese-only kanji in one character class."""
    return re.compile(f"[{_NOT_CHINESE_RANGES}{_japanese_chars()}]")


@functools.lru_cache(maxsize=1)
def _japanese_only() -> re.Pattern[str]:
    """Japanese-only kanji forms (``script_japanese.tsv``, from OpenCC's shinjitai table; all in the BMP)."""
    chars = _japanese_chars()
    return re.compile(f"[{chars}]" if chars else "(?!)")


@functools.lru_cache(maxsize=1)
def _japanese_chars() -> str:
    return "".join(re.escape(v) for kind, v in datafiles.rows("script_japanese.tsv") if kind == "shinjitai")


def _find_chinese(text: str, ctx: Any) -> list[Edit]:
    options = getattr(ctx, "options", None)
    target = getattr(options, "script", "keep") or "keep"
    phrases = bool(getattr(options, "script_phrases", False))
    ident = identify_script(text)
    if ctx is not None and hasattr(ctx, "notes"):
        ctx.notes["script"] = ident
    if target == "keep":
        return _keep(text, ident)
    if target == "hans":
        if not ident.hant and ident.label != "hant":
            return []  # nothing Traditional: Simplified (or neutral) text stays as it is
        naive = naive_conversion_errors(text)
        repaired = _apply(text, naive)
        regions = _regions(text, ident, ("hant", "mixed"), majority_neutral="hant")
        config = to_simplified_config(repaired, phrases)
        converted = opencc_convert(repaired, config)
        if len(converted) != len(text):
            converted = _aligned(repaired, config) or converted
        return _conversion_edits(text, converted, "script-convert", 0.9,
                                 f"Traditional → Simplified (OpenCC {config})", naive, regions)
    # a Traditional target
    config = config_for(target, phrases)
    edits: list[Edit] = []
    naive = naive_conversion_errors(text, prefer=target) if ident.hant else []
    if ident.hans or (ident.label in ("hans", "none") and _HAN.search(text)):
        regions = _regions(text, ident, ("hans", "mixed"), majority_neutral="hans")
        converted = opencc_convert(text, config)
        if regions:
            edits += _conversion_edits(text, converted, "script-convert", 0.9,
                                       f"Simplified → Traditional (OpenCC {config})", [], regions)
    if ident.hant:
        region_cfg = TRAD_TO_REGION.get(target)
        trad_regions = _regions(text, ident, ("hant",), majority_neutral="hant")
        repaired = _apply(text, naive)
        converted = _aligned(repaired, region_cfg) if region_cfg else repaired
        if converted is not None:
            edits += _conversion_edits(text, converted, "script-convert", 0.85,
                                       f"regional form for {target} (OpenCC {region_cfg})", naive, trad_regions)
    return edits


def _lone_variant(chunk: str) -> str | None:
    """The Traditional-only character of ``chunk`` (its only one) if it is a mere variant of its Simplified form.

    塚 (冢), 榘 (矩): OpenCC's Simplified form is also its own default Traditional form, so
    the character is another way to write a character both scripts have, not a sign of
    Traditional script. Alone in Simplified text it is most often a name's own character
    (三塚博, 朱文榘); 後 (后, whose Traditional form is 後) is not such a variant, and a
    variant that makes a common word with its Simplified form (关係: 关系) is that word's.

    >>> _lone_variant("大藏大臣三塚博表示"), _lone_variant("吃饭後再说"), _lone_variant("我们的关係")
    ('塚', None, None)
    """
    found = set(tables().hant_rx.findall(chunk))
    if len(found) != 1:
        return None
    c = found.pop()
    s = opencc_convert(c, "t2s")
    if len(s) != 1 or s == c or opencc_convert(s, "s2t") != s:
        return None
    # 关係: the Simplified form completes a common word, so 係 is that word's leftover
    from .spin_model import words  # the shipped word counts of the segmented corpus

    known = words()
    simp = chunk.replace(c, s)
    for i in (m.start() for m in re.finditer(re.escape(c), chunk)):
        for a in range(max(0, i - 3), i + 1):
            for b in range(max(a + 2, i + 1), min(len(simp), a + 4) + 1):
                if known.get(simp[a:b], 0) >= SEGMENT_MIN_WORD:
                    return None
    return c


def _as_hint(e: Edit, why: str) -> Edit:
    """``e`` below the default confidence threshold, with the reason it is only a hint."""
    return Edit(e.kind, e.rule, e.start, e.end, e.before, e.after, min(e.confidence, HINT_CONFIDENCE),
                f"{e.reason}; {why}", e.stage, dict(e.evidence))


#: Confidence of findings shown only on request (below the default ``min_confidence`` 0.5).
HINT_CONFIDENCE = 0.45


def _regions(text: str, ident: ScriptIdentification, labels: tuple[str, ...],
             majority_neutral: str) -> list[tuple[int, int]]:
    """Spans whose label is in ``labels``; neutral text counts when the majority is ``majority_neutral``."""
    if ident.label in labels:
        return [(0, len(text))]
    if ident.label == "none":
        return [(0, len(text))] if ident.majority == majority_neutral or majority_neutral == "hans" else []
    out = [(s.start, s.end) for s in ident.spans if s.label in labels]
    return out


def _keep(text: str, ident: ScriptIdentification) -> list[Edit]:
    """Target ``keep``: convert minority-script clauses; repair naive conversions in Traditional text."""
    if not ident.hant:
        return []  # Simplified or neutral text: nothing to do (the common, fast case)
    edits: list[Edit] = []
    quotes = [m.span() for m in _QUOTE.finditer(text)] if ident.label == "mixed" else []
    majority = _author_majority(text, quotes) or ident.majority
    if ident.label == "mixed" and majority == "hans":
        # only edits inside Traditional minority clauses are used: don't build them for the rest
        wanted = [(s.start, s.end) for s in ident.spans if s.label not in (majority, "none")]
        naive = naive_conversion_errors(text, within=wanted) if wanted else []
    else:
        naive = naive_conversion_errors(text)
    if ident.label == "mixed":
        # clauses in the other script; in a Simplified document also clauses mixing both
        minority = [s for s in ident.spans if s.label not in (majority, "none", "mixed" if majority == "hant" else "")]
        if minority:
            # the majority's own regional forms: s2tw for a document written with 裡, 著 ...
            to_cfg = to_simplified_config(text) if majority == "hans" else {
                "tw2s": "s2tw", "hk2s": "s2hk"}.get(to_simplified_config(text), "s2t")
            for s in minority:
                chunk = text[s.start : s.end]
                if majority == "hans":
                    chunk_naive = [e.shifted(-s.start) for e in naive if s.start <= e.start and e.end <= s.end]
                    chunk = _apply(chunk, chunk_naive)
                conv = opencc_convert(chunk, to_cfg)
                # naive-conversion findings only make sense inside Traditional clauses
                chunk_naive = [e.shifted(-s.start) for e in naive if s.start <= e.start and e.end <= s.end] \
                    if s.label == "hant" else []
                n_min = s.hant if majority == "hans" else s.hans
                n_maj = ident.hans if majority == "hans" else ident.hant
                conf = min(0.95, 0.55 + 0.1 * n_min + 0.05 * min(n_maj, 4))
                names = {"hans": "Simplified", "hant": "Traditional", "mixed": "Mixed-script"}
                why = (f"{names[s.label]} clause in a {names[majority]} document "
                       f"({ident.hans} Simplified / {ident.hant} Traditional characters)")
                found = [e.shifted(s.start) for e in _conversion_edits(
                    text[s.start : s.end], conv, "script-minority-span", conf, why, chunk_naive)]
                lone = _lone_variant(text[s.start : s.end]) if majority == "hans" else None
                if lone:
                    found = [_as_hint(e, f"{lone} is the only Traditional character here, and only another form "
                                         f"of {opencc_convert(lone, 't2s')}, which Traditional text writes "
                                         "too: a name's own character (三塚博)?") for e in found]
                edits += found
        # naive errors in the Traditional majority clauses
        if majority == "hant":
            spans = [(s.start, s.end) for s in ident.spans if s.label in ("hant", "mixed")]
            edits += [e for e in naive if _inside(spans, e.start, e.end)]
        return _whole_quotes(edits, quotes)
    return naive


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside one of the sorted, disjoint ``spans``.

    >>> _inside([(0, 5), (10, 20)], 11, 14), _inside([(0, 5), (10, 20)], 4, 11)
    (True, False)
    """
    k = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= start and end <= spans[k][1]


# A quotation or title: 《书名》, 「引語」, 『』, “”, 〈〉 (one line, not nested).
_QUOTE = re.compile(r"《[^《》\n]{1,100}》|「[^「」\n]{1,200}」|『[^『』\n]{1,200}』|“[^“”\n]{1,200}”|〈[^〈〉\n]{1,100}〉")


def _author_majority(text: str, quotes: list[tuple[int, int]]) -> str | None:
    """The script of the text outside quotations, if that text is all in one script.

    A Traditional title or name quoted in Simplified text (《聯合報》, 「劉德華」) is the quoted
    source's: it does not make the author's own text Traditional. Where the text outside
    has both scripts too, the quotations count like the rest (mainland text quotes its own
    speech and titles in “” and 《》).

    >>> text = "他的名字叫「劉德華」，是香港演员。"
    >>> _author_majority(text, [m.span() for m in _QUOTE.finditer(text)]), identify_script(text).majority
    ('hans', 'hant')
    """
    if not quotes:
        return None
    parts, pos = [], 0
    for a, b in quotes:
        parts.append(text[pos:a])
        pos = b
    parts.append(text[pos:])
    outside = " ".join(parts)
    t = tables()
    n_s, n_t = t.hans_rx.count(outside), t.hant_rx.count(outside)
    if bool(n_s) == bool(n_t):
        return None  # no evidence outside, or both scripts there too: the quotations count like the rest
    return "hans" if n_s else "hant"


def _whole_quotes(edits: list[Edit], quotes: list[tuple[int, int]]) -> list[Edit]:
    """Edits inside one quotation share their lowest confidence: a quoted name is converted whole or not at all.

    >>> es = [Edit("script", "script-minority-span", 1, 2, "劉", "刘", 0.9, ""),
    ...       Edit("script", "script-minority-span", 3, 4, "華", "华", 0.45, "")]
    >>> [e.confidence for e in _whole_quotes(es, [(0, 5)])]
    [0.45, 0.45]
    """
    if not quotes or not edits:
        return edits
    out = list(edits)
    order = sorted(range(len(out)), key=lambda k: out[k].start)
    starts = [out[k].start for k in order]
    for a, b in quotes:
        lo, hi = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
        inside = [order[j] for j in range(lo, hi) if out[order[j]].end <= b]
        low = min((out[k].confidence for k in inside), default=1.0)
        for k in inside:
            e = out[k]
            if e.confidence > low:
                out[k] = Edit(e.kind, e.rule, e.start, e.end, e.before, e.after, low,
                              f"{e.reason}; as sure as the rest of the quotation at {a}-{b}",
                              e.stage, dict(e.evidence))
    return out
