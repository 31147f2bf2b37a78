"""The semantic checks of a resolved questionnaire that a schema cannot express.

Duplicate ids across sections, roles on the right question types, risk on pillar options and
impact on profile options, conditions that name earlier questions and existing options, and
renames that lead somewhere. Each problem is reported through the loader, which knows the file
and line of every question.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

from trustaudit.core.obligations.catalogue import ANYWHERE, Catalogues, Obligation
from trustaudit.core.questionnaire.conditions import condition_leaves
from trustaudit.core.questionnaire.dpia import CRITERIA
from trustaudit.core.questionnaire.model import (
    PILLAR_ROLES,
    ROLE_TYPES,
    WORDED_ROLES,
    Option,
    Question,
    Questionnaire,
    Section,
)

Report = Callable[..., None]
"""``report(item, *sub, message=..., key=False)``: add a problem at ``item`` (a question), or at
the field ``sub`` inside it (``key=True`` points at the key rather than the value)."""


class Checker:
    """Checks one resolved questionnaire; ``failed`` holds ids of questions dropped earlier."""

    def __init__(self, report: Report, failed: set[str], questionnaire: Questionnaire) -> None:
        self.report = report
        self.failed = failed
        self.questionnaire = questionnaire
        self.earlier: dict[str, Question] = {}
        self.reach_checked: set[str] = set()
        """Catalogues and obligations already found unreachable (reported once each)."""

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
            self.obligations(section, q)

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
            self.dpia_tags(q, k, option)
            self.facts(q, k, option)

    def dpia_tags(self, q: Question, k: int, option: Option) -> None:
        """DPIA criteria by their WP248 ids, each once, and not beside the older ``dpia``."""
        if option.dpia is not None and option.dpia_criteria:
            self.report(
                q, "options", k, "dpia", key=True,
                message="dpia: name the criteria with dpia_criteria alone (dpia is the older "
                "form that counts without naming)",
            )  # fmt: skip
        for i, criterion in enumerate(option.dpia_criteria):
            if criterion in option.dpia_criteria[:i]:
                message = f"dpia_criteria: '{criterion}' is listed twice"
            elif criterion not in CRITERIA:
                message = f"dpia_criteria: there is no criterion '{criterion}'" + _did_you_mean(
                    criterion, CRITERIA
                )
            else:
                continue
            self.report(q, "options", k, "dpia_criteria", i, message=message)

    def facts(self, q: Question, k: int, option: Option) -> None:
        """A fact is one some catalogue applies by, so a typo cannot silently match nothing."""
        known = self.questionnaire.obligations.facts
        for i, fact in enumerate(option.facts):
            if fact in option.facts[:i]:
                message = f"facts: '{fact}' is listed twice"
            elif fact not in known:
                message = (
                    f"facts: no obligation catalogue applies in or only when '{fact}'"
                    + _did_you_mean(fact, known)
                )
            else:
                continue
            self.report(q, "options", k, "facts", i, message=message)

    def obligations(self, section: Section, q: Question) -> None:
        """Each id names a catalogue entry (in any case), once, on a scored pillar question,
        and something in the questionnaire can make it apply."""
        if section.kind != "pillar" or q.type == "text":
            where = "a profile question" if section.kind != "pillar" else "a text question"
            self.report(
                q, "obligations", key=True,
                message=f"obligations: only choice and multi pillar questions have this; "
                f"'{q.id}' is {where}, and only a scored answer can put an obligation at risk",
            )  # fmt: skip
            return
        found = self.questionnaire.obligations
        for i, ref in enumerate(q.obligations):
            if ref in q.obligations[:i]:
                self.report(q, "obligations", i, message=f"obligations: '{ref}' is listed twice")
                continue
            obligation = found.get(ref)
            if obligation is None:
                self.report(q, "obligations", i, message=_unknown_obligation(ref, found))
                continue
            problem = self.unreachable(obligation)
            if problem is not None:
                self.report(q, "obligations", i, message=problem)

    def unreachable(self, obligation: Obligation) -> str | None:
        """Why ``obligation`` could never apply to a feature of this questionnaire (no option
        establishes its markets, or any of its facts), once per catalogue and obligation."""
        can = self.questionnaire.establishers
        markets = obligation.applies_in
        if ANYWHERE not in markets and not any(m in can for m in markets):
            if obligation.catalogue in self.reach_checked:
                return None
            self.reach_checked.add(obligation.catalogue)
            wanted = ", ".join(markets)
            return (
                f"obligations: {obligation.catalogue} applies in {wanted}, but no option of "
                f"this questionnaire says a feature is used there (facts: [{markets[0]}]); add "
                "a markets question (docs/obligations.md)"
            )
        if obligation.only_when and not any(f in can for f in obligation.only_when):
            if obligation.id in self.reach_checked:
                return None
            self.reach_checked.add(obligation.id)
            wanted = " or ".join(obligation.only_when)
            return (
                f"obligations: {obligation.id} applies only when {wanted}, but no option of "
                f"this questionnaire establishes it (facts: [{obligation.only_when[0]}])"
            )
        return None

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


def _did_you_mean(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _unknown_obligation(ref: str, found: Catalogues) -> str:
    """What is wrong with an id no catalogue has, and the closest one there is."""
    catalogue, _, _ = ref.partition(":")
    if not found.catalogues:
        where = ", ".join(str(f) for f in found.folders) or "obligations/ beside the questionnaire"
        return f"obligations: no obligation catalogue was found (looked in {where})"
    close = found.suggestion(ref)
    hint = f"; did you mean '{close}'?" if close else ""
    if catalogue not in found.catalogue_of:
        known = ", ".join(found.catalogue_of)
        return f"obligations: there is no catalogue '{catalogue}' (known: {known}){hint}"
    return f"obligations: {catalogue} has no entry '{ref.partition(':')[2]}'{hint}"


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
