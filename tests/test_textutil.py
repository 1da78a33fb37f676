"""textutil.diff_opcodes: the long-line diff the fixers and reports use."""

from __future__ import annotations

import difflib
import random

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
