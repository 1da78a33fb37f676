"""The ``textfix`` command line.

Exit codes follow ruff and black: 0 nothing to report, 1 findings (``check``),
changes that ``fix --check`` would make, or findings ``fix`` cannot repair;
2 usage or I/O errors (bad option, unreadable, binary or undecodable file).
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from typing_extensions import Annotated

from . import __version__
from .api import BytesResult, fix_bytes
from .config import Config, find_config, load_config
from .edits import Edit
from .encoding import RULES as ENCODING_RULES, DecodeError, decode_bytes, widening
from .fileio import atomic_write, iter_files, path_matches as _path_matches
from .fixers import unknown_selectors
from .options import OptionError, Options
from .report import FORMATS, Finding, findings, render, unified_diff

app = typer.Typer(
    name="textfix",
    help="Find and repair damaged text: mojibake, wrong Chinese script, spun text, Unicode noise.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

#: Markup: HTML character references are syntax here, not damage.
MARKUP = frozenset(".html .htm .xhtml .shtml .xml .svg .rss .atom .md .markdown .mdx .jsp .asp .aspx .erb .twig"
                   " .jinja .j2 .vue".split())
#: Source code: entities are syntax too, and repeated or short lines are code, not
#: scraping damage (layout rules would delete a repeated block or join lines).
SOURCE_CODE = frozenset(".py .pyi .js .mjs .cjs .jsx .ts .tsx .java .kt .scala .c .h .cc .cpp .hpp .cs .go .rs .rb"
                        " .php .pl .lua .r .swift .sh .bash .zsh .ps1 .sql .css .scss .less".split())

# ---- shared options ---------------------------------------------------------------------------

Paths = Annotated[List[str], typer.Argument(help="Files or directories to process; '-' reads stdin.", show_default=False)]
Select = Annotated[Optional[List[str]], typer.Option("--select", help="Only these kinds or rule ids (repeatable, or comma-separated).")]
Ignore = Annotated[Optional[List[str]], typer.Option("--ignore", help="Never these kinds or rule ids.")]
MinConf = Annotated[Optional[float], typer.Option("--min-confidence", min=0.0, max=1.0, help="Drop edits below this confidence (default 0.5).")]
Script = Annotated[Optional[str], typer.Option("--script", help="Target script: keep, hans, hant, tw, hk.")]
Phrases = Annotated[Optional[bool], typer.Option("--phrases/--no-phrases", help="Use OpenCC's regional phrase conversions (s2twp, tw2sp ...).")]
Allow = Annotated[Optional[List[str]], typer.Option("--allow", help="A word never to touch (repeatable).")]
Dicts = Annotated[Optional[List[str]], typer.Option("--dictionary", help="An extra spin dictionary TSV (repeatable).")]
Thesaurus = Annotated[Optional[str], typer.Option("--thesaurus", help="A thesaurus in Tongyici Cilin format, as extra spin candidates.")]
Include = Annotated[Optional[List[str]], typer.Option("--include", help="Glob of files to take when walking directories.")]
Exclude = Annotated[Optional[List[str]], typer.Option("--exclude", help="Glob of files or directories to skip.")]
GitIgnore = Annotated[Optional[bool], typer.Option(
    "--respect-gitignore/--no-respect-gitignore",
    help="When walking directories, skip files git ignores (default: on; files named explicitly are always taken).")]
ConfigPath = Annotated[Optional[Path], typer.Option("--config", help="Read options from this TOML file instead of searching for one.")]
NoConfig = Annotated[bool, typer.Option("--no-config", help="Ignore configuration files.")]


def _split(values: Optional[List[str]]) -> Optional[tuple[str, ...]]:
    if values is None:
        return None
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


@dataclass
class Run:
    """Everything a command needs: the options and which files to read."""

    options: Options
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    output_encoding: Optional[str] = None
    respect_gitignore: bool = True
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Paths a walk skipped because git ignores them (reported when nothing is left to process).
    git_ignored: int = 0
    #: Directory of the configuration file, against which its include/exclude globs also match.
    base: Optional[Path] = None
    #: ``fix -``: stdin that cannot be repaired is copied to stdout unchanged (a filter never swallows its input).
    passthrough: bool = False
    errors: int = 0

    def options_for(self, path: str) -> Options:
        """The options for one file: ``per-file-ignores`` and the markup/source-code rules applied."""
        extra = tuple(r for glob, rules in self.per_file_ignores if _path_matches(path, glob, self.base) for r in rules)
        suffix = os.path.splitext(path)[1].lower() if path != "-" else ""
        if suffix in MARKUP or suffix in SOURCE_CODE:
            extra += ("unicode-html-entity",)
        if suffix in SOURCE_CODE:
            extra += ("layout",)
        return self.options.with_(ignore=self.options.ignore + extra) if extra else self.options

    def error(self, path: str, message: str) -> None:
        self.errors += 1
        typer.echo(f"textfix: error: {path}: {message}", err=True)

    def walk_error(self, exc: OSError) -> None:
        """A directory that could not be listed while walking."""
        self.error(str(exc.filename), f"cannot list directory: {exc.strerror or exc}")


def _make_run(config: Optional[Path], no_config: bool, *, select=None, ignore=None, min_confidence=None,
              script=None, phrases=None, allow=None, dictionaries=None, thesaurus=None, include=None,
              exclude=None, output_encoding=None, respect_gitignore=None) -> Run:
    try:
        cfg = Config() if no_config else load_config(config if config else find_config())
        opts = cfg.options.with_(
            select=_split(select), ignore=_split(ignore), min_confidence=min_confidence, script=script,
            script_phrases=phrases, thesaurus=thesaurus,
        )
        bad = unknown_selectors(opts.select + opts.ignore)
        if bad:
            raise OptionError(f"unknown kind or rule: {', '.join(bad)} (see `textfix rules`)")
        if allow:
            opts = opts.with_(allow=tuple(opts.allow) + tuple(allow))
        if dictionaries:
            opts = opts.with_(dictionaries=tuple(opts.dictionaries) + tuple(dictionaries))
        if output_encoding:
            import codecs
            codecs.lookup(output_encoding)
    except (OptionError, LookupError) as exc:
        typer.echo(f"textfix: error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR)
    return Run(
        options=opts,
        include=tuple(cfg.include) + tuple(_split(include) or ()),
        exclude=tuple(cfg.exclude) + tuple(_split(exclude) or ()),
        output_encoding=output_encoding or cfg.output_encoding,
        respect_gitignore=cfg.respect_gitignore if respect_gitignore is None else respect_gitignore,
        per_file_ignores=cfg.per_file_ignores,
        base=cfg.path.resolve().parent if cfg.path else None,
    )


def _choice(option: str, value: str, allowed: tuple[str, ...]) -> None:
    """Exit 2 with one line unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        typer.echo(f"textfix: error: {option} must be one of {', '.join(allowed)}, not {value!r}", err=True)
        raise typer.Exit(EXIT_ERROR)


