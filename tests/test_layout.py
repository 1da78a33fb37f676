"""The layout fixer: duplicate paragraphs, broken lines, keyword stuffing.

The texts below are written for these tests (not copied from the shared data),
except for a few short snippets of seed 004 in the ``needs_shared`` tests.
"""

from __future__ import annotations

import doctest
import random

import pytest
from conftest import hard_wrap, needs_shared, shared_path

import textfix
from textfix.edits import apply_edits
from textfix.fixers import layout, linebreaks
from textfix.options import Context

P1 = "春天来了，公园里的花陆续开放，许多市民带着家人来到湖边散步，孩子们在草地上放风筝，老人们坐在长椅上聊天，享受着温暖的阳光。"
P2 = "据管理处介绍，今年公园新增了三条步道和两处休息区，还在入口处设置了自助服务点，方便游客查询路线和借用雨具。"
P3 = "不少游客表示，周末来这里走一走，既能锻炼身体，又能放松心情，是城市生活中难得的好去处。"

LIBRARY = (
    "去年秋天，青石镇图书馆完成了改造，馆内新增了儿童阅览区和自习室。馆长介绍说，改造资金主要来自县里的专项补助，也有不少居民主动捐书。"
    "开馆第一周，前来借书的人比往年多了一倍，周末的座位常常不够用。为了方便上班族，图书馆把闭馆时间推迟到晚上九点，还开通了网上预约服务。"
    "许多老人也学会了用手机查找新书，年轻志愿者每周两次到馆里帮助他们。镇里还计划在三个村设立流动借书点，让偏远地区的孩子也能读到新书。"
)
KEYWORDS = ["文化", "幸福", "和谐", "家园"]


def run(text: str) -> list:
    """Both layout stages on the same text: line joins (the first stage) and the rest."""
    return linebreaks.find(text, Context()) + layout.find(text, Context())


def fixed(text: str) -> str:
    return apply_edits(text, run(text))


def stuff(text: str, words: list[str], every: int = 1) -> tuple[str, set[int]]:
    """Insert ``words`` in rotation after commas, full stops and 的; return the text and the insertion offsets."""
    out: list[str] = []
    spots: set[int] = set()
    k = n = 0
    for i, ch in enumerate(text):
        out.append(ch)
        if ch in "，。的" and i + 1 < len(text) and text[i + 1] not in "，。":
            n += 1
            if n % every == 0:
                spots.add(sum(map(len, out)))
                out.append(words[k % len(words)])
                k += 1
    return "".join(out), spots


def wrap(text: str, width: int = 20) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def test_module_contract():
    assert layout.NAME == "layout"
    assert set(layout.KINDS) == {"layout", "spin"}
    assert all(rule.split("-")[0] in layout.KINDS for rule in layout.RULES)
    assert doctest.testmod(layout).failed == 0


@pytest.mark.parametrize("text", ["", "短", "标题\n\n正文。\n", P1, P1 + "\n" + P2 + "\n\n" + P3 + "\n", LIBRARY])
def test_clean_text_is_untouched(text):
    assert run(text) == []
    assert textfix.fix(text).text == text


# --- duplicate paragraphs ---------------------------------------------------------------


def test_adjacent_duplicate_removed_keeping_first():
    text = "标题\n\n" + P1 + "\n\n" + P1 + "\n\n" + P2 + "\n"
    edits = run(text)
    assert [e.rule for e in edits] == ["layout-duplicate-paragraph"]
    assert edits[0].confidence >= 0.9 and edits[0].evidence["match"] == "exact"
    assert fixed(text) == "标题\n\n" + P1 + "\n\n" + P2 + "\n"


def test_duplicate_last_paragraph_takes_separator_before_it():
    text = P1 + "\n\n" + P2 + "\n\n" + P1 + "\n"
    assert fixed(text) == P1 + "\n\n" + P2 + "\n"


def test_truncated_teaser_before_full_paragraph_removed():
    teaser = P1[:45]
    text = "核心提示\n" + teaser + "\n" + P1 + "\n" + P2 + "\n"
    edits = run(text)
    assert [(e.rule, e.evidence["match"]) for e in edits] == [("layout-duplicate-paragraph", "prefix")]
    assert fixed(text) == "核心提示\n" + P1 + "\n" + P2 + "\n"


