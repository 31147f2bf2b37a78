"""The JSON Schema of the questionnaire format, generated from the models so it cannot drift."""

from __future__ import annotations

from typing import Any

from trustaudit.core.questionnaire.model import FORMAT, QuestionnaireFile

SCHEMA_FILE = "questionnaire.schema.json"


def questionnaire_schema() -> dict[str, Any]:
    schema = QuestionnaireFile.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"trustaudit:{FORMAT}",
        **schema,
        "title": "trustaudit questionnaire",
        "description": "A trustaudit questionnaire; see docs/questionnaire-format.md.",
    }
