"""The portfolio's output formats, each filled one product at a time as the roll-up streams them.

- ``md``: the dashboard (``dashboard``);
- ``json``: one document: every product (its summary, with ``source`` and ``kind``), the files
  that could not be read, and the totals the dashboard shows;
- ``jsonl``: one line per product (the same objects; each is a valid summary), then one line per
  file that could not be read (``format: trustaudit/unreadable@1``);
- ``csv``: one row per product, the columns of the SQLite ``products`` table (text that a
  spreadsheet would run as a formula starts with an apostrophe);
- ``sqlite``: the tables of ``sqlite.SCHEMA``.

docs/portfolio.md describes each. Only the output itself is kept, never the reviews.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from collections.abc import Callable, Iterable
from typing import Any, Literal, Protocol

from trustaudit.core.portfolio import dashboard, rows
from trustaudit.core.portfolio.discovery import Found
from trustaudit.core.portfolio.rollup import Item, Product, Unreadable, read_all
from trustaudit.core.portfolio.sqlite import Database
from trustaudit.core.portfolio.totals import Totals

Format = Literal["md", "json", "jsonl", "csv", "sqlite"]
FORMATS: tuple[Format, ...] = ("md", "json", "jsonl", "csv", "sqlite")

PORTFOLIO_FORMAT = "trustaudit/portfolio@1"
UNREADABLE_FORMAT = "trustaudit/unreadable@1"


class Writer(Protocol):
    def add(self, item: Item, pid: int, totals: Totals) -> None: ...

    def finish(self, totals: Totals) -> bytes: ...


Sink = Callable[[bytes], None]
"""Where a streaming format (``jsonl``, ``csv``) writes each product as it arrives (standard
output); without one, the output is kept and returned whole (for ``write_output``'s atomic
write)."""


def roll_up(
    found: Found, as_of: dt.date, fmt: Format, jobs: int | None = None, sink: Sink | None = None
) -> tuple[bytes, Totals]:
    """Read every file ``found`` names (on ``jobs`` processes) and write the portfolio in
    ``fmt``; names that matched no file are listed with the files that could not be read. With
    ``sink``, ``jsonl`` and ``csv`` go there line by line and the bytes returned are the rest."""
    missing = [Unreadable(p.path, p) for p in found.problems]
    read = read_all(found.sources, as_of, jobs=jobs, detail=fmt == "sqlite")
    totals = Totals(as_of)
    return build(itertools.chain(missing, read), totals, fmt, sink), totals


def build(items: Iterable[Item], totals: Totals, fmt: Format, sink: Sink | None = None) -> bytes:
    """Count every item into ``totals`` and write it in ``fmt``; the output's bytes (those not
    given to ``sink`` already)."""
    writer = _writer(fmt, sink)
    for item in items:
        if totals.add(item):
            writer.add(item, len(totals.lines), totals)
    return writer.finish(totals)


def _writer(fmt: Format, sink: Sink | None) -> Writer:
    if fmt == "sqlite":
        return Database()
    if fmt == "jsonl":
        return _Lines(sink)
    if fmt == "csv":
        return _Csv(sink)
    return _Json() if fmt == "json" else _Dashboard()


def product_json(item: Product) -> dict[str, Any]:
    """A product as JSON: its summary, and the file it was read from."""
    return {
        **item.summary.model_dump(mode="json"),
        "source": item.source.name,
        "kind": item.source.kind,
    }


def unreadable_json(item: Unreadable) -> dict[str, Any]:
    p = item.problem
    return {
        "format": UNREADABLE_FORMAT,
        "source": item.name,
        "line": p.line,
        "column": p.column,
        "message": item.message,
        "error": str(item),
    }


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


class _Dashboard:
    def add(self, item: Item, pid: int, totals: Totals) -> None:
        """The dashboard is made of the totals alone."""

    def finish(self, totals: Totals) -> bytes:
        return dashboard.markdown(totals).encode("utf-8")


class _Json:
    def __init__(self) -> None:
        self.products: list[str] = []

    def add(self, item: Item, pid: int, totals: Totals) -> None:
        if isinstance(item, Product):
            self.products.append(_line(product_json(item)))

    def finish(self, totals: Totals) -> bytes:
        head = _line({"format": PORTFOLIO_FORMAT, "as_of": totals.as_of.isoformat()})[:-1]
        unreadable = ",\n".join(_line(unreadable_json(u)) for u in totals.unreadable)
        text = (
            f'{head}, "products": [\n'
            + ",\n".join(self.products)
            + f'\n], "unreadable": [\n{unreadable}\n], "totals": {_line(totals.to_json())}}}\n'
        )
        return text.encode("utf-8")


class _Streamed:
    """Output written a line at a time: to the sink as it comes, else kept until the end."""

    def __init__(self, sink: Sink | None) -> None:
        self.sink = sink
        self.kept: list[bytes] = []

    def put(self, text: str) -> None:
        data = text.encode("utf-8")
        if self.sink is not None:
            self.sink(data)
        else:
            self.kept.append(data)

    def rest(self) -> bytes:
        return b"".join(self.kept)


class _Lines(_Streamed):
    def add(self, item: Item, pid: int, totals: Totals) -> None:
        if isinstance(item, Product):
            self.put(_line(product_json(item)) + "\n")

    def finish(self, totals: Totals) -> bytes:
        for u in totals.unreadable:
            self.put(_line(unreadable_json(u)) + "\n")
        return self.rest()


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula (``=HYPERLINK(...)`` in a product name)
    gets a leading apostrophe, as OWASP advises for CSV files opened in spreadsheets."""
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(_FORMULA) else cell


class _Csv(_Streamed):
    def __init__(self, sink: Sink | None) -> None:
        super().__init__(sink)
        self.buffer = io.StringIO()
        self.out = csv.writer(self.buffer, lineterminator="\n")
        self.row(rows.PRODUCTS)

    def row(self, cells: Iterable[object]) -> None:
        self.out.writerow(cells)
        self.put(self.buffer.getvalue())
        self.buffer.seek(0)
        self.buffer.truncate()

    def add(self, item: Item, pid: int, totals: Totals) -> None:
        if isinstance(item, Product):
            s, source = item.summary, item.source
            row = rows.product_row(pid, source.name, source.kind, s, totals.as_of)
            self.row(_inert(cell) for cell in row)

    def finish(self, totals: Totals) -> bytes:
        return self.rest()
