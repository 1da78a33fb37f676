"""Lossy mojibake with exact holes: UTF-8 read as GBK/Big5/cp950/EUC-KR with ``errors="replace"``."""

from __future__ import annotations

import math

import pytest
from rapidfuzz.distance import Levenshtein

import textfix
from textfix.fixers import mojibake_lossy as ml

SIMP = "这是一个很好的例子，我们今天讨论中文测试。"
TRAD = "這是一個繁體中文的句子，我們今天去學校。"
SAMPLES = [SIMP, TRAD, "经济发展和社会进步取得了新的成就。", "北京市人民政府今年将继续加大投入。"]


def acc(out: str, ref: str) -> float:
    return 1 - Levenshtein.distance(out, ref) / len(ref)


def lossy_edits(text: str) -> list:
    return [e for e in textfix.check(text, select=["mojibake"]) if e.rule == "mojibake-lossy"]


@pytest.mark.parametrize("codec", ml.EXACT_CODECS)
@pytest.mark.parametrize("sent", SAMPLES)
def test_one_replacement_character_per_lost_byte(codec, sent):
    # the premise of the exact search: surviving bytes + one byte per U+FFFD = all the bytes
    damaged = sent.encode().decode(codec, "replace")
    kept = sum(len(c.encode(codec)) for c in damaged if c != "\ufffd")
    assert kept + damaged.count("\ufffd") == len(sent.encode())
    if codec != "gbk":
        assert damaged.count("\ufffd") > 0.3 * len(sent.encode())  # Big5 and EUC-KR lose a lot


@pytest.mark.parametrize("codec", ml.EXACT_CODECS)
def test_pair_table_matches_the_decoder(codec):
    t = ml.pair_table(codec)
    for x, y in [(0xE4, 0x80), (0xE4, 0xB8), (0xA4, 0xA4), (0x80, 0xA1), (0xB8, 0xAD)]:
        try:
            ok = len(bytes((x, y)).decode(codec)) == 1
        except UnicodeDecodeError:
            ok = False
        assert t[x * 256 + y] == ok


@pytest.mark.parametrize("codec", ml.EXACT_CODECS)
@pytest.mark.parametrize("sent", SAMPLES)
def test_candidate_sets_never_exclude_the_truth(codec, sent):
    # constraints come from the decoder, so the original character always fits its slot
    data = sent.encode()
    lost, i = [False] * len(data), 0
    while i < len(data):
        try:
            if len(data[i : i + 2].decode(codec)) == 1:
                i += 2
                continue
        except UnicodeDecodeError:
            pass
        lost[i] = True
        i += 1
    pos = 0
    for ch in sent:
        b = ch.encode()
        pat = tuple(ml.HOLE if lost[pos + j] else b[j] for j in range(len(b)))
        if ml.HOLE in pat:
            assert ch in [c for _, c, _ in ml.slot_candidates(codec, pat, 100000)]
        pos += len(b)


@pytest.mark.parametrize("codec", ["gbk", "big5", "euc_kr"])
def test_repairs_most_of_a_sentence(codec):
    damaged = SIMP.encode().decode(codec, "replace")
    out = textfix.fix(damaged, select=["mojibake"]).text
    assert acc(out, SIMP) >= 0.85  # the old search (holes capped at a third of the bytes) left it all as U+FFFD
    edits = lossy_edits(damaged)
    assert edits and all(0.6 <= e.confidence <= 0.8 for e in edits)
    assert "bytes lost" in edits[0].reason and "inferred" in edits[0].reason


def test_damaged_clause_inside_clean_text_leaves_the_rest_alone():
    head, tail = "今天的会议上，", "，大家都很满意。"
    damaged = head + "我们讨论中文测试".encode().decode("big5", "replace") + tail
    out = textfix.fix(damaged, select=["mojibake"]).text
    assert out.startswith(head) and out.endswith(tail)
    assert "\ufffd" not in out


