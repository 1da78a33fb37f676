"""Build ``dictionaries/layout_bigrams.tsv.gz``: character unigram and bigram counts
for the layout fixer's keyword-stuffing check.

Source: PFR People's Daily January 1998 (``/work/shared/data/corpus/pfr1998/199801.txt``,
research / non-commercial terms, see dictionaries/README.md). Only derived counts are
written, never text. Every tenth paragraph (index % 10 == 0) is held out so that
``bench/layout.py`` can measure false edits on PFR text the counts have not seen.

Folding (the same as ``textfix.fixers.layout_lm.fold``): full-width ASCII → ASCII,
every digit → ``0``, every Latin letter → ``a``, line boundaries → ``¶``.
Bigrams seen once are dropped (they carry no evidence and would double the file).

Run:  .venv/bin/python bench/build_layout_bigrams.py [path/to/199801.txt]
"""

from __future__ import annotations

import collections
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textfix.fixers.layout_lm import BOUNDARY, fold  # noqa: E402

DEFAULT = "/work/shared/data/corpus/pfr1998/199801.txt"
OUT = ROOT / "dictionaries" / "layout_bigrams.tsv.gz"
MIN_BIGRAM = 2


def main(path: str = DEFAULT) -> None:
    if not Path(path).exists():
        sys.exit(f"PFR corpus not found at {path}")
    uni: collections.Counter[str] = collections.Counter()
    bi: collections.Counter[str] = collections.Counter()
    paragraphs = 0
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 10 == 0 or not line.strip():
                continue  # held out for bench/layout.py
            text = "".join(tok.rsplit("/", 1)[0] for tok in line.split())
            s = BOUNDARY + fold(text) + BOUNDARY
            uni.update(s)
            bi.update(map(str.__add__, s, s[1:]))
            paragraphs += 1
    rows = sorted(uni.items(), key=lambda kv: (-kv[1], kv[0]))
    rows += sorted(((k, v) for k, v in bi.items() if v >= MIN_BIGRAM), key=lambda kv: (-kv[1], kv[0]))
    header = [
        "# layout_bigrams.tsv.gz: character unigram and bigram counts (derived statistics only)",
        "# source: PFR People's Daily 1998-01 (PKU ICL), research / non-commercial use; no text is included",
        f"# built by bench/build_layout_bigrams.py from {paragraphs} paragraphs (every 10th held out)",
        f"# folding: full-width ASCII to ASCII, digits to 0, Latin letters to a, line boundary to {BOUNDARY}",
        f"# rows: key<TAB>count; 1-char keys are unigrams (all), 2-char keys bigrams (count >= {MIN_BIGRAM})",
    ]
    body = "\n".join(header + [f"{k}\t{v}" for k, v in rows if "\t" not in k and "\n" not in k]) + "\n"
    OUT.write_bytes(gzip.compress(body.encode("utf-8"), mtime=0))
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes, {len(uni):,} unigrams, {sum(1 for v in bi.values() if v >= MIN_BIGRAM):,} bigrams)")


if __name__ == "__main__":
    main(*sys.argv[1:])