def test_truncated_copy_whose_cut_word_was_rewritten():
    # a later stage rewrote the half word at the cut differently in the two copies
    teaser = P1[:44] + "代"
    text = teaser + "\n" + P1 + "\n"
    assert fixed(text) == P1 + "\n"


@pytest.mark.parametrize(
    "text",
    [
        "新华社\n" + P1 + "\n新华社\n" + P2 + "\n",  # short repeated byline
        "一、\n" + P1 + "\n一、\n" + P2 + "\n",  # list markers
        "本报记者 李明\n\n\n\n" + P1 + "\n\n\n\n本报记者 李明\n",  # blank lines and bylines
        "公园里的花陆续开放\n" + P1 + "\n",  # heading shorter than the minimum
        "据管理处介绍，今年公园新增了三条步道。\n" + P2 + "\n",  # heading-like opening sentence
        "期限一年，按票面金额予以偿还，利息另计。\n" + P2 + "\n期限一年，按票面金额予以偿还，利息另计。\n",  # short formula, far apart
    ],
)
def test_short_or_legitimate_repeats_stay(text):
    assert [e for e in run(text) if e.rule == "layout-duplicate-paragraph"] == []


def test_crlf_duplicate():
    text = P1 + "\r\n" + P1 + "\r\n" + P2 + "\r\n"
    assert fixed(text) == P1 + "\r\n" + P2 + "\r\n"


# --- broken lines -----------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_hard_wrapped_text_is_joined(newline):
    lines = wrap(P1) + wrap(P2) + wrap(P3)
    text = newline.join(lines) + newline
    out = fixed(text)
    assert out == newline.join([P1, P2, P3]) + newline
    assert ("\r\n" in out) == (newline == "\r\n") and "\r\r" not in out
    assert all(e.rule == "layout-broken-line" and e.after == "" for e in run(text))


def test_long_wrapped_page_with_one_break_joined_already_is_joined():
    # a page wrapped at 20 characters of which an earlier pass (on the page still in mojibake)
    # joined one break: that line, twice the width, does not disprove the wrap of the other 60
    rng = random.Random(7)
    words = "图书馆 改造 居民 捐书 周末 座位 上班族 预约 志愿者 老人 手机 新书 村里 孩子 借书点 服务 阅览区 自习室".split()
    body = "".join(rng.choice(words) + ("，" if rng.random() < 0.2 else "") for _ in range(420))[:1219] + "。"
    lines = wrap(body)
    lines[30:32] = [lines[30] + lines[31]]
    assert fixed("\n".join(lines) + "\n") == body + "\n"
    # (a short page with such a line is not taken for a wrap: headlines may be longer than the text)
    short = wrap(body.replace("，", "")[:200])
    short[3:5] = [short[3] + short[4]]
    assert all(e.evidence["wrap_width"] is None for e in linebreaks.find("\n".join(short) + "\n", Context()))


def test_wrap_of_a_page_in_mojibake_is_joined_before_entities_change_the_widths():
    # a page with HTML references, hard-wrapped at 20 characters, then saved as GBK and read as
    # Latin-1: the wrap can only be read once the mojibake is undone, and before &ldquo; becomes “
    rng = random.Random(11)
    words = "图书馆 改造 居民 捐书 周末 座位 上班族 预约 志愿者 老人 手机 新书 村里 孩子 服务".split()
    clean = "".join(rng.choice(words) + ("“新书”" if rng.random() < 0.1 else "") for _ in range(160)) + "。"
    page = clean.replace("“", "&ldquo;").replace("”", "&rdquo;")
    damaged = "\n".join(wrap(page)).encode("gbk").decode("latin-1") + "\n"
    assert textfix.fix(damaged).text == clean + "\n"


def test_word_split_across_lines_is_joined():
    text = "周末的时候我们一家人和几位老朋友一起去参\n观了新开的城市博物馆。\n"
    edits = run(text)
    assert [e.evidence["across"] for e in edits] == ["参观"]
    assert 0.5 <= edits[0].confidence < 0.8


