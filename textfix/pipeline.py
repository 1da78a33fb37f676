"""Run the fixers over a text, filter and apply their edits.

The pipeline is deliberately simple: each stage gets the text as repaired so
far, proposes edits, the edits the options do not want are dropped, overlaps
are resolved deterministically, and the rest are applied. If anything
changed, the whole pipeline runs once more on its own output (a repair can
expose another one, e.g. an HTML entity hiding a zero-width space) so that
``fix(fix(x)) == fix(x)``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import Sequence

from . import fixers
from .edits import Edit, apply_edits, line_col, map_to_source, resolve_overlaps
from .options import IGNORE_MARKER, Context, Options, cached_per_option_set

#: How many times the pipeline may run on its own output before it gives up.
MAX_ROUNDS = 3


@dataclass
class Step:
    """One stage of one round: the text it saw and the edits it kept."""

    stage: str
    text: str
    edits: list[Edit]


@dataclass
class Result:
    """The outcome of :func:`textfix.fix`: the repaired text and every edit."""

    source: str
    text: str
    steps: list[Step] = field(default_factory=list)
    #: The encoding the input bytes were decoded with (``fix_bytes`` only).
    encoding: str | None = None

    @property
    def edits(self) -> list[Edit]:
        """All edits, in the order they were made (offsets refer to each step's text)."""
        return [e for s in self.steps for e in s.edits]

    @property
    def changed(self) -> bool:
        return self.text != self.source

    def source_span(self, edit: Edit) -> tuple[int, int]:
        """The span of ``edit`` mapped back to offsets in :attr:`source`."""
        earlier: list[list[Edit]] = []
        for step in self.steps:
            if any(e is edit for e in step.edits):
                return (map_to_source(edit.start, earlier), map_to_source(edit.end, earlier))
            earlier.append(step.edits)
        raise ValueError("edit is not part of this result")

    def source_position(self, edit: Edit) -> tuple[int, int]:
        """1-based (line, column) of ``edit`` in :attr:`source`."""
        return line_col(self.source, self.source_span(edit)[0])

    def explain(self) -> str:
        """One line per edit: position, kind/rule, before → after, confidence, reason."""
        lines = []
        for e in self.edits:
            line, col = self.source_position(e)
            after = "(no fix)" if e.after is None else repr(e.after)
            lines.append(
                f"{line}:{col}: {e.kind}/{e.rule} {e.before!r} → {after} ({e.confidence:.2f}) {e.reason}"
            )
        return "\n".join(lines)


def replay(text: str, steps: Sequence[Sequence[Edit]]) -> str:
    """Apply recorded steps again, as ftfy's ``apply_plan`` does for its plans."""
    for edits in steps:
        text = apply_edits(text, edits)
    return text


def run(text: str, options: Options | None = None, *, stages: Sequence[str] | None = None) -> Result:
    """Run the pipeline and return a :class:`Result`.

    A text whose every line ends in CRLF is repaired exactly as its LF version (the
    fixers then never see a ``\\r``), and its edits and output are given back in CRLF.

    >>> run("中文\\r\\n&amp;\\r\\n").text
    '中文\\r\\n&\\r\\n'
    """
    if not isinstance(text, str):  # fail here, not deep inside a fixer's regex
        raise TypeError(f"textfix takes str, not {type(text).__name__}")
    if _all_crlf(text):
        return _as_crlf(_run(text.replace("\r\n", "\n"), options, stages), text)
    return _run(text, options, stages)


_LF = re.compile("\n")


def _all_crlf(text: str) -> bool:
    """Whether ``text`` has line breaks and every one of them is CRLF (no lone CR or LF)."""
    if "\r" not in text:
        return False
    n = text.count("\r\n")
    return n > 0 and n == text.count("\n") == text.count("\r")


def _as_crlf(result: Result, source: str) -> Result:
    """``result`` of the LF version of ``source`` given back in CRLF: every step's text,
    every edit's offsets, before and after (an LF offset moves by the LFs before it)."""
    steps = []
    for step in result.steps:
        breaks = [m.start() for m in _LF.finditer(step.text)]

        def crlf_offset(i: int, breaks: list[int] = breaks) -> int:
            return i + bisect.bisect_left(breaks, i)

        edits = [
            replace(e, start=crlf_offset(e.start), end=crlf_offset(e.end), before=e.before.replace("\n", "\r\n"),
                    after=None if e.after is None else e.after.replace("\n", "\r\n"))
            for e in step.edits
        ]
        steps.append(Step(step.stage, step.text.replace("\n", "\r\n"), edits))
    return Result(source=source, text=result.text.replace("\n", "\r\n"), steps=steps, encoding=result.encoding)


def _run(text: str, options: Options | None, stages: Sequence[str] | None) -> Result:
    options = options or Options()
    mods = _stages(options, None if stages is None else tuple(stages))
    result = Result(source=text, text=text)
    ctx = Context(options=options)
    current = text
    seen_findings: set[tuple[str, str]] = set()
    # The line-join stage reads a hard wrap from the line widths, which it cannot do on a page of
    # mojibake (ÖÐÎÄ is twice as wide as 中文). When the mojibake stage of the first round
    # changes the text, the round starts again from the line joins, before the Unicode and script
    # stages change the widths once more (&ldquo; -> “); this extra pass is not counted as a round.
    restart_after = "mojibake" if any(m.NAME == "linebreaks" for m in mods) else None
    rounds = 0
    while rounds < MAX_ROUNDS:
        before_round = current
        restarted = False
        for mod in mods:
            proposed = mod.find(current, ctx)
            if not proposed:
                continue
            for e in proposed:
                e.stage = mod.NAME
            kept = _filter(current, proposed, options)
            # a detect-only finding changes nothing, so later rounds would repeat it
            kept = [e for e in kept if e.fixable or (e.rule, e.before) not in seen_findings]
            seen_findings.update((e.rule, e.before) for e in kept if not e.fixable)
            if not kept:
                continue
            kept = resolve_overlaps(kept)
            result.steps.append(Step(mod.NAME, current, kept))
            changed = apply_edits(current, kept)
            if mod.NAME == restart_after and changed != current:
                current, restart_after, restarted = changed, None, True
                break
            current = changed
        if restarted:
            continue
        rounds += 1
        if current == before_round:
            break
    result.text = current
    return result


@cached_per_option_set(maxsize=256)  # importlib per stage is not free
def _stages(options: Options, stages: tuple[str, ...] | None) -> tuple[ModuleType, ...]:
    """The fixer modules that can produce an edit ``options`` wants, in pipeline order."""
    mods = [m for m in fixers.all_fixers() if stages is None or m.NAME in stages]
    return tuple(m for m in mods if options.wants_kind(tuple(m.KINDS)))


def _filter(text: str, edits: list[Edit], options: Options) -> list[Edit]:
    edits = [
        e for e in edits if e.confidence >= options.min_confidence and options.wants(e.kind, e.rule)
    ]
    if not edits:
        return edits
    blocked = _blocked_spans(text, options.allow)
    if blocked:
        edits = [e for e in edits if not any(s < max(e.end, e.start + 1) and e.start < t for s, t in blocked)]
    return edits


def _blocked_spans(text: str, allow: Sequence[str]) -> list[tuple[int, int]]:
    """Spans no edit may touch: lines with the ignore marker, allow-listed words."""
    spans: list[tuple[int, int]] = []
    if "textfix" in text:
        for m in IGNORE_MARKER.finditer(text):
            start = text.rfind("\n", 0, m.start()) + 1
            end = text.find("\n", m.end())
            spans.append((start, len(text) if end < 0 else end))
    words = [w for w in allow if w and w in text]
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
        spans.extend(m.span() for m in pattern.finditer(text))
    return spans
