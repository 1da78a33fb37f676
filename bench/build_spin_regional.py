"""Build dictionaries/spin_regional.tsv: the spin dictionaries' unambiguous markers that are real
words of Taiwan or Hong Kong Chinese.

Run: .venv/bin/python bench/build_spin_regional.py [SHARED_DIR]   (default ../shared)

A marker is a spun form never seen in clean *Simplified* news (住民 for 居民, 感应 for 感到), but
several are ordinary words in Taiwan or Hong Kong writing (住民, 感應, 下層, 不雅, 姑且). The
fixer folds a Traditional document to Simplified before it looks for spin, so there these
forms are graded ambiguous (decided by context, not counted as markers).

Source: the SIGHAN 2005 bakeoff training word lists of Academia Sinica (AS, Taiwan) and City
University of Hong Kong (CityU) (research / competition use only): only whether each of our
own forms is listed is written, no word of the lists otherwise. The lists are folded to
Simplified with OpenCC t2s (Apache-2.0). The test gold sets are not used here: they are the
held-out check (bench/spin.py, "SIGHAN AS+CityU (each paragraph alone)").
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textfix.fixers import spin  # noqa: E402


def main() -> None:
    import opencc

    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    corpus = shared / "data/corpus/sighan2005"
    if not corpus.is_dir():
        sys.exit(f"shared data not found at {shared}")
    t2s = opencc.OpenCC("t2s")
    listed: dict[str, set[str]] = {}
    for name in ("as", "cityu"):
        with open(corpus / f"{name}_training_words.utf8", encoding="utf-8-sig") as fh:
            for line in fh:
                w = line.strip()
                if len(w) >= 2:
                    listed.setdefault(t2s.convert(w), set()).add(name)
    spin.tables.cache_clear()
    forms = sorted(w for w, e in spin.tables().entries.items() if e.unambiguous and w in listed)
    out = ROOT / "dictionaries/spin_regional.tsv"
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("# textfix spin: unambiguous spin markers that are words of Taiwan / Hong Kong Chinese\n"
                 "# source: SIGHAN 2005 AS (Taiwan) and CityU (Hong Kong) training word lists, folded to Simplified\n"
                 "#   with OpenCC t2s (research / competition use only; only list membership of our own forms)\n"
                 "# use: graded ambiguous in a Traditional document (folded to Simplified for the spin search)\n"
                 "# built by: .venv/bin/python bench/build_spin_regional.py\n"
                 "form\tlists\n")
        for w in forms:
            fh.write(f"{w}\t{','.join(sorted(listed[w]))}\n")
    print(f"{len(forms)} of {sum(e.unambiguous for e in spin.tables().entries.values())} markers written to {out}")


if __name__ == "__main__":
    main()
