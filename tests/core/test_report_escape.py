"""Hostile text in every user field never becomes Markdown structure.

A real CommonMark parser with GitHub tables reads the report. With hostile strings in the product
name, feature name, description, purpose statement, notes and evidence links, the parsed report
must have the same block structure as with harmless strings (tables of the same rows × columns,
headings, block quotes, lists and their items, thematic breaks, code blocks, in the same places),
no raw HTML at all, no links but those of the report itself and the evidence links, each to an
allowed target (http, https, a relative path or a ``#anchor``), and every string must read back
intact (whitespace normalised). More than 10,000 hostile strings are rendered per run.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.core import reportkit
from trustaudit.core.report import markdown as md
from trustaudit.core.text import clean_text

PAYLOADS = [
    "# heading", "## Heading ##", "> quote", "- item", "+ item", "* item", "1. item", "1) item",
    "| a | b |", "a | b", "|---|---|", "`code`", "```\nfence\n```", "~~~", "<b>bold</b>",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<!-- comment -->",
    "[text](https://evil.example)", "[x](javascript:alert(1))", "![img](x.png)", "<https://a.b>",
    "&amp;", "&lt;script&gt;", "&#60;", "&#x3C;", "\\", "\\|", "trailing \\", "{{ 7 * 7 }}",
    "{% for x in range(9) %}x{% endfor %}", "{# c #}", "***", "---", "===", "a\n===", "a\n---",
    "    indented code", "\tTab", "line one\nline two", "para\n\npara", "**bold**", "_em_",
    "~~strike~~", "$x^2$", "[^1]: footnote", "[ref]: /url", "<div>\n\nblock\n\n</div>",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>", "  ", "x  \ny",
    "é ü 日本 \u202e\u200b", "%%{init: {}}%%", '"quoted"', "a: b; c", "[[wiki]]", "@mention",
    ">", "-", "- ", "* * *", "_ _ _", "x\n> quote", "x\n>> nested", "x\n- item", "x\n* item",
    "x\n+ item", "x\n1. item", "x\n2) item", "x\n---", "x\n***", "x\n- - -", "x\n  > quote",
    "x\n\n- item", "x\n\n> quote", "x\n\n---", "x\n```", "x\n~~~ fence", "x\n    code",
    "[a](docs/a(1).md)", "docs/a(1).md", "https://a.b/x_(y)", "<a href=x>y</a>",
]  # fmt: skip
HOSTILE = "|\n#>-*_`[]()<>!{}%\\&;:\"' =+~$.1\t"


def hostile() -> st.SearchStrategy[str]:
    alphabet = st.sampled_from(list(HOSTILE)) | st.characters(codec="utf-8")
    noise = st.text(alphabet, min_size=1, max_size=30)
    return st.one_of(
        st.sampled_from(PAYLOADS),
        noise,
        st.tuples(st.sampled_from(PAYLOADS), noise).map("".join),
        st.tuples(noise, st.sampled_from(PAYLOADS), noise).map("".join),
    )


PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")


BLOCKS = {
    "heading_open", "blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open",
    "hr", "fence", "code_block", "table_open", "html_block",
}  # fmt: skip
"""Every kind of block Markdown has but the paragraph: user text may add paragraphs to a note,
never one of these."""


@dataclass(frozen=True)
class Shape:
    tables: tuple[tuple[int, tuple[int, ...]], ...]
    headings: int
    blocks: tuple[tuple[str, int], ...]
    """Each block that is not a paragraph, with its depth, in document order."""
    links: Counter[str]
    html: int
    text: str


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child))
    return "".join(parts)


def shape(markdown: str) -> Shape:
    tokens = PARSER.parse(markdown)
    tables: list[tuple[int, tuple[int, ...]]] = []
    rows: list[int] = []
    cells = 0
    links: Counter[str] = Counter()
    html = 0
    texts = []
    for token in tokens:
        if token.type == "table_open":
            rows = []
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("td_open", "th_open"):
            cells += 1
        elif token.type == "tr_close":
            rows.append(cells)
        elif token.type == "table_close":
            tables.append((len(rows), tuple(rows)))
        elif token.type in ("html_block", "html_inline"):
            html += 1
        elif token.type == "inline":
            texts.append(_inline_text(token))
            for child in token.children or []:
                if child.type == "html_inline":
                    html += 1
                elif child.type == "link_open":
                    links[str(child.attrGet("href"))] += 1
                elif child.type == "image":
                    links["image:" + str(child.attrGet("src"))] += 1
    headings = sum(1 for t in tokens if t.type == "heading_open")
    blocks = tuple((t.type, t.level) for t in tokens if t.type in BLOCKS)
    return Shape(tuple(tables), headings, blocks, links, html, " ".join(texts))


_ALLOWED_LINK = re.compile(r"(?i)(?:https?://[^/?#\\\s]|#|(?![a-z][a-z0-9+.-]*:))")
"""What a link in a report may point at: an http(s) URL with a host, an ``#anchor``, or a
relative reference (no scheme). Everything else is refused, whatever its scheme is called."""


def allowed_link(href: str) -> bool:
    return _ALLOWED_LINK.match(href) is not None


def norm(text: str) -> str:
    return " ".join(text.split())


@cache
def baseline() -> Shape:
    return shape(reportkit.render(reportkit.review(notes=["Harmless note"] * len(reportkit.NOTED))))


def filled(text: str) -> str:
    """Blank text is no text: the report rightly leaves out an empty note, so tables differ."""
    return text if clean_text(text).strip() else text + "x"


def check(
    product: str,
    name: str,
    description: str,
    purpose: str,
    notes: list[str],
    evidence: list[str],
) -> None:
    product, name, description, purpose = map(filled, (product, name, description, purpose))
    notes, evidence = [filled(n) for n in notes], [filled(e) for e in evidence]
    assessment = reportkit.review(product, name, description, purpose, notes, evidence)
    got = shape(reportkit.render(assessment))
    base = baseline()
    assert got.tables == base.tables, "a user string changed the shape of a table"
    assert got.headings == base.headings, "a user string made or removed a heading"
    assert got.blocks == base.blocks, "a user string made a quote, list, rule or code block"
    assert got.html == 0, "raw HTML got through"
    safe = [
        e for e in assessment.features[0].answers["collection-notice"].evidence if md.is_safe_url(e)
    ]
    expected = Counter(base.links)
    per_evidence = expected.pop("docs/evidence.md")
    for e in safe:  # compared decoded: the report may percent-encode what the parser keeps
        expected[unquote(PARSER.normalizeLink(e))] += per_evidence
    found: Counter[str] = Counter()
    for href, n in got.links.items():
        found[unquote(href)] += n
    assert found == expected, "links other than the report's own and the evidence links"
    for href in got.links:
        assert allowed_link(href), f"a link to {href!r}"
    text = norm(got.text)
    feature = assessment.features[0]
    answers = feature.answers
    strings = [
        assessment.product,
        feature.name,
        feature.description,
        answers["purpose-statement"].text or "",
    ]
    strings += [answers[q].note or "" for q in reportkit.NOTED[: len(notes)]]
    strings += list(answers["collection-notice"].evidence)
    for value in strings:
        assert norm(value) in text, f"{value!r} does not read back intact"


EXAMPLES = 480


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.tuples(hostile(), hostile(), hostile(), hostile()),
    st.lists(hostile(), min_size=len(reportkit.NOTED), max_size=len(reportkit.NOTED)),
    st.lists(hostile(), min_size=2, max_size=2),
)
def test_hostile_strings_never_become_structure(
    fields: tuple[str, str, str, str], notes: list[str], evidence: list[str]
) -> None:
    """22 hostile strings per example × 480 examples = 10,560 strings per run."""
    check(*fields, notes, evidence)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_known_payload_in_every_field(payload: str) -> None:
    notes = [payload] * len(reportkit.NOTED)
    check(payload + "x", payload + "y", payload, payload, notes, [payload, payload])


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.com/a?b=1&c=2", True),
        ("http://example.com", True),
        ("docs/privacy.md#4", True),
        ("#anchor", True),
        ("/abs/path", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
        ("mailto:a@b.c", False),
        ("https://", False),
        ("see the doc", False),
        (" https://x.y", False),
        ("docs/a\x07.md", False),
        ("https://a.b/\x1b[31m", False),
        ("", False),
    ],
)
def test_only_http_relative_and_anchor_urls_are_links(url: str, safe: bool) -> None:
    assert md.is_safe_url(url) is safe
    rendered = PARSER.parse(md.evidence(url)) if url else []
    links = [
        c for t in rendered if t.type == "inline" for c in t.children or [] if c.type == "link_open"
    ]
    assert bool(links) is safe


@pytest.mark.parametrize(
    "target",
    [
        "docs/a(1).md",
        "https://en.wikipedia.org/wiki/Consent_(law)",
        "https://example.com/x)y",
        "docs/(draft)/notes.md#part-(2)",
        "docs/a(b(c)d)e.md",
        "docs/a)b(.md",
    ],
)
def test_a_parenthesis_in_an_evidence_link_does_not_cut_the_link(target: str) -> None:
    tokens = PARSER.parse(md.evidence(target))
    inline = [t for t in tokens if t.type == "inline"]
    assert len(inline) == 1
    children = inline[0].children or []
    assert [c.type for c in children] == ["link_open", "text", "link_close"]
    assert unquote(str(children[0].attrGet("href"))) == target
    assert children[1].content == target  # the whole target, nothing left after the link


def test_template_syntax_in_answers_is_printed_not_evaluated() -> None:
    text = reportkit.render(
        reportkit.review(name="{{ 7 * 7 }}", notes=["{% if true %}yes{% endif %}"])
    )
    assert "{{ 7 \\* 7 }}" in text
    assert "49" not in text.split("## Appendix")[0].split("Trust review")[0]
    assert "{% if true %}yes{% endif %}" in text


def test_escape_filters_are_idempotent_on_their_own_output() -> None:
    once = md.inline("# a | b")
    assert md.inline(once) == once
    assert md.cell(md.code("x|y", cell=True)) == "`x\\|y`"


def test_code_spans_survive_backticks() -> None:
    for text in ["a`b", "``", "`start", "end`", "x"]:
        tokens = PARSER.parseInline(md.code(text))[0].children or []
        assert [t.content for t in tokens if t.type == "code_inline"] == [text]


def test_block_keeps_paragraphs_and_makes_every_line_inert() -> None:
    text = md.block("# one\n- two\n\n\n> three\n1. four\n    five")
    kinds = {t.type for t in PARSER.parse(text)}
    assert kinds <= {"paragraph_open", "paragraph_close", "inline"}
    assert text.count("\n\n") == 1


def test_mermaid_labels_are_ascii_safe() -> None:
    label = md.mermaid_label('Café "x": [1]; %%{init}%% `t` 日本')
    assert label.isascii()
    assert not set(label) & set('"[]:;%{}`#<>|\\')
    assert md.mermaid_label("日本") == "item"


def test_a_sentence_ends_with_one_full_stop() -> None:
    assert md.sentence("Add a notice") == "Add a notice."
    assert [md.sentence(s) for s in ("Done.", "Why?", "Now!")] == ["Done.", "Why?", "Now!"]
    assert md.sentence("") == ""
    assert md.sentence("# a") == "\\# a."


def test_block_indents_every_line_but_the_first_and_drops_blank_edges() -> None:
    assert md.block("a\nb\n\n\nc") == "a\nb\n\nc"
    assert md.block("a\nb\n\nc", indent=2) == "a\n  b\n\n  c"
    assert md.block("\n\n  first\n\n") == "first"
    assert md.block("") == ""


def test_code_escapes_pipes_only_in_table_cells() -> None:
    assert md.code("a|b") == "`a|b`"
    assert md.code("a|b", cell=True) == "`a\\|b`"
    assert md.code("  a \n b  ") == "`a b`"
    assert md.code(" \n ") == ""


def test_an_unsafe_link_keeps_its_target_as_text() -> None:
    assert md.link("the notes", "javascript:alert(1)") == "the notes (javascript:alert(1))"
    assert md.link("the notes", "see the wiki") == "the notes (see the wiki)"
    assert md.evidence("javascript:alert(1)") == "javascript:alert(1)"
    assert md.link("", "docs/a.md") == "[docs/a.md](docs/a.md)"
    assert md.link("Notes", "docs/a b.md") == "Notes (docs/a b.md)"


def test_long_mermaid_labels_are_cut_at_the_limit_with_an_ellipsis() -> None:
    assert md.mermaid_label("a" * 40) == "a" * 40
    assert md.mermaid_label("a" * 41) == "a" * 37 + "..."
    assert md.mermaid_label("a" * 36 + " " + "b" * 9) == "a" * 36 + "..."  # no space before it
    assert md.mermaid_label("word " * 8 + "x", limit=12) == "word word..."
    assert md.mermaid_label("Café crème") == "Cafe creme"
    assert md.mermaid_label("!!!", fallback="feature") == "feature"


def test_taint_marks_strings_inside_lists_and_tuples_and_leaves_the_rest() -> None:
    marked = md.taint(("a", md.Markdown("b"), 1, ["c"]))
    assert isinstance(marked, tuple)
    assert [type(v) for v in marked] == [md.UserText, md.Markdown, int, list]
    assert isinstance(marked[3][0], md.UserText)
    assert md.tainted([1, "plain", md.Markdown("safe")]) is False
    assert md.tainted([]) is False
    assert md.tainted(["x", md.UserText("y")]) is True
    assert md.tainted([("x", md.UserText("y"))]) is True
    assert md.tainted([["x", md.UserText("y")]]) is True


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_text_reads_back_exactly(payload: str) -> None:
    """Not only inert: exactly the characters typed, no stray backslash (``1\\.`` not ``\\1.``)."""
    if not clean_text(payload).strip():
        return
    inline_tokens = [t for t in PARSER.parse(md.inline(payload)) if t.type == "inline"]
    assert " ".join(_inline_text(t) for t in inline_tokens) == norm(payload)
    block_tokens = [t for t in PARSER.parse(md.block(payload)) if t.type == "inline"]
    assert norm(" ".join(_inline_text(t) for t in block_tokens)) == norm(payload)
