"""The script fixer: identification, conversion, naive-conversion repair."""

from __future__ import annotations

import json

import pytest
from conftest import needs_shared, shared_path

import textfix
from textfix.edits import Edit
from textfix.fixers import script as S

def fix(text: str, **kwargs):
    """textfix.fix restricted to the script stage (other stages have their own tests)."""
    kwargs.setdefault("select", ["script"])
    return textfix.fix(text, **kwargs)


NAIVE_CASES = [  # (naive Traditional, phrase-aware Traditional)
    ("我們麵臨很多問題", "我們面臨很多問題"),
    ("這個係統很穩定", "這個系統很穩定"),
    ("建立長效機製", "建立長效機制"),
    ("回顧發展曆程", "回顧發展歷程"),
    ("飲食要有節製", "飲食要有節制"),
    ("房間打掃得很幹淨", "房間打掃得很乾淨"),
    ("她的頭發很長", "她的頭髮很長"),
    ("這隻是開始", "這只是開始"),
    ("我們好瞭，走吧", "我們好了，走吧"),
]


# ---------------------------------------------------------------- identification


@pytest.mark.parametrize(
    "text, label",
    [
        ("这是简体中文，我们的系统很好。", "hans"),
        ("這是繁體中文，我們的系統很好。", "hant"),
        ("Hello, world 123.", "none"),
        ("", "none"),
        ("一群人在床上。", "none"),  # 群, 床 are also Taiwan forms: they decide nothing
        ("南京多云", "hans"),  # no Simplified-only character, but OpenCC's phrases say 多雲
        ("我们的系统。我們的系統。", "mixed"),
    ],
)
def test_identify_labels(text: str, label: str) -> None:
    assert S.identify_script(text).label == label
    assert textfix.identify_script(text).label == label


def test_identify_mixed_spans_and_evidence() -> None:
    text = "我们今天去公园散步。我們今天去公園散步，然後吃飯。"
    r = S.identify_script(text)
    assert r.label == "mixed"
    assert [(s.label, text[s.start : s.end]) for s in r.spans] == [
        ("hans", "我们今天去公园散步。"),
        ("hant", "我們今天去公園散步，然後吃飯。"),
    ]
    assert set(r.evidence["hans"]) == set("们园")
    assert set(r.evidence["hant"]) == set("們園後飯")
    d = r.to_dict()
    assert d["label"] == "mixed" and d["counts"] == {"hans": 2, "hant": 4} and len(d["spans"]) == 2
    assert 0.5 < r.confidence <= 1.0


def test_confidence_grows_with_evidence() -> None:
    assert S.identify_script("这").confidence < S.identify_script("这个问题说来话长").confidence


def test_tables_agree_with_opencc() -> None:
    t = S.tables()
    assert not t.hans & t.hant
    # forms Taiwan/Hong Kong share with Simplified are in neither set
    assert not set("着群峰床户里台了") & (t.hans | t.hant)
    for c in sorted(t.hans)[::97]:  # a sample: Simplified-only means every s2x conversion changes it
        assert all(S.opencc_convert(c, cfg) != c for cfg in ("s2t", "s2tw", "s2hk")), c
    for c in sorted(t.hant)[::97]:
        assert S.opencc_convert(c, "t2s") != c, c


def test_astral_characters_are_counted() -> None:
    t = S.tables()
    astral = sorted(c for c in t.hant if ord(c) > 0xFFFF)
    if astral:
        assert S.identify_script(astral[0] * 3).label == "hant"


# ---------------------------------------------------------------- conversion


def test_convert_targets_and_configs() -> None:
    assert S.convert("头发干净，后台", "hant") == "頭髮乾淨，後臺"
    assert S.convert("头发干净，后台", "hk") == "頭髮乾淨，後台"
    assert S.convert("鼠标", "tw", phrases=True) == "滑鼠"
    assert S.convert("鼠标", "s2twp") == "滑鼠"
    assert S.convert("我們麵臨的係統問題", "hans") == "我们面临的系统问题"
    assert S.convert("好瞭", "hans") == "好了"  # t2s alone would keep 瞭


def test_converter_is_cached() -> None:
    assert S.converter("s2t") is S.converter("s2t")


# ---------------------------------------------------------------- naive conversions


