"""Build ``dictionaries/script_native.tsv``: Traditional words native Taiwan/Hong Kong writers use
where OpenCC's phrase-aware conversion writes another form (計畫, 了解, 宣布, 凶殺, 提昇, 回歸).

Run:  .venv/bin/python bench/build_script_native.py      (needs ../shared or TEXTFIX_SHARED)

The script fixer flags a character no phrase-aware conversion (s2t, s2tw, s2hk) would have written
(麵臨, 係統, 頭發). Native text writes many regional standard forms OpenCC does not produce, and
those are flagged too. This list names them, so that a flag on one of them can be withdrawn when
the text otherwise reads as native (see ``script._withdraw_native``).

Source: the SIGHAN 2005 bakeoff *training* word lists of Academia Sinica (Taiwan) and City
University of Hong Kong (``as_training_words.utf8``, ``cityu_training_words.utf8``: one word per
line, no counts). Terms: research / competition use only, non-commercial; only the few words
selected below ship, no text. The test gold sets are not read, so the figures measured on them
(bench/script.py) are not circular.

A word is listed when it is 2-6 Han characters, has no Simplified-only character, differs from
every OpenCC conversion (s2t, s2tw, s2hk, s2twp, s2hkp of its t2s form) in at least one
character, and each such character is a *usual* variant: among the training words that write the
same OpenCC form, the ones writing the variant instead are at least ``MIN_RATIO`` as many as
the ones writing OpenCC's form, or it is a form no character converter writes for its Simplified
character (畫 for 划 in 計畫). That keeps 布 in 宣布 (126%), 凶 in 凶殺 (89%), 了 in 了解 (70%),
回 in 回歸 (47%), 昇 in 提昇 (35%): native writers use them across many words; and drops the
lists' noise, where OpenCC's form is overwhelmingly the more used: 關系, 聯系 (系 for 係: 4%),
機製, 法製 (製 for 制: 19%), 之后 (后 for 後: 8%).

The file also carries two character classes the fixer uses to tell native text from the
output of a character-by-character converter (derived from OpenCC, Apache-2.0):
``inherited``: forms OpenCC's s2t writes but its Taiwan or Hong Kong variants replace, and
that native writers do not use in the training lists (爲, 衆, 着, 羣): converters that follow
the inherited glyph tables write them, Taiwan/Hong Kong text does not. ``regional``: the Taiwan/Hong Kong forms of those variants that no Simplified
character converts to in OpenCC's s2t tables and that are no form of a Simplified character with
several Traditional forms (為, 眾, 裡, 説; not 麵, which converters write for 面).
"""

from __future__ import annotations

import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TEXTFIX_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "data" / "corpus" / "sighan2005"
sys.path.insert(0, str(ROOT))

from textfix.fixers import script as S  # noqa: E402

#: A variant must be used in at least this share of the words that OpenCC's form is used in.
MIN_RATIO = 0.2
#: A variant that stands for its character in any word (not only in the listed ones) must be used at
#: least this share: half as often as OpenCC's form, so that it is a regional standard, not noise.
CHAR_MIN_RATIO = 0.5
#: ... and in at least this many training words.
MIN_WORDS = 3
#: An inherited form used in more training words than this is a native form too.
MAX_INHERITED_USES = 2
#: A regional form must be used in at least this many training words of each list.
MIN_REGIONAL_USES = 2
CONFIGS = ("s2t", "s2tw", "s2hk", "s2twp", "s2hkp")


def word_list(name: str) -> set[str]:
    path = CORPUS / name
    if not path.exists():
        sys.exit(f"bench/build_script_native.py needs {path} (set TEXTFIX_SHARED)")
    return {w.strip() for w in path.read_text("utf-8-sig").splitlines() if w.strip()}


def differing(words: list[str]) -> tuple[dict[str, list[tuple[str, str, str]]], dict, dict]:
    """Per word its non-OpenCC characters ``[(OpenCC's form, written, Simplified)]``; the words per variant and per form.

    All words are converted in one call, one per line (no OpenCC phrase spans a line break).
    """
    t = S.tables()
    blob = "\n".join(words)
    simp = S.opencc_convert(blob, "t2s")
    outs = [S.opencc_convert(simp, c) for c in CONFIGS]
    outs = [o for o in outs if len(o) == len(blob)]
    assert len(simp) == len(blob) and outs
    variant: dict[tuple[str, str], set[str]] = defaultdict(set)
    standard: dict[str, set[str]] = defaultdict(set)
    diffs: dict[str, list[tuple[str, str]]] = {}
    pos = 0
    for w in words:
        d = []
        for k, ch in enumerate(w):
            i = pos + k
            s = simp[i]
            written = {o[i] for o in outs}
            x = outs[0][i]  # OpenCC's (s2t) form
            if ch in written:
                if len(t.one_to_many.get(s, ())) > 1 or written != {s}:
                    standard[x].add(w)
            else:
                variant[(x, ch)].add(w)
                d.append((x, ch, s))
        if d:
            diffs[w] = d
        pos += len(w) + 1
    return diffs, variant, standard