@pytest.mark.parametrize(
    "text",
    [
        TRAD,
        "這是繁體中文\ufffd的測試句子，我們今天討論。",  # a stray replacement character in real text
        "韓國語：한국어를 공부합니다\ufffd\ufffd。",
        "價格\ufffd\ufffd\ufffd元，數量不詳。",
        # runs of lost bytes with no mojibake around them: nothing to infer a codec from
        "只是留心\ufffd\ufffd聆聽著對\ufffd\ufffd\ufffd方興奮的心跳\ufffd\ufffd聲。",
        "妳\ufffd\ufffd為此勞心勞力像\ufffd\ufffd\ufffd個\ufffd\ufffd奴隸一般，",
    ],
)
def test_clean_text_with_stray_replacement_characters_is_not_rewritten(text):
    assert lossy_edits(text) == []
    assert textfix.fix(text, select=["mojibake"]).text == text


def test_short_damaged_clause_is_repaired():
    # one surviving mojibake character and a few lost bytes: the decoder's constraints suffice
    head = "而擔任鼓手的陳姓男子也強"
    damaged = head + "調，".encode().decode("big5", "replace")
    assert damaged.count("\ufffd") == 2
    assert textfix.fix(damaged, select=["mojibake"]).text == head + "調，"


def test_fix_is_idempotent_on_lossy_repairs():
    damaged = TRAD.encode().decode("big5", "replace")
    once = textfix.fix(damaged, select=["mojibake"]).text
    assert textfix.fix(once, select=["mojibake"]).text == once


def test_exact_hole_repairs_reports_the_inferred_bytes():
    damaged = SIMP.encode().decode("euc_kr", "replace")
    found = ml.exact_hole_repairs(damaged, "euc_kr")
    assert len(found) == 1
    start, end, repair, holes = found[0]
    assert (start, end) == (0, len(damaged)) and holes == damaged.count("\ufffd")
    assert acc(repair, SIMP) >= 0.85


def test_memoised_scores_equal_the_full_score():
    # the search looks most scores up by the previous character alone; that is only valid
    # where no trigram or three-character word involves the character before it
    for hist in ["", "中", "召开", "召開", "经济", "這是", "發展", "的人"]:
        for ch in ["会", "會", "的", "曾", "是", "和", "，", "國"]:
            assert ml._step(hist, ch) == pytest.approx(ml._score(hist, ch), abs=1e-9), (hist, ch)


def test_two_characters_of_context_choose_what_one_cannot():
    # 和 lost all three of its bytes; with one character of context 的 wins (發展的 is common),
    # the trigram of the character after it (和社) tips it back
    damaged = "經濟發展和社會進步".encode().decode("big5", "replace")
    assert ml.exact_hole_repairs(damaged, "big5")[0][2] == "經濟發展和社會進步"


def test_traditional_context_is_looked_up_in_simplified_counts():
    assert ml._score("召開", "會") > ml._score("召開", "曾")
    assert "召開會議".translate(ml._t2s()) == "召开会议"  # one code point each: the counts apply


def test_confidence_falls_with_the_share_of_inferred_bytes():
    import re

    damaged = TRAD.encode().decode("big5", "replace")
    edits = lossy_edits(damaged)
    assert edits
    for e in edits:
        lost, total = map(int, re.search(r"(\d+) of (\d+) bytes lost", e.reason).groups())
        assert lost > 0.3 * total
        assert 0.6 <= e.confidence <= 0.8 - 0.2 * lost / total + 1e-3  # (rounded to 3 places)


# ---------------------------------------------------------------- word model

# Sentences written for these tests (not drawn from any corpus the models were counted from).
OWN = ["他每天坚持锻炼身体。", "我们应该保护环境，节约用水。", "这家餐厅的服务态度非常好。", "明天的天气预报说会下雨。",
       "孩子们在公园里放风筝。", "医生建议他多喝水，早点休息。"]