@pytest.mark.parametrize("naive, right", NAIVE_CASES)
def test_naive_conversion_repaired_keeping_traditional(naive: str, right: str) -> None:
    res = fix(naive)
    assert res.text == right
    assert res.edits and all(e.rule == "script-naive-conversion" for e in res.edits)
    assert all(e.confidence >= 0.5 and e.reason for e in res.edits)
    # word-sized spans, not the whole text
    assert all(e.end - e.start <= 4 for e in res.edits)


@pytest.mark.parametrize("naive, right", NAIVE_CASES)
def test_naive_conversion_to_simplified(naive: str, right: str) -> None:
    expected = S.opencc_convert(right, "t2s")
    res = fix(naive, script="hans")
    assert res.text == expected
    assert any(e.rule == "script-naive-conversion" for e in res.edits)


def test_licensed_forms_are_not_flagged() -> None:
    for text in ("我們瞭解了情況", "頭髮很乾淨", "只是一隻鳥", "系統的機制", "颱風來了", "公里以外"):
        assert S.naive_conversion_errors(text) == [], text


def test_round_trip_misses_what_we_find() -> None:
    # 瞭 is valid Simplified too, so t2s keeps it and the round trip sees nothing
    text = "我們好瞭"
    assert S.opencc_convert(S.opencc_convert(text, "t2s"), "s2t") == text
    assert [e.after for e in S.naive_conversion_errors(text)] == ["好了"]


@pytest.mark.parametrize("cfg", ["s2t", "s2tw", "s2hk", "s2twp"])
def test_clean_regional_text_untouched(cfg: str) -> None:
    simp = "我们了解了情况。这里的后台系统很干净，头发只是有点长。台风过后，一群人在里面着急地等待。"
    text = S.opencc_convert(simp, cfg)
    assert fix(text).edits == []
    assert fix(text).text == text


# ---------------------------------------------------------------- the fixer in the pipeline


def test_simplified_untouched_under_keep() -> None:
    text = "我们今天去公园散步，然后吃饭。这是干净的简体中文。\n" * 20
    res = fix(text)
    assert textfix.fix(text[:26]).edits == []  # the whole pipeline, too
    assert res.text == text and res.edits == []


def test_clean_target_script_untouched() -> None:
    assert fix("这是简体中文，没有问题。", script="hans").edits == []
    assert fix("這是繁體中文，沒有問題。", script="hant").edits == []
    assert fix("這裡是臺灣的後臺。", script="tw").edits == []


def test_keep_converts_minority_span() -> None:
    text = "我们今天去公园散步。我們今天去公園散步，然後吃飯。我们的系统很好。"
    res = fix(text)
    assert res.text == "我们今天去公园散步。我们今天去公园散步，然后吃饭。我们的系统很好。"
    assert {e.rule for e in res.edits} == {"script-minority-span"}
    assert all(e.start >= 10 and e.end <= 25 for e in res.edits)  # only inside the Traditional clause


def test_explicit_targets() -> None:
    assert fix("我们的系统很好", script="tw").text == "我們的系統很好"
    assert fix("我們的系統很好", script="hans").text == "我们的系统很好"
    assert fix("這裏是後台", script="tw").text == "這裡是後台"
    res = fix("我们的系统", script="hant")
    assert {e.rule for e in res.edits} == {"script-convert"}
    assert "们→們" in res.explain()


def test_allow_list_and_inline_ignore() -> None:
    res = fix("她的頭發很長，我們麵臨困難", allow=["頭發"])
    assert res.text == "她的頭發很長，我們面臨困難"
    text = "她的頭發很長 textfix: ignore\n我們麵臨困難"
    assert fix(text).text == "她的頭發很長 textfix: ignore\n我們面臨困難"


def test_idempotent() -> None:
    text = "編者按：我們麵臨的係統問題，這隻是開始。幹淨的頭發。"
    for target in ("keep", "hans", "hant", "tw", "hk"):
        once = fix(text, script=target).text
        assert fix(once, script=target).text == once, target


def test_find_never_raises() -> None:
    from textfix.options import Context

    for text in ("\ud800中", "\x00" * 3, "𠀀" * 5, "中" * 1000):
        assert isinstance(S.find(text, Context()), list)


# ---------------------------------------------------------------- shared data


