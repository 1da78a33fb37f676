"""Build the script fixer's character tables from OpenCC's own dictionaries.

Run:  .venv/bin/python bench/build_script_tables.py

Writes (in ``dictionaries/``):

* ``script_chars.tsv`` – characters specific to one script. A character is
  Simplified-specific when it never appears on the Traditional side of any
  OpenCC dictionary or conversion (s2t, s2tw, s2hk outputs; Traditional side of
  the character, phrase and TW/HK variant tables), and Traditional-specific
  when it never appears on the Simplified side (t2s, tw2s, hk2s outputs;
  Simplified side of the tables). Forms that Taiwan/Hong Kong text shares with
  Simplified (着, 群, 峰, 床 ...) appear on both sides and are not listed.
* ``script_onetomany.tsv`` – OpenCC's one-to-many Simplified→Traditional
  character entries (STCharacters rows with more than one candidate), used to
  explain and score naive character-by-character conversions.
* ``script_phrases.tsv`` – Traditional-side OpenCC phrases that contain a
  character which is *also* a non-default Traditional form of another
  Simplified character (瞭 for 了 ...); a naive converter produces such a
  character everywhere, a phrase-aware one only inside these phrases.

Source: OpenCC (https://github.com/BYVoid/OpenCC), Apache License 2.0, the
dictionaries shipped in the ``opencc`` PyPI wheel (read with its own
``opencc_dict`` tool and its converters). No list is hand-written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "dictionaries"
CLIB = Path(opencc.__file__).parent / "clib"
SHARE = CLIB / "share" / "opencc"

# CJK Unified Ideographs, Extension A, compatibility ideographs, Extensions B-F.
RANGES = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2EBEF)]

TRAD_SIDE_VALUES = ["STCharacters", "STPhrases", "STPhrases_GeneratedFromRegionalPhrases",
                    "TWVariants", "HKVariants", "TWPhrases", "HKPhrases"]
TRAD_SIDE_KEYS = ["TSCharacters", "TSPhrases", "TWVariantsRev", "HKVariantsRev", "TWPhrasesRev", "HKPhrasesRev"]
SIMP_SIDE_KEYS = ["STCharacters", "STPhrases"]
SIMP_SIDE_VALUES = ["TSCharacters", "TSPhrases"]


def read_dict(name: str) -> list[tuple[str, list[str]]]:
    """Dump an OpenCC .ocd2 dictionary to text with opencc_dict and parse it."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        env = dict(os.environ, LD_LIBRARY_PATH=str(CLIB / "lib64"))
        subprocess.run([str(CLIB / "bin" / "opencc_dict"), "-i", str(SHARE / f"{name}.ocd2"), "-o", str(out),
                        "-f", "ocd2", "-t", "text"], check=True, env=env)
        rows = []
        for line in out.read_text("utf-8").splitlines():
            if line.strip():
                key, values = line.split("\t")
                rows.append((key, values.split()))
        return rows


def chars_of(rows: list[tuple[str, list[str]]], keys: bool) -> set[str]:
    found: set[str] = set()
    for k, vs in rows:
        found.update(k if keys else "".join(vs))
    return found


