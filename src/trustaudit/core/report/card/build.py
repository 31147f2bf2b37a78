"""Drafting a feature's card from its answers: ``build_card`` (one feature), ``build_cards``.

Nothing here knows a question id: the sections read answers by role (``reading``), so a
questionnaire with other ids and the same roles gives the same card. The one-line notice for the
screen where the data is asked for is made of lines the card already backs: the purpose, how to
change your mind, and the full policy.
"""

from __future__ import annotations

from dataclasses import replace

from trustaudit.core.assessment.model import Assessment, Feature
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report.card import sections as part
from trustaudit.core.report.card.checks import Draft
from trustaudit.core.report.card.model import Card, Line, Publisher, Section, publisher_of
from trustaudit.core.report.card.reading import Roles
from trustaudit.core.report.markdown import UserText
from trustaudit.core.scoring.scorecard import FeatureScore, Scorecard


def build_card(
    questionnaire: Questionnaire,
    feature: Feature,
    score: FeatureScore,
    publisher: Publisher | None = None,
) -> Card:
    """The card of one feature; every gap found is in ``Card.gaps`` (none: ready)."""
    draft = Draft(Roles(questionnaire, feature, score), publisher or Publisher())
    lists = {spec[0]: spec for spec in part.LISTS}
    drafted = [
        part.who(draft),
        part.listed(draft, *lists["collect"]),
        part.listed(draft, *lists["sources"]),
        part.why(draft),
        part.listed(draft, *lists["uses"]),
        part.listed(draft, *lists["recipients"]),
        part.retention(draft),
        part.choices(draft),
        part.delete(draft),
        part.contact(draft),
    ]
    gaps = tuple(draft.gaps)
    opened = {g.section for g in gaps}
    shown = tuple(replace(s, open=not s.lines and s.id in opened) for s in drafted)
    return Card(
        feature_id=feature.id,
        feature=UserText(feature.name),
        publisher=draft.publisher,
        sections=shown,
        notice=notice(shown),
        gaps=gaps,
    )


def notice(sections: tuple[Section, ...]) -> tuple[Line, ...]:
    """The just-in-time notice: the purpose, how to change your mind, and the full policy;
    empty when there is no purpose to state."""
    by_id = {s.id: s for s in sections}
    purpose = [line for line in by_id["why"].lines if line.kind == "sentence"]
    if not purpose:
        return ()
    change = [
        line
        for line in by_id["choices"].lines
        if line.kind == "sentence" and any(b.role == "withdrawal" for b in line.backed_by)
    ]
    policy = [
        replace(line, text=UserText("Privacy policy"))
        for line in by_id["who"].lines
        if line.kind == "link"
    ]
    return (*purpose, *change[:1], *policy)


def build_cards(
    questionnaire: Questionnaire,
    assessment: Assessment,
    scorecard: Scorecard,
    feature_id: str | None = None,
) -> tuple[Card, ...]:
    """The cards of every feature (or of ``feature_id`` alone), in review order."""
    publisher = publisher_of(assessment)
    return tuple(
        build_card(questionnaire, feature, score, publisher)
        for feature, score in zip(assessment.features, scorecard.features, strict=True)
        if feature_id is None or feature.id == feature_id
    )
