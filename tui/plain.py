"""The questionnaire as plain prompts on stdin and stdout: for screen readers, dumb terminals,
ssh sessions and scripts.

Nothing here uses Textual or any markup: every line is printed as is, user text included. The
questionnaire itself (what is asked next, what applies, what is carried from last time, what is
refused) is the app's own :class:`playbook.session.Session`, and the draft is saved in the
app's format after every line (clean ``answers``, exactly what was ``typed`` per question, the
``position``, the answers still carried), so a diagnosis started in one mode resumes in the
other. A draft with nothing given is not kept. The same draft changed in another window
meanwhile is never overwritten: the answers here go on as a separate draft, and the run says
so once.

A question that does not apply (how often a review recurs when there is none) is not asked;
an answer given to it before is kept in the draft. The notes take several lines: each line is
read until an empty one (or the end of input); a single line followed by an empty one is fine.
A partner's name that is already in the database offers to start from its last diagnosis.
An unfinished draft is offered first: with one, ``y`` resumes it and ``n`` starts anew; with
several, they are listed by number (the partner, how many answers, when last saved), the last
saved first, and ``n`` starts anew. Ctrl-C amid the notes keeps the lines already typed.

A character the output cannot encode is replaced (``?``), never an error; a line of input
that is not text (not UTF-8 when piped) is refused and asked again, never stored with ``�``
(see :mod:`tui.streams`).

At each ``> `` prompt a person may type an answer, or:

- Enter alone: keep the current answer (or leave the question unanswered) and go on;
- ``<``: back one question (across sections); ``?``: what can be typed here;
- ``done``: go to the review now; ``q`` (or ``quit``): save the draft and quit.
  ``q`` always quits, so Quarterly is ``4``, ``qu`` or ``quarterly`` there. To give one of these
  words as an answer, type a backslash first (``\\q``, ``\\done``).

After the last question (or ``done``) comes the review: every answer numbered; a number changes
that answer, Enter (or ``f``) finishes. What must be fixed is asked first; a diagnosis with
too little known says its verdict will be unclear and asks ``y`` to finish anyway.

An answer that is not accepted is explained and asked again; what was typed is saved in the
draft all the same. Enter alone after a rejection puts back the answer there was before.

Exit codes:

- ``0``: the diagnosis was saved and printed; or ``q`` saved the draft on request.
- ``2``: input ended (a script's last line, or Ctrl-D) before the diagnosis was finished. It is
  never finished by the end of input: the draft is kept, with what was typed, and the message
  says how to resume it. Input that ends before any answer, or at the resume question, saves
  nothing and changes nothing.
- ``1``: the database could not be written when the diagnosis was to be saved.
- ``130``: Ctrl-C; the draft is saved first.

Run it on its own as ``python -m tui.plain DB_PATH`` (the command line wires it as
``unstall diagnose --plain``).
"""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import replace
from datetime import datetime
from enum import Enum
from typing import TextIO

from playbook import clock
from playbook.dates import ACCEPTED, describe, distance, long_date, to_date
from playbook.history import GONE_ELSEWHERE, draft_counts
from playbook.inert import shown
from playbook.questions import Question, Section, answer_text, short_name
from playbook.session import ALMOST_EMPTY, Checked, Session, choice_problem, follow_up_start
from store.errors import StoreError
from store.repository import Draft, Repository
from tui.render import render_text
from tui.streams import (
    escaping_input,
    is_terminal,
    is_unreadable,
    portable_input,
    portable_output,
    tolerant_output,
)

COMMANDS = {"<": "back", "?": "help", "q": "quit", "quit": "quit", "done": "done"}
"""What may be typed instead of an answer (compared without case or surrounding spaces)."""

FINISH_WORDS = {"", "f", "finish", "done"}
"""What finishes at the review."""

ESCAPE = "\\"
MORE = "... "
"""The prompt for the further lines of an answer of several lines (the notes)."""
COMMAND = "unstall diagnose --plain"
"""The command that resumes a draft (the command line passes it with its ``--db``)."""


def resume_how(command: str = COMMAND) -> str:
    return f"run `{command}` again to resume it"


RESUME_HOW = resume_how()


def ended_message(command: str = COMMAND) -> str:
    return (
        "Input ended before the diagnosis was finished: your answers are kept as a draft; "
        f"{resume_how(command)}."
    )


