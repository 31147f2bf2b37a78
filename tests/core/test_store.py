"""Editing sessions on assessment files: saving, drift, resolution, locks."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.core.reviewkit import (
    MINI,
    MINI_V2,
    PRODUCT_FILE,
    mini,
    start_review,
    temp_files,
    write_questionnaire,
)
from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.edits import Details, FeatureEdit
from trustaudit.core.assessment.model import Answer, Assessment, Pin
from trustaudit.core.errors import (
    ConflictError,
    InvalidFileError,
    LockedError,
    NotFoundError,
    NotWritableError,
    SaveError,
    TrustAuditError,
)
from trustaudit.core.questionnaire import loader
from trustaudit.core.review import pinning, reading, saving
from trustaudit.core.review.session import Review

FEATURE = "recommendations"


@pytest.fixture
def review(tmp_path: Path) -> Iterator[Review]:
    """A new review of ``MINI`` with the feature ``recommendations``, closed afterwards."""
    opened = start_review(tmp_path)
    yield opened
    opened.close()


def on_disk(path: Path) -> Assessment:
    return file_form.load(path)


def one_line(error: TrustAuditError) -> str:
    text = str(error)
    assert "\n" not in text, text
    return text


# --- creating ------------------------------------------------------------------------------------


def test_create_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / PRODUCT_FILE
    path.write_bytes(b"precious: true\n")
    with pytest.raises(SaveError) as caught:
        Review.create(path, mini(tmp_path), Details("ShopCo"))
    assert one_line(caught.value).endswith(
        f"{PRODUCT_FILE}: already exists; open it with `trustaudit open {path}` instead"
    )
    assert path.read_bytes() == b"precious: true\n"
    assert not path.with_name(PRODUCT_FILE + ".lock").exists()


def test_created_files_are_private(review: Review) -> None:
    assert stat.S_IMODE(review.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(f"{review.path}.lock").stat().st_mode) == 0o600


def test_saving_keeps_the_mode_of_an_existing_file(review: Review) -> None:
    review.path.chmod(0o640)
    review.set_answer(FEATURE, "notice", Answer(choice="none"))
    assert stat.S_IMODE(review.path.stat().st_mode) == 0o640


def test_create_makes_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "reviews" / "2027" / PRODUCT_FILE
    with Review.create(path, mini(tmp_path), Details("ShopCo")):
        assert on_disk(path).product == "ShopCo"
    # The pin names the project questionnaire relative to the review, so the pair can move.
    assert on_disk(path).questionnaire.source == "../../questionnaires/mini.yaml"


def test_create_where_a_folder_cannot_be_made_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "reviews").write_text("a file, not a folder")
    with pytest.raises(SaveError) as caught:
        Review.create(tmp_path / "reviews" / PRODUCT_FILE, mini(tmp_path), Details("ShopCo"))
    assert "cannot create the folder" in one_line(caught.value)


def test_create_with_a_blank_product_name_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    questions = mini(tmp_path)
    with pytest.raises(InvalidFileError) as caught:
        Review.create(tmp_path / PRODUCT_FILE, questions, Details("  "))
    assert "cannot start the review: product: must not be empty" in one_line(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["questionnaires"]


# --- every change is saved before the method returns --------------------------------------------


def test_every_change_is_on_disk_when_the_method_returns(review: Review) -> None:
    path = review.path

    def check() -> Assessment:
        saved = on_disk(path)
        assert saved == review.assessment
        return saved

    review.set_answer(FEATURE, "notice", Answer(choice="policy-only", note="Section 4."))
    assert check().feature(FEATURE).answers["notice"].choice == "policy-only"
    review.set_answer(FEATURE, "kinds", Answer(choices=[]))
    assert check().feature(FEATURE).answers["kinds"].choices == []
    review.clear_answer(FEATURE, "notice")
    assert "notice" not in check().feature(FEATURE).answers
    review.set_answer(FEATURE, "kinds", Answer())  # an empty answer clears
    assert check().feature(FEATURE).answers == {}
    added = review.add_feature(FeatureEdit("Store locator", "Finds shops", "Lee"))
    assert [f.id for f in check().features] == [FEATURE, "store-locator"]
    review.update_feature(added.id, FeatureEdit("Shop finder"))
    assert check().feature("store-locator").name == "Shop finder"
    review.remove_feature("store-locator")
    assert [f.id for f in check().features] == [FEATURE]
    review.update_details(Details("ShopCo app", team="Growth", assessors=("Dana",)))
    saved = check()
    assert (saved.product, saved.team, saved.assessors) == ("ShopCo app", "Growth", ["Dana"])
    assert review.saved_at == saved.updated


def test_a_renamed_feature_keeps_its_id_and_answers(review: Review) -> None:
    review.set_answer(FEATURE, "notice", Answer(choice="none"))
    review.update_feature(FEATURE, FeatureEdit("Suggestions for you"))
    saved = on_disk(review.path)
    assert [(f.id, f.name) for f in saved.features] == [(FEATURE, "Suggestions for you")]
    assert saved.feature(FEATURE).answers["notice"].choice == "none"


def test_a_new_feature_named_like_another_gets_its_own_id(review: Review) -> None:
    assert review.add_feature(FeatureEdit("Recommendations")).id == "recommendations-2"
    assert [f.id for f in on_disk(review.path).features] == [FEATURE, "recommendations-2"]


def test_invalid_changes_are_refused_with_a_one_line_error_and_nothing_written(
    review: Review,
) -> None:
    before = review.path.read_bytes()
    with pytest.raises(InvalidFileError) as caught:
        review.add_feature(FeatureEdit("\x1b\x07 "))
    assert "invalid feature: name: must not be empty" in one_line(caught.value)
    with pytest.raises(InvalidFileError) as caught:
        review.update_details(Details("\x1b "))
    assert one_line(caught.value) == f"{review.path}: invalid details: product: must not be empty"
    assert review.path.read_bytes() == before
    assert review.assessment.product == "ShopCo app"


def test_a_closed_review_refuses_to_save(review: Review) -> None:
    review.close()
    with pytest.raises(SaveError, match="this review is closed; open it again to edit"):
        review.set_answer(FEATURE, "notice", Answer(unknown=True))


# --- questionnaire drift: orphans kept, vanished options flagged --------------------------------


@pytest.fixture
def drifted(tmp_path: Path) -> Path:
    """A review answered against ``MINI``, whose questionnaire file is now ``MINI_V2``."""
    with start_review(tmp_path) as first:
        first.set_answer(FEATURE, "kinds", Answer(choices=["email", "health"]))
        first.set_answer(FEATURE, "consent", Answer(choice="opt-in", note="Asked on signup."))
        first.set_answer(
            FEATURE,
            "notice",
            Answer(
                choice="none", plan={"target": "in-context", "owner": "Lee", "due": "2027-01-15"}
            ),
        )
    write_questionnaire(tmp_path, MINI_V2)
    return first.path


def block(text: str, key: str) -> str:
    """The lines of the answer block ``key:`` (4 spaces in) of a saved file."""
    lines = text.splitlines()
    start = lines.index(f"    {key}:")
    end = start + 1
    while end < len(lines) and lines[end].startswith("      "):
        end += 1
    return "\n".join(lines[start:end])


def test_orphaned_answers_survive_open_change_save_byte_for_byte(drifted: Path) -> None:
    before = drifted.read_text()
    with Review.open(drifted) as review:
        review.set_answer(FEATURE, "notice", Answer(choice="policy-only"))
    after = drifted.read_text()
    assert block(after, "consent") == block(before, "consent")
    assert (
        block(after, "consent")
        == "    consent:\n      choice: opt-in\n      note: Asked on signup."
    )
    assert on_disk(drifted).feature(FEATURE).answers["consent"] == Answer(
        choice="opt-in", note="Asked on signup."
    )


def test_answers_naming_vanished_options_are_kept_and_listed(drifted: Path) -> None:
    with Review.open(drifted) as review:
        assert review.drift is not None
        assert review.drift.vanished == {FEATURE: [("kinds", "health")]}
        assert review.drift.orphaned == {FEATURE: ["consent"]}
        review.set_answer(FEATURE, "notice", Answer(choice="none"))
    assert on_disk(drifted).feature(FEATURE).answers["kinds"].choices == ["email", "health"]


def test_drift_lines_say_what_changed_for_the_answers(drifted: Path) -> None:
    with Review.open(drifted) as review:
        assert review.notices == [
            "the questionnaire changed since this review was pinned (version 1 → 2)",
            f"feature {FEATURE}: answers kept for questions the questionnaire no longer has: "
            "consent",
            f"feature {FEATURE}: answers name options that no longer exist: kinds → health",
            "the review is pinned to mini 2 from its next save",
        ]


def test_drift_says_when_content_changed_under_the_same_version(tmp_path: Path) -> None:
    with start_review(tmp_path) as first:
        first.set_answer(FEATURE, "notice", Answer(choice="none"))
    write_questionnaire(tmp_path, MINI.replace("prompt: Notice?", "prompt: Is there a notice?"))
    opened = reading.read(first.path)
    assert opened.drift is not None
    assert opened.drift.lines() == [
        "the questionnaire changed since this review was pinned "
        "(still version 1, but its content differs)"
    ]


def test_drift_says_when_the_review_is_opened_with_another_questionnaire(review: Review) -> None:
    review.set_answer(FEATURE, "notice", Answer(choice="none"))
    other = write_questionnaire(review.path.parent, MINI.replace("id: mini", "id: other"), "o.yaml")
    opened = reading.read(review.path, other)
    assert opened.drift is not None
    assert opened.drift.lines() == [
        "the review was pinned to questionnaire 'mini' 1 but is opened with 'other' 1"
    ]


def test_drift_names_plan_targets_that_no_longer_exist(tmp_path: Path) -> None:
    with start_review(tmp_path) as first:
        first.set_answer(
            FEATURE, "notice", Answer(choice="none", plan={"target": "in-context", "owner": "Lee"})
        )
    write_questionnaire(tmp_path, MINI.replace("id: in-context", "id: just-in-time"))
    opened = reading.read(first.path)
    assert opened.drift is not None
    assert opened.drift.lines()[1:] == [
        f"feature {FEATURE}: plans target options that no longer exist: notice → in-context"
    ]


def test_an_unchanged_questionnaire_with_nothing_orphaned_has_no_drift(review: Review) -> None:
    review.set_answer(FEATURE, "notice", Answer(choice="none"))
    assert reading.read(review.path).drift is None


def test_the_pin_moves_to_the_new_questionnaire_with_the_next_save_and_orphans_stay_listed(
    drifted: Path,
) -> None:
    """Decision: re-pin on the first save after the drift notice was shown.

    From that save on, the answers are given against the new questionnaire, so the file must say
    so; otherwise every later open and every CI run repeats "the questionnaire changed" with no
    way to acknowledge it. What must not be forgotten (orphans, vanished options) does not depend
    on the pin and stays listed.
    """
    old_pin = on_disk(drifted).questionnaire
    current = loader.load(drifted.parent / "questionnaires" / "mini.yaml")
    with Review.open(drifted) as review:
        assert on_disk(drifted).questionnaire == old_pin  # opening alone writes nothing
    assert on_disk(drifted).questionnaire == old_pin  # nor does closing without a change
    reading.read(drifted)  # nor reading, for score and report
    assert on_disk(drifted).questionnaire == old_pin
    with Review.open(drifted) as review:
        review.set_answer(FEATURE, "notice", Answer(choice="in-context"))
    assert on_disk(drifted).questionnaire == Pin(
        id="mini", version="2", sha256=current.sha256, source="questionnaires/mini.yaml"
    )
    with Review.open(drifted) as again:
        assert again.drift is not None
        assert not again.drift.changed
        assert again.notices == [
            f"feature {FEATURE}: answers kept for questions the questionnaire no longer has: "
            "consent",
            f"feature {FEATURE}: answers name options that no longer exist: kinds → health",
        ]


# --- finding the questionnaire -------------------------------------------------------------------


@pytest.fixture
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """reviews/shop.trustaudit.yaml pinned to ``mini`` with source ``q/mini.yaml``.

    Candidate questionnaires differ by version: "beside" (reviews/q/), "cwd" (work/q/),
    "by-id" (work/questionnaires/) and "override" (elsewhere/); the current folder is work/.
    """
    for folder, version in [
        ("reviews/q", "beside"),
        ("work/q", "cwd"),
        ("work/questionnaires", "by-id"),
        ("elsewhere", "override"),
    ]:
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "mini.yaml").write_text(
            MINI.replace('version: "1"', f'version: "{version}"')
        )
    monkeypatch.chdir(tmp_path / "work")
    path = tmp_path / "reviews" / PRODUCT_FILE
    pinned = loader.load(tmp_path / "reviews/q/mini.yaml")
    with Review.create(path, pinned, Details("ShopCo")):
        pass
    assert on_disk(path).questionnaire.source == "q/mini.yaml"
    return path


def found(path: Path, override: str | None = None) -> str:
    pin = on_disk(path).questionnaire
    return pinning.resolve_questionnaire(pin, path, override).version


def test_the_q_option_wins_over_everything(layout: Path) -> None:
    assert found(layout, str(layout.parent.parent / "elsewhere" / "mini.yaml")) == "override"
    assert found(layout, "mini") == "by-id"  # -q also takes an id


def test_the_source_is_found_beside_the_assessment_first(layout: Path) -> None:
    assert found(layout) == "beside"


def test_then_the_source_is_found_relative_to_the_current_folder(layout: Path) -> None:
    (layout.parent / "q" / "mini.yaml").unlink()
    assert found(layout) == "cwd"


def test_then_the_questionnaire_is_looked_up_by_id(layout: Path) -> None:
    (layout.parent / "q" / "mini.yaml").unlink()
    (Path.cwd() / "q" / "mini.yaml").unlink()
    assert found(layout) == "by-id"


def test_a_file_at_the_source_with_another_id_is_not_taken_for_it(layout: Path) -> None:
    (layout.parent / "q" / "mini.yaml").write_text(MINI.replace("id: mini", "id: other"))
    assert found(layout) == "cwd"


def test_a_missing_questionnaire_is_one_line_naming_the_review_and_suggesting_q(
    layout: Path,
) -> None:
    for folder in ("../reviews/q", "q", "questionnaires"):
        (Path.cwd() / folder / "mini.yaml").unlink()
    with pytest.raises(NotFoundError) as caught:
        Review.open(layout)
    assert one_line(caught.value) == (
        f"{layout}: cannot find its questionnaire 'mini' (source q/mini.yaml); pass it with -q PATH"
    )
    assert not Path(f"{layout}.lock").exists()


# --- conflicts and leftovers ---------------------------------------------------------------------


def unsaved(folder: Path) -> list[Path]:
    return sorted(folder.glob("shop.unsaved-*.trustaudit.yaml"))


def test_a_file_changed_on_disk_is_not_overwritten_and_the_session_is_kept_beside_it(
    review: Review,
) -> None:
    review.set_answer(FEATURE, "notice", Answer(choice="none"))
    theirs = review.path.read_text().replace("ShopCo app", "ShopCo (edited in git)")
    review.path.write_text(theirs)
    with pytest.raises(ConflictError) as caught:
        review.set_answer(FEATURE, "consent", Answer(choice="opt-in", note="mine"))
    kept = unsaved(review.path.parent)
    assert len(kept) == 1
    assert one_line(caught.value) == (
        f"{review.path}: changed on disk since it was opened (by another program?); it was not "
        f"overwritten: your version is in {kept[0].name}. Compare and merge"
    )
    assert review.path.read_text() == theirs
    mine = on_disk(kept[0])
    assert mine.feature(FEATURE).answers["consent"].note == "mine"
    assert mine.feature(FEATURE).answers["notice"].choice == "none"
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600


def test_a_file_deleted_on_disk_is_not_written_again(review: Review) -> None:
    review.path.unlink()
    with pytest.raises(ConflictError) as caught:
        review.set_answer(FEATURE, "notice", Answer(choice="none"))
    kept = unsaved(review.path.parent)
    assert len(kept) == 1
    assert one_line(caught.value) == (
        f"{review.path}: was deleted or moved since it was opened; it was not written again: "
        f"your version is in {kept[0].name}. Compare and merge"
    )
    assert not review.path.exists()


def test_stale_temp_files_are_removed_on_open_with_a_notice(tmp_path: Path) -> None:
    with start_review(tmp_path) as first:
        pass
    for name in (f".{PRODUCT_FILE}.tmp-123-abcdef01", f".{PRODUCT_FILE}.tmp-9-00"):
        (tmp_path / name).write_bytes(b"half a fi")
    other = tmp_path / ".other.trustaudit.yaml.tmp-1-ab"
    other.write_bytes(b"another file's save in progress")
    with Review.open(first.path) as review:
        assert review.notices == ["removed 2 temporary file(s) left by an interrupted save"]
    assert temp_files(tmp_path) == [other.name]


def test_a_temp_file_of_a_file_whose_name_looks_like_a_glob_is_left_alone(tmp_path: Path) -> None:
    questions = mini(tmp_path)
    with Review.create(tmp_path / "shop[1].trustaudit.yaml", questions, Details("A")):
        pass
    theirs = tmp_path / ".shop1.trustaudit.yaml.tmp-5-ab"  # matched by the glob shop[1]
    theirs.write_bytes(b"another file's save in progress")
    with Review.open(tmp_path / "shop[1].trustaudit.yaml") as review:
        assert review.notices == []
    assert theirs.exists()


# --- user-caused problems are one-line errors ----------------------------------------------------


def test_opening_a_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    for path in (tmp_path / PRODUCT_FILE, tmp_path / "no-such-folder" / PRODUCT_FILE):
        with pytest.raises(NotFoundError) as caught:
            Review.open(path)
        assert one_line(caught.value) == (
            f"{path}: no such file; start a review with `trustaudit new`"
        )
    assert list(tmp_path.iterdir()) == []


def test_opening_a_broken_file_releases_the_lock(tmp_path: Path) -> None:
    with start_review(tmp_path) as first:
        pass
    good = first.path.read_text()
    first.path.write_text(good.replace("status: draft", "status: done"))
    with pytest.raises(InvalidFileError, match=r"status: input should be"):
        Review.open(first.path)
    assert not Path(f"{first.path}.lock").exists()
    first.path.write_text(good)
    with Review.open(first.path) as again:
        assert again.notices == []


def test_a_folder_where_the_lock_cannot_be_written_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with start_review(tmp_path) as first:
        pass
    real_open = os.open

    def read_only_folder(path: object, flags: int, mode: int = 0o777) -> int:
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, mode)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(os, "open", read_only_folder)
        with pytest.raises(SaveError) as caught:
            Review.open(first.path)
    assert one_line(caught.value) == (
        f"{first.path}: cannot open for editing: cannot write the lock file "
        f"{PRODUCT_FILE}.lock (Permission denied); the folder must be writable"
    )


def as_if_not_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Root may write to read-only files and folders: make ``os.access`` and ``os.open`` honour
    the owner's write bit as they do for everyone else (the code asks nothing but these two)."""
    if os.geteuid() != 0:
        return
    real_access, real_open = os.access, os.open

    def writable(path: Path) -> bool:
        return bool(path.stat().st_mode & stat.S_IWUSR)

    def access(path: object, mode: int, **options: object) -> bool:
        if mode & os.W_OK and not writable(Path(str(path))):
            return False
        return real_access(path, mode, **options)  # type: ignore[arg-type]

    def open_(path: object, flags: int, mode: int = 0o777, **options: object) -> int:
        target = Path(str(path))
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and not writable(
            target if target.exists() else target.parent
        ):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, mode, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "open", open_)


