"""The mojibake fixer: CJK codec chains, lossy recovery, markers, and leaving real text alone."""

from __future__ import annotations

import json

import pytest

import textfix
from conftest import needs_shared, shared_path
from textfix import lm
from textfix.edits import apply_edits, resolve_overlaps
from textfix.fixers import mojibake

SENT = "这是一个很好的例子，我们今天讨论中文测试。"
TRAD = "這是繁體中文的測試句子，我們今天討論。"


def fixed(text: str) -> str:
    return textfix.fix(text, select=["mojibake"]).text


def rules(text: str) -> list[str]:
    return [e.rule for e in textfix.check(text, select=["mojibake"])]


# --------------------------------------------------------------- lossless chains


GB_OK = "我们今天讨论中文测试"  # its UTF-8 bytes decode strictly as GB18030


@pytest.mark.parametrize(
    "damaged, expected, rule",
    [
        (GB_OK.encode().decode("gb18030"), GB_OK, "mojibake-utf8-as-gbk"),
        (SENT.encode("gbk").decode("latin-1"), SENT, "mojibake-gbk-as-latin1"),
        ("今天讨论".encode().decode("shift_jis"), "今天讨论", "mojibake-utf8-as-sjis"),
        ("ä¸­æ–‡æµ‹è¯•", "中文测试", None),
    ],
)
def test_whole_string_chains(damaged, expected, rule):
    assert fixed(damaged) == expected
    if rule:
        assert rule in rules(damaged)


def test_big5_read_as_latin1_gives_traditional():
    damaged = TRAD.encode("big5").decode("latin-1")
    assert fixed(damaged) == TRAD
    assert "mojibake-big5-as-latin1" in rules(damaged)


def test_gbk_read_as_big5():
    damaged = SENT.encode("gbk").decode("big5")
    assert fixed(damaged) == SENT
    assert "mojibake-big5-gbk" in rules(damaged)


def test_big5_read_as_gbk_inside_traditional_text():
    clause = "繁體中文".encode("big5").decode("gbk", errors="replace")
    if "\ufffd" in clause:
        pytest.skip("codec table changed")
    text = "這是" + clause + "的測試句子，我們今天討論。"
    assert fixed(text) == "這是繁體中文的測試句子，我們今天討論。"


def test_double_encoding():
    damaged = GB_OK.encode().decode("gb18030").encode().decode("latin-1")
    assert fixed(damaged) == GB_OK


def test_span_inside_clean_sentence_is_repaired_alone():
    clause = "讨论中文测试".encode().decode("gb18030")
    text = "今天我们" + clause + "的问题。"
    edits = [e for e in textfix.check(text, select=["mojibake"]) if e.after is not None]
    assert fixed(text) == "今天我们讨论中文测试的问题。"
    # the edit covers the clause, not the clean text around it
    assert edits and all(e.start >= len("今天我们") for e in edits)
    assert all(e.end <= len("今天我们") + len(clause) for e in edits)


def test_gbk_as_latin1_span_in_chinese():
    text = "这是一个" + "中文测试".encode("gbk").decode("latin-1") + "很好。"
    assert fixed(text) == "这是一个中文测试很好。"


def test_confidence_and_evidence():
    damaged = GB_OK.encode().decode("gb18030")
    edits = [e for e in textfix.check(damaged, select=["mojibake"]) if e.after is not None]
    assert edits and all(e.confidence >= 0.9 for e in edits)
    ev = edits[0].evidence
    assert ev["logprob_per_char_after"] > ev["logprob_per_char_before"]


def test_idempotent():
    damaged = "今天我们" + "讨论中文测试".encode().decode("gb18030") + "的问题。"
    once = fixed(damaged)
    assert fixed(once) == once


# --------------------------------------------------------------- lossy


@pytest.mark.parametrize("errors", ["replace", "ignore"])
def test_lossy_utf8_as_gbk(errors):
    s = "中文测试，这是一个很好的例子。"
    damaged = s.encode().decode("gbk", errors=errors)
    edits = [e for e in textfix.check(damaged, select=["mojibake"]) if e.after is not None]
    assert fixed(damaged) == s
    assert {e.rule for e in edits} == {"mojibake-lossy"}
    assert all(0.5 <= e.confidence <= 0.8 for e in edits)
    assert "lost" in edits[0].reason


def test_lossy_pua_dropped():
    # gb18030 maps some UTF-8 byte pairs to private-use characters that copy-paste drops
    damaged = "涓枃娴嬭瘯"
    assert fixed(damaged) == "中文测试"


# --------------------------------------------------------------- markers


@pytest.mark.parametrize("marker", ["锟斤拷", "锟斤拷锟斤拷", "烫烫烫", "屯屯屯屯", "\ufffd\ufffd", "ï¿½"])
def test_unrecoverable_markers_are_findings(marker):
    text = "标题" + marker + "正文"
    found = [e for e in textfix.check(text, select=["mojibake"]) if e.rule == "mojibake-unrecoverable"]
    assert found and all(e.after is None for e in found)
    assert "cannot be recovered" in found[0].reason
    assert fixed(text) == text or marker == "ï¿½"


def test_reduplicated_tang_is_not_a_marker():
    assert textfix.check("汤烫烫的，小心。", select=["mojibake"]) == []


# --------------------------------------------------------------- real text stays


