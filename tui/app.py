"""The Textual app: wires the screens, the repository and the command palette.

One factory, :func:`make_app`, serves the command line, the tests and the screenshot command.
"""

from __future__ import annotations

import argparse
import gc
import io
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path

import platformdirs
from rich.console import Console
from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.screen import Screen

from playbook import clock
from playbook.calendar import calendar_file
from playbook.conversation import Conversation, Meeting, start_meeting
from playbook.diagnosis import Diagnosis
from playbook.history import partner_key
from playbook.inert import shown
from playbook.report import diagnosis_markdown
from playbook.session import follow_up_start
from store.errors import StoreError
from store.files import make_private_dirs
from store.paths import default_db_path
from store.repository import Draft, Removed, Repository
from store.transfer import write_private
from tui import settings
from tui.clipboard import system_copy
from tui.crash import AppCrashed
from tui.file_names import free_path, slug
from tui.look import diagnoses
from tui.messages import DiagnosisDeleted, HomeShown
from tui.typeahead import TypeAheadApp


def default_export_dir() -> Path:
    """The folder for saved Markdown and calendar files: ``Unstall`` in the user's documents
    folder (``$XDG_DOCUMENTS_DIR``, else ``~/Documents``), never the current directory."""
    return platformdirs.user_documents_path() / "Unstall"


def inert(text: str) -> Content:
    """Text for a toast or a widget, shown literally: never read as markup, control
    characters made visible (:func:`playbook.inert.shown`)."""
    return Content(shown(text))


PARTNER_HELP = "Open this partner's history"


class PartnerCommands(Provider):
    """The palette's ``Partner: NAME`` commands. Textual reads a system command's title as
    markup (a partner called ``Tech [/] Co`` would crash the palette, ``[@click=...]`` would
    be a live action), so these are built as :class:`Content` from the name shown inert."""

    def _partners(self) -> list[tuple[str, Callable[[], None]]]:
        app = self.app
        if not isinstance(app, UnstallApp) or app._repository is None:
            return []
        return [
            (f"Partner: {shown(name, one_line=True)}", partial(app.open_partner, name))
            for name in app.repository.partner_names()
        ]

    async def discover(self) -> Hits:
        for title, callback in self._partners():
            yield DiscoveryHit(Content(title), callback, text=title, help=PARTNER_HELP)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback in self._partners():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, _highlight(matcher, title), callback, text=title, help=PARTNER_HELP
                )


