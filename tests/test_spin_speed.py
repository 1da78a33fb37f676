"""The spin fixer's fast paths give the same answers as the plain definitions they replace.

Each fast path (a vectorised scan, an automaton, an index) is checked against a
straightforward reference on generated text built from the shipped dictionaries, so the
tests need no shared data.
"""

from __future__ import annotations

import math
import random
from collections import Counter

from textfix.fixers import spin, spin_detect, spin_model
from textfix.fixers.spin_model import model, phrases, words


def _vocab_text(rng: random.Random, n_words: int, extra: list[str]) -> str:
    """Text of common two-character words, dictionary forms and punctuation."""
    common = [w for w, n in words().items() if len(w) == 2 and n >= 50]
    out = []
    for _ in range(n_words):
        r = rng.random()
        out.append(rng.choice(extra) if r < 0.3 else "，" if r < 0.35 else "\n" if r < 0.37 else rng.choice(common))
    return "".join(out)


def test_bigram_finder_count_matches_every_overlapping_occurrence():
    rng = random.Random(1)
    vocab = ["经由", "经由过程", "过程", "程序", "哈哈", "哈哈哈", "设置装备摆设", "装备"]
    finder = spin_detect.BigramFinder(vocab, bits=8)  # a small table: many false hits to reject
    auto = spin_detect.automaton(vocab)
    for _ in range(200):
        text = "".join(rng.choice(["经", "由", "过", "程", "序", "哈", "设置", "装备", "摆设", "。"]) for _ in range(60))
        assert finder.count(text) == Counter(w for _e, w in auto.iter(text))


def test_count_originals_matches_the_automaton():
    tab = spin.tables()
    rng = random.Random(2)
    origs = sorted({o for e in tab.entries.values() for o in e.originals})
    for _ in range(20):
        text = _vocab_text(rng, 300, origs)
        assert spin._count_originals(text, tab) == Counter(w for _e, w in tab.originals.iter(text))


def test_phrase_automaton_matches_the_set_lookups():
    lex = phrases()
    rng = random.Random(3)
    lexicon = sorted(lex)
    hits = 0
    for _ in range(20000):
        ph = rng.choice(lexicon)
        a = rng.randint(0, len(ph) - 1)
        b = rng.randint(a + 1, len(ph))
        left, word, right = ph[:a][-3:], ph[a:b], ph[b:][:3]
        if rng.random() < 0.3:  # and windows that are no phrase
            left = rng.choice(lexicon)[-rng.randint(0, 3):] if rng.random() < 0.5 else left
            right = rng.choice(lexicon)[: rng.randint(0, 3)]
        want = spin_model._in_phrase(left, word, right, lex)
        hits += want
        assert spin_model._in_shipped_phrase(left, word, right) == want, (left, word, right)
    assert 1000 < hits < 20000


def test_char_model_score_is_the_sum_of_its_logprobs():
    m = model()
    rng = random.Random(4)
    text = _vocab_text(rng, 400, ["举行", "能够", "那"])
    for _ in range(300):
        i = rng.randrange(3, len(text) - 6)
        left, word, right = text[max(0, i - rng.randint(0, 3)) : i], text[i : i + rng.randint(1, 3)], text[i + 3 : i + 3 + rng.randint(0, 3)]
        spin_model.clear_memos()
        hist, want = left[-2:], 0.0
        for ch in word + right[:2]:  # the definition: one character at a time
            want += math.log(_plain_prob(m, hist, ch))
            hist = (hist + ch)[-2:]
        assert m.score(left, word, right) == want


def _plain_prob(m, history: str, char: str) -> float:
    c = m.counts
    p = spin_model._L1 * (c.get(char, 0) + 0.5) / (m.total + 0.5 * m.vocab)
    if history:
        n1 = c.get(history[-1], 0)
        if n1:
            p += spin_model._L2 * c.get(history[-1] + char, 0) / n1
        if len(history) >= 2:
            n2 = c.get(history[-2:], 0)
            if n2:
                p += spin_model._L3 * c.get(history[-2:] + char, 0) / n2
    return p


def test_clear_memos_empties_them():
    m = model()
    m.score("召开", "会议", "。")
    spin_model.in_phrase("修改", "配置", "文件", phrases())
    spin_model.clear_memos()
    assert not m._cache and not m._scores and not spin_model._PHRASE_MEMO


