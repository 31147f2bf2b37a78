"""The card is built from roles alone: other question and option ids, the same roles, the same card.

The old card matched the bundled questionnaire's ids, so a custom questionnaire whose withdrawal
question was ``withdraw`` got a health-data card promising choices its answers ruled out. Here
every question and option id of the bundled questionnaire is renamed, the example's answers are
moved to the new ids, and every card must read exactly as before.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, get_args

import pytest

from tests.conftest import ROOT
from tests.core import cardkit
from trustaudit.core.assessment.model import Answer, Assessment, Plan
from trustaudit.core.questionnaire import loader
from trustaudit.core.questionnaire.model import Role
from trustaudit.core.report.card.model import Card, LineKind, SectionId


def _rename_leaf(leaf: dict[str, Any]) -> None:
    for key in ("all", "any"):
        for part in leaf.get(key, []):
            _rename_leaf(part)
    if "not" in leaf:
        _rename_leaf(leaf["not"])
    if "question" in leaf:
        leaf["question"] = f"q-{leaf['question']}"
        for key in ("any_of", "none_of"):
            if key in leaf:
                leaf[key] = [f"o-{o}" for o in leaf[key]]
        if "equals" in leaf:
            leaf["equals"] = f"o-{leaf['equals']}"


def renamed(data: dict[str, Any]) -> None:
    for q in cardkit.questions(data):
        q["id"] = f"q-{q['id']}"
        for option in q.get("options", []):
            option["id"] = f"o-{option['id']}"
        if "when" in q:
            _rename_leaf(q["when"])


def moved(a: Assessment) -> Assessment:
    """The same answers under the renamed ids."""
    out = a.model_copy(deep=True)
    for feature in out.features:
        feature.answers = {
            f"q-{qid}": Answer(
                **{
                    **ans.model_dump(exclude={"plan"}),
                    "choice": f"o-{ans.choice}" if ans.choice else None,
                    "choices": [f"o-{c}" for c in ans.choices] if ans.choices is not None else None,
                },
                plan=Plan(**{**ans.plan.model_dump(), "target": None}) if ans.plan else None,
            )
            for qid, ans in feature.answers.items()
        }
    return out


def shape(c: Card) -> Any:
    """Everything a customer reads, and which checks hold the card back (not the ids)."""
    return (
        [(s.id, s.open, [(x.kind, str(x.text), x.url) for x in s.lines]) for s in c.sections],
        [str(x.text) for x in c.notice],
        [(g.check, g.role, g.section) for g in c.gaps],
        c.ready,
    )


def test_other_ids_and_the_same_roles_give_the_same_cards(tmp_path: Path) -> None:
    custom = cardkit.variant(tmp_path, renamed, name="other-ids")
    assert not set(custom.by_id) & set(cardkit.bundled().by_id)
    example = cardkit.example()
    before = cardkit.cards(example)
    after = cardkit.cards(moved(example), custom)
    assert [shape(c) for c in after] == [shape(c) for c in before]
    assert any(c.ready for c in after) and not all(c.ready for c in after)


WITHDRAW = """\
format: trustaudit/questionnaire@1
id: clinic
title: Clinic audit
version: "1"
sections:
  - id: profile
    kind: profile
    title: Profile
    questions:
      - id: kinds
        type: multi
        role: data_kinds
        options:
          - { id: health, label: "Health records", impact: 80, card: "your health records" }
        prompt: What data?
      - id: why
        type: text
        role: purpose_statement
        prompt: Why?
  - id: promises
    kind: pillar
    title: Promises
    questions:
      - id: optin
        type: choice
        role: sensitive_consent
        prompt: Separate opt-in?
        options:
          - { id: yes, label: "Separate opt-in", risk: 0, card: "We ask for a separate yes first." }
          - { id: no, label: "No", risk: 1 }
      - id: withdraw
        type: choice
        role: withdrawal
        prompt: Can they withdraw?
        options:
          - { id: easy, label: "Yes", risk: 0, card: "You can withdraw at any time." }
          - { id: impossible, label: "Not possible", risk: 1 }
"""


def test_a_custom_withdrawal_question_that_rules_out_withdrawal_is_never_promised(
    tmp_path: Path,
) -> None:
    path = tmp_path / "clinic.yaml"
    path.write_text(WITHDRAW.replace("id: yes", 'id: "yes"').replace("id: no", 'id: "no"'))
    q = loader.load(path)
    a = cardkit.example()
    a.features = [a.features[0].model_copy(update={"id": "records", "name": "Records"})]
    a.features[0].answers = {
        "kinds": Answer(choices=["health"]),
        "why": Answer(text="We keep your records to treat you."),
        "optin": Answer(choice="yes"),
        "withdraw": Answer(choice="impossible"),
    }
    c = cardkit.card(a, "records", q)
    choices = cardkit.texts(c, "choices")
    assert choices == ["We ask for a separate yes first."]
    assert ("choice-not-honoured", "withdrawal") in [(g.check, g.role) for g in c.gaps]
    assert "withdraw" not in " ".join(choices).lower()
    assert not c.ready


def test_the_card_code_names_no_question_or_option_id_of_the_bundled_questionnaire() -> None:
    bundled = cardkit.bundled()
    ids = {q.id for q in bundled.questions} | {o.id for q in bundled.questions for o in q.options}
    folder = ROOT / "src" / "trustaudit" / "core" / "report" / "card"
    for path in folder.glob("*.py"):
        strings = re.findall(r"\"([a-z0-9-]+)\"", path.read_text(encoding="utf-8"))
        named = sorted(set(strings) & ids - _WORDS)
        assert named == [], f"{path.name} names bundled ids {named}"


_WORDS = {*get_args(Role), *get_args(SectionId), *get_args(LineKind)}
"""Role names, section ids and line kinds: the card's own words, some of which the bundled
questionnaire happens to use as ids too (its ``uses`` question has ``role: uses``)."""


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: cardkit.question(d, "reach")["options"][0].update(card="a pilot"),
            "card: the data card words only the options of profile questions",
        ),
        (
            lambda d: cardkit.question(d, "no-bundling")["options"][0].update(card="Separate."),
            "card: the data card words only the options of pillar questions",
        ),
        (
            lambda d: cardkit.question(d, "withdrawal")["options"][0].update(
                apple={"linked": True}
            ),
            "apple: the App Store label is drawn from what the feature does",
        ),
        (
            lambda d: cardkit.question(d, "recipients")["options"][0].update(
                apple={"categories": ["NAME"]}
            ),
            "apple.categories: only options of the question with role: data_kinds",
        ),
        (
            lambda d: cardkit.question(d, "data-kinds")["options"][0].update(
                apple={"purposes": ["ANALYTICS"]}
            ),
            "apple.purposes: only options of the question with role: uses",
        ),
        (
            lambda d: cardkit.question(d, "reach").update(role="consent"),
            "role: consent is a promise to customers; only a pillar question may have it",
        ),
        (
            lambda d: cardkit.question(d, "data-kinds")["options"][0].update(
                apple={"categories": ["NOT_A_TYPE"]}
            ),
            "input should be",
        ),
    ],
)
def test_card_and_apple_keys_are_refused_where_the_card_would_ignore_them(
    tmp_path: Path, edit: Any, message: str
) -> None:
    data = cardkit.bundled_data()
    edit(data)
    path = tmp_path / "q.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    _, problems = loader.check(path)
    assert any(message in p.message for p in problems), [p.message for p in problems]