def _highlight(matcher: Matcher, title: str) -> Content:
    """``title`` as literal content, with the letters the query matched highlighted (what
    :meth:`Matcher.highlight` does, without reading ``title`` as markup)."""
    content = Content(title)
    score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    if score:
        for offset in offsets:
            if not title[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class UnstallApp(TypeAheadApp):
    """Unstall: diagnose a stalled partnership and prepare one honest reset conversation."""

    TITLE = "Unstall"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {PartnerCommands}

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Keys", show=False),
    ]

    deleted: list[Removed]
    """Diagnoses deleted in this session (each with its meeting in progress), newest last:
    ``u`` puts them back until the app closes; a rename renames them too."""

    def __init__(
        self,
        repository: Repository | None,
        *,
        problem: StoreError | None = None,
        export_dir: Path | None = None,
    ) -> None:
        super().__init__()
        # No smooth scrolling or sliding tab underline: a page key or a tab lands at once
        # (a smooth scroll kept `end` in the help waiting a whole second).
        self.animation_level = "none"
        self._repository = repository
        self.problem = problem
        self.export_dir = (export_dir or default_export_dir()).absolute()
        """Where ``e`` and ``i`` save files: the user's documents folder, ``Unstall`` in it."""
        self.deleted = []
        self.last_search: dict[str, str] = {}
        """What Find's form said last (field id -> value), kept while the app runs."""
        self.crash_text = io.StringIO()
        """What Textual prints when an unexpected error stops the app (its traceback): kept
        here, not written over the terminal, for :func:`run_app` to hand to the crash log."""
        self.error_console = Console(
            file=self.crash_text, markup=False, highlight=False, width=120, color_system=None
        )

    @property
    def repository(self) -> Repository:
        assert self._repository is not None, "no database is open"
        return self._repository

    def on_mount(self) -> None:
        tightened = settings.make_private()
        if tightened:
            self.notify(inert(tightened), title="Your settings", timeout=20)
        saved_theme = settings.load().get("theme")
        if isinstance(saved_theme, str) and saved_theme in self.available_themes:
            self.theme = saved_theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self._repository is None and self.problem is not None:
            from tui.screens.problem import DatabaseProblemScreen

            self.push_screen(DatabaseProblemScreen(self.problem), self._problem_answered)
        else:
            self.go_home()

    def _remember_theme(self, theme: object) -> None:
        settings.save(theme=self.theme)

    def warm_repository(self) -> None:
        """Read the diagnoses once home is on screen (see ``Repository.warm``); damage found
        there is shown as at start: what is wrong, and a new database beside it."""
        if self._repository is None:
            return
        try:
            self._repository.warm()
        except StoreError as error:
            from tui.screens.problem import DatabaseProblemScreen

            self._repository.close()
            self._repository = None
            self.problem = error
            self.push_screen(DatabaseProblemScreen(error), self._problem_answered)
            return
        repository = self._repository
        if repository.notice:
            self.notify(inert(repository.notice), title="Your database", timeout=20)
            repository.notice = None
        for damage in repository.damaged.values():
            # Damage stays local: the rest of the database works; say which file and where
            # its last good copy is.
            self.notify(
                inert(f"A damaged file was left out, and will not be written: {damage}"),
                title="Damaged file",
                severity="error",
                timeout=30,
            )

    def _problem_answered(self, new_path: Path | None) -> None:
        if new_path is None:
            self.exit()
            return
        try:
            self._repository = Repository(new_path)
        except StoreError as error:
            self.notify(inert(f"Could not start a new database: {error}"), severity="error")
            self.exit()
            return
        self.notify(
            inert(f"Started a new database at {new_path}. Use --db {new_path} next time."),
            timeout=10,
        )
        self.go_home()

    def on_unmount(self) -> None:
        if self._repository is not None:
            self._repository.close()

    # -- navigation -------------------------------------------------------------------------

    def go_home(self) -> None:
        """Show home, closing whatever was open above it."""
        from tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.push_screen(HomeScreen())

    def start_diagnosis(self, draft: Draft) -> None:
        """Open the questionnaire on a new or unfinished draft."""
        from tui.screens.questionnaire import QuestionnaireScreen

        self.push_screen(QuestionnaireScreen(draft, self.repository.partner_names()))

    def start_follow_up(self, partner: str) -> None:
        """A new diagnosis of ``partner``, pre-filled from its last one (to be confirmed)."""
        try:
            history = self.repository.history(partner)
        except StoreError as error:
            self.refused(f"Could not start a follow-up of {shown(partner, one_line=True)}", error)
            self.cursor_landed(self.screen)  # it stays where it was: keys typed after n go on
            return
        if not history:
            self.start_diagnosis(Draft(answers={"partner": partner}))
            return
        start = follow_up_start(history[-1])
        self.start_diagnosis(
            Draft(answers=start.answers, prefilled=start.carried, position=start.position)
        )

    def open_meeting(
        self,
        diagnosis: Diagnosis,
        meeting: Meeting | None = None,
        done: Callable[[Diagnosis], None] | None = None,
    ) -> None:
        """The meeting screen for the reset conversation about ``diagnosis``: ``meeting`` (to
        resume), or the one saved for it, or a new one pre-filled from the next step. Once
        finished, ``done`` gets the diagnosis with its conversation and the drafts follow."""
        from tui.screens.meeting import MeetingScreen

        if diagnosis.id is None:
            return
        if meeting is None:
            meeting = self.repository.get_meeting(diagnosis.id) or start_meeting(
                diagnosis,
                today=clock.today(),
                started_at=clock.now().isoformat(timespec="seconds"),
            )

        def finished(held: Diagnosis | None) -> None:
            if held is None:
                return
            if done is not None:
                done(held)
            self.open_drafts(held)

        self.push_screen(MeetingScreen(diagnosis, meeting), finished)

    def open_drafts(self, diagnosis: Diagnosis) -> None:
        """The recap email, the calendar file and the written agreement of the conversation
        held about ``diagnosis`` (nothing when none was held)."""
        from tui.screens.drafts import DraftsScreen

        if diagnosis.id is not None:
            # Read afresh: the drafts may have been edited since ``diagnosis`` was read.
            try:
                diagnosis = self.repository.get(diagnosis.id) or diagnosis
            except StoreError as error:
                self.refused("Could not open the drafts", error)
                return
        conversation = Conversation.from_dict(diagnosis.extra.get("conversation"))
        if conversation is None:
            self.notify("No conversation is recorded for this diagnosis yet.")
            return
        self.push_screen(DraftsScreen(diagnosis, conversation))

    def _find(self) -> None:
        from tui.screens.find import FindScreen

        self.push_screen(FindScreen())

    def open_partner(self, partner: str) -> None:
        from tui.screens.partner import PartnerScreen

        self.push_screen(PartnerScreen(partner))

    @on(DiagnosisDeleted)
    def _diagnosis_deleted(self, event: DiagnosisDeleted) -> None:
        """A screen deleted a diagnosis: keep it (and its meeting) so ``u`` can put it back."""
        diagnosis = event.diagnosis
        self.deleted.append(Removed(diagnosis, event.meeting))
        name = shown(diagnosis.partner, one_line=True)
        self.notify(inert(f"Deleted #{diagnosis.id} of {name}. Press u to undo."), timeout=8)
        self.refresh_bindings()

    def rename_partner(self, old: str, new: str, done: Callable[[str], None]) -> None:
        """Rename the partner ``old`` to ``new``: its diagnoses, its drafts and those deleted
        and kept for ``u``; then ``done(new)``. Where ``new`` is another partner's name, ask
        first, as the two become one; a change of case or spacing only is the same partner."""
        from tui.screens.confirm import ConfirmScreen

        new = " ".join(new.split())
        old_key, new_key = partner_key(old), partner_key(new)
        counts = {partner_key(p.partner): p for p in self.repository.partners()}
        other = counts.get(new_key) if new_key != old_key else None
        if other is None:
            self._rename(old, new, done)
            return
        moving = counts[old_key].count if old_key in counts else 0
        name = shown(old, one_line=True)
        merged = {0: name, 1: f"the diagnosis of {name}"}.get(
            moving, f"the {moving} diagnoses of {name}"
        )
        question = (
            f"{shown(other.partner, one_line=True)} already has {diagnoses(other.count)}. "
            f"Merge {merged} into it, so both names become one partner? A merge cannot be "
            "undone."
        )

        def answer(yes: bool | None) -> None:
            if yes:  # under the name it already has, as spelled there
                self._rename(old, other.partner, done)
            else:
                self.notify("Nothing was renamed.")

        self.push_screen(ConfirmScreen(question, yes="Merge", no="Keep apart"), answer)

    async def action_quit(self) -> None:
        """Quit; everything is saved as it is typed, but a form that keeps its typing only
        once saved (see :class:`~tui.access.HoldsTyping`) asks first."""
        from tui.access import HoldsTyping
        from tui.screens.confirm import ConfirmScreen

        lost = next(
            (
                what
                for s in self.screen_stack
                if isinstance(s, HoldsTyping)
                if (what := s.unsaved())
            ),
            "",
        )
        if not lost or isinstance(self.screen, ConfirmScreen):
            self.exit()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(
            ConfirmScreen(f"Quit without saving {lost}?", yes="Quit", no="Keep editing"), answer
        )

    def refused(self, what: str, error: StoreError) -> None:
        """Say that ``what`` (``Could not delete #3``) was refused by the database (a file
        damaged, the disk full), and why: the screen stays as it was, with all on it."""
        self.notify(inert(f"{what}: {error}"), severity="error", timeout=20)

    def _rename(self, old: str, new: str, done: Callable[[str], None]) -> None:
        try:
            count = self.repository.rename_partner(old, new)
        except StoreError as error:
            self.refused(f"Could not rename {shown(old, one_line=True)}", error)
            return
        old_key = partner_key(old)
        self.deleted = [
            replace(removed, diagnosis=_renamed(removed.diagnosis, new))
            if partner_key(removed.diagnosis.partner) == old_key
            else removed
            for removed in self.deleted
        ]
        name = shown(new, one_line=True)
        self.notify(inert(f"Renamed to {name} in {diagnoses(count)}."))
        done(new)

    @on(HomeShown)
    def _home_shown(self) -> None:
        self.warm_repository()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo_delete":
            return bool(self.deleted)
        return True

    def action_undo_delete(self) -> None:
        if not self.deleted:
            self.notify("Nothing to undo: no diagnosis was deleted since Unstall was opened.")
            return
        removed = self.deleted[-1]
        diagnosis = removed.diagnosis
        name = shown(diagnosis.partner, one_line=True)
        try:
            restored = self.repository.restore(diagnosis, removed.meeting)
        except StoreError as error:
            self.refused(f"Could not restore the diagnosis of {name} (u tries again)", error)
            return
        self.deleted.pop()
        kept = ", with its meeting in progress" if removed.meeting is not None else ""
        self.notify(inert(f"Restored the diagnosis of {name} as #{restored.id}{kept}."))
        from tui.access import Reloads

        if isinstance(self.screen, Reloads):
            self.screen.reload()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_new(self) -> None:
        self.go_home()
        self.start_diagnosis(Draft())

    def action_resume(self) -> None:
        try:
            drafts = self.repository.drafts()
        except StoreError as error:
            self.refused("Could not read the unfinished diagnoses", error)
            return
        if not drafts:
            self.notify("There is no unfinished diagnosis to resume.")
            return
        self.go_home()
        if len(drafts) == 1:
            self.start_diagnosis(drafts[0])
        else:  # home asks which one
            self.call_later(self._choose_draft_at_home)

    def _choose_draft_at_home(self) -> None:
        from tui.screens.home import HomeScreen

        if isinstance(self.screen, HomeScreen):
            self.screen.reload()
            self.screen.action_resume()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if self._repository is not None:
            yield SystemCommand("New diagnosis", "Start a new diagnosis", self.action_new)
            yield SystemCommand(
                "Resume diagnosis", "Continue an unfinished diagnosis", self.action_resume
            )
            yield SystemCommand("Home", "Show the partners", self.go_home)
            yield SystemCommand("Find", "Filter the history and search its text", self._find)
            if self.deleted:
                yield SystemCommand(
                    "Undo delete", "Put back the last deleted diagnosis", self.action_undo_delete
                )
            # The partners' commands come from PartnerCommands: their names are not markup.
        yield SystemCommand("Keys", "Show the keys of this screen", self.action_help)
        for command in super().get_system_commands(screen):
            if command.title != "Keys":  # Textual's own "Keys": ours lists them all
                yield command

    # -- talking points out of the app ------------------------------------------------------

    def copy_points(self, diagnosis: Diagnosis) -> None:
        """Copy the talking points: to the terminal (OSC 52) and to the system clipboard."""
        self.copy_text(diagnosis.points_text, "Talking points")

    def copy_text(self, text: str, title: str) -> None:
        """Copy ``text`` to the terminal (OSC 52) and to the system clipboard; the toast,
        titled ``title``, says what worked."""
        self.copy_to_clipboard(text)
        self._copy_to_system(text, title)

    @work(thread=True, exclusive=True, group="clipboard")
    def _copy_to_system(self, text: str, title: str) -> None:
        report = system_copy(text)
        self.call_from_thread(
            self.notify,
            inert(report.message),
            title=title,
            severity="information" if report.system_clipboard else "warning",
        )

    def export_markdown(self, diagnosis: Diagnosis) -> Path | None:
        """Save the whole diagnosis as a Markdown file readable by the user only."""
        name = f"unstall-{slug(diagnosis.partner)}-{diagnosis.diagnosed_on.isoformat()}.md"
        return self._save_file(name, diagnosis_markdown(diagnosis), "Markdown")

    def export_calendar(
        self, diagnosis: Diagnosis, conversation: Conversation | None = None
    ) -> Path | None:
        """Save the calendar file as an iCalendar file, to open in a calendar program: before
        the conversation, the conversation and the review; after it (``conversation``, or the
        one stored), the first review and the fix's due date."""
        if conversation is None:
            conversation = Conversation.from_dict(diagnosis.extra.get("conversation"))
        name = f"unstall-review-{slug(diagnosis.partner)}.ics"
        text = calendar_file(diagnosis, now=clock.now(), conversation=conversation)
        return self._save_file(name, text, "Calendar")

    def save_text(self, name: str, text: str, title: str) -> Path | None:
        """Save ``text`` as ``name`` in the documents folder, readable by the user only; the
        toast says the whole path (or what went wrong)."""
        return self._save_file(name, text, title)

    def _save_file(self, name: str, text: str, title: str) -> Path | None:
        """Save ``text`` as ``name``, or ``name-2``, ``name-3``, … when a file of that name
        holds something else (never replaced); the same text saved again keeps one file."""
        path = self.export_dir / name
        try:
            make_private_dirs(self.export_dir)
            path = free_path(self.export_dir, name, text)
            write_private(path, text)
        except OSError as error:
            self.notify(
                inert(f"Could not save {path}: {error.strerror or error}."), severity="error"
            )
            return None
        self.notify(inert(f"Saved as {path}"), title=title, timeout=10)
        return path


