"""Bytes to text and back, without losing anything.

:func:`decode_bytes` honours a BOM, tries strict UTF-8, and only then asks
charset-normalizer for a legacy encoding (GBK/GB18030, Big5, Shift-JIS ...).
It never translates newlines, so CRLF, LF and mixed files come back as they
were. :func:`encode_text` writes with the same encoding and BOM.
"""

from __future__ import annotations

import codecs
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
        raise DecodeError("looks binary (contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
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
