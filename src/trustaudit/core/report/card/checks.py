"""The honesty checks: where an answer would let the card promise more than the feature keeps.

Each check reads other answers by role and, when they do not support a line, keeps the line off
the card and names the gap instead (docs/data-cards.md lists them):

- ``retention-unenforced``: a retention period is stated, but deletion at its end is not known to
  be automatic (the pillar ``retention`` answer is not at its best).
- ``consent-contradicted``: "off until you turn it on" (the best ``consent`` answer) while optional
  uses are bundled or the defaults are not the protective ones.
- ``choice-not-honoured`` / ``sensitive-without-opt-in``: a choice the answer does not honour
  (its option has no ``card:`` words to promise), or sensitive data without a separate yes.
- ``uses-not-stated``: the uses the card lists are not all told to customers (the pillar
  ``uses`` answer), so the purpose statement may leave out a use (sharing or selling above all).
- ``recipients-not-named``: the card says who receives the data, but customers are not told who.
- ``no-controller``, ``no-privacy-policy``, ``no-contact``, ``no-delete-url``: a published
  notice says who "we" are, where the full policy is, whom to ask and how to delete.
"""

from __future__ import annotations

from trustaudit.core.questionnaire.model import Role
from trustaudit.core.report.card.model import Backing, CheckId, Gap, Line, Publisher, SectionId
from trustaudit.core.report.card.reading import RoleAnswer, Roles
from trustaudit.core.report.card.wording import sentence
from trustaudit.core.report.markdown import UserText


class Draft:
    """A card being written: the feature's role answers, its publisher, and the gaps so far."""

    def __init__(self, roles: Roles, publisher: Publisher) -> None:
        self.roles = roles
        self.publisher = publisher
        self.gaps: list[Gap] = []

    def gap(
        self,
        check: CheckId,
        section: SectionId,
        message: str,
        *questions: str,
        role: Role | None = None,
    ) -> None:
        self.gaps.append(Gap(check, UserText(message), section, questions, role))

    def open_answer(self, found: RoleAnswer, section: SectionId, what: str) -> None:
        """The gap for an answer the card cannot use ("don't know", none, or invalid)."""
        if found.state == "unknown":
            self.gap(
                "unknown",
                section,
                f"Find out {what}: \u201c{found.topic}\u201d is answered \u201cDon't know\u201d.",
                found.question.id,
                role=found.question.role,
            )
        else:
            problem = " (its answer is no longer an option)" if found.state == "invalid" else ""
            self.gap(
                "unanswered",
                section,
                f"Answer \u201c{found.topic}\u201d{problem} to say {what}.",
                found.question.id,
                role=found.question.role,
            )


def _is(found: RoleAnswer) -> str:
    return f"{found.topic} is \u201c{found.label}\u201d"


# --- retention ----------------------------------------------------------------------------------


def enforced_retention(draft: Draft) -> Line | None:
    """The sentence that deletion is automatic, when the pillar ``retention`` answer is at its
    best and worded; otherwise a ``retention-unenforced`` gap (or none when it does not apply)."""
    found = draft.roles.get("retention", pillar=True)
    if found is None:
        draft.gap(
            "missing-role",
            "retention",
            "The questionnaire has no pillar question with role: retention, so nothing confirms "
            "that data is deleted when the period ends: add the role to the questionnaire.",
        )
        return None
    if not found.applicable or found.state == "na":
        return None
    if found.kept:
        said = sentence(found.options[0], fallback=False)
        return Line("sentence", said, (found.backing(),)) if said else None
    if found.open and found.state != "unknown":
        message = (
            f"Answer \u201c{found.topic}\u201d to confirm that data is deleted when the "
            "period ends."
        )
    elif found.state == "unknown":
        message = (
            f"\u201cHow long we keep it\u201d rests on deletion, but {found.topic} is "
            "\u201cDon't know\u201d: confirm that data is deleted when the period ends "
            "before promising it."
        )
    else:
        message = (
            f"\u201cHow long we keep it\u201d rests on deletion, but {_is(found)}: delete "
            "automatically when the period ends (copies and backups too) before promising it."
        )
    draft.gap("retention-unenforced", "retention", message, found.question.id, role="retention")
    return None


# --- choices ------------------------------------------------------------------------------------