def _char_swaps_reference(seg, offset, tab, lm, covered):
    """The one-character swap search, one Python step per swappable character (session 4)."""
    vocab = words()
    busy = set()
    for s, e in covered:
        busy.update(range(s, e))
    out = []
    for m in tab.char_class.finditer(seg):
        i, c = m.start(), m.group()
        if i in busy:
            continue
        best = None
        for j in (i - 1, i):
            if j < 0 or j + 2 > len(seg) or j in busy or j + 1 in busy:
                continue
            word = seg[j : j + 2]
            if not ("\u4e00" <= word[0] <= "\u9fff" and "\u4e00" <= word[1] <= "\u9fff") \
                    or lm.counts.get(word, 0) > 1 or word in vocab:
                continue
            for r in tab.char_subs[c]:
                cand = word[: i - j] + r + word[i - j + 1 :]
                if vocab.get(cand, 0) < spin.CHAR_MIN_WORD:
                    continue
                left, right = seg[max(0, j - 2) : j], seg[j + 2 : j + 4]
                delta = lm.score(left, cand, right) - lm.score(left, word, right)
                if delta > spin.CHAR_MARGIN and (best is None or delta > best[0]):
                    best = (delta, j, word, cand)
        if best:
            busy.update((best[1], best[1] + 1))
            out.append((offset + best[1], best[2], best[3]))
    return out


def test_char_swaps_match_the_per_character_search():
    tab, lm = spin.tables(), model()
    back: dict[str, list[str]] = {}
    for c, rs in tab.char_subs.items():
        for r in rs:
            back.setdefault(r, []).append(c)
    rng = random.Random(5)
    found = 0
    for _ in range(40):
        text = list(_vocab_text(rng, 200, ["工作", "支部", "体制", "机制"]))
        for k, ch in enumerate(text):  # swap characters the way the spinner does
            if ch in back and rng.random() < 0.4:
                text[k] = rng.choice(back[ch])
        seg = "".join(text)
        covered = [(a, a + rng.randint(1, 4)) for a in rng.sample(range(len(seg)), 5)]
        got = [(e.start, e.before, e.after) for e in spin._char_swaps(seg, 7, tab, lm, covered)]
        assert got == _char_swaps_reference(seg, 7, tab, lm, covered)
        found += len(got)
    assert found > 20


def test_consistency_visits_only_pairs_present_with_the_same_sum(monkeypatch):
    monkeypatch.setattr(spin_detect, "GATE_MARGIN", 1e9)  # every block takes the exact count
    monkeypatch.setattr(spin_detect, "CONTEXT_CAP", 0.0)  # and no context term joins the score
    tab = spin.tables()
    det = spin_detect.detector(tab)
    rng = random.Random(6)
    forms = [p.spun for p in det.pair_list] + [o for p in det.pair_list for o in p.originals]
    checked = 0
    for _ in range(30):
        text = _vocab_text(rng, 300, forms)
        if not any(w in det.pairs for *_, w in spin_detect._scan(det, text)):
            continue  # no informative spun form: the block is decided before the count
        counts = Counter(w for _e, w in det.union.iter_long(text))
        cons = 0.0
        for p in det.pairs.values():  # every pair, in order: the definition
            n_s, n_o = counts.get(p.spun, 0), sum(counts.get(o, 0) for o in p.originals)
            if n_s or n_o:
                cons += spin_detect.pair_llr(n_s, n_o, p.gain, p.loss)
        assert spin_detect.judge_block(text, tab).consistency == cons
        checked += 1
    assert checked > 20


def test_repair_given_the_documents_matches_equals_its_own_scan():
    tab = spin.tables()
    text = "经由过程设置装备摆设文件可以或许启动效劳器。\n咱们倡议如许做，举行测试。\n然则必须先点窜默许端心。"
    assert any(v.spun for v in spin_detect.judge(text, tab))
    counts = Counter(w for _e, w in tab.all_forms.iter_long(text))
    forms = [(e_ + 1 - len(w), e_ + 1, w) for e_, w in tab.all_forms.iter_long(text)]
    start = text.index("\n") + 1
    own = spin.repair(text, start, len(text), tab, counts, 9.0)
    given = spin.repair(text, start, len(text), tab, counts, 9.0, forms=[f for f in forms if f[0] >= start])
    assert [(e.start, e.after, e.reason) for e in own] == [(e.start, e.after, e.reason) for e in given] != []


def test_scores_are_score_bit_for_bit():
    """CharModel.scores (vectorised) gives and memoises exactly what score() computes one window at a time."""
    m = model()
    rng = random.Random(11)
    text = _vocab_text(rng, 600, ["举行", "能够", "那", "经由过程"])
    windows = []
    for _ in range(400):
        i = rng.randrange(0, len(text) - 6)
        windows.append((text[max(0, i - rng.randint(0, 3)) : i], text[i : i + rng.randint(1, 5)],
                        text[i + 5 : i + 5 + rng.randint(0, 3)]))
    windows.append(("", "𠀀a", ""))  # outside the BMP, and a character the model never saw
    spin_model.clear_memos()
    m.score(*windows[0])  # one memoised already
    got = dict(zip(windows, m.scores(windows)))
    assert all(m._scores[(k[0][-2:], k[1], k[2][:2])] == v for k, v in got.items())
    spin_model.clear_memos()
    for (left, word, right), value in got.items():
        assert m.score(left, word, right) == value
    assert len(set(got.values())) > 100
