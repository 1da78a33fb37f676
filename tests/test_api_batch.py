"""The API for pipelines: many texts in one call, and clear errors for what is not text."""

from __future__ import annotations

import pytest

import textfix
from textfix import Options

TEXTS = ["cafÃ©", "干净的中文。", "a&amp;b\u200b", "", "naÃ¯ve ä¸­æ–‡"]


def test_fix_many_matches_fix_in_order() -> None:
    results = list(textfix.fix_many(TEXTS))
    assert [r.text for r in results] == [textfix.fix(t).text for t in TEXTS]
    assert [r.source for r in results] == TEXTS


def test_fix_many_takes_any_iterable_lazily_and_honours_options() -> None:
    gen = (t for t in TEXTS)
    it = textfix.fix_many(gen, select=["unicode"])
    assert next(it).text == "cafÃ©"  # mojibake not selected
    assert [r.text for r in it] == ["干净的中文。", "a&b", "", "naÃ¯ve ä¸­æ–‡"]
    opts = Options(select=("mojibake",))
    assert [r.text for r in textfix.fix_many(["cafÃ© &amp;"], options=opts)] == ["café &amp;"]


def test_fix_many_in_worker_processes_gives_the_same_results() -> None:
    texts = TEXTS * 7
    serial = [r.text for r in textfix.fix_many(texts)]
    parallel = list(textfix.fix_many(texts, jobs=2, chunksize=3))
    assert [r.text for r in parallel] == serial
    assert [[e.rule for e in r.edits] for r in parallel] == [[e.rule for e in textfix.fix(t).edits] for t in texts]


def test_fix_many_rejects_a_non_string_naming_its_position() -> None:
    with pytest.raises(TypeError, match=r"item 1.*NoneType"):
        list(textfix.fix_many(["ok", None]))
    with pytest.raises(textfix.OptionError):
        list(textfix.fix_many(["ok"], select=["nonexistent"]))


@pytest.mark.parametrize("value", [None, 1, b"caf\xc3\xa9", ["a"]])
def test_fix_and_check_reject_non_strings_with_a_clear_type_error(value) -> None:
    with pytest.raises(TypeError, match="str"):
        textfix.fix(value)
    with pytest.raises(TypeError, match="str"):
        textfix.check(value)


def test_bytes_given_to_fix_points_to_fix_bytes() -> None:
    with pytest.raises(TypeError, match="fix_bytes"):
        textfix.fix(b"abc")


@pytest.mark.parametrize("value", [None, "text", 3])
def test_fix_bytes_rejects_non_bytes_with_a_type_error(value) -> None:
    with pytest.raises(TypeError, match="bytes"):
        textfix.fix_bytes(value)


def test_fix_bytes_accepts_bytearray_and_memoryview() -> None:
    data = "cafÃ©".encode()
    assert textfix.fix_bytes(bytearray(data)).data == "café".encode()
    assert textfix.fix_bytes(memoryview(data)).data == "café".encode()


@pytest.mark.parametrize("text", [
    "a\ud800b", "x\udcff\udcfe中文", "a\x00b", "ab\ufeffcd", "\ufeff开头", "中\ufeff文\x00",
    "中文\ud83d\ude00", "cafÃ©\ud800", "\u200b" * 3, "干净的中文。" * 2000 + "a&amp;b",
])
def test_odd_strings_are_idempotent_and_fix_many_agrees(text: str) -> None:
    once = textfix.fix(text).text
    assert textfix.fix(once).text == once
    assert [r.text for r in textfix.fix_many([text])] == [once]


def test_str_subclass_is_accepted() -> None:
    class S(str):
        pass

    assert textfix.fix(S("cafÃ©")).text == "café"
