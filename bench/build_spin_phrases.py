"""Build dictionaries/spin_phrases.tsv.gz: the phrase lexicon of the spin fixer.

Run: .venv/bin/python bench/build_spin_phrases.py [SHARED_DIR]   (default ../shared)

Source: THUOCL (THU Open Chinese Lexicon, thunlp/THUOCL, MIT licence; "可用于研究与商业"; please
cite 韩世依 et al., THUOCL：清华大学开放中文词库, 2016): the IT, finance (caijing), law and medical
lists, Han words of 3-6 characters with their document frequency. Used to prefer a candidate
that completes a known phrase (设置装备摆设文件 → 配置文件, not 建设文件).
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"^[\u4e00-\u9fff]{3,6}$")
LISTS = {"IT": 20, "caijing": 20, "law": 20, "medical": 20}  # list -> minimum document frequency


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    src = shared / "data/corpus/thuocl"
    if not src.is_dir():
        sys.exit(f"shared data not found at {shared}")
    phrases: dict[str, int] = {}
    for name, min_df in LISTS.items():
        with open(src / f"THUOCL_{name}.txt", encoding="utf-8-sig") as fh:
            for line in fh:
                parts = line.strip().split("\t")
                if len(parts) != 2:
                    continue
                w, df = parts[0].strip(), parts[1].strip()
                if HAN.match(w) and df.isdigit() and int(df) >= min_df:
                    phrases[w] = max(phrases.get(w, 0), int(df))
    out = ROOT / "dictionaries/spin_phrases.tsv.gz"
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# textfix spin fixer phrase lexicon: THUOCL IT/caijing/law/medical (thunlp/THUOCL, MIT licence)\n")
        fh.write("# Han phrases of 3-6 characters with THUOCL document frequency; built by bench/build_spin_phrases.py\n")
        for w, n in sorted(phrases.items()):
            fh.write(f"{w}\t{n}\n")
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(phrases)} phrases)")


if __name__ == "__main__":
    main()