ENDED = ended_message()
FORKED = (
    "  ! This draft was also saved from another window. To keep both, your answers here now go "
    "on in a separate draft; the other window's answers stay in the first one. Nothing you "
    "typed is lost."
)
ONLY_CARRIED = (
    "Only the partner's name and last time's answers are here so far, so no draft was kept."
)
"""Why nothing was kept when a follow-up was opened (its name, last time's answers accepted)
and left, by ``q`` or by the end of input, before anything was confirmed."""


def kept_apart_plain(command: str = COMMAND) -> str:
    return (
        "Saved from the answers here. Another window also changed this draft; its answers are "
        f"kept as a separate draft: {resume_how(command)}, or open it from home in the app."
    )


KEPT_APART_PLAIN = kept_apart_plain()
"""Plain mode's :data:`playbook.history.KEPT_APART`: it has no home screen to point to."""
FORKED_GONE = f"  ! {GONE_ELSEWHERE}"
KEYS_LINE = (
    "Enter alone keeps the current answer and goes on; < goes back; ? explains; "
    "done goes to the review; q saves and quits."
)


class Step(Enum):
    """What a person did at a question."""

    NEXT = "next"
    BACK = "back"
    DONE = "done"


class _EndOfInput(Exception):
    """Standard input has no more lines."""


class _Quit(Exception):
    """The person typed ``q``."""


class _Unreadable(Exception):
    """A line that could not be decoded as text."""


