"""Unicode hygiene: HTML entities, control characters, zero-width characters,
lone surrogates and NFC.

Each rule is a small pure function ``rule(text) -> list[Edit]``. Deliberately
absent: quote uncurling and full-width folding, which ftfy's ``fix_text``
does by default and which would rewrite clean Chinese (“ ” and ，are correct
there).

>>> from textfix.edits import apply_edits
>>> apply_edits("a&amp;b", find("a&amp;b", None))
'a&b'
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.entities import html5

from ..edits import Edit
from ..textutil import common_affix

NAME = "unicode"
KINDS = ("unicode",)
RULES = {
    "unicode-html-entity": "HTML character reference left in plain text (&amp; &#20013; &nbsp;)",
    "unicode-control": "C0 control character that has no place in text (tab, newlines and form feed stay; C1 controls are reported, not removed)",
    "unicode-zero-width": "zero-width or BOM character inside text",
    "unicode-surrogate": "lone UTF-16 surrogate (pairs are joined, lone halves become U+FFFD)",
    "unicode-nfc": "text not in Unicode normalization form C",
    "unicode-nbsp": "no-break space (&nbsp; from HTML) beside Chinese, Japanese or Korean text: an ordinary space, or removed where it indents a line; on a blank line, a space",
}

# One pass of a regex tells whether any rule can apply; clean text stops here.
_SUSPECT = re.compile(
    "[&\x00-\x08\x0b\x0e-\x1f\x7f-\xa0\u200b-\u200d\u2060\ufeff\ud800-\udfff]"
)

# Named references must end in ';' and be known to HTML5; a chain of escaped
# ampersands (&amp;amp;lt;) is decoded all the way so the fix is idempotent.
_ENTITY_NAMES = sorted((k[:-1] for k in html5 if k.endswith(";")), key=len, reverse=True)
_ENTITY = re.compile(
    "&(?:amp;)*(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|(?:"
    + "|".join(map(re.escape, _ENTITY_NAMES))
    + ");)"
)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*[\s/>]")

# C0 controls and DEL are removed; C1 controls are matched in runs of their own
# because they are only reported (see control_characters). Form feed stays: it is
# the page break of plain-text documents, RFCs and source files.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]+|[\x80-\x9f]+")
_ZERO_WIDTH_ALWAYS = re.compile("[\u200b\u2060\ufeff]+")
# ZWNJ/ZWJ carry meaning in Indic, Arabic and Persian text and emoji sequences;
# next to Han characters they only ever come from copy-paste.
_ZERO_WIDTH_CJK = re.compile(
    "(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])[\u200c\u200d]+|[\u200c\u200d]+(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])"
)
# CJK scripts and their punctuation: their typography has no use for a no-break space, so one
# beside them is a scraped &nbsp; (in French or English text it may be deliberate: left alone).
_CJK = "\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef"
_NBSP_CJK = re.compile(f"(?<=[{_CJK}])\xa0+|\xa0+(?=[{_CJK}])")
# A line of nothing but (no-break) spaces: invisible whatever the language, so always a space.
_NBSP_BLANK_LINE = re.compile("^[ \xa0]*\xa0[ \xa0]*$", re.M)
_SURROGATES = re.compile("[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]")
# Runs that may change under NFC: anything but ASCII and unified ideographs,
# plus the one character before, which a combining mark may compose with.
_NON_TRIVIAL = re.compile("[^\x00-\x7f\u4e00-\u9fff]+")


def html_entities(text: str) -> list[Edit]:
    """Decode HTML character references, unless the text is HTML itself.

    >>> [e.after for e in html_entities("Tom &amp; Jerry &#20013;&#25991;")]
    ['&', '中', '文']
    >>> html_entities("<p>&amp;</p>")
    []
    """
    if "&" not in text or _HTML_TAG.search(text):
        return []
    edits = []
    for m in _ENTITY.finditer(text):
        raw = m.group()
        value = raw
        while True:  # &amp;lt; -> &lt; -> <
            nxt = html.unescape(value)
            if nxt == value:
                break
            value = nxt
        # html.unescape maps references to controls to "" (or keeps them):
        # decoding those would only delete text or create damage
        if value == raw or not value or _SURROGATES.search(value) or _CONTROL.fullmatch(value):
            continue
        edits.append(
            Edit("unicode", "unicode-html-entity", m.start(), m.end(), raw, value, 0.95,
                 f"HTML character reference {raw} stands for {value!r}")
        )
    return edits


def control_characters(text: str) -> list[Edit]:
    """Remove C0 control characters (tab, LF, CR and form feed stay); report C1 controls.

    A C1 control (U+0080-U+009F) that survived the mojibake stage is a byte
    no codepage could explain (ftfy's "apparently intentional \\x81"):
    deleting it would hide evidence, so it is a detect-only finding.

    >>> [(e.before, e.after) for e in control_characters("a\\x00b\\x81c")]
    [('\\x00', ''), ('\\x81', None)]
    """
    edits = []
    for m in _CONTROL.finditer(text):
        run = m.group()
        codes = ", ".join(f"U+{ord(c):04X}" for c in run)
        plural = "s" if len(run) > 1 else ""
        if run[0] >= "\x80":
            edits.append(Edit("unicode", "unicode-control", m.start(), m.end(), run, None, 0.6,
                              f"C1 control character{plural} {codes}: a stray legacy-codepage byte? left in place"))
        else:
            edits.append(Edit("unicode", "unicode-control", m.start(), m.end(), run, "", 0.9,
                              f"control character{plural} {codes}"))
    return edits


def zero_width(text: str) -> list[Edit]:
    """Remove zero-width spaces, word joiners and stray BOMs; ZWJ/ZWNJ only beside Han text.

    >>> [(e.start, e.end) for e in zero_width("中\\u200b文")]
    [(1, 2)]
    """
    edits = []
    for rx in (_ZERO_WIDTH_ALWAYS, _ZERO_WIDTH_CJK):
        for m in rx.finditer(text):
            names = ", ".join(unicodedata.name(c, f"U+{ord(c):04X}") for c in m.group())
            edits.append(Edit("unicode", "unicode-zero-width", m.start(), m.end(), m.group(), "", 0.95,
                              f"invisible {names} inside text"))
    return edits


def no_break_spaces(text: str) -> list[Edit]:
    """Turn a scraped ``&nbsp;`` beside CJK text into an ordinary space; drop it where it indents a line.

    Web pages indent Chinese paragraphs and space bylines with ``&nbsp;``; in the
    scraped text those are U+00A0, which tokenizers and search treat unlike a space.

    >>> [(e.before, e.after) for e in no_break_spaces("\\xa0\\xa0占地98亩，记者\\xa0刘奕湛")]
    [('\\xa0\\xa0', ''), ('\\xa0', ' ')]
    >>> no_break_spaces("10\\xa0000 km, M.\\xa0Dupont")
    []
    >>> [(e.before, e.after) for e in no_break_spaces("Bonjour\\n\\xa0\\n")]
    [('\\xa0', ' ')]
    """
    edits = []
    for m in _NBSP_CJK.finditer(text):
        run, i = m.group(), m.start()
        indent = i == 0 or text[i - 1] == "\n"
        after = "" if indent else " " * len(run)
        why = "no-break space indenting a line of CJK text" if indent else "no-break space beside CJK text"
        edits.append(Edit("unicode", "unicode-nbsp", i, m.end(), run, after, 0.9, why))
    for m in _NBSP_BLANK_LINE.finditer(text):
        edits.append(Edit("unicode", "unicode-nbsp", m.start(), m.end(), m.group(), m.group().replace("\xa0", " "),
                          0.9, "no-break space on an otherwise blank line"))
    return edits


def surrogates(text: str) -> list[Edit]:
    """Join surrogate pairs into one character; replace lone halves with U+FFFD.

    >>> [e.after for e in surrogates("\\ud83d\\ude00 \\udc00")]
    ['😀', '�']
    """
    edits = []
    for m in _SURROGATES.finditer(text):
        s = m.group()
        if len(s) == 2:
            after = chr(0x10000 + ((ord(s[0]) - 0xD800) << 10) + (ord(s[1]) - 0xDC00))
            why = "UTF-16 surrogate pair left as two code points"
        else:
            after = "\ufffd"
            why = "lone UTF-16 surrogate cannot be encoded"
        edits.append(Edit("unicode", "unicode-surrogate", m.start(), m.end(), s, after, 0.99, why))
    return edits


def nfc(text: str) -> list[Edit]:
    """Compose text to NFC, one run of non-ASCII, non-Han characters at a time.

    >>> [(e.before, e.after) for e in nfc("cafe\\u0301")]
    [('e\\u0301', 'é')]
    """
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    for m in _NON_TRIVIAL.finditer(text):
        start = max(m.start() - 1, 0)
        before = text[start : m.end()]
        if _SURROGATES.search(before):
            continue  # normalizing around a lone surrogate is meaningless; that rule goes first
        after = unicodedata.normalize("NFC", before)
        if after != before:
            # trim the unchanged prefix/suffix so the edit is as small as possible
            p, s = common_affix(before, after)
            edits.append(Edit("unicode", "unicode-nfc", start + p, start + len(before) - s,
                              before[p : len(before) - s], after[p : len(after) - s], 0.9,
                              "not in Unicode normalization form C"))
    return edits


def find(text: str, ctx: object) -> list[Edit]:
    """All Unicode hygiene edits for ``text``."""
    edits: list[Edit] = []
    if _SUSPECT.search(text):
        for rule in (html_entities, control_characters, zero_width, no_break_spaces, surrogates):
            edits.extend(rule(text))
    edits.extend(nfc(text))
    return edits