@pytest.mark.parametrize(
    "text",
    [
        "Ærøskøbing naïve Größe café",
        "日本語のテキストです。東京に行きました。",
        "한국어 텍스트입니다. 서울에 갔습니다.",
        "鏂先生和涓女士是朋友。",
        "def f(x):\n    return x ** 2  # 平方\n",
        "https://example.com/路径?q=中文&x=1",
        "aGVsbG8gd29ybGQgVGhpcyBpcyBiYXNlNjQ=",
        "干净的中文“引号”，全角标点。——破折号……省略号·间隔号",
        "汤烫烫的。",
        "MISUTÂ AJIKKO",
    ],
)
def test_real_text_is_left_alone(text):
    assert textfix.check(text, select=["mojibake"]) == []


def test_fast_path_regex_skips_clean_chinese():
    pair, _one = mojibake._suspect_rx()
    assert pair.search(SENT) is None
    assert pair.search(GB_OK.encode().decode("gb18030")) is not None


def test_suspect_set_is_derived_from_codecs_and_corpus():
    chars = mojibake.suspect_chars()
    assert "枃" in chars and "瘯" in chars
    assert "中" not in chars and "的" not in chars
    assert all(lm.unigram_count(c) < mojibake.SUSPECT_COUNT for c in chars)


def test_rules_are_declared():
    damaged = [GB_OK.encode().decode("gb18030"), SENT.encode("gbk").decode("latin-1"), "锟斤拷"]
    for d in damaged:
        for e in textfix.check(d, select=["mojibake"]):
            assert e.rule in mojibake.RULES and e.rule.startswith("mojibake-")


# --------------------------------------------------------------- LM


def test_lm_prefers_real_text():
    assert lm.mean_logprob_per_char("中文测试") > lm.mean_logprob_per_char("涓枃娴嬭瘯") + 5
    assert lm.char_logprob("中国") > lm.char_logprob("国中")
    assert lm.unigram_count("的") > lm.unigram_count("涓")


# --------------------------------------------------------------- shared data


@needs_shared
def test_ftfy_cases_mojibake_stage_not_worse_than_ftfy():
    import glob

    import ftfy

    ok_t = ok_f = 0
    for path in glob.glob(str(shared_path("data", "ftfy-test-cases", "*.json"))):
        if "known-failures" in path:
            continue
        for case in json.load(open(path, encoding="utf-8")):
            exp = case.get("fixed-encoding", case["fixed"])
            edits = resolve_overlaps(mojibake.find(case["original"], None))
            ok_t += apply_edits(case["original"], edits) == exp
            ok_f += ftfy.fix_encoding(case["original"]) == exp
    assert ok_t >= ok_f


@needs_shared
def test_seeds_are_clean():
    for name in ("000", "001", "003"):
        (path,) = shared_path("seeds").glob(f"{name}_*.txt")
        assert textfix.check(path.read_text(encoding="utf-8"), select=["mojibake"]) == []


def test_long_japanese_and_korean_paragraphs_are_left_alone():
    ja = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。東京都の新しいプロジェクトについて、担当者は次のように語った。"
    ko = "대한민국은 동아시아의 한반도 남부에 위치한 민주공화국이다. 오늘 날씨가 정말 좋아서 친구들과 함께 공원에 산책을 갔습니다."
    assert textfix.check(ja * 10, select=["mojibake"]) == []
    assert textfix.check(ko * 10, select=["mojibake"]) == []
    assert mojibake._windows(ja * 10) == []  # real Japanese does not even reach the slow path


# --------------------------------------------------------------- short damaged stretches (issue 3)


@pytest.mark.parametrize(
    "damaged, expected",
    [
        ("涓枃", "中文"),  # the README's example: GB18030's private-use character dropped
        ("这是涓枃", "这是中文"),
        ("涓�鏂�", "中文"),  # GBK with errors="replace"
        ("这是涓�鏂�", "这是中文"),
        ("涓枃测试。", "中文测试。"),
    ],
)
def test_short_lossy_stretches_are_repaired(damaged, expected):
    assert fixed(damaged) == expected
    edits = [e for e in textfix.check(damaged, select=["mojibake"]) if e.after is not None]
    assert [e.rule for e in edits] == ["mojibake-lossy"]
    assert 0.6 <= edits[0].confidence <= 0.8 and "lost" in edits[0].reason


def test_short_repairs_reproduce_the_damage():
    # every reading the exhaustive search returns gives back the damaged text
    for total, rep, how, nlost in mojibake.short_repairs("涓枃"):
        data = rep.encode("utf-8")
        assert nlost >= 1
        assert "涓枃" in (data.decode("gbk", "ignore"),
                         "".join(c for c in data.decode("gb18030", "replace") if not "\ue000" <= c <= "\uf8ff"))


@pytest.mark.parametrize("text", ["涓涓细流", "涓涓", "他叫涓枫。", "鏂先生和涓女士是朋友。", "涓", "鏂"])
def test_lone_rare_characters_stay(text):
    assert textfix.check(text, select=["mojibake"]) == []


def test_lossy_confidence_falls_with_lost_bytes():
    assert mojibake.lossy_confidence(10, 0.0) == 0.8
    assert mojibake.lossy_confidence(10, 0.5) < mojibake.lossy_confidence(10, 0.1)
    assert mojibake.lossy_confidence(0, 1.0) == 0.6
    c = mojibake.Candidate(0, 1, "a", "b", "mojibake-lossy", "", 1.0, 0.0, 0.0, True)
    assert c.lost == 0.0  # the old positional signature still works
