"""Realistic combined damage, end to end (see bench/realistic.py for the measured version).

Every text here is made up for these tests. The passing tests pin behaviour that
already restores a document exactly when several kinds of damage meet; the
``xfail(strict=True)`` tests are problems found by bench/realistic.py on held-out
news, each reduced to a short reproducer: when one is fixed it XPASSes, and the
marker must be removed.
"""

from __future__ import annotations

import json
from pathlib import Path

import opencc
import pytest
from conftest import hard_wrap, needs_shared, shared_path
from typer.testing import CliRunner

import textfix
from textfix.cli import app

P = [
    "本报讯 今年春天,城东新区的老旧小区改造工程正式启动,街道办事处先后召开了十多次居民座谈会,听取大家对加装电梯、更换管网和整治停车的意见。",
    "在改造过程中,施工队伍坚持白天施工、夜间停工,尽量减少对居民生活的影响。许多老人说,以前上下楼要歇好几次,现在电梯装好了,出门买菜方便多了。",
    "社区负责人介绍,下一步还将围绕养老服务、儿童托管和垃圾分类等问题继续征求意见,让居民真正成为社区治理的参与者和受益者。",
    "据统计,改造完成后,小区的绿化面积增加了三成,新增停车位一百多个,居民满意度明显提高。",
]
CLEAN = "\n\n".join(P) + "\n"
BODY = "今天上午,城东新区的老旧小区改造工程正式启动,街道办事处先后召开了十多次居民座谈会,听取大家的意见。"


def s2t(text: str, config: str = "s2t") -> str:
    return opencc.OpenCC(config).convert(text)


def utf8_as_gbk(text: str) -> str:
    """A UTF-8 paragraph read as GBK, the way Python does it (``'replace'``: bytes are lost)."""
    return text.encode("utf-8").decode("gbk", "replace")


def doc(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


def fixed(text: str) -> str:
    out = textfix.fix(text).text
    assert textfix.fix(out).text == out, "a second fix changed the text again"
    return out


# --- clean references: never touched ---------------------------------------------------


def test_clean_document_and_its_traditional_copies_draw_no_finding():
    assert textfix.check(CLEAN) == []
    assert textfix.check(s2t(CLEAN)) == []
    assert textfix.check(s2t(CLEAN, "s2tw")) == []


# --- combined damage that is restored exactly today --------------------------------------


def test_duplicate_traditional_zero_width_mojibake_and_entities_in_one_document():
    # a teaser kept twice, a paragraph pasted from a Traditional page (with a zero-width
    # space), one paragraph re-decoded as GBK (bytes lost), an HTML entity in the last
    damaged = doc([
        P[0], P[0],
        s2t(P[1].replace("以前", "以\u200b前")),
        utf8_as_gbk(P[2]),
        P[3].replace("一百多个", "一百多&#20010;"),
    ])
    assert fixed(damaged) == CLEAN


def test_gbk_file_read_as_latin1_and_hard_wrapped_at_display_columns():
    wrapped = doc([hard_wrap(p, 60, columns=True) for p in P])
    assert fixed(wrapped.encode("gbk").decode("latin-1")) == CLEAN


def test_big5_page_read_as_gbk_by_a_browser_comes_back_traditional():
    # WHATWG browsers decode a page labelled gbk with the gb18030 decoder
    trad = s2t(CLEAN, "s2tw")
    wrapped = doc([hard_wrap(s2t(p, "s2tw"), 60, columns=True) for p in P])
    assert fixed(wrapped.encode("cp950").decode("gb18030")) == trad


def test_entities_inside_a_traditional_paragraph():
    para = s2t(P[1]).replace("“", "&ldquo;")
    damaged = doc([P[0], para.replace("電梯", "電&#26799;").replace("以前", "&ldquo;以前"), P[2], P[3]])
    want = doc([P[0], P[1].replace("以前", "“以前"), P[2], P[3]])
    assert fixed(damaged) == want


# --- the CLI on such documents: bytes, BOM, newlines, order ----------------------------

runner = CliRunner()


def test_cli_fix_keeps_gbk_and_crlf_of_a_damaged_file(tmp_path: Path):
    damaged = doc([P[0], P[0], s2t(P[1]), P[2].replace("养老", "&#20859;老"), P[3]])
    path = tmp_path / "page.txt"
    path.write_bytes(damaged.replace("\n", "\r\n").encode("gbk"))
    r = runner.invoke(app, ["fix", "--no-config", str(path)])
    assert r.exit_code == 0, r.output
    assert path.read_bytes() == CLEAN.replace("\n", "\r\n").encode("gbk")


def test_cli_fix_keeps_the_bom_of_a_utf8_file_with_mojibake(tmp_path: Path):
    path = tmp_path / "page.txt"
    path.write_bytes(b"\xef\xbb\xbf" + doc([P[0], P[1], utf8_as_gbk(P[2]), P[3]]).encode("utf-8"))
    r = runner.invoke(app, ["fix", "--no-config", str(path)])
    assert r.exit_code == 0, r.output
    assert path.read_bytes() == b"\xef\xbb\xbf" + CLEAN.encode("utf-8")


def test_cli_check_json_and_batch_on_damaged_and_clean_documents(tmp_path: Path):
    damaged = doc([P[0], s2t(P[1]), P[2], P[3]])
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "damaged.txt").write_text(damaged, encoding="utf-8")
    r = runner.invoke(app, ["check", "--no-config", "--format", "json", str(tmp_path / "clean.txt")])
    assert r.exit_code == 0 and json.loads(r.stdout) == []
    r = runner.invoke(app, ["check", "--no-config", "--format", "json", str(tmp_path / "damaged.txt")])
    assert r.exit_code == 1 and {f["rule"] for f in json.loads(r.stdout)} == {"script-minority-span"}
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    records = [{"id": 1, "text": damaged}, {"id": 2, "text": CLEAN}, {"id": 3, "text": doc([P[0], P[0], P[1], P[2], P[3]])}]
    src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in records), encoding="utf-8")
    r = runner.invoke(app, ["batch", "--no-config", str(src), "-o", str(dst)])
    assert r.exit_code == 0, r.output
    out = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in out] == [1, 2, 3]
    assert [x["text"] for x in out] == [CLEAN, CLEAN, CLEAN]


