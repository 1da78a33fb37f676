"""The Unicode hygiene rules: each repairs its damage, obeys select/ignore,
and never touches clean Chinese text (curly quotes, full-width forms)."""

from __future__ import annotations

import pytest

import textfix
from textfix.fixers import unicode as uni

from conftest import needs_shared, shared_path

# (rule id, damaged text, repaired text)
DAMAGE = [
    ("unicode-html-entity", "盈亏&amp;收益 &#20013;&#25991; A&nbsp;B", "盈亏&收益 中文 A\u00a0B"),
    ("unicode-html-entity", "双重转义 &amp;amp;lt;p&amp;amp;gt;", "双重转义 <p>"),
    ("unicode-control", "中文\x00内容\x07里\x1b有\x7f控制符", "中文内容里有控制符"),
    ("unicode-zero-width", "零\u200b宽\u2060字\ufeff符", "零宽字符"),
    ("unicode-zero-width", "中\u200d文\u200c字", "中文字"),
    ("unicode-surrogate", "表情\ud83d\ude00", "表情\U0001F600"),
    ("unicode-surrogate", "孤立\udc00代理", "孤立\ufffd代理"),
    ("unicode-nfc", "cafe\u0301 と Ha\u0308user", "café と Häuser"),
    ("unicode-nfc", "\u30ab\u3099", "\u30ac"),  # katakana KA + combining voiced mark -> GA
]

CLEAN = [
    "他说：“这是‘正确’的做法。”",
    "全角标点，。！？：；（）、【】《》……——",
    "全角数字１２３４５和字母ＡＢＣｘｙｚ，半角123 abc。",
    "价格：￥１２０，折扣～５％。",
    "第一行\n第二行\r\n\t缩进的第三行",
    "Unicode 标点 – — • © ® ™ ° ± × ÷ «guillemets»",
    "已经是 NFC 的 café, Ελληνικά, Русский, 한국어, にほんご",
    "emoji 👍🏽 👨‍👩‍👧 家庭",  # ZWJ sequences must survive: they are not beside Han text
    "نص عربي\u200cمع ZWNJ",  # ZWNJ is meaningful in Arabic-script text
    "A & B, x&y, &notanentity; &amp without semicolon",
    "<p>HTML 源码里的 &amp; 保持原样</p>",
]


@pytest.mark.parametrize("rule, damaged, repaired", DAMAGE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(DAMAGE)])
def test_rule_repairs_its_damage(rule: str, damaged: str, repaired: str) -> None:
    result = textfix.fix(damaged)
    assert result.text == repaired
    assert rule in {e.rule for e in result.edits}
    # only unicode repairs (a U+FFFD it leaves may be reported by the mojibake stage)
    assert all(e.kind == "unicode" for e in result.edits if e.fixable)


@pytest.mark.parametrize("rule, damaged, repaired", DAMAGE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(DAMAGE)])
def test_rule_can_be_selected_and_ignored(rule: str, damaged: str, repaired: str) -> None:
    # selected by rule id and by kind: same repair
    assert textfix.fix(damaged, select=[rule]).text == repaired
    assert textfix.fix(damaged, select=["unicode"]).text == repaired
    # ignored by rule id or kind: no edit of that rule, text unchanged where only that rule applies
    for ignore in ([rule], ["unicode"]):
        result = textfix.fix(damaged, ignore=ignore)
        assert rule not in {e.rule for e in result.edits}
        assert result.text == damaged
    # selecting another rule leaves this damage alone
    other = "unicode-nfc" if rule != "unicode-nfc" else "unicode-control"
    assert textfix.fix(damaged, select=[other]).text == damaged


def test_select_by_comma_string_and_prefix() -> None:
    text = "a&amp;b\u200bc\x00d"
    assert textfix.fix(text, select="unicode-html-entity,unicode-control").text == "a&b\u200bcd"
    assert textfix.fix(text, ignore="unicode-zero-width").text == "a&b\u200bcd"
    assert textfix.fix(text, select=["unicode-*"]).text == "a&bcd"


#: Clean texts another stage currently damages (reported to its owner; the stage is being written).
#: (mojibake-lossy briefly rewrote clean 【】 as 顾顿; fixed, so the list is empty.)
OTHER_STAGE_FALSE_POSITIVES: dict[str, str] = {}


def _clean_param(text: str):
    reason = OTHER_STAGE_FALSE_POSITIVES.get(text)
    marks = [pytest.mark.xfail(strict=False, reason="fixer in progress: " + reason)] if reason else []
    return pytest.param(text, marks=marks)


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_gets_no_unicode_edit(text: str) -> None:
    assert uni.find(text, None) == []
    result = textfix.fix(text, select=["unicode"])
    assert result.text == text and result.edits == []


@pytest.mark.parametrize("text", [_clean_param(t) for t in CLEAN])
def test_clean_text_passes_through_unchanged(text: str) -> None:
    result = textfix.fix(text)
    assert result.text == text
    assert [(e.rule, e.before, e.after) for e in result.edits] == []


