"""Scale QA: what a long-running corpus process needs (bounded caches, per-text overhead, odd records)."""

from __future__ import annotations

import functools
import importlib
import pkgutil
from pathlib import Path

import pytest

import textfix
from textfix import api, pipeline
from textfix.corpus import fix_jsonl, fix_jsonl_line
from textfix.options import OptionError, Options

#: Caches without a size limit whose keys come from a small fixed set (a codec
#: chain, a codec tuple, an OpenCC config name), never from the text.
FINITE_KEY_CACHES = {
    "textfix.fixers.mojibake_chains.chain_chars",
    "textfix.fixers.mojibake_chains.utf8_struct_classes",
    "textfix.fixers.script.converter",
}


def _lru_caches() -> dict[str, object]:
    found = {}
    for info in pkgutil.walk_packages(textfix.__path__, "textfix."):
        if info.name.endswith("__main__"):  # importing it runs the CLI
            continue
        try:
            mod = importlib.import_module(info.name)
        except ImportError:  # an optional extra (dask, pyarrow ...) missing
            continue
        for name, obj in vars(mod).items():
            if hasattr(obj, "cache_info") and getattr(obj, "__module__", None) == mod.__name__:
                found[f"{mod.__name__}.{name}"] = obj
    return found


def test_every_text_keyed_lru_cache_has_a_size_limit() -> None:
    caches = _lru_caches()
    assert "textfix.pipeline._stages" in caches  # the walk does find caches
    unbounded = sorted(name for name, fn in caches.items()
                       if fn.cache_info().maxsize is None and name not in FINITE_KEY_CACHES)
    assert unbounded == []


def test_options_are_built_and_checked_once_not_per_text() -> None:
    assert api._options(None, {}) is api._options(None, {"script": None})
    opts = Options(select=("unicode",))
    assert api._options(opts, {}) is opts  # not copied through dataclasses.replace again
    assert api._options(opts, {"min_confidence": 0.9}).min_confidence == 0.9


def test_a_bad_selector_is_rejected_every_time_not_only_the_first() -> None:
    for _ in range(2):
        with pytest.raises(OptionError):
            textfix.fix("x", select=["no-such-rule"])


def test_stage_cache_stays_bounded_over_many_option_sets() -> None:
    for i in range(400):
        pipeline.run("a&amp;b", Options(min_confidence=i / 400))
    info = pipeline._stages.cache_info()
    assert info.maxsize is not None and info.currsize <= info.maxsize


def test_selected_stages_still_honoured_through_the_cache() -> None:
    text = "cafÃ© a&amp;b"
    assert textfix.fix(text, select=["unicode"]).text == "cafÃ© a&b"
    assert textfix.fix(text).text == "café a&b"
    assert pipeline.run(text, Options(), stages=["unicode"]).text == "cafÃ© a&b"


@pytest.mark.parametrize("text", [
    "\ufffd" * 100_000,  # all replacement characters: nothing left to recover, nothing dropped
    "😀🎉👍🏽👨‍👩‍👧🇨🇳❤️" * 10_000,
    "的" * 100_000,
    "مرحبا بالعالم שלום עולם 你好世界 " * 3_000,
])
def test_pathological_record_comes_back_intact(text: str) -> None:
    assert textfix.fix(text).text == text


def test_a_million_character_line_passes_through_jsonl_whole(tmp_path: Path) -> None:
    big = "的" * 1_000_000
    src = tmp_path / "in.jsonl"
    src.write_text(f'{{"id": 1, "text": "{big}"}}\n{{"id": 2, "text": "cafÃ©"}}\n', encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    summary = fix_jsonl(src, dst, jobs=1)
    lines = dst.read_bytes().splitlines(keepends=True)
    assert summary.records == 2 and len(lines) == 2
    assert lines[0] == src.read_bytes().splitlines(keepends=True)[0]
    assert b"caf\xc3\xa9" in lines[1]


def test_deeply_nested_value_is_passed_through_with_a_reason() -> None:
    raw = b'{"text": "x", "deep": ' + b"[" * 200_000 + b"]" * 200_000 + b"}\n"
    out, result, reason = fix_jsonl_line(raw)
    assert out == raw and result is None and "nested" in reason


@functools.cache
def _records() -> list[bytes]:
    texts = ["cafÃ©", "干净的中文。", "a&amp;b", "", "涓枃", "not json", "{}", "今天天气很好。"] * 40
    return [(f'{{"id": {i}, "text": "{t}"}}\n' if t not in ("not json", "{}") else t + "\n").encode()
            for i, t in enumerate(texts)]


def test_two_jobs_give_the_same_bytes_in_the_same_order(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl.gz"
    from textfix.corpus import open_corpus

    with open_corpus(src, "wb") as fh:
        fh.write(b"".join(_records()))
    one, two = tmp_path / "one.jsonl.gz", tmp_path / "two.jsonl.gz"
    s1 = fix_jsonl(src, one, jobs=1, chunk=7)
    s2 = fix_jsonl(src, two, jobs=2, chunk=7)
    assert one.read_bytes() == two.read_bytes()  # gzip header has no name or time
    assert s1.to_dict() | {"seconds": 0} == s2.to_dict() | {"seconds": 0}
    with open_corpus(two, "rb") as fh:
        lines = fh.read().splitlines()
    assert len(lines) == len(_records())
    ids = [int(line.split(b'"id": ')[1].split(b",")[0]) for line in lines if line.startswith(b'{"id"')]
    assert ids == sorted(ids)


def test_parquet_one_pool_keeps_rows_in_place_across_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from textfix import corpus

    texts = ["cafÃ©", None, "a&amp;b", "干净。", None, None, None, "涓枃", "x"] * 3 + [None] * 3
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": list(range(len(texts))), "text": texts}), src, row_group_size=3)
    monkeypatch.setattr(corpus, "PARQUET_BATCH_ROWS", 3)  # ten batches, the last without any string
    monkeypatch.setattr(corpus, "PARQUET_CHUNK", 2)  # chunks split inside batches too
    want = [None if t is None else textfix.fix(t).text for t in texts]
    for jobs in (1, 2):
        dst = tmp_path / f"out{jobs}.parquet"
        summary = corpus.fix_parquet(src, dst, jobs=jobs)
        table = pq.read_table(dst)
        assert table.column("id").to_pylist() == list(range(len(texts)))
        assert table.column("text").to_pylist() == want
        assert summary.records == len(texts)


def test_per_option_set_cache_calls_through_for_unhashable_options() -> None:
    from textfix.options import cached_per_option_set

    calls = []

    @cached_per_option_set(maxsize=4)
    def work(opts: object) -> int:
        calls.append(opts)
        return len(calls)

    assert work(("a",)) == work(("a",)) == 1  # hashable: computed once
    assert work(["a"]) == 2 and work(["a"]) == 3  # a list inside: not cached, never a TypeError
    assert work.cache_info().currsize == 1
