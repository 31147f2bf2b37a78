"""The hardened YAML reader and the atomic writer."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from trustaudit.core.errors import InvalidFileError, SaveError
from trustaudit.core.io import atomic, yaml_reader, yaml_writer


def fails(source: bytes | str) -> str:
    with pytest.raises(InvalidFileError) as caught:
        yaml_reader.parse(source, "f.yaml")
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def test_values_and_marks_are_kept() -> None:
    doc = yaml_reader.parse("a:\n  b: [1, two]\n", "f.yaml")
    assert doc.data == {"a": {"b": [1, "two"]}}
    assert doc.values[("a", "b", 1)] == yaml_reader.Mark(2, 10)
    assert doc.keys[("a", "b")] == yaml_reader.Mark(2, 3)


@pytest.mark.parametrize(
    "source",
    [
        "a:\n  b: [1, two, 2026-11-01, no, '3']\n  c: {d: ~}\n",
        "id: a\ntitle: x\nid: b\n",  # a duplicate key: told with both lines
        "when: 2026-13-45\n",  # looks like a date but is none: told where
        "list:\n  - {a: 1, a: 2}\n",
    ],
)
def test_reading_without_marks_keeps_every_value_and_every_problem(source: str) -> None:
    marked = yaml_reader.parse(source, "f.yaml")
    quick = yaml_reader.parse(source, "f.yaml", marks=False)
    assert quick.data == marked.data
    assert [str(p) for p in quick.problems] == [str(p) for p in marked.problems]
    if marked.problems:  # read again with positions, to say where
        assert quick.marks and quick.values == marked.values
    else:
        assert not quick.marks and not quick.values and not quick.keys and not quick.plain


def test_reading_without_marks_refuses_what_the_reader_refuses() -> None:
    for source in ("a: &x 1\nb: *x\n", "a: !!python/name:os.system x\n", "[" * 70):
        with pytest.raises(InvalidFileError) as marked:
            yaml_reader.parse(source, "f.yaml")
        with pytest.raises(InvalidFileError) as quick:
            yaml_reader.parse(source, "f.yaml", marks=False)
        assert [str(p) for p in quick.value.problems] == [str(p) for p in marked.value.problems]


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    doc = yaml_reader.parse("id: a\ntitle: x\nid: b\n", "f.yaml")
    assert [str(p) for p in doc.problems] == [
        "f.yaml:3:1: duplicate key 'id' (first at line 1); YAML keeps only the last one, "
        "so remove or rename one"
    ]


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "True", "012", "1.0", "~"])
def test_unquoted_yaml_11_traps_are_remembered_for_quote_it_messages(word: str) -> None:
    doc = yaml_reader.parse(f"id: {word}\nlabel: '{word}'\n", "f.yaml")
    assert not isinstance(doc.data["id"], str)
    assert doc.plain[("id",)] == word
    assert doc.data["label"] == word
    assert ("label",) not in doc.plain


def test_keys_stay_text_even_when_yaml_would_make_them_booleans() -> None:
    assert yaml_reader.parse("on: 1\n012: 2\n", "f.yaml").data == {"on": 1, "012": 2}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (b"", "f.yaml:1:1: the file is empty"),
        (b"# only a comment\n", "f.yaml:1:1: the file is empty"),
        (b"\x00\x01\x02binary", "f.yaml:1:1: this is a binary file, not YAML text"),
        (b"a: caf\xe9\n", "f.yaml:1:7: not UTF-8 text (byte 0xe9); save the file as UTF-8"),
        ("a:\n\t- b\n", "f.yaml:2:1: invalid YAML: a tab character here"),
        ("a: [1, 2\n", "f.yaml:2:1: invalid YAML: did not find expected ',' or ']'"),
        ("a: &x 1\n", "f.yaml:1:4: YAML anchors (&name) are not supported"),
        ("!!python/object/apply:os.system [ls]\n", "f.yaml:1:1: the tag !!python/object"),
        ("a: !!binary aGVsbG8=\n", "f.yaml:1:4: the tag !!binary is not allowed"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1: more than one YAML document"),
        ("[a]: 1\n", "f.yaml:1:1: mapping keys must be plain text"),
        ("a: b\x01\n", "f.yaml:1:5: the character U+0001 is not allowed in YAML"),
    ],
)
def test_broken_files_give_one_located_line(source: bytes | str, expected: str) -> None:
    assert fails(source).startswith(expected)


def test_unreadable_values_are_reported_but_do_not_stop_the_read() -> None:
    doc = yaml_reader.parse("due: 2026-13-45\nn: 9" + "9" * 5000 + "\n", "f.yaml")
    assert doc.data["due"] == "2026-13-45"
    assert [p.line for p in doc.problems] == [1, 2]
    assert "looks like a date but is not a valid one" in doc.problems[0].message


def test_depth_is_capped() -> None:
    ok = "[" * yaml_reader.MAX_DEPTH + "]" * yaml_reader.MAX_DEPTH
    yaml_reader.parse(ok, "f.yaml")
    too_deep = "[" * (yaml_reader.MAX_DEPTH + 1) + "]" * (yaml_reader.MAX_DEPTH + 1)
    assert "nested more than 64 levels deep" in fails(too_deep)
    block = "".join(" " * i + "a:\n" for i in range(70)) + " " * 70 + "a: 1\n"
    assert "nested more than 64 levels deep" in fails(block)


def test_control_characters_and_bidi_overrides_are_stripped_from_text() -> None:
    doc = yaml_reader.parse('a: "\\e]0;title\\a\\e[31mred\\u202e\\x85x\\tok\\nline"\n', "f.yaml")
    assert doc.data["a"] == "]0;title[31mredx\tok\nline"


def test_oversize_files_are_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yaml_reader, "MAX_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200)
    with pytest.raises(InvalidFileError, match="file is too large"):
        yaml_reader.load_file(path)


def test_missing_file_and_folder_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidFileError, match="no such file"):
        yaml_reader.load_file(tmp_path / "missing.yaml")
    with pytest.raises(InvalidFileError, match="is a folder"):
        yaml_reader.load_file(tmp_path)


HOSTILE = {
    "flow-depth": "'[' * 1_000_000",
    "block-depth": "''.join('- ' for _ in range(1_000_000)) + 'x'",
    "mapping-depth": "''.join(' ' * i + 'a:\\n' for i in range(3000))",
    "alias-bomb": (
        '\'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\\n\''
        " + ''.join(f'{chr(98+i)}: &{chr(98+i)} [' + ','.join(['*' + chr(97+i)] * 9) + ']\\n'"
        " for i in range(8))"
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_inputs_are_rejected_fast_without_crashing(name: str) -> None:
    """Run in a subprocess: a segfault in the C loader must fail the test, not the suite."""
    script = f"""
