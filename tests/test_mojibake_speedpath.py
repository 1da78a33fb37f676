"""The clean-text fast paths of the mojibake stage give the same results as the plain code they replace."""

from __future__ import annotations

import math

from textfix import lm
from textfix.fixers import mojibake as M
from textfix.fixers.mojibake_chains import CHAINS, CHAINS_BY_NAME, decode_strict, encode_chars, undo


def _undo_per_char(text: str, chain) -> str | None:
    """undo() as a character-by-character encode (the reference the one-call encode must match)."""
    data = encode_chars(text, chain.wrong)
    return None if data is None else decode_strict(data, chain.true)


def test_undo_whole_encode_matches_per_character_loop() -> None:
    samples = ["涓枃", "ÖÐÎÄ", "\x81\x8d中", "ä¸­æ–‡", "€\x90abc", "中文テスト", "\ue15f", "a\u00e9\u20ac", "😀涓", ""]
    for s in samples:
        for chain in CHAINS:
            assert undo(s, chain) == _undo_per_char(s, chain), (s, chain.name)
    # sloppy-1252's five undefined bytes take the per-character path and still undo
    assert undo("\x81", CHAINS_BY_NAME["utf8-as-sloppy-1252"]) == _undo_per_char("\x81", CHAINS_BY_NAME["utf8-as-sloppy-1252"])
    assert undo("涓\ue15f枃", CHAINS_BY_NAME["utf8-as-gb18030"]) == "中文"
    assert undo("ä¸\x81", CHAINS_BY_NAME["utf8-as-sloppy-1252"]) == "丁"  # 0x81 has no cp1252 byte: per-character path
    assert undo("中\u0400", CHAINS_BY_NAME["gb18030-as-latin1"]) is None


def _char_logprob_reference(text: str, context: str = "") -> float:
    """char_logprob without its caches."""
    m = lm._model()
    text = lm.fold(text)
    prev = lm.fold(context[-1]) if context else ""
    total = 0.0
    for ch in text:
        p = lm.unigram_prob(ch)
        if prev:
            cx = m.uni.get(prev, 0)
            if cx:
                p = lm._LAMBDA * m.bi.get(prev + ch, 0) / cx + (1 - lm._LAMBDA) * p
        total += math.log(p)
        prev = ch
    return total


def test_char_logprob_cached_steps_are_bit_identical() -> None:
    for text, ctx in [("中国", ""), ("国中", "人"), ("涓枃", "这"), ("ＡＢＣ　１２", "　"), ("東京に行きました。", ""),
                      ("\ufffd\ue000", "x"), ("", "中"), ("a1!", "")]:
        assert lm.char_logprob(text, ctx) == _char_logprob_reference(text, ctx), (text, ctx)
    assert lm.char_logprob("中国") > lm.char_logprob("国中")


def test_windows_from_the_first_dense_match_equals_a_full_scan() -> None:
    texts = ["这是一个干净的句子。\n" * 3 + "他说：" + "中文测试".encode().decode("gbk", "replace") + "。\n末行。",
             "前言\n" + "首页".encode().decode("gbk") + "|" + "设置".encode().decode("gbk") + "\n",
             "干净的文字，没有任何问题。"]
    for t in texts:
        dense = M._suspect_rx()[0].search(t)
        if dense:
            assert M._windows(t, dense.start()) == M._windows(t)
    assert M._windows(texts[1])  # the damaged strings do open a window


def test_traditional_opening_count_matches_set_intersection() -> None:
    t = M._script_tables()
    for s in ["朝羆参特別委請蕭萬長出面整合，", "这是简体中文的句子。", "臺灣 與 國際", "發表談話"]:
        assert len(set(t.hant_rx.findall(s[: M.TRAD_SAMPLE]))) == len(t.hant.intersection(s[: M.TRAD_SAMPLE]))
    assert M._simplified_in_traditional("朝羆参特別委請蕭萬長出面整合，") == [(0, 8)]
    assert M._simplified_in_traditional("这是简体中文的句子。") == []