def test_read_only_files_and_folders_are_one_line_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with start_review(tmp_path) as first:
        pass
    as_if_not_root(monkeypatch)
    first.path.chmod(0o400)
    with pytest.raises(NotWritableError, match="is read-only; make it writable to edit it"):
        Review.open(first.path)
    first.path.chmod(0o600)
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(SaveError, match="the folder must be writable"):
            Review.open(first.path)
    finally:
        tmp_path.chmod(0o700)


def test_a_read_only_file_is_not_opened_for_editing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with start_review(tmp_path) as first:
        pass
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: mode != os.W_OK and real_access(p, mode))
    with pytest.raises(NotWritableError) as caught:
        Review.open(first.path)
    assert one_line(caught.value) == (
        f"{first.path}: is read-only; make it writable to edit it (score and report can read it)"
    )


# --- locks ---------------------------------------------------------------------------------------


def test_the_lock_file_names_pid_host_user_and_start(review: Review) -> None:
    info = json.loads(Path(f"{review.path}.lock").read_text())
    assert info["pid"] == os.getpid()
    assert info["host"] == socket.gethostname()
    assert isinstance(info["user"], str) and info["user"]
    assert info["started"].endswith("Z")


def test_a_second_open_in_the_same_process_is_refused(review: Review) -> None:
    with pytest.raises(LockedError) as caught:
        Review.open(review.path)
    assert f"is open in another trustaudit session (pid {os.getpid()} on " in one_line(caught.value)


