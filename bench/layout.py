"""Benchmark the layout fixer (duplicate paragraphs, broken lines, keyword stuffing).

Prints:
1. keyword stuffing on seed 004: precision / recall of the proposed removals against
   the injected tokens listed below (identified by reading the seed), on the
   Traditional original and on its OpenCC t2s conversion, plus the duplicate-paragraph
   finding and what ``textfix.fix`` leaves of the injected tokens;
2. false edits per 50,000 characters on clean text: seeds 000/001/003,
   data/spin/clean_dev.jsonl, held-out PFR paragraphs (index % 10 == 0: not used by
   bench/build_layout_bigrams.py) with tags and spaces removed, SIGHAN 2005 gold sets
   with the word separators removed; documents are ~5,000 characters;
3. throughput of both layout stages (``linebreaks.find`` + ``layout.find``) on that clean text vs one OpenCC s2t pass (median of 5);
4. keyword-stuffing edits on every PFR paragraph (all of January 1998, not only held-out)
   and every SIGHAN 2005 gold line, each judged alone (parallel rhetoric such as
   ``X如是，Y如是`` repeats topic words in rotation; target 0);
5. hard-wrap joins: the seeds and held-out PFR documents wrapped at 40/50/66/80 columns and
   code points, the wrap breaks the line-join stage restores, the ones it misses (by the
   characters across them) and the original line breaks it joins by mistake (target 0).

Needs /work/shared (or TEXTFIX_SHARED). Run:  .venv/bin/python bench/layout.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("TEXTFIX_SHARED", ROOT.parent / "shared"))

import opencc  # noqa: E402

import textfix  # noqa: E402
from textfix.fixers import layout, linebreaks  # noqa: E402
from textfix.options import Context  # noqa: E402
from realistic import wrap_paragraph  # noqa: E402  (bench/realistic.py: the exporter's hard wrap)

# Injected tokens in seed 004's lead paragraph, in brackets, with just enough context to
# find them (snippets only). The second, full copy of the lead is the one scored; the
# first, truncated copy is removed whole by layout-duplicate-paragraph.
STUFFED = [
    "黨的[黨建]二十", "下層的[治理]光鮮", "黨的[共建]帶領", "事情,[幸福]經由", "擺設、[家園]完美",
    "係統、[黨建]擦亮", "品牌,[治理]以下", "引領,[共建]不停", "程度。[幸福]“哄", "節餘的[家園]1萬",
    "慰勞,[黨建]花了", "剛過,[治理]株洲", "書記、[共建]業委", "代表的[幸福]麵", "小區的[家園]物業",
    "小區,[治理]處於",
]
DOC = 5000


def _gold(text: str, after: int, patterns: list[str]) -> set[int]:
    spots = set()
    for pat in patterns:
        ctx = pat.replace("[", "").replace("]", "")
        at = text.find(ctx, after)
        if at < 0:
            raise SystemExit(f"gold snippet {ctx!r} not found")
        spots.add(at + pat.index("["))
    return spots


def stuffing_scores() -> None:
    path = next((SHARED / "seeds").glob("004_*.txt"))
    original = path.read_text(encoding="utf-8")
    t2s = opencc.OpenCC("t2s")
    print("1. keyword stuffing, seed 004 (16 injected tokens in the full lead)")
    for label, text, gold_pats in (
        ("Traditional (script=keep)", original, STUFFED),
        ("Simplified (after t2s)", t2s.convert(original), [t2s.convert(p) for p in STUFFED]),
    ):
        lead2 = text.index("\n", text.index("\n") + 1)  # the full copy starts after line 2's break
        gold = _gold(text, lead2, gold_pats)
        edits = layout.find(text, Context())
        removed = {e.start for e in edits if e.rule == "spin-keyword-stuffing"}
        dups = [e for e in edits if e.rule == "layout-duplicate-paragraph"]
        tp = len(removed & gold)
        p = tp / len(removed) if removed else 0.0
        r = tp / len(gold)
        print(f"   {label:28s} proposed {len(removed):2d}  correct {tp:2d}  precision {p:.2f}  recall {r:.2f}"
              f"  duplicate-paragraph edits {len(dups)} ({dups[0].evidence['match'] if dups else '-'}, {dups[0].confidence if dups else '-'})")
    for script in ("keep", "hans"):
        out = textfix.fix(original, script=script).text
        probe = [p.replace("[", "").replace("]", "") for p in STUFFED]
        if script == "hans":
            probe = [t2s.convert(p) for p in probe]
        left = sum(1 for p in probe if p in out)
        print(f"   textfix.fix(script={script!r}): {left} of {len(probe)} injected contexts still present verbatim,"
              f" {sum(1 for e in textfix.fix(original, script=script).edits if e.stage == 'layout')} layout-stage edits")
    # the same page hard-wrapped by an exporter (display columns, Han = 2): the
    # stuffing and the teaser copy must still be found once the lines are joined
    for width in (50, 66, 80):
        wrapped = "\n".join(wrap_paragraph(line, width, columns=True) for line in original.split("\n"))
        result = textfix.fix(wrapped, script="keep")
        rules = Counter(e.rule for e in result.edits)
        left = sum(1 for p in STUFFED if p.replace("[", "").replace("]", "") in result.text)
        print(f"   hard-wrapped at {width} columns: {wrapped.count(chr(10)) - original.count(chr(10))} breaks added,"
              f" {rules['layout-broken-line']} joined; stuffing edits {rules['spin-keyword-stuffing']},"
              f" duplicate-paragraph {rules['layout-duplicate-paragraph']}; {left} of {len(STUFFED)} injected contexts left")


KEYWORDS = ["幸福", "家园", "和谐", "文化", "共建", "治理", "品质", "生态"]


def synthetic_stuffing(paragraphs: list[str], rounds: int, n_docs: int = 200, seed: int = 7, where: str = "random") -> None:
    """Inject 3-5 keywords in rotation (``rounds`` times through the list) into held-out PFR text,
    at random positions (``where="random"``) or, like seed 004, right after ，。、 or 的 (``where="clause"``)."""
    import random

    rng = random.Random(seed)
    docs = [p for p in paragraphs if 100 * rounds <= len(p) <= 3000][:n_docs]
    tp = fp = fn = 0
    clean_hits = 0
    for doc in docs:
        k = rng.randint(3, 5)
        words = rng.sample(KEYWORDS, k)
        span = min(len(doc), 130 * rounds)
        pool = range(1, span) if where == "random" else [i for i in range(1, span) if doc[i - 1] in "，。、的"]
        if len(pool) < rounds * k:
            continue
        slots = sorted(rng.sample(pool, rounds * k))
        out, spots, last = [], set(), 0
        for j, pos in enumerate(slots):
            out.append(doc[last:pos])
            spots.add(sum(map(len, out)))
            out.append(words[j % k])
            last = pos
        out.append(doc[last:])
        text = "".join(out)
        got = {e.start for e in layout.find(text, Context()) if e.rule == "spin-keyword-stuffing"}
        tp += len(got & spots)
        fp += len(got - spots)
        fn += len(spots - got)
        clean_hits += sum(1 for e in layout.find(doc, Context()) if e.rule == "spin-keyword-stuffing")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    print(f"   synthetic, {len(docs)} held-out PFR paragraphs, 3-5 keywords x {rounds} rounds, {where} positions:"
          f" precision {p:.2f}  recall {r:.2f}  (tp {tp}, fp {fp}, fn {fn}; edits on the untouched paragraphs: {clean_hits})")


def _chunks(paragraphs: list[str], sep: str) -> list[str]:
    docs, cur, size = [], [], 0
    for p in paragraphs:
        cur.append(p)
        size += len(p)
        if size >= DOC:
            docs.append(sep.join(cur) + sep)
            cur, size = [], 0
    if cur:
        docs.append(sep.join(cur) + sep)
    return docs


def clean_sets() -> dict[str, list[str]]:
    data = SHARED / "data"
    sets: dict[str, list[str]] = {}
    sets["seeds 000/001/003"] = [
        next((SHARED / "seeds").glob(f"{n}_*.txt")).read_text(encoding="utf-8") for n in ("000", "001", "003")
    ]
    sets["spin clean_dev"] = [json.loads(l)["text"] for l in (data / "spin" / "clean_dev.jsonl").open(encoding="utf-8")]
    pfr = []
    with (data / "corpus" / "pfr1998" / "199801.txt").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 10 == 0 and line.strip():
                pfr.append("".join(t.rsplit("/", 1)[0] for t in line.split()))
    sets["PFR held-out"] = _chunks(pfr, "\n")
    sets["_pfr_paragraphs"] = pfr
    sighan = []
    for name, enc in (("pku_test_gold.utf8", "utf-8"), ("msr_test_gold.utf8", "utf-8"),
                      ("as_testing_gold.utf8", "utf-8"), ("cityu_test_gold.utf8", "utf-8-sig")):
        raw = (data / "corpus" / "sighan2005" / name).read_text(encoding=enc)
        lines = ["".join(l.replace("\u3000", " ").split()) for l in raw.split("\n")]
        sighan.extend(_chunks([l for l in lines if l], "\r\n"))
    sets["SIGHAN gold (CRLF)"] = sighan
    return sets


def false_edits(sets: dict[str, list[str]]) -> None:
    print("2. false edits on clean text (target 0)")
    total_chars, total_edits = 0, Counter()
    for name, docs in sets.items():
        chars = sum(map(len, docs))
        edits = Counter()
        examples = []
        for d in docs:
            for e in both_stages(d):
                if e.confidence >= 0.5:
                    edits[e.rule] += 1
                    if len(examples) < 3:
                        examples.append((e.rule, d[max(0, e.start - 10):e.end + 10]))
        total_chars += chars
        total_edits.update(edits)
        n = sum(edits.values())
        print(f"   {name:22s} {len(docs):4d} docs {chars:9,d} chars  edits {n:3d}  per 50k {n * 50000 / chars:5.2f}  {dict(edits)}")
        for rule, ctx in examples:
            print(f"      e.g. {rule}: {ctx!r}")
    n = sum(total_edits.values())
    print(f"   {'all':22s} {total_chars:19,d} chars  edits {n:3d}  per 50k {n * 50000 / total_chars:5.2f}")


def both_stages(text: str) -> list:
    """The layout rules of both stages on ``text``: line joins (run first) and the rest."""
    return linebreaks.find(text, Context()) + layout.find(text, Context())


def throughput(sets: dict[str, list[str]]) -> None:
    docs = [d for ds in sets.values() for d in ds]
    chars = sum(map(len, docs))
    s2t = opencc.OpenCC("s2t")
    layout.find(docs[0], Context())  # load tables

    def run(fn) -> float:
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            for d in docs:
                fn(d)
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    t_layout = run(both_stages)
    t_cc = run(s2t.convert)
    print("3. throughput on the clean text above (median of 5 runs)")
    print(f"   linebreaks+layout {chars / t_layout / 1e6:6.2f} M chars/s")
    print(f"   OpenCC s2t    {chars / t_cc / 1e6:6.2f} M chars/s   (layout takes {t_layout / t_cc:.2f}x the time of one s2t pass)")


def paragraphs_alone() -> None:
    print("4. keyword stuffing on clean paragraphs judged alone (target 0)")
    data = SHARED / "data" / "corpus"
    pfr = []
    with (data / "pfr1998" / "199801.txt").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                pfr.append("".join(t.rsplit("/", 1)[0] for t in line.split()))
    sighan = []
    for name, enc in (("pku_test_gold.utf8", "utf-8"), ("msr_test_gold.utf8", "utf-8"),
                      ("as_testing_gold.utf8", "utf-8"), ("cityu_test_gold.utf8", "utf-8-sig")):
        raw = (data / "sighan2005" / name).read_text(encoding=enc)
        sighan.extend(s for s in ("".join(l.replace("\u3000", " ").split()) for l in raw.split("\n")) if s)
    for label, paras in (("PFR 1998-01, all", pfr), ("SIGHAN 2005 gold", sighan)):
        hit = Counter()
        for k, p in enumerate(paras):
            n = len(layout.keyword_stuffing(p))
            if n:
                hit[k] = n
        print(f"   {label:22s} {len(paras):6,d} paragraphs {sum(map(len, paras)):10,d} chars"
              f"  stuffing edits {sum(hit.values()):3d} in {len(hit)} paragraphs")


def wrap_joins(sets: dict[str, list[str]], widths: tuple[int, ...] = (40, 50, 66, 80)) -> None:
    """Every paragraph of the seeds and of 40 held-out PFR documents hard-wrapped (the exporter
    of bench/realistic.py) at each width, in display columns and in code points; the line-join
    stage alone. Counts the wrap breaks joined (recall), the breaks missed (by the character
    pair across them), and the original line breaks wrongly joined (target 0)."""
    print("5. hard-wrap joins (line-join stage alone; wrong joins target 0)")
    docs = sets["seeds 000/001/003"] + sets["PFR held-out"][:40]
    for columns in (True, False):
        inserted = joined = wrong = 0
        missed: Counter = Counter()
        for width in widths:
            for doc in docs:
                wrapped, breaks = [], set()
                pos = 0
                for line in doc.split("\n"):
                    w = wrap_paragraph(line, width, columns)
                    for k, ch in enumerate(w):
                        if ch == "\n":
                            breaks.add(pos + k)
                    wrapped.append(w)
                    pos += len(w) + 1
                text = "\n".join(wrapped)
                got = {e.start for e in linebreaks.find(text, Context()) if e.confidence >= 0.5}
                inserted += len(breaks)
                joined += len(breaks & got)
                wrong += len(got - breaks)
                for b in breaks - got:
                    missed[_pair_kind(text[b - 1], text[b + 1 : b + 2])] += 1
        unit = "columns" if columns else "characters"
        print(f"   wrapped in {unit:10s} at {widths}: breaks {inserted:6d}  joined {joined:6d} ({100 * joined / max(inserted, 1):5.1f}%)"
              f"  wrong joins {wrong}  missed by pair: {dict(missed.most_common(6))}")


def _pair_kind(last: str, first: str) -> str:
    """A coarse name for the characters on each side of a missed break (Han, digit, Latin, or the mark itself)."""
    def kind(c: str) -> str:
        if not c:
            return "end"
        if "\u4e00" <= c <= "\u9fff":
            return "Han"
        if c.isdigit():
            return "digit"
        if c.isascii() and c.isalpha():
            return "Latin"
        return c
    return f"{kind(last)}|{kind(first)}"


def main() -> None:
    if not (SHARED / "data").is_dir():
        raise SystemExit(f"shared data not found at {SHARED} (set TEXTFIX_SHARED)")
    stuffing_scores()
    sets = clean_sets()
    paragraphs = sets.pop("_pfr_paragraphs")
    for where in ("clause", "random"):
        for rounds in (3, 5):
            synthetic_stuffing(paragraphs, rounds, where=where)
    false_edits(sets)
    throughput(sets)
    paragraphs_alone()
    wrap_joins(sets)


if __name__ == "__main__":
    main()
