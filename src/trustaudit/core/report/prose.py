"""Sentences the report writes itself: why the headline is what it is, the decisions to take,
and what works. Each sentence names features and answers from the review, escaped as it is
built, and returns ``Markdown``."""

from __future__ import annotations

from trustaudit.core.bands import band_rank
from trustaudit.core.report import markdown as md
from trustaudit.core.report.markdown import Markdown
from trustaudit.core.report.numbers import score
from trustaudit.core.report.view import ActionView, ContributorView, FeatureView, PillarView

NAMES_IN_SENTENCE = 5


def names(features: list[FeatureView]) -> Markdown:
    """Bold feature names for a sentence, at most a handful then "and N more"."""
    shown = [Markdown(f"**{md.inline(f.name)}**") for f in features[:NAMES_IN_SENTENCE]]
    rest = len(features) - len(shown)
    if rest:
        shown.append(Markdown(f"{rest} more"))
    return md.join_and(shown, escape=False)


def why(worst: FeatureView | None) -> Markdown:
    """One line: which feature sets the headline, and what drives it."""
    if worst is None:
        return Markdown("No features have been reviewed yet.")
    name = f"**{md.inline(worst.name)}**"
    if worst.raised_by:
        hit = worst.raised_by[0]
        if hit.rule == "red flag" and hit.question is not None:
            return Markdown(
                f"{name} is held at {worst.band_label} by a red flag: "
                f"*{md.inline(hit.question.topic.lower())}* is "
                f"\u201c{md.inline(hit.answer or '')}\u201d."
            )
        return Markdown(
            f"{name} is at least {worst.band_label} because its "
            f"{'likelihood' if worst.likelihood >= worst.impact else 'impact'} "
            "is at the maximum level."
        )
    lead = f"{name} has the highest trust risk ({score(worst.risk)} of 100)"
    gaps = [c for c in worst.contributors if c.kind != "impact"] or list(worst.contributors)
    if gaps:
        c = gaps[0]
        return Markdown(
            f"{lead}; its biggest gap is *{md.inline(c.question.topic.lower())}*: "
            f"\u201c{md.inline(c.key_answer)}\u201d."
        )
    return Markdown(lead + ".")


def decisions(features: list[FeatureView], actions: list[ActionView]) -> list[Markdown]:
    """What the reader must decide, feature by feature (worst first), then owners and DPIAs.

    Each High or Critical feature is named with the smallest set of fixes that moves it down a
    band (the greedy drop-a-band set) and who makes them by when; a feature that stays High with
    every plan done is a launch decision, and may need prior consultation (GDPR Art. 36). At most
    ``NAMES_IN_SENTENCE`` features and fixes are named one by one; the action plan has the rest.
    """
    out: list[Markdown] = []
    plans = {(a.feature.id, a.question.id): a for a in actions}
    serious = [f for f in features if band_rank(f.band) >= band_rank("high")]
    serious.sort(key=lambda f: (-band_rank(f.band), -f.risk, f.number))
    for f in serious[:NAMES_IN_SENTENCE]:
        lead = f"**{md.inline(f.name)}** ({f.band_label})"
        if band_rank(f.planned_band) >= band_rank("high"):
            lead += (
                f" stays {f.planned_band_label} with every plan done: decide whether it may launch"
            )
            hold = ""
        else:
            hold = " Hold its launch until then, or accept the risk in writing."
        if f.drop_band and f.drop_band_to_label:
            fixes = md.join_and(
                (_fix(c, plans.get((f.id, c.question.id))) for c in f.drop_band), escape=False
            )
            count = "one fix brings" if len(f.drop_band) == 1 else f"{len(f.drop_band)} fixes bring"
            out.append(Markdown(f"{lead}; {count} it to {f.drop_band_to_label}: {fixes}.{hold}"))
        else:
            out.append(
                Markdown(f"{lead}; no change of answers alone lowers its band. Accept the risk "
                         "in writing, or rethink the feature.")
            )  # fmt: skip
    if len(serious) > NAMES_IN_SENTENCE:
        more = len(serious) - NAMES_IN_SENTENCE
        out.append(
            Markdown(
                f"Decide on {md.plural(more, 'more feature', 'more features')} at High or worse: "
                "the action plan lists each with its fixes."
            )
        )
    staying = [f for f in serious if band_rank(f.planned_band) >= band_rank("high")]
    if staying:
        out.append(
            Markdown(
                f"For {names(staying)}, still High or worse with every plan done: if a DPIA "
                "confirms the high risk, prior consultation with the supervisory authority may "
                "be needed (GDPR Art. 36)."
            )
        )
    unowned = [a for a in actions if a.to_make and a.no_credit_reason == "no owner, no credit"]
    for a in unowned[:NAMES_IN_SENTENCE]:
        due = f", due {a.due_label}" if a.due_label else ""
        out.append(
            Markdown(
                f"Name an owner for *{md.inline(a.question.topic.lower())}* in "
                f"**{md.inline(a.feature.name)}**{due}: until then it earns no credit."
            )
        )
    if len(unowned) > NAMES_IN_SENTENCE:
        more = len(unowned) - NAMES_IN_SENTENCE
        out.append(Markdown(f"Name owners for {md.plural(more, 'more fix', 'more fixes')}."))
    dpia = [f for f in features if f.dpia_likely]
    if dpia:
        out.append(
            Markdown(
                f"Commission a data protection impact assessment (DPIA) for {names(dpia)} "
                "before launch."
            )
        )
    return out


def _fix(c: ContributorView, plan: ActionView | None) -> Markdown:
    """A fix as a decision names it: the question, and who makes it by when."""
    name = f"*{md.inline(c.question.topic.lower())}*"
    if plan is None or not plan.to_make:
        return Markdown(f"{name} (no plan yet)")
    who = md.inline(plan.owner) if plan.owner else "no owner yet"
    when = f"due {plan.due_label}" if plan.due_label else "no due date"
    return Markdown(f"{name} ({who}, {when})")


def what_works(features: list[FeatureView], pillars: list[PillarView]) -> list[Markdown]:
    out: list[Markdown] = []
    low = [f for f in features if f.band == "low"]
    if low:
        out.append(
            Markdown(
                f"{len(low)} of {md.plural(len(features), 'feature')} "
                f"{'is' if len(low) == 1 else 'are'} Low risk: {names(low)}."
            )
        )
    scored = [p for p in pillars if p.gap is not None]
    if scored:
        best = min(scored, key=lambda p: (p.gap or 0.0, p.id))
        out.append(
            Markdown(
                f"Strongest promise: *{md.inline(best.title)}* (mean gap {score(best.gap)} of 100)."
            )
        )
    strengths = [q for p in pillars for q in p.strengths]
    if strengths:
        shown = md.join_and(q.topic.lower() for q in strengths[:NAMES_IN_SENTENCE])
        more = len(strengths) - NAMES_IN_SENTENCE
        tail = f" and {more} more" if more > 0 else ""
        out.append(Markdown(f"Best practice in every feature for {shown}{tail}."))
    return out
