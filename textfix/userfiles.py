"""User-supplied data files (spin dictionaries, thesauri), checked before they are used.

Fixers never raise, so a spin stage handed a GBK copy of Cilin or a file in
the wrong format would quietly run without it. Instead every
:class:`~textfix.options.Options` checks its files when it is made: the API,
the CLI and ``[tool.textfix]`` all get the same one-line error. A check is
remembered per file version (path, size, mtime), so a corpus loop calling
``textfix.fix(text, dictionaries=[...])`` per record reads the file once.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from .encoding import DecodeError, decode_bytes
from .options import OptionError

_CILIN_ROW = re.compile(r"^[A-L][a-z]\d\d[A-Z]\d\d[=#@] ", re.M)


class UserFileError(OptionError):
    """A user dictionary or thesaurus that cannot be used (missing, unreadable, wrong encoding or format)."""


def check_user_file(path: str, what: str) -> None:
    """Raise :class:`UserFileError` unless ``path`` is a readable UTF-8 ``what`` ("spin dictionary" or "thesaurus").

    >>> check_user_file("/nonexistent/my.tsv", "spin dictionary")
    Traceback (most recent call last):
    ...
    textfix.userfiles.UserFileError: spin dictionary file not found: /nonexistent/my.tsv
    """
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is None or not os.path.isfile(path):
        raise UserFileError(f"{what} file not found: {path}")
    _check(path, what, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=64)
def _check(path: str, what: str, size: int, mtime_ns: int) -> None:
    # size and mtime are part of the key: an edited file is checked again
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise UserFileError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            decoded = decode_bytes(data)
            guess = f" (it looks like {decoded.encoding}: convert it to UTF-8)" if decoded.roundtrips else ""
        except DecodeError:
            guess = ""
        raise UserFileError(f"{path}: {what} is not UTF-8{guess}") from None
    if what == "thesaurus":
        if not _CILIN_ROW.search(text):
            raise UserFileError(f"{path}: no rows in Tongyici Cilin format ('Aa01A01= 人 士 人物')")
    elif not any("\t" in ln and not ln.startswith("#") for ln in text.splitlines()):
        raise UserFileError(f"{path}: no 'spun<TAB>original' rows in this {what}")
