"""Build the character unigram/bigram tables used by :mod:`textfix.lm`.

Command (from the repository root, with the shared data beside it)::

    .venv/bin/python bench/build_charfreq.py [--shared ../shared]

Writes ``dictionaries/charfreq_unigram.tsv`` (plain TSV) and
``dictionaries/charfreq_bigram.tsv.gz`` (gzipped TSV). Both hold derived
counts only (no running text): every character, and every character pair
seen at least ``MIN_BIGRAM`` times, counted over

* PFR People's Daily 1998-01 (``data/corpus/pfr1998/199801.txt``; research /
  non-commercial use, see the corpus README), tags and word breaks removed;
* the SIGHAN 2005 bakeoff gold test sets, PKU and MSR (Simplified) and AS and
  CityU (Traditional), word separators removed (research / non-commercial);
* the SIGHAN 2005 training word lists: characters only, once per word type, to
  give rare characters (names, Traditional forms) a non-zero count.

Text is folded like :func:`textfix.lm.fold` (full-width ASCII to ASCII,
ideographic space to space) before counting. Pairs are counted inside a line.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textfix.lm import fold  # noqa: E402

MIN_BIGRAM = 2


def corpus_lines(shared: Path):
    """Yield (name, line) with the segmentation removed."""
    corpus = shared / "data" / "corpus"
    with open(corpus / "pfr1998" / "199801.txt", encoding="utf-8") as f:
        for line in f:
            yield "pfr", "".join(t.rsplit("/", 1)[0] for t in line.split())
    for name in ("pku_test_gold.utf8", "msr_test_gold.utf8", "as_testing_gold.utf8", "cityu_test_gold.utf8"):
        with open(corpus / "sighan2005" / name, encoding="utf-8-sig") as f:
            for line in f:
                yield name, "".join(line.replace("\u3000", " ").split())


def word_list_chars(shared: Path):
    for name in ("pku", "msr", "as", "cityu"):
        with open(shared / "data" / "corpus" / "sighan2005" / f"{name}_training_words.utf8", encoding="utf-8") as f:
            for line in f:
                w = line.strip()
                if w and not w[0].isdigit() and w.isprintable():
                    yield w


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    shared = Path(args.shared)
    if not (shared / "data" / "corpus").is_dir():
        sys.exit(f"shared corpus not found under {shared}")
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    for _name, line in corpus_lines(shared):
        line = fold(line)
        if not line:
            continue
        uni.update(line)
        bi.update(line[i : i + 2] for i in range(len(line) - 1))
    for w in word_list_chars(shared):
        uni.update(fold(w))
    out = ROOT / "dictionaries"
    header = [
        "# textfix character frequencies, built by bench/build_charfreq.py (see its docstring).",
        "# Sources: PFR People's Daily 1998-01 (Peking University; research/non-commercial use) and the",
        "# SIGHAN 2005 bakeoff gold test sets + training word lists (PKU, MSR, AS, CityU; research/non-commercial use).",
        "# Derived counts only; no running text. Text folded: full-width ASCII -> ASCII, U+3000 -> space.",
    ]
    with open(out / "charfreq_unigram.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n# columns: char<TAB>count\n")
        for ch, n in sorted(uni.items(), key=lambda kv: (-kv[1], kv[0])):
            if ch in "\t\n\r":
                continue
            f.write(f"{ch}\t{n}\n")
    kept = [(k, n) for k, n in bi.items() if n >= MIN_BIGRAM and "\t" not in k and "\n" not in k and "\r" not in k]
    kept.sort(key=lambda kv: (-kv[1], kv[0]))
    with gzip.open(out / "charfreq_bigram.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("\n".join(header) + f"\n# pairs seen at least {MIN_BIGRAM} times\n# columns: pair<TAB>count\n")
        for k, n in kept:
            f.write(f"{k}\t{n}\n")
    print(f"{len(uni)} characters, {sum(uni.values())} tokens; {len(kept)} of {len(bi)} bigrams kept")


if __name__ == "__main__":
    main()
