"""Answers in words: option labels, the answer whatever its state, and an orphan as stored."""

from __future__ import annotations

from collections.abc import Iterable

from trustaudit.core.assessment.model import Answer
from trustaudit.core.questionnaire.model import Question
from trustaudit.core.report.markdown import UserText
from trustaudit.core.scoring.scorecard import QuestionScore


def option_labels(question: Question, ids: Iterable[str]) -> tuple[UserText, ...]:
    """Option labels for option ids (an id that no longer exists is shown as it is)."""
    options = question.option_map
    return tuple(UserText(options[i].label if i in options else i) for i in ids)


def shown_answer(
    qs: QuestionScore, stored: Answer | None, options: tuple[UserText, ...]
) -> UserText:
    """The answer in words, whatever state it is in."""
    if not qs.applicable:
        return UserText("Does not apply")
    if qs.state == "unknown":
        return UserText("Don't know")
    if qs.state == "unanswered":
        return UserText("Not answered")
    if qs.state == "na":
        return UserText("Not applicable")
    if qs.state == "invalid":
        return UserText(f"Invalid: {qs.problem}")
    if stored is not None and stored.text is not None:
        return UserText(stored.text)
    if stored is not None and stored.choices == []:
        return UserText("None of these")
    return UserText("; ".join(options))


def raw_answer(answer: Answer) -> str:
    """A stored answer as it is in the file, for answers whose question no longer exists."""
    if answer.choice is not None:
        return f"choice: {answer.choice}"
    if answer.choices is not None:
        return "choices: " + (", ".join(answer.choices) or "none")
    if answer.text is not None:
        return f"text: {answer.text}"
    if answer.unknown:
        return "don't know"
    if answer.na is not None:
        return f"n/a: {answer.na}"
    return "no answer (note or plan only)"
