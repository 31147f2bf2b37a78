"""The checks of what questions and options say about obligations and the DPIA screening:
``obligations:`` ids that name catalogue entries (with did-you-mean) and can apply, ``facts:``
that some catalogue uses, ``dpia_criteria:`` among the nine WP248 criteria. Kept apart from
``checks.Checker`` (which calls it) so each stays small; docs/obligations.md.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

from trustaudit.core.obligations.catalogue import ANYWHERE, Catalogues, Obligation
from trustaudit.core.questionnaire.dpia import CRITERIA
from trustaudit.core.questionnaire.model import Option, Question, Questionnaire, Section

Report = Callable[..., None]
"""``report(item, *sub, message=..., key=False)``, as ``checks.Report``."""


class TagChecker:
    """Checks the obligation, fact and DPIA tags of one resolved questionnaire."""

    def __init__(self, report: Report, questionnaire: Questionnaire) -> None:
        self.report = report
        self.questionnaire = questionnaire
        self.reached: set[str] = set()
        """Catalogues and obligations already found unreachable (reported once each)."""

    def option(self, q: Question, k: int, option: Option) -> None:
        """A profile option's DPIA criteria and facts."""
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
            if obligation.catalogue in self.reached:
                return None
            self.reached.add(obligation.catalogue)
            wanted = ", ".join(markets)
            return (
                f"obligations: {obligation.catalogue} applies in {wanted}, but no option of "
                f"this questionnaire says a feature is used there (facts: [{markets[0]}]); add "
                "a markets question (docs/obligations.md)"
            )
        if obligation.only_when and not any(f in can for f in obligation.only_when):
            if obligation.id in self.reached:
                return None
            self.reached.add(obligation.id)
            wanted = " or ".join(obligation.only_when)
            return (
                f"obligations: {obligation.id} applies only when {wanted}, but no option of "
                f"this questionnaire establishes it (facts: [{obligation.only_when[0]}])"
            )
        return None


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
