"""What the review file holds for the cards: who publishes them, and card notes written for
customers; both are edited through the session and read back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.core import cardkit
from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.edits import Details, Publisher
from trustaudit.core.assessment.model import Answer, Assessment
from trustaudit.core.errors import InvalidFileError
from trustaudit.core.review.session import Review


def saved(tmp_path: Path) -> Path:
    path = tmp_path / "shop.trustaudit.yaml"
    a = cardkit.example()
    a.controller = a.privacy_policy_url = a.contact = a.delete_url = None
    path.write_text(file_form.to_yaml(a, [q.id for q in cardkit.bundled().questions]))
    return path


def test_the_publisher_is_set_through_the_session_and_saved(tmp_path: Path) -> None:
    path = saved(tmp_path)
    assert cardkit.checks(cardkit.card(file_form.load(path), "store-locator")) == [
        "no-controller",
        "no-privacy-policy",
        "no-delete-url",
        "no-contact",
    ]
    with Review.open(path) as review:
        review.update_details(
            Publisher(
                controller="Example Shop Ltd",
                privacy_policy_url="https://shop.example/privacy",
                contact="privacy@shop.example",
                delete_url="https://shop.example/delete",
            )
        )
        review.update_details(Details("Example Shop", release="2.4"))  # leaves the publisher
    loaded = file_form.load(path)
    assert (loaded.controller, loaded.contact, loaded.release) == (
        "Example Shop Ltd",
        "privacy@shop.example",
        "2.4",
    )
    assert cardkit.card(loaded, "store-locator").ready
    text = path.read_text(encoding="utf-8")
    assert text.index("controller:") < text.index("features:")


def test_blank_publisher_fields_are_not_set_and_not_written(tmp_path: Path) -> None:
    path = saved(tmp_path)
    with Review.open(path) as review:
        review.update_details(Publisher(controller="  ", contact=""))
    assert "controller" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "url", ["shop.example/privacy", "javascript:alert(1)", "https://", "https://a b.example"]
)
def test_the_policy_and_delete_addresses_must_be_web_addresses(tmp_path: Path, url: str) -> None:
    path = saved(tmp_path)
    with Review.open(path) as review, pytest.raises(InvalidFileError) as error:
        review.update_details(Publisher(privacy_policy_url=url))
    assert "must be a web address starting with https://" in str(error.value)
    with pytest.raises(ValidationError):
        Assessment.model_validate({**cardkit.example().model_dump(), "delete_url": url})


def test_a_card_note_alone_keeps_an_answer_and_reads_back(tmp_path: Path) -> None:
    path = saved(tmp_path)
    with Review.open(path) as review:
        review.set_answer("store-locator", "reach", Answer(card_note="Open to everyone."))
    loaded = file_form.load(path)
    assert loaded.feature("store-locator").answers["reach"].card_note == "Open to everyone."
    assert not Answer(card_note="x").is_empty