class PlainSession:
    """One run of the questionnaire over a stream of lines."""

    def __init__(
        self,
        repository: Repository,
        stdin: TextIO,
        stdout: TextIO,
        draft: Draft,
        command: str = COMMAND,
    ) -> None:
        self.repository = repository
        self.command = command
        """The command that resumes the draft, as the endings name it."""
        self.stdin = stdin
        self.stdout = stdout
        self.draft = draft
        self.session = Session(draft.answers, draft.typed, draft.prefilled, draft.position)
        self.declined: set[str] = set()
        """Partners whose last answers the person chose not to start from."""
        self._seconds_before = draft.seconds
        self._opened = time.monotonic()
        self._echo = not is_terminal(stdin)
        self._save_failed = False
        self._ended = False

    # -- output -----------------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        """Print one line: every line of a session goes through here, stored text and echoed
        input shown inert (:func:`playbook.inert.shown`)."""
        print(shown(text), file=self.stdout)

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.stdout.flush()

    # -- input ------------------------------------------------------------------------------

    def read(self, prompt: str = "> ") -> str:
        """One line from stdin after a ``> `` prompt (raises :class:`_EndOfInput` at EOF). A
        line that cannot be decoded as text is said so and asked for again, wherever it is
        read."""
        while True:
            try:
                return self._read_line(prompt)
            except _Unreadable:
                self.say("  ! That line could not be read as text; type it again.")

    def _read_line(self, prompt: str) -> str:
        if self._ended:
            raise _EndOfInput
        self.stdout.write(prompt)
        self.flush()
        try:
            line = self.stdin.readline()
        except UnicodeDecodeError as error:
            self.say()
            raise _Unreadable from error
        except (OSError, ValueError) as error:
            self.say()
            raise _EndOfInput from error
        if line == "":
            self.say()
            self._ended = True
            raise _EndOfInput
        if is_unreadable(line):  # bytes that are not text: never stored as "�"
            self.say()
            raise _Unreadable
        # A byte-order mark (a file saved by Notepad, piped in) is no part of the answer.
        line = line.removeprefix("\ufeff").rstrip("\r\n")
        if self._echo:
            # Piped input is not echoed by a terminal: show it, so the transcript reads well.
            self.say(line)
        return line

    def read_more(self, lines: list[str]) -> str:
        """The further lines of an answer of several lines, after those in ``lines`` (each
        line read is added there, so that what was read is known if Ctrl-C stops it): up to
        an empty line, or the end of input (which then ends the run at the next prompt)."""
        while True:
            try:
                line = self.read(MORE)
            except _EndOfInput:
                break
            if not line.strip():
                break
            lines.append(line)
        return "\n".join(lines)

    # -- state ------------------------------------------------------------------------------

    @property
    def partner(self) -> str:
        return self.session.answers.get("partner") or self.session.typed.get("partner", "").strip()

    def current_draft(self) -> Draft:
        seconds = self._seconds_before + (time.monotonic() - self._opened)
        return replace(
            self.draft,
            answers=dict(self.session.answers),
            typed=dict(self.session.typed),
            position=self.session.position,
            seconds=round(seconds, 1),
            prefilled=tuple(sorted(self.session.carried)),
        )

    def save(self) -> bool:
        """Save the draft (not while nothing is given: a draft kept before is then removed).
        ``False`` if the write failed."""
        if self.draft.id is None and self.session.empty:
            return True
        try:
            self.draft = self.repository.save_draft(self.current_draft())
        except StoreError as error:
            if not self._save_failed:
                self.say(
                    f"  ! Could not save the draft: {error}. Your answers are kept here and "
                    "saved with the next one."
                )
            self._save_failed = True
            return False
        self._save_failed = False
        if self.draft.forked_from is not None:
            # once: the draft saved is the separate one from now on
            self.say(FORKED_GONE if self.draft.forked_because == "gone" else FORKED)
        return True

    def shown(self, question: Question, value: str) -> str:
        """A clean answer as a person reads it ("Partly", "Mon 14 Sep 2026, 10 weeks ago")."""
        if question.id == "diagnosed_on":
            when = to_date(value)
            return describe(when, clock.today()) if when else value
        return answer_text(question.id, value, self.session.reference.isoformat())

    def current_text(self, question: Question) -> str | None:
        """The answer there is, as shown at the question and in the review."""
        value = self.session.answers.get(question.id)
        if value is None:
            if question.id == "diagnosed_on" and question.id not in self.session.errors:
                return f"today, {long_date(clock.today())}"
            return None
        if question.multiline:
            return answer_text(question.id, value, short=True)
        return self.shown(question, value)

    # -- asking -----------------------------------------------------------------------------

    def print_section(self, section: Section) -> None:
        sections = self.session.sections
        self.say()
        self.say(f"== {sections.index(section) + 1}/{len(sections)} {section.title} ==")
        self.say(section.why)

    def print_question(self, question: Question) -> None:
        asked = self.session.asked()
        number = asked.index(question) + 1 if question in asked else len(asked)
        required = " (required)" if question.required else ""
        self.say()
        self.say(f"({number}/{len(asked)}) {question.prompt}{required}")
        if question.hint:
            self.say(f"  {question.hint}")
        elif question.kind == "date" and question.placeholder:
            self.say(f"  A date, {question.placeholder}.")
        if question.multiline:
            self.say("  Type one line or several; an empty line ends them.")
        if question.choices:
            for line in _choice_lines(question):
                self.say(line)
        if self.session.is_carried(question.id):
            current = self.current_text(question)
            self.say(f"  [from last time: {current}; Enter keeps it, or type another answer]")
        elif question.id in self.session.answers:
            self.say(f"  [current: {self.current_text(question)}]")
        elif question.id in self.session.errors:
            typed = self.session.typed.get(question.id, "")
            refused = self.session.errors[question.id]
            self.say(f"  [typed before: {typed} (not accepted: {refused})]")

    def print_help(self, question: Question) -> None:
        self.say("  Here you can type:")
        if question.kind == "choice":
            count = min(len(question.choices), 9)
            names = ", ".join(choice.label for choice in question.choices)
            self.say(f"    a number from 1 to {count}, or a choice's name or first letters")
            self.say(f"    ({names})")
        elif question.kind == "date":
            self.say(f"    {ACCEPTED}")
            if question.past:
                self.say("    (not after the day of the diagnosis)")
        elif question.kind == "number":
            self.say("    a whole number, 0 or more, e.g. 4")
        elif question.empty_means:
            self.say(f"    one line of text, or 'nobody' / 'none' for: {question.empty_means}")
        elif question.multiline:
            self.say("    one line of text or several; an empty line ends them")
            self.say(f"    (up to {question.max_length:,} characters in all)")
        else:
            self.say("    one line of text")
        self.say("  Or:")
        self.say("    Enter alone  keep the current answer (or leave it unanswered) and go on")
        self.say("    <            back one question")
        self.say("    ?            this help")
        self.say("    done         go to the review, where Enter finishes")
        self.say("    q            save the draft and quit; run again to resume")
        self.say(f"  To answer one of these words, type a backslash first, e.g. {ESCAPE}q")

    def ask(self, question: Question, *, full: bool = True) -> Step:
        """Ask one question until it is answered, skipped, or a command moves elsewhere."""
        self.session.move_to(question.id)
        before_value = self.session.answers.get(question.id)
        before_typed = self.session.typed.get(question.id)
        if full:
            self.print_question(question)
        while True:
            line = self.read()
            command = COMMANDS.get(line.strip().lower())
            if command == "help":
                self.print_help(question)
                continue
            if command == "quit":
                raise _Quit
            if command == "back":
                return Step.BACK
            if command == "done":
                return Step.DONE
            text = _unescape(line)
            if not text.strip():
                self.skip(question, before_value, before_typed)
                return Step.NEXT
            if question.multiline:
                lines = [text]
                try:
                    text = self.read_more(lines)
                except KeyboardInterrupt:
                    # Ctrl-C amid the notes: the lines already typed go in the draft saved
                    self.session.answer(question.id, "\n".join(lines))
                    raise
            checked = self.session.answer(question.id, text)
            if checked.error:
                self.save()
                self.say(f"  ! Not accepted: {checked.error}")
                self.say("  Type it again, Enter alone to leave it as it was, or ? for help.")
                continue
            self.accepted(checked)
            return Step.NEXT

    def skip(self, question: Question, value: str | None, typed: str | None) -> None:
        """Enter alone. Text rejected here (or before) is dropped: the answer goes back to what
        it was when the question was asked, or stays unanswered. An answer carried from last
        time is kept, and is the person's own from now on."""
        if question.id in self.session.errors:
            self.session.restore(question.id, value, typed)
        self.session.keep(question.id)
        current = self.current_text(question)
        if current is None:
            self.say("  (left unanswered)")
        else:
            self.say(f"  (kept: {current})")

    def accepted(self, checked: Checked) -> None:
        question, value = checked.question, checked.value
        if value is not None and (question.kind != "text" or value == ""):
            self.say(f"  -> {self.shown(question, value)}")
        for reread in checked.reread:
            if not self.session.applies(reread.question):
                continue
            if reread.error:
                self.say(f"  ! '{reread.question.prompt}' is no longer accepted: {reread.error}")
            elif reread.value is not None:
                now = self.shown(reread.question, reread.value)
                self.say(f"  '{reread.question.prompt}' now reads as {now}")

    def offer_follow_up(self) -> bool:
        """The partner's name is one already diagnosed: offer to start from its last
        diagnosis's answers. ``True`` if the person chose to."""
        typed = self.session.answers.get("partner", "").strip()
        if self.session.follow_up or not typed or typed.casefold() in self.declined:
            return False
        names = self.repository.partner_names()
        known = next((name for name in names if name.casefold() == typed.casefold()), None)
        if known is None:
            return False
        history = self.repository.history(known)
        if not history:
            return False
        last = history[-1]
        self.say(
            f"  {known} was last diagnosed on {long_date(last.diagnosed_on)}. Start from last "
            "time's answers? Each is shown as 'from last time'; Enter keeps it. [Y/n]"
        )
        while True:
            reply = self.read().strip().lower()
            if reply in ("", "y", "yes"):
                self.session.start_follow_up(follow_up_start(last))
                self.session.answers["partner"] = known
                self.session.typed["partner"] = known
                self.say("  Starting from last time's answers.")
                return True
            if reply in ("n", "no"):
                self.declined.add(known.casefold())
                return False
            if COMMANDS.get(reply) == "quit":
                raise _Quit
            self.say("  Type y to start from last time's answers or n to start empty.")

    # -- the whole run ----------------------------------------------------------------------

    def run(self) -> int:
        try:
            try:
                self.walk()
                return self.review()
            except _EndOfInput:
                return self.ended()
            except _Quit:
                return self.quit()
        except KeyboardInterrupt:
            self.say()
            self.save()
            self.say(
                "Interrupted: every answer sent with Enter is saved as a draft (a line not yet"
                f" sent is not); {resume_how(self.command)}."
            )
            self.flush()
            return 130

    def walk(self) -> None:
        """Every question that applies, from the current position to the end (or to
        ``done``). Whether a question applies is read again at each step: an answer can make
        the next questions apply, or not."""
        question: Question | None = self.session.resume_question()
        shown_section: Section | None = None
        while question is not None:
            section = self.session.section_of(question.id)
            if section is not shown_section:
                self.print_section(section)
                shown_section = section
            step = self.ask(question)
            if step is Step.DONE:
                self.save()
                return
            if step is Step.BACK:
                previous = self.session.previous_question(question.id)
                if previous is None:
                    self.say("  This is the first question.")
                    continue
                question = previous
            elif question.id == "partner" and self.offer_follow_up():
                question = self.session.resume_question()
                if question.id == "partner":
                    question = self.session.next_question("partner")
                shown_section = None
            else:
                question = self.session.next_question(question.id)
            if question is not None:
                self.session.move_to(question.id)
            self.save()

    def print_review(self) -> list[Question]:
        """Every answer to a question that applies, numbered; returns them in that order."""
        asked = self.session.asked()
        self.say()
        self.say("== Review your answers ==")
        for number, question in enumerate(asked, start=1):
            if question.id in self.session.errors:
                answer = f"✗ not accepted: {self.session.errors[question.id]}"
            else:
                answer = self.current_text(question) or "not answered"
                if self.session.is_carried(question.id):
                    answer += "  (↺ from last time)"
            self.say(f"  {number:>2}. {short_name(question.id)}: {answer}")
        missing = len(self.session.missing())
        carried = len(self.session.carried_ids)
        notes = []
        if missing:
            notes.append(f"{missing} not answered: missing answers count as unknown, never as no.")
        if carried:
            notes.append(f"{carried} still carry last time's value (↺).")
        if notes:
            self.say("  " + " ".join(notes))
        self.say(
            f"Type a number from 1 to {len(asked)} to change that answer, Enter to finish, "
            "q to save and quit."
        )
        return asked

    def review(self) -> int:
        """The review step: change any answer by its number, then finish."""
        asked = self.print_review()
        while True:
            line = self.read()
            reply = line.strip().lower()
            if COMMANDS.get(reply) == "quit":
                raise _Quit
            if reply in FINISH_WORDS:
                if self.fix_problems():
                    asked = self.print_review()
                    continue
                if self.session.almost_empty and not self.confirm_almost_empty():
                    asked = self.print_review()
                    continue
                return self.conclude()
            if reply == "?":
                self.say("  A number changes that answer; Enter (or f) finishes; q quits.")
                continue
            if reply.isascii() and reply.isdigit() and 1 <= int(reply) <= len(asked):
                question = asked[int(reply) - 1]
                self.print_section(self.session.section_of(question.id))
                self.ask(question)
                self.save()
                asked = self.print_review()
                continue
            self.say(
                f"  Type a number from 1 to {len(asked)}, Enter to finish, or q to save and quit."
            )

    def fix_problems(self) -> bool:
        """Ask again what must be fixed before the diagnosis can be saved. ``True`` if
        something was asked."""
        problems = self.session.problems()
        if not problems:
            return False
        self.say()
        self.say("Before the diagnosis can be saved:")
        for question, message in problems:
            self.say(f"  - {question.prompt} {message}")
        for question, _ in problems:
            if question.id == "partner" and not self.session.answers.get("partner"):
                self.say("The partner's name is required.")
            self.ask(question)
            self.save()
        return True

    def confirm_almost_empty(self) -> bool:
        """Say that the verdict will be unclear; ``True`` if the person finishes anyway."""
        self.say()
        self.say(ALMOST_EMPTY)
        self.say("Finish anyway? y finishes; Enter or n goes back to the review.")
        while True:
            reply = self.read().strip().lower()
            if reply in ("y", "yes"):
                return True
            if reply in ("", "n", "no"):
                return False
            if COMMANDS.get(reply) == "quit":
                raise _Quit
            self.say("  Type y to finish, or n to go back.")

    def conclude(self) -> int:
        validated = self.session.finished()
        try:
            diagnosis = self.repository.finish_draft(self.current_draft(), validated.answers)
        except StoreError as error:
            self.say(f"Could not save the diagnosis: {error}")
            self.save()
            return 1
        self.say()
        self.say(render_text(diagnosis, unstall=self.command.removesuffix(" diagnose --plain")))
        if self.draft.id is not None and self.repository.get_draft(self.draft.id) is not None:
            self.say(f"! {kept_apart_plain(self.command)}")
        self.flush()
        return 0

    def ended(self) -> int:
        """End of input before the diagnosis was finished: it never finishes on its own. The
        draft is kept (when something was given) and the message says how to resume it."""
        if self.session.empty:
            if self.draft.id is not None:
                self.save()  # a draft kept before, now with nothing in it, is removed
            if self.session.carried:  # a follow-up opened: its name, last time's answers
                self.say(ONLY_CARRIED)
            else:
                self.say("Input ended before any answer: nothing was saved.")
            self.flush()
            return 2
        saved = self.save()
        problems = self.session.problems()
        if problems:
            self.say("Still to fix before it can be finished:")
            for question, message in problems:
                typed = self.session.typed.get(question.id, "")
                refused = typed.strip() and question.id in self.session.errors
                shown = f" (typed: {typed})" if refused else ""
                self.say(f"  - {question.prompt}{shown} {message}")
        self.say(
            ended_message(self.command)
            if saved
            else "Input ended, and the draft could not be saved."
        )
        self.flush()
        return 2

    def quit(self) -> int:
        if self.session.empty:
            if self.draft.id is not None:
                self.save()
            if self.session.carried:  # a follow-up opened: its name, last time's answers
                self.say(ONLY_CARRIED)
            else:
                self.say("Nothing was answered, so nothing was saved.")
            return 0
        if not self.save():
            self.say("The draft could not be saved.")
            return 1
        name = self.partner or "an unnamed partner"
        self.say(f"Saved as a draft: {name}. Run `{self.command}` again to resume it.")
        self.flush()
        return 0


