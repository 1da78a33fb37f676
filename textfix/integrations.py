"""Adapters for engines that run corpus pipelines on many machines.

All of them go through :func:`fix_batch`, which repairs one text column of a
columnar batch (a ``dict`` of lists): the shape Ray Data's ``map_batches``,
Hugging Face ``datasets.map(batched=True)`` and pandas/Spark UDFs deal in.

Dask::

    import dask.dataframe as dd
    from textfix.integrations import fix_dask
    ddf = fix_dask(dd.read_parquet("corpus/"), column="text", annotate="textfix")
    ddf.to_parquet("fixed/")

Spark (``mapInPandas`` takes an iterator of pandas frames)::

    from textfix.integrations import fix_pandas_iter
    df.mapInPandas(lambda it: fix_pandas_iter(it, "text"), schema=df.schema)

Each worker builds its own fixers lazily; :class:`~textfix.options.Options`
is a small frozen dataclass, so it pickles to workers cheaply.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Iterator

from .corpus import annotation
from .api import fix
from .options import Options


def fix_batch(batch: dict[str, list[Any]], column: str = "text", *, options: Options | None = None,
              annotate: str | None = None) -> dict[str, list[Any]]:
    """Repair ``batch[column]``; non-string values (None, NaN) pass through unchanged.

    >>> fix_batch({"id": [1, 2], "text": ["cafÃ©", None]})["text"]
    ['café', None]
    """
    values = list(batch[column])
    fixed: list[Any] = []
    notes: list[str | None] = []
    for value in values:
        if isinstance(value, str):
            result = fix(value, options=options)
            fixed.append(result.text)
            notes.append(json.dumps(annotation(result), ensure_ascii=False))
        else:
            fixed.append(value)
            notes.append(None)
    out = dict(batch)
    out[column] = fixed
    if annotate:
        out[annotate] = notes
    return out


def fix_pandas(frame: Any, column: str = "text", *, options: Options | None = None,
               annotate: str | None = None) -> Any:
    """Repair one column of a pandas DataFrame; returns a new frame with the same index."""
    out = frame.copy()
    batch = fix_batch({column: frame[column].tolist()}, column, options=options, annotate=annotate)
    out[column] = batch[column]
    if annotate:
        out[annotate] = batch[annotate]
    return out


def fix_pandas_iter(frames: Iterable[Any], column: str = "text", *, options: Options | None = None,
                    annotate: str | None = None) -> Iterator[Any]:
    """Spark ``mapInPandas`` adapter."""
    for frame in frames:
        yield fix_pandas(frame, column, options=options, annotate=annotate)


def fix_dask(ddf: Any, column: str = "text", *, options: Options | None = None, annotate: str | None = None) -> Any:
    """Repair one column of a Dask DataFrame, partition by partition (lazy, like any Dask op)."""
    meta = ddf._meta.copy()
    if annotate:
        meta[annotate] = meta[column].astype(object)
    return ddf.map_partitions(fix_pandas, column, options=options, annotate=annotate, meta=meta)
