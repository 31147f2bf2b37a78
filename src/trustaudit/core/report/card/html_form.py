"""The cards as a self-contained, accessible HTML snippet to paste into a product's pages.

No scripts, no styles, no external resources: class names only, for the page's own CSS. Each card
is a ``<section>`` labelled by its heading, its parts a description list (``<dl>``) whose lists
are ``<ul>``; "Before you publish" is a section of its own. Every string from a file or a user
goes through ``_e`` (``html.escape``, quotes too), and only http(s) or relative addresses become
links (``markdown.is_safe_url``, the same rule as the report's). docs/data-cards.md shows it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import quote

from trustaudit.core.report.card.model import Card, Line, Section
from trustaudit.core.report.markdown import is_safe_url, plural

_EMAIL = re.compile(r"^[^@\s<>\"'()]+@[^@\s<>\"'()]+\.[^@\s<>\"'()]+$")


def _e(text: object) -> str:
    """The one way text enters the snippet: escaped for element content and attribute values."""
    return html.escape(str(text), quote=True)


def _link(text: object, url: object) -> str:
    target = str(url)
    if not is_safe_url(target):
        return _e(text) if str(text) == target else f"{_e(text)} ({_e(target)})"
    return f'<a href="{_e(target)}">{_e(text)}</a>'


def _said(line: Line) -> str:
    if line.kind == "link" and line.url is not None:
        return _link(line.text, line.url)
    if line.kind == "item" and _EMAIL.match(str(line.text)):
        address = quote(str(line.text), safe="@.+-_")
        return f'<a href="mailto:{_e(address)}">{_e(line.text)}</a>'
    return _e(line.text)


def _section(s: Section) -> list[str]:
    out = [f"<dt>{_e(s.title)}</dt>", "<dd>"]
    if s.items:
        out.append("<ul>")
        out.extend(f"<li>{_said(line)}</li>" for line in s.items)
        out.append("</ul>")
    for line in s.sentences:
        kind = ' class="trustaudit-card-note"' if line.kind == "note" else ""
        out.append(f"<p{kind}>{_said(line)}</p>")
    if not s.lines:
        out.append("<p>To be written.</p>")
    out.append("</dd>")
    return out


def card_html(card: Card) -> str:
    """One card as a ``<section>``; ids are made from the feature id, unique in a review."""
    cid = f"trustaudit-card-{card.feature_id}"
    state = "ready" if card.ready else "not-ready"
    out = [
        f'<section class="trustaudit-card trustaudit-card-{state}" id="{_e(cid)}" '
        f'aria-labelledby="{_e(cid)}-title">',
        f'<h2 id="{_e(cid)}-title">{_e(card.feature)}: your data</h2>',
    ]
    if card.ready:
        out.append(
            '<p class="trustaudit-card-status">Ready to publish: every line rests on an answer '
            "in the review.</p>"
        )
    else:
        gaps = plural(len(card.gaps), "gap")
        out.append(
            f'<p class="trustaudit-card-status"><strong>Not ready to publish:</strong> {gaps} '
            "open; see “Before you publish” below.</p>"
        )
    if card.notice:
        said = " ".join(_said(line) for line in card.notice)
        out.append(
            f'<p class="trustaudit-card-notice"><strong>Where the data is asked for:</strong> '
            f"{said}</p>"
        )
    out.append('<dl class="trustaudit-card-sections">')
    for s in card.sections:
        if s.lines or s.open:
            out.extend(_section(s))
    out.append("</dl>")
    if card.gaps:
        out.extend(
            [
                f'<section class="trustaudit-card-gaps" aria-labelledby="{_e(cid)}-gaps">',
                f'<h3 id="{_e(cid)}-gaps">Before you publish</h3>',
                "<ul>",
                *(f"<li>{_e(g.message)}</li>" for g in card.gaps),
                "</ul>",
                "</section>",
            ]
        )
    out.append("</section>")
    return "\n".join(out)


def snippet(cards: Iterable[Card]) -> str:
    """Every card, one after another: a fragment for a page's ``<body>``."""
    return "".join(card_html(card) + "\n" for card in cards)