def run_plain(
    repository: Repository,
    stdin: TextIO,
    stdout: TextIO,
    *,
    resume: bool = True,
    command: str = COMMAND,
) -> int:
    """Ask the whole questionnaire on ``stdin``/``stdout``; save and print the diagnosis.

    With ``resume``, an unfinished draft is offered first: with one, resume it or not; with
    several, a numbered list to pick from. ``command`` is what the endings name to resume the
    draft. A character ``stdout`` cannot encode is replaced, never an error; a line of
    ``stdin`` that is not text is refused and asked again. Returns the exit code (see the
    module docstring: 0 done, 2 input ended unfinished, 1 database, 130 Ctrl-C).
    """
    tolerant_output(stdout)
    escaping_input(stdin)
    try:
        draft = Draft()
        drafts = repository.drafts() if resume else []
        if len(drafts) == 1:
            chosen = _offer_resume(drafts[0], stdin, stdout)
            if chosen is None:
                return 2
            if chosen:
                draft = drafts[0]
        elif drafts:
            picked = _pick_draft(drafts, stdin, stdout)
            if picked is None:
                return 2
            draft = picked
        session = PlainSession(repository, stdin, stdout, draft, command)
    except KeyboardInterrupt:
        print("\nInterrupted: nothing was changed.", file=stdout)
        return 130
    if draft.id is None:
        session.say("New diagnosis. Answer each question and press Enter.")
    else:
        session.say(f"Resuming at: {session.session.resume_question().prompt}")
    session.say(KEYS_LINE)
    return session.run()


