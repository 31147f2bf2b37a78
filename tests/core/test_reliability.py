"""The figures we hold saving to: kill -9 at random moments, and injected I/O faults.

The kill test forks its children from this already-imported process (a fresh interpreter per
kill would cost half a second each), so that 500 kills fit in seconds. Each child opens the
review (taking over the lock its killed predecessor left), then answers one question after
another, reporting each save through a pipe only after ``set_answer`` returned. The parent kills
it at a random moment and checks the file: it must parse, and hold every answer confirmed before
the kill. Answers follow a fixed sequence (step ``s`` answers slot ``s mod N`` with a note
``step s``), so the exact expected content of the file is known from its highest step alone.
"""

from __future__ import annotations

import errno
import os
import random
import re
import select
import signal
import statistics
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest

from tests.core.reviewkit import ORDER, start_review, temp_files
from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.edits import FeatureEdit
from trustaudit.core.assessment.model import Answer, Assessment
from trustaudit.core.errors import InvalidFileError, SaveError
from trustaudit.core.io import yaml_reader
from trustaudit.core.io.yaml_reader import YamlDocument
from trustaudit.core.review import saving
from trustaudit.core.review.session import Review

KILLS = int(os.environ.get("TRUSTAUDIT_KILLS", "500"))
SEED = int(os.environ.get("TRUSTAUDIT_KILL_SEED", "20261129"))
FEATURES = ("recommendations", "store-locator")
SLOTS = [(feature, question) for feature in FEATURES for question in ORDER]


def answer_for(step: int) -> tuple[str, str, Answer]:
    """The answer the sequence gives at ``step``: every answer kind, and the step in a note."""
    feature, question = SLOTS[step % len(SLOTS)]
    note = f"step {step}"
    if question == "kinds":
        value = Answer(choices=["email", "health"][: step % 3], note=note)
    elif question == "purpose":
        value = Answer(text=f"We use it for step {step}.\nNothing else.", note=note)
    elif question == "notice":
        options = ["in-context", "policy-only", "none"]
        value = Answer(choice=options[step % 3], note=note, evidence=[f"doc#{step}"])
    else:
        value = Answer(unknown=True, note=note) if step % 2 else Answer(na="No.", note=note)
    return feature, question, value


def last_step(review: Assessment) -> int:
    steps = [
        int(answer.note.removeprefix("step "))
        for feature in review.features
        for answer in feature.answers.values()
        if answer.note
    ]
    return max(steps, default=0)


def expected_answers(step: int) -> dict[tuple[str, str], Answer]:
    """What the file holds once the sequence reached ``step``: the latest answer of each slot."""
    out = {}
    for s in range(max(1, step - len(SLOTS) + 1), step + 1):
        feature, question, value = answer_for(s)
        out[feature, question] = value
    return out


def answers_of(review: Assessment) -> dict[tuple[str, str], Answer]:
    return {(f.id, qid): a for f in review.features for qid, a in f.answers.items()}


def child(path: Path, out: int) -> NoReturn:
    """Open the review and answer until killed; report "open" and each confirmed save."""
    try:
        review = Review.open(path)
        taken = next((n for n in review.notices if n.startswith("took over the lock")), "")
        named = re.search(r"\(pid (\d+) ", taken)
        step = last_step(review.assessment)
        os.write(out, f"open {step} {named.group(1) if named else '-'}\n".encode())
        last = time.perf_counter()
        while True:
            step += 1
            feature, question, value = answer_for(step)
            review.set_answer(feature, question, value)
            now = time.perf_counter()
            os.write(out, f"saved {step} {now - last:.6f}\n".encode())
            last = now
    except BaseException as error:  # report, never raise into the forked copy of pytest
        message = " ".join(f"{type(error).__name__}: {error}".split())
        os.write(out, f"error {message}\n".encode())
    finally:
        os._exit(0)


@dataclass
class Tally:
    kills: int = 0
    corrupt: int = 0
    lost: int = 0
    mid_write: int = 0
    unconfirmed_kept: int = 0
    takeovers: int = 0
    saves: int = 0
    failures: list[str] = field(default_factory=list)

    def summary(self, seconds: float) -> str:
        return (
            f"{self.kills} kill -9 during saves in {seconds:.1f}s (seed {SEED}): "
            f"{self.corrupt} corrupt files, {self.lost} with lost answers; "
            f"{self.saves} confirmed saves; {self.mid_write} kills left a temp file (mid-write); "
            f"{self.unconfirmed_kept} saved but unconfirmed; "
            f"{self.takeovers} stale-lock takeovers named the dead pid; "
            f"first failures: {self.failures[:3]}"
        )


