"""The cards as JSON (``trustaudit/data-cards@1``): a stable shape a product's own UI can render.

docs/data-cards.md documents every key (keys may be added, none renamed). Text is written as it
was typed, never escaped for Markdown or HTML: the UI escapes it for where it shows it. ``<``,
``>`` and ``&`` are written as ``\\u`` escapes, so the JSON can sit inside an HTML ``<script>``
element without closing it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from trustaudit.core.report.card.model import Backing, Card, Gap, Line, Publisher, Section

FORMAT = "trustaudit/data-cards@1"


def to_json(product: str, cards: Iterable[Card]) -> dict[str, Any]:
    listed = list(cards)
    publisher = listed[0].publisher if listed else Publisher()
    return {
        "format": FORMAT,
        "product": product,
        "publisher": _publisher(publisher),
        "cards": [_card(card) for card in listed],
    }


def _publisher(p: Publisher) -> dict[str, Any]:
    return {
        "controller": _text(p.controller),
        "privacy_policy_url": _text(p.privacy_policy_url),
        "contact": _text(p.contact),
        "delete_url": _text(p.delete_url),
    }


def _card(card: Card) -> dict[str, Any]:
    return {
        "feature": {"id": card.feature_id, "name": str(card.feature)},
        "ready": card.ready,
        "status": card.status,
        "notice": [_line(line) for line in card.notice],
        "sections": [_section(s) for s in card.sections],
        "gaps": [_gap(g) for g in card.gaps],
    }


def _section(s: Section) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "open": s.open, "lines": [_line(x) for x in s.lines]}


def _line(line: Line) -> dict[str, Any]:
    return {
        "kind": line.kind,
        "text": str(line.text),
        "url": _text(line.url),
        "backed_by": [_backing(b) for b in line.backed_by],
    }


def _backing(b: Backing) -> dict[str, Any]:
    if b.field is not None:
        return {"review": b.field}
    return {"question": b.question, "role": b.role, "options": list(b.options)}


def _gap(g: Gap) -> dict[str, Any]:
    return {
        "check": g.check,
        "section": g.section,
        "role": g.role,
        "questions": list(g.questions),
        "message": str(g.message),
    }


def _text(value: str | None) -> str | None:
    return None if value is None else str(value)


_SCRIPT_SAFE = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def dumps(data: dict[str, Any]) -> str:
    """The JSON text: indented, UTF-8; ``<``, ``>``, ``&`` and the line and paragraph
    separators escaped (still the same JSON)."""
    return json.dumps(data, indent=2, ensure_ascii=False).translate(_SCRIPT_SAFE) + "\n"
