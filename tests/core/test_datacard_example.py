"""The example review's cards, line by line, each with the answer (or review field) behind it.

This is the table the cards were checked against by hand: the answers and notes in
reports/example-shop.trustaudit.yaml. A line that changes here must be checked against them again.
"""

from __future__ import annotations

from tests.core import cardkit
from trustaudit.core.report.card.model import Card

# (section, backing, text): backing is "question=option,option" or "review:field"
RECOMMENDATIONS = [
    ("who", "review:controller", "Example Shop Ltd"),
    ("who", "review:privacy_policy_url", "Our full privacy policy"),
    ("collect", "data-kinds=purchase-history", "what you buy from us"),
    ("collect", "data-kinds=browsing", "how you use our app or website"),
    (
        "collect",
        "data-kinds=purchase-history,browsing",
        "Your orders from the last 12 months, and the products you view, search for and add to "
        "your basket. Never your payment details or your location.",
    ),
    ("sources", "data-sources=direct", "what you give us yourself"),
    ("sources", "data-sources=observed", "what we see of how you use the product"),
    ("sources", "data-sources=inferred", "what we work out about you from that data"),
    (
        "why",
        "purpose-statement=",
        "We use what you buy and look at in our shop to suggest products you are likely to like. "
        "You can turn this off in Settings at any time.",
    ),
    ("uses", "uses=personalise", "to personalise what we show you"),
    ("uses", "uses=analytics", "to measure how the product is used"),
    ("uses", "uses=ml-training", "to train our machine-learning models"),
    ("recipients", "recipients=service-providers", "companies that work for us under contract"),
    ("retention", "retention=up-to-1-year", "Up to one year."),
    (
        "choices",
        "consent-choice=opt-out-hidden",
        "It is on by default; you can turn it off in the settings.",
    ),
    (
        "choices",
        "granular-choices=grouped",
        "You can say yes or no to a few groups of data and uses.",
    ),
    (
        "choices",
        "withdrawal=several-steps",
        "You can change your mind at any time in the settings.",
    ),
    (
        "choices",
        "opt-out-honoured=slow",
        "When you opt out, every copy of your data stops being used within a few weeks.",
    ),
    (
        "choices",
        "data-access=partial",
        "You can see and download part of the data this feature holds about you.",
    ),
    (
        "choices",
        "tracking-disclosed=disclosed-wait",
        "Tracking tools that are not essential run only after you agree.",
    ),
    ("delete", "review:delete_url", "Delete your data here"),
    ("contact", "review:contact", "privacy@shop.example (our data protection officer)"),
]

STORE = [
    ("who", "review:controller", "Example Shop Ltd"),
    ("who", "review:privacy_policy_url", "Our full privacy policy"),
    ("collect", "data-kinds=approx-location", "your approximate location"),
    ("sources", "data-sources=direct", "what you give us yourself"),
    (
        "why",
        "purpose-statement=",
        "We use your approximate location, only while the map is open, to show the shops "
        "nearest to you.",
    ),
    ("uses", "uses=provide-feature", "to provide the feature you asked for"),
    ("recipients", "recipients=service-providers", "companies that work for us under contract"),
    (
        "recipients",
        "recipients=service-providers",
        "Our maps provider draws the map and receives your approximate location only.",
    ),
    ("retention", "retention=up-to-30-days", "Up to 30 days."),
    (
        "retention",
        "retention-enforced=automatic",
        "It is deleted automatically when that time is up, backups included.",
    ),
    ("choices", "consent-choice=opt-in", "It is off until you turn it on."),
    (
        "choices",
        "withdrawal=one-step",
        "You can change your mind at any time, in one step, and it takes effect at once.",
    ),
    (
        "choices",
        "opt-out-honoured=everywhere",
        "When you opt out, every system and partner stops using your data within days.",
    ),
    (
        "choices",
        "data-access=on-request",
        "You can ask us for a copy of the data this feature holds about you; we answer within a "
        "month.",
    ),
    ("delete", "review:delete_url", "Delete your data here"),
    ("contact", "review:contact", "privacy@shop.example (our data protection officer)"),
]

NEWSLETTER = [
    ("who", "review:controller", "Example Shop Ltd"),
    ("who", "review:privacy_policy_url", "Our full privacy policy"),
    ("collect", "data-kinds=contact", "your contact details"),
    ("collect", "data-kinds=preferences", "your preferences and settings"),
    (
        "collect",
        "data-kinds=contact,preferences",
        "Your email address, your first name if you give it, and the topics you pick.",
    ),
    ("sources", "data-sources=direct", "what you give us yourself"),
    ("sources", "data-sources=observed", "what we see of how you use the product"),
    (
        "why",
        "purpose-statement=",
        "We use your email address and the topics you pick to send you our weekly newsletter, "
        "and we see which emails you open so we can send you fewer that don't interest you.",
    ),
    ("uses", "uses=marketing", "for our own marketing"),
    ("uses", "uses=analytics", "to measure how the product is used"),
    ("recipients", "recipients=service-providers", "companies that work for us under contract"),
    (
        "retention",
        "retention=until-deleted",
        "Until you delete it, unsubscribe or close your account.",
    ),
    ("choices", "consent-choice=opt-in", "It is off until you turn it on."),
    (
        "choices",
        "granular-choices=grouped",
        "You can say yes or no to a few groups of data and uses.",
    ),
    (
        "choices",
        "withdrawal=one-step",
        "You can change your mind at any time, in one step, and it takes effect at once.",
    ),
    (
        "choices",
        "opt-out-honoured=everywhere",
        "When you opt out, every system and partner stops using your data within days.",
    ),
    (
        "choices",
        "data-access=self-service",
        "You can see and download the data this feature holds about you.",
    ),
    (
        "choices",
        "tracking-disclosed=disclosed-run-first",
        "Some tracking tools run before you have made a choice.",
    ),
    ("delete", "review:delete_url", "Delete your data here"),
    ("contact", "review:contact", "privacy@shop.example (our data protection officer)"),
]

