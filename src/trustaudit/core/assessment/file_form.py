"""The review file as text: reading it into the models, and writing it back git-friendly.

The file is meant to be reviewed in pull requests, so it is written with a stable key order, one
answer per block, answers in questionnaire order, and nothing that merely repeats a default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from trustaudit.core.assessment.model import (
    FORMAT,
    VOCABULARY,
    Answer,
    Assessment,
    Cycle,
    CycleFeature,
    Feature,
    Pin,
    Plan,
    SignOff,
)
from trustaudit.core.errors import InvalidFileError, Problem
from trustaudit.core.fields import Model
from trustaudit.core.io.validation import validate
from trustaudit.core.io.yaml_reader import YamlDocument, load_file, parse
from trustaudit.core.io.yaml_writer import dump

# --- reading ------------------------------------------------------------------------------------


MAX_FEATURES = 1_000
"""The most features one review may hold: it bounds the work one file can ask of every command
(a report of 1,000 features takes about half a minute). docs/questionnaire-format.md says so."""


def from_document(doc: YamlDocument) -> Assessment:
    """Validate parsed YAML as an assessment; every problem in the file is raised at once."""
    problems: list[Problem] = list(doc.problems)
    if not isinstance(doc.data, dict):
        raise InvalidFileError([doc.problem((), "an assessment file must be a mapping")])
    if doc.data.get("format") != FORMAT:
        found = doc.data.get("format")
        what = (
            "this is a questionnaire; open a review made with it instead"
            if isinstance(found, str) and found.startswith("trustaudit/questionnaire")
            else "this is not a trustaudit review"
        )
        raise InvalidFileError([doc.problem(("format",), f"format: expected {FORMAT} ({what})")])
    features = doc.data.get("features")
    if isinstance(features, list) and len(features) > MAX_FEATURES:
        message = (
            f"features: {len(features):,} features; a review holds at most {MAX_FEATURES:,} "
            "(split the product into several reviews)"
        )
        raise InvalidFileError([doc.problem(("features",), message, key=True)])
    assessment = validate(
        Assessment, doc.data, doc, (), problems, vocabulary=VOCABULARY, echo=False
    )
    if assessment is not None:
        seen: set[str] = set()
        for index, feature in enumerate(assessment.features):
            if feature.id in seen:
                problems.append(
                    doc.problem(
                        ("features", index, "id"), f"feature id '{feature.id}' is used twice"
                    )
                )
            seen.add(feature.id)
    if problems or assessment is None:
        raise InvalidFileError(problems)
    return assessment


def load(path: Path, display: str | None = None) -> Assessment:
    return from_document(load_file(path, display))


def from_bytes(data: bytes, display: str) -> Assessment:
    return from_document(parse(data, display))


# --- writing ------------------------------------------------------------------------------------


def to_yaml(assessment: Assessment, order: list[str] | None = None) -> str:
    """The file text: fixed key order, empty values left out, answers in questionnaire order.

    ``order`` lists question ids in questionnaire order; answers to questions not in it
    (orphans) follow in alphabetical order so that they stay put across saves.
    """
    return render(snapshot(assessment), order)


def snapshot(assessment: Assessment) -> dict[str, Any]:
    """The assessment as plain data, taken in one call into pydantic-core.

    The TUI saves from a worker thread while its UI thread edits the same assessment; one
    ``model_dump`` never releases the GIL, so the snapshot is a consistent state, never half of
    a change (a walk over the models in Python could be).
    """
    return assessment.model_dump(mode="python", by_alias=True)


HEADER = "# trustaudit assessment: edit with `trustaudit open FILE`\n"


def render(data: dict[str, Any], order: list[str] | None = None) -> str:
    """The file text of a ``snapshot``; see ``to_yaml``."""
    head = {key: value for key, value in data.items() if key != "features"}
    blocks = [render_feature(feature, order) for feature in data.get("features", [])]
    return compose(head, blocks)


def render_feature(data: dict[str, Any], order: list[str] | None = None) -> str:
    """One feature's block of the file (``- id: ...``), answers in questionnaire order.

    The file is its head with these blocks under ``features:``, so a save after one change can
    render and check that one feature again and reuse every other block as it was.
    """
    out = _compact(data, Feature)
    rank = {qid: i for i, qid in enumerate(order or [])}
    answers = out.pop("answers", {})
    ordered = sorted(answers, key=lambda qid: (qid not in rank, rank.get(qid, 0), qid))
    if ordered:
        out["answers"] = {qid: answers[qid] for qid in ordered}
    return dump([out])


def compose(head: dict[str, Any], blocks: list[str]) -> str:
    """The file text from the head (every field but ``features``) and the feature blocks.

    A block mapping at the top level is its keys one after another, so the fields before and
    after ``features`` are dumped apart and the blocks go between them: the same bytes as
    dumping the whole mapping at once.
    """
    out = _compact({**head, "features": []}, Assessment)
    names = [info.alias or name for name, info in Assessment.model_fields.items()]
    split = names.index("features")
    before = {k: v for k, v in out.items() if k in names[:split]}
    after = {k: v for k, v in out.items() if k in names[split + 1 :]}
    parts = [HEADER]
    if before:
        parts.append(dump(before))
    if blocks:
        parts.append("features:\n")
        parts.extend(blocks)
    if after:
        parts.append(dump(after))
    return "".join(parts)


def split_blocks(text: str, ids: list[str]) -> list[str] | None:
    """The feature blocks of a file this module wrote (``- id: ...`` at the start of a line under
    ``features:``), or None when the file is laid out otherwise (written by hand, say).

    A line of a block's content never starts at the first column (values are indented), so the
    blocks are found without parsing; they must name ``ids`` in order, or None is returned.
    """
    start = text.find("\nfeatures:\n")
    if start < 0:
        return None if ids else []
    body = text[start + len("\nfeatures:\n") :]
    blocks: list[str] = []
    current: list[str] = []
    for line in body.splitlines(keepends=True):
        if line.startswith("- "):
            if current:
                blocks.append("".join(current))
            current = [line]
        elif line.startswith((" ", "#", "\n")) and current:
            current.append(line)
        else:
            break  # the next top-level field
    if current:
        blocks.append("".join(current))
    if len(blocks) != len(ids):
        return None
    for block, fid in zip(blocks, ids, strict=True):
        first = block.split("\n", 1)[0]
        if first not in (f"- id: {fid}", f"- id: '{fid}'", f'- id: "{fid}"'):
            return None
    return blocks


_MEANINGFUL_EMPTY = ("choices", "target")
"""Fields whose empty list is a value: ``choices: []`` is the answer "none of these apply", and a
plan ``target: []`` for a multi question is the plan to collect none of them."""

_NESTED: dict[tuple[type[Model], str], tuple[type[Model], Literal["one", "list", "dict"]]] = {
    (Assessment, "questionnaire"): (Pin, "one"),
    (Assessment, "features"): (Feature, "list"),
    (Assessment, "sign_off"): (SignOff, "list"),
    (Feature, "answers"): (Answer, "dict"),
    (Answer, "plan"): (Plan, "one"),
    (Assessment, "history"): (Cycle, "list"),
    (Cycle, "questionnaire"): (Pin, "one"),
    (Cycle, "features"): (CycleFeature, "list"),
    (Cycle, "sign_off"): (SignOff, "list"),
}


def _compact(data: dict[str, Any], model: type[Model]) -> dict[str, Any]:
    """``data`` of ``model`` in field order, leaving out optional values that say nothing.

    Empty, false and None values are left out unless the field is required (it must read back)
    or its emptiness means something (``_MEANINGFUL_EMPTY``). An answer that is empty as a whole
    stays as ``{}`` under its question, so what is saved always reads back as what was in memory.
    """
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in data:
            continue
        value = data[key]
        nested = _NESTED.get((model, name))
        if nested is not None and value is not None:
            inner, shape = nested
            if shape == "one":
                value = _compact(value, inner)
            elif shape == "list":
                value = [_compact(item, inner) for item in value]
            else:
                value = {k: _compact(item, inner) for k, item in value.items()}
        keep = info.is_required() or (name in _MEANINGFUL_EMPTY and value is not None)
        if not keep and (value is None or value is False or value in ("", [], {})):
            continue
        out[key] = value
    return out
