"""Lossless chains that strict decoders break into short fragments: UTF-8 read as
Big5/EUC-JP/EUC-KR (found by byte structure), GBK -> Latin-1 -> UTF-8 -> GBK, and
Big5/GBK swaps opened by one telltale character. And the clean text they must not touch."""

from __future__ import annotations

import pytest

import textfix
from textfix.fixers import mojibake
from textfix.fixers.mojibake_chains import latin_utf8_as_gbk_chars, utf8_struct_classes


def fixed(text: str) -> str:
    return textfix.fix(text, select=["mojibake"]).text


def rules(text: str) -> list[str]:
    return [e.rule for e in textfix.check(text, select=["mojibake"])]


# UTF-8 of two CJK characters read strictly as a double-byte codec is three
# characters; only one of them is rare, so density alone does not find them.
@pytest.mark.parametrize(
    "word, codec, rule, frame",
    [
        ("大學", "big5", "mojibake-utf8-as-big5", "我們今天討論{}的情況。"),
        ("農業", "cp950", "mojibake-utf8-as-big5", "我們今天討論{}的情況。"),
        ("檸檬", "big5", "mojibake-utf8-as-big5", "我們今天討論{}的情況。"),  # rare characters, but a corpus pair
        ("精彩", "euc_jp", "mojibake-utf8-as-eucjp", "我们今天讨论{}的情况。"),
        ("正确", "euc_kr", "mojibake-utf8-as-euckr", "我们今天讨论{}的情况。"),
        ("代表", "euc_kr", "mojibake-utf8-as-euckr", "我们今天讨论{}的情况。"),
    ],
)
def test_short_utf8_fragments_found_by_structure(word, codec, rule, frame):
    damaged = word.encode().decode(codec)
    assert damaged != word and len(damaged) == 3
    assert fixed(damaged) == word  # whole string
    inside = frame.format(damaged)
    assert fixed(inside) == frame.format(word)  # inside a clean sentence, the rest untouched
    assert rule in rules(inside)


def test_structure_classes_come_from_the_codec_tables():
    first, second = utf8_struct_classes(("big5", "cp950"))
    damaged = "大學".encode().decode("big5")
    assert damaged[0] in first and damaged[1] in second
    # the opening character lies in Big5's rare level-2 rows (lead byte E4-E9)
    assert all(0xE3 <= c.encode("cp950")[0] <= 0xEF for c in first if c.encode("cp950", "ignore"))
    assert "的" not in first and "大" not in first


@pytest.mark.parametrize("word", ["百分之五十多", "说：“好的。”"])
def test_gbk_latin1_utf8_gbk_double_inside_sentence(word):
    damaged = word.encode("gbk").decode("latin-1").encode().decode("gbk")
    assert set(damaged) <= latin_utf8_as_gbk_chars() | set("")
    assert fixed("我们看到" + damaged + "。") == "我们看到" + word + "。"
    assert "mojibake-double" in rules("我们看到" + damaged + "。")


def test_gbk_read_as_big5_at_sentence_end():
    # 的。 -> 羲腔﹝ : the telltale ﹝ is GBK's 。 read as Big5
    damaged = "开的。".encode("gbk").decode("big5")
    assert fixed("这家餐厅是意大利人" + damaged) == "这家餐厅是意大利人开的。"


@pytest.mark.parametrize(
    "text",
    [
        "东京の網上で篆刻の展示会が開かれました。",  # genuine Japanese, level-2 kanji
        "彼は經常ここに来ます。網目の細かい膠状の物質。",
        "大韓民國 憲法 第一條 大韓民國은 民主共和國이다。",  # genuine Korean with hanja
        "역사 속의 逆說과 閭巷의 이야기를 읽었다.",
        "他在网上看到篆刻展览，經常去。",  # byte-structure hits that are real words
        "大家忙忙碌碌，密密麻麻的人群。",  # runs of 拢隆露-type characters that are real text
        "希腊字母α和β常用于公式。",  # Greek next to Han
        "ο προπονητής της ομάδας",  # a Greek word: GBK's Greek row is Big5's commonest Han
        "├┤ 表格线",
        "注音符号ㄅㄆㄇ是台湾小学的内容。",  # zhuyin: GBK's bopomofo row is Big5's 乳事些
        "ㄅㄆㄇㄈ",
    ],
)
def test_clean_text_with_structure_hits_is_left_alone(text):
    assert textfix.check(text, select=["mojibake"]) == []
    assert fixed(text) == text


def test_structure_hit_that_reads_as_a_word_opens_no_window():
    first, second = utf8_struct_classes(("euc_jp",))
    assert "网" in first and "上" in second  # fits the EUC-JP byte pattern ...
    assert mojibake._struct_windows("他在网上看到。") == []  # ... but reads as text


def test_idempotent_on_repairs():
    for word, codec in [("大學", "big5"), ("精彩", "euc_jp"), ("正确", "euc_kr")]:
        once = fixed("我们讨论" + word.encode().decode(codec) + "。")
        assert fixed(once) == once