@needs_shared
def test_opencc_testcases_through_convert() -> None:
    path = shared_path("data", "opencc-testcases", "testcases.flat.jsonl")
    checks = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    failed = [c["id"] for c in checks if S.convert(c["input"], c["config"]) != c["expected"]]
    assert len(checks) > 500 and failed == []


@needs_shared
def test_golden_document_through_fix() -> None:
    base = shared_path("data", "opencc-testcases", "golden")
    src = (base / "input" / "us_constitution_zhs.txt").read_text("utf-8")
    exp = (base / "output" / "us_constitution_zhs.s2tw.txt").read_text("utf-8")
    assert fix(src, script="tw").text == exp


@needs_shared
def test_seed_004_to_simplified() -> None:
    seed = sorted(shared_path("seeds").glob("004_*.txt"))[0].read_text("utf-8")
    res = fix(seed, script="hans")
    assert S.tables().hant_rx.findall(res.text) == []
    assert S.opencc_convert(res.text, "t2s") == res.text
    named = {e.before for e in res.edits if e.rule == "script-naive-conversion"}
    assert any("係統" in b for b in named) and any("機製" in b for b in named) and any("麵" in b for b in named)


def test_regional_forms_in_context_aware_text_are_only_hinted() -> None:
    # 宣布 is Taiwan's standard form (OpenCC says 宣佈); the text writes 发 as 發 and 髮
    # by context, so it was not made by a character-by-character converter: 宣布 is a native
    # word there and not even hinted; neither is 計畫 (no converter writes 畫 for the 划 of 计划)
    text = "他昨天宣布了發展計畫，頭髮很乾淨。"
    assert fix(text, min_confidence=0.0).edits == []
    # a character no list calls native, in the same kind of text, is only hinted
    text = "湯太咸了，發展，頭髮很乾淨。"
    assert fix(text).edits == []
    hinted = fix(text, min_confidence=0.3).edits
    assert [e.before for e in hinted] == ["太咸了"]
    assert all(e.confidence < 0.5 and "regional form?" in e.reason for e in hinted)
    # without such evidence the same kind of character is repaired
    assert fix("我們的關系很好").text == "我們的關係很好"


def test_phrase_variant_output_is_a_fixed_point() -> None:
    # s2twp writes 咖哩麵 for 咖喱面; t2s alone gives 咖哩面 back, so only tw2sp explains it
    res = fix("咖喱面 意大利面", script="tw", script_phrases=True)
    assert res.text == "咖哩麵 義大利麵"
    assert fix(res.text, script="tw", script_phrases=True).edits == []
    assert fix(res.text).edits == []


def test_simplified_clause_in_taiwan_document() -> None:
    text = "這裡的系統很好，我們都很喜歡。这里的后台很干净。這裡的人著急。"
    res = fix(text)
    assert res.text == "這裡的系統很好，我們都很喜歡。這裡的後臺很乾淨。這裡的人著急。"  # Taiwan forms (s2tw)
    assert {e.rule for e in res.edits} == {"script-minority-span"}  # not mistaken for naive conversion


def test_stray_characters_inside_a_clause() -> None:
    res = fix("我们今天去公园散步，吃饭後再说。我们的系统很好。")
    assert res.text == "我们今天去公园散步，吃饭后再说。我们的系统很好。"
    res = fix("我們今天去公園散步，然后吃飯。我們的系統很好。")
    assert res.text == "我們今天去公園散步，然後吃飯。我們的系統很好。"


# ---------------------------------------------------------------- array fast paths
# Long texts take numpy paths (identification counts, mixed-document clause sums,
# naive-conversion marks). They must decide exactly what the per-character code decides.

_SIMPLIFIED_LINES = ["我们的系统很稳定，工作进展顺利。", "这个城市的发展历程值得回顾。",
                     "今天天气很好，大家都去公园散步。", "面临很多问题，需要认真研究解决。"]
_TRADITIONAL_LINES = ["我們麵臨很多問題，需要認真研究。", "這個係統很穩定，運行多年。",
                      "建立長效機製，回顧發展曆程。", "她的頭發很長，房間打掃得很幹淨。"]


def _long_mixed_text() -> str:
    lines = []
    for i in range(120):  # > 64 clauses and > 1024 characters: the array paths engage
        pool = _TRADITIONAL_LINES if i % 7 == 3 else _SIMPLIFIED_LINES
        lines.append(pool[i % len(pool)])
    return "\n".join(lines) + "\n"


