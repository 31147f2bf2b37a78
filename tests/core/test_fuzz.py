"""Fuzzing the questionnaire checker: whatever a file holds, ``check`` reports, it never crashes.

``check`` turns every ``TrustAuditError`` into problems, so any exception escaping it is a bug that
would reach a user as a traceback. We hold the checker to at least 20,000 generated inputs per run
with none escaping. Each hypothesis example draws a seeded ``random.Random`` and checks a batch
of mutants with it, and a failure still shrinks to one reproducible seed.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BUNDLED
from trustaudit.core.errors import Problem
from trustaudit.core.questionnaire import loader, model

MUTANTS_PER_EXAMPLE = 40
EXAMPLES = 500
STRUCTURED_EXAMPLES = 500
BUNDLED_SHARE = 0.02
"""The bundled file is twenty times slower to check than the small one; a few of its mutants are
enough to reach code only it exercises (long flow mappings, folded help, many conditions)."""

SMALL = """\
# yaml-language-server: $schema=questionnaire.schema.json
format: trustaudit/questionnaire@1
id: small
title: Small questionnaire
version: "1.0"
description: >-
  A short questionnaire used as the seed of the fuzzer.
scoring:
  unknown_risk: 0.8
  bands: { medium: 30, high: 50, critical: 70 }
  levels: [20, 50, 80]
sections:
  - id: profile
    kind: profile
    title: Feature profile
    questions:
      - id: data-kinds
        type: multi
        role: data_kinds
        combine: sum
        cap: 90
        unknown_impact: 60
        prompt: "Which data does it use?"
        help: Sensitive data raises the stakes.
        options:
          - { id: contact, label: "Contact details", impact: 20 }
          - { id: health, label: "Health data", impact: 80, dpia: 1 }
          - id: location
            label: Location
            impact: 40
            benefit: 0.5
            recommend: "Use coarse location."
      - id: purpose
        type: text
        role: purpose_statement
        prompt: In one sentence, what is the data for?
  - id: collect-clearly
    kind: pillar
    title: Collect clearly
    summary: Be clear that you collect data.
    weight: 2
    questions:
      - id: notice
        type: choice
        weight: 3
        prompt: Do customers see a notice?
        help: |
          People cannot object to what they cannot see.
        allow_na: true
        unknown_risk: 0.9
        options:
          - { id: in-context, label: "Yes, in context", risk: 0 }
          - { id: policy-only, label: "Only in the policy", risk: 0.5,
              recommend: "Add a short notice where data is captured." }
          - { id: none, label: "No notice", risk: 1, floor: high,
              recommend: "Tell customers before collecting." }
      - id: health-consent
        type: multi
        weight: 2
        allow_unknown: false
        when:
          all:
            - { question: data-kinds, any_of: [health] }
            - not: { question: notice, equals: none }
            - any: [{ question: notice, none_of: [policy-only] }]
        prompt: How do customers consent to health data?
        options:
          - { id: explicit, label: Explicit opt-in, risk: 0 }
          - { id: bundled, label: With the terms, risk: 0.8, floor: critical,
              recommend: Ask separately. }
