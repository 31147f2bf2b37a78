"""The portfolio as a Markdown dashboard: where every product stands, worst first.

Products by headline band now → once plans are done, features per band, reviews due or past their
next review date, late plans by owner, the weakest promise, the questions that fail most often,
the questionnaires in use (drift shown, never hidden) and the files that could not be read, each
with its one-line error. Every string from a file is escaped (``report.markdown``); the as-of date
is printed, so the same files and ``--as-of`` give the same dashboard.
"""

from __future__ import annotations

from trustaudit.core.bands import BANDS, Band
from trustaudit.core.portfolio.totals import DUE_SOON_DAYS, Line, Totals
from trustaudit.core.report import markdown as md
from trustaudit.core.report.labels import BAND_LABELS
from trustaudit.core.report.numbers import score
from trustaudit.core.report.tables import pad_tables
from trustaudit.core.report.wording import long_date, topic

FAILING_SHOWN = 10
"""Questions listed under "fail most often"; ``--format json`` has them all."""


def markdown(totals: Totals) -> str:
    """The whole dashboard."""
    parts = [_heading(totals)]
    for section in (_bands, _products, _due, _owners, _pillars, _failing, _questionnaires):
        text = section(totals)
        if text:
            parts.append(text)
    parts.append(_unreadable(totals))
    return pad_tables("\n".join(p for p in parts if p))


def _heading(t: Totals) -> str:
    inputs = [md.plural(t.reviews, "review")]
    if t.summaries:
        inputs.append(md.plural(t.summaries, "summary", "summaries"))
    facts = [f"{md.plural(len(t.lines), 'product')} ({', '.join(inputs)}), as of "
             f"{long_date(t.as_of)}"]  # fmt: skip
    if t.unreadable:
        facts.append(f"**{md.plural(len(t.unreadable), 'file')} could not be read** (listed last)")
    if t.skipped:
        facts.append(
            f"{md.plural(len(t.skipped), 'summary', 'summaries')} skipped: "
            "the review it was made from was read too"
        )
    headline = ""
    if t.lines:
        now = _band_counts(t.per_band)
        planned = _band_counts(t.planned_per_band)
        headline = f"\n**Products by headline band:** {now} now → {planned} once plans are done.\n"
    return f"# Trust portfolio\n\n{'. '.join(facts)}.\n{headline}"


def _band_counts(counts: dict[Band, int]) -> str:
    shown = [f"{counts[b]} {BAND_LABELS[b]}" for b in reversed(BANDS) if counts[b]]
    return ", ".join(shown) or "none"


def _bands(t: Totals) -> str:
    if not t.lines:
        return ""
    rows = [
        f"| {BAND_LABELS[b]} | {t.per_band[b]} | {t.planned_per_band[b]} | "
        f"{t.features_per_band[b]} | {t.planned_features_per_band[b]} |"
        for b in reversed(BANDS)
    ]
    return (
        "## Bands\n\n"
        "| Band | Products now | Products once plans are done | Features now "
        "| Features once plans are done |\n"
        "| --- | ---: | ---: | ---: | ---: |\n" + "\n".join(rows) + "\n"
    )


def _band_move(line: Line) -> str:
    if line.band is None:
        return "no features"
    now = BAND_LABELS[line.band]
    if line.planned_band is None or line.planned_band == line.band:
        return f"**{now}**"
    return f"**{now}** → {BAND_LABELS[line.planned_band]}"


def _source(t: Totals, line: Line) -> str:
    """Where a product comes from; a summary judged on another day says so."""
    where = md.code(line.source, cell=True)
    if line.kind == "summary":
        when = "" if line.as_of == t.as_of else f", as of {line.as_of.isoformat()}"
        return f"{where} (summary{when})"
    return where


def _late(line: Line) -> str:
    parts = []
    if line.overdue:
        parts.append(f"{line.overdue} overdue")
    if line.lapsed:
        parts.append(f"{line.lapsed} lapsed")
    return ", ".join(parts) or "–"


def _product_name(line: Line) -> str:
    name = md.cell(line.product)
    return f"{name} {md.cell(line.release)}" if line.release else name


def _products(t: Totals) -> str:
    if not t.lines:
        return "No product could be read.\n"
    rows = []
    for line in t.ranked():
        review = "–" if line.review_by is None else line.review_by.isoformat()
        if line.review_due:
            review = f"**{review} (past)**"
        rows.append(
            f"| {_product_name(line)} | {_band_move(line)} | {score(line.mean_risk)} | "
            f"{line.features} | {review} | {_late(line)} | {_source(t, line)} |"
        )
    return (
        "## Products, worst first\n\n"
        "| Product | Band now → once plans are done | Mean risk | Features | Next review "
        "| Late plans | Source |\n"
        "| --- | --- | ---: | ---: | --- | --- | --- |\n" + "\n".join(rows) + "\n"
    )


