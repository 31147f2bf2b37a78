"""User templates that try to build huge values, hang, or print user text raw are stopped.

Each render runs in a child process limited to ``Limits.memory_bytes`` (512 MB) on top of its
start, and killed when it outlives its time: every bomb below must come back as one line within
the time limit, and no child may have grown past the limit.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.core import reportkit
from trustaudit.core.errors import TemplateError
from trustaudit.core.report import context, render, sandbox
from trustaudit.core.report.sandbox import GRACE, Limits
from trustaudit.core.scoring.engine import score

LIMITS = Limits(seconds=2.0)
HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1)) | # **"


def render_source(tmp_path: Path, source: str, limits: Limits = LIMITS, product: str = "") -> str:
    path = tmp_path / "t.md.j2"
    path.write_text(source, encoding="utf-8")
    q = reportkit.bundled()
    a = reportkit.review(product=product or "Shop").model_copy(update={"assessors": [HOSTILE]})
    view = context.context(q, a, score(q, a)).as_context()
    return sandbox.render_user_template(path, view, render._filters(), limits)


BOMBS = {
    "indent width": "{{ ('x\\n' * 500)|indent(4999999) }}",
    "star width": "{{ '%*d' % (99999999, 1) }}",
    "nested format width": "{{ '{:{}}'.format(1, 99999999) }}",
    "float precision": "{{ ('%.999999f' % 1.5) * 6 }}",
    "huge float precision": "{{ '%.999999999f' % 1.5 }}",
    "huge format precision": "{{ '{:.999999999f}'.format(1.5) }}",
    "float precision in a loop": "{% for i in range(5000) %}{{ '%.999999f' % i }}{% endfor %}",
    "set block capture": (
        "{% set big %}{% for i in range(10000000) %}{{ 'x' * 100 }}{% endfor %}{% endset %}"
        "{{ big|length }}"
    ),
    "growing list": "{% set l = [] %}{% for i in range(100000000) %}{% set _ = l.append(i) %}"
    "{% endfor %}",
    "endless loop without calls": (
        "{% set r = range(5000)|list %}"
        "{% for a in r %}{% for b in r %}{% for c in r %}{% endfor %}{% endfor %}{% endfor %}"
    ),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_each_bomb_is_refused_in_one_line_within_the_time_limit(tmp_path: Path, name: str) -> None:
    began = time.monotonic()
    with pytest.raises(TemplateError) as caught:
        render_source(tmp_path, BOMBS[name] + "\n")
    took = time.monotonic() - began
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(tmp_path / "t.md.j2")), message
    assert took < LIMITS.seconds + GRACE + 3, f"{name} took {took:.1f} s"
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    assert peak < LIMITS.memory_bytes + 300 * 1024 * 1024, f"a child grew to {peak:,} bytes"


def test_a_render_that_hangs_outside_the_sandbox_checks_is_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The sandbox's clock cannot see a single C call that never returns; the process kill can.
    monkeypatch.setattr(sandbox.Sandbox, "tick", lambda self: None)
    source = "{% for a in range(10**5) %}{% for b in range(10**5) %}{% endfor %}{% endfor %}\n"
    began = time.monotonic()
    with pytest.raises(TemplateError, match="ran longer than 1 s"):
        render_source(tmp_path, source, Limits(seconds=1.0))
    assert time.monotonic() - began < 1.0 + GRACE + 3


@pytest.mark.parametrize(
    "source",
    [
        "{{ review.assessors }}",
        "{{ features[0] }}",
        "{{ review.assessors[0].encode().decode() }}",
        "{{ '%s' % review.assessors[0] }}",
        "{{ '{}'.format(review.assessors[0]) }}",
        "{{ review.assessors|list }}",
        "{{ {'a': review.assessors[0]} }}",
        "{{ review.assessors[0]|string }}",
    ],
)
def test_nothing_derived_from_user_text_prints_raw(tmp_path: Path, source: str) -> None:
    out = render_source(tmp_path, source + "\n")
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    inline = [t for block in tokens for t in (block.children or [])]
    assert not [t for t in inline if t.type in ("html_inline", "link_open", "image")], out
    assert not [t for t in tokens if t.type in ("html_block", "heading_open", "table_open")]
    assert "script" in out  # shown, as text
