"""How scoring grows with the questionnaire: one feature against 100 … 1,600 questions (not a test).

``python benchmarks/scale_questions.py [--sizes 100,200,400,800,1600] [--runs 5] [--seed 0]``

For each size it generates a framework-sized questionnaire (``validate_large.generate``: choice and
multi questions, nested conditions on earlier questions, red flags), then times, in this process,
``Engine.feature`` on one feature answered three ways:

- *worst*: every question at its riskiest option (red flags everywhere; the drop-a-band search
  needs hundreds of fixes);
- *unanswered*: nothing answered yet (every question counts as unknown);
- *random*: a random option per question.

Beside each it times the floor: one plain evaluation of the same answers (every condition, term and
floor computed once, no counterfactuals), the least any scoring must do. It prints the median time
per size, the ratio to the floor, and the growth exponent k fitted to time ∝ questions^k (n·log n
over this range fits k ≈ 1.2; quadratic would be 2). The target: 1,600 questions under 2 s.

Then it scores 1, 10 and 100 copies of the *random* feature against the 400-question
questionnaire: the time per feature should stay flat.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: find ``benchmarks``
    sys.path.insert(0, str(ROOT))

from benchmarks.validate_large import generate  # noqa: E402
from trustaudit.core.assessment.model import Answer, Feature  # noqa: E402
from trustaudit.core.questionnaire import loader  # noqa: E402
from trustaudit.core.questionnaire.model import Questionnaire  # noqa: E402
from trustaudit.core.scoring.engine import Engine  # noqa: E402

TARGET_SECONDS = 2.0
PATTERNS = ("worst", "unanswered", "random")


def feature(questionnaire: Questionnaire, pattern: str, seed: int) -> Feature:
    """One feature whose answers follow ``pattern``."""
    rng = random.Random(seed)
    answers: dict[str, Answer] = {}
    for question in questionnaire.questions:
        if pattern == "unanswered" or not question.options:
            continue
        if pattern == "worst":
            option = max(question.options, key=lambda o: (o.risk or 0.0, o.impact or 0.0))
        else:
            option = rng.choice(question.options)
        answers[question.id] = (
            Answer(choice=option.id) if question.type == "choice" else Answer(choices=[option.id])
        )
    return Feature(id="feature", name="Feature", answers=answers)


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """CPU seconds of this process (other programs' load on a shared machine does not count)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """The least-squares slope of log(time) against log(size)."""
    xs = [math.log(n) for n in sizes]
    ys = [math.log(max(t, 1e-9)) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,200,400,800,1600")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    folder = Path(tempfile.mkdtemp(prefix="trustaudit-scale-"))
    engines: dict[int, Engine] = {}
    times: dict[str, list[float]] = {p: [] for p in PATTERNS}
    print(f"one feature, median of {args.runs} runs; floor = one plain evaluation")
    print(f"{'questions':>9}  " + "  ".join(f"{p:>22}" for p in PATTERNS))
    for n in sizes:
        path = folder / f"q{n}.yaml"
        path.write_text(generate(n, args.seed), encoding="utf-8")
        engine = engines[n] = Engine(loader.load(path))
        cells = []
        for pattern in PATTERNS:
            one = feature(engine.questionnaire, pattern, args.seed)
            seconds = median_seconds(lambda e=engine, f=one: e.feature(f), args.runs)
            states = engine.reader.states(one)[0]
            floor = median_seconds(lambda e=engine, s=states: e.evaluator.evaluate(s), args.runs)
            times[pattern].append(seconds)
            cells.append(f"{seconds * 1000:8.1f} ms ({seconds / floor:5.0f}x)")
        print(f"{n:>9}  " + "  ".join(f"{c:>22}" for c in cells))
    fitted = "  ".join(f"{exponent(sizes, times[p]):>22.2f}" for p in PATTERNS)
    print(f"{'exponent':>9}  {fitted}")
    slowest = max(times[p][-1] for p in PATTERNS)
    verdict = "within" if slowest < TARGET_SECONDS else "OVER"
    target = f"{verdict} the {TARGET_SECONDS:g} s target"
    print(f"slowest at {sizes[-1]} questions: {slowest:.2f} s ({target})")

    n = 400 if 400 in engines else sizes[0]
    engine = engines[n]
    print(f"\nfeatures against {n} questions (random answers): time per feature")
    for count in (1, 10, 100):
        many = [feature(engine.questionnaire, "random", args.seed + i) for i in range(count)]
        seconds = median_seconds(
            lambda m=many: [engine.feature(f) for f in m], max(1, args.runs // 2)
        )
        print(f"{count:>9} features  {seconds / count * 1000:8.2f} ms each")


if __name__ == "__main__":
    main()
