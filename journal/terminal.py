"""Text for a terminal: what the user typed (or a file is named) can never act as a command.

A product name, a clinic, a note or a file name may hold terminal escape
sequences (retitle or clear the terminal), newlines or tabs (fake rows in a
listing), bidirectional overrides (text that reads differently than it is) or,
for file names, bytes that are not UTF-8. `safe` shows all of them as visible
escapes, so every line the command line prints is exactly one line and prints
on any terminal, even a strict UTF-8 one.
"""
from __future__ import annotations

import unicodedata

# Bidirectional embeddings, overrides, isolates and marks, and the line/paragraph separators.
BIDI_AND_SEPARATORS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")
# Invisible characters (zero-width space, word joiner, BOM, soft hyphen): "Balm" and "Balm" +
# U+200B would print alike. Names refuse them at input (journal.models.check_text).
INVISIBLE = frozenset("\u00ad\u180e\u200b\u2060\ufeff")


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape): show the byte
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def unsafe_char(char: str) -> bool:
    """Control characters (C0, DEL, C1), bidi controls, separators, invisible characters
    and lone surrogates."""
    return (char in BIDI_AND_SEPARATORS or char in INVISIBLE
            or unicodedata.category(char) in ("Cc", "Cs"))


def safe(text: object) -> str:
    """`text` with every control, bidi and undecodable character shown as an escape."""
    text = str(text)
    if text.isprintable() and not any(c in BIDI_AND_SEPARATORS or c in INVISIBLE
                                      for c in text):
        return text  # the common case, fast
    out = []
    for char in text:
        out.append(_escape(char) if unsafe_char(char) else char)
    return "".join(out)
