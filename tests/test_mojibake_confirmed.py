"""A file read whole as Latin-1 (GBK or Big5 bytes): once its paragraphs are repaired, a short
line of the same damage is repaired too, and genuine Latin lines stay. Sentences written for
these tests."""

from __future__ import annotations

import pytest

import textfix

BODY = "今天上午，城西街道召开居民座谈会，听取大家对停车和绿化的意见，会后还安排了志愿者回访。"


def gbk_as_latin1(text: str, codec: str = "gbk") -> str:
    return text.encode(codec).decode("latin-1")


@pytest.mark.parametrize("title", ["乘", "李旻", "说明", "附：", "王"])
def test_short_line_of_a_file_read_whole_as_latin1(title: str):
    ref = title + "\n\n" + BODY + "\n"
    assert textfix.fix(gbk_as_latin1(ref)).text == ref


def test_big5_file_read_whole_as_latin1():
    ref = "乘\n\n" + "今天上午，城西街道召開居民座談會，聽取大家對停車和綠化的意見。" + "\n"
    assert textfix.fix(gbk_as_latin1(ref, "big5")).text == ref


@pytest.mark.parametrize("latin", ["Café crème", "Ça va?", "Größe", "© 2024", "Ñandú", "½ cup", "» suite", "naïve"])
def test_latin_lines_of_a_repaired_file_stay(latin: str):
    damaged = latin + "\n\n" + gbk_as_latin1(BODY) + "\n"
    out = textfix.fix(damaged).text
    assert out.startswith(latin + "\n\n") and BODY in out


def test_no_evidence_no_repair():
    # the one-character line alone, or beside clean Chinese: nothing says the file was read as Latin-1
    assert textfix.fix("³Ë\n").text == "³Ë\n"
    assert textfix.fix("³Ë\n\n" + BODY + "\n").text == "³Ë\n\n" + BODY + "\n"
