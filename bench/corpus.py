"""Scale QA for corpus users: memory over many records, per-record overhead, --jobs, odd records.

Usage (needs /work/shared; all scratch data goes to a temporary directory)::

    .venv/bin/python bench/corpus.py                 # every section, modest sizes
    .venv/bin/python bench/corpus.py --records 100000 --mb 200 --only memory,jobs

Sections:

* ``memory``: ``textfix.fix`` over N varied records in one process (clean PFR/SIGHAN
  sentences; UTF-8 read as GBK with U+FFFD; Traditional; spun lines; Latin mojibake),
  RSS every N/10 records: it must plateau.
* ``overhead``: CPU per short clean record (median of 3 passes over 20k records).
* ``jobs``: ``fix_jsonl`` on a mostly clean JSONL of ``--mb`` MB with jobs 1 and 2, and
  ``.jsonl.gz`` in and out: CPU seconds (parent and workers), MB per CPU second,
  and whether the outputs are byte-identical.
* ``patho``: seconds for pathological records at 10k/100k/1M characters.

Figures are CPU time (the machine is shared: wall time says little). There is no
peer to measure here: ftfy and OpenCC have no corpus mode.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path("/work/shared/data")


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pfr_sentences() -> list[str]:
    out = []
    for line in _read("corpus/pfr1998/199801.txt"):
        words = "".join(t.rsplit("/", 1)[0] for t in line.split())
        out += [s for s in re.split(r"(?<=[。！？])", words) if len(s) >= 6]
    return out


def _lines(name: str) -> list[str]:
    return ["".join(line.split()) for line in _read(f"corpus/sighan2005/{name}") if line.strip()]


def _read(name: str) -> list[str]:
    return (SHARED / name).read_text(encoding="utf-8-sig").splitlines()


def varied_records(n: int, seed: int = 7) -> list[str]:
    """Mostly clean sentences with a realistic share of damage of every kind."""
    rng = random.Random(seed)
    clean = _pfr_sentences() + _lines("msr_test_gold.utf8")
    trad = _lines("as_testing_gold.utf8") + _lines("cityu_test_gold.utf8")
    spun = [json.loads(line)["spun"] for line in _read("spin/pairs_train.jsonl")]
    spun = [p for s in spun for p in re.split(r"(?<=[。！？])", s) if len(p) > 5]
    latin = ["café crème brûlée", "naïve résumé façade", "Zürich Straße Größe", "São Paulo ação"]
    out = []
    for i in range(n):
        r = rng.random()
        if r < 0.6:
            t = rng.choice(clean)
        elif r < 0.72:
            t = rng.choice(clean).encode("utf-8").decode("gbk", "replace")
        elif r < 0.84:
            t = rng.choice(trad)
        elif r < 0.92:
            t = rng.choice(spun)
        else:
            t = f"{rng.choice(latin)} #{i}".encode().decode("cp1252", "replace")
        out.append(t)
    return out


def bench_memory(n: int) -> None:
    import gc

    import textfix

    records = varied_records(n)
    textfix.fix("热身")
    print(f"memory: {n:,} varied records in one process; start RSS {_rss_mb():.0f} MB")
    started, step = time.process_time(), max(1, n // 10)
    for i, text in enumerate(records, 1):
        textfix.fix(text)
        if i % step == 0:
            gc.collect()
            print(f"  {i:>8,} records: RSS {_rss_mb():5.0f} MB, {time.process_time() - started:7.1f} s CPU", flush=True)


def bench_overhead(n: int = 20_000) -> None:
    import textfix

    short = [s for s in _pfr_sentences() if len(s) < 40][:n]
    for s in short[:2000]:  # models load lazily on first use
        textfix.fix(s)
    runs = []
    for _ in range(3):
        t = time.process_time()
        for s in short:
            textfix.fix(s)
        runs.append(time.process_time() - t)
    med = statistics.median(runs)
    print(f"overhead: {len(short):,} short clean records: median {med:.2f} s CPU, {med / len(short) * 1e6:.0f} µs/record")


def _mostly_clean_jsonl(path: Path, mb: float, seed: int = 11) -> int:
    rng = random.Random(seed)
    paras = ["".join(t.rsplit("/", 1)[0] for t in line.split()) for line in _read("corpus/pfr1998/199801.txt")]
    trad = _lines("as_testing_gold.utf8")
    size, i = 0, 0
    with open(path, "w", encoding="utf-8") as out:
        while size < mb * 1e6:
            r, t = rng.random(), rng.choice(paras)
            if r < 0.001:
                t = t.encode("utf-8").decode("gbk", "replace")
            elif r < 0.006:
                t = rng.choice(trad)
            elif r < 0.01:
                t = t[:40] + "&amp;\u200b" + t[40:]
            line = json.dumps({"id": i, "meta": {"n": i}, "text": t}, ensure_ascii=(i % 10 == 0)) + "\n"
            out.write(line)
            size, i = size + len(line.encode()), i + 1
    return i


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bench_jobs(mb: float, tmp: Path) -> None:
    from textfix.corpus import fix_jsonl

    src = tmp / "in.jsonl"
    n = _mostly_clean_jsonl(src, mb)
    with open(src, "rb") as fh, gzip.open(tmp / "in.jsonl.gz", "wb") as gz:
        gz.write(fh.read())
    size = src.stat().st_size / 1e6
    print(f"jobs: {n:,} records, {size:.0f} MB JSONL (99% clean PFR paragraphs)")
    outs = {}
    import textfix

    for text in varied_records(200):  # load the models first (forked workers inherit them)
        textfix.fix(text)
    for name, inp, out, jobs in (("jobs 1", src, tmp / "o1.jsonl", 1), ("jobs 2", src, tmp / "o2.jsonl", 2),
                                 ("jobs 2 .gz", tmp / "in.jsonl.gz", tmp / "o2.jsonl.gz", 2)):
        c, w = _cpu(), time.perf_counter()
        summary = fix_jsonl(inp, out, jobs=jobs)
        cpu, wall = _cpu() - c, time.perf_counter() - w
        outs[name] = gzip.decompress(out.read_bytes()) if out.suffix == ".gz" else out.read_bytes()
        print(f"  {name:10s}: {cpu:7.1f} s CPU ({size / cpu:.2f} MB/CPU-s), {wall:7.1f} s wall ({size / wall:.2f} MB/s), "
              f"{summary.records:,} records, {summary.changed:,} changed")
    same = outs["jobs 1"] == outs["jobs 2"] == outs["jobs 2 .gz"]
    lines = outs["jobs 2"].count(b"\n")
    print(f"  outputs byte-identical: {same}; records out {lines:,} of {n:,}")


def bench_patho() -> None:
    import textfix

    rng = random.Random(5)
    paras = ["".join(t.rsplit("/", 1)[0] for t in line.split()) for line in _read("corpus/pfr1998/199801.txt")]
    flat = "".join(rng.sample(paras, 6000))
    emoji, rtl = "😀🎉👍🏽👨‍👩‍👧🇨🇳❤️", "مرحبا بالعالم שלום עולם 你好世界 "
    kinds = {
        "all U+FFFD": lambda n: "\ufffd" * n,
        "all emoji": lambda n: (emoji * (n // len(emoji) + 1))[:n],
        "one CJK character": lambda n: "的" * n,
        "RTL + CJK": lambda n: (rtl * (n // len(rtl) + 1))[:n],
        "clean, no newline": lambda n: (flat * (n // len(flat) + 1))[:n],
        "UTF-8 as GBK, no newline": lambda n: flat[: n * 2 // 3].encode("utf-8").decode("gbk", "replace")[:n],
    }
    textfix.fix("热身")
    print("patho: CPU seconds per record (growth stops once a size takes over 30 s)")
    for name, make in kinds.items():
        for n in (1_000, 10_000, 100_000, 1_000_000):
            text = make(n)
            t = time.process_time()
            r = textfix.fix(text)
            dt = time.process_time() - t
            print(f"  {name:26s} {n:>9,} chars: {dt:7.2f} s, {len(r.edits):5d} edits, {len(r.text):,} chars out", flush=True)
            if dt > 30:
                break


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=20_000)
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--only", default="memory,overhead,jobs,patho")
    args = ap.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"bench/corpus.py needs the shared data in {SHARED}")
    only = args.only.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        if "memory" in only:
            bench_memory(args.records)
        if "overhead" in only:
            bench_overhead()
        if "jobs" in only:
            bench_jobs(args.mb, Path(tmp))
        if "patho" in only:
            bench_patho()


if __name__ == "__main__":
    main()
