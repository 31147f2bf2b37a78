"""Every honesty check of the data card: a review that trips it, and one that does not.

Each test starts from the example's store locator, whose card is ready to publish, and changes one
answer the way a real review could. A check that trips keeps the line it concerns off the card and
names the gap; the card is then not ready to publish.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.core import cardkit
from tests.core.cardkit import answer, card, checks, texts

STORE = "store-locator"


def store(**changes: dict[str, Any]) -> Any:
    """The store locator's card with ``question=answer-fields`` changes (an empty dict removes
    the answer)."""
    a = cardkit.only(cardkit.example(), STORE)
    for qid, value in changes.items():
        answer(a, STORE, qid.replace("_", "-"), **value)
    return card(a, STORE)


def test_the_baseline_card_is_ready_and_says_so() -> None:
    c = store()
    assert c.gaps == ()
    assert c.ready and c.status == "ready to publish"


# --- retention-unenforced ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "enforced", [{"choice": "manual"}, {"choice": "not-enforced"}, {"unknown": True}, {}]
)
def test_a_period_whose_deletion_is_not_automatic_is_a_gap(enforced: dict[str, Any]) -> None:
    c = store(retention_enforced=enforced)
    assert checks(c) == ["retention-unenforced"]
    assert texts(c, "retention") == ["Up to 30 days."]  # the period only: no deletion promise
    assert not c.ready


def test_automatic_deletion_backs_the_deletion_sentence() -> None:
    c = store(retention_enforced={"choice": "automatic"})
    assert texts(c, "retention") == [
        "Up to 30 days.",
        "It is deleted automatically when that time is up, backups included.",
    ]
    assert checks(c) == []


# --- consent-contradicted -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bundling", "defaults", "against"),
    [
        ({"choice": "bundled"}, {"choice": "protective"}, ["no-bundling"]),
        ({"na": "No optional use."}, {"choice": "mixed"}, ["privacy-defaults"]),
        ({"choice": "grouped"}, {"choice": "permissive"}, ["no-bundling", "privacy-defaults"]),
        ({"choice": "separate"}, {"unknown": True}, ["privacy-defaults"]),
    ],
)
def test_off_until_you_turn_it_on_is_held_back_when_bundling_or_defaults_contradict_it(
    bundling: dict[str, Any], defaults: dict[str, Any], against: list[str]
) -> None:
    c = store(no_bundling=bundling, privacy_defaults=defaults)
    assert checks(c) == ["consent-contradicted"]
    assert "It is off until you turn it on." not in texts(c, "choices")
    assert c.gaps[0].questions == ("consent-choice", *against)


def test_off_until_you_turn_it_on_stands_with_separate_uses_and_protective_defaults() -> None:
    c = store(no_bundling={"choice": "separate"}, privacy_defaults={"choice": "protective"})
    assert checks(c) == []
    assert texts(c, "choices")[0] == "It is off until you turn it on."


def test_an_on_by_default_answer_is_not_contradicted_by_permissive_defaults() -> None:
    c = store(consent_choice={"choice": "opt-out-clear"}, privacy_defaults={"choice": "mixed"})
    assert checks(c) == []
    assert texts(c, "choices")[0].startswith("It is on by default")


# --- choice-not-honoured --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "option", "honoured"),
    [
        ("withdrawal", "cannot", "by-request"),
        ("opt_out_honoured", "main-only", "slow"),
        ("opt_out_honoured", "not-honoured", "everywhere"),
        ("data_access", "cannot", "partial"),
        ("consent_choice", "no-choice", "opt-out-hidden"),
    ],
)
def test_a_choice_the_answer_does_not_honour_is_a_gap_not_a_promise(
    question: str, option: str, honoured: str
) -> None:
    c = store(**{question: {"choice": option}})
    assert checks(c) == ["choice-not-honoured"]
    assert c.gaps[0].questions == (question.replace("_", "-"),)
    assert all(
        b.options != (option,) for line in c.section("choices").lines for b in line.backed_by
    )
    fine = store(**{question: {"choice": honoured}})
    assert checks(fine) == []


def test_model_training_without_permission_is_a_gap(tmp_path: Path) -> None:
    a = cardkit.only(cardkit.example(), "recommendations")
    c = card(a, "recommendations")
    assert "choice-not-honoured" in checks(c)  # the example: "Only mentioned in the policy"
    answer(a, "recommendations", "ml-training-permission", choice="stated-opt-out")
    c = card(a, "recommendations")
    assert "choice-not-honoured" not in checks(c)
    assert "You can stop your data being used to train our models." in texts(c, "choices")


# --- sensitive-without-opt-in ---------------------------------------------------------------------


def health(consent: dict[str, Any]) -> Any:
    return store(data_kinds={"choices": ["approx-location", "health"]}, sensitive_consent=consent)


@pytest.mark.parametrize(
    "consent", [{"choice": "bundled"}, {"choice": "no-explicit-consent"}, {"unknown": True}, {}]
)
def test_sensitive_data_without_a_separate_yes_is_a_gap(consent: dict[str, Any]) -> None:
    c = health(consent)
    assert checks(c) == ["sensitive-without-opt-in"]
    assert not any("sensitive" in t for t in texts(c, "choices"))


@pytest.mark.parametrize("consent", ["explicit-separate", "required-by-law"])
def test_sensitive_data_with_a_separate_yes_or_a_law_is_stated(consent: str) -> None:
    c = health({"choice": consent})
    assert checks(c) == []
    assert any("sensitive data" in t for t in texts(c, "choices"))


def test_without_sensitive_data_the_sensitive_consent_question_says_nothing() -> None:
    c = store(sensitive_consent={"choice": "bundled"})  # answered, but it does not apply
    assert checks(c) == []


# --- uses-not-stated, recipients-not-named --------------------------------------------------------


@pytest.mark.parametrize("listed", [{"choice": "vague"}, {"choice": "some-missing"}, {}])
def test_uses_not_all_told_to_customers_are_a_gap(listed: dict[str, Any]) -> None:
    c = store(uses_listed=listed)
    assert checks(c) == ["uses-not-stated"]
    assert texts(c, "uses") == ["to provide the feature you asked for"]  # the list stays
    assert checks(store(uses_listed={"choice": "all-listed"})) == []


@pytest.mark.parametrize("named", [{"choice": "vague-categories"}, {"choice": "not-told"}])
def test_recipients_customers_are_not_told_about_are_a_gap(named: dict[str, Any]) -> None:
    c = store(recipients_named=named)
    assert checks(c) == ["recipients-not-named"]
    assert checks(store(recipients_named={"choice": "named"})) == []


def test_recipients_inside_the_team_need_no_naming() -> None:
    c = store(recipients={"choices": ["only-team"]}, recipients_named={"choice": "not-told"})
    assert checks(c) == []  # recipients-named does not apply
    assert texts(c, "recipients") == ["only the team that runs this feature"]


# --- the publisher --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "check", "section"),
    [
        ("controller", "no-controller", "who"),
        ("privacy_policy_url", "no-privacy-policy", "who"),
        ("contact", "no-contact", "contact"),
        ("delete_url", "no-delete-url", "delete"),
    ],
)
def test_a_notice_says_who_we_are_where_the_policy_is_whom_to_ask_and_how_to_delete(
    field: str, check: str, section: str
) -> None:
    a = cardkit.only(cardkit.example(), STORE)
    assert getattr(a, field)
    setattr(a, field, None)
    c = card(a, STORE)
    assert checks(c) == [check]
    assert c.gaps[0].section == section
    assert all(b.field != field for s in c.sections for line in s.lines for b in line.backed_by)


def test_without_a_policy_the_notice_has_no_link() -> None:
    a = cardkit.only(cardkit.example(), STORE)
    a.privacy_policy_url = None
    assert [line.kind for line in card(a, STORE).notice] == ["sentence", "sentence"]


# --- answers the card cannot use ------------------------------------------------------------------


def test_dont_know_and_no_answer_are_gaps_and_leave_the_line_to_be_written() -> None:
    c = store(retention={"unknown": True})
    assert checks(c) == ["unknown"]
    assert c.section("retention").open and not c.section("retention").lines
    c = store(withdrawal={})
    assert checks(c) == ["unanswered"]
    assert not any(b.role == "withdrawal" for line in c.notice for b in line.backed_by)


def test_an_empty_purpose_is_a_gap_and_there_is_no_notice() -> None:
    c = store(purpose_statement={})
    assert checks(c) == ["no-purpose"]
    assert c.notice == ()
    assert c.section("why").open


def test_a_questionnaire_without_a_needed_role_cannot_give_a_ready_card(tmp_path: Path) -> None:
    def drop_consent_role(data: dict[str, Any]) -> None:
        consent = cardkit.question(data, "consent-choice")
        del consent["role"]
        for option in consent["options"]:
            option.pop("card", None)  # card: is refused where no role reads it

    q = cardkit.variant(tmp_path, drop_consent_role)
    c = card(cardkit.only(cardkit.example(), STORE), STORE, q)
    assert checks(c) == ["missing-role"]
    assert "role: consent" in c.gaps[0].message
    assert "It is off until you turn it on." not in texts(c, "choices")


def test_a_choice_the_questionnaire_gives_no_words_for_is_a_gap(tmp_path: Path) -> None:
    def unworded(data: dict[str, Any]) -> None:
        for option in cardkit.question(data, "withdrawal")["options"]:
            option.pop("card", None)

    q = cardkit.variant(tmp_path, unworded)
    c = card(cardkit.only(cardkit.example(), STORE), STORE, q)
    assert checks(c) == ["no-wording"]
    assert not any("change your mind" in t for t in texts(c, "choices"))


# --- card notes -----------------------------------------------------------------------------------


def test_a_card_note_refines_the_line_its_answer_backs_and_internal_notes_never_show() -> None:
    a = cardkit.only(cardkit.example(), STORE)
    feature = a.feature(STORE)
    feature.answers["withdrawal"] = feature.answers["withdrawal"].model_copy(
        update={"card_note": "The switch is on the map screen"}
    )
    c = card(a, STORE)
    choices = texts(c, "choices")
    said = choices.index(
        "You can change your mind at any time, in one step, and it takes effect at once."
    )
    assert choices[said + 1] == "The switch is on the map screen."
    notes = [ans.note for ans in feature.answers.values() if ans.note]
    shown = " ".join(str(line.text) for s in c.sections for line in s.lines)
    assert notes and not any(note in shown for note in notes)


def test_the_card_note_of_an_answer_that_backs_no_line_is_not_shown() -> None:
    a = cardkit.only(cardkit.example(), STORE)
    answer(a, STORE, "withdrawal", choice="cannot", card_note="Email us to leave.")
    c = card(a, STORE)
    assert "Email us to leave." not in texts(c, "choices")
