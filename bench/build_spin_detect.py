"""Build dictionaries/spin_detect_freq.tsv: clean-text frequencies of the spin dictionaries' forms.

Run: .venv/bin/python bench/build_spin_detect.py [SHARED_DIR]   (default ../shared)

The spin detector (textfix/fixers/spin_detect.py) weighs each dictionary pair (spun form s,
original o) by how often s and o occur in clean text: a passage that uses s and never o is
evidence of spinning in proportion to log(1 + f_o / f_s). The dictionaries carry f_s; this
table adds f_o. Counts are substring counts in the same clean text the dictionaries are graded
on (PFR 1998 with tags and spaces removed, SIGHAN 2005 pku/msr gold test sets; research-only
corpora): only one count per dictionary form is written, no text. Re-run after adding rows
to the spin dictionaries (forms missing from the table get a default frequency).

A second count comes from jieba's dictionary (dict.txt of the installed jieba package, MIT
licence: word frequencies of modern general text). 1998 news rarely writes the IT words that
spun web pages are full of (查询, 定义, 颜色); the detector takes, for every form, the larger
of the two rates (jieba's scaled to the same total), see spin_detect.clean_counts.

A last column lists, for each spun form, the longer words of jieba's dictionary (frequency >=
CONTAINER_MIN) that contain it: 原住民 for 住民, 电磁感应 for 感应, 吃不消 for 不消, 标新立异 for
立异. A spinner substitutes whole words, so a marker found inside such a word in place is no
evidence (spin_detect.contained).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textfix.fixers import spin, spin_learn  # noqa: E402


#: A jieba word must be at least this frequent to shelter a spun form inside it (jieba's entries
#: of frequency 3 include cuts across word boundaries such as 苍生之, 计若何).
CONTAINER_MIN = 5


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    clean = [shared / "data/corpus/pfr1998/199801.txt",
             shared / "data/corpus/sighan2005/pku_test_gold.utf8",
             shared / "data/corpus/sighan2005/msr_test_gold.utf8"]
    if not all(p.is_file() for p in clean):
        sys.exit(f"clean corpus not found under {shared}")
    count, total = spin_learn.clean_counter(clean)
    jieba_freq, jieba_total = jieba_counts()
    forms = set()
    spun_forms = set()
    for e in spin.tables().entries.values():
        forms.add(e.spun)
        spun_forms.add(e.spun)
        forms.update(e.originals)
    holders = containers(spun_forms, jieba_freq)
    out = ROOT / "dictionaries/spin_detect_freq.tsv"
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("# textfix spin detector: clean-text frequency of every form of the spin dictionaries\n"
                 "# source: substring counts in PFR 1998 (tags and spaces removed) + SIGHAN 2005 pku/msr gold\n"
                 "#   (research / non-commercial corpora; derived counts only, no text)\n"
                 f"# clean text: {total} chars; built by .venv/bin/python bench/build_spin_detect.py\n"
                 "# jieba_count: the word's frequency in jieba's dict.txt (jieba, MIT licence; "
                 f"jieba total: {jieba_total} chars = sum of frequency x length)\n"
                 f"# jieba_containers: longer jieba words (frequency >= {CONTAINER_MIN}) containing the spun form\n"
                 "form\tclean_count\tper_million\tjieba_count\tjieba_containers\n")
        for f in sorted(forms):
            n = count(f)
            fh.write(f"{f}\t{n}\t{n * 1e6 / total:.2f}\t{jieba_freq.get(f, 0)}\t{','.join(holders.get(f, ()))}\n")
    print(f"{len(forms)} forms, {total} clean chars -> {out}")


def containers(forms: set[str], freq: dict[str, int]) -> dict[str, list[str]]:
    """``{form: [longer jieba words containing it]}``, most frequent first (one Aho-Corasick
    pass over jieba's words)."""
    from textfix.fixers.spin_detect import automaton

    auto = automaton(forms)
    out: dict[str, list[str]] = {}
    for w, n in freq.items():
        if n < CONTAINER_MIN or len(w) < 3:
            continue
        for _end, f in auto.iter(w):
            if len(f) < len(w) and w not in out.get(f, ()):
                out.setdefault(f, []).append(w)
    return {f: sorted(ws, key=lambda w: (-freq[w], w)) for f, ws in out.items()}


def jieba_counts() -> tuple[dict[str, int], int]:
    """``{word: frequency}`` of jieba's dict.txt and the characters those frequencies stand for
    (sum of frequency x word length), so a word's rate per character compares with a corpus count."""
    import jieba

    freq: dict[str, int] = {}
    with open(jieba.get_dict_file().name, encoding="utf-8") as fh:
        for line in fh:
            f = line.split()
            if len(f) >= 2 and f[1].isdigit():
                freq[f[0]] = int(f[1])
    return freq, sum(n * len(w) for w, n in freq.items())


if __name__ == "__main__":
    main()
