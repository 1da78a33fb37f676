"""Tests of the spin (伪原创) fixer, its learner and its context model."""

from __future__ import annotations

import json

import pytest

import textfix
from textfix.edits import Edit, apply_edits
from textfix.fixers import spin, spin_learn
from textfix.fixers.spin_model import model, word_model
from textfix.options import Context, Options

from conftest import needs_shared, shared_path

SPUN = "经由过程设置装备摆设文件可以或许启动效劳器，然则必须先点窜默许端心。"
CLEAN = "通过配置文件能够启动服务器，但是必须先修改默认端口。"


def _spin_edits(text: str, **opts) -> list:
    return [e for e in spin.find(text, Context(options=Options(**opts))) if e.fixable]


def test_reverts_unambiguous_markers():
    out = apply_edits(SPUN, _spin_edits(SPUN))
    assert "经由过程" not in out and "设置装备摆设" not in out and "效劳器" not in out
    assert out.startswith("通过") and "服务器" in out and "但是" in out


def test_clean_text_untouched():
    assert spin.find(CLEAN, Context()) == []
    assert textfix.fix(CLEAN).text == CLEAN


def test_single_accidental_marker_does_not_flag():
    # 一样平常 ("as ordinary as") and 哄骗 ("to fool") are real words; one of them alone is no spinning
    text = "加载已发布的检查点则像过个周二一样平常。比较容易哄骗几个好奇的人。"
    assert spin.find(text, Context()) == []


def test_protected_word_not_touched():
    text = "他平易近人。" + SPUN
    edits = _spin_edits(text)
    assert all(not (e.start < 5 and e.end > 1) for e in edits)
    assert apply_edits(text, edits).startswith("他平易近人。")


def test_idempotent():
    once = textfix.fix(SPUN).text
    assert once != SPUN
    assert textfix.fix(once).text == once


def test_explain_carries_evidence():
    r = textfix.fix(SPUN, select=["spin-marker", "spin-context", "spin-document"])
    marker = next(e for e in r.edits if e.rule == "spin-marker" and e.before == "经由过程")
    assert marker.evidence["grade"] == "unambiguous"
    assert "context_delta" in marker.evidence and "dictionary" in marker.evidence
    assert "spin_curated" in r.explain()


def test_ambiguous_form_decided_by_context():
    text = "经由过程设置装备摆设文件，可以或许对服务举行设置装备摆设，然则须要留意。"
    edits = {e.before: e for e in _spin_edits(text)}
    assert edits["举行"].after == "进行" and edits["举行"].rule == "spin-context"
    assert "margin" in edits["举行"].evidence


def test_user_dictionary(tmp_path):
    d = tmp_path / "mine.tsv"
    d.write_text("# my spinner\n奇异词汇\t普通词汇\n", encoding="utf-8")
    text = SPUN + "这是奇异词汇。"
    spin.tables.cache_clear()
    edits = _spin_edits(text, dictionaries=(str(d),))
    assert any(e.before == "奇异词汇" and e.after == "普通词汇" for e in edits)


def test_score_and_decision():
    assert spin.spin_score([(0, 4, "经由过程"), (5, 7, "下层")]) == (1.6, 2)
    assert not spin.is_spun(0.6, 1, 0)
    assert spin.is_spun(1.0, 1, 1)


def _learn(tmp_path, rows: list[dict], clean_text: str):
    """Run the learner on ``rows`` (spun/original pairs) with ``clean_text`` as the clean corpus;
    (its stats, the path of the learned dictionary)."""
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text(clean_text, encoding="utf-8")
    out = tmp_path / "d.tsv"
    return spin_learn.learn(pairs, out, clean), out


def test_learner_aligns_word_pairs(tmp_path):
    rows = [{"spun": "我们经由过程设置装备摆设文件启动", "original": "我们通过配置文件启动"},
            {"spun": "社区工做现实很好", "original": "社区工作实际很好"}]
    stats, out = _learn(tmp_path, rows, "通过配置文件启动。社区工作实际很好。现实\n")
    assert stats["pairs"] == 2 and stats["entries"] >= 2
    rows = {l.split("\t")[0]: l.split("\t") for l in out.read_text(encoding="utf-8").splitlines()
            if l and not l.startswith("#") and not l.startswith("spun\t")}
    # a difference covering two words is split at the known (curated) spun forms
    assert rows["经由过程"][1] == "通过" and rows["经由过程"][5] == "unambiguous"
    assert rows["设置装备摆设"][1] == "配置"
    assert rows["工做"][1] == "工作"
    # the learned file is a valid dictionary for the fixer
    assert any(e.spun == "工做" for e in spin.parse_dictionary(out.read_text(encoding="utf-8").splitlines(), "t"))


