"""Turning pydantic errors into ``path:line:col: message`` problems people can act on."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from trustaudit.core.errors import Problem
from trustaudit.core.fields import ID_PATTERN
from trustaudit.core.io.yaml_reader import Loc, YamlDocument, type_kind, type_name

M = TypeVar("M", bound=BaseModel)

_STRING_ERRORS = {"string_type", "literal_error", "string_pattern_mismatch"}


def validate(
    model: type[M],
    data: Any,
    doc: YamlDocument,
    loc: Loc,
    problems: list[Problem],
    *,
    vocabulary: Iterable[str] = (),
    context: dict[str, Any] | None = None,
    echo: bool = True,
) -> M | None:
    """Validate ``data`` (found at ``loc`` in ``doc``) as ``model``; on failure add problems.

    ``echo=False`` keeps the file's values out of the messages: a review's answers and notes are
    confidential and must not reach a CI log because one of them is malformed. Messages then name
    the field and what is wrong with it, never what it holds.
    """
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        problems.extend(describe(error, doc, loc, data, vocabulary, echo=echo))
        return None


def describe(
    error: ValidationError,
    doc: YamlDocument,
    base: Loc,
    data: Any,
    vocabulary: Iterable[str] = (),
    *,
    echo: bool = True,
) -> list[Problem]:
    words = sorted(set(vocabulary))
    return [
        _problem(detail, doc, base, data, words, echo) for detail in error.errors(include_url=False)
    ]


def _walk(data: Any, loc: tuple[int | str, ...], missing: bool = False) -> tuple[Loc, Any]:
    """Follow an error location through the data, skipping union tags pydantic inserts.

    Only a ``missing`` error ends in a name that is not in the data (the field to add); any other
    error ending in an absent name ends in a union tag (``leaf``), which must not name the field.
    """
    path: list[str | int] = []
    node = data
    for index, step in enumerate(loc):
        in_dict = isinstance(node, dict) and step in node
        in_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        if in_dict or in_list:
            node = node[step]
            path.append(step)
        elif missing and index == len(loc) - 1 and isinstance(step, str) and isinstance(node, dict):
            path.append(step)
            node = None
    return tuple(path), node


def _problem(
    detail: ErrorDetails, doc: YamlDocument, base: Loc, data: Any, words: list[str], echo: bool
) -> Problem:
    rel, _ = _walk(data, detail["loc"], detail["type"] == "missing")
    loc = base + rel
    # The field is named from the full location, so an error on a whole value validated on its
    # own (the merged ``scoring`` of a file that extends another) still says which field it is.
    field = next((str(step) for step in reversed(loc) if isinstance(step, str)), "")
    kind = detail["type"]
    value = detail.get("input")
    if kind == "missing":
        return doc.problem(loc[:-1], f"missing required field '{field}'")
    if kind == "extra_forbidden":
        message = f"unknown field '{field}'"
        close = difflib.get_close_matches(field, words, n=1, cutoff=0.7)
        if close:
            message += f"; did you mean '{close[0]}'?"
        return doc.problem(loc, message, key=True)
    raw = doc.plain.get(loc)
    if raw is not None and kind in _STRING_ERRORS:
        if not echo:
            what = f"YAML reads this unquoted value as {type_kind(value)}"
            return doc.problem(loc, f"{field}: {what}; quote it")
        return doc.problem(
            loc,
            f'{field}: {raw} is read by YAML as {type_name(value)}; quote it: "{raw}"',
        )
    if kind == "string_pattern_mismatch":
        return doc.problem(
            loc, _form(field, str(detail.get("ctx", {}).get("pattern", "")), value, echo)
        )
    message = detail["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    message = message[0].lower() + message[1:] if message else "invalid value"
    message = _DATES.get(kind.partition("_")[0], message)
    if kind == "model_type":  # not "instance of SectionSpec": class names mean nothing to users
        message = "expected a mapping of fields (key: value)"
    shown = _short(value)
    if echo and value is not None and not isinstance(value, dict | list) and shown:
        message = f"{message} (got {shown})"
    return doc.problem(loc, f"{field}: {message}" if field else message)


_DATES = {
    "date": "expected a date such as 2027-01-15",
    "datetime": "expected a date and time such as 2026-11-29T10:00:00Z",
}
"""Pydantic's date errors ("datetimes provided to dates should have zero time") in plain words."""


def _form(field: str, pattern: str, value: object, echo: bool) -> str:
    """What a value that does not match its field's pattern should look like."""
    if pattern == ID_PATTERN:
        got = f"'{_short(value)}' is not a valid id" if echo else "not a valid id"
        return (
            f"{field}: {got}; use lower-case letters, digits and hyphens, like 'precise-location'"
        )
    if field == "sha256":
        return (
            f"{field}: expected the 64 hexadecimal digits of the questionnaire's content hash, "
            "as trustaudit writes them"
        )
    return f"{field}: does not have the expected form"


def _short(value: Any, limit: int = 40) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary(error: ValidationError) -> str:
    """A short description of what is wrong, without echoing the (possibly private) input."""
    parts = []
    for detail in error.errors(include_url=False, include_input=False)[:3]:
        field = ".".join(str(step) for step in detail["loc"] if isinstance(step, str | int))
        message = detail["msg"].removeprefix("Value error, ")
        parts.append(f"{field}: {message[0].lower() + message[1:]}" if field else message)
    return "; ".join(parts)
