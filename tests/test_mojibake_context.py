"""Repairs judged with the text around them: a single damaged Korean syllable at the end of
a clean Korean word, and Big5/GBK swap boundaries. And the clean text they must not touch."""

from __future__ import annotations

import pytest

import textfix
from textfix.fixers import mojibake


def fixed(text: str) -> str:
    return textfix.fix(text, select=["mojibake"]).text


def latin(s: str, codec: str) -> str:
    """EUC-KR bytes of ``s`` read with a Latin code page."""
    return s.encode("euc_kr").decode(codec)


# One syllable makes two Latin-1 characters: too short to read as Korean on its own, but
# the Hangul it touches make the word (sentences written for this test).
@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
@pytest.mark.parametrize("head, tail", [
    ("내일은 눈이 옵니", "다."),
    ("커피 한 잔 주세", "요!"),
    ("문을 닫았", "다"),
])
def test_one_korean_syllable_beside_hangul(head, tail, codec):
    damaged = head + latin(tail[0], codec) + tail[1:]
    assert fixed(damaged) == head + tail


def test_hangul_word_helper():
    assert mojibake._hangul_word("갑니´Ù.", 2, 4, "다") == "갑니다"
    assert mojibake._hangul_word("´Ù.", 0, 2, "다") == "다"


@pytest.mark.parametrize("clean", [
    "서울 café에서 만나요",
    "한국어 Größe 테스트",
    "점수는 ½점입니다",
    "가격 ¥500 입니다",
])
def test_clean_korean_with_latin1_untouched(clean):
    assert fixed(clean) == clean


def test_lone_damaged_syllable_without_hangul_stays():
    # nothing Korean around it: two Latin-1 characters are no evidence
    assert fixed("´Ù.") == "´Ù."


# Big5 bytes read as cp437 put a lone box-drawing character beside the ASCII trail byte of
# the next character (│]⌐w for 設定); tables and trees join box characters and pad with spaces.
@pytest.mark.parametrize("name", ["設定", "影片.txt", "專案\\設定.doc"])
def test_big5_as_cp437_with_a_box_inside_a_word(name):
    damaged = name.encode("big5").decode("cp437")
    assert mojibake._BOX_IN_WORD.search(damaged)
    assert fixed(damaged) == name


@pytest.mark.parametrize("clean", ["├─src", "└──lib/main.c", "│ID│Name│", "┌─Title─┐", "■Note", "[█████] 100%"])
def test_compact_drawings_untouched(clean):
    assert fixed(clean) == clean


def test_cp950_reading_takes_the_common_big5_form():
    # A241 is ／ in Python's big5 table and ∕ in cp950: the bytes cannot tell, the corpus can
    damaged = "價格（NT１８０／台）".encode("big5").decode("cp437")
    assert fixed(damaged) == "價格（NT１８０／台）"
    assert mojibake._common_big5_forms("１∕２") == "１／２"


def big5_as_gbk(s: str) -> str:
    return s.encode("big5").decode("gb18030")


# A short line read whole as GBK: its own pairs are unknown to the corpus, its reading's are known.
@pytest.mark.parametrize("word", ["電腦", "經濟", "選舉", "醫院"])
def test_short_line_read_whole_as_gbk(word):
    damaged = big5_as_gbk(word)
    assert fixed(damaged) == word
    doc = f"標題\n{damaged}\n這是一段正常的繁體中文文字，沒有任何問題。"
    assert fixed(doc) == doc.replace(damaged, word)


@pytest.mark.parametrize("clean", ["洁尘", "尿崩", "敖敖", "中国", "李瑛", "环境", "电脑"])
def test_clean_short_lines_have_no_whole_swap(clean):
    assert mojibake.whole_swap_reading(clean) is None
    assert fixed(clean) == clean
    assert fixed("标题\n" + clean + "\n正文") == "标题\n" + clean + "\n正文"


def test_whole_swap_only_on_short_lines():
    long_line = big5_as_gbk("電腦經濟選舉醫院")  # 8 characters: tried; with one more, not
    assert mojibake.whole_swap_edits(long_line, [])
    assert not mojibake.whole_swap_edits(long_line + "x", [])
    assert not mojibake.whole_swap_edits(long_line + big5_as_gbk("會"), [])