def _edit_tuples(edits):
    return [(e.rule, e.start, e.end, e.before, e.after, round(e.confidence, 6)) for e in edits]


def test_identification_without_numpy_matches_array_path(monkeypatch):
    text = _long_mixed_text()
    with_np = S.identify_script(text)
    monkeypatch.setattr(S, "_np", None)
    without = S.identify_script(text)
    assert (without.label, without.hans, without.hant) == (with_np.label, with_np.hans, with_np.hant)


def test_mixed_document_repair_without_numpy_matches_array_path(monkeypatch):
    text = _long_mixed_text()
    with_np = fix(text, script="hans")
    assert with_np.edits, "the Traditional clauses must be converted"
    monkeypatch.setattr(S, "_np", None)
    without = fix(text, script="hans")
    assert without.text == with_np.text
    assert _edit_tuples(without.edits) == _edit_tuples(with_np.edits)


def test_naive_errors_within_spans_equal_full_call_inside_them():
    text = "\n".join(_TRADITIONAL_LINES * 20)
    full = S.naive_conversion_errors(text)
    assert full
    spans = [(0, len(_TRADITIONAL_LINES[0])), (len(text) // 2, len(text) // 2 + 40)]
    inside = lambda e: any(a <= e.start and e.end <= b for a, b in spans)
    limited = S.naive_conversion_errors(text, within=spans)
    assert [e for e in full if inside(e)], "the spans must hold some of the edits"
    assert _edit_tuples([e for e in limited if inside(e)]) == _edit_tuples([e for e in full if inside(e)])


def test_damaged_clause_is_not_a_script_error():
    # Japanese UTF-8 read as Shift-JIS with errors='replace': the CJK characters are codec
    # accidents, so 怜 must not be "repaired" to 憐 as a naive conversion.
    damaged = "文字化け".encode().decode("shift_jis", "replace")
    assert "\ufffd" in damaged and "怜" in damaged
    assert not [e for e in textfix.fix(damaged).edits if e.kind == "script"]
    # the same naive conversion in an undamaged clause is still repaired
    assert textfix.fix("我們麵臨的係統問題").text == "我們面臨的系統問題"


def test_opencc_greedy_phrase_is_not_taken_for_the_truth():
    # OpenCC matches 年历 (calendar) first in 数千年历史 and writes 數千年曆史; the text's
    # 歷 is what the word 历史 converts to, so it is not a naive conversion
    for text in ("在中國數千年歷史上，", "共和國歷史上承前啟後", "他是只能這樣做。"):
        assert not [e for e in textfix.check(text) if e.rule == "script-naive-conversion"], text
    # a real naive pick next to such a word is still repaired
    assert textfix.fix("數千年歷史的關系").text == "數千年歷史的關係"


# ---------------------------------------------------------------- native Taiwan/Hong Kong words


def test_native_word_list_is_selected_by_use_not_noise() -> None:
    words = S.native_words()
    # regional standard forms OpenCC's s2t does not write
    assert {"計畫", "了解", "據了解", "宣布", "凶殺", "提昇", "回歸", "周年"} <= words
    # naive-conversion errors, although the training lists have some of them
    assert not {"關系", "聯系", "機製", "頭發", "係統", "麵臨", "之后"} & words
    assert all(len(w) >= 2 for w in words)


def test_native_words_stay_in_text_that_reads_as_native() -> None:
    for text in ["據了解，這是為了大家", "他宣布為期三天的活動", "上周五，他們為此開會"]:
        assert fix(text, min_confidence=0.0).edits == [], text
    # 畫 is no form of 划 (计划): only native writers put it in 計畫, whatever the rest says
    assert fix("計畫很好", min_confidence=0.0).edits == []


def test_native_looking_words_in_converter_output_are_still_repaired() -> None:
    # the same word beside an inherited converter form (爲), or without any sign of native text
    assert fix("據了解，這是爲了大家").text == "據瞭解，這是爲了大家"
    assert fix("據了解，他看着我們，為此").text == "據瞭解，他看着我們，為此"  # 着: Taiwan/Hong Kong write 著
    assert fix("宣布開會").text == "宣佈開會"
    # a real naive conversion in the line: its regional-looking words are converter output too
    assert fix("據了解，為了係統穩定").text == "據瞭解，為了系統穩定"
    # errors that are not on the list are repaired in native-looking text
    assert fix("為了建立長效機製").text == "為了建立長效機制"
    assert fix("因為我們的關系很好").text == "因為我們的關係很好"
    assert fix("為了她的頭發").text == "為了她的頭髮"


def test_native_withdrawal_is_a_fixed_point() -> None:
    for text in ["據了解，為了係統穩定", "宣布開會。\n他宣布為期三天的活動", "計畫，麵臨"]:
        once = textfix.fix(text).text
        assert textfix.fix(once).text == once


@needs_shared
def test_native_traditional_text_is_rarely_flagged() -> None:
    # SIGHAN 2005 AS (Taiwan) test gold; the word list was built from the training word lists only
    lines = [ln.replace("\u3000", "").strip() for ln in
             shared_path("data", "corpus", "sighan2005", "as_testing_gold.utf8").read_text("utf-8-sig").splitlines()]
    lines = [ln for ln in lines if ln][:4000]
    docs = ["\n".join(lines[k : k + 20]) for k in range(0, len(lines), 20)]
    chars = sum(map(len, docs))
    flags = sum(len(textfix.check(d, select=["script"])) for d in docs)
    assert flags * 1e4 / chars < 17  # 23 per 10k characters before the native list


def test_usual_native_variants_count_as_native_words() -> None:
    # 周 where OpenCC writes 週 is a usual Taiwan/Hong Kong variant (training word lists: variant
    # rows of script_native.tsv), so 一周 reads as native beside a regional form, like a listed word
    assert "週周" in S.native_variants() and "面麵" not in S.native_variants()
    assert fix("他們休息一周，因為太累", min_confidence=0.0).edits == []
    # no sign of native text: a character converter writes 周 for 周 too
    assert fix("他們休息一周").text == "他們休息一週"
    # a real naive conversion in the line still keeps it
    assert fix("他們休息一周，因為係統太舊").text == "他們休息一週，因為系統太舊"


def test_context_dependent_pick_is_native_evidence() -> None:
    # 髮 and 乾 are not the default forms of 发 and 干: written where they belong, they show a
    # writer (or a phrase-aware converter), not a character-by-character one
    assert fix("據了解，她的頭髮很乾淨", min_confidence=0.0).edits == []
    assert fix("據了解，他們很好").text == "據瞭解，他們很好"  # no evidence either way: flagged
    assert fix("據了解，她的頭髮很乾淨，爲此").text == "據瞭解，她的頭髮很乾淨，爲此"  # 爲: converter output
    # the wrong form next to it is no such evidence, and is itself repaired
    assert fix("據了解，她的頭發很乾淨").text == "據瞭解，她的頭髮很乾淨"


# ---------------------------------------------------------------- Japanese inside Chinese text


@pytest.mark.parametrize("text", [
    "東京の駅で三塚博さんに会った。",  # a Japanese line: kana in the clause
    "这是日文：東京駅の広場で会いましょう。我们明天见。",  # a Japanese sentence quoted in Simplified text
    "東京、大阪などを訪問した。我们知道。",  # 東京、 has no kana, but its sentence does
    "他在東京駅等我们，然后一起去吃饭。",  # 駅 is a Japanese-only form: 東京駅 is a Japanese word
    "他们去了広島和長崎。",  # 広: 広島和長崎 are not Traditional Chinese, 们 stays Simplified
])
def test_japanese_is_not_converted(text: str) -> None:
    assert fix(text, min_confidence=0.0).edits == [], text
    assert textfix.fix(text).text == text


def test_traditional_clause_beside_japanese_is_still_converted() -> None:
    # a sentence end separates the Japanese sentence from the next, Chinese one
    text = "東京駅の広場で会いましょう。我們今天去公園散步，然後吃飯。我们的系统很好。我们明天见。"
    assert fix(text).text == "東京駅の広場で会いましょう。我们今天去公园散步，然后吃饭。我们的系统很好。我们明天见。"
    # ... and 駅 marks only its own word
    text = "他在東京駅等我们。我們今天去公園散步，然後吃飯。我们的系统很好，这个问题说来话长。"
    assert fix(text).text == "他在東京駅等我们。我们今天去公园散步，然后吃饭。我们的系统很好，这个问题说来话长。"


def test_lone_variant_in_simplified_text_is_only_a_hint() -> None:
    # 塚 is only another form of 冢 (which Traditional text writes too): alone in Simplified
    # text it is a name's own character, not a Traditional clause
    text = "据报道，大藏大臣三塚博今天表示，将继续推动改革。"
    assert fix(text).text == text
    hinted = fix(text, min_confidence=0.3).edits
    assert [(e.before, e.after) for e in hinted] == [("塚", "冢")] and hinted[0].confidence < 0.5
    # an explicit Simplified target still converts it
    assert fix(text, script="hans").text == text.replace("塚", "冢")
    # a variant that completes a common word with its Simplified form is that word's leftover
    assert fix("我们的关係很好，大家都知道。").text == "我们的关系很好，大家都知道。"
    # and 後 is no variant (后's Traditional form is 後): a stray 後 is converted
    assert fix("我们今天去公园散步，吃饭後再说。").text == "我们今天去公园散步，吃饭后再说。"


# ---------------------------------------------------------------- quotations


def test_quoted_traditional_name_does_not_decide_the_document() -> None:
    # two Traditional characters in a quoted name outnumber the author's one Simplified 员;
    # the author's own text is all Simplified, so the quotation is the minority
    text = "他的名字叫「劉德華」，是香港演员。"
    assert fix(text).text == "他的名字叫「刘德华」，是香港演员。"
    assert fix(text, script="hans").text == "他的名字叫「刘德华」，是香港演员。"
    text = "报道引用了《聯合報》的说法：「政府將會檢討，並於下周公布結果」，我们拭目以待。"
    assert fix(text).text == "报道引用了《联合报》的说法：「政府将会检讨，并于下周公布结果」，我们拭目以待。"
    # Traditional text quoting a Simplified title keeps its own script too
    assert fix("他說「我们的系统」這個名字，我們都聽過。").text == "他說「我們的系統」這個名字，我們都聽過。"


def test_quoted_name_is_converted_whole_or_not_at_all() -> None:
    es = [Edit("script", "script-minority-span", 1, 2, "劉", "刘", 0.9, ""),
          Edit("script", "script-minority-span", 3, 4, "華", "华", 0.45, ""),
          Edit("script", "script-minority-span", 8, 9, "們", "们", 0.9, "")]
    out = S._whole_quotes(es, [(0, 5)])
    assert [e.confidence for e in out] == [0.45, 0.45, 0.9]
    for text in ["我们读了《戰爭與和平》这本书，觉得很好。", "台湾歌手「張惠妹」昨天来北京演出，观众很多。"]:
        res = fix(text)
        assert S.tables().hant_rx.findall(res.text) == [], res.text  # every character of the title converted
        assert len({e.confidence for e in res.edits}) == 1


def test_non_default_native_form_needs_no_regional_mark() -> None:
    # 昇 is a Traditional form of 升 but not its default one: no character converter's usual
    # pick, so 提昇 (a native word) goes even in a short line with no regional form
    assert S._default_forms("升") == frozenset("升")
    assert fix("品質提昇很多", min_confidence=0.0).edits == []
    # but not beside a real naive conversion, nor in text with an inherited converter form
    assert fix("品質提昇很多，係統也好").text == "品質提升很多，系統也好"
    assert fix("品質提昇很多，爲此").text == "品質提升很多，爲此"
    # 宣布 writes 布 for 布, what converters give it by default: it still needs native evidence
    assert fix("宣布開會").text == "宣佈開會"


@pytest.mark.parametrize("text", [
    "他在東京駅等我们。我們今天去公園散步，然後吃飯。我们的系统很好，这个问题说来话长。",
    "他的名字叫「劉德華」，是香港演员。",
    "据报道，大藏大臣三塚博今天表示，将继续推动改革。",
    "據了解，她的頭髮很乾淨。\n他們休息一周，因為太累。\n品質提昇很多",
])
def test_new_rules_are_fixed_points(text: str) -> None:
    for target in ("keep", "hans", "tw"):
        once = textfix.fix(text, script=target).text
        assert textfix.fix(once, script=target).text == once, target
