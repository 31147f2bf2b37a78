"""A draft of the App Store privacy label, in fastlane's ``app_privacy_details.json`` shape.

fastlane's ``upload_app_privacy_details_to_app_store`` reads a list of data usages, each a data
type (``category``) with the ``purposes`` it serves and its ``data_protections``: linked to the
user or not, and whether it is used to track them (docs/data-cards.md cites the sources). The
draft is made from the options' ``apple:`` keys (``questionnaire.apple``) of the answers given,
and never guesses: an option without a key, or with several candidates, is listed in
``to_check`` for a person to decide, and its data type is left out of the draft.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from trustaudit.core.assessment.model import Assessment, Feature
from trustaudit.core.questionnaire.model import Option, Questionnaire, Role
from trustaudit.core.report.card.reading import RoleAnswer, Roles
from trustaudit.core.scoring.scorecard import FeatureScore, Scorecard

LINKED, NOT_LINKED = "DATA_LINKED_TO_YOU", "DATA_NOT_LINKED_TO_YOU"
TRACKING, NOT_COLLECTED = "DATA_USED_TO_TRACK_YOU", "DATA_NOT_COLLECTED"


@dataclass(frozen=True)
class AppleDraft:
    """The label's data usages (fastlane's JSON, as lists and dicts), and what a person must
    decide before uploading it."""

    usages: tuple[dict[str, Any], ...]
    to_check: tuple[str, ...]


@dataclass
class _Usage:
    purposes: set[str] = field(default_factory=set)
    linked: bool = False
    tracking: bool = False


def _either(options: list[str]) -> str:
    return options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]


class _Reader:
    """Reads one feature's answers into the usages, noting what it cannot map."""

    def __init__(self, questionnaire: Questionnaire, usages: dict[str, _Usage]) -> None:
        self.questionnaire = questionnaire
        self.usages = usages
        self.notes: list[str] = []

    def note(self, feature: Feature, text: str) -> None:
        self.notes.append(f"{feature.name}: {text}")

    def role(self, roles: Roles, feature: Feature, role: Role, what: str) -> RoleAnswer | None:
        found = roles.get(role)
        if found is None:
            self.note(feature, f"the questionnaire has no question with role: {role} ({what})")
        elif found.open:
            self.note(feature, f"answer \u201c{found.topic}\u201d ({what}) first")
        elif found.applicable and found.state != "na":
            return found
        return None

    def mapped(self, feature: Feature, found: RoleAnswer, name: str, what: str) -> list[str]:
        """The single App Store id each chosen option maps to; the rest is noted."""
        ids: list[str] = []
        for option in found.options:
            candidates: list[str] = list(getattr(option.apple, name)) if option.apple else []
            if len(candidates) == 1:
                ids.append(candidates[0])
            elif candidates:
                self.note(
                    feature,
                    f"\u201c{option.label}\u201d may be {_either(candidates)}: choose, and add "
                    f"the {what} by hand",
                )
            else:
                self.note(
                    feature,
                    f"\u201c{option.label}\u201d has no App Store {what} (apple.{name} in the "
                    "questionnaire): add it by hand",
                )
        return ids

    def protections(self, feature: Feature) -> tuple[bool, bool]:
        """(linked, tracking) from the ``apple:`` keys of every profile answer."""
        chosen = list(self._chosen(feature))
        flags = [o.apple.linked for o in chosen if o.apple and o.apple.linked is not None]
        tracking = any(o.apple.tracking for o in chosen if o.apple)
        if not flags:
            self.note(
                feature,
                "no answer says whether its data is linked to the customer's identity; the "
                "draft marks it linked (Apple counts data as linked unless it is de-identified "
                "before collection): change it only if it is not",
            )
        return (any(flags) or not flags), tracking

    def _chosen(self, feature: Feature) -> Iterator[Option]:
        for section in self.questionnaire.sections:
            if section.kind != "profile":
                continue
            for question in section.questions:
                answer = feature.answers.get(question.id)
                if answer is None:
                    continue
                keyed = any(o.apple for o in question.options)
                for oid in answer.option_ids:
                    option = question.option_map.get(oid)
                    if option is None:
                        continue
                    if (
                        keyed
                        and option.apple is None
                        and question.role
                        not in (
                            "data_kinds",
                            "uses",
                        )
                    ):
                        self.note(
                            feature,
                            f"\u201c{option.label}\u201d has no App Store mapping (apple: in "
                            "the questionnaire): decide what it means for the label, tracking "
                            "above all",
                        )
                    yield option

    def feature(self, feature: Feature, score: FeatureScore) -> bool:
        """Add one feature's usages; True when it collects no data at all."""
        roles = Roles(self.questionnaire, feature, score)
        kinds = self.role(roles, feature, "data_kinds", "what data it collects")
        uses = self.role(roles, feature, "uses", "what the data is used for")
        if kinds is not None and not kinds.options:
            return True
        if kinds is None or uses is None:
            return False
        categories = self.mapped(feature, kinds, "categories", "data type")
        purposes = self.mapped(feature, uses, "purposes", "purpose")
        linked, tracking = self.protections(feature)
        if categories and not purposes:
            self.note(
                feature,
                "no use maps to an App Store purpose, so its data types are left out: add "
                "them by hand",
            )
            return False
        if len(set(categories)) > 1 and len(set(purposes)) > 1:
            self.note(
                feature,
                "each of its data types is given every purpose of the feature (the answers do "
                "not say which use needs which data): remove the pairs that do not hold",
            )
        for category in categories:
            usage = self.usages.setdefault(category, _Usage())
            usage.purposes.update(purposes)
            usage.linked = usage.linked or linked
            usage.tracking = usage.tracking or tracking
        return False


def draft(
    questionnaire: Questionnaire,
    assessment: Assessment,
    scorecard: Scorecard,
    feature_id: str | None = None,
) -> AppleDraft:
    """The label for every feature (or ``feature_id`` alone): the data types of all of them,
    each with the union of their purposes, linked if any feature links it, tracking if any
    tracks with it."""
    usages: dict[str, _Usage] = {}
    reader = _Reader(questionnaire, usages)
    pairs = [
        (f, s)
        for f, s in zip(assessment.features, scorecard.features, strict=True)
        if feature_id is None or f.id == feature_id
    ]
    nothing = [reader.feature(f, s) for f, s in pairs]
    if not pairs:
        reader.notes.append("the review has no features yet")
    if pairs and all(nothing):
        return AppleDraft(({"data_protections": [NOT_COLLECTED]},), tuple(reader.notes))
    out = tuple(
        {
            "category": category,
            "purposes": sorted(usage.purposes),
            "data_protections": sorted(
                [LINKED if usage.linked else NOT_LINKED] + ([TRACKING] if usage.tracking else [])
            ),
        }
        for category, usage in sorted(usages.items())
    )
    return AppleDraft(out, tuple(dict.fromkeys(reader.notes)))


def dumps(label: AppleDraft) -> str:
    """fastlane's file: the list of data usages, indented as fastlane writes it."""
    return json.dumps(list(label.usages), indent=2, ensure_ascii=False) + "\n"