def test_learner_skips_forms_the_authors_use(tmp_path):
    # 包括→包含 is aligned once, but the originals write 包含 themselves twice: a two-way swap or
    # alignment noise, not a table row (the fixer would rewrite the authors' 包含); 工做 stays
    rows = [{"spun": "文件包含注释", "original": "文件包括注释"},
            {"spun": "代码包含测试", "original": "代码包含测试"},
            {"spun": "类包含方法，工做", "original": "类包含方法，工作"}]
    stats, out = _learn(tmp_path, rows, "文件包括注释。工作\n")
    forms = {l.split("\t")[0] for l in out.read_text(encoding="utf-8").splitlines()
             if l and not l.startswith("#") and not l.startswith("spun\t")}
    assert "工做" in forms and "包含" not in forms
    assert stats["dropped_authored"] == 1


def test_align_regions_ignore_single_shared_character():
    assert list(spin_learn.align_pairs("使用设置装备摆设", "使用建设")) == [("设置装备摆设", "建设")]


def test_word_model_side_without_a_word_is_no_evidence():
    # a neighbour that is no word (punctuation, a line break, a spun form) is passed as None: that side
    # adds nothing, whatever the candidates' own counts (an unseen candidate included)
    wm = word_model()
    assert wm.pmi(None, "进行", None, ["举行", "从未见过词"]) == {"举行": 0.0, "从未见过词": 0.0}
    left_only = wm.pmi("隆重", "进行", None, ["举行"])["举行"]
    assert left_only > 0
    assert left_only == pytest.approx(wm.pmi("隆重", "进行", "会议", ["举行"])["举行"] - wm.pmi(None, "进行", "会议", ["举行"])["举行"])


def test_weak_occurrence_is_reverted_only_where_the_document_confirms_the_replacement():
    def ctx_edit(start, before, after, margin):
        return Edit("spin", "spin-context", start, start + len(before), before, after, 0.6, "",
                    evidence={"margin": margin})

    weak = [(-0.7, ctx_edit(20, "凡是", "通常", -0.7)), (0.5, ctx_edit(30, "应当", "应该", 0.5))]
    sure = [ctx_edit(0, "凡是", "通常", spin.CONFIRMED_MARGIN), ctx_edit(10, "应当", "应当", 9.0)]
    got = spin._confirmed_elsewhere(sure, weak)
    # 凡是→通常 is confirmed; 应当→应该 is not (another replacement of the form is no confirmation)
    assert [(e.start, e.after) for e in got] == [(20, "通常")]
    assert got[0].evidence["confirmed_elsewhere"] and got[0].evidence["margin"] == round(-0.7 + spin.CONFIRMED_BONUS, 2)
    # a replacement decided by less than CONFIRMED_MARGIN confirms nothing
    unsure = [ctx_edit(0, "凡是", "通常", spin.CONFIRMED_MARGIN - 0.1)]
    assert spin._confirmed_elsewhere(unsure, [(-0.7, ctx_edit(20, "凡是", "通常", -0.7))]) == []


def test_second_pass_reads_a_form_next_to_its_reverted_neighbour():
    # 大众 is judged before its neighbour 办事→服务 is decided: next to 办事 the context is no help;
    # next to 服务 (the second pass) 公共服务 wins
    spun = "经由过程设置装备摆设文件可以或许启动效劳器。民政局等部门结合发文，提升了大众办事。"
    edits = [e for e in spin.find(spun, Context()) if e.fixable]
    assert apply_edits(spun, edits).endswith("民政局等部门联合发文，提升了公共服务。")
    assert [e.before for e in edits if e.evidence.get("second_pass")] == ["大众"]


def test_context_model():
    m = model()
    assert m.count("进行") > m.count("举行") > 0
    assert m.score("召开", "会议", "。") > m.score("召开", "会义", "。")


