"""What the questionnaire in use means for a review's answers: changed, orphaned, vanished.

Pure: a comparison of the models, for the editor's open dialog, ``score`` and ``report`` warnings
and the report's problem list. Nothing is ever dropped because of drift; it is only said.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trustaudit.core.assessment.model import Assessment
from trustaudit.core.questionnaire.model import Questionnaire


@dataclass(frozen=True)
class Drift:
    """How the answers stand against the questionnaire they are opened with.

    ``changed``: the questionnaire is not the pinned one (other content hash). ``orphaned``:
    per feature, answered questions the questionnaire does not have (kept in the file).
    ``vanished``: per feature, (question, option) pairs of answers naming options it does not
    have; ``vanished_targets`` the same for plan targets. Orphans and vanished options are
    listed even when the hash matches (after a re-pin, or a hand edit). ``unpinned``: the pin
    has no hash (written by hand or by a script); it counts as changed, so the next save pins it.
    """

    pinned_version: str
    current_version: str
    orphaned: dict[str, list[str]]
    vanished: dict[str, list[tuple[str, str]]]
    changed: bool = True
    pinned_id: str = ""
    current_id: str = ""
    vanished_targets: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    unpinned: bool = False

    def lines(self, *, answers: bool = True) -> list[str]:
        """What changed, for people. ``answers=False`` leaves out the answers and plans that name
        vanished options, for callers that report those through scoring's problems already."""
        out = []
        if self.unpinned:
            out.append(UNPINNED)
        elif self.changed and self.pinned_id and self.pinned_id != self.current_id:
            out.append(
                f"the review was pinned to questionnaire '{self.pinned_id}' "
                f"{self.pinned_version} but is opened with '{self.current_id}' "
                f"{self.current_version}"
            )
        elif self.changed and self.pinned_version != self.current_version:
            out.append(
                f"the questionnaire changed since this review was pinned "
                f"(version {self.pinned_version} → {self.current_version})"
            )
        elif self.changed:
            out.append(
                f"the questionnaire changed since this review was pinned "
                f"(still version {self.current_version}, but its content differs)"
            )
        for fid, qids in self.orphaned.items():
            out.append(
                f"feature {fid}: answers kept for questions the questionnaire no longer has: "
                + ", ".join(qids)
            )
        if not answers:
            return out
        for fid, pairs in self.vanished.items():
            shown = ", ".join(f"{qid} → {opt}" for qid, opt in pairs)
            out.append(f"feature {fid}: answers name options that no longer exist: {shown}")
        for fid, pairs in self.vanished_targets.items():
            shown = ", ".join(f"{qid} → {opt}" for qid, opt in pairs)
            out.append(f"feature {fid}: plans target options that no longer exist: {shown}")
        return out


UNPINNED = "not pinned to a questionnaire version; pinned on the next save"
"""The one warning for a pin without ``sha256``."""


def drift(assessment: Assessment, current: Questionnaire) -> Drift | None:
    """What the questionnaire in use means for the answers; None when there is nothing to say."""
    unpinned = assessment.questionnaire.sha256 is None
    changed = unpinned or assessment.questionnaire.sha256 != current.sha256
    orphaned: dict[str, list[str]] = {}
    vanished: dict[str, list[tuple[str, str]]] = {}
    targets: dict[str, list[tuple[str, str]]] = {}
    for feature in assessment.features:
        for qid, answer in feature.answers.items():
            question = current.by_id.get(qid)
            if question is None:
                orphaned.setdefault(feature.id, []).append(qid)
                continue
            chosen = [answer.choice] if answer.choice else list(answer.choices or [])
            for option in chosen:
                if option not in question.option_map:
                    vanished.setdefault(feature.id, []).append((qid, option))
            for option in answer.plan.targets if answer.plan else []:
                if option not in question.option_map:
                    targets.setdefault(feature.id, []).append((qid, option))
    if not (changed or orphaned or vanished or targets):
        return None
    return Drift(
        assessment.questionnaire.version,
        current.version,
        orphaned,
        vanished,
        changed=changed,
        pinned_id=assessment.questionnaire.id,
        current_id=current.id,
        vanished_targets=targets,
        unpinned=unpinned,
    )
