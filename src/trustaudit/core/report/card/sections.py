"""The sections of a card, each written from the answers with its role and nothing else.

A section states what its answers support and adds a gap for what they do not (``checks``):
an unanswered or "don't know" answer, a questionnaire without the role, or a promise another
answer contradicts. An answer's ``card_note`` follows the line that answer backs, and only then.
"""

from __future__ import annotations

from trustaudit.core.questionnaire.model import Role
from trustaudit.core.report.card import checks
from trustaudit.core.report.card.checks import Draft, by_field, published
from trustaudit.core.report.card.model import TITLES, Line, Section, SectionId
from trustaudit.core.report.card.reading import RoleAnswer
from trustaudit.core.report.card.wording import NONE, full_stop, phrase, sentence
from trustaudit.core.report.markdown import UserText, is_safe_url

LISTS: tuple[tuple[SectionId, Role, str, bool], ...] = (
    ("collect", "data_kinds", "what data is collected", True),
    ("sources", "sources", "where the data comes from", False),
    ("uses", "uses", "what the data is used for", True),
    ("recipients", "recipients", "who receives the data", True),
)
"""The list sections: section, profile role, what it says, whether a card needs it."""

CHOICES: tuple[tuple[Role, str, bool], ...] = (
    ("consent", "whether customers can say no", True),
    ("sensitive_consent", "how customers agree to sensitive data", False),
    ("granularity", "whether customers can choose part of it", False),
    ("withdrawal", "how customers change their mind", True),
    ("opt_out", "what happens when customers opt out", False),
    ("access", "how customers see their data", True),
    ("model_training", "whether the data trains models", False),
    ("tracking", "when tracking tools run", False),
)
"""The choices, in the order the card states them: pillar role, what it says, whether a card
needs it (a questionnaire without that role cannot give a publishable card)."""


def _missing(draft: Draft, section: SectionId, role: Role, what: str, pillar: bool) -> None:
    kind = "pillar" if pillar else "profile"
    draft.gap(
        "missing-role",
        section,
        f"The questionnaire has no {kind} question with role: {role}, so the card cannot say "
        f"{what}: add the role to the questionnaire.",
    )


def _noted(found: RoleAnswer) -> list[Line]:
    note = found.card_note
    return [Line("note", full_stop(note), (found.backing(),))] if note else []


def listed(draft: Draft, section: SectionId, role: Role, what: str, needed: bool) -> Section:
    """A list section (what we collect, who receives it …): one phrase per option chosen."""
    found = draft.roles.get(role)
    if found is None:
        if needed:
            _missing(draft, section, role, what, pillar=False)
        return Section(section, TITLES[section], ())
    if not found.applicable or found.state == "na":
        return Section(section, TITLES[section], ())
    if found.open:
        draft.open_answer(found, section, what)
        return Section(section, TITLES[section], ())
    lines = [Line("item", phrase(o), (found.backing(o),)) for o in found.options]
    if not lines:
        lines = [Line("item", UserText(NONE[section]), (found.backing(),))]
    if section in ("uses", "recipients"):
        checks.told(draft, role, section)
    return Section(section, TITLES[section], (*lines, *_noted(found)))


def why(draft: Draft) -> Section:
    """The purpose statement, as the team wrote it for customers."""
    found = draft.roles.get("purpose_statement")
    if found is None:
        _missing(draft, "why", "purpose_statement", "why the data is used", pillar=False)
        return Section("why", TITLES["why"], ())
    text = (found.answer.text or "") if found.answer is not None else ""
    if found.state == "unknown":
        draft.open_answer(found, "why", "why the data is used")
        return Section("why", TITLES["why"], ())
    if not text.strip():
        draft.gap(
            "no-purpose",
            "why",
            f"Write the purpose in one plain sentence: \u201c{found.topic}\u201d is empty.",
            found.question.id,
        )
        return Section("why", TITLES["why"], ())
    lines = [Line("sentence", full_stop(text), (found.backing(),))]
    return Section("why", TITLES["why"], (*lines, *_noted(found)))


def retention(draft: Draft) -> Section:
    """How long the data is kept, and that it is deleted then only where that is enforced."""
    found = draft.roles.get("retention")
    what = "how long the data is kept"
    if found is None:
        _missing(draft, "retention", "retention", what, pillar=False)
        return Section("retention", TITLES["retention"], ())
    if not found.applicable or found.state == "na":
        return Section("retention", TITLES["retention"], ())
    if found.open or not found.options:
        draft.open_answer(found, "retention", what)
        return Section("retention", TITLES["retention"], ())
    period = sentence(found.options[0], fallback=True)
    assert period is not None  # profile options always have words
    lines = [Line("sentence", period, (found.backing(),))]
    enforced = checks.enforced_retention(draft)
    if enforced is not None:
        lines.append(enforced)
    return Section("retention", TITLES["retention"], (*lines, *_noted(found)))


def choices(draft: Draft) -> Section:
    """The customer's choices: one sentence per pillar answer that honours one."""
    lines: list[Line] = []
    for role, what, needed in CHOICES:
        found = draft.roles.get(role, pillar=True)
        if found is None:
            if needed:
                _missing(draft, "choices", role, what, pillar=True)
            continue
        if not found.applicable or found.state == "na":
            continue
        if found.open:
            if role == "sensitive_consent":
                checks.sensitive_unconfirmed(draft, found)
            else:
                draft.open_answer(found, "choices", what)
            continue
        said = sentence(found.options[0], fallback=False) if found.options else None
        if said is None:
            checks.unhonoured(draft, found)
            continue
        if role == "consent" and checks.consent_contradicted(draft, found, said):
            continue
        lines.append(Line("sentence", said, (found.backing(),)))
        lines.extend(_noted(found))
    return Section("choices", TITLES["choices"], tuple(lines))


def who(draft: Draft) -> Section:
    """Who "we" are, and the full privacy policy."""
    lines: list[Line] = []
    controller = published(draft, "controller")
    if controller:
        lines.append(Line("item", controller, by_field("controller")))
    policy = published(draft, "privacy_policy_url")
    if policy:
        full = UserText("Our full privacy policy")
        lines.append(Line("link", full, by_field("privacy_policy_url"), url=policy))
    return Section("who", TITLES["who"], tuple(lines))


def delete(draft: Draft) -> Section:
    url = published(draft, "delete_url")
    if not url:
        return Section("delete", TITLES["delete"], ())
    line = Line("link", UserText("Delete your data here"), by_field("delete_url"), url=url)
    return Section("delete", TITLES["delete"], (line,))


def contact(draft: Draft) -> Section:
    value = published(draft, "contact")
    if not value:
        return Section("contact", TITLES["contact"], ())
    web = value.lower().startswith(("https://", "http://")) and is_safe_url(value)
    line = Line("link", value, by_field("contact"), url=value) if web else None
    return Section(
        "contact", TITLES["contact"], (line or Line("item", value, by_field("contact")),)
    )
