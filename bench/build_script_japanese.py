"""Build ``dictionaries/script_japanese.tsv``: Japanese-only kanji forms (shinjitai such as 円, 広, 駅).

Run:  .venv/bin/python bench/build_script_japanese.py      (no shared data needed)

The script fixer must not take Japanese kanji inside a Chinese document for Traditional Chinese
(東京駅 in a Simplified sentence is Japanese, not a clause to convert). Kana is the strong sign of
Japanese; a Japanese-only kanji form is the next one: a character a Chinese writer does not use.

Source: OpenCC's ``JPShinjitaiCharacters`` table (https://github.com/BYVoid/OpenCC, Apache-2.0):
each Japanese new form (shinjitai) with its old form (kyujitai). A shinjitai character is listed
when it is in none of OpenCC's Chinese tables (neither Simplified- nor Traditional-only, not its
own old form: 国, 学, 会 and 台 are Chinese too) and Chinese text all but never writes it: in the
shipped character counts (``dictionaries/charfreq_unigram.tsv``: PFR 1998 and the SIGHAN 2005
sets) it occurs at most ``MAX_CHINESE`` times and at most 1/``MIN_SHARE`` as often as the Chinese
forms of its old form (広 0 times beside 2,559 广/廣; 芸 32 beside 1,391 is Chinese too).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textfix.fixers import script as S  # noqa: E402

#: A Japanese-only form occurs at most this often in the Chinese character counts ...
MAX_CHINESE = 5
#: ... and at most 1/MIN_SHARE as often as the Chinese forms of its old form.
MIN_SHARE = 20


def opencc_table(name: str) -> list[tuple[str, list[str]]]:
    """The rows of an OpenCC dictionary, dumped to text with the bundled ``opencc_dict``."""
    import opencc

    clib = Path(opencc.__file__).parent / "clib"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "d.txt"
        subprocess.run([str(clib / "bin" / "opencc_dict"), "-i", str(clib / "share" / "opencc" / f"{name}.ocd2"),
                        "-o", str(out), "-f", "ocd2", "-t", "text"], check=True,
                       env=dict(os.environ, LD_LIBRARY_PATH=str(clib / "lib64")))
        rows = [line.split("\t") for line in out.read_text("utf-8").splitlines() if "\t" in line]
    return [(k, v.split()) for k, v in rows]


def char_counts() -> dict[str, int]:
    counts = {}
    for line in (ROOT / "dictionaries" / "charfreq_unigram.tsv").read_text("utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("#") and len(parts) == 2:
            counts[parts[0]] = int(parts[1])
    return counts


def main() -> None:
    t = S.tables()
    counts = char_counts()
    chosen = []
    for new, olds in opencc_table("JPShinjitaiCharacters"):
        if len(new) != 1 or not olds:
            continue
        chinese = {olds[0], S.opencc_convert(olds[0], "t2s")}
        if new in t.hans or new in t.hant or new in chinese:
            continue
        n = counts.get(new, 0)
        if n <= MAX_CHINESE and n * MIN_SHARE <= max(counts.get(c, 0) for c in chinese):
            chosen.append(new)
    header = [
        "# script_japanese.tsv: Japanese-only kanji forms (shinjitai that Chinese text does not write: 円, 広, 駅).",
        "# Source: OpenCC JPShinjitaiCharacters (https://github.com/BYVoid/OpenCC, Apache-2.0), filtered with the",
        "# character counts of dictionaries/charfreq_unigram.tsv (PFR 1998, SIGHAN 2005; research use; counts only).",
        f"# Built by: .venv/bin/python bench/build_script_japanese.py (MAX_CHINESE {MAX_CHINESE}, MIN_SHARE {MIN_SHARE}).",
        "# Columns: kind<TAB>value. kind 'shinjitai': a character class.",
    ]
    out = ROOT / "dictionaries" / "script_japanese.tsv"
    out.write_text("\n".join(header + ["shinjitai\t" + "".join(sorted(chosen))]) + "\n", "utf-8")
    print(f"{len(chosen)} Japanese-only forms written to {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
