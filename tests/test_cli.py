"""The command line: exit codes, formats, in-place safety, stdin, config, directories."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textfix.cli import app

runner = CliRunner()

LATIN = "cafÃ© ä¸­æ–‡\n"
LATIN_FIXED = "café 中文\n"
CLEAN_ZH = "干净的中文“引号”，全角标点。\n第二行：（括号）、顿号！\n"


def invoke(*args: str, input: bytes | str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_stdin_fix_prints_repaired_text():
    r = invoke("fix", "-", input=LATIN.encode())
    assert r.exit_code == 0
    assert r.stdout == LATIN_FIXED


def test_console_script_stdin_end_to_end():
    exe = Path(sys.executable).with_name("textfix")
    if not exe.exists():
        pytest.skip("textfix console script not installed in this environment")
    out = subprocess.run([str(exe), "fix", "-"], input="cafÃ© ä¸­æ–‡\n".encode(), capture_output=True, check=True)
    assert out.stdout.decode() == "café 中文\n"


def test_check_exit_codes_and_text_format(tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_text(LATIN, encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN_ZH, encoding="utf-8")
    r = invoke("check", str(clean))
    assert r.exit_code == 0 and r.stdout == ""
    r = invoke("check", str(bad), str(clean))
    assert r.exit_code == 1
    first = r.stdout.splitlines()[0]
    assert first.startswith(f"{bad}:1:4: mojibake/mojibake-latin ")
    assert "'Ã©' → 'é' (0.90)" in first


def test_check_json_jsonl_github(tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_text("x\n" + LATIN, encoding="utf-8")
    data = json.loads(invoke("check", "--format", "json", str(bad)).stdout)
    # which mojibake rule repairs ä¸­æ–‡ is the mojibake stage's choice; 'Ã©' is mojibake-latin
    assert {d["kind"] for d in data} == {"mojibake"} and data[0]["rule"] == "mojibake-latin"
    assert data[0]["line"] == 2 and data[0]["after"] == "é"
    lines = invoke("check", "--format", "jsonl", str(bad)).stdout.splitlines()
    assert len(lines) == len(data) and json.loads(lines[1])["after"] == "中文"
    gh = invoke("check", "--format", "github", str(bad)).stdout.splitlines()
    assert gh[0].startswith(f"::warning file={bad},line=2,col=4,title=textfix mojibake-latin::")
    assert invoke("check", "--format", "xml", str(bad)).exit_code == 2


def test_select_ignore_min_confidence(tmp_path: Path):
    f = tmp_path / "mixed.txt"
    f.write_text("a&amp;b " + LATIN, encoding="utf-8")
    rules = lambda *a: {d["rule"] for d in json.loads(invoke("check", "--format", "json", *a, str(f)).stdout)}
    kinds = lambda *a: {r.split("-")[0] for r in rules(*a)}
    assert kinds() == {"unicode", "mojibake"} and {"unicode-html-entity", "mojibake-latin"} <= rules()
    assert rules("--select", "unicode") == {"unicode-html-entity"}
    assert rules("--ignore", "mojibake") == {"unicode-html-entity"}
    assert "mojibake-latin" not in rules("--ignore", "mojibake-latin") and "unicode-html-entity" in rules("--ignore", "mojibake-latin")
    assert rules("--select", "unicode,mojibake") == rules()
    assert rules("--min-confidence", "0.99") == set()
    r = invoke("check", "--select", "unicod", str(f))
    assert r.exit_code == 2 and "unknown kind or rule: unicod" in r.stderr


def test_fix_in_place_keeps_mode_and_clean_file_untouched(tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_text(LATIN, encoding="utf-8")
    os.chmod(bad, 0o640)
    clean = tmp_path / "clean.txt"
    clean.write_bytes(CLEAN_ZH.encode())
    old = os.stat(clean).st_mtime_ns
    os.utime(clean, ns=(old - 10**9, old - 10**9))
    before_mtime = os.stat(clean).st_mtime_ns
    r = invoke("fix", str(bad), str(clean))
    assert r.exit_code == 0, r.output
    assert bad.read_text(encoding="utf-8") == LATIN_FIXED
    assert stat.S_IMODE(os.stat(bad).st_mode) == 0o640
    assert clean.read_bytes() == CLEAN_ZH.encode()
    assert os.stat(clean).st_mtime_ns == before_mtime
    assert not [p for p in tmp_path.iterdir() if "textfix-tmp" in p.name]


def test_fix_keeps_gbk_crlf_and_utf8_bom(tmp_path: Path):
    gbk = tmp_path / "gbk.txt"
    body = "北京市今天发布了新的交通管理办法，\r\n市民出行需要注意以下几点&amp;事项。\r\n"
    gbk.write_bytes(body.encode("gbk"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + "第一行&amp;\r\n第二行\n".encode())
    r = invoke("fix", str(gbk), str(bom))
    assert r.exit_code == 0, r.output
    assert gbk.read_bytes() == body.replace("&amp;", "&").encode("gbk")
    assert bom.read_bytes() == b"\xef\xbb\xbf" + "第一行&\r\n第二行\n".encode()


def test_output_encoding_converts(tmp_path: Path):
    gbk = tmp_path / "gbk.txt"
    body = "这是一份用国标码保存的中文文件，内容包括标题&amp;正文。\n"
    gbk.write_bytes(body.encode("gb18030"))
    assert invoke("fix", "--output-encoding", "utf-8", str(gbk)).exit_code == 0
    assert gbk.read_bytes() == body.replace("&amp;", "&").encode("utf-8")
    assert invoke("fix", "--output-encoding", "no-such-codec", str(gbk)).exit_code == 2


def test_binary_and_missing_files_exit_2(tmp_path: Path):
    binary = tmp_path / "image.png"
    payload = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    binary.write_bytes(payload)
    r = invoke("fix", str(binary))
    assert r.exit_code == 2
    assert "looks binary" in r.stderr
    assert binary.read_bytes() == payload
    r = invoke("check", str(tmp_path / "nope.txt"))
    assert r.exit_code == 2 and "nope.txt" in r.stderr


def test_fix_check_and_diff_write_nothing(tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_text(LATIN, encoding="utf-8")
    r = invoke("fix", "--check", str(bad))
    assert r.exit_code == 1 and "would fix" in r.stderr
    r = invoke("fix", "--diff", "--color", "never", str(bad))
    assert r.exit_code == 0
    assert r.stdout.splitlines()[:5] == [f"--- a/{bad}", f"+++ b/{bad}", "@@ -1 +1 @@", "-cafÃ© ä¸­æ–‡", "+café 中文"]
    assert bad.read_text(encoding="utf-8") == LATIN
    colored = invoke("fix", "--diff", "--color", "always", str(bad)).stdout
    # character-level highlight: only the changed run is reverse-video
    assert "\x1b[7mé" in colored and "\x1b[7mcafé" not in colored


def test_explain_table_and_json(tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_text(LATIN, encoding="utf-8")
    r = invoke("explain", str(bad))
    assert r.exit_code == 0
    assert "mojibake-latin" in r.stdout and "中文" in r.stdout and "1:7" in r.stdout
    data = json.loads(invoke("explain", "--format", "json", str(bad)).stdout)
    assert data["encoding"] == "utf-8" and len(data["edits"]) == 2


def test_directory_walk_include_exclude_and_skip_git(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(LATIN, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(LATIN, encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text(LATIN, encoding="utf-8")
    (tmp_path / "sub" / "blob.bin").write_bytes(b"\x00\x01\x02")
    paths = lambda *a: {d["path"] for d in json.loads(invoke("check", "--format", "json", *a, str(tmp_path)).stdout)}
    assert paths() == {str(tmp_path / "sub" / "a.txt"), str(tmp_path / "sub" / "b.md")}
    assert paths("--include", "*.md") == {str(tmp_path / "sub" / "b.md")}
    assert paths("--exclude", "sub/a.txt") == {str(tmp_path / "sub" / "b.md")}
    # a binary file found by walking is passed over, not an error
    assert invoke("check", str(tmp_path)).exit_code == 1


def test_config_from_pyproject_and_cli_override(tmp_path: Path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\nselect = ["unicode"]\nallow = ["&copy;"]\n')
    f = tmp_path / "t.txt"
    f.write_text("a&amp;b &copy; " + LATIN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = json.loads(invoke("check", "--format", "json", "t.txt").stdout)
    assert [d["before"] for d in data] == ["&amp;"]  # mojibake not selected; &copy; allow-listed
    data = json.loads(invoke("check", "--format", "json", "--select", "mojibake", "t.txt").stdout)
    assert {d["kind"] for d in data} == {"mojibake"}
    data = json.loads(invoke("check", "--format", "json", "--no-config", "t.txt").stdout)
    assert {d["before"] for d in data} >= {"&amp;", "&copy;"}


def test_textfix_toml_and_bad_config(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "textfix.toml").write_text("min-confidence = 0.99\n")
    f = tmp_path / "t.txt"
    f.write_text(LATIN, encoding="utf-8")
    assert invoke("check", "t.txt").exit_code == 0
    (tmp_path / "textfix.toml").write_text("selekt = ['unicode']\n")
    r = invoke("check", "t.txt")
    assert r.exit_code == 2 and "unknown key 'selekt'" in r.stderr
    (tmp_path / "textfix.toml").write_text("script = 'klingon'\n")
    assert invoke("check", "t.txt").exit_code == 2


def test_inline_ignore_marker(tmp_path: Path):
    f = tmp_path / "t.txt"
    f.write_text("keep cafÃ© here  # textfix: ignore\nfix cafÃ© here\n", encoding="utf-8")
    assert invoke("fix", str(f)).exit_code == 0
    assert f.read_text(encoding="utf-8") == "keep cafÃ© here  # textfix: ignore\nfix café here\n"


def test_rules_lists_every_rule():
    out = invoke("rules").stdout
    for rule in ("mojibake-latin", "unicode-html-entity", "unicode-nfc"):
        assert rule in out


def test_unfixable_findings_make_fix_exit_1(tmp_path: Path):
    pytest.importorskip("textfix.fixers.mojibake")
    from textfix.fixers import mojibake

    if "mojibake-unrecoverable" not in mojibake.RULES:
        pytest.skip("unrecoverable-marker rule not built")
    f = tmp_path / "t.txt"
    f.write_text("前文锟斤拷锟斤拷后文\n", encoding="utf-8")
    r = invoke("fix", str(f))
    assert r.exit_code == 1 and "cannot be repaired" in r.stderr
    assert f.read_text(encoding="utf-8") == "前文锟斤拷锟斤拷后文\n"


def test_document_level_note_does_not_fail_fix(tmp_path: Path):
    f = tmp_path / "spun.txt"
    f.write_text("经由过程调研，我们发现下层群寡对社区服务的满意度明显提高，工做人员每天值班。\n", encoding="utf-8")
    r = invoke("fix", str(f))
    assert r.exit_code == 0, r.output
    assert "spin-document" in r.stderr and "(note)" in r.stderr
    assert f.read_text(encoding="utf-8").startswith("通过调研，我们发现基层群众")
    # check still reports the verdict as a finding
    assert invoke("check", str(f)).exit_code == 0  # nothing left after the fix


def test_identify_text_and_json(tmp_path: Path):
    hans = tmp_path / "hans.txt"
    hans.write_text("我们的系统运行正常，这里没有问题。\n", encoding="utf-8")
    hant = tmp_path / "hant.txt"
    hant.write_text("我們的系統運行正常，這裡沒有問題。\n", encoding="utf-8")
    r = invoke("identify", str(hans), str(hant))
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0].startswith(f"{hans}: hans (")
    assert r.stdout.splitlines()[1].startswith(f"{hant}: hant (")
    data = json.loads(invoke("identify", "--format", "json", str(hant)).stdout)
    assert data["label"] == "hant" and data["path"] == str(hant)


def test_learn_then_use_the_learned_dictionary(tmp_path: Path):
    # 疑题 -> 问题 is an invented pair in no shipped dictionary: only the learned file can revert it
    pairs = tmp_path / "pairs.jsonl"
    rows = [("我们经由过程实验发现很多疑题", "我们通过实验发现很多问题"),
            ("这些疑题就能够解决", "这些问题就可以解决"),
            ("疑题我们继续研究", "问题我们继续研究")]
    pairs.write_text("".join(json.dumps({"spun": s, "original": o}, ensure_ascii=False) + "\n" for s, o in rows),
                     encoding="utf-8")
    out = tmp_path / "learned.tsv"
    r = invoke("learn", str(pairs), "-o", str(out))
    assert r.exit_code == 0, r.output
    learned = {ln.split("\t")[0]: ln.split("\t")[1] for ln in out.read_text(encoding="utf-8").splitlines()
               if ln and not ln.startswith(("#", "spun\t"))}
    assert learned["疑题"] == "问题" and learned["经由过程"] == "通过"
    doc = tmp_path / "doc.txt"
    doc.write_text("经由过程调研，下层群寡反映了很多疑题，工做人员很忙。\n", encoding="utf-8")
    without = invoke("fix", "--diff", "--color", "never", str(doc)).stdout
    with_dict = invoke("fix", "--diff", "--color", "never", "--dictionary", str(out), str(doc)).stdout
    assert "+通过调研，基层群众反映了很多疑题" in without
    assert "+通过调研，基层群众反映了很多问题，工作人员很忙。" in with_dict
    assert invoke("learn", str(tmp_path / "missing.jsonl"), "-o", str(out)).exit_code == 2


def test_missing_dictionary_or_thesaurus_is_a_usage_error(tmp_path: Path):
    f = tmp_path / "t.txt"
    f.write_text("中文\n", encoding="utf-8")
    for flag in ("--dictionary", "--thesaurus"):
        r = invoke("check", flag, str(tmp_path / "nope.tsv"), str(f))
        assert r.exit_code == 2 and "not found" in r.stderr


def test_fix_writes_through_a_symlink(tmp_path: Path):
    target = tmp_path / "real.txt"
    target.write_text(LATIN, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    r = invoke("fix", str(link))
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == LATIN_FIXED


def test_fix_keeps_hard_links(tmp_path: Path):
    # a rename would leave the other name holding the damaged text
    target = tmp_path / "a.txt"
    target.write_text(LATIN, encoding="utf-8")
    other = tmp_path / "b.txt"
    os.link(target, other)
    ino = target.stat().st_ino
    r = invoke("fix", str(target))
    assert r.exit_code == 0, r.output
    assert target.stat().st_ino == ino and target.stat().st_nlink == 2
    assert other.read_text(encoding="utf-8") == LATIN_FIXED
    assert not [p for p in os.listdir(tmp_path) if "textfix-tmp" in p]


def test_atomic_write_gives_a_new_file_the_umask_mode(tmp_path: Path):
    from textfix.fileio import atomic_write

    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == 0o640
