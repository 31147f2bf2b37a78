"""Markdown escaping: every string from a file or a user passes one of these before it is shown.

Answers, notes, names and questionnaire labels are *data*. In a report they must read exactly as
they were typed and never become structure: no headings, lists, quotes, tables, links, images,
HTML or entities, whatever characters they hold. One function per Markdown context:

- ``inline`` / ``cell``: running text and table cells (one line; pipes escaped).
- ``block``: multi-line text such as notes (paragraphs kept, every line made inert).
- ``code``: an inline code span, with a fence longer than any backtick run inside.
- ``link`` / ``url``: a link only for http(s), relative and ``#anchor`` targets; anything else
  (``javascript:``, ``data:``, text with spaces) is printed as text.
- ``mermaid_label``: ASCII letters, digits and a few safe marks, for Mermaid chart labels.

The functions return ``Markdown`` (a ``str`` marking output that is already safe), so applying a
second filter to it does not escape twice. Strings that came from users are ``UserText``: a
template that prints one without a filter still gets it escaped (see ``report.finalize``).
This module must not import Jinja2: the CLI imports it at start.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any, SupportsIndex, overload
from urllib.parse import quote


class Markdown(str):
    """Text that is already valid, inert Markdown: printed as it is, never escaped again."""

    __slots__ = ()


class UserText(str):
    """A string from a file or a user: untrusted until a filter has escaped it.

    Indexing and iteration keep the mark, so printing a template's slice or characters of it is
    escaped too.
    """

    __slots__ = ()

    @overload
    def __getitem__(self, key: SupportsIndex) -> UserText: ...
    @overload
    def __getitem__(self, key: slice) -> UserText: ...
    def __getitem__(self, key: SupportsIndex | slice) -> UserText:
        return UserText(str.__getitem__(self, key))

    def __iter__(self) -> Iterator[str]:
        return (UserText(c) for c in str.__iter__(self))


def user(value: str | None) -> UserText | None:
    """Mark a string as untrusted (None stays None)."""
    return None if value is None else UserText(value)


def taint(value: Any) -> Any:
    """``value`` with every plain string in it marked as user text (lists and tuples too).

    Used when a template computes a new string from user text, e.g. with ``upper`` or ``~``.
    """
    if isinstance(value, Markdown | UserText):
        return value
    if isinstance(value, str):
        return UserText(value)
    if isinstance(value, list):
        return [taint(v) for v in value]
    if isinstance(value, tuple):
        return tuple(taint(v) for v in value)
    return value


def tainted(values: Iterable[Any]) -> bool:
    """Whether any value (or any item of a list/tuple value) is user text."""
    for value in values:
        if isinstance(value, UserText):
            return True
        if isinstance(value, list | tuple) and any(isinstance(v, UserText) for v in value):
            return True
    return False


# --- inline text --------------------------------------------------------------------------------

# Escaped wherever they appear: they open inline structure (code, emphasis, links, images, HTML,
# autolinks, strikethrough, GitHub math), end table cells, or start headings (``#`` is escaped
# everywhere so that a trailing ``#`` is not eaten as a closing sequence in a heading).
_ANYWHERE = re.compile(r"[\\`*_\[\]<|~$#]")
# ``&`` only where it would start an entity reference such as ``&amp;`` or ``&#60;``.
_ENTITY = re.compile(r"&(?=#[0-9xX]|[A-Za-z][A-Za-z0-9]*;)")
_MAYBE = re.compile(r"[\\`*_\[\]<|~$#&]")
# At the start of a line: a block quote; a list item (``-``/``+`` then a space); a line of only
# ``-``/``=`` (setext underline or thematic break); an ordered list item (``1.`` then a space).
_LEADING = re.compile(r"^(?:(>)|([-+])(?=[ \t]|$)|([-=])(?=[-= \t]*$)|(\d{1,9})([.)])(?=[ \t]|$))")


def _escape_chars(text: str) -> str:
    if _MAYBE.search(text) is None:  # the common case, checked once in C
        return text
    text = _ANYWHERE.sub(r"\\\g<0>", text)
    return _ENTITY.sub(r"\\&", text)


def _escape_leading(line: str) -> str:
    match = _LEADING.match(line)
    if match is None:
        return line
    digits = match.group(4)
    if digits is None:
        return "\\" + line
    return digits + "\\" + line[len(digits) :]


def inline(value: object) -> Markdown:
    """Running text on one line: whitespace (newlines too) collapses to single spaces.

    Safe anywhere inline: in a paragraph, a heading, a list item, a table cell or bold text.
    """
    if isinstance(value, Markdown):
        return value
    text = " ".join(str(value).split())
    return Markdown(_escape_leading(_escape_chars(text)))


cell = inline
"""A table cell: the same as ``inline`` (pipes escaped, no newlines), named for intent."""


def sentence(value: object) -> Markdown:
    """Inline text that ends with a full stop (unless it already ends with . ! or ?)."""
    text = inline(value)
    if not text or text.endswith((".", "!", "?")):
        return text
    return Markdown(text + ".")


def block(value: object, indent: int = 0) -> Markdown:
    """Multi-line text: paragraphs kept, each line inert, later lines indented by ``indent``.

    Leading spaces are dropped (they would make code blocks), blank-line runs become one blank
    line, and each line's first character is escaped where it would start a block.
    """
    if isinstance(value, Markdown):
        return value
    lines: list[str] = []
    for raw in str(value).split("\n"):
        line = " ".join(raw.split())
        if not line:
            if lines and lines[-1]:
                lines.append("")
            continue
        lines.append(_escape_leading(_escape_chars(line)))
    while lines and not lines[-1]:
        lines.pop()
    pad = " " * indent
    return Markdown("\n".join(pad + line if i and line else line for i, line in enumerate(lines)))


def code(value: object, cell: bool = False) -> Markdown:
    """An inline code span; ``cell=True`` also escapes pipes, as GitHub tables require."""
    if isinstance(value, Markdown):
        return value
    text = " ".join(str(value).split())
    if not text:
        return Markdown("")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`") or (text[0] == " " and text[-1] == " "):
        text = f" {text} "
    if cell:
        text = text.replace("|", "\\|")
    return Markdown(f"{fence}{text}{fence}")


# --- links --------------------------------------------------------------------------------------

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_HOST = re.compile(r"(?i)https?://[^/?#\\\s]")


def is_safe_url(value: object) -> bool:
    """True for http(s) URLs with a host, relative paths and ``#anchors``; False for the rest.

    Anything with whitespace or control characters is not a URL but prose, and other schemes
    (``javascript:``, ``data:``, ``file:``, ``mailto:`` …) are never made clickable.
    """
    url = str(value)
    if not url or any(c.isspace() or unicodedata.category(c) == "Cc" for c in url):
        return False
    scheme = _SCHEME.match(url)
    if scheme is None:
        return True
    return scheme.group(1).lower() in ("http", "https") and _HOST.match(url) is not None


_DESTINATION = str.maketrans(
    {
        "(": "%28",
        ")": "%29",
        "<": "%3C",
        ">": "%3E",
        "\\": "%5C",
        "|": "%7C",
        "&": "\\&",
        " ": "%20",
    }
)


def url(value: object) -> Markdown:
    """A link destination (not the link): the characters Markdown would read are encoded."""
    return Markdown(str(value).translate(_DESTINATION))


def link(text: object, target: object) -> Markdown:
    """``[text](target)`` when the target is a safe URL; otherwise the text, then the target
    in parentheses as plain text, so nothing is lost and nothing is clickable."""
    label = inline(text)
    destination = str(target)
    if not is_safe_url(destination):
        shown = inline(destination)
        return label if shown == label else Markdown(f"{label} ({shown})")
    return Markdown(f"[{label or url(destination)}]({url(destination)})")


TICKET = re.compile(r"^(?:[A-Z][A-Z0-9_]*-[0-9]+|#[0-9]+)$")
"""A ticket id such as ``SHOP-412`` or ``#412``: not a path, so never a relative link."""


