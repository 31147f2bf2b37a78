"""Data cards for the tests: the example review's features, a questionnaire changed on purpose, and
a card built the way the report and ``trustaudit card`` build it.

``example()`` is the shipped example review (its store locator's card is ready to publish, the
baseline the honesty checks start from); ``variant(edit)`` is the bundled questionnaire as YAML
data, changed by ``edit`` and loaded through the real loader, so every check runs on a file a
privacy lead could have written.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from tests.conftest import BUNDLED, ROOT
from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.model import Answer, Assessment, Feature
from trustaudit.core.io import yaml_reader
from trustaudit.core.questionnaire import loader
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report.card.build import build_cards
from trustaudit.core.report.card.model import Card
from trustaudit.core.scoring.engine import score

EXAMPLE = ROOT / "reports" / "example-shop.trustaudit.yaml"


@cache
def bundled() -> Questionnaire:
    return loader.load(BUNDLED)


def example() -> Assessment:
    """A fresh copy of the example review (tests change it freely)."""
    return _example().model_copy(deep=True)


@cache
def _example() -> Assessment:
    return file_form.load(EXAMPLE)


def feature(assessment: Assessment, feature_id: str) -> Feature:
    return assessment.feature(feature_id)


def only(assessment: Assessment, feature_id: str) -> Assessment:
    """The review with one feature left."""
    kept = assessment.model_copy(deep=True)
    kept.features = [f for f in kept.features if f.id == feature_id]
    return kept


def cards(assessment: Assessment, questionnaire: Questionnaire | None = None) -> tuple[Card, ...]:
    q = questionnaire or bundled()
    return build_cards(q, assessment, score(q, assessment))


def card(assessment: Assessment, feature_id: str, q: Questionnaire | None = None) -> Card:
    return next(c for c in cards(assessment, q) if c.feature_id == feature_id)


def answer(assessment: Assessment, feature_id: str, question: str, **value: Any) -> None:
    """Set one answer (keyword arguments as in the file: ``choice=…``, ``unknown=True``)."""
    answers = assessment.feature(feature_id).answers
    if not value:
        answers.pop(question, None)
    else:
        answers[question] = Answer(**value)


def checks(c: Card) -> list[str]:
    return [g.check for g in c.gaps]


def bundled_data() -> dict[str, Any]:
    data = yaml_reader.load_file(BUNDLED).data
    assert isinstance(data, dict)
    return copy.deepcopy(data)


def questions(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for section in data["sections"]:
        yield from section["questions"]


def question(data: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for q in questions(data) if q["id"] == qid)


def variant(
    folder: Path, edit: Callable[[dict[str, Any]], None], name: str = "variant"
) -> Questionnaire:
    """The bundled questionnaire changed by ``edit``, written as a file and loaded."""
    data = bundled_data()
    data["id"] = name
    edit(data)
    path = folder / f"{name}.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    return loader.load(path)


def texts(c: Card, section: str) -> list[str]:
    return [str(line.text) for line in c.section(section).lines]  # type: ignore[arg-type]
