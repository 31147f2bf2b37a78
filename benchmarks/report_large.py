"""Time ``trustaudit report`` on a 200-feature review against the floor of reading the file.

``python benchmarks/report_large.py [--features 200] [--runs 5]`` writes a generated review (see
``generate.py``), then prints the median wall time of

- the report: ``trustaudit report FILE -o OUT`` in a fresh interpreter (start, imports, safe
  YAML reading with line marks, validation, scoring, rendering, atomic write), and
- the floor: a fresh interpreter doing ``yaml.load(text, Loader=yaml.CSafeLoader)`` on the same
  file,

and the median ratio of interleaved pairs. The target is a ratio within 3x. Not a test: figures
depend on the machine.
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


def seconds(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - began


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
        seconds(report)  # warm the file cache and .pyc files
        # Interleaved, so that a busy machine slows both sides of each pair alike.
        pairs = [(seconds(report), seconds(floor)) for _ in range(args.runs)]
        took = statistics.median(p[0] for p in pairs)
        base = statistics.median(p[1] for p in pairs)
        ratio = statistics.median(p[0] / p[1] for p in pairs)
        size = review.stat().st_size
        annex = out.with_name("large.annex.md")
        extra = f" + annex {annex.stat().st_size:,} bytes" if annex.exists() else ""
        print(
            f"review: {args.features} features, {size:,} bytes; "
            f"report {out.stat().st_size:,} bytes{extra}"
        )
        print(f"trustaudit report   median {took:6.3f} s over {args.runs} runs")
        print(f"floor (CSafeLoader) median {base:6.3f} s over {args.runs} runs")
        print(f"ratio {ratio:.2f}x, median of the pairs (target: within 3x)")


if __name__ == "__main__":
    main()
