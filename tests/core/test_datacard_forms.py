"""The card's forms: Markdown, JSON, the HTML snippet and the App Store label draft.

The HTML snippet is read by a strict checker built on the standard library's ``html.parser`` (no
new test dependency): only the elements and attributes the snippet is documented to use, every
element closed where it was opened and nested as HTML allows, unique ids, labels that point at a
heading, links only to web or mail addresses, and text only where text may go. Hostile text (the
payloads of test_report_escape.py) in card: phrases, card notes, names and review fields must
read back intact and never become structure. The JSON forms validate against the JSON Schemas
under tests/data/, which write down the shapes docs/data-cards.md documents.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.core import cardkit
from tests.core.test_report_escape import PAYLOADS, shape
from trustaudit.core.assessment.model import Answer, Assessment
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report.card import apple, html_form, json_form
from trustaudit.core.report.card.model import Card
from trustaudit.core.report.card.output import markdown, render_cards
from trustaudit.core.report.markdown import UserText
from trustaudit.core.scoring.engine import score

jsonschema = pytest.importorskip("jsonschema")
DATA = ROOT / "tests" / "data"

# --- a strict reader of the HTML snippet ---------------------------------------------------------

ATTRIBUTES: dict[str, set[str]] = {
    "section": {"class", "id", "aria-labelledby"},
    "h2": {"id"},
    "h3": {"id"},
    "p": {"class"},
    "strong": set(),
    "dl": {"class"},
    "dt": set(),
    "dd": set(),
    "ul": set(),
    "li": set(),
    "a": {"href"},
}
CHILDREN: dict[str | None, set[str]] = {
    None: {"section"},
    "section": {"h2", "h3", "p", "dl", "section", "ul"},
    "dl": {"dt", "dd"},
    "dt": set(),
    "dd": {"ul", "p"},
    "ul": {"li"},
    "li": {"a", "strong"},
    "p": {"strong", "a"},
    "h2": set(),
    "h3": set(),
    "strong": set(),
    "a": set(),
}
NO_TEXT = {None, "section", "dl", "dd", "ul"}


class StrictHTML(HTMLParser):
    """Reads a snippet and lists every way it breaks the snippet's rules (``errors``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.labelled: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parent = self.stack[-1] if self.stack else None
        if tag not in ATTRIBUTES:
            self.errors.append(f"element <{tag}> is not allowed")
        elif tag not in CHILDREN[parent]:
            self.errors.append(f"<{tag}> inside <{parent}>")
        for name, value in attrs:
            if name not in ATTRIBUTES.get(tag, set()):
                self.errors.append(f"attribute {name} on <{tag}>")
            if value is None:
                self.errors.append(f"attribute {name} without a value")
            elif name == "id":
                self.ids.append(value)
            elif name == "aria-labelledby":
                self.labelled.append(value)
            elif name == "href" and not re.match(r"^(https?://[^\s]+|mailto:[^\s]+)$", value):
                self.errors.append(f"link to {value!r}")
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        where = self.stack[-1] if self.stack else None
        if data.strip() and where in NO_TEXT:
            self.errors.append(f"text {data[:30]!r} directly in <{where}>")
        self.texts.append(data)

    def handle_comment(self, data: str) -> None:
        self.errors.append("a comment")

    def handle_decl(self, decl: str) -> None:
        self.errors.append("a declaration")

    def handle_pi(self, data: str) -> None:
        self.errors.append("a processing instruction")

    def unknown_decl(self, data: str) -> None:
        self.errors.append("an unknown declaration")


def check_html(snippet: str) -> StrictHTML:
    reader = StrictHTML()
    reader.feed(snippet)
    reader.close()
    assert reader.stack == [], f"left open: {reader.stack}"
    assert reader.errors == []
    assert len(reader.ids) == len(set(reader.ids)), "ids are not unique"
    assert set(reader.labelled) <= set(reader.ids), "aria-labelledby names no id"
    return reader


def norm(text: str) -> str:
    return " ".join(text.split())


# --- the example -------------------------------------------------------------------------------


def example_output(fmt: str) -> Any:
    a = cardkit.example()
    q = cardkit.bundled()
    return render_cards(fmt, q, a, score(q, a))  # type: ignore[arg-type]


def test_the_example_html_snippet_passes_the_strict_reader_and_says_what_is_not_ready() -> None:
    out = example_output("html")
    reader = check_html(out.text)
    assert "<script" not in out.text and "<style" not in out.text and "src=" not in out.text
    text = norm(" ".join(reader.texts))
    assert text.count("Not ready to publish:") == 3
    assert text.count("Ready to publish: every line rests on an answer") == 1
    assert "Before you publish" in text
    assert 'href="https://shop.example/account/delete-my-data"' in out.text


