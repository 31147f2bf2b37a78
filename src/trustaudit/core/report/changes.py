"""A diff of two review versions as Markdown fit for a pull-request comment: short, worst first.

The headline band then and now, the features that moved (worst first), the answers that changed
with their effect on risk, plans, the questionnaire, the sign-off and the pillars. Each list shows
``SHOWN`` items and counts the rest (``trustaudit diff --json`` has them all). Every string from a
file is escaped (``report.markdown``); the as-of date is printed, so the same files and ``--as-of``
give the same comment.
"""

from __future__ import annotations

from collections.abc import Callable

from trustaudit.core.assessment.model import Answer
from trustaudit.core.bands import Band
from trustaudit.core.questionnaire.model import Question
from trustaudit.core.report import markdown as md
from trustaudit.core.report.labels import BAND_LABELS, DECISION_LABELS, PLAN_STATUS_LABELS
from trustaudit.core.report.numbers import score
from trustaudit.core.report.tables import pad_tables
from trustaudit.core.report.wording import long_date, topic
from trustaudit.core.review.diff import AnswerChange, Diff, FeatureChange, PlanChange

SHOWN = 10
"""Items shown per list; the rest are counted."""

TEXT_LIMIT = 60
"""Characters of a text answer shown (a purpose statement can run long)."""


def markdown(diff: Diff) -> str:
    """The whole comment."""
    parts = [_heading(diff)]
    if not diff.changed:
        parts.append("Nothing the review says has changed.\n")
        return "\n".join(parts)
    for section in (_features, _answers, _plans, _questionnaire, _sign_offs, _pillars):
        text = section(diff)
        if text:
            parts.append(text)
    return pad_tables("\n".join(parts))


def _heading(diff: Diff) -> str:
    old, new = diff.old_card.headline, diff.new_card.headline
    facts = []
    worse = sum(1 for f in diff.features if f.moved > 0)
    better = sum(1 for f in diff.features if f.moved < 0)
    added = sum(1 for f in diff.features if f.old is None)
    removed = sum(1 for f in diff.features if f.new is None)
    for count, what in ((worse, "worse"), (better, "better"), (added, "new"), (removed, "removed")):
        if count:
            facts.append(f"{md.plural(count, 'feature')} {what}")
    if diff.answers:
        facts.append(f"{md.plural(len(diff.answers), 'answer')} changed")
    late = [p for p in diff.plans if p.event in ("overdue", "lapsed")]
    if late:
        facts.append(f"{len(late)} late (overdue or lapsed)")
    if diff.questionnaire is not None:
        facts.append(
            f"questionnaire {md.inline(diff.questionnaire.old)} → "
            f"{md.inline(diff.questionnaire.new)}"
        )
    if diff.sign_offs:
        facts.append("sign-off changed")
    headline = f"**Headline: {_band(old.band)} → {_band(new.band)}**"
    if old.band == new.band:
        headline = f"**Headline: {_band(new.band)}, unchanged**"
    return (
        f"### Trust review changes: {md.inline(diff.product)}\n\n"
        f"{md.inline(diff.old_label)} → {md.inline(diff.new_label)}, as of "
        f"{long_date(diff.as_of)}.\n\n"
        f"{headline}" + (f" · {' · '.join(facts)}" if facts else "") + "\n"
    )


def _features(diff: Diff) -> str:
    counts: dict[str, int] = {}
    for a in diff.answers:
        counts[a.feature] = counts.get(a.feature, 0) + 1
    shown = [
        f
        for f in diff.features
        if f.old is None
        or f.new is None
        or f.moved
        or f.renamed
        or counts.get(f.id)
        or score(f.old.risk) != score(f.new.risk)
    ]
    if not shown:
        return ""
    rows = [
        "| Feature | Band then → now | Trust risk then → now | Answers changed |",
        "|---|---|---|---:|",
    ]
    for f in shown[:SHOWN]:
        rows.append(
            f"| {_feature_name(f)} | {_band_move(f)} | {_risk_move(f)} | {counts.get(f.id, 0)} |"
        )
    rest = len(diff.features) - min(len(shown), SHOWN)
    note = f"\n{_more(len(shown) - SHOWN, 'changed feature')}" if len(shown) > SHOWN else ""
    same = f" The other {md.plural(rest, 'feature')} did not change." if rest and not note else ""
    return "\n".join(rows) + "\n" + note + (f"\n{same.strip()}\n" if same else "")


