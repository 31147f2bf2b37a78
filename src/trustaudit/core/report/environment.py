"""The Jinja2 settings every report template renders with, and the trusted built-in environment.

``finalize`` escapes any user string a template prints without a filter (and the tests of the
built-in templates use a strict variant that refuses it), so forgetting a filter never prints raw
user text. User templates get the same settings inside the sandbox (``sandbox``).

This module imports Jinja2 at the top; ``render`` imports it lazily, so the CLI starts without it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from trustaudit.core.report import markdown as md

BUILTIN_FOLDER = Path(__file__).resolve().parent / "templates"
BUILTIN_PREFIX = "trustaudit/"
"""User templates include the built-in ones by this prefix, e.g. ``trustaudit/summary.md.j2``."""


def finalize(value: Any) -> Any:
    """What ``{{ value }}`` prints: user text escaped even when a template forgot the filter."""
    if value is None:
        return ""
    if isinstance(value, md.UserText):
        return md.inline(value)
    return value


def _strict_finalize(value: Any) -> Any:
    """Finalize for tests of the built-in templates: every user string must pass a filter."""
    if isinstance(value, md.UserText):
        raise TypeError("a user string was printed without an escape filter")
    return finalize(value)


OPTIONS: dict[str, Any] = {
    "undefined": jinja2.StrictUndefined,
    "autoescape": False,  # Markdown, not HTML: the escape filters do the work
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "auto_reload": False,
}


@functools.lru_cache(maxsize=4)
def builtin_environment(filters: Filters, strict: bool = False) -> jinja2.Environment:
    """The trusted environment of the built-in templates, compiled once per process."""
    env = jinja2.Environment(
        loader=jinja2.PrefixLoader(
            {BUILTIN_PREFIX.rstrip("/"): jinja2.FileSystemLoader(BUILTIN_FOLDER)}
        ),
        finalize=_strict_finalize if strict else finalize,
        **OPTIONS,
    )
    env.filters.update(filters.filters)
    env.globals.update(filters.globals)
    return env


@dataclass(frozen=True, eq=False)
class Filters:
    """The filters and globals every report template gets (hashable, for the env cache)."""

    filters: Mapping[str, Callable[..., Any]]
    globals: Mapping[str, Any]


def render_builtin(name: str, context: Mapping[str, Any], filters: Filters) -> str:
    """Render a built-in template; its errors are bugs, not user errors, so they propagate."""
    return builtin_environment(filters).get_template(name).render(context)