def test_line_starting_with_comma_is_joined():
    text = "我们在湖边一直走到了傍晚才回家\n，路上还买了两斤新鲜的草莓。\n"
    assert fixed(text) == "我们在湖边一直走到了傍晚才回家，路上还买了两斤新鲜的草莓。\n"


@pytest.mark.parametrize(
    "text",
    [
        "床前明月光\n疑是地上霜\n举头望明月\n低头思故乡\n",  # poem
        "北京市海淀区学院路街道\n石油大院三号楼二单元\n",  # address
        "公园新增三条步道和两处休息区的消息今天公布\n据管理处介绍，今年公园新增了三条步道。\n",  # headline + lead
        "本次活动的主要安排如下，请各位家长注意查看\n一、上午九点在校门口集合\n二、中午在公园用餐\n",  # list
        "今年公园新增了三条步道和两处休息区，\n\n还在入口处设置了自助服务点。\n",  # blank line = paragraph break
        "今年公园新增了三条步道和两处休息区\n　　还在入口处设置了自助服务点。\n",  # indented new paragraph
        "湖边的步道今年又延长了两公里多\n一起来搶救湖边的樹林吧。\n",  # unrelated next line, no wrap evidence
    ],
)
def test_legitimate_line_breaks_stay(text):
    assert [e for e in run(text) if e.rule == "layout-broken-line"] == []


def test_headlines_of_equal_length_are_not_a_wrap():
    # three headlines happen to share a width, but long paragraphs show the text is not wrapped
    heads = ["公园新增三条步道和两处休息区方便市民", "图书馆延长开放时间方便上班族借阅图书", "镇里计划在三个村设立流动借书点方便孩"]
    text = "".join(h + "\n" + body + "\n" for h, body in zip(heads, [P1 + P2, P2 + P3, P3 + P1]))
    assert run(text) == []


# --- keyword stuffing -------------------------------------------------------------------


def test_rotating_keywords_are_removed():
    text, spots = stuff(LIBRARY, KEYWORDS)
    edits = run(text)
    assert {e.start for e in edits} == spots
    assert all(e.rule == "spin-keyword-stuffing" and e.kind == "spin" and e.after == "" for e in edits)
    assert all(0.5 <= e.confidence <= 0.85 for e in edits)
    e = edits[0]
    assert e.evidence["keyword"] in KEYWORDS and e.evidence["injected_here"] >= 3
    assert set(e.evidence["keywords"]) == set(KEYWORDS)
    assert fixed(text) == LIBRARY


def test_traditional_stuffing_is_removed_too():
    opencc = pytest.importorskip("opencc")
    base = opencc.OpenCC("s2t").convert(LIBRARY)
    text, spots = stuff(base, [opencc.OpenCC("s2t").convert(w) for w in KEYWORDS])
    assert {e.start for e in run(text)} == spots


def test_stuffing_through_the_pipeline_is_idempotent():
    text, _ = stuff(LIBRARY, KEYWORDS)
    once = textfix.fix(text).text
    assert once == LIBRARY
    assert textfix.fix(once).text == once
    assert textfix.fix(text, ignore=("spin-keyword-stuffing",)).text == text


def test_genuine_phrases_with_the_keywords_stay():
    # 共建 inside 共建共治共享 and 党建 in a recurring phrase are genuine, even next to stuffing
    genuine = "社区坚持党建引领，形成共建共治共享的格局。居民说，党建引领让小区变了样。"
    text, spots = stuff(LIBRARY, ["共建", "党建", "幸福", "家园"])
    text = genuine + text
    shift = len(genuine)
    edits = run(text)
    assert {e.start for e in edits} <= {s + shift for s in spots}
    assert all(e.start >= shift for e in edits)
    assert len(edits) >= 0.8 * len(spots)


def test_two_keywords_are_not_enough():
    text, _ = stuff(LIBRARY, ["文化", "幸福"])
    assert [e for e in run(text) if e.rule == "spin-keyword-stuffing"] == []


def test_topic_words_repeated_in_a_report_stay():
    # place names and topic words recur densely in news; they do not take turns like injected keywords
    text = (
        "贵州的茶商今年春天又来到浙江收茶，浙江的茶农说贵州的茶叶品质不错。江苏的商人也赶来了，"
        "江苏和浙江的市场需求都在增加。贵州茶叶运到浙江加工，再卖到江苏。浙江茶商说，贵州的小叶茶和本地品种相似。"
    ) * 2
    assert run(text) == []


