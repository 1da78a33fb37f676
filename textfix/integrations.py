"""Adapters for engines that run corpus pipelines on many machines.

All of them go through :func:`fix_batch`, which repairs one text column of a
columnar batch (a ``dict`` of lists): the shape Ray Data's ``map_batches``,
Hugging Face ``datasets.map(batched=True)`` and pandas/Spark UDFs deal in.

Dask (one line: a lazy frame with the same index, columns and dtypes, plus
an optional JSON column of edits; the result equals the pandas path)::

    import dask.dataframe as dd
    from textfix.integrations import fix_dask
    fix_dask(dd.read_parquet("corpus/"), column="text", annotate="textfix").to_parquet("fixed/")

pandas::

    from textfix.integrations import fix_pandas
    df = fix_pandas(df, "text")

Spark (``mapInPandas`` takes an iterator of pandas frames)::

    from textfix.integrations import fix_pandas_iter
    df.mapInPandas(lambda it: fix_pandas_iter(it, "text"), schema=df.schema)

Each worker builds its own fixers lazily; :class:`~textfix.options.Options`
is a small frozen dataclass, so it pickles to workers cheaply.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Iterator

from .api import _options, fix_many_safe
from .corpus import _note
from .options import Options


def fix_batch(batch: dict[str, list[Any]], column: str = "text", *, options: Options | None = None,
              annotate: str | None = None) -> dict[str, list[Any]]:
    """Repair ``batch[column]``; non-string values (None, NaN) pass through unchanged.

    A text whose repair raises is kept as it was (its annotation says
    ``{"error": ...}``): one odd record must not fail a whole distributed job.

    >>> fix_batch({"id": [1, 2], "text": ["cafÃ©", None]})["text"]
    ['café', None]
    """
    values = list(batch[column])
    opts = _options(options, {})  # checked once for the batch
    results = iter(fix_many_safe([v for v in values if isinstance(v, str)], opts))
    fixed: list[Any] = []
    notes: list[str | None] = []
    for value in values:
        result = next(results) if isinstance(value, str) else None
        if isinstance(result, Exception):
            fixed.append(value)
            notes.append(json.dumps({"changed": False, "error": f"{type(result).__name__}: {result}"}))
        elif result is not None:
            fixed.append(result.text)
            # a lone surrogate (before or after) cannot be stored as UTF-8: escape it then
            notes.append(_note(result) if annotate else None)
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
    """Repair one column of a pandas DataFrame; returns a new frame with the same index.

    The column keeps its dtype (a categorical one becomes ``object``: repaired
    text may not be among its categories). The ``annotate`` column holds JSON
    strings (missing where the text was), with the text column's string dtype
    or ``object``, so every partition of a Dask frame has the same dtypes.
    """
    import pandas as pd

    values = frame[column]
    batch = fix_batch({column: values.tolist()}, column, options=options, annotate=annotate)
    out = frame.copy()
    dtype = object if isinstance(values.dtype, pd.CategoricalDtype) else values.dtype
    out[column] = pd.Series(batch[column], index=frame.index, dtype=dtype, name=column)
    if annotate:
        note_dtype = values.dtype if isinstance(values.dtype, pd.StringDtype) else object
        out[annotate] = pd.Series(batch[annotate], index=frame.index, dtype=note_dtype, name=annotate)
    return out


def fix_pandas_iter(frames: Iterable[Any], column: str = "text", *, options: Options | None = None,
                    annotate: str | None = None) -> Iterator[Any]:
    """Spark ``mapInPandas`` adapter."""
    for frame in frames:
        yield fix_pandas(frame, column, options=options, annotate=annotate)


def fix_dask(ddf: Any, column: str = "text", *, options: Options | None = None, annotate: str | None = None) -> Any:
    """Repair one column of a Dask DataFrame, partition by partition (lazy, like any Dask op).

    The index, the other columns and every dtype are kept; the result equals
    :func:`fix_pandas` on the whole frame.
    """
    meta = fix_pandas(ddf._meta, column, options=options, annotate=annotate)  # the same dtypes as each partition
    return ddf.map_partitions(fix_pandas, column, options=options, annotate=annotate, meta=meta)
