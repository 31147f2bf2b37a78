"""Saves render only what changed, and the file is always what a full render would write."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.reviewkit import ORDER, PRODUCT_FILE, start_review
from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.edits import Details, FeatureEdit
from trustaudit.core.assessment.model import Answer, Plan
from trustaudit.core.review.session import Review

ANSWERS = [
    Answer(choice="none", note="No notice yet.\nSee the ticket."),
    Answer(choice="in-context", evidence=["https://example.com/a(b)"]),
    Answer(unknown=True),
    Answer(na="Nothing is collected."),
    Answer(choices=[]),
    Answer(choices=["email", "health"]),
    Answer(text="We use your orders to suggest products: 'quoted' & #not a comment"),
    Answer(choice="policy-only", plan=Plan(target="in-context", owner="Lee", action="Add it.")),
    Answer(),
]


class Deferred:
    """The app's kind of saver: a change only marks the file dirty; saves come later."""

    def changed(self, review: Review) -> None:
        pass


Edit = tuple[str, int, int]
EDITS = st.lists(
    st.tuples(
        st.sampled_from(["answer", "clear", "add", "rename", "remove", "details", "save"]),
        st.integers(0, 5),
        st.integers(0, len(ANSWERS) - 1),
    ),
    max_size=25,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS)
def test_any_sequence_of_edits_and_saves_writes_what_a_full_render_writes(
    tmp_path_factory: object, edits: list[Edit]
) -> None:
    from pytest import TempPathFactory

    assert isinstance(tmp_path_factory, TempPathFactory)
    folder = tmp_path_factory.mktemp("incremental")
    with start_review(folder) as review:
        review.saver = Deferred()
        for kind, which, value in edits:
            ids = [f.id for f in review.assessment.features]
            target = ids[which % len(ids)] if ids else None
            if kind == "answer" and target:
                review.set_answer(target, ORDER[which % len(ORDER)], ANSWERS[value])
            elif kind == "clear" and target:
                review.clear_answer(target, ORDER[which % len(ORDER)])
            elif kind == "add":
                review.add_feature(FeatureEdit(f"Feature {value}", "Made in a test", "Dana"))
            elif kind == "rename" and target:
                review.update_feature(target, FeatureEdit(f"Renamed {value}"))
            elif kind == "remove" and target and len(ids) > 1:
                review.remove_feature(target)
            elif kind == "details":
                review.update_details(Details("ShopCo app", release=str(value), team="Growth"))
            elif kind == "save":
                review.save()
        review.save()
        written = review.path.read_text(encoding="utf-8")
        assert written == file_form.to_yaml(review.assessment, review.order)
        assert file_form.load(review.path) == review.assessment


def test_a_reopened_review_reuses_its_blocks_and_renders_the_changed_one(tmp_path: Path) -> None:
    with start_review(tmp_path) as review:
        for n in range(3):
            review.add_feature(FeatureEdit(f"Feature {n}"))
    path = tmp_path / PRODUCT_FILE
    with Review.open(path) as review:
        assert len(review._blocks.texts) == 4  # taken from the file, not rendered again
        review.set_answer("feature-1", "notice", Answer(choice="none"))
        assert path.read_text() == file_form.to_yaml(review.assessment, review.order)


def test_a_review_laid_out_by_hand_is_rendered_in_full_on_its_first_save(tmp_path: Path) -> None:
    with start_review(tmp_path) as review:
        review.add_feature(FeatureEdit("Second"))
    path = tmp_path / PRODUCT_FILE
    text = path.read_text().replace("\n- id: ", "\n  - id: ").replace("\n  name:", "\n    name:")
    path.write_text(text)  # indented sequence items: valid YAML, not our layout
    assert file_form.load(path).features[1].id == "second"
    with Review.open(path) as review:
        assert review._blocks.texts == {}
        review.set_answer("second", "notice", Answer(choice="none"))
        assert path.read_text() == file_form.to_yaml(review.assessment, review.order)


def test_a_feature_removed_then_added_again_under_its_id_is_written_anew(tmp_path: Path) -> None:
    with start_review(tmp_path) as review:
        review.saver = Deferred()
        review.set_answer("recommendations", "notice", Answer(choice="none"))
        review.save()
        review.remove_feature("recommendations")
        again = review.add_feature(FeatureEdit("Recommendations", "Made again"))
        assert again.id == "recommendations"
        review.save()
        assert review.path.read_text() == file_form.to_yaml(review.assessment, review.order)
        assert file_form.load(review.path).feature("recommendations").answers == {}