@contextmanager
def _progress(total: int, label: str = "textfix", min_total: int = 2) -> Iterator:
    """A progress bar on stderr when it is a terminal and there is enough to show; yields ``advance(n=1)``."""
    if total >= min_total and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=Console(stderr=True), transient=True) as prog:
            task = prog.add_task(label, total=total)
            yield lambda n=1: prog.advance(task, n)
    else:
        yield lambda n=1: None


@dataclass
class FileResult:
    """One file read and repaired, and whether the repair can be written back."""

    res: BytesResult
    #: Why the repair cannot be stored in the file's encoding ("" when it can); ``res`` then holds
    #: the repair encoded as UTF-8, so that it can still be reported, explained and diffed.
    unstorable: str = ""

    @property
    def result(self):
        return self.res.result

    def encoding_note(self, output_encoding: Optional[str], would: bool = False) -> str:
        """How writing the file changes its bytes beyond the edits ("" when it does not).

        A GBK file whose repair needs GB18030 (an emoji), a UTF-8 file with
        GBK lines written back all UTF-8, or an ``--output-encoding`` conversion.
        """
        res = self.res
        if self.unstorable or not res.changed:
            return ""
        if output_encoding:
            src, dst = codecs.lookup(res.encoding).name, codecs.lookup(output_encoding).name
            return f"{'would be ' if would else ''}converted from {src} to {dst}" if src != dst else ""
        if not res.decoded.roundtrips:
            what = res.decoded.notes[0].split(";")[0] if res.decoded.notes else "mixed encodings"
            return f"{'would be ' if would else ''}rewritten as {res.encoding.upper()}: {what}"
        wide = widening(res.source, self.result.text, res.encoding)
        if wide is None:
            return ""
        narrow, chars = wide
        return (f"{'would become' if would else 'now'} {res.encoding}: "
                f"{narrow.upper().replace('_', '-')} cannot store {_show(chars)}")