def _reply(stdin: TextIO, stdout: TextIO) -> str | None:
    """One reply to a question asked before the session starts (which draft): ``None`` at the
    end of input; a line that is not text is said so and asked for again."""
    echo = not is_terminal(stdin)
    while True:
        stdout.write("> ")
        stdout.flush()
        try:
            line = stdin.readline()
        except UnicodeDecodeError:
            line = "\udcff"
        except (OSError, ValueError):
            line = ""
        if line == "":
            print("\nInput ended before an answer: nothing was changed.", file=stdout)
            return None
        line = line.removeprefix("\ufeff")  # a file's byte-order mark, piped in
        if is_unreadable(line):
            print("\n  ! That line could not be read as text; type it again.", file=stdout)
            continue
        if echo:
            print(shown(line.rstrip("\r\n")), file=stdout)
        return line.strip().lower()


def _draft_details(draft: Draft) -> str:
    """How many answers a draft has: "3 answers", "2 answers typed, 5 carried from last time"."""
    typed, carried = draft_counts(draft)
    count = f"{typed} answer{'' if typed == 1 else 's'}"
    if carried:
        count += f" typed, {carried} carried from last time"
    return count


def _saved_words(saved_at: str, now: datetime) -> str:
    """When a draft was last saved: "saved today at 10:02", "saved Fri 20 Nov 2026 at 09:15";
    empty when it is not known."""
    try:
        moment = datetime.fromisoformat(saved_at)
    except ValueError:
        return ""
    gap = (now.date() - moment.date()).days
    when = distance(moment.date(), now.date()) if gap in (0, 1) else long_date(moment.date())
    return f"saved {when} at {moment:%H:%M}"


