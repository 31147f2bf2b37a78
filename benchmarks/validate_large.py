"""How long does ``trustaudit validate`` take on a very large questionnaire? (not run as a test)

``python benchmarks/validate_large.py [--questions 2000] [--runs 7] [--seed 0] [--profile]``

Generates a varied questionnaire (choice and multi questions, leaf and nested conditions on earlier
questions, recommends, floors, help text, flow and block style) in a temporary folder, then prints
the median (and best) time of

  (a) the full check: ``loader.check()``: hardened read, models, extends, semantic checks;
  (b) parsing the same text with the C loader alone, ``yaml.load(text, Loader=yaml.CSafeLoader)``:
      the floor no YAML-based validator can beat;

and their ratio. (b) is not all C: libyaml parses, but PyYAML builds and resolves every value in
Python. So (c) adds the true floor of anything built on PyYAML, iterating the C parser's events
(``yaml.parse(text, Loader=yaml.CSafeLoader)``), which is what ``yamlio`` builds on.
``--profile`` adds a cProfile of one full check, by internal time.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

import yaml

from trustaudit.core.questionnaire import loader

WORDS = [
    "customer",
    "data",
    "notice",
    "consent",
    "purpose",
    "retention",
    "share",
    "partner",
    "profile",
    "location",
    "health",
    "record",
    "delete",
    "export",
    "access",
    "review",
    "feature",
    "team",
    "plain",
    "language",
    "choice",
    "withdraw",
    "default",
]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def generate(questions: int, seed: int = 0) -> str:
    """YAML text of a valid questionnaire with ``questions`` questions, a tenth of them profile."""
    rng = random.Random(seed)
    out = [
        "# yaml-language-server: $schema=questionnaire.schema.json",
        "format: trustaudit/questionnaire@1",
        "id: large",
        "title: Large generated questionnaire",
        'version: "1.0"',
        "description: >-",
        f"  {sentence(rng, 30)}",
        "scoring:",
        "  unknown_risk: 0.7",
        "  bands: { medium: 30, high: 50, critical: 70 }",
        "sections:",
    ]
    profile_count = max(1, questions // 10)
    pillars = 3
    per_pillar = [(questions - profile_count) // pillars] * pillars
    per_pillar[-1] += questions - profile_count - sum(per_pillar)
    earlier: list[tuple[str, list[str]]] = []  # (question id, option ids) of choice/multi questions

    def condition() -> str:
        qid, options = rng.choice(earlier)
        roll = rng.random()
        if roll < 0.4:
            return f"{{ question: {qid}, equals: {rng.choice(options)} }}"
        if roll < 0.7:
            picked = rng.sample(options, k=min(2, len(options)))
            return f"{{ question: {qid}, any_of: [{', '.join(picked)}] }}"
        if roll < 0.85:
            return f"{{ question: {qid}, none_of: [{options[0]}] }}"
        other, other_options = rng.choice(earlier)
        return (
            f"{{ all: [{{ question: {qid}, any_of: [{options[-1]}] }}, "
            f"{{ not: {{ question: {other}, equals: {other_options[0]} }} }}] }}"
        )

    out += ["  - id: profile", "    kind: profile", "    title: Feature profile", "    questions:"]
    for n in range(profile_count):
        qid = f"profile-{n}"
        multi = rng.random() < 0.5
        options = [f"kind-{k}" for k in range(rng.randint(3, 12))]
        out += [
            f"      - id: {qid}",
            f"        type: {'multi' if multi else 'choice'}",
            f'        prompt: "{sentence(rng, 12)}?"',
            "        help: >-",
            f"          {sentence(rng, 25)}.",
        ]
        if multi and rng.random() < 0.5:
            out += ["        combine: sum", "        cap: 60"]
        if earlier and rng.random() < 0.2:
            out.append(f"        when: {condition()}")
        out.append("        options:")
        for k, oid in enumerate(options):
            extra = ", dpia: 1" if rng.random() < 0.1 else ""
            benefit = f", benefit: {rng.randint(0, 10) / 10}" if rng.random() < 0.2 else ""
            out.append(
                f'          - {{ id: {oid}, label: "{sentence(rng, 6)}", '
                f"impact: {min(100, k * 7)}{extra}{benefit} }}"
            )
        earlier.append((qid, options))

    for p, count in enumerate(per_pillar):
        out += [
            f"  - id: pillar-{p}",
            "    kind: pillar",
            f"    title: Pillar {p}",
            f"    summary: {sentence(rng, 8)}.",
            "    questions:",
        ]
        for n in range(count):
            qid = f"p{p}-q{n}"
            multi = rng.random() < 0.2
            options = [f"o{k}" for k in range(rng.randint(2, 6))]
            out += [
                f"      - id: {qid}",
                f"        type: {'multi' if multi else 'choice'}",
                f"        weight: {rng.randint(1, 3)}",
                f'        prompt: "{sentence(rng, 14)}?"',
                "        help: >-",
                f"          {sentence(rng, 20)}.",
                f"          {sentence(rng, 20)}.",
            ]
            if rng.random() < 0.3:
                out.append(f"        when: {condition()}")
            if rng.random() < 0.1:
                out.append("        allow_na: true")
            out.append("        options:")
            for k, oid in enumerate(options):
                risk = round(k / (len(options) - 1), 2)
                if rng.random() < 0.5:  # flow style, as most of the bundled file is written
                    fields = f'id: {oid}, label: "{sentence(rng, 8)}", risk: {risk}'
                    if risk > 0:
                        fields += f', recommend: "{sentence(rng, 12)}."'
                    if risk == 1 and rng.random() < 0.5:
                        fields += ", floor: high"
                    out.append(f"          - {{ {fields} }}")
                else:
                    out += [
                        f"          - id: {oid}",
                        f'            label: "{sentence(rng, 8)}"',
                        f"            risk: {risk}",
                    ]
                    if risk > 0:
                        out.append(f'            recommend: "{sentence(rng, 12)}."')
            earlier.append((qid, options))
    return "\n".join(out) + "\n"


def timings(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Seconds per run of each action, interleaved so that a busy machine slows all alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            gc.collect()  # each run starts with the same heap, not the last run's garbage
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="cProfile one full check")
    args = parser.parse_args()

    if not hasattr(yaml, "CSafeLoader"):
        sys.exit("PyYAML was built without libyaml: there is no C loader to compare with")
    text = generate(args.questions, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.yaml"
        path.write_text(text, encoding="utf-8")
        loaded, problems = loader.check(path)
        if problems or loaded is None:
            sys.exit(
                "the generated questionnaire is invalid:\n" + "\n".join(map(str, problems[:5]))
            )
        conditions = sum(q.when is not None for q in loaded.questions)
        multis = sum(q.type == "multi" for q in loaded.questions)
        print(
            f"questionnaire: {len(loaded.questions):,} questions ({multis:,} multi, "
            f"{conditions:,} with conditions), "
            f"{sum(len(q.options) for q in loaded.questions):,} options, "
            f"{len(text.encode()):,} bytes"
        )

        times = timings(
            {
                "full": lambda: loader.check(path),
                "floor": lambda: yaml.load(text, Loader=yaml.CSafeLoader),
                "events": lambda: deque(yaml.parse(text, Loader=yaml.CSafeLoader), maxlen=0),
            },
            args.runs,
        )
        full, floor = (statistics.median(times[k]) for k in ("full", "floor"))
        best_full, best_floor = (min(times[k]) for k in ("full", "floor"))
        print(f"{'':36}{'median':>10}{'best':>10}   ({args.runs} runs)")
        print(f"{'(a) loader.check()':36}{full * 1e3:8.1f}ms{best_full * 1e3:8.1f}ms")
        print(
            f"{'(b) yaml.load(CSafeLoader) alone':36}{floor * 1e3:8.1f}ms{best_floor * 1e3:8.1f}ms"
        )
        print(f"{'ratio (a)/(b)':36}{full / floor:9.2f}x{best_full / best_floor:9.2f}x")
        events, best_events = statistics.median(times["events"]), min(times["events"])
        print(f"{'(c) C parser events alone':36}{events * 1e3:8.1f}ms{best_events * 1e3:8.1f}ms")
        print(f"{'ratio (a)/(c)':36}{full / events:9.2f}x{best_full / best_events:9.2f}x")

        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(loader.check, path)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