def char_classes(as_words: set[str], cityu_words: set[str]) -> tuple[str, str]:
    """``inherited`` and ``regional`` characters (see the module docstring), from OpenCC alone."""
    import subprocess
    import tempfile

    import opencc

    clib = Path(opencc.__file__).parent / "clib"
    values: set[str] = set()
    for name in ("STCharacters", "STPhrases"):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "d.txt"
            subprocess.run([str(clib / "bin" / "opencc_dict"), "-i", str(clib / "share" / "opencc" / f"{name}.ocd2"),
                            "-o", str(out), "-f", "ocd2", "-t", "text"], check=True,
                           env=dict(os.environ, LD_LIBRARY_PATH=str(clib / "lib64")))
            for line in out.read_text("utf-8").splitlines():
                if "\t" in line:
                    values.update(line.split("\t")[1].replace(" ", ""))
    t = S.tables()
    chars = sorted(t.hant | set("".join("".join(v) for v in t.one_to_many.values())) | values)
    probe = "\n".join(chars)
    tw = S.opencc_convert(probe, "t2tw").split("\n")
    hk = S.opencc_convert(probe, "t2hk").split("\n")
    in_as = Counter(c for w in as_words for c in set(w))
    in_cityu = Counter(c for w in cityu_words for c in set(w))
    uses = {c: (in_as[c], in_cityu[c]) for c in chars}
    # forms s2t writes that a regional variant replaces and native writers do not use (爲, 着, 羣;
    # 祕, 癡, 裏 are Taiwan's or Hong Kong's own: they stay out)
    inherited = "".join(c for c, a, b in zip(chars, tw, hk)
                        if c in values and (a != c or b != c) and sum(uses[c]) <= MAX_INHERITED_USES)
    regional = sorted({a for c, a, b in zip(chars, tw, hk) if a != c} | {b for c, a, b in zip(chars, tw, hk) if b != c})
    # not written by any Simplified -> Traditional table, not Simplified itself, and used by native
    # writers in both lists (為, 眾, 裡; not 説, which only OpenCC's s2hk writes)
    regional = [c for c in regional if c not in values and S.opencc_convert(c, "t2s") != c
                and min(in_as[c], in_cityu[c]) >= MIN_REGIONAL_USES]
    return inherited, "".join(regional)


def main() -> None:
    as_words, cityu_words = word_list("as_training_words.utf8"), word_list("cityu_training_words.utf8")
    hans = S.tables().hans
    words = sorted(w for w in as_words | cityu_words
                   if 2 <= len(w) <= 6 and all(S._HAN.match(c) for c in w) and not hans & set(w))
    diffs, variant, standard = differing(words)
    usual = {k for k, ws in variant.items()
             if len(ws) >= MIN_WORDS and len(ws) >= MIN_RATIO * len(standard.get(k[0], ()))}
    # a form no converter writes for its Simplified character (畫 for 划) needs no ratio
    chosen = sorted(w for w, d in diffs.items()
                    if all((x, y) in usual or y not in S._converter_forms(s) for x, y, s in d))
    inherited, regional = char_classes(as_words, cityu_words)
    header = [
        "# script_native.tsv: Traditional words native Taiwan/Hong Kong writers use where OpenCC's phrase-aware",
        "# conversion writes another form (計畫, 了解, 宣布), and the character classes that tell native text from",
        "# character-by-character converter output.",
        "# Source: SIGHAN 2005 bakeoff training word lists (Academia Sinica as_training_words, City University of",
        "# Hong Kong cityu_training_words; research/competition use only, non-commercial): only the selected words,",
        "# no text. Character classes: OpenCC (https://github.com/BYVoid/OpenCC) tables and t2tw/t2hk, Apache-2.0.",
        "# Built by: .venv/bin/python bench/build_script_native.py (selection rule in its docstring;",
        f"# MIN_RATIO {MIN_RATIO}, MIN_WORDS {MIN_WORDS}).",
        "# Columns: kind<TAB>value. kind 'inherited' / 'regional': a character class; 'word': a native word;",
        "# 'variant': two characters, OpenCC's form and the usual native variant written for it (佈布: 宣布).",
    ]
    # the usual variants themselves, character by character (OpenCC's form, the native one): a
    # flag on such a character reads as native in a word the lists do not have (一周, 上昇)
    pairs = [f"variant\t{x}{y}" for x, y in sorted(usual) if len(x) == 1 and len(y) == 1
             and len(variant[(x, y)]) >= CHAR_MIN_RATIO * len(standard.get(x, ()))]
    rows = [f"inherited\t{inherited}", f"regional\t{regional}"] + pairs + [f"word\t{w}" for w in chosen]
    out = ROOT / "dictionaries" / "script_native.tsv"
    out.write_text("\n".join(header + rows) + "\n", "utf-8")
    print(f"{len(diffs)} training words differ from OpenCC; {len(usual)} usual variants; {len(chosen)} words "
          f"written to {out.relative_to(ROOT)}; inherited {inherited}; regional {regional}", file=sys.stderr)


if __name__ == "__main__":
    main()