def test_big5_read_as_gbk_short_clause_in_traditional_sentence():
    # 不掉 -> ぃ奔: the kana is the telltale (GBK row A4 holds Big5's 不)
    damaged = "就將賣" + "不掉".encode("big5").decode("gbk") + "的小狗。"
    assert fixed(damaged) == "就將賣不掉的小狗。"
    assert "mojibake-big5-gbk" in rules(damaged)


# --------------------------------------------------------------- cp437 (ZIP file names, consoles)


@pytest.mark.parametrize(
    "clean, codec",
    [
        ("中文.txt", "gbk"),
        ("新建文件夹", "gbk"),
        ("我的文档\\照片/新建文件夹.zip", "gbk"),
        ("测试报告.docx", "gbk"),
        ("資料夾.rar", "big5"),
        ("登入.txt", "big5"),
        ("備份.zip", "utf-8"),
        ("新建文本文档.txt", "utf-8"),
    ],
)
def test_cjk_bytes_read_as_cp437_are_repaired(clean, codec):
    damaged = clean.encode(codec).decode("cp437")
    assert damaged != clean
    assert fixed(damaged) == clean


def test_cp437_rules_name_the_chain():
    assert "╓╨╬─.txt" == "中文.txt".encode("gbk").decode("cp437")
    assert "mojibake-gbk-as-cp437" in rules("╓╨╬─.txt")
    assert "mojibake-big5-as-cp437" in rules("資料夾.rar".encode("big5").decode("cp437"))


@pytest.mark.parametrize(
    "text",
    [
        "┌──────┬──────┐\n│ 名称 │ 大小 │\n├──────┼──────┤\n│ 中文 │ 12KB │\n└──────┴──────┘",
        ".\n├── 中文.txt\n├── 新建文件夹\n│   └── 说明.md\n└── README",
        "╔════════╗\n║ 主菜单 ║\n╚════════╝",
        "进度 ▓▓▓▓▓▒▒▒░░ 50%",
        "│名称│大小│",
        "█▓▒░ Größe ░▒▓█",
        "═══ 第一章 ═══",
        "Beta Haber: HÄ±rsÄ±zÄ± BÃ¼yÃ¼ Korkuttu".encode("cp1252").decode("utf-8"),
    ],
)
def test_box_drawing_text_is_left_alone(text):
    assert textfix.check(text, select=["mojibake"]) == []


def test_utf8_read_as_turkish_cp1252_is_not_read_as_cp437_shift_jis():
    # Ä± is UTF-8 ı read as cp1252; in cp437 the same characters are Shift-JIS 首
    assert fixed("HÄ±rsÄ±zÄ±") == "Hırsızı"


def test_genuine_box_drawing_and_cp437_noise():
    assert mojibake._genuine_box_drawing("├── 中文.txt", 0, 3)
    assert not mojibake._genuine_box_drawing("╓╨╬─.txt", 0, 4)
    assert not mojibake._genuine_box_drawing("精╦Φíú", 1, 5)  # one box character, beside Greek
    assert not mojibake._utf8_as_cp437("═╝╞¼")  # valid UTF-8 by chance (U+037C U+01AC), not text
    assert mojibake._utf8_as_cp437("Σ╕¡µûç")


def test_latin1_letters_alone_are_not_read_as_cp437_full_width_forms():
    # after ftfy's repair of télécharger, éléc must not be read as Shift-JIS ＭＤ through cp437
    text = "Merci de t‚Äö√†√∂¬¨¬©l‚Äö√†√∂¬¨¬©charger le plug-in Flash Player 8"
    assert textfix.fix(text, select=["mojibake"]).text == "Merci de télécharger le plug-in Flash Player 8"
    assert fixed("Merci de télécharger") == "Merci de télécharger"


def test_lone_half_width_kana_beside_kanji_is_no_shift_jis_reading():
    # doubly damaged Latvian (ftfy in-the-wild): Æ\x92Ã¬c read as Shift-JIS would be ﾆ津ｬc
    assert mojibake._HANKAKU_BY_HAN.search("ﾆ津ｬc")
    assert not mojibake._HANKAKU_BY_HAN.search("ｺﾝﾋﾟｭｰﾀ")
    text = "pÆ\x92Ã¬c partijas tikâ\x89\x88Â°anÆ\x92Ã\x85s"
    assert "mojibake-sjis-as-latin1" not in rules(text)


def test_utf8_as_big5_last_byte_paired_with_ascii():
    """UTF-8 read as Big5 where the last byte of 京 paired with the S of SPORTS (Big5 trail
    bytes 0x40-0x7E are ASCII): repaired to 京S; a Simplified word whose Big5 bytes happen to
    read as one character and a letter with no ASCII word after it (蝎蛉科) is left alone."""
    from textfix.fixers.mojibake import find
    from textfix.pipeline import apply_edits

    good = "來自「東京SPORTS」指出，"
    bad = "來自「東" + "京S".encode("utf-8").decode("big5") + "PORTS」指出，"
    assert bad != good
    assert apply_edits(bad, find(bad, None)) == good
    for clean in (good, "长翅目雪蝎蛉科", "蚊蝎蛉科"):
        assert find(clean, None) == []
