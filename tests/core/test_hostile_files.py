"""Hostile file system entries: links, FIFOs, devices and read-only files never make trustaudit
write where it should not, lose an answer, or hang.

Each test builds the hostile entry in a temporary folder (a device node is made with ``mknod``
there, never in the real ``/dev``).
"""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.reviewkit import PRODUCT_FILE, start_review
from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.model import Answer
from trustaudit.core.errors import (
    InvalidFileError,
    LockedError,
    NotWritableError,
    SaveError,
    TrustAuditError,
)
from trustaudit.core.io.output import write_output
from trustaudit.core.io.yaml_reader import parse, read_bytes
from trustaudit.core.review.session import Review
from trustaudit.core.text import clean_text

FEATURE_ID = "recommendations"
VICTIM = "export PATH=/usr/bin\n"


def one_line(error: TrustAuditError) -> str:
    assert len(error.problems) == 1
    text = str(error.problems[0])
    assert "\n" not in text
    return text


@pytest.fixture
def closed(tmp_path: Path) -> Path:
    """A saved review, closed (its lock released)."""
    with start_review(tmp_path) as review:
        review.set_answer(FEATURE_ID, "notice", Answer(choice="none"))
    return tmp_path / PRODUCT_FILE


# --- the lock file -------------------------------------------------------------------------------


def test_a_symlinked_lock_file_is_refused_and_its_target_untouched(closed: Path) -> None:
    victim = closed.parent / "bashrc"
    victim.write_text(VICTIM)
    lock = closed.with_name(closed.name + ".lock")
    lock.symlink_to(victim)
    with pytest.raises(LockedError) as caught:
        Review.open(closed)
    assert "is a symbolic link" in one_line(caught.value)
    assert victim.read_text() == VICTIM
    assert lock.is_symlink()  # not removed behind the user's back either


def test_a_lock_file_that_is_a_fifo_or_has_other_names_is_refused(closed: Path) -> None:
    lock = closed.with_name(closed.name + ".lock")
    os.mkfifo(lock)
    with pytest.raises(LockedError, match="is a FIFO"):
        Review.open(closed)
    lock.unlink()
    other = closed.parent / "other.lock"
    other.write_text("{}")
    os.link(other, lock)
    with pytest.raises(LockedError, match="hard links"):
        Review.open(closed)
    assert other.read_text() == "{}"


