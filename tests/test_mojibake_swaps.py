"""Big5/GBK swaps: Traditional readings judged in Simplified forms too, pairs of unseen characters,
and the UTF-8-as-Big5 ASCII edge (sentences written for these tests)."""

from __future__ import annotations

import pytest

import textfix
from textfix.fixers import mojibake as M


def b2g(s: str) -> str:
    return s.encode("big5").decode("gbk")


def fixed(text: str) -> str:
    return textfix.fix(text, select=["mojibake"]).text


def test_unseen_swap_pair_needs_two_unseen_characters_that_swap_to_common_ones():
    assert M._unseen_swap_pair(b2g("無語"))
    assert not M._unseen_swap_pair("無語")
    assert not M._unseen_swap_pair("礚")  # one character is no pair
    assert not M._unseen_swap_pair("礚的")  # a common neighbour


@pytest.mark.parametrize("word", ["無語", "無奈"])
def test_two_unseen_characters_are_repaired_as_a_swap(word: str):
    assert fixed("他感到很" + b2g(word) + "，只好離開。") == "他感到很" + word + "，只好離開。"


def test_unseen_character_whose_swap_is_not_rare_opens_a_swap():
    # 緕 and 纕 are unseen; their swaps 魄 and 償 are not rare (though below the 1000 of a seen character)
    assert "緕" in M._swap_rare() and "纕" in M._swap_rare()
    assert "中" not in M._swap_rare()
    assert fixed("這部電影有一種勾魂" + b2g("奪魄") + "的力量。") == "這部電影有一種勾魂奪魄的力量。"
    assert fixed("他們要求政府" + b2g("償還") + "欠款。") == "他們要求政府償還欠款。"


def test_a_doubled_unseen_character_is_no_unseen_pair():
    # reduplication is a word form (蟈蟈, 蛐蛐): random damage does not double a character
    assert "蟈" in M._swap_rare()
    assert not M._unseen_swap_pair("蟈蟈")
    assert fixed("蘆蟈蟈") == "蘆蟈蟈"


@pytest.mark.parametrize("orig, word", [("共有3000萬人口", "萬"), ("臨汾市缺電50萬千瓦", "電"), ("總價約350萬", "萬")])
def test_one_damaged_character_between_digits_and_clean_text(orig: str, word: str):
    i = orig.index(word)
    bad = orig[:i] + b2g(word) + orig[i + 1 :]
    assert bad != orig and M._single_swap(bad, i, "big5-as-gbk")
    assert fixed(bad) == orig


def test_single_swap_needs_its_pairs_to_flip():
    assert not M._single_swap("共有3000萬人口", 6, "big5-as-gbk")  # 萬 is no swap telltale
    assert not M._single_swap("他缺" + b2g("電") + "電50", 2, "gbk-as-big5")  # Big5 read as GBK only
    assert M._single_swap("3" + b2g("萬"), 1, "big5-as-gbk")
    assert not M._attested("龘萬")
    assert not M._single_swap("龘" + b2g("萬"), 1, "big5-as-gbk")  # the reading's pair is unknown too


@pytest.mark.parametrize("text", ["共有3000萬人口", "第3屆金馬獎", "堃昇2005年成立", "窾坎", "300",
                                  "盱眙小龙虾3000萬元", "他們說费祎的事情很重要。"])
def test_clean_text_with_digits_is_left_alone(text: str):
    assert fixed(text) == text


def test_stretch_around_an_unseen_character_the_viterbi_pass_left_alone():
    # 翧 is unseen and swaps to 鮮; 加 and 酵 are ordinary characters: two switches cost more than
    # the short stretch gains, the exact search around the unseen character finds it
    bad = "我們到海" + b2g("鮮樓談") + "生意。"
    assert b2g("鮮樓談") == "翧加酵"
    assert fixed(bad) == "我們到海鮮樓談生意。"
    cands = M.swap_candidates(bad, 0, len(bad), M.CHAINS_BY_NAME["big5-as-gbk"])
    assert any(c.after == "鮮樓談" for c in cands)


def test_whole_two_character_string_of_unseen_characters():
    assert fixed(b2g("無語")) == "無語"


def test_traditional_reading_is_judged_in_simplified_forms_too():
    t = "這場比賽採用循" + b2g("環賽") + "制度。"
    s = t.index(b2g("環賽"))
    plain = M._judge_foreign(t, s, s + 2, "環賽")
    folded = M._judge_swap(t, s, s + 2, "環賽")
    assert folded[1] > plain[1]  # 环赛 is better known than 環賽
    assert folded[0] > plain[0]
    assert fixed(t) == "這場比賽採用循環賽制度。"


@pytest.mark.parametrize("text", [
    "這場比賽採用循環賽制度。", "股市今天開高走低。", "他感到很無奈，只好離開。", "無語", "寶寶",
    "堃昇科技公司宣布", "龘靐齉齾爩鱻麤", "他說：「我們明天見。」",
])
def test_clean_traditional_text_is_left_alone(text: str):
    assert fixed(text) == text


def test_private_use_character_left_in_a_big5_page_read_as_gbk_is_repaired():
    # a browser reads Big5 as GB18030: 年 (A6 7E) falls in GBK's user-defined rows and becomes
    # U+E6E4; between digits it opens no repair window, but the page's other repairs name the chain
    page = ("2005年12月成立的青石鎮圖書館位於鎮中心，館內藏書三萬餘冊，每天都有不少居民前來借閱。\n"
            "近年來，圖書館為居民提供了多項便民服務，受到大家的歡迎。\n"
            "館長說，明年還將增加老年活動室和兒童閱覽室。\n")
    damaged = page.encode("cp950").decode("gb18030")
    assert damaged.startswith("2005\ue6e412")
    assert textfix.fix(damaged).text == page


def test_private_use_characters_of_a_clean_page_are_left_alone():
    text = "图标\ue6e4表示下载，\uf015表示首页。这是一段普通的说明文字。\n"
    assert textfix.fix(text).text == text
