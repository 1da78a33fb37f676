"""A CRLF text is repaired exactly as its LF version, and handed back in CRLF.

Found by bench/realistic.py: 11 of 186 damaged documents came out differently with CRLF
newlines (a short GBK-read line before ``\\r\\n`` was left alone; a hard wrap next to a
damaged character was joined differently). The pipeline now runs the fixers on the LF
text and maps their edits back, so no fixer has to know about ``\\r``.
"""

from __future__ import annotations

import pytest

import textfix

GBK_LINE = "其中".encode("utf-8").decode("gbk")  # 鍏朵腑
GBK_PARA = "小程序运行以来,居民积极参与垃圾分类并兑换成日常生活用品。".encode("utf-8").decode("gbk", "replace")

DOCUMENTS = [
    # a short line read whole as GBK, between two clean lines
    "共产党现有基层组织517.6万个。\n\n" + GBK_LINE + "\n基层党委29.8万个,总支部32.5万个。\n",
    # a lossy GBK paragraph, a hard wrap, an entity and a zero-width space
    "前面一段正常的中文新闻内容,记者从郑州市新冠肺炎疫情防控领导小组办公室获\n悉,郑州市5日发布多条通告。\n\n"
    + GBK_PARA + "\n\n小程序&amp;运行以来,\u200b效果很好。\n",
    # spun text
    "经由过程全体推进小区党支部设置装备摆设,完美党群办事体系,对峙年夜抓下层。\n",
]


@pytest.mark.parametrize("lf", DOCUMENTS)
def test_crlf_is_repaired_as_lf(lf: str):
    crlf = lf.replace("\n", "\r\n")
    a, b = textfix.fix(lf), textfix.fix(crlf)
    assert a.changed
    assert b.text == a.text.replace("\n", "\r\n")
    assert [(e.rule, e.before.replace("\n", "\r\n"), e.after) for e in a.edits if "\n" not in (e.after or "")] == \
        [(e.rule, e.before, e.after) for e in b.edits if "\n" not in (e.after or "")]


@pytest.mark.parametrize("lf", DOCUMENTS)
def test_crlf_edits_point_into_the_crlf_text(lf: str):
    crlf = lf.replace("\n", "\r\n")
    res = textfix.fix(crlf)
    for step in res.steps:
        for e in step.edits:
            assert step.text[e.start : e.end] == e.before
    first = res.steps[0].edits
    for e in first:
        s, t = res.source_span(e)
        assert crlf[s:t] == e.before
    # positions reported to the user are the same lines and columns as for the LF file
    ref = textfix.fix(lf)
    assert [res.source_position(e) for e in res.edits] == [ref.source_position(e) for e in ref.edits]


def test_the_short_gbk_line_is_repaired_before_crlf():
    res = textfix.fix(DOCUMENTS[0].replace("\n", "\r\n"))
    assert "其中\r\n" in res.text and GBK_LINE not in res.text


def test_mixed_newlines_are_kept_as_they_are():
    text = "第一行&amp;\r\n第二行\n第三行\r第四行\n"
    out = textfix.fix(text).text
    assert out == text.replace("&amp;", "&")
