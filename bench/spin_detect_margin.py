"""How close clean text comes to the spin detector's threshold, and how far below it the spun
texts it misses lie.

Run: .venv/bin/python bench/spin_detect_margin.py [--dev]   (needs ../shared or TEXTFIX_SHARED; ~1 min)

Every text is judged as the fixer judges it (``spin_detect.judge``; a Traditional text folded to
Simplified and judged with the regional tables, as ``spin.find`` does). A text's *margin* is
``score - threshold(block length)`` of its best block that could be flagged at all (one with an
unambiguous marker, or with at least ``MIN_FORMS_WITHOUT_MARKERS`` spun forms outnumbering their
originals); a text without such a block has no margin (``-inf``: nothing could flag it).

For each set: texts, texts judged spun, how many come within 1, 2 and 3 nats below the threshold,
and the closest margins. On the calibration sets the evidence of the closest clean texts is shown
(dictionary forms only); with ``--dev`` the dev sets are added, in numbers only (dev items are for
measuring, not for reading).

Measured (session 11, dictionaries of commit 758ab7e): clean paragraphs alone come closest: SIGHAN
AS+CityU -0.87 nats (1 within 1, 8 within 2 of 15,921), PFR 1998 -1.08 (0 within 1, 11 within 2 of 19,484);
documents stay further: PFR 2k-char -7.01, 100-line -4.71, seeds -4.79 (each paragraph alone), clean_dev
-3.49. The one spun_dev passage the detector misses lies 4.15 nats below the threshold (3.15 with its
context term, which is not computed that far away): deeper than every clean text above, so no threshold
separates it.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import spin as spin_bench  # bench/spin.py: the shared sets and their loaders

from textfix.fixers import spin, spin_detect
from textfix.fixers.script import convert, identify_script


def fixer_view(text: str) -> tuple[str, object]:
    """The text the detector sees and the tables it uses, as ``spin.find`` chooses them: a Traditional
    document is folded to Simplified (same length) and judged with the regional tables."""
    if spin._TRADITIONAL_HINT.search(text):
        ident = identify_script(text)
        if ident.label == "hant" or (ident.label == "mixed" and ident.majority == "hant"):
            folded = convert(text, "hans")
            if len(folded) == len(text):
                return folded, spin.tables(regional=True)
    return text, spin.tables()


def eligible(v: spin_detect.Verdict) -> bool:
    """Whether a block could be flagged at all (see ``spin_detect._decide``)."""
    return v.distinct > 0 or len(v.telling) >= spin_detect.MIN_FORMS_WITHOUT_MARKERS


def text_margin(text: str) -> tuple[float, bool, spin_detect.Verdict | None]:
    """The margin of the text's best eligible block, whether the text is judged spun, and that block."""
    seen, tab = fixer_view(text)
    verdicts = spin_detect.judge(seen, tab)
    best, best_v = -math.inf, None
    for v in verdicts:
        m = v.score - spin_detect.threshold(v.end - v.start)
        if eligible(v) and m > best:
            best, best_v = m, v
    return best, any(v.spun for v in verdicts), best_v


def paragraphs(texts: list[str], min_chars: int = 1) -> list[str]:
    return [p for t in texts for p in t.split("\n") if len(p.strip()) >= min_chars]


def report(name: str, texts: list[str], spun: bool, show: bool) -> None:
    rows = [text_margin(t) for t in texts]
    margins = sorted((m for m, _, _ in rows), reverse=True)
    flagged = sum(f for _, f, _ in rows)
    if spun:
        missed = sorted((m for m, f, _ in rows if not f), reverse=True)
        print(f"  {name:<42} {len(texts):>6} texts  judged spun {flagged:>5}  missed {len(missed)}"
              + (f", their margins {', '.join(f'{m:.2f}' for m in missed[:8])}" if missed else ""))
        return
    near = [sum(-k <= m < 0 for m in margins) for k in (1, 2, 3)]
    closest = ", ".join(f"{m:.2f}" for m in margins[:3] if m > -math.inf) or "none eligible"
    print(f"  {name:<42} {len(texts):>6} texts  judged spun {flagged:>5}  within 1/2/3 nats {near[0]}/{near[1]}/{near[2]}"
          f"  closest {closest}")
    if show:
        for m, _, v in sorted(rows, key=lambda r: -r[0])[:3]:
            if v is not None and m > -3:
                ev = v.evidence()
                print(f"      {m:+.2f}  {v.end - v.start} chars  markers {ev['markers']}  forms {ev['consistent_forms']}"
                      f"  context {ev.get('context_llr', '-')}")


def main() -> None:
    if not spin_bench.SPIN.is_dir():
        sys.exit(f"bench/spin_detect_margin.py needs the shared data at {spin_bench.SHARED} (set TEXTFIX_SHARED)")
    tr = spin_bench.article_docs(spin_bench.jsonl("pairs_train.jsonl"))
    seeds = [p.read_text(encoding="utf-8") for p in sorted((spin_bench.SHARED / "seeds").glob("00[013]_*.txt"))]
    seed002 = (spin_bench.SPIN / "seed002.spun.txt").read_text(encoding="utf-8")
    pfr2k = spin_bench.pfr_docs()
    sighan = spin_bench.sighan_trad_docs()
    print("Clean calibration text (margin = score - threshold of the best block that could be flagged):")
    for name, texts in (("pairs_train originals (articles)", [o for _, o in tr]),
                        ("pairs_train originals (paragraphs >= 20ch)", paragraphs([o for _, o in tr], 20)),
                        ("seeds 000/001/003", seeds),
                        ("seeds 000/001/003 (each paragraph alone)", paragraphs(seeds)),
                        ("PFR 1998 (2k-char documents)", pfr2k),
                        ("PFR 1998 (100-line documents)", spin_bench.pfr_line_docs(100)),
                        ("PFR 1998 (each paragraph alone)", paragraphs(pfr2k)),
                        ("SIGHAN AS+CityU (30k-char documents)", sighan),
                        ("SIGHAN AS+CityU (each paragraph alone)", paragraphs(sighan))):
        report(name, texts, spun=False, show=True)
    print("Spun calibration text:")
    report("pairs_train spun articles + seed 002", [s for s, _ in tr] + [seed002], spun=True, show=False)
    report("their paragraphs (>= 20ch, each alone)", paragraphs([s for s, _ in tr] + [seed002], 20), spun=True, show=False)
    if "--dev" in sys.argv:
        dev = spin_bench.article_docs(spin_bench.jsonl("pairs_dev.jsonl"))
        clean_dev = [r["text"] for r in spin_bench.jsonl("clean_dev.jsonl")]
        spun_dev = [r["text"] for r in spin_bench.jsonl("spun_dev.jsonl")]
        print("Dev (numbers only):")
        report("clean_dev", clean_dev, spun=False, show=False)
        report("pairs_dev originals (articles)", [o for _, o in dev], spun=False, show=False)
        report("spun_dev", spun_dev, spun=True, show=False)
        report("pairs_dev spun articles", [s for s, _ in dev], spun=True, show=False)


if __name__ == "__main__":
    main()
