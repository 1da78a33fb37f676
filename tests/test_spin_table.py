"""The spinner-table rows of dictionaries/spin_curated.tsv: made-up spun sentences repaired through
them, and made-up clean sentences with the same forms left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from textfix.edits import apply_edits
from textfix.fixers import spin
from textfix.options import Context

ROOT = Path(__file__).resolve().parents[1]

# unambiguous markers only: this sentence makes the passage spun, so the sentences after it are repaired
SPUN = "经由过程设置装备摆设文件可以或许启动效劳器，然则必须先点窜默许端心。"
REPAIRED = "通过配置文件能够启动服务器，但是必须先修改默认端口。"


def _fix(text: str) -> str:
    return apply_edits(text, [e for e in spin.find(text, Context()) if e.fixable])


@pytest.mark.parametrize("spun, original", [
    # strings no clean text writes (透露表现, 切实其实, 错误谬误, 数据布局, 设想形式, 高低文, 端标语, 接上去)
    ("这里透露表现一个数据布局，它的错误谬误切实其实很明显。", "这里表示一个数据结构，它的缺点的确很明显。"),
    ("起首要遵照划定规矩，再按设想形式编写代码。", "首先要遵循规则，再按设计模式编写代码。"),
    ("把高低文传给回调函数，并疏忽非常。", "把上下文传给回调函数，并忽略异常。"),
    # real words the spinner writes for others (和谈, 哀求, 用度, 承当, 存款, 利钱): decided by context
    ("客户端经由过程HTTP和谈发送哀求，办事器前往相应。", "客户端通过HTTP协议发送请求，服务器返回响应。"),
    ("用度由公司承当，存款利钱按月结算。", "费用由公司承担，贷款利息按月结算。"),
    # session 11 rows: strings no clean text writes (入手下手, 守护过程, 号令行, 过程号, 逝世锁, 重定名, 治理员, 面向工具)
    ("入手下手运转守护过程之前，先用号令行查出它的过程号和子过程。", "开始运行守护进程之前，先用命令行查出它的进程号和子进程。"),
    ("两个线程互相等候会形成逝世锁，请把文件重定名后交给治理员。", "两个线程互相期待会形成死锁，请把文件重命名后交给管理员。"),
    # ... and real words decided by context (没法, 平日, 凭据, 功用, 缘由, 布景, 假造, 音讯, 阁下, 照样)
    ("程序没法连接数据库，多半是由于凭据过期了。", "程序无法连接数据库，多数是因为凭证过时了。"),
    ("这个功用的缘由是页面布景颜色太深。", "这个功能的原因是页面背景颜色太深。"),
    ("假造机启动后会显示音讯，耗时一百毫秒阁下，照样比上一版快。", "虚拟机启动后会显示消息，耗时一百毫秒左右，还是比上一版快。"),
    ("曩昔的版本在以后目次下生成编纂器的配置，并计算最年夜值和均匀值。", "过去的版本在当前目录下生成编辑器的配置，并计算最大值和平均值。"),
    ("这个函数会回绝空参数，几近所有的调用都要辅佐检查。", "这个函数会拒绝空参数，几乎所有的调用都要帮助检查。"),
    ("新版本匆匆使寡多开辟者升级。", "新版本促使众多开发者升级。"),
])
def test_table_rows_repair_spun_sentences(spun: str, original: str) -> None:
    assert _fix(SPUN + spun) == REPAIRED + original


@pytest.mark.parametrize("meant", ["我们部门的经理很着急。", "这种形式的会议很受欢迎。"])
def test_real_words_of_the_table_left_alone_where_meant(meant: str) -> None:
    # 部门 and 形式 are the spinner's forms of 部分 and 模式, but here they are meant
    assert _fix(SPUN + meant) == REPAIRED + meant


def test_clean_sentence_with_table_forms_untouched() -> None:
    # 由于, 部门, 形式, 凡是, 轮回 are all table forms; clean text is never flagged by them
    clean = "他由于生病没有来，部门经理说这种形式的会议凡是在周一召开，佛教讲六道轮回。"
    assert spin.find(clean, Context()) == []


def test_table_grades_real_words_ambiguous() -> None:
    entries = spin.tables().entries
    for form in ("透露表现", "错误谬误", "切实其实", "高低文", "端标语", "体系体例"):
        assert entries[form].unambiguous, form
    # real words (jieba lists them) are never markers, whatever their count in 1998 news
    for form in ("由于", "部门", "轮回", "和谈", "当真", "老婆", "用饭", "没法", "阁下", "照样"):
        assert not entries[form].unambiguous, form
    assert entries["固然"].originals == ["虽然", "当然"]  # a second original, decided by context


def test_session_11_real_words_are_rarer_than_their_original() -> None:
    # a real word is a table row only where jieba counts its original >= 5 times as often: in a
    # spun page such a form is more likely the spinner's than the author's (告诉, 依靠 were not added)
    jieba = pytest.importorskip("jieba")
    with jieba.get_dict_file() as fh:
        jw = {w: int(n) for w, n, *_ in (line.split(" ") for line in fh.read().decode("utf-8").splitlines())}
    rows = [line.split("\t") for line in (ROOT / "dictionaries/spin_curated.tsv").read_text(encoding="utf-8").splitlines()
            if line.endswith("(session 11)") and "ambiguous: a real word" in line]
    assert len(rows) >= 15
    for spun, original, *_ in rows:
        assert jw.get(original, 0) >= 5 * jw.get(spun, 0), spun


def test_software_names_in_a_spun_page_left_alone() -> None:
    # the spinner writes 浏览器 as 欣赏器 (浏览 -> 欣赏); a PDF or e-book 阅读器 is the author's word
    meant = "用户下载PDF阅读器后，就能用电子书阅读器阅读。"
    assert _fix(SPUN + meant) == REPAIRED + meant
    assert "阅读器" not in spin.tables().entries