def test_lexicon_is_folded_to_simplified():
    lx = ml.lexicon()
    assert lx.words["经济"] > lx.words.get("经鸡", -99.0)
    assert "經濟".translate(ml._t2s()) in lx.words  # Traditional text is looked up through the fold
    assert lx.single("的") > lx.single("鍛") >= lx.oov
    assert all(2 <= len(w) <= ml.WORD_MAX_LEN for w in list(lx.words)[:1000])


@pytest.mark.parametrize("codec", ["big5", "euc_kr"])
@pytest.mark.parametrize("sent", OWN[:3])
def test_words_fit_the_damaged_bytes(codec, sent):
    # every word offered for a position reproduces the surviving bytes, and none of its lost
    # bytes would have paired with the byte after it
    toks = ml._tokens(sent.encode().decode(codec, "replace"), codec)
    table = ml.pair_table(codec)
    offered = 0
    for p in range(len(toks)):
        pat = tuple(toks[p : p + 3 * ml.WORD_MAX_LEN])
        for word, nb, first, end_hole, _lp, _inner in ml._words_at(pat, codec):
            offered += 1
            wb = word.encode()
            assert len(wb) == nb and wb[0] == first
            assert all(t == ml.HOLE or t == b for t, b in zip(pat, wb))
            assert all(not table[wb[i] * 256 + wb[i + 1]] for i in range(nb - 1) if pat[i] == ml.HOLE)
            assert end_hole == (wb[-1] if pat[nb - 1] == ml.HOLE else -1)
    assert offered


@pytest.mark.parametrize("codec", ["big5", "euc_kr"])
def test_true_words_are_offered(codec):
    # the damaged bytes of 锻炼 (both characters partly lost) still admit the word
    sent = "他每天坚持锻炼身体。"
    toks = ml._tokens(sent.encode().decode(codec, "replace"), codec)
    start = len("他每天坚持".encode())
    assert ml.HOLE in toks[start : start + 6]
    assert "锻炼" in [w for w, *_ in ml._words_at(tuple(toks[start : start + 12]), codec)]


def test_search_score_is_the_objective_of_its_output():
    # path_score (used by the bench to tell model errors from search errors) is the search's objective
    hans, _ = ml._script_sets()
    damaged = "經濟發展和社會進步".encode().decode("big5", "replace")
    stats: dict = {}
    (_, _, rep, _), = ml.exact_hole_repairs(damaged, "big5", "", hans, stats)
    assert stats["score"] == pytest.approx(ml.path_score(rep, hans) - ml.ENTER_COST)


def test_the_word_model_improves_the_repairs(monkeypatch):
    # over sentences written for this test, the search with words gets more characters right
    # than the character models alone
    def accuracy() -> float:
        got = []
        for sent in OWN[:4]:
            damaged = sent.encode().decode("euc_kr", "replace")
            found = ml.exact_hole_repairs(damaged, "euc_kr", "", ml._script_sets()[1])
            got.append(acc(found[0][2] if found else damaged, sent))
        return sum(got) / len(got)

    with_words = accuracy()
    monkeypatch.setattr(ml, "WORD_WEIGHT", 0.0)
    without = accuracy()
    assert with_words > without + 0.03, (with_words, without)


def test_ignoring_lossy_repairs_skips_the_lossy_search(monkeypatch):
    # corpus users turn the costly search off with --ignore mojibake-lossy: it must not run at all
    from textfix.fixers import mojibake

    text = "用户反映" + "文章的标题".encode("utf-8").decode("gbk", "replace") + "都变成了乱码"
    assert [e.after for e in textfix.fix(text).edits if e.rule == "mojibake-lossy"] == ["文章的标题"]
    calls = []
    monkeypatch.setattr(mojibake, "lossy_candidates", lambda *a: calls.append(a) or [])
    r = textfix.fix(text, ignore=["mojibake-lossy"])
    assert calls == [] and "mojibake-lossy" not in {e.rule for e in r.edits}
    assert "\ufffd" in r.text  # what is lost stays visible and is reported


