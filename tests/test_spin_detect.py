"""Tests of spin detection (textfix.fixers.spin_detect): marker density, pair consistency, blocks, regions."""

from __future__ import annotations

import json
import random
from importlib.resources import files

import pytest

import textfix
from textfix.fixers import spin, spin_detect as sd
from textfix.options import Context

from conftest import needs_shared, shared_path

TAB = spin.tables()
FILLER = "今天的天气很好，大家都出门散步。"


def _verdicts(text: str) -> list[sd.Verdict]:
    return sd.judge(text, TAB)


def _spun(text: str) -> bool:
    return any(v.spun for v in _verdicts(text))


def test_legacy_names_stay_importable_from_spin():
    for name in ("marker_hits", "detect", "spin_score", "is_spun", "spun_regions", "long_count", "blocks",
                 "DOC_THRESHOLD", "BLOCK_CHARS", "CLEAN_PARAGRAPH_CHARS"):
        assert getattr(spin, name) is getattr(sd, name)


def test_marker_density_not_count():
    # two rare real words that the dictionary grades unambiguous (出格, 帮衬): far apart in a long
    # clean text they are no signal; in one short passage with a non-word marker they are
    far = "他的表现很出格。" + FILLER * 200 + "朋友来帮衬生意。"
    assert not _spun(far)
    assert spin.find(far, Context()) == []
    near = "他的表现很出格，朋友来帮衬生意，经由过程努力。"
    assert _spun(near)


def test_longer_blocks_need_more_evidence():
    assert sd.threshold(50) == sd.threshold(sd.MIN_CHARS) == sd.THRESHOLD
    assert sd.threshold(3000) > sd.threshold(1000) > sd.THRESHOLD


def test_marker_llr_grows_with_density():
    assert sd.marker_llr(1.8, 300) > sd.marker_llr(1.8, 3000) > sd.marker_llr(1.8, 30000) >= 0.0
    assert sd.marker_llr(0.0, 100) == 0.0
    # shorter than a paragraph counts as a paragraph: one sentence says nothing about a rate
    assert sd.marker_llr(1.5, 20) == sd.marker_llr(1.5, sd.MIN_CHARS)


def test_one_short_marker_never_flags_alone():
    for text in ("比较容易哄骗几个好奇的人。", "哄骗" + FILLER * 3):
        assert not _spun(text)


def test_one_long_marker_in_a_paragraph_flags():
    assert _spun("我们经由过程这个办法解决了问题。")


def test_pair_llr_consistency():
    gain, loss = sd.pair_gain(5.0, 500.0)
    assert gain > 0 > loss
    # spun forms without their original speak for spinning; originals speak against it
    assert sd.pair_llr(3, 0, gain, loss) > sd.pair_llr(1, 0, gain, loss) > 0
    assert sd.pair_llr(0, 3, gain, loss) < 0
    assert sd.pair_llr(3, 3, gain, loss) < sd.pair_llr(3, 0, gain, loss)
    # repeats are dampened: a topic repeats its words
    assert sd.pair_llr(8, 0, gain, loss) < 8 * sd.pair_llr(1, 0, gain, loss)
    # a spun form as common as its original says little
    g2, _ = sd.pair_gain(500.0, 500.0)
    assert g2 < gain


def test_consistency_flags_passage_without_markers():
    # ambiguous forms only (real words each), none of their originals: a spinner's document
    text = "咱们倡议如许做：先把文件分隔，尔后须要再搜检一遍，终极确认没有毛病。"
    assert not sd.marker_hits(text, TAB)
    (v,) = _verdicts(text)
    assert v.spun and v.marker_score == 0 and v.consistency >= sd.THRESHOLD
    assert {"咱们", "如许"} <= {w for w, *_ in v.telling}
    # the same forms next to their originals, used again and again: far weaker
    mixed = text + "我们建议这样做，然后需要检查，最终没有错误。" * 4
    (m,) = _verdicts(mixed)
    assert m.consistency < v.consistency - 3


def test_clean_text_with_ambiguous_forms_not_flagged():
    text = ("这个游戏的表现力很强，主要原因在于画面。我们进行了测试，可以发现问题，"
            "情况比较复杂，举行会议讨论以后能够解决。") * 5
    assert not _spun(text)
    assert spin.find(text, Context()) == []


