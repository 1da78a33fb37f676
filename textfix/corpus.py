"""Corpus mode: repair one text field of every record in JSONL or Parquet files.

Nothing is dropped: a record whose line is not JSON, or whose field is
missing or not a string, or whose repair failed, is written out unchanged and
counted in the summary under ``passed_through`` with the reason; the output
always has as many records as the input, in the same order.

In JSONL only the text value is rewritten, in place in the line: the other
fields keep their bytes (number spelling, spacing, key order), and a record
with nothing to repair stays byte-identical. Files are streamed, so a dump
larger than memory is fine; ``.gz``, ``.bz2`` and ``.xz`` (and ``.zst`` when
the ``zstandard`` package is installed) are read and written transparently,
the compression following each file's name.

A field may be a dotted path into nested objects (``meta.text``); a key that
itself contains the dot is preferred when a record has one.

>>> from textfix.corpus import fix_records
>>> [r.get("text") for r, _ in fix_records([{"text": "cafÃ©"}, {"id": 2}])]
['café', None]
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import re
import time
import zlib
from collections import Counter, deque
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from json.decoder import scanstring
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator

from .api import fix, ordered_map
from .fileio import atomic_replace
from .options import Options
from .pipeline import Result

#: How many error messages a summary keeps (the counts are always complete).
MAX_ERROR_EXAMPLES = 20


@dataclass
class Summary:
    """What a corpus run did, for the report printed at the end."""

    records: int = 0
    changed: int = 0
    chars: int = 0
    edits_by_rule: Counter = field(default_factory=Counter)
    findings_by_rule: Counter = field(default_factory=Counter)
    passed_through: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    #: The first few error messages (``line N: Type: message``) of records whose repair failed.
    errors: list = field(default_factory=list)

    def add(self, result: Result | None, reason: str | None = None, *, error: str | None = None) -> None:
        self.records += 1
        if result is None:
            self.passed_through[reason or "unknown"] += 1
            if error and len(self.errors) < MAX_ERROR_EXAMPLES:
                self.errors.append(error)
            return
        self.chars += len(result.source)
        self.changed += result.changed
        for e in result.edits:
            (self.edits_by_rule if e.fixable else self.findings_by_rule)[e.rule] += 1

    def merge(self, other: "Summary") -> None:
        self.records += other.records
        self.changed += other.changed
        self.chars += other.chars
        self.edits_by_rule.update(other.edits_by_rule)
        self.findings_by_rule.update(other.findings_by_rule)
        self.passed_through.update(other.passed_through)
        self.seconds += other.seconds
        self.errors.extend(other.errors[: max(0, MAX_ERROR_EXAMPLES - len(self.errors))])

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records, "changed": self.changed, "chars": self.chars,
            "edits_by_rule": dict(self.edits_by_rule.most_common()),
            "findings_by_rule": dict(self.findings_by_rule.most_common()),
            "passed_through": dict(self.passed_through), "errors": list(self.errors),
            "seconds": round(self.seconds, 3),
        }

    def render(self) -> str:
        rate = self.chars / self.seconds / 1e6 if self.seconds else 0.0
        lines = [f"{self.records} records, {self.changed} changed, {self.chars} chars in {self.seconds:.1f}s ({rate:.2f} M chars/s)"]
        for title, counter in (("edits", self.edits_by_rule), ("unfixable findings", self.findings_by_rule),
                               ("passed through unchanged", self.passed_through)):
            if counter:
                lines.append(f"{title}: " + ", ".join(f"{k} {v}" for k, v in counter.most_common()))
        lines.extend(f"error: {msg}" for msg in self.errors[:5])
        if self.records and sum(self.passed_through.values()) == self.records:
            lines.append("warning: no record had text to repair: check --field, and that the file holds one JSON "
                         "object per line (a JSON array or pretty-printed JSON is not JSONL)")
        return "\n".join(lines)


def annotation(result: Result) -> dict[str, Any]:
    """A compact per-record summary of what was changed, for ``--annotate``."""
    return {
        "changed": result.changed,
        "edits": [{"rule": e.rule, "before": e.before, "after": e.after, "confidence": round(e.confidence, 3)}
                  for e in result.edits],
    }


# ---- field paths -------------------------------------------------------------------------------

def field_path(rec: Any, name: str) -> tuple[str, ...] | None:
    """The keys leading to ``name`` in ``rec``: the key itself, else its dotted parts.

    >>> field_path({"meta": {"text": "x"}}, "meta.text")
    ('meta', 'text')
    >>> field_path({"meta.text": "x"}, "meta.text")
    ('meta.text',)
    """
    if not isinstance(rec, dict):
        return None
    if name in rec or "." not in name:
        return (name,) if name in rec else None
    parts = tuple(name.split("."))
    node = rec
    for key in parts:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return parts


def _get(rec: Any, path: tuple[str, ...] | None) -> Any:
    if path is None:
        return None
    for key in path:
        rec = rec[key]
    return rec


def _set(rec: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A copy of ``rec`` with ``value`` at ``path`` (the dicts along the path are copied, not mutated)."""
    out = dict(rec)
    out[path[0]] = value if len(path) == 1 else _set(rec[path[0]], path[1:], value)
    return out


