"""Lossy mojibake (UTF-8 decoded with ``errors="replace"``): accuracy, upper bound and speed.

    .venv/bin/python bench/mojibake_lossy.py [--cases 100] [--chains big5,euc_kr]

Uses the generator of ``bench/mojibake.py`` (same seed, same sentence pools,
same half whole-string / half partial-span cases), so the figures compare
with its lossy rows. For each lossy chain it prints:

1. character accuracy of textfix (mojibake stage) and of ftfy.fix_text, two ways:
   ``whole`` is the standard figure, 1 - CER of the whole repaired case against
   the original (what ``bench/mojibake.py`` prints; for the partial-span cases
   the clean sentence around the damage counts too, so "repair nothing" already
   scores above 0); ``span`` charges the same edit distance to the damaged span
   only (the stretch between the longest common prefix and suffix of the damaged
   and the original case), i.e. the accuracy on the characters that needed repair;
2. the oracle bound for Big5/cp950/EUC-KR, where each U+FFFD is exactly one
   byte: per damaged character, the size of its candidate set (UTF-8
   characters the model knows whose bytes fit the surviving bytes and the
   decoder's constraints on the lost ones), the share of characters whose set
   has one member, the share whose true character is in the set at all, the
   accuracy of picking the most frequent member, and the share whose true
   character is among the members the search actually tries (the most
   frequent ``EXACT_TOP_K`` as a single character, ``WORD_SLOT_K`` inside a
   dictionary word);
3. for the same chains, why the wrong whole-string cases are wrong: a *model
   error* when the original text scores no better than the chosen repair under
   the search's own objective (no search can fix it, only a better model), a
   *search error* when the original scores higher (the beam lost it); the
   objective is :func:`textfix.fixers.mojibake_lossy.path_score` (character
   models plus the word model over the best segmentation);
4. CPU time per KB of damaged text (process time, so that other jobs on the machine do not inflate it);
   and the cost per record (median, p95, worst ms) and accuracy with the search's step budget
   (``BUDGET_*`` in :mod:`textfix.fixers.mojibake_lossy`, the default) and without it, each pass
   starting from empty caches; ``--realistic`` adds the same for records a corpus user meets: news
   lines (seeds 000/001, 50-500 characters) with a clause damaged by a GBK ``replace`` round trip
   until it holds 1, 3 or 10 U+FFFD, and whole news lines in Traditional read as Big5 ``replace``;
5. with ``--ceiling``, the model's own ceiling: for each damaged 3-byte character, is the true
   character the top-scoring member of its set (among the ``WORD_SLOT_K`` the search may try) when
   its two true neighbours on each side are given? No search does better per character than this
   (it has to guess the neighbours too), so it bounds what re-weighting the same model can reach.

``--heldout`` draws the sentences from seeds 000/001/003 instead (2021-2022
news the character model was not counted from; converted to Traditional
with OpenCC for the Big5 rows), to show how much of the corpus figure is the
model having seen those very sentences.

Needs the shared data beside the checkout (or ``TEXTFIX_SHARED``).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import ftfy
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import mojibake as mb  # noqa: E402  (bench/mojibake.py: generator and helpers)

import textfix.fixers.mojibake_lossy as ml  # noqa: E402
from textfix.fixers.mojibake_lossy import EXACT_CODECS, HOLE, slot_candidates  # noqa: E402
from textfix.textutil import common_affix  # noqa: E402


def pools(heldout: bool = False) -> dict[str, list[str]]:
    if heldout:
        import opencc

        lines: list[str] = []
        for p in sorted((mb.SHARED / "seeds").glob("00[013]_*.txt")):
            lines += ["".join(x.split()) for x in p.read_text(encoding="utf-8").splitlines()]
        hans = mb.sentences(lines)
        s2t = opencc.OpenCC("s2t")
        return {"hans": hans, "hant": [s2t.convert(x) for x in hans]}
    hans = mb.sentences(mb.pfr_lines()[::3] + mb.sighan_lines("msr_test_gold.utf8"))
    hant = mb.sentences(mb.sighan_lines("as_testing_gold.utf8") + mb.sighan_lines("cityu_test_gold.utf8"))
    return {"hans": hans, "hant": hant}


def lost_bytes(ref: str, codec: str) -> list[bool]:
    """Which UTF-8 bytes of ``ref`` the ``codec`` decoder replaces (one U+FFFD each)."""
    data = ref.encode()
    lost = [False] * len(data)
    i = 0
    while i < len(data):
        if data[i] < 0x80:
            i += 1
            continue
        try:
            if len(data[i : i + 2].decode(codec)) == 1:
                i += 2
                continue
        except UnicodeDecodeError:
            pass
        lost[i] = True
        i += 1
    return lost


def oracle(ref: str, codec: str) -> tuple[int, int, int, int, list[int], list[int]]:
    """(characters, with a one-member set, true character in set, most-frequent pick right, set sizes,
    rank of the true character in its set by frequency) for the damaged multi-byte characters of
    ``ref`` decoded as ``codec`` with ``replace``."""
    lost = lost_bytes(ref, codec)  # which bytes the decoder replaced
    n = one = inset = top = 0
    sizes, ranks = [], []
    pos = 0
    for ch in ref:
        b = ch.encode()
        if len(b) > 1 and any(lost[pos : pos + len(b)]):
            pat = tuple(HOLE if lost[pos + j] else b[j] for j in range(len(b)))
            cands = [c for _, c, _ in slot_candidates(codec, pat, 100000)] if len(b) <= 3 else []
            n += 1
            sizes.append(len(cands))
            one += len(cands) == 1
            inset += ch in cands
            top += bool(cands) and cands[0] == ch
            ranks.append(cands.index(ch) if ch in cands else 10**9)
        pos += len(b)
    return n, one, inset, top, sizes, ranks


def span_len(bad: str, ref: str) -> int:
    """Length of the damaged stretch of ``ref``: what remains after the common prefix and suffix with ``bad``."""
    p, q = common_affix(bad, ref)
    return max(1, len(ref) - p - q)


def span_acc(out: str, ref: str, bad: str) -> float:
    """1 - (edit distance of the whole case) / (length of the damaged span)."""
    return max(0.0, 1 - Levenshtein.distance(out, ref) / span_len(bad, ref))


def objective(text: str) -> float:
    """The exact search's score of ``text`` as one damaged line (character models plus the word
    model over its best segmentation and the line-end model, :func:`textfix.fixers.mojibake_lossy.path_score`),
    for the likelier script."""
    return max(ml.path_score(text, avoid, line_end=True) for avoid in ml._script_sets())


def ceiling(cases: list[tuple[str, str]], codec: str) -> tuple[int, int, int]:
    """(damaged 3-byte characters, true one top-1, true one in the top 5) when each is chosen
    among its candidates with its true neighbours (two each side) given, under the search's objective."""
    n = top1 = top5 = 0
    for _bad, ref in cases:
        lost = lost_bytes(ref, codec)
        avoid = max(ml._script_sets(), key=lambda a: ml.path_score(ref, a))  # the script the text is in
        pad = "。" + ref + "。。"
        pos = 0
        for k, ch in enumerate(ref):
            b = ch.encode()
            if len(b) == 3 and any(lost[pos : pos + 3]):
                n += 1
                pat = tuple(HOLE if lost[pos + j] else b[j] for j in range(3))
                cands = [c for _, c, _ in slot_candidates(codec, pat, ml.WORD_SLOT_K)]
                left, right, hist = pad[max(0, k - 1) : k + 1], pad[k + 2 : k + 4], pad[max(0, k - 3) : max(0, k - 1)]
                scores = sorted(((ml.path_score(left + c + right, avoid, hist), c) for c in cands), reverse=True)
                rank = [c for _, c in scores].index(ch) if ch in cands else 10**9
                top1 += rank == 0
                top5 += rank < 5
            pos += len(b)
    return n, top1, top5


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=100)
    ap.add_argument("--chains", default="", help="comma-separated codecs to run (default: all lossy chains)")
    ap.add_argument("--heldout", action="store_true", help="sentences from seeds 000/001/003 (not in the model's corpus)")
    ap.add_argument("--realistic", action="store_true", help="also the cost table for damaged news records (slow: ~5 min)")
    ap.add_argument("--ceiling", action="store_true", help="also the model's per-character ceiling given the true neighbours (slow)")
    args = ap.parse_args()
    mb.need_shared()
    pl = pools(args.heldout)
    for codec in ("big5", "gbk"):  # load the models before anything is timed
        mb.tf("這是一個中文句子，我們今天討論。".encode().decode(codec, "replace"))
    rng = random.Random(20261122)
    # the lossless rows of bench/mojibake.py draw from the same generator first: replay them so the
    # lossy cases are the very same ones
    for name, (true, wrongs, pool) in mb.LOSSLESS.items():
        mb.make_cases(pl[pool], args.cases, rng, lambda s, t=true, w=wrongs: mb.corrupt(s, t, w))
    want = set(filter(None, args.chains.split(",")))
    print(("held-out " if args.heldout else "") + f"lossy mojibake benchmark (seed 20261122, {args.cases} cases per chain); ftfy {ftfy.__version__}")
    print("char accuracy: whole = 1 - CER over the whole case (standard); span = the same errors over the damaged span only")
    print(f"{'chain':30s} {'cases':>5s} {'textfix whole':>13s} {'ftfy whole':>10s} {'textfix span':>12s} {'ftfy span':>9s} "
          f"{'textfix exact':>13s} {'ms/KB':>7s}")
    budget_rows: list = []
    lossy = dict(mb.LOSSY)
    lossy["utf8-as-cp950 replace"] = ("cp950", "replace")  # not in bench/mojibake.py: generated last
    lossy["utf8-as-cp1252 replace"] = ("cp1252", "replace")  # (each lost byte one of cp1252's five undefined ones)
    for name, (codec, mode) in lossy.items():
        cases = mb.make_cases(pl["hant" if codec in ("big5", "cp950") else "hans"], args.cases, rng,
                              lambda s, c=codec, m=mode: mb.corrupt_lossy(s, c, m))
        if want and codec not in want:
            continue
        acc_t, acc_f, sp_t, sp_f, exact, kb, dt = [], [], [], [], 0, 0.0, 0.0
        outs, per = timed(cases)
        dt = sum(per) / 1000
        for (bad, ref), out in zip(cases, outs):
            kb += len(bad.encode()) / 1000
            fixed = ftfy.fix_text(bad)
            acc_t.append(mb.char_acc(out, ref))
            acc_f.append(mb.char_acc(fixed, ref))
            sp_t.append(span_acc(out, ref, bad))
            sp_f.append(span_acc(fixed, ref, bad))
            exact += out == ref
        k = len(cases)
        print(f"{name:30s} {k:5d} {100 * statistics.mean(acc_t):12.1f}% {100 * statistics.mean(acc_f):9.1f}% "
              f"{100 * statistics.mean(sp_t):11.1f}% {100 * statistics.mean(sp_f):8.1f}% "
              f"{100 * exact / k:12.1f}% {1000 * dt / kb:7.1f}")
        budget_rows.append((name, cases, outs, per))
        if codec in EXACT_CODECS and mode == "replace":
            tot = [0, 0, 0, 0]
            sizes: list[int] = []
            ranks: list[int] = []
            wrong = model_err = 0
            gaps: list[float] = []  # nats per character by which the original scores below the repair
            for k_, (bad, ref) in enumerate(cases):
                if k_ % 2 == 0 and outs[k_] != ref:  # whole-string cases
                    wrong += 1
                    gap = objective(outs[k_]) - objective(ref)
                    model_err += gap >= -1e-9
                    gaps.append(gap / len(ref))
            for _bad, ref in cases:
                r = oracle(ref, codec)
                for j in range(4):
                    tot[j] += r[j]
                sizes += r[4]
                ranks += r[5]
            n = max(tot[0], 1)
            print(f"    oracle over {tot[0]} damaged characters: candidate set size median {statistics.median(sizes):.0f}, "
                  f"size 1: {100 * tot[1] / n:.1f}%, true character in set: {100 * tot[2] / n:.1f}%, "
                  f"most frequent member right: {100 * tot[3] / n:.1f}%")
            print(f"    true character among the {ml.EXACT_TOP_K} most frequent members (single characters): "
                  f"{100 * sum(r < ml.EXACT_TOP_K for r in ranks) / n:.1f}%; among the {ml.WORD_SLOT_K} (inside words): "
                  f"{100 * sum(r < ml.WORD_SLOT_K for r in ranks) / n:.1f}%")
            print(f"    wrong whole-string cases: {wrong}; model errors (the original scores no better than the repair): "
                  f"{model_err}; search errors (the original scores higher): {wrong - model_err}")
            if len(gaps) >= 2:
                print(f"    the original scores below the repair by a median {statistics.median(gaps):.2f} nats per character "
                      f"(quartiles {statistics.quantiles(gaps, n=4)[0]:.2f}, {statistics.quantiles(gaps, n=4)[2]:.2f})")
            if args.ceiling:
                n3, t1, t5 = ceiling(cases, codec)
                print(f"    model ceiling over {n3} damaged 3-byte characters, each chosen with its true neighbours given: "
                      f"true character top-1 {100 * t1 / max(n3, 1):.1f}%, top-5 {100 * t5 / max(n3, 1):.1f}%")
    if args.realistic:
        for name, cases in realistic_records().items():
            outs, per = timed(cases)
            budget_rows.append((name, cases, outs, per))
    budget_table(budget_rows)