def test_spin_document_finding_carries_both_scores():
    text = "经由过程设置装备摆设文件可以或许启动效劳器，然则必须先点窜默许端心。"
    r = textfix.fix(text, select=["spin-document"])
    (doc,) = [e for e in r.edits if e.rule == "spin-document"]
    assert doc.after is None and doc.confidence >= 0.5
    for key in ("spin_score", "marker_llr", "consistency_llr", "regions"):
        assert key in doc.evidence
    assert doc.evidence["spin_score"] >= sd.THRESHOLD


def test_regions_skip_long_paragraph_without_evidence():
    spun_par = "经由过程设置装备摆设文件可以或许启动效劳器，然则必须先点窜默许端心。"
    clean_par = FILLER * 25  # 400 chars, no evidence
    text = spun_par + "\n" + clean_par + "\n" + spun_par
    (v,) = _verdicts(text)
    assert v.spun
    regions = sd.spun_regions(text, v.evidence_starts)
    inside = lambda pos: any(s <= pos < e for s, e in regions)  # noqa: E731
    assert inside(0) and inside(len(text) - 1)
    assert not inside(len(spun_par) + 10)


def test_bigram_finder_matches_aho_corasick():
    det = sd.detector(TAB)
    assert det.finder is not None
    words = list(det.scan.keys())
    rng = random.Random(5)
    pieces = words + list("的了是在和，。一二三") + [FILLER]
    for _ in range(60):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        ac = [(e - len(w) + 1, e + 1, w) for e, w in det.scan.iter_long(text)]
        assert det.finder.find(text) == ac


def test_finder_chunks_agree(monkeypatch):
    f = sd.BigramFinder(["经由过程", "法式"])
    text = ("一" * 7 + "经由过程") * 5 + "法式"
    whole = f.find(text)
    monkeypatch.setattr(sd.BigramFinder, "CHUNK", 8)
    assert f.find(text) == whole and len(whole) == 6


@needs_shared
@pytest.mark.parametrize("lines_per_doc", [30, 100])
def test_pfr_line_documents_not_flagged(lines_per_doc):
    path = shared_path("data", "corpus", "pfr1998", "199801.txt")
    with open(path, encoding="utf-8") as fh:
        lines = ["".join(t.rsplit("/", 1)[0] for t in line.split()) for line in fh]
    docs = ["\n".join(lines[i : i + lines_per_doc]) for i in range(0, len(lines), lines_per_doc)]
    assert [v.reason() for d in docs for v in sd.judge(d, TAB) if v.spun] == []


@pytest.mark.parametrize("size", [2000, 30000, 10**9])
@needs_shared
def test_pfr_document_sizes_not_flagged(size):
    path = shared_path("data", "corpus", "pfr1998", "199801.txt")
    docs, cur = [], []
    n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cur.append("".join(t.rsplit("/", 1)[0] for t in line.split()))
            n += len(cur[-1]) + 1
            if n > size:
                docs.append("\n".join(cur))
                cur, n = [], 0
    docs.append("\n".join(cur))
    flagged = [v.reason() for d in docs for v in sd.judge(d, TAB) if v.spun]
    assert flagged == []


