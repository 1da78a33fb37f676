"""Configuration from ``[tool.textfix]`` in ``pyproject.toml`` or from ``textfix.toml``.

The nearest file found walking up from the working directory wins (a
``textfix.toml`` beats a ``pyproject.toml`` in the same directory; a
``pyproject.toml`` without a ``[tool.textfix]`` table is passed over).
Keys may be written with dashes or underscores; unknown keys are an error
rather than silently ignored. Paths are relative to the file that names them.

.. code-block:: toml

    [tool.textfix]
    select = ["mojibake", "unicode", "spin"]
    min-confidence = 0.7
    script = "hans"
    dictionaries = ["my-spin.tsv"]
    allow = ["锟斤拷"]        # words never to touch
    exclude = ["vendor/*"]
    respect-gitignore = true  # directory walks skip what git ignores

    [tool.textfix.per-file-ignores]
    "docs/*.txt" = ["layout"]
"""

from __future__ import annotations

import codecs
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .fixers import unknown_selectors
from .options import OptionError, Options

_LIST_KEYS = {"select", "ignore", "dictionaries", "allow", "include", "exclude"}
_PATH_KEYS = {"dictionaries", "thesaurus"}
_SCALAR_KEYS = {"min_confidence": float, "script": str, "script_phrases": bool, "thesaurus": str, "output_encoding": str,
                "respect_gitignore": bool}


@dataclass
class Config:
    """Options from a configuration file, plus the file-selection settings the CLI uses."""

    options: Options = field(default_factory=Options)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    output_encoding: str | None = None
    #: Directory walks skip what git ignores.
    respect_gitignore: bool = True
    #: ``(glob, selectors)`` pairs: kinds or rules never applied to files matching the glob.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    path: Path | None = None


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``textfix.toml`` or ``pyproject.toml`` with ``[tool.textfix]``."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        own = d / "textfix.toml"
        if own.is_file():
            return own
        py = d / "pyproject.toml"
        if py.is_file():
            try:
                if "textfix" in _read_toml(py).get("tool", {}):
                    return py
            except OptionError:
                return py  # let load_config report the syntax error
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise OptionError(f"{path}: invalid TOML: {exc}") from exc
    except OSError as exc:  # --config naming a missing file, a directory, an unreadable file
        raise OptionError(f"{path}: cannot read configuration: {exc.strerror or exc}") from exc


def _table(path: Path, data: dict[str, Any]) -> Any:
    """The textfix table: ``[tool.textfix]`` in a pyproject.toml, else ``[textfix]`` or the whole file.

    A file given with ``--config`` may also hold a ``[tool.textfix]`` table
    copied from a pyproject.toml.
    """
    tool = data.get("tool")
    if path.name == "pyproject.toml":
        return tool.get("textfix", {}) if isinstance(tool, dict) else {}
    if isinstance(tool, dict) and "textfix" in tool and set(data) <= {"tool"}:
        return tool["textfix"]
    return data.get("textfix", data)


def _per_file_ignores(path: Path, raw_key: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``{"*.md" = ["unicode-html-entity"]}`` as ``(glob, selectors)`` pairs, checked."""
    if not isinstance(value, dict):
        raise OptionError(f"{path}: {raw_key} must be a table of glob = [kinds or rules]")
    pairs = []
    for glob, rules in value.items():
        if isinstance(rules, str):
            rules = [rules]
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise OptionError(f"{path}: {raw_key}.{glob} must be a list of kinds or rules")
        bad = unknown_selectors(tuple(rules))
        if bad:
            raise OptionError(f"{path}: {raw_key}.{glob}: unknown kind or rule: {', '.join(bad)} (see `textfix rules`)")
        pairs.append((glob, tuple(rules)))
    return tuple(pairs)


def load_config(path: Path | None) -> Config:
    """Read a configuration file (``None`` gives the defaults)."""
    if path is None:
        return Config()
    data = _read_toml(path)
    table = _table(path, data)
    if not isinstance(table, dict):
        raise OptionError(f"{path}: [tool.textfix] must be a table")
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key in values:
            raise OptionError(f"{path}: {raw_key} is given twice (as {key} and {key.replace('_', '-')})")
        if key == "per_file_ignores":
            values[key] = _per_file_ignores(path, raw_key, value)
            continue
        if key in _LIST_KEYS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise OptionError(f"{path}: {raw_key} must be a list of strings")
        elif key in _SCALAR_KEYS:
            want = _SCALAR_KEYS[key]
            if want is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, want):
                raise OptionError(f"{path}: {raw_key} must be a {want.__name__}")
            if key == "output_encoding":
                try:
                    codecs.lookup(value)
                except LookupError:
                    raise OptionError(f"{path}: {raw_key}: unknown encoding {value!r}") from None
        else:
            known = ", ".join(sorted(k.replace("_", "-") for k in _LIST_KEYS | set(_SCALAR_KEYS) | {"per_file_ignores"}))
            raise OptionError(f"{path}: unknown key {raw_key!r} in textfix configuration (known: {known})")
        if key in _PATH_KEYS:
            base = path.parent
            value = [str(base / v) for v in value] if isinstance(value, list) else str(base / value)
        values[key] = value
    cfg = Config(path=path)
    cfg.include = tuple(values.pop("include", ()))
    cfg.exclude = tuple(values.pop("exclude", ()))
    cfg.output_encoding = values.pop("output_encoding", None)
    cfg.respect_gitignore = values.pop("respect_gitignore", True)
    cfg.per_file_ignores = values.pop("per_file_ignores", ())
    try:
        cfg.options = Options(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})
    except OptionError as exc:
        raise OptionError(f"{path}: {exc}") from None
    bad = unknown_selectors(cfg.options.select + cfg.options.ignore)
    if bad:
        raise OptionError(f"{path}: unknown kind or rule in select/ignore: {', '.join(bad)} (see `textfix rules`)")
    return cfg
