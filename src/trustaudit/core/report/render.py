"""Rendering the report: the filters every template gets, the built-in template or a user's
sandboxed one, and writing the result.

Jinja2 is imported only when a report is rendered, never when this module is imported, so the CLI
starts without it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from trustaudit.core.assessment.model import Assessment
from trustaudit.core.io.atomic import atomic_write
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report import markdown as md
from trustaudit.core.report import numbers
from trustaudit.core.report.context import context as build_context
from trustaudit.core.report.labels import band_label
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


def render_markdown(
    questionnaire: Questionnaire,
    assessment: Assessment,
    scorecard: Scorecard,
    *,
    charts: bool = True,
    template: Path | None = None,
) -> str:
    """The report as Markdown, from the built-in template or a user's (sandboxed) one.

    A user template's errors raise ``TemplateError`` with ``template-path:line: message``.
    """
    view = build_context(questionnaire, assessment, scorecard, charts=charts).as_context()
    from trustaudit.core.report import environment, sandbox

    if template is None:
        return environment.render_builtin(TEMPLATE, view, _filters())
    return sandbox.render_user_template(template, view, _filters())


def write(text: str, path: Path) -> None:
    """Write a report atomically: readers see the old file or the new one, never half."""
    atomic_write(path, text.encode("utf-8"))
