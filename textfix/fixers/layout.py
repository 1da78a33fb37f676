"""Layout noise of scraped pages: duplicated paragraphs, hard line breaks inside
sentences, and keywords stuffed into the text for search engines.

Three rules, each a small pure function over the text (broken lines run as a
stage of their own, first: :mod:`textfix.fixers.linebreaks` says why):

* ``layout-duplicate-paragraph`` – a paragraph repeated verbatim, or a truncated
  copy of its neighbour (scrapers often keep the teaser and the full lead);
* ``layout-broken-line`` – a line break inside a Chinese sentence: in text
  hard-wrapped at a fixed width, splitting a word in two, or before a "，"/"。"
  that no line starts with;
* ``spin-keyword-stuffing`` – a few short keywords injected again and again into
  one passage (``党的党建二十大``): occurrences that no corpus bigram links to
  their neighbours (:mod:`textfix.fixers.layout_lm`), of several keywords that
  take turns the way stuffing tools cycle through their keyword list.

All three are conservative: clean text, headings, lists, poems and short lines
are never touched.

>>> from textfix.edits import apply_edits
>>> lead = "这是一段足够长的导语文字，用来检验重复段落的删除是否正确。"
>>> apply_edits(lead + "\\n" + lead + "\\n", find(lead + "\\n" + lead + "\\n", None))
'这是一段足够长的导语文字，用来检验重复段落的删除是否正确。\\n'
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
import html
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from ..edits import Edit
from ..textutil import line_blocks
from . import layout_lm

try:  # optional: the same stuffing checks as array operations
    import numpy as _np
except ImportError:  # pragma: no cover - the pure-Python path gives the same edits
    _np = None

NAME = "layout"
KINDS = ("layout", "spin")
RULES = {
    "layout-duplicate-paragraph": "paragraph repeated verbatim, or a truncated copy of the paragraph next to it",
    "spin-keyword-stuffing": "keyword injected into a sentence it breaks, one of several repeated in the same passage",
}

#: Shortest paragraph that counts as a duplicate; headings, bylines and "新华社" are shorter.
MIN_DUPLICATE = 20
#: Shortest paragraph removed as a copy of one that is not right before it.
MIN_DUPLICATE_FAR = 50
#: Shortest line that may be joined to the next one; poems, addresses and headings are shorter.
MIN_BROKEN = 16

_LINE = re.compile(r"([^\r\n]*)(\r\n|\n|\r|$)")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_CHAR = re.compile(f"[{_HAN}]")
# A line that ends inside a sentence: a Han character or a clause comma, nothing after it.
_OPEN_END = re.compile(f"[{_HAN}，,、]$")
# List items and numbered headings start a line of their own.
_LIST_START = re.compile(
    r"[一二三四五六七八九十百]+[、.．]|第[一二三四五六七八九十百\d]+[章节条部分篇]|[（(][一二三四五六七八九十\d]+[)）]|[①-⑳]"
)
_PUNCT = set("，,、。．.！!？?；;：:…—-–·“”‘’\"'「」『』（）()【】《》〈〉[]{}<>/|" + layout_lm.BOUNDARY + " \t\u3000")
# Full-width punctuation that no line of Chinese text starts with.
_NO_LINE_START = set("，。、；：！？）」』】》〉")  # not ” ’: ’９９ abbreviates a year
# Half-width clause punctuation, used in Chinese text typed on a half-width keyboard; a
# line may start with it in code or CSV, so it only counts between two Han characters.
_NO_LINE_START_HALF = set(",;:!?")
_OPENERS = set("“‘「『（(【《〈[")
_CLOSERS = set("”’」』）)】》〉]")
_QUOTE_CLOSERS = set("”’」』》")
_UNIT_SIGNS = set("%％‰℃")
# Marks that join two parts of one phrase: a line never ends a paragraph with one.
_CONNECTORS = set("—·+")


@dataclass(slots=True)
class _Line:
    start: int  # offset of the first character
    end: int  # offset just past the text, before the line break
    stop: int  # offset just past the line break
    text: str


def _lines(text: str) -> list[_Line]:
    if "\r" not in text:  # the common case: one split instead of a regex match per line
        lines, pos, n = [], 0, len(text)
        for piece in text.split("\n"):
            if pos == n and lines:
                break
            end = pos + len(piece)
            stop = end + 1 if end < n else end
            lines.append(_Line(pos, end, stop, piece))
            pos = stop
        return lines
    lines = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and lines:
            break
        lines.append(_Line(m.start(), m.end(1), m.end(), m.group(1)))
        if not m.group(2):
            break
    return lines


def find(text: str, ctx: Any) -> list[Edit]:
    """Duplicate paragraphs and keyword stuffing in ``text``.

    Broken lines are joined by the stage before every other,
    :mod:`textfix.fixers.linebreaks`; here they are only looked for so that
    stuffing is judged on whole sentences when that stage did not run.
    """
    if len(text) < MIN_DUPLICATE:
        return []
    options = getattr(ctx, "options", None)
    edits: list[Edit] = []
    lines = _lines(text) if ("\n" in text or "\r" in text) else [_Line(0, len(text), len(text), text)]
    if len(lines) > 1:
        # duplicates are always looked for: stuffing must not count a paragraph twice
        edits.extend(duplicate_paragraphs(text, lines))
    if options is None or options.wants("spin", "spin-keyword-stuffing"):
        removed = [(e.start, e.end) for e in edits]
        # when the linebreaks stage runs, its joins are already made
        joined_by_stage = options is not None and options.wants("layout", "layout-broken-line")
        view = joins(text, lines, edits) if len(lines) > 1 and not joined_by_stage else []
        edits.extend(_stuffing_across_joins(text, view, removed))
    return edits


def joins(text: str, lines: list[_Line] | None = None, duplicates: list[Edit] | None = None) -> list[Edit]:
    """The ``layout-broken-line`` edits of ``text`` (see :func:`broken_lines`), except
    at the edge of a duplicate paragraph: the join would eat the line break that
    removing the copy leaves in place (and the file's last newline).

    >>> t = "这是一段足够长的导语文字，用来检验重复段落\\n这是一段足够长的导语文字，用来检验重复段落的删除是否正确。\\n"
    >>> joins(t)
    []
    """
    if "\n" not in text and "\r" not in text:
        return []
    lines = lines if lines is not None else _lines(text)
    found = broken_lines(text, lines)
    if not found:
        return []
    if duplicates is None:
        duplicates = duplicate_paragraphs(text, lines)
    cut = {e.start for e in duplicates} | {e.end for e in duplicates}
    # A wrapped paragraph copied whole or in part (a teaser and its full lead)
    # repeats the first line of the original: the break before it is where the
    # copy starts, even when the copy's last line happens to fill the width.
    seen: set[str] = set()
    in_copy = False
    for ln in lines:
        repeat = len(ln.text) >= MIN_BROKEN and ln.text in seen
        if repeat and not in_copy:
            cut.add(ln.start)
        in_copy = repeat
        seen.add(ln.text)
    # ... but a repeated line that continues where its earlier copy did not (a one-line
    # teaser before the wrapped full text) is the full text, and inside a copy a break
    # that mirrors a join of the original is joined too: the copy then reads as the
    # whole paragraph it repeats and is removed whole, not its first line alone.
    kept = _continued_repeats(lines, {e.start for e in found})
    return [e for e in found if e.start in kept or (e.start not in cut and e.end not in cut)]


def _continued_repeats(lines: list[_Line], join_starts: set[int]) -> set[int]:
    """The joins (by start offset) after a line that repeats an earlier line, where the
    earlier line was not joined to what followed it (it was a teaser), or was joined
    to the same next line (the copy mirrors it).

    >>> ls = _lines("甲乙丙丁戊\\n己庚\\n\\n甲乙丙丁戊\\n己庚\\n")
    >>> sorted(_continued_repeats(ls, {5, 15}))
    [15]
    >>> ls = _lines("甲乙丙丁戊\\n\\n甲乙丙丁戊\\n己庚\\n")
    >>> sorted(_continued_repeats(ls, {12}))
    [12]
    """
    where: dict[str, list[int]] = {}
    out: set[int] = set()
    for i in range(len(lines) - 1):
        a, b = lines[i], lines[i + 1]
        if not a.text.strip():
            continue
        if a.end in join_starts and any(
            lines[j].end not in join_starts or lines[j + 1].text == b.text for j in where.get(a.text, ())
        ):
            out.add(a.end)
        where.setdefault(a.text, []).append(i)
    return out


def _stuffing_across_joins(text: str, joins: list[Edit], removed: list[tuple[int, int]]) -> list[Edit]:
    """Keyword stuffing judged on the text with its broken lines joined.

    A word cut by a hard wrap, or standing at the end of a wrapped line, fits
    neither neighbour in the raw text and would look injected; the judgement is
    made on the joined sentence and the edits are mapped back to ``text``.
    """
    # joined text, and for each joined offset the raw offset it came from
    pieces, raw_at, pos = [], [], 0
    for j in sorted(joins, key=lambda e: e.start):
        pieces.append(text[pos:j.start])
        raw_at.append((sum(map(len, pieces)), j.end - sum(map(len, pieces))))
        pos = j.end
    pieces.append(text[pos:])
    joined = "".join(pieces)
    starts = [k for k, _ in raw_at]

    def raw(k: int, end: bool = False) -> int:
        i = bisect.bisect_right(starts, k - 1 if end else k)
        return k + (raw_at[i - 1][1] if i else 0)

    def to_joined(r: int) -> int:
        return r - sum(j.end - j.start for j in joins if j.end <= r)

    skip_all = [(to_joined(s), to_joined(e)) for s, e in removed]
    out = []
    for bs, be in line_blocks(joined, STUFFING_BLOCK):
        skip = [(max(s, bs) - bs, min(e, be) - bs) for s, e in skip_all if s < be and e > bs]
        for e in keyword_stuffing(joined[bs:be], skip):
            start, end = raw(e.start + bs), raw(e.end + bs, end=True)
            out.append(dataclasses.replace(e, start=start, end=end, before=text[start:end]))
    return out


# --- duplicate paragraphs -------------------------------------------------------------


# letters and ideographs (not digits, not punctuation): what makes a paragraph prose
_WORD_CHAR = re.compile(r"[^\W\d_]")


def duplicate_paragraphs(text: str, lines: list[_Line]) -> list[Edit]:
    """Remove a paragraph seen before, or a truncated copy of the paragraph next to it.

    >>> t = "标题\\n湖南株洲市增强城市社区党建工作，通过全体推\\n湖南株洲市增强城市社区党建工作，通过全体推进小区党支部建设。\\n"
    >>> [(e.before, e.evidence["match"]) for e in duplicate_paragraphs(t, _lines(t))]
    [('湖南株洲市增强城市社区党建工作，通过全体推\\n', 'prefix')]
    """
    paras = [ln for ln in lines if ln.text.strip()]
    keys = [p.text.strip() for p in paras]
    first_seen: dict[str, int] = {}
    verdicts: dict[int, tuple[str, int]] = {}
    for k, key in enumerate(keys):
        if len(key) < MIN_DUPLICATE:
            continue
        if key in first_seen:
            # a short sentence may legitimately repeat (a formula in an announcement);
            # a long one, or one repeated right after itself, is a scraping artefact
            if len(key) >= MIN_DUPLICATE_FAR or first_seen[key] == k - 1:
                verdicts[k] = ("exact", first_seen[key])
            continue
        first_seen[key] = k
        for n in (k + 1, k - 1):  # a truncated teaser sits right before or after the full text
            if not (0 <= n < len(keys) and len(keys[n]) > len(key)):
                continue
            if keys[n].startswith(key):
                verdicts[k] = ("prefix", n)
                break
            # the cut may have split a word that a spin or script fix then rewrote differently
            # in the two copies ("设置装备摆" vs "建设、"): allow a few differing characters at the end
            # (one slice comparison: the shared prefix leaves at most this many characters over)
            shared = len(key) - max(6, len(key) // 15)
            if len(key) >= 2 * MIN_DUPLICATE and key[:shared] == keys[n][:shared]:
                verdicts[k] = ("near-prefix", n)
                break
    edits = []
    for k, (match, other) in sorted(verdicts.items()):
        para, key = paras[k], keys[k]
        if len(_WORD_CHAR.findall(key)) < MIN_DUPLICATE // 2:
            continue  # a rule line, a table border or a row of numbers: layout, not a copied paragraph
        if k + 1 < len(paras):
            start, end = para.start, paras[k + 1].start  # the line, its break and the blank lines after it
        elif k > 0 and k - 1 not in verdicts:
            start, end = paras[k - 1].end, para.end  # last paragraph: take the separator before it
        else:
            start, end = para.start, para.stop
        if match == "exact":
            conf, why = 0.95, f"paragraph repeats paragraph {other + 1} verbatim ({len(key)} characters)"
        else:
            full = keys[other]
            mid_clause = key[-1] not in _PUNCT and full[len(key)] not in _PUNCT
            if not mid_clause and len(key) < 2 * MIN_DUPLICATE:
                continue  # a heading that happens to open the next paragraph
            conf = 0.85 if match == "near-prefix" else 0.9 if mid_clause else 0.8
            why = f"truncated copy ({len(key)} of {len(full)} characters) of the paragraph {'after' if other > k else 'before'} it"
        edits.append(
            Edit("layout", "layout-duplicate-paragraph", start, end, text[start:end], "", conf, why,
                 evidence={"match": match, "chars": len(key), "paragraph": k + 1, "copy_of_paragraph": other + 1})
        )
    return edits


# --- broken lines ---------------------------------------------------------------------


_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")


def _width(s: str) -> int:
    """Display width in columns: wide and full-width characters count two.

    >>> _width("中文ab")
    6
    """
    return len(s) + len(_WIDE.findall(s))


def _fixed_width(
    candidates: list[tuple[_Line, _Line]], lines: list[_Line], measure: Any, excused: frozenset[int] = frozenset()
) -> tuple[bool, int, int]:
    """(wrapped, width, lines at it): whether one ``measure`` width covers most open-ended lines
    and no line is wider (except the lines starting at ``excused`` offsets).

    >>> a = [_Line(0, 0, 0, "中" * 9 + "ab") for _ in range(3)]
    >>> _fixed_width(list(zip(a, a)), a, len), _fixed_width(list(zip(a, a)), a, _width)
    ((True, 11, 3), (True, 20, 3))
    """
    open_widths = collections.Counter(measure(a.text) for a, _b in candidates)
    wrap_width, at_width = 0, 0
    for w in open_widths:
        n = open_widths[w] + open_widths.get(w - 1, 0)
        if n > at_width or (n == at_width and w > wrap_width):
            wrap_width, at_width = w, n
    # ... and no line of the document is wider than that (headlines of equal length are not a wrap)
    # (a line of n characters is at most 2n columns wide: only longer lines need measuring), but
    # for one in JOINED_PER_WRAPPED lines at the width that is at most two wrapped lines long: a
    # break joined already (an earlier pass joined a line that starts with "，" while the page was
    # still mojibake, whose widths said nothing of the wrap)
    wider = [measure(ln.text) for ln in lines if len(ln.text) * 2 > wrap_width + 2 and ln.start not in excused]
    wider = [w for w in wider if w > wrap_width + 2]
    wrapped = (
        at_width >= 3 and at_width * 2 >= len(candidates)
        and len(wider) * JOINED_PER_WRAPPED <= at_width and all(w <= 2 * wrap_width + 2 for w in wider)
    )
    return wrapped, wrap_width, at_width


#: See :func:`_fixed_width`: a document wrapped at a width may hold one line of up to twice the width
#: per this many lines at the width.
JOINED_PER_WRAPPED = 50


_SENTENCE_END = set("。！？；…!?;")
_SENTENCE_END_OR_QUOTE = _SENTENCE_END | set("”」』）)")


def _unwrapped_paragraphs(lines: list[_Line]) -> Iterator[int]:
    """Start offsets of paragraphs that are one line ending a sentence, between blank lines.

    >>> t = "第一段。\\n\\n第二段写在\\n两行里。\\n"
    >>> list(_unwrapped_paragraphs(_lines(t)))
    [0]
    """
    for i, ln in enumerate(lines):
        text = ln.text.rstrip()
        if (
            text and text[-1] in _SENTENCE_END_OR_QUOTE
            and (i == 0 or not lines[i - 1].text.strip())
            and (i + 1 == len(lines) or not lines[i + 1].text.strip())
        ):
            yield ln.start


def _wrap_may_split(last: str, first: str, before: str = "", *, paragraphs: bool) -> str:
    """Whether a fixed-width wrap may have fallen between ``last`` and ``first``
    (beyond a Han character or comma followed by Han, which any break may split):
    ``"counts"`` (evidence of the wrap width as well), ``"at width"`` or ``""``.
    ``before`` holds the (up to two) characters before ``last``.

    A Han word and a number (``已有1|2部``) count. Two digits (``28|0余条``), a number and
    its sign (``12|％``), a decimal point (``0.|05``, ``0|．5``), a comma and a number and a code
    (``S|103``) are joined at the width but do not count: a table of long numbers has equal
    lines too. Where blank lines mark the paragraphs, a sentence end that happened to fill
    the line is joined at the width (a poem's equal lines do not count). Two Latin letters
    are never joined: English wraps at spaces, so such a break is a real one.

    Quotes and brackets: no paragraph ends with an opening mark (``“|四会``) or a connector
    (``——|访``), none starts with a closing one (``“四会|”``, ``来了”|。``; but ``’９７`` is a
    year), and a closing
    quote after a word closes a phrase, not the sentence (``“四会”|搭起``; a bracket does not:
    captions and bylines end a paragraph with one, ``（新华社发）``). A line ending in Han
    before an opening mark (``等|“四会”``) stays: headlines end in Han at any width. All of
    these are joined at the width only, and do not count towards finding it.

    >>> split = lambda last, first, before="", paragraphs=False: _wrap_may_split(last, first, before, paragraphs=paragraphs)
    >>> split("有", "1"), split("8", "0"), split("n", "w")
    ('counts', 'at width', '')
    >>> split("。", "社", paragraphs=True), split("。", "社")
    ('at width', '')
    >>> split("“", "四"), split("”", "搭", "会"), split("”", "搭", "。")
    ('at width', 'at width', '')
    """
    prev = before[-1:]
    if last.isdigit():
        if first.isdigit() or first in _UNIT_SIGNS or first == "．":
            return "at width"
        return "counts" if _HAN_CHAR.match(first) else ""
    if first.isdigit() and (last in "，,、" or (last in ".．" and prev.isdigit())):
        return "at width"  # 共有，|12个; 0.|05 (a decimal point)
    if _HAN_CHAR.match(last):
        if first.isdigit():
            return "counts"
        if first == "·" or first in _NO_LINE_START_HALF:
            return "at width"  # 特里斯坦|·诺达洛 (a name's middle dot), 说|,“通过 (half-width comma)
        return "at width" if first in _CLOSERS and first != "’" else ""
    if last == " " and _HAN_CHAR.match(prev) and _HAN_CHAR.match(first):
        return "at width"  # 网上走 |马上办: the space belongs to the text, the break to the wrap
    if last.isascii() and last.isalpha():
        return "at width" if first.isdigit() else ""
    goes_on = bool(_HAN_CHAR.match(first)) or first.isdigit() or first in _OPENERS
    if last in _OPENERS:
        return "at width" if goes_on else ""
    if last in _CONNECTORS:  # (after a word: a rule of dashes is a line of its own)
        return "at width" if goes_on and _HAN_CHAR.search(before) else ""
    if last in _CLOSERS:
        if first in _NO_LINE_START or (first in _CLOSERS and first != "’"):
            return "at width"
        if _HAN_CHAR.match(first) and last in _QUOTE_CLOSERS and (_HAN_CHAR.match(prev) or prev in _CLOSERS):
            return "at width"
        return "at width" if paragraphs and prev in _SENTENCE_END and _HAN_CHAR.match(first) else ""
    if last in _SENTENCE_END and first in _QUOTE_CLOSERS:
        return "at width"  # 我的心坎上。|”张惠琪: the quote closes the sentence the line ends
    return "at width" if paragraphs and last in _SENTENCE_END and _HAN_CHAR.match(first) else ""


_ENTITY_HEAD = re.compile(r"&(?:#[xX]?[0-9a-fA-F]*|[A-Za-z][A-Za-z0-9]*)?$")
_ENTITY_TAIL = re.compile(r"[0-9a-fA-F]*;|[A-Za-z0-9]*;")
_ENTITY_WHOLE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ENTITY_AT_END = re.compile(_ENTITY_WHOLE.pattern + "$")


def _splits_entity(a: str, b: str) -> bool:
    """Whether the break between lines ``a`` and ``b`` cuts an HTML character reference in two
    (``身&#x4|f53;``, ``&r|dquo;``): a wrapper counts characters, not references.

    >>> _splits_entity("锻炼身&#x4", "f53;,脸上"), _splits_entity("志愿者&", "ldquo;新书"), _splits_entity("AT&", "T")
    (True, True, False)
    """
    head, tail = _ENTITY_HEAD.search(a), _ENTITY_TAIL.match(b)
    return bool(head and tail and _ENTITY_WHOLE.fullmatch(head.group() + tail.group()))


def _edge_characters(a: str, b: str) -> tuple[str, str, str]:
    """(last character of line ``a``, first of line ``b``, the two before the last) as a reader
    sees them: an HTML reference at either edge counts as the character it stands for (a page
    still holding ``&rdquo;`` was wrapped with the reference in it).

    >>> _edge_characters("看到了新书", "&rdquo;图书馆"), _edge_characters("他说&ldquo;", "好")
    (('书', '”', '了新'), ('“', '好', '他说'))
    """
    last, before, first = a[-1], a[-3:-1], b[0]
    if last == ";" and (m := _ENTITY_AT_END.search(a)) and len(ch := html.unescape(m.group())) == 1:
        last, before = ch, a[: m.start()][-2:]
    if first == "&" and (m := _ENTITY_WHOLE.match(b)) and len(ch := html.unescape(m.group())) == 1:
        first = ch
    return last, first, before


def broken_lines(text: str, lines: list[_Line]) -> list[Edit]:
    """Join a line broken inside a Chinese sentence to the next line.

    A break is joined only if the line ends inside a clause, the next line goes
    straight on with a Han character, and either the document is hard-wrapped
    at a fixed width (most open-ended lines have the same display width) or the
    break splits a common word (a strong bigram whose second half rarely starts
    a line).

    >>> t = "周末的时候我们一家人和几位老朋友一起去参\\n观了新开的城市博物馆。\\n"
    >>> [e.before for e in broken_lines(t, _lines(t))]
    ['\\n']
    """
    candidates: list[tuple[_Line, _Line]] = []
    # breaks joined only at the wrap width; the first kind also counts towards finding it
    at_wrap_counted: list[tuple[_Line, _Line]] = []
    at_wrap_only: list[tuple[_Line, _Line]] = []
    closed: set[int] = set()  # lines followed by one that starts with a comma or full stop
    paragraphs = any(not ln.text.strip() for ln in lines)  # blank lines separate paragraphs
    for a, b in zip(lines, lines[1:]):
        if a.stop == a.end or not b.text or not a.text:
            continue
        if (
            (b.text[0] in _NO_LINE_START and unicodedata.category(a.text[-1])[0] in "LN")
            or (b.text[0] in _NO_LINE_START_HALF and _HAN_CHAR.match(a.text[-1]) and _HAN_CHAR.match(b.text[1:2]))
        ) and len(a.text.strip()) >= 4:
            closed.add(a.start)  # no line starts with "，" or "。": the wrapper cut before it
            candidates.append((a, b))
            continue
        if len(a.text.strip()) < MIN_BROKEN or _LIST_START.match(b.text):
            continue
        if _OPEN_END.search(a.text) and _HAN_CHAR.match(b.text):
            candidates.append((a, b))
        elif _splits_entity(a.text, b.text):
            at_wrap_only.append((a, b))
        elif split := _wrap_may_split(*_edge_characters(a.text, b.text), paragraphs=paragraphs):
            (at_wrap_counted if split == "counts" else at_wrap_only).append((a, b))
    counted = candidates + at_wrap_counted
    if not counted:
        return []
    # Exporters wrap at a number of display columns (Han = 2) or of code points: the
    # measure under which more open-ended lines share one width is the one used.
    # A paragraph of one whole sentence line may have been pasted unwrapped: it does
    # not disprove the wrap of the others.
    excused = frozenset(_unwrapped_paragraphs(lines)) if paragraphs else frozenset()
    wrapped, wrap_width, at_width = _fixed_width(counted, lines, _width, excused)
    measure, unit = _width, "columns"
    by_len = _fixed_width(counted, lines, len, excused)
    if by_len[0] and (not wrapped or by_len[2] > at_width):
        (wrapped, wrap_width, at_width), measure, unit = by_len, len, "characters"
    edits = []
    for a, b in counted + at_wrap_only:
        last, first = layout_lm.fold(a.text[-1]), layout_lm.fold(b.text[0])
        width = measure(a.text)
        # (or a line of two at the width, joined already: see _fixed_width)
        at_wrap = wrapped and (wrap_width - 1 <= width <= wrap_width or 2 * wrap_width - 2 <= width <= 2 * wrap_width)
        if not at_wrap and (a, b) not in candidates:
            continue
        split_word = (
            last not in _PUNCT
            and len(a.text.strip()) >= MIN_DUPLICATE
            and layout_lm.count(last + first) >= 10
            and layout_lm.pmi(last, first) >= 3.0
            and layout_lm.pmi(layout_lm.BOUNDARY, first) < 0
            and layout_lm.pmi(",", first) < 0
        )
        # a lone "。" line needs the wrap as well: some sources put one there on purpose
        starts_closed = a.start in closed and (len(b.text.strip()) > 1 or at_wrap)
        if not (at_wrap or split_word or starts_closed):
            continue
        conf = 0.85 if starts_closed or (at_wrap and split_word) else 0.7 if at_wrap else 0.6
        why = (
            f"next line starts with {b.text[0]!r}, which never opens a line" if starts_closed
            else f"line wrapped at {wrap_width} {unit} inside a sentence" if at_wrap
            else f"line break splits {a.text[-1] + b.text[0]!r}"
        )
        edits.append(
            Edit("layout", "layout-broken-line", a.end, a.stop, text[a.end:a.stop], "", conf, why,
                 evidence={"wrap_width": wrap_width if at_wrap else None, "lines_at_width": at_width,
                           "across": a.text[-1] + b.text[0], "bigram_count": layout_lm.count(last + first),
                           "bigram_pmi": round(layout_lm.pmi(last, first), 2)})
        )
    return edits


# --- keyword stuffing -----------------------------------------------------------------

#: A keyword has at least this many hits within this many characters ...
MIN_INJECTED = 3
WINDOW = 600
#: ... taking turns with each other keyword, no hit further than this from the previous one ...
MAX_GAP = 200
#: ... and a stuffed passage has at least this many keywords that all take turns.
MIN_KEYWORDS = 3
#: Keyword stuffing is judged in blocks of about this many characters (whole lines).
STUFFING_BLOCK = 6000


def _unsupported(f: str, i: int, w: str, strong: frozenset[str], frequent: frozenset[str]) -> bool:
    """Whether the occurrence of ``w`` at ``i`` of folded text ``f`` fits neither neighbour.

    Only a Han neighbour can vouch for the word; punctuation says nothing.
    """
    right = f[i + 2] if i + 2 < len(f) else layout_lm.BOUNDARY
    if right in _PUNCT and right not in _OPENERS:
        return False  # an injection splits a clause: the text goes on right after it
    if right == w[0] or (i >= 2 and f[i - 2] == w[0] and f[i - 1] not in "的之"):
        return False  # parallel phrase: 共建共治共享, 共商共建
    # a frequent continuation (资源的, 成为党) vouches for the word even at low PMI;
    # a frequent left neighbour (的治理) does not: stuffing tools love to insert after 的
    after = w[1] + right
    if after in strong or after in frequent:
        return False
    return i == 0 or f[i - 1] + w[0] not in strong


_KNOWN, _STRONG, _FREQUENT = 1, 2, 4
# a known word (flag 1) whose left bigram is not strong and whose right bigram is neither
# strong nor frequent; the position before the text start counts as not strong
_HIT = re.compile(rb"(?:^|(?<=[\x00\x01\x04\x05]))[\x01\x03\x05\x07](?=[\x00\x01])")


@lru_cache(maxsize=1)
def _flag_table() -> dict[str, int]:
    known, strong, frequent = layout_lm.bigram_sets()
    table: dict[str, int] = {}
    for bit, keys in ((_KNOWN, known), (_STRONG, strong), (_FREQUENT, frequent)):
        for k in keys:
            table[k] = table.get(k, 0) | bit
    return table


def _best_window(pos: list[int]) -> list[int]:
    """The largest set of positions that fits in one window of :data:`WINDOW` characters."""
    best: list[int] = []
    j = 0
    for k in range(len(pos)):
        while pos[k] - pos[j] > WINDOW:
            j += 1
        if k + 1 - j > len(best):
            best = pos[j : k + 1]
    return best


def _by_word(f: str) -> dict[str, list[int]]:
    """``{word: hits}`` of the words with :data:`MIN_INJECTED` hits in a window (pure Python).

    A hit is unsupported by both neighbouring bigrams and its 4-grams do not recur.
    :meth:`_Vectorised.by_word` gives the same result with array operations.
    """
    _known, strong, frequent = layout_lm.bigram_sets()
    # one flag byte per position for the bigram starting there, so that one C-level regex
    # finds every known word with no strong bigram on its left and none on its right
    flags = bytes(map(_flag_table().get, map(str.__add__, f, f[1:]), itertools.repeat(0)))
    starts = [m.start() for m in _HIT.finditer(flags)]
    words = [f[i : i + 2] for i in starts]
    often = {w for w, n in collections.Counter(words).items() if n >= MIN_INJECTED}
    candidates: dict[str, list[int]] = collections.defaultdict(list)
    for i, w in zip(starts, words):
        if w in often and _unsupported(f, i, w, strong, frequent):
            candidates[w].append(i)
    bursts = {w: occ for w, occ in candidates.items() if len(_best_window(occ)) >= MIN_INJECTED}
    by_word: dict[str, list[int]] = {}
    if len(bursts) < MIN_KEYWORDS:
        return by_word  # the recurrence check below only removes hits
    for w, occ in bursts.items():
        occ = [i for i in occ if not _recurs(f, i)]
        if len(_best_window(occ)) >= MIN_INJECTED:
            by_word[w] = occ
    return by_word


@lru_cache(maxsize=1)
def _np_tables() -> tuple[Any, Any, int, Any, Any]:
    """Dense lookup arrays for :class:`_Vectorised`: char ids, the id-pair flag matrix, punctuation.

    ``ids[cp]`` numbers the BMP characters of the bigram table from 1 (0: in no bigram),
    ``pair[a * k + b]`` is the flag byte of the bigram of ids ``a, b``; ``punct`` and
    ``breaks`` mark :data:`_PUNCT` and the punctuation an injection cannot stand before.
    """
    np = _np
    table = _flag_table()
    chars = sorted({c for k in table for c in k if ord(c) < 0x10000})
    ids = np.zeros(0x10000, dtype=np.intp)
    ids[[ord(c) for c in chars]] = np.arange(1, len(chars) + 1)
    k = len(chars) + 1
    pair = np.zeros(k * k, dtype=np.uint8)
    keys = [(ids[ord(a)] * k + ids[ord(b)], v) for (a, b), v in table.items() if max(ord(a), ord(b)) < 0x10000]
    pair[np.array([x for x, _v in keys], dtype=np.intp)] = np.array([v for _x, v in keys], dtype=np.uint8)
    punct = np.zeros(0x10000, dtype=bool)
    punct[[ord(c) for c in _PUNCT]] = True
    breaks = punct.copy()
    breaks[[ord(c) for c in _OPENERS]] = False
    return ids, pair, k, punct, breaks


def _group_ids(key: Any) -> tuple[Any, Any]:
    """``(ids, counts)``: a dense id per distinct key (in key order) and each id's count.

    ``np.unique(key, return_inverse=True, return_counts=True)`` without its overhead
    on the short arrays of one passage.
    """
    np = _np
    if not len(key):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    new = np.empty(len(key), dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    group = np.cumsum(new) - 1
    ids = np.empty(len(key), dtype=np.intp)
    ids[order] = group
    return ids, np.bincount(group)


def _bursting(pos: Any, word: Any) -> tuple[Any, Any]:
    """The hits (sorted by word, then position) of words with :data:`MIN_INJECTED` in one window.

    The array form of ``len(_best_window(occ)) >= MIN_INJECTED`` for every word at once.
    """
    np, m = _np, MIN_INJECTED - 1
    if len(pos) <= m:
        return pos[:0], word[:0]
    close = (word[m:] == word[:-m]) & (pos[m:] - pos[:-m] <= WINDOW)
    bursting = np.zeros(int(word.max()) + 1, dtype=bool)  # words are small non-negative ids
    bursting[word[:-m][close]] = True
    mask = bursting[word]
    return pos[mask], word[mask]


#: Below this (hits × characters), :func:`_recurs` per hit is cheaper than the arrays.
SHORT_RECURS = 40_000


class _Vectorised:
    """The per-position work of :func:`keyword_stuffing` as numpy array operations.

    Same results as :func:`_candidates` and :func:`_recurs` (tests compare them), at C
    speed on clean text, where about one position in ten is a hit to look at.
    """

    def __init__(self, f: str, cps: Any):
        self.f, self.cps = f, cps
        self._grams: Any = False  # 4-gram keys, built on first use (None: too many distinct characters)

    @classmethod
    def make(cls, f: str) -> "_Vectorised | None":
        try:
            cps = _np.frombuffer(f.encode("utf-32-le", "surrogatepass"), dtype=_np.uint32)
        except UnicodeError:
            return None
        return cls(f, cps)

    def by_word(self) -> dict[str, list[int]]:
        """:func:`_by_word`."""
        np, cps = _np, self.cps
        ids, pair, k, _punct, breaks = _np_tables()
        n = len(cps)
        if n < 4:
            return {}
        bmp = np.minimum(cps, 0xFFFF)  # U+FFFF is in no bigram
        cid = ids[bmp]
        fl = pair[cid[:-1] * k + cid[1:]]  # flag byte of the bigram starting at each position
        # hit at i: a known word, no strong bigram on its left, none strong or frequent on its right
        hit = ((fl[:-1] & _KNOWN) != 0) & ((fl[1:] & (_STRONG | _FREQUENT)) == 0)
        hit[1:] &= (fl[: n - 3] & _STRONG) == 0
        starts = np.flatnonzero(hit)
        key = (cps[starts].astype(np.uint64) << np.uint64(21)) | cps[starts + 1]
        word, counts = _group_ids(key)
        keep = counts[word] >= MIN_INJECTED  # the word is hit often enough (before the checks below)
        # _unsupported: the text goes on with a Han character, not a parallel phrase (共建共治)
        first, right = cps[starts], cps[starts + 2]
        keep &= ~breaks[bmp[starts + 2]] & (right != first)
        before2 = cps[np.maximum(starts - 2, 0)]
        left = cps[np.maximum(starts - 1, 0)]
        keep &= ~((starts >= 2) & (before2 == first) & (left != ord("的")) & (left != ord("之")))
        if np.count_nonzero(keep) < MIN_KEYWORDS * MIN_INJECTED:
            return {}
        order = np.lexsort((starts[keep], word[keep]))  # by word, then position
        pos, word = starts[keep][order], word[keep][order]
        pos, word = _bursting(pos, word)
        if len(word) == 0 or 1 + np.count_nonzero(word[1:] != word[:-1]) < MIN_KEYWORDS:  # sorted by word
            return {}
        hits = pos.tolist()
        # a short passage with few hits: str.count beats building the 4-gram arrays
        recurs = [_recurs(self.f, i) for i in hits] if len(hits) * len(self.f) < SHORT_RECURS else self.recurs(hits)
        fresh = ~np.array(recurs, dtype=bool)
        pos, word = _bursting(pos[fresh], word[fresh])
        out: dict[str, list[int]] = {}
        f = self.f
        for i in pos.tolist():
            out.setdefault(f[i : i + 2], []).append(i)
        return out

    def recurs(self, occ: list[int]) -> list[bool]:
        """:func:`_recurs` for every position in ``occ``."""
        np, cps, f = _np, self.cps, self.f
        if not occ:
            return []
        if self._grams is False:
            _ids, _pair, _k, punct, _breaks = _np_tables()
            if len(cps) < 4 or int(cps.max()) >= 0x10000:
                self._grams = None  # astral text: four code points no longer fit in 64 bits
            else:
                d = cps.astype(np.uint64)
                g = (d[:-3] << np.uint64(48)) | (d[1:-2] << np.uint64(32)) | (d[2:-1] << np.uint64(16)) | d[3:]
                p = punct[np.minimum(cps, 0xFFFF)]
                self._gram_punct = p[:-3] | p[1:-2] | p[2:-1] | p[3:]
                self._grams = g
                self._sorted = np.sort(g)
        if self._grams is None:
            return [_recurs(f, i) for i in occ]
        g, srt, gp = self._grams, self._sorted, self._gram_punct
        pos = np.array(occ, dtype=np.intp)
        found = np.zeros(len(pos), dtype=bool)
        for off in (-2, 0, -1):  # the three grams _recurs tries
            j = pos + off
            ok = (j >= 0) & (j < len(g))
            jj = np.where(ok, j, 0)
            keys = g[jj]
            many = np.searchsorted(srt, keys, side="right") - np.searchsorted(srt, keys, side="left") >= 2
            found |= ok & ~gp[jj] & many
        # str.count counts non-overlapping copies: where a gram can overlap itself (哈哈哈哈),
        # two overlapping copies may count once, so ask _recurs itself
        out = found.tolist()
        if found.any():
            # a position that starts an equal pair at distance 1-3 near the hit (a superset of the
            # grams that can overlap themselves: _recurs decides those exactly)
            pair = np.zeros(len(cps) + 1, dtype=bool)
            for dist in (1, 2, 3):
                pair[: len(cps) - dist] |= cps[:-dist] == cps[dist:]
            if pair.any():
                run = np.concatenate([np.zeros(1, dtype=np.intp), np.cumsum(pair, dtype=np.intp)])
                lo = np.maximum(pos - 2, 0)
                hi = np.minimum(pos + 4, len(pair))
                for x in np.flatnonzero(found & (run[hi] > run[lo])).tolist():
                    out[x] = _recurs(f, occ[x])
        return out


def keyword_stuffing(text: str, skip: list[tuple[int, int]] = ()) -> list[Edit]:  # type: ignore[assignment]
    """Remove short keywords injected into the sentences of one passage.

    A *hit* is an occurrence of a two-character word that fits neither
    neighbour (no corpus bigram links it to the Han character before or
    after) and whose surrounding four characters do not recur elsewhere in
    the document (a genuine phrase such as a brand name or ``党建引领`` does).
    A keyword has at least three hits within :data:`WINDOW` characters. A
    passage is stuffed when the hits of several keywords follow each other
    in a fixed rotation (``党建 → 治理 → 共建 → 幸福 → 家园 → 党建 …``), the
    way stuffing tools cycle through their keyword list; topic words that
    merely cluster in one section do not rotate.

    >>> lead = ("去年秋天，文化青石镇图书馆完成了改造，幸福馆内新增了儿童阅览区。和谐馆长介绍说，家园改造资金来自县里的"
    ...         "文化专项补助，幸福也有居民捐书。和谐开馆第一周，家园前来借书的文化人多了一倍，幸福周末的和谐座位不够用。"
    ...         "家园为了方便上班族，文化图书馆推迟了闭馆时间。")
    >>> sorted({e.before for e in keyword_stuffing(lead)})
    ['和谐', '家园', '幸福', '文化']
    """
    if len(text) < 100:
        return []
    f = layout_lm.fold(text)
    for s, e in skip:  # paragraphs removed as duplicates do not count
        f = f[:s] + layout_lm.BOUNDARY * (e - s) + f[e:]
    vec = _Vectorised.make(f) if _np is not None else None
    by_word = vec.by_word() if vec is not None else _by_word(f)
    if len(by_word) >= MIN_KEYWORDS:
        subjects = _clause_subjects(f, by_word)
        by_word = {w: occ for w, occ in by_word.items() if w not in subjects}
    if len(by_word) < MIN_KEYWORDS:
        return []
    words = sorted(by_word)
    stretches = _pairs(by_word)
    group = _clique(words, stretches)
    if len(group) < MIN_KEYWORDS:
        return []
    positions = sorted({p for a in group for b in group if a < b for p in stretches[(a, b)]})
    per_word = collections.Counter(text[p : p + 2] for p in positions)  # as written, not folded
    return [_stuffing_edit(text, f, p, text[p : p + 2], per_word, positions) for p in positions]


def _fits_elsewhere(f: str, w: str, occ: list[int]) -> bool:
    """Whether the passage also uses ``w`` where a corpus bigram links it to a neighbour.

    >>> _fits_elsewhere("，读者如是。读者的", "读者", [1])
    True
    >>> _fits_elsewhere("，读者如是。读者共", "读者", [1])
    False
    """
    _known, strong, frequent = layout_lm.bigram_sets()
    hits, j = set(occ), f.find(w)
    while j >= 0:
        if j not in hits and ((j > 0 and f[j - 1] + w[0] in strong)
                              or (j + 2 < len(f) and (w[1] + f[j + 2] in strong or w[1] + f[j + 2] in frequent))):
            return True
        j = f.find(w, j + 1)
    return False


def _clause_subjects(f: str, by_word: dict[str, list[int]]) -> set[str]:
    """The keywords that are topic words of the passage, repeated as the subjects of its clauses.

    Parallel rhetoric repeats the words it is about at the start of successive
    clauses (``报刊如是，读者更如是``, ``。读者是真欢迎``, ``『读者信箱』``) and uses
    them where they fit as well (``读者的权利``). A clause start proves nothing
    either way, so a keyword all of whose hits open a clause, and that the passage
    uses where it fits, is not counted as injected, provided another keyword is
    such a topic word too (rhetoric is about the passage's own words; a stuffing
    tool brings in foreign ones). A stuffing tool that cycles through its keyword
    list puts some of them inside clauses, where they break a phrase
    (``党的[党建]二十``, ``小区的[家园]物业``).

    >>> f = "，读者如是，作者如是，读者更如是。读者的作者的"
    >>> sorted(_clause_subjects(f, {"读者": [1, 11], "作者": [6]}))
    ['作者', '读者']
    >>> sorted(_clause_subjects(f[:-3], {"读者": [1, 11], "作者": [6]}))  # 作者 fits nowhere
    []
    """
    topic = {w for w, occ in by_word.items() if _fits_elsewhere(f, w, occ)}
    if len(topic) < 2:
        return set()
    # inside a clause (not after punctuation, or after 的/之) the hit breaks a phrase;
    # a quotation mark opens a new phrase
    return {w for w in topic if all(i == 0 or (f[i - 1] in _PUNCT and f[i - 1] not in "的之") for i in by_word[w])}


def _pairs(by_word: dict[str, list[int]]) -> dict[tuple[str, str], list[int]]:
    """``{(a, b): hits}`` for every pair of keywords whose hits take turns (both orders)."""
    words = sorted(by_word)
    stretches: dict[tuple[str, str], list[int]] = {}
    for x, a in enumerate(words):
        for b in words[x + 1 :]:
            pa, pb = by_word[a], by_word[b]
            if pa[0] > pb[-1] + MAX_GAP or pb[0] > pa[-1] + MAX_GAP:
                continue
            st = _alternation(pa, pb)
            if st:
                stretches[(a, b)] = stretches[(b, a)] = st
    return stretches


def _alternation(pa: list[int], pb: list[int]) -> list[int]:
    """Hits of two keywords in a stretch where they take turns (a b a b a b, one slip allowed per five).

    >>> _alternation([0, 40, 80], [20, 60, 100])
    [0, 20, 40, 60, 80, 100]
    >>> _alternation([0, 10, 20], [30, 40, 50])
    []
    """
    merged = sorted([(p, 0) for p in pa] + [(p, 1) for p in pb])
    segments = [[merged[0]]]
    for x in merged[1:]:
        if x[0] - segments[-1][-1][0] <= MAX_GAP:
            segments[-1].append(x)
        else:
            segments.append([x])
    best: list[tuple[int, int]] = []
    for seg in segments:
        n_a = sum(1 for _p, k in seg if k == 0)
        if n_a < MIN_INJECTED or len(seg) - n_a < MIN_INJECTED:
            continue
        turns = sum(1 for x, y in zip(seg, seg[1:]) if x[1] != y[1])
        if turns >= 2 * MIN_INJECTED - 1 and turns >= 0.8 * (len(seg) - 1) and len(seg) > len(best):
            best = seg
    return [p for p, _k in best]


def _clique(words: list[str], pairs: dict[tuple[str, str], list[int]]) -> list[str]:
    """A largest set of keywords that all alternate with each other (greedy; the graphs are tiny)."""
    degree = collections.Counter(a for a, _b in pairs)
    linked = sorted(degree, key=lambda w: (-degree[w], w))
    best: list[str] = []
    for seed in linked:
        group = [seed]
        for w in linked:
            if w not in group and all((w, g) in pairs for g in group):
                group.append(w)
        if len(group) > len(best):
            best = group
    return best


def _recurs(f: str, i: int) -> bool:
    """Whether one of the 4-grams around the word at ``i`` occurs again in ``f``."""
    for a, b in ((i - 2, i + 2), (i, i + 4), (i - 1, i + 3)):
        if a < 0 or b > len(f):
            continue
        gram = f[a:b]
        if not _PUNCT.isdisjoint(gram):
            continue  # "，幸福" recurs wherever a tool injects after commas
        if f.count(gram) >= 2:
            return True
    return False


def _stuffing_edit(text: str, f: str, i: int, w: str, per_word: collections.Counter, hits: list[int]) -> Edit:
    left = f[i - 1] if i > 0 else layout_lm.BOUNDARY
    right = f[i + 2] if i + 2 < len(f) else layout_lm.BOUNDARY
    fw = f[i : i + 2]  # folded form for the tables
    pl, pr = layout_lm.pmi(left, fw[0]), layout_lm.pmi(fw[1], right)
    joined = layout_lm.count(left + right)
    conf = 0.65
    if max(pl, pr) < 0.5:
        conf += 0.05  # both junctions are poor, not just unknown
    if left in _PUNCT or joined >= 3:
        conf += 0.05  # taking the word out leaves a sequence the corpus knows
    if len(per_word) >= 4:
        conf += 0.05  # four or more keywords take turns
    others = ", ".join(f"{k}×{v}" for k, v in per_word.most_common() if k != w)
    return Edit(
        "spin", "spin-keyword-stuffing", i, i + 2, text[i:i + 2], "", round(min(conf, 0.85), 2),
        f"keyword {text[i:i + 2]!r} injected {per_word[w]} times into this passage"
        + (f" (with {others})" if others else ""),
        evidence={"keyword": text[i:i + 2], "injected_here": per_word[w], "keywords": dict(per_word),
                  "passage": [hits[0], hits[-1] + 2],
                  "left_bigram": text[i - 1:i + 1] if i > 0 else None, "left_pmi": round(pl, 2),
                  "right_bigram": text[i + 1:i + 3] if i + 2 < len(text) else None, "right_pmi": round(pr, 2),
                  "joined_bigram_count": joined},
    )