def _show(chars: str, limit: int = 5) -> str:
    """``'😀', 'é'`` for the first few characters, then how many more."""
    shown = ", ".join(repr(c) for c in chars[:limit])
    return shown + (f" and {len(chars) - limit} more" if len(chars) > limit else "")


def _files(run: Run, paths: List[str], *args, **kwargs) -> list[tuple[str, bool]]:
    """The files to process; says so when there are none."""

    def ignored(_path: str) -> None:
        run.git_ignored += 1

    files = list(iter_files(paths, *args, onerror=run.walk_error, respect_gitignore=run.respect_gitignore,
                            on_ignored=ignored, **kwargs))
    if not files:
        # like ruff and black: an empty directory or an all-excluded file list is not an error
        # (pre-commit passes excluded files by name)
        why = (f" ({run.git_ignored} paths ignored by git; --no-respect-gitignore includes them)"
               if run.git_ignored else "")
        typer.echo(f"textfix: no files to process{why}", err=True)
    return files


def _process(run: Run, paths: List[str]) -> Iterator[tuple[str, FileResult]]:
    """Decode and fix each file; report files that cannot be read and skip them."""
    files = _files(run, paths, run.include, run.exclude, base=run.base)
    with _progress(len(files)) as advance:
        for path, explicit in files:
            try:
                data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
            except OSError as exc:
                run.error(path, exc.strerror or str(exc))
                advance()
                continue
            unstorable = ""
            options = run.options_for(path)
            try:
                res = fix_bytes(data, options=options, output_encoding=run.output_encoding)
            except DecodeError as exc:
                if explicit:
                    run.error(path, f"skipped: {exc}")
                if path == "-" and run.passthrough:
                    sys.stdout.buffer.write(data)
                    sys.stdout.flush()
                advance()
                continue
            except UnicodeEncodeError as exc:
                # still repair (in UTF-8) so the damage can be reported; only writing it back is refused
                chars = "".join(dict.fromkeys(exc.object[exc.start:exc.end]))
                unstorable = (f"the repair needs {_show(chars)}, which {exc.encoding} cannot store;"
                              f" rerun with --output-encoding utf-8")
                res = fix_bytes(data, options=options, output_encoding="utf-8")
            yield path, FileResult(res, unstorable)
            advance()


def _decode_only(run: Run, paths: List[str]) -> Iterator[tuple[str, str]]:
    """Decode each file without repairing it (``identify`` needs the text only)."""
    files = _files(run, paths)
    for path, explicit in files:
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
            yield path, decode_bytes(data).text
        except OSError as exc:
            run.error(path, exc.strerror or str(exc))
        except DecodeError as exc:
            if explicit:
                run.error(path, f"skipped: {exc}")


def _exit(run: Run, findings_code: bool) -> None:
    if run.errors:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FINDINGS if findings_code else EXIT_OK)


# ---- commands --------------------------------------------------------------------------------