def read_line(stream: Any, pid: int) -> str:
    ready, _, _ = select.select([stream], [], [], 20)
    if not ready:  # a child stuck before opening: fail loudly instead of hanging the suite
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        pytest.fail("a forked child did not open the review within 20 s")
    line: str = stream.readline().decode()
    return line


@pytest.mark.slow
def test_kill_9_at_random_moments_never_corrupts_the_file_or_loses_a_confirmed_answer(
    tmp_path: Path, record_property: Any
) -> None:
    with start_review(tmp_path) as review:
        review.add_feature(FeatureEdit("Store locator"))
        path = review.path
        # The kill window spans one and a half saves, so kills land in every part of a save; the
        # save time is measured here first, then from the children's reports (disks vary).
        durations: deque[float] = deque(maxlen=50)
        for step in range(1, 21):
            begun = time.perf_counter()
            review.set_answer(*answer_for(step))
            durations.append(time.perf_counter() - begun)
    rng = random.Random(SEED)
    tally = Tally()
    confirmed = last_step(file_form.load(path))
    previous: int | None = None
    begun = time.perf_counter()
    while tally.kills < KILLS:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(read_end)
            child(path, write_end)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as stream:
            opened = read_line(stream, pid).split()
            time.sleep(rng.uniform(0, 1.5 * statistics.median(durations)))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            lines = [opened, *(line.split() for line in stream.read().decode().splitlines())]
        tally.kills += 1
        errors = [" ".join(line) for line in lines if line[:1] == ["error"]]
        if errors or opened[:1] != ["open"]:
            tally.failures.append(f"kill {tally.kills}: child said {errors or opened}")
            break
        if opened[2] == str(previous):
            tally.takeovers += 1
        previous = pid
        saved = [int(line[1]) for line in lines if line[:1] == ["saved"]]
        durations.extend(float(line[2]) for line in lines if line[:1] == ["saved"])
        tally.saves += len(saved)
        confirmed = max([confirmed, int(opened[1]), *saved])
        if temp_files(tmp_path):
            tally.mid_write += 1
        try:
            on_disk = file_form.load(path)
        except InvalidFileError as error:
            tally.corrupt += 1
            tally.failures.append(f"kill {tally.kills}: {error}")
            break
        step = last_step(on_disk)
        if step not in (confirmed, confirmed + 1) or answers_of(on_disk) != expected_answers(step):
            tally.lost += 1
            wrong = sorted(
                f"{f}/{q}"
                for (f, q), value in expected_answers(step).items()
                if answers_of(on_disk).get((f, q)) != value
            )
            tally.failures.append(
                f"kill {tally.kills}: confirmed step {confirmed}, file at step {step}, "
                f"missing or wrong: {wrong}"
            )
            break
        tally.unconfirmed_kept += step == confirmed + 1
        confirmed = step
    seconds = time.perf_counter() - begun
    summary = tally.summary(seconds)
    record_property("kill_test", summary)
    print(summary)
    assert (tally.kills, tally.corrupt, tally.lost) == (KILLS, 0, 0), summary
    assert tally.takeovers == KILLS - 1, summary  # all but the first child found a dead holder
    assert tally.mid_write > 0, summary  # kills did land inside atomic_write
    with Review.open(path) as final:  # and the leftovers of the last kill are cleaned up
        assert last_step(final.assessment) == confirmed
    assert temp_files(tmp_path) == []


# --- fault injection -----------------------------------------------------------------------------


@pytest.fixture
def answered(tmp_path: Path) -> Iterator[Review]:
    """An open review with one saved answer."""
    review = start_review(tmp_path)
    review.set_answer("recommendations", "notice", Answer(choice="none"))
    yield review
    review.close()


def no_space(*args: object, **kwargs: object) -> NoReturn:
    raise OSError(errno.ENOSPC, "No space left on device")


