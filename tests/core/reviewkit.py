"""Shared building blocks for the assessment, store and reliability tests.

``MINI`` is a small questionnaire with every question type; ``MINI_V2`` is the next version of it,
which drops the question ``consent`` and the option ``health`` and adds ``retention``, so that
opening a review made with ``MINI`` against it must keep an orphan and flag a vanished option.
"""

from __future__ import annotations

from pathlib import Path

from trustaudit.core.assessment.edits import Details, FeatureEdit
from trustaudit.core.questionnaire import loader
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.review.session import Review

MINI = """\
format: trustaudit/questionnaire@1
id: mini
title: Mini
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
          - { id: email, label: Email, impact: 20 }
          - { id: health, label: Health, impact: 80 }
      - id: purpose
        type: text
        prompt: Why?
  - id: collect
    kind: pillar
    title: Collect
    questions:
      - id: notice
        type: choice
        allow_na: true
        prompt: Notice?
        options:
          - { id: in-context, label: In context, risk: 0 }
          - { id: policy-only, label: Policy only, risk: 0.5 }
          - { id: none, label: None, risk: 1 }
      - id: consent
        type: choice
        prompt: Consent?
        options:
          - { id: opt-in, label: Opt in, risk: 0 }
          - { id: opt-out, label: Opt out, risk: 1 }
"""

MINI_V2 = (
    MINI.replace('version: "1"', 'version: "2"')
    .replace("          - { id: health, label: Health, impact: 80 }\n", "")
    .replace(
        """      - id: consent
        type: choice
        prompt: Consent?
        options:
          - { id: opt-in, label: Opt in, risk: 0 }
          - { id: opt-out, label: Opt out, risk: 1 }
""",
        """      - id: retention
        type: choice
        prompt: Retention?
        options:
          - { id: short, label: Short, risk: 0 }
          - { id: forever, label: Forever, risk: 1 }
""",
    )
)
assert MINI_V2.count("retention") == 1 and "health" not in MINI_V2

ORDER = ["kinds", "purpose", "notice", "consent"]
"""The question ids of ``MINI`` in questionnaire order."""

PRODUCT_FILE = "shop.trustaudit.yaml"


def write_questionnaire(folder: Path, text: str = MINI, name: str = "mini.yaml") -> Path:
    """Write a questionnaire under ``folder/questionnaires/`` and return its path."""
    path = folder / "questionnaires" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def mini(folder: Path) -> Questionnaire:
    """``MINI`` written under ``folder`` and loaded."""
    return loader.load(write_questionnaire(folder))


def start_review(folder: Path, name: str = PRODUCT_FILE) -> Review:
    """A new review of ``MINI`` with one feature, ``recommendations``; the caller closes it."""
    review = Review.create(folder / name, mini(folder), Details("ShopCo app", release="2.3"))
    review.add_feature(FeatureEdit("Recommendations"))
    return review


def temp_files(folder: Path) -> list[str]:
    """Names of atomic-save temp files in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)
