"""textfix: repair damaged text.

Mojibake (including the CJK codec mix-ups ftfy leaves alone), the wrong
Chinese script, spun (伪原创) text, and Unicode hygiene, with every change
reported as an :class:`Edit` that says what, where, how sure and why.

>>> import textfix
>>> textfix.fix("cafÃ© ä¸­æ–‡").text
'café 中文'
"""

from .api import BytesResult, check, explain, fix, fix_bytes, fix_many, identify_script
from .edits import Edit, apply_edits
from .encoding import DecodeError
from .options import Options, OptionError
from .pipeline import Result, replay

__version__ = "0.1.0"

__all__ = [
    "BytesResult",
    "DecodeError",
    "Edit",
    "OptionError",
    "Options",
    "Result",
    "apply_edits",
    "check",
    "explain",
    "fix",
    "fix_bytes",
    "fix_many",
    "identify_script",
    "replay",
    "__version__",
]
