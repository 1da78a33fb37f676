"""The Python API. Option names match the CLI flags and ``[tool.textfix]`` keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from .edits import Edit
from .encoding import Decoded, decode_bytes, encode_text
from .fixers import unknown_selectors
from .options import OptionError, Options
from .pipeline import Result, run


def _options(options: Options | None, kwargs: dict[str, Any]) -> Options:
    opts = (options or Options()).with_(**kwargs)
    bad = unknown_selectors(opts.select + opts.ignore)
    if bad:
        raise OptionError(f"unknown kind or rule: {', '.join(bad)} (see `textfix rules`)")
    return opts


def fix(
    text: str,
    *,
    script: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    min_confidence: float | None = None,
    allow: Sequence[str] | None = None,
    options: Options | None = None,
    **more: Any,
) -> Result:
    """Repair ``text``; return a :class:`~textfix.pipeline.Result` with ``.text`` and ``.edits``.

    Clean text comes back unchanged (``result.text is text``'s equal and
    ``result.edits == []``).

    >>> fix("cafÃ©").text
    'café'
    >>> fix("干净的中文“引号”，全角标点。").edits
    []
    """
    opts = _options(options, dict(script=script, select=select, ignore=ignore,
                                  min_confidence=min_confidence, allow=allow, **more))
    return run(text, opts)


def check(text: str, **kwargs: Any) -> list[Edit]:
    """The edits :func:`fix` would make (and unfixable findings), without the text.

    >>> [e.rule for e in check("a&amp;b")]
    ['unicode-html-entity']
    """
    return fix(text, **kwargs).edits


def explain(text: str, **kwargs: Any) -> str:
    """A human-readable account of every edit :func:`fix` makes, one per line.

    >>> print(explain("a\\u200bb"))  # doctest: +ELLIPSIS
    1:2: unicode/unicode-zero-width '\\u200b' → '' (0.95) invisible ZERO WIDTH SPACE inside text
    """
    return fix(text, **kwargs).explain()


@dataclass
class BytesResult:
    """The outcome of :func:`fix_bytes`."""

    data: bytes
    source: bytes
    decoded: Decoded
    result: Result

    @property
    def changed(self) -> bool:
        return self.data != self.source

    @property
    def encoding(self) -> str:
        return self.decoded.encoding

    @property
    def edits(self) -> list[Edit]:
        return self.result.edits


def fix_bytes(data: bytes, *, output_encoding: str | None = None, **kwargs: Any) -> BytesResult:
    """Decode ``data`` (BOM, UTF-8, then legacy encodings), repair it, encode it back.

    The output keeps the input's encoding, BOM and newlines unless
    ``output_encoding`` is given. Clean input comes back byte-identical.
    Raises :class:`textfix.encoding.DecodeError` for binary or undecodable data.

    >>> fix_bytes("今天的新闻&amp;天气预报。\\r\\n".encode("gbk")).data.decode("gbk")
    '今天的新闻&天气预报。\\r\\n'
    """
    decoded = decode_bytes(data)
    result = fix(decoded.text, **kwargs)
    result.encoding = decoded.encoding
    if not result.changed and not output_encoding and decoded.roundtrips:
        return BytesResult(data, data, decoded, result)
    return BytesResult(encode_text(result.text, decoded, output_encoding), data, decoded, result)


def identify_script(text: str) -> Any:
    """Identify whether ``text`` is Simplified, Traditional, mixed or neither.

    Returns a result whose ``.label`` is ``hans``, ``hant``, ``mixed`` or ``none``.
    """
    from .fixers.script import identify_script as _identify

    return _identify(text)
