"""The Python API. Option names match the CLI flags and ``[tool.textfix]`` keys."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any, Iterable, Iterator, Sequence

from .edits import Edit
from .encoding import Decoded, decode_bytes, encode_text
from .fixers import unknown_selectors
from .options import OptionError, Options, cached_per_option_set
from .pipeline import Result, run


def _options(options: Options | None, kwargs: dict[str, Any]) -> Options:
    """``options`` with the non-None keyword options applied, its selectors checked.

    Corpus users call :func:`fix` millions of times with the same options: the
    common cases (no options, the same ``Options`` again) skip rebuilding and
    re-validating them, which cost about a fifth of the time of a short clean text.
    """
    changes = {k: v for k, v in kwargs.items() if v is not None}
    opts = options or _default_options()
    if changes:
        opts = opts.with_(**changes)
    _check(opts)
    return opts


@lru_cache(maxsize=1)
def _default_options() -> Options:
    return Options()


@cached_per_option_set(maxsize=256)  # a few option sets per process (a raise is not cached)
def _check(opts: Options) -> None:
    bad = unknown_selectors(opts.select + opts.ignore)
    if bad:
        raise OptionError(f"unknown kind or rule: {', '.join(bad)} (see `textfix rules`)")


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
    _require_str(text)
    opts = _options(options, dict(script=script, select=select, ignore=ignore,
                                  min_confidence=min_confidence, allow=allow, **more))
    return run(text, opts)


def _require_str(text: Any, what: str = "textfix.fix()") -> None:
    if not isinstance(text, str):
        hint = "; use textfix.fix_bytes() for bytes" if isinstance(text, (bytes, bytearray, memoryview)) else ""
        raise TypeError(f"{what} takes str, not {type(text).__name__}{hint}")


def fix_many(
    texts: Iterable[str],
    *,
    jobs: int = 1,
    chunksize: int = 64,
    options: Options | None = None,
    **kwargs: Any,
) -> Iterator[Result]:
    """Repair many texts; yield one :class:`~textfix.pipeline.Result` per text, in order.

    The options are checked once, and the loaded models are reused for every
    text. ``texts`` may be any iterable (a generator over a dump is read
    lazily). With ``jobs > 1`` the texts are repaired ``chunksize`` at a time
    in that many worker processes, with only a few chunks in flight, and the
    results are the same as with ``jobs=1``. Keyword options are those of :func:`fix`.

    >>> [r.text for r in fix_many(["cafÃ©", "干净", "a&amp;b"])]
    ['café', '干净', 'a&b']
    """
    opts = _options(options, kwargs)
    return _fix_many(texts, opts, jobs, chunksize, keep_errors=False)


def fix_many_safe(texts: Iterable[str], options: Options | None, *, jobs: int = 1,
                  chunksize: int = 64) -> Iterator[Result | Exception]:
    """Like :func:`fix_many`, but a text whose repair raised yields the exception instead (corpus mode)."""
    return _fix_many(texts, options or Options(), jobs, chunksize, keep_errors=True)


def _fix_chunk(texts: list[str], options: Options, keep_errors: bool) -> list[Result | Exception]:
    out: list[Result | Exception] = []
    for text in texts:
        try:
            out.append(run(text, options))
        except Exception as exc:  # noqa: BLE001 - handed back to the caller, in order
            if not keep_errors:
                raise
            out.append(exc)
    return out


def _fix_many(texts: Iterable[str], options: Options, jobs: int, chunksize: int,
              keep_errors: bool) -> Iterator[Any]:
    def chunks() -> Iterator[list[str]]:
        it, position = iter(texts), 0
        while True:
            chunk = list(islice(it, max(1, chunksize)))
            if not chunk:
                return
            for i, text in enumerate(chunk):
                _require_str(text, f"fix_many(): item {position + i}:")
            position += len(chunk)
            yield chunk

    def generate() -> Iterator[Any]:
        for results in ordered_map(_fix_chunk, ((chunk, options, keep_errors) for chunk in chunks()), jobs):
            yield from results

    return generate()


def ordered_map(fn: Any, calls: Iterable[tuple], jobs: int) -> Iterator[Any]:
    """``fn(*call)`` for each call, in input order; with ``jobs > 1`` on a process pool.

    Memory stays bounded: at most ``2 * jobs`` calls are read ahead of the
    results handed out, so a huge iterator is never read whole.

    >>> list(ordered_map(pow, [(2, 3), (3, 2)], 1))
    [8, 9]
    """
    if jobs <= 1:
        for call in calls:
            yield fn(*call)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque = deque()
        for call in calls:
            pending.append(pool.submit(fn, *call))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


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
    if not isinstance(data, (bytes, bytearray, memoryview)):
        hint = "; use textfix.fix() for str" if isinstance(data, str) else ""
        raise TypeError(f"textfix.fix_bytes() takes bytes, not {type(data).__name__}{hint}")
    data = bytes(data)
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
