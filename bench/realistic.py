"""End-to-end QA on realistic damage: several kinds of damage in one held-out document.

Every other benchmark measures one stage on its own data. This one builds damaged
documents the way scrapers damage pages, from held-out clean news the models were
never counted from (``/work/shared/seeds/000, 001, 003``: 2021-22 news), keeps the
clean version as the reference, and measures what a user sees through the API and
the CLI.

Usage (needs /work/shared; scratch files go to a temporary directory)::

    .venv/bin/python bench/realistic.py                  # API table + CLI checks
    .venv/bin/python bench/realistic.py --variants 3 --show 5 --only api
    .venv/bin/python bench/realistic.py --dump /tmp/docs.jsonl   # also write the documents

Damage (each a small function below; a combination applies them in order):

* ``gbk_para``: one paragraph re-decoded as GBK-from-UTF-8 (``decode('gbk', 'replace')``: bytes are lost)
* ``latin1_file``: the whole file GBK-encoded and read as Latin-1
* ``big5_page``: a Traditional (OpenCC s2t, cp950) page read as GBK the way browsers do (the WHATWG
  gbk decoder is gb18030: user-defined pairs become private-use characters); the reference is the Traditional text
* ``big5_page_py``: the same page read with Python's ``decode('gbk', 'replace')`` (each invalid pair loses a byte)
* ``cp1252_page_py``: a UTF-8 page read with ``decode('cp1252', 'replace')`` (bytes 81 8D 8F 90 9D lost)
* ``trad_para``: one paragraph pasted in Traditional (OpenCC s2t or s2tw)
* ``latin_quote``: an English quote (our own sentences) with ftfy-style UTF-8-as-cp1252 mojibake
* ``html``: HTML entities (&ldquo; &mdash; &amp; &#20013; &#x6587;) in two paragraphs
* ``zero_width``: zero-width characters (U+200B/C/D, U+FEFF, U+2060) between Han characters
* ``nbsp``: NBSP for the spaces in the text and as a two-NBSP paragraph indent
* ``wrap``: every paragraph hard-wrapped at 40-80 columns (display columns or code points, at random);
  ``wrap_cols`` and ``wrap_chars`` always count display columns or code points
* ``dup_para``: one paragraph repeated right after itself
* ``truncate``: the last paragraph cut mid-sentence (nothing to restore: must not be touched)

``X@same`` applies X to the paragraph the previous step damaged.

Figures per damage kind or combination: documents fully restored, character error
rate (Levenshtein distance / reference length, summed over documents) before and
after, reference characters that were right before and wrong after ("worse"),
documents whose second fix changes the text again, documents repaired differently
when their newlines are CRLF (and, for those, documents restored and CER), and findings on the clean references (must be 0). The CLI section runs ``textfix fix`` (in place, on UTF-8,
UTF-8 with BOM, CRLF and GBK copies), ``textfix fix --diff`` (applied with
``patch``), ``textfix check --format json`` and ``textfix batch`` on a JSONL of every
document, and compares each with the API. ftfy and OpenCC, the peers a user would
otherwise chain, are measured on the same documents: ftfy.fix_text with its defaults (which
uncurl “” to ""), and ftfy.fix_text(uncurl_quotes=False) then OpenCC t2s ("ftfy-nq+t2s").
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

SEEDS = Path("/work/shared/seeds")
SEED_IDS = ("000", "001", "003")  # 002 and 004 are spun: the spin bench uses them
ROOT = Path(__file__).resolve().parents[1]
TEXTFIX = str(Path(sys.executable).with_name("textfix"))

# Our own English sentences (not from any corpus) with the characters ftfy-style
# mojibake hits: curly quotes, dashes, accented letters, ellipsis, the euro sign.
QUOTES = (
    "“It’s a naïve café—nothing more,” she said.",
    "He called the résumé “über-polished” … and left.",
    "The façade cost €3 million — “a déjà vu,” critics wrote.",
    "“We’re piloting the coöperative model in Zürich,” said Renée.",
)
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff\u2060"


@dataclass
class Doc:
    """A document under construction: parallel damaged and reference paragraphs."""

    seed: str
    damaged: list[str]
    ref: list[str]
    lead: str = "\n\n"  # the seeds open with two newlines and separate paragraphs with one blank line
    used: list[int] = field(default_factory=list)
    file_step: str = ""  # a whole-file codec damage, applied after joining

    def text(self) -> tuple[str, str]:
        damaged = self.lead + "\n\n".join(self.damaged) + "\n"
        ref = self.lead + "\n\n".join(self.ref) + "\n"
        return damaged, ref


def _cc(config: str):
    import opencc

    return opencc.OpenCC(config)


_CC: dict[str, object] = {}


def convert(text: str, config: str) -> str:
    """OpenCC conversion with one converter per config.

    >>> convert('后来', 's2t')
    '後來'
    """
    if config not in _CC:
        _CC[config] = _cc(config)
    return _CC[config].convert(text)  # type: ignore[attr-defined]


def cp950_safe(text: str) -> str:
    """What survives a round trip through Big5 (cp950): unencodable characters become '?'."""
    return text.encode("cp950", "replace").decode("cp950")


def _pick(doc: Doc, rng: random.Random, same: bool, min_len: int = 40, last: bool = False) -> int:
    if same and doc.used:
        return doc.used[-1]
    if last:
        return len(doc.damaged) - 1
    han = [i for i, p in enumerate(doc.damaged) if len(p) >= min_len and i not in doc.used]
    i = rng.choice(han or range(len(doc.damaged)))
    doc.used.append(i)
    return i


# --- damage: each changes doc in place -------------------------------------------------


def gbk_para(doc: Doc, rng: random.Random, same: bool) -> None:
    """A paragraph of a UTF-8 page decoded as GBK: '中文' -> '涓枃' (odd bytes become U+FFFD)."""
    i = _pick(doc, rng, same)
    doc.damaged[i] = doc.damaged[i].encode("utf-8").decode("gbk", "replace")


def trad_para(doc: Doc, rng: random.Random, same: bool) -> None:
    """A paragraph pasted from a Traditional source (OpenCC s2t or s2tw)."""
    i = _pick(doc, rng, same)
    doc.damaged[i] = convert(doc.damaged[i], rng.choice(("s2t", "s2tw")))


def latin_quote(doc: Doc, rng: random.Random, same: bool) -> None:
    """An English quote after a sentence, as UTF-8 read as windows-1252 ('café' -> 'cafÃ©')."""
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

    i = _pick(doc, rng, same)
    quote = rng.choice(QUOTES)
    ends = [m.end() for m in re.finditer("[。！？]", doc.ref[i])] or [len(doc.ref[i])]
    k = rng.choice(ends)
    doc.ref[i] = doc.ref[i][:k] + quote + doc.ref[i][k:]
    # the damaged paragraph may differ from the reference (earlier damage): put it after the same sentence count
    dk = [m.end() for m in re.finditer("[。！？]", doc.damaged[i])] or [len(doc.damaged[i])]
    dk_at = dk[min(ends.index(k), len(dk) - 1)]
    doc.damaged[i] = doc.damaged[i][:dk_at] + quote.encode("utf-8").decode("sloppy-windows-1252") + doc.damaged[i][dk_at:]


_ENTITIES = {"“": "&ldquo;", "”": "&rdquo;", "—": "&mdash;", "&": "&amp;", "…": "&hellip;", "·": "&middot;", '"': "&quot;"}


def html(doc: Doc, rng: random.Random, same: bool) -> None:
    """HTML entities left by a scraper: named ones for punctuation, numeric ones for a few Han characters."""
    for n in range(1 if same else 2):
        i = _pick(doc, rng, same and n == 0)
        out = []
        for ch in doc.damaged[i]:
            if ch in _ENTITIES:
                out.append(_ENTITIES[ch])
            elif "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.04:
                out.append(f"&#{ord(ch)};" if rng.random() < 0.5 else f"&#x{ord(ch):x};")
            else:
                out.append(ch)
        doc.damaged[i] = "".join(out)


def zero_width(doc: Doc, rng: random.Random, same: bool) -> None:
    """Zero-width characters between Han characters (copy-paste from web pages, watermarking)."""
    i = _pick(doc, rng, same)
    p = doc.damaged[i]
    spots = [m.start() for m in re.finditer(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])", p)]
    for k in sorted(rng.sample(spots, min(len(spots), rng.randint(3, 6))), reverse=True):
        p = p[:k] + rng.choice(ZERO_WIDTH) + p[k:]
    doc.damaged[i] = p


def nbsp(doc: Doc, rng: random.Random, same: bool) -> None:
    """NBSP where the page had spaces, and a two-NBSP indent on a few paragraphs."""
    for i in range(len(doc.damaged)):
        doc.damaged[i] = doc.damaged[i].replace(" ", "\u00a0")
    for i in rng.sample(range(len(doc.damaged)), min(3, len(doc.damaged))):
        doc.damaged[i] = "\u00a0\u00a0" + doc.damaged[i]


def _width(ch: str, columns: bool) -> int:
    return 2 if columns and unicodedata.east_asian_width(ch) in "WF" else 1


def wrap_paragraph(p: str, width: int, columns: bool) -> str:
    """Hard-wrap at ``width`` (display columns or code points), never inside an ASCII word.

    >>> wrap_paragraph('一二三四五六', 4, True)
    '一二\\n三四\\n五六'
    """
    lines, line, used = [], [], 0
    for ch in p:
        w = _width(ch, columns)
        if line and used + w > width:
            cut = len(line)
            if ch.isascii() and ch.isalnum():  # move the break back to the last space, keeping the space
                j = max((k for k, c in enumerate(line) if c == " "), default=-1)
                if j >= 0 and len(line) - j < 20:
                    cut = j + 1
            lines.append("".join(line[:cut]))
            line = line[cut:]
            used = sum(_width(c, columns) for c in line)
        line.append(ch)
        used += w
    lines.append("".join(line))
    return "\n".join(lines)


def wrap(doc: Doc, rng: random.Random, same: bool, columns: bool | None = None) -> None:
    """Every paragraph hard-wrapped at 40-80 columns (a plain-text export, an e-mail, fmt)."""
    width = rng.randint(40, 80)
    columns = rng.random() < 0.5 if columns is None else columns
    doc.damaged = ["\n".join(wrap_paragraph(line, width, columns) for line in p.split("\n")) for p in doc.damaged]


def wrap_cols(doc: Doc, rng: random.Random, same: bool) -> None:
    """Hard-wrapped at 40-80 display columns (a Han character is two columns)."""
    wrap(doc, rng, same, columns=True)


def wrap_chars(doc: Doc, rng: random.Random, same: bool) -> None:
    """Hard-wrapped at 40-80 code points, as Python's textwrap and many exporters count."""
    wrap(doc, rng, same, columns=False)


