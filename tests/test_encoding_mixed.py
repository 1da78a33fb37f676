"""Byte decoding: mixed UTF-8/CJK files, CJK codec choice, and the lossless guarantees."""

from __future__ import annotations

import codecs

import pytest

import textfix
from textfix.encoding import DecodeError, decode_bytes, decode_mixed, encode_text


def test_utf8_file_with_gbk_paragraph_is_decoded_segment_by_segment():
    data = ("标题\r\n这是UTF-8写的第一段。\r\n".encode("utf-8")
            + "这是从旧网页粘贴进来的GBK段落，内容不短。\r\n".encode("gbk")
            + "最后一段又是UTF-8。\r\n".encode("utf-8"))
    res = textfix.fix_bytes(data)
    assert res.data.decode("utf-8") == (
        "标题\r\n这是UTF-8写的第一段。\r\n这是从旧网页粘贴进来的GBK段落，内容不短。\r\n最后一段又是UTF-8。\r\n"
    )
    assert res.encoding == "utf-8"
    assert res.changed  # the file is repaired even though no text edit was made
    assert res.decoded.roundtrips is False
    assert res.decoded.notes == ["line 3 is gb18030 in a UTF-8 file; decoded line by line"]


def test_mixed_big5_lines():
    data = "第一行是UTF-8。\n".encode() + "這一段是繁體中文的Big5文字。\n".encode("big5") + "尾行\n".encode()
    d = decode_bytes(data)
    assert d.text == "第一行是UTF-8。\n這一段是繁體中文的Big5文字。\n尾行\n"
    assert d.roundtrips is False and "big5" in d.notes[0]


def test_pure_utf8_and_ascii_are_not_mixed():
    assert decode_mixed("只有UTF-8\n".encode()) is None
    assert decode_mixed(b"ascii only\n" + "GBK行\n".encode("gbk")) is None  # no UTF-8 line to be mixed with


@pytest.mark.parametrize(
    "text, enc, expected",
    [
        ("简体中文的句子，用来测试编码识别。", "gbk", "gb18030"),
        ("繁體中文的句子，用來測試編碼識別。", "big5", "big5hkscs"),
        ("日本語の文章です。東京へ行きます。", "shift_jis", "cp932"),
    ],
)
def test_cjk_codecs_are_preferred_when_utf8_fails(text, enc, expected):
    d = decode_bytes(text.encode(enc))
    assert d.text == text
    assert d.encoding == expected
    assert d.roundtrips
    assert encode_text(d.text, d) == text.encode(enc)


def test_clean_bytes_round_trip_identically():
    for data in ("中文\r\n第二行\n".encode(), codecs.BOM_UTF8 + "有BOM\n".encode(), "简体\r\n".encode("gb18030")):
        assert textfix.fix_bytes(data).data == data


def test_binary_is_refused():
    with pytest.raises(DecodeError):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")


def test_gbk_file_with_lines_that_happen_to_be_valid_utf8_is_plain_gbk():
    # 通讯员 in GBK is C2 A8 D1 B6 D4 B1, which is also valid UTF-8 ('ͨѶԱ'); 铅 alone is
    # undecidable (one character either way) and goes with the rest of the file
    lines = ["第一类 人物 通讯员 记者\n", "通讯员\n", "铅\n", "今天的新闻很重要，大家都在讨论。\n"]
    data = "".join(lines).encode("gbk")
    assert "通讯员\n".encode("gbk").decode("utf-8") == "ͨѶԱ\n"
    d = decode_bytes(data)
    assert d.encoding == "gb18030" and d.roundtrips and d.text == "".join(lines)
    res = textfix.fix_bytes(data)
    assert res.data == data and not res.changed


def test_utf8_line_in_a_mostly_gbk_file_stays_utf8():
    data = ("标题是GBK编码的中文\n" * 3).encode("gbk") + "这一行是UTF-8写的中文句子。\n".encode("utf-8")
    d = decode_bytes(data)
    assert d.text == "标题是GBK编码的中文\n" * 3 + "这一行是UTF-8写的中文句子。\n"
    assert not d.roundtrips
