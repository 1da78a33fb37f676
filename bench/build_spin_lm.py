"""Build dictionaries/spin_lm.tsv.gz: the character n-gram counts of the spin context model.

Run: .venv/bin/python bench/build_spin_lm.py [SHARED_DIR]   (default ../shared)

Sources (derived counts only; no running text is shipped):
  * PFR 1998 (People's Daily, January 1998, segmented by PKU ICL; research / non-commercial use)
    ../shared/data/corpus/pfr1998/199801.txt, tags and spaces removed;
  * SIGHAN 2005 bakeoff gold test sets pku_test_gold and msr_test_gold (research / non-commercial use).
Counts: every character unigram, bigrams seen >= 2 times, trigrams seen >= 3 times; the
character total is recorded in the header. Pruning keeps the file small and drops the long
tail from which the text could be reconstructed.
"""

from __future__ import annotations

import gzip
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIN_COUNT = {1: 1, 2: 2, 3: 3}


def sentences(shared: Path):
    """Clean lines as plain text (segmentation spaces and POS tags removed)."""
    with open(shared / "data/corpus/pfr1998/199801.txt", encoding="utf-8") as fh:
        for line in fh:
            yield "".join(t.rsplit("/", 1)[0] for t in line.split())
    for name in ("pku_test_gold.utf8", "msr_test_gold.utf8"):
        with open(shared / "data/corpus/sighan2005" / name, encoding="utf-8-sig") as fh:
            for line in fh:
                yield "".join(line.split())


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    if not (shared / "data/corpus").is_dir():
        sys.exit(f"shared data not found at {shared}")
    counts = {k: Counter() for k in (1, 2, 3)}
    total = 0
    for s in sentences(shared):
        total += len(s)
        for k in (1, 2, 3):
            counts[k].update(s[i : i + k] for i in range(len(s) - k + 1))
    out = ROOT / "dictionaries/spin_lm.tsv.gz"
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# textfix spin context model: character n-gram counts\n")
        fh.write("# sources: PFR 1998 People's Daily Jan 1998 (PKU ICL; research/non-commercial) and SIGHAN 2005\n")
        fh.write("#   pku/msr gold test sets (research/non-commercial); derived counts only, pruned\n")
        fh.write(f"# pruning: min count per order {MIN_COUNT}; built by bench/build_spin_lm.py\n")
        fh.write(f"#total\t{total}\n")
        for k in (1, 2, 3):
            for g, n in sorted(counts[k].items()):
                if n >= MIN_COUNT[k] and "\t" not in g and "\n" not in g:
                    fh.write(f"{g}\t{n}\n")
    print(f"wrote {out} ({out.stat().st_size} bytes, {total} chars counted)")


if __name__ == "__main__":
    main()
