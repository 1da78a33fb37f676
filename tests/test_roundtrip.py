"""fix_bytes at API level: the output keeps the input's encoding, BOM and
newlines; clean input comes back byte-identical; binary data is refused."""

from __future__ import annotations

import codecs
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix import DecodeError

# our own news-like lines with Unicode damage that GBK can hold (entities)
DAMAGED_LINES = [
    "今天上午，市政府召开新闻发布会，介绍了城市交通建设的最新进展。",
    "记者了解到，新建的地铁线路将于明年年底通车&amp;试运营。",
    "相关负责人表示，工程质量和安全&#26159;首要任务。",
]
REPAIRED_LINES = [
    "今天上午，市政府召开新闻发布会，介绍了城市交通建设的最新进展。",
    "记者了解到，新建的地铁线路将于明年年底通车&试运营。",
    "相关负责人表示，工程质量和安全是首要任务。",
]
CLEAN_LINES = [
    "据介绍，该项目总投资约１２亿元，预计“十四五”期间全部建成。",
    "市民王女士说：“以后上班方便多了！”",
]


def _doc(lines: list[str], newline: str) -> str:
    return newline.join(lines) + newline


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_crlf_with_damage_keeps_encoding_and_crlf(encoding: str) -> None:
    data = _doc(DAMAGED_LINES, "\r\n").encode(encoding)
    result = textfix.fix_bytes(data)
    assert result.encoding in ("gbk", "gb18030")
    assert result.changed
    assert result.data == _doc(REPAIRED_LINES, "\r\n").encode("gb18030")
    assert result.data.count(b"\r\n") == 3 and b"\n" not in result.data.replace(b"\r\n", b"")
    assert {e.rule for e in result.edits} == {"unicode-html-entity"}
    # the output decodes as GBK too: nothing outside GBK was introduced
    assert result.data.decode("gbk") == _doc(REPAIRED_LINES, "\r\n")


def test_mixed_newlines_are_preserved() -> None:
    text = "第一行&amp;\r\n第二行\n第三行\r第四行&amp;\r\n"
    result = textfix.fix_bytes(text.encode("utf-8"))
    assert result.data.decode("utf-8") == text.replace("&amp;", "&")


def test_utf8_bom_is_kept() -> None:
    text = _doc(DAMAGED_LINES, "\n")
    result = textfix.fix_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert result.encoding == "utf-8"
    assert result.data == codecs.BOM_UTF8 + _doc(REPAIRED_LINES, "\n").encode("utf-8")


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_bom_is_kept(bom: bytes, codec: str) -> None:
    text = _doc(DAMAGED_LINES, "\r\n") + "零宽\u200b字符\r\n"
    result = textfix.fix_bytes(bom + text.encode(codec))
    assert result.encoding == codec
    assert result.data.startswith(bom)
    assert result.data[len(bom):].decode(codec) == _doc(REPAIRED_LINES, "\r\n") + "零宽字符\r\n"


def test_utf8_mojibake_and_hygiene_repaired_in_utf8() -> None:
    data = "naÃ¯ve cafÃ©\u200b 与 中文\r\n".encode("utf-8")
    result = textfix.fix_bytes(data)
    assert result.data == "naïve café 与 中文\r\n".encode("utf-8")


@pytest.mark.parametrize(
    "data",
    [
        _doc(CLEAN_LINES, "\r\n").encode("utf-8"),
        _doc(CLEAN_LINES, "\n").encode("gbk"),
        _doc(CLEAN_LINES, "\r\n").encode("gb18030"),
        codecs.BOM_UTF8 + _doc(CLEAN_LINES, "\n").encode("utf-8"),
        codecs.BOM_UTF16_LE + _doc(CLEAN_LINES, "\r\n").encode("utf-16-le"),
        b"",
        b"plain ascii\n",
    ],
    ids=["utf8-crlf", "gbk-lf", "gb18030-crlf", "utf8-bom", "utf16le-bom", "empty", "ascii"],
)
def test_clean_input_comes_back_byte_identical(data: bytes) -> None:
    result = textfix.fix_bytes(data)
    assert result.data == data
    assert not result.changed
    assert result.edits == []


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\x00\x01\x02\x03binary", bytes(range(256))],
    ids=["png", "nul", "all-bytes"],
)
def test_binary_raises_decode_error(data: bytes) -> None:
    with pytest.raises(DecodeError):
        textfix.fix_bytes(data)


