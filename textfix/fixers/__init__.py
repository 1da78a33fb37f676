"""The fixers, one module per kind of damage, run in this order.

Each fixer module defines:

* ``NAME`` – its stage name;
* ``KINDS`` – the edit kinds it can produce;
* ``RULES`` – ``{rule_id: one-line description}``; every rule id starts with its kind;
* ``find(text: str, ctx: Context) -> list[Edit]`` – a pure function returning edits
  whose offsets refer to ``text``. It must return ``[]`` quickly for clean text.

Order matters: bytes are decoded first (:mod:`textfix.encoding`), then lines
hard-wrapped inside a sentence are joined (the wrap is read from the line widths,
which every later stage may change), then mojibake is undone (the script and spin fixers need real characters), then
Unicode hygiene, then the script is normalised (the spin dictionaries are
Simplified), then spun words are reverted, then layout noise is removed.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

#: Stage names in pipeline order; each is ``textfix.fixers.<name>``.
ORDER = ("linebreaks", "mojibake", "unicode", "script", "spin", "layout")


def load(name: str) -> ModuleType:
    """Import one fixer module by stage name."""
    return importlib.import_module(f"textfix.fixers.{name}")


def all_fixers() -> list[ModuleType]:
    """The fixer modules in pipeline order (those that exist in this build)."""
    mods = []
    for name in ORDER:
        try:
            mods.append(load(name))
        except ModuleNotFoundError as exc:  # a stage not built yet
            if exc.name != f"textfix.fixers.{name}":
                raise
    return mods


def all_rules() -> dict[str, str]:
    """``{rule_id: description}`` over every fixer."""
    rules: dict[str, str] = {}
    for mod in all_fixers():
        rules.update(mod.RULES)
    return rules


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    from ..encoding import RULES as ENCODING_RULES  # check's finding on files of mixed encodings

    names = set(all_rules()) | set(ENCODING_RULES) | {"encoding"}
    for mod in all_fixers():
        names.update(mod.KINDS)
    return frozenset(names)


def unknown_selectors(selectors: tuple[str, ...]) -> list[str]:
    """Selectors that name no kind, rule id or rule-id prefix (``spin-`` / ``spin-*``).

    >>> unknown_selectors(("unicode", "unicode-nfc", "unicode-", "no-such-rule"))
    ['no-such-rule']
    """
    known = _known_names()
    bad = []
    for sel in selectors:
        stem = sel.rstrip("*")
        if sel in known or (stem != sel or sel.endswith("-")) and any(k.startswith(stem) for k in known):
            continue
        if any(k.startswith(sel + "-") for k in known):
            continue
        bad.append(sel)
    return bad
