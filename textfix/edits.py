"""The edit model: every finding and every repair is an :class:`Edit`.

An edit names a span of the text a fixer was given (``start``/``end`` are
offsets into that text, in code points), what was there (``before``), what
should be there (``after``; ``None`` for findings that cannot be repaired,
such as ``锟斤拷``), how sure the fixer is and why.

Fixers run one after another (see :mod:`textfix.pipeline`); each sees the
text as repaired by the fixers before it, so an edit's offsets refer to the
text at its own stage. :func:`map_to_source` maps them back to the input.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Sequence


@dataclass
class Edit:
    """One finding or repair.

    >>> e = Edit("unicode", "unicode-zero-width", 1, 2, "\\u200b", "", 0.99, "zero-width space")
    >>> apply_edits("a\\u200bb", [e])
    'ab'
    """

    kind: str
    rule: str
    start: int
    end: int
    before: str
    after: str | None
    confidence: float
    reason: str
    #: Name of the fixer (pipeline stage) that produced the edit; set by the pipeline.
    stage: str = ""
    #: Free-form evidence for ``explain`` (dictionary counts, context scores ...).
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def fixable(self) -> bool:
        """True when the edit proposes a replacement (not a detect-only finding)."""
        return self.after is not None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def shifted(self, offset: int) -> "Edit":
        """Return a copy with offsets moved by ``offset`` (for fixers working on slices)."""
        d = asdict(self)
        d["start"] += offset
        d["end"] += offset
        return Edit(**d)


def resolve_overlaps(edits: Iterable[Edit]) -> list[Edit]:
    """Keep a deterministic, non-overlapping subset of the fixable edits.

    Higher confidence wins; then the longer span; then the earlier start; then
    the rule id, so the same input always gives the same result. Detect-only
    findings (``after is None``) are all kept: they change nothing.

    >>> a = Edit("k", "r1", 0, 3, "abc", "x", 0.9, "")
    >>> b = Edit("k", "r2", 2, 4, "cd", "y", 0.8, "")
    >>> [e.rule for e in resolve_overlaps([b, a])]
    ['r1']
    """
    fixable: list[Edit] = []
    findings: list[Edit] = []
    for e in edits:
        (fixable if e.fixable else findings).append(e)
    fixable.sort(key=lambda e: (-e.confidence, -(e.end - e.start), e.start, e.rule))
    starts: list[int] = []
    kept: list[Edit] = []
    for e in fixable:
        i = bisect.bisect_right(starts, e.start)
        # the kept edit starting at or before e.start must end before it starts
        if i > 0:
            prev = kept[i - 1]
            if prev.end > e.start or (prev.start == e.start):
                continue
        if i < len(kept):
            nxt = kept[i]
            if nxt.start < e.end or (nxt.start == e.start):
                continue
        starts.insert(i, e.start)
        kept.insert(i, e)
    out = kept + findings
    out.sort(key=lambda e: (e.start, e.end, e.rule))
    return out


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping fixable edits to ``text``; findings are ignored.

    Raises ``ValueError`` if an edit does not match the text it claims to change.

    >>> apply_edits("abc", [Edit("k", "r", 1, 2, "b", "B", 1.0, "")])
    'aBc'
    """
    parts: list[str] = []
    pos = 0
    for e in sorted((e for e in edits if e.fixable), key=lambda e: (e.start, e.end)):
        if e.start < pos:
            raise ValueError(f"overlapping edit {e.rule} at {e.start}")
        if text[e.start : e.end] != e.before:
            raise ValueError(
                f"edit {e.rule} claims {e.before!r} at {e.start}:{e.end}, text has {text[e.start:e.end]!r}"
            )
        parts.append(text[pos : e.start])
        parts.append(e.after)  # type: ignore[arg-type]
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def map_to_source(pos: int, stages: Sequence[Sequence[Edit]]) -> int:
    """Map an offset in the output of the last of ``stages`` back to the input.

    ``stages`` lists the applied edits of each earlier stage, in order. An
    offset inside text that an edit inserted maps to that edit's start.
    """
    for applied in reversed(stages):
        delta = 0  # output offset minus input offset, for text after the edits seen so far
        for e in sorted((e for e in applied if e.fixable), key=lambda e: e.start):
            out_start = e.start + delta
            out_end = out_start + len(e.after or "")
            if pos < out_start:
                break
            if pos < out_end:
                delta = out_start - e.start
                pos = out_start  # inside inserted text: map to the edit's start
                break
            delta += len(e.after or "") - (e.end - e.start)
        pos -= delta
    return pos


def line_col(text: str, pos: int) -> tuple[int, int]:
    r"""1-based line and column of ``pos`` in ``text`` (columns count code points).

    Lines end at ``\n``, ``\r\n`` or a lone ``\r`` (old Mac files, mixed
    newlines), as editors and ruff count them.

    >>> line_col("a\r\nb\rcd", 6)
    (3, 2)
    >>> line_col("a\r\nb", 1)  # the CR of a CRLF still ends line 1
    (1, 2)
    """
    # a CR counts as a line break unless a LF follows it (counted as the LF);
    # a CR right before pos whose LF is at pos has not ended its line yet
    split_crlf = 0 < pos < len(text) and text[pos - 1] == "\r" and text[pos] == "\n"
    lone_cr = text.count("\r", 0, pos) - text.count("\r\n", 0, pos) - split_crlf
    line = text.count("\n", 0, pos) + lone_cr + 1
    last = text.rfind("\n", 0, pos)
    if lone_cr:  # every CR after the last LF (and before a split CRLF) is a lone one
        last = max(last, text.rfind("\r", last + 1, pos - 1 if split_crlf else pos))
    return line, pos - last
