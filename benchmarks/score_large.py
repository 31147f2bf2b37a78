"""How long ``trustaudit score --json`` takes on a large review, beside the floor (not a test).

``python benchmarks/score_large.py [--features 200] [--runs 7] [--seed 0]`` writes a realistic
assessment of the bundled questionnaire (see ``generate.py``) into a temporary folder, then times,
as fresh processes, each run for ``--runs`` rounds:

- ``trustaudit score --json FILE`` (``python -m trustaudit``), output to /dev/null;
- the floor: interpreter start plus a libyaml (``CSafeLoader``) parse of the same file, the least
  any Python tool must do to read it.

The two take turns, so load from other programs falls on both alike. It prints the median wall
time of each and their ratio. The target (issue 3) is within 3x.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: find ``benchmarks.generate``
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import large_assessment  # noqa: E402

TARGET = 3.0


def wall_time(command: Sequence[str]) -> float:
    """Seconds for one run of ``command``; a failing run stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode()}")
    return elapsed


def median_times(commands: Sequence[Sequence[str]], runs: int) -> list[tuple[float, float]]:
    """(median, fastest) of each command over ``runs`` rounds, after one warm-up round.

    The commands take turns within each round, so a machine that gets busier or quieter during
    the benchmark moves all of them alike and the ratio stays fair.
    """
    for command in commands:
        wall_time(command)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, kept in zip(commands, times, strict=True):
            kept.append(wall_time(command))
    return [(statistics.median(kept), min(kept)) for kept in times]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="trustaudit-bench-") as folder:
        path = large_assessment(
            Path(folder) / "large.trustaudit.yaml", features=args.features, seed=args.seed
        )
        size = path.stat().st_size
        score = [sys.executable, "-m", "trustaudit", "score", "--json", str(path)]
        floor = [
            sys.executable,
            "-c",
            "import sys, yaml; yaml.load(open(sys.argv[1]).read(), Loader=yaml.CSafeLoader)",
            str(path),
        ]
        (score_median, score_best), (floor_median, floor_best) = median_times(
            [score, floor], args.runs
        )

    ratio = score_median / floor_median
    print(f"assessment: {args.features} features, {size:,} bytes; {args.runs} runs each")
    print(f"{'':<34}{'median':>10}{'fastest':>10}")
    print(f"{'trustaudit score --json':<34}{score_median:>9.3f}s{score_best:>9.3f}s")
    print(f"{'floor (start + CSafeLoader parse)':<34}{floor_median:>9.3f}s{floor_best:>9.3f}s")
    verdict = "within" if ratio <= TARGET else "OVER"
    print(f"ratio: {ratio:.2f}x the floor ({verdict} the {TARGET:.0f}x target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
