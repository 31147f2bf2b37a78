"""The customer's words for an answer: the option's ``card:`` phrase, else its label made plain.

A label is written for the team ("Contact details (email, phone, postal address)"); its
parenthesised examples are not facts about this feature, so they are removed, and "the customer"
becomes "you". Pillar options (the choices a customer gets) have no such fallback: only a
``card:`` phrase may promise a choice (docs/questionnaire-format.md).
"""

from __future__ import annotations

import re

from trustaudit.core.questionnaire.model import Option
from trustaudit.core.report.markdown import UserText

_CUSTOMER_WORDS = [
    (re.compile(r"\bthe customer's\b", re.I), "your"),
    (re.compile(r"\bcustomers'\b", re.I), "your"),
    (re.compile(r"\bthe customer\b", re.I), "you"),
    (re.compile(r"\bcustomers\b", re.I), "you"),
]
_EXAMPLES = re.compile(r"\s*\([^()]*\)")


def plain_label(label: str) -> str:
    """A label without its parenthesised examples, addressed to the customer."""
    previous = None
    while previous != label:
        previous, label = label, _EXAMPLES.sub("", label)
    for pattern, replacement in _CUSTOMER_WORDS:
        label = pattern.sub(replacement, label)
    return " ".join(label.split())


def phrase(option: Option) -> UserText:
    """An item in a running list ("your email address"), without a full stop: the ``card:``
    phrase as its author wrote it, or the plain label with a small first letter (a label is
    written as a list entry, "Contact details"; acronyms such as "GPS" keep theirs)."""
    if option.card:
        return UserText(" ".join(option.card.split()).rstrip(" .;"))
    text = plain_label(option.label).rstrip(" .;")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return UserText(text)


def full_stop(text: str) -> UserText:
    """Text as one sentence on one line, ending with a full stop (unless it ends with . ! ?),
    so every form of the card (Markdown, JSON, HTML) shows the same punctuation."""
    text = " ".join(text.split())
    return UserText(text if not text or text.endswith((".", "!", "?")) else f"{text}.")


def sentence(option: Option, fallback: bool) -> UserText | None:
    """A sentence for the card: the ``card:`` phrase; with ``fallback`` the plain label too
    (profile options, which say what the feature does); None when there are no words."""
    if option.card:
        return full_stop(option.card)
    return full_stop(plain_label(option.label)) if fallback else None


NONE: dict[str, str] = {
    "collect": "no data about you",
    "sources": "nowhere",
    "uses": "nothing",
    "recipients": "nobody",
}
"""What a multi answer of "none of these" says in each list section."""