import json, time
from trustaudit.core.io import yaml_reader
from trustaudit.core.errors import InvalidFileError
source = ({HOSTILE[name]}).encode()
start = time.process_time()  # CPU time: a busy CI machine must not fail this
try:
    yaml_reader.parse(source, "f.yaml")
    outcome = "accepted"
except InvalidFileError as error:
    outcome = str(error)
print(json.dumps({{"ms": (time.process_time() - start) * 1000, "outcome": outcome}}))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-500:]
    result = json.loads(run.stdout)
    assert result["outcome"].startswith("f.yaml:"), result
    assert result["ms"] < 50, result


def test_dump_is_stable_and_readable() -> None:
    text = yaml_writer.dump(
        {
            "z": "yes",
            "a": dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.timezone.utc),
            "d": dt.date(2027, 1, 15),
            "note": "two\nlines",
            "u": "café",
        }
    )
    assert text == (
        "z: 'yes'\na: 2026-11-29T10:00:00Z\nd: 2027-01-15\nnote: |-\n  two\n  lines\nu: café\n"
    )
    again = yaml_reader.parse(text, "f.yaml").data
    assert again["z"] == "yes"
    assert again["note"] == "two\nlines"


def test_atomic_write_creates_private_files_and_keeps_modes(tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    atomic.atomic_write(new, b"a: 1\n")
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    shared = tmp_path / "shared.yaml"
    shared.write_bytes(b"old")
    shared.chmod(0o644)
    atomic.atomic_write(shared, b"a: 2\n")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644
    assert shared.read_bytes() == b"a: 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.yaml", "shared.yaml"]


@pytest.mark.parametrize("where", ["write", "fsync", "replace", "verify"])
def test_failed_saves_leave_the_old_file_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    path = tmp_path / "review.yaml"
    path.write_bytes(b"a: old\n")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    verify = None
    if where == "verify":

        def verify(data: bytes) -> None:
            raise InvalidFileError.at("x", "does not parse")
    else:
        monkeypatch.setattr(os, where, boom)
    with pytest.raises((SaveError, InvalidFileError)) as caught:
        atomic.atomic_write(path, b"a: new\n", verify)
    monkeypatch.undo()
    assert path.read_bytes() == b"a: old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["review.yaml"]
    if where != "verify":
        assert "No space left on device; the file on disk is unchanged" in str(caught.value)


def test_stale_temp_files_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    path.write_bytes(b"a: 1\n")
    (tmp_path / ".review.yaml.tmp-123-abcd").write_bytes(b"half")
    (tmp_path / ".other.yaml.tmp-1-x").write_bytes(b"not ours")
    removed = atomic.remove_stale_temp_files(path)
    assert [p.name for p in removed] == [".review.yaml.tmp-123-abcd"]
    assert (tmp_path / ".other.yaml.tmp-1-x").exists()


def test_lone_surrogates_are_stripped_so_text_can_always_be_saved() -> None:
    from trustaudit.core.text import clean_text

    assert clean_text("ok\ud800x") == "okx"
    assert clean_text("café ✓") == "café ✓"
