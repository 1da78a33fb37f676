"""Build / regrade the spin dictionaries.

Run: .venv/bin/python bench/build_spin_dicts.py [SHARED_DIR]   (default ../shared)

* dictionaries/spin_learned.tsv: learned by textfix.fixers.spin_learn.learn from
  SHARED/data/spin/pairs_train.jsonl ONLY (never the dev split);
* dictionaries/spin_curated.tsv: hand-curated (each row names its source); this script only
  recomputes its count and grade columns, it never adds or removes rows.
Both are graded against clean text: PFR 1998 (tags and spaces removed) and the SIGHAN 2005
pku/msr gold test sets (research-only corpora; only the per-entry counts are written).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textfix.fixers import spin_learn  # noqa: E402


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    if not (shared / "data/spin").is_dir():
        sys.exit(f"shared data not found at {shared}")
    clean = [shared / "data/corpus/pfr1998/199801.txt",
             shared / "data/corpus/sighan2005/pku_test_gold.utf8",
             shared / "data/corpus/sighan2005/msr_test_gold.utf8"]
    stats = spin_learn.learn(shared / "data/spin/pairs_train.jsonl", ROOT / "dictionaries/spin_learned.tsv", clean)
    print("learned:", stats)
    stats = spin_learn.regrade(ROOT / "dictionaries/spin_curated.tsv", clean)
    print("curated:", stats)


if __name__ == "__main__":
    main()
