"""Time ``trustaudit report`` on a 200-feature review against the floor of reading the file.

``python benchmarks/report_large.py [--features 200] [--runs 5]`` writes a generated review (see
``generate.py``), then prints the median wall time of

- the report: ``trustaudit report FILE -o OUT`` in a fresh interpreter (start, imports, safe
  YAML reading with line marks, validation, scoring, rendering, atomic write), and
- the floor: a fresh interpreter doing ``yaml.load(text, Loader=yaml.CSafeLoader)`` on the same
  file,

and their ratio. The target is a ratio within 4x. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import large_assessment

FLOOR = "import sys, yaml; yaml.load(open(sys.argv[1]).read(), Loader=yaml.CSafeLoader)"


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        review = large_assessment(Path(folder) / "large.trustaudit.yaml", args.features)
        out = Path(folder) / "large.md"
        report = [sys.executable, "-m", "trustaudit", "report", str(review), "-o", str(out)]
        floor = [sys.executable, "-c", FLOOR, str(review)]
        median_seconds(report, 1)  # warm the file cache and .pyc files
        took = median_seconds(report, args.runs)
        base = median_seconds(floor, args.runs)
        size = review.stat().st_size
        print(
            f"review: {args.features} features, {size:,} bytes; report {out.stat().st_size:,} bytes"
        )
        print(f"trustaudit report   median {took:6.3f} s over {args.runs} runs")
        print(f"floor (CSafeLoader) median {base:6.3f} s over {args.runs} runs")
        print(f"ratio {took / base:.2f}x (target: within 4x)")


if __name__ == "__main__":
    main()
