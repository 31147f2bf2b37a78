"""The customer data card: what a feature does with a customer's data, in the customer's words.

Teams publish it next to the feature, so it is drafted from what the review already knows and
marked as a draft: the profile questions with a ``role`` give what is collected, why, who receives
it and how long it is kept (and the pillar question with the ``retention`` role, whether that is
enforced); the pillar answers about choice (consent, withdrawal, access, model
training, opt-outs) give "your choices". Where an answer is missing, unknown, or would make a
promise the feature does not keep, the card says so in a "before you publish" list instead of
inventing a reassuring sentence.

The pillar questions are found by the ids of the bundled questionnaire (``consent-choice``,
``withdrawal`` …); a questionnaire that uses other ids gets the profile part of the card and a
reminder to write the choices by hand.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from trustaudit.core.assessment.model import Answer, Feature
from trustaudit.core.questionnaire.model import Question, Questionnaire, Role
from trustaudit.core.report.markdown import UserText
from trustaudit.core.report.wording import topic
from trustaudit.core.scoring.scorecard import FeatureScore


@dataclass(frozen=True)
class DataCard:
    """One feature's card; every string is data for the template to escape."""

    feature: UserText
    collect: tuple[UserText, ...]
    sources: tuple[UserText, ...]
    why: UserText | None
    uses: tuple[UserText, ...]
    recipients: tuple[UserText, ...]
    retention: UserText | None
    choices: tuple[UserText, ...]
    before_publishing: tuple[UserText, ...]


# How the data reaches us, by option of the bundled ``data-sources`` question.
SOURCES = {
    "direct": "what you give us yourself",
    "observed": "what we see of how you use the product",
    "inferred": "what we work out about you, such as likely interests",
    "other-companies": "what other companies tell us about you",
}

# Retention in the customer's words, by option of the ``retention`` role question.
RETENTION = {
    "session": "Only while you use the feature; then it is deleted.",
    "up-to-30-days": "Up to 30 days.",
    "up-to-1-year": "Up to one year.",
    "until-deleted": "Until you delete it, unsubscribe or close your account.",
    "no-limit": "We have not set a time limit yet.",
}
RETENTION_ENFORCED = "It is deleted automatically when that time is up, backups included."

# Pillar answers that give the customer a choice: (question, option) -> what the card can say.
# ``None`` means the answer allows no honest promise; the gap goes to "before you publish".
CHOICES: dict[str, dict[str, str | None]] = {
    "consent-choice": {
        "opt-in": "It is off until you turn it on.",
        "strictly-needed": (
            "We only use the data needed for what you ask for, so there is no separate switch."
        ),
        "opt-out-clear": "It is on by default; you can turn it off right next to the notice.",
        "opt-out-hidden": "It is on by default; you can turn it off in the settings.",
        "no-choice": None,
    },
    "granular-choices": {
        "granular": "You can say yes or no separately for each kind of data and each use.",
        "grouped": "You can say yes or no to a few groups of data and uses.",
        "all-or-nothing": None,
    },
    "sensitive-consent": {
        "explicit-separate": "We ask for a separate yes before we collect any sensitive data.",
        "required-by-law": (
            "The law requires us to collect the sensitive data; we tell you which law."
        ),
        "bundled": None,
        "no-explicit-consent": None,
    },
    "withdrawal": {
        "one-step": (
            "You can change your mind at any time, in one step, and it takes effect at once."
        ),
        "several-steps": "You can change your mind at any time in the settings.",
        "by-request": "You can change your mind at any time by contacting our support team.",
        "cannot": None,
    },
    "opt-out-honoured": {
        "everywhere": (
            "When you opt out, every system and partner stops using your data within days."
        ),
        "slow": "When you opt out, we stop using your data everywhere within a few weeks.",
        "main-only": None,
        "not-honoured": None,
    },
    "ml-training-permission": {
        "opt-in": "We train our models on your data only if you agree, and you can withdraw.",
        "stated-opt-out": "You can stop your data being used to train our models.",
        "deidentified": "Only de-identified, combined data is used to train our models.",
        "policy-only": None,
        "not-told": None,
    },
    "data-access": {
        "self-service": "You can see and download the data this feature holds about you.",
        "on-request": "You can ask for a copy of the data this feature holds about you; "
        "we answer within a month.",
        "partial": "You can see and download part of the data this feature holds about you.",
        "cannot": None,
    },
}

_CUSTOMER_WORDS = [
    (re.compile(r"\bthe customer's\b", re.I), "your"),
    (re.compile(r"\bcustomers'\b", re.I), "your"),
    (re.compile(r"\bthe customer\b", re.I), "you"),
    (re.compile(r"\bcustomers\b", re.I), "you"),
]


def customer_words(label: str, lower: bool = False) -> UserText:
    """An option label from the team's point of view, turned to address the customer.

    ``lower`` starts it with a small letter, for items in a running list (not acronyms: "GPS").
    """
    for pattern, replacement in _CUSTOMER_WORDS:
        label = pattern.sub(replacement, label)
    if lower and len(label) > 1 and label[0].isupper() and label[1].islower():
        label = label[0].lower() + label[1:]
    return UserText(label)


