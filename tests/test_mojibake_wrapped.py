"""Latin mojibake (GBK or Big5 read as Latin-1, UTF-8 read as cp1252) hard-wrapped at a width
that cuts characters in two: both halves are repaired together and nothing Latin is left.
Sentences written for these tests."""

from __future__ import annotations

import opencc
import pytest

import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252
import textfix

PARAS = [
    "今年春天,城西新区的老旧小区改造工程正式启动,街道办事处先后召开了十多次居民座谈会,听取大家对加装电梯和整治停车的意见。",
    "在施工过程中,工人们坚持白天施工、夜间停工,尽量减少对居民生活的影响。许多老人说,现在电梯装好了,出门买菜方便多了。",
]


def wrap(text: str, width: int) -> str:
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def damage(text: str, codec: str) -> str:
    if codec == "cp1252":
        return text.encode("utf-8").decode("sloppy-windows-1252")
    return text.encode(codec).decode("latin-1")


@pytest.mark.parametrize("codec", ["gbk", "big5", "cp1252"])
@pytest.mark.parametrize("width", [45, 57, 61, 69])
def test_latin_mojibake_wrapped_inside_characters(codec: str, width: int):
    src = [opencc.OpenCC("s2tw").convert(p) for p in PARAS] if codec == "big5" else PARAS
    damaged = "\n\n".join(wrap(damage(p, codec), width) for p in src) + "\n"
    out = textfix.fix(damaged).text
    assert not any("\u00a1" <= ch <= "\u00ff" for ch in out), out
    assert out.replace("\n", "") == "".join(src)


@pytest.mark.parametrize("latin", [
    "Le café\nÉté", "voilà\nÉcole", "Größe\nÄrger", "São\nPaulo", "naïve\nçà",
])
def test_latin_lines_beside_a_repaired_paragraph_stay(latin: str):
    body = PARAS[0]
    damaged = latin + "\n\n" + damage(body, "gbk") + "\n"
    out = textfix.fix(damaged).text
    assert out.startswith(latin + "\n\n") and body in out.replace("\n", "")