def _feature_name(f: FeatureChange) -> str:
    if f.new is None:
        assert f.old is not None
        return f"{md.cell(f.old.name)} (removed)"
    name = md.cell(f.new.name)
    if f.old is None:
        return f"{name} (new)"
    if f.renamed:
        return f"{name} (was {md.cell(f.old.name)})"
    return name


def _band_move(f: FeatureChange) -> str:
    then = BAND_LABELS[f.old.band] if f.old else "—"
    now = BAND_LABELS[f.new.band] if f.new else "—"
    return f"{then} → **{now}**" if f.moved > 0 else f"{then} → {now}"


def _risk_move(f: FeatureChange) -> str:
    return f"{score(f.old.risk) if f.old else '—'} → {score(f.new.risk) if f.new else '—'}"


def _answers(diff: Diff) -> str:
    names = {f.id: f.name for f in diff.features}
    lines = []
    for a in diff.answers:
        where = f"{md.inline(names.get(a.feature, a.feature))} · {md.inline(topic(a.question))}"
        change = f"{_shown(diff, a, a.old)} → {_shown(diff, a, a.new)}{_effect(a)}"
        lines.append(f"- **{_tag(a)}{where}:** {change}")
    return _listed("Answers changed, worst first", lines, "answer")


def _tag(a: AnswerChange) -> str:
    return {"worse": "Worse · ", "better": "Better · ", "same": ""}[a.direction]


def _effect(a: AnswerChange) -> str:
    if a.old_risk is None and a.new_risk is None:
        return ""
    what = "risk" if a.pillar else "impact"
    fmt: Callable[[float | None], str] = (
        (lambda v: "n/a" if v is None else f"{v:.2g}") if a.pillar else score
    )
    return f" ({what} {fmt(a.old_risk)} → {fmt(a.new_risk)})"


def _shown(diff: Diff, change: AnswerChange, answer: Answer | None) -> str:
    """An answer in words, the option labels from whichever questionnaire asks the question."""
    question = diff.new_questionnaire.by_id.get(change.question) or (
        diff.old_questionnaire.by_id.get(change.question)
    )
    if answer is None or answer.kind is None:
        return "*not answered*"
    if answer.kind == "unknown":
        return "*don't know*"
    if answer.kind == "na":
        return "*not applicable*"
    if answer.text is not None:
        text = " ".join(answer.text.split())
        short = text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1].rstrip() + "…"
        return f"“{md.inline(short)}”"
    if answer.choices == []:
        return "*none of these*"
    return md.inline("; ".join(_label(question, o) for o in answer.option_ids))


def _label(question: Question | None, option: str) -> str:
    if question is not None and option in question.option_map:
        return question.option_map[option].label
    return option


_EVENTS = {
    "overdue": "Overdue",
    "lapsed": "Acceptance lapsed",
    "reopened": "Reopened",
    "removed": "Plan removed",
    "opened": "Opened",
    "accepted": "Risk accepted",
    "due": "Due date moved",
    "done": "Done",
}
"""Plan events in the order shown: late first, then what undoes work, then news."""


def _plans(diff: Diff) -> str:
    """Overdue fixes and lapsed acceptances as one line each, by feature (they are how things
    stand on the as-of date, not changes); then every plan change, one per line."""
    names = {f.id: f.name for f in diff.features}
    lines = []
    for event in ("overdue", "lapsed"):
        late = [p for p in diff.plans if p.event == event]
        if late:
            lines.append(
                f"- **{_EVENTS[event]} on {long_date(diff.as_of)}** ({len(late)}): "
                + _by_feature(late, names)
            )
    order = list(_EVENTS)
    changed = [p for p in diff.plans if p.event not in ("overdue", "lapsed")]
    for p in sorted(changed, key=lambda p: order.index(p.event)):
        where = f"*{md.inline(topic(p.question))}* in {md.inline(names.get(p.feature, p.feature))}"
        lines.append(f"- **{_EVENTS[p.event]}:** {where}{_plan_detail(p)}")
    return _listed("Plans", lines, "plan line")


def _by_feature(plans: list[PlanChange], names: dict[str, str]) -> str:
    """``Feature: topic (owner, date), …; Other: …``, at most ``SHOWN`` plans named."""
    groups: dict[str, list[str]] = {}
    for p in plans[:SHOWN]:
        plan = p.new
        who = plan.accepter if p.event == "lapsed" and plan else plan.owner if plan else None
        day = (plan.acceptance_ends if p.event == "lapsed" else plan.due) if plan else None
        note = ", ".join(x for x in (md.inline(who) if who else "", long_date(day)) if x)
        groups.setdefault(p.feature, []).append(
            f"*{md.inline(topic(p.question))}*" + (f" ({note})" if note else "")
        )
    text = "; ".join(
        f"{md.inline(names.get(fid, fid))}: {', '.join(items)}" for fid, items in groups.items()
    )
    return text + (f"; and {len(plans) - SHOWN} more" if len(plans) > SHOWN else "")


