"""The questionnaire: one section at a time, every answer saved to the draft as it is given.

Sections and questions come from :mod:`playbook.questions`, and what is asked next, what applies,
what was carried from last time and what is refused from one :class:`playbook.session.Session`
(plain mode drives the same one); nothing is hard-coded here. Enter on a refused answer, or on
an empty required one, stays on it, with the reason; next and back (tab, pagedown, pageup) move
from any field, valid or not: what was typed is kept and saved either way, and the review lists
whatever still needs fixing.

A question that does not apply (how often a review recurs when there is none) is not shown: its
field is hidden while the answer that governs it says so, and shown again when that answer
changes. What was typed there stays in the draft; it is only not asked, counted or checked.

Only the section shown is built when the screen opens; each other one gets its fields the first
time it is shown (next, back, the review's jump, a refused finish). Counting, checking, the
review and saving read the session, never the fields, so a section not yet shown loses nothing.
"""

from __future__ import annotations

import time
from dataclasses import replace

from textual import events, on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import Footer, Header, Input, Static

from playbook.dates import long_date
from playbook.history import GONE_ELSEWHERE, KEPT_APART
from playbook.inert import shown
from playbook.questions import ALL_QUESTIONS, Section, short_name
from playbook.session import ALMOST_EMPTY, Session, Start, follow_up_start, sections_for
from store.errors import StoreError
from store.repository import Draft
from tui.access import AppAccess
from tui.autosave import Autosaver
from tui.footer_fit import PALETTE_KEY, footer_width
from tui.screens.confirm import ConfirmScreen
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.question_field import ChoiceSet, QuestionField

BUDGET_MINUTES = 20

__all__ = ["BUDGET_MINUTES", "QuestionnaireScreen", "sections_for"]