def _fix_one(text: str, options: Options | None) -> tuple[Result | None, str | None]:
    """``fix(text)``, or ``(None, message)`` if the pipeline raised: one bad record must not end a run."""
    try:
        return fix(text, options=options), None
    except Exception as exc:  # noqa: BLE001 - any failure is counted and the record kept
        return None, f"{type(exc).__name__}: {exc}"


def fix_records(records: Iterable[dict[str, Any]], field: str = "text", *, options: Options | None = None,
                annotate: str | None = None) -> Iterator[tuple[dict[str, Any], Result | None]]:
    """Repair ``record[field]`` in each record; yield ``(new_record, result_or_None)``.

    ``field`` may be a dotted path (``meta.text``). Records without a string
    there, or whose repair raised, are yielded unchanged with ``None``; the
    input records are never mutated.
    """
    for rec in records:
        path = field_path(rec, field)
        value = _get(rec, path)
        if not isinstance(value, str):
            yield rec, None
            continue
        result, _ = _fix_one(value, options)
        if result is None:
            yield rec, None
            continue
        out = _set(rec, path, result.text)
        if annotate:
            out[annotate] = annotation(result)
        yield out, result


# ---- JSONL: locating a value inside a line without re-serialising the record ------------------------

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _members(s: str, idx: int) -> tuple[dict[str, tuple[Any, int, int]], int, int] | None:
    """Parse the JSON object starting at ``s[idx]``.

    Returns ``({key: (value, start, end)}, end_of_last_value, end_of_object)``
    or ``None`` when ``s[idx:]`` does not start with a valid object. Like
    ``json.loads``, the last of duplicate keys wins.
    """
    if idx >= len(s) or s[idx] != "{":
        return None
    members: dict[str, tuple[Any, int, int]] = {}
    idx = _WS.match(s, idx + 1).end()
    last = idx
    if s[idx : idx + 1] == "}":
        return members, last, idx + 1
    try:
        while True:
            if s[idx : idx + 1] != '"':
                return None
            key, idx = scanstring(s, idx + 1)
            idx = _WS.match(s, idx).end()
            if s[idx : idx + 1] != ":":
                return None
            start = _WS.match(s, idx + 1).end()
            value, last = _DECODER.raw_decode(s, start)
            members[key] = (value, start, last)
            idx = _WS.match(s, last).end()
            sep = s[idx : idx + 1]
            if sep == "}":
                return members, last, idx + 1
            if sep != ",":
                return None
            idx = _WS.match(s, idx + 1).end()
    except (ValueError, IndexError):
        return None


