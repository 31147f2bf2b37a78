"""The customer's words: a label's examples are not facts, and a card: phrase is kept as written."""

from __future__ import annotations

from trustaudit.core.questionnaire.model import Option
from trustaudit.core.report.card.wording import full_stop, phrase, plain_label, sentence


def test_a_labels_examples_are_removed_and_the_customer_is_you() -> None:
    assert plain_label("Contact details (email, phone, postal address)") == "Contact details"
    assert plain_label("Approximate location (city or region (IP-based))") == "Approximate location"
    assert plain_label("To provide the feature the customer asked for") == (
        "To provide the feature you asked for"
    )


def test_a_phrase_from_a_label_starts_small_and_a_card_phrase_stays_as_written() -> None:
    assert phrase(Option(id="a", label="Contact details (email)")) == "contact details"
    assert phrase(Option(id="b", label="GPS traces")) == "GPS traces"
    assert phrase(Option(id="c", label="x", card="Google Analytics events.")) == (
        "Google Analytics events"
    )


def test_a_pillar_option_without_card_words_promises_nothing() -> None:
    assert sentence(Option(id="a", label="Yes, in one step", risk=0), fallback=False) is None
    assert sentence(Option(id="b", label="Up to 30 days"), fallback=True) == "Up to 30 days."
    assert full_stop("  Ask   us ") == "Ask us."
    assert full_stop("Really?") == "Really?"