@app.command()
def check(
    paths: Paths,
    format: Annotated[str, typer.Option("--format", help="text, json, jsonl or github.")] = "text",
    statistics: Annotated[bool, typer.Option("--statistics", help="Print how often each rule fired instead of each finding.")] = False,
    select: Select = None, ignore: Ignore = None, min_confidence: MinConf = None, script: Script = None,
    phrases: Phrases = None, allow: Allow = None, dictionary: Dicts = None, thesaurus: Thesaurus = None,
    include: Include = None, exclude: Exclude = None, respect_gitignore: GitIgnore = None,
    config: ConfigPath = None, no_config: NoConfig = False,
) -> None:
    """Report damage as path:line:col: KIND/RULE message 'before' → 'after' (confidence).

    Exit 0 when clean, 1 when something was found, 2 on errors.
    """
    _choice("--format", format, FORMATS)
    run = _make_run(config, no_config, select=select, ignore=ignore, min_confidence=min_confidence, script=script,
                    phrases=phrases, allow=allow, dictionaries=dictionary, thesaurus=thesaurus, include=include,
                    exclude=exclude, respect_gitignore=respect_gitignore)
    # findings are printed file by file (a corpus-wide check shows progress and holds no list);
    # only --format json, one document, and --statistics wait for the end
    kept: list = []
    per_rule: Counter = Counter()
    total = fixable = files = 0
    for path, item in _process(run, paths):
        found = _mixed_encoding_findings(path, item, run.options_for(path)) + findings(path, item.result)
        total += len(found)
        fixable += sum(f.edit.fixable for f in found)
        files += bool(found)
        if item.unstorable:
            typer.echo(f"{path}: encoding: {item.unstorable}", err=True)
        if statistics:
            per_rule.update((f.edit.rule, f.edit.fixable) for f in found)
        elif format == "json":
            kept.extend(found)
        else:
            for line in render(found, format):
                typer.echo(line)
    if statistics:
        for (rule, can_fix), n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            typer.echo(f"{n:>8}  {rule:<32} {'fixable' if can_fix else 'report only'}")
    elif format == "json":
        for line in render(kept, format):
            typer.echo(line)
    if total and format == "text":
        # like ruff's "Found N errors": on stderr, so stdout stays one finding per line
        typer.echo(f"Found {total} finding{'s' * (total != 1)} in {files} file{'s' * (files != 1)}"
                   f" ({fixable} fixable with `textfix fix`).", err=True)
    _exit(run, bool(total))


def _mixed_encoding_findings(path: str, item: FileResult, options: Options) -> list[Finding]:
    """A finding at the first legacy line of a UTF-8 file with lines in another codec: the file
    is damaged (``fix`` rewrites it all UTF-8) even when no text edit is needed."""
    decoded = item.res.decoded
    if decoded.roundtrips or not decoded.legacy_lines or not options.wants("encoding", "encoding-mixed"):
        return []
    n = decoded.legacy_lines[0]
    lines = decoded.text.splitlines(keepends=True)
    start = sum(map(len, lines[: n - 1]))
    line = lines[n - 1].rstrip("\r\n") if n <= len(lines) else ""
    note = decoded.notes[0] if decoded.notes else "lines in a legacy codec"
    edit = Edit("encoding", "encoding-mixed", start, start + len(line), line, line, 1.0,
                f"{note}; `textfix fix` writes the file back as UTF-8")
    return [Finding(path, n, 1, edit)]


