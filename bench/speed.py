"""Throughput of the default pipeline on clean Chinese text, peers measured in the same run.

    .venv/bin/python bench/speed.py            # 10 MB, documents of 2 KB and 30 KB
    .venv/bin/python bench/speed.py --mb 2 --sizes 2000,30000,3000000

The text is the clean corpus bench/mojibake.py's speed() uses (PFR 1998 January
plus the SIGHAN 2005 msr/pku test gold, segmentation removed), cut into
documents of whole lines of about the given size in UTF-8 bytes. Printed: MB/s
(UTF-8 megabytes) and the ratio to ``ftfy.fix_text`` on the same documents, each
the median of 3 timed runs, for

* ``ftfy.fix_text`` and one OpenCC ``s2t`` pass (the peers);
* each stage alone (``pipeline.run(..., stages=[name])``, i.e. that fixer's own
  ``find`` plus the pipeline's filtering);
* ``check(select=mojibake,unicode)``: the job ftfy does;
* ``check`` with all stages (the default pipeline).

Needs /work/shared (TEXTFIX_SHARED); exits with a message when it is absent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import ftfy  # noqa: E402
import mojibake as mb_bench  # noqa: E402  (bench/mojibake.py: corpus readers)

import textfix  # noqa: E402
from textfix import fixers, pipeline  # noqa: E402
from textfix.options import Options  # noqa: E402


def clean_lines() -> list[str]:
    """The clean corpus lines, as bench/mojibake.py's speed() reads them."""
    mb_bench.need_shared()
    lines = (mb_bench.pfr_lines() + mb_bench.sighan_lines("msr_test_gold.utf8")
             + mb_bench.sighan_lines("pku_test_gold.utf8"))
    return [ln for ln in lines if ln.strip()]


def documents(lines: list[str], mb: float, size: int) -> list[str]:
    """Documents of whole lines of about ``size`` UTF-8 bytes, ``mb`` megabytes in all."""
    docs: list[str] = []
    cur: list[str] = []
    cur_size = total = 0
    i = 0
    while total < mb * 1e6:
        line = lines[i % len(lines)]
        i += 1
        cur.append(line)
        cur_size += len(line.encode()) + 1
        if cur_size >= size:
            docs.append("\n".join(cur) + "\n")
            total += cur_size
            cur, cur_size = [], 0
    return docs


def timed(fn: Callable[[str], object], docs: list[str], runs: int = 3) -> float:
    """Median wall time of ``runs`` passes of ``fn`` over ``docs``."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for d in docs:
            fn(d)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=10.0, help="megabytes of text per document size")
    ap.add_argument("--sizes", default="2000,30000", help="document sizes in bytes, comma-separated")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    lines = clean_lines()
    try:
        import opencc

        s2t = opencc.OpenCC("s2t").convert
    except ImportError:  # optional peer
        s2t = None
    textfix.check("预热，中文文本。\n" * 20)  # load every table once, outside the timing
    opts = Options()
    stage_names = [m.NAME for m in fixers.all_fixers()]
    for size in (int(s) for s in args.sizes.split(",")):
        docs = documents(lines, args.mb, size)
        mbs = sum(len(d.encode()) for d in docs) / 1e6
        print(f"\n## {mbs:.1f} MB of clean Chinese in {len(docs)} documents of ~{size:,} bytes "
              f"(median of {args.runs} runs)")
        t_f = timed(ftfy.fix_text, docs, args.runs)
        rows: list[tuple[str, float]] = [("ftfy.fix_text", t_f)]
        if s2t:
            rows.append(("OpenCC s2t", timed(s2t, docs, args.runs)))
        for name in stage_names:
            rows.append((f"stage {name} alone",
                         timed(lambda d, n=name: pipeline.run(d, opts, stages=[n]), docs, args.runs)))
        rows.append(("check(select=mojibake,unicode)",
                     timed(lambda d: textfix.check(d, select=["mojibake", "unicode"]), docs, args.runs)))
        rows.append(("check (all stages)", timed(textfix.check, docs, args.runs)))
        for label, t in rows:
            print(f"{label:34s} {mbs / t:8.1f} MB/s   {t_f / t:6.2f}x ftfy")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