def evidence(target: object, link_pattern: object = None) -> Markdown:
    """An evidence item: a ticket id is plain text, or a link when the review's
    ``evidence_url`` (``link_pattern``, with ``{id}``) says where tickets live; anything else
    links to itself when it is a safe URL, else it is escaped text."""
    text = str(target).strip()
    if TICKET.match(text):
        if not link_pattern:
            return inline(text)
        return link(text, str(link_pattern).replace("{id}", quote(text.lstrip("#"), safe="")))
    return link(target, target)


# --- Mermaid ------------------------------------------------------------------------------------

_MERMAID_UNSAFE = re.compile(r"[^A-Za-z0-9 .()-]+")


def mermaid_label(value: object, limit: int = 40, fallback: str = "item") -> Markdown:
    """A Mermaid label: ASCII letters, digits, spaces and ``. ( ) -`` only, at most ``limit``.

    Mermaid's parsers break on quotes, brackets, colons, semicolons, ``%%`` and many non-ASCII
    characters, and a backtick could close the code fence; accents are folded (é → e) first.
    """
    folded = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")
    text = " ".join(_MERMAID_UNSAFE.sub(" ", folded).split())
    if len(text) > limit:
        text = text[: limit - 3].rstrip() + "..."
    return Markdown(text or fallback)


# --- small helpers for sentences ----------------------------------------------------------------


def join_and(values: Iterable[object], escape: bool = True) -> Markdown:
    """``a``, ``a and b``, ``a, b and c``: each item escaped as inline text."""
    items = [inline(v) if escape else str(v) for v in values]
    if len(items) <= 1:
        return Markdown("".join(items))
    return Markdown(", ".join(items[:-1]) + " and " + items[-1])


def plural(count: int, singular: str, many: str | None = None) -> str:
    """``1 feature``, ``3 features``."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"
