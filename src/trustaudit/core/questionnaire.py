"""The questionnaire format (``trustaudit/questionnaire@1``): models, loading, ``extends``, checks.

Two layers: the *file* models mirror what a privacy lead writes (a child file may patch a parent's
section, so its sections have optional fields), and the *resolved* ``Questionnaire`` is what the
rest of the program uses after ``extends`` has been merged and every semantic check has passed.
Loading validates questions one by one so that one broken question does not hide the problems of
the others: ``validate`` reports every problem in one run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, ValidationInfo, model_validator

from trustaudit.core import locations
from trustaudit.core.errors import InvalidFileError, NotFoundError, Problem, TrustAuditError
from trustaudit.core.fields import Floor, Fraction, Id, Model, Points, Text
from trustaudit.core.validation import validate
from trustaudit.core.yamlio import Loc, YamlDocument, load_file

FORMAT = "trustaudit/questionnaire@1"

EXTENDS_CONTEXT = "extends"
"""Validation context key set while reading a file that extends another (see ``Scoring``)."""

Role = Literal["data_kinds", "uses", "recipients", "retention", "purpose_statement"]


class Option(Model):
    """One possible answer. Pillar options carry risk; profile options carry impact and benefit."""

    id: Id
    label: Text
    recommend: Text | None = Field(None, description="What to do instead, shown in the plan.")
    risk: Fraction | None = Field(None, description="Pillar options: 0 exemplary … 1 failing.")
    floor: Floor | None = Field(None, description="Pillar options: the least band when chosen.")
    impact: Points | None = Field(None, description="Profile options: impact points.")
    benefit: Fraction | None = Field(None, description="Profile options: value to the customer.")
    dpia: int | None = Field(None, ge=0, le=9, description="High-risk criteria this option meets.")


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


class Question(Model):
    """One question; see docs/questionnaire-format.md for how each field is used in scoring."""

    id: Id
    type: Literal["choice", "multi", "text"]
    role: Role | None = None
    prompt: Text
    help: Text | None = None
    weight: int = Field(1, ge=1, le=3, description="1 good practice · 2 important · 3 core")
    when: Condition | None = None
    allow_unknown: bool = True
    unknown_risk: Fraction | None = None
    allow_na: bool = False
    combine: Literal["max", "sum"] | None = None
    cap: Points | None = Field(None, gt=0)
    unknown_impact: Points | None = None
    options: list[Option] = Field(default_factory=list)

    @cached_property
    def option_map(self) -> dict[str, Option]:
        return {option.id: option for option in self.options}


class SectionSpec(Model):
    """A section as written; in a file that extends another, it may patch the parent's section."""

    id: Id
    kind: Literal["profile", "pillar"] | None = None
    title: Text | None = None
    summary: Text | None = None
    weight: float | None = Field(None, gt=0, le=10, allow_inf_nan=False)
    questions: list[Question] = Field(default_factory=list)
    remove: list[Id] = Field(default_factory=list)


class Bands(Model):
    medium: Points = 35
    high: Points = 55
    critical: Points = 75


class Scoring(Model):
    """Every number of the scoring model; DESIGN §5 explains each one."""

    unknown_risk: Fraction = 0.75
    likelihood_blend: Fraction = 0.6
    levels: tuple[Points, Points, Points] = (25, 50, 75)
    bands: Bands = Field(default_factory=Bands)
    axis_floor: Floor = "medium"
    axis_threshold: Points = 75
    planned_credit: Fraction = 1.0
    dpia_threshold: int = Field(2, ge=1, le=50)
    provisional_below: Fraction = 0.7

    @model_validator(mode="after")
    def _ordered(self, info: ValidationInfo) -> Scoring:
        if not self.levels[0] < self.levels[1] < self.levels[2]:
            raise ValueError("levels must be three increasing numbers, like [25, 50, 75]")
        # In a file that extends another, a partial ``bands`` fills in from the parent's bands,
        # not from the defaults, so the order is checked only after the merge.
        if info.context and info.context.get(EXTENDS_CONTEXT):
            return self
        if not self.bands.medium < self.bands.high < self.bands.critical:
            raise ValueError("bands must increase: medium < high < critical")
        return self


class QuestionnaireFile(Model):
    """The top level of a questionnaire file."""

    format: Literal["trustaudit/questionnaire@1"]
    id: Id
    title: Text
    version: Text
    description: Text = ""
    extends: Text | None = Field(
        None, description="Id of a known questionnaire, or a path relative to this file."
    )
    scoring: Scoring | None = None
    sections: list[SectionSpec] = Field(default_factory=list)


