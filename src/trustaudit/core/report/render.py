"""Rendering the report: the filters every template gets, the built-in template or a user's
sandboxed one, and writing the result.

Jinja2 is imported only when a report is rendered, never when this module is imported, so the CLI
starts without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from trustaudit.core.assessment.model import Assessment
from trustaudit.core.assessment.naming import annex_path
from trustaudit.core.io.output import write_output
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report import markdown as md
from trustaudit.core.report import numbers
from trustaudit.core.report.context import context as build_context
from trustaudit.core.report.labels import band_label
from trustaudit.core.report.markdown import UserText, user
from trustaudit.core.report.tables import pad_tables
from trustaudit.core.report.view import Report
from trustaudit.core.report.wording import long_date, topic
from trustaudit.core.scoring.scorecard import Scorecard

Filter = Callable[..., Any]


def filters() -> dict[str, Filter]:
    """The filters every report template gets (documented in docs/report-templates.md)."""
    return {
        "inline": md.inline,
        "cell": md.cell,
        "sentence": md.sentence,
        "block": md.block,
        "code": md.code,
        "link": md.link,
        "url": md.url,
        "evidence": md.evidence,
        "mermaid": md.mermaid_label,
        "join_and": md.join_and,
        "score": numbers.score,
        "percent": numbers.percent,
        "delta": numbers.delta,
        "coord": numbers.coord,
        "band": band_label,
        "long_date": long_date,
        "plural": md.plural,
    }


@cache
def _filters() -> Any:
    from trustaudit.core.report.environment import Filters

    return Filters(filters(), {"plural": md.plural, "topic": topic})


TEMPLATE = "trustaudit/report.md.j2"
HEAD = tuple(f"trustaudit/{n}.md.j2" for n in ("title", "summary", "since", "owners"))
PLAN = "trustaudit/actions.md.j2"
TAIL = tuple(f"trustaudit/{n}.md.j2" for n in ("risks", "glance", "gaps", "obligations", "signoff"))
CARDS, REFERENCE = "trustaudit/datacards.md.j2", "trustaudit/reference.md.j2"
ANNEX_NOTE, ANNEX = "trustaudit/annex_note.md.j2", "trustaudit/annex.md.j2"
"""The parts of the built-in report, in the order of ``report.md.j2`` (a test holds them
equal): rendered one by one, so that a large report is split without rendering twice."""

ANNEX_ABOVE = 400_000
"""A built-in report larger than this (UTF-8 bytes) moves its reference part to an annex file;
if the main file is still larger, its data cards, else its action plan, else both go too, so
GitHub (which shows about 512 KB) always shows the summary, the owners and the sign-off."""


@dataclass(frozen=True)
class Rendered:
    """A rendered report: the main file, and the annex when parts of it moved there."""

    main: str
    annex: str | None = None


def render_markdown(
    questionnaire: Questionnaire,
    assessment: Assessment,
    scorecard: Scorecard,
    *,
    charts: bool = True,
    template: Path | None = None,
) -> str:
    """The report as one Markdown text, from the built-in template or a user's (sandboxed) one.

    A user template's errors raise ``TemplateError`` with ``template-path:line: message``.
    """
    return render_report(
        questionnaire, assessment, scorecard, charts=charts, template=template
    ).main


def render_report(
    questionnaire: Questionnaire,
    assessment: Assessment,
    scorecard: Scorecard,
    *,
    charts: bool = True,
    template: Path | None = None,
    annex_name: str | None = None,
    main_name: str | None = None,
) -> Rendered:
    """The report; with ``annex_name`` (the annex's file name, beside the report called
    ``main_name``) a built-in report over ``ANNEX_ABOVE`` is split in two (see ``Rendered``)."""
    report = build_context(questionnaire, assessment, scorecard, charts=charts)
    from trustaudit.core.report import environment, sandbox

    if template is not None:
        return Rendered(sandbox.render_user_template(template, report.as_context(), _filters()))

    def part(*names: str, view: Report = report) -> str:
        return "".join(
            pad_tables(environment.render_builtin(name, view.as_context(), _filters()))
            for name in names
        )

    head, plan, tail, cards, reference = (
        part(*names) for names in (HEAD, (PLAN,), TAIL, (CARDS,), (REFERENCE,))
    )
    if annex_name is None or _size(head, plan, tail, cards, reference) <= ANNEX_ABOVE:
        return Rendered(head + plan + tail + cards + reference)
    split = replace(report, annex=UserText(annex_name), main_file=user(main_name))

    def main_size(view: Report) -> int:
        kept = ("" if view.plan_in_annex else plan, "" if view.cards_in_annex else cards)
        return _size(head, kept[0], tail, part(ANNEX_NOTE, view=view), kept[1])

    if main_size(split) > ANNEX_ABOVE:
        options = [
            replace(split, cards_in_annex=True),
            replace(split, plan_in_annex=True),
            replace(split, cards_in_annex=True, plan_in_annex=True),
        ]
        split = next((o for o in options if main_size(o) <= ANNEX_ABOVE), options[-1])
    main = head + ("" if split.plan_in_annex else plan) + tail + part(ANNEX_NOTE, view=split)
    annex = part(ANNEX, view=split) + (plan if split.plan_in_annex else "")
    if split.cards_in_annex:
        return Rendered(main, annex + cards + reference)
    return Rendered(main + cards, annex + reference)


def _size(*parts: str) -> int:
    return sum(len(p.encode("utf-8")) for p in parts)


@dataclass(frozen=True)
class Written:
    """Where a report went: its main file, its annex when it has one, and the main text."""

    main: Path
    annex: Path | None
    text: str


def write_report(
    questionnaire: Questionnaire,
    assessment: Assessment,
    scorecard: Scorecard,
    path: Path,
    *,
    inputs: Iterable[Path] = (),
    charts: bool = True,
    template: Path | None = None,
) -> Written:
    """Render the report and write it to ``path``, with its annex beside it when it is too
    large for one page on GitHub (``NAME.annex.md``): what the CLI and the app both do."""
    annex = annex_path(path)
    rendered = render_report(
        questionnaire,
        assessment,
        scorecard,
        charts=charts,
        template=template,
        annex_name=annex.name,
        main_name=path.name,
    )
    main = write(rendered.main, path, inputs)
    extra = write(rendered.annex, annex, inputs) if rendered.annex is not None else None
    return Written(main, extra, rendered.main)


def write(text: str, path: Path, inputs: Iterable[Path] = ()) -> Path:
    """Write a report where a person asked (``io.output.write_output``): atomically, never over
    a device, its ``inputs`` or another trustaudit file, new files following the umask."""
    return write_output(path, text.encode("utf-8"), inputs)
