"""The one way untrusted text reaches the screen: literally, never as markup (docs/architecture.md).

Textual parses markup in plain strings almost everywhere: ``[@click=app.quit]`` in a feature name
would run an action, ``[/]`` would crash a label, and ``escape()`` is bypassable. Every string
that came from a questionnaire, an assessment file, a user or an error message goes through one of
these functions instead. Control characters are stripped again on the way out (the core strips
them on load, but text typed in the app or built from error messages did not pass that gate), so
no escape sequence from the data can reach the terminal.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from trustaudit.core.text import clean_text


def content(text: str, style: str = "") -> Content:
    """Untrusted text as Textual ``Content`` for ``Static``, ``Label``, options and palettes."""
    shown = Content(clean_text(text))
    return shown.stylize(style) if style else shown


def rich(text: str, style: str = "") -> Text:
    """Untrusted text as a Rich ``Text`` for Tree labels, DataTable cells and Select prompts."""
    return Text(clean_text(text), style=style)


def join(*parts: Content | tuple[str, str]) -> Content:
    """Assemble a line from literal pieces: ``Content`` values, or ``(text, style)`` pairs.

    A ``(text, style)`` pair is treated as untrusted too, so callers cannot slip markup in by
    building the line from strings.
    """
    pieces = [part if isinstance(part, Content) else content(*part) for part in parts]
    return Content("").join(pieces)


def one_line(text: str, limit: int = 80) -> str:
    """The first line of ``text``, cut to ``limit`` characters with an ellipsis."""
    first = clean_text(text).strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"
