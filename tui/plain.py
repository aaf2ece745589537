"""The questionnaire as plain prompts on stdin and stdout: for screen readers, dumb terminals,
ssh sessions and scripts.

Nothing here uses Textual or any markup: every line is printed as is, user text included. The
questions, shortcuts and date language are the TUI's own (:mod:`playbook.questions`,
:func:`playbook.answers.clean_answer`), and the draft is saved in the TUI's format after every
line (clean ``answers``, exactly what was ``typed`` per question, the ``position``), so a
diagnosis started in one mode resumes in the other.

A question that does not apply (how often a review recurs when there is none) is not asked;
an answer given to it before is kept in the draft. The notes take several lines: each line is
read until an empty one (or the end of input); a single line followed by an empty one is fine.

At each ``> `` prompt a person may type an answer, or:

- Enter alone: keep the current answer (or leave the question unanswered) and go on;
- ``<``: back one question (across sections); ``?``: what can be typed here;
- ``done``: finish now with the answers so far; ``q`` (or ``quit``): save the draft and quit.
  ``q`` always quits, so Quarterly is ``4``, ``qu`` or ``quarterly`` there. To give one of these
  words as an answer, type a backslash first (``\\q``, ``\\done``).

An answer that is not accepted is explained and asked again; what was typed is saved in the
draft all the same. Enter alone after a rejection puts back the answer there was before.

Exit codes and the end of input (a script piping its answers, or Ctrl-D):

- ``0``: the diagnosis was saved and printed; or ``q`` saved the draft on request.
  Input that ends early still finishes the diagnosis when the partner is known and nothing
  typed was rejected: unanswered questions count as unknown, as they would with ``done``.
- ``2``: input ended while the diagnosis could not be finished: the partner is not named, or
  the last thing typed was rejected (or another answer still is). Only the draft is saved, with
  what was typed, and the problems are listed. Input that ends at the resume question changes
  nothing and also gives ``2``.
- ``1``: the database could not be written when the diagnosis was to be saved.
- ``130``: Ctrl-C; the draft is saved first.

Run it on its own as ``python -m tui.plain DB_PATH`` (the command line wires it as
``unstall diagnose --plain``).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from enum import Enum
from typing import TextIO

from playbook import clock
from playbook.answers import clean_answer, diagnosis_date, validate
from playbook.dates import ACCEPTED, describe, to_date
from playbook.inert import shown
from playbook.questions import QUESTIONS, SECTIONS, Question, Section, answer_text, iter_questions
from store.errors import StoreError
from store.repository import Draft, Repository
from tui.cli import render_text

ORDER: tuple[Question, ...] = tuple(question for _, question in iter_questions())
SECTION_OF: dict[str, Section] = {question.id: section for section, question in iter_questions()}

COMMANDS = {"<": "back", "?": "help", "q": "quit", "quit": "quit", "done": "done"}
"""What may be typed instead of an answer (compared without case or surrounding spaces)."""

ESCAPE = "\\"
MORE = "... "
"""The prompt for the further lines of an answer of several lines (the notes)."""
ENDED = "Input ended: your answers are saved as a draft; run again to resume."
KEYS_LINE = (
    "Enter alone keeps the current answer and goes on; < goes back; ? explains; "
    "done finishes now; q saves and quits."
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

    def __init__(self, repository: Repository, stdin: TextIO, stdout: TextIO, draft: Draft) -> None:
        self.repository = repository
        self.stdin = stdin
        self.stdout = stdout
        self.draft = draft
        self.answers: dict[str, str] = dict(draft.answers)
        self.typed: dict[str, str] = dict(draft.typed)
        for question_id, value in self.answers.items():
            self.typed.setdefault(question_id, value)
        self.position = draft.position if draft.position in QUESTIONS else ORDER[0].id
        self.errors: dict[str, str] = {}
        for question_id, typed in self.typed.items():
            question = QUESTIONS.get(question_id)
            if question is not None and question_id not in self.answers and typed.strip():
                _, error = self.check(question, typed)
                if error:
                    self.errors[question_id] = error
        self._seconds_before = draft.seconds
        self._opened = time.monotonic()
        self._echo = not _is_terminal(stdin)
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
        """One line from stdin after a ``> `` prompt (raises :class:`_EndOfInput` at EOF)."""
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
        line = line.rstrip("\r\n")
        if self._echo:
            # Piped input is not echoed by a terminal: show it, so the transcript reads well.
            self.say(line)
        return line

    def read_more(self, first: str) -> str:
        """The further lines of an answer of several lines, after ``first``: up to an empty
        line, or the end of input (which then ends the run at the next prompt)."""
        lines = [first]
        while True:
            try:
                line = self.read(MORE)
            except _Unreadable:
                self.say("  ! That line could not be read as text; type it again.")
                continue
            except _EndOfInput:
                break
            if not line.strip():
                break
            lines.append(line)
        return "\n".join(lines)

    # -- state ------------------------------------------------------------------------------

    def asked(self) -> list[Question]:
        """The questions that apply, given the answers so far, in the order asked."""
        return [question for question in ORDER if question.applies(self.answers)]

    def applies(self, question: Question) -> bool:
        return question.applies(self.answers)

    @property
    def reference(self) -> date:
        """The day relative dates count back from: the diagnosis date, else today."""
        return to_date(self.answers.get("diagnosed_on")) or clock.today()

    @property
    def partner(self) -> str:
        return self.answers.get("partner") or self.typed.get("partner", "").strip()

    def current_draft(self) -> Draft:
        seconds = self._seconds_before + (time.monotonic() - self._opened)
        return replace(
            self.draft,
            answers=dict(self.answers),
            typed=dict(self.typed),
            position=self.position,
            seconds=round(seconds, 1),
        )

    def save(self) -> bool:
        """Save the draft (not before anything was typed). ``False`` if the write failed."""
        if self.draft.id is None and not self.typed and not self.answers:
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
        return True

    # -- answers ----------------------------------------------------------------------------

    def check(self, question: Question, typed: str) -> tuple[str | None, str | None]:
        """The clean value of ``typed`` for ``question``, or what is wrong with it."""
        if question.kind == "choice":
            value = question.match_choice(typed)
            if value is None:
                return None, _choice_problem(question, typed)
            return value, None
        if question.id == "diagnosed_on":
            today = clock.today()
            value, error = clean_answer(question, typed, today)
            if value and not error:
                _, problem = diagnosis_date({"diagnosed_on": value}, today)
                if problem is not None:
                    return None, problem.message
            return value, error
        return clean_answer(question, typed, self.reference)

    def shown(self, question: Question, value: str) -> str:
        """A clean answer as a person reads it ("Partly", "Mon 14 Sep 2026, 10 weeks ago")."""
        if question.id == "diagnosed_on":
            when = to_date(value)
            return describe(when, clock.today()) if when else value
        return answer_text(question.id, value, self.reference.isoformat())

    def recheck_dates(self) -> None:
        """Read the other dates again from what was typed, against a new diagnosis date."""
        for question in ORDER:
            if question.kind != "date" or question.id == "diagnosed_on":
                continue
            shown = self.applies(question)
            typed = self.typed.get(question.id, "")
            if not typed.strip():
                continue
            before = self.answers.get(question.id)
            value, error = clean_answer(question, typed, self.reference)
            if error:
                self.answers.pop(question.id, None)
                self.errors[question.id] = error
                if shown:
                    self.say(f"  ! '{question.prompt}' is no longer accepted: {error}")
                continue
            self.errors.pop(question.id, None)
            if value is None:
                self.answers.pop(question.id, None)
            else:
                self.answers[question.id] = value
                if value != before and shown:
                    self.say(f"  '{question.prompt}' now reads as {self.shown(question, value)}")

    # -- asking -----------------------------------------------------------------------------

    def print_section(self, section: Section) -> None:
        number = SECTIONS.index(section) + 1
        self.say()
        self.say(f"== {number}/{len(SECTIONS)} {section.title} ==")
        self.say(section.why)

    def print_question(self, question: Question) -> None:
        asked = self.asked()
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
        if question.id in self.answers:
            current = self.answers[question.id]
            if question.multiline:
                current = answer_text(question.id, current, short=True)
            else:
                current = self.shown(question, current)
            self.say(f"  [current: {current}]")
        elif question.id in self.errors:
            typed = self.typed.get(question.id, "")
            self.say(f"  [typed before: {typed} (not accepted: {self.errors[question.id]})]")

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
        self.say("    done         finish now; unanswered questions count as unknown")
        self.say("    q            save the draft and quit; run again to resume")
        self.say(f"  To answer one of these words, type a backslash first, e.g. {ESCAPE}q")

    def ask(self, question: Question, *, full: bool = True) -> Step:
        """Ask one question until it is answered, skipped, or a command moves elsewhere."""
        self.position = question.id
        before_value = self.answers.get(question.id)
        before_typed = self.typed.get(question.id)
        if full:
            self.print_question(question)
        while True:
            try:
                line = self.read()
            except _Unreadable:
                self.say("  ! That line could not be read as text; type it again.")
                continue
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
                text = self.read_more(text)
            value, error = self.check(question, text)
            if error:
                self.typed[question.id] = text
                self.answers.pop(question.id, None)
                self.errors[question.id] = error
                self.save()
                self.say(f"  ! Not accepted: {error}")
                self.say("  Type it again, Enter alone to leave it as it was, or ? for help.")
                continue
            self.accept(question, text, value)
            return Step.NEXT

    def skip(self, question: Question, value: str | None, typed: str | None) -> None:
        """Enter alone. Text rejected here (or before) is dropped: the answer goes back to what
        it was when the question was asked, or stays unanswered."""
        if self.errors.pop(question.id, None) is not None:
            if value is None:
                self.answers.pop(question.id, None)
                self.typed.pop(question.id, None)
            else:
                self.answers[question.id] = value
                self.typed[question.id] = value if typed is None else typed
        current = self.answers.get(question.id)
        if current is None:
            self.say("  (left unanswered)")
        else:
            self.say(f"  (kept: {self.shown(question, current)})")

    def accept(self, question: Question, text: str, value: str | None) -> None:
        changed_reference = question.id == "diagnosed_on" and value != self.answers.get(
            "diagnosed_on"
        )
        self.errors.pop(question.id, None)
        if value is None:
            self.answers.pop(question.id, None)
            self.typed.pop(question.id, None)
        else:
            self.answers[question.id] = value
            self.typed[question.id] = value if question.kind == "choice" else text
        if value is not None and (question.kind != "text" or value == ""):
            self.say(f"  -> {self.shown(question, value)}")
        if changed_reference:
            self.recheck_dates()

    # -- the whole run ----------------------------------------------------------------------

    def run(self) -> int:
        try:
            try:
                self.walk()
                return self.finish()
            except _EndOfInput:
                return self.ended()
            except _Quit:
                return self.quit()
        except KeyboardInterrupt:
            self.say()
            self.save()
            self.say("Interrupted: your answers are saved as a draft; run again to resume.")
            self.flush()
            return 130

    def walk(self) -> None:
        """Every question that applies, from the current position to the end (or to
        ``done``). Whether a question applies is read again at each step: an answer can make
        the next questions apply, or not."""
        index = self.next_asked(ORDER.index(QUESTIONS[self.position]), 1)
        shown_section: Section | None = None
        while index < len(ORDER):
            question = ORDER[index]
            section = SECTION_OF[question.id]
            if section is not shown_section:
                self.print_section(section)
                shown_section = section
            step = self.ask(question)
            if step is Step.DONE:
                self.save()
                return
            if step is Step.BACK:
                previous = self.next_asked(index - 1, -1)
                if previous < 0:
                    self.say("  This is the first question.")
                    continue
                index = previous
            else:
                index = self.next_asked(index + 1, 1)
            self.position = ORDER[min(index, len(ORDER) - 1)].id
            self.save()

    def next_asked(self, index: int, step: int) -> int:
        """The first index from ``index`` on (``step`` 1) or back (``step`` -1) whose question
        applies: ``len(ORDER)`` past the end, ``-1`` before the start."""
        while 0 <= index < len(ORDER) and not self.applies(ORDER[index]):
            index += step
        return index

    def problems(self) -> list[tuple[Question, str]]:
        """What stops the diagnosis from being finished, in the order asked."""
        found: dict[str, str] = dict(self.errors)
        validated = validate(self.answers, clock.today())
        for error in validated.errors:
            found.setdefault(error.id, error.message)
        return [(question, found[question.id]) for question in self.asked() if question.id in found]

    def finish(self) -> int:
        """Ask again what must be fixed, then save the diagnosis and print it."""
        while problems := self.problems():
            self.say()
            self.say("Before the diagnosis can be saved:")
            for question, message in problems:
                self.say(f"  - {question.prompt} {message}")
            for question, _ in problems:
                if question.id == "partner" and not self.answers.get("partner"):
                    self.say("The partner's name is required.")
                self.ask(question)
                self.save()
        return self.conclude()

    def conclude(self) -> int:
        validated = validate(self.answers, clock.today())
        self.position = ORDER[-1].id
        try:
            diagnosis = self.repository.finish_draft(self.current_draft(), validated.answers)
        except StoreError as error:
            self.say(f"Could not save the diagnosis: {error}")
            self.save()
            return 1
        self.say()
        self.say(render_text(diagnosis))
        self.flush()
        return 0

    def ended(self) -> int:
        problems = self.problems()
        if not problems:
            self.say(
                "Input ended: finishing with the answers given; unanswered questions count "
                "as unknown."
            )
            return self.conclude()
        if self.draft.id is None and not self.typed and not self.answers:
            self.say("Input ended before any answer: nothing was saved.")
            self.flush()
            return 2
        saved = self.save()
        self.say("The diagnosis cannot be finished yet:")
        for question, message in problems:
            typed = self.typed.get(question.id, "")
            shown = f" (typed: {typed})" if typed.strip() and question.id in self.errors else ""
            self.say(f"  - {question.prompt}{shown} {message}")
        self.say(ENDED if saved else "Input ended, and the draft could not be saved.")
        self.flush()
        return 2

    def quit(self) -> int:
        if self.draft.id is None and not self.typed and not self.answers:
            self.say("Nothing was answered, so nothing was saved.")
            return 0
        if not self.save():
            self.say("The draft could not be saved.")
            return 1
        name = self.partner or "an unnamed partner"
        self.say(f"Saved as a draft: {name}. Run again to resume.")
        self.flush()
        return 0


def run_plain(repository: Repository, stdin: TextIO, stdout: TextIO, *, resume: bool = True) -> int:
    """Ask the whole questionnaire on ``stdin``/``stdout``; save and print the diagnosis.

    With ``resume``, the most recent unfinished draft is offered first. Returns the exit code
    (see the module docstring: 0 done, 2 input ended unfinished, 1 database, 130 Ctrl-C).
    """
    try:
        draft = Draft()
        drafts = repository.drafts() if resume else []
        if drafts:
            chosen = _offer_resume(drafts[0], stdin, stdout)
            if chosen is None:
                return 2
            if chosen:
                draft = drafts[0]
        session = PlainSession(repository, stdin, stdout, draft)
    except KeyboardInterrupt:
        print("\nInterrupted: nothing was changed.", file=stdout)
        return 130
    if draft.id is None:
        session.say("New diagnosis. Answer each question and press Enter.")
    else:
        index = session.next_asked(ORDER.index(QUESTIONS[session.position]), 1)
        question = ORDER[min(index, len(ORDER) - 1)]
        session.say(f"Resuming at: {question.prompt}")
    session.say(KEYS_LINE)
    return session.run()


def _offer_resume(draft: Draft, stdin: TextIO, stdout: TextIO) -> bool | None:
    """Ask whether to resume ``draft``: ``True``, ``False``, or ``None`` at end of input."""
    answered = len([key for key in draft.answers if key != "diagnosed_on"])
    name = shown(draft.partner.strip(), one_line=True)
    what = f"of {name}" if name else "(no partner named yet)"
    plural = "" if answered == 1 else "s"
    print(
        f"An unfinished diagnosis {what} was found ({answered} answer{plural}). Resume it? [Y/n]",
        file=stdout,
    )
    echo = not _is_terminal(stdin)
    while True:
        stdout.write("> ")
        stdout.flush()
        try:
            line = stdin.readline()
        except UnicodeDecodeError:
            line = "?\n"
        except (OSError, ValueError):
            line = ""
        if line == "":
            print("\nInput ended before an answer: nothing was changed.", file=stdout)
            return None
        if echo:
            print(shown(line.rstrip("\r\n")), file=stdout)
        reply = line.strip().lower()
        if reply in ("", "y", "yes"):
            return True
        if reply in ("n", "no"):
            print("Starting a new diagnosis; the unfinished one is kept.", file=stdout)
            return False
        print("  Type y to resume it or n to start a new one.", file=stdout)


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
    text = typed.strip().lower()
    close = [
        choice.label
        for choice in question.choices
        if choice.value.startswith(text) or choice.label.lower().startswith(text)
    ]
    count = min(len(question.choices), 9)
    names = ", ".join(choice.label for choice in question.choices)
    if len(close) > 1:
        return (
            f"'{typed.strip()}' could be {' or '.join(close)}: type more letters, "
            f"or a number from 1 to {count}"
        )
    return f"'{typed.strip()}' is not one of the choices: type a number from 1 to {count}, " + (
        f"or one of: {names}"
    )


def _unescape(line: str) -> str:
    """``\\q`` is the answer "q", not the command; other text is kept as typed."""
    stripped = line.strip()
    if stripped.startswith(ESCAPE) and stripped[1:].strip().lower() in COMMANDS:
        return stripped[1:]
    return line


def _is_terminal(stream: TextIO) -> bool:
    isatty: Callable[[], bool] | None = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def main(argv: list[str] | None = None) -> int:
    """``python -m tui.plain DB_PATH``: the plain questionnaire over that database."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tui.plain DB_PATH", file=sys.stderr)
        return 2
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
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
