"""What the two setup screens (new review, edit review) share: reading the whole form into the
review's ``Head``, and asking before Esc throws away what was typed.

Both screens hold the same widgets (``DetailsForm``, ``ScheduleForm``, ``FeatureList``,
``PublisherForm``); they differ only in what saving does (create a review, or change one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.widget import Widget
from textual.widgets import Input

from trustaudit.tui import requests
from trustaudit.tui.session import Head
from trustaudit.tui.widgets.details_form import DetailsForm
from trustaudit.tui.widgets.feature_list import FeatureList
from trustaudit.tui.widgets.head_forms import PublisherForm, ScheduleForm

DISCARD_BUTTONS = (("discard", "Discard changes"), ("keep", "Keep editing"))
"""The question Esc asks on an edited form; "keep" is the safe button Escape presses."""


def read_head(form: Widget, base: Head | None = None) -> Head | None:
    """The review's details, dates and publisher as the form holds them, each checked, over
    ``base`` (what the review holds besides: its tracker link); None when a field is refused
    (the problem is said and its field focused), or when a feature still being typed is."""
    details = form.query_one(DetailsForm).read()
    schedule = form.query_one(ScheduleForm).read()
    if details is None or schedule is None or not form.query_one(FeatureList).complete():
        return None
    publisher = form.query_one(PublisherForm).read()
    if publisher is None:
        return None
    if base is None:
        return Head(details, publisher, schedule=schedule)
    return replace(base, details=details, publisher=publisher, schedule=schedule)


def held(form: Widget) -> object:
    """What the form holds, to compare with what it held when shown: what is typed outside the
    feature list, and what the feature list holds (``FeatureList.held``)."""
    features = form.query_one(FeatureList)
    inner = set(features.query(Input))
    typed = tuple((f.id, f.value) for f in form.query(Input) if f not in inner)
    return typed, features.held()


def leave_or_ask(form: Widget, shown: object, leave: Callable[[], object]) -> None:
    """Leave at once when nothing changed since the form was shown (``shown``, None before it
    was); otherwise ask first, with "Keep editing" as the safe answer."""
    if shown is None or held(form) == shown:
        leave()
        return

    def decided(choice: str | None) -> None:
        if choice == "discard":
            leave()

    lines = ["What you typed here has not been saved."]
    form.post_message(
        requests.Ask(form, "Discard your changes?", lines, DISCARD_BUTTONS, decided, safe="keep")
    )
