"""Screenshots of the real app on the demo data: the README's pictures and the snapshot tests.

    uv run python -m tui.screenshots            # writes screenshots/*.svg

Each scene is the real app over a fresh demo database with the clock fixed at
:data:`SCREENSHOT_DAY`, driven by the keys a person would press. The snapshot tests replay the
same scenes, so the pictures in the README are the ones the tests pin.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from playbook import clock
from playbook.conversation import start_meeting
from store.repository import Draft, Repository
from tui.app import UnstallApp, make_app
from tui.demo import seed

SCREENSHOT_DAY = date(2026, 11, 23)
OUT = Path(__file__).resolve().parent.parent / "screenshots"
DAMAGED_EXAMPLE = Path("/tmp/unstall-screenshots/unstall.json")
EXPORT_EXAMPLE = Path("/home/you/Documents/Unstall")
"""Where the pictures say files are saved (no scene saves one): the same in every picture."""


@dataclass(frozen=True)
class Scene:
    """One screen in one state: how to set up the database, and which keys to press."""

    name: str
    caption: str
    press: tuple[str, ...] = ()
    database: str = "demo"
    """``demo``, ``empty``, ``draft`` (demo plus an unfinished diagnosis), ``meeting`` (demo
    plus a reset conversation in progress) or ``damaged``."""
    size: tuple[int, int] = (100, 32)
    type_text: tuple[str, ...] = field(default=())
    """Text typed (character by character) after ``press``."""


SCENES: tuple[Scene, ...] = (
    Scene("home", "Home: every partner, its latest verdict, and overdue reviews (⚠)."),
    Scene("welcome", "The first start: what Unstall does and how to begin.", database="empty"),
    Scene(
        "resume",
        "An unfinished diagnosis is offered for resuming.",
        database="draft",
    ),
    Scene(
        "questionnaire",
        "The questionnaire: one section at a time, dates read back as they are typed.",
        press=("n", *"Juniper Foods", "enter", "2", *"9 months ago"),
    ),
    Scene(
        "questionnaire-fit",
        "Choices by arrow keys, digits or first letters.",
        press=("n", *"Juniper Foods", "enter", "2", "enter", "enter", "1", "1", "2"),
    ),
    Scene(
        "review",
        "The review step lists every answer and jumps back to any of them.",
        database="draft",
        press=("r", "ctrl+r"),
    ),
    Scene(
        "verdict-stalled",
        "A stalled partnership: rhythm is the dominant cause.",
        press=("enter", "enter"),
    ),
    Scene(
        "verdict-unclear",
        "Too little known: find out first.",
        press=("down", "enter", "enter"),
    ),
    Scene(
        "verdict-healthy",
        "A healthy partnership: keep the rhythm.",
        press=("down", "down", "down", "enter", "enter"),
    ),
    Scene(
        "verdict-failed",
        "A failed fit: plan a clean exit.",
        press=("down", "down", "down", "down", "enter", "enter"),
    ),
    Scene(
        "talking-points",
        "The talking points, ready to edit and copy.",
        press=("enter", "enter", "t"),
    ),
    Scene(
        "talking-points-blame",
        "The blame check marks phrases as they are typed and says why.",
        press=("enter", "enter", "t", "i", "enter", *"You never reply to our emails."),
    ),
    Scene(
        "partner",
        "A partner's history: the causes over time, then every diagnosis.",
        press=("enter",),
    ),
    Scene("compare", "What changed since the diagnosis before.", press=("enter", "w")),
    Scene(
        "meeting",
        "The meeting companion: points ticked as they are said, the answer in one key, the "
        "fix, owner, side and due date, notes; saved as it is typed.",
        press=("enter", "enter", "m", "space", "down", "down", "space", "y"),
    ),
    Scene(
        "meeting-resume",
        "A conversation left mid-call is offered for resuming, with everything typed.",
        database="meeting",
    ),
    Scene(
        "drafts",
        "After the call: the recap email, the calendar file and the written agreement.",
        press=("enter", "enter", "m", "space", "y", "ctrl+s", "enter"),
    ),
    Scene("outcome", "Recording the outcome of the conversation.", press=("enter", "o")),
    Scene(
        "find",
        "Find: by partner, verdict, cause, dates in words and text.",
        press=("f", "tab", "tab", "tab", *"since 2 months ago"),
    ),
    Scene("help", "Every key of the screen, read from its bindings.", press=("question_mark",)),
    Scene(
        "damaged-database",
        "A database that cannot be read is never overwritten.",
        database="damaged",
    ),
)


def prepare_database(scene: Scene, folder: Path) -> Path:
    """Create the database a scene starts from; returns its path."""
    path = folder / f"{scene.name}.json"
    if scene.database == "damaged":
        # A fixed place, so that the path the screen shows is the same in every picture.
        path = DAMAGED_EXAMPLE
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in path.parent.glob("*"):
            leftover.unlink()
        path.write_text('{"diagnoses": {"1": {"partner": "Harb', encoding="utf-8")
        return path
    repository = Repository(path)
    try:
        if scene.database in ("demo", "draft", "meeting"):
            seed(repository, SCREENSHOT_DAY)
        if scene.database == "meeting":
            latest = repository.history("Harbor Travel")[-1]
            assert latest.id is not None
            meeting = start_meeting(latest, today=SCREENSHOT_DAY, started_at="2026-11-23T10:02")
            repository.save_meeting(
                latest.id,
                replace(
                    meeting,
                    typed={**meeting.typed, "priority": "yes", "notes": "Jo: slots from January"},
                    said=(0, 1, 2),
                ),
            )
        if scene.database == "draft":
            repository.save_draft(
                Draft(
                    answers={
                        "partner": "Quarry Street Media",
                        "kind": "co-marketing",
                        "diagnosed_on": SCREENSHOT_DAY.isoformat(),
                        "fit_audience": "yes",
                    },
                    typed={"started": "last spring"},
                    position="fit_incentives",
                    seconds=260,
                )
            )
    finally:
        repository.close()
    return path


def build_app(scene: Scene, folder: Path) -> UnstallApp:
    """The real app over the scene's database, with the clock fixed."""
    from tui.app import open_repository

    clock.fix(SCREENSHOT_DAY)
    path = prepare_database(scene, folder)
    repository, problem = open_repository(argparse.Namespace(db=path, demo=False))
    return make_app(repository, problem=problem, export_dir=EXPORT_EXAMPLE)


def settle(scene: Scene) -> Callable[[Pilot[None]], Awaitable[None]]:
    """What runs before the picture is taken: the key presses, then a still cursor."""

    async def run_before(pilot: Pilot[None]) -> None:
        for key in scene.press:
            await pilot.press("space" if key == " " else key)
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        for widget in pilot.app.screen.query("Input, TextArea"):
            if isinstance(widget, (Input, TextArea)):
                widget.cursor_blink = False
        # Every screen on the stack settles (a modal's background too), then the picture.
        for _ in range(3):
            await pilot.pause()

    return run_before


async def take_svg(app: App[Any], size: tuple[int, int], run_before: Any) -> str:
    """The app, run headless at ``size`` until ``run_before`` has set the scene, as SVG
    (``App.export_screenshot``, Textual's public API)."""
    async with app.run_test(size=size) as pilot:
        await run_before(pilot)
        return app.export_screenshot()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate the SVG screenshots of the app.")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write them")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for scene in SCENES:
            app = build_app(scene, Path(folder))
            svg = asyncio.run(take_svg(app, scene.size, settle(scene)))
            (args.out / f"{scene.name}.svg").write_text(svg, encoding="utf-8")
            print(f"{scene.name}.svg  {scene.caption}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
