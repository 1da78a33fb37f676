"""Finding files, and writing them back atomically.

A file is rewritten only through a temporary file in the same directory that
is then renamed over it, so a crash or a full disk never leaves half a file.
The original permission bits are kept; an unchanged file is never touched
(its mtime stays).
"""

from __future__ import annotations

import fnmatch
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

#: Directories never walked into.
SKIP_DIRS = {".git", ".hg", ".svn", ".tox", ".venv", "venv", "__pycache__", "node_modules", ".mypy_cache", ".pytest_cache"}


def _default_mode() -> int:
    """The mode a newly created file gets under the current umask (``0o666 & ~umask``)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its permission bits.

    A symbolic link is written through (its target is replaced, the link
    stays a link); a new file gets the usual ``0o666 & ~umask`` mode rather
    than the private mode of the temporary file.
    """
    path = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _default_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".textfix-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def iter_files(
    paths: Iterable[str], include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> Iterator[tuple[str, bool]]:
    """Yield ``(path, explicit)`` for each file to process, sorted within each directory.

    Paths given on the command line are always yielded (``explicit=True``) unless
    excluded; directories are walked recursively, skipping VCS and tool
    directories, keeping files that match ``include`` (all files if empty)
    and do not match ``exclude``.
    """
    include, exclude = tuple(include), tuple(exclude)
    for p in paths:
        if p == "-" or not os.path.isdir(p):
            if p == "-" or not _matches(p.replace(os.sep, "/"), exclude):
                yield p, True
            continue
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(
                d for d in dirs
                if d not in SKIP_DIRS and not _matches(os.path.relpath(os.path.join(root, d), p).replace(os.sep, "/"), exclude)
            )
            for f in sorted(files):
                full = os.path.join(root, f)
                rel = os.path.relpath(full, p).replace(os.sep, "/")
                if include and not _matches(rel, include):
                    continue
                if _matches(rel, exclude) or os.path.islink(full):
                    continue
                yield full, False
