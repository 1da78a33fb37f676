"""Rendering findings and diffs for people and for machines."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from .edits import Edit
from .pipeline import Result
from .textutil import diff_opcodes

FORMATS = ("text", "json", "jsonl", "github")

_RED, _GREEN, _CYAN, _BOLD, _REVERSE, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[1m", "\x1b[7m", "\x1b[0m"


@dataclass
class Finding:
    """An edit placed in a file: what ``check`` prints."""

    path: str
    line: int
    column: int
    edit: Edit

    def to_dict(self) -> dict:
        e = self.edit
        return {
            "path": self.path, "line": self.line, "column": self.column,
            "kind": e.kind, "rule": e.rule, "start": e.start, "end": e.end,
            "before": e.before, "after": e.after, "confidence": round(e.confidence, 4),
            "reason": e.reason, "stage": e.stage, "evidence": e.evidence,
        }


def findings(path: str, result: Result) -> list[Finding]:
    """Every edit of ``result`` with its 1-based line and column in the source."""
    out = []
    for e in result.edits:
        line, col = result.source_position(e)
        out.append(Finding(path, line, col, e))
    out.sort(key=lambda f: (f.line, f.column, f.edit.rule))
    return out


def _short(s: str, limit: int = 40) -> str:
    r = repr(s)
    return r if len(r) <= limit else r[: limit - 2] + "…" + r[-1]


def _message(e: Edit) -> str:
    after = "(no fix)" if e.after is None else _short(e.after)
    return f"{e.kind}/{e.rule} {e.reason} {_short(e.before)} → {after} ({e.confidence:.2f})"


def format_text(f: Finding) -> str:
    """``path:line:col: KIND/RULE message 'before' → 'after' (confidence)``."""
    return f"{f.path}:{f.line}:{f.column}: {_message(f.edit)}"


def _gh_escape(value: str, prop: bool = False) -> str:
    """Escape a workflow-command value; properties (``file=``) also escape ``:`` and ``,``.

    >>> _gh_escape("docs/a,b: 100%.txt", prop=True)
    'docs/a%2Cb%3A 100%25.txt'
    """
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def format_github(f: Finding) -> str:
    """A GitHub Actions workflow command, so findings show up on the pull request."""
    e = f.edit
    return (f"::warning file={_gh_escape(f.path, True)},line={f.line},col={f.column},"
            f"title={_gh_escape('textfix ' + e.rule, True)}::{_gh_escape(_message(e))}")


def render(found: Iterable[Finding], fmt: str) -> Iterator[str]:
    """Lines to print for ``check --format fmt`` (json yields one document)."""
    if fmt == "json":
        yield json.dumps([f.to_dict() for f in found], ensure_ascii=False, indent=2)
        return
    for f in found:
        if fmt == "jsonl":
            yield json.dumps(f.to_dict(), ensure_ascii=False)
        elif fmt == "github":
            yield format_github(f)
        else:
            yield format_text(f)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def split_lines(text: str) -> list[str]:
    r"""Lines with their endings, broken at LF, CRLF and lone CR only (as ``check`` numbers them).

    ``str.splitlines`` also breaks at form feeds, vertical tabs and U+2028,
    which would put the diff's line numbers out of step with ``check``'s.

    >>> split_lines("a\x0cb\r\nc\rd")
    ['a\x0cb\r\n', 'c\r', 'd']
    """
    return _LINE.findall(text)


def unified_diff(path: str, before: str, after: str, color: bool = False) -> str:
    """A unified diff of two texts; with ``color``, changed runs inside a line are highlighted.

    CJK lines are long, so a whole red line and a whole green line would hide
    a one-character change; the character-level highlight shows it.
    """
    a = split_lines(before)
    b = split_lines(after)
    lines = list(difflib.unified_diff(a, b, f"a/{path}", f"b/{path}", n=1))
    # a lone CR ends a line too (old Mac files), but printed bare it would overwrite the line on a terminal
    lines = [ln + "\n" if ln.endswith("\r") else ln if ln.endswith("\n") else ln + "\n\\ No newline at end of file\n"
             for ln in lines]
    if not color:
        return "".join(lines)
    return "".join(_colorize(lines))


def _colorize(lines: list[str]) -> Iterator[str]:
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.startswith(("---", "+++")):
            yield _BOLD + ln.rstrip("\n") + _RESET + "\n"
            i += 1
        elif ln.startswith("@@"):
            yield _CYAN + ln.rstrip("\n") + _RESET + "\n"
            i += 1
        elif ln.startswith("-"):
            minus = []
            while i < len(lines) and lines[i].startswith("-"):
                minus.append(lines[i]); i += 1
            plus = []
            while i < len(lines) and lines[i].startswith("+"):
                plus.append(lines[i]); i += 1
            for k in range(max(len(minus), len(plus))):
                old = minus[k][1:] if k < len(minus) else None
                new = plus[k][1:] if k < len(plus) else None
                if old is not None and new is not None:
                    ho, hn = _highlight_pair(old.rstrip("\n"), new.rstrip("\n"))
                    minus[k] = "-" + ho + "\n"
                    plus[k] = "+" + hn + "\n"
            for m in minus:
                yield _RED + m.rstrip("\n") + _RESET + "\n"
            for p in plus:
                yield _GREEN + p.rstrip("\n") + _RESET + "\n"
        elif ln.startswith("+"):
            yield _GREEN + ln.rstrip("\n") + _RESET + "\n"
            i += 1
        else:
            yield ln
            i += 1


def _highlight_pair(old: str, new: str) -> tuple[str, str]:
    """Reverse-video the runs that differ between two versions of a line."""
    o, n = [], []
    for tag, i1, i2, j1, j2 in diff_opcodes(old, new):
        if tag == "equal":
            o.append(old[i1:i2]); n.append(new[j1:j2])
        else:
            if i2 > i1:
                o.append(_REVERSE + old[i1:i2] + _RESET + _RED)
            if j2 > j1:
                n.append(_REVERSE + new[j1:j2] + _RESET + _GREEN)
    return "".join(o), "".join(n)
