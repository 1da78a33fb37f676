"""Mojibake as users meet it: Korean and Japanese EUC pages read as Latin-1, short titles,
damage inside markup, and ftfy's Cyrillic misreading of EUC bytes."""

from __future__ import annotations

import pytest

import textfix
from textfix.fixers import mojibake


def fixed(text: str) -> str:
    return textfix.fix(text, select=["mojibake"]).text


def rules(text: str) -> set[str]:
    return {e.rule for e in textfix.check(text, select=["mojibake"])}


KO = "대한민국의 수도는 서울입니다."
JA = "政府は新しい経済対策を発表した。"


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_euc_kr_read_as_latin1(codec):
    bad = KO.encode("euc_kr").decode(codec)
    assert fixed(bad) == KO
    assert "mojibake-euckr-as-latin1" in rules(bad)


def test_the_lead_probe_hangul():
    bad = "한국어".encode("euc_kr").decode("latin-1")
    assert bad == "ÇÑ±¹¾î"
    assert fixed(bad) == "한국어"


def test_ftfy_does_not_make_cyrillic_out_of_euc_bytes():
    # ftfy's decode_inconsistent_utf8 reads Ñ± as Cyrillic ѱ inside EUC-KR noise
    assert mojibake.latin_mojibake("ÇÑ±¹¾î") == []
    assert mojibake.latin_mojibake("ÆüËÜ¸ì¤òÊÙ¶¯¤·¤Þ¤¹") == []
    assert "ѱ" not in fixed("ÇÑ±¹¾î")
    # ... but real UTF-8 Cyrillic mojibake is still ftfy's to repair
    assert fixed("Ð¿Ñ€Ð¸Ð²ÐµÑ‚") == "привет"


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_euc_jp_read_as_latin1(codec):
    bad = JA.encode("euc_jp").decode(codec, errors="strict" if codec == "latin-1" else "replace")
    assert fixed(bad) == JA
    assert "mojibake-eucjp-as-latin1" in rules(bad)


def test_euc_jp_beats_gbk_reading_of_the_same_kana():
    # GB2312 copied JIS's kana rows: GBK reads 窓を開けて as 岭を倡けて
    s = "窓を開けてもいいですか。"
    assert fixed(s.encode("euc_jp").decode("latin-1")) == s


def test_clean_japanese_beside_damage_keeps_its_kana():
    s = "駅までの道を教えてください。"
    bad = "駅までの道を教え".encode("euc_jp").decode("latin-1") + "てください。"
    assert fixed(bad) == s
    s = "窓を開けてもいいですか。"
    bad = "窓を開け" + "てもいいですか".encode("euc_jp").decode("latin-1") + "。"
    assert fixed(bad) == s


def test_korean_damage_inside_clean_korean():
    bad = "학생들은 도서관에서 " + "시험 공부".encode("euc_kr").decode("latin-1") + "를 하고 있다."
    assert fixed(bad) == "학생들은 도서관에서 시험 공부를 하고 있다."


@pytest.mark.parametrize("text", [
    "日本語を勉強しています。東京は日本の首都です。", "インターネットに接続できません。", KO, "Ærøskøbing",
    "naïve café, Größe", "São Paulo à noite", "Ελληνικά και 中文", "鏂先生和涓女士",
    # Cyrillic is what GBK makes of Big5's common Han, but a Russian word is not a swap
    "привет мир", "Привет, как дела?", "俄语“привет”意思是你好",
])
def test_clean_text_untouched(text):
    assert textfix.check(text, select=["mojibake"]) == []


def test_short_title_gbk_as_latin1():
    assert fixed("首页".encode("gbk").decode("latin-1")) == "首页"


@pytest.mark.parametrize("wrap", ["<title>{}</title>", '{{"code": 404, "msg": "{}"}}', "详见 https://example.com/a.html {}"])
def test_damage_inside_markup(wrap):
    s = "用户名或密码错误"
    assert fixed(wrap.format(s.encode("gbk").decode("cp1252"))) == wrap.format(s)
    assert fixed(wrap.format(s.encode().decode("gb18030"))) == wrap.format(s)


def test_reads_korean_and_japanese():
    assert mojibake._reads_korean("안녕하세요 세계")
    assert not mojibake._reads_korean("看女")  # EUC-KR hanja only: not Korean prose
    assert mojibake._reads_japanese("窓を開けてもいいですか")
    assert not mojibake._latin1_noise("Größe")
    assert mojibake._latin1_noise("´Ï´Ù")


def test_simplified_char_in_traditional_line_opens_a_swap():
    # 参 (Simplified only) in a Traditional line is what GBK makes of Big5 統
    s = "這項調查顯示，總統的支持度下降。"
    bad = s.replace("總統", "總統".encode("big5").decode("gbk"))
    assert bad != s
    assert fixed(bad) == s
    # ... but Simplified text is not Traditional text with damage
    assert textfix.check("这项调查显示，总统的支持度下降。", select=["mojibake"]) == []