def _renamed(diagnosis: Diagnosis, partner: str) -> Diagnosis:
    """``diagnosis`` as it reads under the partner's new name (kept for ``u``)."""
    return Diagnosis.from_answers(
        {**diagnosis.answers, "partner": partner},
        id=diagnosis.id,
        created_at=diagnosis.created_at,
        edited_points=diagnosis.edited_points,
        extra=diagnosis.extra,
        method=diagnosis.verdict.method,
    )


def open_repository(args: argparse.Namespace) -> tuple[Repository | None, StoreError | None]:
    """The repository the command line asked for, or the problem that stops it opening."""
    try:
        if getattr(args, "demo", False):
            from tui.demo import open_demo

            return open_demo(clock.today(), fresh=getattr(args, "demo_reset", False)), None
        return Repository(getattr(args, "db", None) or default_db_path()), None
    except StoreError as error:
        return None, error


def make_app(
    repository: Repository | None = None,
    *,
    problem: StoreError | None = None,
    export_dir: Path | None = None,
) -> UnstallApp:
    """The app over ``repository`` (or showing ``problem``)."""
    return UnstallApp(repository, problem=problem, export_dir=export_dir)


def freeze_start_up() -> None:
    """Keep what start-up built (modules, classes, the open database: objects that live as long
    as the process) out of the garbage collector's full passes. Each pass would walk all of
    them, about 25 ms, and one tends to fall while home first appears. Call it once, before the
    app is made: anything frozen is never collected as a cycle."""
    gc.freeze()


def run(args: argparse.Namespace) -> int:
    """Start the app as the command line asked."""
    repository, problem = open_repository(args)
    freeze_start_up()
    app = make_app(repository, problem=problem)
    return run_app(app)


def run_app(app: UnstallApp, *, headless: bool = False) -> int:
    """Run ``app`` to its end; an unexpected error that stopped it is raised here, once the
    terminal is put back (``tui.cli.main`` writes it to the crash log and exits 70)."""
    app.run(headless=headless)
    if app.crash_text.getvalue().strip():
        raise AppCrashed(app.crash_text.getvalue())
    return 0