def _offer_resume(draft: Draft, stdin: TextIO, stdout: TextIO) -> bool | None:
    """Ask whether to resume ``draft``: ``True``, ``False``, or ``None`` at end of input."""
    name = shown(draft.partner.strip(), one_line=True)
    what = f"of {name}" if name else "(no partner named yet)"
    print(
        f"An unfinished diagnosis {what} was found ({_draft_details(draft)}). Resume it? [Y/n]",
        file=stdout,
    )
    while True:
        reply = _reply(stdin, stdout)
        if reply is None:
            return None
        if reply in ("", "y", "yes"):
            return True
        if reply in ("n", "no"):
            print("Starting a new diagnosis; the unfinished one is kept.", file=stdout)
            return False
        print("  Type y to resume it or n to start a new one.", file=stdout)


def _pick_draft(drafts: list[Draft], stdin: TextIO, stdout: TextIO) -> Draft | None:
    """Several unfinished diagnoses: list them, the last saved first, and let one be picked
    by its number. The one picked, a new :class:`Draft` for ``n``, or ``None`` at end of
    input."""
    now = clock.now()
    print(f"{len(drafts)} unfinished diagnoses were found, the last saved first:", file=stdout)
    for number, draft in enumerate(drafts, start=1):
        name = shown(draft.partner.strip(), one_line=True) or "an unnamed partner"
        details = [_draft_details(draft)]
        saved = _saved_words(draft.updated_at, now)
        if saved:
            details.append(saved)
        print(f"  {number}) {name}: {', '.join(details)}", file=stdout)
    ask = (
        f"Type a number from 1 to {len(drafts)} to resume that one (Enter: 1), or n to start a "
        "new diagnosis."
    )
    print(ask, file=stdout)
    while True:
        reply = _reply(stdin, stdout)
        if reply is None:
            return None
        if reply == "":
            return drafts[0]
        if reply.isascii() and reply.isdigit() and 1 <= int(reply) <= len(drafts):
            return drafts[int(reply) - 1]
        if reply in ("n", "no", "new"):
            print("Starting a new diagnosis; the unfinished ones are kept.", file=stdout)
            return Draft()
        print(f"  {ask}", file=stdout)


