"""textutil: the long-line diff (diff_opcodes) and the blocks passage-level fixers judge (line_blocks)."""

from __future__ import annotations

import difflib
import random

from conftest import needs_shared, shared_path

import textfix
from textfix.textutil import DIFF_WHOLE_BELOW, diff_opcodes


def _check_opcodes(a: str, b: str) -> None:
    ops = diff_opcodes(a, b)
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)  # contiguous, in order
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))


def test_opcodes_rebuild_the_target_on_random_edits():
    rng = random.Random(7)
    pieces = ["这是一段很长的干净句子，包含 ASCII text 和数字 12345。", "cafÃ© ", "ÖÐÎÄ", "x" * 30, "\n"]
    for _ in range(200):
        a = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 150)))
        b = list(a)
        for _ in range(rng.randint(0, 5)):
            k = rng.randrange(len(b) + 1)
            b[k : k + rng.randint(0, 3)] = rng.choice(["", "é", "中文", "Z"])
        _check_opcodes(a, "".join(b))


def test_short_inputs_are_diffed_exactly_as_difflib_does():
    a, b = "ab cafÃ© naÃ¯ve x", "ab café naïve x"
    assert len(a) + len(b) < DIFF_WHOLE_BELOW
    assert diff_opcodes(a, b) == difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def test_mojibake_in_a_long_line_is_repaired_at_its_own_offsets():
    # a 1 MB line used to take hours (a quadratic diff of the whole line)
    body = "干净的中文，这是一段很长的句子。" * 60000
    line = "cafÃ© " + body + " naÃ¯ve"
    result = textfix.fix(line)
    assert result.text == "café " + body + " naïve"
    assert [(e.start, e.before, e.after) for e in result.edits] == [(3, "Ã©", "é"), (len(line) - 4, "Ã¯", "ï")]


def test_line_blocks_cut_a_very_long_line_at_sentence_ends():
    from textfix.textutil import line_blocks

    line = "这是一个很普通的句子，没有任何问题。" * 2000  # a dump whose newlines were removed
    blocks = line_blocks(line + "\n短行\n", 3000)
    assert blocks[0][0] == 0 and blocks[-1][1] == len(line) + 4
    assert all(a[1] == b[0] for a, b in zip(blocks, blocks[1:]))  # contiguous, nothing lost
    assert all(e - s <= 6000 for s, e in blocks)
    assert all(line[e - 1] == "。" for s, e in blocks[:-2])  # cut after a sentence end
    no_stop = "字" * 10000
    assert [e - s for s, e in line_blocks(no_stop, 3000)] == [6000, 4000]


@needs_shared
def test_clean_news_with_its_newlines_removed_gets_no_spin_edits():
    # judged as one 800k-character block, clean PFR text drew 1,589 spin edits (chance
    # evidence piles up faster than the length-scaled threshold grows)
    lines = []
    with open(shared_path("data/corpus/pfr1998/199801.txt"), encoding="utf-8") as fh:
        for raw in fh:
            lines.append("".join(t.rsplit("/", 1)[0] for t in raw.split()))
            if sum(map(len, lines)) > 800_000:
                break
    flat = "".join(lines)
    assert [e for e in textfix.check(flat, select=["spin"])] == []


def test_diff_of_a_long_line_rewritten_throughout_is_cut_at_short_anchors():
    # no 24-character unchanged run: difflib on the whole 7,000-character line took 209 s in textfix.fix
    a, b = "naÃ¯ve " * 1000, "naïve " * 1000
    _check_opcodes(a, b)
    assert sum(op[0] == "replace" for op in diff_opcodes(a, b)) == 1000  # still one change per word
    assert textfix.fix(a).text == b
    # nothing unchanged at all: one replacement of the stretch
    assert diff_opcodes("Ã©" * 3000, "é" * 3000) == [("replace", 0, 6000, 0, 3000)]