def _value_span(s: str, members: dict[str, tuple[Any, int, int]], name: str) -> tuple[Any, int, int] | None:
    """``(value, start, end)`` of field ``name`` (a key, or a dotted path into nested objects)."""
    if name in members or "." not in name:
        return members.get(name)
    parts = name.split(".")
    found = members.get(parts[0])
    for key in parts[1:]:
        if found is None or not isinstance(found[0], dict):
            return None
        inner = _members(s, found[1])
        found = inner[0].get(key) if inner else None
    return found


def _dump_string(text: str, old_token: str) -> str:
    """``text`` as a JSON string, escaped to ASCII if the original was; lone surrogates always escaped."""
    ascii_only = old_token.isascii() and "\\u" in old_token
    if not ascii_only:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            ascii_only = True
    return json.dumps(text, ensure_ascii=ascii_only)


def fix_jsonl_line(raw: bytes, field: str = "text", *, options: Options | None = None,
                   annotate: str | None = None) -> tuple[bytes, Result | None, str | None]:
    """Repair one JSONL line; return ``(new_line, result, reason)``.

    ``result`` is ``None`` when the line is passed through verbatim, and
    ``reason`` then says why (``error: ...`` reasons carry the message after a
    newline). Only the text value's bytes change; the line ending is kept.

    >>> fix_jsonl_line(b'{"id": 7, "text": "caf\\xc3\\x83\\xc2\\xa9"}\\n')[0].decode()
    '{"id": 7, "text": "café"}\\n'
    """
    body = raw.rstrip(b"\r\n")
    ending = raw[len(body) :]
    if not body.strip():
        return raw, None, "blank line"
    try:
        line = body.decode("utf-8")
    except UnicodeDecodeError:
        return raw, None, "not UTF-8"
    bom = "\ufeff" if line.startswith("\ufeff") else ""
    start = _WS.match(line, len(bom)).end()
    try:
        parsed = _members(line, start)
        if parsed is None or line[parsed[2] :].strip(" \t\r\n"):
            try:  # valid JSON that is not an object, or not JSON at all
                json.loads(line[len(bom) :])
            except ValueError:
                return raw, None, "not valid JSON"
            return raw, None, f"no string field {field!r}"
        members, last, _ = parsed
        found = _value_span(line, members, field)
    except RecursionError:  # arrays nested thousands deep: json.loads cannot read them either
        return raw, None, "JSON nested too deeply"
    if found is None or not isinstance(found[0], str):
        return raw, None, f"no string field {field!r}"
    value, vstart, vend = found
    result, error = _fix_one(value, options)
    if result is None:
        return raw, None, f"error: {error.split(':', 1)[0]}\n{error}"
    if not result.changed and not annotate:
        return raw, result, None  # byte-identical when nothing changed
    pieces = [line[:vstart], _dump_string(result.text, line[vstart:vend]) if result.changed else line[vstart:vend]]
    note = _note(result) if annotate else ""
    if annotate and annotate in members:
        _, astart, aend = members[annotate]
        if astart < vstart:  # rebuild around both spans, in order
            pieces = [line[:astart], note, line[aend:vstart], pieces[1], line[vend:]]
        else:
            pieces += [line[vend:astart], note, line[aend:]]
    elif annotate:
        pieces += [line[vend:last], f", {json.dumps(annotate, ensure_ascii=False)}: {note}", line[last:]]
    else:
        pieces.append(line[vend:])
    return "".join(pieces).encode("utf-8") + ending, result, None


def _note(result: Result) -> str:
    """The ``--annotate`` JSON of ``result`` (built only when asked for: it costs two dumps per record)."""
    return json.dumps(annotation(result), ensure_ascii=not _encodable(result))


