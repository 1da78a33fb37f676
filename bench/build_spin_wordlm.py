"""Build dictionaries/spin_wordbigrams.tsv.gz: word-bigram counts around the spin dictionaries' words.

Run: .venv/bin/python bench/build_spin_wordlm.py [SHARED_DIR]   (default ../shared)

Source: the word segmentation of PFR 1998 (People's Daily, January 1998, PKU ICL; research /
non-commercial use). Derived counts only, restricted so that no running text can be rebuilt:
  * bigrams (left word, right word) of which one side is a word of the shipped spin
    dictionaries (a spun form or an original), seen >= 2 times;
  * unigram counts of every word that occurs in a kept bigram (the denominators).
The spin fixer's word context model (textfix.fixers.spin_model.WordModel) compares
P(word | left word) * P(right word | word) for the spun form and each original.
"""

from __future__ import annotations

import gzip
import io
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MIN_BIGRAM = 2


def dictionary_words() -> set[str]:
    from textfix.fixers import spin

    tab = spin.tables()
    out = set()
    for e in tab.entries.values():
        out.add(e.spun)
        out.update(e.originals)
    return out


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    src = shared / "data/corpus/pfr1998/199801.txt"
    if not src.is_file():
        sys.exit(f"shared data not found at {shared}")
    keep = dictionary_words()
    uni: Counter[str] = Counter()
    bi: Counter[tuple[str, str]] = Counter()
    total = 0
    with open(src, encoding="utf-8") as fh:
        for line in fh:
            toks = ["<s>"] + [t.rsplit("/", 1)[0] for t in line.split()] + ["</s>"]
            uni.update(toks[1:-1])
            total += len(toks) - 2
            for a, b in pairwise(toks):
                if a in keep or b in keep:
                    bi[(a, b)] += 1
    rows = {k: n for k, n in bi.items() if n >= MIN_BIGRAM and "\t" not in k[0] + k[1]}
    need = {w for pair in rows for w in pair} | keep
    out = ROOT / "dictionaries/spin_wordbigrams.tsv.gz"
    # mtime=0: the same counts give the same bytes (a reviewable, reproducible file)
    with io.TextIOWrapper(gzip.GzipFile(out, "wb", compresslevel=9, mtime=0), encoding="utf-8") as fh:
        fh.write("# textfix spin fixer word context model: word-bigram counts (PFR 1998 segmentation, PKU ICL;\n")
        fh.write("#   research/non-commercial). Derived counts only: bigrams with a spin dictionary word on one side,\n")
        fh.write(f"#   seen >= {MIN_BIGRAM} times, and the unigram counts of their words. <s> </s> = paragraph edges.\n")
        fh.write("# Rows: word<TAB>count (unigram) or left<TAB>right<TAB>count (bigram). Built by bench/build_spin_wordlm.py\n")
        fh.write(f"#total\t{total}\n")
        for w in sorted(need):
            if uni.get(w) and "\t" not in w:
                fh.write(f"{w}\t{uni[w]}\n")
        for (a, b), n in sorted(rows.items()):
            fh.write(f"{a}\t{b}\t{n}\n")
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(rows)} bigrams, {len(need)} words, {total} tokens)")


if __name__ == "__main__":
    main()