def test_the_example_json_has_the_documented_shape() -> None:
    data = json.loads(example_output("json").text)
    schema = json.loads((DATA / "data-cards.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert [c["ready"] for c in data["cards"]] == [False, True, False, False]


def test_the_example_apple_privacy_draft_has_fastlanes_shape_and_lists_what_it_cannot_map() -> None:
    out = example_output("apple-privacy")
    data = json.loads(out.text)
    schema = json.loads((DATA / "app-privacy-details.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data == [
        {
            "category": "COARSE_LOCATION",
            "purposes": ["APP_FUNCTIONALITY"],
            "data_protections": ["DATA_LINKED_TO_YOU"],
        },
        {
            "category": "PURCHASE_HISTORY",
            "purposes": [
                "ANALYTICS",
                "APP_FUNCTIONALITY",
                "DEVELOPERS_ADVERTISING",
                "OTHER_PURPOSES",
                "PRODUCT_PERSONALIZATION",
            ],
            "data_protections": ["DATA_LINKED_TO_YOU"],
        },
    ]
    assert len(out.to_check) == 9  # as docs/data-cards.md says
    listed = "\n".join(out.to_check)
    assert "may be EMAIL_ADDRESS, PHONE_NUMBER, PHYSICAL_ADDRESS or OTHER_CONTACT_INFO" in listed
    assert "“To share with or sell to other companies for their own use” has no App Store" in listed
    assert "“Partners who use it for their own purposes” has no App Store mapping" in listed
    assert "Store locator: no answer says whether its data is linked" in listed


def test_the_standalone_markdown_template_filters_every_user_string() -> None:
    from trustaudit.core.report import environment, render

    cards = cardkit.cards(cardkit.example())
    env = environment.builtin_environment(render._filters(), strict=True)
    template = env.get_template("trustaudit/cards.md.j2")
    text = template.render(product=UserText("Example Shop"), cards=cards)
    assert text.rstrip("\n") + "\n" == markdown("Example Shop", cards)


def test_the_schema_lists_fastlanes_ids_as_the_questionnaire_model_does() -> None:
    from typing import get_args

    from trustaudit.core.questionnaire.apple import AppleCategory, ApplePurpose

    schema = json.loads((DATA / "app-privacy-details.schema.json").read_text(encoding="utf-8"))
    usage = schema["items"]["oneOf"][1]["properties"]
    assert usage["category"]["enum"] == list(get_args(AppleCategory))
    assert usage["purposes"]["items"]["enum"] == list(get_args(ApplePurpose))


# --- the App Store label, answer by answer --------------------------------------------------------


def label(assessment: Assessment, q: Questionnaire | None = None) -> apple.AppleDraft:
    q = q or cardkit.bundled()
    return apple.draft(q, assessment, score(q, assessment))


def one(**answers: dict[str, Any]) -> Assessment:
    a = cardkit.only(cardkit.example(), "store-locator")
    for qid, value in answers.items():
        cardkit.answer(a, "store-locator", qid.replace("_", "-"), **value)
    return a


def test_linked_and_tracking_come_from_the_options_that_say_so() -> None:
    a = one(
        data_kinds={"choices": ["approx-location", "account"]},
        recipients={"choices": ["advertisers-brokers"]},
    )
    (usage,) = label(a).usages
    assert usage["data_protections"] == ["DATA_LINKED_TO_YOU", "DATA_USED_TO_TRACK_YOU"]
    assert not any("linked" in line for line in label(a).to_check)


def test_a_feature_that_collects_nothing_says_data_not_collected() -> None:
    a = one(data_kinds={"choices": []})
    assert label(a).usages == ({"data_protections": ["DATA_NOT_COLLECTED"]},)


def test_unknown_answers_are_listed_not_guessed() -> None:
    a = one(data_kinds={"unknown": True})
    draft = label(a)
    assert draft.usages == ()
    assert draft.to_check == ("Store locator: answer “Data kinds” (what data it collects) first",)


def test_every_purpose_given_to_every_type_is_said() -> None:
    a = one(
        data_kinds={"choices": ["approx-location", "purchase-history"]},
        uses={"choices": ["provide-feature", "analytics"]},
    )
    assert any("remove the pairs that do not hold" in line for line in label(a).to_check)


# --- hostile text ------------------------------------------------------------------------------


def hostile_review(payload: str) -> tuple[Questionnaire, Assessment]:
    a = cardkit.only(cardkit.example(), "store-locator")
    a.product = f"Shop {payload}"
    a.controller = f"Co {payload}"
    a.contact = f"ask {payload}"
    a.privacy_policy_url = 'https://shop.example/p?a=<b>&c="d\'e"'
    feature = a.feature("store-locator")
    feature.name = f"Locator {payload}"
    for qid in ("data-kinds", "withdrawal", "retention"):
        ans = feature.answers[qid]
        feature.answers[qid] = Answer(**{**ans.model_dump(), "card_note": f"Note {payload}"})
    feature.answers["purpose-statement"] = Answer(text=f"We use it {payload}")
    return cardkit.bundled(), a


def hostile_card_phrases(tmp_path: Path, payload: str) -> Questionnaire:
    def edit(data: dict[str, Any]) -> None:
        for option in cardkit.question(data, "data-kinds")["options"]:
            if option["id"] == "approx-location":
                option["card"] = f"place {payload}"
        for option in cardkit.question(data, "withdrawal")["options"]:
            if option["id"] == "one-step":
                option["card"] = f"Leave {payload}"

    return cardkit.variant(tmp_path, edit, name="hostile")


def strings(c: Card) -> list[str]:
    said = [str(c.feature), *(str(x.text) for s in c.sections for x in s.lines)]
    return [norm(s) for s in said if norm(s)]


@pytest.fixture(scope="module")
def baseline_markdown(tmp_path_factory: pytest.TempPathFactory) -> Any:
    _, harmless = hostile_review("harmless")
    q = hostile_card_phrases(tmp_path_factory.mktemp("plain"), "harmless")
    return shape(markdown(harmless.product, cardkit.cards(harmless, q)))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_never_breaks_the_html_the_json_or_the_markdown(
    tmp_path: Path, payload: str, baseline_markdown: Any
) -> None:
    _, a = hostile_review(payload)
    q = hostile_card_phrases(tmp_path, payload)
    cards = cardkit.cards(a, q)
    said = strings(cards[0])
    # HTML: the strict reader passes, and every string reads back as it was typed
    reader = check_html(html_form.snippet(cards))
    shown = norm(" ".join(reader.texts))
    assert all(s in shown for s in said)
    # JSON: valid, the documented shape, every string intact, nothing that closes a <script>
    text = json_form.dumps(json_form.to_json(a.product, cards))
    assert "<" not in text and ">" not in text
    data = json.loads(text)
    jsonschema.validate(data, json.loads((DATA / "data-cards.schema.json").read_text()))
    card = data["cards"][0]
    assert card["feature"]["name"] == a.feature("store-locator").name
    assert data["product"] == a.product
    lines = [line["text"] for s in card["sections"] for line in s["lines"]]
    assert [norm(x) for x in lines if norm(x)] == said[1:]
    # Markdown: the same headings and links as harmless text, no HTML, every string intact
    hostile = shape(markdown(a.product, cards))
    assert hostile.headings == baseline_markdown.headings
    assert hostile.html == 0
    assert hostile.links == baseline_markdown.links
    assert all(s in norm(hostile.text) for s in said)


# --- never ready while a gap is open -----------------------------------------------------------

ROLE_QUESTIONS = [
    q
    for q in cardkit.bundled().questions
    if q.role is not None and q.type != "text" and q.id != "data-kinds"
]


@st.composite
def answers(draw: st.DrawFn) -> dict[str, Answer | None]:
    out: dict[str, Answer | None] = {}
    for q in ROLE_QUESTIONS:
        kind = draw(st.sampled_from(["keep", "option", "unknown", "none"]))
        if kind == "option":
            option = draw(st.sampled_from(q.options)).id
            out[q.id] = Answer(choices=[option]) if q.type == "multi" else Answer(choice=option)
        elif kind == "unknown":
            out[q.id] = Answer(unknown=True)
        elif kind == "none":
            out[q.id] = None
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=answers(), publisher=st.sets(st.sampled_from(["controller", "contact"])))
def test_a_card_is_ready_exactly_when_no_gap_is_open_in_every_form(
    changes: dict[str, Answer | None], publisher: set[str]
) -> None:
    a = cardkit.only(cardkit.example(), "store-locator")
    feature = a.feature("store-locator")
    for qid, value in changes.items():
        if value is None:
            feature.answers.pop(qid, None)
        else:
            feature.answers[qid] = value
    for field in publisher:
        setattr(a, field, None)
    (c,) = cardkit.cards(a)
    assert c.ready == (not c.gaps)
    md = markdown(a.product, (c,))
    assert ("**Not ready to publish:**" in md) == bool(c.gaps)
    assert ("*Ready to publish:" in md) == (not c.gaps)
    assert ("Not ready to publish" in html_form.card_html(c)) == bool(c.gaps)
    assert json.loads(json_form.dumps(json_form.to_json("x", (c,))))["cards"][0]["ready"] is c.ready
    for s in c.sections:
        assert s.open == (not s.lines and any(g.section == s.id for g in c.gaps))
        for line in s.lines:
            for b in line.backed_by:
                if b.field:
                    assert getattr(a, b.field)
                    continue
                stored = feature.answers[b.question or ""]
                assert set(b.options) <= set(stored.option_ids)
                question = cardkit.bundled().by_id[b.question or ""]
                pillar = cardkit.bundled().section_of[question.id].kind == "pillar"
                if pillar and line.kind == "sentence":
                    (oid,) = b.options
                    assert question.option_map[oid].card == str(line.text)
