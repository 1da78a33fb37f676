"""Long lines: the mojibake search is linear in the line length and its memos stay bounded.

The windowed decode and the per-text noise runs must give exactly what the simple
whole-tail versions gave; the reference versions below are the pre-window code.
"""

from __future__ import annotations

import random

import pytest

import textfix
from textfix.fixers import mojibake as mj
from textfix.fixers import mojibake_lossy as ml
from textfix.fixers.mojibake_chains import encode_char

CODECS = ["utf-8", "gb18030", "gbk", "cp950", "big5", "cp932", "shift_jis", "euc_jp", "euc_kr", "sloppy-1252"]


def first_error_whole_tail(data: bytes, pos: int, codec: str) -> tuple[int, int]:
    n = len(data)
    try:
        mj.decode_strict_or_raise(data[pos:], codec)
        return n, n
    except UnicodeDecodeError as exc:
        return pos + exc.start, pos + max(exc.end, exc.start + 1)


def aligned_pieces_whole_tail(data: bytes, bounds: list[int], codec: str) -> list[tuple[int, int, str]]:
    # the pre-window loop: whole-tail decode and a scan of every bound (the alignment step is shared)
    index = {b: i for i, b in enumerate(bounds)}
    out = []
    pos, n = 0, len(data)
    while pos < n:
        end, nxt = first_error_whole_tail(data, pos, codec)
        piece = mj._align(data, [b for b in bounds if pos <= b < end][:4], end, index, codec)
        if piece is not None:
            out.append(piece)
        pos = max(nxt, pos + 1)
    return out


def damaged_bytes(rnd: random.Random, codec: str, n: int) -> bytes:
    """Valid text in ``codec`` with random bytes spliced in: errors of every kind, some at a window cut."""
    text = "".join(rnd.choice("中文字符编码测试繁體例子ａｂ。，abc 12") for _ in range(n))
    enc = "cp1252" if codec == "sloppy-1252" else codec
    data = bytearray(text.encode(enc, errors="ignore"))
    for _ in range(n // 6):
        data.insert(rnd.randrange(len(data) + 1), rnd.randrange(0x80, 0x100))
    return bytes(data)


@pytest.mark.parametrize("codec", CODECS)
def test_windowed_decode_finds_the_same_first_error(codec, monkeypatch):
    monkeypatch.setattr(mj, "_DECODE_WINDOW", 5)  # tiny windows: most answers need the window grown
    rnd = random.Random(codec)
    for _ in range(40):
        data = damaged_bytes(rnd, codec, rnd.randint(1, 60))
        for pos in range(len(data)):
            assert mj._first_error(data, pos, codec) == first_error_whole_tail(data, pos, codec)


@pytest.mark.parametrize("codec", CODECS)
def test_aligned_pieces_are_those_of_the_whole_tail_decode(codec, monkeypatch):
    monkeypatch.setattr(mj, "_DECODE_WINDOW", 7)
    rnd = random.Random("pieces" + codec)
    for _ in range(60):
        data = damaged_bytes(rnd, codec, rnd.randint(1, 200))
        cuts = sorted({0, len(data), *rnd.sample(range(len(data) + 1), min(len(data) + 1, len(data) // 2 + 1))})
        assert mj._aligned_pieces(data, cuts, codec) == aligned_pieces_whole_tail(data, cuts, codec)


def test_windowed_decode_grows_past_a_window_cut_inside_a_character():
    # 中 is three UTF-8 bytes: a window of 4 cuts the second one; the whole tail is clean
    data = "中中中中".encode()
    assert mj._first_error(data, 0, "utf-8") == (12, 12)
    assert mj._first_error(data + b"\xff" + data, 0, "utf-8") == (12, 13)


def high_run_char_by_char(text: str, s: int, e: int, codec: str) -> str:
    while s > 0 and not text[s - 1].isascii() and encode_char(text[s - 1], codec) is not None:
        s -= 1
    while e < len(text) and not text[e].isascii() and encode_char(text[e], codec) is not None:
        e += 1
    return text[s:e]


@pytest.mark.parametrize("codec", ["sloppy-1252", "cp437"])
def test_noise_runs_match_the_character_by_character_walk(codec):
    rx = mj._high_chars(codec)
    for cp in range(0x10000):
        c = chr(cp)
        assert bool(rx.fullmatch(c)) == (not c.isascii() and encode_char(c, codec) is not None), hex(cp)
    rnd = random.Random(codec)
    alphabet = "ÖÐÎÄ╓╨╬─€™\x81 ab中文。é" + "".join(map(chr, range(0x80, 0x100, 7)))
    for _ in range(30):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        for s in range(len(text) + 1):
            for e in range(s, len(text) + 1, 3):
                assert mj._high_run(text, s, e, codec) == high_run_char_by_char(text, s, e, codec)


def test_a_long_line_of_gbk_read_as_latin1_is_repaired_whole():
    # one 6,000-character line of noise, no newline: the search used to be quadratic here
    src = "我们今天去北京大学参观了图书馆，那里的建筑非常漂亮。" * 120
    noisy = src.encode("gbk").decode("latin-1")
    assert len(noisy) > 6000
    assert textfix.fix(noisy, select=["mojibake"]).text == src


def test_score_memos_stay_bounded_and_do_not_change_repairs(monkeypatch):
    texts = [s.encode("utf-8").decode(codec, errors="replace")
             for s in ("这是一个很好的例子，我们今天讨论中文测试。", "經濟發展和社會進步取得了新的成就。")
             for codec in ("gbk", "cp950")]
    ml._PAIRS.clear()
    ml._TRIPLES.clear()
    full = [textfix.fix(t, select=["mojibake"]).text for t in texts]
    assert len(ml._PAIRS) > 40  # the repairs do fill the memo
    monkeypatch.setattr(ml, "MEMO_CAP", 40)
    ml._PAIRS.clear()
    ml._TRIPLES.clear()
    capped = []
    for t in texts:
        capped.append(textfix.fix(t, select=["mojibake"]).text)
        assert 0 < len(ml._PAIRS) <= 40 and len(ml._TRIPLES) <= 40
    assert capped == full
    ml._PAIRS.clear()
    ml._TRIPLES.clear()


def test_default_memo_cap_is_a_few_hundred_thousand():
    assert 50_000 <= ml.MEMO_CAP <= 250_000


def test_the_swap_search_reads_every_damaged_stretch_of_a_long_line():
    # 300 sentences on one line: the Viterbi pass keeps back-pointers, not a path per state
    chain = mj.CHAINS_BY_NAME["big5-as-gbk"]
    t = ("這是" + "繁體中文".encode("big5").decode("gbk") + "的測試句子。") * 300
    found = mj.swap_candidates(t, 0, len(t), chain)
    assert [c.after for c in found] == ["繁體中文"] * 300
    assert [c.start for c in found] == [2 + 12 * k for k in range(300)]