def dup_para(doc: Doc, rng: random.Random, same: bool) -> None:
    """A paragraph repeated right after itself (a scraper that read a teaser and the body)."""
    i = _pick(doc, rng, same)
    doc.damaged[i] = doc.damaged[i] + "\n\n" + doc.damaged[i]  # one element: keeps the lists parallel


def truncate(doc: Doc, rng: random.Random, same: bool) -> None:
    """The last paragraph cut mid-sentence: the text is lost, so the reference is cut too."""
    i = len(doc.damaged) - 1
    while i > 0 and len(doc.ref[i]) < 20:
        i -= 1
    del doc.damaged[i + 1:], doc.ref[i + 1:]
    k = rng.randint(len(doc.ref[i]) // 3, 2 * len(doc.ref[i]) // 3)
    # keep the damaged paragraph aligned with the reference: cut it in proportion
    dk = round(k * len(doc.damaged[i]) / max(1, len(doc.ref[i])))
    doc.ref[i], doc.damaged[i] = doc.ref[i][:k], doc.damaged[i][:dk]
    doc.used.append(i)


def latin1_file(doc: Doc, rng: random.Random, same: bool) -> None:
    doc.file_step = "latin1_file"


def big5_page(doc: Doc, rng: random.Random, same: bool) -> None:
    doc.file_step = "big5_page"


def big5_page_py(doc: Doc, rng: random.Random, same: bool) -> None:
    doc.file_step = "big5_page_py"


def cp1252_page_py(doc: Doc, rng: random.Random, same: bool) -> None:
    """A UTF-8 page read as windows-1252 with errors='replace' (the five bytes cp1252 leaves undefined become U+FFFD)."""
    doc.file_step = "cp1252_page_py"


STEPS = {f.__name__: f for f in (gbk_para, trad_para, latin_quote, html, zero_width, nbsp, wrap, wrap_cols, wrap_chars, dup_para,
                                 truncate, latin1_file, big5_page, big5_page_py, cp1252_page_py)}

COMBOS: dict[str, tuple[str, ...]] = {
    **{name: (name,) for name in STEPS if name != "wrap"},
    "gbk_para+wrap": ("gbk_para", "wrap"),  # the wrap splits mojibake spans
    "wrap+gbk_para": ("wrap", "gbk_para"),  # a wrapped paragraph re-decoded
    "trad_para+gbk_para": ("trad_para", "gbk_para"),
    "trad_para+gbk_para@same": ("trad_para", "gbk_para@same"),
    "html+gbk_para@same": ("html", "gbk_para@same"),
    "latin_quote+gbk_para@same": ("latin_quote", "gbk_para@same"),
    "zero_width+trad_para@same": ("zero_width", "trad_para@same"),
    "html+trad_para@same": ("html", "trad_para@same"),
    "dup_para+gbk_para@same": ("dup_para", "gbk_para@same"),
    "truncate+gbk_para@same": ("truncate", "gbk_para@same"),
    "wrap+latin1_file": ("wrap", "latin1_file"),
    "html+latin1_file": ("html", "latin1_file"),
    "trad_para+latin1_file": ("trad_para", "latin1_file"),
    "dup_para+truncate+wrap": ("dup_para", "truncate", "wrap"),
    "big5_page+wrap": ("big5_page", "wrap"),
    "big5_page+html": ("big5_page", "html"),
    "wrap+cp1252_page_py": ("wrap", "cp1252_page_py"),
    "kitchen_sink": ("latin_quote", "html", "trad_para", "zero_width", "gbk_para", "dup_para", "truncate", "wrap"),
    "kitchen_sink_latin1": ("html", "trad_para", "dup_para", "truncate", "wrap", "latin1_file"),
}


def paragraphs(text: str) -> list[str]:
    return [p for p in text.strip("\n").split("\n\n")]


def build(seed: str, clean: str, combo: str, variant: int) -> tuple[str, str] | None:
    """(damaged, reference) for one seed, combination and variant; None if the codec cannot carry it."""
    rng = random.Random(f"{seed}/{combo}/{variant}")
    steps = COMBOS[combo]
    paras = paragraphs(clean)
    if any(s.startswith("big5_page") for s in steps):  # a Traditional page written in Big5
        paras = [cp950_safe(convert(p, "s2t")) for p in paras]
    doc = Doc(seed, list(paras), list(paras))
    for step in steps:
        name, _, same = step.partition("@")
        STEPS[name](doc, rng, bool(same))
    damaged, ref = doc.text()
    try:
        if doc.file_step == "latin1_file":
            damaged = damaged.encode("gbk").decode("latin-1")
        elif doc.file_step == "big5_page":  # as browsers read a page labelled gbk (WHATWG: the gb18030 decoder)
            damaged = damaged.encode("cp950").decode("gb18030")
        elif doc.file_step == "big5_page_py":  # as Python (requests' r.text) reads it: invalid pairs lose a byte
            damaged = damaged.encode("cp950").decode("gbk", "replace")
        elif doc.file_step == "cp1252_page_py":
            damaged = damaged.encode("utf-8").decode("cp1252", "replace")
    except UnicodeEncodeError:
        return None
    return damaged, ref


def seeds() -> dict[str, str]:
    out = {}
    for sid in SEED_IDS:
        path = next(SEEDS.glob(f"{sid}_*.txt"))
        out[sid] = path.read_text(encoding="utf-8")
    return out


def documents(variants: int) -> list[dict]:
    docs = []
    for sid, clean in seeds().items():
        for combo in COMBOS:
            for v in range(variants):
                built = build(sid, clean, combo, v)
                if built is None or built[0] == built[1] and combo != "truncate":
                    continue
                docs.append({"id": f"{sid}/{combo}/{v}", "seed": sid, "combo": combo, "damaged": built[0], "ref": built[1]})
    return docs


# --- measuring ----------------------------------------------------------------------------


def worse_chars(damaged: str, fixed: str, ref: str) -> int:
    """Characters of ``damaged`` that were right (aligned with ``ref``) and that the repair changed or removed.

    >>> worse_chars("ab\\ncd", "abcd", "ab\\ncd"), worse_chars("a涓b", "a中b", "a中b")
    (1, 0)
    """
    from rapidfuzz.distance import Levenshtein

    right: set[int] = set()
    for op in Levenshtein.opcodes(damaged, ref):
        if op.tag == "equal":
            right.update(range(op.src_start, op.src_end))
    return sum(
        len(right.intersection(range(op.src_start, op.src_end)))
        for op in Levenshtein.opcodes(damaged, fixed)
        if op.tag in ("replace", "delete")
    )


def distance(a: str, b: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b)


def snippets(ref: str, text: str, limit: int = 3, context: int = 8) -> list[str]:
    """A few 'reference' -> 'output' differences with some context, for reading."""
    from rapidfuzz.distance import Levenshtein

    out = []
    for op in Levenshtein.opcodes(ref, text):
        if op.tag != "equal":
            a = ref[max(0, op.src_start - context):op.src_end + context]
            b = text[max(0, op.dest_start - context):op.dest_end + context]
            out.append(f"{a!r} -> {b!r}")
            if len(out) >= limit:
                break
    return out


def run_api(docs: list[dict], show: int) -> dict[str, dict]:
    import textfix

    rows: dict[str, dict] = defaultdict(lambda: Counter())
    problems: list[str] = []
    cpu = 0.0
    for d in docs:
        t0 = time.process_time()
        res = textfix.fix(d["damaged"])
        cpu += time.process_time() - t0
        out, ref, dmg = res.text, d["ref"], d["damaged"]
        d["fixed"] = out
        d["rules"] = Counter(e.rule for e in res.edits)
        again = textfix.fix(out).text
        d["fixed_crlf"] = textfix.fix(dmg.replace("\n", "\r\n")).text  # what the CLI gives a CRLF file
        crlf = d["fixed_crlf"].replace("\r\n", "\n")
        worse = worse_chars(dmg, out, ref)
        r = rows[d["combo"]]
        r["docs"] += 1
        r["restored"] += out == ref
        r["ref_chars"] += len(ref)
        r["dist_before"] += distance(dmg, ref)
        r["dist_after"] += distance(out, ref)
        r["worse"] += worse
        r["docs_worse"] += worse > 0
        r["not_idempotent"] += again != out
        r["crlf_differs"] += crlf != out
        r["dist_crlf"] += distance(crlf, ref)
        r["restored_crlf"] += crlf == ref
        if again != out:
            problems.append(f"NOT IDEMPOTENT {d['id']}: {snippets(out, again, 2)}")
        if out != ref and show:
            d["diff"] = snippets(ref, out, show)
    print(f"API: {len(docs)} documents, textfix.fix CPU {cpu:.1f} s (one call per document)")
    for p in problems:
        print(p)
    return rows


def run_clean(docs: list[dict]) -> tuple[int, int, Counter]:
    """Findings on every distinct clean reference (the seeds, their Traditional and truncated versions)."""
    import textfix

    refs = sorted({d["ref"] for d in docs})
    findings: Counter = Counter()
    for ref in refs:
        for e in textfix.check(ref):
            findings[e.rule] += 1
    # a clean Traditional copy of each seed must draw nothing either (script keep)
    for clean in seeds().values():
        for config in ("s2t", "s2tw"):
            for e in textfix.check(convert(clean, config)):
                findings[f"{config}:{e.rule}"] += 1
    return len(refs) + 2 * len(SEED_IDS), sum(findings.values()), findings


def run_peers(docs: list[dict]) -> dict[str, Counter]:
    """What chaining ftfy.fix_text and OpenCC (t2s; t2s is skipped on the Traditional references) gives."""
    import ftfy

    rows: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        r = rows[d["combo"]]
        r["ftfy_dist"] += distance(ftfy.fix_text(d["damaged"]), d["ref"])  # defaults: uncurls “” to ""
        out = ftfy.fix_text(d["damaged"], uncurl_quotes=False)
        if not d["combo"].startswith("big5_page"):  # the reference is Traditional
            out = convert(out, "t2s")
        r["restored"] += out == d["ref"]
        r["dist_after"] += distance(out, d["ref"])
    return rows


def print_table(rows: dict[str, dict], peers: dict[str, Counter]) -> None:
    head = (f"{'damage':26} {'docs':>4} {'restored':>8} {'CER before':>10} {'CER after':>9} {'worse ch':>8} {'docs worse':>10}"
            f" {'fix2!=fix':>9} {'crlf!=lf':>8} {'CRLF: restored':>14} {'CER':>6} | {'ftfy CER':>8} {'ftfy-nq+t2s restored':>20} {'CER':>7}")
    print(head)
    print("-" * len(head))
    total: Counter = Counter()
    ptotal: Counter = Counter()
    for combo in COMBOS:
        if combo not in rows:
            continue
        r, p = rows[combo], peers.get(combo, Counter())
        total.update(r)
        ptotal.update(p)
        _row(combo, r, p)
    print("-" * len(head))
    _row("all", total, ptotal)


def _row(name: str, r: Counter, p: Counter) -> None:
    n = max(1, r["ref_chars"])
    print(f"{name:26} {r['docs']:>4} {r['restored']:>8} {100 * r['dist_before'] / n:>9.2f}% {100 * r['dist_after'] / n:>8.2f}%"
          f" {r['worse']:>8} {r['docs_worse']:>10} {r['not_idempotent']:>9} {r['crlf_differs']:>8} {r['restored_crlf']:>14}"
          f" {100 * r['dist_crlf'] / n:>5.2f}% | {100 * p['ftfy_dist'] / n:>7.2f}%"
          f" {p['restored']:>20} {100 * p['dist_after'] / n:>6.2f}%")


# --- the CLI, as a user runs it -----------------------------------------------------------


def _cli(*args: str, stdin: bytes | None = None, cwd: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([TEXTFIX, *args], check=False, input=stdin, capture_output=True, cwd=cwd, env={**os.environ, "NO_COLOR": "1"})


VARIANTS = {  # name: (encoding written, BOM, newline)
    "utf8": ("utf-8", b"", "\n"),
    "utf8-bom": ("utf-8", b"\xef\xbb\xbf", "\n"),
    "crlf": ("utf-8", b"", "\r\n"),
    "gbk": ("gbk", b"", "\n"),
    "gbk-crlf": ("gbk", b"", "\r\n"),
}


def _encode(text: str, variant: str, newlines_done: bool = False) -> bytes | None:
    enc, bom, nl = VARIANTS[variant]
    try:
        return bom + (text if newlines_done else text.replace("\n", nl)).encode(enc)
    except UnicodeEncodeError:
        return None


def run_cli(docs: list[dict], tmp: Path) -> list[str]:
    """Every CLI path a user takes; returns the problems found (also printed)."""
    problems: list[str] = []
    names = {d["id"]: d["id"].replace("/", "_") + ".txt" for d in docs}
    by_name = {names[d["id"]]: d for d in docs}

    # textfix fix, in place, on each file variant
    for variant, (enc, bom, nl) in VARIANTS.items():
        vdir = tmp / variant
        vdir.mkdir()
        expected: dict[str, bytes] = {}
        for d in docs:
            # the API on the same text: a CRLF file is repaired as a CRLF string (the CLI keeps newlines)
            repaired = d["fixed"] if nl == "\n" else d.get("fixed_crlf", d["fixed"].replace("\n", nl))
            data, want = _encode(d["damaged"], variant), _encode(repaired, variant, newlines_done=True)
            if data is None or want is None:
                continue  # GBK cannot carry this document (U+FFFD, Latin-1 letters, or its repair)
            (vdir / names[d["id"]]).write_bytes(data)
            expected[names[d["id"]]] = want
        t0 = time.time()
        proc = _cli("fix", "--no-config", str(vdir))
        bad = [n for n, want in expected.items() if (vdir / n).read_bytes() != want]
        if bad:  # other engineers edit the fixers while this runs: ask the code as it is now
            fresh = fresh_api([by_name[n]["damaged"].replace("\n", nl) for n in bad])
            bad = [n for n, f in zip(bad, fresh) if (vdir / n).read_bytes() != _encode(f, variant, newlines_done=True)]
        print(f"CLI fix {variant:9}: {len(expected)} files, exit {proc.returncode}, {time.time() - t0:.0f} s wall, "
              f"{len(bad)} differ from the API repair of the same text written back in the same encoding/BOM/newlines")
        for n in bad[:5]:
            got = (vdir / n).read_bytes()[len(bom):].decode(enc, "replace").replace(nl, "\n")
            problems.append(f"CLI fix {variant} {n}: {snippets(by_name[n]['fixed'], got, 2)} {proc.stderr.decode()[-200:]!r}")
        if proc.returncode not in (0, 1):
            problems.append(f"CLI fix {variant}: exit {proc.returncode}: {proc.stderr.decode()[-300:]}")

    # textfix fix --diff: prints, writes nothing; the diff applied with patch gives the API repair
    ddir = tmp / "diff"
    ddir.mkdir()
    for d in docs:
        (ddir / names[d["id"]]).write_text(d["damaged"], encoding="utf-8", newline="")
    proc = _cli("fix", "--no-config", "--diff", "--color", "never", ".", cwd=str(ddir))
    untouched = all((ddir / names[d["id"]]).read_text(encoding="utf-8") == d["damaged"] for d in docs)
    pdir = tmp / "patched"
    shutil.copytree(ddir, pdir)
    patch = subprocess.run(["patch", "-s", "-p1", "-d", str(pdir)], check=False, input=proc.stdout, capture_output=True)
    stale = [d for d in docs if (pdir / names[d["id"]]).read_text(encoding="utf-8") != d["fixed"]]
    if stale:  # the fixers may have changed since the API ran: ask the code as it is now
        fresh = fresh_api([d["damaged"] for d in stale])
        stale = [d for d, f in zip(stale, fresh) if (pdir / names[d["id"]]).read_text(encoding="utf-8") != f]
    patched_ok = len(docs) - len(stale)
    print(f"CLI fix --diff: exit {proc.returncode}, files untouched {untouched}, patch exit {patch.returncode}, "
          f"{patched_ok}/{len(docs)} patched files equal the API repair")
    if not untouched or patched_ok != len(docs):
        problems.append(f"fix --diff: untouched={untouched} patched_ok={patched_ok}/{len(docs)} {patch.stderr.decode()[:300]}")

    # textfix fix --check: exit 1 when a file would change
    proc = _cli("fix", "--no-config", "--check", str(ddir))
    print(f"CLI fix --check on damaged: exit {proc.returncode} (want 1)")
    if proc.returncode != 1:
        problems.append(f"fix --check exit {proc.returncode}")

    # textfix check --format json on the damaged files and on the clean references
    proc = _cli("check", "--no-config", "--format", "json", str(ddir))
    try:
        report = json.loads(proc.stdout)
    except ValueError as exc:
        report = None
        problems.append(f"check --format json: not JSON ({exc}): {proc.stdout[:200]!r}")
    files_with = _files_in_report(report)
    changed = {names[d["id"]] for d in docs if d["fixed"] != d["damaged"]}
    missing = sorted(n for n in changed if n not in files_with)
    print(f"CLI check --format json on damaged: exit {proc.returncode} (want 1), {len(files_with)} files with findings, "
          f"{len(missing)} changed-by-fix files without a finding")
    if proc.returncode != 1 or missing:
        problems.append(f"check json: exit {proc.returncode}, files fix changes but check is silent on: {missing[:5]}")
    cdir = tmp / "clean"
    cdir.mkdir()
    for k, ref in enumerate(sorted({d["ref"] for d in docs})):
        (cdir / f"ref{k}.txt").write_text(ref, encoding="utf-8", newline="")
    proc = _cli("check", "--no-config", "--format", "json", str(cdir))
    print(f"CLI check --format json on {k + 1} clean references: exit {proc.returncode} (want 0), "
          f"{len(_files_in_report(_loads(proc.stdout)))} files with findings (want 0)")
    if proc.returncode != 0:
        problems.append(f"check on clean references: exit {proc.returncode}: {proc.stdout[:300]!r}")

    # stdin -> stdout
    d = docs[0]
    proc = _cli("fix", "--no-config", "-", stdin=d["damaged"].encode("utf-8"))
    ok = proc.stdout.decode("utf-8") == d["fixed"]
    print(f"CLI fix - (stdin): exit {proc.returncode}, output equals the API repair: {ok}")
    if not ok:
        problems.append(f"fix - on {d['id']}: {snippets(d['fixed'], proc.stdout.decode('utf-8', 'replace'), 2)}")

    # textfix batch on a JSONL of every document (and the clean references), records in order
    src, dst, rep = tmp / "docs.jsonl", tmp / "out.jsonl", tmp / "report.json"
    records = [{"id": d["id"], "text": d["damaged"]} for d in docs] + [{"id": f"ref{k}", "text": d["ref"]} for k, d in enumerate(docs[:5])]
    with src.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    proc = _cli("batch", "--no-config", str(src), "-o", str(dst), "--report", str(rep))
    out = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()] if dst.exists() else []
    want = [d["fixed"] for d in docs] + [d["ref"] for d in docs[:5]]
    in_order = [r.get("id") for r in out] == [r["id"] for r in records]
    differ = [k for k, (r, w) in enumerate(zip(out, want)) if r.get("text") != w]
    if differ:  # the fixers may have changed since the API ran: ask the code as it is now
        fresh = fresh_api([records[k]["text"] for k in differ])
        differ = [k for k, f in zip(differ, fresh) if out[k].get("text") != f]
    same = min(len(out), len(records)) - len(differ)
    print(f"CLI batch: exit {proc.returncode}, {len(out)}/{len(records)} records out, in order {in_order}, "
          f"{same}/{len(records)} texts equal the API repair")
    if len(out) != len(records) or not in_order or same != len(records) or proc.returncode != 0:
        problems.append(f"batch: exit {proc.returncode} out={len(out)} order={in_order} same={same} {proc.stderr.decode()[-300:]}")
    return problems


def fresh_api(texts: list[str]) -> list[str]:
    """``textfix.fix(t).text`` for each text, in a new process (the code as it is on disk now)."""
    code = "import json,sys,textfix; print(json.dumps([textfix.fix(t).text for t in json.load(sys.stdin)]))"
    proc = subprocess.run([sys.executable, "-c", code], check=False, input=json.dumps(texts).encode(), capture_output=True)
    return json.loads(proc.stdout) if proc.returncode == 0 else [""] * len(texts)


def _loads(data: bytes):
    try:
        return json.loads(data)
    except ValueError:
        return None


def _files_in_report(report) -> set[str]:
    """File names that have at least one finding in ``check --format json`` output (list or dict shapes)."""
    if report is None:
        return set()
    items = report if isinstance(report, list) else report.get("findings", report.get("files", []))
    out = set()
    for item in items:
        if isinstance(item, dict):
            path = item.get("path") or item.get("file")
            if path and (item.get("findings") is None or item.get("findings")):
                out.add(Path(path).name)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", type=int, default=2, help="documents per seed and combination")
    ap.add_argument("--only", default="api,clean,peers,cli")
    ap.add_argument("--combo", default="", help="only these combinations (comma-separated)")
    ap.add_argument("--show", type=int, default=0, help="print this many differences per unrestored document")
    ap.add_argument("--dump", default="", help="write the documents (damaged, ref, fixed) to this JSONL")
    args = ap.parse_args()
    if not SEEDS.is_dir():
        sys.exit(f"bench/realistic.py needs the held-out seeds in {SEEDS} (from /work/shared); not found")
    only = set(args.only.split(","))
    if args.combo:
        for name in list(COMBOS):
            if name not in args.combo.split(","):
                del COMBOS[name]
    docs = documents(args.variants)
    print(f"{len(docs)} damaged documents from seeds {', '.join(SEED_IDS)} ({len(COMBOS)} damage kinds and combinations, "
          f"{args.variants} variants each; combinations a codec cannot carry are skipped)")
    rows = run_api(docs, args.show)
    if "peers" in only:
        peers = run_peers(docs)
    else:
        peers = {}
    print_table(rows, peers)
    if args.show:
        for d in docs:
            if d.get("diff"):
                print(f"\n{d['id']} rules {dict(d['rules'])}")
                for s in d["diff"]:
                    print("   ", s)
    if "clean" in only:
        n, total, findings = run_clean(docs)
        print(f"\nclean references: {n} texts, {total} findings (must be 0) {dict(findings) if total else ''}")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps({k: v for k, v in d.items() if k != "rules"}, ensure_ascii=False) + "\n")
    if "cli" in only:
        print()
        with tempfile.TemporaryDirectory(prefix="textfix-realistic-") as tmp:
            problems = run_cli(docs, Path(tmp))
        print(f"CLI problems: {len(problems)}")
        for p in problems:
            print("  ", p)


if __name__ == "__main__":
    main()
