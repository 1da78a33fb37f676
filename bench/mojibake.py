"""Mojibake benchmark: textfix vs ftfy, measured in the same run.

    .venv/bin/python bench/mojibake.py [--cases 100] [--speed-mb 10] [--control-mb 5] [--only cjk]
                                       [--generator 1|2] [--chains big5-as-gbk,...]

Prints:

1. ftfy's own test cases (excluding known failures): how many textfix and ftfy
   pass, ``fix_encoding``-style (expected = ``fixed-encoding`` or ``fixed``).
2. A seeded CJK mojibake benchmark built from clean sentences of
   ``../shared/data/corpus`` for every chain: lossless whole-string and
   partial-span cases (exact match) and lossy cases (character accuracy),
   textfix (mojibake stage) beside ftfy.fix_text.
3. False positives on a clean control set (corpus text, seeds 000/001/003,
   ftfy's negative.json): edits and edits per MB.
4. Speed of ``textfix.check`` vs ``ftfy.fix_text`` on clean Chinese text:
   medians of 3 runs and the ratio.

Needs the shared data beside the checkout (or ``TEXTFIX_SHARED``).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

import ftfy
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import textfix  # noqa: E402

SHARED = Path(os.environ.get("TEXTFIX_SHARED", ROOT.parent / "shared"))
MOJI = ("mojibake",)
ONLY_CHAINS: set[str] = set()
#: ``--failures``: print every case textfix gets wrong (damaged, expected, output).
SHOW_FAILURES = False


def need_shared() -> None:
    if not (SHARED / "data" / "corpus").is_dir():
        sys.exit(f"bench/mojibake.py needs the shared data at {SHARED} (set TEXTFIX_SHARED)")


# ------------------------------------------------------------------ data


def pfr_lines() -> list[str]:
    with open(SHARED / "data/corpus/pfr1998/199801.txt", encoding="utf-8") as f:
        return ["".join(t.rsplit("/", 1)[0] for t in line.split()) for line in f]


def sighan_lines(name: str) -> list[str]:
    with open(SHARED / "data/corpus/sighan2005" / name, encoding="utf-8-sig") as f:
        return ["".join(line.replace("\u3000", " ").split()) for line in f]


def sentences(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        for s in re.split("(?<=[。！？；])", line):
            if 8 <= len(s) <= 40:
                out.append(s)
    return out


# ------------------------------------------------------------------ chains

def sloppy1252(b: bytes) -> str:
    return "".join(bytes([x]).decode("cp1252") if x not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(x) for x in b)


def dec(b: bytes, codec: str, errors: str = "strict") -> str:
    return sloppy1252(b) if codec == "sloppy-1252" else b.decode(codec, errors)


#: name -> (true codec, wrong codec(s) in order, source pool)
LOSSLESS = {
    "utf8-as-gbk": ("utf-8", ["gbk"], "hans"),
    "utf8-as-gb18030": ("utf-8", ["gb18030"], "hans"),
    "utf8-as-big5": ("utf-8", ["big5"], "hant"),
    "utf8-as-cp950": ("utf-8", ["cp950"], "hant"),
    "utf8-as-shift_jis": ("utf-8", ["shift_jis"], "hans"),
    "utf8-as-euc_jp": ("utf-8", ["euc_jp"], "hans"),
    "utf8-as-euc_kr": ("utf-8", ["euc_kr"], "hans"),
    "utf8-as-cp1252": ("utf-8", ["sloppy-1252"], "hans"),
    "utf8-as-latin1": ("utf-8", ["latin-1"], "hans"),
    "utf8-as-mac_roman": ("utf-8", ["mac_roman"], "hans"),
    "gbk-as-latin1": ("gbk", ["latin-1"], "hans"),
    "gbk-as-cp1252": ("gbk", ["sloppy-1252"], "hans"),
    "big5-as-latin1": ("big5", ["latin-1"], "hant"),
    "sjis-as-latin1": ("shift_jis", ["latin-1"], "hant"),
    "big5-as-gbk": ("big5", ["gbk"], "hant"),
    "gbk-as-big5": ("gbk", ["big5"], "hans"),
    "double utf8-as-gb18030-as-cp1252": ("utf-8", ["gb18030", "sloppy-1252"], "hans"),
    "double gbk-as-latin1-as-utf8-as-gbk": ("gbk", ["latin-1", "gb18030"], "hans"),
}
#: Chains whose natural source is Korean or Japanese text (the corpus is Chinese): cases are
#: built from the sentences below, written for this benchmark, with their own random
#: generator so that adding them leaves every other chain's cases as they were.
EXTRA_LOSSLESS = {
    "eucjp-as-latin1": ("euc_jp", ["latin-1"], "ja"),
    "eucjp-as-cp1252": ("euc_jp", ["sloppy-1252"], "ja"),
    "euckr-as-latin1": ("euc_kr", ["latin-1"], "ko"),
    "euckr-as-cp1252": ("euc_kr", ["sloppy-1252"], "ko"),
}
#: Written by hand for this benchmark (everyday news, web and UI prose); not from any corpus.
KO_SENTENCES = (
    "대한민국의 수도는 서울입니다.", "오늘은 날씨가 맑고 따뜻합니다.", "회의는 오후 세 시에 시작됩니다.",
    "이 제품은 일 년 동안 무상으로 수리해 드립니다.", "비밀번호가 일치하지 않습니다. 다시 입력해 주세요.",
    "주문하신 상품이 내일 도착할 예정입니다.", "정부는 새로운 경제 정책을 발표했다.",
    "학생들은 도서관에서 시험 공부를 하고 있다.", "서울 지하철 이호선이 잠시 운행을 멈췄습니다.",
    "우리 가족은 주말마다 산에 갑니다.", "파일을 찾을 수 없습니다.", "로그인 후 이용하실 수 있습니다.",
    "한국어를 배우는 외국인이 늘고 있다.", "이번 여름에는 비가 많이 올 것으로 보인다.",
    "고객센터 운영 시간은 평일 아침 아홉 시부터입니다.", "그는 어릴 때부터 음악을 좋아했다.",
    "이 문제에 대해 어떻게 생각하십니까?", "시장에서 사과와 배를 샀어요.", "다음 주에 부산으로 출장을 갑니다.",
    "인터넷 연결 상태를 확인해 주십시오.", "올해 수출이 작년보다 크게 늘었다.", "저는 커피보다 차를 더 좋아합니다.",
    "아이들이 공원에서 즐겁게 놀고 있어요.", "새 학기가 시작되면 모두 바빠진다.", "회원 가입을 축하드립니다.",
    "이 길을 따라가면 역이 나옵니다.", "환경 보호는 모두의 책임이다.", "병원은 토요일 오전까지 진료합니다.",
    "지금은 통화할 수 없습니다.", "우리는 함께 저녁을 먹으며 이야기를 나눴다.", "검색 결과가 없습니다.",
    "첨부 파일의 크기가 너무 큽니다.", "경기는 우리 팀의 승리로 끝났다.", "책상 위에 편지가 놓여 있었다.",
    "내일 아침 일찍 공항으로 출발합니다.", "모든 권리는 저작권자에게 있습니다.", "가격은 부가세를 포함한 금액입니다.",
    "그 영화는 정말 감동적이었어요.", "주민들은 새 다리 건설에 찬성했다.", "잠시 후 다시 시도해 주세요.",
)
JA_SENTENCES = (
    "日本語を勉強しています。", "東京は日本の首都です。", "今日はとても暑いですね。",
    "会議は午後三時から始まります。", "パスワードが間違っています。", "ファイルが見つかりません。",
    "ご注文ありがとうございました。", "明日は雨が降るでしょう。", "駅までの道を教えてください。",
    "この本はとても面白かった。", "政府は新しい経済対策を発表した。", "子供たちが公園で遊んでいる。",
    "週末は家族と映画を見に行きます。", "ログインしてからご利用ください。", "電車が遅れて会社に遅刻した。",
    "彼は毎朝六時に起きる。", "しばらくしてから再度お試しください。", "検索結果はありません。",
    "この商品は送料無料です。", "私は紅茶よりコーヒーが好きです。", "大学で経済学を専攻しています。",
    "新しいスマートフォンを買いました。", "桜の花が満開になった。", "窓を開けてもいいですか。",
    "今年の夏休みは北海道へ行く予定です。", "お問い合わせはこちらまでどうぞ。", "会員登録が完了しました。",
    "天気予報によると明日は晴れです。", "図書館は月曜日が休みです。", "料理を作るのが趣味です。",
    "地震の後、町は静かになった。", "インターネットに接続できません。", "先生に質問してもいいですか。",
    "この道をまっすぐ行くと駅があります。", "試合は日本チームの勝利に終わった。", "机の上に手紙が置いてあった。",
    "価格は消費税込みの金額です。", "無断転載を禁じます。", "駐車場は建物の裏にあります。",
    "来月から新しい仕事を始めます。",
)

#: Legacy CJK bytes read as IBM code page 437 (ZIP archives store file names in the OEM code page).
CP437_LOSSLESS = {
    "gbk-as-cp437": ("gbk", ["cp437"], "hans"),
    "big5-as-cp437": ("big5", ["cp437"], "hant"),
    "sjis-as-cp437": ("shift_jis", ["cp437"], "hant"),
}
_EXTENSIONS = (".txt", ".docx", ".zip", ".jpg", ".pdf", ".xlsx", ".mp3", "")
_NAME_PIECE = re.compile("[\u4e00-\u9fff]{2,8}")


def file_names(pool: list[str], n: int, rng: random.Random, fn) -> list[tuple[str, str]]:
    """``n`` (damaged, original) file names: a 2-8 character piece of a sentence with an extension,
    half of them inside a path (``dir/name.ext`` or ``dir\\name.ext``), the whole name damaged."""
    out: list[tuple[str, str]] = []
    tries = 0
    while len(out) < n and tries < n * 100:
        tries += 1
        pieces = _NAME_PIECE.findall(rng.choice(pool))
        if not pieces:
            continue
        piece = rng.choice(pieces)
        i = rng.randrange(0, max(1, len(piece) - 1))
        name = piece[i : i + rng.randrange(2, 9)] + rng.choice(_EXTENSIONS)
        if len(out) % 2:
            d = _NAME_PIECE.findall(rng.choice(pool))
            if d:
                name = rng.choice(d)[:4] + rng.choice("/\\") + name
        bad = fn(name)
        if bad is None or bad == name or len(name) < 2:
            continue
        out.append((bad, name))
    return out


LOSSY = {
    "utf8-as-gbk replace": ("gbk", "replace"),
    "utf8-as-gbk ignore": ("gbk", "ignore"),
    "utf8-as-gb18030 PUA dropped": ("gb18030", "pua"),
    "utf8-as-big5 replace": ("big5", "replace"),
    "utf8-as-shift_jis replace": ("shift_jis", "replace"),
    "utf8-as-euc_kr replace": ("euc_kr", "replace"),
    "utf8-as-cp950 replace": ("cp950", "replace"),
}


def corrupt(s: str, true: str, wrongs: list[str]) -> str | None:
    """Apply a chain strictly; None if some step is not lossless."""
    try:
        b = s.encode(true)
        out = dec(b, wrongs[0])
        for w in wrongs[1:]:
            out = dec(out.encode("utf-8"), w)
        return out
    except (UnicodeError, LookupError):
        return None


def corrupt_lossy(s: str, codec: str, mode: str) -> str:
    if mode == "pua":
        return "".join(c for c in s.encode().decode("gb18030", "replace") if not "\ue000" <= c <= "\uf8ff" and c != "\ufffd")
    return s.encode().decode(codec, mode)


#: Case generator version (``--generator``). 1: when a chain rarely decodes strictly, a
#: partial case splices a 2-4 character fragment of one sentence into the middle of
#: another (the reference is then not natural text, e.g. 营养 + 管费 + 丰富). 2 (default):
#: such a fragment is damaged in place inside its own sentence. Whole-string cases and
#: every chain that decodes whole sentences strictly are generated identically by both.
GENERATOR = 2


def make_cases(pool: list[str], n: int, rng: random.Random, fn) -> list[tuple[str, str]]:
    """``n`` (damaged, original) pairs; half whole-string, half a clause inside a clean sentence."""
    out: list[tuple[str, str]] = []
    tries = 0
    while len(out) < n and tries < n * 400:
        tries += 1
        s = rng.choice(pool)
        partial = len(out) % 2 == 1
        if GENERATOR >= 2 and partial and tries > n * 100:
            i = rng.randrange(0, len(s) - 2)
            j = i + rng.randrange(2, 5)
            bad = fn(s[i:j])
            if bad is None or bad == s[i:j]:
                continue
            out.append((s[:i] + bad + s[j:], s))
            continue
        if tries > n * 100:
            # some chains (UTF-8 read as Big5/EUC-*) almost never decode strictly:
            # fall back to short strings, the only lossless cases they have
            i = rng.randrange(0, len(s) - 2)
            s = s[i : i + rng.randrange(2, 5)]
        if partial:
            i = rng.randrange(0, len(s) - 1)
            j = min(len(s), i + rng.randrange(2 if tries > n * 100 else 4, 13))
            bad = fn(s[i:j])
            if bad is None or bad == s[i:j]:
                continue
            ctx = rng.choice(pool) if len(s) < 8 else ""  # short strings go inside a clean sentence
            out.append((ctx[: len(ctx) // 2] + s[:i] + bad + s[j:] + ctx[len(ctx) // 2 :], ctx[: len(ctx) // 2] + s + ctx[len(ctx) // 2 :]))
        else:
            bad = fn(s)
            if bad is None or bad == s:
                continue
            out.append((bad, s))
    return out


def char_acc(out: str, ref: str) -> float:
    return max(0.0, 1 - Levenshtein.distance(out, ref) / max(len(ref), 1))


def tf(s: str) -> str:
    return textfix.fix(s, select=MOJI).text


# ------------------------------------------------------------------ sections


def ftfy_cases() -> None:
    tot = ok_t = ok_f = ok_full = 0
    for path in sorted(glob.glob(str(SHARED / "data/ftfy-test-cases/*.json"))):
        if "known-failures" in path:
            continue
        for case in json.load(open(path, encoding="utf-8")):
            exp = case.get("fixed-encoding", case["fixed"])
            tot += 1
            ok_f += ftfy.fix_encoding(case["original"]) == exp
            ok_t += tf(case["original"]) == exp
            ok_full += textfix.fix(case["original"]).text == exp
    print(f"\n## 1. ftfy test cases ({tot} cases, known failures excluded; expected = fixed-encoding or fixed)")
    print(f"ftfy.fix_encoding            {ok_f}/{tot}")
    print(f"textfix (mojibake stage)     {ok_t}/{tot}")
    print(f"textfix (whole pipeline)     {ok_full}/{tot}")


def cjk_bench(n: int) -> None:
    rng = random.Random(20261122)
    hans = sentences(pfr_lines()[::3] + sighan_lines("msr_test_gold.utf8"))
    hant = sentences(sighan_lines("as_testing_gold.utf8") + sighan_lines("cityu_test_gold.utf8"))
    # sentences whose every character the legacy codec can hold
    pools = {"hans": hans, "hant": hant}
    print(f"\n## 2. CJK mojibake benchmark (seed 20261122, {n} cases per chain: half whole-string, half partial span)")
    print(f"(generator {GENERATOR}; 'ambiguous' = cases whose damaged form the character model finds at least as"
          " plausible as the original, or that equal it: no plausibility judge can repair them)")
    print(f"{'chain':40s} {'cases':>5s} {'textfix exact':>13s} {'ftfy exact':>10s} {'textfix char':>12s} {'ftfy char':>9s} {'ambiguous':>9s}")
    t0 = time.perf_counter()
    for name, (true, wrongs, pool) in LOSSLESS.items():
        cases = make_cases(pools[pool], n, rng, lambda s, t=true, w=wrongs: corrupt(s, t, w))
        if not ONLY_CHAINS or name in ONLY_CHAINS:
            _report(name + " (lossless)", cases)
    rng2 = random.Random(20261123)
    pools2 = {"ko": list(KO_SENTENCES), "ja": list(JA_SENTENCES)}
    for name, (true, wrongs, pool) in EXTRA_LOSSLESS.items():
        cases = make_cases(pools2[pool], n, rng2, lambda s, t=true, w=wrongs: corrupt(s, t, w))
        if not ONLY_CHAINS or name in ONLY_CHAINS:
            _report(name + " (lossless)", cases)
    # cp437 (ZIP file names, Windows consoles): its own generator, so the rows above stay as they were
    rng3 = random.Random(20261124)
    for name, (true, wrongs, pool) in CP437_LOSSLESS.items():
        cases = make_cases(pools[pool], n, rng3, lambda s, t=true, w=wrongs: corrupt(s, t, w))
        if not ONLY_CHAINS or name in ONLY_CHAINS:
            _report(name + " (lossless)", cases)
        names = file_names(pools[pool], n, rng3, lambda s, t=true, w=wrongs: corrupt(s, t, w))
        if not ONLY_CHAINS or name in ONLY_CHAINS:
            _report(name + " (file names/paths)", names)
    # held-out Big5/GBK swaps: whole words of the SIGHAN *training* word lists, whose character
    # pairs the model never counted (it counted the test sets' text; see bench/build_charfreq.py)
    rng4 = random.Random(20261126)
    for name, (true, wrongs, lists) in HELD_OUT_SWAPS.items():
        pool = held_out_words(lists)
        cases = []
        for w in rng4.sample(pool, min(len(pool), 20 * n)):
            bad = corrupt(w, true, wrongs)
            if bad is not None and bad != w:
                cases.append((bad, w))
            if len(cases) == n:
                break
        if not ONLY_CHAINS or name in ONLY_CHAINS:
            _report(name + " (held-out words)", cases)
    lost_notes = []
    for name, (codec, mode) in LOSSY.items():
        cases = make_cases(pools["hant" if codec in ("big5", "cp950") else "hans"], n, rng,
                           lambda s, c=codec, m=mode: corrupt_lossy(s, c, m))
        if ONLY_CHAINS and name not in ONLY_CHAINS:
            continue
        _report(name + " (lossy)", cases)
        lost_notes.append(f"{name}: {100 * _bytes_lost(cases, codec, mode):.0f}%")
    print("share of each case's UTF-8 bytes that the lossy decoding lost: " + "; ".join(lost_notes))
    print(f"(benchmark time {time.perf_counter() - t0:.1f}s)")


#: Big5/GBK swaps of whole words from word lists the character model has no pairs from.
HELD_OUT_SWAPS = {
    "big5-as-gbk": ("big5", ["gbk"], ("as", "cityu")),
    "gbk-as-big5": ("gbk", ["big5"], ("msr", "pku")),
}


def held_out_words(lists: tuple[str, ...]) -> list[str]:
    """2-8 character all-Han words of the SIGHAN 2005 training word lists ``lists``, sorted."""
    out: set[str] = set()
    for name in lists:
        with open(SHARED / "data/corpus/sighan2005" / f"{name}_training_words.utf8", encoding="utf-8-sig") as f:
            out.update(w for line in f if 2 <= len(w := line.strip()) <= 8 and all("\u4e00" <= c <= "\u9fff" for c in w))
    return sorted(out)


def _bytes_lost(cases: list[tuple[str, str]], codec: str, mode: str) -> float:
    """Share of the original UTF-8 bytes that the lossy decoding threw away."""
    lost = total = 0
    for bad, ref in cases:
        total += len(ref.encode())
        kept = 0
        for c in bad:
            if c == "\ufffd" or "\ue000" <= c <= "\uf8ff":
                continue
            try:
                kept += len(c.encode(codec))
            except UnicodeEncodeError:  # clean context around a damaged span
                kept += len(c.encode("utf-8"))
        lost += max(0, len(ref.encode()) - kept)
    return lost / max(total, 1)


def _ambiguous(cases: list[tuple[str, str]]) -> int:
    """Cases no plausibility judge can get right: the damaged text is clean text already,
    or the character model finds it at least as plausible as the original."""
    from textfix import lm

    return sum(1 for bad, ref in cases if bad == ref or lm.char_logprob(bad) >= lm.char_logprob(ref))


def _report(name: str, cases: list[tuple[str, str]]) -> None:
    if not cases:
        print(f"{name:40s} {0:5d}   (no case could be generated)")
        return
    ex_t = ex_f = 0
    acc_t: list[float] = []
    acc_f: list[float] = []
    failures = []
    for bad, ref in cases:
        out_t = tf(bad)
        out_f = ftfy.fix_text(bad)
        ex_t += out_t == ref
        if out_t != ref:
            failures.append((bad, ref, out_t))
        ex_f += out_f == ref
        acc_t.append(char_acc(out_t, ref))
        acc_f.append(char_acc(out_f, ref))
    k = len(cases)
    print(f"{name:40s} {k:5d} {100 * ex_t / k:12.1f}% {100 * ex_f / k:9.1f}% "
          f"{100 * statistics.mean(acc_t):11.1f}% {100 * statistics.mean(acc_f):8.1f}% {_ambiguous(cases):9d}")
    if SHOW_FAILURES:
        for bad, ref, out in failures:
            print(f"    FAIL {bad!r}\n      want {ref!r}\n      got  {out!r}")


def control_set(mb: float) -> None:
    docs: list[tuple[str, str]] = []
    size = 0
    sources = [("pfr1998", pfr_lines())] + [
        (n, sighan_lines(n)) for n in ("pku_test_gold.utf8", "msr_test_gold.utf8", "as_testing_gold.utf8", "cityu_test_gold.utf8")
    ]
    for name, lines in sources:
        for i in range(0, len(lines), 200):
            d = "\n".join(lines[i : i + 200])
            docs.append((name, d))
            size += len(d.encode())
    for p in sorted((SHARED / "seeds").glob("00[013]_*.txt")):
        t = p.read_text(encoding="utf-8")
        docs.append((p.name, t))
        size += len(t.encode())
    neg_cases = json.load(open(SHARED / "data/ftfy-test-cases/negative.json", encoding="utf-8"))
    neg = [c["original"] for c in neg_cases]
    for t in neg:
        docs.append(("ftfy negative.json", t))
        size += len(t.encode())
    edits = []
    t0 = time.perf_counter()
    for name, d in docs:
        for e in textfix.check(d, select=MOJI):
            edits.append((name, e))
    dt = time.perf_counter() - t0
    print(f"\n## 3. False positives on the clean control set ({size / 1e6:.2f} MB: PFR 1998, SIGHAN 2005 gold x4, seeds 000/001/003, ftfy negative.json ({len(neg)} texts))")
    print(f"mojibake edits: {len(edits)}  ({len(edits) / (size / 1e6):.3f} per MB; {size / 1e6 / dt:.1f} MB/s)")
    clean = [e for name, e in edits if name != "ftfy negative.json"]
    print(f"  on the corpus and seeds: {len(clean)} ({len(clean) / (size / 1e6):.3f} per MB)")
    seeds = sum(1 for name, _ in edits if name.startswith("00"))
    print(f"  of which on seeds 000/001/003 (text the character model was not trained on): {seeds}")
    for name, e in edits[:15]:
        print(f"  {name}: {e.rule} {e.before!r} -> {e.after!r}")
    as_expected = sum(
        tf(c["original"]) == c.get("fixed-encoding", c["fixed"]) for c in neg_cases
    )
    print(f"  ftfy negative.json: {as_expected}/{len(neg_cases)} come out as ftfy's expected fix_encoding output"
          " (some expect C1 controls such as U+0085 to become …, so an edit there is not a false positive)")
    if size < mb * 1e6:
        print(f"  (note: control set is below the requested {mb} MB)")


#: Latin-script words and short phrases written for this benchmark (a cell of a spreadsheet
#: in a European language must not be read as CJK bytes).
LATIN_WORDS = (
    "Ærøskøbing", "Größe", "naïve", "façade", "São Paulo", "Málaga", "Zürich", "Ñandú", "Øresund", "Þórsmörk",
    "déjà vu", "señor", "crème brûlée", "Mañana", "Straße", "Ålesund", "Köln", "Dvořák", "Łódź", "smörgåsbord",
    "Ça va", "À bientôt", "cañón", "Ægir", "½ kg", "25°C", "±5%", "© 2024", "µm", "€ 12,50", "L'Hôpital", "Bjørn",
    "Pâté", "Göteborg", "Mötley Crüe", "Übermensch", "¿Qué?", "¡Olé!", "Ñoño", "Åland", "Éire", "Ísland",
)


def short_strings(n: int) -> None:
    """Whole short strings (2-8 characters) as the whole input: clean controls must not change;
    damaged ones (THUOCL entries through each chain) should come back exactly."""
    thu: list[str] = []
    for path in sorted(glob.glob(str(SHARED / "data/corpus/thuocl/THUOCL_*.txt"))):
        with open(path, encoding="utf-8-sig") as f:
            thu += [w for line in f if 2 <= len(w := line.split("\t")[0].strip()) <= 8]
    rng = random.Random(20261125)
    pieces: list[str] = []
    for line in pfr_lines()[1::7] + sighan_lines("as_testing_gold.utf8") + sighan_lines("cityu_test_gold.utf8"):
        for seg in re.split(r"[，。、；：！？“”（）《》\s]+", line):
            if len(seg) >= 2:
                i = rng.randrange(0, len(seg) - 1)
                if len(p := seg[i : i + rng.randrange(2, 9)]) >= 2:
                    pieces.append(p)
    print("\n## 5. Whole short strings (2-8 characters, each the whole input)")
    t0 = time.perf_counter()
    for name, ctl in (("THUOCL entries (MIT)", thu), ("PFR/SIGHAN pieces", pieces), ("Latin-script words", list(LATIN_WORDS))):
        changed = [w for w in ctl if tf(w) != w]
        print(f"clean {name:24s} {len(ctl):7d} strings   changed by textfix: {len(changed)}"
              + (f"  e.g. {changed[:5]}" if changed else ""))
    print(f"(controls took {time.perf_counter() - t0:.1f}s)")
    sample = rng.sample(thu, min(len(thu), 4 * n))
    common = [w for w in sample if all("\u4e00" <= c <= "\u9fff" for c in w)]
    print(f"damaged THUOCL entries, whole input ({n} per chain, every character Han; ftfy.fix_text beside)")
    print(f"{'chain':28s} {'cases':>5s} {'textfix exact':>13s} {'ftfy exact':>10s}")
    chains = {**{k: v for k, v in LOSSLESS.items() if not k.startswith("double")}, **CP437_LOSSLESS}
    for name, (true, wrongs, _pool) in chains.items():
        if ONLY_CHAINS and name not in ONLY_CHAINS:
            continue
        cases = []
        for w in common:
            bad = corrupt(w, true, wrongs)
            if bad is not None and bad != w:
                cases.append((bad, w))
            if len(cases) == n:
                break
        ok_t = sum(tf(b) == w for b, w in cases)
        ok_f = sum(ftfy.fix_text(b) == w for b, w in cases)
        print(f"{name:28s} {len(cases):5d} {100 * ok_t / max(1, len(cases)):12.1f}% {100 * ok_f / max(1, len(cases)):9.1f}%")


def speed(mb: float) -> None:
    lines = pfr_lines() + sighan_lines("msr_test_gold.utf8") + sighan_lines("pku_test_gold.utf8")
    docs: list[str] = []
    size = 0
    i = 0
    while size < mb * 1e6:
        d = "\n".join(lines[i % len(lines) : i % len(lines) + 100])
        i += 100
        if d:
            docs.append(d)
            size += len(d.encode())

    def run(fn) -> float:
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            for d in docs:
                fn(d)
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    textfix.check("预热", select=MOJI)  # load tables once, outside the timing
    t_f = run(ftfy.fix_text)
    t_m = run(lambda d: textfix.check(d, select=MOJI))
    t_a = run(textfix.check)
    mbs = size / 1e6
    print(f"\n## 4. Speed on {mbs:.1f} MB of clean Chinese ({len(docs)} documents; median of 3 runs)")
    print(f"ftfy.fix_text                       {mbs / t_f:8.1f} MB/s")
    print(f"textfix.check(select=mojibake)      {mbs / t_m:8.1f} MB/s   ratio {t_f / t_m:5.1f}x ftfy")
    print(f"textfix.check (all stages)          {mbs / t_a:8.1f} MB/s   ratio {t_f / t_a:5.1f}x ftfy")


def main() -> None:
    ap = argparse.ArgumentParser(description="textfix mojibake benchmark")
    ap.add_argument("--cases", type=int, default=100)
    ap.add_argument("--speed-mb", type=float, default=10)
    ap.add_argument("--control-mb", type=float, default=5)
    ap.add_argument("--only", choices=["ftfy", "cjk", "control", "speed", "short"], default=None)
    ap.add_argument("--generator", type=int, choices=[1, 2], default=GENERATOR,
                    help="case generator version (see GENERATOR); 1 reproduces the earlier figures")
    ap.add_argument("--chains", default="", help="comma-separated chain names to run (default: all)")
    ap.add_argument("--failures", action="store_true", help="print the cases textfix gets wrong")
    args = ap.parse_args()
    globals()["SHOW_FAILURES"] = args.failures
    globals()["GENERATOR"] = args.generator
    globals()["ONLY_CHAINS"] = {c for c in args.chains.split(",") if c}
    need_shared()
    print(f"textfix mojibake benchmark; ftfy {ftfy.__version__}")
    if args.only in (None, "ftfy"):
        ftfy_cases()
    if args.only in (None, "cjk"):
        cjk_bench(args.cases)
    if args.only in (None, "control"):
        control_set(args.control_mb)
    if args.only in (None, "short"):
        short_strings(args.cases)
    if args.only in (None, "speed"):
        speed(args.speed_mb)


if __name__ == "__main__":
    main()
