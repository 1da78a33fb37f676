"""Codec chains for the mojibake fixer: which wrong decodings we know how to undo.

A *chain* says: bytes in encoding ``true`` were decoded as ``wrong``. Undoing
it means encoding the damaged text back with ``wrong`` and decoding the bytes
with ``true``. This module holds the chain table, byte-level helpers and the
set of characters that are typical of mojibake, derived from the codec tables
themselves (no hand-picked list).

>>> undo("涓\ue15f枃", CHAINS_BY_NAME["utf8-as-gb18030"])
'中文'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Chain:
    """Text in ``true`` bytes, decoded as ``wrong``."""

    name: str
    rule: str
    wrong: str
    true: str

    def describe(self) -> str:
        return f"{_LABEL.get(self.true, self.true)} bytes decoded as {_LABEL.get(self.wrong, self.wrong)}"


_LABEL = {
    "utf-8": "UTF-8", "gbk": "GBK", "gb18030": "GB18030", "big5": "Big5", "cp950": "Big5 (cp950)",
    "shift_jis": "Shift-JIS", "cp932": "Shift-JIS (cp932)", "euc_jp": "EUC-JP", "euc_kr": "EUC-KR",
    "latin-1": "Latin-1", "sloppy-1252": "cp1252", "mac_roman": "Mac Roman", "cp437": "IBM code page 437",
}

#: The wrong decodings of UTF-8 we try, with the rule each one reports.
_UTF8_AS = (
    ("gbk", "mojibake-utf8-as-gbk"),
    ("gb18030", "mojibake-utf8-as-gbk"),
    ("big5", "mojibake-utf8-as-big5"),
    ("cp950", "mojibake-utf8-as-big5"),
    ("shift_jis", "mojibake-utf8-as-sjis"),
    ("cp932", "mojibake-utf8-as-sjis"),
    ("euc_jp", "mojibake-utf8-as-eucjp"),
    ("euc_kr", "mojibake-utf8-as-euckr"),
    ("sloppy-1252", "mojibake-utf8-as-latin1"),
    ("mac_roman", "mojibake-utf8-as-latin1"),
    ("cp437", "mojibake-utf8-as-latin1"),  # ftfy knows cp437 too, but misses short CJK names (σñçΣ╗╜ for 备份)
)
#: Legacy CJK bytes decoded as a Latin code page.
_CJK_AS_LATIN = (
    ("gb18030", "mojibake-gbk-as-latin1"),
    ("big5", "mojibake-big5-as-latin1"),
    ("cp950", "mojibake-big5-as-latin1"),
    ("shift_jis", "mojibake-sjis-as-latin1"),
    ("cp932", "mojibake-sjis-as-latin1"),
    ("euc_jp", "mojibake-eucjp-as-latin1"),
    ("euc_kr", "mojibake-euckr-as-latin1"),
)

#: Legacy CJK bytes decoded as IBM code page 437, the "OEM" code page of ZIP file names
#: and Windows consoles (中文.txt in GBK reads ╓╨╬─.txt).
_CJK_AS_CP437 = (
    ("gb18030", "mojibake-gbk-as-cp437"),
    ("cp950", "mojibake-big5-as-cp437"),
    ("cp932", "mojibake-sjis-as-cp437"),
)

CHAINS: tuple[Chain, ...] = tuple(
    [Chain(f"utf8-as-{w}", rule, w, "utf-8") for w, rule in _UTF8_AS]
    + [Chain(f"{t}-as-latin1", rule, "sloppy-1252", t) for t, rule in _CJK_AS_LATIN]
    + [Chain(f"{t}-as-cp437", rule, "cp437", t) for t, rule in _CJK_AS_CP437]
    + [
        Chain("big5-as-gbk", "mojibake-big5-gbk", "gb18030", "cp950"),
        Chain("gbk-as-big5", "mojibake-big5-gbk", "cp950", "gb18030"),
    ]
)
CHAINS_BY_NAME = {c.name: c for c in CHAINS}


def encode_char(ch: str, codec: str) -> bytes | None:
    """Bytes of one character in ``codec``, or None if it has none.

    ``sloppy-1252`` is cp1252 with the five bytes it leaves undefined read as
    Latin-1 (C1 controls), which is what browsers and Python's ``latin-1`` do.

    >>> encode_char("€", "sloppy-1252"), encode_char("\\x81", "sloppy-1252")
    (b'\\x80', b'\\x81')
    """
    if codec == "sloppy-1252":
        try:
            return ch.encode("cp1252")
        except UnicodeEncodeError:
            return bytes([ord(ch)]) if ord(ch) < 256 else None
    try:
        return ch.encode(codec)
    except UnicodeEncodeError:
        return None


def decode_strict(data: bytes, codec: str) -> str | None:
    """``data`` decoded with ``codec``, or None when any byte is invalid."""
    try:
        if codec == "sloppy-1252":
            return "".join(bytes([b]).decode("cp1252", errors="strict") if b not in UNDEFINED_1252 else chr(b) for b in data)
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


#: The five bytes cp1252 leaves undefined (sloppy-1252 reads them as Latin-1: C1 controls).
UNDEFINED_1252 = frozenset((0x81, 0x8D, 0x8F, 0x90, 0x9D))


def undo(text: str, chain: Chain) -> str | None:
    """Undo ``chain`` on the whole of ``text``; None if it does not apply losslessly.

    >>> undo("ÖÐÎÄ", CHAINS_BY_NAME["gb18030-as-latin1"])
    '中文'
    """
    try:
        # the codecs are stateless: when the whole text encodes, its bytes are those of
        # encode_char, character by character (one C call instead of one per character)
        data: bytes | None = text.encode("cp1252" if chain.wrong == "sloppy-1252" else chain.wrong)
    except UnicodeEncodeError:
        data = encode_chars(text, chain.wrong)
    return None if data is None else decode_strict(data, chain.true)


def encode_chars(text: str, codec: str) -> bytes | None:
    """``text`` encoded with :func:`encode_char`, one character at a time (None if one has no bytes).

    >>> encode_chars("ä\x81", "sloppy-1252"), encode_chars("中", "latin-1")
    (b'\xe4\x81', None)
    """
    parts = []
    for ch in text:
        b = encode_char(ch, codec)
        if b is None:
            return None
        parts.append(b)
    return b"".join(parts)


#: The single-byte code pages a chain may have read bytes with.
SINGLE_BYTE = ("latin-1", "cp1252", "mac_roman", "cp437")


def _utf8_adjacent_pairs() -> list[bytes]:
    """Byte pairs that occur inside UTF-8 text made of multi-byte characters."""
    cont = range(0x80, 0xC0)
    lead = range(0xC2, 0xF5)
    pairs = [bytes([a, b]) for a in lead for b in cont]
    pairs += [bytes([a, b]) for a in cont for b in cont]
    pairs += [bytes([a, b]) for a in cont for b in lead]
    return pairs


def _single_chars(byte_strings: list[bytes], codecs: tuple[str, ...]) -> set[str]:
    """The characters that one of ``byte_strings`` decodes to, alone, under one of ``codecs``."""
    out: set[str] = set()
    for codec in codecs:
        for data in byte_strings:
            s = decode_strict(data, codec)
            if s is not None and len(s) == 1:
                out.add(s)
    return out


@lru_cache(maxsize=1)
def producible_chars() -> frozenset[str]:
    """Every character some chain's *wrong* decoding can produce from its *true* bytes.

    Derived from the codec tables: UTF-8 byte pairs (and single bytes) decoded
    with each multi-byte codec; every high byte in the Latin code pages; and
    GBK/Big5 double-byte codes decoded with the other codec.
    """
    singles = [bytes([b]) for b in range(0x80, 0x100)]
    chars = _single_chars(_utf8_adjacent_pairs() + singles,
                          ("gbk", "gb18030", "big5", "cp950", "shift_jis", "cp932", "euc_jp", "euc_kr"))
    for codec in SINGLE_BYTE:
        chars.update(bytes([b]).decode(codec, errors="ignore") for b in range(0x80, 0x100))
    # Big5 codes read as GBK and GBK codes read as Big5
    double_byte = [bytes([a, b]) for a in range(0x81, 0xFF) for b in (*range(0x40, 0x7F), *range(0xA1, 0xFF))]
    chars |= _single_chars(double_byte, ("gbk", "cp950"))
    chars.discard("")
    return frozenset(chars)


@lru_cache(maxsize=None)
def chain_chars(chain: Chain) -> frozenset[str]:
    """Characters that ``chain``'s wrong decoding makes out of its true bytes.

    >>> "涓" in chain_chars(CHAINS_BY_NAME["utf8-as-gbk"]), "Ö" in chain_chars(CHAINS_BY_NAME["utf8-as-gbk"])
    (True, False)
    """
    wrong = "cp1252" if chain.wrong == "sloppy-1252" else chain.wrong
    chars: set[str] = set()
    if chain.true == "utf-8":
        units = _utf8_adjacent_pairs() + [bytes([b]) for b in range(0x80, 0x100)]
    elif wrong in SINGLE_BYTE:
        units = [bytes([b]) for b in range(0x80, 0x100)]
    else:  # a double-byte codec read as another
        units = [bytes([a, b]) for a in range(0x81, 0xFF) for b in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))]
    for u in units:
        try:
            s = u.decode(wrong)
        except UnicodeDecodeError:
            continue
        if len(s) == 1:
            chars.add(s)
    if chain.wrong == "sloppy-1252":
        chars.update(map(chr, range(0x80, 0xA0)))
    return frozenset(chars)


#: Codecs whose strict reading of UTF-8 breaks CJK text into fragments that hold
#: only one or two rare characters, so the density trigger misses them.
STRUCT_CODECS: tuple[tuple[str, ...], ...] = (("big5", "cp950"), ("euc_jp",), ("euc_kr",))
#: UTF-8 lead bytes of CJK text: E3 (kana, CJK punctuation), E4-E9 (ideographs), EF (full-width forms).
_CJK_LEADS = frozenset((0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEF))


@lru_cache(maxsize=None)
def utf8_struct_classes(codecs: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The two characters that open every UTF-8 CJK character read with a double-byte ``codecs``.

    Three UTF-8 bytes ``lead c1 c2`` followed by the next ``lead`` are read as a
    character ``[lead c1]`` (first set: a CJK lead byte and a continuation byte)
    followed by one starting ``[c2 lead]`` (second set). Derived from the codec
    tables; the first set lies in rows that hold rare characters (Big5 and JIS
    level 2, KS X 1001 hanja), the second in symbols, kana, Hangul or common Han.

    >>> first, second = utf8_struct_classes(("big5", "cp950"))
    >>> "大學".encode().decode("big5")[:2], "憭" in first, "批" in second
    ('憭批', True, True)
    """
    first: set[str] = set()
    second: set[str] = set()
    cont = range(0x80, 0xC0)
    for codec in codecs:
        for a in _CJK_LEADS:
            for b in cont:
                s = decode_strict(bytes((a, b)), codec)
                if s is not None and len(s) == 1:
                    first.add(s)
        for a in cont:
            for b in _CJK_LEADS:
                s = decode_strict(bytes((a, b)), codec)
                if s is not None and len(s) == 1:
                    second.add(s)
                # a three-byte code (EUC-JP 0x8F) that starts with a continuation byte
                for c in cont:
                    s = decode_strict(bytes((a, b, c)), codec)
                    if s is not None and len(s) == 1:
                        second.add(s)
    return frozenset(first), frozenset(second)


@lru_cache(maxsize=1)
def latin_utf8_as_gbk_chars() -> frozenset[str]:
    """What GBK makes of Latin-1 text saved as UTF-8 (lead bytes C2/C3): the middle of
    the double encoding GBK → Latin-1 → UTF-8 → GBK, where every character of the
    original becomes two of these.

    >>> "拢" in latin_utf8_as_gbk_chars(), "中" in latin_utf8_as_gbk_chars()
    (True, False)
    """
    out: set[str] = set()
    for a in (0xC2, 0xC3):
        for b in range(0x80, 0xC0):  # UTF-8 of U+0080-U+00FF: C2/C3 and a continuation byte
            t = decode_strict(bytes((a, b)), "gbk")
            if t is not None and len(t) == 1:
                out.add(t)
    return frozenset(out)
