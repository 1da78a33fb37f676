"""User QA of the single-file CLI: the cases a ruff or black user would try.

Each test pins a bug found by running the CLI as a user: errors that were
tracebacks, exit codes that failed a pre-commit hook, repairs that could not be
stored, and messages that said nothing about a changed encoding.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textfix.cli import app

runner = CliRunner()

LATIN = "cafÃ© ä¸­æ–‡\n"
LATIN_FIXED = "café 中文\n"
# a GBK file whose repair (an HTML entity for an emoji) needs a character GBK cannot store
GBK_EMOJI = "今天的新闻很重要，大家都在讨论这件事情&#128512;。\n"
# the same in Big5: Big5-HKSCS cannot store the emoji at all
BIG5_EMOJI = "臺北市今天的新聞很重要，大家都在討論這件事情&#128512;。\n"


def invoke(*args: str, input: bytes | str | None = None):
    return runner.invoke(app, list(args), input=input)


def one_line_error(r, exit_code: int = 2) -> str:
    """The result is a usage error: the exit code, one line on stderr, no traceback."""
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert r.exit_code == exit_code, (r.exit_code, r.output)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("textfix: error: "), r.stderr
    return lines[0]


# ---- configuration errors are one line, never a traceback -------------------------------------

def test_missing_or_unreadable_config_is_a_usage_error(tmp_path: Path):
    f = tmp_path / "t.txt"
    f.write_text(LATIN, encoding="utf-8")
    line = one_line_error(invoke("check", "--config", str(tmp_path / "nope.toml"), str(f)))
    assert "nope.toml" in line
    (tmp_path / "dir.toml").mkdir()
    assert "dir.toml" in one_line_error(invoke("check", "--config", str(tmp_path / "dir.toml"), str(f)))


def test_bad_output_encoding_in_config_is_a_usage_error(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\noutput-encoding = "no-such-codec"\n')
    Path("t.txt").write_text(LATIN, encoding="utf-8")
    for cmd in ("check", "fix"):
        line = one_line_error(invoke(cmd, "t.txt"))
        assert "pyproject.toml" in line and "output-encoding" in line and "no-such-codec" in line
    assert Path("t.txt").read_text(encoding="utf-8") == LATIN


def test_config_value_errors_name_the_file_and_key(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("t.txt").write_text(LATIN, encoding="utf-8")
    for body, words in [
        ("min-confidence = 7\n", ["textfix.toml", "confidence", "7"]),
        ("script = 'klingon'\n", ["textfix.toml", "script", "klingon"]),
        ("select = ['mojibak']\n", ["textfix.toml", "mojibak"]),
        ("min-confidence = 0.3\nmin_confidence = 0.9\n", ["textfix.toml", "min_confidence", "twice"]),
    ]:
        Path("textfix.toml").write_text(body)
        line = one_line_error(invoke("check", "t.txt"))
        assert all(w in line for w in words), (body, line)


def test_tool_textfix_table_in_a_config_given_by_path(tmp_path: Path):
    # `--config ci.toml` holding [tool.textfix] (a copy of a pyproject section) is read, not "unknown key 'tool'"
    conf = tmp_path / "ci.toml"
    conf.write_text('[tool.textfix]\nselect = ["unicode"]\n')
    f = tmp_path / "t.txt"
    f.write_text("a&amp;b " + LATIN, encoding="utf-8")
    r = invoke("check", "--format", "json", "--config", str(conf), str(f))
    assert r.exit_code == 1, r.output
    assert {d["rule"] for d in json.loads(r.stdout)} == {"unicode-html-entity"}


def test_unknown_format_and_color_values_are_usage_errors(tmp_path: Path):
    f = tmp_path / "t.txt"
    f.write_text(LATIN, encoding="utf-8")
    assert "--format" in one_line_error(invoke("explain", "--format", "xml", str(f)))
    assert "--format" in one_line_error(invoke("identify", "--format", "xml", str(f)))
    assert "--color" in one_line_error(invoke("fix", "--diff", "--color", "purple", str(f)))
    assert f.read_text(encoding="utf-8") == LATIN


# ---- exclusions and empty selections (pre-commit passes explicit file names) ------------------

def test_explicit_files_all_excluded_is_not_an_error(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\nexclude = ["vendor/*"]\n')
    (tmp_path / "vendor").mkdir()
    Path("vendor/a.txt").write_text(LATIN, encoding="utf-8")
    for cmd in (("check",), ("fix",), ("fix", "--check")):
        r = invoke(*cmd, "vendor/a.txt")
        assert r.exit_code == 0, (cmd, r.output)
    assert Path("vendor/a.txt").read_text(encoding="utf-8") == LATIN
    (tmp_path / "empty").mkdir()
    r = invoke("check", "empty")
    assert r.exit_code == 0 and "no files" in r.stderr


def test_config_excludes_are_relative_to_the_config_file(tmp_path: Path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\nexclude = ["vendor/*"]\n')
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "a.txt").write_text(LATIN, encoding="utf-8")
    (tmp_path / "src" / "deep").mkdir(parents=True)
    (tmp_path / "src" / "deep" / "b.txt").write_text(LATIN, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "src" / "deep")
    paths = lambda *a: {d["path"] for d in json.loads(invoke("check", "--format", "json", *a).stdout)}
    assert paths("../../vendor/a.txt", "b.txt") == {"b.txt"}
    assert paths("../..") == {os.path.join("../..", "src", "deep", "b.txt")}


# ---- stdin is a filter: it never swallows the input -------------------------------------------

def test_stdin_fix_passes_undecodable_input_through():
    data = b"\x89PNG\r\n\x1a\n\x00\x00binary"
    r = invoke("fix", "-", input=data)
    assert r.exit_code == 2 and "looks binary" in r.stderr
    assert r.stdout_bytes == data


def test_stdin_fix_passes_unstorable_repair_through():
    data = BIG5_EMOJI.encode("big5")
    r = invoke("fix", "-", input=data)
    assert r.exit_code == 2 and "--output-encoding utf-8" in r.stderr
    assert r.stdout_bytes == data


# ---- a repair the file's encoding cannot store ------------------------------------------------

def test_unstorable_repair_is_still_checked_explained_and_diffed(tmp_path: Path):
    f = tmp_path / "big5.txt"
    data = BIG5_EMOJI.encode("big5")
    f.write_bytes(data)
    r = invoke("check", str(f))
    assert r.exit_code == 1, r.output  # a finding, not an I/O error
    assert "unicode-html-entity" in r.stdout and "&#128512;" in r.stdout
    assert "--output-encoding utf-8" in r.stderr
    r = invoke("explain", "--format", "json", str(f))
    assert r.exit_code == 0 and json.loads(r.stdout)["edits"][0]["after"] == "\U0001f600"
    r = invoke("identify", str(f))
    assert r.exit_code == 0 and r.stdout.startswith(f"{f}: hant")
    r = invoke("fix", "--diff", "--color", "never", str(f))
    assert "+臺北市今天的新聞很重要，大家都在討論這件事情\U0001f600。" in r.stdout
    assert r.exit_code == 2 and "--output-encoding utf-8" in r.stderr
    r = invoke("fix", str(f))
    assert r.exit_code == 2 and "--output-encoding utf-8" in r.stderr
    assert f.read_bytes() == data  # never half-written
    assert invoke("fix", "--output-encoding", "utf-8", str(f)).exit_code == 0
    assert f.read_text(encoding="utf-8") == BIG5_EMOJI.replace("&#128512;", "\U0001f600")


# ---- a repair that widens the encoding says so ------------------------------------------------

def test_gbk_file_widened_to_gb18030_is_reported(tmp_path: Path):
    f = tmp_path / "gbk.txt"
    f.write_bytes(GBK_EMOJI.encode("gbk"))
    r = invoke("fix", "--check", str(f))
    assert r.exit_code == 1 and "gb18030" in r.stderr and "\U0001f600" in r.stderr
    r = invoke("fix", "--diff", "--color", "never", str(f))
    assert r.exit_code == 0 and "gb18030" in r.stderr
    r = invoke("fix", str(f))
    assert r.exit_code == 0, r.output
    line = r.stderr.strip().splitlines()[-1]
    assert line.startswith(f"fixed {f} (1 edit") and "gb18030" in line and "GBK" in line
    assert f.read_bytes() == GBK_EMOJI.replace("&#128512;", "\U0001f600").encode("gb18030")


def test_gbk_repair_that_stays_gbk_says_nothing_about_encoding(tmp_path: Path):
    f = tmp_path / "gbk.txt"
    f.write_bytes("今天的新闻很重要，大家都在讨论这件事情&amp;。\n".encode("gbk"))
    r = invoke("fix", str(f))
    assert r.exit_code == 0
    assert r.stderr.strip() == f"fixed {f} (1 edit)"


def test_rewritten_and_converted_files_say_so(tmp_path: Path):
    mixed = tmp_path / "mixed.txt"
    data = "第一行是UTF-8。\n".encode() + "這一段是繁體中文的Big5文字。\n".encode("big5") + "尾行\n".encode()
    mixed.write_bytes(data)
    r = invoke("fix", "--diff", str(mixed))
    assert r.exit_code == 0 and r.stdout == ""  # no text change to show, but the bytes would change
    assert "would be rewritten as UTF-8: line 2 is big5hkscs" in r.stderr
    r = invoke("fix", str(mixed))
    assert r.stderr.strip() == f"fixed {mixed} (0 edits; rewritten as UTF-8: line 2 is big5hkscs in a UTF-8 file)"
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("今天的新闻很重要，大家都在讨论这件事情&amp;。\n".encode("gbk"))
    r = invoke("fix", "--output-encoding", "utf-8", str(gbk))
    assert r.stderr.strip() == f"fixed {gbk} (1 edit; converted from gb18030 to utf-8)"


# ---- line numbers and diffs agree with editors on CR and form feeds ---------------------------

def test_lone_cr_ends_a_line_for_check_and_diff(tmp_path: Path):
    f = tmp_path / "mac.txt"
    f.write_bytes("一\r二\r\ncafÃ©\r".encode())
    r = invoke("check", str(f))
    assert r.stdout.startswith(f"{f}:3:4: mojibake/"), r.stdout
    r = invoke("fix", "--diff", "--color", "never", str(f))
    assert r.stdout_bytes.decode().split("\n")[2:] == ["@@ -2,2 +2,2 @@", " 二\r", "-cafÃ©\r", "+café\r", ""]
    assert "No newline" not in r.stdout


def test_form_feed_is_not_a_line_break_in_diffs(tmp_path: Path):
    f = tmp_path / "ff.txt"
    f.write_text("第一页\x0c\n\ncafÃ© \u2028 ok\n", encoding="utf-8")
    r = invoke("fix", "--diff", "--color", "never", "--select", "mojibake", str(f))
    assert r.stdout.split("\n")[2:] == ["@@ -2,2 +2,2 @@", " ", "-cafÃ© \u2028 ok", "+café \u2028 ok", ""]
    assert "No newline" not in r.stdout
    assert invoke("check", "--select", "mojibake", str(f)).stdout.startswith(f"{f}:3:4: ")


def test_github_format_escapes_the_file_property(tmp_path: Path):
    f = tmp_path / "a,b: c.txt"
    f.write_text(LATIN, encoding="utf-8")
    line = invoke("check", "--format", "github", str(f)).stdout.splitlines()[0]
    escaped = str(f).replace(":", "%3A").replace(",", "%2C")
    assert line.startswith(f"::warning file={escaped},line=1,col=4,title=textfix mojibake-latin::mojibake/")


def test_unlistable_directory_is_reported_not_skipped(tmp_path: Path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(LATIN, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(LATIN, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):  # as if `chmod 000 locked` (root could read it anyway)
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    r = invoke("check", str(tmp_path))
    assert r.exit_code == 2
    assert f"textfix: error: {tmp_path / 'locked'}: cannot list directory: Permission denied" in r.stderr
    assert f"{tmp_path / 'ok' / 'a.txt'}:1:4:" in r.stdout


def test_read_only_file_is_not_replaced(tmp_path: Path, monkeypatch):
    f = tmp_path / "ro.txt"
    f.write_text(LATIN, encoding="utf-8")
    os.chmod(f, 0o444)
    real_access = os.access
    # as a non-root user sees it (root may write anything)
    monkeypatch.setattr(os, "access", lambda p, m, **kw: False if Path(p) == f and m == os.W_OK else real_access(p, m, **kw))
    r = invoke("fix", str(f))
    assert r.exit_code == 2
    assert r.stderr.strip() == f"textfix: error: {f}: could not write: read-only file"
    assert f.read_text(encoding="utf-8") == LATIN
    assert not [p for p in tmp_path.iterdir() if "textfix-tmp" in p.name]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text_not_binary(tmp_path: Path, codec: str):
    f = tmp_path / "u16.txt"
    f.write_bytes("第一行&amp;\r\nsecond line\n第三行\n".encode(codec))
    r = invoke("fix", str(f))
    assert r.exit_code == 0, r.output
    assert f.read_bytes() == "第一行&\r\nsecond line\n第三行\n".encode(codec)  # still no BOM
    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    assert "looks binary" in invoke("check", str(png)).stderr


def test_learn_input_errors_name_the_line(tmp_path: Path):
    good = '{"spun": "经由过程", "original": "通过"}\n'
    out = tmp_path / "out.tsv"
    cases = {
        "notjson.jsonl": (good + "not json\n", "notjson.jsonl:2: not JSON"),
        "nofield.jsonl": (good + '{"text": "x"}\n', "nofield.jsonl:2: a record needs string fields 'spun' and 'original'"),
    }
    for name, (body, message) in cases.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
        assert message in one_line_error(invoke("learn", str(tmp_path / name), "-o", str(out)))
    (tmp_path / "ok.jsonl").write_text(good, encoding="utf-8")
    line = one_line_error(invoke("learn", str(tmp_path / "ok.jsonl"), "-o", str(out), "--clean", str(tmp_path / "nope.txt")))
    assert "nope.txt: no such file" in line
    line = one_line_error(invoke("learn", str(tmp_path / "ok.jsonl"), "-o", str(tmp_path / "no" / "dir.tsv")))
    assert "dir.tsv: No such file or directory" in line
    assert not out.exists()


def test_user_dictionary_or_thesaurus_the_spin_stage_cannot_read_is_refused(tmp_path: Path):
    # a GBK copy of Cilin used to switch spin repair off without a word
    doc = tmp_path / "doc.txt"
    doc.write_text("经由过程调研，下层群寡反映了问题。\n", encoding="utf-8")
    gbk = tmp_path / "cilin.txt"
    gbk.write_bytes("Aa01A01= 人 士 人物 人士\nAa01A02= 人类 生人 全人类\n".encode("gbk"))
    line = one_line_error(invoke("check", "--thesaurus", str(gbk), str(doc)))
    assert "cilin.txt: thesaurus is not UTF-8" in line and "gb18030" in line
    tsv = tmp_path / "spin.tsv"
    tsv.write_bytes("经由过程\t通过\n".encode("gbk"))
    assert "spin.tsv: spin dictionary is not UTF-8" in one_line_error(invoke("check", "--dictionary", str(tsv), str(doc)))
    wrong = tmp_path / "pairs.jsonl"
    wrong.write_text('{"spun": "经由过程", "original": "通过"}\n', encoding="utf-8")
    assert "no 'spun<TAB>original' rows" in one_line_error(invoke("check", "--dictionary", str(wrong), str(doc)))
    assert "Tongyici Cilin" in one_line_error(invoke("check", "--thesaurus", str(wrong), str(doc)))
    good = tmp_path / "cilin-utf8.txt"
    good.write_text("Aa01A01= 人 士 人物 人士\n", encoding="utf-8")
    assert invoke("check", "--thesaurus", str(good), str(doc)).exit_code == 1  # spin findings, no error


def test_explain_jsonl_is_one_parseable_line_per_file(tmp_path: Path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(LATIN, encoding="utf-8")
    b.write_text("干净的一行。\n", encoding="utf-8")
    r = invoke("explain", "--format", "jsonl", str(a), str(b))
    assert r.exit_code == 0
    docs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [d["path"] for d in docs] == [str(a), str(b)]
    assert len(docs[0]["edits"]) == 2 and docs[1]["edits"] == []


@pytest.mark.parametrize("pattern", ["vendor", "vendor/", "vendor/*"])
def test_directory_exclude_applies_to_files_named_explicitly(tmp_path: Path, monkeypatch, pattern: str):
    # pre-commit names vendor/lib/a.txt; `exclude = ["vendor"]` pruned the walk but not the named file
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(f'[tool.textfix]\nexclude = ["{pattern}"]\n')
    (tmp_path / "vendor" / "lib").mkdir(parents=True)
    Path("vendor/lib/a.txt").write_text(LATIN, encoding="utf-8")
    Path("b.txt").write_text(LATIN, encoding="utf-8")
    paths = lambda *a: {d["path"] for d in json.loads(invoke("check", "--format", "json", *a).stdout)}
    assert paths("vendor/lib/a.txt", "b.txt") == {"b.txt"}
    assert paths(".") == {os.path.join(".", "b.txt")}


# ---- HTML character references are syntax in markup and source files --------------------------

def test_html_entities_are_left_in_markup_and_source_files(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    body = "Tom &amp; Jerry, a &lt; b\n"
    for name in ("a.md", "b.py", "c.txt"):
        (tmp_path / name).write_text(body, encoding="utf-8")
    r = invoke("check", "--no-config", "a.md", "b.py", "c.txt")
    assert r.exit_code == 1
    assert "c.txt:1:5: unicode/unicode-html-entity" in r.output
    assert "a.md" not in r.output and "b.py" not in r.output
    # other rules still run in those files
    (tmp_path / "a.md").write_text("cafÃ© &amp; ä¸­æ–‡\n", encoding="utf-8")
    assert invoke("fix", "--no-config", "a.md").exit_code == 0
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "café &amp; 中文\n"


def test_per_file_ignores_in_config(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    for rel in ("notes/a.txt", "b.txt"):
        (tmp_path / rel).write_text("Tom &amp; Jerry\n", encoding="utf-8")
    (tmp_path / "textfix.toml").write_text('[per-file-ignores]\n"notes/*" = ["unicode"]\n', encoding="utf-8")
    r = invoke("check", "notes/a.txt", "b.txt")
    assert r.exit_code == 1 and "b.txt:1:5" in r.output and "notes" not in r.output
    (tmp_path / "textfix.toml").write_text('[per-file-ignores]\n"notes/*" = ["unicod"]\n', encoding="utf-8")
    assert "per-file-ignores.notes/*: unknown kind or rule: unicod" in one_line_error(invoke("check", "b.txt"))
    (tmp_path / "textfix.toml").write_text('per-file-ignores = ["unicode"]\n', encoding="utf-8")
    assert "per-file-ignores must be a table" in one_line_error(invoke("check", "b.txt"))


def test_readme_configuration_example_is_valid(tmp_path: Path):
    # the README's [tool.textfix] sample must load: every key known, every value of the right type
    import re

    from textfix.config import load_config

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(.*?)```", readme, re.S).group(1)
    (tmp_path / "my-spin.tsv").write_text("经由过程\t通过\n", encoding="utf-8")
    (tmp_path / "cilin.txt").write_text("Aa01A01= 人 士 人物\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(block, encoding="utf-8")
    cfg = load_config(tmp_path / "pyproject.toml")
    assert cfg.options.script == "hans" and cfg.respect_gitignore is True
    assert ("*.csv", ("layout",)) in cfg.per_file_ignores


def test_layout_rules_do_not_run_in_source_code(tmp_path: Path, monkeypatch):
    # a repeated block in code is code: `fix` used to delete the second copy
    monkeypatch.chdir(tmp_path)
    block = "    with gzip.open(path.open('rb'), 'rt', encoding='utf-8') as fh:\n        rows = list(fh)\n"
    src = f"def a(path):\n{block}\n\ndef b(path):\n{block}\n"
    for name in ("tool.py", "tool.txt"):
        (tmp_path / name).write_text(src, encoding="utf-8")
    assert invoke("fix", "--no-config", "tool.py", "tool.txt").exit_code == 0
    assert (tmp_path / "tool.py").read_text(encoding="utf-8") == src
    assert (tmp_path / "tool.txt").read_text(encoding="utf-8").count("gzip.open") == 1  # prose file: deduplicated


def test_python_dash_m_textfix_runs_the_cli():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "textfix", "fix", "-"], input=LATIN.encode(), capture_output=True)
    assert r.returncode == 0 and r.stdout.decode("utf-8") == LATIN_FIXED


def test_check_ends_with_a_summary_on_stderr(tmp_path: Path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("锟斤拷 and " + LATIN, encoding="utf-8")
    b.write_text("干净的一行。\n", encoding="utf-8")
    r = invoke("check", "--no-config", str(a), str(b))
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines()[-1] == "Found 3 findings in 1 file (2 fixable with `textfix fix`)."
    assert all(":" in line for line in r.stdout.splitlines())  # stdout: findings only
    assert "Found" not in invoke("check", "--no-config", "--format", "json", str(a)).stderr
    assert "Found" not in invoke("check", "--no-config", str(b)).stderr  # clean: silent


def test_check_statistics_counts_rules(tmp_path: Path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("锟斤拷 and " + LATIN, encoding="utf-8")
    b.write_text("cafÃ© again\n", encoding="utf-8")
    r = invoke("check", "--no-config", "--statistics", str(a), str(b))
    assert r.exit_code == 1
    rows = [line.split() for line in r.stdout.splitlines()]
    assert rows[0][:2] == ["2", "mojibake-latin"] and rows[0][2] == "fixable"
    assert ["1", "mojibake-unrecoverable", "report", "only"] in rows
    assert sum(int(row[0]) for row in rows) == 4
    # the per-finding output has the same findings, file by file in the order given
    lines = invoke("check", "--no-config", str(a), str(b)).stdout.splitlines()
    assert len(lines) == 4 and lines[0].startswith(str(a)) and lines[-1].startswith(str(b))


def test_fix_ends_with_a_summary_when_several_files_are_given(tmp_path: Path):
    (tmp_path / "a.txt").write_text(LATIN, encoding="utf-8")
    (tmp_path / "b.txt").write_text("干净的一行。\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("锟斤拷\n", encoding="utf-8")
    r = invoke("fix", "--no-config", "--check", str(tmp_path))
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines()[-1] == "textfix: 1 file would be fixed, 2 unchanged; 1 finding cannot be repaired."
    r = invoke("fix", "--no-config", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert r.exit_code == 0
    assert r.stderr.strip().splitlines() == [f"fixed {tmp_path / 'a.txt'} (2 edits)", "textfix: 1 file fixed, 1 unchanged."]


def test_check_reports_a_utf8_file_with_a_gbk_line_as_damage(tmp_path: Path):
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("第一段是UTF-8。\n".encode() + "第二段是粘贴进来的GBK文字。\n".encode("gbk") + "尾段。\n".encode())
    r = invoke("check", "--format", "json", str(mixed))
    assert r.exit_code == 1
    [found] = json.loads(r.stdout)
    assert (found["rule"], found["kind"], found["line"], found["column"]) == ("encoding-mixed", "encoding", 2, 1)
    assert found["before"] == "第二段是粘贴进来的GBK文字。" and "gb18030" in found["reason"]
    assert invoke("check", "--ignore", "encoding", str(mixed)).exit_code == 0
    assert invoke("check", "--select", "spin", str(mixed)).exit_code == 0
    assert "encoding-mixed" in invoke("rules").stdout
    clean = tmp_path / "clean.txt"
    clean.write_bytes("全文都是UTF-8。\n".encode())
    assert invoke("check", str(clean)).exit_code == 0
    assert invoke("fix", str(mixed)).exit_code == 0
    assert invoke("check", str(mixed)).exit_code == 0  # fixed: all UTF-8 now
