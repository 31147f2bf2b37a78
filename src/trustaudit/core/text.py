"""Cleaning of untrusted text as it enters the models, and as it leaves on one line.

Rich and Textual pass most escape sequences straight to the terminal, and bidi overrides make text
read differently from what it is, so both are removed once, on the way in, rather than at every
place text is shown. File names never pass that gate, and a one-line message (``path:line:col:
message``) must stay one line whatever a file name or a key holds: ``one_line`` is for those.
"""

from __future__ import annotations

_KEEP = {"\t", "\n"}
_CONTROL = [chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)) if chr(c) not in _KEEP]
_BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
_SURROGATES = [chr(c) for c in range(0xD800, 0xE000)]  # cannot be written as UTF-8
_STRIP = str.maketrans(dict.fromkeys(_CONTROL + _BIDI + _SURROGATES))


def clean_text(text: str) -> str:
    """``text`` without C0/C1 controls (newline and tab stay), bidi overrides or lone surrogates.

    A carriage return is a line break (a lone one too: old Mac files, pasted text), never
    removed: dropping it would join the words on either side.
    """
    if text.isascii() and text.isprintable():
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_STRIP)


_BREAKS = str.maketrans({"\n": "\\n", "\t": "\\t", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def one_line(text: str) -> str:
    """``text`` cleaned as above, with line breaks and tabs written as ``\\n`` and ``\\t``: safe
    for one line of a terminal or a CI log, and still saying what the text was."""
    return clean_text(text).translate(_BREAKS)
