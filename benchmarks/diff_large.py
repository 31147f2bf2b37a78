"""How long ``trustaudit diff`` takes on two versions of a large review, beside scoring one of them.

``python benchmarks/diff_large.py [--features 200] [--runs 7] [--seed 0]`` writes a realistic
assessment of the bundled questionnaire (``generate.py``) and a later version of it (about one
answer in ten changed, plans moved on, five features removed and five added, the sign-off given),
then times, as fresh processes taking turns for ``--runs`` rounds:

- ``trustaudit diff OLD NEW`` (the Markdown comment) and ``trustaudit diff OLD NEW --json``;
- ``trustaudit score --json NEW``, the same work for one version;
- the floor: interpreter start plus a libyaml (``CSafeLoader``) parse of one file.

A diff scores both versions, so about twice a score is the expected cost; it prints the medians
and the ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: find ``benchmarks``
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import bundled, large_assessment  # noqa: E402
from benchmarks.score_large import median_times  # noqa: E402
from trustaudit.core.assessment import file_form  # noqa: E402
from trustaudit.core.assessment.model import Answer, SignOff  # noqa: E402

AS_OF = "2027-02-01"


def later_version(old: Path, new: Path, seed: int) -> Path:
    """``old`` as it might look at the next review: answers changed, plans moved on, features
    removed and added, the sign-off given."""
    rng = random.Random(seed)
    q = bundled()
    review = file_form.load(old)
    for feature in review.features:
        for question in q.questions:
            answer = feature.answers.get(question.id)
            if question.type == "text" or answer is None or rng.random() > 0.1:
                continue
            if question.type == "choice":
                feature.answers[question.id] = Answer(choice=rng.choice(question.options).id)
            else:
                feature.answers[question.id] = Answer(choices=[rng.choice(question.options).id])
        for answer in feature.answers.values():
            if answer.plan is not None and answer.plan.status == "planned" and rng.random() < 0.3:
                answer.plan.status = "done"
    extra = Path(new.parent / "extra.trustaudit.yaml")
    added = file_form.load(large_assessment(extra, features=5, seed=seed + 1)).features
    for feature in added:
        feature.id, feature.name = f"new-{feature.id}", f"New {feature.name}"
    review.features = review.features[5:] + added
    review.sign_off = [
        SignOff(
            role="Privacy lead",
            name="Sam Roe",
            decision="conditional",
            date=dt.date(2027, 1, 20),
            comment="Fix the notices first.",
        ),
    ]
    new.write_text(file_form.to_yaml(review, [x.id for x in q.questions]), encoding="utf-8")
    return new


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="trustaudit-bench-") as folder:
        old = large_assessment(
            Path(folder) / "old.trustaudit.yaml", features=args.features, seed=args.seed
        )
        new = later_version(old, Path(folder) / "new.trustaudit.yaml", args.seed)
        size = new.stat().st_size
        cli = [sys.executable, "-m", "trustaudit"]
        diff = [*cli, "diff", str(old), str(new), "--as-of", AS_OF]
        diff_json = [*diff, "--json"]
        score = [*cli, "score", "--json", str(new), "--as-of", AS_OF]
        floor = [
            sys.executable,
            "-c",
            "import sys, yaml; yaml.load(open(sys.argv[1]).read(), Loader=yaml.CSafeLoader)",
            str(new),
        ]
        timed = median_times([diff, diff_json, score, floor], args.runs)
    (d, d_best), (j, j_best), (s, s_best), (f, f_best) = timed
    print(f"two versions of {args.features} features, {size:,} bytes each; {args.runs} runs each")
    print(f"{'':<34}{'median':>10}{'fastest':>10}")
    for name, median, best in (
        ("trustaudit diff (Markdown)", d, d_best),
        ("trustaudit diff --json", j, j_best),
        ("trustaudit score --json (one)", s, s_best),
        ("floor (start + CSafeLoader parse)", f, f_best),
    ):
        print(f"{name:<34}{median:>9.3f}s{best:>9.3f}s")
    print(f"diff: {d / s:.2f}x a score of one version, {d / f:.2f}x the floor")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
