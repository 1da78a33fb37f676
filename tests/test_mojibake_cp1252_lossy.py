"""UTF-8 Chinese read as cp1252 with errors='replace' (each lost byte one of 81, 8D, 8F, 90, 9D)."""

from __future__ import annotations

import ftfy
import pytest
from conftest import needs_shared, shared_path
from rapidfuzz.distance import Levenshtein

import textfix
from textfix.fixers.mojibake_cp1252_lossy import UNDEFINED, cp1252_lossy_repairs

SENTENCES = [
    "我们今天去北京开会，讨论人工智能的发展。",
    "这是一个关于后来发生的事情的报告。",
    "他在上海工作了三年，后来回到家乡。",
]


def damage(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", "replace")


@pytest.mark.parametrize("text", SENTENCES)
def test_sentence_with_lost_bytes_is_restored_where_ftfy_gives_up(text):
    damaged = damage(text)
    assert "\ufffd" in damaged
    result = textfix.fix(damaged)
    assert result.text == text
    lossy = [e for e in result.edits if e.rule == "mojibake-lossy"]
    assert lossy and all(e.confidence < 0.9 and "cp1252" in e.reason for e in lossy)
    assert "\ufffd" in ftfy.fix_text(damaged)  # the peer drops these sequences
    assert textfix.fix(result.text).text == result.text


def test_damage_inside_a_clean_sentence_is_repaired_in_place():
    text = "记者从会议上获悉，" + damage("后来发生的事情") + "，大家都很关心。"
    assert textfix.fix(text).text == "记者从会议上获悉，后来发生的事情，大家都很关心。"


def test_every_hole_value_is_one_of_the_five_undefined_bytes():
    for b in range(0x80, 0x100):
        assert (bytes([b]).decode("cp1252", "replace") == "\ufffd") == (b in UNDEFINED)


@pytest.mark.parametrize("text", ["caf\ufffd au lait", "Ã\ufffd la carte", "r\ufffdsum\ufffd", "\ufffd\ufffd\ufffd", "æœˆ"])
def test_latin_text_and_lone_marks_get_no_cjk_reading(text):
    assert all(not any(0x2E80 <= ord(c) for c in r) for _, _, r in cp1252_lossy_repairs(text))
    assert not [e for e in textfix.fix(text).edits if e.rule == "mojibake-lossy"]


def test_lossy_repair_can_be_switched_off():
    damaged = damage(SENTENCES[0])
    assert not [e for e in textfix.fix(damaged, ignore=["mojibake-lossy"]).edits if e.rule == "mojibake-lossy"]


@needs_shared
def test_held_out_news_lines_are_restored():
    lines = []
    for path in sorted(shared_path("seeds").glob("00[013]_*.txt")):
        lines += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if len(ln.strip()) > 10]
    chars = errors = exact = n = 0
    for line in lines:
        damaged = damage(line)
        if "\ufffd" not in damaged:
            continue
        fixed = textfix.fix(damaged).text
        n += 1
        exact += fixed == line
        chars += len(line)
        errors += Levenshtein.distance(fixed, line)
    # measured: 187 of 236 lines exact, 99.6% of the characters right (ftfy.fix_text: 84.1%)
    assert n > 200 and 1 - errors / chars >= 0.99 and exact >= 0.7 * n


def test_no_text_is_spliced_onto_the_end_of_a_lossy_repair():
    # ftfy's repair of the same line came back as an insertion where the lossy repair ends
    # (it duplicated half the line, with U+FFFD in it); an insertion touching a repair is dropped
    text = "近年来,社区发动辖区单位联合成立“党建联盟”,建立了资源清单、需求清单、"
    fixed = textfix.fix(damage(text)).text
    assert fixed == text
