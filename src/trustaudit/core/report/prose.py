"""Sentences the report writes itself: why the headline is what it is, the decisions to take,
and what works. Each sentence names features and answers from the review, escaped as it is
built, and returns ``Markdown``."""

from __future__ import annotations

from trustaudit.core.assessment.model import Assessment
from trustaudit.core.bands import band_rank
from trustaudit.core.report import markdown as md
from trustaudit.core.report.markdown import Markdown
from trustaudit.core.report.numbers import score
from trustaudit.core.report.view import ActionView, FeatureView, PillarView

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


def decisions(
    review: Assessment, features: list[FeatureView], actions: list[ActionView]
) -> list[Markdown]:
    out: list[Markdown] = []
    stay = [f for f in features if band_rank(f.planned_band) >= band_rank("high")]
    if stay:
        out.append(
            Markdown(
                f"Decide whether {names(stay)} may launch: "
                "still High or worse with every plan done."
            )
        )
    staying = {f.id for f in stay}
    waiting = [
        f for f in features
        if band_rank(f.band) >= band_rank("high") and f.id not in staying
    ]  # fmt: skip
    if waiting:
        out.append(
            Markdown(
                f"Hold the launch of {names(waiting)} until the planned fixes are done, "
                "or accept the risk in writing."
            )
        )
    unowned = [a for a in actions if a.no_credit_reason == "no owner, no credit"]
    if unowned:
        out.append(
            Markdown(
                "Give an owner and a due date to "
                f"{md.plural(len(unowned), 'planned fix', 'planned fixes')}: "
                f"until then {'it earns' if len(unowned) == 1 else 'they earn'} no credit "
                "(no owner, no credit)."
            )
        )
    accepted = [a for a in actions if a.status == "accepted"]
    if accepted:
        owners = list({a.feature.id: a.feature for a in accepted}.values())
        out.append(
            Markdown(f"Confirm {md.plural(len(accepted), 'accepted risk')} in {names(owners)}.")
        )
    dpia = [f for f in features if f.dpia_likely]
    if dpia:
        out.append(
            Markdown(f"Commission a data protection impact assessment (DPIA) for {names(dpia)}.")
        )
    pending = [s for s in review.sign_off if s.decision == "pending"]
    if pending:
        who = md.join_and(f"{s.role} ({s.name})" for s in pending)
        out.append(Markdown(f"Sign-off still pending from {who}."))
    return out


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
