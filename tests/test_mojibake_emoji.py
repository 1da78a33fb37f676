"""Emoji in Chinese text read with the wrong codec (UTF-8 read as GBK): the emoji is restored
and, above all, the Chinese around it is. Sentences written for these tests."""

from __future__ import annotations

import pytest

import textfix
from textfix.fixers import mojibake
from textfix.fixers.mojibake_chains import CHAINS_BY_NAME


def utf8_as_gbk(text: str) -> str:
    return text.encode("utf-8").decode("gbk", "replace")


# every byte survives: the emoji is two GBK characters between Chinese ones (🎉 as 馃帀)
# (also where the characters beside it are still damaged or lost in the same pass: 👍 after 助's
# lost byte, 🌙 after a kana reading; a later stage must not see 馃憤 and convert 憤 to 愤)
@pytest.mark.parametrize("ref", ["这个消息太棒了🎉我们明天见。", "比赛结束了🏆我们是冠军!", "谢谢你的帮助👍下次再聊。",
                                 "大家晚上好🌙早点休息。", "这家店的蛋糕很好吃😋推荐大家去尝尝。"])
def test_emoji_whose_bytes_all_survive(ref: str):
    assert textfix.fix(utf8_as_gbk(ref)).text == ref


# the emoji's last byte is lost (0x80 before the next character's lead byte): the exhaustive
# short search restores the character before it (好, whose last byte went into the emoji's
# first GBK pair) and an emoji that damages the same way; which one, the text cannot say
# (0x80 and 0xAA-0xAF are all lost before 0xE5), so only the Chinese is checked exactly
@pytest.mark.parametrize("head, emoji, tail", [
    ("我们今天玩得很好", "😀", "明天再见。"),
    ("这家店的面条很好", "😀", "下次还来。"),
])
def test_emoji_with_a_lost_byte_does_not_stop_the_repair(head: str, emoji: str, tail: str):
    damaged = utf8_as_gbk(head + emoji + tail)
    assert "\ufffd" in damaged
    out = textfix.fix(damaged).text
    assert out.startswith(head) and out.endswith(tail)
    middle = out[len(head) : len(out) - len(tail)]
    assert len(middle) == 1 and utf8_as_gbk(head[-1] + middle + tail[0]) == utf8_as_gbk(head[-1] + emoji + tail[0])


def test_short_search_reads_four_byte_characters():
    assert mojibake._utf8_slots([0xE5, 0xA5, 0xBD, 0xF0, 0x9F, 0x98, -1]) == [(0xE5, 0xA5, 0xBD), (0xF0, 0x9F, 0x98, -1)]
    assert mojibake._utf8_slots([0xF0, 0x9F]) is None
    assert "😭" in [c for _, c in mojibake._utf8_fill((0xF0, 0x9F, 0x98, -1))]
    # a byte lost at the end is judged with the next character's bytes: 😁 (…0x81) would have paired with 0xE5
    reps = mojibake.short_repairs("濂金煒\ufffd", "常", "大")
    assert reps and reps[0][1] != "好😁"


def test_emoji_piece_needs_chinese_on_both_sides():
    c = CHAINS_BY_NAME["utf8-as-gbk"]
    assert mojibake._emoji_piece(c, "太棒了馃帀我们", 3, 5, "🎉")
    assert not mojibake._emoji_piece(c, "馃帀", 0, 2, "🎉")
    assert not mojibake._emoji_piece(c, "太棒了馃帀abc", 3, 5, "🎉")
    assert mojibake._emoji_piece(c, "帮\ufffd馃憤涓", 2, 4, "👍")  # damaged neighbours count
    assert mojibake._emoji_subpieces(b"\xf0\x9f\x8e\x89ab", [0, 2, 4, 5, 6], [(0, 4, "🎉ab")]) == [(0, 2, "🎉")]
    assert not mojibake._emoji_piece(CHAINS_BY_NAME["big5-as-gbk"], "太棒了馃帀我们", 3, 5, "🎉")


@pytest.mark.parametrize("clean", [
    "今天很开心😀", "😀😀😀", "好😀大家", "ありがとう😊また明日", "안녕하세요😊", "Great job 👍 今天",
    "馃帀", "这是一个生僻字馃。",
])
def test_clean_text_with_emoji_is_untouched(clean: str):
    assert textfix.fix(clean).text == clean