# --- problems found by bench/realistic.py, not fixed yet ---------------------------------


def test_line_break_before_a_halfwidth_comma_is_joined():
    ref = "今天天气很好,我们一起去公园散步,看到了很多美丽的花朵和绿树。大家都很开心。\n"
    assert fixed(ref.replace("散步,", "散步\n,")) == ref


def test_wrap_at_code_points_with_halfwidth_digits_and_commas_is_joined():
    para = ("今年以来,城东社区共收集居民意见建议300多条,已经办结280余条,剩下的也都列出了时间表,做到件件有回音、事事有着落。"
            "社区书记介绍说,老旧小区加装电梯的工作在5月启动,目前已有12部电梯投入使用,居民们纷纷表示,这件事办到了大家的心坎上。")
    assert fixed(hard_wrap(para, 60, columns=True) + "\n") == para + "\n"  # display columns: joined today
    # at code points, in a page of paragraphs: breaks inside numbers (28|0, 1|2) and a
    # sentence end that filled the line are joined once the width is known
    assert fixed(doc([hard_wrap(p, 30, columns=False) for p in P + [para]])) == doc(P + [para])
    # one paragraph alone whose breaks all fall beside digits or after "。" shows no
    # width: those breaks may be real, so they stay
    alone = hard_wrap(para, 30, columns=False) + "\n"
    assert fixed(alone) == alone


def test_latin1_file_one_character_line():
    ref = "乘\n\n" + BODY + "\n"
    assert fixed(ref.encode("gbk").decode("latin-1")) == ref


def test_latin1_file_short_line_with_a_c1_byte():
    ref = "李旻\n\n" + BODY + "\n"
    assert fixed(ref.encode("gbk").decode("latin-1")) == ref


def test_big5_page_short_lines():
    ref = s2t("郑州:\n\n" + BODY + "\n", "s2tw")
    assert fixed(ref.encode("cp950").decode("gb18030")) == ref