def _due(t: Totals) -> str:
    past, soon = t.due()
    if not past and not soon:
        return ""
    out = ["## Reviews due\n"]
    if past:
        out.append(f"**Past their next review date** ({len(past)}):\n")
        out.extend(_due_item(x) for x in past)
        out.append("")
    if soon:
        out.append(f"**Due within {DUE_SOON_DAYS} days** ({len(soon)}):\n")
        out.extend(_due_item(x) for x in soon)
        out.append("")
    return "\n".join(out)


def _due_item(line: Line) -> str:
    day = long_date(line.review_by)
    return f"- {_product_name(line)}: review by {day} ({md.code(line.source)})"


def _owners(t: Totals) -> str:
    loads = t.owner_loads()
    if not loads:
        return ""
    rows = [
        f"| {md.cell(owner) if owner else '*no owner*'} | {x.overdue} | {x.lapsed} | {x.products} |"
        for owner, x in loads
    ]
    return (
        "## Late plans by owner\n\n"
        "Overdue: a fix still to make, past its due date. Lapsed: an accepted risk past its "
        "last day, so its risk is back (the owner is who accepted it).\n\n"
        "| Owner | Overdue fixes | Lapsed acceptances | Products |\n"
        "| --- | ---: | ---: | ---: |\n" + "\n".join(rows) + "\n"
    )


def _pillars(t: Totals) -> str:
    gaps = t.gaps()
    if not gaps:
        return ""
    _, weakest = gaps[0]
    rows = [f"| {md.cell(g.title)} | {score(g.mean)} | {g.features} |" for _, g in gaps]
    return (
        "## The weakest promise\n\n"
        f"**{md.inline(weakest.title)}** has the highest mean gap across the portfolio: "
        f"{score(weakest.mean)} (0 exemplary, 100 failing), over "
        f"{md.plural(weakest.features, 'feature')}.\n\n"
        "| Promise | Mean gap | Features |\n| --- | ---: | ---: |\n" + "\n".join(rows) + "\n"
    )


def _failing(t: Totals) -> str:
    fails = t.fails()
    if not fails:
        return ""
    rows = [
        f"| {md.cell(topic(q))} ({md.code(q, cell=True)}) | {md.cell(f.section)} | {f.products} "
        f"| {f.features} | {f.mean_risk:.2f} |"
        for q, f in fails[:FAILING_SHOWN]
    ]
    more = len(fails) - FAILING_SHOWN
    tail = f"\nAnd {md.plural(more, 'more question')} (`--format json` lists them all).\n"
    return (
        "## Questions that fail most often\n\n"
        'An answer fails when it carries risk (0 exemplary … 1 failing; "don\'t know" counts '
        "as risky). Mean risk is over the features where it fails.\n\n"
        "| Question | Promise | Products | Features | Mean risk |\n"
        "| --- | --- | ---: | ---: | ---: |\n" + "\n".join(rows) + "\n" + (tail if more > 0 else "")
    )


def _questionnaires(t: Totals) -> str:
    drift = t.drift()
    if not drift:
        return ""
    rows = [
        f"| {md.cell(qid)} | {md.cell(version)} | {md.code((sha or 'not pinned')[:12], cell=True)} "
        f"| {count} |"
        for qid, versions in drift.items()
        for version, sha, count in versions
    ]
    notes = []
    for qid, versions in drift.items():
        if len(versions) > 1:
            notes.append(
                f"**Drift:** products use {len(versions)} versions of {md.inline(qid)}; their "
                "scores are not strictly comparable until each review is upgraded "
                "(`trustaudit upgrade FILE`)."
            )
    if t.changed:
        shown = "; ".join(
            f"{md.inline(c.product)} ({md.code(c.source)}): pinned to {md.inline(c.pinned)}, "
            f"scored against {md.inline(c.scored)}"
            for c in t.changed
        )
        notes.append(
            f"**Scored against another questionnaire than their pin** ({len(t.changed)}): {shown}."
        )
    text = "\n\n".join(notes) + "\n\n" if notes else "One version of each questionnaire.\n\n"
    return (
        "## Questionnaires\n\n" + text + "| Questionnaire | Version | sha256 | Products |\n"
        "| --- | --- | --- | ---: |\n" + "\n".join(rows) + "\n"
    )


def _unreadable(t: Totals) -> str:
    if not t.unreadable:
        return "Every file could be read.\n"
    items = "\n".join(f"- {md.code(str(u))}" for u in t.unreadable)
    return f"## Could not be read\n\n{items}\n"
