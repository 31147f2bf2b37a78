"""How long ``trustaudit portfolio`` takes over 1,000 reviews, beside the floor (not a test).

``python benchmarks/portfolio_large.py [--reviews 1000] [--features 4] [--runs 3] [--seed 0]``
writes ``--reviews`` realistic reviews of the bundled questionnaire (``generate.py``, each with
its own seed) into a temporary folder, then times, as fresh processes taking turns, ``--runs``
rounds of:

- ``trustaudit portfolio FOLDER --format jsonl > OUT``: every review found, read, scored and
  summarised on every core (a process pool), each product streamed out as it is scored;
- the floor: interpreter start, then every file read and parsed by libyaml (``CSafeLoader``) on
  the same number of processes: the least any Python tool must do to look at the same files.

It prints the median wall time of each and their ratio (target, issue 14: within 2x), and the
peak memory (``resource.getrusage``): the roll-up's own process, its largest worker, and both
again for a quarter of the reviews. The roll-up's process holds one summary line per product and
the output, never a review, so its peak should barely move between the two sizes.
"""

from __future__ import annotations

import argparse
import json
import os
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

from benchmarks.generate import bundled, large_assessment  # noqa: E402

TARGET = 2.0

MEASURED = """\
import json, resource, runpy, sys
sys.argv = ["trustaudit", *sys.argv[1:]]
try:
    runpy.run_module("trustaudit", run_name="__main__")
except SystemExit as done:
    if done.code:
        raise
peak = {"self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}
print(json.dumps(peak), file=sys.stderr)
"""
"""The roll-up, reporting its peak memory (KiB on Linux): its own, and its largest worker's."""

FLOOR = """\
import os, sys, yaml
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

def parse(path):
    with open(path, "rb") as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
    return 0

folder, jobs = sys.argv[1], int(sys.argv[2])
paths = sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".yaml"))
with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
    sum(pool.map(parse, paths, chunksize=max(1, len(paths) // (jobs * 8))))
"""
"""The floor: read and C-parse every review on ``jobs`` processes."""


def cores() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def run(command: Sequence[str], out: Path | None = None) -> tuple[float, dict[str, int]]:
    """Seconds for one run (its standard output to ``out``), and the peak memory it printed
    (if it is the roll-up)."""
    start = time.perf_counter()
    with Path(out or os.devnull).open("wb") as sink:
        done = subprocess.run(command, stdout=sink, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode()}")
    lines = done.stderr.decode().strip().splitlines()
    peak = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    return elapsed, peak


def write_reviews(folder: Path, reviews: int, features: int, seed: int) -> int:
    """``reviews`` files, each its own product; the total size in bytes."""
    folder.mkdir(parents=True)
    source = bundled()
    size = 0
    for n in range(reviews):
        path = large_assessment(
            folder / f"product-{n:04d}.trustaudit.yaml", features, seed + n, source
        )
        text = path.read_text(encoding="utf-8").replace(
            "product: Benchmark Shop", f"product: Product {n:04d}", 1
        )
        path.write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
    return size


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--features", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    jobs = cores()

    with tempfile.TemporaryDirectory(prefix="trustaudit-bench-") as root:
        folder = Path(root) / "reviews"
        began = time.perf_counter()
        size = write_reviews(folder, args.reviews, args.features, args.seed)
        print(
            f"{args.reviews} reviews x {args.features} features, {size / 1e6:.1f} MB "
            f"(written in {time.perf_counter() - began:.0f} s); {jobs} core(s)"
        )
        out = Path(root) / "portfolio.jsonl"
        rollup = [sys.executable, "-c", MEASURED, "portfolio", str(folder), "--format", "jsonl",
                  "--as-of", "2027-01-01"]  # fmt: skip
        floor = [sys.executable, "-c", FLOOR, str(folder), str(jobs)]
        times: dict[str, list[float]] = {"rollup": [], "floor": []}
        peaks: list[dict[str, int]] = []
        run(rollup, out)  # warm-up: the page cache and the bytecode, for both alike
        for _ in range(args.runs):
            elapsed, peak = run(rollup, out)
            times["rollup"].append(elapsed)
            peaks.append(peak)
            times["floor"].append(run(floor)[0])
        products = sum(1 for _ in out.open(encoding="utf-8"))
        if products != args.reviews:
            sys.exit(f"the roll-up wrote {products} products, expected {args.reviews}")

        # The same roll-up over a quarter of the files: is the parent's memory flat?
        quarter = Path(root) / "quarter"
        quarter.mkdir()
        for path in sorted(folder.iterdir())[: max(1, args.reviews // 4)]:
            os.link(path, quarter / path.name)
        small = [*rollup[:4], str(quarter), *rollup[5:]]
        _, small_peak = run(small, out)

    rollup_median = statistics.median(times["rollup"])
    floor_median = statistics.median(times["floor"])
    ratio = rollup_median / floor_median
    parent = max(p["self"] for p in peaks) / 1024
    worker = max(p["children"] for p in peaks) / 1024
    print(f"roll-up  median {rollup_median:7.3f} s  fastest {min(times['rollup']):7.3f} s")
    print(f"floor    median {floor_median:7.3f} s  fastest {min(times['floor']):7.3f} s")
    print(f"ratio    {ratio:.2f}x (target <= {TARGET:.0f}x)")
    print(
        f"peak memory: roll-up process {parent:.0f} MiB, largest worker {worker:.0f} MiB; "
        f"over {max(1, args.reviews // 4)} reviews: {small_peak['self'] / 1024:.0f} MiB and "
        f"{small_peak['children'] / 1024:.0f} MiB"
    )
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
