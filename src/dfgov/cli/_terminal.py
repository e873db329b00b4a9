"""Text that reaches a terminal: control and format characters made visible, never obeyed.

Audit fields, bundle member names and key ids come from files an attacker
may have written. Printed raw, ``ESC [ ... m`` (or the one-byte C1 ``CSI``)
recolours or rewrites the screen, a carriage return hides what came before
it, and a bidirectional override (U+202E) reverses what follows. Every such
character is shown as its escape (``\\x1b``, ``\\u202e``) instead.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

__all__ = ["safe_json", "safe_text"]

#: Unicode categories never printed raw: controls (C0, DEL, C1), format characters
#: (bidi overrides, zero-width), line/paragraph separators, surrogates, unassigned.
_UNSAFE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def safe_text(value: object) -> str:
    """``str(value)`` with every control, format or separator character escaped.

    >>> safe_text("ok\\x1b[2J\\u202egnp.exe")
    'ok\\\\x1b[2J\\\\u202egnp.exe'
    """
    s = str(value)
    if s.isprintable() and s.isascii():
        return s
    return "".join(_escape(c) if unicodedata.category(c) in _UNSAFE else c for c in s)


def safe_json(data: Any, *, indent: int | None = None) -> str:
    """JSON text (non-ASCII kept readable) with the same characters as ``\\uXXXX`` escapes.

    ``json.dumps`` already escapes C0 controls inside strings; this also
    escapes DEL, C1 controls, bidi and other format characters. A raw
    newline can only be the indentation's, so it is kept.
    """
    raw = json.dumps(data, ensure_ascii=False, indent=indent)
    if raw.isascii() and "\x7f" not in raw:
        return raw
    out = []
    for c in raw:
        if c != "\n" and unicodedata.category(c) in _UNSAFE:
            code = ord(c)
            if code < 0x10000:
                out.append(f"\\u{code:04x}")
            else:  # JSON escapes astral characters as a surrogate pair
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(c)
    return "".join(out)
