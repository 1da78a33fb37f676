"""Accented letters of Latin words in UTF-8 read as GBK (ö as 枚: C3 B6): each is one Han
character inside the word, which the repair of the Chinese around it leaves behind.
Sentences written for these tests."""

from __future__ import annotations

import pytest

import textfix
from textfix.fixers import mojibake


def utf8_as_gbk(text: str) -> str:
    return text.encode("utf-8").decode("gbk", "replace")


@pytest.mark.parametrize("word", ["coöperative", "Zürich", "Renée", "café", "Crème", "François", "São", "Müller", "Ångström"])
def test_accented_word_read_as_gbk(word: str):
    damaged = utf8_as_gbk(word)
    assert damaged != word
    # in English text (in Chinese text read as GBK, the Chinese around is damaged too: see below)
    assert textfix.fix(f"We met in {damaged} last year.", select=["mojibake"]).text == f"We met in {word} last year."
    ref = f"他们去年在 {word} 见面。"
    assert word in textfix.fix(utf8_as_gbk(ref)).text


def test_english_quote_in_a_paragraph_read_as_gbk():
    ref = "记者写道：“The café in Zürich was full.”大家都笑了。"
    out = textfix.fix(utf8_as_gbk(ref)).text
    assert "café in Zürich was" in out and out.endswith("大家都笑了。")


@pytest.mark.parametrize("clean", [
    "iPhone每天都用", "Windows系统", "A股B股", "QQ群里", "T恤衫", "卡拉OK每晚", "用C语言写", "X光片",
    "NBA每场", "Mr.毛说", "Bob每", "你见到Tom没?", "ab枚cd", "日本語のcafé", "café和茶", "Zürich很美", "中脫ne",
])
def test_clean_text_keeps_han_beside_latin(clean: str):
    if clean in ("ab枚cd",):  # a Han character between lower-case letters is the damage itself
        assert textfix.fix(clean, select=["mojibake"]).text == "aböcd"
        return
    assert textfix.fix(clean).text == clean


def test_accent_table_comes_from_the_codecs():
    inner, end, letter = mojibake._accent_rx()
    assert letter["枚"] == "ö" and letter["茅"] == "é" and letter["眉"] == "ü"
    assert all(ch.encode("gbk").decode("utf-8") == lat for ch, lat in letter.items())
    assert not end.search("Windows农")  # Latin Extended letters count inside a word only