def test_close_removes_the_lock_file_and_lets_the_next_session_in(review: Review) -> None:
    lock = Path(f"{review.path}.lock")
    assert lock.exists()
    review.close()
    assert not lock.exists()
    with Review.open(review.path) as again:
        assert again.notices == []  # a clean close leaves nothing to take over


HOLDER = """
import json, os, socket, sys, getpass
from pathlib import Path
from trustaudit.core.review.session import Review
review = Review.open(Path(sys.argv[1]))
print(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "user": getpass.getuser()}))
sys.stdout.flush()
sys.stdin.read()
"""


@pytest.fixture
def holder(review: Review) -> Iterator[tuple[subprocess.Popen[str], dict[str, object]]]:
    """Another process holding the review (the fixture's own session is closed first)."""
    review.close()
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(review.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout is not None
    info = json.loads(child.stdout.readline())
    yield child, info
    if child.poll() is None:
        child.kill()
    child.wait(timeout=10)


def test_a_second_process_cannot_open_a_locked_review_and_is_told_who_has_it(
    review: Review, holder: tuple[subprocess.Popen[str], dict[str, object]]
) -> None:
    _, info = holder
    with pytest.raises(LockedError) as caught:
        Review.open(review.path)
    message = one_line(caught.value)
    assert message.startswith(
        f"{review.path}: is open in another trustaudit session "
        f"(pid {info['pid']} on {info['host']}, user {info['user']}, since 20"
    )
    assert message.endswith("Z); close that session first")


def test_the_lock_of_a_killed_holder_is_taken_over_with_a_notice_naming_it(
    review: Review, holder: tuple[subprocess.Popen[str], dict[str, object]]
) -> None:
    child, info = holder
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert Path(f"{review.path}.lock").exists()  # SIGKILL leaves it behind
    with Review.open(review.path) as taken:
        assert len(taken.notices) == 1
        assert taken.notices[0].startswith(
            f"took over the lock on {PRODUCT_FILE} left by an editing session that did not "
            f"close (pid {info['pid']} on {info['host']}, user {info['user']}, since 20"
        )
        assert taken.notices[0].endswith("; that process is gone)")
        taken.set_answer(FEATURE, "notice", Answer(choice="none"))
        assert json.loads(Path(f"{review.path}.lock").read_text())["pid"] == os.getpid()


def test_a_deleted_lock_file_is_taken_again_before_the_next_save(review: Review) -> None:
    lock = Path(f"{review.path}.lock")
    lock.unlink()
    review.set_answer(FEATURE, "notice", Answer(choice="none"))
    assert json.loads(lock.read_text())["pid"] == os.getpid()
    with pytest.raises(LockedError):
        Review.open(review.path)


def test_a_lock_file_replaced_by_another_file_is_taken_again_before_the_next_save(
    review: Review,
) -> None:
    lock = Path(f"{review.path}.lock")
    replacement = lock.with_name("copy")
    replacement.write_text('{"pid": 1, "host": "elsewhere"}')
    replacement.replace(lock)  # a new inode at the lock's path, held by nobody
    review.set_answer(FEATURE, "notice", Answer(choice="none"))
    assert json.loads(lock.read_text())["pid"] == os.getpid()
    with pytest.raises(LockedError):
        Review.open(review.path)


def test_a_session_that_lost_its_lock_file_to_another_does_not_save_or_break_its_lock(
    review: Review,
) -> None:
    lock = Path(f"{review.path}.lock")
    lock.unlink()
    with Review.open(review.path) as other:  # the lock file is gone, so this one gets in
        before = review.path.read_bytes()
        with pytest.raises(LockedError) as caught:
            review.set_answer(FEATURE, "notice", Answer(choice="none", note="mine"))
        kept = unsaved(review.path.parent)
        assert len(kept) == 1
        assert one_line(caught.value).endswith(
            f"close that session first; not saved here: your version is in {kept[0].name}"
        )
        assert review.path.read_bytes() == before
        assert on_disk(kept[0]).feature(FEATURE).answers["notice"].note == "mine"
        review.close()  # must not delete the lock file the other session holds now
        assert lock.exists()
        with pytest.raises(LockedError):
            Review.open(review.path)
        other.set_answer(FEATURE, "notice", Answer(unknown=True))
    assert not lock.exists()


def test_reading_takes_no_lock_and_writes_nothing(review: Review) -> None:
    before = review.path.read_bytes()
    opened = reading.read(review.path)
    assert opened.assessment == review.assessment
    assert opened.order == ["kinds", "purpose", "notice", "consent"]
    assert review.path.read_bytes() == before


def stale_lock(review: Review, pid: int, user: str = "alice") -> Path:
    """Close ``review`` and leave a lock file naming another session (no flock held on it)."""
    review.close()
    lock = Path(f"{review.path}.lock")
    info = {"pid": pid, "host": socket.gethostname(), "user": user, "started": "2026-11-29T10Z"}
    lock.write_text(json.dumps(info) + "\n")
    return lock


def no_flock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file system without flock (some network mounts): the lock file alone guards."""
    import fcntl

    def refuse(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", refuse)


def signals(monkeypatch: pytest.MonkeyPatch, pid: int, error: type[OSError]) -> None:
    """Signalling ``pid`` raises ``error``: PermissionError for a live process of another user,
    ProcessLookupError for a process that is gone."""
    real_kill = os.kill

    def kill(target: int, signal_number: int) -> None:
        if target == pid:
            raise error(errno.EPERM if error is PermissionError else errno.ESRCH, "refused")
        real_kill(target, signal_number)

    monkeypatch.setattr(os, "kill", kill)


OTHER_PID = 4_000_000  # above any pid_max: never a process of ours


def test_a_lock_held_by_a_live_process_of_another_user_is_never_taken_over(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = stale_lock(review, OTHER_PID)
    held = lock.read_bytes()
    before = review.path.read_bytes()
    no_flock(monkeypatch)
    signals(monkeypatch, OTHER_PID, PermissionError)  # alive, but not ours to signal
    with pytest.raises(LockedError) as caught:
        Review.open(review.path)
    assert one_line(caught.value) == (
        f"{review.path}: is open in another session (pid {OTHER_PID} on {socket.gethostname()}, "
        "user alice, since 2026-11-29T10Z)"
    )
    assert lock.read_bytes() == held  # still names its holder
    assert review.path.read_bytes() == before


def test_without_flock_the_lock_of_a_process_that_is_gone_is_taken_over(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = stale_lock(review, OTHER_PID)
    no_flock(monkeypatch)
    signals(monkeypatch, OTHER_PID, ProcessLookupError)
    with Review.open(review.path) as taken:
        assert taken.notices == [
            f"took over the lock on {PRODUCT_FILE} left by an editing session that did not close "
            f"(pid {OTHER_PID} on {socket.gethostname()}, user alice, since 2026-11-29T10Z; "
            "that process is gone)"
        ]
        assert json.loads(lock.read_text())["pid"] == os.getpid()


def test_a_lock_file_whose_flock_is_free_is_taken_over_without_calling_its_holder_gone(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The flock is free, so no session holds the review, whatever the lock file says; but a
    # process that may not be signalled is not said to be gone.
    stale_lock(review, OTHER_PID)
    signals(monkeypatch, OTHER_PID, PermissionError)
    with Review.open(review.path) as taken:
        assert len(taken.notices) == 1
        assert taken.notices[0].endswith("user alice, since 2026-11-29T10Z)")


# --- unsaved copies and the folder --------------------------------------------------------------


def test_unsaved_copies_written_in_the_same_second_never_overwrite_each_other(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    moment = dt.datetime(2026, 11, 29, 10, 0, 0, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(saving, "utc_now", lambda: moment)
    versions = [f"version: {n}\n".encode() for n in range(5)]
    said = [saving.keep_unsaved(review.path, data) for data in versions]
    names = [
        "shop.unsaved-20261129T100000Z.trustaudit.yaml",
        *(f"shop.unsaved-20261129T100000Z-{n}.trustaudit.yaml" for n in range(2, 6)),
    ]
    assert said == [f"your version is in {name}" for name in names]
    kept = {p.name: p.read_bytes() for p in unsaved(review.path.parent)}
    assert kept == dict(zip(names, versions, strict=True))
    # The same version again is the copy already there, not one more.
    assert saving.keep_unsaved(review.path, versions[1]) == f"your version is in {names[1]}"
    assert len(unsaved(review.path.parent)) == 5


def test_an_unsaved_copy_never_overwrites_one_it_cannot_read(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    moment = dt.datetime(2026, 11, 29, 10, 0, 0, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(saving, "utc_now", lambda: moment)
    first = review.path.with_name("shop.unsaved-20261129T100000Z.trustaudit.yaml")
    first.write_bytes(b"theirs\n")
    real_read = Path.read_bytes

    def unreadable(path: Path) -> bytes:
        if path == first:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    said = saving.keep_unsaved(review.path, b"mine\n")
    monkeypatch.undo()
    assert first.read_bytes() == b"theirs\n"
    assert said == "your version is in shop.unsaved-20261129T100000Z-2.trustaudit.yaml"


def test_unsaved_copies_keep_coming_past_a_hundred_in_one_second(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    moment = dt.datetime(2026, 11, 29, 10, 0, 0, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(saving, "utc_now", lambda: moment)
    for n in range(120):
        saving.keep_unsaved(review.path, f"version: {n}\n".encode())
    kept = unsaved(review.path.parent)
    assert sorted(p.read_bytes() for p in kept) == sorted(
        f"version: {n}\n".encode() for n in range(120)
    )


def test_the_folder_is_fsynced_after_the_rename(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without it, a power cut after the rename can bring back the old file (or none)."""
    events: list[tuple[str, object]] = []
    real_replace, real_fsync = os.replace, os.fsync

    def replace(src: object, dst: object) -> None:
        real_replace(src, dst)  # type: ignore[arg-type]
        events.append(("replace", Path(str(dst))))

    def fsync(fd: int) -> None:
        real_fsync(fd)
        info = os.fstat(fd)
        events.append(("fsync", (stat.S_ISDIR(info.st_mode), info.st_dev, info.st_ino)))

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "fsync", fsync)
    review.set_answer(FEATURE, "notice", Answer(choice="none"))
    folder = review.path.parent.stat()
    file = review.path.stat()
    assert events == [
        ("fsync", (False, file.st_dev, file.st_ino)),  # the temp file, which becomes the file
        ("replace", review.path),
        ("fsync", (True, folder.st_dev, folder.st_ino)),
    ]


