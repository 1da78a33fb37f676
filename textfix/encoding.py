"""Bytes to text and back, without losing anything.

:func:`decode_bytes` honours a BOM, tries strict UTF-8, then a file that is
UTF-8 with pasted-in lines in a CJK legacy codec (decoded line by line), then
the CJK codecs (GB18030, Big5, Shift-JIS, EUC-KR) judged by the character
model, and only then asks charset-normalizer for another legacy encoding.
It never translates newlines, so CRLF, LF and mixed files come back as they
were. :func:`encode_text` writes with the same encoding and BOM.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# charset-normalizer names -> the codec we write back with. GB2312 and GBK
# files routinely contain characters outside their nominal repertoire, and
# GB18030 decodes and encodes a superset byte-for-byte.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "shift_jis": "cp932", "euc_kr": "cp949"}


#: The rule ``check`` reports a mixed file under (``textfix rules`` lists it with the fixers' rules).
RULES = {"encoding-mixed": "lines of a legacy CJK codec (GBK, Big5, ...) pasted into a UTF-8 file: decoded "
                           "line by line; fix writes the file back all UTF-8"}


class DecodeError(ValueError):
    """The bytes are binary or in no encoding we can decode losslessly."""


@dataclass
class Decoded:
    """Text decoded from bytes, with what is needed to write it back identically."""

    text: str
    encoding: str
    bom: bytes = b""
    #: Human-readable notes on how the bytes were decoded (mixed encodings ...).
    notes: list[str] = field(default_factory=list)
    #: False when encoding ``text`` back would not give the input bytes (e.g. a
    #: UTF-8 file with a GBK paragraph, decoded segment by segment): writing the
    #: file back then repairs it even if no text edit was made.
    roundtrips: bool = True
    #: 1-based numbers of the lines decoded with a legacy codec in a mixed UTF-8 file.
    legacy_lines: list[int] = field(default_factory=list)


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside UTF-16/32 text mean binary data.

    >>> looks_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    True
    >>> looks_binary("中文".encode("utf-8"))
    False
    """
    return b"\x00" in data[:8192]


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` losslessly, reporting the encoding used.

    >>> decode_bytes("中文\\r\\n".encode("gb18030")).encoding
    'gb18030'
    >>> decode_bytes(codecs.BOM_UTF8 + b"hi").bom
    b'\\xef\\xbb\\xbf'
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(enc), enc, bom)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"has a {enc} byte-order mark but is not valid {enc}: {exc.reason}") from exc
    if looks_binary(data):
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise DecodeError("looks binary (contains NUL bytes)")
        return utf16
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mixed = decode_mixed(data)
    if mixed is not None:
        return mixed
    cjk = _best_cjk(data)
    if cjk is not None:
        return cjk
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise DecodeError("is not UTF-8 and no legacy encoding decodes it")
    enc = _WIDER.get(best.encoding, best.encoding)
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        enc = best.encoding
        text = data.decode(enc)
    if text.encode(enc) != data:
        raise DecodeError(f"decodes as {enc} but does not round-trip; refusing to rewrite it")
    return Decoded(text, enc, notes=[f"decoded as {enc}"])


# characters no text file holds: C0 controls but tab, newlines and form feed, DEL, surrogates,
# private use, noncharacters. A binary file read as UTF-16 is full of them.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff]")


def _utf16_without_bom(data: bytes) -> Decoded | None:
    r"""UTF-16 text saved without a byte-order mark, told from binary data.

    The NUL bytes must sit on one side of the 16-bit units (the high byte of
    ASCII characters: odd offsets for little-endian, even for big-endian),
    and the text must decode strictly with no control, private-use or
    surrogate characters.

    >>> _utf16_without_bom("第一行&amp;\r\nline two\n".encode("utf-16-le")).encoding
    'utf-16-le'
    >>> _utf16_without_bom(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") is None
    True
    """
    if len(data) % 2:
        return None
    head = data[:8192]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    # ASCII puts its NUL high bytes on one side; CJK (U+4E00 ...) leaves a few on the other
    order = ["utf-16-le", "utf-16-be"] if odd >= even else ["utf-16-be", "utf-16-le"]
    decisive = max(odd, even) >= 4 * min(odd, even)
    candidates = []
    for enc in order[:1] if decisive else order:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not _NOT_TEXT.search(text):
            candidates.append((enc, text))
    if not decisive and candidates:
        # no telling sign of byte order: the reading that is plausible text, if any
        scored = max((_plausibility(text), enc, text) for enc, text in candidates)
        candidates = [(scored[1], scored[2])] if scored[0] >= _PLAUSIBLE else []
    if not candidates:
        return None
    enc, text = candidates[0]
    return Decoded(text, enc, notes=[f"no byte-order mark; decoded as {enc}"])


#: CJK codecs tried when UTF-8 fails, each the widest of its family (they
#: decode and encode their narrower namesakes byte for byte).
CJK_CODECS = ("gb18030", "big5hkscs", "cp932", "cp949")
#: A decoding whose mean log-probability per character is below this is not text.
_PLAUSIBLE = -9.0


def _plausibility(text: str) -> float:
    from . import lm

    # judge the non-ASCII text only: ASCII decodes the same in every candidate
    sample = "".join(ch for ch in text[:50000] if not ch.isascii() and not ch.isspace())
    return lm.mean_logprob_per_char(sample) if sample else -99.0


def _best_cjk(data: bytes) -> Decoded | None:
    """The CJK codec that decodes ``data`` strictly, round-trips, and reads most like text.

    >>> _best_cjk("繁體中文的句子。".encode("big5")).encoding
    'big5hkscs'
    """
    scored = []
    for enc in CJK_CODECS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if text.encode(enc) != data:
            continue
        scored.append((_plausibility(text), enc, text))
    if not scored:
        return None
    score, enc, text = max(scored)
    if score < _PLAUSIBLE:
        return None
    return Decoded(text, enc, notes=[f"decoded as {enc}"])


def decode_mixed(data: bytes) -> Decoded | None:
    """Decode a UTF-8 file with lines in a CJK legacy codec pasted in, line by line.

    Returns None unless the file has both valid non-ASCII UTF-8 lines and
    lines that only a CJK codec decodes. The result is text (written back as
    UTF-8), with ``roundtrips=False`` and a note naming the legacy lines.

    >>> d = decode_mixed("第一行\\n".encode() + "第二行是GBK\\n".encode("gbk"))
    >>> d.text, d.roundtrips, d.notes
    ('第一行\\n第二行是GBK\\n', False, ['line 2 is gb18030 in a UTF-8 file; decoded line by line'])
    """
    lines = data.splitlines(keepends=True)
    utf8: list[int] = []
    bad: list[int] = []
    for i, line in enumerate(lines):
        try:
            line.decode("utf-8")
            if not line.isascii():
                utf8.append(i)
        except UnicodeDecodeError:
            bad.append(i)
    if not bad or not utf8:
        return None
    legacy = b"".join(lines[i] for i in bad)
    best = _best_cjk(legacy)
    if best is None:
        return None
    enc = best.encoding
    # GBK bytes are valid UTF-8 now and then (通讯员 is C2 A8 D1 B6 D4 B1 in GBK: 'ͨѶԱ' in UTF-8):
    # in a legacy file such a line is legacy too, when that reading is far more plausible
    votes = {i: _legacy_vote(lines[i], enc) for i in utf8}
    legacy_lines = set(bad) | {i for i, v in votes.items() if v > 0}
    if len(legacy_lines) > sum(v < 0 for v in votes.values()):
        legacy_lines |= {i for i, v in votes.items() if v == 0}  # undecidable lines (one character) go with the majority
    if len(legacy_lines) == len(bad) + len(utf8):
        return None  # every non-ASCII line is legacy: a plain legacy file, not a mixed one
    bad = sorted(legacy_lines)
    out = []
    for i, line in enumerate(lines):
        out.append(line.decode(enc) if i in legacy_lines else line.decode("utf-8"))
    nums = _ranges([i + 1 for i in bad])
    what = f"line {nums} is" if len(bad) == 1 else f"lines {nums} are"
    note = f"{what} {enc} in a UTF-8 file; decoded line by line"
    return Decoded("".join(out), "utf-8", notes=[note], roundtrips=False, legacy_lines=[i + 1 for i in bad])


#: Nats per character by which a legacy reading of a valid UTF-8 line must beat the UTF-8 reading.
_LEGACY_MARGIN = 2.0


def _legacy_vote(line: bytes, enc: str) -> int:
    r"""For a line that is valid UTF-8: 1 if it reads far more plausibly in the legacy codec ``enc``,
    -1 if as UTF-8 (or it is not ``enc`` at all), 0 if the two readings are too close to tell.

    >>> _legacy_vote("通讯员\n".encode("gbk"), "gb18030"), _legacy_vote("通讯员\n".encode(), "gb18030")
    (1, -1)
    """
    try:
        text = line.decode(enc)
    except UnicodeDecodeError:
        return -1
    if text.encode(enc) != line:
        return -1
    delta = _plausibility(text) - _plausibility(line.decode("utf-8"))
    return 1 if delta > _LEGACY_MARGIN else -1 if delta < -_LEGACY_MARGIN else 0


def _ranges(nums: list[int]) -> str:
    """``[1, 2, 3, 7]`` -> ``'1-3, 7'``."""
    parts = []
    start = prev = nums[0]
    for n in nums[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


#: The narrower codec a file in each wide CJK codec usually really is (GBK for GB18030 ...):
#: the wide codec is used to read and write, but a repair that leaves the narrow
#: repertoire makes the file unreadable to tools that assume the narrow one.
NARROWER = {"gb18030": "gbk", "big5hkscs": "big5", "cp932": "shift_jis", "cp949": "euc_kr"}


def widening(source: bytes, text: str, encoding: str) -> tuple[str, str] | None:
    """``(narrow codec, new characters)`` when ``source`` fits the narrow codec but ``text`` does not.

    A GBK file is read and written as GB18030 (a superset); a repair that
    brings in an emoji turns it into a GB18030 file that a GBK reader garbles,
    and the user must be told.

    >>> widening("事情&#128512;".encode("gbk"), "事情\U0001f600", "gb18030")
    ('gbk', '\U0001f600')
    >>> widening("事情&amp;".encode("gbk"), "事情&", "gb18030") is None
    True
    """
    narrow = NARROWER.get(codecs.lookup(encoding).name.replace("-", "_"))
    if narrow is None:
        return None
    try:
        text.encode(narrow)
        return None
    except UnicodeEncodeError:
        pass
    try:
        source.decode(narrow)
    except UnicodeDecodeError:
        return None  # the file already used the wider repertoire
    new = "".join(ch for ch in dict.fromkeys(text) if not _encodes(ch, narrow))
    return narrow, new


def _encodes(ch: str, enc: str) -> bool:
    try:
        ch.encode(enc)
        return True
    except UnicodeEncodeError:
        return False


def encode_text(text: str, decoded: Decoded, output_encoding: str | None = None) -> bytes:
    """Encode ``text`` like the file it came from (same encoding and BOM) unless told otherwise.

    Raises ``UnicodeEncodeError`` when a repair introduced a character the
    original encoding cannot hold; callers report it and leave the file alone.
    """
    if output_encoding:
        enc = codecs.lookup(output_encoding).name
        bom = decoded.bom if enc.startswith("utf") and decoded.bom and enc == codecs.lookup(decoded.encoding).name else b""
        return bom + text.encode(enc)
    return decoded.bom + text.encode(decoded.encoding)
