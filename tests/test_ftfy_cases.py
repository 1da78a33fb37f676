"""ftfy's own mojibake test cases (../shared/data/ftfy-test-cases, Apache-2.0).

What textfix should produce: ftfy's data gives two expectations per case,
``fixed`` (``ftfy.fix_text``) and ``fixed-encoding`` (``ftfy.fix_encoding``).
textfix sits between the two: it undoes mojibake like ``fix_encoding`` and
applies some of ``fix_text``'s hygiene (HTML entities, C0 control characters,
surrogates, NFC) but never uncurls quotes, folds full-width forms, splits
ligatures or rewrites line breaks, because those rewrite clean Chinese.
So the expectation is ``fixed-encoding``, except for the few cases whose
only difference from ``fixed`` comes from a rule textfix shares with
``fix_text`` (listed in ``SHARED_HYGIENE``). That is exactly what
``ftfy.fix_text`` gives when configured with textfix's rule set, which
``test_comparison_matches_ftfy_restricted_to_textfix_rules`` checks.
"""

from __future__ import annotations

import json

import pytest

import textfix

from conftest import SHARED, needs_shared, shared_path

CASE_DIR = ("data", "ftfy-test-cases")
FILES = ("in-the-wild.json", "language-names.json", "synthetic.json", "negative.json", "known-failures.json")

#: Cases whose expectation is ``fixed`` (fix_text), with the shared rule that makes the difference.
SHARED_HYGIENE = {
    "HTML entity on top of UTF-8 / Latin-1": "unicode-html-entity: &frac14; is decoded, then the mojibake under it",
    "Synthetic, negative: don't leak our internal use of byte 0x1A": "unicode-control: C0 U+001A is removed, C1 U+0081 kept",
    "Synthetic, negative: U+1A on its own": "unicode-control: C0 U+001A is removed",
}

#: Floor for known failures (ftfy gets them wrong) that textfix repairs; measured 0 with
#: the ftfy-based Latin mojibake fixer. Raise it when the mojibake fixer improves.
KNOWN_FAILURES_FLOOR = 0


def _load() -> list[dict]:
    if not (SHARED / "data").is_dir():
        return []
    cases = []
    for name in FILES:
        for i, case in enumerate(json.loads(shared_path(*CASE_DIR, name).read_text(encoding="utf-8"))):
            cases.append({**case, "_id": f"{name.removesuffix('.json')}-{i}"})
    return cases


CASES = _load()
PASS = [c for c in CASES if c["expect"] == "pass"]
FAIL = [c for c in CASES if c["expect"] == "fail"]

#: Cases the current mojibake fixer misses; it is being rewritten, so these may pass any time.
MOJIBAKE_IN_PROGRESS: dict[str, str] = {}


def expected(case: dict) -> str:
    if case["label"] in SHARED_HYGIENE:
        return case["fixed"]
    return case.get("fixed-encoding", case["fixed"])


def _param(case: dict, *, known_misses: bool = True):
    marks = []
    if known_misses and case["label"] in MOJIBAKE_IN_PROGRESS:
        marks.append(pytest.mark.xfail(strict=False, reason="fixer in progress: " + MOJIBAKE_IN_PROGRESS[case["label"]]))
    return pytest.param(case, id=case["_id"], marks=marks)


@needs_shared
def test_case_counts() -> None:
    assert len(PASS) == 151 and len(FAIL) == 10
    assert set(SHARED_HYGIENE) <= {c["label"] for c in PASS}


@needs_shared
@pytest.mark.parametrize("case", [_param(c) for c in PASS])
def test_ftfy_pass_case(case: dict) -> None:
    result = textfix.fix(case["original"])
    assert result.text == expected(case)
    # and the recorded edits replay to the same text
    assert textfix.replay(case["original"], [s.edits for s in result.steps]) == result.text


@needs_shared
@pytest.mark.parametrize("case", [_param(c) for c in PASS])
def test_ftfy_pass_case_with_one_more_layer_of_damage(case: dict) -> None:
    # as in ftfy's own test: the damaged text, UTF-8 encoded and read as Latin-1 once more
    doubled = case["original"].encode("utf-8").decode("latin-1")
    assert textfix.fix(doubled).text == expected(case)


@needs_shared
@pytest.mark.parametrize("case", [_param(c, known_misses=False) for c in PASS])
def test_ftfy_pass_case_is_idempotent(case: dict) -> None:
    once = textfix.fix(case["original"]).text
    assert textfix.fix(once).text == once


@needs_shared
def test_comparison_matches_ftfy_restricted_to_textfix_rules() -> None:
    """The expectation chosen above is ftfy.fix_text with only the rules textfix shares."""
    ftfy = pytest.importorskip("ftfy")
    config = ftfy.TextFixerConfig(
        uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False, fix_line_breaks=False
    )
    mismatched = [c["label"] for c in PASS if ftfy.fix_text(c["original"], config) != expected(c)]
    assert mismatched == []


@needs_shared
def test_known_failures_floor() -> None:
    repaired = [c["label"] for c in FAIL if textfix.fix(c["original"]).text == expected(c)]
    print(f"known failures repaired: {len(repaired)}/{len(FAIL)}: {repaired}")
    assert len(repaired) >= KNOWN_FAILURES_FLOOR