@pytest.mark.parametrize(
    ("content", "holder"),
    [
        ("not json at all", "holder unknown"),
        ("[1, 2]", "holder unknown"),
        ("", "holder unknown"),
        ('{"pid": 77}', "pid 77 on ?, user ?, since ?"),
        ('{"host": "box", "user": "sam"}', "pid ? on box, user sam, since ?"),
    ],
)
def test_a_locked_review_names_what_its_lock_file_says_of_the_holder(
    review: Review, content: str, holder: str
) -> None:
    Path(f"{review.path}.lock").write_text(content)  # the same file: the flock stays held
    with pytest.raises(LockedError) as caught:
        Review.open(review.path)
    assert one_line(caught.value) == (
        f"{review.path}: is open in another trustaudit session ({holder}); close that session first"
    )


@pytest.mark.parametrize("pid", ["0", "-5", "true", '"123"', "1.5", "null"])
def test_without_flock_a_lock_file_naming_no_real_pid_is_taken_over(
    review: Review, monkeypatch: pytest.MonkeyPatch, pid: str
) -> None:
    lock = stale_lock(review, 0)
    lock.write_text(f'{{"pid": {pid}, "host": "{socket.gethostname()}", "user": "x"}}\n')
    no_flock(monkeypatch)
    real_kill = os.kill
    monkeypatch.setattr(  # signalling 0 or -5 would reach a whole process group: never do it
        os, "kill", lambda p, s: pytest.fail(f"signalled {p}") if p <= 0 else real_kill(p, s)
    )
    with Review.open(review.path) as taken:
        assert taken.notices[0].endswith("; that process is gone)")


