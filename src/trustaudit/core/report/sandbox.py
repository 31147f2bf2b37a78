"""User report templates (``trustaudit report --template``), rendered in a sandbox.

A user's template (``trustaudit report --template``) is code from outside, run on confidential
answers, so it renders in an ``ImmutableSandboxedEnvironment`` with ``StrictUndefined`` and four
limits that no template can lift:

- **Time.** A signal cannot interrupt a pure-Python loop in a worker thread (the TUI renders in
  one), so the generated code checks the clock itself: a custom code generator puts
  ``environment.tick()`` at the top of every block body (each loop iteration, each ``if`` branch,
  each macro call), and every call from the template ticks too.
- **Size.** The output is streamed with ``generate()`` and counted chunk by chunk; operations that
  could build a huge string or list in one step (``*``, ``+``, ``~``, ``%``, ``join``,
  ``replace``, widths such as ``center(10**9)``) are checked *before* they run.
- **Files.** Includes, imports and ``extends`` resolve inside the template's folder only, never
  through a symlink that leads out of it, and only to regular files.
- **Escaping.** Whatever a template prints that is not the Markdown of a filter is escaped
  (``_escape_all``), so no string derived from user text prints raw, whatever it went through.
- **Process.** The render runs in a child process with a memory limit, killed when it outlives
  the time limit: the backstop for whatever the checks above did not see coming.

Every failure becomes one ``TemplateError`` line: ``template-path:line: message``.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import re
import signal
import stat
import threading
import time
import traceback
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from trustaudit.core.errors import Problem, TemplateError
from trustaudit.core.report import markdown as md
from trustaudit.core.report.environment import (
    BUILTIN_FOLDER,
    BUILTIN_PREFIX,
    OPTIONS,
    Filters,
)


@dataclass(frozen=True)
class Limits:
    """What a user template may use; the defaults keep a runaway template to a few seconds."""

    seconds: float = 5.0
    output_chars: int = 5_000_000
    template_bytes: int = 1_000_000
    memory_bytes: int = 512 * 1024 * 1024
    """Memory the render may take on top of what its process holds when it starts."""


class TemplateProblem(Problem):
    """``path:line: message``: templates have no useful column."""

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class LimitExceeded(Exception):
    """A user template went over one of its ``Limits``."""


# --- the sandbox --------------------------------------------------------------------------------


class _GuardedCodeGenerator(CodeGenerator):
    """Compiles templates so that loops and string joins check the sandbox's limits."""

    def blockvisit(self, nodes: Iterable[nodes.Node], frame: Frame) -> None:
        self.writeline("environment.tick()")
        super().blockvisit(nodes, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.guarded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


_BIG_NUMBER = re.compile(r"\d{7,}")


class Sandbox(ImmutableSandboxedEnvironment):
    """The environment of user templates: sandboxed, strict, and limited in time and size."""

    code_generator_class = _GuardedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, loader: jinja2.BaseLoader, filters: Filters, limits: Limits) -> None:
        super().__init__(loader=loader, finalize=_escape_all, **OPTIONS)
        self.limits = limits
        self.deadline = float("inf")
        self.globals.pop("lipsum", None)
        self.globals["range"] = lambda *args: safe_range(*self._numbers(args))
        for name, fn in list(self.filters.items()):
            self.filters[name] = self._guard_filter(name, fn)
        self.filters.update(filters.filters)
        self.globals.update(filters.globals)

    # -- limits --

    def start(self) -> None:
        self.deadline = time.monotonic() + self.limits.seconds

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(
                f"the template ran longer than {self.limits.seconds:g} s and was stopped "
                "(a loop that never ends, or one that is far too large?)"
            )

    def _size(self, size: int) -> None:
        if size > self.limits.output_chars:
            raise LimitExceeded(
                f"this would build text or a list of {size:,} items, over the limit of "
                f"{self.limits.output_chars:,}"
            )

    def _numbers(self, values: Iterable[Any]) -> tuple[Any, ...]:
        out = tuple(values)
        for value in out:
            if isinstance(value, int) and abs(value) > self.limits.output_chars:
                raise LimitExceeded(f"the number {value} is too large for a report template")
        return out

    def _format_widths(self, fmt: str) -> None:
        if _BIG_NUMBER.search(fmt):
            self._numbers(int(n) for n in _BIG_NUMBER.findall(fmt))

    # -- hooks the compiled template calls --

    def guarded_concat(self, parts: tuple[Any, ...]) -> str:
        """``a ~ b``: size-checked, and user text stays marked."""
        strings = [str(p) for p in parts]
        self._size(sum(len(s) for s in strings))
        joined = "".join(strings)
        return md.taint(joined) if md.tainted(parts) else joined

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        self.tick()
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int):
                    self._size(len(seq) * max(n, 0))
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int):
                bits = max(abs(left), 2).bit_length() * max(right, 0)
                if bits > 100_000:
                    raise LimitExceeded("a power in the template is too large")
        elif operator == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                self._size(len(left) + len(right))
        elif operator == "%" and isinstance(left, str):
            self._format_widths(left)
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, str | list | tuple):
            self._size(len(result))
        return md.taint(result) if md.tainted((left, right)) else result

    def call(
        __self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:
        __self.tick()
        __self._numbers((*args, *kwargs.values()))
        args = tuple(_materialise(a) for a in args)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            __self._check_str_method(owner, getattr(__obj, "__name__", ""), args)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, str | list | tuple):
            __self._size(len(result))
        if isinstance(owner, md.UserText) or md.tainted((*args, *kwargs.values())):
            return md.taint(result)
        return result

    def _check_str_method(self, owner: str, name: str, args: tuple[Any, ...]) -> None:
        """Estimate the size of string methods that can multiply their input."""
        if name == "join" and args and isinstance(args[0], list | tuple):
            self._size(sum(len(str(a)) for a in args[0]) + len(owner) * len(args[0]))
        elif name == "replace" and len(args) >= 2:
            old, new = str(args[0]), str(args[1])
            count = owner.count(old) if old else len(owner) + 1
            self._size(len(owner) + count * max(0, len(new) - len(old)))
        elif name == "expandtabs" and args and isinstance(args[0], int):
            self._size(len(owner) + owner.count("\t") * max(args[0], 0))
        elif name in ("format", "format_map"):
            self._format_widths(owner)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        self._format_widths(value.__self__)
        owner = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            result = wrapped(*args, **kwargs)
            self._size(len(result))
            if isinstance(owner, md.UserText) or md.tainted((*args, *kwargs.values())):
                return md.UserText(result)
            return result

        return checked

    def _guard_filter(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        """A built-in Jinja filter that ticks, refuses huge sizes and keeps user text marked."""

        @functools.wraps(fn)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.tick()
            self._numbers(a for a in (*args[1:], *kwargs.values()) if isinstance(a, int))
            args = tuple(_materialise(a) for a in args)
            if name == "join":
                items = next((a for a in args if isinstance(a, list | tuple)), ())
                sep = args[-1] if len(args) > 2 and isinstance(args[-1], str) else ""
                self._size(sum(len(str(i)) for i in items) + len(sep) * len(items))
            elif name == "replace":
                strings = [a for a in args if isinstance(a, str)]
                if len(strings) >= 3:
                    text, old, new = strings[:3]
                    count = text.count(old) if old else len(text) + 1
                    self._size(len(text) + count * max(0, len(new) - len(old)))
            elif name == "format":
                fmt = next((a for a in args if isinstance(a, str)), "")
                self._format_widths(fmt)
            result = fn(*args, **kwargs)
            if isinstance(result, str | list | tuple):
                self._size(len(result))
            if md.tainted((*args, *kwargs.values())):
                return md.taint(result)
            return result

        return guarded


def _materialise(value: Any) -> Any:
    """Generators become lists so that sizes can be checked and user text stays visible."""
    if isinstance(value, types.GeneratorType | map | filter):
        return list(value)
    return value


class _FolderLoader(jinja2.BaseLoader):
    """Loads a template and its includes from one folder, refusing ways out of it.

    Names are ``/``-separated and relative; ``..``, absolute names, symlinks that resolve outside
    the folder and anything that is not a regular file are refused. ``trustaudit/NAME`` loads a
    built-in template.
    """

    def __init__(self, folder: Path, shown: str, entry: str, limits: Limits) -> None:
        self.folder = folder
        self.root = folder.resolve()
        self.shown = shown
        self.entry = entry
        self.limits = limits
        self.filenames: set[str] = set()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if template.startswith(BUILTIN_PREFIX):
            path, shown = self._builtin(template)
        else:
            path, shown = self._local(template)
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                raise jinja2.TemplateNotFound(template, f"{shown} is not a regular file")
            if info.st_size > self.limits.template_bytes:
                raise jinja2.TemplateNotFound(
                    template, f"{shown} is larger than {self.limits.template_bytes:,} bytes"
                )
            source = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise jinja2.TemplateNotFound(template, f"template not found: {shown}") from None
        except UnicodeDecodeError:
            raise jinja2.TemplateNotFound(template, f"{shown} is not UTF-8 text") from None
        except OSError as error:
            raise jinja2.TemplateNotFound(
                template, f"cannot read {shown}: {error.strerror or error}"
            ) from None
        self.filenames.add(shown)
        return source, shown, lambda: True

    def _builtin(self, template: str) -> tuple[Path, str]:
        name = template[len(BUILTIN_PREFIX) :]
        parts = _parts(template, name)
        return BUILTIN_FOLDER.joinpath(*parts), template

    def _local(self, template: str) -> tuple[Path, str]:
        parts = _parts(template, template)
        path = self.folder.joinpath(*parts)
        shown = str(PurePosixPath(self.shown, *parts)) if self.shown else "/".join(parts)
        if template != self.entry:
            try:
                path.resolve().relative_to(self.root)
            except (ValueError, OSError, RuntimeError):
                raise jinja2.TemplateNotFound(
                    template, f"{shown} leads outside the template's folder; refused"
                ) from None
        return path, shown


def _parts(template: str, name: str) -> list[str]:
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts or name.startswith("/") or ":" in parts[0]:
        raise jinja2.TemplateNotFound(
            template, f"{template}: template names are relative paths inside the folder"
        )
    return parts


def _escape_all(value: Any) -> Any:
    """What ``{{ value }}`` prints in a user template: everything but the filters' Markdown is
    escaped, so no way of deriving a string from user text (a container's repr, ``encode`` then
    ``decode``, a format) can print it raw."""
    if value is None:
        return ""
    if isinstance(value, md.Markdown):
        return value
    return md.inline(str(value))


def render_user_template(
    path: Path, context: Mapping[str, Any], filters: Filters, limits: Limits | None = None
) -> str:
    """Render ``path`` in the sandbox, in a child process; every failure is one line.

    The sandbox's own checks stop a template in time and refuse sizes it can see coming; the
    child process is the backstop no template can get round: its memory is limited
    (``Limits.memory_bytes``, by ``setrlimit``) and it is killed when it outlives the time limit,
    so a template can neither take the machine down nor hang the command.
    """
    limits = limits or Limits()
    # fork is quick and safe while this is the only thread; otherwise start a fresh interpreter.
    method = "fork" if threading.active_count() == 1 and hasattr(os, "fork") else "spawn"
    mp: Any = multiprocessing.get_context(method)
    receive, send = mp.Pipe(duplex=False)
    child = mp.Process(
        target=_render_in_child,
        args=(send, path, dict(context), filters, limits),
        daemon=True,
        name="trustaudit-template",
    )
    child.start()
    send.close()
    try:
        return _await(child, receive, path, limits)
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)


