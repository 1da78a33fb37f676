"""Properties of :func:`textfix.fix` over arbitrary text (hypothesis).

For any string: fix never raises, is idempotent, every edit matches the text
of the step that made it, replaying the recorded steps reproduces the
output, and every edit maps back to a span of the source.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textfix

# Pieces that trigger the rules: entities, invisible and control characters,
# combining marks, surrogates, Latin and CJK mojibake fragments, spinner words.
FRAGMENTS = [
    "&amp;", "&amp;amp;lt;", "&#20013;", "&#x200b;", "&nbsp;", "&frac14;", "&#0;", "&#x1b;", "&", ";",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\x00", "\x1a", "\x7f", "\x81", "\x85", "\x9d",
    "\u0301", "\u0308", "\u3099", "e\u0301", "\ud83d", "\ude00", "\ud83d\ude00", "\udc00",
    "Ã©", "Ã", "â€œ", "â€\x9d", "ä¸­æ–‡", "Â\xa0", "Ã\xa0", "√≤", "cafÃ©",
    "涓枃", "ÖÐÎÄ", "锟斤拷", "烫烫烫", "\ufffd",
    "经由过程", "设置装备摆设", "群寡", "工做", "下层", "麵臨", "係統", "機製", "体系",
    "中文", "繁體", "“", "”", "，", "。", "１２３", "ＡＢＣ", "\n", "\r\n", "\t", " ", "textfix: ignore",
]

text_strategy = st.one_of(
    st.text(st.characters(blacklist_categories=()), max_size=40),
    st.lists(
        st.one_of(
            st.sampled_from(FRAGMENTS),
            st.text(st.characters(min_codepoint=0, max_codepoint=0x2FF), max_size=4),
            st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=4),
            st.text(st.characters(blacklist_categories=()), max_size=3),
        ),
        max_size=14,
    ).map("".join),
)

#: ``TEXTFIX_HYPOTHESIS_EXAMPLES=5000 pytest tests/test_properties.py`` for a longer hunt.
EXAMPLES = int(os.environ.get("TEXTFIX_HYPOTHESIS_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_result(text: str, result: textfix.Result) -> None:
    assert result.source == text
    for step in result.steps:
        for e in step.edits:
            assert 0 <= e.start <= e.end <= len(step.text)
            assert step.text[e.start : e.end] == e.before, (step.stage, e)
            assert e.rule.startswith(e.kind + "-")
            assert 0.0 <= e.confidence <= 1.0
            start, end = result.source_span(e)
            assert 0 <= start <= end <= len(text), (e, start, end)
    assert textfix.replay(text, [s.edits for s in result.steps]) == result.text


@SETTINGS
@given(text_strategy)
def test_fix_is_total_consistent_and_idempotent(text: str) -> None:
    result = textfix.fix(text)
    _check_result(text, result)
    again = textfix.fix(result.text)
    assert again.text == result.text


@SETTINGS
@given(text_strategy, st.sampled_from(["hans", "hant", "tw", "hk"]))
def test_fix_with_script_target_is_consistent_and_idempotent(text: str, script: str) -> None:
    result = textfix.fix(text, script=script)
    _check_result(text, result)
    assert textfix.fix(result.text, script=script).text == result.text


@settings(max_examples=EXAMPLES // 2, deadline=None)
# (no NBSP either: a scraped &nbsp; beside CJK text or alone on a line is the unicode-nbsp rule's)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Mn", "Mc", "Me"), blacklist_characters="\xa0"),
               max_size=40))
def test_text_without_invisible_or_combining_characters_is_left_alone_by_unicode_rules(text: str) -> None:
    import unicodedata

    if unicodedata.is_normalized("NFC", text) and "&" not in text:
        assert textfix.fix(text, select=["unicode"]).edits == []


@settings(max_examples=EXAMPLES // 2, deadline=None)
@given(text_strategy)
def test_ignore_marker_protects_its_line(text: str) -> None:
    line = text.replace("\n", " ").replace("\r", " ") + " # textfix: ignore"
    doc = "前一行\n" + line + "\n后一行"
    result = textfix.fix(doc)
    assert line in result.text.split("\n")


ASCII_TEXT = st.text(st.sampled_from([chr(c) for c in range(0x20, 0x7F) if chr(c) != "&"] + ["\n"]), max_size=80)


@settings(max_examples=EXAMPLES // 2, deadline=None)
@given(ASCII_TEXT)
def test_plain_ascii_without_entities_is_never_touched(text: str) -> None:
    result = textfix.fix(text)
    assert result.text == text
    assert [e for e in result.edits if e.fixable] == []


COMMON_HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理"
HAN_PUNCT = "，。！？：；、“”‘’（）《》"


@settings(max_examples=EXAMPLES // 2, deadline=None)
@given(st.text(st.sampled_from(COMMON_HAN + HAN_PUNCT), max_size=40))
def test_fix_of_common_simplified_text_is_idempotent_and_consistent(text: str) -> None:
    result = textfix.fix(text)
    _check_result(text, result)
    assert textfix.fix(result.text).text == result.text
