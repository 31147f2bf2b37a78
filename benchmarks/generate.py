"""Generators of large, realistic inputs for the benchmarks (not run as tests).

``python benchmarks/generate.py OUT.trustaudit.yaml [--features 200] [--seed 0]`` writes an
assessment against the bundled questionnaire in which every feature is answered the way real teams
answer: mostly plausible choices, a few unknowns, some N/A with reasons, notes, evidence links and
plans with owners and due dates.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

from trustaudit.core.assessment import file_form, naming
from trustaudit.core.assessment.model import Answer, Assessment, Feature, Plan
from trustaudit.core.questionnaire import loader, locations
from trustaudit.core.questionnaire.model import Question, Questionnaire
from trustaudit.core.review.pinning import pin_for

NAMES = [
    "Recommendations",
    "Store locator",
    "Newsletter",
    "Loyalty card",
    "Wish list",
    "Search",
    "Reviews",
    "Chat support",
    "Size advisor",
    "Price alerts",
    "Order tracking",
    "Referrals",
]
PEOPLE = ["Dana Ortiz", "Lee Chen", "Sam Roe", "Ari Patel", "Jo Kim"]


def bundled() -> Questionnaire:
    return loader.load(locations.bundled_folder() / "trust-audit.yaml")


def answer_for(q: Question, rng: random.Random, start: dt.date) -> Answer:
    roll = rng.random()
    if roll < 0.05 and q.allow_unknown:
        return Answer(unknown=True, note="Waiting on the platform team.")
    if roll < 0.08 and q.allow_na:
        return Answer(na="Not relevant for this feature: no such data.")
    if q.type == "text":
        return Answer(text="We use your order history to suggest products you may like.")
    # Teams pick the better options more often than the worse ones.
    weights = [len(q.options) - i for i in range(len(q.options))]
    if q.type == "multi":
        k = rng.randint(1, min(3, len(q.options)))
        chosen = sorted({rng.choices(q.options, weights)[0].id for _ in range(k)})
        return Answer(choices=chosen)
    option = rng.choices(q.options, weights)[0]
    plan = None
    if (option.risk or 0) > 0 and rng.random() < 0.5:
        best = min(q.options, key=lambda o: o.risk or 0)
        plan = Plan(
            target=best.id,
            action=option.recommend or "Fix before launch.",
            owner=rng.choice(PEOPLE) if rng.random() < 0.85 else None,
            due=start + dt.timedelta(days=rng.randint(14, 120)),
            status=rng.choice(["planned", "planned", "in_progress", "done", "accepted"]),
        )
    note = "See the design doc, section 3." if rng.random() < 0.2 else None
    evidence = ["docs/privacy-review.md#notice"] if rng.random() < 0.1 else []
    return Answer(choice=option.id, plan=plan, note=note, evidence=evidence)


def large_assessment(
    path: Path, features: int = 200, seed: int = 0, source: Questionnaire | None = None
) -> Path:
    """Write a ``features``-feature assessment to ``path`` and return the path."""
    rng = random.Random(seed)
    current = source or bundled()
    start = dt.date(2026, 11, 29)
    created = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.timezone.utc)
    items: list[Feature] = []
    for n in range(features):
        name = f"{NAMES[n % len(NAMES)]} {n // len(NAMES) + 1}"
        answers = {q.id: answer_for(q, rng, start) for q in current.questions}
        taken = {f.id for f in items}
        items.append(
            Feature(
                id=naming.slug(name, taken),
                name=name,
                description=f"{name}: generated for benchmarks.",
                owner=rng.choice(PEOPLE),
                answers=answers,
            )
        )
    review = Assessment(
        questionnaire=pin_for(current, path),
        product="Benchmark Shop",
        release="9.9",
        team="Benchmarks",
        assessors=PEOPLE[:2],
        created=created,
        updated=created,
        features=items,
    )
    order = [q.id for q in current.questions]
    path.write_text(file_form.to_yaml(review, order), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--features", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    large_assessment(args.out, args.features, args.seed)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, {args.features} features)")


if __name__ == "__main__":
    main()
