"""Building blocks for the tests of reviews over time: a questionnaire and its next version, and
two hand-made versions of one review with every kind of change between them.

``TQ_V1`` → ``TQ_V2``: the question ``notice`` is renamed ``collection-notice`` (its option
``policy`` becomes ``policy-only``), ``old-q`` is dropped and ``retention`` is new.

``old_review()`` → ``new_review()``, judged on ``AS_OF``:

- feature ``app`` renamed "App" → "App (mobile)"; ``kinds`` email → email + health (impact
  worse); ``consent`` opt-in → opt-out (worse) with a new plan due before ``AS_OF`` (opened, and
  overdue); ``notice``'s plan marked done while the answer stays (now under its new id and
  option: not an answer change); ``old-q`` kept as an orphan;
- feature ``web``: ``consent`` opt-out → opt-in (better); its accepted risk on ``notice`` ends the
  day before ``AS_OF`` (lapsed); its due date for ``kinds``' plan moves;
- feature ``gone`` removed, feature ``kiosk`` added;
- sign-off: the privacy lead decides, the product owner leaves, the engineering lead joins.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.model import Answer, Assessment, Feature, Pin, Plan, SignOff
from trustaudit.core.questionnaire import loader
from trustaudit.core.questionnaire.model import Questionnaire

TQ_V1 = """\
format: trustaudit/questionnaire@1
id: tq
title: Timed questionnaire
version: "1"
sections:
  - id: profile
    kind: profile
    title: Profile
    questions:
      - id: kinds
        type: multi
        prompt: What data?
        options:
          - { id: email, label: Email, impact: 40 }
          - { id: health, label: Health data, impact: 90 }
  - id: collect
    kind: pillar
    title: Collect clearly
    questions:
      - id: notice
        type: choice
        weight: 3
        prompt: Notice?
        options:
          - { id: in-context, label: In context, risk: 0 }
          - { id: policy, label: Policy only, risk: 0.6 }
          - { id: none, label: No notice, risk: 1, floor: high }
      - id: consent
        type: choice
        weight: 2
        prompt: Consent?
        options:
          - { id: opt-in, label: Opt in, risk: 0 }
          - { id: opt-out, label: Opt out, risk: 1 }
      - id: old-q
        type: choice
        prompt: Old question?
        options:
          - { id: a, label: A, risk: 0 }
          - { id: b, label: B, risk: 1 }
"""

TQ_V2 = (
    TQ_V1.replace(
        'version: "1"',
        'version: "2"\nrenames:\n  notice: collection-notice\n'
        "  notice/policy: collection-notice/policy-only",
    )
    .replace("      - id: notice\n", "      - id: collection-notice\n")
    .replace("{ id: policy, label: Policy only", "{ id: policy-only, label: Policy only")
    .replace(
        """      - id: old-q
        type: choice
        prompt: Old question?
        options:
          - { id: a, label: A, risk: 0 }
          - { id: b, label: B, risk: 1 }
""",
        """      - id: retention
        type: choice
        prompt: How long is it kept?
        options:
          - { id: short, label: A month, risk: 0 }
          - { id: forever, label: Forever, risk: 1 }
""",
    )
)
assert "old-q" not in TQ_V2 and "notice: collection-notice" in TQ_V2

AS_OF = dt.date(2027, 3, 15)
UTC = dt.timezone.utc


def write_questionnaire(folder: Path, text: str = TQ_V1) -> Path:
    path = folder / "questionnaires" / "tq.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pin(q: Questionnaire) -> Pin:
    return Pin(id=q.id, version=q.version, sha256=q.sha256, source="../questionnaires/tq.yaml")


def plan(target: str, status: str = "planned", due: dt.date | None = None, **more: object) -> Plan:
    return Plan.model_validate(
        {
            "target": target,
            "owner": "Lee Chen",
            "due": due or dt.date(2027, 6, 1),
            "status": status,
            **more,
        }
    )


def old_review(q: Questionnaire) -> Assessment:
    return Assessment(
        questionnaire=pin(q),
        product="Timed shop",
        created=dt.datetime(2026, 11, 1, 9, 0, tzinfo=UTC),
        updated=dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        features=[
            Feature(
                id="app",
                name="App",
                answers={
                    "kinds": Answer(choices=["email"]),
                    "notice": Answer(choice="policy", plan=plan("in-context")),
                    "consent": Answer(choice="opt-in"),
                    "old-q": Answer(choice="a", note="kept from version 1"),
                },
            ),
            Feature(
                id="web",
                name="Web",
                answers={
                    "kinds": Answer(choices=["email"], plan=plan("email", due=dt.date(2027, 5, 1))),
                    "notice": Answer(
                        choice="policy",
                        plan=plan(
                            "in-context",
                            "accepted",
                            accepted_by="Sam Roe",
                            accepted_until=AS_OF - dt.timedelta(days=1),
                        ),
                    ),
                    "consent": Answer(choice="opt-out"),
                },
            ),
            Feature(
                id="gone",
                name="Gone feature",
                answers={"kinds": Answer(choices=["email"]), "notice": Answer(choice="in-context")},
            ),
        ],
        sign_off=[
            SignOff(role="Privacy lead", name="Sam Roe"),
            SignOff(
                role="Product owner",
                name="Dana Ortiz",
                decision="approved",
                date=dt.date(2026, 11, 20),
            ),
        ],
    )


def new_review(q: Questionnaire, old: Assessment) -> Assessment:
    """``old`` after the changes above, against ``q`` (``TQ_V2``)."""
    new = old.model_copy(deep=True)
    new.questionnaire = pin(q)
    new.updated = dt.datetime(2027, 3, 10, 9, 0, tzinfo=UTC)
    app, web, _ = new.features
    app.name = "App (mobile)"
    app.answers["kinds"] = Answer(choices=["email", "health"])
    notice = app.answers.pop("notice")
    notice.choice = "policy-only"
    assert notice.plan is not None
    notice.plan.status = "done"
    app.answers["collection-notice"] = notice
    app.answers["consent"] = Answer(choice="opt-out", plan=plan("opt-in", due=dt.date(2027, 2, 1)))
    web.answers["collection-notice"] = web.answers.pop("notice")
    web.answers["collection-notice"].choice = "policy-only"
    web.answers["consent"] = Answer(choice="opt-in")
    kinds_plan = web.answers["kinds"].plan
    assert kinds_plan is not None
    kinds_plan.due = dt.date(2027, 7, 1)
    new.features = [
        app,
        web,
        Feature(
            id="kiosk",
            name="Kiosk",
            answers={
                "kinds": Answer(choices=["email"]),
                "collection-notice": Answer(choice="none"),
            },
        ),
    ]
    new.sign_off = [
        SignOff(
            role="Privacy lead",
            name="Sam Roe",
            decision="conditional",
            date=dt.date(2027, 3, 10),
            comment="Fix consent in the app first.",
        ),
        SignOff(role="Engineering lead", name="Lee Chen"),
    ]
    return new


def save(assessment: Assessment, path: Path, q: Questionnaire) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(file_form.to_yaml(assessment, [x.id for x in q.questions]), encoding="utf-8")
    return path


def both(folder: Path) -> tuple[Questionnaire, Questionnaire]:
    """``TQ_V1`` and ``TQ_V2`` loaded (from two files, so each keeps its own path)."""
    one = folder / "v1" / "tq.yaml"
    two = folder / "v2" / "tq.yaml"
    for path, text in ((one, TQ_V1), (two, TQ_V2)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return loader.load(one), loader.load(two)
