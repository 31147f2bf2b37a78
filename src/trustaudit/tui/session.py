"""One open review as the screens see it: the core's ``Review``, the scoring engine, and a cache.

The TUI computes nothing itself. Every number, every "applies or not", every open item and every
progress count comes from ``Engine.feature``; this class only remembers the last ``FeatureScore``
of each feature (scoring one takes a few milliseconds, all 200 of a large review a few hundred)
and re-asks the engine for the one feature that just changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from trustaudit.core.assessment.edits import Details, FeatureEdit
from trustaudit.core.assessment.model import Answer, Assessment, Feature
from trustaudit.core.questionnaire.model import Question, Questionnaire, Section
from trustaudit.core.review.session import Review
from trustaudit.core.scoring.engine import Engine
from trustaudit.core.scoring.scorecard import FeatureScore, Headline, QuestionScore, headline
from trustaudit.tui.autosave import Autosaver

ANSWERED_STATES = frozenset({"answered", "unknown", "na"})
"""Question states that count as done for progress: a reasoned N/A or an honest "don't know"."""


@dataclass(frozen=True)
class Spot:
    """A place in the walkthrough: one question of one feature."""

    feature: str
    question: str


@dataclass(frozen=True)
class FeatureDraft:
    """A feature as typed in Setup; ``id`` and ``answers`` (a count) for one already in the file."""

    edit: FeatureEdit
    id: str | None = None
    answers: int = 0


class Session:
    """An open, locked review with its engine and the latest score of every feature."""

    def __init__(self, review: Review) -> None:
        self.review = review
        self.engine = Engine(review.questionnaire)
        self.scores: dict[str, FeatureScore] = {}
        self.saver: Autosaver | None = None
        self.rescore_all()

    # -- opening (any thread: nothing here touches the screen) --

    @classmethod
    def open(cls, path: Path, questionnaire_ref: str | Path | None = None) -> Session:
        return cls(Review.open(path, questionnaire_ref))

    @classmethod
    def create(
        cls,
        path: Path,
        questionnaire: Questionnaire,
        details: Details,
        features: list[FeatureEdit] | None = None,
    ) -> Session:
        """Write a new review file (synchronously: the user waits for "created") and open it."""
        review = Review.create(path, questionnaire, details)
        try:
            for edit in features or []:
                review.add_feature(edit)
        except BaseException:
            review.close()
            raise
        return cls(review)

    def close(self) -> None:
        self.review.close()

    # -- what the screens read --

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

    def headline(self) -> Headline:
        """The product line (worst band now and planned) from the cached feature scores."""
        ordered = tuple(self.score(f.id) for f in self.features)
        return headline(ordered, [s.id for s in self.questionnaire.pillars])

    def progress(self, feature_id: str, section_id: str) -> tuple[int, int]:
        """(done, applicable) questions of one section of one feature."""
        done = total = 0
        for q in self.score(feature_id).questions:
            if q.section == section_id and q.applicable:
                total += 1
                done += q.state in ANSWERED_STATES
        return done, total

    def applies(self, spot: Spot) -> bool:
        return self.question_score(spot).applicable

    # -- changes: through the store, then re-ask the engine --

    def set_answer(self, spot: Spot, answer: Answer, *, typing: bool = False) -> FeatureScore:
        """Store an answer (saved in the background) and return the feature's new score."""
        if typing and self.saver is not None:
            with self.saver.debounced():
                self.review.set_answer(spot.feature, spot.question, answer)
        else:
            self.review.set_answer(spot.feature, spot.question, answer)
        return self.rescore(spot.feature)

    def rescore(self, feature_id: str) -> FeatureScore:
        self.scores[feature_id] = self.engine.feature(self.feature(feature_id))
        return self.scores[feature_id]

    def rescore_all(self) -> None:
        self.scores = {f.id: self.engine.feature(f) for f in self.features}

    def drafts(self) -> list[FeatureDraft]:
        """The features as the edit-review screen starts from them."""
        return [FeatureDraft(edit_of(f), f.id, len(f.answers)) for f in self.features]

    def apply_setup(self, details: Details, drafts: list[FeatureDraft], removed: list[str]) -> None:
        """Apply the Setup form to an open review: details, renames, new and removed features.

        Renames go through ``update_feature`` so the feature keeps its id and its answers.
        """
        current = {f.id: f for f in self.features}
        if details != details_of(self.assessment):
            self.review.update_details(details)
        for feature_id in removed:
            if feature_id in current:
                self.review.remove_feature(feature_id)
        for draft in drafts:
            if draft.id is None:
                self.review.add_feature(draft.edit)
                continue
            old = current.get(draft.id)
            if old is not None and draft.edit != edit_of(old):
                self.review.update_feature(draft.id, draft.edit)
        self.rescore_all()

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
    return Details(
        assessment.product, assessment.release, assessment.team, tuple(assessment.assessors)
    )


def edit_of(feature: Feature) -> FeatureEdit:
    """A feature as Setup shows and edits it."""
    return FeatureEdit(feature.name, feature.description, feature.owner)
