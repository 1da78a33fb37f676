"""Corpus mode: JSONL and Parquet in, every record out, a summary report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textfix.cli import app
from textfix.corpus import fix_jsonl, fix_records

runner = CliRunner()

JSONL = (
    '{"id": 1, "text": "cafÃ© ä¸­æ–‡"}\n'
    '{"id":2,"text":"干净的中文。"}\n'
    "not json at all\n"
    '{"id": 3, "body": "no text field"}\n'
    "\n"
    '{"id": 4, "text": 5}\r\n'
)


def test_jsonl_keeps_every_record_in_order(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(JSONL.encode("utf-8"))
    dst = tmp_path / "out.jsonl"
    summary = fix_jsonl(src, dst)
    out = dst.read_bytes().decode("utf-8").splitlines(keepends=True)
    src_lines = JSONL.splitlines(keepends=True)
    assert len(out) == len(src_lines)
    assert json.loads(out[0]) == {"id": 1, "text": "café 中文"}
    assert out[1:] == src_lines[1:]  # clean and unparseable records are byte-identical
    assert summary.records == 6 and summary.changed == 1
    # café and 中文: two mojibake repairs (the rule naming the chain may differ)
    assert sum(n for r, n in summary.edits_by_rule.items() if r.startswith("mojibake-")) == 2
    assert summary.passed_through == {"not valid JSON": 1, "no string field 'text'": 2, "blank line": 1}


def test_jsonl_parallel_equals_serial(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_text(JSONL * 50, encoding="utf-8")
    fix_jsonl(src, tmp_path / "serial.jsonl")
    fix_jsonl(src, tmp_path / "parallel.jsonl", jobs=2, chunk=7)
    assert (tmp_path / "serial.jsonl").read_bytes() == (tmp_path / "parallel.jsonl").read_bytes()


def test_cli_batch_annotate_report_and_in_place(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_text(JSONL, encoding="utf-8")
    report = tmp_path / "report.json"
    r = runner.invoke(app, ["batch", str(src), "--in-place", "--annotate", "textfix", "--report", str(report)])
    assert r.exit_code == 0, r.output
    first = json.loads(src.read_text(encoding="utf-8").splitlines()[0])
    assert first["text"] == "café 中文"
    assert [e["rule"].split("-")[0] for e in first["textfix"]["edits"]] == ["mojibake", "mojibake"]
    assert json.loads(report.read_text())["records"] == 6
    # exactly one of -o and --in-place
    assert runner.invoke(app, ["batch", str(src)]).exit_code == 2
    assert runner.invoke(app, ["batch", str(tmp_path / "missing.jsonl"), "--in-place"]).exit_code == 2


def test_parquet_round_trip(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": [1, 2, 3], "text": ["naÃ¯ve", "干净", None]}), src)
    dst = tmp_path / "out.parquet"
    r = runner.invoke(app, ["batch", str(src), "-o", str(dst), "--annotate", "tf"])
    assert r.exit_code == 0, r.output
    rows = pq.read_table(dst).to_pylist()
    assert [row["text"] for row in rows] == ["naïve", "干净", None]
    assert [row["id"] for row in rows] == [1, 2, 3]
    assert json.loads(rows[0]["tf"])["changed"] is True and rows[2]["tf"] is None
    r = runner.invoke(app, ["batch", str(src), "-o", str(dst), "--field", "nope"])
    assert r.exit_code == 2 and "no column 'nope'" in r.stderr


def test_fix_records_api_passes_non_strings_through():
    out = list(fix_records([{"text": "a&amp;b"}, {"text": None}, "not a dict"]))
    assert out[0][0] == {"text": "a&b"} and out[0][1].changed
    assert out[1] == ({"text": None}, None)
    assert out[2] == ("not a dict", None)


def test_batch_output_directory_is_created_for_a_trailing_slash(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(JSONL.encode("utf-8"))
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "fixed") + "/"])
    assert r.exit_code == 0, r.output
    out = (tmp_path / "fixed" / "in.jsonl").read_text(encoding="utf-8")
    assert '"café 中文"' in out and out.count("\n") == JSONL.count("\n")


def test_batch_several_inputs_into_a_new_directory(tmp_path: Path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text('{"text": "naÃ¯ve"}\n', encoding="utf-8")
    b.write_text('{"text": "干净"}\n', encoding="utf-8")
    r = runner.invoke(app, ["batch", str(a), str(b), "-o", str(tmp_path / "new")])
    assert r.exit_code == 0, r.output
    assert json.loads((tmp_path / "new" / "a.jsonl").read_text(encoding="utf-8"))["text"] == "naïve"
    assert (tmp_path / "new" / "b.jsonl").read_bytes() == b.read_bytes()
    # -o naming an existing file cannot take several inputs
    r = runner.invoke(app, ["batch", str(a), str(b), "-o", str(a)])
    assert r.exit_code == 2 and "is a file" in r.stderr


def test_batch_refuses_to_overwrite_its_input_without_in_place(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(JSONL.encode("utf-8"))
    r = runner.invoke(app, ["batch", str(src), "-o", str(src)])
    assert r.exit_code == 2 and "--in-place" in r.stderr
    assert src.read_bytes() == JSONL.encode("utf-8")