_VOCABULARY = {
    name
    for model in (Option, Leaf, Question, SectionSpec, Bands, Scoring, QuestionnaireFile)
    for name in model.model_fields
    if not name.endswith("_")
} | {"all", "any", "not"}


# --- the resolved questionnaire -----------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    id: str
    kind: Literal["profile", "pillar"]
    title: str
    summary: str
    weight: float
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    """A questionnaire after ``extends`` is merged and all checks have passed."""

    id: str
    title: str
    version: str
    description: str
    scoring: Scoring
    sections: tuple[Section, ...]
    path: Path | None = None
    chain: tuple[Path, ...] = field(default=())
    """The files it was built from through ``extends``: the root parent first, this file last."""

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for section in self.sections for q in section.questions)

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def section_of(self) -> dict[str, Section]:
        return {q.id: section for section in self.sections for q in section.questions}

    @cached_property
    def pillars(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "pillar")

    def with_role(self, role: Role) -> Question | None:
        return next((q for q in self.questions if q.role == role), None)

    @cached_property
    def sha256(self) -> str:
        """Hash of the normalised content: comments, layout and key order do not change it."""
        body = {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "description": self.description,
            "scoring": self.scoring.model_dump(mode="json"),
            "sections": [
                {
                    "id": s.id,
                    "kind": s.kind,
                    "title": s.title,
                    "summary": s.summary,
                    "weight": s.weight,
                    "questions": [q.model_dump(mode="json", by_alias=True) for q in s.questions],
                }
                for s in self.sections
            ],
        }
        text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- loading ------------------------------------------------------------------------------------


def load(path: Path | str, display: str | None = None) -> Questionnaire:
    """Load, merge and check a questionnaire; every problem found raises at once."""
    questionnaire, problems = check(Path(path), display)
    if problems or questionnaire is None:
        raise InvalidFileError(problems)
    return questionnaire


def check(path: Path, display: str | None = None) -> tuple[Questionnaire | None, list[Problem]]:
    """Load a questionnaire and return it with every problem found (it is None if any)."""
    loader = _Loader()
    try:
        questionnaire = loader.load(path, display)
    except TrustAuditError as error:
        loader.problems.extend(error.problems)
        questionnaire = None
    problems = sorted(_unique(loader.problems), key=lambda p: (p.path, p.line, p.column))
    return (None if problems else questionnaire), [_one_line(p) for p in problems]


_LINE_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _one_line(problem: Problem) -> Problem:
    """Escape line breaks that came from the file (a key, an extends value) into a message.

    ``validate`` prints one problem per line; a raw newline would split one problem in two and
    let a file forge lines of output.
    """
    message = problem.message.translate(_LINE_BREAKS)
    return problem if message == problem.message else replace(problem, message=message)


def _unique(problems: list[Problem]) -> list[Problem]:
    """Drop repeats (two leaves of one condition naming the same missing option), keep order.

    Different problems at one place all stay: a file missing ``id``, ``title`` and ``version``
    has all three reported at 1:1, not only the first.
    """
    return list(dict.fromkeys(problems))


@dataclass
class _Draft:
    """A section while files are being merged."""

    spec: SectionSpec
    questions: list[Question]