def main() -> None:
    dicts = {n: read_dict(n) for n in set(TRAD_SIDE_VALUES + TRAD_SIDE_KEYS + SIMP_SIDE_KEYS + SIMP_SIDE_VALUES)}
    cjk = "".join(chr(c) for a, b in RANGES for c in range(a, b + 1))
    # one character per line so phrase dictionaries cannot join neighbours
    probe = "\n".join(cjk)

    def conv(config: str) -> str:
        out = opencc.OpenCC(config).convert(probe)
        assert out.count("\n") == probe.count("\n"), config
        return out

    trad_side: set[str] = set()
    simp_side: set[str] = set()
    for config in ("s2t", "s2tw", "s2hk"):
        trad_side.update(conv(config).replace("\n", ""))
    for config in ("t2s", "tw2s", "hk2s"):
        simp_side.update(conv(config).replace("\n", ""))
    for n in TRAD_SIDE_VALUES:
        trad_side |= chars_of(dicts[n], keys=False)
    for n in TRAD_SIDE_KEYS:
        trad_side |= chars_of(dicts[n], keys=True)
    for n in SIMP_SIDE_KEYS:
        simp_side |= chars_of(dicts[n], keys=True)
    for n in SIMP_SIDE_VALUES:
        simp_side |= chars_of(dicts[n], keys=False)

    cjk_set = set(cjk)
    hans = sorted(c for c in cjk_set if c not in trad_side and c in simp_side)
    hant = sorted(c for c in cjk_set if c not in simp_side and c in trad_side)
    header = ("# script_chars.tsv: characters specific to Simplified (hans) or Traditional (hant) Chinese.\n"
              "# Source: OpenCC (https://github.com/BYVoid/OpenCC) dictionaries in the opencc "
              f"{opencc.__version__} wheel, Apache License 2.0.\n"
              "# Built by: .venv/bin/python bench/build_script_tables.py (a character is specific to a script when\n"
              "# no OpenCC table or s2t/s2tw/s2hk/t2s/tw2s/hk2s conversion puts it on the other side).\n"
              "# Columns: script<TAB>characters (one line per script, no separator).\n")
    (OUT / "script_chars.tsv").write_text(header + f"hans\t{''.join(hans)}\nhant\t{''.join(hant)}\n", "utf-8")

    st = dict(dicts["STCharacters"])
    multi = [(k, vs) for k, vs in dicts["STCharacters"] if len(vs) > 1]
    lines = ["# script_onetomany.tsv: OpenCC STCharacters entries with several Traditional candidates.",
             "# Source: OpenCC (https://github.com/BYVoid/OpenCC), Apache License 2.0.",
             "# Built by: .venv/bin/python bench/build_script_tables.py",
             "# Columns: simplified<TAB>traditional candidates, default first (space-separated)."]
    lines += [f"{k}\t{' '.join(vs)}" for k, vs in sorted(multi)]
    (OUT / "script_onetomany.tsv").write_text("\n".join(lines) + "\n", "utf-8")

    # characters a naive converter produces that are also valid Simplified (了 -> 瞭)
    ts = dict(dicts["TSCharacters"])
    shadow = {y for s, vs in multi for y in vs[1:] if y != s and (y in st or y not in ts or ts[y][0] == y)}
    # Keep only characters whose Traditional occurrences in OpenCC's phrase table mostly come
    # from *another* Simplified character (瞭 from 了: 20 phrases vs 1): for the others (待, 像,
    # 座, 覆 ...) their own Simplified use dominates, and flagging them would hit clean text.
    self_uses: dict[str, int] = {y: 0 for y in shadow}
    other_uses: dict[str, int] = {y: 0 for y in shadow}
    for n in ("STPhrases", "STPhrases_GeneratedFromRegionalPhrases"):
        for k, vs in dicts[n]:
            if len(k) == len(vs[0]):
                for a, b in zip(k, vs[0]):
                    if b in shadow:
                        (self_uses if a == b else other_uses)[b] += 1
    shadow = {y for y in shadow if other_uses[y] >= 10 and other_uses[y] >= 4 * self_uses[y]}
    phrases: set[str] = set()
    for n in ("STPhrases", "STPhrases_GeneratedFromRegionalPhrases", "TWPhrases", "HKPhrases"):
        for _k, vs in dicts[n]:
            phrases.update(v for v in vs if shadow & set(v))
    for n in ("TSPhrases",):
        for k, _vs in dicts[n]:
            if shadow & set(k):
                phrases.add(k)
    lines = ["# script_phrases.tsv: Traditional OpenCC phrases containing a character that is also a",
             "# non-default Traditional candidate of another Simplified character (瞭 for 了 ...).",
             "# Source: OpenCC (https://github.com/BYVoid/OpenCC) STPhrases/TWPhrases/HKPhrases/TSPhrases, Apache-2.0.",
             "# Built by: .venv/bin/python bench/build_script_tables.py",
             "# Only characters whose OpenCC phrase uses come mostly (>= 4x, >= 10) from another Simplified",
             "# character are listed. Columns: character<TAB>phrases (space-separated)."]
    for y in sorted(shadow):
        lines.append(f"{y}\t{' '.join(sorted(p for p in phrases if y in p))}")
    (OUT / "script_phrases.tsv").write_text("\n".join(lines) + "\n", "utf-8")
    print(f"hans-specific {len(hans)}, hant-specific {len(hant)}, one-to-many {len(multi)}, "
          f"shadow chars {len(shadow)}, phrases {len(phrases)}", file=sys.stderr)


if __name__ == "__main__":
    main()
