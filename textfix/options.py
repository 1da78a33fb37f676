"""Options shared by the API, the CLI and ``[tool.textfix]`` configuration.

The names here are the public option names: ``textfix.fix(text, script="hans")``,
``textfix fix --script hans`` and ``script = "hans"`` in ``pyproject.toml``
all set :attr:`Options.script`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache, wraps
from typing import Any, Callable, TypeVar

#: Every kind of damage textfix knows, in pipeline order.
KINDS = ("mojibake", "unicode", "script", "spin", "layout")

#: Targets accepted by ``script``.
SCRIPT_TARGETS = ("keep", "hans", "hant", "tw", "hk")

#: Inline opt-out: a line containing this marker is never edited.
IGNORE_MARKER = re.compile(r"textfix:\s*ignore\b")

DEFAULT_MIN_CONFIDENCE = 0.5


class OptionError(ValueError):
    """A bad option value (reported by the CLI as a usage error, exit code 2)."""


@dataclass(frozen=True)
class Options:
    """What to look for and how sure a fix must be before it is applied."""

    #: Kinds (``spin``) or rule ids (``spin-marker``) or rule prefixes to run; empty = all.
    select: tuple[str, ...] = ()
    #: Kinds, rule ids or prefixes never to report or apply.
    ignore: tuple[str, ...] = ()
    #: Edits below this confidence are neither reported nor applied.
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    #: Target script: keep (convert minority-script clauses to the document's
    #: majority and repair naive conversions), hans, hant, tw, hk.
    script: str = "keep"
    #: Use OpenCC's phrase-level regional variants (s2twp, tw2sp ...) for tw/hk/hans targets.
    script_phrases: bool = False
    #: Extra dictionary files (TSV) supplied by the user.
    dictionaries: tuple[str, ...] = ()
    #: Words never to touch: an edit overlapping one of them is dropped.
    allow: tuple[str, ...] = ()
    #: A user thesaurus (Tongyici Cilin format) used as a spin candidate source.
    thesaurus: str | None = None

    def __post_init__(self) -> None:
        if self.script not in SCRIPT_TARGETS:
            raise OptionError(f"script must be one of {', '.join(SCRIPT_TARGETS)}, not {self.script!r}")
        try:
            confidence = float(self.min_confidence)
        except (TypeError, ValueError):
            confidence = -1.0
        if not 0.0 <= confidence <= 1.0:
            raise OptionError(f"min_confidence must be a number between 0 and 1, not {self.min_confidence!r}")
        object.__setattr__(self, "min_confidence", confidence)
        for name in ("select", "ignore", "dictionaries", "allow"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, tuple(v for v in value.split(",") if v))
            else:
                object.__setattr__(self, name, tuple(value))
        # checked here, not in the spin stage (which must never raise): a file it
        # cannot read would otherwise switch spin repair off without a word
        from .userfiles import check_user_file

        for path in self.dictionaries:
            check_user_file(path, "spin dictionary")
        if self.thesaurus:
            check_user_file(self.thesaurus, "thesaurus")

    def with_(self, **changes: Any) -> "Options":
        """Copy with the given fields changed; ``None`` values are ignored."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def wants(self, kind: str, rule: str) -> bool:
        """Whether an edit of this kind and rule passes ``select``/``ignore``."""
        if self.select and not any(_matches(s, kind, rule) for s in self.select):
            return False
        return not any(_matches(s, kind, rule) for s in self.ignore)

    def wants_kind(self, kinds: tuple[str, ...]) -> bool:
        """Whether a fixer producing these kinds can produce a wanted edit at all."""
        if self.select and not any(
            s in kinds or any(s.startswith(k + "-") for k in kinds) for s in self.select
        ):
            return False
        return not all(k in self.ignore for k in kinds)


def _matches(selector: str, kind: str, rule: str) -> bool:
    return selector == kind or selector == rule or rule.startswith(selector.rstrip("*-") + "-")


_F = TypeVar("_F", bound=Callable[..., Any])


def cached_per_option_set(maxsize: int) -> Callable[[_F], _F]:
    """``lru_cache`` for work done once per option set, not once per text.

    ``Options`` is frozen but a caller may put a list in a field, which makes
    it unhashable: such a call is simply not cached. ``cache_info`` and
    ``cache_clear`` are those of the underlying cache.
    """

    def wrap(fn: _F) -> _F:
        cached = lru_cache(maxsize=maxsize)(fn)

        @wraps(fn)
        def call(*args: Any) -> Any:
            try:
                hash(args)
            except TypeError:
                return fn(*args)
            return cached(*args)

        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return wrap


@dataclass
class Context:
    """What a fixer gets besides the text: the options and a per-call scratch space."""

    options: Options = field(default_factory=Options)
    #: Facts earlier stages learned about the document (e.g. its majority script).
    notes: dict[str, Any] = field(default_factory=dict)
