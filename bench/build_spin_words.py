"""Build dictionaries/spin_words.tsv.gz: word frequencies used by the spin fixer's
character-swap rule (a repaired word must be a real, common word).

Run: .venv/bin/python bench/build_spin_words.py [SHARED_DIR]   (default ../shared)

Source: the word segmentation of PFR 1998 (People's Daily, January 1998, PKU ICL; research /
non-commercial use), derived counts only: two- to four-character Han words seen >= 3 times.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    src = shared / "data/corpus/pfr1998/199801.txt"
    if not src.is_file():
        sys.exit(f"shared data not found at {shared}")
    words: Counter[str] = Counter()
    with open(src, encoding="utf-8") as fh:
        for line in fh:
            words.update(w for w in (t.rsplit("/", 1)[0] for t in line.split()) if HAN.match(w))
    out = ROOT / "dictionaries/spin_words.tsv.gz"
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# textfix spin fixer: word counts from the PFR 1998 segmentation (PKU ICL; research/non-commercial)\n")
        fh.write("# Han words of 2-4 characters seen >= 3 times; built by bench/build_spin_words.py\n")
        for w, n in sorted(words.items()):
            if n >= 3:
                fh.write(f"{w}\t{n}\n")
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
