"""The catalogue format (``trustaudit/obligations@1``): the file models and the resolved form.

A catalogue lists the provisions of one law or framework that questions can touch (``gdpr:13-1-c``
is entry ``13-1-c`` of catalogue ``gdpr``): a short title, one plain sentence of what it
requires, the official link, where it applies (``applies_in``: markets) and to which features
(``only_when``: facts a profile answer establishes). This module depends on nothing above
``io``, so the questionnaire loader can check the ids its questions name. docs/obligations.md
describes every field.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from trustaudit.core.fields import Id, Model, Text

FORMAT = "trustaudit/obligations@1"

ANYWHERE = "any"
"""The market of a catalogue that applies wherever a feature is used (the voluntary frameworks)."""

EntryId = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.-]*$", min_length=1, max_length=80)
]
"""An entry's id within its catalogue: lower-case letters, digits, dots and hyphens (``13-1-c``,
``1798.100-a``, ``cm.aw-p1``, ``pt-4.3``)."""


def _web_link(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError("expected a web address starting with https://")
    return value


Link = Annotated[str, StringConstraints(max_length=2_000), AfterValidator(_web_link)]

Kind = Literal["law", "regulation", "code", "framework"]
"""``framework``: voluntary (NIST); the other kinds bind where they apply."""


class EntrySpec(Model):
    """One provision, as written in a catalogue file."""

    id: EntryId
    ref: Text = Field(description="How the source cites it: 13(1)(c), § 1798.100(a), CM.AW-P1.")
    title: Text = Field(description="A short title, in our own words.")
    summary: Text = Field(description="One plain sentence of what it requires, in our own words.")
    link: Link = Field(description="The official text: EUR-Lex ELI for EU law, else the agency.")
    only_when: list[Id] = Field(
        default_factory=list,
        description="Facts of which at least one must hold for the entry to apply to a feature "
        "(children, online-platform, ...); none: it applies wherever its catalogue does.",
    )


class CatalogueFile(Model):
    """The top level of a catalogue file."""

    format: Literal["trustaudit/obligations@1"]
    id: Id
    title: Text
    short: Text = Field(description="How the report names it before an entry's ref: GDPR.")
    kind: Kind
    applies_in: list[Id] = Field(min_length=1, description="Markets (eu, uk, ...) or [any].")
    link: Link
    licence: Text = Field(description="Whose text it is and on which terms it may be reused.")
    version: Text = Field(description="Which version of the source the entries follow.")
    entries: list[EntrySpec] = Field(default_factory=list)


VOCABULARY = {name for model in (EntrySpec, CatalogueFile) for name in model.model_fields}


# --- the resolved catalogues --------------------------------------------------------------------


@dataclass(frozen=True)
class Obligation:
    """One entry of a loaded catalogue, with what it needs of its catalogue to be shown."""

    id: str
    """``catalogue:entry``, always lower case (``nist-pf:cm.aw-p1``)."""
    catalogue: str
    short: str
    ref: str
    title: str
    summary: str
    link: str
    kind: Kind
    applies_in: tuple[str, ...]
    only_when: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """How people cite it: ``GDPR 13(1)(c)``, ``CCPA § 1798.100(a)``."""
        return f"{self.short} {self.ref}"

    @property
    def binding(self) -> bool:
        """A law, regulation or statutory code, not a voluntary framework."""
        return self.kind != "framework"


@dataclass(frozen=True)
class Catalogue:
    """A catalogue file after every check passed."""

    id: str
    title: str
    short: str
    kind: Kind
    applies_in: tuple[str, ...]
    link: str
    licence: str
    version: str
    path: Path
    entries: tuple[Obligation, ...]


@dataclass(frozen=True)
class Catalogues:
    """The catalogues a questionnaire can draw on, first found first (a later one with the same
    id is shadowed); ``Questionnaire.obligations`` holds them once its ids are checked."""

    catalogues: tuple[Catalogue, ...] = ()
    folders: tuple[Path, ...] = field(default=(), compare=False)
    """Where they were looked for, in order (for "no catalogue" messages)."""

    @cached_property
    def by_id(self) -> dict[str, Obligation]:
        return {o.id: o for c in self.catalogues for o in c.entries}

    @cached_property
    def catalogue_of(self) -> dict[str, Catalogue]:
        return {c.id: c for c in self.catalogues}

    @cached_property
    def order(self) -> dict[str, int]:
        """Each obligation's place: catalogues in lookup order, entries in file order."""
        return {oid: i for i, oid in enumerate(self.by_id)}

    @cached_property
    def facts(self) -> frozenset[str]:
        """Every fact and market an entry or catalogue names (``any`` aside)."""
        named = {f for c in self.catalogues for f in c.applies_in}
        named.update(f for o in self.by_id.values() for f in o.only_when)
        return frozenset(named - {ANYWHERE})

    def get(self, ref: str) -> Obligation | None:
        """The obligation ``ref`` names. Ids match whatever their case, so ``nist-pf:CM.AW-P1``
        (NIST's spelling) finds ``nist-pf:cm.aw-p1`` (docs/obligations.md)."""
        return self.by_id.get(canonical(ref))

    def suggestion(self, ref: str) -> str | None:
        """The known id closest to ``ref``, for "did you mean"."""
        wanted = canonical(ref)
        prefix, _, _ = wanted.partition(":")
        pool = [oid for oid in self.by_id if oid.startswith(prefix + ":")] or list(self.by_id)
        close = difflib.get_close_matches(wanted, pool, n=1, cutoff=0.6)
        return close[0] if close else None


EMPTY = Catalogues()


def canonical(ref: str) -> str:
    """An obligation id as stored: lower case, without surrounding spaces."""
    return ref.strip().lower()
