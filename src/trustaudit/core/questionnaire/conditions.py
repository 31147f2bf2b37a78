"""Applicability conditions (``when:``): the models of the tests, and a walk over their leaves.

A condition may only name an earlier question, so conditions can never form a cycle; how a
condition is evaluated (three-valued, "in doubt, we ask") belongs to scoring
(``trustaudit.core.scoring.conditions``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag, model_validator

from trustaudit.core.fields import Id, Model


class Leaf(Model):
    """A test on the answer to one earlier question."""

    question: Id
    equals: Id | None = None
    any_of: list[Id] | None = Field(None, min_length=1)
    none_of: list[Id] | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _one_test(self) -> Leaf:
        tests = [t for t in (self.equals, self.any_of, self.none_of) if t is not None]
        if len(tests) != 1:
            raise ValueError("a condition needs exactly one of equals, any_of or none_of")
        return self

    @property
    def options(self) -> list[str]:
        return [self.equals] if self.equals is not None else (self.any_of or self.none_of or [])


class AllOf(Model):
    all_: list[Condition] = Field(alias="all", min_length=1)


class AnyOf(Model):
    any_: list[Condition] = Field(alias="any", min_length=1)


class Not(Model):
    not_: Condition = Field(alias="not")


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "leaf"
    kinds: dict[type, str] = {Leaf: "leaf", AllOf: "all", AnyOf: "any", Not: "not"}
    return kinds.get(type(value))


Condition = Annotated[
    Annotated[Leaf, Tag("leaf")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")],
    Discriminator(
        _condition_kind,
        custom_error_type="invalid_condition",
        custom_error_message="a condition is a mapping such as {question: ID, equals: OPTION}",
    ),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()


def condition_leaves(condition: Condition) -> Iterator[Leaf]:
    """Every leaf test in a condition, in order."""
    if isinstance(condition, Leaf):
        yield condition
    elif isinstance(condition, AllOf):
        for part in condition.all_:
            yield from condition_leaves(part)
    elif isinstance(condition, AnyOf):
        for part in condition.any_:
            yield from condition_leaves(part)
    else:
        yield from condition_leaves(condition.not_)