# A swap that ends at a clean punctuation mark stops there: ﹐ (Big5 A14D, common in Taiwan text)
# swaps to the rare 妯, and the model, not a switch cost, decides.
@pytest.mark.parametrize("head, word", [("老師認為這種說法比較", "正確"), ("這部電影的劇情十分", "精彩"),
                                        ("他們都說這個答案並不", "正確")])
def test_swap_stops_at_clean_punctuation(head, word):
    assert fixed(head + big5_as_gbk(word) + "﹐") == head + word + "﹐"


def test_clean_traditional_quote_is_not_a_gbk_as_big5_swap():
    assert fixed("精簡稱為〝長堤〞。") == "精簡稱為〝長堤〞。"


def test_pair_flip():
    t = "他說" + big5_as_gbk("談話") + "，大家都聽見了。"
    assert mojibake._pair_flip(t, 2, 4, "談話")
    assert not mojibake._pair_flip("他在网上看到。", 2, 4, "蝴蝶")  # clean pairs are known
    assert not mojibake._pair_flip("談話", 0, 2, "談話")  # too few pairs to judge


def test_second_span_of_a_document_whose_pairs_flip():
    # one swap confirmed by a telltale (ぃ) makes the chain known; the other span has none
    line1 = "他說這件事" + big5_as_gbk("不能") + "再拖了。"
    line2 = "市長昨天在記者會上發表" + big5_as_gbk("談話") + "，呼籲市民節約用水。"
    doc = line1 + "\n" + line2
    assert "ぃ" in doc
    assert fixed(doc) == "他說這件事不能再拖了。\n市長昨天在記者會上發表談話，呼籲市民節約用水。"


@pytest.mark.parametrize("clean", ["又毛絨絨的花", "懊恼悔恨之不已", "学生临摹的作品", "股民程某购入"])
def test_clean_text_whose_pairs_flip_by_chance(clean):
    assert fixed(clean) == clean


def test_swap_of_a_whole_string_keeps_its_last_character():
    # 方 -> 源 gains almost nothing alone; damage is contiguous, so the whole reading wins
    assert fixed(big5_as_gbk("碧生源")) == "碧生源"


def test_gbk_reading_does_not_eat_the_ascii_character_after_a_typographic_mark():
    # ``…`` (0x85 in cp1252) and a backtick are GBK's 卄 (0x85 0x60), a character the corpus never saw:
    # in a Markdown line the backtick closes a code span and must stay
    assert textfix.fix("乱码：ÎÒÃÇ…`。").text == "乱码：我们…`。"
    assert textfix.fix("显示为 `ÎÒÃÇ…`").text == "显示为 `我们…`"
    assert textfix.fix("ÖÐÎÄ").text == "中文"


def test_short_clause_with_punctuation_is_running_text():
    """A Big5-as-GBK stretch in a short line that ends a clause (，) is repaired: the mark shows the
    line is running text, not a word or a title (a bare two-character swap of a short line stays)."""
    from textfix.fixers.mojibake import find
    from textfix.pipeline import apply_edits

    bad = "開高".encode("big5").decode("gbk") + "後大幅走高，"
    assert apply_edits(bad, find(bad, None)) == "開高後大幅走高，"
    clean = "後大幅走高，"
    assert find(clean, None) == []


def test_big5_reading_judged_in_simplified_spelling_too():
    """環賽 reads poorly to a mostly Simplified model (rare Traditional forms) but well as 环赛:
    the Big5 reading of a GBK-decoded stretch is judged in both spellings."""
    from textfix.fixers.mojibake import find
    from textfix.pipeline import apply_edits

    good = "乒乓球競賽的基本方法有淘汰賽和循環賽兩種。"
    bad = good.replace("環賽", "環賽".encode("big5").decode("gbk"))
    assert bad != good
    assert apply_edits(bad, find(bad, None)) == good
    assert find(good, None) == []