def test_bad_bom_raises_decode_error() -> None:
    with pytest.raises(DecodeError):
        textfix.fix_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd not utf-8")


def test_output_encoding_converts_gbk_to_utf8() -> None:
    data = _doc(DAMAGED_LINES, "\r\n").encode("gbk")
    result = textfix.fix_bytes(data, output_encoding="utf-8")
    assert result.data == _doc(REPAIRED_LINES, "\r\n").encode("utf-8")


def test_output_encoding_converts_clean_input_too() -> None:
    data = _doc(CLEAN_LINES, "\n").encode("gbk")
    result = textfix.fix_bytes(data, output_encoding="utf-8")
    assert result.data == _doc(CLEAN_LINES, "\n").encode("utf-8")
    assert result.edits == []


def test_output_encoding_drops_utf8_bom_when_converting_to_utf16() -> None:
    data = codecs.BOM_UTF8 + "中文&amp;\n".encode("utf-8")
    result = textfix.fix_bytes(data, output_encoding="utf-16-le")
    assert result.data == "中文&\n".encode("utf-16-le")


def test_options_are_passed_through() -> None:
    data = _doc(DAMAGED_LINES, "\r\n").encode("gbk")
    assert textfix.fix_bytes(data, ignore=["unicode"]).data == data
    assert textfix.fix_bytes(data, select=["mojibake"]).edits == []


def test_result_encoding_is_recorded() -> None:
    result = textfix.fix_bytes(_doc(DAMAGED_LINES, "\n").encode("gbk"))
    assert result.result.encoding == result.encoding


@pytest.mark.parametrize(
    "line, repaired",
    [("中文&amp;", "中文&"), ("这是一个简短的句子。", "这是一个简短的句子。")],
    ids=["big5-guess", "utf16be-guess"],
)
def test_short_gbk_text_is_decoded_as_gbk(line: str, repaired: str) -> None:
    # a wrong guess round-trips the bytes, but the fixers see garbage (笢恅, 헢쫇튻)
    result = textfix.fix_bytes((line + "\r\n").encode("gbk"))
    assert result.encoding in ("gbk", "gb18030")
    assert result.result.source == line + "\r\n"
    assert result.data == (repaired + "\r\n").encode("gbk")


# --- properties -------------------------------------------------------------------

LINE_PIECES = st.sampled_from([
    "今天上午，市政府召开新闻发布会，", "介绍了城市交通建设的最新进展。", "记者了解到", "&amp;", "&#26159;",
    "\u200b", "\x07", "cafÃ©", "ä¸­æ–‡", "杩欑瘒", "ÖÐÎÄ", "經由過程", "经由过程", "這座城市", "，", "。", " ", "e\u0301",
])
LINES = st.lists(st.lists(LINE_PIECES, max_size=8).map("".join), min_size=1, max_size=6)


@settings(max_examples=100, deadline=None)
@given(LINES, st.sampled_from(["\r\n", "\n"]))
def test_newline_style_is_never_mixed(lines: list[str], newline: str) -> None:
    text = newline.join(lines) + newline
    out = textfix.fix_bytes(text.encode("utf-8")).data.decode("utf-8")
    if newline == "\r\n":
        assert re.search("\r(?!\n)|(?<!\r)\n", out) is None, out
    else:
        assert "\r" not in out
    assert out.endswith(newline)


@settings(max_examples=100, deadline=None)
@given(LINES)
def test_fix_bytes_utf8_agrees_with_fix(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert textfix.fix_bytes(text.encode("utf-8")).data == textfix.fix(text).text.encode("utf-8")