def _encodable(result: Result) -> bool:
    try:
        json.dumps(annotation(result), ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _fix_jsonl_lines(lines: list[bytes], field: str, options: Options | None, annotate: str | None,
                     first_line: int = 1) -> tuple[list[bytes], Summary]:
    out: list[bytes] = []
    summary = Summary()
    for n, raw in enumerate(lines, first_line):
        try:
            new, result, reason = fix_jsonl_line(raw, field, options=options, annotate=annotate)
        except Exception as exc:  # noqa: BLE001 - the invariant: every record comes out, failures counted
            new, result, reason = raw, None, f"error: {type(exc).__name__}\n{type(exc).__name__}: {exc}"
        out.append(new)
        if result is None and reason and reason.startswith("error: "):
            reason, message = reason.split("\n", 1)
            summary.add(None, reason, error=f"line {n}: {message}")
        else:
            summary.add(result, reason)
    return out, summary


# ---- compressed and atomic files -----------------------------------------------------------------------

#: File name suffix -> how to open such a file (binary mode).
COMPRESSIONS = (".gz", ".bz2", ".xz", ".zst")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


def corpus_format(path: str | os.PathLike[str]) -> tuple[str, str] | None:
    """``(format, compression)`` for a corpus file name, or ``None``.

    >>> corpus_format("dump/part-0001.jsonl.gz")
    ('jsonl', '.gz')
    >>> corpus_format("x.parquet"), corpus_format("notes.txt")
    (('parquet', ''), None)
    """
    name = Path(path).name.lower()
    compression = _compression(name)
    stem = name[: len(name) - len(compression)]
    if stem.endswith(".parquet") and not compression:
        return "parquet", ""
    if stem.endswith(JSONL_SUFFIXES):
        return "jsonl", compression
    return None


def _compression(path: str | os.PathLike[str]) -> str:
    name = str(path).lower()
    return next((c for c in COMPRESSIONS if name.endswith(c)), "")


def _zstd() -> Any:
    try:
        import zstandard
    except ImportError as exc:
        raise RuntimeError(".zst files need the zstandard package: pip install zstandard") from exc
    return zstandard


def open_corpus(path: str | os.PathLike[str], mode: str = "rb") -> IO[bytes]:
    """Open a (possibly compressed) corpus file in binary mode, by its name."""
    compression = _compression(path)
    if compression == ".gz":
        if "w" in mode:  # no name or time in the header: the same records give the same bytes
            raw = open(path, "wb")
            gz = gzip.GzipFile(filename="", mode="wb", compresslevel=6, mtime=0, fileobj=raw)
            gz.myfileobj = raw  # so that closing the gzip stream closes the file too
            return gz
        return gzip.open(path, mode)
    if compression == ".bz2":
        return bz2.open(path, mode)
    if compression == ".xz":
        return lzma.open(path, mode)
    if compression == ".zst":
        zstd = _zstd()
        return zstd.open(path, mode)
    return open(path, mode)


@contextmanager
def _atomic_output(dst: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A (compressed, by name) binary stream that replaces ``dst`` only when the block ends without error."""
    with atomic_replace(dst, suffix="".join(Path(dst).suffixes[-1:]), refuse_read_only=False) as tmp:
        fh = open_corpus(tmp, "wb")
        try:
            yield fh
        finally:
            fh.close()


# ---- JSONL ---------------------------------------------------------------------------------------------

def _chunks(fh: IO[bytes], size: int, name: str = "input") -> Iterator[list[bytes]]:
    chunk: list[bytes] = []
    lines, read = iter(fh), 0
    while True:
        try:
            line = next(lines, None)
        except (EOFError, OSError, lzma.LZMAError, zlib.error) as exc:
            # a truncated or corrupt archive: an error for the file (the output is not replaced), not a traceback
            raise OSError(f"cannot read {name} after line {read}: {exc or type(exc).__name__}") from exc
        if line is None:
            break
        read += 1
        chunk.append(line)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ordered(fn: Callable[..., Any], chunks: Iterable[list[bytes]], args: tuple, jobs: int) -> Iterator[tuple[list[bytes], Any]]:
    """``(chunk, fn(chunk, *args, first_line))`` for each chunk, in input order (see :func:`ordered_map`)."""
    held: deque = deque()  # the chunks whose results are still to come

    def calls() -> Iterator[tuple]:
        line = 1
        for c in chunks:
            held.append(c)
            yield (c, *args, line)
            line += len(c)

    for result in ordered_map(fn, calls(), jobs):
        yield held.popleft(), result


def fix_jsonl(src: str | os.PathLike[str] | IO[bytes], dst: str | os.PathLike[str] | IO[bytes], field: str = "text", *,
              options: Options | None = None, annotate: str | None = None, jobs: int = 1, chunk: int = 2000,
              progress: Callable[[int], None] | None = None) -> Summary:
    """Repair a JSONL file into ``dst``, streaming.

    ``dst`` may be ``src`` (the write is atomic: a temporary file renamed over
    it when every record is written) or an open binary stream such as
    ``sys.stdout.buffer``; ``src`` may be an open binary stream (``sys.stdin.buffer``). Compression follows each file's name. ``jobs > 1``
    repairs chunks of ``chunk`` lines in worker processes; the output is the same.
    """
    if annotate and annotate == field:
        raise ValueError(f"--annotate {annotate!r} would overwrite the text field")
    options = options or Options()
    started = time.perf_counter()
    total = Summary()

    def write_all(out: IO[bytes]) -> None:
        stream = not isinstance(src, (str, os.PathLike))
        with nullcontext(src) if stream else open_corpus(src, "rb") as fh:
            for lines, (fixed, summary) in _ordered(_fix_jsonl_lines, _chunks(fh, chunk, "stdin" if stream else str(src)),
                                                    (field, options, annotate), jobs):
                out.write(b"".join(fixed))
                total.merge(summary)
                if progress:
                    progress(len(lines))

    if isinstance(dst, (str, os.PathLike)):
        with _atomic_output(dst) as out:
            write_all(out)
    else:
        write_all(dst)
        dst.flush()
    total.seconds = time.perf_counter() - started
    return total


# ---- Parquet -----------------------------------------------------------------------------------

def fix_parquet(src: str | os.PathLike[str], dst: str | os.PathLike[str], field: str = "text", *,
                options: Options | None = None, annotate: str | None = None, jobs: int = 1,
                progress: Callable[[int], None] | None = None) -> Summary:
    """Repair one string column of a Parquet file, batch by batch, keeping the schema of other columns."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise RuntimeError("Parquet support needs pyarrow: pip install 'textfix[parquet]'") from exc

    if annotate and annotate == field:
        raise ValueError(f"--annotate {annotate!r} would overwrite the text column")
    options = options or Options()
    started = time.perf_counter()
    pf = pq.ParquetFile(src)
    names = pf.schema_arrow.names
    if field not in names:
        raise ValueError(f"{src}: no column {field!r} (columns: {', '.join(names)})")
    total = Summary()
    path = Path(os.path.realpath(dst))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.textfix-tmp")
    writer = None
    try:
        for table, column, results in _parquet_batches(pf, field, options, jobs):
            fixed, notes = [], []
            for value in column:
                result = next(results) if isinstance(value, str) else None
                if not isinstance(value, str):
                    total.add(None, f"no string in column {field!r}")
                elif isinstance(result, Exception):
                    total.add(None, f"error: {type(result).__name__}", error=f"{type(result).__name__}: {result}")
                    result = None
                else:
                    total.add(result)
                fixed.append(result.text if result is not None else value)
                notes.append(_note(result) if annotate and result is not None else None)
            idx = table.schema.get_field_index(field)
            ftype = table.schema.field(idx).type
            if pa.types.is_dictionary(ftype):
                new_col = pa.array(fixed, type=ftype.value_type).dictionary_encode()
            else:
                new_col = pa.array(fixed, type=ftype)
            table = table.set_column(idx, table.schema.field(idx), new_col.cast(ftype) if new_col.type != ftype else new_col)
            if annotate:
                notes_col = pa.array(notes, type=pa.string())
                if annotate in table.schema.names:
                    aidx = table.schema.get_field_index(annotate)
                    table = table.set_column(aidx, pa.field(annotate, pa.string()), notes_col)
                else:
                    table = table.append_column(annotate, notes_col)
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema)
            writer.write_table(table)
            if progress:
                progress(len(column))
        if writer is None:  # empty file: keep its schema
            schema = pf.schema_arrow
            if annotate and annotate not in schema.names:
                schema = schema.append(pa.field(annotate, pa.string()))
            pq.write_table(schema.empty_table(), tmp)
    except BaseException:
        if writer is not None:
            writer.close()
        tmp.unlink(missing_ok=True)
        raise
    if writer is not None:
        writer.close()
    os.replace(tmp, path)
    total.seconds = time.perf_counter() - started
    return total


#: Rows per record batch read from a Parquet file (pyarrow's default), and texts per worker call.
PARQUET_BATCH_ROWS = 65_536
PARQUET_CHUNK = 256


def _parquet_batches(pf: Any, field: str, options: Options, jobs: int) -> Iterator[tuple[Any, list[Any], Iterator[Any]]]:
    """``(table, column values, results of its strings)`` for each record batch, in order.

    One worker pool serves the whole file (not one per batch: each new worker
    loads the models again, and every batch would end with idle workers); its
    strings go out :data:`PARQUET_CHUNK` at a time with the usual bounded read-ahead.
    """
    import pyarrow as pa

    from .api import _fix_chunk, ordered_map

    held: deque = deque()  # (table, column, number of chunks) read but not yet handed out

    def calls() -> Iterator[tuple]:
        for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            table = pa.Table.from_batches([batch])
            column = table.column(field).to_pylist()
            strings = [v for v in column if isinstance(v, str)]
            chunks = [strings[i : i + PARQUET_CHUNK] for i in range(0, len(strings), PARQUET_CHUNK)]
            held.append((table, column, len(chunks)))
            for c in chunks:
                yield (c, options, True)

    got: list[Any] = []
    done = 0

    def ready() -> Iterator[tuple[Any, list[Any], Iterator[Any]]]:
        nonlocal done
        while held and held[0][2] <= done:
            table, column, n = held.popleft()
            done -= n
            k = sum(isinstance(v, str) for v in column)
            yield table, column, iter(got[:k])
            del got[:k]

    for out in ordered_map(_fix_chunk, calls(), jobs):
        got.extend(out)
        done += 1
        yield from ready()
    yield from ready()  # batches without a string, at the end


def expand_inputs(inputs: Iterable[Path], skip_under: Path | None = None) -> Iterator[tuple[Path, Path]]:
    """Each input with the name its output gets in an output directory.

    A directory stands for every corpus file under it (sorted, hidden files
    and anything under ``skip_under``, the output directory, left out), each
    keeping its path relative to the directory; an empty one is yielded as
    itself, so the caller can report it.

    >>> [(src.as_posix(), name.as_posix()) for src, name in expand_inputs([Path("a/b.jsonl")])]
    [('a/b.jsonl', 'b.jsonl')]
    """
    skip = Path(os.path.realpath(skip_under)) if skip_under is not None else None
    for src in inputs:
        if not src.is_dir():
            yield src, Path(src.name)
            continue
        found = sorted(
            p for p in src.rglob("*")
            if p.is_file() and corpus_format(p) and not any(part.startswith(".") for part in p.relative_to(src).parts)
            and not (skip is not None and skip in Path(os.path.realpath(p)).parents)
        )
        if not found:
            yield src, Path(src.name)
        for p in found:
            yield p, p.relative_to(src)


def count_records(path: str | os.PathLike[str]) -> int:
    """How many records a corpus file holds (for the progress bar)."""
    if (corpus_format(path) or ("", ""))[0] == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    lines, last = 0, b"\n"
    with open_corpus(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")  # a final line without a newline is a record too
