"""Loading a questionnaire: read, validate question by question, merge ``extends``, check.

Questions are validated one by one so that one broken question does not hide the problems of the
others: ``validate`` reports every problem in one run. Every question and section remembers
where it was written (file and position), so a problem found after merging still points at the
line to fix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from trustaudit.core.errors import InvalidFileError, NotFoundError, Problem, TrustAuditError
from trustaudit.core.io.paths import shown
from trustaudit.core.io.validation import validate
from trustaudit.core.io.yaml_reader import Loc, YamlDocument, parse, read_bytes
from trustaudit.core.obligations import loading as catalogues
from trustaudit.core.obligations.catalogue import EMPTY, Catalogues
from trustaudit.core.questionnaire import locations
from trustaudit.core.questionnaire.checks import Checker, rename_problems
from trustaudit.core.questionnaire.model import (
    EXTENDS_CONTEXT,
    FORMAT,
    VOCABULARY,
    Bands,
    Cadence,
    Question,
    Questionnaire,
    QuestionnaireFile,
    Scoring,
    Section,
    SectionSpec,
)

# --- loading ------------------------------------------------------------------------------------


Source = Callable[[Path, str], bytes]
"""Reads a questionnaire file's bytes (path, name to show): from disk by default, or as the file
was at an earlier commit (``review.git``), to score an old version of a review as it was."""


def load(
    path: Path | str, display: str | None = None, *, source: Source | None = None
) -> Questionnaire:
    """Load, merge and check a questionnaire; every problem found raises at once."""
    questionnaire, problems = check(Path(path), display, source=source)
    if problems or questionnaire is None:
        raise InvalidFileError(problems)
    return questionnaire


def check(
    path: Path, display: str | None = None, *, source: Source | None = None
) -> tuple[Questionnaire | None, list[Problem]]:
    """Load a questionnaire and return it with every problem found (it is None if any)."""
    loader = _Loader(source or read_bytes)
    try:
        questionnaire = loader.load(path, display)
    except TrustAuditError as error:
        loader.problems.extend(error.problems)
        questionnaire = None
    problems = sorted(_unique(loader.problems), key=lambda p: (p.path, p.line, p.column))
    return (None if problems else questionnaire), problems


MAX_QUESTIONS = 2_000
"""The most questions a questionnaire (with everything it extends) may hold: it bounds the work
of scoring one feature (about a second at this size). docs/questionnaire-format.md says so."""


def _not_a_questionnaire(data: dict[str, Any]) -> str:
    """Why a file is not read as a questionnaire, without quoting anything else it holds: it may
    be any file a review's pin or a command line named."""
    found = data.get("format")
    if found == "trustaudit/assessment@1":
        return "this is a trustaudit review, not a questionnaire"
    if "format" not in data:
        return f"not a trustaudit questionnaire: it needs `format: {FORMAT}` at the top"
    return f"format: expected {FORMAT}; this is not a trustaudit questionnaire"


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

    def __init__(self, source: Source) -> None:
        self.source = source
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
            inherited = parent.renames
        else:
            scoring = spec.scoring or Scoring()
            drafts = []
            inherited = ()
        self.merge(drafts, spec)
        if spec.extends and spec.scoring is not None:
            scoring = self.recheck_scoring(scoring, doc)
        questionnaire = self.resolve(spec, drafts, scoring, path, lineage)
        for key, message in rename_problems(questionnaire, spec.renames):
            self.problems.append(doc.problem(("renames", key), message, key=True))
        own = tuple(spec.renames.items())
        mine = {old for old, _ in own}
        renames = tuple(pair for pair in inherited if pair[0] not in mine) + own
        return replace(questionnaire, renames=renames) if renames else questionnaire

    def read(self, path: Path, display: str | None) -> tuple[QuestionnaireFile, YamlDocument]:
        where = display or str(path)
        doc = parse(self.source(path, where), where)
        self.problems.extend(doc.problems)
        data = doc.data
        if not isinstance(data, dict):
            raise InvalidFileError([doc.problem((), "a questionnaire file must be a mapping")])
        if data.get("format") != FORMAT:
            raise InvalidFileError([doc.problem(("format",), _not_a_questionnaire(data))])
        sections = self.read_sections(data.get("sections"), doc)
        top = {**data, "sections": []}
        context = {EXTENDS_CONTEXT: True} if data.get("extends") else None
        spec = validate(
            QuestionnaireFile, top, doc, (), self.problems, vocabulary=VOCABULARY, context=context
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
                renames={},
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
                        vocabulary=VOCABULARY,
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
            section = validate(SectionSpec, item, doc, loc, self.problems, vocabulary=VOCABULARY)
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
            loop = " → ".join(shown(p) for p in (*chain, target.resolve()))
            raise InvalidFileError([doc.problem(("extends",), f"extends loops: {loop}")])
        return self.load(target, shown(target), chain)

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
            self.problems.append(Problem(shown(path), 1, 1, "the questionnaire has no questions"))
        count = sum(len(s.questions) for s in sections)
        if count > MAX_QUESTIONS:
            self.problems.append(
                Problem(
                    shown(path),
                    1,
                    1,
                    f"{count:,} questions; a questionnaire holds at most {MAX_QUESTIONS:,}",
                )
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
            obligations=_catalogues(sections, chain, self.problems),
        )
        Checker(self.at, self.failed_ids, questionnaire).run()
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
    cadence = {**merged["cadence"], **override.pop("cadence", {})}
    merged.update(override, bands=bands, cadence=cadence)
    return Scoring.model_construct(
        **{**merged, "bands": Bands(**bands), "cadence": Cadence(**cadence)}
    )


def _catalogues(
    sections: list[Section], chain: tuple[Path, ...], problems: list[Problem]
) -> Catalogues:
    """The obligation catalogues beside each file of the chain (this one first), then in the
    lookup folders, their problems added to ``problems``; none are read when no question or
    option refers to them (docs/obligations.md)."""
    if not any(
        q.obligations or any(o.facts for o in q.options) for s in sections for q in s.questions
    ):
        return EMPTY
    places = [p.parent for p in reversed(chain)] + [p.folder for p in locations.places()]
    found, more = catalogues.load(catalogues.catalogue_folders(places))
    problems.extend(more)
    return found
