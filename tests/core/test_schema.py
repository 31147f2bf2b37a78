"""The shipped JSON Schema is generated from the models and must never drift from them."""

from __future__ import annotations

import json

import pytest

from tests.conftest import BUNDLED, ROOT
from trustaudit.core.io import yaml_reader
from trustaudit.core.questionnaire.schema import SCHEMA_FILE, questionnaire_schema

SHIPPED = ROOT / "questionnaires" / SCHEMA_FILE


def expected_text() -> str:
    """Exactly what ``trustaudit schema > questionnaires/questionnaire.schema.json`` writes."""
    return json.dumps(questionnaire_schema(), indent=2, ensure_ascii=False) + "\n"


def test_the_shipped_schema_is_current() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == expected_text(), (
        f"{SHIPPED.name} is out of date with the models; regenerate it with "
        "`trustaudit schema > questionnaires/questionnaire.schema.json`"
    )


def test_the_schema_forbids_unknown_fields_so_editors_flag_typos() -> None:
    schema = questionnaire_schema()
    assert schema["additionalProperties"] is False
    assert all(
        d.get("additionalProperties") is False
        for d in schema["$defs"].values()
        if d.get("type") == "object"
    )


def test_the_bundled_questionnaire_validates_against_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = yaml_reader.load_file(BUNDLED).data
    jsonschema.validate(data, questionnaire_schema())


def test_the_schema_rejects_what_the_loader_rejects() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = yaml_reader.load_file(BUNDLED).data
    data["sections"][1]["questions"][0]["options"][0]["risk"] = 1.5
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, questionnaire_schema())