START_TIMEOUT = 60.0
"""How long a child may take to start (a fresh interpreter on a busy machine) before rendering."""
GRACE = 0.5
"""How much longer than its time limit a render may run before its process is killed (the
sandbox's own clock normally stops it first, naming the template line)."""


def _await(child: Any, receive: Any, path: Path, limits: Limits) -> str:
    if not receive.poll(START_TIMEOUT):
        raise _error(str(path), 0, "the template renderer did not start; try again")
    try:
        receive.recv()  # "started": the clock starts now
        if not receive.poll(limits.seconds + GRACE):
            raise _error(
                str(path),
                0,
                f"the template ran longer than {limits.seconds:g} s and was stopped",
            )
        kind, *value = receive.recv()
    except (EOFError, OSError):
        child.join(5)
        raise _error(str(path), 0, _death(child.exitcode, limits)) from None
    if kind == "ok":
        text: str = value[0]
        return text
    where, line, message = value
    raise _error(where, line, message)


def _death(code: int | None, limits: Limits) -> str:
    """Why the child ended without an answer, in words."""
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        return (
            f"the template took more than its {limits.seconds:g} s or its memory, and was stopped"
        )
    return "the template needs more memory than a report may take, and was stopped"


def _render_in_child(
    send: Any, path: Path, context: dict[str, Any], filters: Filters, limits: Limits
) -> None:
    """The child's side: limit memory and CPU, say it started, render, send the result."""
    with contextlib.suppress(ValueError, OSError):
        import resource

        extra = limits.memory_bytes + _address_space()
        resource.setrlimit(resource.RLIMIT_AS, (extra, extra))
        cpu = int(limits.seconds) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    send.send(("started",))
    try:
        send.send(("ok", _render_here(path, context, filters, limits)))
    except TemplateError as error:
        problem = error.problems[0]
        send.send(("error", problem.path, problem.line, problem.message))
    except MemoryError:
        send.send(("error", str(path), 0, "the template needs more memory than a report may take"))
    finally:
        send.close()