def cold() -> None:
    """Empty the lossy search's caches and memos (so that two passes over the same cases compare)."""
    for f in (ml._slot_info, ml._word_slot, ml._words_at, ml.slot_candidates, ml.completions):
        f.cache_clear()
    for memo in (ml._PAIRS, ml._TRIPLES, ml._STEPS):
        memo.clear()


def timed(cases: list[tuple[str, str]]) -> tuple[list[str], list[float]]:
    """textfix's output for each case and its CPU milliseconds, starting from empty caches."""
    cold()
    outs, per = [], []
    for bad, _ref in cases:
        t0 = time.process_time()
        outs.append(mb.tf(bad))
        per.append(1000 * (time.process_time() - t0))
    return outs, per


def realistic_records(n: int = 30) -> dict[str, list[tuple[str, str]]]:
    """Damaged news records as a corpus user meets them (seeds 000/001, not in the model's corpus)."""
    import opencc

    lines = []
    for p in sorted((mb.SHARED / "seeds").glob("00[01]_*.txt")):
        lines += [x.strip() for x in p.read_text(encoding="utf-8").splitlines()
                  if 50 <= len(x.strip()) <= 500 and "\ufffd" not in x]
    rng = random.Random(7)
    out: dict[str, list[tuple[str, str]]] = {}
    for k in (1, 3, 10):
        got: list[tuple[str, str]] = []
        while len(got) < n:
            s = rng.choice(lines)
            i = rng.randrange(0, len(s) // 2)
            for j in range(i + 2, len(s) + 1):  # damage a clause until it holds k U+FFFD
                bad = s[i:j].encode().decode("gbk", "replace")
                if bad.count("\ufffd") >= k:
                    break
            if bad.count("\ufffd") == k:
                got.append((s[:i] + bad + s[j:], s))
        out[f"news line, gbk replace, {k} U+FFFD"] = got
    s2t = opencc.OpenCC("s2t")
    trad = [s2t.convert(s) for s in rng.sample(lines, n)]
    out["news line in Big5, replace"] = [(t.encode().decode("big5", "replace"), t) for t in trad]
    return out


def budget_table(rows: list) -> None:
    """Accuracy and cost per record with the step budget (the default, measured above) and without it."""
    print(f"\nstep budget per exact search: {ml.BUDGET_BASE} + {ml.BUDGET_PER_HOLE} per U+FFFD, at most "
          f"{ml.BUDGET_MAX} (CPU ms per record, each pass from empty caches)")
    print(f"{'records':36s} {'n':>4s} | {'budget: acc':>11s} {'med':>6s} {'p95':>6s} {'worst':>6s} | "
          f"{'none: acc':>9s} {'med':>6s} {'p95':>6s} {'worst':>6s} | {'diff':>4s}")
    saved = ml.BUDGET_MAX
    for name, cases, outs, per in rows:
        ml.BUDGET_MAX = 0
        try:
            outs0, per0 = timed(cases)
        finally:
            ml.BUDGET_MAX = saved
        hit = sum(a != b for a, b in zip(outs, outs0))

        def acc(o: list[str]) -> float:
            return 100 * statistics.mean(mb.char_acc(x, ref) for x, (_, ref) in zip(o, cases))

        def dist(v: list[float]) -> str:
            v = sorted(v)
            return f"{statistics.median(v):6.0f} {v[int(0.95 * (len(v) - 1))]:6.0f} {v[-1]:6.0f}"

        print(f"{name:36s} {len(cases):4d} | {acc(outs):10.1f}% {dist(per)} | {acc(outs0):8.1f}% {dist(per0)} | {hit:4d}")


if __name__ == "__main__":
    main()
