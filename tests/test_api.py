"""The public Python API: fix, check, explain, options, the inline ignore
marker, Result.source_span and deterministic overlap resolution."""

from __future__ import annotations

import itertools

import pytest

import textfix
from textfix import Edit, OptionError, Options
from textfix.edits import apply_edits, resolve_overlaps

DAMAGED = "标题&amp;副标题\u200b，cafÃ© 与 cafe\u0301\x00。"
REPAIRED = "标题&副标题，café 与 café。"


def test_fix_repairs_and_reports_every_edit() -> None:
    result = textfix.fix(DAMAGED)
    assert result.text == REPAIRED
    assert result.source == DAMAGED
    assert result.changed
    assert {e.rule for e in result.edits} == {
        "unicode-html-entity", "unicode-zero-width", "mojibake-latin", "unicode-nfc", "unicode-control",
    }
    for e in result.edits:
        assert e.stage in ("mojibake", "unicode") and e.kind == e.stage
        assert e.reason and 0.5 <= e.confidence <= 1.0


def test_clean_text_is_returned_unchanged_with_no_edits() -> None:
    text = "干净的中文“引号”，全角标点（１２３）。Plain ASCII & more; café."
    result = textfix.fix(text)
    assert result.text == text
    assert not result.changed
    assert result.edits == [] and result.steps == []
    assert result.explain() == ""


def test_check_returns_the_edits_fix_would_make() -> None:
    edits = textfix.check(DAMAGED)
    assert [(e.rule, e.before, e.after) for e in edits] == [
        (e.rule, e.before, e.after) for e in textfix.fix(DAMAGED).edits
    ]
    assert textfix.check("clean 文本") == []


def test_check_includes_detect_only_findings() -> None:
    [finding] = textfix.check("stray \x81 byte")
    assert finding.after is None and not finding.fixable


def test_explain_gives_one_line_per_edit_with_source_positions() -> None:
    text = "第一行\n第二行有&amp;实体\n第三\u200b行"
    lines = textfix.explain(text).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("2:5: unicode/unicode-html-entity '&amp;' → '&' (0.95)")
    assert lines[1].startswith("3:3: unicode/unicode-zero-width '\\u200b' → '' ")
    assert textfix.fix(text).explain() == "\n".join(lines)


def test_explain_shows_detect_only_findings_as_no_fix() -> None:
    assert "(no fix)" in textfix.explain("a\x81b")


# --- options ---------------------------------------------------------------

def test_select_limits_to_kind_or_rule() -> None:
    assert textfix.fix(DAMAGED, select=["mojibake"]).text == "标题&amp;副标题\u200b，café 与 cafe\u0301\x00。"
    assert textfix.fix(DAMAGED, select=["unicode-zero-width"]).text == "标题&amp;副标题，cafÃ© 与 cafe\u0301\x00。"
    assert {e.rule for e in textfix.fix(DAMAGED, select=["unicode"]).edits} == {
        "unicode-html-entity", "unicode-zero-width", "unicode-nfc", "unicode-control",
    }


def test_ignore_drops_kind_or_rule() -> None:
    assert textfix.fix(DAMAGED, ignore=["unicode"]).text == "标题&amp;副标题\u200b，café 与 cafe\u0301\x00。"
    result = textfix.fix(DAMAGED, ignore=["unicode-nfc", "mojibake-latin"])
    assert result.text == "标题&副标题，cafÃ© 与 cafe\u0301。"
    assert {e.rule for e in result.edits}.isdisjoint({"unicode-nfc", "mojibake-latin"})


def test_ignore_wins_over_select() -> None:
    assert textfix.fix("a&amp;b", select=["unicode"], ignore=["unicode-html-entity"]).edits == []


def test_min_confidence_drops_less_sure_edits() -> None:
    text = "a\u200bb\x00c"  # zero-width edits are 0.95 sure, control removals 0.90
    assert textfix.fix(text, min_confidence=0.92).text == "ab\x00c"
    assert textfix.fix(text, min_confidence=0.96).text == text
    assert textfix.fix(text, min_confidence=0.0).text == "abc"
    assert all(e.confidence >= 0.92 for e in textfix.fix(text, min_confidence=0.92).edits)


def test_allow_protects_listed_words() -> None:
    text = "AT&amp;T 和 R&amp;D"
    assert textfix.fix(text).text == "AT&T 和 R&D"
    assert textfix.fix(text, allow=["AT&amp;T"]).text == "AT&amp;T 和 R&D"
    assert textfix.fix(text, allow="AT&amp;T,R&amp;D").text == text


