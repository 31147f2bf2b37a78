"""What ``trustaudit card`` writes: the cards in one format, and where by default.

``md`` renders the built-in ``cards.md.j2`` (the same card template as the report), ``json`` and
``html`` the forms in ``json_form`` and ``html_form``, ``apple-privacy`` the App Store label draft
(``apple``), whose ``to_check`` lines the command prints apart from the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from trustaudit.core.assessment.model import Assessment
from trustaudit.core.assessment.naming import review_stem
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report.card import apple, html_form, json_form
from trustaudit.core.report.card.build import build_cards
from trustaudit.core.report.card.model import Card
from trustaudit.core.report.markdown import UserText
from trustaudit.core.scoring.scorecard import Scorecard

CardFormat = Literal["md", "json", "html", "apple-privacy"]
FORMATS: tuple[CardFormat, ...] = ("md", "json", "html", "apple-privacy")

_SUFFIX: dict[CardFormat, str] = {
    "md": "cards.md",
    "json": "cards.json",
    "html": "cards.html",
    "apple-privacy": "app_privacy_details.json",
}


def card_format(name: str) -> CardFormat:
    """A format by name, any case (``ValueError`` for an unknown one)."""
    for fmt in FORMATS:
        if fmt == name.lower():
            return fmt
    raise ValueError(f"unknown card format {name!r}; use one of {', '.join(FORMATS)}")


@dataclass(frozen=True)
class CardOutput:
    """The text to write, the cards it holds, and what a person must check (one line each)."""

    text: str
    cards: tuple[Card, ...]
    to_check: tuple[str, ...] = ()


def card_path(review: Path, fmt: CardFormat, feature_id: str | None = None) -> Path:
    """The default file beside the review: ``NAME.cards.md`` (``.json``, ``.html``), or
    ``NAME.app_privacy_details.json``; with a feature, its id before the suffix."""
    middle = f".{feature_id}" if feature_id else ""
    return review.with_name(f"{review_stem(review)}{middle}.{_SUFFIX[fmt]}")


def render_cards(
    fmt: CardFormat,
    questionnaire: Questionnaire,
    assessment: Assessment,
    scorecard: Scorecard,
    feature_id: str | None = None,
) -> CardOutput:
    cards = build_cards(questionnaire, assessment, scorecard, feature_id)
    if fmt == "json":
        return CardOutput(json_form.dumps(json_form.to_json(assessment.product, cards)), cards)
    if fmt == "html":
        return CardOutput(html_form.snippet(cards), cards)
    if fmt == "apple-privacy":
        label = apple.draft(questionnaire, assessment, scorecard, feature_id)
        return CardOutput(apple.dumps(label), cards, label.to_check)
    return CardOutput(markdown(assessment.product, cards), cards)


def markdown(product: str, cards: tuple[Card, ...]) -> str:
    """The cards as Markdown, from the built-in templates (Jinja2 is imported only here)."""
    from trustaudit.core.report import environment
    from trustaudit.core.report.render import filters

    context = {"product": UserText(product), "cards": cards}
    text = environment.render_builtin(
        "trustaudit/cards.md.j2", context, environment.Filters(filters(), {})
    )
    return text.rstrip("\n") + "\n"
