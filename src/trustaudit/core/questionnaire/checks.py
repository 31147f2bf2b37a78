"""The semantic checks of a resolved questionnaire that a schema cannot express.

Duplicate ids across sections, roles on the right question types, risk on pillar options and
impact on profile options, conditions that name earlier questions and existing options, and
renames that lead somewhere. Each problem is reported through the loader, which knows the file
and line of every question.
"""

from __future__ import annotations

from collections.abc import Callable

from trustaudit.core.questionnaire.conditions import condition_leaves
from trustaudit.core.questionnaire.model import (
    PILLAR_ROLES,
    ROLE_TYPES,
    WORDED_ROLES,
    Option,
    Question,
    Questionnaire,
    Section,
)
from trustaudit.core.questionnaire.tag_checks import TagChecker

Report = Callable[..., None]
"""``report(item, *sub, message=..., key=False)``: add a problem at ``item`` (a question), or at
the field ``sub`` inside it (``key=True`` points at the key rather than the value); the same as
``tag_checks.Report``."""


class Checker:
    """Checks one resolved questionnaire; ``failed`` holds ids of questions dropped earlier."""

    def __init__(self, report: Report, failed: set[str], questionnaire: Questionnaire) -> None:
        self.report = report
        self.failed = failed
        self.questionnaire = questionnaire
        self.earlier: dict[str, Question] = {}
        self.tagged = TagChecker(report, questionnaire)

    def run(self) -> None:
        first: dict[str, Question] = {}
        roles: dict[tuple[str, str], Question] = {}
        for section in self.questionnaire.sections:
            for question in section.questions:
                if question.id in first:
                    self.report(
                        question,
                        "id",
                        message=(
                            f"question id '{question.id}' is used twice; answers are stored by id, "
                            "so each must be unique in the questionnaire"
                        ),
                    )
                    continue
                first[question.id] = question
                if question.role is not None:
                    key = (section.kind, question.role)
                    if key in roles:
                        self.report(
                            question,
                            "role",
                            message=(
                                f"role: only one {section.kind} question may have the role "
                                f"{question.role}"
                            ),
                        )
                    roles[key] = question
                self.question(section, question)
                self.earlier[question.id] = question

    def question(self, section: Section, q: Question) -> None:
        at = self.report
        if q.type == "text":
            if q.options:
                at(q, "options", message="options: a text question has no options")
        elif len(q.options) < (2 if q.type == "choice" else 1):
            at(
                q,
                "options",
                message=f"options: a {q.type} question needs at least "
                f"{'two options' if q.type == 'choice' else 'one option'}",
            )
        if q.type != "multi" and (q.combine is not None or q.cap is not None):
            at(
                q,
                "combine" if q.combine is not None else "cap",
                message="combine and cap only apply to multi questions",
            )
        if q.cap is not None and q.combine != "sum":
            at(q, "cap", message="cap only applies with combine: sum")
        if q.role is not None and q.type not in ROLE_TYPES[q.role]:
            at(
                q,
                "role",
                message=f"role: {q.role} needs a {' or '.join(ROLE_TYPES[q.role])} question",
            )
        if q.role in PILLAR_ROLES and section.kind == "profile":
            at(
                q,
                "role",
                message=f"role: {q.role} is a promise to customers; only a pillar question "
                "may have it",
            )
        seen: set[str] = set()
        for k, option in enumerate(q.options):
            if option.id in seen:
                at(
                    q,
                    "options",
                    k,
                    "id",
                    message=f"option id '{option.id}' is used twice in question '{q.id}'",
                )
            seen.add(option.id)
            self.option(section, q, k, option)
            self.card_keys(section, q, k, option)
        if section.kind == "pillar":
            self.pillar_question(section, q)
        else:
            self.profile_question(q)
        if q.when is not None:
            self.condition(q)
        if q.obligations:
            self.tagged.obligations(section, q)

    def pillar_question(self, section: Section, q: Question) -> None:
        # ``cap`` limits an impact sum; a pillar's summed risk is already capped at 1, so a cap
        # here would be silently ignored by the scoring.
        for name in ("unknown_impact", "cap"):
            if getattr(q, name) is not None:
                self.report(
                    q,
                    name,
                    message=(
                        f"{name}: only profile questions have this; '{section.id}' is a pillar"
                    ),
                    key=True,
                )

    def profile_question(self, q: Question) -> None:
        if q.harm is not None:
            self.report(
                q,
                "harm",
                key=True,
                message="harm: only pillar questions break a promise; profile questions have none",
            )
        if q.unknown_risk is not None:
            self.report(
                q,
                "unknown_risk",
                key=True,
                message=(
                    "unknown_risk: profile questions are not scored as risk; use unknown_impact"
                ),
            )
        if "weight" in q.model_fields_set:
            self.report(q, "weight", key=True, message="weight: only pillar questions are weighted")

    def option(self, section: Section, q: Question, k: int, option: Option) -> None:
        if section.kind == "pillar":
            if option.risk is None and q.type != "text":
                self.report(
                    q,
                    "options",
                    k,
                    message=(
                        f"option '{option.id}' needs a risk from 0 (exemplary) to 1 (failing): "
                        f"'{section.id}' is a pillar section"
                    ),
                )
            for name in ("impact", "benefit", "dpia", "dpia_criteria", "dpia_exemption", "facts"):
                if getattr(option, name) not in (None, []):
                    self.report(
                        q,
                        "options",
                        k,
                        name,
                        key=True,
                        message=(
                            f"{name}: only profile options have this; '{section.id}' is a pillar"
                        ),
                    )
        else:
            for name in ("risk", "floor"):
                if getattr(option, name) is not None:
                    self.report(
                        q,
                        "options",
                        k,
                        name,
                        key=True,
                        message=(
                            f"{name}: profile options are not scored as risk; use impact, benefit "
                            "or dpia"
                        ),
                    )
            self.tagged.option(q, k, option)

    def card_keys(self, section: Section, q: Question, k: int, option: Option) -> None:
        """``card:`` and ``apple:`` only where the data card reads them, so none is ignored."""
        if option.card is not None and q.role not in WORDED_ROLES[section.kind]:
            worded = ", ".join(sorted(WORDED_ROLES[section.kind]))
            self.report(
                q,
                "options",
                k,
                "card",
                key=True,
                message=f"card: the data card words only the options of {section.kind} "
                f"questions with one of the roles {worded}",
            )
        apple = option.apple
        if apple is None:
            return
        if section.kind == "pillar":
            self.report(
                q,
                "options",
                k,
                "apple",
                key=True,
                message="apple: the App Store label is drawn from what the feature does; "
                "only profile options have this",
            )
            return
        for name, role in (("categories", "data_kinds"), ("purposes", "uses")):
            if getattr(apple, name) and q.role != role:
                self.report(
                    q,
                    "options",
                    k,
                    "apple",
                    name,
                    key=True,
                    message=f"apple.{name}: only options of the question with role: {role} "
                    "have this",
                )

    def condition(self, q: Question) -> None:
        assert q.when is not None
        for leaf in condition_leaves(q.when):
            target = self.earlier.get(leaf.question)
            if target is None:
                if leaf.question in self.failed:
                    continue  # that question's own problems are already reported
                if leaf.question == q.id:
                    message = "when: a question cannot depend on itself"
                elif leaf.question in self.questionnaire.by_id:
                    message = (
                        f"when: '{leaf.question}' comes after this question; a condition "
                        "may only name an earlier question"
                    )
                else:
                    message = f"when: there is no question '{leaf.question}'"
                self.report(q, "when", message=message)
                continue
            if target.type == "text":
                self.report(
                    q,
                    "when",
                    message=(
                        f"when: '{leaf.question}' is a text question; conditions need a choice "
                        "or multi question"
                    ),
                )
                continue
            for option in leaf.options:
                if option not in target.option_map:
                    self.report(
                        q,
                        "when",
                        message=(f"when: question '{leaf.question}' has no option '{option}'"),
                    )


def rename_problems(questionnaire: Questionnaire, renames: dict[str, str]) -> list[tuple[str, str]]:
    """Problems of a file's ``renames`` against the questionnaire it resolves to, as (the old id
    it is written under, message): a rename must lead to a question or option this version has,
    from one it no longer has (answers are moved along renames, never over a live question)."""
    problems: list[tuple[str, str]] = []
    by_id = questionnaire.by_id
    for old, new in renames.items():
        if old == new:
            problems.append((old, f"renames: '{old}' is renamed to itself"))
            continue
        if "/" not in new:
            if new not in by_id:
                problems.append((old, f"renames: there is no question '{new}' to rename to"))
            elif old in by_id:
                problems.append(
                    (old, f"renames: '{old}' is still a question; a renamed question is gone")
                )
            continue
        old_q, old_o = old.split("/", 1)
        new_q, new_o = new.split("/", 1)
        target = by_id.get(new_q)
        if target is None or new_o not in target.option_map:
            problems.append((old, f"renames: question '{new_q}' has no option '{new_o}'"))
        elif old_q == new_q and old_o in target.option_map:
            problems.append(
                (
                    old,
                    f"renames: '{old_q}' still has the option '{old_o}'; a renamed option is gone",
                )
            )
    return problems