def test_options_object_and_keyword_overrides() -> None:
    opts = Options(select=("unicode",), min_confidence=0.96)
    assert textfix.fix("a&amp;b", options=opts).text == "a&amp;b"
    # a keyword argument overrides the options object; None leaves it alone
    assert textfix.fix("a&amp;b", options=opts, min_confidence=0.5).text == "a&b"
    assert textfix.fix("a&amp;b", options=opts, min_confidence=None).text == "a&amp;b"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"script": "simplified"},
        {"script": "HANS"},
        {"min_confidence": 1.5},
        {"min_confidence": -0.1},
        {"min_confidence": float("nan")},
    ],
)
def test_bad_option_values_raise_option_error(kwargs: dict) -> None:
    with pytest.raises(OptionError):
        textfix.fix("text", **kwargs)
    with pytest.raises(OptionError):
        Options(**kwargs)


def test_non_numeric_min_confidence_raises_option_error() -> None:
    with pytest.raises(OptionError):
        Options(min_confidence="high")  # type: ignore[arg-type]


@pytest.mark.parametrize("selector", ["nonexistent", "unicod", "spin-no-such-rule"])
def test_unknown_selectors_are_an_error(selector: str) -> None:
    with pytest.raises(OptionError, match="unknown kind or rule"):
        textfix.fix("text", select=[selector])
    with pytest.raises(OptionError):
        textfix.fix("text", ignore=[selector])


@pytest.mark.parametrize("selector", ["unicode", "unicode-nfc", "unicode-", "spin-*", "mojibake"])
def test_known_selectors_and_prefixes_are_accepted(selector: str) -> None:
    assert textfix.fix("text", select=[selector]).text == "text"


def test_option_error_is_a_value_error() -> None:
    assert issubclass(OptionError, ValueError)


# --- inline ignore marker ----------------------------------------------------

def test_ignore_marker_protects_only_its_line() -> None:
    text = "一&amp;二\n三&amp;四  <!-- textfix: ignore -->\n五&amp;六"
    assert textfix.fix(text).text == "一&二\n三&amp;四  <!-- textfix: ignore -->\n五&六"


def test_ignore_marker_variants() -> None:
    assert textfix.fix("x&amp;y # textfix:ignore").text == "x&amp;y # textfix:ignore"
    # the marker must be a whole word
    assert textfix.fix("x&amp;y textfix: ignored").text == "x&y textfix: ignored"


# --- Result.source_span -------------------------------------------------------

def test_source_span_maps_edits_back_through_earlier_steps() -> None:
    text = "cafÃ© &amp; 中\u200b文"
    result = textfix.fix(text)
    assert [s.stage for s in result.steps] == ["mojibake", "unicode"]
    for e in result.edits:
        start, end = result.source_span(e)
        assert text[start:end] == e.before  # no earlier edit inside these spans
    [zw] = [e for e in result.edits if e.rule == "unicode-zero-width"]
    assert result.source_span(zw) == (text.index("\u200b"), text.index("\u200b") + 1)
    assert result.source_position(zw) == (1, text.index("\u200b") + 1)


def test_source_span_of_edit_on_inserted_text_covers_the_original_span() -> None:
    text = "中&#x200b;文"  # the entity becomes a zero-width space, removed in round 2
    result = textfix.fix(text)
    assert result.text == "中文"
    entity, zw = result.edits
    assert result.source_span(entity) == (1, 9)
    start, end = result.source_span(zw)
    assert 1 <= start <= end <= 9


def test_source_span_rejects_foreign_edit() -> None:
    result = textfix.fix("a&amp;b")
    with pytest.raises(ValueError):
        result.source_span(Edit("unicode", "unicode-nfc", 0, 1, "a", "b", 1.0, ""))


def test_replay_reproduces_the_output() -> None:
    result = textfix.fix(DAMAGED)
    assert textfix.replay(DAMAGED, [s.edits for s in result.steps]) == result.text


# --- overlap resolution -------------------------------------------------------

def _edits() -> list[Edit]:
    return [
        Edit("k", "k-a", 0, 4, "abcd", "W", 0.8, ""),
        Edit("k", "k-b", 2, 6, "cdef", "X", 0.9, ""),
        Edit("k", "k-c", 5, 7, "fg", "Y", 0.9, ""),
        Edit("k", "k-d", 7, 8, "h", "Z", 0.7, ""),
        Edit("k", "k-e", 2, 6, "cdef", "V", 0.9, ""),  # same span and confidence as k-b: rule id breaks the tie
        Edit("k", "k-f", 0, 2, "ab", None, 0.6, ""),  # a finding: always kept
    ]