def test_japanese_kanji_in_chinese_text_is_left_alone() -> None:
    text = "中文里引用日文：日本語のテキスト。"
    assert textfix.fix(text).text == text
    # a real Traditional clause beside the Japanese one is still converted to the majority
    mixed = "这是简体中文的文章，内容很长。日本語のテキスト。這個句子用繁體寫成。我们继续用简体写。"
    assert textfix.fix(mixed).text == "这是简体中文的文章，内容很长。日本語のテキスト。这个句子用繁体写成。我们继续用简体写。"


def test_c1_control_is_reported_not_removed() -> None:
    # ftfy's negative case: a C1 control no codepage explains stays in place
    text = "intentional \x81 here"
    result = textfix.fix(text)
    assert result.text == text
    [edit] = result.edits
    assert edit.rule == "unicode-control" and edit.after is None and edit.before == "\x81"


def test_entity_for_invisible_character_is_fully_removed() -> None:
    # the entity decodes to a zero-width space, which the next round removes
    result = textfix.fix("中&#x200b;文")
    assert result.text == "中文"
    assert [e.rule for e in result.edits] == ["unicode-html-entity", "unicode-zero-width"]


def test_entity_for_control_character_is_not_decoded() -> None:
    # decoding would only create damage for the control rule to remove
    result = textfix.fix("a&#x1b;c&#127;")
    assert result.text == "a&#x1b;c&#127;" and result.edits == []


def test_bom_at_start_of_text_is_removed() -> None:
    assert textfix.fix("\ufeff正文").text == "正文"


def test_edits_are_minimal() -> None:
    [edit] = textfix.fix("很长的一段中文文本，只有这里 cafe\u0301 需要修复。").edits
    assert (edit.before, edit.after) == ("e\u0301", "é")


def test_rules_table_lists_every_rule() -> None:
    assert set(uni.RULES) == {
        "unicode-html-entity", "unicode-control", "unicode-zero-width", "unicode-surrogate", "unicode-nfc",
        "unicode-nbsp",
    }
    assert all(rule.startswith("unicode-") for rule in uni.RULES)


@needs_shared
@pytest.mark.parametrize("seed", ["000", "001", "003"])
def test_clean_seeds_get_no_unicode_or_mojibake_edit(seed: str) -> None:
    [path] = shared_path("seeds").glob(f"{seed}_*.txt")
    text = path.read_text(encoding="utf-8")
    edits = textfix.check(text, select=["unicode", "mojibake"])
    assert edits == [], [(e.rule, e.before) for e in edits[:5]]
    assert textfix.fix(text, select=["unicode", "mojibake"]).text == text


@needs_shared
@pytest.mark.parametrize("seed", ["000", "001", "003"])
def test_clean_seeds_come_back_byte_identical_from_the_whole_pipeline(seed: str) -> None:
    [path] = shared_path("seeds").glob(f"{seed}_*.txt")
    data = path.read_bytes()
    result = textfix.fix_bytes(data)
    assert [(e.rule, e.before, e.after) for e in result.edits] == []
    assert result.data == data


def test_form_feed_page_breaks_stay_but_vertical_tab_goes():
    text = "第一頁\n\x0c第二頁\n"
    assert textfix.fix(text).text == text
    assert textfix.fix("a\x0bb").text == "ab"


def test_scraped_nbsp_beside_chinese_becomes_a_space_and_indent_goes() -> None:
    text = "\xa0\xa0占地98亩的茶乐园。\n新华社记者\xa0刘奕湛\xa0\xa0熊琦\n"
    result = textfix.fix(text)
    assert result.text == "占地98亩的茶乐园。\n新华社记者 刘奕湛  熊琦\n"
    assert {e.rule for e in result.edits} == {"unicode-nbsp"}
    assert textfix.fix(result.text).text == result.text


def test_nbsp_entity_beside_chinese_ends_as_a_space_in_one_fix() -> None:
    fixed = textfix.fix("记者&nbsp;刘奕湛").text
    assert fixed == "记者 刘奕湛" and textfix.fix(fixed).text == fixed


def test_nbsp_in_latin_typography_is_kept() -> None:
    for text in ("10\xa0000 km", "M.\xa0Dupont dit\xa0: «\xa0oui\xa0»", "\xa0indented English"):
        assert textfix.fix(text).text == text


def test_nbsp_rule_can_be_ignored() -> None:
    text = "记者\xa0刘奕湛"
    assert textfix.fix(text, ignore=["unicode-nbsp"]).text == text


def test_nbsp_on_a_blank_line_becomes_a_space_in_any_language() -> None:
    assert textfix.fix("Bonjour.\n\xa0\xa0\nAu revoir.\n").text == "Bonjour.\n  \nAu revoir.\n"
    assert textfix.fix("第一段。\n\xa0\n第二段。").text == "第一段。\n \n第二段。"