"""

TRAPS = [
    "yes",
    "no",
    "on",
    "off",
    "~",
    "012",
    "0o17",
    "0x1F",
    "1e999",
    "-1e999",
    ".nan",
    ".inf",
    "2026-13-45",
    "2026-02-30 25:61:00",
    "9" * 400,
    "-" + "9" * 30,
    "1_000",
    "",
    "null",
    "[]",
    "{}",
    "'",
    '"',
    "!!python/tuple [1, 2]",
    "!!python/object/apply:os.system [ls]",
    "!!binary aGk=",
    "!!float nope",
    "!!int 1.5",
    "!!timestamp x",
    "&a 1",
    "*a",
    "? [a]",
    "|",
    ">-",
    "[a, {b: c}]",
    "{question: notice, equals: none}",
]

INSERTS = [
    "\t",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\ud800",
    "é",
    "\U0001f600",
    "&a ",
    "*a",
    "!!python/tuple ",
    "!foo ",
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    "-",
    "? ",
    ",",
    "#",
    "'",
    '"',
    "\\",
    "|",
    ">",
    "%",
    "@",
    "`",
    "\n",
    "\r",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
]


def _line_mutation(lines: list[str], rng: random.Random) -> list[str]:
    """One structural change: lose, repeat, swap or re-indent a line."""
    if not lines:
        return [rng.choice(TRAPS)]
    i = rng.randrange(len(lines))
    kind = rng.randrange(4)
    if kind == 0:
        del lines[i]
    elif kind == 1:
        lines.insert(i, lines[i])
    elif kind == 2:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    else:
        shift = rng.choice([-4, -2, -1, 1, 2, 4, 64])
        if shift > 0:
            lines[i] = " " * shift + lines[i]
        else:
            lines[i] = lines[i][min(-shift, len(lines[i]) - len(lines[i].lstrip(" "))) :]
    return lines


def _insert(text: str, rng: random.Random) -> str:
    """Random characters at a random place: syntax, control characters, odd unicode."""
    at = rng.randrange(len(text) + 1)
    if rng.random() < 0.7:
        piece = rng.choice(INSERTS)
    else:
        top = 0x110000 if rng.random() < 0.3 else 0x80
        piece = "".join(chr(rng.randrange(top)) for _ in range(rng.randint(1, 6)))
    return text[:at] + piece + text[at:]


def _replace_value(lines: list[str], rng: random.Random) -> list[str]:
    """Swap a value for a YAML trap: booleans, octal, odd floats, bad dates, huge ints, tags."""
    valued = [i for i, line in enumerate(lines) if ": " in line]
    if not valued:
        return lines
    i = rng.choice(valued)
    line = lines[i]
    if "{" in line and rng.random() < 0.5:
        keys = [
            found
            for key in ("id", "label", "risk", "impact", "floor", "question", "any_of")
            if (found := re.search(rf"(?<![\w-]){key}: ", line))
        ]
        if keys:
            start = rng.choice(keys).end()
            end = min(
                (p for p in (line.find(",", start), line.find("}", start)) if p >= 0),
                default=len(line),
            )
            lines[i] = line[:start] + rng.choice(TRAPS) + line[end:]
            return lines
    head, _, _ = line.partition(": ")
    lines[i] = f"{head}: {rng.choice(TRAPS)}"
    return lines


def mutate(text: str, rng: random.Random) -> bytes:
    """A hostile variant of ``text``: one to four mutations, sometimes truncated, or raw bytes."""
    if rng.random() < 0.03:
        return rng.randbytes(rng.randrange(300))
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(10)
        if kind < 3:
            text = "\n".join(_line_mutation(text.split("\n"), rng))
        elif kind < 6:
            text = _insert(text, rng)
        elif kind < 9:
            text = "\n".join(_replace_value(text.split("\n"), rng))
        else:
            text = text[: rng.randrange(len(text) + 1)]
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.02:
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.randbytes(rng.randint(1, 8)) + data[at:]
    return data


def fresh(path: Path, data: bytes) -> None:
    """Write ``data`` as a new file: truncating the old one makes ext4 flush it to disk on close
    (``auto_da_alloc``), which cost twenty times the check itself."""
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def check_never_raises(path: Path) -> list[Problem]:
    """``check`` must return a questionnaire or located one-line problems, and never raise."""
    loaded, problems = loader.check(path, "fuzz.yaml")
    assert (loaded is None) == bool(problems)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert len(str(problem).splitlines()) == 1, str(problem)
    return problems


def test_the_fuzz_seeds_are_valid(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    assert check_never_raises(path) == []
    assert check_never_raises(BUNDLED) == []


@pytest.mark.slow
def test_mutated_questionnaires_never_crash_the_checker(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "fuzz.yaml"
    bundled = BUNDLED.read_text(encoding="utf-8")
    counts = {"mutants": 0, "rejected": 0}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.randoms(use_true_random=False))
    def run(source: random.Random) -> None:
        # Each mutant gets a plain Random seeded from hypothesis: drawing every choice through
        # hypothesis is many times slower and overruns its buffer long before forty mutants.
        for _ in range(MUTANTS_PER_EXAMPLE):
            seed = source.getrandbits(64)
            rng = random.Random(seed)
            data = mutate(bundled if rng.random() < BUNDLED_SHARE else SMALL, rng)
            fresh(path, data)
            try:
                problems = check_never_raises(path)
            except AssertionError:
                raise
            except Exception as error:
                kept = folder / f"crash-{seed}.yaml"
                kept.write_bytes(data)
                raise AssertionError(
                    f"check raised {error!r} on the mutant saved as {kept}"
                ) from error
            counts["rejected"] += bool(problems)
            counts["mutants"] += 1

    run()
    assert counts["mutants"] >= 20_000
    # Most mutants must be broken, or the mutations are too timid to test anything.
    assert counts["rejected"] > counts["mutants"] // 2


# --- structured fuzzing: well-formed YAML holding arbitrary data --------------------------------

VOCABULARY = sorted(
    {
        *model.QuestionnaireFile.model_fields,
        *model.SectionSpec.model_fields,
        *model.Question.model_fields,
        *model.Option.model_fields,
        *model.Scoring.model_fields,
        "all",
        "any",
        "not",
        "question",
        "equals",
        "any_of",
        "none_of",
        "medium",
        "high",
        "critical",
    }
)
WORDS = [
    "notice",
    "data-kinds",
    "profile",
    "pillar",
    "choice",
    "multi",
    "text",
    "max",
    "sum",
    "high",
    "critical",
    "data_kinds",
    "retention",
    "trustaudit/questionnaire@1",
    "trust-audit",
    "./missing.yaml",
    "good",
    "bad",
]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(WORDS)
)
keys = st.sampled_from(VOCABULARY) | st.text(min_size=1, max_size=8)
json_like = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=25,
)


def _maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually a plausible value, sometimes anything at all."""
    return st.one_of(value, value, value, json_like)