LOYALTY = [
    ("who", "review:controller", "Example Shop Ltd"),
    ("who", "review:privacy_policy_url", "Our full privacy policy"),
    ("collect", "data-kinds=contact", "your contact details"),
    ("collect", "data-kinds=account", "your account details"),
    ("collect", "data-kinds=purchase-history", "what you buy from us"),
    (
        "collect",
        "data-kinds=contact,account,purchase-history",
        "Your name, email address, date of birth and member number, and everything you buy "
        "with your card, online and in our shops.",
    ),
    ("sources", "data-sources=direct", "what you give us yourself"),
    ("sources", "data-sources=observed", "what we see of how you use the product"),
    ("sources", "data-sources=inferred", "what we work out about you from that data"),
    (
        "why",
        "purpose-statement=",
        "We use your purchases to give you points and offers on things you buy, and we share "
        "your member number, tier and monthly spend with our fuel and coffee partners so they "
        "can give you their rewards.",
    ),
    ("uses", "uses=provide-feature", "to provide the feature you asked for"),
    ("uses", "uses=personalise", "to personalise what we show you"),
    ("uses", "uses=marketing", "for our own marketing"),
    ("uses", "uses=share-sell", "to share with or sell to other companies for their own use"),
    ("recipients", "recipients=service-providers", "companies that work for us under contract"),
    ("recipients", "recipients=partners", "partners who use it for their own purposes"),
    (
        "retention",
        "retention=until-deleted",
        "Until you delete it, unsubscribe or close your account.",
    ),
    (
        "choices",
        "granular-choices=all-or-nothing",
        "It is all or nothing: you cannot say yes to one part and no to another.",
    ),
    ("choices", "withdrawal=by-request", "You can change your mind at any time by contacting us."),
    (
        "choices",
        "data-access=on-request",
        "You can ask us for a copy of the data this feature holds about you; we answer within a "
        "month.",
    ),
    (
        "choices",
        "tracking-disclosed=disclosed-wait",
        "Tracking tools that are not essential run only after you agree.",
    ),
    ("delete", "review:delete_url", "Delete your data here"),
    ("contact", "review:contact", "privacy@shop.example (our data protection officer)"),
]

GAPS = {
    "recommendations": [
        ("uses-not-stated", ("uses-listed",)),
        ("retention-unenforced", ("retention-enforced",)),
        ("choice-not-honoured", ("ml-training-permission",)),
    ],
    "store-locator": [],
    "newsletter": [("retention-unenforced", ("retention-enforced",))],
    "loyalty-card": [
        ("uses-not-stated", ("uses-listed",)),
        ("recipients-not-named", ("recipients-named",)),
        ("retention-unenforced", ("retention-enforced",)),
        ("consent-contradicted", ("consent-choice", "no-bundling", "privacy-defaults")),
        ("choice-not-honoured", ("opt-out-honoured",)),
    ],
}


def table(c: Card) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for s in c.sections:
        for line in s.lines:
            (b,) = line.backed_by
            backing = f"review:{b.field}" if b.field else f"{b.question}={','.join(b.options)}"
            rows.append((s.id, backing, str(line.text)))
    return rows


def test_every_line_of_the_example_cards_and_the_answer_behind_it() -> None:
    cards = {c.feature_id: c for c in cardkit.cards(cardkit.example())}
    assert table(cards["recommendations"]) == RECOMMENDATIONS
    assert table(cards["store-locator"]) == STORE
    assert table(cards["newsletter"]) == NEWSLETTER
    assert table(cards["loyalty-card"]) == LOYALTY
    assert {fid: [(g.check, g.questions) for g in c.gaps] for fid, c in cards.items()} == GAPS
    assert [fid for fid, c in cards.items() if c.ready] == ["store-locator"]


def test_every_backing_is_an_answer_the_review_gives_with_those_options() -> None:
    a = cardkit.example()
    for c in cardkit.cards(a):
        answers = a.feature(c.feature_id).answers
        for s in c.sections:
            for line in s.lines:
                for b in line.backed_by:
                    if b.field:
                        assert getattr(a, b.field)
                        continue
                    assert b.question in answers
                    assert set(b.options) <= set(answers[b.question].option_ids)


def test_no_example_list_from_a_label_and_no_internal_note_reaches_a_card() -> None:
    a = cardkit.example()
    for c in cardkit.cards(a):
        said = " ".join(str(line.text) for s in c.sections for line in s.lines)
        assert "email, phone, postal address" not in said  # the newsletter's old card
        assert "IP-based" not in said  # the store locator's old card
        for ans in a.feature(c.feature_id).answers.values():
            if ans.note and len(ans.note) > 30:
                assert ans.note not in said


def test_the_notice_for_the_screen_where_data_is_asked_is_made_of_backed_lines() -> None:
    store = cardkit.card(cardkit.example(), "store-locator")
    assert [str(line.text) for line in store.notice] == [
        "We use your approximate location, only while the map is open, to show the shops "
        "nearest to you.",
        "You can change your mind at any time, in one step, and it takes effect at once.",
        "Privacy policy",
    ]
    assert store.notice[-1].url == "https://shop.example/privacy"