class _Loader:
    """One load: remembers where every question and section came from, for error positions."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.where: dict[int, tuple[YamlDocument, Loc]] = {}
        self.failed_ids: set[str] = set()

    def at(self, item: object, *sub: str | int, message: str, key: bool = False) -> None:
        doc, loc = self.where[id(item)]
        self.problems.append(doc.problem((*loc, *sub), message, key=key))

    def load(self, path: Path, display: str | None, chain: tuple[Path, ...] = ()) -> Questionnaire:
        """Load ``path``; ``chain`` is the files that extend it, down the stack (for loops)."""
        spec, doc = self.read(path, display)
        resolved = path.resolve()
        lineage: tuple[Path, ...] = (resolved,)
        if spec.extends:
            parent = self.parent(spec, doc, path, (*chain, resolved))
            scoring = _merge_scoring(parent.scoring, spec.scoring)
            drafts = [
                _Draft(
                    SectionSpec(
                        id=s.id, kind=s.kind, title=s.title, summary=s.summary, weight=s.weight
                    ),
                    list(s.questions),
                )
                for s in parent.sections
            ]
            lineage = (*parent.chain, resolved)
        else:
            scoring = spec.scoring or Scoring()
            drafts = []
        self.merge(drafts, spec)
        if spec.extends and spec.scoring is not None:
            scoring = self.recheck_scoring(scoring, doc)
        return self.resolve(spec, drafts, scoring, path, lineage)

    def read(self, path: Path, display: str | None) -> tuple[QuestionnaireFile, YamlDocument]:
        doc = load_file(path, display)
        self.problems.extend(doc.problems)
        data = doc.data
        if not isinstance(data, dict):
            raise InvalidFileError([doc.problem((), "a questionnaire file must be a mapping")])
        sections = self.read_sections(data.get("sections"), doc)
        top = {**data, "sections": []}
        context = {EXTENDS_CONTEXT: True} if data.get("extends") else None
        spec = validate(
            QuestionnaireFile, top, doc, (), self.problems, vocabulary=_VOCABULARY, context=context
        )
        if spec is None:
            if data.get("extends"):
                raise InvalidFileError([])
            # Keep checking the sections so that one run reports every problem in the file.
            spec = QuestionnaireFile.model_construct(
                format="trustaudit/questionnaire@1",
                id=str(data.get("id")),
                title="",
                version="",
                description="",
                extends=None,
                scoring=None,
            )
        return spec.model_copy(update={"sections": sections}), doc

    def read_sections(self, raw: Any, doc: YamlDocument) -> list[SectionSpec]:
        if not isinstance(raw, list):
            if raw is not None:
                self.problems.append(doc.problem(("sections",), "sections: must be a list"))
            return []
        sections = []
        for i, item in enumerate(raw):
            loc: Loc = ("sections", i)
            if isinstance(item, dict) and isinstance(item.get("questions"), list):
                questions = []
                for j, q in enumerate(item["questions"]):
                    question = validate(
                        Question,
                        q,
                        doc,
                        (*loc, "questions", j),
                        self.problems,
                        vocabulary=_VOCABULARY,
                    )
                    if question is None and isinstance(q, dict) and isinstance(q.get("id"), str):
                        self.failed_ids.add(q["id"])
                    if question is not None:
                        self.where[id(question)] = (doc, (*loc, "questions", j))
                        for k in range(len(question.options)):
                            self.where[id(question.options[k])] = (
                                doc,
                                (*loc, "questions", j, "options", k),
                            )
                        questions.append(question)
                item = {**item, "questions": questions}
            section = validate(SectionSpec, item, doc, loc, self.problems, vocabulary=_VOCABULARY)
            if section is not None:
                self.where[id(section)] = (doc, loc)
                sections.append(section)
            else:
                self.forget(item)
        return sections

    def forget(self, item: Any) -> None:
        """Note the question ids of a section that is dropped for its own problems.

        Conditions naming them are then not reported as dangling: the section's own problem is
        the one to fix, and a cascade of "there is no question" lines would only hide it.
        """
        questions = item.get("questions") if isinstance(item, dict) else None
        for q in questions if isinstance(questions, list) else []:
            qid = q.id if isinstance(q, Question) else q.get("id") if isinstance(q, dict) else None
            if isinstance(qid, str):
                self.failed_ids.add(qid)

    def parent(
        self, spec: QuestionnaireFile, doc: YamlDocument, path: Path, chain: tuple[Path, ...]
    ) -> Questionnaire:
        assert spec.extends is not None
        here = path.parent  # not the display name's folder: a caller may show any name
        try:
            target = locations.find(spec.extends, base=here, exclude=chain[-1])
        except NotFoundError as error:
            message = error.problems[0].message if error.problems else "not found"
            raise InvalidFileError([doc.problem(("extends",), f"extends: {message}")]) from None
        if target.resolve() in chain:
            loop = " → ".join(_display(p) for p in (*chain, target.resolve()))
            raise InvalidFileError([doc.problem(("extends",), f"extends loops: {loop}")])
        return self.load(target, _display(target), chain)

    def merge(self, drafts: list[_Draft], spec: QuestionnaireFile) -> None:
        """Apply a file's sections on top of its parent's: replace, append, remove, add."""
        by_id = {d.spec.id: d for d in drafts}
        parent_ids = set(by_id)
        seen: dict[str, SectionSpec] = {}
        for section in spec.sections:
            if section.id in seen:
                self.at(section, "id", message=f"section id '{section.id}' is used twice")
                continue
            seen[section.id] = section
            draft = by_id.get(section.id)
            if draft is None:
                if section.remove:
                    self.at(
                        section,
                        "remove",
                        message="remove: only a section that extends a parent's can remove",
                    )
                draft = _Draft(section, [])
                drafts.append(draft)
                by_id[section.id] = draft
            elif section.id in parent_ids:
                draft.spec = _patch(draft.spec, section)
                self.remove(draft, section)
            self.add(draft, section)

    def remove(self, draft: _Draft, section: SectionSpec) -> None:
        present = {q.id for q in draft.questions}
        for index, qid in enumerate(section.remove):
            if qid not in present:
                self.at(
                    section,
                    "remove",
                    index,
                    message=f"remove: the parent section has no question '{qid}'",
                )
        draft.questions = [q for q in draft.questions if q.id not in section.remove]

    def add(self, draft: _Draft, section: SectionSpec) -> None:
        """Append new questions; a question with a parent's id replaces it in place."""
        index = {q.id: i for i, q in enumerate(draft.questions)}
        replaced: set[str] = set()
        for question in section.questions:
            at = index.get(question.id)
            if at is not None and question.id not in replaced:
                draft.questions[at] = question
                replaced.add(question.id)
            else:
                draft.questions.append(question)

    def recheck_scoring(self, scoring: Scoring, doc: YamlDocument) -> Scoring:
        """Check the parent's and child's scoring keys together (e.g. bands still increase)."""
        merged = validate(Scoring, scoring.model_dump(), doc, ("scoring",), self.problems)
        return merged or scoring

    def resolve(
        self,
        spec: QuestionnaireFile,
        drafts: list[_Draft],
        scoring: Scoring,
        path: Path,
        chain: tuple[Path, ...],
    ) -> Questionnaire:
        sections = []
        for draft in drafts:
            section = self.finish_section(draft)
            if section is not None:
                sections.append(section)
        if not any(s.questions for s in sections) and not self.problems:
            self.problems.append(
                Problem(_display(path), 1, 1, "the questionnaire has no questions")
            )
        questionnaire = Questionnaire(
            id=spec.id,
            title=spec.title,
            version=spec.version,
            description=spec.description,
            scoring=scoring,
            sections=tuple(sections),
            path=path,
            chain=chain,
        )
        _Checker(self, questionnaire).run()
        return questionnaire

    def finish_section(self, draft: _Draft) -> Section | None:
        spec = draft.spec
        missing = [name for name in ("kind", "title") if getattr(spec, name) is None]
        if missing:
            what = " and ".join(missing)
            hint = " (profile or pillar)" if "kind" in missing else ""
            self.at(spec, message=f"section '{spec.id}' needs a {what}{hint}")
            self.failed_ids.update(q.id for q in draft.questions)
            return None
        assert spec.kind is not None and spec.title is not None
        return Section(
            id=spec.id,
            kind=spec.kind,
            title=spec.title,
            summary=spec.summary or "",
            weight=spec.weight if spec.weight is not None else 1.0,
            questions=tuple(draft.questions),
        )


