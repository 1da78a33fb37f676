"""A Big5 page read as GBK (or a GBK page read as Big5) with errors="replace".

Python's CJK decoders replace only the lead byte of a pair they do not map and read on
from its trail byte, so such a line keeps every byte but one per U+FFFD and the rest of
it is read off by one byte (bench/realistic.py's ``big5_page_py``: CER 113% before this
pass, 77% with the lossless swaps alone, 6% with it).
"""

from __future__ import annotations

import textfix
from textfix.fixers.mojibake_dbcs_lossy import dbcs_lossy_edits, dbcs_lossy_reading

BIG5_LINE = "新時代黨群關係，一個重要的問題。"
GBK_LINE = "郑州市进一步扩大封控区域，开展第二轮全员核酸检测。"


def big5_read_as_gbk(text: str) -> str:
    return text.encode("cp950").decode("gbk", "replace")


def gbk_read_as_big5(text: str) -> str:
    return text.encode("gbk").decode("cp950", "replace")


def test_the_damage_is_what_python_does():
    damaged = big5_read_as_gbk(BIG5_LINE)
    assert damaged.count("\ufffd") >= 3 and "@" in damaged  # 一 (A4 40): the lead replaced, the trail read as ASCII


def test_big5_line_read_as_gbk_is_restored_inside_a_utf8_document():
    text = "前言是正常的中文。\n" + big5_read_as_gbk(BIG5_LINE) + "\n结尾也正常。\n"
    res = textfix.fix(text, ignore=["script"])  # (a mixed-script page: the script stage is not tested here)
    assert res.text == "前言是正常的中文。\n" + BIG5_LINE + "\n结尾也正常。\n"
    (edit,) = [e for e in res.edits if e.kind == "mojibake"]
    assert edit.rule == "mojibake-lossy" and edit.evidence["chain"] == "big5-as-gbk"
    assert edit.confidence <= 0.8  # below a lossless repair
    assert "errors='replace'" in edit.reason


def test_gbk_line_read_as_big5_is_restored():
    damaged = gbk_read_as_big5(GBK_LINE)
    assert "\ufffd" in damaged
    assert dbcs_lossy_reading(damaged, "gbk-as-big5")[1] == GBK_LINE
    assert textfix.fix(damaged + "\n").text == GBK_LINE + "\n"


def test_lossy_utf8_read_as_gbk_keeps_its_own_repair():
    damaged = GBK_LINE.encode("utf-8").decode("gbk", "replace")
    res = textfix.fix("前言是正常的中文。\n" + damaged + "\n")
    assert res.text == "前言是正常的中文。\n" + GBK_LINE + "\n"
    assert not any(e.evidence.get("chain") in ("big5-as-gbk", "gbk-as-big5") for e in res.edits)


def test_a_stray_replacement_character_in_clean_text_is_not_a_page_read_wrong():
    for text in ("今天天气很好�我们去公园，然后回家吃饭。", "新時代黨群關係�一個重要的問題。", "abc � def ghi",
                 "Ру��кий язык", "Größe�ändern"):
        assert dbcs_lossy_edits(text, []) == []
        assert textfix.fix(text).text == text


def test_crlf_page_is_restored_the_same_way():
    lines = [BIG5_LINE, "全書共43萬字，分為十章。"]
    damaged = "\r\n".join(big5_read_as_gbk(line) for line in lines) + "\r\n"
    out = textfix.fix(damaged).text
    assert out.startswith(BIG5_LINE + "\r\n") and out.endswith("\r\n") and "\ufffd" not in out