class QuestionnaireScreen(AppAccess, Screen[None]):
    """Walks the person through the diagnosis, section by section."""

    CSS_PATH = "questionnaire.tcss"
    AUTO_FOCUS = None

    BINDINGS = [
        # Saving and leaving first: on a narrow terminal the footer keeps what is first.
        Binding("escape", "leave", "Save & leave", priority=True),
        Binding("ctrl+r", "review", "Review", priority=True),
        Binding("pagedown,ctrl+n", "next_section", "Next", priority=True),
        Binding("pageup,ctrl+b", "previous_section", "Back", priority=True),
        # Its twin, out of the footer, when the footer has no room for Back (see on_resize).
        Binding("pageup,ctrl+b", "previous_section_unlisted", "Back", show=False, priority=True),
        # Only f1: ? is a character that may be typed in an answer.
        Binding("f1", "app.help", "Keys"),
        # From the last question on to the next section (as enter), from the first back.
        Binding("tab", "tab(1)", "Next question", show=False),
        Binding("shift+tab", "tab(-1)", "Previous question", show=False),
    ]

    def __init__(self, draft: Draft, partner_names: list[str]) -> None:
        super().__init__()
        self.draft = draft
        self.session = Session(draft.answers, draft.typed, draft.prefilled, draft.position)
        self.partner_names = partner_names
        self.declined_follow_up: set[str] = set()
        """Partners whose last answers the person chose not to start from."""
        self.section_index = self._index_of(self.session.position)
        self._seconds_before = draft.seconds
        self._opened = time.monotonic()
        self.autosaver: Autosaver | None = None
        self.back_left_out = False
        """Whether the footer has no room for Back (its twin out of the footer works then)."""
        self._mounts_pending = 0
        """Sections being built for the cursor to land in (keys typed meanwhile wait)."""

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="progress"):
            yield Static(id="section-title")
            yield Static(id="steps")
            yield Static(id="count")
            yield Static(id="timer")
        # Only the section shown first: each other one is built the first time it is shown
        # (see _show_section). The session holds every answer, so nothing depends on fields of
        # sections not yet shown.
        # Not a stop of tab itself: tab and shift+tab move between questions and sections.
        with VerticalScroll(id="body", can_focus=False):
            yield self._section_box(self.section_index)
        yield Static(id="status")
        yield KeysFooter()

    def _section_box(self, index: int) -> Vertical:
        """The container of section ``index`` and its fields, filled from the session as it
        is now (what was typed or carried, what applies, the diagnosis date)."""
        section = self.session.sections[index]
        reference = self.session.reference
        fields: list[QuestionField] = []
        for question in section.questions:
            field = QuestionField(
                question,
                typed=self.session.typed.get(question.id, ""),
                reference=reference,
                suggestions=self.partner_names if question.id == "partner" else None,
                prefilled=self.session.is_carried(question.id),
                check=self.session.check,
            )
            field.display = self.session.applies(question)
            fields.append(field)
        box = Vertical(
            Static(Content(section.why), classes="why"),
            *fields,
            id=f"section-{section.id}",
            classes="section",
        )
        box.can_focus = False
        return box

    def on_resize(self, event: events.Resize) -> None:
        # The footer keeps the keys of the questionnaire rather than the palette's hint (ctrl+p
        # still opens it); on a narrow terminal Back leaves it too (pageup still works, and the
        # keys screen lists it), so that Keys and Quit stay in sight.
        width = event.size.width
        keys = [
            binding
            for binding in Binding.make_bindings([*self.BINDINGS, *self.app.BINDINGS])
            if binding.show
        ]
        needed = footer_width(self.app, keys) - PALETTE_KEY
        self.query_one(Footer).show_command_palette = needed + PALETTE_KEY <= width
        back = [binding for binding in keys if binding.action == "previous_section"]
        left_out = needed > width and bool(back)
        if left_out != self.back_left_out:
            self.back_left_out = left_out
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Back is in the footer while it has room there, else its twin out of it."""
        if action == "previous_section":
            return not self.back_left_out
        if action == "previous_section_unlisted":
            return self.back_left_out
        return True

    def on_mount(self) -> None:
        self.autosaver = Autosaver(
            self.repository,
            self.draft.id,
            on_error=self._save_failed,
            revision=self.draft.revision,
            on_fork=self._forked,
        )
        self.title = "New diagnosis"
        session = self.session
        partner = session.answers.get("partner") or session.typed.get("partner", "")
        self.sub_title = shown(partner, one_line=True)
        self._refresh_count()
        self._show_section(self.section_index, focus=self.session.position)
        self._landed()  # keys typed right after n go to the first question
        self.set_interval(15, self._refresh_clock)
        self._refresh_clock()

    def on_unmount(self) -> None:
        if self.autosaver is not None:
            self.autosaver.stop()

    # -- state ------------------------------------------------------------------------------

    @property
    def seconds(self) -> float:
        return self._seconds_before + (time.monotonic() - self._opened)

    @property
    def section(self) -> Section:
        return self.session.sections[self.section_index]

    def current_draft(self) -> Draft:
        return replace(
            self.draft,
            answers=dict(self.session.answers),
            typed=dict(self.session.typed),
            position=self.session.position,
            seconds=round(self.seconds, 1),
            prefilled=tuple(sorted(self.session.carried)),
        )

    def _save(self) -> None:
        if self.autosaver is not None:
            self.autosaver.submit(self.current_draft())

    def _forked(self, saved: Draft) -> None:
        """The same draft changed, or finished or discarded, in another window: these answers
        are kept as a draft of their own, and nothing of either is lost."""

        def show() -> None:
            self.notify(
                GONE_ELSEWHERE
                if saved.forked_because == "gone"
                else "This draft was also changed in another window. Your answers here are kept "
                "as a separate draft, so nothing of either is lost.",
                severity="warning",
                timeout=10,
            )

        self.app.call_from_thread(show)

    def _save_failed(self, error: Exception) -> None:
        def show() -> None:
            self.notify(
                Content(
                    shown(
                        f"Could not save the draft: {error}. Your answers are still here; "
                        "they will be saved with the next change."
                    )
                ),
                severity="error",
                timeout=10,
            )

        self.app.call_from_thread(show)

    # -- answers ----------------------------------------------------------------------------

    @on(QuestionField.Answered)
    def _answered(self, event: QuestionField.Answered) -> None:
        question_id = event.question_id
        checked = self.session.answer(question_id, event.typed)
        self.session.position = question_id
        if checked.reread or question_id == "diagnosed_on":
            reference = self.session.reference
            for field in self.query(QuestionField):
                if field.question.kind == "date" and field.question.id != "diagnosed_on":
                    field.reference = reference  # type: ignore[assignment]
        if question_id == "partner":
            self.sub_title = shown(event.typed.strip(), one_line=True)
        if not checked.error:
            self._status("")
        self._show_applicable()
        self._save()

    def _status(self, text: str) -> None:
        self.query_one("#status", Static).update(Content(shown(text)))

    def _show_applicable(self) -> None:
        """Show the fields of the questions that apply, hide the others, and count them."""
        for field in self.query(QuestionField):
            shown_now = self.session.applies(field.question)
            if field.display != shown_now:
                field.display = shown_now
        self._refresh_count()

    def _refresh_count(self) -> None:
        """What the person gave of what is asked, and what is still carried (↺), as
        :meth:`Session.progress` counts them."""
        answered, asked, carried = self.session.progress()
        text = f"{answered}/{asked} answered" + (f", {carried} ↺" if carried else "")
        self.query_one("#count", Static).update(Content(text))

    def moves_cursor(self, event: events.Key) -> bool:
        """Enter on a line, a choice picked, tab and shift+tab move the cursor once their
        messages reach this screen (:meth:`_advance`, :meth:`action_tab`): keys typed after
        them wait for it to land (:mod:`tui.typeahead`)."""
        field = self._focused_field()
        if field is None:
            return False
        editor = field.editor
        if event.key in ("tab", "shift+tab"):
            return True
        if isinstance(editor, ChoiceSet):
            return editor.picks(event)
        return isinstance(editor, Input) and event.key == "enter"

    def _landed(self) -> None:
        """The cursor is where the last key sent it (unless a section is still being built
        for it): the keys typed after that key go on."""
        if not self._mounts_pending:
            self.unstall.cursor_landed(self)

    @on(ChoiceSet.Stayed)
    def _stayed(self, event: ChoiceSet.Stayed) -> None:
        event.stop()
        self._landed()

    @on(QuestionField.Advance)
    def _advance(self, event: QuestionField.Advance) -> None:
        event.stop()
        try:
            self._advance_from(event.field)
        finally:
            self._landed()

    def _advance_from(self, field: QuestionField) -> None:
        question_id = field.question.id
        if question_id in self.session.open_errors:
            # Enter on a refused answer stays on it: the correction belongs here, not in the
            # next question. Tab, pagedown and pageup still move on.
            self.app.bell()
            self._status(
                "✗ This answer is not accepted (the reason is under it). Correct it or clear "
                "it; tab moves on and keeps it as typed."
            )
            field.focus_editor()
            return
        question = field.question
        if question.required and not self.session.answers.get(question_id):
            # Enter on an empty required question stays on it too, saying why.
            self.app.bell()
            field.show_needed()
            self._status(
                "✗ This question needs an answer (the reason is under it). Type it; tab moves "
                "on and leaves it for later."
            )
            field.focus_editor()
            return
        if self.session.keep(question_id):
            field.confirm()
            self._save()
        if question_id == "partner" and self._offer_follow_up():
            return
        self._to_next(field)

    def _shown_fields(self) -> list[QuestionField]:
        """The fields of the section shown that are asked (a question that does not apply is
        hidden), in order."""
        fields = self.query_one(f"#section-{self.section.id}").query(QuestionField)
        return [field for field in fields if field.display]

    def _focused_field(self) -> QuestionField | None:
        """The field that holds the cursor (its editor, or a part of it), if one does."""
        focused = self.focused
        while focused is not None and not isinstance(focused, QuestionField):
            focused = focused.parent  # type: ignore[assignment]
        return focused if isinstance(focused, QuestionField) else None

    def _to_next(self, field: QuestionField) -> None:
        fields = list(self.query_one(f"#section-{self.section.id}").query(QuestionField))
        current = fields.index(field) if field in fields else None
        later = [] if current is None else [f for f in fields[current + 1 :] if f.display]
        if later:
            later[0].focus_editor()
        else:
            self._next_section()

    def _offer_follow_up(self) -> bool:
        """The partner's name is one already diagnosed: offer to start from last time's
        answers, as the partner page's ``n`` does. ``True`` if the offer was made."""
        if self.session.follow_up:
            return False
        typed = self.session.answers.get("partner", "").strip()
        known = next((n for n in self.partner_names if n.casefold() == typed.casefold()), None)
        if not typed or known is None or known.casefold() in self.declined_follow_up:
            return False
        try:
            history = self.repository.history(known)
        except StoreError:
            return False  # the partner's file is damaged: no offer, a new diagnosis goes on
        if not history:
            return False
        last = history[-1]
        field = self.query_one("#field-partner", QuestionField)

        def chosen(yes: bool | None) -> None:
            if yes:
                self._start_follow_up(known, follow_up_start(last))
            else:
                self.declined_follow_up.add(known.casefold())
                self._to_next(field)

        self.app.push_screen(
            ConfirmScreen(
                f"{known} was last diagnosed on {long_date(last.diagnosed_on)}. Start from "
                "last time's answers? Each one is marked ↺ until you keep it (enter) or "
                "change it.",
                yes="Start from last time",
                no="Start empty",
            ),
            chosen,
        )
        return True

    def _start_follow_up(self, partner: str, start: Start) -> None:
        """Open the follow-up in place of this new diagnosis; what was given here is kept in
        it, and this draft is not kept apart."""
        self.session.start_follow_up(start)
        self.session.answers["partner"] = partner
        self.session.typed["partner"] = partner
        draft = replace(self.current_draft(), id=None, revision=0)
        if self.autosaver is not None:
            self.autosaver.stop()
            if self.autosaver.draft_id is not None:
                self._discard_quietly(self.autosaver.draft_id)
            self.autosaver = None
        self.app.switch_screen(QuestionnaireScreen(draft, self.partner_names))

    def on_descendant_focus(self) -> None:
        focused = self._focused_field()
        if focused is not None:
            for field in self.query(QuestionField):
                field.set_class(field is focused, "-current")
            self.session.position = focused.question.id

    # -- navigation -------------------------------------------------------------------------

    def _show_section(self, index: int, focus: str | None = None) -> AwaitComplete:
        """Show section ``index`` (built the first time) and put the cursor on ``focus``, or
        on its first question asked. The cursor lands once the section is mounted: await the
        result to wait for it (it is awaited after the screen's next message either way)."""
        self.section_index = index
        section = self.section
        mounting = self._mount_section(index)
        for box in self.query_one("#body").query_children(".section"):
            box.display = box.id == f"section-{section.id}"
        self.query_one("#section-title", Static).update(
            Content(f"{index + 1}/{len(self.session.sections)}  {section.title}")
        )
        steps = Content.assemble(
            *[
                ("■" if number < index else "▣" if number == index else "□", "")
                for number in range(len(self.session.sections))
            ]
        )
        self.query_one("#steps", Static).update(steps)
        asked = self.session.asked(section) or list(section.questions)
        target = focus if focus in {q.id for q in asked} else asked[0].id
        if mounting is None:
            self._focus_field(target)
            self.call_after_refresh(self._prefetch, index)
            return AwaitComplete.nothing()

        # Until it lands, no field has the cursor: a key typed meanwhile never goes to a
        # field of the section just hidden.
        self.set_focus(None)

        self._mounts_pending += 1

        async def focus_when_mounted() -> None:
            try:
                await mounting
                if self.section_index == index:  # not moved on meanwhile
                    self._focus_field(target)
                    self._prefetch(index)
            finally:
                self._mounts_pending -= 1
                self._landed()

        return AwaitComplete(focus_when_mounted()).call_next(self)

    def _prefetch(self, index: int) -> None:
        """Build, hidden, the sections next to section ``index`` (once the screen has drawn
        it): moving on by enter, tab or a choice's letter then finds the next one built, and
        a key typed right after lands in its field (never in no field, or in the section left)."""
        for near in (index + 1, index - 1):
            if 0 <= near < len(self.session.sections):
                self._mount_section(near, shown=False)

    def _mount_section(self, index: int, *, shown: bool = True) -> AwaitMount | None:
        """Mount the container of section ``index`` the first time it is needed, in the order
        of the sections (hidden unless ``shown``); what to await while a mount begun before is
        still under way; ``None`` when it is mounted already."""
        section_id = self.session.sections[index].id
        body = self.query_one("#body")
        found = body.query_children(f"#section-{section_id}")
        if found:
            box = found.first()
            return None if box.is_mounted else AwaitMount(body, [box])
        later = {f"section-{s.id}" for s in self.session.sections[index + 1 :]}
        before = next((box for box in body.query_children(".section") if box.id in later), None)
        box = self._section_box(index)
        box.display = shown
        return body.mount(box, before=before)

    def _focus_field(self, question_id: str) -> None:
        field = self.query_one(f"#field-{question_id}", QuestionField)
        field.focus_editor(scroll_visible=False)  # not yet: where it is is not known yet
        # The section is laid out only after this (built now, or shown from hidden): once it
        # is, its start comes into view for its first question (why it matters, above), else
        # the question itself.
        first = question_id == self._first_asked(self.section)
        body = self.query_one("#body")
        self.call_after_refresh(body.scroll_home if first else field.scroll_visible, animate=False)

    def _refresh_clock(self) -> None:
        minutes = int(self.seconds // 60)
        self.query_one("#timer", Static).update(Content(f"{minutes} of ~{BUDGET_MINUTES} min"))

    async def action_next_section(self) -> None:
        # Awaited, so that the next key goes where the cursor lands in a section just built.
        await self._next_section()

    def _next_section(self) -> AwaitComplete:
        self._status("")
        if self.section_index + 1 < len(self.session.sections):
            shown_now = self._show_section(self.section_index + 1)
            self.session.position = self._first_asked(self.section)
            self._save()
            return shown_now
        self.action_review()
        return AwaitComplete.nothing()

    async def action_previous_section(self) -> None:
        self._status("")
        if self.section_index > 0:
            shown_now = self._show_section(self.section_index - 1)
            self.session.position = self._first_asked(self.section)
            self._save()
            await shown_now

    action_previous_section_unlisted = action_previous_section

    def action_tab(self, step: int) -> None:
        try:
            self._tab(step)
        finally:
            self._landed()

    def _tab(self, step: int) -> None:
        """Tab (``step`` 1) and shift+tab (-1): the next or previous question of the section;
        past its last one, the next section (as enter and pagedown); before its first one,
        the previous section at its last question. What was typed stays either way."""
        shown, focused = self._shown_fields(), self._focused_field()
        if not shown:
            return
        if focused not in shown:
            shown[0 if step > 0 else -1].focus_editor()
            return
        at = shown.index(focused) + step
        if 0 <= at < len(shown):
            shown[at].focus_editor()
        elif step > 0:
            self._next_section()
        elif self.section_index > 0:
            before = self.session.sections[self.section_index - 1]
            asked = self.session.asked(before) or list(before.questions)
            self._show_section(self.section_index - 1, focus=asked[-1].id)
            self.session.position = asked[-1].id
            self._save()

    def _first_asked(self, section: Section) -> str:
        asked = self.session.asked(section)
        return asked[0].id if asked else section.questions[0].id

    def _index_of(self, question_id: str) -> int:
        for index, section in enumerate(self.session.sections):
            if any(question.id == question_id for question in section.questions):
                return index
        return 0

    def jump_to(self, question_id: str) -> None:
        """Show the section of ``question_id`` and put the cursor in it."""
        self._show_section(self._index_of(question_id), focus=question_id)
        self.session.position = question_id

    def action_review(self) -> None:
        from tui.screens.review import ReviewScreen

        self._save()

        def back(result: str | None) -> None:
            try:
                if result == "finish":
                    self.finish()
                elif result:
                    self.jump_to(result)
            finally:
                self._landed()  # keys typed after enter or escape there go on here

        review = ReviewScreen(
            self.session.shown_answers(),
            dict(self.session.typed),
            self.session.open_errors,
            set(self.session.carried),
            sections=self.session.sections,
        )
        self.app.push_screen(review, back)

    def action_leave(self) -> None:
        """Save and go home. The home screen's banner says what was kept; a diagnosis with
        nothing given is not kept at all."""
        self._save()
        if self.autosaver is not None:
            self.autosaver.flush()
            if self.session.empty and self.autosaver.draft_id is not None:
                self._discard_quietly(self.autosaver.draft_id)
        self.dismiss(None)

    def _discard_quietly(self, draft_id: int) -> None:
        """Drop a draft that holds nothing worth keeping; one the database refuses to drop
        stays listed on home as unfinished, as the toast says."""
        try:
            self.repository.discard_draft(draft_id)
        except StoreError as error:
            self.unstall.refused("Could not remove the empty draft", error)

    def _problem(self, question_id: str, message: str) -> str:
        """One thing that stops the finish, named by the question as the person sees it
        (never by its id): "When was the deal signed or kicked off? 'bogus' is not a date…"."""
        question = next((q for q in self.session.order if q.id == question_id), None)
        if question is None:
            question = ALL_QUESTIONS.get(question_id)
        name = question.prompt if question is not None else short_name(question_id)
        if message.startswith(("is ", "must ")):
            message = "The answer " + message
        elif message[:1].islower():
            message = message[:1].upper() + message[1:]
        return f"{name} {message.rstrip('.')}."

    def finish(self, *, confirmed: bool = False) -> None:
        """Decide, save the diagnosis, drop the draft, and show the verdict. An almost empty
        diagnosis is said to be so first, with the choice to finish or go back."""
        from tui.screens.verdict import VerdictScreen

        validated = self.session.finished()
        if not validated.ok:
            problems = [self._problem(e.id, e.message) for e in validated.errors]
            self.notify(
                Content(shown("Not finished yet. " + " ".join(problems), one_line=True)),
                severity="error",
            )
            first = next((q.id for q, _ in self.session.problems()), validated.errors[0].id)
            if first in {q.id for q in self.session.order}:
                self.jump_to(first)
            return
        if not confirmed and self.session.almost_empty:

            def chosen(yes: bool | None) -> None:
                if yes:
                    self.finish(confirmed=True)
                else:
                    missing = self.session.missing()
                    if missing:
                        self.jump_to(missing[0].id)

            self.app.push_screen(
                ConfirmScreen(
                    f"{ALMOST_EMPTY} Finish anyway, or go back and answer more?",
                    yes="Finish",
                    no="Go back",
                ),
                chosen,
            )
            return
        assert self.autosaver is not None
        self.autosaver.flush()
        draft_id = self.autosaver.draft_id
        try:
            diagnosis = self.repository.finish_draft(
                replace(self.draft, id=draft_id, revision=self.autosaver.revision),
                validated.answers,
            )
        except StoreError as error:
            self.unstall.refused("Could not save the diagnosis; every answer is kept here", error)
            return
        self.app.switch_screen(VerdictScreen(diagnosis))
        if draft_id is not None and self.repository.get_draft(draft_id) is not None:
            self.app.notify(KEPT_APART, severity="warning", timeout=10)