options = st.lists(
    st.fixed_dictionaries(
        {"id": _maybe(st.sampled_from(["good", "bad", "ok"])), "label": _maybe(st.just("L"))},
        optional={
            name: json_like | st.floats(min_value=0, max_value=1)
            for name in ("risk", "floor", "impact", "benefit", "dpia", "recommend")
        },
    ),
    max_size=4,
)
conditions = st.recursive(
    st.fixed_dictionaries(
        {"question": _maybe(st.sampled_from(["q0", "q1", "q2"]))},
        optional={
            "equals": _maybe(st.sampled_from(["good", "bad"])),
            "any_of": _maybe(st.lists(st.sampled_from(["good", "bad"]), max_size=3)),
            "none_of": _maybe(st.lists(st.sampled_from(["good", "bad"]), max_size=3)),
        },
    ),
    lambda children: (
        st.fixed_dictionaries({"all": st.lists(children, max_size=3)})
        | st.fixed_dictionaries({"any": st.lists(children, max_size=3)})
        | st.fixed_dictionaries({"not": children})
    ),
    max_leaves=6,
)
questions = st.lists(
    st.fixed_dictionaries(
        {
            "id": _maybe(st.sampled_from(["q0", "q1", "q2"])),
            "type": _maybe(st.sampled_from(["choice", "multi", "text"])),
            "prompt": _maybe(st.just("P?")),
            "options": _maybe(options),
        },
        optional={
            "when": _maybe(conditions),
            "weight": json_like,
            "role": _maybe(st.sampled_from(["data_kinds", "uses", "retention"])),
            "combine": json_like,
            "cap": json_like,
            "unknown_impact": json_like,
            "unknown_risk": json_like,
            "allow_na": json_like,
        },
    ),
    max_size=4,
)
sections = st.lists(
    st.fixed_dictionaries(
        {"id": _maybe(st.sampled_from(["profile", "collect"])), "questions": _maybe(questions)},
        optional={
            "kind": _maybe(st.sampled_from(["profile", "pillar"])),
            "title": _maybe(st.just("T")),
            "remove": json_like,
            "weight": json_like,
        },
    ),
    max_size=3,
)
questionnaires = st.fixed_dictionaries(
    {
        "format": _maybe(st.just("trustaudit/questionnaire@1")),
        "id": _maybe(st.just("fuzzed")),
        "title": _maybe(st.just("Fuzzed")),
        "version": _maybe(st.just("1")),
        "sections": _maybe(sections),
    },
    optional={
        "scoring": json_like
        | st.fixed_dictionaries({}, optional={k: json_like for k in ("bands", "levels")}),
        "extends": st.sampled_from(["trust-audit", "./missing.yaml", "", "fuzzed"]) | json_like,
        "description": json_like,
    },
)


@pytest.mark.slow
def test_arbitrary_well_formed_data_never_crashes_the_checker(tmp_path: Path) -> None:
    path = tmp_path / "structured.yaml"
    counts = {"inputs": 0}

    @settings(max_examples=STRUCTURED_EXAMPLES, deadline=None, database=None)
    @given(st.one_of(json_like, questionnaires), st.booleans())
    def run(data: Any, unicode: bool) -> None:
        fresh(path, yaml.safe_dump(data, allow_unicode=unicode).encode("utf-8"))
        check_never_raises(path)
        counts["inputs"] += 1

    run()
    assert counts["inputs"] >= STRUCTURED_EXAMPLES
