"""Mojibake probe: damage shaped like what users paste, not like the benchmark generator.

    .venv/bin/python bench/mojibake_probe.py [--verbose]

Every case is a clean string written here (UI strings and titles of 2-8 characters,
Traditional Chinese, Japanese and Korean through their natural chains, mojibake inside
HTML, Markdown, JSON, next to URLs, e-mail addresses and numbers, clean and damaged
lines mixed), damaged with a codec chain, and repaired by the mojibake stage. A case
passes when the repair gives back the clean string exactly. Clean controls (the same
strings undamaged, real Japanese/Korean/Latin-1 text) pass when nothing changes.
Prints pass/fail per case and a summary per group; ftfy.fix_text is run beside it.
Needs no shared data: every string is written in this file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import ftfy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import textfix  # noqa: E402
from mojibake import sloppy1252  # noqa: E402  (bench/mojibake.py, beside this script)


#: chain name -> (true codec, wrong codec)
CHAINS = {
    "utf8-as-gbk": ("utf-8", "gbk"),
    "utf8-as-gb18030": ("utf-8", "gb18030"),
    "utf8-as-big5": ("utf-8", "big5"),
    "utf8-as-cp950": ("utf-8", "cp950"),
    "utf8-as-sjis": ("utf-8", "cp932"),
    "utf8-as-eucjp": ("utf-8", "euc_jp"),
    "utf8-as-euckr": ("utf-8", "euc_kr"),
    "utf8-as-cp1252": ("utf-8", "sloppy-1252"),
    "utf8-as-macroman": ("utf-8", "mac_roman"),
    "gbk-as-cp1252": ("gbk", "sloppy-1252"),
    "gbk-as-latin1": ("gbk", "latin-1"),
    "big5-as-cp1252": ("big5", "sloppy-1252"),
    "sjis-as-cp1252": ("cp932", "sloppy-1252"),
    "eucjp-as-latin1": ("euc_jp", "latin-1"),
    "eucjp-as-cp1252": ("euc_jp", "sloppy-1252"),
    "euckr-as-latin1": ("euc_kr", "latin-1"),
    "euckr-as-cp1252": ("euc_kr", "sloppy-1252"),
    "big5-as-gbk": ("big5", "gbk"),
    "gbk-as-big5": ("gbk", "big5"),
    "gbk-as-cp437": ("gbk", "cp437"),
    "big5-as-cp437": ("big5", "cp437"),
    "sjis-as-cp437": ("cp932", "cp437"),
    "utf8-as-cp437": ("utf-8", "cp437"),
}


def damage(s: str, chain: str) -> str | None:
    """``s`` through ``chain``, or None when some step is not lossless."""
    true, wrong = CHAINS[chain]
    try:
        b = s.encode(true)
        return sloppy1252(b) if wrong == "sloppy-1252" else b.decode(wrong)
    except UnicodeError:
        return None


SHORT_HANS = ("用户名或密码错误", "文件不存在", "登录", "确定", "取消", "首页", "关于我们", "下一页", "网络连接失败",
              "请稍后再试", "中文", "新闻", "搜索")
SHORT_HANT = ("使用者名稱或密碼錯誤", "檔案不存在", "登入", "確定", "首頁", "關於我們", "下一頁", "網路連線失敗",
              "繁體中文", "臺灣大學", "請稍後再試")
SENT_HANT = ("這是繁體中文的測試句子，我們今天討論。", "香港的天氣預報說明天會下雨。")
JA = ("日本語を勉強しています", "ファイルが見つかりません", "パスワードが間違っています", "東京都", "ログイン",
      "ありがとうございました")
KO = ("한국어", "파일을 찾을 수 없습니다", "비밀번호가 틀렸습니다", "서울특별시", "로그인", "감사합니다")
HANS_CHAINS = ("utf8-as-gbk", "utf8-as-gb18030", "utf8-as-big5", "utf8-as-sjis", "utf8-as-eucjp", "utf8-as-euckr",
               "utf8-as-cp1252", "utf8-as-macroman", "gbk-as-cp1252", "gbk-as-latin1", "gbk-as-big5")
HANT_CHAINS = ("utf8-as-gbk", "utf8-as-big5", "utf8-as-cp950", "utf8-as-sjis", "utf8-as-cp1252", "big5-as-cp1252",
               "big5-as-gbk")
JA_CHAINS = ("sjis-as-cp1252", "eucjp-as-latin1", "eucjp-as-cp1252", "utf8-as-sjis", "utf8-as-gbk", "utf8-as-cp1252")
KO_CHAINS = ("euckr-as-latin1", "euckr-as-cp1252", "utf8-as-cp1252", "utf8-as-gbk")
#: Containers: the damaged string is put where ``{}`` is.
WRAPS = (
    "<title>{}</title>",
    "<p class=\"msg\">{}</p>",
    "## {}",
    "- [{}](https://example.com/docs?id=42)",
    "{{\"code\": 404, \"msg\": \"{}\"}}",
    "详见 https://example.com/a/b.html {}",
    "联系 admin@example.com：{}",
    "2024年3月15日 {} 共12条",
    "错误代码 E1024：{}。",
)
WRAP_CHAINS = ("utf8-as-gbk", "gbk-as-cp1252", "utf8-as-cp1252", "utf8-as-sjis")
MIXED = (
    ("今天的会议改到下午三点。\n{}\n请大家准时参加。", "网络连接失败，请稍后再试"),
    ("第一章 总则\n{}", "本办法自发布之日起施行"),
    ("这是一个正常的句子，{}，后面也正常。", "但是这一段被损坏了"),
)
CLEAN = (
    "日本語を勉強しています。東京は日本の首都です。", "インターネットに接続できません。", "한국어를 배우는 외국인이 늘고 있다.",
    "Ærøskøbing", "naïve café", "Größe", "São Paulo à noite", "用户名或密码错误", "檔案不存在",
    "<title>关于我们</title>", "鏂先生和涓女士", "Ελληνικά και 中文", "привет мир", "Привет, как дела?",
    "俄语“привет”意思是你好", "駅までの道を教えてください。",
)


#: Traditional sentences written here; every 2- and 3-character stretch of them is damaged
#: in place with Big5 read as GBK (the hardest chain: it maps character to character).
#: File names and paths as ZIP archives and Windows consoles show them (the OEM code page, cp437).
FILES_HANS = ("中文.txt", "新建文件夹", "新建文本文档.txt", "我的文档\\照片\\毕业照.jpg", "项目/需求说明书.docx",
              "财务报表2024.xlsx", "会议纪要(定稿).pdf", "说明.md", "图片/截图 01.png", "备份.zip")
FILES_HANT = ("資料夾/新文件.txt", "繁體中文.txt", "會議記錄.docx", "照片\\畢業典禮.jpg", "說明文件.pdf")
FILES_JA = ("新しいフォルダー", "日本語.txt", "資料/会議の議事録.docx", "写真\\卒業式.jpg")
#: Text drawn with box characters, which cp437 also produces: must stay as written.
BOX_CLEAN = ("┌──────┬──────┐\n│ 名称 │ 大小 │\n├──────┼──────┤\n│ 中文 │ 12KB │\n└──────┴──────┘",
             ".\n├── 中文.txt\n├── 新建文件夹\n│   └── 说明.md\n└── README", "╔════════╗\n║ 主菜单 ║\n╚════════╝",
             "进度 ▓▓▓▓▓▒▒▒░░ 50%", "■ 注意事项", "│名称│大小│", "═══ 第一章 ═══", "█▓▒░ Größe ░▒▓█")

SWAP_SENTENCES = ("陳總統昨天在臺北發表談話，呼籲各界團結。", "這項調查顯示，總統的支持度下降。",
                  "他們對環境問題非常關心，希望政府採取行動。", "我們明天早上九點在學校門口見面。")


def cases() -> list[tuple[str, str, str, str]]:
    """(group, label, damaged, expected) for every probe."""
    out: list[tuple[str, str, str, str]] = []

    def add(group: str, label: str, clean: str, chain: str, wrap: str = "{}") -> None:
        bad = damage(clean, chain)
        if bad is None or bad == clean:
            return
        out.append((group, f"{chain}: {label}", wrap.format(bad), wrap.format(clean)))

    for s in SHORT_HANS:
        for ch in HANS_CHAINS:
            add("short Simplified", s, s, ch)
    for s in SHORT_HANT + SENT_HANT:
        for ch in HANT_CHAINS:
            add("Traditional", s, s, ch)
    for s in JA:
        for ch in JA_CHAINS:
            add("Japanese", s, s, ch)
    for s in KO:
        for ch in KO_CHAINS:
            add("Korean", s, s, ch)
    for w in WRAPS:
        for ch in WRAP_CHAINS:
            add("in markup/URL/email/numbers", f"{w!r}", "用户名或密码错误", ch, w)
    for w, s in MIXED:
        for ch in WRAP_CHAINS:
            add("mixed clean+damaged", f"{s}", s, ch, w)
    for s in SWAP_SENTENCES:
        for n in (2, 3):
            for i in range(len(s) - n + 1):
                bad = damage(s[i : i + n], "big5-as-gbk")
                if bad is not None and bad != s[i : i + n]:
                    out.append((f"big5-as-gbk {n} chars in a sentence", f"{s[i:i + n]} in {s}", s[:i] + bad + s[i + n :], s))
    # a document of those sentences with one longer swap (an anchor) and a two-character one elsewhere
    doc = list(SWAP_SENTENCES)
    for a, anchor in enumerate(doc):
        k = next((i for i in range(len(anchor) - 3) if damage(anchor[i : i + 4], "big5-as-gbk") not in (None, anchor[i : i + 4])), None)
        if k is None:
            continue
        lines = list(doc)
        lines[a] = anchor[:k] + damage(anchor[k : k + 4], "big5-as-gbk") + anchor[k + 4 :]  # type: ignore[operator]
        for b, other in enumerate(doc):
            if b == a:
                continue
            for i in range(len(other) - 1):
                bad = damage(other[i : i + 2], "big5-as-gbk")
                if bad is not None and bad != other[i : i + 2]:
                    cur = list(lines)
                    cur[b] = other[:i] + bad + other[i + 2 :]
                    out.append(("big5-as-gbk document, 2 spans", f"{anchor[k:k + 4]} + {other[i:i + 2]}", "\n".join(cur), "\n".join(doc)))
    for s in FILES_HANS:
        for ch in ("gbk-as-cp437", "utf8-as-cp437"):
            add("file names/paths (cp437)", s, s, ch)
    for s in FILES_HANT:
        add("file names/paths (cp437)", s, s, "big5-as-cp437")
    for s in FILES_JA:
        add("file names/paths (cp437)", s, s, "sjis-as-cp437")
    for s in BOX_CLEAN:
        out.append(("box drawing (must not change)", s, s, s))
    for s in CLEAN + SWAP_SENTENCES:
        out.append(("clean (must not change)", s, s, s))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true", help="print passing cases too")
    args = ap.parse_args()
    groups: dict[str, list[int]] = {}
    for group, label, bad, ref in cases():
        got = textfix.fix(bad, select=("mojibake",)).text
        ok = got == ref
        ok_f = ftfy.fix_text(bad) == ref
        g = groups.setdefault(group, [0, 0, 0])
        g[0] += 1
        g[1] += ok
        g[2] += ok_f
        if not ok or args.verbose:
            print(f"{'PASS' if ok else 'FAIL'} [{group}] {label}: {bad!r} -> {got!r}" + ("" if ok else f" (want {ref!r})"))
    print(f"\n{'group':32s} {'cases':>5s} {'textfix':>8s} {'ftfy':>6s}")
    tot = [0, 0, 0]
    for group, (n, t, f) in groups.items():
        print(f"{group:32s} {n:5d} {t:8d} {f:6d}")
        tot = [tot[0] + n, tot[1] + t, tot[2] + f]
    print(f"{'total':32s} {tot[0]:5d} {tot[1]:8d} {tot[2]:6d}")


if __name__ == "__main__":
    main()
