"""Finding files, and writing them back atomically.

A file is rewritten only through a temporary file in the same directory that
is then renamed over it, so a crash or a full disk never leaves half a file.
The original permission bits are kept; an unchanged file is never touched
(its mtime stays). A file with several hard links is the exception: its new
content is prepared in full, then copied over it in place so that every link
sees the fix.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import shutil
import stat
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

#: Directories never walked into.
SKIP_DIRS = {
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", ".direnv", "__pycache__", "__pypackages__", ".eggs",
    "node_modules", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints",
}


def _default_mode() -> int:
    """The mode a newly created file gets under the current umask (``0o666 & ~umask``)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_replace(path: str | os.PathLike[str], suffix: str = "", refuse_read_only: bool = True) -> Iterator[str]:
    """Yield a temporary path beside ``path``; when the block ends without error, it replaces ``path``.

    The temporary file gets ``path``'s permission bits, owner and group (a new
    file gets the usual ``0o666 & ~umask`` mode, not the private mode of the
    temporary file); on any error it is removed and ``path`` is untouched. A
    symbolic link is written through (its target is replaced, the link stays
    a link). With ``refuse_read_only``, a file the user may not write is
    refused with ``PermissionError``, as an in-place write would be: renaming
    over it would succeed and ignore its mode. ``suffix`` ends the temporary
    name (``.gz``, so tools that look at names see the right kind of file).

    A file with other hard links is the one exception to the rename: renaming
    would leave the other names holding the old text, so once the new content
    is complete in the temporary file it is copied over the original in place
    (every name sees the fix; the write itself is then not atomic).
    """
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        st: os.stat_result | None = target.stat()
        mode = stat.S_IMODE(st.st_mode)
    except FileNotFoundError:
        st, mode = None, _default_mode()
    if refuse_read_only and st is not None and not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "read-only file", str(target))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".textfix-tmp" + suffix, dir=target.parent)
    os.close(fd)
    try:
        yield tmp
        if st is not None and st.st_nlink > 1 and stat.S_ISREG(st.st_mode):
            _copy_over(tmp, target)
            os.unlink(tmp)
            return
        if st is not None and hasattr(os, "chown"):
            # keep the owner and group (root fixing a user's file, a file in a shared group);
            # set before the mode, since chown may clear setgid bits
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _copy_over(src: str, dst: Path) -> None:
    """Write ``src``'s bytes into the existing file ``dst`` (same inode: hard links and mode stay)."""
    with open(src, "rb") as fin, open(dst, "r+b") as fout:
        shutil.copyfileobj(fin, fout, 1 << 20)
        fout.truncate()
        fout.flush()
        os.fsync(fout.fileno())


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (see :func:`atomic_replace`), synced to disk first."""
    with atomic_replace(path) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    """``rel`` or one of its directories matches: ``vendor`` and ``vendor/`` exclude ``vendor/a/b.txt``.

    A walk prunes such directories; a file named on the command line (as
    pre-commit names them) must be excluded the same way.

    >>> _excluded("vendor/lib/a.txt", ("vendor/",)), _excluded("src/a.txt", ("vendor",))
    (True, False)
    """
    patterns = tuple(p.rstrip("/") or p for p in patterns)
    parts = [q for q in rel.split("/") if q not in ("", ".")]
    if _matches(rel, patterns):
        return True
    return any(_matches("/".join(parts[:i]), patterns) for i in range(1, len(parts)))


def path_matches(path: str, patterns: str | tuple[str, ...], base: str | os.PathLike[str] | None = None,
                 rel: str | None = None, match: Callable[[str, tuple[str, ...]], bool] = _matches) -> bool:
    """A pattern matches ``path`` as given (or ``rel``, its path inside a walked directory), its file
    name, or ``path`` relative to ``base`` (a config file's directory).

    >>> path_matches("docs/a.md", "*.md"), path_matches("/p/docs/a.txt", "docs/*", "/p"), path_matches("a.txt", "*.md")
    (True, True, False)
    """
    if isinstance(patterns, str):
        patterns = (patterns,)
    if match(path.replace(os.sep, "/") if rel is None else rel, patterns):
        return True
    return base is not None and match(_rel(os.path.abspath(path), os.fspath(base)), patterns)


def _rel(path: str, start: str) -> str:
    """``path`` relative to ``start`` with forward slashes (``''`` when on another drive)."""
    try:
        return os.path.relpath(path, start).replace(os.sep, "/")
    except ValueError:
        return ""


def git_visible(directory: str) -> Callable[[str, bool], bool] | None:
    """A test ``visible(rel, is_dir)`` for paths under ``directory`` that git does not ignore.

    Asks git itself (``ls-files --cached --others --exclude-standard``), so
    nested ``.gitignore`` files, ``.git/info/exclude``, the global excludes
    file and tracked-but-ignored files all count as git counts them. ``None``
    (no filtering) when git is missing, ``directory`` is not in a work tree,
    or ``directory`` is itself ignored: naming an ignored directory (a
    ``data/`` kept out of the repository) asks for its files.
    """
    def git(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(["git", "-C", directory, *args], capture_output=True)

    try:
        if git("check-ignore", "-q", ".").returncode != 1:  # 0: ignored; 128: not a work tree
            return None
        listing = git("ls-files", "-z", "--cached", "--others", "--exclude-standard")
    except OSError:  # no git
        return None
    if listing.returncode != 0:
        return None
    files: set[str] = set()
    parents: set[str] = set()
    whole: set[str] = set()  # nested repositories and submodules: not this repository's to judge
    for raw in listing.stdout.split(b"\0"):
        rel = os.fsdecode(raw).rstrip("/")
        if not rel:
            continue
        if raw.endswith(b"/") or os.path.isdir(os.path.join(directory, rel)):
            whole.add(rel)
        else:
            files.add(rel)
        parts = rel.split("/")
        parents.update("/".join(parts[:i]) for i in range(1, len(parts)))

    def visible(rel: str, is_dir: bool) -> bool:
        if rel in (files if not is_dir else parents) or rel in whole:
            return True
        parts = rel.split("/")
        return any("/".join(parts[:i]) in whole for i in range(1, len(parts)))

    return visible


def iter_files(
    paths: Iterable[str], include: Iterable[str] = (), exclude: Iterable[str] = (),
    base: str | os.PathLike[str] | None = None, onerror: Callable[[OSError], None] | None = None,
    respect_gitignore: bool = False, on_ignored: Callable[[str], None] | None = None,
) -> Iterator[tuple[str, bool]]:
    """Yield ``(path, explicit)`` for each file to process, sorted within each directory.

    Paths given on the command line are always yielded (``explicit=True``) unless
    excluded; directories are walked recursively, skipping VCS and tool
    directories, keeping files that match ``include`` (all files if empty)
    and do not match ``exclude``. A pattern matches a path as given, relative
    to the directory walked, or relative to ``base`` (the directory of the
    configuration file that set it), so ``vendor/*`` in a project's
    ``pyproject.toml`` holds when textfix runs from a subdirectory too.
    A directory that cannot be listed is passed to ``onerror`` (the CLI
    reports it) rather than silently skipped. With ``respect_gitignore``,
    a walk also skips what git ignores (see :func:`git_visible`; each skipped
    file or pruned directory goes to ``on_ignored``); paths named explicitly
    are still taken, as with ruff.
    """
    include, exclude = tuple(include), tuple(exclude)

    def hit(path: str, rel: str, patterns: tuple[str, ...], match=_matches) -> bool:
        return path_matches(path, patterns, base, rel, match)

    for p in paths:
        if p == "-" or not os.path.isdir(p):
            if p == "-" or not hit(p, p.replace(os.sep, "/"), exclude, _excluded):
                yield p, True
            continue
        visible = git_visible(p) if respect_gitignore else None

        def ignored(full: str, rel: str, is_dir: bool) -> bool:
            if visible is None or visible(rel, is_dir):
                return False
            if on_ignored is not None:
                on_ignored(full)
            return True

        for root, dirs, files in os.walk(p, onerror=onerror):
            kept = []
            for d in sorted(dirs):
                full = os.path.join(root, d)
                rel = _rel(full, p)
                if d not in SKIP_DIRS and not hit(full, rel, exclude, _excluded) and not ignored(full, rel, True):
                    kept.append(d)
            dirs[:] = kept
            for f in sorted(files):
                full = os.path.join(root, f)
                rel = _rel(full, p)
                if include and not hit(full, rel, include):
                    continue
                if hit(full, rel, exclude) or os.path.islink(full) or ignored(full, rel, False):
                    continue
                yield full, False