def io_error(*args: object, **kwargs: object) -> NoReturn:
    raise OSError(errno.EIO, "Input/output error")


def does_not_parse(*args: object, **kwargs: object) -> NoReturn:
    raise InvalidFileError.at("x", "mangled on the way to disk", 3, 1)


PARSE = yaml_reader.parse


def reads_back_different(data: str, display: str) -> YamlDocument:
    """The text parses, but as something else than what was written (a dropped answer)."""
    parsed = PARSE(data, display)
    if isinstance(parsed.data, list):
        parsed.data[0].pop("answers", None)
    else:
        parsed.data["product"] = "Someone else's product"
    return parsed


FAULTS: dict[str, tuple[object, str, Any, str]] = {
    "full disk on write": (os, "write", no_space, "cannot save: No space left on device"),
    "fsync fails": (os, "fsync", io_error, "cannot save: Input/output error"),
    "rename fails": (os, "replace", no_space, "cannot save: No space left on device"),
    "temp file cannot be made": (
        os,
        "open",
        no_space,
        "cannot save: No space left on device",
    ),
    "written bytes do not parse": (
        saving,
        "parse",
        does_not_parse,
        "cannot save: the file would not read back (mangled on the way to disk)",
    ),
    "written bytes read back different": (
        saving,
        "parse",
        reads_back_different,
        "cannot save: the file would not read back as the review in memory",
    ),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_failed_save_leaves_the_old_file_byte_identical_and_keeps_the_answer_in_memory(
    answered: Review, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    owner, name, replacement, message = FAULTS[fault]
    before = answered.path.read_bytes()
    saved_at = answered.saved_at
    new = Answer(choice="in-context", note="typed before the disk filled up")
    with monkeypatch.context() as patch:
        patch.setattr(owner, name, replacement)
        with pytest.raises(SaveError) as caught:
            answered.set_answer("recommendations", "notice", new)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(f"{answered.path}: {message}")
    assert text.endswith("the file on disk is unchanged")
    assert answered.path.read_bytes() == before
    assert temp_files(answered.path.parent) == []
    assert answered.answer("recommendations", "notice") == new
    assert answered.saved_at == saved_at
    answered.save()  # the fault is gone: the answer typed during it reaches the disk
    on_disk = file_form.load(answered.path)
    assert on_disk.feature("recommendations").answers["notice"] == new


def test_short_writes_are_completed(answered: Review, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def one_byte_at_a_time(fd: int, data: bytes) -> int:
        return real_write(fd, bytes(data[:1]))

    new = Answer(text="Written one byte at a time.")
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", one_byte_at_a_time)
        answered.set_answer("recommendations", "purpose", new)
    assert file_form.load(answered.path).feature("recommendations").answers["purpose"] == new


def test_a_save_interrupted_by_ctrl_c_leaves_the_old_file_and_no_temp_file(
    answered: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object) -> NoReturn:
        raise KeyboardInterrupt

    before = answered.path.read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", interrupted)
        with pytest.raises(KeyboardInterrupt):
            answered.set_answer("recommendations", "notice", Answer(unknown=True))
    assert answered.path.read_bytes() == before
    assert temp_files(answered.path.parent) == []


class Deferred:
    """A saver that writes nothing when told of a change (the test saves by hand)."""

    def changed(self, review: Review) -> None:
        pass


def test_saving_from_a_worker_thread_while_answers_change_writes_whole_snapshots(
    answered: Review,
) -> None:
    """The TUI saves from a worker thread while its UI thread edits the same assessment.

    Every save must write one consistent state (never fail on a dict changing under it, never
    fail its read-back check) and the file must always be a valid review.
    """
    stop = threading.Event()
    answered.saver = Deferred()  # as the app's saver: edits mark the file dirty, saves come later

    def edit() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            answer = Answer(choice="none", note=f"edit {n}")
            answered.set_answer("recommendations", f"q{n % 300}", answer)
            answered.clear_answer("recommendations", f"q{(n * 7) % 300}")

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    editor = threading.Thread(target=edit)
    editor.start()
    try:
        for _ in range(40):
            answered.save()
            file_form.load(answered.path)
    finally:
        stop.set()
        editor.join()
        sys.setswitchinterval(interval)
    answered.save()
    assert file_form.load(answered.path) == answered.assessment
