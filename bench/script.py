"""Benchmark of the script fixer (issue 4). Needs ../shared (or TEXTFIX_SHARED).

Run:  .venv/bin/python bench/script.py [--n 1500]

Prints, with peers measured in the same process:

1. OpenCC's test cases and golden documents through ``textfix.fixers.script.convert``
   (every config) and through ``textfix.fix(script=...)`` for the targets it exposes.
2. Identification accuracy (hans/hant/mixed/none) on generated cases, beside hanzidentifier.
3. Naive-conversion repair P/R (inputs made with hanziconv and zhconv's character
   table from clean Simplified sentences; expected = OpenCC phrase-aware conversion),
   beside the t2s→s2t round-trip baseline; false flags per 10k characters on clean
   s2tw/s2hk text; on native Taiwan/Hong Kong text (SIGHAN AS/CityU test gold), for information on the
   raw finder and, through ``check(select=script)``, per 10k characters in documents of 1 and 20 lines,
   with the 30 most frequent flagged words of the 1-line documents.
3b. Minority spans under script=keep: one sentence or clause of four Simplified sentences converted to
   Traditional, restored exactly?; script edits on PFR 1998 paragraphs alone (native Simplified text
   naming Japanese people and places: 三塚博 must stay).
4. Seed 004 converted to Simplified.
5. Identification throughput vs one OpenCC s2t pass (median of 5).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TEXTFIX_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT))

import textfix  # noqa: E402
from textfix.fixers import script as S  # noqa: E402

CORPUS = SHARED / "data" / "corpus" / "sighan2005"
OCC = SHARED / "data" / "opencc-testcases"


def need(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"bench/script.py needs shared data: {path} not found (set TEXTFIX_SHARED)")
    return path


def sentences(name: str, sep: str | None = None) -> list[str]:
    lines = need(CORPUS / name).read_text("utf-8-sig").splitlines()
    out = []
    for line in lines:
        s = "".join(line.split()) if sep is None else line.replace(sep, "")
        s = s.replace("\u3000", "")
        if len(s) >= 8:
            out.append(s)
    return out


def native_lines(name: str, segmented: bool = False) -> list[str]:
    """Every non-empty line of a SIGHAN Traditional test gold file, spaces removed (as a user would have it).

    ``segmented``: keep the gold word boundaries as single spaces.
    """
    lines = need(CORPUS / name).read_text("utf-8-sig").splitlines()
    out = [" ".join(line.replace("\u3000", " ").split()) for line in lines]
    return [s for s in out if s] if segmented else [s.replace(" ", "") for s in out if s]


def conv(text: str, cfg: str) -> str:
    return S.opencc_convert(text, cfg)


# ----------------------------------------------------------------------------- 1. OpenCC cases


def bench_opencc() -> None:
    print("== 1. OpenCC test cases and golden documents ==")
    checks = [json.loads(l) for l in need(OCC / "testcases.flat.jsonl").read_text("utf-8").splitlines() if l.strip()]
    per: dict[str, list[int]] = {}
    for c in checks:
        ok = S.convert(c["input"], c["config"]) == c["expected"]
        per.setdefault(c["config"], [0, 0])
        per[c["config"]][0] += ok
        per[c["config"]][1] += 1
    total = sum(v[0] for v in per.values()), sum(v[1] for v in per.values())
    print(f"convert(text, config): {total[0]}/{total[1]} checks pass; " +
          ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(per.items())))
    # through fix() for the targets textfix exposes
    target_of = {"s2t": ("hant", False), "s2tw": ("tw", False), "s2hk": ("hk", False), "s2twp": ("tw", True),
                 "s2hkp": ("hk", True), "t2s": ("hans", False), "tw2s": ("hans", False), "hk2s": ("hans", False),
                 "tw2sp": ("hans", True)}
    fixper: dict[str, list[int]] = {}
    fails = []
    for c in checks:
        if c["config"] not in target_of:
            continue
        target, phrases = target_of[c["config"]]
        out = textfix.fix(c["input"], script=target, script_phrases=phrases, select=["script"]).text
        fixper.setdefault(c["config"], [0, 0])
        fixper[c["config"]][0] += out == c["expected"]
        fixper[c["config"]][1] += 1
        if out != c["expected"]:
            fails.append((c["id"], c["config"], c["input"][:30], out[:30], c["expected"][:30]))
    t = sum(v[0] for v in fixper.values()), sum(v[1] for v in fixper.values())
    print(f"fix(text, script=target[, script_phrases]): {t[0]}/{t[1]} checks; " +
          ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(fixper.items())))
    for f in fails[:8]:
        print("   differs:", f)
    src = need(OCC / "golden" / "input" / "us_constitution_zhs.txt").read_text("utf-8")
    for cfg, (target, phrases) in [("s2t", ("hant", False)), ("s2tw", ("tw", False)), ("s2twp", ("tw", True)),
                                   ("s2hk", ("hk", False)), ("s2hkp", ("hk", True))]:
        exp = (OCC / "golden" / "output" / f"us_constitution_zhs.{cfg}.txt").read_text("utf-8")
        a = S.convert(src, cfg) == exp
        b = textfix.fix(src, script=target, script_phrases=phrases, select=["script"]).text == exp
        print(f"golden {cfg}: convert {'PASS' if a else 'FAIL'}, fix(script={target}{', phrases' if phrases else ''}) "
              f"{'PASS' if b else 'FAIL'}")


# ----------------------------------------------------------------------------- 2. identification


def gold_label(text: str) -> str:
    """Gold for single-script text by construction: does OpenCC change it either way?"""
    return "none" if conv(text, "s2t") == text and conv(text, "t2s") == text else ""


def make_id_cases(simp: list[str], trad_native: list[str], rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    cases: list[tuple[str, str, str]] = []  # (kind, gold, text)
    changes = lambda s, cfg: conv(s, cfg) != s  # noqa: E731
    s_pool = [s for s in simp if changes(s, "s2t") and changes(s, "s2tw") and changes(s, "s2hk")]
    n_pool = [s for s in simp if gold_label(s) == "none"]
    t_native = [t for t in trad_native if changes(t, "t2s") and conv(t, "t2s") != t]
    for _ in range(n):
        cases.append(("hans", "hans", rng.choice(s_pool)))
    for cfg in ("s2t", "s2tw", "s2hk"):
        for _ in range(n // 3):
            cases.append((f"hant-{cfg}", "hant", conv(rng.choice(s_pool), cfg)))
    for _ in range(n // 2):
        cases.append(("hant-native", "hant", rng.choice(t_native)))
    for _ in range(n // 2):
        cases.append(("none-han", "none", rng.choice(n_pool)))
    words = ["Hello world.", "2024-05-01 12:00", "タワー", "The quick brown fox", "ソウル 서울", "OK, 100%"]
    for _ in range(n // 4):
        cases.append(("none-nonhan", "none", " ".join(rng.sample(words, 3))))
    cfgs = ("s2t", "s2tw", "s2hk")
    for _ in range(n // 3):  # paragraph level
        a = "".join(rng.sample(s_pool, 3))
        b = conv("".join(rng.sample(s_pool, 3)), rng.choice(cfgs))
        cases.append(("mixed-paragraph", "mixed", a + "\n" + b if rng.random() < 0.5 else b + "\n" + a))
    for _ in range(n // 3):  # sentence level
        parts = [rng.choice(s_pool) for _ in range(4)]
        k = rng.randrange(4)
        parts[k] = conv(parts[k], rng.choice(cfgs))
        cases.append(("mixed-sentence", "mixed", "".join(parts)))
    made = 0
    while made < n // 3:  # clause level: one clause of one sentence converted
        s = rng.choice(s_pool)
        clauses = re.findall(r"[^，、；]+[，、；]?", s)
        if len(clauses) < 2:
            continue
        k = rng.randrange(len(clauses))
        c2 = conv(clauses[k], rng.choice(cfgs))
        rest = "".join(clauses[:k] + clauses[k + 1 :])
        if c2 == clauses[k] or conv(rest, "s2t") == rest:
            continue  # one side would carry no script evidence: not a mixture
        clauses[k] = c2
        cases.append(("mixed-clause", "mixed", "".join(clauses)))
        made += 1
    return cases


def bench_identification(simp, trad_native, rng, n) -> None:
    import hanzidentifier as hz

    print("\n== 2. Identification accuracy (generated cases) ==")
    cases = make_id_cases(simp, trad_native, rng, n)
    hz_map = {hz.SIMPLIFIED: "hans", hz.TRADITIONAL: "hant", hz.MIXED: "mixed", hz.BOTH: "none", hz.UNKNOWN: "none"}
    per: dict[str, list[int]] = {}
    ours_ok = hz_ok = 0
    errors = []
    for kind, gold, text in cases:
        ours = S.identify_script(text).label
        theirs = hz_map[hz.identify(text)]
        per.setdefault(kind, [0, 0, 0])
        per[kind][0] += ours == gold
        per[kind][1] += theirs == gold
        per[kind][2] += 1
        ours_ok += ours == gold
        hz_ok += theirs == gold
        if ours != gold:
            errors.append((kind, gold, ours, text[:40]))
    print(f"{len(cases)} cases: textfix {ours_ok / len(cases):.4f}   hanzidentifier {hz_ok / len(cases):.4f}")
    for kind, (a, b, c) in sorted(per.items()):
        print(f"   {kind:16s} n={c:5d}  textfix {a / c:.4f}  hanzidentifier {b / c:.4f}")
    for e in errors[:6]:
        print("   miss:", e)


# ----------------------------------------------------------------------------- 3. naive conversions


def zhconv_char_table() -> dict[str, str]:
    import zhconv

    d = json.loads((Path(zhconv.__file__).parent / "zhcdict.json").read_text("utf-8"))["zh2Hant"]
    return {k: v for k, v in d.items() if len(k) == 1 and len(v) == 1}


def flagged_by_edits(text: str, edits) -> dict[int, str]:
    out = {}
    for e in edits:
        if e.after is None or len(e.after) != len(e.before):
            continue
        for k, (a, b) in enumerate(zip(e.before, e.after)):
            if a != b:
                out[e.start + k] = b
    return out


def bench_naive(simp, rng, n, doc: int = 1) -> None:
    from hanziconv import HanziConv

    print(f"\n== 3. Naive-conversion repair, documents of {doc} sentence(s) "
          "(expected = OpenCC s2t/s2tw/s2hk of the clean text; edits below min_confidence 0.5 dropped) ==")
    zt = zhconv_char_table()
    makers = {"hanziconv": HanziConv.toTraditional, "zhconv-chars": lambda s: "".join(zt.get(c, c) for c in s)}
    pool = rng.sample(simp, min(n, len(simp)))
    docs = ["".join(pool[k : k + doc]) for k in range(0, len(pool), doc)]
    for name, make in makers.items():
        tp = fp = fn = tp_b = fp_b = fn_b = right = chars = 0
        examples = []
        for s in docs:
            naive = make(s)
            accepted = [conv(s, c) for c in ("s2t", "s2tw", "s2hk")]
            if len(naive) != len(s) or any(len(a) != len(s) for a in accepted):
                continue
            chars += len(s)
            gold = {i for i, c in enumerate(naive) if all(a[i] != c for a in accepted) and S._HAN.match(c)}
            ours = flagged_by_edits(naive, [e for e in S.naive_conversion_errors(naive) if e.confidence >= 0.5])
            rt = conv(conv(naive, "t2s"), "s2t")
            base = {i for i in range(len(naive)) if i < len(rt) and rt[i] != naive[i] and S._HAN.match(naive[i])}
            tp += len(gold & ours.keys())
            fp += len(ours.keys() - gold)
            fn += len(gold - ours.keys())
            right += sum(1 for i in gold & ours.keys() if any(a[i] == ours[i] for a in accepted))
            tp_b += len(gold & base)
            fp_b += len(base - gold)
            fn_b += len(gold - base)
            if (ours.keys() ^ gold) and len(examples) < 5:
                examples.append((naive[:40], sorted(gold), sorted(ours)))
        p = tp / max(1, tp + fp)
        r = tp / max(1, tp + fn)
        pb = tp_b / max(1, tp_b + fp_b)
        rb = tp_b / max(1, tp_b + fn_b)
        print(f"{name:13s} {len(docs)} texts, {chars} chars, {tp + fn} wrong chars: "
              f"textfix P={p:.4f} R={r:.4f} (repair right {right}/{tp})   round-trip t2s→s2t P={pb:.4f} R={rb:.4f}")
        for ex in examples[:3]:
            print("   diff:", ex)
    # false flags on clean regional text
    for cfg in ("s2t", "s2tw", "s2hk") if doc == 1 else ():
        text = "\n".join(conv(s, cfg) for s in pool)
        ours = flagged_by_edits(text, [e for e in S.naive_conversion_errors(text) if e.confidence >= 0.5])
        rt = conv(conv(text, "t2s"), "s2t")
        base = sum(1 for a, b in zip(rt, text) if a != b)
        ex = [text[max(0, i - 2) : i + 2] for i in sorted(ours)[:5]]
        print(f"clean {cfg:5s} text ({len(text)} chars): textfix {len(ours) * 1e4 / len(text):.2f} false flags/10k chars; "
              f"round trip {base * 1e4 / len(text):.2f}/10k  {ex}")


def bench_native(trad_native: dict[str, list[str]]) -> None:
    print("   (information) native Traditional text, not OpenCC output:")
    for name, lines in trad_native.items():
        text = "\n".join(lines)
        ours = flagged_by_edits(text, [e for e in S.naive_conversion_errors(text) if e.confidence >= 0.5])
        rt = conv(conv(text, "t2s"), "s2t")
        base = sum(1 for a, b in zip(rt, text) if a != b)
        ex = "".join(sorted({text[i] for i in ours}))[:30]
        print(f"   {name:6s} ({len(text)} chars): textfix {len(ours) * 1e4 / len(text):.1f} flags/10k; "
              f"round trip {base * 1e4 / len(text):.1f}/10k; flagged chars: {ex}")


def bench_native_docs(trad_native: dict[str, list[str]], top: int = 30) -> None:
    """Naive-conversion flags on native Taiwan/Hong Kong text, the way a user runs it (fix, script=keep).

    ``trad_native`` holds the gold lines with their word segmentation (spaces); the most frequent
    flagged words of the 1-line documents are named by that segmentation.
    """
    print("   native Traditional text through check(select=script), documents of 1 and 20 lines "
          "(dictionaries/script_native.tsv is built from the training word lists, not these):")
    words: Counter = Counter()
    for name, seg_lines in trad_native.items():
        lines = [ln.replace(" ", "") for ln in seg_lines]
        chars = sum(map(len, lines))
        figures = []
        for size in (1, 20):
            found = []
            for k in range(0, len(lines), size):
                edits = [e for e in textfix.check("\n".join(lines[k : k + size]), select=["script"])
                         if e.rule == "script-naive-conversion"]
                found += edits
                if size == 1:
                    words.update(flagged_words(seg_lines[k], edits))
            figures.append(f"{size}-line docs {len(found) * 1e4 / chars:.2f} flags/10k")
        print(f"   {name:6s} ({chars} chars): " + ", ".join(figures))
    print(f"   {top} most frequent flagged words (gold segmentation) in 1-line documents, both sets: " +
          " ".join(f"{w}→{r}:{n}" for (w, r), n in words.most_common(top)))


def flagged_words(segmented: str, edits) -> list[tuple[str, str]]:
    """``(word, repaired word)`` of the gold words holding each changed character."""
    spans, pos = [], 0
    for w in segmented.split(" "):
        if w:
            spans.append((pos, w))
            pos += len(w)
    out = []
    for i, new in flagged_by_edits(segmented.replace(" ", ""), edits).items():
        for start, w in spans:
            if start <= i < start + len(w):
                out.append((w, w[: i - start] + new + w[i - start + 1 :]))
    return out


def bench_minority(simp: list[str], rng: random.Random, n: int) -> None:
    """Minority spans under script=keep: genuine ones restored, none invented in native Simplified text."""
    print("\n== 3b. Minority spans (script=keep) ==")
    cfgs = ("s2t", "s2tw", "s2hk")
    pool = [s for s in simp if conv(s, "s2t") != s]
    ok = total = 0
    for kind in ("sentence", "clause"):
        ok = total = 0
        misses = []
        for _ in range(n):
            parts = rng.sample(pool, 4)
            k = rng.randrange(4)
            if kind == "sentence":
                mixed = parts[:k] + [conv(parts[k], rng.choice(cfgs))] + parts[k + 1 :]
            else:
                clauses = re.findall(r"[^，、；]+[，、；]?", parts[k])
                j = rng.randrange(len(clauses))
                clauses[j] = conv(clauses[j], rng.choice(cfgs))
                mixed = parts[:k] + ["".join(clauses)] + parts[k + 1 :]
            text, want = "".join(mixed), "".join(parts)
            if text == want:
                continue
            total += 1
            out = textfix.fix(text, select=["script"]).text
            ok += out == want
            if out != want and len(misses) < 3:
                misses.append(next((want[i - 3 : i + 3], out[i - 3 : i + 3]) for i in range(len(want)) if out[i] != want[i])
                              if len(out) == len(want) else (want[:20], out[:20]))
        print(f"one {kind} of 4 Simplified sentences converted to Traditional: restored {ok}/{total} "
              f"({ok / max(1, total):.4f}); misses {misses}")
    pfr_path = SHARED / "data" / "corpus" / "pfr1998" / "199801.txt"
    if pfr_path.exists():
        paras = ["".join(t.rsplit("/", 1)[0] for t in line.split()) for line in pfr_path.read_text("utf-8").splitlines()]
        found = [e for p in paras for e in textfix.check(p, select=["script"])]
        chars = sum(map(len, paras))
        print(f"PFR 1998 paragraphs alone ({len(paras)} docs, {chars} chars, native Simplified): {len(found)} script "
              f"edits: " + " ".join(f"{e.before}→{e.after}" for e in found[:10]))


# ----------------------------------------------------------------------------- 4. seed 004


def bench_seed() -> None:
    print("\n== 4. Seed 004 to Simplified ==")
    seeds = sorted((SHARED / "seeds").glob("004_*.txt"))
    if not seeds:
        print("seed 004 not found")
        return
    text = seeds[0].read_text("utf-8")
    res = textfix.fix(text, script="hans")
    out = res.text
    left = S.tables().hant_rx.findall(out)
    still = sum(1 for a, b in zip(conv(out, "t2s"), out) if a != b)
    script_edits = [e for e in res.edits if e.kind == "script"]
    naive = [e for e in script_edits if e.rule == "script-naive-conversion"]
    print(f"{len(text)} chars; Traditional-specific characters left: {len(left)}; "
          f"characters t2s would still change: {still}; script edits {len(script_edits)}, "
          f"naive-conversion findings {len(naive)}")
    found = sorted({e.before for e in naive})
    print("   naive-conversion errors named:", " ".join(found[:40]))
    keep = [e for e in textfix.check(text, select=["script"]) if e.rule == "script-naive-conversion"]
    print(f"   under script=keep: {len(keep)} naive-conversion repairs, e.g. " +
          " ".join(f"{e.before}→{e.after}" for e in keep[:10]))


# ----------------------------------------------------------------------------- 5. speed


def bench_speed(simp: list[str]) -> None:
    print("\n== 5. Identification speed on clean Simplified text ==")
    text = "\n".join(simp)
    cc = S.converter("s2t")
    S.identify_script(text)
    cc.convert(text)

    def median(fn) -> float:
        ts = []
        for _ in range(5):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
        return statistics.median(ts)

    a = median(lambda: S.identify_script(text))
    b = median(lambda: cc.convert(text))
    c = median(lambda: textfix.fix(text, select=["script"]))
    print(f"{len(text)} chars: identify_script {len(text) / a / 1e6:.2f} Mchar/s, OpenCC s2t {len(text) / b / 1e6:.2f} "
          f"Mchar/s, ratio {b / a:.1f}x; fix(select=script, keep) {len(text) / c / 1e6:.2f} Mchar/s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1500, help="cases per identification class / naive sentences")
    args = ap.parse_args()
    rng = random.Random(4)
    need(CORPUS)
    simp = sentences("pku_test_gold.utf8") + sentences("msr_test_gold.utf8")
    as_ = sentences("as_testing_gold.utf8")
    cityu = sentences("cityu_test_gold.utf8")
    bench_opencc()
    bench_identification(simp, as_ + cityu, rng, args.n)
    bench_naive(simp, random.Random(5), args.n, doc=1)
    bench_naive(simp, random.Random(5), args.n * 2, doc=10)
    bench_native({"AS": as_[:3000], "CityU": cityu[:1500]})
    bench_minority(simp, random.Random(6), args.n // 3)
    bench_native_docs({"AS": native_lines("as_testing_gold.utf8", True),
                       "CityU": native_lines("cityu_test_gold.utf8", True)})
    bench_seed()
    bench_speed(simp)


if __name__ == "__main__":
    main()
