"""The details of a review: product (required, it heads the report), release, team, assessors."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from trustaudit.core.assessment.edits import Details
from trustaudit.tui.widgets.fields import Field
from trustaudit.tui.widgets.form import Caption, ErrorLine, Row


class DetailsForm(Vertical):
    """Four fields, Enter moving from one to the next; ``read()`` checks and returns them."""

    DEFAULT_CSS = """
    DetailsForm {
        height: auto;
    }
    """

    def __init__(self, details: Details | None = None, *, product: str = "") -> None:
        super().__init__()
        self._details = details or Details(product)

    def compose(self) -> ComposeResult:
        given = self._details
        with Row():
            yield Caption("Product")
            yield Field(
                given.product,
                placeholder="e.g. ShopCo app (required)",
                id="product",
                next_on_enter=True,
            )
        yield ErrorLine(id="product-error")
        with Row():
            yield Caption("Release")
            yield Field(given.release, placeholder="e.g. 2.3", id="release", next_on_enter=True)
            yield Caption("Team")
            yield Field(given.team, placeholder="e.g. Growth", id="team", next_on_enter=True)
        with Row():
            yield Caption("Assessors")
            yield Field(
                ", ".join(given.assessors),
                placeholder="names, comma-separated",
                id="assessors",
                next_on_enter=True,
            )

    @property
    def product(self) -> str:
        return self.query_one("#product", Input).value.strip()

    def focus_first(self) -> None:
        """The product, or the release when the product is already given."""
        product = self.query_one("#product", Input)
        (self.query_one("#release", Input) if product.value else product).focus()

    @on(Input.Changed, "#product")
    def _product_changed(self) -> None:
        self.query_one("#product-error", ErrorLine).show("")

    def read(self) -> Details | None:
        """The details as typed, or None (the product is missing: said and focused)."""
        if not self.product:
            self.query_one("#product-error", ErrorLine).show(
                "Give the product a name: it heads the report."
            )
            self.query_one("#product", Input).focus()
            return None
        assessors = self.query_one("#assessors", Input).value.split(",")
        return Details(
            product=self.product,
            release=self.query_one("#release", Input).value.strip(),
            team=self.query_one("#team", Input).value.strip(),
            assessors=tuple(a.strip() for a in assessors if a.strip()),
        )
