"""Hardened YAML reading: plain data with the line and column of every key and value.

``yaml.safe_load`` is not safe enough for files people hand each other: deep nesting crashes the
loaders, alias bombs explode when the data is walked, duplicate keys are silently dropped, and YAML
1.1 turns ``no`` into ``False``. So we build the data ourselves in one streaming pass over the
parser's events: no recursion, depth capped, anchors and foreign tags refused, duplicate keys
found, and the line and column of every key and value remembered so that later validation errors
can point at them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import yaml
from yaml import events as ev
from yaml.nodes import ScalarNode

from trustaudit.core.errors import InvalidFileError, Problem
from trustaudit.core.io.paths import file_kind
from trustaudit.core.text import clean_text

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64

Loc = tuple[str | int, ...]

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_TYPE_NAMES = {
    f"{_TAG}bool": "a boolean",
    f"{_TAG}int": "a number",
    f"{_TAG}float": "a number",
    f"{_TAG}null": "null (empty)",
    f"{_TAG}timestamp": "a date",
}


class Mark(NamedTuple):
    """A 1-based position in a file (a named tuple: a review has thousands, made in a hurry)."""

    line: int
    column: int


@dataclass
class YamlDocument:
    """Plain Python data from one YAML file, with the position of every key and value.

    ``plain`` keeps the source text of unquoted scalars that YAML read as something other than a
    string, so a validator can say "``no`` became the boolean false; quote it".
    """

    path: str
    data: Any
    marks: bool = True
    values: dict[Loc, Mark] = field(default_factory=dict)
    keys: dict[Loc, Mark] = field(default_factory=dict)
    plain: dict[Loc, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def mark(self, loc: Loc, *, key: bool = False) -> Mark:
        """The position of ``loc``, or of its nearest ancestor that exists in the file."""
        marks = self.keys if key else self.values
        for end in range(len(loc), -1, -1):
            found = marks.get(loc[:end]) or self.values.get(loc[:end])
            if found is not None:
                return found
        return Mark(1, 1)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        at = self.mark(loc, key=key)
        return Problem(self.path, at.line, at.column, message)


def read_bytes(path: Path, display: str | None = None) -> bytes:
    """Read a file for parsing, refusing oversize files before reading them into memory.

    Only regular files are read: a FIFO or a device would block or never end, so it is refused
    before any read (opened without blocking, then checked on the open file, so it cannot be
    swapped in between).
    """
    where = display or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InvalidFileError.at(where, "no such file") from None
    except IsADirectoryError:
        raise InvalidFileError.at(where, "is a folder, not a file") from None
    except OSError as error:
        raise InvalidFileError.at(where, f"cannot read: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidFileError.at(where, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            kind = file_kind(info.st_mode)
            raise InvalidFileError.at(where, f"is {kind}, not a file; give the path of a file")
        if info.st_size > MAX_BYTES:
            raise InvalidFileError.at(
                where,
                f"file is too large ({info.st_size:,} bytes; the limit is {MAX_BYTES:,})",
                1,
                1,
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise InvalidFileError.at(where, f"cannot read: {error.strerror or error}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise InvalidFileError.at(where, f"file is too large (the limit is {MAX_BYTES:,} bytes)")
    return data


def load_file(path: Path, display: str | None = None) -> YamlDocument:
    """Read and parse one YAML file; every failure is an ``InvalidFileError`` with a position."""
    shown = display or str(path)
    return parse(read_bytes(path, shown), shown)


def parse(data: bytes | str, path: str, *, marks: bool = True) -> YamlDocument:
    """Parse one YAML document into plain data with marks.

    Fatal problems (syntax, encoding, depth, anchors, tags) raise ``InvalidFileError``; problems
    the caller can report alongside its own (duplicate keys, unreadable values) are collected in
    ``YamlDocument.problems`` and the data reads as YAML would have read it.

    ``marks=False`` keeps no positions (``YamlDocument.marks`` is False and every mark is 1:1):
    a quarter less work, for a caller that reads many files and needs positions only to report
    a problem, and then reads that file again with them. Every check is made all the same; a
    file whose problems need positions to be told is read again with them here.
    """
    text = _decode(data, path) if isinstance(data, bytes) else data
    if "\x00" in text:
        raise InvalidFileError.at(path, "this is a binary file, not YAML text", 1, 1)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InvalidFileError.at(path, f"file is too large (the limit is {MAX_BYTES:,} bytes)")
    builder = _Builder(path, marks)
    try:
        with _collector_paused():
            builder.run(text)
    except _MarksNeeded:
        return parse(text, path)
    except InvalidFileError:
        raise
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line, column = before.count("\n") + 1, error.position - (before.rfind("\n") + 1) + 1
        char = error.character if isinstance(error.character, int) else ord(error.character)
        message = f"the character U+{char:04X} is not allowed in YAML; remove it"
        raise InvalidFileError.at(path, message, line, column) from None
    except yaml.MarkedYAMLError as error:
        raise InvalidFileError(_marked(path, error, text)) from None
    except yaml.YAMLError as error:
        raise InvalidFileError.at(path, f"invalid YAML: {_oneline(str(error))}", 1, 1) from None
    except (RecursionError, MemoryError):
        raise InvalidFileError.at(
            path, "the file is too deeply nested or too large", 1, 1
        ) from None
    except Exception as error:  # the loaders raise ValueError, IndexError, ... on odd input
        message = f"cannot read this YAML ({type(error).__name__})"
        raise InvalidFileError.at(path, message, 1, 1) from None
    if builder.empty:
        raise InvalidFileError.at(path, "the file is empty", 1, 1)
    return builder.document()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Building allocates many small containers but no cycles; the cyclic GC only costs time
    here (about half of a large file's parse)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_WIDE_BOMS = {
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\xfe\xff": "UTF-16",
    b"\xff\xfe": "UTF-16",
}


def _decode(data: bytes, path: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    wide = next((name for bom, name in _WIDE_BOMS.items() if data.startswith(bom)), None)
    if (
        wide is None
        and len(data) >= 4
        and (data[1::2][:8].count(0) >= 4 or data[0::2][:8].count(0) >= 4)
    ):
        wide = "UTF-16"  # text with a zero byte in every other place, without a byte order mark
    if wide is not None:
        raise InvalidFileError.at(path, f"this file is {wide} text; save it as UTF-8", 1, 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        byte = data[error.start]
        message = f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8"
        if b"\x00" in data:
            message, line, column = "this is a binary file, not YAML text", 1, 1
        raise InvalidFileError.at(path, message, line, column) from None


def _start(event: ev.Event) -> Mark:
    """The 1-based position of an event (the parser always sets one)."""
    mark = event.start_mark
    return Mark(mark.line + 1, mark.column + 1) if mark is not None else Mark(1, 1)


def _marked(path: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = _oneline(error.problem or error.context or "invalid YAML")
    if error.context and error.problem:
        # Name where an unclosed bracket or quote opened: that is where the fix goes.
        opened = error.context_mark
        where = ""
        if opened is not None and mark is not None and opened.line != mark.line:
            where = f" started at line {opened.line + 1}"
        problem = f"{problem} ({_oneline(error.context)}{where})"
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        problem = "a tab character here; YAML must be indented with spaces, not tabs"
    return Problem(path, line, column, f"invalid YAML: {problem}")


def _oneline(text: str) -> str:
    return " ".join(clean_text(text).split())


class _MarksNeeded(Exception):
    """A file read without positions has a problem that needs them to be told."""


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    loc: Loc
    mapping: bool
    key: str | None = None
    seen: dict[str, int] = field(default_factory=dict)


class _Builder:
    """Turns a stream of parser events into data, without recursion."""

    _resolver = yaml.resolver.Resolver()
    _constructor = yaml.constructor.SafeConstructor()

    def __init__(self, path: str, marks: bool = True) -> None:
        self.marks = marks
        self.doc = YamlDocument(path, None, marks)
        self.stack: list[_Frame] = []
        self.documents = 0
        self.empty = True

    def document(self) -> YamlDocument:
        return self.doc

    def fail(self, event: ev.Event, message: str) -> InvalidFileError:
        mark = _start(event)
        return InvalidFileError.at(self.doc.path, message, mark.line, mark.column)

    def run(self, text: str) -> None:
        """Build from every event of ``text``: the parser's events go straight to their handler
        (a large review has a couple of thousand per feature, so the loop is kept bare)."""
        loader = _Loader(text)
        handlers = self._HANDLERS
        try:
            get = loader.get_event
            while (event := get()) is not None:
                handler = handlers.get(event.__class__)
                if handler is not None:
                    handler(self, event)
        finally:
            loader.dispose()

    def alias(self, event: ev.AliasEvent) -> None:
        raise self.fail(event, "YAML aliases (*name) are not supported; write the value out")

    def unanchored(self, event: ev.NodeEvent) -> None:
        if event.anchor is not None:
            raise self.fail(event, "YAML anchors (&name) are not supported; write the value out")

    def document_start(self, event: ev.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.fail(event, "more than one YAML document (---); keep one per file")

    def end(self, event: ev.CollectionEndEvent) -> None:
        self.stack.pop()

    def start(self, event: ev.CollectionStartEvent) -> None:
        self.unanchored(event)
        self.check_tag(event)
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(event, f"nested more than {MAX_DEPTH} levels deep")
        mapping = isinstance(event, ev.MappingStartEvent)
        container: dict[str, Any] | list[Any] = {} if mapping else []
        loc = self.place(event, container)
        self.stack.append(_Frame(container, loc, mapping))

    def scalar(self, event: ev.ScalarEvent) -> None:
        self.unanchored(event)
        if self.stack:
            top = self.stack[-1]
            if top.mapping and top.key is None:
                self.key(top, event)
                return
        self.check_tag(event)
        value, plain = self.value(event)
        loc = self.place(event, value)
        if plain and self.marks:
            self.doc.plain[loc] = event.value

    def key(self, frame: _Frame, event: ev.ScalarEvent) -> None:
        name = clean_text(event.value)
        if not self.marks:
            if name in frame.seen:
                raise _MarksNeeded
            frame.seen[name] = 0
            frame.key = name
            return
        mark = _start(event)
        if name in frame.seen:
            self.doc.problems.append(
                Problem(
                    self.doc.path,
                    mark.line,
                    mark.column,
                    f"duplicate key '{name}' (first at line {frame.seen[name]}); "
                    "YAML keeps only the last one, so remove or rename one",
                )
            )
            self.doc.plain.pop((*frame.loc, name), None)
        frame.seen[name] = mark.line
        frame.key = name
        loc: Loc = (*frame.loc, name)
        self.doc.keys[loc] = mark

    def place(self, event: ev.Event, value: Any) -> Loc:
        """Attach ``value`` to its parent and remember where it stands (without marks: ``()``)."""
        self.empty = False
        loc: Loc = ()
        if self.stack:
            top = self.stack[-1]
            container = top.container
            if isinstance(container, list):
                if self.marks:
                    loc = (*top.loc, len(container))
                container.append(value)
            elif top.key is None:
                raise self.fail(event, "mapping keys must be plain text, not lists or mappings")
            else:
                if self.marks:
                    loc = (*top.loc, top.key)
                container[top.key] = value
                top.key = None
        else:
            self.doc.data = value
        if self.marks:
            self.doc.values[loc] = _start(event)
        return loc

    def check_tag(self, event: ev.NodeEvent) -> None:
        tag = getattr(event, "tag", None)
        if tag in (None, "!") or tag in _ALLOWED_TAGS:
            return
        if tag in (f"{_TAG}map", f"{_TAG}seq") and isinstance(event, ev.CollectionStartEvent):
            return
        shown = tag.replace(_TAG, "!!") if isinstance(tag, str) else tag
        raise self.fail(event, f"the tag {shown} is not allowed; remove it")

    def value(self, event: ev.ScalarEvent) -> tuple[Any, bool]:
        """The scalar's value, and whether it was unquoted text that YAML read as a non-string."""
        tag = event.tag
        plain = bool(event.implicit[0]) and tag in (None, "!")
        if tag in (None, "!"):
            tag = (
                self._resolver.resolve(ScalarNode, event.value, (True, False))  # type: ignore[no-untyped-call]
                if plain
                else f"{_TAG}str"
            )
        if tag == f"{_TAG}str":
            return clean_text(event.value), False
        try:
            value = self._constructor.construct_object(ScalarNode(tag, event.value))
        except Exception:
            if not self.marks:
                raise _MarksNeeded from None
            kind = _TYPE_NAMES.get(str(tag), "a value")
            mark = _start(event)
            shown = _oneline(event.value)[:40]
            self.doc.problems.append(
                Problem(
                    self.doc.path,
                    mark.line,
                    mark.column,
                    f"'{shown}' looks like {kind} but is not a valid one; quote it if it is text",
                )
            )
            return clean_text(event.value), False
        return value, plain

    _HANDLERS: ClassVar[dict[type[ev.Event], Callable[[_Builder, Any], None]]] = {
        ev.ScalarEvent: scalar,
        ev.MappingStartEvent: start,
        ev.SequenceStartEvent: start,
        ev.MappingEndEvent: end,
        ev.SequenceEndEvent: end,
        ev.DocumentStartEvent: document_start,
        ev.AliasEvent: alias,
    }
    """What each kind of event does; the stream's and documents' other events do nothing."""


def type_kind(tag_value: Any) -> str:
    """What kind of non-string value YAML made, without the value ("a number", "a boolean")."""
    if isinstance(tag_value, bool):
        return "a boolean (true or false)"
    if tag_value is None:
        return "null (empty)"
    if isinstance(tag_value, int | float):
        return "a number"
    if isinstance(tag_value, dt.date):
        return "a date"
    return f"a {type(tag_value).__name__}"


def type_name(tag_value: Any) -> str:
    """How a non-string YAML value is named in messages ("the boolean false", "the number 10")."""
    if isinstance(tag_value, bool):
        return f"the boolean {str(tag_value).lower()}"
    if tag_value is None:
        return "null (empty)"
    if isinstance(tag_value, int | float):
        return f"the number {tag_value}"
    if isinstance(tag_value, dt.date):
        return f"the date {tag_value.isoformat()}"
    return f"a {type(tag_value).__name__}"
