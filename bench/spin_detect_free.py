"""Dictionary-free spin signals, measured (session 6): why the detector does not use them.

Run: .venv/bin/python bench/spin_detect_free.py   (needs ../shared or TEXTFIX_SHARED; about 40 s)

Spun text is made of real words in unnatural combinations, so a signal that needs no spin
dictionary was tried: for passages of ~300 characters (jieba segmentation, no HMM),

* ``unattested``: the share of adjacent Han word pairs, both words seen >= 20 times in a
  reference, that the reference never saw together. The reference is jieba's segmentation of
  PFR 1998 (every tenth paragraph held out) + SIGHAN 2005 pku/msr gold, counted here, not shipped;
* ``median fit``: the median over known words (2+ Han characters) of the character trigram model's
  context gain (``spin_model.model()``: log P(word | 2 chars before) - log P(word), plus the same
  for the 2 characters after).

Each is compared between spun and clean passages by AUC (0.5 = no signal) on the calibration
sets (clean: SIGHAN AS converted to Simplified, seeds 000/001/003, pairs_train originals; spun:
pairs_train spun sides, seed 002) and on dev (spun_dev + pairs_dev spun vs clean_dev + pairs_dev
originals), with each set's mean. The spread between clean genres (PFR held out vs Taiwan news vs
technical translations) is as large as the spun/clean difference, so neither statistic can flag
a passage without flagging clean text of another genre; the detector keeps its dictionary terms.

Measured (session 6): unattested, clean means 0.29 (PFR held out) / 0.49 (AS) / 0.49 (seeds) /
0.52 (pairs_train originals), spun 0.56 / 0.56; AUC 0.71 calibration, 0.73 dev. Median fit AUC 0.59
calibration, 0.76 dev. The two dev passages the detector misses score 0.50 (s039) and 0.41 (s041),
at or below the spun mean: a calibrated term would not have flagged them. Also tried, same result:
the share of known words misfitting on both sides, a residual against the text's own median fit
(calibration z of spun passages -0.35 / -0.17, of clean AS -0.05), the word-bigram model
(``spin_model.word_model``) added to the context term (per-occurrence AUC 0.687 -> 0.693).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("TEXTFIX_SHARED", ROOT.parent / "shared"))
SPIN = SHARED / "data/spin"
CORPUS = SHARED / "data/corpus"
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
MIN_COUNT = 20


def passages(lines: list[str], size: int = 300) -> list[str]:
    out, cur = [], ""
    for line in lines:
        cur += line + "\n"
        if len(cur) >= size:
            out.append(cur)
            cur = ""
    return out


def jsonl(name: str) -> list[dict]:
    with open(SPIN / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def reference(cut) -> tuple[Counter, Counter, list[str]]:
    """Word and word-pair counts of the reference, and the held-out PFR paragraphs."""
    uni: Counter = Counter()
    bi: Counter = Counter()
    held = []
    with open(CORPUS / "pfr1998/199801.txt", encoding="utf-8") as fh:
        pfr = ["".join(t.rsplit("/", 1)[0] for t in line.split()) for line in fh]
    lines = [p for i, p in enumerate(pfr) if i % 10]
    held = [p for i, p in enumerate(pfr) if i % 10 == 0]
    for name in ("pku_test_gold.utf8", "msr_test_gold.utf8"):
        with open(CORPUS / "sighan2005" / name, encoding="utf-8-sig") as fh:
            lines += ["".join(line.split()) for line in fh]
    for line in lines:
        ws = cut(line)
        uni.update(ws)
        bi.update(itertools.pairwise(ws))
    return uni, bi, held


def unattested(text: str, cut, uni: Counter, bi: Counter) -> float | None:
    ws = cut(text)
    pairs = [(a, b) for a, b in itertools.pairwise(ws)
             if HAN.match(a) and HAN.match(b) and uni[a] >= MIN_COUNT and uni[b] >= MIN_COUNT]
    return sum(bi[p] == 0 for p in pairs) / len(pairs) if len(pairs) >= 10 else None


def median_fit(text: str, cut, lm) -> float | None:
    pos, fits = 0, []
    for w in cut(text):
        s, pos = pos, pos + len(w)
        left, right = text[max(0, s - 2) : s], text[pos : pos + 2]
        if len(w) < 2 or not HAN.match(w) or len(left) < 2 or len(right) < 2 or not HAN.match(left + right):
            continue
        fits.append(lm.score(left, w, "") - lm.score("", w, "") + lm.score(w[-2:], right, "") - lm.score("", right, ""))
    return statistics.median(fits) if len(fits) >= 15 else None


def auc(pos: list[float], neg: list[float]) -> float:
    """P(a spun passage's value > a clean one's), ties half."""
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def main() -> None:
    if not SPIN.is_dir() or not CORPUS.is_dir():
        sys.exit(f"shared data not found under {SHARED} (set TEXTFIX_SHARED)")
    import jieba
    import opencc

    from textfix.fixers.spin_model import model

    jieba.setLogLevel(60)

    def cut(t: str) -> list[str]:
        return list(jieba.cut(t, HMM=False))

    uni, bi, held = reference(cut)
    lm = model()
    t2s = opencc.OpenCC("t2s")
    tr, dv = jsonl("pairs_train.jsonl"), jsonl("pairs_dev.jsonl")
    with open(CORPUS / "sighan2005/as_testing_gold.utf8", encoding="utf-8-sig") as fh:
        as_lines = [t2s.convert("".join(line.split())) for line in fh][:3000]
    seeds = [line for p in sorted((SHARED / "seeds").glob("00[013]_*.txt"))
             for line in p.read_text(encoding="utf-8").split("\n") if line.strip()]
    seed002 = [line for line in (SPIN / "seed002.spun.txt").read_text(encoding="utf-8").split("\n") if line.strip()]
    sets = {
        "clean: PFR held out (in-sample for the char model)": passages(held)[:300],
        "clean: SIGHAN AS (t2s)": passages(as_lines)[:200],
        "clean: seeds 000/001/003": passages(seeds),
        "clean: pairs_train originals": passages([r["original"] for r in tr]),
        "spun: pairs_train spun sides": passages([r["spun"] for r in tr]),
        "spun: seed 002": passages(seed002),
        "dev clean: clean_dev + pairs_dev originals": [r["text"] for r in jsonl("clean_dev.jsonl")]
        + passages([r["original"] for r in dv]),
        "dev spun: spun_dev + pairs_dev spun sides": [r["text"] for r in jsonl("spun_dev.jsonl")]
        + passages([r["spun"] for r in dv]),
    }
    def neg_fit(t: str) -> float | None:
        m = median_fit(t, cut, lm)
        return None if m is None else -m

    stats = {"unattested": lambda t: unattested(t, cut, uni, bi), "median fit (negated)": neg_fit}
    print("Dictionary-free spin statistics per ~300-char passage (higher = more spun-like)")
    values = {}
    for name, f in stats.items():
        for label, texts in sets.items():
            vs = [v for v in map(f, texts) if v is not None]
            values[name, label] = vs
            print(f"  {name:<22} {label:<46} n {len(vs):4d}  mean {statistics.mean(vs):+.3f}  "
                  f"max {max(vs):+.3f}")
        keys = list(sets)
        cal_pos = values[name, keys[4]] + values[name, keys[5]]
        cal_neg = values[name, keys[1]] + values[name, keys[2]] + values[name, keys[3]]
        print(f"  {name}: AUC calibration {auc(cal_pos, cal_neg):.3f}, dev "
              f"{auc(values[name, keys[7]], values[name, keys[6]]):.3f} (the dictionary detector's doc-level F1 on dev: 0.952)")


if __name__ == "__main__":
    main()