def test_random_stuffing_precision():
    rng = random.Random(3)
    text = LIBRARY * 2
    slots = sorted(rng.sample(range(1, 400), 16))
    out, spots, last = [], set(), 0
    for j, pos in enumerate(slots):
        out.append(text[last:pos])
        spots.add(sum(map(len, out)))
        out.append(KEYWORDS[j % 4])
        last = pos
    out.append(text[last:])
    edits = run("".join(out))
    assert {e.start for e in edits} <= spots  # whatever is proposed is an injection


# --- seeds ------------------------------------------------------------------------------


@needs_shared
def test_seed_004_stuffing_and_teaser():
    text = next(shared_path("seeds").glob("004_*.txt")).read_text(encoding="utf-8")
    edits = run(text)
    dups = [e for e in edits if e.rule == "layout-duplicate-paragraph"]
    assert len(dups) == 1 and dups[0].start == text.index("\n") + 1
    stuffed = [e for e in edits if e.rule == "spin-keyword-stuffing"]
    assert len(stuffed) == 16
    assert {e.before for e in stuffed} == {"黨建", "治理", "共建", "幸福", "家園"}
    out = fixed(text)
    for genuine in ("能源黨建·活力家園", "共建共治共享", "黨建引領"):
        assert genuine in out
    for injected in ("黨的黨建二十", "幸福經由", "治理株洲"):
        assert injected not in out


@needs_shared
@pytest.mark.parametrize("script", ["keep", "hans"])
def test_seed_004_pipeline_is_idempotent(script):
    text = next(shared_path("seeds").glob("004_*.txt")).read_text(encoding="utf-8")
    result = textfix.fix(text, script=script)
    assert sum(1 for e in result.edits if e.stage == "layout") == 17
    assert textfix.fix(result.text, script=script).text == result.text