def test_lossy_repair_does_not_depend_on_newline_convention():
    lf = "标题\n\n" + utf8_as_gbk(P[1]) + "\n\n结尾一段干净的文字。\n"
    assert fixed(lf.replace("\n", "\r\n")).replace("\r\n", "\n") == fixed(lf)


def test_accented_letters_in_an_english_quote_read_as_gbk():
    ref = "他说“We’re piloting the coöperative model in Zürich,” said Renée.大家都很高兴。"
    out = fixed(utf8_as_gbk(ref))
    assert "coöperative" in out and "Zürich" in out


def test_lost_closing_quote_comes_back_closing():
    ref = "他又开始琢磨办法。“We are proud of it,” she said.第一个月,单量很少。"
    assert "of it,” she" in fixed(utf8_as_gbk(ref))


def test_emoji_in_a_paragraph_read_as_gbk():
    ref = "今天我们一起去公园散步,心情非常好😀大家都很开心。"
    assert "好😀大家" in fixed(utf8_as_gbk(ref))


def test_one_unwrapped_paragraph_does_not_block_joining_the_wrapped_ones():
    damaged = doc([p if i == 1 else hard_wrap(p, 60, columns=True) for i, p in enumerate(P)])
    assert fixed(damaged) == CLEAN


def test_hard_wrap_inside_a_paragraph_read_as_gbk():
    damaged = doc([hard_wrap(utf8_as_gbk(p) if i == 2 else p, 60, columns=True) for i, p in enumerate(P)])
    assert fixed(damaged) == CLEAN


def test_big5_page_character_after_a_line_break_is_repaired_not_converted():
    ref = s2t("居民参加垃圾分类可以获得一定积分,并兑\n换成日常生活用品。社区负责人介绍,这个办法很受欢迎,参加的居民越来越多。\n", "s2tw")
    ref = s2t(BODY, "s2tw") + "\n\n" + ref
    assert fixed(ref.encode("cp950").decode("gb18030")) == ref


def test_big5_page_short_line_with_crlf_newlines():
    ref = s2t("其中\n\n" + BODY + "\n", "s2tw")
    assert fixed(ref.encode("cp950").decode("gb18030")) == ref  # LF: repaired today
    crlf = ref.replace("\n", "\r\n")
    assert fixed(crlf.encode("cp950").decode("gb18030")) == crlf


@needs_shared
def test_hard_wrap_does_not_make_real_words_look_stuffed():
    path = next(shared_path("seeds").glob("001_*.txt"))
    clean = path.read_text(encoding="utf-8")
    assert not [e for e in textfix.check(clean) if e.rule == "spin-keyword-stuffing"]
    wrapped = "\n\n".join(hard_wrap(p, 66, columns=True) for p in clean.strip("\n").split("\n\n")) + "\n"
    assert not [e.before for e in textfix.check(wrapped) if e.rule == "spin-keyword-stuffing"]


@pytest.mark.parametrize("codec", ["gbk-as-latin1", "utf8-as-cp1252"])
def test_latin_mojibake_wrapped_inside_a_character(codec: str):
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

    if codec == "gbk-as-latin1":
        damaged = CLEAN.encode("gbk").decode("latin-1")
    else:
        damaged = CLEAN.encode("utf-8").decode("sloppy-windows-1252")
    wrapped = "\n\n".join(hard_wrap(p, 60, columns=False) for p in damaged.strip("\n").split("\n\n")) + "\n"
    out = fixed(wrapped)
    assert not any("\u00a1" <= ch <= "\u00ff" for ch in out), out  # no Latin-1 letters left


def test_html_entity_cut_by_a_hard_wrap():
    src = [p.replace("电梯", "&#30005;&#26799;") for p in P]
    assert fixed(doc([hard_wrap(p, 60, columns=True) for p in src])) == CLEAN


def test_hard_wrapped_duplicate_paragraph_is_removed_whole():
    damaged = doc([hard_wrap(p, 60, columns=False) for p in [P[0], P[0], P[1], P[2], P[3]]])
    assert fixed(damaged) == CLEAN
