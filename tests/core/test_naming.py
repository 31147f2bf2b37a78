"""One slug rule for feature ids, review files and the report beside a review."""

from __future__ import annotations

from pathlib import Path

from trustaudit.core.assessment.naming import report_path, review_path, review_stem, slug


def test_accents_are_folded_and_words_joined() -> None:
    assert slug("Café Crème App") == "cafe-creme-app"
    assert slug("Shop Co. App!") == "shop-co-app"


def test_a_name_without_letters_falls_back_and_clashes_are_numbered() -> None:
    assert slug("日本") == "feature"
    assert slug("日本", fallback="review") == "review"
    assert slug("Recommendations", {"recommendations"}) == "recommendations-2"
    assert slug("Recommendations", {"recommendations", "recommendations-2"}) == "recommendations-3"


def test_slugs_are_cut_at_forty_characters_without_a_trailing_hyphen() -> None:
    cut = slug("a" * 39 + " b" * 10)
    assert len(cut) <= 40
    assert not cut.endswith("-")


def test_the_report_of_cafe_creme_sits_beside_its_review() -> None:
    review = review_path(Path("reports"), "Café Crème App")
    assert review == Path("reports/cafe-creme-app.trustaudit.yaml")
    assert report_path(review) == Path("reports/cafe-creme-app.md")
    assert report_path(review, "json") == Path("reports/cafe-creme-app.json")


def test_the_report_is_named_after_the_review_file_not_the_product() -> None:
    # Two reviews of one product in one folder never share a report.
    assert report_path(Path("r/shop-2026.trustaudit.yaml")) == Path("r/shop-2026.md")
    assert report_path(Path("r/shop-2027.trustaudit.yaml")) == Path("r/shop-2027.md")
    assert review_stem(Path("r/a.yaml")) == "a"
    assert review_stem(Path("r/.trustaudit.yaml")) == ".trustaudit"