def _patch(parent: SectionSpec, child: SectionSpec) -> SectionSpec:
    updates = {
        name: getattr(child, name)
        for name in ("kind", "title", "summary", "weight")
        if getattr(child, name) is not None
    }
    return parent.model_copy(update=updates)


def _merge_scoring(parent: Scoring, child: Scoring | None) -> Scoring:
    if child is None:
        return parent
    merged = parent.model_dump()
    override = child.model_dump(exclude_unset=True)
    bands = {**merged["bands"], **override.pop("bands", {})}
    merged.update(override, bands=bands)
    return Scoring.model_construct(**{**merged, "bands": Bands(**bands)})


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


_ROLE_TYPES: dict[str, tuple[str, ...]] = {
    "purpose_statement": ("text",),
    "retention": ("choice",),
    "data_kinds": ("choice", "multi"),
    "uses": ("choice", "multi"),
    "recipients": ("choice", "multi"),
}


class _Checker:
    """The semantic checks of DESIGN §3 that a schema cannot express."""

    def __init__(self, loader: _Loader, questionnaire: Questionnaire) -> None:
        self.loader = loader
        self.questionnaire = questionnaire
        self.earlier: dict[str, Question] = {}

    def run(self) -> None:
        first: dict[str, Question] = {}
        roles: dict[str, Question] = {}
        for section in self.questionnaire.sections:
            for question in section.questions:
                if question.id in first:
                    self.loader.at(
                        question,
                        "id",
                        message=(
                            f"question id '{question.id}' is used twice; answers are stored by id, "
                            "so each must be unique in the questionnaire"
                        ),
                    )
                    continue
                first[question.id] = question
                if question.role is not None:
                    if question.role in roles:
                        self.loader.at(
                            question,
                            "role",
                            message=(f"role: only one question may have the role {question.role}"),
                        )
                    roles[question.role] = question
                self.question(section, question)
                self.earlier[question.id] = question

    def question(self, section: Section, q: Question) -> None:
        at = self.loader.at
        if q.type == "text":
            if q.options:
                at(q, "options", message="options: a text question has no options")
        elif len(q.options) < (2 if q.type == "choice" else 1):
            at(
                q,
                "options",
                message=f"options: a {q.type} question needs at least "
                f"{'two options' if q.type == 'choice' else 'one option'}",
            )
        if q.type != "multi" and (q.combine is not None or q.cap is not None):
            at(
                q,
                "combine" if q.combine is not None else "cap",
                message="combine and cap only apply to multi questions",
            )
        if q.cap is not None and q.combine != "sum":
            at(q, "cap", message="cap only applies with combine: sum")
        if q.role is not None and q.type not in _ROLE_TYPES[q.role]:
            at(
                q,
                "role",
                message=f"role: {q.role} needs a {' or '.join(_ROLE_TYPES[q.role])} question",
            )
        seen: set[str] = set()
        for k, option in enumerate(q.options):
            if option.id in seen:
                at(
                    q,
                    "options",
                    k,
                    "id",
                    message=f"option id '{option.id}' is used twice in question '{q.id}'",
                )
            seen.add(option.id)
            self.option(section, q, k, option)
        if section.kind == "pillar":
            self.pillar_question(section, q)
        else:
            self.profile_question(q)
        if q.when is not None:
            self.condition(q)

    def pillar_question(self, section: Section, q: Question) -> None:
        # ``cap`` limits an impact sum; a pillar's summed risk is already capped at 1, so a cap
        # here would be silently ignored by the scoring.
        for name in ("unknown_impact", "role", "cap"):
            if getattr(q, name) is not None:
                self.loader.at(
                    q,
                    name,
                    message=(
                        f"{name}: only profile questions have this; '{section.id}' is a pillar"
                    ),
                    key=True,
                )

    def profile_question(self, q: Question) -> None:
        if q.unknown_risk is not None:
            self.loader.at(
                q,
                "unknown_risk",
                key=True,
                message=(
                    "unknown_risk: profile questions are not scored as risk; use unknown_impact"
                ),
            )
        if "weight" in q.model_fields_set:
            self.loader.at(
                q, "weight", key=True, message="weight: only pillar questions are weighted"
            )

    def option(self, section: Section, q: Question, k: int, option: Option) -> None:
        if section.kind == "pillar":
            if option.risk is None and q.type != "text":
                self.loader.at(
                    q,
                    "options",
                    k,
                    message=(
                        f"option '{option.id}' needs a risk from 0 (exemplary) to 1 (failing): "
                        f"'{section.id}' is a pillar section"
                    ),
                )
            for name in ("impact", "benefit", "dpia"):
                if getattr(option, name) is not None:
                    self.loader.at(
                        q,
                        "options",
                        k,
                        name,
                        key=True,
                        message=(
                            f"{name}: only profile options have this; '{section.id}' is a pillar"
                        ),
                    )
        else:
            for name in ("risk", "floor"):
                if getattr(option, name) is not None:
                    self.loader.at(
                        q,
                        "options",
                        k,
                        name,
                        key=True,
                        message=(
                            f"{name}: profile options are not scored as risk; use impact, benefit "
                            "or dpia"
                        ),
                    )

    def condition(self, q: Question) -> None:
        assert q.when is not None
        for leaf in condition_leaves(q.when):
            target = self.earlier.get(leaf.question)
            if target is None:
                if leaf.question in self.loader.failed_ids:
                    continue  # that question's own problems are already reported
                if leaf.question == q.id:
                    message = "when: a question cannot depend on itself"
                elif leaf.question in self.questionnaire.by_id:
                    message = (
                        f"when: '{leaf.question}' comes after this question; a condition "
                        "may only name an earlier question"
                    )
                else:
                    message = f"when: there is no question '{leaf.question}'"
                self.loader.at(q, "when", message=message)
                continue
            if target.type == "text":
                self.loader.at(
                    q,
                    "when",
                    message=(
                        f"when: '{leaf.question}' is a text question; conditions need a choice "
                        "or multi question"
                    ),
                )
                continue
            for option in leaf.options:
                if option not in target.option_map:
                    self.loader.at(
                        q,
                        "when",
                        message=(f"when: question '{leaf.question}' has no option '{option}'"),
                    )