# ---------------------------------------------------------------- cost: exact shortcuts and the step budget

# Written for these tests (not from any corpus): a long record, every line of it damaged.
LONG = "".join(["這家餐廳的服務態度非常好，", "孩子們在公園裡放風箏。", "醫生建議他多喝水，早點休息。",
                "明天的天氣預報說會下雨。", "我們應該保護環境，節約用水。"] * 6)


@pytest.mark.parametrize("codec", ["big5", "euc_kr"])
def test_prepared_rows_equal_the_memoised_scores(codec):
    # the search scores a slot's candidates from per-candidate bases plus the counted pairs only:
    # every entry must equal what _step gives
    toks = ml._tokens(OWN[1].encode().decode(codec, "replace"), codec)
    hans, _ = ml._script_sets()
    checked = 0
    for p in range(0, len(toks) - 3, 3):
        pat = tuple(toks[p : p + 3])
        if any(0 <= t < 0x80 for t in pat):
            continue
        slot = ml._slot_info(codec, pat, pat[-1] == ml.HOLE, hans, (1.0,))
        for last1 in ["。", "环", "我", "們", "x", ""]:
            row, order, ranked = slot.row(last1)
            assert ranked == sorted(row) and [row[i] for i in order] == ranked
            for (ch, _cb, _end, cost, fc), v in zip(slot.extra, row):
                # (the row adds the previous character's back-off weight to a per-candidate base:
                # the same sum in another order)
                assert v == pytest.approx(ml._step(last1, ch, ml._NONE, fc) - cost, abs=1e-9)
                checked += 1
    assert checked > 1000


def test_step_bound_holds():
    top = ml._step_max()
    for hist, ch in [("", "的"), ("中", "国"), ("中国", "人"), ("。", "我"), ("召開", "會")]:
        assert ml._step(hist, ch) <= top


def test_search_steps_do_not_depend_on_caches():
    # the budget counts steps, not seconds: the same window costs the same steps, cold or warm
    damaged = OWN[2].encode().decode("big5", "replace")
    runs = []
    for _ in range(2):
        stats: dict = {}
        found = ml.exact_hole_repairs(damaged, "big5", "", ml._script_sets()[1], stats)
        runs.append((stats["work"], found))
        ml._slot_info.cache_clear()
        ml._STEPS.clear()
    assert runs[0] == runs[1] and runs[0][0] > 0


def test_budget_rule():
    assert ml.search_budget("abc") == ml.BUDGET_BASE
    assert ml.search_budget("\ufffd" * 3) == ml.BUDGET_BASE + 3 * ml.BUDGET_PER_HOLE
    assert ml.search_budget("\ufffd" * 100_000) == ml.BUDGET_MAX


def test_a_search_out_of_budget_stops_and_repairs_nothing():
    damaged = LONG.encode().decode("big5", "replace")
    assert damaged.count("\ufffd") > 300
    cap = 20_000
    stats: dict = {}
    found = ml.exact_hole_repairs(damaged, "big5", "", ml._script_sets()[0], stats, budget=cap)
    assert found == []
    halt, nbytes = stats["budget"]
    assert 0 < halt < nbytes
    # the budget is checked before each byte: one byte's work at most goes past it
    one_byte = 2 * ml.EXACT_BEAM * (2 * ml.EXACT_TOP_K + ml.WORD_TOP)
    assert cap < stats["work"] <= cap + one_byte
    # with room enough the same window is repaired
    stats = {}
    found = ml.exact_hole_repairs(damaged[:60], "big5", "", ml._script_sets()[0], stats, budget=10**9)
    assert found and "budget" not in stats