def test_a_lock_in_a_folder_that_is_gone_is_a_one_line_error(tmp_path: Path) -> None:
    from trustaudit.core.review.lock import Lock

    target = tmp_path / "gone" / PRODUCT_FILE
    with pytest.raises(NotFoundError) as caught:
        Lock(target).acquire()
    assert one_line(caught.value) == (
        f"{target}: cannot open for editing: the folder {target.parent} does not exist"
    )


def test_a_lock_taken_again_is_the_one_released_on_close(review: Review) -> None:
    lock = Path(f"{review.path}.lock")
    lock.unlink()
    review.set_answer(FEATURE, "notice", Answer(choice="none"))  # takes the lock again
    assert lock.exists()
    review.close()
    assert not lock.exists()
    with Review.open(review.path) as again:
        assert again.notices == []


def test_a_save_that_cannot_read_the_file_back_to_compare_writes_nothing(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = review.path.read_bytes()
    real_read = Path.read_bytes

    def unreadable(path: Path) -> bytes:
        if path == review.path:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    with pytest.raises(SaveError) as caught:
        review.set_answer(FEATURE, "notice", Answer(choice="none"))
    monkeypatch.undo()
    assert one_line(caught.value) == (
        f"{review.path}: cannot save: cannot read the file to check it is unchanged "
        "(Permission denied); nothing was written"
    )
    assert review.path.read_bytes() == before
    assert unsaved(review.path.parent) == []


def test_a_save_whose_bytes_do_not_read_back_writes_nothing(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = review.path.read_bytes()
    real_write = os.write

    def corrupting(fd: int, data: object) -> int:
        chunk = bytes(data)  # type: ignore[call-overload]
        if b"format: trustaudit/assessment" in chunk:
            return real_write(fd, chunk.replace(b"format:", b"format: [", 1)) - 2
        return real_write(fd, chunk)

    monkeypatch.setattr(os, "write", corrupting)
    with pytest.raises(SaveError) as caught:
        review.set_answer(FEATURE, "notice", Answer(choice="none"))
    monkeypatch.undo()
    message = one_line(caught.value)
    assert message.startswith(f"{review.path}: cannot save: the written file does not read back (")
    assert message.endswith("); the file on disk is unchanged")
    assert review.path.read_bytes() == before
    assert temp_files(review.path.parent) == []


def test_open_with_another_questionnaire_uses_it_and_says_so(review: Review) -> None:
    review.set_answer(FEATURE, "notice", Answer(choice="none"))
    review.close()
    other = write_questionnaire(review.path.parent, MINI.replace("id: mini", "id: other"), "o.yaml")
    with Review.open(review.path, other) as opened:
        assert opened.questionnaire.id == "other"
        assert opened.notices[0] == (
            "the review was pinned to questionnaire 'mini' 1 but is opened with 'other' 1"
        )


def test_without_flock_a_live_holder_of_ours_is_refused_and_never_signalled(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale_lock(review, sleeper.pid)
        no_flock(monkeypatch)
        with pytest.raises(LockedError, match=f"is open in another session \\(pid {sleeper.pid} "):
            Review.open(review.path)
        with pytest.raises(subprocess.TimeoutExpired):  # asking whether it lives sent no signal
            sleeper.wait(timeout=0.5)
    finally:
        sleeper.kill()
        sleeper.wait(timeout=10)


def test_a_lock_file_left_by_this_very_process_is_taken_without_a_notice(review: Review) -> None:
    review.close()
    stale_lock(review, os.getpid())
    with Review.open(review.path) as again:
        assert again.notices == []


def test_releasing_a_lock_twice_is_harmless(tmp_path: Path) -> None:
    from trustaudit.core.review.lock import Lock

    lock = Lock(tmp_path / PRODUCT_FILE)
    lock.acquire()
    lock.release()
    lock.release()
    assert lock.fd is None
    assert list(tmp_path.iterdir()) == []


def test_when_even_the_unsaved_copy_cannot_be_written_the_user_is_told_to_copy_the_answers(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def no_copies(path: object, flags: int, mode: int = 0o777, **options: object) -> int:
        if ".unsaved-" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, flags, mode, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", no_copies)
    said = saving.keep_unsaved(review.path, b"mine\n")
    assert said == "your answers are still open here; copy them before closing"
    assert unsaved(review.path.parent) == []


def test_text_is_what_a_save_writes_in_questionnaire_order(review: Review) -> None:
    review.set_answer(FEATURE, "consent", Answer(choice="opt-in"))
    review.set_answer(FEATURE, "notice", Answer(choice="none", note="Seen."))
    text = review.text()
    assert text == review.path.read_text(encoding="utf-8")
    assert text.index("    notice:") < text.index("    consent:")


def test_clearing_an_answer_that_is_not_there_is_harmless(review: Review) -> None:
    review.clear_answer(FEATURE, "notice")
    assert on_disk(review.path).feature(FEATURE).answers == {}
