"""Generate the damaged examples from our own sentences with Python codecs.

Run from anywhere: ``.venv/bin/python examples/make_examples.py`` (needs ftfy and opencc,
both dependencies of textfix). The sentences are our own; nothing is copied from
other data sets. The expected files are the original sentences, checked by hand.
"""
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  registers sloppy-windows-1252
import opencc

E = Path(__file__).resolve().parent


def write(name: str, damaged: str, expected: str, enc: str = "utf-8") -> None:
    (E / f"{name}.txt").write_bytes(damaged.encode(enc))
    (E / f"{name}.expected.txt").write_bytes(expected.encode(enc))


def substitute(texts: list[str], table: dict[str, str]) -> list[str]:
    """Apply every ``old -> new`` replacement of ``table`` to each text, in table order."""
    out = []
    for text in texts:
        for old, new in table.items():
            text = text.replace(old, new)
        out.append(text)
    return out


def lines(*ls: str, nl: str = "\n") -> str:
    return nl.join(ls) + nl


# 1. Latin mojibake: UTF-8 bytes read as windows-1252, one line left clean
latin = [
    "Our café on the corner now serves crème brûlée and a naïve “house” coffee.",
    "Résumé received from José Müller in Zürich – interview on Thursday.",
    "The menu title is 今日特价 and the price is 12 €.",
    "This line was never damaged and must stay exactly as it is.",
]
sloppy = lambda s: s.encode("utf-8").decode("sloppy-windows-1252")  # noqa: E731
write("latin-mojibake", lines(*map(sloppy, latin[:3]), latin[3]), lines(*latin))

# 2. CJK mojibake: UTF-8 read as GBK (strictly decodable lines, so nothing is lost)
#    and GBK read as latin-1; one clean line
cjk = [
    "这篇文章的中文标题显示不正常",
    "用户反映文章的标题和正文都变成了乱码",
    "我们需要把这些文字恢复成原来的样子。",
    "这一行没有损坏，应该保持不变。",
]
u8_as_gbk = lambda s: s.encode("utf-8").decode("gbk")  # noqa: E731
gbk_as_latin1 = lambda s: s.encode("gbk").decode("latin-1")  # noqa: E731
write("cjk-mojibake", lines(u8_as_gbk(cjk[0]), u8_as_gbk(cjk[1]), gbk_as_latin1(cjk[2]), cjk[3]), lines(*cjk))

# 3. A Traditional paragraph inside a Simplified document (fix with script="hans")
simp = [
    "社区服务中心今天正式开放，居民可以在这里办理各类手续。",
    "这座城市的历史可以追溯到一千多年前。老城区保留了许多传统建筑，每年吸引大量游客前来参观。当地政府表示，将继续加强对古建筑的保护。",
    "据工作人员介绍，中心还设有图书室和儿童活动区。",
]
s2t = opencc.OpenCC("s2t")
write("traditional-in-simplified", lines(simp[0], "", s2t.convert(simp[1]), "", simp[2]),
      lines(simp[0], "", simp[1], "", simp[2]))

# 4. Traditional text with naive character-by-character conversion errors
good = [
    "面臨新的挑戰，公司決定升級管理系統，並完善內部的監督機制。",
    "她剪短了頭髮，準備參加下個月的產品展示會。",
    "這套系統的面板設計簡潔，操作也很方便。",
]
naive = {"面臨": "麵臨", "系統": "係統", "機制": "機製", "頭髮": "頭發", "面板": "麵板"}
write("naive-conversion", lines(*substitute(good, naive)), lines(*good))

# 5. Spun text: spinner substitutions from ../shared/data/spin/README.md in our own sentences
orig = [
    "通过调研，我们发现基层群众对社区服务的满意度明显提高。",
    "街道办事处为每个社区配置了两名专职网格员，工作人员每天轮流值班。",
    "下一步，我们将继续深入基层，听取群众意见，改进工作方法。",
]
spin = {"通过": "经由过程", "基层": "下层", "群众": "群寡", "配置": "设置装备摆设", "工作": "工做"}
write("spun", lines(*substitute(orig, spin)), lines(*orig))

# 6. Unicode noise: entities, zero-width, control characters, decomposed accents
write(
    "unicode-noise",
    lines(
        "Tom &amp; Jerry 的新片将于 12 月上映。",
        "价格 &lt; 100 元，欢迎&ldquo;抢购&rdquo;&#65281;",
        "这段\u200b文字里\u200b混进了看\ufeff不见的\u2060字符。",
        "复制\x07粘贴时\x1b带进了控制字符\x08。",
        "Cafe\u0301 的招牌菜是 cre\u0300me bru\u0302le\u0301e。",
        "&#20013;&#25991;网页里的实体也要解码。",
        "这一行没有问题，保持原样。",
    ),
    lines(
        "Tom & Jerry 的新片将于 12 月上映。",
        "价格 < 100 元，欢迎“抢购”！",
        "这段文字里混进了看不见的字符。",
        "复制粘贴时带进了控制字符。",
        "Café 的招牌菜是 crème brûlée。",
        "中文网页里的实体也要解码。",
        "这一行没有问题，保持原样。",
    ),
)

# 7. A GBK file with CRLF newlines and Unicode damage GBK can hold
gbk_expected = [
    "今天上午，市政府召开新闻发布会，介绍了城市交通建设的最新进展。",
    "记者了解到，新建的地铁线路将于明年年底通车并开始试运营。",
    "相关负责人表示，工程质量和安全是首要任务，“绝不会赶工期”。",
    "R&D 中心的负责人说，新线路将连接机场和高铁站。",
]
gbk_damaged = [
    gbk_expected[0],
    "记者了解到，新建的地铁线路将于明年年底通车并开始试运营\x07。",
    "相关负责人表示，工程质量和安全&#26159;首要任务，&ldquo;绝不会赶工期&rdquo;。",
    "R&amp;D 中心的负责人说，新线路将连接机场和高铁站。",
]
write("gbk-crlf", lines(*gbk_damaged, nl="\r\n"), lines(*gbk_expected, nl="\r\n"), enc="gbk")
