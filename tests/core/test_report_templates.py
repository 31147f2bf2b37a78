"""User templates (``--template``): sandboxed, strict, limited in time, size and files."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.core import reportkit
from trustaudit.core.errors import TemplateError
from trustaudit.core.report import context, environment, render, sandbox, view
from trustaudit.core.report.sandbox import Limits
from trustaudit.core.report.tables import pad_tables
from trustaudit.core.scoring.engine import score


def run(tmp_path: Path, source: str, name: str = "t.md.j2", limits: Limits | None = None) -> str:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    q = reportkit.bundled()
    a = reportkit.review()
    view = context.context(q, a, score(q, a)).as_context()
    return sandbox.render_user_template(path, view, render._filters(), limits)


def error(tmp_path: Path, source: str, limits: Limits | None = None) -> str:
    with pytest.raises(TemplateError) as caught:
        run(tmp_path, source, limits=limits)
    message = str(caught.value)
    assert "\n" not in message, "template errors are one line"
    return message


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ review.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ joiner.__init__.__globals__ }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ self._TemplateReference__context }}",
        "{{ features.__class__ }}",
        "{{ (features|first).card.__dict__ }}",
        "{{ review.product.__class__.__base__ }}",
        "{{ range.__globals__ }}",
        "{{ lipsum(9) }}",
    ],
)
def test_sandbox_escapes_are_refused_in_one_line(tmp_path: Path, attack: str) -> None:
    message = error(tmp_path, "line one\n" + attack + "\n")
    assert message.startswith(f"{tmp_path / 't.md.j2'}:2: "), message


def test_an_endless_loop_is_stopped_within_the_time_limit(tmp_path: Path) -> None:
    source = (
        "start\n"
        "{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}"
        "{% endfor %}{% endfor %}{% endfor %}\n"
    )
    began = time.process_time()  # CPU time: a busy machine must not fail the test
    message = error(tmp_path, source, Limits(seconds=0.5))
    assert time.process_time() - began < 3
    assert ":2: the template ran longer than 0.5 s" in message


def test_a_loop_without_calls_is_stopped_too(tmp_path: Path) -> None:
    source = (
        "{% set r = range(3000)|list %}\n"
        "{% for a in r %}{% for b in r %}{% for c in r %}{% endfor %}{% endfor %}{% endfor %}\n"
    )
    began = time.process_time()
    message = error(tmp_path, source, Limits(seconds=0.5))
    assert time.process_time() - began < 3
    assert "ran longer than" in message


def test_recursion_is_an_error_not_a_crash(tmp_path: Path) -> None:
    message = error(tmp_path, "{% macro m() %}{{ m() }}{% endmacro %}\n{{ m() }}\n")
    assert "recurses too deeply" in message


@pytest.mark.parametrize(
    "source",
    [
        "{{ 'x' * 100000000 }}",
        "{{ 'x' ~ ('y' * 4000000) ~ ('z' * 4000000) }}",
        "{{ '%99999999d' % 1 }}",
        "{{ '{:>99999999}'.format(1) }}",
        "{{ 'x'.center(99999999) }}",
        "{{ 'x'|center(99999999) }}",
        "{{ 2 ** 99999999 }}",
        "{{ ('x' * 1000)|replace('', 'y' * 5000) }}",
        "{{ ['x' * 1000] * 6000|join('y' * 1000) }}",
    ],
)
def test_huge_strings_are_refused_before_they_are_built(tmp_path: Path, source: str) -> None:
    message = error(tmp_path, source + "\n")
    assert ":1: " in message


def test_the_output_size_is_capped(tmp_path: Path) -> None:
    source = "{% for i in range(100000) %}{{ 'x' * 100 }}\n{% endfor %}"
    message = error(tmp_path, source, Limits(output_chars=1_000_000))
    assert "longer than the limit of 1,000,000 characters" in message
    assert re.search(r":1: ", message)


def test_a_typo_is_reported_with_its_template_line(tmp_path: Path) -> None:
    message = error(tmp_path, "# {{ review.product|inline }}\n\n{{ reveiw.product }}\n")
    assert message == f"{tmp_path / 't.md.j2'}:3: 'reveiw' is undefined"


def test_a_missing_attribute_is_reported_with_its_line(tmp_path: Path) -> None:
    message = error(tmp_path, "a\nb\n{{ features[0].nmae }}\n")
    assert message.startswith(f"{tmp_path / 't.md.j2'}:3: ")
    assert "nmae" in message


def test_a_syntax_error_is_reported_with_its_line(tmp_path: Path) -> None:
    message = error(tmp_path, "ok\n{% for x in features %}\nno end\n")
    assert message.startswith(f"{tmp_path / 't.md.j2'}:")
    assert "endfor" in message or "end of template" in message


def test_an_error_in_an_include_names_the_include(tmp_path: Path) -> None:
    (tmp_path / "part.md.j2").write_text("fine\n{{ nope }}\n", encoding="utf-8")
    message = error(tmp_path, '{% include "part.md.j2" %}\n')
    assert message == f"{tmp_path / 'part.md.j2'}:2: 'nope' is undefined"


def test_includes_stay_inside_the_template_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md.j2"
    outside.write_text("secret\n", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "link.md.j2").symlink_to(outside)
    (folder / "t.md.j2").write_text('{% include "link.md.j2" %}\n', encoding="utf-8")
    q = reportkit.bundled()
    a = reportkit.review()
    view = context.context(q, a, score(q, a)).as_context()
    with pytest.raises(TemplateError, match="leads outside the template's folder"):
        sandbox.render_user_template(folder / "t.md.j2", view, render._filters())
    for name in ("../outside.md.j2", "/etc/passwd"):
        (folder / "u.md.j2").write_text(f'{{% include "{name}" %}}\n', encoding="utf-8")
        with pytest.raises(TemplateError, match="relative paths inside the folder"):
            sandbox.render_user_template(folder / "u.md.j2", view, render._filters())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_includes_must_be_regular_files(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md.j2")
    assert "not a regular file" in error(tmp_path, '{% include "pipe.md.j2" %}\n')


def test_built_in_sections_can_be_included(tmp_path: Path) -> None:
    text = run(tmp_path, '# Mine\n\n{% include "trustaudit/summary.md.j2" %}\n')
    assert text.startswith("# Mine\n\n## Executive summary\n")


def test_user_text_printed_without_a_filter_is_still_escaped(tmp_path: Path) -> None:
    q = reportkit.bundled()
    a = reportkit.review(name="<b>x</b> | # y")
    view = context.context(q, a, score(q, a)).as_context()
    path = tmp_path / "t.md.j2"
    for source in [
        "{{ features[0].name }}",
        "{{ features[0].name|upper }}",
        "{{ features[0].name ~ '' }}",
        "{{ features[0].name[0:] }}",
        "{{ features[0].name.replace('x', 'z') }}",
        "{{ features[0].name|list|join }}",
        "{{ features[0].name|safe }}",
        "{{ '%s'|format(features[0].name) }}",
    ]:
        path.write_text(source, encoding="utf-8")
        out = sandbox.render_user_template(path, view, render._filters())
        assert "\\<b>" in out.lower(), (source, out)
        assert "\\|" in out, (source, out)


def test_the_built_in_templates_filter_every_user_string() -> None:
    """Rendered with a finalize that fails on unescaped user text: nothing relies on the net."""
    q = reportkit.bundled()
    a = reportkit.review(extra_features=2)
    env = environment.builtin_environment(render._filters(), strict=True)
    view = context.context(q, a, score(q, a)).as_context()
    assert pad_tables(env.get_template(render.TEMPLATE).render(view)) == reportkit.render(a)


DOC = ROOT / "docs" / "report-templates.md"


def test_the_example_template_in_the_docs_renders(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"<!-- example-template -->\n```jinja\n(.*?)```", text, re.S)
    assert example, "docs/report-templates.md lost its example template"
    out = run(tmp_path, example.group(1))
    assert "Harmless Shop" in out
    assert "Harmless feature" in out


def test_the_docs_name_every_filter_and_context_variable() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in render.filters():
        assert f"`{name}`" in text, f"filter {name} is not documented"
    for name in view.Report.__dataclass_fields__:
        assert f"`{name}`" in text, f"context variable {name} is not documented"