def _address_space() -> int:
    """The child's address space when it starts (the limit comes on top of it)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 256 * 1024 * 1024


def _render_here(path: Path, context: Mapping[str, Any], filters: Filters, limits: Limits) -> str:
    """Render ``path`` in the sandbox in this process; every failure is one ``TemplateError``."""
    shown_folder = str(path.parent) if str(path.parent) != "." else ""
    loader = _FolderLoader(path.parent, shown_folder, path.name, limits)
    env = Sandbox(loader, filters, limits)
    shown = str(path)
    try:
        env.start()
        template = env.get_template(path.name)
        return _collect(template.generate(context), env, limits, shown)
    except jinja2.TemplateSyntaxError as error:
        raise _error(error.filename or shown, error.lineno, error.message or str(error)) from None
    except jinja2.TemplateNotFound as error:
        line = _template_line(error, loader.filenames)
        message = error.message or f"template not found: {error.name}"
        if line is None:
            raise _error(shown, 0, message) from None
        raise _error(line[0], line[1], message) from None
    except Exception as error:
        line = _template_line(error, loader.filenames) or (shown, 0)
        raise _error(line[0], line[1], _describe(error)) from None


def _collect(chunks: Iterator[str], env: Sandbox, limits: Limits, shown: str) -> str:
    """Join the streamed output, stopping as soon as it is too large or too slow."""
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limits.output_chars:
            where = _suspended_line(chunks) or (shown, 0)
            raise _error(
                where[0],
                where[1],
                f"the report is longer than the limit of {limits.output_chars:,} characters",
            )
        out.append(chunk)
        env.tick()
    return "".join(out)


def _suspended_line(generator: Any) -> tuple[str, int] | None:
    """The template line a paused ``generate()`` is at, following nested includes."""
    found = None
    current = generator
    while current is not None:
        frame = getattr(current, "gi_frame", None)
        template = frame.f_globals.get("__jinja_template__") if frame is not None else None
        if template is not None and frame is not None and template.filename:
            found = (template.filename, template.get_corresponding_lineno(frame.f_lineno))
        current = getattr(current, "gi_yieldfrom", None)
    return found


def _template_line(error: BaseException, filenames: set[str]) -> tuple[str, int] | None:
    """The innermost template file and line in an error's (Jinja-rewritten) traceback."""
    found = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename in filenames and frame.lineno:
            found = (frame.filename, frame.lineno)
    return found


def _describe(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "the template recurses too deeply (a macro or include that calls itself?)"
    if isinstance(error, MemoryError):
        return "the template needs too much memory"
    if isinstance(error, SecurityError):
        return f"not allowed in a report template: {error}"
    if isinstance(error, jinja2.UndefinedError | LimitExceeded | jinja2.TemplateRuntimeError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def _error(path: str, line: int | None, message: str) -> TemplateError:
    text = " ".join(message.split())
    if len(text) > 300:
        text = text[:297] + "..."
    return TemplateError(TemplateProblem(path, line or 0, 0, text))