def test_a_record_over_budget_keeps_its_text_and_reports_the_lost_bytes(monkeypatch):
    damaged = "報告：" + LONG.encode().decode("big5", "replace")
    monkeypatch.setattr(ml, "BUDGET_MAX", 20_000)
    r = textfix.fix(damaged, select=["mojibake"])
    assert not [e for e in r.edits if e.rule == "mojibake-lossy"]
    # nothing is guessed: every lost byte is still there and reported (intact pieces that read back
    # losslessly, such as 撣詨末 for 常好, are repaired by their own rule)
    assert r.text.count("\ufffd") == damaged.count("\ufffd")
    lost = [e for e in r.edits if e.rule == "mojibake-unrecoverable"]
    assert lost and all(e.after is None for e in lost)
    assert sum(len(e.before) for e in lost) == damaged.count("\ufffd")
    assert textfix.fix(r.text, select=["mojibake"]).text == r.text


def test_the_default_budget_leaves_ordinary_repairs_alone(monkeypatch):
    damaged = TRAD.encode().decode("big5", "replace")
    with_budget = textfix.fix(damaged, select=["mojibake"]).text
    monkeypatch.setattr(ml, "BUDGET_MAX", 0)  # 0: unlimited
    assert textfix.fix(damaged, select=["mojibake"]).text == with_budget


# ---------------------------------------------------------------- paired marks


def test_a_lost_mark_takes_the_direction_the_marks_before_call_for():
    assert ml.paired_mark("“", "他说：“我们做到了，") == "”"  # a quote left open is closed
    assert ml.paired_mark("”", "他说：") == "“"  # none open: this one opens
    assert ml.paired_mark("」", "「好」，他說：") == "「"
    assert ml.paired_mark("《", "书名是《红楼梦") == "》"
    assert ml.paired_mark("‘", "We", "re") == "’"  # an apostrophe between letters
    assert ml.paired_mark("‘", "‘We’re here") == "’"  # ... does not close the quote
    assert ml.paired_mark("”", "他说：", sure=False) == "”"  # damage before may hide the opener: left as chosen
    assert ml.paired_mark("、", "他说：“") == "、"  # not a paired mark


def test_damaged_marks_before_the_window_are_read_from_their_bytes():
    # the opening quote lies in an earlier window, still damaged (傗�淲): its bytes still say “
    text, sure = ml.read_marks("办法。“We are".encode().decode("gbk", "replace"), "gbk")
    assert "“" in text and "”" not in text and sure
    # a mark whose last byte (its direction) was lost may be either: nothing is sure
    assert not ml.read_marks("of it,” she".encode().decode("gbk", "replace"), "gbk")[1]
    assert ml.read_marks("他们说了很多话", "gbk") == ("他们说了很多话", True)


@pytest.mark.parametrize("ref", [
    "她说：“我们明天一起去学校吧”\n",  # the closing quote's last byte lost at the line end
    "报道称“Apple” 和“Google” 都参加了。",  # ... and before a space, twice
    "他回答：“是的” ——然后离开了。",
    "他又开始琢磨办法。“We are proud of it,” she said.第一个月,单量很少。",  # the opener in an earlier window
])
def test_lost_closing_quote_comes_back_closing(ref):
    out = textfix.fix(ref.encode().decode("gbk", "replace")).text
    assert out == ref  # the model alone picked “ for each closing quote


@pytest.mark.parametrize("ref", ["她说：“我们明天一起去学校吧”\n", "他们称之为“AI” 时代。"])
def test_lost_closing_quote_comes_back_closing_when_bytes_were_dropped(ref):
    # errors="ignore": the approximate search's inferred quote takes its direction the same way
    assert textfix.fix(ref.encode().decode("gbk", "ignore")).text == ref



# ---------------------------------------------------------------- line ends


def test_line_end_model_prefers_what_ends_lines():
    assert ml.end_logprob("。") > ml.end_logprob("”") > ml.end_logprob("的")
    assert ml.end_logprob("國") == ml.end_logprob("国")  # Traditional looked up in Simplified
    assert ml.end_logprob("\U00020000") < 0  # a character never counted still may end a line