def test_a_huge_lock_holder_is_shown_cut_short(closed: Path) -> None:
    with Review.open(closed) as first:
        assert first._lock is not None and first._lock.fd is not None
        fd = first._lock.fd
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": 1, "host": "h" * 3000, "user": "\x1b[2J"}).encode())
        with pytest.raises(LockedError) as caught:
            Review.open(closed)
    message = one_line(caught.value)
    assert len(message) < 300
    assert "\x1b" not in message


# --- the review file ----------------------------------------------------------------------------


def test_a_symlinked_review_is_locked_and_saved_at_its_target(closed: Path) -> None:
    link = closed.with_name("link.trustaudit.yaml")
    link.symlink_to(closed.name)
    with Review.open(link) as review:
        assert review.path == closed.resolve()
        with pytest.raises(LockedError):
            Review.open(closed)  # two paths to one file share one lock
        review.set_answer(FEATURE_ID, "notice", Answer(choice="in-context"))
    assert link.is_symlink()
    assert file_form.load(closed).feature(FEATURE_ID).answers["notice"].choice == "in-context"


def test_a_hard_linked_review_is_refused_before_it_could_split(closed: Path) -> None:
    twin = closed.with_name("twin.trustaudit.yaml")
    os.link(closed, twin)
    with pytest.raises(NotWritableError, match="2 names"):
        Review.open(twin)


def test_a_review_made_read_only_during_a_session_is_not_saved_over(closed: Path) -> None:
    with Review.open(closed) as review:
        before = closed.read_bytes()
        closed.chmod(0o444)  # root may still write it: the mode says not to
        with pytest.raises(NotWritableError) as caught:
            review.set_answer(FEATURE_ID, "notice", Answer(choice="in-context"))
        assert "read-only while it was open" in one_line(caught.value)
        assert closed.read_bytes() == before
        assert review.assessment.feature(FEATURE_ID).answers["notice"].choice == "in-context"
        closed.chmod(0o644)
        review.save()
    assert file_form.load(closed).feature(FEATURE_ID).answers["notice"].choice == "in-context"


def test_a_read_only_review_is_refused_at_open_with_advice_about_permissions(closed: Path) -> None:
    closed.chmod(0o444)
    with pytest.raises(NotWritableError) as caught:
        Review.open(closed)
    assert "read-only" in one_line(caught.value)
    assert "chmod" in caught.value.advice


# --- reading ------------------------------------------------------------------------------------


def test_a_fifo_is_refused_before_any_read(tmp_path: Path) -> None:
    fifo = tmp_path / "review.trustaudit.yaml"
    os.mkfifo(fifo)
    done: list[str] = []

    def read() -> None:
        try:
            read_bytes(fifo)
        except InvalidFileError as error:
            done.append(one_line(error))

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(5)
    assert done and "is a FIFO (named pipe), not a file" in done[0]


def test_utf16_files_are_named_as_such() -> None:
    text = "format: trustaudit/questionnaire@1\n"
    for data in (text.encode("utf-16"), text.encode("utf-16-le")):
        with pytest.raises(InvalidFileError) as caught:
            parse(data, "q.yaml")
        assert "this file is UTF-16 text; save it as UTF-8" in one_line(caught.value)


def test_a_lone_carriage_return_separates_words() -> None:
    assert clean_text("Only\rin the policy") == "Only\nin the policy"
    assert parse(b'label: "Only\\rin the policy"\n', "q.yaml").data["label"] == (
        "Only\nin the policy"
    )


# --- writing outputs ----------------------------------------------------------------------------


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_output_follows_the_umask_and_a_replaced_one_keeps_its_mode(
    tmp_path: Path, umask_022: None
) -> None:
    out = tmp_path / "report.md"
    write_output(out, b"one\n")
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    out.chmod(0o600)
    write_output(out, b"two\n")
    assert (out.read_bytes(), stat.S_IMODE(out.stat().st_mode)) == (b"two\n", 0o600)


def test_the_folders_a_new_output_needs_are_made(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "2027" / "card.md"
    assert write_output(out, b"card\n") == out
    assert out.read_bytes() == b"card\n"


def test_an_output_under_a_file_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("a file")
    for out in (tmp_path / "notes" / "card.md", tmp_path / "notes" / "deeper" / "card.md"):
        with pytest.raises(SaveError) as caught:
            write_output(out, b"card\n")
        message = str(caught.value.problems[0])
        assert "\n" not in message and "notes is a file, not a folder" in message, message
    assert (tmp_path / "notes").read_text() == "a file"


def test_an_output_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert write_output(link, b"new") == real
    assert link.is_symlink() and real.read_bytes() == b"new"


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a device needs root")
def test_a_device_node_is_written_into_never_replaced(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    write_output(null, b"confidential report")
    assert stat.S_ISCHR(null.stat().st_mode)


def test_a_fifo_output_is_written_into_and_one_nobody_reads_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(SaveError, match="nothing reads from this FIFO"):
        write_output(fifo, b"report")
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    for _ in range(200):  # wait until the reader has the FIFO open
        try:
            write_output(fifo, b"report")
            break
        except SaveError:
            threading.Event().wait(0.01)
    reader.join(5)
    assert got == [b"report"] and stat.S_ISFIFO(fifo.stat().st_mode)


def test_the_input_and_any_trustaudit_file_are_never_the_output(closed: Path) -> None:
    before = closed.read_bytes()
    with pytest.raises(SaveError) as caught:
        write_output(closed, b"report", inputs=[closed])
    assert "is the input" in one_line(caught.value)
    other = closed.with_name("review.md")  # a review that happens to end in .md
    other.write_bytes(before)
    with pytest.raises(SaveError, match="never overwrites one"):
        write_output(other, b"report")
    questionnaire = closed.parent / "questionnaires" / "mini.yaml"
    with pytest.raises(SaveError, match="never overwrites one"):
        write_output(questionnaire, b"report")
    assert closed.read_bytes() == before == other.read_bytes()


def test_a_folder_is_not_an_output(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="is a folder"):
        write_output(tmp_path, b"report")


# --- the pin's source ---------------------------------------------------------------------------


def test_a_pin_source_outside_the_project_is_never_read(
    closed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = closed.parent
    (project / ".git").mkdir()  # the review's project is its git work tree
    monkeypatch.chdir(project)
    mini = (project / "questionnaires" / "mini.yaml").read_text()
    outside = project.parent / f"{project.name}-secret.yaml"
    outside.write_text(mini.replace("title: Mini", "title: Secret\npassword: hunter2"))
    text = closed.read_text()
    for source in (f"../{outside.name}", str(outside)):
        closed.write_text(text.replace("source: questionnaires/mini.yaml", f"source: {source}"))
        with Review.open(closed) as review:  # found by its id instead, in the project
            assert review.questionnaire.title == "Mini"
    (project / "questionnaires" / "mini.yaml").unlink()
    with pytest.raises(TrustAuditError) as caught:
        Review.open(closed)
    message = one_line(caught.value)
    assert "not read: it must be a .yaml file inside the project" in message
    assert "hunter2" not in message


# --- dates and sizes ---------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["20261124", "'20261124'", "1764000000.5"])
def test_a_date_written_as_a_number_is_refused_not_read_as_1970(closed: Path, written: str) -> None:
    text = closed.read_text()
    at = text.index("updated: ")
    end = text.index("\n", at)
    closed.write_text(text[:at] + f"updated: {written}" + text[end:])
    with pytest.raises(InvalidFileError) as caught:
        file_form.load(closed)
    assert one_line(caught.value).endswith("updated: write a date such as 2027-01-15, not a number")


def test_a_review_with_more_features_than_the_cap_is_refused_before_validation(
    tmp_path: Path,
) -> None:
    from trustaudit.core.assessment.file_form import MAX_FEATURES

    items = "".join(f"- id: f{n}\n  name: F{n}\n" for n in range(MAX_FEATURES + 1))
    text = (
        "format: trustaudit/assessment@1\n"
        "questionnaire: {id: mini, version: '1'}\nproduct: P\n"
        "created: 2026-11-29T10:00:00Z\nupdated: 2026-11-29T10:00:00Z\nfeatures:\n" + items
    )
    with pytest.raises(InvalidFileError) as caught:
        file_form.from_bytes(text.encode(), "big.trustaudit.yaml")
    assert one_line(caught.value) == (
        f"big.trustaudit.yaml:6:1: features: {MAX_FEATURES + 1:,} features; a review holds at "
        f"most {MAX_FEATURES:,} (split the product into several reviews)"
    )


def test_a_questionnaire_with_more_questions_than_the_cap_is_refused(tmp_path: Path) -> None:
    from trustaudit.core.questionnaire import loader
    from trustaudit.core.questionnaire.loader import MAX_QUESTIONS

    questions = "".join(
        f"      - {{ id: q{n}, type: choice, prompt: Q?, options: "
        "[{ id: a, label: A, risk: 0 }, { id: b, label: B, risk: 1 }] }\n"
        for n in range(MAX_QUESTIONS + 1)
    )
    path = tmp_path / "big.yaml"
    path.write_text(
        "format: trustaudit/questionnaire@1\nid: big\ntitle: Big\nversion: '1'\nsections:\n"
        "  - id: p\n    kind: pillar\n    title: P\n    questions:\n" + questions
    )
    _, problems = loader.check(path, "big.yaml")
    assert [str(p) for p in problems] == [
        f"{path}:1:1: {MAX_QUESTIONS + 1:,} questions; a questionnaire holds at most "
        f"{MAX_QUESTIONS:,}"
    ]