def test_a_confirmed_swap_makes_the_same_swap_likely_elsewhere():
    big5_as_gbk = lambda s: s.encode("big5").decode("gbk")  # noqa: E731
    doc = ("這項" + big5_as_gbk("調查顯示") + "，總統的支持度下降。\n"
           "他們對" + big5_as_gbk("環境") + "問題非常關心，希望政府採取行動。")
    want = "這項調查顯示，總統的支持度下降。\n他們對環境問題非常關心，希望政府採取行動。"
    assert fixed(doc) == want
    # alone, the two-character swap has too little evidence to be repaired
    alone = "他們對" + big5_as_gbk("環境") + "問題非常關心，希望政府採取行動。"
    assert fixed(alone) == alone


# --------------------------------------------------------------- whole short strings (titles, labels, cells)


@pytest.mark.parametrize(
    "damaged, clean",
    [
        ("棣栭〉", "首页"),  # UTF-8 read as GBK; 〉 and 棣 are common enough that no window opens
        ("鎼滅储", "搜索"),
        ("鐧诲叆", "登入"),
        ("棣栭爜", "首頁"),
        ("逋ｻ蜈･", "登入"),  # UTF-8 read as Shift-JIS
        ("µn¤J", "登入"),  # Big5 read as cp1252
    ],
)
def test_whole_short_string_is_repaired(damaged, clean):
    assert textfix.fix(damaged, select=["mojibake"]).text == clean


def test_short_lines_and_cells_are_repaired_one_by_one():
    text = "棣栭〉\n鐧诲叆 | 鎼滅储\n关于我们"
    out = textfix.fix(text, select=["mojibake"])
    assert out.text == "首页\n登入 | 搜索\n关于我们"
    assert all(e.evidence.get("whole_string") for e in out.edits)


def test_short_string_inside_a_long_line_is_not_a_cell():
    # the whole-string reading is for a whole line or cell; inside a sentence the usual windows decide
    assert mojibake._cells("这是一个很长的句子，里面有棣栭〉三个字，" * 4) == []


@pytest.mark.parametrize(
    "text",
    ["首页", "登录", "栲栳", "梨脯", "邈邈", "誹謗", "Größe", "µm", "½ kg", "Привет", "────", "══", "├──",
     "┌──┐\n│中│\n└──┘", "25°C", "naïve | Größe | São Paulo"],
)
def test_clean_short_strings_are_left_alone(text):
    assert mojibake.short_string_edits(text, []) == []


def test_whole_reading_must_round_trip_and_be_han():
    # every reading offered is exact: damaging it again gives back the input
    for damaged in ("棣栭〉", "鐧诲叆", "µn¤J"):
        for _gain, _ma, chain, after in mojibake.whole_readings(damaged):
            assert mojibake._redo(after, chain) == damaged
            assert all("\u3400" <= c <= "\u9fff" for c in after)


def test_file_name_stem_is_the_whole_string():
    damaged = "登入".encode("big5").decode("cp437") + ".txt"
    assert textfix.fix(damaged, select=["mojibake"]).text == "登入.txt"


def test_backslash_and_bar_are_trail_bytes_too():
    # 功 is A5 5C in Big5: read as cp1252 it holds a backslash, which also separates cells
    damaged = "成功".encode("big5").decode("cp1252")
    assert "\\" in damaged
    assert textfix.fix(damaged, select=["mojibake"]).text == "成功"


def test_nbsp_of_utf8_mojibake_does_not_split_a_cell():
    damaged = "".join(bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
                      for b in "首頁".encode())
    assert "\xa0" in damaged
    assert textfix.fix(damaged, select=["mojibake"]).text == "首頁"


@pytest.mark.parametrize("word", ["李嗣源", "雄蚕蛾", "覃勤", "腌苤蓝丝儿", "百谷青芃芃", "杀湍湮洪水"])
def test_rare_clean_words_on_a_short_line_are_not_swapped(word):
    # THUOCL entries whose Big5/GBK swap reads as common characters: on a line of their own
    # there is no sentence to confirm a swap, so it needs a telltale or a large gain
    assert textfix.fix(word, select=["mojibake"]).text == word


@pytest.mark.parametrize("word", ["文件不存在", "关于我们", "网络连接失败", "中文", "搜索"])
def test_damaged_ui_strings_on_a_short_line_are_still_swapped(word):
    damaged = word.encode("gbk").decode("big5")
    assert textfix.fix(damaged, select=["mojibake"]).text == word


def test_no_all_han_euc_kr_reading_of_a_whole_string():
    # GBK 徐懋庸 read as cp1252 also reads as EUC-KR hanja (其字達): Korean is written in Hangul
    assert "mojibake-euckr-as-latin1" not in {
        r[2].rule for r in mojibake.whole_readings("徐懋庸".encode("gbk").decode("cp1252"))}


@pytest.mark.parametrize("clean", ["查期間", "諮詢會議", "耶誕"])
def test_big5_read_as_gbk_whole_short_string_is_swapped(clean):
    damaged = clean.encode("big5").decode("gbk")
    assert textfix.fix(damaged, select=["mojibake"]).text == clean