def _choice_lines(question: Question, width: int = 78) -> list[str]:
    """The numbered choices, as few lines as fit: "  1) Yes  2) Partly  3) No  4) Not sure"."""
    items = [
        f"{number}) {choice.label}" if number <= 9 else choice.label
        for number, choice in enumerate(question.choices, start=1)
    ]
    lines: list[str] = []
    current = ""
    for item in items:
        if current and len(current) + 2 + len(item) > width:
            lines.append(current)
            current = ""
        current += "  " + item
    lines.append(current)
    return lines


def _choice_problem(question: Question, typed: str) -> str:
    return choice_problem(question, typed)


def _unescape(line: str) -> str:
    """``\\q`` is the answer "q", not the command; other text is kept as typed."""
    stripped = line.strip()
    if stripped.startswith(ESCAPE) and stripped[1:].strip().lower() in COMMANDS:
        return stripped[1:]
    return line


def main(argv: list[str] | None = None) -> int:
    """``python -m tui.plain DB_PATH``: the plain questionnaire over that database."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tui.plain DB_PATH", file=sys.stderr)
        return 2
    if sys.stdin is None:  # started with <&-
        print(
            "unstall: standard input is closed: the plain questions read their answers from it; "
            "run this in a terminal, or send the answers in (< FILE)",
            file=sys.stderr,
        )
        return 2
    portable_output(sys.stdout)  # never a crash on a name the output cannot encode
    portable_output(sys.stderr)
    portable_input(sys.stdin)  # a line that is not text is refused, never stored as "�"
    try:
        repository = Repository(args[0])
    except StoreError as error:
        print(shown(f"unstall: {error}"), file=sys.stderr)
        return 1
    try:
        return run_plain(repository, sys.stdin, sys.stdout)
    except BrokenPipeError:
        return 0
    finally:
        repository.close()


if __name__ == "__main__":
    sys.exit(main())
