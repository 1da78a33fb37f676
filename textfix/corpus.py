"""Corpus mode: repair one text field of every record in JSONL or Parquet files.

Nothing is dropped: a record whose line is not JSON, or whose field is
missing or not a string, is written out unchanged and counted in the summary
under ``passed_through`` with the reason; the output always has as many
records as the input, in the same order.

>>> from textfix.corpus import fix_records
>>> [r.get("text") for r, _ in fix_records([{"text": "cafÃ©"}, {"id": 2}])]
['café', None]
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .api import fix
from .fileio import atomic_write
from .options import Options
from .pipeline import Result


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

    def add(self, result: Result | None, reason: str | None = None) -> None:
        self.records += 1
        if result is None:
            self.passed_through[reason or "unknown"] += 1
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records, "changed": self.changed, "chars": self.chars,
            "edits_by_rule": dict(self.edits_by_rule.most_common()),
            "findings_by_rule": dict(self.findings_by_rule.most_common()),
            "passed_through": dict(self.passed_through), "seconds": round(self.seconds, 3),
        }

    def render(self) -> str:
        rate = self.chars / self.seconds / 1e6 if self.seconds else 0.0
        lines = [f"{self.records} records, {self.changed} changed, {self.chars} chars in {self.seconds:.1f}s ({rate:.2f} M chars/s)"]
        for title, counter in (("edits", self.edits_by_rule), ("unfixable findings", self.findings_by_rule),
                               ("passed through unchanged", self.passed_through)):
            if counter:
                lines.append(f"{title}: " + ", ".join(f"{k} {v}" for k, v in counter.most_common()))
        return "\n".join(lines)


def annotation(result: Result) -> dict[str, Any]:
    """A compact per-record summary of what was changed, for ``--annotate``."""
    return {
        "changed": result.changed,
        "edits": [{"rule": e.rule, "before": e.before, "after": e.after, "confidence": round(e.confidence, 3)}
                  for e in result.edits],
    }


def fix_records(records: Iterable[dict[str, Any]], field: str = "text", *, options: Options | None = None,
                annotate: str | None = None) -> Iterator[tuple[dict[str, Any], Result | None]]:
    """Repair ``record[field]`` in each record; yield ``(new_record, result_or_None)``.

    Records without a string ``field`` are yielded unchanged with ``None``.
    """
    for rec in records:
        value = rec.get(field) if isinstance(rec, dict) else None
        if not isinstance(value, str):
            yield rec, None
            continue
        result = fix(value, options=options)
        out = dict(rec)
        out[field] = result.text
        if annotate:
            out[annotate] = annotation(result)
        yield out, result


# ---- JSONL -------------------------------------------------------------------------------------

def _fix_jsonl_lines(lines: list[bytes], field: str, options: Options, annotate: str | None) -> tuple[list[bytes], Summary]:
    out: list[bytes] = []
    summary = Summary()
    for raw in lines:
        body = raw.rstrip(b"\r\n")
        ending = raw[len(body):]
        try:
            rec = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            out.append(raw)
            summary.add(None, "blank line" if not body.strip() else "not valid JSON")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get(field), str):
            out.append(raw)
            summary.add(None, f"no string field {field!r}")
            continue
        (new, result), = fix_records([rec], field, options=options, annotate=annotate)
        summary.add(result)
        if result is not None and not result.changed and not annotate:
            out.append(raw)  # byte-identical when nothing changed
        else:
            out.append(json.dumps(new, ensure_ascii=False).encode("utf-8") + (ending or b"\n"))
    return out, summary


def fix_jsonl(src: Path, dst: Path, field: str = "text", *, options: Options | None = None,
              annotate: str | None = None, jobs: int = 1, chunk: int = 2000,
              progress: Callable[[int], None] | None = None) -> Summary:
    """Repair a JSONL file into ``dst`` (which may be ``src``: the write is atomic)."""
    options = options or Options()
    started = time.perf_counter()
    with open(src, "rb") as fh:
        lines = fh.readlines()
    chunks = [lines[i : i + chunk] for i in range(0, len(lines), chunk)]
    total = Summary()
    parts: list[list[bytes]] = []
    if jobs > 1 and len(chunks) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(_fix_jsonl_lines, c, field, options, annotate) for c in chunks]
            for fut, c in zip(futures, chunks):
                out, summary = fut.result()
                parts.append(out)
                total.merge(summary)
                if progress:
                    progress(len(c))
    else:
        for c in chunks:
            out, summary = _fix_jsonl_lines(c, field, options, annotate)
            parts.append(out)
            total.merge(summary)
            if progress:
                progress(len(c))
    atomic_write(dst, b"".join(b"".join(p) for p in parts))
    total.seconds = time.perf_counter() - started
    return total


# ---- Parquet -----------------------------------------------------------------------------------

def fix_parquet(src: Path, dst: Path, field: str = "text", *, options: Options | None = None,
                annotate: str | None = None, progress: Callable[[int], None] | None = None) -> Summary:
    """Repair one string column of a Parquet file, batch by batch, keeping the schema of other columns."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise RuntimeError("Parquet support needs pyarrow: pip install 'textfix[parquet]'") from exc
    options = options or Options()
    started = time.perf_counter()
    pf = pq.ParquetFile(src)
    if field not in pf.schema_arrow.names:
        raise ValueError(f"{src}: no column {field!r} (columns: {', '.join(pf.schema_arrow.names)})")
    total = Summary()
    tmp = Path(dst).with_name(f".{Path(dst).name}.textfix-tmp")
    writer = None
    try:
        for batch in pf.iter_batches():
            table = pa.Table.from_batches([batch])
            column = table.column(field).to_pylist()
            fixed, notes = [], []
            for value in column:
                if not isinstance(value, str):
                    fixed.append(value)
                    notes.append(None)
                    total.add(None, f"no string in column {field!r}")
                    continue
                result = fix(value, options=options)
                total.add(result)
                fixed.append(result.text)
                notes.append(json.dumps(annotation(result), ensure_ascii=False))
            idx = table.schema.get_field_index(field)
            table = table.set_column(idx, table.schema.field(idx), pa.array(fixed, type=table.schema.field(idx).type))
            if annotate:
                table = table.append_column(annotate, pa.array(notes, type=pa.string()))
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema)
            writer.write_table(table)
            if progress:
                progress(len(column))
        if writer is None:  # empty file: keep its schema
            pq.write_table(pf.schema_arrow.empty_table(), tmp)
    except BaseException:
        if writer is not None:
            writer.close()
        tmp.unlink(missing_ok=True)
        raise
    if writer is not None:
        writer.close()
    os.replace(tmp, dst)
    total.seconds = time.perf_counter() - started
    return total


def count_records(path: Path) -> int:
    """How many records a corpus file holds (for the progress bar)."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)