@app.command()
def fix(
    paths: Paths,
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff instead of writing files.")] = False,
    check_only: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if any file would change.")] = False,
    color: Annotated[str, typer.Option("--color", help="Diff colours: auto, always, never.")] = "auto",
    output_encoding: Annotated[Optional[str], typer.Option("--output-encoding", help="Write in this encoding instead of the file's own.")] = None,
    select: Select = None, ignore: Ignore = None, min_confidence: MinConf = None, script: Script = None,
    phrases: Phrases = None, allow: Allow = None, dictionary: Dicts = None, thesaurus: Thesaurus = None,
    include: Include = None, exclude: Exclude = None, respect_gitignore: GitIgnore = None,
    config: ConfigPath = None, no_config: NoConfig = False,
) -> None:
    """Repair files in place (atomically, keeping encoding, BOM, newlines and mode).

    '-' reads stdin and writes the repaired text to stdout. Exit 1 with --check
    when a file would change, or when damage remains that cannot be repaired
    (锟斤拷); document-level notes (spin-document) do not count.
    """
    _choice("--color", color, ("auto", "always", "never"))
    run = _make_run(config, no_config, select=select, ignore=ignore, min_confidence=min_confidence, script=script,
                    phrases=phrases, allow=allow, dictionaries=dictionary, thesaurus=thesaurus, include=include,
                    exclude=exclude, output_encoding=output_encoding, respect_gitignore=respect_gitignore)
    run.passthrough = not (diff or check_only)
    use_color = color == "always" or (color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    changed = unfixable = seen = 0
    for path, item in _process(run, paths):
        seen += path != "-"
        res = item.res
        # a finding that covers no text (spin-document) is a verdict on the document, not damage left behind
        left = [e for e in res.edits if not e.fixable and e.before]
        unfixable += len(left)
        for f in findings(path, res.result):
            if f.edit.fixable:
                continue
            what = "cannot be repaired" if f.edit.before else "note"
            typer.echo(f"{path}:{f.line}:{f.column}: {f.edit.rule}: {f.edit.reason} ({what})", err=True)
        note = item.encoding_note(run.output_encoding, would=diff or check_only)
        if diff:
            if res.changed:
                changed += 1
                sys.stdout.write(unified_diff(path, res.result.source, res.result.text, color=use_color))
                if note:
                    typer.echo(f"{path}: encoding: {note}", err=True)
            if item.unstorable:
                run.error(path, f"cannot be fixed in place: {item.unstorable}")
            continue
        if item.unstorable:
            if path == "-" and run.passthrough:
                sys.stdout.buffer.write(res.source)
                sys.stdout.flush()
            run.error(path, f"{'would not be' if check_only else 'not'} written: {item.unstorable}")
            continue
        if path == "-":
            if check_only:
                changed += res.changed
            else:
                sys.stdout.buffer.write(res.data)
                sys.stdout.flush()
                if note:
                    typer.echo(f"-: encoding: {note}", err=True)
            continue
        if not res.changed:
            continue
        changed += 1
        n_edits = len(res.edits) - len(left)
        edits = f"{n_edits} edit{'s' * (n_edits != 1)}"
        if check_only:
            typer.echo(f"would fix {path} ({edits}{'; ' + note if note else ''})", err=True)
            continue
        try:
            atomic_write(path, res.data)
        except OSError as exc:
            run.error(path, f"could not write: {exc.strerror or exc}")
            continue
        typer.echo(f"fixed {path} ({edits}{'; ' + note if note else ''})", err=True)
    if seen > 1 and not diff:
        # like black's "1 file reformatted, 2 files left unchanged"
        done = "would be fixed" if check_only else "fixed"
        tail = f"; {unfixable} finding{'s' * (unfixable != 1)} cannot be repaired" if unfixable else ""
        typer.echo(f"textfix: {changed} file{'s' * (changed != 1)} {done}, {seen - changed} unchanged{tail}.", err=True)
    _exit(run, (check_only and changed > 0) or unfixable > 0)


@app.command()
def explain(
    paths: Paths,
    format: Annotated[str, typer.Option("--format", help="table, json (one document per file) or jsonl (one line per file).")] = "table",
    select: Select = None, ignore: Ignore = None, min_confidence: MinConf = None, script: Script = None,
    phrases: Phrases = None, allow: Allow = None, dictionary: Dicts = None, thesaurus: Thesaurus = None,
    include: Include = None, exclude: Exclude = None, respect_gitignore: GitIgnore = None,
    config: ConfigPath = None, no_config: NoConfig = False,
) -> None:
    """Show one row per edit: position, kind, rule, before → after, confidence, reason and evidence.

    Exit 0 unless a file could not be read (explaining is not checking).
    """
    _choice("--format", format, ("table", "json", "jsonl"))
    run = _make_run(config, no_config, select=select, ignore=ignore, min_confidence=min_confidence, script=script,
                    phrases=phrases, allow=allow, dictionaries=dictionary, thesaurus=thesaurus, include=include,
                    exclude=exclude, respect_gitignore=respect_gitignore)
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 200, highlight=False)
    for path, item in _process(run, paths):
        res = item.res
        found = findings(path, res.result)
        if format in ("json", "jsonl"):
            typer.echo(json.dumps({"path": path, "encoding": res.encoding, "edits": [f.to_dict() for f in found]},
                                  ensure_ascii=False, indent=2 if format == "json" else None))
            continue
        table = Table(title=f"{path} ({res.encoding}, {len(found)} edits)", show_lines=False)
        for col in ("line:col", "kind", "rule", "before", "after", "conf", "reason / evidence"):
            table.add_column(col, overflow="fold")
        for f in found:
            e = f.edit
            ev = "; ".join(f"{k}={v}" for k, v in e.evidence.items())
            table.add_row(f"{f.line}:{f.column}", e.kind, e.rule, e.before, "(no fix)" if e.after is None else e.after,
                          f"{e.confidence:.2f}", e.reason + (f" [{ev}]" if ev else ""))
        console.print(table)
    _exit(run, False)


