"""Build dictionaries/lossy_trigram.tsv.gz: the Kneser-Ney character trigram counts of the exact lossy search.

Run: .venv/bin/python bench/build_lossy_trigram.py [SHARED_DIR]   (default ../shared)

Sources (derived counts only; no running text is shipped), the *train* side of bench/mojibake_lossy.py only:
  * PFR 1998 (People's Daily, January 1998, PKU ICL; research / non-commercial use)
    ../shared/data/corpus/pfr1998/199801.txt, tags and spaces removed, without every third line
    (``pfr_lines()[::3]`` is the bench's Simplified dev pool);
  * SIGHAN 2005 pku_test_gold (research / non-commercial use). msr_test_gold (Simplified dev pool) and the
    as/cityu gold sets (the Big5 dev pool) are left out.
Text is folded like :func:`textfix.fixers.lossy_model.fold` (full-width ASCII to ASCII, Traditional to
Simplified per character) and counted inside a line. Rows, by the length of the gram:

  * 1 character: its continuation count (distinct characters seen before it);
  * 2 characters: the pair's continuation count (distinct characters seen before the pair), when >= 1;
  * 3 characters: the trigram's count, when >= ``MIN_TRIGRAM`` (pruning keeps the file small and drops the
    long tail from which text could be reconstructed).
"""

from __future__ import annotations

import gzip
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textfix.fixers.lossy_model import fold  # noqa: E402

MIN_TRIGRAM = 2


def train_lines(shared: Path):
    """The train split: PFR without the bench's dev lines, and the PKU gold test set."""
    with open(shared / "data/corpus/pfr1998/199801.txt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 3:
                yield "".join(t.rsplit("/", 1)[0] for t in line.split())
    with open(shared / "data/corpus/sighan2005/pku_test_gold.utf8", encoding="utf-8-sig") as fh:
        for line in fh:
            yield "".join(line.replace("\u3000", " ").split())


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    if not (shared / "data/corpus").is_dir():
        sys.exit(f"shared data not found at {shared}")
    pairs: Counter[str] = Counter()
    triples: Counter[str] = Counter()
    chars = 0
    for line in train_lines(shared):
        s = fold(line)
        chars += len(s)
        pairs.update(s[i : i + 2] for i in range(len(s) - 1))
        triples.update(s[i : i + 3] for i in range(len(s) - 2))
    cont2 = Counter(g[1:] for g in triples)  # distinct characters before each pair
    cont1 = Counter(g[1:] for g in pairs)  # distinct characters before each character
    out = ROOT / "dictionaries/lossy_trigram.tsv.gz"
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# lossy_trigram.tsv.gz: Kneser-Ney character trigram counts for the exact lossy mojibake search\n")
        fh.write("# sources: PFR 1998 People's Daily Jan 1998 without every third line (PKU ICL; research/non-commercial)\n")
        fh.write("#   and SIGHAN 2005 pku gold test set (research/non-commercial); derived counts only, pruned\n")
        fh.write(f"# rows: 1 char = continuation count, 2 chars = continuation count, 3 chars = count (>= {MIN_TRIGRAM})\n")
        fh.write(f"# built by bench/build_lossy_trigram.py from {chars} characters\n")
        for table in (cont1, cont2):
            for g, n in sorted(table.items()):
                if "\t" not in g and "\n" not in g:
                    fh.write(f"{g}\t{n}\n")
        for g, n in sorted(triples.items()):
            if n >= MIN_TRIGRAM and "\t" not in g and "\n" not in g:
                fh.write(f"{g}\t{n}\n")
    print(f"wrote {out} ({out.stat().st_size} bytes, {chars} characters counted)")


if __name__ == "__main__":
    main()