def test_overlap_resolution_is_deterministic_whatever_the_input_order() -> None:
    results = set()
    for perm in itertools.permutations(_edits()):
        kept = resolve_overlaps([Edit(**e.to_dict()) for e in perm])
        results.add(tuple(e.rule for e in kept))
    assert results == {("k-f", "k-b", "k-d")}
    assert apply_edits("abcdefgh", resolve_overlaps(_edits())) == "abXgZ"


def test_overlap_prefers_confidence_then_length() -> None:
    short_sure = Edit("k", "k-short", 1, 2, "b", "B", 0.95, "")
    long_unsure = Edit("k", "k-long", 0, 3, "abc", "ABC", 0.9, "")
    assert [e.rule for e in resolve_overlaps([long_unsure, short_sure])] == ["k-short"]
    long_sure = Edit("k", "k-long", 0, 3, "abc", "ABC", 0.95, "")
    assert [e.rule for e in resolve_overlaps([short_sure, long_sure])] == ["k-long"]


def test_insertions_at_the_same_point_do_not_both_apply() -> None:
    a = Edit("k", "k-a", 1, 1, "", "x", 0.9, "")
    b = Edit("k", "k-b", 1, 1, "", "y", 0.9, "")
    kept = resolve_overlaps([b, a])
    assert [e.rule for e in kept] == ["k-a"]


def test_apply_edits_rejects_mismatched_before() -> None:
    with pytest.raises(ValueError):
        apply_edits("abc", [Edit("k", "k-x", 0, 1, "z", "y", 1.0, "")])


def test_fix_is_deterministic() -> None:
    runs = {tuple((e.rule, e.start, e.end, e.after) for e in textfix.fix(DAMAGED).edits) for _ in range(3)}
    assert len(runs) == 1


def test_edits_serialise_to_dicts() -> None:
    [e] = textfix.check("a&amp;b")
    d = e.to_dict()
    assert d["rule"] == "unicode-html-entity" and d["before"] == "&amp;" and d["after"] == "&"
    assert Edit(**d) == e


# --- identify_script ------------------------------------------------------------

@pytest.mark.parametrize(
    "text, label",
    [
        ("这是简体中文的句子。", "hans"),
        ("這是繁體中文的句子。", "hant"),
        ("这是简体，這是繁體。", "mixed"),
        ("Hello world", "none"),
        ("中文", "none"),  # the same in both scripts
    ],
)
def test_identify_script_labels(text: str, label: str) -> None:
    assert textfix.identify_script(text).label == label


# --- script option through the API ----------------------------------------------

def test_script_target_converts_and_keep_leaves_single_script_text_alone() -> None:
    trad = "這座城市的歷史很悠久。"
    assert textfix.fix(trad).text == trad  # keep: a wholly Traditional text is not converted
    assert textfix.fix(trad, script="hans").text == "这座城市的历史很悠久。"
    simp = "这座城市的历史很悠久。"
    assert textfix.fix(simp, script="hant").text == trad
    assert textfix.fix(simp, script="hans").edits == []


def test_api_refuses_a_user_dictionary_the_spin_stage_cannot_read(tmp_path):
    # the API used to run without a GBK dictionary and say nothing; the CLI already refused it
    gbk = tmp_path / "spin.tsv"
    gbk.write_bytes("经由过程\t通过\n".encode("gbk"))
    with pytest.raises(textfix.OptionError, match="spin.tsv: spin dictionary is not UTF-8"):
        textfix.fix("经由过程调研。", dictionaries=[str(gbk)])
    with pytest.raises(ValueError, match="thesaurus file not found"):
        textfix.check("经由过程调研。", thesaurus=str(tmp_path / "missing.txt"))
    gbk.write_text("经由过程\t通过\n", encoding="utf-8")  # fixed in place: checked again, now accepted
    assert textfix.fix("经由过程调研。", dictionaries=[str(gbk)]).text == "通过调研。"


def test_config_with_an_unreadable_thesaurus_names_the_config_file(tmp_path):
    from textfix.config import load_config
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text('[tool.textfix]\nthesaurus = "cilin.txt"\n', encoding="utf-8")
    with pytest.raises(textfix.OptionError, match=r"pyproject.toml: .*thesaurus file not found: .*cilin.txt"):
        load_config(cfg)
