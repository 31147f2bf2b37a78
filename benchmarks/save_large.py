"""How long an answer takes to reach the disk in a 1,000-feature review (not a test).

``python benchmarks/save_large.py [--features 1000] [--answers 30] [--seed 0]`` writes a large
review (``generate.large_assessment``), opens it as the app does (``Review.open``), and then,
answer after answer on features spread over the file, times ``set_answer`` followed by
``save()``: the whole path from a stored answer to the file replaced on disk (rendered, checked,
written, fsynced, renamed). The app runs exactly this ``save`` in its worker thread.

It prints the median and 90th percentile answer-to-disk time, the file size, and, for the
floor, the time to write and fsync the same bytes once (what any atomic save of this file
costs). Target: median under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: find ``benchmarks``
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import large_assessment  # noqa: E402
from trustaudit.core.assessment.model import Answer  # noqa: E402
from trustaudit.core.review.session import Review  # noqa: E402

TARGET_MS = 100.0
CHOICES = ("policy-only", "in-context", "none")


def floor_ms(path: Path) -> float:
    """Writing, fsyncing and renaming the same bytes once, with nothing rendered or checked."""
    data = path.read_bytes()
    temp = path.with_name(path.name + ".floor")
    start = time.perf_counter()
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    temp.replace(path.with_name(path.name + ".floor-done"))
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=1000)
    parser.add_argument("--answers", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="trustaudit-save-"))
    path = large_assessment(folder / "large.trustaudit.yaml", args.features, args.seed)
    start = time.perf_counter()
    review = Review.open(path)
    opened = time.perf_counter() - start
    ids = [f.id for f in review.assessment.features]
    times = []
    with review:
        for n in range(args.answers):
            feature = ids[(n * 37) % len(ids)]
            answer = Answer(choice=CHOICES[n % len(CHOICES)], note=f"answer {n}")
            start = time.perf_counter()
            review.set_answer(feature, "collection-notice", answer)  # SaveNow: written on return
            times.append((time.perf_counter() - start) * 1000)
    floors = sorted(floor_ms(path) for _ in range(5))
    times.sort()
    median = statistics.median(times)
    p90 = times[int(0.9 * (len(times) - 1))]
    print(
        f"review: {args.features} features, {path.stat().st_size:,} bytes; opened in {opened:.2f} s"
    )
    print(f"answer to disk  median {median:7.1f} ms   p90 {p90:7.1f} ms   ({args.answers} answers)")
    print(
        f"floor (write + fsync + rename the bytes once)  median {statistics.median(floors):7.1f} ms"
    )
    verdict = "within" if median < TARGET_MS else "OVER"
    print(f"{verdict} the {TARGET_MS:g} ms target")


if __name__ == "__main__":
    main()