def _plan_detail(p: PlanChange) -> str:
    """Who and when, as the event needs it."""
    plan = p.new
    if plan is None:
        return ""
    if p.event in ("lapsed", "accepted"):
        by = f"by {md.inline(plan.accepter)}" if plan.accepter else "by nobody named"
        ends = plan.acceptance_ends
        return f" ({by}{' until ' + long_date(ends) if ends else ', with no end date'})"
    if p.event == "done":
        unapplied = "; the answer still shows the old option: update it" if p.unapplied else ""
        verified = f"verified {long_date(plan.verified_on)}" if plan.verified_on else ""
        text = (verified + unapplied).lstrip("; ")
        return f" ({text})" if text else ""
    if p.event == "reopened" and p.old is not None:
        return f" (was {PLAN_STATUS_LABELS[p.old.status].lower()})"
    owner = md.inline(plan.owner) if plan.owner else "no owner: no credit"
    if p.event == "due" and p.old is not None:
        before = long_date(p.old.due) if p.old.due else "no date"
        return f" ({owner}, due {before} → {long_date(plan.due) if plan.due else 'no date'})"
    return f" ({owner}, due {long_date(plan.due) if plan.due else 'no date'})"


def _questionnaire(diff: Diff) -> str:
    q = diff.questionnaire
    if q is None:
        return ""
    head = f"**Questionnaire:** {md.inline(q.old)} → {md.inline(q.new)}"
    if not q.known:
        return (
            f"{head}. The questionnaire the old version was pinned to is not available, so both "
            "are scored against the new one.\n"
        )
    parts = []
    if q.added:
        named = [
            f"*{md.inline(topic(qid))}*"
            + (
                f" (to answer in {md.plural(q.unanswered[qid], 'feature')})"
                if q.unanswered.get(qid)
                else ""
            )
            for qid in q.added[:SHOWN]
        ]
        more = f" and {len(q.added) - SHOWN} more" if len(q.added) > SHOWN else ""
        parts.append(f"new questions {', '.join(named)}{more}")
    if q.removed:
        named = [f"*{md.inline(topic(qid))}*" for qid in q.removed[:SHOWN]]
        more = f" and {len(q.removed) - SHOWN} more" if len(q.removed) > SHOWN else ""
        parts.append(f"removed {', '.join(named)}{more} (their answers are kept)")
    return f"{head}: {'; '.join(parts) or 'no question added or removed'}.\n"


def _sign_offs(diff: Diff) -> str:
    lines = []
    for s in diff.sign_offs:
        who = f"{md.inline(s.role)} ({md.inline(s.name)})"
        if s.new is None:
            lines.append(f"- {who}: no longer signs")
            continue
        then = DECISION_LABELS[s.old.decision] if s.old else "not asked"
        when = f" on {s.new.date}" if s.new.date else ""
        said = f": “{md.inline(s.new.comment)}”" if s.new.comment else ""
        lines.append(f"- {who}: {then} → **{DECISION_LABELS[s.new.decision]}**{when}{said}")
    return _listed("Sign-off", lines, "sign-off")


def _pillars(diff: Diff) -> str:
    moved = [p for p in diff.pillars if score(p.old) != score(p.new)]
    if not moved:
        return ""
    shown = " · ".join(f"{md.inline(p.title)} {score(p.old)} → {score(p.new)}" for p in moved)
    return f"**Pillar gaps** (0 exemplary, 100 failing; mean over features): {shown}\n"


def _listed(title: str, lines: list[str], what: str) -> str:
    if not lines:
        return ""
    extra = _more(len(lines) - SHOWN, what) if len(lines) > SHOWN else ""
    return f"**{title}**\n\n" + "\n".join(lines[:SHOWN]) + "\n" + (f"\n{extra}\n" if extra else "")


def _more(count: int, what: str) -> str:
    return f"And {md.plural(count, what)} more: `trustaudit diff --json` lists every change."


def _band(band: Band | None) -> str:
    return BAND_LABELS[band] if band else "Not scored"