@needs_shared
def test_train_spun_articles_flagged_and_originals_not():
    rows = [json.loads(line) for line in shared_path("data", "spin", "pairs_train.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    spun = "\n".join(r["spun"] for r in rows)
    orig = "\n".join(r["original"] for r in rows)
    assert _spun(spun)
    assert not _spun(orig)


def test_finder_handles_lone_surrogates_and_astral_characters():
    f = sd.BigramFinder(["经由过程"])
    text = "\ud800😀经由过程\udfff经由过程"
    assert f.find(text) == [(2, 6, "经由过程"), (7, 11, "经由过程")]
    assert _spun("\ud800" + "我们经由过程这个办法解决了问题。")


def test_one_pair_alone_never_flags():
    # dialogue may say 咱们 throughout and never 我们: one pair, however repeated, is capped
    text = "“咱们走吧，”他说，“咱们明天再来，咱们一起去看看。”" * 4
    (v,) = _verdicts(text)
    assert 0 < v.consistency <= sd.PAIR_CAP < sd.THRESHOLD
    assert not v.spun


def test_user_dictionary_with_one_character_form(tmp_path):
    # a one-character user form cannot go through the bigram filter: the automaton scans instead
    d = tmp_path / "mine.tsv"
    d.write_text("甲\t乙\n奇异词汇\t普通词汇\n", encoding="utf-8")
    tab = spin.tables((str(d),))
    assert sd.detector(tab).finder is None
    (v,) = sd.judge("这是奇异词汇，经由过程甲。", tab)
    assert v.spun and {"奇异词汇", "经由过程"} <= {w for *_, w in v.markers}


# --- context evidence (the third term) and the jieba frequencies -------------------------------


def test_context_tips_a_block_just_short_of_the_threshold(monkeypatch):
    # 尔后, 须要 and 终极 read worse in place than 然后, 需要 and 最终: consistency alone is short
    text = "先打开设置页面，尔后须要点击保存按钮，终极完成。"
    (v,) = _verdicts(text)
    assert v.spun and v.context is not None and v.context > 0
    assert v.score - v.context < sd.threshold(len(text)) <= v.score
    assert "context_llr" in v.evidence() and "context" in v.reason()
    monkeypatch.setattr(sd, "CONTEXT_CAP", 0.0)
    (w,) = _verdicts(text)
    assert not w.spun


def test_context_llr_sign_cap_and_minimum_forms():
    spunish = "不须要应用连字符做分隔，咱们倡议如许做，尔后再搜检。"
    c, starts = sd.context_llr(spunish, TAB)
    assert 0 < c <= sd.CONTEXT_CAP and starts
    assert all(0 <= s < len(spunish) for s in starts)
    # forms that fit their place speak against spinning
    assert sd.context_llr("我们召开了会议，会议举行得很顺利，表现很好。", TAB)[0] < 0
    # one form that reads oddly is never positive evidence
    assert sd.context_llr("先打开页面，尔后点击按钮。", TAB)[0] <= 0
    # a block offset gives offsets relative to the block
    pre = "前言。"
    c2, starts2 = sd.context_llr(pre + spunish, TAB, len(pre))
    assert (c2, starts2) == (c, starts)


def test_context_not_computed_far_from_the_threshold():
    # clean text with a few ambiguous forms: decided without the context model
    text = ("这个游戏的表现力很强，主要原因在于画面。我们进行了测试，可以发现问题。") * 3
    for v in _verdicts(text):
        assert v.context is None and not v.spun
    # a block decided spun by its markers needs no context either
    (v,) = _verdicts("经由过程设置装备摆设文件可以或许启动效劳器，然则必须先点窜默许端心。")
    assert v.spun and v.context is None


def test_clean_counts_take_the_larger_of_news_and_jieba():
    both, total = sd._clean_table()
    counts, _ = sd.clean_counts()
    # 颜色 (colour) is rare in 1998 news and common in jieba's modern text
    news, jieba = both["颜色"]
    assert jieba > 5 * news and counts["颜色"] == jieba
    assert all(counts[w] == max(p, j) for w, (p, j) in list(both.items())[:200])
    assert total > 1_000_000


def test_context_can_take_back_a_block_just_over_the_threshold():
    # clean prose repeating real words a spinner also writes (开辟 新的道路, 成长, 配合, 开展):
    # consistency alone passes the threshold, but every form reads better in place than its
    # original, and the context evidence (a log-likelihood ratio like the others) says so
    text = "我们要开辟新的道路，开辟新的领域，开辟新的市场，以配合改革的开展，推动事业的成长。"
    (v,) = _verdicts(text)
    assert v.context is not None and v.context < 0
    assert v.score - v.context >= sd.threshold(len(text)) > v.score
    assert not v.spun
    assert textfix.fix(text, select=["spin"]).text == text
    # a block far above the threshold is decided without the context model
    (w,) = _verdicts("经由过程设置装备摆设文件可以或许启动效劳器，然则必须先点窜默许端心。" * 2)
    assert w.spun and w.context is None


def test_a_marker_inside_a_longer_real_word_is_no_evidence():
    # 住民 (the spun form of 居民) inside 原住民, 不消 inside 吃不消: jieba's dictionary holds the
    # longer word, and a spinner substitutes whole words
    assert sd._containers()["住民"] and sd.contained("台湾原住民的文化", 3, "住民")
    assert not sd.contained("社区住民的生活", 2, "住民")
    (v,) = _verdicts("这些原住民说，天天爬山有点吃不消。")
    assert v.markers == [] and v.marker_score == 0.0
    (w,) = _verdicts("这些住民说，天天爬山有点不消停。")
    assert {m for *_, m in w.markers} == {"住民", "不消"}
    # the table's last column names the containers (rebuilt by bench/build_spin_detect.py)
    rows = (files("textfix.dictionaries") / "spin_detect_freq.tsv").read_text(encoding="utf-8").splitlines()
    header = next(r for r in rows if not r.startswith("#"))
    assert header.split("\t")[-1] == "jieba_containers"


def test_a_marker_never_seen_in_clean_text_counts_more_than_a_rare_word(monkeypatch):
    # 运止 (运行) occurs nowhere in the clean corpus nor in jieba's dictionary; 出格 and 下层 are rare
    # real words. Alone, neither flags a sentence; next to one spun form without its original
    # (成长 for 发展) only the never-seen marker does.
    monkeypatch.setattr(sd, "CONTEXT_CAP", 0.0)  # markers and consistency only
    assert {"运止", "设置装备摆设", "尤为首要"} <= sd.unseen_forms()
    # rare real words, and real words jieba holds at its lowest frequencies, are not "never seen"
    assert not {"出格", "下层", "帮衬", "不雅", "竣事", "司理"} & sd.unseen_forms()
    assert sd.marker_llr(0.9, 300, sd.UNSEEN_MARKER_RATE) > sd.marker_llr(0.9, 300)
    assert not _spun("程序运止很快。")
    assert _spun("程序运止很快，未来成长的空间很大。")
    for rare in ("出格", "下层"):
        assert not _spun(f"程序{rare}很快，未来成长的空间很大。")


def test_without_markers_two_spun_forms_never_flag(monkeypatch):
    # no unambiguous marker: the evidence rests on real words (尔后, 须要) whose clean rates come
    # from news, so two forms never flag a block however well they score; a third one agreeing does
    two = "先打开设置页面，尔后须要点击保存按钮。"
    (v,) = _verdicts(two)
    assert v.distinct == 0 and len(v.telling) == 2 and not v.spun
    monkeypatch.setattr(sd, "MIN_FORMS_WITHOUT_MARKERS", 0)
    (w,) = _verdicts(two)
    assert w.score == v.score >= sd.threshold(len(two)) and w.spun
    monkeypatch.undo()
    (x,) = _verdicts("先打开设置页面，尔后须要点击保存按钮，终极完成。")
    assert len(x.telling) == 3 and x.spun
    # a marker with the same two forms flags as before
    assert _spun("先经由过程设置页面，尔后须要点击保存按钮。")


def _clean_paragraphs() -> dict[str, list[str]]:
    """Every paragraph of PFR 1998 and of the SIGHAN 2005 AS/CityU (Traditional) test sets, tags and
    segmentation spaces removed: the clean controls that come closest to the detector's threshold."""
    out: dict[str, list[str]] = {}
    with open(shared_path("data", "corpus", "pfr1998", "199801.txt"), encoding="utf-8") as fh:
        out["pfr"] = [p for line in fh if (p := "".join(t.rsplit("/", 1)[0] for t in line.split()))]
    out["sighan"] = []
    for name in ("as_testing_gold.utf8", "cityu_test_gold.utf8"):
        with open(shared_path("data", "corpus", "sighan2005", name), encoding="utf-8-sig") as fh:
            out["sighan"] += [p for line in fh if (p := "".join(line.split()))]
    return out


@needs_shared
def test_clean_paragraphs_alone_never_judged_spun():
    # each paragraph fixed on its own, as a corpus of one paragraph per record is: nothing around it
    # dilutes its forms. These come within 0.9 (SIGHAN) and 1.1 nats (PFR) of the threshold
    # (bench/spin_detect_margin.py), so a new real-word dictionary row is the first thing to tip one
    # over (an entry 时光→时间 did: a PFR paragraph with 国度, 陈述, 初次, 身材, 流露). spin.find is the
    # fixer's own path: a Traditional paragraph is folded to Simplified and judged with the regional tables.
    flagged = {name: [p[:30] for p in paras if any(e.rule == "spin-document" for e in spin.find(p, Context()))]
               for name, paras in _clean_paragraphs().items()}
    assert flagged == {"pfr": [], "sighan": []}
