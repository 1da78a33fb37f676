"""A short line read whole as Big5 decoded as GBK whose reading is a known word (PFR 1998's
segmentation, jieba's dictionary) is repaired with less bigram gain than other readings need."""

import textfix
from textfix.fixers import mojibake


def fix(s: str) -> str:
    return textfix.fix(s, select=("mojibake",)).text


def damaged(word: str) -> str:
    return word.encode("big5").decode("gbk")


def test_word_reading_with_a_small_gain_is_repaired():
    # 櫥櫃 gains 3.9 nats a character, 鋼筆 2.9: below WHOLE_SWAP_GAIN, above WORD_SWAP_GAIN
    for word in ("櫥櫃", "鋼筆"):
        gain = mojibake.whole_swap_reading(damaged(word))[0]
        assert mojibake.WORD_SWAP_GAIN <= gain < mojibake.WHOLE_SWAP_GAIN
        assert fix(damaged(word)) == word
        assert fix("標題\n" + damaged(word) + "\n") == "標題\n" + word + "\n"


def test_known_word_folds_traditional_forms():
    assert mojibake._known_word("鋼筆") and mojibake._known_word("钢笔")
    assert not mojibake._known_word(damaged("鋼筆"))


def test_clean_words_stay():
    # a clean line that is itself a word is never swapped for another word
    for word in ("钢笔", "橱柜", "衛星", "风焊", "蛮狠"):
        assert fix(word) == word


def test_accepted_swap_grows_to_complete_a_word():
    # 懵懂 is unknown to the character pairs: the bigram pass repairs only 天真 after it
    t = "他還是個" + damaged("懵懂天真") + "的孩子。"
    assert fix(t) == "他還是個懵懂天真的孩子。"


def test_accepted_swap_does_not_grow_over_a_clean_character_for_a_word():
    # 學生的 swapped one further reads 學生腔 (a word), but the bigrams lose far more than a word is worth
    t = "老師檢查" + damaged("學生") + "的作業。"
    assert mojibake._words_in("檢查學生腔作業") > mojibake._words_in("檢查學生的作業")
    assert fix(t) == "老師檢查學生的作業。"
