"""Whole short strings of UTF-8 read as Big5 whose bytes pair across characters, so that the damage
holds one uncommon character only (大家 read as 憭批振: 批 and 振 are common). Words chosen for these tests."""

from __future__ import annotations

import pytest

import textfix
from textfix.fixers import mojibake as M


def fixed(text: str) -> str:
    return textfix.fix(text, select=["mojibake"]).text


@pytest.mark.parametrize("word", ["大家", "大学", "年中"])
def test_whole_string_with_one_uncommon_character_is_read_under_the_strict_chains(word: str):
    bad = word.encode("utf-8").decode("big5")
    assert len(M._uncommon_rx().findall(bad)) == 1
    reads = M.whole_readings(bad)
    assert reads and reads[0][2].rule == "mojibake-utf8-as-big5" and reads[0][3] == word
    assert fixed(bad) == word
    assert fixed("標題\n" + bad + "\n內容") == "標題\n" + word + "\n內容"


@pytest.mark.parametrize("text", ["批振", "大家好", "行情", "振興", "李振", "首页"])
def test_clean_short_strings_with_one_uncommon_character_stay(text: str):
    assert fixed(text) == text


def test_one_uncommon_character_tries_only_the_strict_chains():
    # 棣栭〉 (首页 read as GBK) has two uncommon characters: every chain is tried
    assert M.whole_readings("棣栭〉")[0][3] == "首页"
    # 栭〉 with one: the GBK reading (首 and a lost byte) is not tried, nor anything without one
    assert all(r[2].rule in M._STRUCT_RULES for r in M.whole_readings("栭〉"))
    assert M.whole_readings("中文") == []