def chosen(question: Question, answer: Answer | None) -> list[str]:
    """The option ids of an answer that still exist in the question."""
    if answer is None:
        return []
    ids = [answer.choice] if answer.choice is not None else list(answer.choices or [])
    return [i for i in ids if i in question.option_map]


def build(questionnaire: Questionnaire, feature: Feature, score: FeatureScore) -> DataCard:
    """Draft the card of one feature from its answers."""
    answers = feature.answers
    todo: list[str] = []
    applicable = {q.id: q.applicable for q in score.questions}

    def role(name: Role, what: str) -> list[UserText]:
        question = questionnaire.with_role(name)
        if question is None:
            todo.append(f"Write {what} by hand: the questionnaire has no question for it.")
            return []
        answer = answers.get(question.id)
        if answer is not None and answer.unknown:
            todo.append(f"Find out {what}: the review says \u201cdon't know\u201d.")
            return []
        labels = [question.option_map[i].label for i in chosen(question, answer)]
        if not labels and (answer is None or answer.choices is None):
            todo.append(f"Answer \u201c{topic(question.id)}\u201d in the review to fill in {what}.")
        return [customer_words(label, lower=True) for label in labels]

    collect = role("data_kinds", "what data is collected")
    uses = role("uses", "what the data is used for")
    recipients = role("recipients", "who receives the data")
    retention = _retention(questionnaire, answers, todo)
    why = _purpose(questionnaire, answers, todo)
    return DataCard(
        feature=UserText(feature.name),
        collect=tuple(collect),
        sources=_sources(questionnaire, answers),
        why=why,
        uses=tuple(uses),
        recipients=tuple(recipients),
        retention=retention,
        choices=tuple(UserText(c) for c in _choices(questionnaire, answers, applicable, todo)),
        before_publishing=tuple(UserText(t) for t in todo),
    )


def _sources(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> tuple[UserText, ...]:
    question = questionnaire.by_id.get("data-sources")
    if question is None:
        return ()
    ids = chosen(question, answers.get(question.id))
    return tuple(UserText(SOURCES[i]) for i in ids if i in SOURCES)


def _purpose(
    questionnaire: Questionnaire, answers: Mapping[str, Answer], todo: list[str]
) -> UserText | None:
    question = questionnaire.with_role("purpose_statement")
    answer = answers.get(question.id) if question is not None else None
    if answer is None or not (answer.text or "").strip():
        todo.append(
            "Write the purpose in one plain sentence (the review's purpose statement is empty)."
        )
        return None
    return UserText(answer.text or "")


def _retention(
    questionnaire: Questionnaire, answers: Mapping[str, Answer], todo: list[str]
) -> UserText | None:
    question = questionnaire.with_role("retention")
    if question is None:
        todo.append("Write how long the data is kept: the questionnaire has no question for it.")
        return None
    ids = chosen(question, answers.get(question.id))
    if not ids:
        todo.append("Find out how long the data is kept and say it as a concrete period.")
        return None
    option = question.option_map[ids[0]]
    text = RETENTION.get(option.id) or str(customer_words(option.label))
    if option.id == "no-limit":
        todo.append("Set a retention period: the card cannot tell customers when data goes.")
    # The pillar question with the retention role says whether the period is enforced; only
    # its exemplary answer (risk 0) lets the card promise automatic deletion.
    enforced = questionnaire.with_role("retention", pillar=True)
    done = chosen(enforced, answers.get(enforced.id)) if enforced is not None else []
    exemplary = enforced is not None and all(
        (enforced.option_map[i].risk or 0.0) == 0 for i in done
    )
    if done and exemplary and option.id != "no-limit":
        text = f"{text} {RETENTION_ENFORCED}"
    return UserText(text)


def _choices(
    questionnaire: Questionnaire,
    answers: Mapping[str, Answer],
    applicable: Mapping[str, bool],
    todo: list[str],
) -> list[str]:
    said: list[str] = []
    asked = False
    for qid, wording in CHOICES.items():
        question = questionnaire.by_id.get(qid)
        if question is None or not applicable.get(qid, False):
            continue
        asked = True
        answer = answers.get(qid)
        ids = chosen(question, answer)
        if not ids:
            if answer is None or answer.na is None:
                todo.append(
                    f"Confirm the answer to \u201c{topic(qid)}\u201d before promising a choice."
                )
            continue
        sentence = wording.get(ids[0], customer_words(question.option_map[ids[0]].label))
        if sentence is None:
            label = question.option_map[ids[0]].label
            todo.append(
                f"{topic(qid)} is \u201c{label}\u201d: fix it, or the card "
                "cannot honestly offer this choice."
            )
            continue
        said.append(sentence)
    if not asked:
        todo.append("Write the customer's choices by hand (opt in or out, withdraw, see data).")
    return said
