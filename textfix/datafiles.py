"""Reading the data files shipped in ``dictionaries/`` (installed as ``textfix.dictionaries``).

Every table shares one format: UTF-8 text, gzip-compressed when the name ends in ``.gz``,
``#`` starts a comment or header line, fields are separated by tabs. This module is the one
place that knows it, and the one place that decides what a missing file means: an error
naming the file. A broken install must fail loudly, not quietly repair less.

>>> char, count = next(rows("charfreq_unigram.tsv"))  # the most frequent character first
>>> int(count) > 10_000
True
>>> read_text("no_such_table.tsv")
Traceback (most recent call last):
...
textfix.datafiles.MissingDataFile: textfix data file 'no_such_table.tsv' is missing from textfix.dictionaries; reinstall textfix
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from importlib.resources import files

PACKAGE = "textfix.dictionaries"


class MissingDataFile(FileNotFoundError):
    """A data file that should ship with textfix is not installed."""


def read_text(name: str) -> str:
    """The whole text of the shipped data file ``name`` (decompressed if it ends in ``.gz``)."""
    try:
        raw = (files(PACKAGE) / name).read_bytes()
    except (FileNotFoundError, IsADirectoryError, ModuleNotFoundError) as err:
        raise MissingDataFile(f"textfix data file {name!r} is missing from {PACKAGE}; reinstall textfix") from err
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8")


def table(name: str) -> tuple[dict[str, str], list[str]]:
    """The ``#key<TAB>value`` header lines of ``name`` as a dict, and its data lines (not blank,
    not starting with ``#``, line break removed; spaces are kept: a space is a key in the
    character tables), from one read of the file.

    >>> head, lines = table("spin_lm.tsv.gz")
    >>> int(head["total"]) > 1_000_000 and lines[0].count("\\t") == 1
    True
    """
    head: dict[str, str] = {}
    lines: list[str] = []
    for line in read_text(name).split("\n"):
        line = line.rstrip("\r")
        if not line:
            continue
        if line.startswith("#"):
            if "\t" in line:
                key, _, value = line[1:].partition("\t")
                head.setdefault(key, value)
            continue
        lines.append(line)
    return head, lines


def data_lines(name: str) -> list[str]:
    """The data lines of ``name`` (see :func:`table`)."""
    return table(name)[1]


def rows(name: str) -> Iterator[list[str]]:
    """The data lines of ``name`` split into their tab-separated fields."""
    for line in data_lines(name):
        yield line.split("\t")


def counts(name: str) -> dict[str, int]:
    """A ``key<TAB>count`` table as a dict (rows with other shapes are skipped).

    >>> counts("charfreq_unigram.tsv")["中"] > 10_000
    True
    """
    out: dict[str, int] = {}
    for line in data_lines(name):
        key, sep, value = line.partition("\t")
        if sep and value.isdigit():
            out[key] = int(value)
    return out