def test_search_score_with_the_line_end_is_the_objective_of_its_output():
    hans, _ = ml._script_sets()
    damaged = "經濟發展和社會進步。".encode().decode("big5", "replace")
    stats: dict = {}
    (_, _, rep, _), = ml.exact_hole_repairs(damaged, "big5", "", hans, stats, line_end=True)
    assert stats["score"] == pytest.approx(ml.path_score(rep, hans, line_end=True) - ml.ENTER_COST)


def test_a_lost_full_stop_at_the_line_end_comes_back():
    # every byte of the final 。 is lost in Big5 and EUC-KR: without the line end the models chose 的 or 了
    ref = "他說:「我們一定會做到。」大家都很高興。"
    for codec in ("big5", "euc_kr"):
        damaged = ref.encode().decode(codec, "replace")
        assert damaged.endswith("\ufffd\ufffd\ufffd")
        assert textfix.fix(damaged).text.endswith("高興。")
    # GBK loses two of its bytes; the approximate GB18030 reading no longer outbids the exact one
    assert textfix.fix(ref.encode().decode("gbk", "replace")).text.endswith("高興。")


def test_a_dropped_full_stop_byte_at_the_line_end_comes_back():
    # errors="ignore" drops the last byte of the final 。 (E3 80 82): the approximate search chose 、
    ref = "书名是《红楼梦》和《西游记》。"
    assert textfix.fix(ref.encode().decode("gbk", "ignore")).text == ref


def test_the_shipped_line_end_table_loads():
    # (a missing table raises: tests/test_datafiles.py)
    rows, rate = ml._line_ends()
    assert rows["。"][0] > 0 and 0 < rate < 1


def test_line_end_table_rows_and_overall_rate():
    rows, rate = ml.read_line_ends(["# header", "#total\t5\t100", "。\t4\t8", "的\t0\t50", "bad row"])
    assert rows == {"。": (4, 8), "的": (0, 50)}
    assert rate == pytest.approx(0.05)


# ---------------------------------------------------------------- Kneser-Ney trigram model


def test_trigram_model_is_a_distribution_after_a_seen_character():
    from textfix.fixers import lossy_model

    m = lossy_model.model()
    chars = list(m.cont1)
    for h1 in ("中", "的", "。"):
        total = sum(m.bigram(h1, w) for w in chars)
        assert 0.99 < total <= 1.0 + 1e-9  # (the rest: characters never counted)
    # after a counted pair of characters: counted trigrams plus the back-off to the bigram (no
    # back-off weight, so that the search can memoise such steps by the last character: at least 1)
    assert sum(math.exp(m.logprob("中华", w)) for w in chars) >= 0.99


def test_trigram_model_prefers_the_counted_continuation_and_never_scores_above_zero():
    from textfix.fixers import lossy_model

    m = lossy_model.model()
    assert m.logprob("中华", "人") > m.logprob("中华", "入")
    assert m.logprob("经济", "发") > m.logprob("经济", "友")
    for hist, ch in [("", "的"), ("中", "国"), ("中国", "人"), ("。", "我"), ("x", "\U00020000")]:
        assert m.logprob(hist, ch) <= 0.0
    assert lossy_model.fold("這是１２，") == "这是12,"  # Traditional and full-width looked up folded


def test_search_scores_look_traditional_and_ascii_punctuation_up_folded():
    # Traditional text and news text with ASCII punctuation find the counts of PFR's Simplified,
    # full-width text (the trigram part; the bigram model of textfix.lm folds full-width alike)
    tri = ml.TRI_WEIGHT
    assert ml._score("經濟", "發") - ml.BI_WEIGHT * ml.lm.char_logprob("發", "濟") == pytest.approx(
        tri * ml._trigram_logprob("经济", "发"))
    assert ml._score("好,", "我") == pytest.approx(ml._score("好，", "我"))