def consent_contradicted(draft: Draft, consent: RoleAnswer, said: UserText) -> bool:
    """Whether the best consent answer ("off until you turn it on", "only what is needed") is
    contradicted by bundled uses or permissive defaults; if so the gap is added."""
    if not consent.kept:
        return False
    against: list[RoleAnswer] = []
    checked: tuple[Role, ...] = ("bundling", "defaults")
    for role in checked:
        found = draft.roles.get(role, pillar=True)
        if found is None or not found.applicable or found.state == "na":
            continue
        if not found.kept:
            against.append(found)
    if not against:
        return False
    reasons = " and ".join(_is(found) for found in against)
    draft.gap(
        "consent-contradicted",
        "choices",
        f"The card would say \u201c{said}\u201d, but {reasons}: ask for each optional use on its "
        "own and make the protective setting the default, or say what really happens.",
        consent.question.id,
        *(found.question.id for found in against),
        role="consent",
    )
    return True


def unhonoured(draft: Draft, found: RoleAnswer) -> None:
    """The gap for a choice whose answer has no words to promise (``card:``)."""
    qid, role = found.question.id, found.question.role
    if not found.worded:
        draft.gap(
            "no-wording",
            "choices",
            f"The questionnaire gives \u201c{found.topic}\u201d no customer wording (card:), so "
            "the card cannot state this choice: add card: phrases to its options.",
            qid,
            role=role,
        )
    elif role == "sensitive_consent":
        draft.gap(
            "sensitive-without-opt-in",
            "choices",
            f"The feature collects sensitive data without a separate, explicit yes ({_is(found)}): "
            "ask for it on its own before anything is collected.",
            qid,
            role=role,
        )
    else:
        draft.gap(
            "choice-not-honoured",
            "choices",
            f"{_is(found)}: the card cannot promise this choice until the practice changes.",
            qid,
            role=role,
        )


def sensitive_unconfirmed(draft: Draft, found: RoleAnswer) -> None:
    """Sensitive data whose consent is "don't know" or unanswered: no opt-in is confirmed."""
    draft.gap(
        "sensitive-without-opt-in",
        "choices",
        f"The feature collects sensitive data and nothing confirms a separate, explicit yes "
        f"({_is(found)}): answer it before publishing.",
        found.question.id,
        role="sensitive_consent",
    )


# --- what customers are told --------------------------------------------------------------------


def told(draft: Draft, role: Role, section: SectionId) -> None:
    """``uses-not-stated`` / ``recipients-not-named``: the pillar answer with the role of a listed
    section says customers are not told what the card lists."""
    found = draft.roles.get(role, pillar=True)
    if found is None or not found.applicable or found.state == "na" or found.kept:
        return
    qid = found.question.id
    if role == "uses":
        draft.gap(
            "uses-not-stated",
            section,
            f"Customers are not told every use ({_is(found)}): make the purpose statement name "
            "each use this card lists, sharing or selling above all.",
            qid,
            role=role,
        )
    else:
        draft.gap(
            "recipients-not-named",
            section,
            f"The card says who receives the data, but {_is(found)}: name them where customers "
            "decide, and on this card (a card note on the recipients answer).",
            qid,
            role=role,
        )


# --- the publisher ------------------------------------------------------------------------------


def published(draft: Draft, field: str) -> UserText | None:
    """A review field every card shows; its gap when it is not set."""
    value: UserText | None = getattr(draft.publisher, field)
    if value:
        return value
    check, section, message = MISSING[field]
    draft.gap(check, section, message, field)
    return None


def by_field(field: str) -> tuple[Backing, ...]:
    return (Backing(field=field),)


MISSING: dict[str, tuple[CheckId, SectionId, str]] = {
    "controller": (
        "no-controller",
        "who",
        "Say who \u201cwe\u201d are: set the review's controller (the company responsible "
        "for the data).",
    ),
    "privacy_policy_url": (
        "no-privacy-policy",
        "who",
        "Link the full privacy policy: set the review's privacy_policy_url.",
    ),
    "contact": (
        "no-contact",
        "contact",
        "Say whom to ask: set the review's contact (the privacy team or the DPO).",
    ),
    "delete_url": (
        "no-delete-url",
        "delete",
        "Say how to delete the data: set the review's delete_url.",
    ),
}
