"""Build ``dictionaries/lossy_line_end.tsv``: how often each character ends a line (paragraph).

Command (from the repository root, with the shared data beside it)::

    .venv/bin/python bench/build_lossy_ends.py [--shared ../shared]

The exact lossy search (:mod:`textfix.fixers.mojibake_lossy`) scores a damaged
line's last character with ``P(line ends | character)``: a line of running text
ends with 。！？” far more often than with 的 or 了, which the character models,
blind to what follows, prefer for a last character whose bytes were all lost.

Counted over the paragraphs (one a line) of PFR People's Daily 1998-01
(``data/corpus/pfr1998/199801.txt``) and the SIGHAN 2005 PKU gold test set
(``sighan2005/pku_test_gold.utf8``), both research / non-commercial use (terms in
the corpus README); tags and word breaks removed, text folded like
:func:`textfix.lm.fold`. Only derived counts are written: for every character that
occurs, the lines it ends and its count overall; the
``#total`` row holds the lines and the characters counted. (The SIGHAN AS and CityU
sets are left out: their lines are clauses, not paragraphs.)
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textfix.lm import fold  # noqa: E402

def paragraphs(shared: Path):
    corpus = shared / "data" / "corpus"
    with open(corpus / "pfr1998" / "199801.txt", encoding="utf-8") as f:
        for line in f:
            yield fold("".join(t.rsplit("/", 1)[0] for t in line.split()))
    with open(corpus / "sighan2005" / "pku_test_gold.utf8", encoding="utf-8-sig") as f:
        for line in f:
            yield fold("".join(line.split()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    ends: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    lines = 0
    for p in paragraphs(args.shared):
        if not p:
            continue
        lines += 1
        ends[p[-1]] += 1
        chars.update(p)
    out = ROOT / "dictionaries" / "lossy_line_end.tsv"
    with open(out, "w", encoding="utf-8") as f:
        f.write("# lossy_line_end.tsv: how often a character ends a line (paragraph), for the exact lossy mojibake search.\n")
        f.write("# Source: PFR People's Daily 1998-01 and SIGHAN 2005 PKU gold test set (research / non-commercial use;\n")
        f.write("# derived counts only). Text folded like textfix.lm.fold. Build: .venv/bin/python bench/build_lossy_ends.py\n")
        f.write("# columns: character, lines it ends, its count overall\n")
        f.write(f"#total\t{lines}\t{sum(chars.values())}\n")
        for ch, n in sorted(chars.items(), key=lambda kv: (-ends[kv[0]], -kv[1], kv[0])):
            if ch.isprintable() and not ch.isspace():
                f.write(f"{ch}\t{ends[ch]}\t{n}\n")
    print(f"{out}: {lines} lines, {len(chars)} characters")


if __name__ == "__main__":
    main()
