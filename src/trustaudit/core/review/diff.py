"""A semantic diff of two versions of a review: what changed in what it says, not in its text.

Features are matched by id (ids never change, names may), answers by question id (moved along the
new questionnaire's ``renames`` first, so a renamed question is not a change), sign-offs by role
and name. Each answer change carries its effect on risk; each feature and pillar its score then
and now. ``trustaudit diff`` prints it as Markdown for a pull request (``report.changes``) or as
JSON (``dumps``, the one place its text is made). Dates are judged on an explicit as-of day.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from trustaudit.core.assessment.model import Answer, Assessment, Plan, SignOff
from trustaudit.core.bands import Band, band_rank
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.review import upgrade
from trustaudit.core.scoring import timing
from trustaudit.core.scoring.engine import score
from trustaudit.core.scoring.scorecard import FeatureScore, QuestionScore, Scorecard, StateKind


@dataclass(frozen=True)
class Side:
    """One version of a review: how to name it, its questionnaire and its answers.

    ``questionnaire_known`` is False when the questionnaire it was pinned to could not be found
    (it was scored against the other side's instead, so questions added or removed by a
    questionnaire change cannot be told)."""

    label: str
    questionnaire: Questionnaire
    assessment: Assessment
    questionnaire_known: bool = True


Direction = Literal["worse", "better", "same"]


def direction(effect: float) -> Direction:
    """Whether a change raises risk (worse), lowers it (better), or neither, rounded to what a
    person sees (a hundredth of an answer's risk, a point of impact)."""
    return "worse" if effect > 1e-9 else "better" if effect < -1e-9 else "same"


@dataclass(frozen=True)
class AnswerChange:
    """One answer whose value changed (notes, evidence and plans are not the value).

    ``old_risk``/``new_risk`` are the answer's risk (0–1, pillar questions) or its impact points
    (profile questions); ``effect`` weighs the change for ordering, positive when worse: a pillar
    answer's change in risk times its weight over 3, a profile answer's change in impact over 100.
    A state is None where the question was not asked on that side."""

    feature: str
    question: str
    pillar: bool
    old: Answer | None
    new: Answer | None
    old_state: StateKind | None
    new_state: StateKind | None
    old_risk: float | None
    new_risk: float | None
    effect: float

    @property
    def direction(self) -> Direction:
        return direction(self.effect)


PlanEvent = Literal["opened", "done", "accepted", "reopened", "removed", "due", "overdue", "lapsed"]


@dataclass(frozen=True)
class PlanChange:
    """What happened to one plan: opened, marked done, accepted, reopened, removed, its due date
    moved; or, on the as-of date, overdue or lapsed."""

    feature: str
    question: str
    event: PlanEvent
    old: Plan | None
    new: Plan | None
    unapplied: bool = False
    """Marked done while the answer still shows the old option (``Answer.done_unapplied``)."""


@dataclass(frozen=True)
class SignOffChange:
    role: str
    name: str
    old: SignOff | None
    new: SignOff | None


@dataclass(frozen=True)
class FeatureChange:
    """One feature then and now (``old`` None: added; ``new`` None: removed)."""

    id: str
    old: FeatureScore | None
    new: FeatureScore | None

    @property
    def name(self) -> str:
        """The feature's name now (its last name, once removed)."""
        side = self.new or self.old
        assert side is not None, "a feature change has a side"
        return side.name

    @property
    def renamed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.name != self.new.name

    @property
    def moved(self) -> int:
        """How many bands it moved, up (worse) positive; 0 for added or removed features."""
        if self.old is None or self.new is None:
            return 0
        return band_rank(self.new.band) - band_rank(self.old.band)


@dataclass(frozen=True)
class PillarChange:
    id: str
    title: str
    old: float | None
    new: float | None


@dataclass(frozen=True)
class QuestionnaireChange:
    """The questionnaire then and now; ``added``/``removed`` only when both are known."""

    old: str
    new: str
    known: bool
    added: tuple[str, ...]
    removed: tuple[str, ...]
    unanswered: dict[str, int]
    """Per added question, in how many features it applies and is not answered yet."""


@dataclass(frozen=True)
class Diff:
    old_label: str
    new_label: str
    as_of: dt.date
    product: str
    old_card: Scorecard = field(repr=False)
    new_card: Scorecard = field(repr=False)
    old_questionnaire: Questionnaire = field(repr=False)
    new_questionnaire: Questionnaire = field(repr=False)
    features: tuple[FeatureChange, ...]
    """Every feature on either side, worst move first (then added, removed, unchanged)."""
    answers: tuple[AnswerChange, ...]
    """Worst first."""
    plans: tuple[PlanChange, ...]
    sign_offs: tuple[SignOffChange, ...]
    pillars: tuple[PillarChange, ...]
    questionnaire: QuestionnaireChange | None

    @property
    def changed(self) -> bool:
        moved = any(
            f.old is None
            or f.new is None
            or f.renamed
            or f.moved
            or round(f.old.risk, 1) != round(f.new.risk, 1)
            for f in self.features
        )
        return bool(moved or self.answers or self.plans or self.sign_offs or self.questionnaire)

    def crossed_into(self, band: Band) -> tuple[FeatureChange, ...]:
        """Features now at ``band`` or worse that were below it (or did not exist)."""
        gate = band_rank(band)
        return tuple(
            f
            for f in self.features
            if f.new is not None
            and band_rank(f.new.band) >= gate
            and (f.old is None or band_rank(f.old.band) < gate)
        )

    def to_json(self) -> dict[str, Any]:
        def feature(f: FeatureChange) -> dict[str, Any]:
            def side(s: FeatureScore | None) -> dict[str, Any] | None:
                if s is None:
                    return None
                return {
                    "name": s.name,
                    "band": s.now.band,
                    "risk": s.now.risk,
                    "planned_band": s.planned.band,
                    "planned_risk": s.planned.risk,
                    "pillars": dict(s.now.pillars),
                }

            return {"id": f.id, "old": side(f.old), "new": side(f.new), "moved": f.moved}

        def answer(a: AnswerChange) -> dict[str, Any]:
            return {
                "feature": a.feature,
                "question": a.question,
                "old": _value(a.old, a.old_state),
                "new": _value(a.new, a.new_state),
                "old_risk": a.old_risk,
                "new_risk": a.new_risk,
                "pillar": a.pillar,
                "direction": a.direction,
            }

        def plan(p: PlanChange) -> dict[str, Any]:
            return {
                "feature": p.feature,
                "question": p.question,
                "event": p.event,
                "answer_not_updated": p.unapplied,
                "old": _plan(p.old),
                "new": _plan(p.new),
            }

        q = self.questionnaire
        return {
            "product": self.product,
            "old": self.old_label,
            "new": self.new_label,
            "as_of": self.as_of.isoformat(),
            "headline": {
                "old": self.old_card.headline.band,
                "new": self.new_card.headline.band,
                "old_planned": self.old_card.headline.planned_band,
                "new_planned": self.new_card.headline.planned_band,
            },
            "features": [feature(f) for f in self.features],
            "answers": [answer(a) for a in self.answers],
            "plans": [plan(p) for p in self.plans],
            "sign_offs": [
                {
                    "role": s.role,
                    "name": s.name,
                    "old": s.old.model_dump(mode="json") if s.old else None,
                    "new": s.new.model_dump(mode="json") if s.new else None,
                }
                for s in self.sign_offs
            ],
            "pillars": [{"id": p.id, "old": p.old, "new": p.new} for p in self.pillars],
            "questionnaire": None
            if q is None
            else {
                "old": q.old,
                "new": q.new,
                "known": q.known,
                "added": list(q.added),
                "removed": list(q.removed),
                "unanswered": dict(q.unanswered),
            },
        }


def dumps(diff: Diff, indent: int | None = None) -> str:
    """The JSON text of a diff: what ``trustaudit diff --json`` prints (one line by default,
    which the C encoder writes fast; indented for a person at a terminal)."""
    return json.dumps(diff.to_json(), indent=indent, ensure_ascii=False) + "\n"


def _value(answer: Answer | None, state: StateKind | None) -> dict[str, Any] | None:
    if answer is None and state is None:
        return None
    data = (
        answer.model_dump(mode="json", include={"choice", "choices", "text", "unknown", "na"})
        if answer is not None
        else {}
    )
    return {"state": state, **{k: v for k, v in data.items() if v not in (None, False)}}


def _plan(plan: Plan | None) -> dict[str, Any] | None:
    return None if plan is None else plan.model_dump(mode="json", exclude_none=True)


# --- comparing ----------------------------------------------------------------------------------


def compare(old: Side, new: Side, as_of: dt.date) -> Diff:
    """The semantic diff from ``old`` to ``new``, with dates judged on ``as_of``."""
    old_card = score(old.questionnaire, old.assessment, as_of)
    new_card = score(new.questionnaire, new.assessment, as_of)
    old_scores = {f.id: f for f in old_card.features}
    new_scores = {f.id: f for f in new_card.features}
    old_features = {f.id: f for f in old.assessment.features}
    answers: list[AnswerChange] = []
    plans: list[PlanChange] = []
    for feature in new.assessment.features:
        if feature.id not in old_features:
            continue
        # The old answers as the new questionnaire names them (moved along its renames), so a
        # rename is not a change; their scores are looked up under the id they had.
        before = upgrade.renamed(old_features[feature.id], new.questionnaire)
        was = before.came_from
        then_q = {q.id: q for q in old_scores[feature.id].questions}
        now_q = {q.id: q for q in new_scores[feature.id].questions}
        for qid in dict.fromkeys([*before.answers, *feature.answers]):
            a, b = before.answers.get(qid), feature.answers.get(qid)
            then = then_q.get(was.get(qid, qid))
            if _value_of(a) != _value_of(b):
                asked = _asked(qid, was.get(qid, qid), new, old)
                answers.append(_answer_change(feature.id, qid, asked, a, b, then, now_q.get(qid)))
            plans.extend(_plan_changes(feature.id, qid, a, b))
    for feature, f in zip(new.assessment.features, new_card.features, strict=True):
        plans.extend(
            PlanChange(f.id, d.question, d.kind, None, feature.answers[d.question].plan)
            for d in f.dated
        )
    answers.sort(key=lambda c: -c.effect)
    return Diff(
        old_label=old.label,
        new_label=new.label,
        as_of=as_of,
        product=new.assessment.product,
        old_card=old_card,
        new_card=new_card,
        old_questionnaire=old.questionnaire,
        new_questionnaire=new.questionnaire,
        features=_features(old_card, new_card),
        answers=tuple(answers),
        plans=tuple(plans),
        sign_offs=tuple(_sign_offs(old.assessment.sign_off, new.assessment.sign_off)),
        pillars=tuple(_pillars(old_card, new_card, new.questionnaire)),
        questionnaire=_questionnaire(old, new, new_card),
    )


def _value_of(answer: Answer | None) -> tuple[object, ...] | None:
    return None if answer is None or answer.kind is None else answer.value


def _asked(qid: str, was: str, new: Side, old: Side) -> tuple[bool, int] | None:
    """Whether a question is a pillar question, and its weight, as the newest side that asks it
    says; None for an orphan (asked on neither side)."""
    for side, key in ((new, qid), (old, was)):
        question = side.questionnaire.by_id.get(key)
        if question is not None:
            return side.questionnaire.section_of[key].kind == "pillar", question.weight
    return None


def _answer_change(
    feature: str,
    qid: str,
    asked: tuple[bool, int] | None,
    old: Answer | None,
    new: Answer | None,
    then: QuestionScore | None,
    now: QuestionScore | None,
) -> AnswerChange:
    """One changed answer with its effect: for a pillar question its risk then and now, for a
    profile question its impact (an orphan, asked on neither side, has none)."""
    pillar, weight = asked or (False, 1)

    def measure(qs: QuestionScore | None) -> float | None:
        if qs is None or not qs.applicable:
            return None
        return qs.risk if pillar else qs.impact

    r0, r1 = measure(then), measure(now)
    delta = (r1 or 0.0) - (r0 or 0.0)
    effect = delta * weight / 3 if pillar else delta / 100
    return AnswerChange(
        feature,
        qid,
        pillar,
        old,
        new,
        then.state if then else None,
        now.state if now else None,
        r0,
        r1,
        effect,
    )


def _plan_changes(
    feature: str, qid: str, old: Answer | None, new: Answer | None
) -> list[PlanChange]:
    a = old.plan if old else None
    b = new.plan if new else None
    if a is None and b is None:
        return []
    if a is None:
        event: PlanEvent = "accepted" if b and b.status == "accepted" else "opened"
        return [PlanChange(feature, qid, event, None, b)]
    if b is None:
        return [PlanChange(feature, qid, "removed", a, None)]
    if a.status != b.status:
        if b.status == "done":
            event = "done"
        elif b.status == "accepted":
            event = "accepted"
        elif a.status in ("done", "accepted"):
            event = "reopened"
        else:
            return []  # planned → in progress: work going on, not news for a reviewer
        return [PlanChange(feature, qid, event, a, b, new is not None and new.done_unapplied)]
    if b.status in timing.TO_MAKE and a.due != b.due:
        return [PlanChange(feature, qid, "due", a, b)]
    if b.status == "accepted" and a.acceptance_ends != b.acceptance_ends:
        return [PlanChange(feature, qid, "accepted", a, b)]
    return []


def _features(old: Scorecard, new: Scorecard) -> tuple[FeatureChange, ...]:
    before = {f.id: f for f in old.features}
    now = {f.id: f for f in new.features}
    rows = [FeatureChange(f.id, before.get(f.id), f) for f in new.features]
    rows += [FeatureChange(f.id, f, None) for f in old.features if f.id not in now]

    def worst_first(f: FeatureChange) -> tuple[int, int, float]:
        delta = (f.new.risk if f.new else 0.0) - (f.old.risk if f.old else 0.0)
        kind = 0 if f.moved else 1 if f.new is None or f.old is None else 2
        return (kind, -f.moved, -delta)

    return tuple(sorted(rows, key=worst_first))


def _sign_offs(old: list[SignOff], new: list[SignOff]) -> list[SignOffChange]:
    before = {(s.role, s.name): s for s in old}
    now = {(s.role, s.name): s for s in new}
    out = []
    for key in dict.fromkeys([*now, *before]):
        a, b = before.get(key), now.get(key)
        if a is None or b is None or a.model_dump() != b.model_dump():
            out.append(SignOffChange(key[0], key[1], a, b))
    return out


def _pillars(old: Scorecard, new: Scorecard, questionnaire: Questionnaire) -> list[PillarChange]:
    titles = {p.id: p.title for p in questionnaire.pillars}
    ids = dict.fromkeys([*new.headline.pillars, *old.headline.pillars])
    return [
        PillarChange(
            pid, titles.get(pid, pid), old.headline.pillars.get(pid), new.headline.pillars.get(pid)
        )
        for pid in ids
    ]


def _questionnaire(old: Side, new: Side, card: Scorecard) -> QuestionnaireChange | None:
    """The questionnaire change, with the questions it added (and in how many features each is
    still to answer) and removed; renamed questions are neither."""
    now_name = f"{new.questionnaire.id} {new.questionnaire.version}"
    if not old.questionnaire_known:
        pin = old.assessment.questionnaire
        return QuestionnaireChange(f"{pin.id} {pin.version}", now_name, False, (), (), {})
    if old.questionnaire.sha256 == new.questionnaire.sha256:
        return None
    renamed = {a: b for a, b in new.questionnaire.renames if "/" not in a}
    then, now = old.questionnaire.by_id, new.questionnaire.by_id
    added = tuple(
        q.id
        for q in new.questionnaire.questions
        if q.id not in then and q.id not in renamed.values()
    )
    removed = tuple(
        q.id for q in old.questionnaire.questions if q.id not in now and q.id not in renamed
    )
    unanswered = dict.fromkeys(added, 0)
    for f in card.features:
        for qs in f.questions:
            if qs.id in unanswered and qs.applicable and qs.state == "unanswered":
                unanswered[qs.id] += 1
    then_name = f"{old.questionnaire.id} {old.questionnaire.version}"
    return QuestionnaireChange(then_name, now_name, True, added, removed, unanswered)
