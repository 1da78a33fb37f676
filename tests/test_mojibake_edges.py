"""Edges of a repaired piece: which neighbouring characters belong to the damage and which
are clean text beside it (sentences written for these tests)."""

from __future__ import annotations

import opencc
import pytest

import textfix

_S2TW = opencc.OpenCC("s2tw")
FIRST = "我们明天上午去图书馆还书,顺便借几本新出的小说回来。"


def big5_read_as_gbk(text: str) -> str:
    return text.encode("cp950").decode("gb18030")


# a Big5 page read as GBK, hard-wrapped so that a line starts with 換 (GBK reading: 传, a
# Simplified-only character): a Traditional reading keeps it as damage instead of trimming
# it off as clean text (which left 传 for the script stage to turn into 傳)
@pytest.mark.parametrize("para", [
    "会员可以把手里的积分\n换成日常用品。店长介绍,这个活动很受欢迎,来的顾客越来越多。\n",
    "学生可以把旧书拿来\n换成新的练习本。老师介绍,这个活动很受欢迎,参加的同学越来越多。\n",
    "他们决定把这批旧设备\n换成新的机器,厂长说这样可以节省不少电费。\n",
])
def test_big5_line_that_starts_with_a_simplified_looking_reading(para: str):
    ref = _S2TW.convert(FIRST + "\n\n" + para)
    assert textfix.fix(big5_read_as_gbk(ref)).text == ref


# clean Simplified text in front of a Big5-read sentence stays as it is
@pytest.mark.parametrize("prefix", ["转载", "来源:", "简体版", "标题"])
def test_clean_simplified_prefix_before_a_big5_reading_is_kept(prefix: str):
    body = _S2TW.convert("学生可以把旧书拿来换成新的练习本。老师介绍,这个活动很受欢迎。")
    assert textfix.fix(prefix + big5_read_as_gbk(body), select=["mojibake"]).text == prefix + body


@pytest.mark.parametrize("clean", [
    "日本語のテキストを読みました。",
    "他说“日本語のテキスト”很难。",
    "한국어 문장과 中文 混在。",
    "Zürich and São Paulo, coöperative.",
    "传统与现代",
    # Chinese with names and words a Big5 reading could end on
    "張德培現已退休，林家豪說明天再談。",
    "讲英文的老师现在很忙。",
    "這家公司的產品現在賣得很好，政府也很支持。",
    "女單冠軍僅有三人。",
])
def test_clean_text_is_untouched(clean: str):
    assert textfix.fix(clean).text == clean


# a Big5 reading is Traditional text, which the mostly Simplified corpus knows less well:
# where the reading ends is judged on the better spelling of each side (現已 as 现已), so a
# clean 現 after a name read as GBK is kept, not swapped to 政
@pytest.mark.parametrize("name, rest", [
    ("張德培", "現已退休，"),
    ("林家豪", "說明天再談。"),
    ("劉德華", "表示很高興。"),
])
def test_end_of_a_big5_reading_judged_in_simplified_spelling_too(name: str, rest: str):
    assert textfix.fix(name.encode("big5").decode("gbk") + rest, select=["mojibake"]).text == name + rest


# whether a swap hit opens a window is judged in Simplified spelling too (團結 as 团结)
@pytest.mark.parametrize("head", ["社區居民都很", "全體同學要", "政府決定"])
def test_swap_hit_judged_in_simplified_spelling_too(head: str):
    tail = "，這是大家的共識。"
    assert textfix.fix(head + "團結".encode("big5").decode("gbk") + tail).text == head + "團結" + tail
