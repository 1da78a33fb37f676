"""Corpus mode, as someone cleaning a scraped dump would use it: compressed
files, nested fields, odd lines, records the pipeline cannot handle, stdout."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textfix.cli import app
from textfix.corpus import Summary, fix_jsonl, fix_records

runner = CliRunner()

MOJI = "cafÃ© ä¸­æ–‡"
FIXED = "café 中文"


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


# ---- other fields are kept exactly ------------------------------------------------------------

def test_changed_record_keeps_its_other_fields_byte_for_byte(tmp_path: Path):
    # numbers json would round (1e999 -> Infinity, which is not JSON; 0.1000...0555 -> 0.1),
    # spacing, key order and a duplicate key must all survive: only the text value changes
    line = '{"id":1, "n":1e999,"f":0.10000000000000000555 ,"text":"%s","meta":{"a":[1,2]}}\n' % MOJI
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(line, encoding="utf-8")
    fix_jsonl(src, dst)
    assert dst.read_text(encoding="utf-8") == line.replace(MOJI, FIXED)


def test_annotation_is_appended_without_rewriting_the_record(tmp_path: Path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"text":"%s","f":1.10}\n{"text":"ok"}\n' % MOJI, encoding="utf-8")
    fix_jsonl(src, dst, annotate="tf")
    first, second = dst.read_text(encoding="utf-8").splitlines()
    assert first.startswith('{"text":"%s","f":1.10, "tf": ' % FIXED)
    assert json.loads(first)["tf"]["changed"] is True
    assert json.loads(second) == {"text": "ok", "tf": {"changed": False, "edits": []}}


def test_ascii_escaped_text_stays_ascii_escaped(tmp_path: Path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"text": MOJI}) + "\n", encoding="utf-8")  # ensure_ascii=True
    fix_jsonl(src, dst)
    out = dst.read_bytes()
    assert out.isascii() and json.loads(out)["text"] == FIXED


# ---- a record the pipeline cannot write is kept, not the whole file lost ------------------------

def test_lone_surrogate_escape_does_not_lose_the_file(tmp_path: Path):
    # with the surrogate rule off, the repaired text still holds \ud800: it is written escaped
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"text":"caf\\u00c3\\u00a9 \\ud800"}\n{"text":"%s"}\n' % MOJI, encoding="utf-8")
    summary = fix_jsonl(src, dst, options=__import__("textfix").Options(select=("mojibake",)))
    out = dst.read_text(encoding="utf-8").splitlines()
    assert len(out) == 2
    assert json.loads(out[0])["text"] == "café \ud800"
    assert json.loads(out[1])["text"] == FIXED
    assert summary.records == 2 and summary.changed == 2


def test_a_record_whose_repair_raises_is_kept_verbatim_and_counted(tmp_path: Path, monkeypatch):
    import textfix.corpus as corpus

    real = corpus.fix

    def flaky(text, **kw):
        if "boom" in text:
            raise RuntimeError("fixer bug")
        return real(text, **kw)

    monkeypatch.setattr(corpus, "fix", flaky)
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    data = '{"text":"%s"}\n{"text":"boom %s"}\n{"text":"%s"}\n' % (MOJI, MOJI, MOJI)
    src.write_text(data, encoding="utf-8")
    summary = fix_jsonl(src, dst)
    out = dst.read_text(encoding="utf-8").splitlines(keepends=True)
    assert out[1] == data.splitlines(keepends=True)[1]
    assert [json.loads(x)["text"] for x in out] == [FIXED, "boom " + MOJI, FIXED]
    assert summary.records == 3 and summary.changed == 2
    assert summary.passed_through == {"error: RuntimeError": 1}
    assert summary.errors and "fixer bug" in summary.errors[0]
    assert "error" in summary.render()


# ---- odd lines ---------------------------------------------------------------------------------

def test_invalid_utf8_line_blank_lines_and_a_final_line_without_newline(tmp_path: Path):
    data = (b'{"text":"caf\xff\xc3\x83\xc2\xa9"}\n'  # a stray byte: the line is not UTF-8
            b"   \n"
            b'["a list"]\n'
            b'{"text":"' + MOJI.encode() + b'"}')  # no final newline
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(data)
    summary = fix_jsonl(src, dst)
    out = dst.read_bytes()
    assert _lines(out)[:3] == _lines(data)[:3]
    assert out.endswith(b'{"text":"' + FIXED.encode() + b'"}')  # still no final newline
    assert summary.passed_through == {"not UTF-8": 1, "blank line": 1, "no string field 'text'": 1}
    assert summary.records == 4 and summary.changed == 1


def test_utf8_bom_on_the_first_line_is_kept(tmp_path: Path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + ('{"text":"%s"}\r\n' % MOJI).encode())
    summary = fix_jsonl(src, dst)
    assert dst.read_bytes() == b"\xef\xbb\xbf" + ('{"text":"%s"}\r\n' % FIXED).encode()
    assert summary.changed == 1


def test_huge_line(tmp_path: Path):
    text = "A long scraped page. " * 15_000 + "a&amp;b"  # ~300 k characters on one line
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"text":"caf\u00c3\u00a9"}\n' + json.dumps({"text": text}) + "\n", encoding="utf-8")
    summary = fix_jsonl(src, dst)
    out = dst.read_text(encoding="utf-8").splitlines()
    assert json.loads(out[1])["text"] == text[:-7] + "a&b" and json.loads(out[0])["text"] == "café"
    assert summary.chars == len(text) + 5 and summary.records == 2


# ---- nested fields --------------------------------------------------------------------------------

def test_nested_field_path(tmp_path: Path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"id":1,"meta":{"lang":"zh","text":"%s"}}\n'
                   '{"id":2,"meta":"flat"}\n'
                   '{"id":3,"meta.text":"%s"}\n' % (MOJI, MOJI), encoding="utf-8")
    summary = fix_jsonl(src, dst, field="meta.text")
    out = dst.read_text(encoding="utf-8").splitlines()
    assert out[0] == '{"id":1,"meta":{"lang":"zh","text":"%s"}}' % FIXED
    assert out[1] == '{"id":2,"meta":"flat"}'
    assert out[2] == '{"id":3,"meta.text":"%s"}' % FIXED  # a literal dotted key wins
    assert summary.changed == 2 and summary.passed_through == {"no string field 'meta.text'": 1}


def test_fix_records_nested_field_does_not_mutate_the_input():
    rec = {"meta": {"text": "a&amp;b", "lang": "en"}}
    [(out, result)] = list(fix_records([rec], "meta.text"))
    assert out == {"meta": {"text": "a&b", "lang": "en"}} and result.changed
    assert rec == {"meta": {"text": "a&amp;b", "lang": "en"}}


# ---- compressed input and output ------------------------------------------------------------------

@pytest.mark.parametrize("suffix, opener", [(".gz", gzip.open), (".bz2", bz2.open), (".xz", lzma.open)])
def test_compressed_jsonl_in_and_out(tmp_path: Path, suffix: str, opener):
    data = ('{"id":1,"text":"%s"}\n{"id":2,"text":"ok"}\n' % MOJI).encode()
    src = tmp_path / f"dump.jsonl{suffix}"
    with opener(src, "wb") as fh:
        fh.write(data)
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out") + "/"])
    assert r.exit_code == 0, r.output
    with opener(tmp_path / "out" / src.name, "rb") as fh:
        assert fh.read() == data.replace(MOJI.encode(), FIXED.encode())
    # compressed in, plain out (the output's name decides)
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "plain.jsonl")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "plain.jsonl").read_bytes() == data.replace(MOJI.encode(), FIXED.encode())


def test_gzip_in_place_and_parallel_output_is_identical(tmp_path: Path):
    data = "".join('{"id":%d,"text":"%s"}\n' % (i, MOJI if i % 3 else "干净") for i in range(60)).encode()
    a, b = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    for p in (a, b):
        with gzip.open(p, "wb") as fh:
            fh.write(data)
    fix_jsonl(a, a)
    fix_jsonl(b, b, jobs=2, chunk=7)
    assert a.read_bytes() == b.read_bytes()  # byte-identical archives too (no timestamp in the header)
    assert gzip.decompress(a.read_bytes()).count(FIXED.encode()) == 40


# ---- the command line ---------------------------------------------------------------------------------

def test_output_dash_writes_to_stdout(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text":"%s"}\n{"text":"ok"}\n' % MOJI, encoding="utf-8")
    r = runner.invoke(app, ["batch", str(src), "-o", "-"])
    assert r.exit_code == 0, r.output
    assert r.stdout == '{"text":"%s"}\n{"text":"ok"}\n' % FIXED
    assert not (Path.cwd() / "-").exists() and "2 records" in r.stderr


def test_two_inputs_with_the_same_name_cannot_overwrite_each_other(tmp_path: Path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    for d in ("x", "y"):
        (tmp_path / d / "part.jsonl").write_text('{"text":"%s"}\n' % d, encoding="utf-8")
    r = runner.invoke(app, ["batch", str(tmp_path / "x" / "part.jsonl"), str(tmp_path / "y" / "part.jsonl"),
                            "-o", str(tmp_path / "out")])
    assert r.exit_code == 2 and "same output" in r.stderr
    assert (tmp_path / "out" / "part.jsonl").read_text() == '{"text":"x"}\n'  # the first is written, once


def test_summary_counts_by_hand(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text":"a&amp;b\u200b"}\n{"text":"%s"}\n{"text":"ok"}\nnope\n{"text":null}\n' % MOJI,
                   encoding="utf-8")
    report = tmp_path / "r.json"
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "o.jsonl"), "--report", str(report)])
    assert r.exit_code == 0, r.output
    got = json.loads(report.read_text())
    assert got["records"] == 5 and got["changed"] == 2
    assert got["chars"] == len("a&amp;b\u200b") + len(MOJI) + 2
    mojibake = {r: n for r, n in got["edits_by_rule"].items() if r.startswith("mojibake-")}
    assert sum(mojibake.values()) == 2  # café and 中文 (the rule naming the chain may differ)
    assert got["edits_by_rule"] == {**mojibake, "unicode-html-entity": 1, "unicode-zero-width": 1}
    assert got["passed_through"] == {"not valid JSON": 1, "no string field 'text'": 1}


def test_summary_merge_keeps_errors():
    a, b = Summary(), Summary()
    a.add(None, "error: X", error="line 3: X: boom")
    b.add(None, "error: X", error="line 9: X: bang")
    a.merge(b)
    assert a.passed_through["error: X"] == 2 and len(a.errors) == 2


def test_truncated_gzip_is_an_error_for_that_file_and_leaves_no_output(tmp_path: Path):
    data = gzip.compress(('{"text":"%s"}\n' % MOJI).encode() * 2000)
    src = tmp_path / "cut.jsonl.gz"
    src.write_bytes(data[: len(data) // 2])
    dst = tmp_path / "out.jsonl.gz"
    r = runner.invoke(app, ["batch", str(src), "-o", str(dst)])
    assert r.exit_code == 2 and "cannot read" in r.stderr and "Traceback" not in r.output
    assert not dst.exists() and not list(tmp_path.glob(".*textfix-tmp*"))


def test_parquet_keeps_types_index_metadata_and_rows(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"id": pd.array([1, 2, 3, 4], dtype="Int32"), "text": [MOJI, None, "ok", "a&amp;b"],
                          "ts": pd.date_range("2020", periods=4, tz="UTC"), "tags": [["a"], [], None, ["b", "c"]],
                          "score": [0.1, float("nan"), 1e300, -0.0]}, index=pd.Index(list("wxyz"), name="key"))
    table = pa.Table.from_pandas(frame)
    src = tmp_path / "in.parquet"
    pq.write_table(table, src, row_group_size=2)  # several batches
    summary = __import__("textfix.corpus", fromlist=["x"]).fix_parquet(src, tmp_path / "out.parquet", annotate="tf",
                                                                       jobs=2)
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.schema.remove(out.schema.get_field_index("tf")).equals(pq.read_schema(src), check_metadata=True)
    back = out.to_pandas()
    pd.testing.assert_frame_equal(back.drop(columns=["text", "tf"]), frame.drop(columns=["text"]))
    assert back["text"].tolist()[0] == FIXED and back["text"].tolist()[2:] == ["ok", "a&b"]
    assert summary.records == 4 and summary.changed == 2
    assert summary.passed_through == {"no string in column 'text'": 1}


def test_dictionary_encoded_text_column(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from textfix.corpus import fix_parquet

    src = tmp_path / "d.parquet"
    pq.write_table(pa.table({"text": pa.array([MOJI, "ok", MOJI, None]).dictionary_encode()}), src)
    fix_parquet(src, tmp_path / "o.parquet")
    col = pq.read_table(tmp_path / "o.parquet").column("text")
    assert col.to_pylist() == [FIXED, "ok", FIXED, None]


def test_stdin_to_stdout(tmp_path: Path):
    data = '{"text":"%s"}\n{"text":"ok"}\n' % MOJI
    r = runner.invoke(app, ["batch", "-", "-o", "-"], input=data.encode())
    assert r.exit_code == 0, r.output
    assert r.stdout == data.replace(MOJI, FIXED)
    r = runner.invoke(app, ["batch", "-", "-o", str(tmp_path / "out.jsonl.gz")], input=data.encode())
    assert r.exit_code == 0, r.output
    assert gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes()).decode() == data.replace(MOJI, FIXED)
    assert runner.invoke(app, ["batch", "-", "--in-place"], input=data.encode()).exit_code == 2


def test_deeply_nested_record_is_passed_through_not_the_file_lost(tmp_path: Path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    deep = '{"text":"%s","a":%s%s}\n' % (MOJI, "[" * 100_000, "]" * 100_000)
    src.write_text(deep + '{"text":"%s"}\n' % MOJI, encoding="utf-8")
    summary = fix_jsonl(src, dst)
    out = dst.read_text(encoding="utf-8").splitlines(keepends=True)
    assert out[0] == deep and json.loads(out[1])["text"] == FIXED
    assert summary.passed_through == {"JSON nested too deeply": 1}


def test_escaped_key_is_the_same_field(tmp_path: Path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"te\\u0078t":"%s"}\n' % MOJI, encoding="utf-8")
    fix_jsonl(src, dst)
    assert json.loads(dst.read_text(encoding="utf-8")) == {"text": FIXED}


def test_a_pretty_printed_json_array_is_passed_through_with_a_warning(tmp_path: Path):
    src = tmp_path / "dump.json"
    data = json.dumps([{"text": MOJI}], indent=2, ensure_ascii=False)
    src.write_text(data, encoding="utf-8")
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out.json")])
    assert r.exit_code == 0 and "warning: no record had text" in r.stderr
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == data
    ok = tmp_path / "ok.jsonl"
    ok.write_text('{"text":"x"}\n', encoding="utf-8")
    assert "warning" not in runner.invoke(app, ["batch", str(ok), "-o", "-"]).stderr


def test_output_file_in_a_new_directory(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text":"%s"}\n' % MOJI, encoding="utf-8")
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "new" / "deeper" / "out.jsonl")])
    assert r.exit_code == 0, r.output
    assert json.loads((tmp_path / "new" / "deeper" / "out.jsonl").read_text(encoding="utf-8"))["text"] == FIXED


def test_a_directory_of_shards_is_mirrored_under_the_output_directory(tmp_path: Path):
    dump = tmp_path / "dump"
    (dump / "2024" / "01").mkdir(parents=True)
    (dump / "a.jsonl").write_text('{"text":"%s"}\n' % MOJI, encoding="utf-8")
    with gzip.open(dump / "2024" / "01" / "b.jsonl.gz", "wb") as fh:
        fh.write(('{"text":"%s"}\n' % MOJI).encode())
    (dump / "notes.txt").write_text("not a corpus file")
    (dump / ".hidden.jsonl").write_text('{"text":"x"}\n')
    r = runner.invoke(app, ["batch", str(dump), "-o", str(tmp_path / "fixed")])
    assert r.exit_code == 0, r.output
    out = tmp_path / "fixed"
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == ["2024/01/b.jsonl.gz", "a.jsonl"]
    assert json.loads(gzip.decompress((out / "2024" / "01" / "b.jsonl.gz").read_bytes()))["text"] == FIXED
    assert "total: 2 records" in r.stderr
    # an output directory inside the input directory is not read back as input
    r = runner.invoke(app, ["batch", str(dump), "-o", str(dump / "fixed")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["batch", str(dump), "-o", str(dump / "fixed")])
    assert r.exit_code == 0 and "total: 2 records" in r.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(app, ["batch", str(empty), "-o", str(tmp_path / "o2")]).exit_code == 2
