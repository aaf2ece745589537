"""The footer is rebuilt only when what it shows changes: a screen that says its bindings were
updated with the same keys on keeps the keys it drew (Textual's own footer builds them all
again), and a change of the keys (a narrower terminal, a key turned off) is drawn at once.
Keys pressed in the real app over a real database in a temporary folder."""

from __future__ import annotations

from pathlib import Path

from support import EXAMPLE
from textual.widgets import Footer

from playbook.answers import validate
from playbook.clock import today
from store.repository import Repository
from tui.app import make_app
from tui.screens.home import HomeScreen
from tui.screens.partner import PartnerScreen
from tui.widgets.keys_footer import KeysFooter


def seeded(db_path: Path) -> Repository:
    repository = Repository(db_path)
    validated = validate(EXAMPLE, today())
    assert validated.ok, validated.errors
    repository.save(validated.answers)
    return repository


def drawn(app) -> list[str]:
    return [str(key.render()) for key in app.screen.query("Footer FooterKey")]


async def test_the_same_keys_keep_the_footer_as_drawn(db_path: Path) -> None:
    app = make_app(seeded(db_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        footer = app.screen.query_one(Footer)
        assert isinstance(footer, KeysFooter)
        before = list(footer.children)
        assert before and drawn(app)
        for _ in range(3):
            app.screen.refresh_bindings()
            await pilot.pause()
        assert list(footer.children) == before  # the very same keys: nothing built again


async def test_keys_that_change_are_drawn_at_once(db_path: Path) -> None:
    app = make_app(seeded(db_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PartnerScreen)
        wide = drawn(app)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        narrow = drawn(app)
        assert narrow != wide and len(narrow) < len(wide)  # some keys left the footer
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert drawn(app) == wide
        await pilot.press("escape")  # another screen, its own keys
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert drawn(app) != wide


async def test_the_palette_key_follows_the_width_in_the_questionnaire(db_path: Path) -> None:
    """The questionnaire drops the palette's key from its footer where it has no room: after a
    resize too, both ways (before, the footer kept what it showed at the first width)."""
    app = make_app(Repository(db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert "^p" in " ".join(drawn(app))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "^p" not in " ".join(drawn(app))
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "^p" in " ".join(drawn(app))