@app.command()
def identify(
    paths: Paths,
    format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Tell whether each file is Simplified (hans), Traditional (hant), mixed or none."""
    from .api import identify_script

    _choice("--format", format, ("text", "json"))
    run = Run(options=Options())
    for path, text in _decode_only(run, paths):
        ident = identify_script(text)
        if format == "json":
            typer.echo(json.dumps({"path": path, **ident.to_dict()}, ensure_ascii=False))
        else:
            typer.echo(f"{path}: {ident.label} ({ident.confidence:.2f})")
    _exit(run, False)


@app.command()
def learn(
    pairs: Annotated[Path, typer.Argument(help="JSONL with 'spun' and 'original' fields.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Dictionary TSV to write.")],
    clean: Annotated[Optional[List[Path]], typer.Option("--clean", help="Clean text used to grade ambiguity (repeatable).")] = None,
) -> None:
    """Learn spin substitutions from aligned spun/original pairs into a dictionary TSV."""
    from .fixers.spin_learn import learn as learn_pairs

    problem = _check_pairs(pairs)
    for path in clean or ():
        if not path.is_file():
            problem = problem or f"{path}: {'is a directory' if path.is_dir() else 'no such file'} (--clean)"
    if problem:
        typer.echo(f"textfix: error: {problem}", err=True)
        raise typer.Exit(EXIT_ERROR)
    try:
        stats = learn_pairs(pairs, output, clean_corpus=clean)
    except (ValueError, OSError) as exc:
        typer.echo(f"textfix: error: {exc.filename + ': ' if getattr(exc, 'filename', None) else ''}"
                   f"{getattr(exc, 'strerror', None) or exc}", err=True)
        raise typer.Exit(EXIT_ERROR)
    typer.echo(f"wrote {output}: {stats}", err=True)


def _check_pairs(path: Path) -> str:
    """Why ``path`` is not a JSONL file of ``{"spun": ..., "original": ...}`` records ("" when it is).

    Checked up front so that a bad line is reported with its number, not as a
    JSON or KeyError message from deep inside the learner.
    """
    if not path.is_file():
        return f"{path}: {'is a directory' if path.is_dir() else 'no such file'}"
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except ValueError as exc:
                    return f"{path}:{n}: not JSON ({getattr(exc, 'msg', exc)})"
                if not isinstance(rec, dict) or not all(isinstance(rec.get(k), str) for k in ("spun", "original")):
                    return f"{path}:{n}: a record needs string fields 'spun' and 'original'"
    except UnicodeDecodeError:
        return f"{path}: not UTF-8"
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"
    return ""


@app.command()
def batch(
    inputs: Annotated[List[Path], typer.Argument(help="JSONL (.jsonl/.ndjson, optionally .gz/.bz2/.xz/.zst) or Parquet files, or directories of them; '-' reads JSONL from stdin.", show_default=False)],
    output: Annotated[Optional[str], typer.Option("-o", "--output", help="Output file (one input; '-' is stdout, JSONL only) or directory (several inputs, an existing directory, or a path ending in /). Compression follows the name.")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Rewrite the inputs (atomically).")] = False,
    text_field: Annotated[str, typer.Option("--field", help="The record field / column holding the text; a dotted path (meta.text) reaches into nested JSON objects.")] = "text",
    annotate: Annotated[Optional[str], typer.Option("--annotate", help="Add a field with each record's edits.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes (the output is the same as with 1).")] = 1,
    report: Annotated[Optional[Path], typer.Option("--report", help="Write the summary as JSON here.")] = None,
    select: Select = None, ignore: Ignore = None, min_confidence: MinConf = None, script: Script = None,
    phrases: Phrases = None, allow: Allow = None, dictionary: Dicts = None, thesaurus: Thesaurus = None,
    config: ConfigPath = None, no_config: NoConfig = False,
) -> None:
    """Repair the text field of every record in JSONL or Parquet corpora.

    Every record is written out, in order: records that cannot be parsed or
    lack the field pass through unchanged and are counted in the summary.
    """
    from .corpus import Summary, corpus_format, count_records, expand_inputs, fix_jsonl, fix_parquet

    run = _make_run(config, no_config, select=select, ignore=ignore, min_confidence=min_confidence, script=script,
                    phrases=phrases, allow=allow, dictionaries=dictionary, thesaurus=thesaurus)
    if in_place == (output is not None):
        typer.echo("textfix: error: give exactly one of -o/--output and --in-place", err=True)
        raise typer.Exit(EXIT_ERROR)
    out_dir = None
    if output is not None and output != "-":
        out_dir = Path(output)
        if len(inputs) > 1 or output.endswith(("/", os.sep)) or out_dir.is_dir() or any(p.is_dir() for p in inputs):
            if out_dir.exists() and not out_dir.is_dir():
                typer.echo(f"textfix: error: {output} is a file; with several inputs, -o must be a directory", err=True)
                raise typer.Exit(EXIT_ERROR)
            out_dir.mkdir(parents=True, exist_ok=True)
        else:
            out_dir = None
    total = Summary()
    written: dict[Path, Path] = {}  # output -> the input written there (two inputs must not share an output)
    done = 0
    for src, name in expand_inputs(inputs, out_dir):  # a directory: every corpus file under it, mirrored under -o
        from_stdin = str(src) == "-"  # zcat dump.jsonl.gz | textfix batch - -o - | gzip
        kind = "jsonl" if from_stdin else (corpus_format(src) or (None, ""))[0]
        if not from_stdin and (kind is None or not src.is_file()):
            run.error(str(src), "not a .jsonl/.ndjson/.parquet file" if src.is_file() or kind is None else "no such file")
            continue
        if from_stdin and (in_place or out_dir is not None):
            run.error("-", "JSONL from stdin needs -o FILE, or -o - for stdout")
            continue
        to_stdout = output == "-" and not in_place
        dst = src if in_place else (out_dir / name if out_dir is not None else Path(output))
        if to_stdout and kind == "parquet":
            run.error(str(src), "Parquet cannot be written to stdout; give an output file or directory")
            continue
        if not in_place and not to_stdout and dst.exists() and dst.resolve() == src.resolve():
            run.error(str(src), "the output would overwrite the input; use --in-place for that")
            continue
        if not to_stdout and dst.resolve() in written:
            run.error(str(src), f"same output {dst} as {written[dst.resolve()]}; rename one of them")
            continue
        try:
            # counting costs a pass over the file: only for a progress bar someone sees
            with _progress(count_records(src) if sys.stderr.isatty() and not from_stdin else 0, src.name, min_total=1) as advance:
                if kind == "parquet":
                    summary = fix_parquet(src, dst, text_field, options=run.options, annotate=annotate, jobs=jobs,
                                          progress=advance)
                else:
                    summary = fix_jsonl(sys.stdin.buffer if from_stdin else src, sys.stdout.buffer if to_stdout else dst, text_field, options=run.options,
                                        annotate=annotate, jobs=jobs, progress=advance)
        except (OSError, ValueError, RuntimeError) as exc:
            run.error(str(src), str(exc))
            continue
        if not to_stdout:
            written[dst.resolve()] = src
        typer.echo(f"{src} -> {'stdout' if to_stdout else dst}: {summary.render()}", err=True)
        total.merge(summary)
        done += 1
    if done > 1:
        typer.echo(f"total: {total.render()}", err=True)
    if report:
        report.write_text(json.dumps(total.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _exit(run, False)


@app.command()
def rules() -> None:
    """List every rule id with its kind and description."""
    from .fixers import all_fixers

    for mod in all_fixers():
        for rule, desc in mod.RULES.items():
            typer.echo(f"{rule:32} {mod.NAME:9} {desc}")
    for rule, desc in ENCODING_RULES.items():
        typer.echo(f"{rule:32} {'encoding':9} {desc}")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"textfix {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")] = False,
) -> None:
    """textfix: repair mojibake, wrong Chinese script, spun text and Unicode noise."""


def main() -> None:
    """Console-script entry point."""
    app()
