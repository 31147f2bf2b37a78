"""Home explains a questionnaire it lists but never uses: a project copy shadows the bundled one."""

from __future__ import annotations

import shutil

from textual.widgets import OptionList

from tests.tui.conftest import Workspace, screen_text, wait_until
from trustaudit.core.questionnaire import locations
from trustaudit.tui.screens.home import HomeScreen


async def test_a_shadowed_questionnaire_says_why_it_is_not_used(ws: Workspace) -> None:
    copy = ws.root / "questionnaires" / "trust-audit.yaml"
    copy.parent.mkdir()
    shutil.copy(locations.bundled_folder() / "trust-audit.yaml", copy)
    app = ws.app()
    async with app.run_test(size=(120, 40)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_until(pilot, lambda: home.catalog_shown)
        listing = home.query_one("#catalog", OptionList)
        assert "(shadowed)" in screen_text(app)
        shadowed = next(
            i
            for i in range(listing.option_count)
            if "(shadowed)" in str(listing.get_option_at_index(i).prompt)
        )
        listing.focus()
        await pilot.press(*["down"] * shadowed)
        text = " ".join(screen_text(app).split())
        assert (
            "not used: the project copy (trust-audit.yaml) has the same id and is found first, "
            "so it shadows this bundled one" in text
        ), text
        await pilot.press("ctrl+q")
