"""The summary's two tables: the score of every feature against every promise, and every open
item one Enter from its question, each fitted to the terminal so that it never scrolls sideways
(what does not fit ends in "…"; the data card beside them names the feature in full).
"""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import DataTable

from trustaudit.core.review import cycle
from trustaudit.core.scoring.scorecard import FeatureScore, OpenItem
from trustaudit.tui import safe
from trustaudit.tui.session import Session, Spot
from trustaudit.tui.widgets.badges import shift_text

WIDE = 140
"""From this many columns the data card sits beside the open items; below, under them."""

COMPACT = 80
"""Below this many columns the score table closes up its numbers to fit without scrolling."""


@dataclass(frozen=True)
class Item:
    """One open item: where it is and what is open about it."""

    spot: Spot | None
    feature: str
    question: str
    what: str
    style: str = ""
    feature_id: str = ""
    carried: bool = False
    """An answer carried over from the last cycle, waiting to be confirmed (``c``)."""


def fill_items(table: DataTable[object], items: list[Item]) -> None:
    """The open items table, its columns fitted to its share of the screen (beside the card when
    wide) less cell padding and the scrollbar, so that it does not scroll sideways. Below
    ``COMPACT`` columns each item takes two lines, so that the question can be read."""
    table.clear(columns=True)
    width = table.app.size.width
    region = (width - 2) * 58 // 100 if width >= WIDE else width - 2
    if width < COMPACT:
        _fill_items_compact(table, items, region)
        return
    room = max(30, region - 8)
    longest = max((len(i.feature) for i in items), default=8)
    name = min(max(12, min(26, region // 4)), longest)
    what = min(22, max([len("What is open"), *(len(i.what) for i in items)]))
    asked = max(12, room - name - what)
    table.add_column("Feature", width=name)
    table.add_column("What is open", width=what)
    table.add_column("Question", width=asked)
    for index, item in enumerate(items):  # what does not fit ends in "…"; the card names it all
        table.add_row(
            safe.rich(safe.one_line(item.feature, name)),
            safe.rich(safe.one_line(item.what, what), item.style),
            safe.rich(safe.one_line(item.question, asked)),
            key=str(index),
        )


def _fill_items_compact(table: DataTable[object], items: list[Item], region: int) -> None:
    """Two lines an item: the feature over what is open, beside the question on two lines."""
    first = min(20, max([len("What is open"), *(len(i.what) for i in items)]))
    asked = max(12, region - 6 - first)
    table.add_column("Feature, what", width=first)
    table.add_column("Question", width=asked)
    for index, item in enumerate(items):
        line, *rest = textwrap.wrap(item.question, asked) or [""]
        said = f"{line}\n{safe.one_line(' '.join(rest), asked)}" if rest else line
        table.add_row(
            Text.assemble(
                safe.rich(safe.one_line(item.feature, first)),
                "\n",
                safe.rich(safe.one_line(item.what, first), item.style),
            ),
            safe.rich(said),
            key=str(index),
            height=2,
        )


def fill_scores(table: DataTable[object], session: Session, scores: list[FeatureScore]) -> None:
    """The score table: a row per feature, a column per pillar, the band, what is open and, in
    a re-review, the feature's badges."""
    pillars = session.questionnaire.pillars
    width = table.app.size.width
    table.clear(columns=True)
    # Fit the terminal: names and pillar titles are cut before the table scrolls sideways; below
    # 100 columns the R column (also in the review's score panel) makes room, and below 80 the
    # numbers close up ("45→15"), each column is as wide as what it holds, and the open count
    # (the heading of the open items says it too) leaves its room to the names.
    wide, compact = width >= 100, width < COMPACT
    marks = _marks(session, scores, wide)
    marks_width = max([9, *(len(m) for m in marks.values())]) if marks else 0
    arrow = "→" if compact else " → "
    gaps = [
        [
            now_to_planned(fs.now.pillars.get(p.id), fs.planned.pillars.get(p.id), arrow)
            for p in pillars
        ]
        for fs in scores
    ]
    bands = [shift_text(fs.now.band, fs.planned.band) for fs in scores]
    band = max([4, *(b.cell_len for b in bands)]) if compact else 23
    fixed = (9 if wide else 0) + band + (0 if compact else 4)
    fixed += 2 * (len(pillars) + 3 - compact + wide + bool(marks))
    fixed += marks_width
    name = min(26 if wide else 16, max((len(s.name) for s in scores), default=8))
    if marks and not wide:
        name = min(name, 14)
    least = max([5, *(len(g) for row in gaps for g in row)]) if compact else 7
    gap = max(least, (width - 4 - fixed - name) // max(1, len(pillars)))
    if compact:
        name = max(8, min(name, width - 4 - fixed - least * len(pillars)))
    table.add_column("Feature", width=name)
    for pillar in pillars:
        room = min(gap, max(least, len(pillar.title)))
        table.add_column(safe.rich(_heading(pillar.title, room)), width=room)
    if wide:
        table.add_column("R", width=9)
    table.add_column("Band" if compact else "Band now → planned", width=band)
    if not compact:
        table.add_column("Open", width=4)
    if marks:
        table.add_column("Re-review", width=marks_width)
    for fs, row, moved in zip(scores, gaps, bands, strict=True):
        cells: list[Text] = [safe.rich(safe.one_line(fs.name, name), "bold")]
        cells.extend(Text(g) for g in row)
        if wide:
            cells.append(Text(now_to_planned(fs.now.risk, fs.planned.risk)))
        cells.append(moved)
        open_count = len(fs.unanswered) + len(fs.unknown)
        if not compact:
            done = Text("✓", style="green")
            cells.append(Text(str(open_count)) if open_count else done)
        if marks:
            cells.append(marks[fs.id])
        table.add_row(*cells, key=fs.id)


def _heading(title: str, room: int) -> str:
    """A pillar's title for a column ``room`` wide: whole, else its first word ("Collect",
    "State", "Deliver" say which promise), else cut with an ellipsis."""
    whole = safe.one_line(title, len(title))
    if len(whole) <= room:
        return whole
    first = whole.split(" ", 1)[0]
    return first if len(first) <= room else safe.one_line(first, room)


BADGES: tuple[cycle.Badge, ...] = ("carried", "changed", "new")


def _marks(session: Session, scores: list[FeatureScore], wide: bool) -> dict[str, Text]:
    """In a re-review, each feature's questions by badge (``review.cycle.badge``); narrow, only
    what waits for a person: the answers still to confirm."""
    assessment = session.assessment
    if not assessment.history:
        return {}
    found: dict[str, Text] = {}
    for fs in scores:
        answers = session.feature(fs.id).answers
        counted = Counter(
            cycle.badge(assessment, answers.get(q.id)) for q in fs.questions if q.applicable
        )
        parts = [f"{counted[b]} {b}" for b in (BADGES if wide else BADGES[:1]) if counted[b]]
        done = not any(counted[b] for b in BADGES)
        found[fs.id] = Text(" ".join(parts) or ("✓" if done else ""), style="green" if done else "")
    return found


def open_items(session: Session, scores: list[FeatureScore]) -> list[Item]:
    """The engine's open items of every feature, one row each, then (in a re-review) the
    answers carried over and not yet confirmed."""
    found: list[Item] = []
    assessment = session.assessment
    for fs in scores:
        feature = session.feature(fs.id)
        for item in fs.open_items:
            what, style = _label(item)
            if item.kind == "orphaned":
                found.append(Item(None, feature.name, item.question, what, style, fs.id))
                continue
            prompt = safe.one_line(session.question(item.question).prompt, 70)
            shown = item.question if item.kind == "plan" else prompt
            spot = Spot(fs.id, item.question)
            found.append(Item(spot, feature.name, shown, what, style, fs.id))
        for q in fs.questions:
            if q.applicable and cycle.badge(assessment, feature.answers.get(q.id)) == "carried":
                prompt = safe.one_line(session.question(q.id).prompt, 70)
                spot = Spot(fs.id, q.id)
                found.append(
                    Item(spot, feature.name, prompt, "carried over", "cyan", fs.id, carried=True)
                )
    return found


def _label(item: OpenItem) -> tuple[str, str]:
    """What the summary says about an open item, and its style."""
    if item.kind == "invalid":
        return f"problem: {item.detail}", "red"
    if item.kind == "plan":
        return f"problem: {item.detail}", "red"
    if item.kind == "red flag":
        return f"red flag: ≥ {item.detail}", "bold red"
    if item.kind == "needs a plan":
        return "risky, no owned plan", "yellow"
    if item.kind == "orphaned":
        return "orphaned answer (kept)", "dim"
    if item.kind == "overdue":
        return f"overdue ({item.detail})", "bold red"
    if item.kind == "lapsed":
        return f"lapsed ({item.detail})", "bold red"
    return item.kind, ""


def now_to_planned(now: float | None, planned: float | None, arrow: str = " → ") -> str:
    """``52 → 35`` (now → with plans done), or one number when plans do not change it."""
    if now is None:
        return "n/a"
    if planned is None or round(planned) == round(now):
        return f"{now:.0f}"
    return f"{now:.0f}{arrow}{planned:.0f}"