@needs_shared
def test_clean_dev_has_no_edits():
    for line in shared_path("data", "spin", "clean_dev.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        assert _spin_edits(rec["text"]) == [], rec["id"]


@needs_shared
def test_seed002_mostly_restored():
    from rapidfuzz.distance import Levenshtein

    spun = shared_path("data", "spin", "seed002.spun.txt").read_text(encoding="utf-8")
    gold = shared_path("data", "spin", "seed002.gold.txt").read_text(encoding="utf-8")
    fixed = apply_edits(spun, _spin_edits(spun))
    assert Levenshtein.distance(fixed, gold) < 0.7 * Levenshtein.distance(spun, gold)


def test_markup_broken_marker_is_reverted():
    text = "直接经**由过程数组的下标设置值。" + SPUN
    edits = _spin_edits(text)
    fz = [e for e in edits if e.rule == "spin-fuzzy"]
    assert fz and fz[0].before == "经**由过程" and fz[0].after == "通过"
    assert not any(e.before == "过程" for e in edits)


def test_phrase_lexicon_chooses_between_originals():
    # 设置装备摆设 stands for 配置 or 建设: 配置文件 is a known phrase
    text = "经由过程设置装备摆设文件可以或许启动效劳器。"
    e = next(e for e in _spin_edits(text) if e.before == "设置装备摆设")
    assert e.after == "配置"


def test_spun_block_inside_clean_page_only():
    clean_part = ("今天天气很好，我们一起去公园散步，看到很多人在锻炼身体。" * 120) + "\n"
    text = clean_part + SPUN + "\n" + clean_part
    edits = _spin_edits(text)
    assert edits and all(len(clean_part) <= e.start < len(clean_part) + len(SPUN) for e in edits)


def test_char_swap_rule():
    text = SPUN + "社区工做很好。"
    e = next(e for e in _spin_edits(text) if e.before == "工做")
    assert e.after == "工作"


def test_never_raises_on_odd_input():
    for t in ("", "\n\n", "经由过程", "\ud800经由过程设置装备摆设可以或许", "a" * 1000):
        assert isinstance(spin.find(t, Context()), list)


def test_table_entries_decided_by_context():
    # 成绩/一路/处理 are real words and also the spinner's forms of 问题/一起/解决:
    # reverted where the context asks for the original, left alone where they are meant
    text = SPUN + "那个成绩的缘故原由很简单，我们一路讨论后很快处理了。"
    out = apply_edits(text, _spin_edits(text))
    assert out.endswith("这个问题的原因很简单，我们一起讨论后很快解决了。")
    genuine = SPUN + "他的考试成绩很好。"
    assert apply_edits(genuine, _spin_edits(genuine)).endswith("他的考试成绩很好。")


def test_real_words_in_curated_table_are_never_markers():
    # a real word (or a string spanning real words, 匆匆进入) is graded ambiguous by the curator
    tab = spin.tables()
    for form in ("孕育发生", "匆匆进", "办理员", "暗示", "甚么"):
        assert form in tab.entries and not tab.entries[form].unambiguous, form
    assert spin.find("他匆匆进入会场，研究地震孕育发生的规律。", Context()) == []


def test_thesaurus_candidates_keep_length_and_a_shared_character():
    cands = spin._thesaurus_candidates("建立", ("建设", "树立", "成立了", "创立", "建树"))
    assert "成立了" not in cands and "建设" in cands
    assert all(len(c) == 2 and set(c) & set("建立") for c in cands)


def test_user_thesaurus_decided_by_context_and_consistency(tmp_path):
    th = tmp_path / "cilin.txt"
    th.write_text("Ka01A01= 大力 鼎力 努力\n", encoding="utf-8")
    text = SPUN + "我们要鼎力发展经济，鼎力支持创新。"
    edits = [e for e in _spin_edits(text, thesaurus=str(th)) if e.rule == "spin-thesaurus"]
    assert edits and all((e.before, e.after) == ("鼎力", "大力") for e in edits)
    assert edits[0].evidence["margin"] >= spin.CONTEXT_MARGIN
    # the document already uses 大力: a spinner would have rewritten it, so 鼎力 is meant
    text2 = text + "大力推广。"
    assert not [e for e in _spin_edits(text2, thesaurus=str(th)) if e.rule == "spin-thesaurus"]


def test_word_model_sees_whole_neighbouring_words():
    from textfix.fixers.spin_model import left_word, right_word, word_model, words

    wm, vocab = word_model(), words()
    assert wm.score("隆重", "举行", "会议") > wm.score("隆重", "进行", "会议")
    assert wm.score("经济", "发展", "的") > wm.score("经济", "开展", "的")
    assert left_word("我们隆重", vocab) == "隆重" and right_word("会议。", vocab) == "会议"
    assert left_word("", vocab) == "<s>" and right_word("", vocab) == "</s>"


def test_learner_widens_one_character_substitutions():
    # 都会→都邑 rewrites one character; 邑 alone is too common to learn, the bigram is a marker
    pairs = list(spin_learn.align_pairs("它们都邑被执行", "它们都会被执行"))
    assert pairs == [("都邑", "都会")]
    # widened only when the original bigram is common and the spun one rare in clean text
    assert spin_learn._widen_single("甲乙", "甲丙", 1, 1) == ("乙", "丙")
    # a one-character part of a split difference is widened in place too
    assert ("都邑", "都会") in list(spin_learn.align_pairs("完它都邑被履行", "完它都会被执行", known={"邑": ["会"]}))


def test_learner_learns_the_word_that_changed_inside_a_set_phrase():
    # jieba keeps 尤为重要 whole; the spinner rewrote 重要 (→首要), which it does in any context
    assert list(spin_learn.align_pairs("这一点尤为首要。", "这一点尤为重要。")) == [("尤为首要", "尤为重要"), ("首要", "重要")]
    assert ("推敲", "考虑") in list(spin_learn.align_pairs("请推敲一下。", "请考虑一下。"))
    # 工作者 is one word for jieba: the two-character word inside it is learned too
    assert list(spin_learn.align_pairs("社区工做者", "社区工作者")) == [("工做者", "工作者"), ("工做", "工作")]
    # a two-character pair is the word itself: nothing more to learn
    assert list(spin_learn.align_pairs("社区工做", "社区工作")) == [("工做", "工作")]


def test_phrase_memo_answers_like_the_plain_lookup():
    # the shipped lexicon's answers are memoised per (3 left, word, 3 right) characters;
    # a copy of the lexicon takes the unmemoised path: both must agree, also on repeats
    from textfix.fixers.spin_model import in_phrase, phrases

    lex = phrases()
    copy = frozenset(lex)
    cases = [("我们修改", "配置", "文件夹"), ("修改", "建设", "文件"), ("", "配置", "文件"),
             ("的", "配置", ""), ("很长的上下文里修改", "配置", "文件和其他"), ("修改", "配置", "文件"),
             ("", "配置", "文字")]  # shares 配置文 with the cases above, but is no phrase
    first = [in_phrase(l, w, r, lex) for l, w, r in cases]
    assert first == [in_phrase(l, w, r, copy) for l, w, r in cases]
    assert first == [in_phrase(l, w, r, lex) for l, w, r in cases]
    assert first[0] and not first[1] and first[2] and first[4] and not first[6]


def test_char_swap_needs_a_rare_two_character_string():
    # 体造 (never a word) is swapped back to 体制 (造→制 as in 机造); 编造, a real word with
    # the same character, is left alone
    swaps = [(e.before, e.after) for e in _spin_edits(SPUN + "我们的体造很好。") if e.rule == "spin-char"]
    assert swaps == [("体造", "体制")]
    assert not [e for e in _spin_edits(SPUN + "我们的编造很好。") if e.rule == "spin-char"]


def test_char_model_memos_stay_bounded():
    from textfix.fixers.spin_model import CharModel

    m = CharModel({"会": 5, "议": 3, "会议": 3}, 100)
    m.CACHE_MAX = 50
    first = m.logprob("召开", "会")
    for i in range(400):  # many distinct histories and words, as a long-running process sees
        m.logprob(chr(0x4E00 + i) * 2, chr(0x4E00 + 2 * i))
        m.score(chr(0x4E00 + i), chr(0x4E00 + 3 * i), "")
        assert len(m._cache) <= m.CACHE_MAX and len(m._scores) <= m.CACHE_MAX
    assert m.logprob("召开", "会") == first  # recomputed the same after a clear


def test_char_swap_inside_a_longer_word():
    # 总收 is a string of its own (总收入), so only the three-character word shows the swap
    # (支→收 as in 收部): 党总收 is no word and 党总支 is one in jieba's list
    text = SPUN + "社区党总收书记召开会议。"
    swaps = [(e.before, e.after) for e in _spin_edits(text) if e.rule == "spin-char"]
    assert swaps == [("党总收", "党总支")]
    # the real word is left alone, and so is the same sentence outside a spun text
    assert not [e for e in _spin_edits(SPUN + "社区党总支书记召开会议。") if e.rule == "spin-char"]
    assert spin.find("社区党总收书记召开会议。", Context()) == []


def test_a_marker_inside_a_longer_word_in_place_is_kept():
    # 住民 is the spun form of 居民, but 原住民 (a jieba word holding it) is a real word: in a
    # spun passage 原住民 stays, while 住民 on its own is reverted; no one-character swap either
    text = "经由过程号令行可以或许启动效劳器。台湾原住民的文化与社区住民的生活，咱们须要掩护原住民的传统。"
    fixed = textfix.fix(text).text
    assert fixed.count("原住民") == 2 and "原居民" not in fixed
    assert "社区居民" in fixed and fixed.startswith("通过命令行能够启动服务器")


def test_regional_words_are_no_markers_in_traditional_text():
    # 住民, 不雅, 感應 are words of Taiwan / Hong Kong writing: in a Traditional paragraph they are
    # no evidence of spin; the same forms in Simplified text stay markers
    trad = "這些住民的舉止並不雅觀，大家感應很無奈。"
    assert not [e for e in _spin_edits(trad)]
    assert {"住民", "不雅", "感应"} <= spin.regional_words()
    regional = spin.tables((), True)
    assert not regional.entries["住民"].unambiguous and regional.entries["住民"].regional
    assert spin.tables().entries["住民"].unambiguous
    # a spun Traditional document is still found and repaired
    spun = "經由過程號令行可以或許啟動效勞器，咱們須要設置裝備擺設這個法式。"
    fixed = textfix.fix(spun).text
    assert fixed.startswith("通過命令行能夠啟動服務器")
