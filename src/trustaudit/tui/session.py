"""One open review as the screens see it: the core's ``Review``, the scoring engine, and a cache.

The TUI computes nothing itself. Every number, every "applies or not", every open item and every
progress count comes from ``Engine.feature``; this class only remembers the last ``FeatureScore``
of each feature (scoring one takes a few milliseconds, all 200 of a large review a few hundred)
and re-asks the engine for the one feature that just changed. Dates are judged on today (the app
is where the calendar is read; the core only receives the day). Changes go through ``Edits``
(``tui.edits``), which keeps the undo log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from trustaudit.core.assessment.edits import Details, FeatureEdit, Publisher, Schedule, Tracker
from trustaudit.core.assessment.model import Answer, Assessment, Feature
from trustaudit.core.obligations.status import ObligationMap
from trustaudit.core.questionnaire.model import Question, Questionnaire, Section
from trustaudit.core.review import cycle, upgrade
from trustaudit.core.review.session import Review
from trustaudit.core.review.undo import UndoLog
from trustaudit.core.review.upgrade import Upgrade
from trustaudit.core.scoring import timing
from trustaudit.core.scoring.engine import Engine, scorecard
from trustaudit.core.scoring.scorecard import (
    FeatureScore,
    QuestionScore,
    Scorecard,
)
from trustaudit.tui.autosave import Autosaver
from trustaudit.tui.edits import Edits, edit_of


def calendar_day() -> dt.date:
    """The day the app judges dates on (overdue fixes, lapsed acceptances, review due): the
    calendar is read here and nowhere else in the TUI (the core never reads it). A session
    keeps the day it was opened on, so every screen of it judges the same day."""
    return dt.date.today()


ANSWERED_STATES = frozenset({"answered", "unknown", "na"})
"""Question states that count as done for progress: a reasoned N/A or an honest "don't know"."""


@dataclass(frozen=True)
class Spot:
    """A place in the walkthrough: one question of one feature."""

    feature: str
    question: str


@dataclass(frozen=True)
class Head:
    """Everything Setup asks about the review itself: details, who publishes the data cards,
    where ticket ids link to, and its dates."""

    details: Details
    publisher: Publisher = field(default_factory=Publisher)
    tracker: Tracker = field(default_factory=Tracker)
    schedule: Schedule = field(default_factory=Schedule)

    def edits(self) -> tuple[Details | Publisher | Tracker, ...]:
        return (self.details, self.publisher, self.tracker)


@dataclass(frozen=True)
class FeatureDraft:
    """A feature as typed in Setup; ``id`` and ``answers`` (a count) for one already in the file."""

    edit: FeatureEdit
    id: str | None = None
    answers: int = 0


class Session(Edits):
    """An open, locked review with its engine and the latest score of every feature."""

    def __init__(self, review: Review, today: dt.date | None = None) -> None:
        self.review = review
        self.today = today or calendar_day()
        self.engine = Engine(review.questionnaire, as_of=self.today)
        self.obligations = ObligationMap(review.questionnaire)
        self.scores: dict[str, FeatureScore] = {}
        self.saver: Autosaver | None = None
        self.history = UndoLog()
        self.pending: Upgrade | None = None
        """The questionnaire upgrade to offer, once ``find_pending_upgrade`` has looked."""
        self.rescore_all()

    # -- opening (any thread: nothing here touches the screen) --

    @classmethod
    def open(
        cls,
        path: Path,
        questionnaire_ref: str | Path | None = None,
        *,
        read_only: bool = False,
        today: dt.date | None = None,
    ) -> Session:
        """Lock and open a review; ``read_only``: only look at it (no lock, nothing written)."""
        opened = Review.look if read_only else Review.open
        return cls(opened(path, questionnaire_ref), today)

    @classmethod
    def create(
        cls,
        path: Path,
        questionnaire: Questionnaire,
        head: Head | Details,
        features: list[FeatureEdit] | None = None,
    ) -> Session:
        """Write a new review file (synchronously: the user waits for "created") and open it;
        ``head`` is the whole head Setup asks for, or only its details."""
        if isinstance(head, Details):
            head = Head(head)
        review = Review.create(path, questionnaire, head.details)
        try:
            for publishing in (head.publisher, head.tracker):
                if publishing.fields() != type(publishing)().fields():
                    review.update_details(publishing)
            if head.schedule != Schedule():
                review.update_schedule(head.schedule)
            for feature in features or []:
                review.add_feature(feature)
        except BaseException:
            review.close()
            raise
        return cls(review)

    def close(self) -> None:
        self.review.close()

    def find_pending_upgrade(self) -> None:
        """Whether the review waits for an upgrade to the questionnaire in use (it was answered
        against another version, or answers wait under renamed ids): ``review.upgrade.pending``.
        Scores the review, so the app calls it while opening, off the UI thread."""
        if not self.read_only:
            self.pending = upgrade.pending(
                self.assessment, self.questionnaire, self.review.opened_pin
            )

    # -- what the screens read --

    @property
    def read_only(self) -> bool:
        return self.review.read_only

    @property
    def questionnaire(self) -> Questionnaire:
        return self.review.questionnaire

    @property
    def assessment(self) -> Assessment:
        return self.review.assessment

    @property
    def path(self) -> Path:
        return self.review.path

    @property
    def features(self) -> list[Feature]:
        return self.review.assessment.features

    def feature(self, feature_id: str) -> Feature:
        return self.review.assessment.feature(feature_id)

    def question(self, question_id: str) -> Question:
        return self.questionnaire.by_id[question_id]

    def section_of(self, question_id: str) -> Section:
        return self.questionnaire.section_of[question_id]

    def answer(self, feature_id: str, question_id: str) -> Answer | None:
        return self.review.answer(feature_id, question_id)

    def score(self, feature_id: str) -> FeatureScore:
        found = self.scores.get(feature_id)
        if found is None:
            found = self.scores[feature_id] = self.engine.feature(self.feature(feature_id))
        return found

    def question_score(self, spot: Spot) -> QuestionScore:
        return next(q for q in self.score(spot.feature).questions if q.id == spot.question)

    def scorecard(self) -> Scorecard:
        """The whole review's scorecard, judged on ``today``, from the cached feature scores
        (what ``trustaudit score --as-of`` that day gives, without scoring 200 features again)."""
        features = tuple(self.score(f.id) for f in self.features)
        return scorecard(self.questionnaire, self.assessment, features, self.today)

    def progress(self, feature_id: str, section_id: str) -> tuple[int, int]:
        """(done, applicable) questions of one section of one feature."""
        done = total = 0
        for q in self.score(feature_id).questions:
            if q.section == section_id and q.applicable:
                total += 1
                done += q.state in ANSWERED_STATES
        return done, total

    def touches(self, spot: Spot) -> str:
        """The "touches: GDPR 13(1)(c) · DSA 27" line, without laws that cannot apply here."""
        facts = self.obligations.facts(self.feature(spot.feature), self.score(spot.feature))
        return self.obligations.touches(spot.question, facts)

    def applies(self, spot: Spot) -> bool:
        return self.question_score(spot).applicable

    def badge(self, spot: Spot) -> cycle.Badge | None:
        """New / changed / carried over, in a re-review (``review.cycle.badge``)."""
        return cycle.badge(self.assessment, self.answer(spot.feature, spot.question))

    def badges(self, feature_id: str, section_id: str | None = None) -> dict[cycle.Badge, int]:
        """How many applicable questions of a feature (or of one of its sections) carry each
        re-review badge; empty in a first review."""
        counts: dict[cycle.Badge, int] = {}
        if not self.assessment.history:
            return counts
        for q in self.score(feature_id).questions:
            if q.applicable and section_id in (None, q.section):
                mark = self.badge(Spot(feature_id, q.id))
                if mark is not None:
                    counts[mark] = counts.get(mark, 0) + 1
        return counts

    def assumed(self, feature_id: str) -> list[str]:
        """Profile questions whose impact the engine takes at its worst because nobody knows the
        answer yet ("don't know", or no answer), in questionnaire order."""
        pillars = {s.id for s in self.questionnaire.pillars}
        return [
            q.id
            for q in self.score(feature_id).questions
            if q.applicable
            and q.section not in pillars
            and q.state in ("unknown", "unanswered")
            and (q.impact or 0) > 0
        ]

    def started(self) -> dt.date:
        """The day this review (this cycle of it) began: due dates before it are asked about."""
        return timing.cycle_start(self.assessment)

    # -- scores, re-asked after every change (``Edits``) --

    def rescore(self, feature_id: str) -> FeatureScore:
        self.scores[feature_id] = self.engine.feature(self.feature(feature_id))
        return self.scores[feature_id]

    def rescore_all(self) -> None:
        self.scores = {f.id: self.engine.feature(f) for f in self.features}

    def drafts(self) -> list[FeatureDraft]:
        """The features as the edit-review screen starts from them."""
        return [FeatureDraft(edit_of(f), f.id, len(f.answers)) for f in self.features]

    # -- walking through the questionnaire --

    def spots(self, feature_id: str) -> Iterator[Spot]:
        """Every applicable question of a feature, in questionnaire order."""
        for q in self.score(feature_id).questions:
            if q.applicable:
                yield Spot(feature_id, q.id)

    def first_spot(self, feature_id: str, section_id: str | None = None) -> Spot | None:
        """The first unanswered applicable question of a feature (or section), else its first."""
        first: Spot | None = None
        for q in self.score(feature_id).questions:
            if not q.applicable or (section_id is not None and q.section != section_id):
                continue
            first = first or Spot(feature_id, q.id)
            if q.state not in ANSWERED_STATES:
                return Spot(feature_id, q.id)
        return first

    def resume_spot(self) -> Spot | None:
        """Where a reopened review continues: the first unanswered question of any feature."""
        for feature in self.features:
            for q in self.score(feature.id).questions:
                if q.applicable and q.state not in ANSWERED_STATES:
                    return Spot(feature.id, q.id)
        if self.features:
            return next(self.spots(self.features[0].id), None)
        return None

    def step(self, spot: Spot, forward: bool) -> Spot | None:
        """The next (or previous) applicable question, crossing into the next feature at the end."""
        ids = [f.id for f in self.features]
        if spot.feature not in ids:
            return None
        rank = self._rank()
        here = rank.get(spot.question, -1)
        if forward:
            own = [s for s in self.spots(spot.feature) if rank[s.question] > here]
        else:
            own = [s for s in self.spots(spot.feature) if rank[s.question] < here]
        if own:
            return own[0] if forward else own[-1]
        index = ids.index(spot.feature)
        neighbours = ids[index + 1 :] if forward else list(reversed(ids[:index]))
        for feature_id in neighbours:
            found = list(self.spots(feature_id))
            if found:
                return found[0] if forward else found[-1]
        return None

    def _rank(self) -> dict[str, int]:
        return {q.id: i for i, q in enumerate(self.questionnaire.questions)}

    def position(self, spot: Spot) -> tuple[int, int]:
        """(1-based index, count) of a question among the applicable ones of its section."""
        section = self.section_of(spot.question).id
        ids = [
            s.question
            for s in self.spots(spot.feature)
            if self.section_of(s.question).id == section
        ]
        index = ids.index(spot.question) + 1 if spot.question in ids else 0
        return index, len(ids)


def details_of(assessment: Assessment) -> Details:
    """The details of a review as Setup shows and edits them."""
    return head_of(assessment).details


def head_of(assessment: Assessment) -> Head:
    """What Setup shows and edits of a review: its details, publisher, tracker link and dates."""
    a = assessment
    return Head(
        Details(a.product, a.release, a.team, tuple(a.assessors)),
        Publisher(a.controller, a.privacy_policy_url, a.contact, a.delete_url),
        Tracker(a.evidence_url),
        Schedule(a.launch, a.review_by),
    )