@needs_shared
@pytest.mark.parametrize("seed", ["000", "001", "002", "003"])
def test_other_seeds_have_no_layout_edits(seed):
    text = next(shared_path("seeds").glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    assert run(text) == []


def test_join_next_to_removed_duplicate_keeps_final_newline():
    # found by hypothesis: a broken-line join into a line that was also removed as a
    # duplicate ate the file's last line break
    a = "今天上午，市政府召开新闻发布会，" * 6 + "這座城市"
    b = "今天上午，市政府召开新闻发布会，這座城市" + "今天上午，市政府召开新闻发布会，" * 5
    text = "\r\n".join([a, b, b, "今天上午，市政府召开新闻发布会，這座城市"]) + "\r\n"
    out = textfix.fix(text).text
    assert out.endswith("\r\n") and "\r" not in out.replace("\r\n", "")


# --- the vectorised stuffing checks give the pure-Python results --------------------------

_STUFFED_LEAD = (
    "去年秋天，文化青石镇图书馆完成了改造，幸福馆内新增了儿童阅览区。和谐馆长介绍说，家园改造资金来自县里的"
    "文化专项补助，幸福也有居民捐书。和谐开馆第一周，家园前来借书的文化人多了一倍，幸福周末的和谐座位不够用。"
    "家园为了方便上班族，文化图书馆推迟了闭馆时间。"
)
_PLAIN = (
    "今年以来，全县各乡镇围绕产业发展和基础设施建设两条主线，认真落实各项惠民政策，"
    "农村道路、饮水和电网改造工程进展顺利，群众生活水平稳步提高。"
)


def _stuffing_variants() -> list[str]:
    rng = random.Random(5)
    out = [_STUFFED_LEAD, _STUFFED_LEAD * 3, _PLAIN * 4 + _STUFFED_LEAD + _PLAIN * 4,
           "哈哈哈哈" + _STUFFED_LEAD + "哈哈哈哈", "\U00020000" + _STUFFED_LEAD, _PLAIN * 20]
    for _ in range(6):  # keywords injected after random commas of plain text
        parts = (_PLAIN * 6).split("，")
        for k in range(1, len(parts)):
            if rng.random() < 0.6:
                parts[k] = rng.choice(["党建", "治理", "幸福", "家园"]) + parts[k]
        out.append("，".join(parts))
    return out


@pytest.mark.skipif(layout._np is None, reason="numpy not installed")
@pytest.mark.parametrize("text", _stuffing_variants())
def test_vectorised_stuffing_matches_pure_python(text, monkeypatch):
    f = layout.layout_lm.fold(text)
    assert layout._Vectorised.make(f).by_word() == layout._by_word(f)
    fast = [(e.start, e.end, e.before, e.confidence, e.reason) for e in layout.keyword_stuffing(text)]
    monkeypatch.setattr(layout, "_np", None)
    slow = [(e.start, e.end, e.before, e.confidence, e.reason) for e in layout.keyword_stuffing(text)]
    assert fast == slow


def test_stuffed_lead_found_by_both_paths(monkeypatch):
    words = {e.before for e in layout.keyword_stuffing(_STUFFED_LEAD)}
    assert words == {"文化", "幸福", "和谐", "家园"}
    monkeypatch.setattr(layout, "_np", None)
    assert {e.before for e in layout.keyword_stuffing(_STUFFED_LEAD)} == words


def test_fold_array_path_matches_translate():
    rng = random.Random(3)
    pool = "黨建１２ＡＢab中文，。\n\r\t" + "".join(chr(rng.randrange(0x3400, 0xA000)) for _ in range(200))
    text = "".join(rng.choice(pool) for _ in range(3000)) + "\U00020000\ud800"
    assert layout.layout_lm.fold(text) == text.translate(layout.layout_lm._fold_table())


@pytest.mark.skipif(layout._np is None, reason="numpy not installed")
def test_vectorised_recurrence_matches_str_count():
    # repeated phrases, self-overlapping grams (哈哈哈哈, 共建共建) and punctuation
    text = (_PLAIN * 3 + "哈哈哈哈哈，共建共建共建。" + _STUFFED_LEAD + "哈哈哈哈。") * 2
    f = layout.layout_lm.fold(text)
    positions = list(range(len(f) - 1))
    assert layout._Vectorised.make(f).recurs(positions) == [layout._recurs(f, i) for i in positions]


def test_repeated_rule_lines_and_table_rows_are_not_duplicate_paragraphs():
    # no letters in them: a separator or a row of figures repeats on purpose
    rule = "-" * 60
    text = f"第一段文字很长很长的一段话，讲了一件事情。\n{rule}\n第二段落也有不少的文字内容，讲了另一件事。\n{rule}\n"
    text += "| 2024 | 12345 | 67890 | 11111 |\n| 2024 | 12345 | 67890 | 11111 |\n"
    assert not [e for e in textfix.fix(text).edits if e.rule == "layout-duplicate-paragraph"]


# --- parallel rhetoric is not keyword stuffing ---------------------------------------------

# Made up for this test: three topic words take turns (教师 → 记者 → 读者) the way a
# stuffing tool cycles its keywords, and each occurrence fits its neighbours poorly.
# 读者 only ever opens a clause (，读者更如是) and the text also uses it where it fits
# (读者的处境), as it does 教师 (教师的付出): 读者 is the subject of parallel clauses, not an injection.
_RHETORIC = (
    "大家都在谈论{A}这件事，{B}如是，{C}更如是，连路人也如是。一是{A}不被重视，二是因为{B}不愿多说，"
    "{C}总是沉默。可见{A}难做，专业{B}难当，{C}难为。说到底，{C}的处境人人知道，却很少有人愿意为此开口，"
    "这也是许多{A}的付出长期得不到回报的原因。"
)


def test_parallel_rhetoric_keeps_its_topic_words(monkeypatch):
    text = _RHETORIC.format(A="教师", B="记者", C="读者")
    assert [e for e in run(text) if e.rule == "spin-keyword-stuffing"] == []
    assert textfix.fix(text).text == text
    # without the clause-subject rule the rotation alone would delete all three words
    monkeypatch.setattr(layout, "_clause_subjects", lambda f, by_word: set())
    assert {e.before for e in layout.keyword_stuffing(text)} == {"教师", "记者", "读者"}


def test_clause_start_keyword_the_text_never_uses_still_counts():
    # the same rotation with 读者 used nowhere but at its three clause starts: an injection
    text = _RHETORIC.format(A="教师", B="记者", C="读者").replace("读者的处境", "大家的处境")
    assert {e.before for e in layout.keyword_stuffing(text)} == {"教师", "记者", "读者"}


def test_clause_subject_rule():
    f = "，读者如是，作者如是，读者更如是。读者的作者的"
    hits = {"读者": [1, 11], "作者": [6]}
    assert layout._clause_subjects(f, hits) == {"读者", "作者"}
    assert layout._clause_subjects(f.replace("作者的", "作者共"), hits) == set()  # only 读者 is the text's own
    inside = "，读者如是，作者如是，关于读者的呼唤。读者的作者的"
    assert layout._clause_subjects(inside, {"读者": [1, 13], "作者": [6]}) == {"作者"}  # 关于[读者] is inside


@needs_shared
def test_pfr_parallel_rhetoric_paragraph_untouched():
    # the PFR paragraph "…报刊如是，书画家如是，读者更如是…" lost 批评, 报刊 and 读者 (3 times each)
    for line in shared_path("data", "corpus", "pfr1998", "199801.txt").open(encoding="utf-8"):
        para = "".join(t.rsplit("/", 1)[0] for t in line.split())
        if "读者更如是" in para:
            assert layout.keyword_stuffing(para) == []
            break
    else:
        pytest.fail("paragraph not found")


# --- hard wraps: joined first, so the later rules see whole sentences ---------------------


def test_linebreaks_is_the_first_stage():
    from textfix.fixers import ORDER

    assert ORDER[0] == "linebreaks" and "layout-broken-line" not in layout.RULES
    assert "layout-broken-line" in linebreaks.RULES


@pytest.mark.parametrize("width", [40, 52, 66])
def test_wrapped_stuffed_page_is_joined_and_unstuffed(width):
    text, _ = stuff(LIBRARY, KEYWORDS)
    wrapped = hard_wrap(text, width) + "\n"
    assert wrapped.count("\n") >= 5
    assert textfix.fix(wrapped).text == LIBRARY + "\n"


@pytest.mark.parametrize("width", [40, 52, 66])
def test_stuffing_on_a_wrapped_page_is_judged_on_joined_lines(width):
    # with the joins switched off the wrap stays, but the stuffing is still judged on
    # whole sentences and its edits land on the keywords of the wrapped text
    text, _ = stuff(LIBRARY, KEYWORDS)
    wrapped = hard_wrap(text, width) + "\n"
    result = textfix.fix(wrapped, ignore=("layout-broken-line",))
    cuts = [e for e in result.edits if e.rule == "spin-keyword-stuffing"]
    assert len(cuts) == text.count("文化") + text.count("幸福") + text.count("和谐") + text.count("家园") - LIBRARY.count("文化")
    assert all(e.before.replace("\n", "") in KEYWORDS for e in cuts)
    assert result.text.replace("\n", "") == LIBRARY
    clean = hard_wrap(LIBRARY, width) + "\n"
    assert textfix.check(clean, ignore=("layout-broken-line",)) == []


def test_teaser_that_fills_the_wrap_width_is_not_joined_to_its_full_copy():
    # the teaser is cut exactly where a wrapped line ends: its break looks like the
    # wrap, but the next line repeats the teaser's first line, so a copy starts there
    lead = LIBRARY[:120]
    teaser = hard_wrap(lead[:72], 48)  # three full lines of 24 Han characters
    full = hard_wrap(LIBRARY, 48)
    page = "要闻\n" + teaser + "\n" + full + "\n"
    out = textfix.fix(page).text
    assert out.count(lead[:30]) == 1  # the teaser is gone
    # every wrap is joined (a line that ends a sentence at the width may stay: without
    # blank lines between paragraphs it can be a paragraph's end)
    assert out.startswith("要闻\n") and out.replace("\n", "") == "要闻" + LIBRARY


@pytest.mark.parametrize("width", [36, 48, 60])
def test_hard_wrapped_duplicate_paragraph_is_removed_whole(width):
    # both copies are wrapped alike: the copy's breaks mirror the original's joins, so
    # the copy is joined too and removed as one verbatim repeat, not its first line alone
    first, second = hard_wrap(LIBRARY, width), hard_wrap(P2, width)
    assert "\n" in first
    page = first + "\n\n" + first + "\n\n" + second + "\n"
    out = textfix.fix(page).text
    assert out == LIBRARY + "\n\n" + P2 + "\n"
    # a one-line teaser before the wrapped full text: the full text's first line repeats
    # the teaser but goes on, so it is joined and the teaser removed (a teaser shorter
    # than MIN_DUPLICATE characters is never judged a copy)
    teaser = first.split("\n")[0]
    page = teaser + "\n\n" + first + "\n"
    want = LIBRARY + "\n" if len(teaser) >= layout.MIN_DUPLICATE else teaser + "\n\n" + LIBRARY + "\n"
    assert textfix.fix(page).text == want


# --- hard wraps next to quotes, brackets, dashes and numbers ------------------------------

_FILL = "村里的大事小情都要经过村民商量全村的满意度今年又提高了不少大家都说好办法多"


def _line(start: str, end: str, k: int = 0, width: int = 48) -> str:
    """A line as an exporter wrapping at ``width`` display columns cuts it: ``start``, filler
    Han (from ``k`` characters into :data:`_FILL`, so no two lines are alike), ``end``."""
    fill = _FILL[k:] + _FILL
    n = 0
    while layout._width(start + fill[: n + 1] + end) <= width:
        n += 1
    return start + fill[:n] + end


def _joined(text: str) -> str:
    """``text`` after the line-join stage alone."""
    return apply_edits(text, linebreaks.find(text, Context()))


# (end of one line, start of the next): breaks a fixed-width wrap makes inside a sentence
_WRAPPED_PAIRS = [
    ("等“", "四会”组织"),  # an opening quote ends the line
    ("互助会等“四会", "”组织"),  # a closing quote starts the next
    ("感觉亲人来了”", "。新建"),  # a quote, then the full stop on the next line
    ("等“四会”", "搭起桥梁"),  # a quote closing a phrase, not the sentence
    ("文化广场——", "占地约"),  # a dash between two parts of a phrase
    ("服务+", "村民参与"),
    ("提高了12", "％以上"),  # a number and its sign
    ("约0.", "75公顷"),  # a decimal point
    ("家住S", "103省道旁"),  # a road code
    ("记者特里斯坦", "·诺达洛说"),  # the middle dot of a foreign name
    ("居民景芝说", ",“通过小小"),  # a half-width comma, then a quote
    ("到了我的心坎上。", "”张惠琪竖起"),  # the quote that closes the sentence
    ("在网上走 ", "马上办小程序"),  # a space of the text at the end of the line
    ("锻炼身&#x4", "f53;脸上洋溢"),  # an HTML reference cut in two
    ("以啥为生？&r", "dquo;这么多"),
]


@pytest.mark.parametrize("i", range(len(_WRAPPED_PAIRS)))
def test_wrap_beside_punctuation_and_numbers_is_joined(i):
    # five plain lines give the wrap width; the pair under test is one more break at it
    ends, starts = ["镇"] * 5 + [_WRAPPED_PAIRS[i][0]], ["镇"] * 5 + [_WRAPPED_PAIRS[i][1]]
    lines = [_line(starts[k - 1] if k else "", ends[k], k) for k in range(6)] + [starts[-1] + "的事。"]
    text = "\n".join(lines) + "\n"
    assert _joined(text) == "".join(lines) + "\n"


@pytest.mark.parametrize(
    "end, start",
    [
        ("（记者张三摄）", "本报讯"),  # a caption or byline ends its paragraph with a bracket
        ("大家都说好”", "（附图片）"),
        ("新修订的村规民约", "“四会”商量"),  # a headline ending in Han before a quoted lead
        ("（第三部分）", "’９７村务"),  # ’９７ abbreviates a year: a line may start with it
    ],
)
def test_paragraph_ends_at_the_wrap_width_are_kept(end, start):
    lines = [_line("", "镇", k) for k in range(5)] + [_line("", end, 5)]
    text = "\n".join(lines) + "\n" + start + _FILL[:10] + "。\n"
    out = _joined(text)
    assert out == "".join(lines) + "\n" + start + _FILL[:10] + "。\n"  # the wrap is joined, the paragraph end kept
