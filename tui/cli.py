"""The command line: ``unstall`` starts the app; subcommands work without it.

Options that choose the database (``--db PATH``, ``--demo``) come before the subcommand.
Problems a user can cause print a clear message on stderr and exit non-zero, never a traceback:
exit code 2 for invalid input, 1 for anything else (not found, database unreadable).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import re
import shlex
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import IO, Any, NoReturn

from playbook import clock, workdays
from playbook.agreement import agreement_markdown
from playbook.answers import validate
from playbook.blame import check
from playbook.calendar import calendar_file
from playbook.calendar import contents as calendar_contents
from playbook.causes import CAUSE_WORDS, cause_id, cause_title
from playbook.compare import TREND_MEANING, Comparison, timeline
from playbook.conversation import (
    PRIORITY_WORDS,
    Conversation,
    as_agreed,
    default_decision,
    first_review,
    make_conversation,
    outcome_for,
    start_meeting,
)
from playbook.dates import ORDER_VAR, DateError, long_date, parse_date
from playbook.diagnosis import Diagnosis, spoken_points
from playbook.example import example_text
from playbook.exchange import canonical, export_json, export_markdown
from playbook.history import partner_key
from playbook.inert import shown
from playbook.outcome import DECISIONS, Outcome
from playbook.recap import Recap, recap
from playbook.report import points_markdown
from playbook.session import fill_follow_up, needs_last_fix
from playbook.verdict import join_words
from playbook.workdays import off_day_note
from store.errors import StoreError
from store.paths import default_db_path
from store.repository import Filter, Repository
from store.transfer import import_answers, load_diagnoses, write_private
from tui.crash import report_crash
from tui.look import diagnoses as count_of  # "diagnoses" names lists here
from tui.reading import (
    ANSWERS_SHAPE,
    IMPORT_SHAPE,
    MAX_ANSWERS_BYTES,
    MAX_IMPORT_BYTES,
    Refused,
    read_json,
)
from tui.render import outcome_line, render_text
from tui.streams import is_terminal, portable_input, portable_output

__all__ = ["main", "render_text"]  # render_text: re-exported for now; it lives in tui.render

EXAMPLES = """\
examples:
  unstall                                   start the app (your own database)
  unstall --demo                            start the app on sample partners
  unstall diagnose --answers answers.json   diagnose from an answers file and save it
  unstall diagnose --answers - --json       read the answers from stdin, print JSON
  unstall diagnose --template > answers.json
                                            an example answers file to start from
  unstall diagnose --plain                  the questionnaire as plain prompts (screen
                                            readers, ssh); UNSTALL_PLAIN=1 makes it the default
  unstall list --partner "Harbor Travel"    one partner's diagnoses, newest first
  unstall list --verdict stalled --since "3 months ago"
  unstall history "Harbor Travel"           the timeline, with what changed each time
  unstall outcome 12 --decision revive --fix "monthly review" --owner Alex --due "next Friday"
  unstall conversation 12 --held-on today --priority yes --said 1,3
                                            record the reset conversation and the talking points
                                            said (the fix, owner, side and due date as the
                                            points propose)
  unstall recap 12 | pbcopy                 the recap email to send after it
  unstall agreement 12 > agreement.md       the written agreement, as Markdown
  unstall show 12 --json                    one diagnosis as the verdict contract's JSON
  unstall points 12 | pbcopy                the talking points as Markdown, to the clipboard
  unstall ics 12 -o review.ics              the conversation, the review and the fix's due
                                            date, for your calendar
  unstall export --format md -o notes.md    every diagnosis as Markdown (or JSON, the default)
  unstall import spreadsheet.json           many diagnoses at once from a JSON array
  unstall delete 12 --yes                   delete one diagnosis (asks first without --yes)
  unstall serve --port 8000                 the app in a browser tab, at a private URL
  unstall --db ~/partners list              use another database folder

The database: --db PATH, else $UNSTALL_DB, else {default}.
Dates: set UNSTALL_TODAY=2026-11-23 to fix "today" (tests, screenshots, demos).
Dates in numbers (05/10/2026) read day first or month first as the locale says;
UNSTALL_DATE_ORDER=dmy or mdy decides. Also: 'mid October', 'end of last month'."""


class UsageError(Exception):
    """Invalid input from the user: exit code 2."""


class Failure(Exception):
    """Anything else that stops a command: exit code 1."""


class OutputFailed(Failure):
    """Standard output cannot be written (a full disk, a closed descriptor): exit code 1."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"cannot write the output: {reason}")


def _stdout() -> IO[str]:
    """Standard output, or :class:`OutputFailed` when the command was started without one
    (``>&-``)."""
    if sys.stdout is None:
        raise OutputFailed("standard output is closed")
    return sys.stdout


def _stdin_closed() -> bool:
    """Whether the command was started with standard input closed (``<&-``)."""
    return sys.stdin is None or bool(getattr(sys.stdin, "closed", False))


@contextlib.contextmanager
def _output() -> Iterator[None]:
    """Around a write to standard output: an error is :class:`OutputFailed` (a reader who left,
    ``BrokenPipeError``, stays itself: ``main`` ends quietly then)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputFailed(error.strerror or str(error)) from error


def _write(text: str, stream: IO[str] | None = None) -> None:
    """Write ``text`` to ``stream`` (standard output by default). A write error on standard
    output is :class:`OutputFailed`; on standard error it is let go (nothing could say it)."""
    target = _stdout() if stream is None else stream
    try:
        with _output():
            try:
                target.write(text)
            except UnicodeEncodeError:  # a stream main() could not reconfigure
                encoding = getattr(target, "encoding", None) or "ascii"
                target.write(text.encode(encoding, "replace").decode(encoding))
    except OutputFailed:
        if target is not sys.stderr:
            raise


def _flush_output() -> None:
    """Write out what standard output still holds (:class:`OutputFailed` if it cannot)."""
    if sys.stdout is not None:
        with _output():
            sys.stdout.flush()


def _drop_output() -> None:
    """After output failed or the reader left: what standard output still holds is dropped
    (its descriptor now points at the null device), so that Python's last flush as it exits
    does not fail again and print a traceback of its own."""
    try:
        descriptor = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
    except (AttributeError, OSError, ValueError):  # no real descriptor (tests capture it)
        return
    try:
        with contextlib.suppress(OSError):
            os.dup2(null, descriptor)
    finally:
        os.close(null)


def version() -> str:
    try:
        return metadata.version("unstall")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"


class _Parser(argparse.ArgumentParser):
    # Usage errors echo what was typed (an invalid choice): shown inert, as everything is.

    def print_usage(self, file: IO[str] | None = None) -> None:
        (file or sys.stdout).write(shown(self.format_usage()))

    def print_help(self, file: IO[str] | None = None) -> None:
        (file or sys.stdout).write(shown(self.format_help()))

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(shown(message))
        sys.exit(status)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        hint = f"(see '{self.prog} --help')"
        if message.startswith("unrecognized arguments") and re.search(
            r"(^|\s)--(db|demo|demo-reset)\b", message
        ):
            # "unstall list --db x": the database options go before the command.
            hint = "(--db, --demo and --demo-reset go before the command: unstall --db PATH list)"
        self.exit(2, f"{self.prog}: error: {message}\n{hint}\n")


def _cause_option(text: str) -> str:
    """``--cause``: a cause in the app's words (``ownership``, ``Rhythm``) or its id
    (``owner``), as its id."""
    found = cause_id(text)
    if found is None:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a cause: use one of {', '.join(CAUSE_WORDS)}"
        )
    return found


def _word_option(text: str) -> str:
    """A choice typed in any case, with spaces around it (``Stalled``, ``MD ``), as the
    choice; ``markdown`` is ``md``."""
    word = text.strip().lower()
    return "md" if word == "markdown" else word


def _path_option(text: str) -> Path | str:
    """A path option (``--db``, ``-o``) as a ``Path``; empty text is kept as text, so that it is
    refused as empty (``Path("")`` would be the current folder)."""
    return Path(text) if text.strip() else text


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="unstall",
        description=(
            "Diagnose a partnership that went quiet after the deal, name the dominant cause, "
            "and draft the talking points for one honest reset conversation."
        ),
        epilog=EXAMPLES.format(default=default_db_path()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=_path_option,
        help="the database folder to use (or an old file)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use a temporary database of sample partners (never your own file)",
    )
    parser.add_argument(
        "--demo-reset",
        action="store_true",
        help="with --demo: start the sample database over",
    )
    parser.add_argument("--version", action="version", version=f"unstall {version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    diagnose = commands.add_parser(
        "diagnose",
        help="diagnose a partnership from an answers file and save it",
        description="Validate an answers file (a JSON object: 'unstall diagnose --template' "
        "prints one to start from, and the README's 'Answers files' lists every id), decide the "
        "verdict, save the diagnosis and print it. A follow-up that gives previous_fix_done "
        "without previous_fix takes last time's fix from the partner's latest diagnosis, and "
        "says so on stderr. Invalid input: every problem is listed, nothing is saved, exit "
        "code 2.",
        epilog="examples:\n  unstall diagnose --answers answers.json --json\n"
        "  unstall diagnose --template > answers.json   # an example to start from",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # UNSTALL_PLAIN=1: `unstall diagnose` alone is `unstall diagnose --plain`
    source = diagnose.add_mutually_exclusive_group(required=not plain_by_default())
    source.add_argument("--answers", metavar="FILE", help="the answers file ('-' for stdin)")
    source.add_argument(
        "--template",
        action="store_true",
        help="print an example answers file (every answer id of the playbook) and save nothing",
    )
    source.add_argument(
        "--plain",
        action="store_true",
        help="ask the questions as plain prompts (screen readers, ssh, scripts)",
    )
    diagnose.add_argument(
        "--new",
        action="store_true",
        help="with --plain: start a new diagnosis, do not offer to resume a draft",
    )
    diagnose.add_argument("--json", action="store_true", help="print the verdict as JSON")

    listing = commands.add_parser(
        "list",
        help="list saved diagnoses, newest first",
        description="List saved diagnoses, newest first.",
        epilog='example:\n  unstall list --partner "Harbor Travel" --json',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    listing.add_argument("--partner", metavar="NAME", help="only this partner's diagnoses")
    listing.add_argument(
        "--verdict",
        type=_word_option,
        choices=("healthy", "stalled", "failed", "unclear"),
        help="only this verdict",
    )
    listing.add_argument(
        "--cause",
        type=_cause_option,
        metavar="CAUSE",
        help=f"only this dominant cause: {', '.join(CAUSE_WORDS)}",
    )
    listing.add_argument(
        "--since", metavar="DATE", help="diagnosed on or after, e.g. '3 months ago'"
    )
    listing.add_argument("--until", metavar="DATE", help="diagnosed on or before, e.g. 2026-06-30")
    listing.add_argument("--search", metavar="TEXT", help="notes or talking points containing TEXT")
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    history = commands.add_parser(
        "history",
        help="one partner's diagnoses over time, with what changed",
        description="Print one partner's diagnoses, oldest first, each compared with the one "
        "before it: verdict, causes that appeared or were resolved, answers that changed.",
        epilog='example:\n  unstall history "Harbor Travel" --json',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    history.add_argument("partner", metavar="PARTNER", help="the partner's name")
    history.add_argument("--json", action="store_true", help="print JSON")

    outcome = commands.add_parser(
        "outcome",
        help="record what came of the reset conversation",
        description="Record the outcome of the conversation for one diagnosis: revive, exit or "
        "still pending, and the one fix agreed with its owner and due date. After a reset "
        "conversation it updates the conversation too, keeping what was agreed in the call: to "
        "revive or wait, a fix, owner or date left out is the call's; on an exit from a revive, "
        "only what you give is still owed.",
        epilog='example:\n  unstall outcome 12 --decision revive --fix "monthly review" '
        '--owner "Alex Kim" --due "next Friday"',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    outcome.add_argument("id", metavar="ID", help="the diagnosis number (see 'unstall list')")
    outcome.add_argument(
        "--decision", required=True, type=_word_option, choices=("revive", "exit", "pending")
    )
    outcome.add_argument("--fix", default="", help="the one fix agreed")
    outcome.add_argument("--owner", default="", help="who owns it")
    outcome.add_argument("--due", default="", metavar="DATE", help="when it is due")

    conversation = commands.add_parser(
        "conversation",
        help="record the reset conversation: the answer, the fix agreed, the decision",
        description="Record the reset conversation held about one diagnosis: when it was held, "
        "the answer to 'is this still a priority for your team?', the one fix agreed with its "
        "owner, the side that acts and the due date, and notes. With a meeting in progress in "
        "the app, what was typed in it and not given here (the fix, owner, side, due date, "
        "notes, decision) is kept, and the meeting ends. Recorded again, what was recorded "
        "before and not given here is kept (the fix, owner, side, due date and notes, and the "
        "decision when the answer is the same). Else the fix, owner, side and due "
        "date not given are those the talking points propose (with a --fix of your own, or on an "
        "exit from a revive plan, only what you give: that plan was not agreed). It sets the "
        "outcome: yes gives revive, no or evasive give exit (and so does any answer when the "
        "points plan an exit), unless --decision says otherwise. --said names the talking "
        "points you said, counted from 1 as they are listed under 'What to say' in 'unstall "
        "points ID' (a number given twice counts once; 'none' for none); without it, the points "
        "ticked in the app's meeting in progress or in the conversation recorded before are "
        "kept. The new record replaces the one before. Invalid input: every problem is "
        "listed, nothing is saved, exit code 2.",
        epilog="examples:\n  unstall conversation 12 --held-on today --priority yes\n"
        '  unstall conversation 12 --held-on yesterday --priority yes --fix "Priya names an '
        'owner" --owner Priya --side theirs --due "next Friday"\n'
        '  unstall conversation 12 --held-on "Nov 20" --priority evasive --notes "Call back '
        'in Q1" --decision pending\n'
        "  unstall conversation 12 --held-on today --priority yes --said 1,3,4",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    conversation.add_argument("id", metavar="ID", help="the diagnosis number (see 'unstall list')")
    conversation.add_argument(
        "--held-on", required=True, metavar="DATE", help="when it was held, e.g. today, 'Nov 20'"
    )
    conversation.add_argument(
        "--priority",
        required=True,
        metavar="yes|no|evasive",
        help="their answer to 'is this still a priority for your team?'",
    )
    conversation.add_argument("--fix", help="the one fix agreed (default: the one proposed)")
    conversation.add_argument("--owner", metavar="NAME", help="who owns it")
    conversation.add_argument("--side", metavar="ours|theirs|both", help="the side that acts")
    conversation.add_argument("--due", metavar="DATE", help="when the fix is due")
    conversation.add_argument("--notes", metavar="TEXT", help="notes from the call")
    conversation.add_argument(
        "--decision",
        metavar="revive|exit|pending",
        help="what you decide (default: revive for yes, exit for no or evasive)",
    )
    conversation.add_argument(
        "--said",
        metavar="N,N,...",
        help="the talking points you said, e.g. 1,3: counted from 1 under 'What to say' in "
        "'unstall points ID'; none for none (default: those ticked before)",
    )

    recap_command = commands.add_parser(
        "recap",
        help="print the recap email of the reset conversation",
        description="Print the recap email to send after the reset conversation (your edited "
        "version if you edited it in the app): a subject line, then the body.",
        epilog="examples:\n  unstall recap 12 | pbcopy\n  unstall recap 12 --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    recap_command.add_argument("id", metavar="ID", help="the diagnosis number (see 'unstall list')")
    recap_command.add_argument(
        "--json", action="store_true", help='print {"subject": ..., "body": ...}'
    )

    agreement = commands.add_parser(
        "agreement",
        help="print the written agreement of the reset conversation as Markdown",
        description="Print the written agreement (your edited version if you edited it in the "
        "app) as Markdown, under the seven headings: outcomes, expectations, accountability, "
        "division of labour, communication, timeline, conflict resolution.",
        epilog="example:\n  unstall agreement 12 > agreement.md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    agreement.add_argument("id", metavar="ID", help="the diagnosis number (see 'unstall list')")

    delete = commands.add_parser(
        "delete",
        help="delete one diagnosis",
        description="Delete one diagnosis: its partner file is rewritten without it, and no copy "
        "of its answers or notes stays in the database. Asks first on a terminal.",
        epilog="examples:\n  unstall delete 12\n  unstall delete 12 --yes   # scripts: no question",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    delete.add_argument("id", metavar="ID", help="the diagnosis number (see 'unstall list')")
    delete.add_argument("--yes", action="store_true", help="do not ask (for scripts)")

    show = commands.add_parser(
        "show",
        help="show one diagnosis",
        description="Show one saved diagnosis: verdict, causes, talking points.",
        epilog="example:\n  unstall show 12 --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument("id", metavar="ID", help="the diagnosis number (see 'unstall list')")
    show.add_argument("--json", action="store_true", help="print the verdict contract's JSON")

    points = commands.add_parser(
        "points",
        help="print the talking points as Markdown",
        description="Print one diagnosis's talking points (as last edited) as Markdown, "
        "for piping into the clipboard or a file.",
        epilog="example:\n  unstall points 12 > reset.md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    points.add_argument("id", metavar="ID", help="the diagnosis number (see 'unstall list')")

    export = commands.add_parser(
        "export",
        help="export diagnoses as JSON (for import) or Markdown (for a shared document)",
        description="Export diagnoses: JSON that 'unstall import' takes back without loss, or "
        "Markdown with one section per diagnosis. Files are created readable by you only.",
        epilog="examples:\n  unstall export -o backup.json\n"
        '  unstall export --partner "Harbor Travel" --format md -o harbor.md',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("--partner", metavar="NAME", help="only this partner's diagnoses")
    export.add_argument(
        "--format",
        type=_word_option,
        choices=("json", "md"),
        help="json (what 'unstall import' takes back) or md; default: md for an -o FILE "
        "ending in .md, else json",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=_path_option,
        help="write to FILE (- prints it, as without -o)",
    )

    importing = commands.add_parser(
        "import",
        help="create many diagnoses from a JSON array of answers objects",
        description="Create diagnoses from a JSON array of answers objects (e.g. a spreadsheet "
        "turned into JSON, or 'unstall export'). Exact duplicates are skipped, or give a stored "
        "diagnosis what it lacks (its conversation, edited points or outcome) and never replace "
        "what it has; invalid items are rejected with reasons; the rest are saved together.",
        epilog="example:\n  unstall import backup.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    importing.add_argument("file", metavar="FILE", help="the JSON file ('-' for stdin)")

    ics = commands.add_parser(
        "ics",
        help="write the conversation, the review and the fix's due date as an iCalendar file",
        description="Write an iCalendar (.ics) file: before the reset conversation is recorded, "
        "the conversation on the proposed day and the recommended recurring review, with the "
        "short agenda; once it is recorded, the recurring review from the first one after it, "
        "and the agreed fix's due date.",
        epilog="example:\n  unstall ics 12 -o review.ics",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ics.add_argument("id", metavar="ID", help="the diagnosis number (see 'unstall list')")
    ics.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=_path_option,
        help="write to FILE (- prints it, as without -o)",
    )

    serve = commands.add_parser(
        "serve",
        help="serve the app in a browser tab, behind a private token",
        description="Serve the same app in a browser tab (textual-serve). Each start prints a "
        "URL that includes a fresh private token, like Jupyter: only a browser that opened that "
        "URL can use the app (it keeps the token in a cookie for this address), and other web "
        "pages cannot connect to it. It listens on 127.0.0.1 only; another --host needs "
        "--allow-remote.",
        epilog="examples:\n"
        "  unstall serve --port 8000   (then open the http://127.0.0.1:8000/?token=... it prints)\n"
        "  unstall serve --open        open that URL in your browser\n"
        "keep the URL to yourself: its token is what lets a browser in, until ctrl+c stops it.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)"
    )
    serve.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host other machines can reach (the token is still needed; the "
        "connection is not encrypted)",
    )
    serve.add_argument(
        "--open", action="store_true", help="open the URL, with its token, in your browser"
    )
    return parser


PATH_ERRORS = frozenset(
    {errno.ENAMETOOLONG, errno.ELOOP, errno.ENOTDIR, errno.EINVAL, errno.EILSEQ}
)
"""Errors opening the database that say its path is wrong (the user's input: exit code 2)."""


def _path_refusal(path: Path, error: OSError, label: str) -> UsageError | Failure:
    """What to say when the database at ``path`` (given as ``label``: ``--db``,
    ``UNSTALL_DB``) cannot be opened for ``error``."""
    reason = error.strerror or str(error) or type(error).__name__
    if error.errno == errno.ENAMETOOLONG:
        return UsageError(
            f"{label}: the path {_cut(str(path))} cannot be used: {reason} (a name in it is "
            "longer than this system allows): give a shorter path"
        )
    if error.errno in PATH_ERRORS:
        return UsageError(
            f"{label}: the path {_cut(str(path))} cannot be used: {reason}: give the path of a "
            "database folder"
        )
    return Failure(f"cannot open the database at {_cut(str(path))}: {reason}")


def _cut(text: str, most: int = 80) -> str:
    """``text``, its middle cut out (``…``) when longer than ``most`` characters."""
    if len(text) <= most:
        return text
    half = (most - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


def _database_path(args: argparse.Namespace) -> tuple[Path, str]:
    """The database path asked for (not ``--demo``), and how it was given."""
    if args.db is not None:
        return Path(args.db), "--db"
    label = "UNSTALL_DB" if os.environ.get("UNSTALL_DB", "").strip() else "the database path"
    return default_db_path(), label


def _check_db_path(args: argparse.Namespace) -> None:
    """Refuse a database path the system cannot even look up (a name too long, a loop of
    links), before anything opens it: the app and the commands say so alike."""
    if args.demo:
        return
    path, label = _database_path(args)
    try:
        os.stat(path.expanduser())
    except FileNotFoundError:
        return  # a new database: made on first use
    except OSError as error:
        if error.errno in PATH_ERRORS:
            raise _path_refusal(path, error, label) from error


FINDS_ONLY = frozenset(
    {"list", "history", "show", "points", "recap", "agreement", "export", "ics", "delete"}
    | {"outcome", "conversation"}
)
"""The commands that work on diagnoses already saved: given a database that does not exist,
they make none (a mistyped --db would look like every diagnosis gone)."""


def _open(args: argparse.Namespace) -> Repository:
    if args.demo:
        from tui.demo import open_demo

        return open_demo(clock.today(), fresh=args.demo_reset)
    path, label = _database_path(args)
    named = label != "the database path"  # --db or UNSTALL_DB: the default place is made
    if args.command in FINDS_ONLY and named and not os.path.lexists(path.expanduser()):
        raise Failure(
            f"there is no database at {shown(str(path), one_line=True)} ({label}): check the "
            f"path; '{again('diagnose')}' or the app starts a new one there"
        )
    try:
        return Repository(path)
    except StoreError:
        raise
    except OSError as error:
        raise _path_refusal(path, error, label) from error


def _read_answers(source: str, *, importing: bool = False) -> Any:
    """An answers file (or, ``importing``, an import file), parsed; refused as invalid input
    (see :mod:`tui.reading` for the limits)."""
    try:
        if importing:
            return read_json(source, what="import file", limit=MAX_IMPORT_BYTES, shape=IMPORT_SHAPE)
        return read_json(source, what="answers file", limit=MAX_ANSWERS_BYTES, shape=ANSWERS_SHAPE)
    except Refused as error:
        raise UsageError(str(error)) from error


def _diagnosis_id(text: str) -> int:
    cleaned = text.strip().lstrip("#")
    if not (cleaned.isascii() and cleaned.isdigit()):  # not "²" or "١", which int() trips on
        partner = (
            f"; for a partner's diagnoses: {again('list --partner')} "
            f'"{shown(text.strip(), one_line=True)}"'
            if any(character.isalpha() for character in text)
            else ""
        )
        raise UsageError(
            f"'{text}' is not a diagnosis number: use the # shown by '{again('list')}'{partner}"
        )
    return int(cleaned)


def _get(repository: Repository, text: str) -> Diagnosis:
    diagnosis = repository.get(_diagnosis_id(text))
    if diagnosis is None:
        raise Failure(
            f"there is no diagnosis #{text.lstrip('#')}: '{again('list')}' shows them all"
        )
    return diagnosis


def say(text: str = "", *, file: IO[str] | None = None) -> None:
    """Print one message and a newline: everything the commands print goes through here (or
    :func:`_print_json`), so stored text and echoed values never reach the terminal raw:
    control characters, bidi controls and lone surrogates are shown inert
    (:func:`playbook.inert.shown`)."""
    _write(shown(text) + "\n", file)


_JSON_INERT = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""What ``json.dumps(..., ensure_ascii=False)`` leaves raw that a terminal must not get (C0
controls it escapes itself). These occur only inside JSON strings, where ``\\uXXXX`` says the
same."""


def inert_json(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls, separators and lone surrogates written as
    ``\\uXXXX`` escapes: the same JSON value, safe to print."""
    return _JSON_INERT.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _print_json(value: Any) -> None:
    _write(inert_json(json.dumps(value, indent=2, ensure_ascii=False)) + "\n")


PLAIN_STDIN_CLOSED = (
    "standard input is closed: the plain questions read their answers from it; run this in a "
    "terminal, or send the answers in (< FILE)"
)


PLAIN_ON = ("1", "true", "yes", "on")
"""The values of ``UNSTALL_PLAIN`` that make plain mode the default (any case); anything
else (``0``, ``false``, ``no``, ``off``, empty) leaves it off."""


def plain_by_default() -> bool:
    """Whether ``UNSTALL_PLAIN`` makes plain prompts the default."""
    return os.environ.get("UNSTALL_PLAIN", "").strip().lower() in PLAIN_ON


def invoked(args: argparse.Namespace) -> str:
    """How to run unstall again on the same database: with ``--db`` when one was given (or
    ``--demo``), so that a command a message suggests, copied as printed, reaches the same
    diagnoses, not those at the default place."""
    if getattr(args, "demo", False):
        return "unstall --demo"
    if getattr(args, "db", None) is not None:
        return f"unstall --db {shlex.quote(str(args.db))}"
    return "unstall"


_again = ["unstall"]
""":func:`invoked` for the command being run (set by :func:`main`), for :func:`again`."""


def again(rest: str) -> str:
    """A command to suggest, on the database of the command being run: "unstall --db DB
    recap 1"."""
    return f"{_again[0]} {rest}"


def plain_command(args: argparse.Namespace) -> str:
    """The command that resumes a plain-mode draft, with the database when one was given."""
    return f"{invoked(args)} diagnose --plain"


def _run_plain(repository: Repository, args: argparse.Namespace, *, resume: bool) -> int:
    from tui.plain import run_plain

    if _stdin_closed():
        raise UsageError(PLAIN_STDIN_CLOSED)

    portable_input(sys.stdin)  # a line that is not text is refused there, never stored as �
    return run_plain(repository, sys.stdin, _stdout(), resume=resume, command=plain_command(args))


def print_template(args: argparse.Namespace) -> int:
    """``diagnose --template``: the example answers file that ships in the package (valid
    JSON with every answer id, which ``diagnose --answers -`` takes as it is). No database is
    opened."""
    if args.json or args.new:
        raise UsageError("--template prints an example answers file: it takes no other option")
    text = example_text()
    _write(text if text.endswith("\n") else text + "\n")
    return 0


def cmd_diagnose(repository: Repository, args: argparse.Namespace) -> int:
    if args.template:
        return print_template(args)
    if args.plain or (args.answers is None and not args.template):  # or UNSTALL_PLAIN=1
        if args.json:
            raise UsageError("--json works with --answers, not with --plain")
        return _run_plain(repository, args, resume=not args.new)
    if args.new:
        raise UsageError(
            "--new is for the plain questionnaire (--plain), which offers to resume a draft: an "
            "answers file is always a new diagnosis, so leave --new out"
        )
    raw = _read_answers(args.answers)
    validated = validate(raw, clock.today())
    if not validated.ok:
        count = len(validated.errors)
        problems = "\n".join(f"  {error.id}: {error.message}" for error in validated.errors)
        raise UsageError(
            f"the answers file has {count} problem{'s' if count != 1 else ''}; "
            f"nothing was saved:\n{problems}"
        )
    answers = _with_last_fix(repository, validated.answers)
    twin = _twin(repository, answers)
    diagnosis = repository.save(answers)
    if args.json:
        _print_json(diagnosis.to_contract())
    else:
        say(render_text(diagnosis, unstall=_again[0]))
    if twin is not None:
        say(
            f"unstall: note: these answers are #{twin.id}'s, word for word (the same file given "
            f"twice?); saved as #{diagnosis.id} all the same: "
            f"'{again(f'delete {diagnosis.id}')}' removes it",
            file=sys.stderr,
        )
    return 0


def _own(answers: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in answers.items() if not key.startswith("previous_")}


def _twin(repository: Repository, answers: Mapping[str, Any]) -> Diagnosis | None:
    """The partner's latest diagnosis when its answers are these, word for word (what was
    carried from last time aside): the same answers file given twice."""
    wanted = partner_key(str(answers.get("partner", "")))
    known = [name for name in repository.partner_names() if partner_key(name) == wanted]
    history = repository.history(known[0]) if known else []
    latest = max(history, key=lambda diagnosis: diagnosis.id or 0, default=None)
    if latest is None or canonical(_own(latest.answers)) != canonical(_own(answers)):
        return None
    return latest


def _with_last_fix(repository: Repository, answers: dict[str, str]) -> dict[str, str]:
    """Answers that say whether last time's fix happened but not which fix: that fix and its
    facts are taken from the partner's latest diagnosis (said on stderr), or, with none to
    take, the answer is left out with a warning saying why."""
    if not needs_last_fix(answers):  # no reading of the database when nothing is to fill
        return answers
    wanted = partner_key(answers.get("partner", ""))  # exactly this partner, not a part of it
    known = [name for name in repository.partner_names() if partner_key(name) == wanted]
    filled = fill_follow_up(answers, repository.history(known[0]) if known else [])
    result = filled.answers
    if not filled.ignored:
        validated = validate(result, clock.today())
        if not validated.ok:  # pragma: no cover - a stored diagnosis's facts are clean
            problems = "; ".join(f"{error.id}: {error.message}" for error in validated.errors)
            raise UsageError(
                f"last time's fix could not be taken from the last diagnosis ({problems}); "
                "give previous_fix in the answers file. Nothing was saved."
            )
        result = validated.answers
    if filled.said:
        warning = "warning: " if filled.ignored else ""
        say(f"unstall: {warning}{shown(filled.said, one_line=True)}", file=sys.stderr)
    return result


def _date_option(name: str, text: str | None) -> date | None:
    if not text:
        return None
    try:
        return parse_date(text, clock.today(), past=True)
    except DateError as error:
        raise UsageError(f"--{name}: {error}") from error


def cmd_list(repository: Repository, args: argparse.Namespace) -> int:
    wanted = Filter(
        partner=args.partner,
        verdict=args.verdict,
        cause=args.cause,
        since=_date_option("since", args.since),
        until=_date_option("until", args.until),
        text=args.search,
    )
    if wanted.since and wanted.until and wanted.since > wanted.until:
        say(
            f"unstall: warning: --since {long_date(wanted.since)} is after --until "
            f"{long_date(wanted.until)}, so no diagnosis can match: did you swap them?",
            file=sys.stderr,
        )
    summaries = repository.find(wanted)
    if args.json:
        _print_json([summary.to_dict() for summary in summaries])
        return 0
    if not summaries:
        say(_none_listed(repository, args))
        return 0
    names = {s.id: shown(s.partner, one_line=True) for s in summaries}
    width = max(len(name) for name in names.values())
    say(f"{'#':>5}  {'date':10}  {'partner':{width}}  {'verdict':8}  {'cause':12}  next review")
    for s in summaries:
        cause = cause_title(s.dominant_cause) if s.dominant_cause else "-"
        say(
            f"{s.id:>5}  {s.diagnosed_on:10}  {names[s.id]:{width}}  {s.verdict:8}  "
            f"{cause:12}  {s.next_review}"
        )
    return 0


LIST_FILTERS = ("partner", "verdict", "cause", "since", "until", "search")


def _none_listed(repository: Repository, args: argparse.Namespace) -> str:
    """What ``unstall list`` says when it lists nothing: that none match the filters given (or
    none can be read), with how many are saved; "start one" only in an empty database."""
    saved = repository.count()
    given = [f"--{name}" for name in LIST_FILTERS if getattr(args, name) is not None]
    if not given and not saved and not repository.damaged:
        return f"No diagnoses yet. Start one with '{_again[0]}' or '{again('diagnose')}'."
    if not given:
        return f"No diagnoses can be read ({count_of(saved)} saved): see the warnings below."
    where = f" for '{args.partner}'" if args.partner else ""
    others = [name for name in given if name != "--partner"]
    match = f" match {join_words(others)}" if others else ""
    listed = again("list")
    return f"No diagnoses{where}{match} ({count_of(saved)} saved): '{listed}' lists every one."


def _changes(change: Comparison) -> list[str]:
    """What changed since the diagnosis before, in words: the verdict only when it changed,
    then causes that moved, then answers (the verdict's line says "verdict: ..." either way)."""
    before, after = change.older.verdict.verdict, change.newer.verdict.verdict
    lines = change.lines()
    if before == after and lines and lines[0] == change.verdict_change:
        lines = lines[1:]
    return lines or ["nothing changed"]


def cmd_history(repository: Repository, args: argparse.Namespace) -> int:
    diagnoses = repository.history(args.partner)
    if not diagnoses:
        raise Failure(f"no diagnoses of '{args.partner}': '{again('list')}' shows every partner")
    steps = timeline(diagnoses)
    if args.json:
        _print_json(
            [
                {
                    "id": d.id,
                    "diagnosed_on": d.diagnosed_on.isoformat(),
                    "verdict": d.verdict.verdict,
                    "dominant_cause": d.verdict.dominant_cause,
                    "causes": {f.cause: f.strength for f in d.verdict.causes},
                    "outcome": d.extra.get("outcome"),
                    "changes": change.to_dict() if change else None,
                }
                for d, change in steps
            ]
        )
        return 0
    partner = shown(diagnoses[-1].partner, one_line=True)
    say(f"{partner}: {count_of(len(diagnoses))}, oldest first")
    for diagnosis, change in steps:
        dominant = diagnosis.verdict.dominant_cause
        cause = cause_title(dominant) if dominant else "-"
        say()
        say(
            f"#{diagnosis.id}  {long_date(diagnosis.diagnosed_on)}  "
            f"{diagnosis.verdict.verdict.upper()}  dominant cause: {cause}"
            + (
                f"  ({TREND_MEANING[change.trend]})"
                if change and change.trend not in ("same",)
                else ""
            )
        )
        if change is not None:
            for line in _changes(change):
                say(f"    {line}")
        outcome = outcome_line(diagnosis.extra.get("outcome"))
        if outcome is not None:
            say(f"    outcome: {outcome}")
    return 0


def cmd_outcome(repository: Repository, args: argparse.Namespace) -> int:
    diagnosis = _get(repository, args.id)
    assert diagnosis.id is not None
    held = _held(diagnosis)
    given = {"fix": args.fix, "owner": args.owner, "due": args.due}
    # An outcome recorded after the conversation updates it (as the app's outcome screen
    # does): the drafts and an export follow it, and what was agreed in the call is kept.
    outcome, held, problems = outcome_for(held, args.decision, today=clock.today(), **given)
    if outcome is None:
        lines = [f"--{problem}" for problem in problems]
        raise UsageError("the outcome has problems; nothing was saved:\n  " + "\n  ".join(lines))
    if held is not None:
        repository.set_conversation(diagnosis.id, held, ends_meeting=False)
    else:
        repository.set_outcome(diagnosis.id, outcome)
    partner = shown(diagnosis.partner, one_line=True)
    say(f"Recorded for #{diagnosis.id} ({partner}): {_recorded(outcome)}.")
    if outcome.due is not None and (off := off_day_note(outcome.due)):
        say(f"  Note: the due date is {off}.")
    if outcome.due is not None and outcome.due < clock.today():
        say(f"  Note: the due date, {long_date(outcome.due)}, has already passed.")
    if held is not None:
        say(
            f"The conversation of {long_date(held.held_on)} now records this decision; "
            f"'{again(f'recap {diagnosis.id}')}' and '{again(f'agreement {diagnosis.id}')}' are "
            "drafted again to match."
        )
        if held.fix and held.promised.fix != held.fix:
            agreed = shown(held.agreed_sentence, one_line=True).rstrip(".")
            drafts = (
                "now promise the fix given here instead"
                if held.promised.fix
                else "no longer promise it"
            )
            theirs = shown(str(diagnosis.answers.get("owner_theirs") or ""), one_line=True)
            say(
                f"The call's record still shows what was agreed then ({agreed}). The recap and "
                f"agreement {drafts}: if you already sent the first recap, let "
                f"{theirs.strip() or 'them'} know of the change yourself."
            )
    return 0


def _recorded(outcome: Outcome) -> str:
    """An outcome as recorded, each part only when given: "pending; fix: a monthly review
    (Jo), due Fri 4 Dec 2026", so the date reads as the fix's, not the decision's."""
    fix = shown(outcome.fix, one_line=True)
    owner = shown(outcome.owner, one_line=True)
    parts = [f"fix: {fix}" + (f" ({owner})" if owner else "")] if fix else []
    if owner and not fix:
        parts.append(f"owner: {owner}")
    if outcome.due:
        parts.append(f"due {long_date(outcome.due)}")
    return outcome.decision + (f"; {', '.join(parts)}" if parts else "")


CONVERSATION_OPTIONS = ("held_on", "priority", "fix", "owner", "side", "due", "notes", "decision")


def _held(diagnosis: Diagnosis) -> Conversation | None:
    """The conversation recorded for ``diagnosis`` (the repository hands out valid ones)."""
    return Conversation.from_dict(diagnosis.extra.get("conversation"))


def _held_or_refuse(diagnosis: Diagnosis) -> Conversation:
    held = _held(diagnosis)
    if held is None:
        raise UsageError(
            f"no reset conversation is recorded for #{diagnosis.id} yet: record it first with "
            f"'{again(f'conversation {diagnosis.id}')} --held-on DATE --priority yes|no|evasive'"
        )
    return held


SAID_SHOWN = 40
"""At most this many characters of a wrong ``--said`` value are echoed in its message."""


def said_points(text: str, count: int, diagnosis_id: int) -> tuple[tuple[int, ...], list[str]]:
    """The points ``--said`` names (``1,3``: counted from 1, as the user counts the ``count``
    points under "What to say") as their 0-based positions, or every problem with it (each
    starting "said: "). Commas or spaces separate the numbers; a number given twice counts
    once; ``none`` alone means no point was said."""
    see = f"'{again(f'points {diagnosis_id}')}' lists them under 'What to say'"
    words = [word for word in re.split(r"[,\s]+", text) if word]
    if not words:
        return (), [
            "said: give the numbers of the points you said, counted from 1, such as --said 1,3 "
            f"(or --said none); {see}"
        ]
    if any(word.casefold() == "none" for word in words):
        if len(words) == 1:
            return (), []
        return (), [
            "said: 'none' can't be mixed with numbers: give --said none, or numbers such as "
            "--said 1,3"
        ]
    said: set[int] = set()
    problems: list[str] = []
    if not count:
        return (), [f"said: #{diagnosis_id} has no talking points to say: leave --said out"]
    span = f"from 1 to {count}" if count > 1 else "1"

    def cut(text: str) -> str:
        return text if len(text) <= SAID_SHOWN else text[: SAID_SHOWN - 1] + "…"

    for word in dict.fromkeys(words):  # each wrong word named once
        if not re.fullmatch(r"[0-9]+", word):
            echoed = cut(shown(word, one_line=True))
            problems.append(
                f"said: '{echoed}' is not a point number; give whole numbers {span}, "
                f"separated by commas, such as --said 1,3 ({see})"
            )
        elif (number := int(word)) == 0:
            problems.append(f"said: 0 is not a point number: the first point is 1 ({see})")
        elif number > count:
            problems.append(
                f"said: {cut(word)} is past the last point: #{diagnosis_id} has {count} "
                f"point{'s' if count != 1 else ''} to say, numbered {span} ({see})"
            )
        else:
            said.add(number - 1)
    return tuple(sorted(said)), problems


def said_words(said: tuple[int, ...], count: int) -> str:
    """The points said, in words, counted from 1: "1, 3 and 4 (3 of 7)", or "none of 7"."""
    if not said:
        return f"none of {count}"
    return f"{join_words([str(n + 1) for n in said])} ({len(said)} of {count})"


MEETING_KEPT = ("fix", "owner", "side", "due", "notes", "decision")
"""The fields of a meeting in progress ``unstall conversation`` keeps when not given (the day
held and the answer are always given)."""


def meeting_kept(typed: Mapping[str, str], args: argparse.Namespace) -> tuple[list[str], list[str]]:
    """Of what was typed in the meeting in progress: the fields kept (not given on the command
    line) and those the options given replaced (given with other text), as option names."""
    kept, replaced = [], []
    for name in MEETING_KEPT:
        text, given = typed.get(name, "").strip(), getattr(args, name)
        if text and given is None:
            kept.append(f"--{name}")
        elif text and given is not None and given.strip() != text:
            replaced.append(f"--{name}")
    return kept, replaced


def meeting_words(kept: list[str], replaced: list[str]) -> str:
    """What became of the meeting in progress, in one sentence."""
    said = "The meeting in progress in the app ends with this"
    parts = []
    if kept:
        parts.append(f"what was typed in it for {join_words(kept)} is kept")
    if replaced:
        verb = "replace" if len(replaced) > 1 else "replaces"
        parts.append(f"{join_words(replaced)} as given here {verb} what was typed")
    if not parts:
        return f"{said}: nothing typed in it differs from what is given here."
    return f"{said}: {'; '.join(parts)}."


def cmd_conversation(repository: Repository, args: argparse.Namespace) -> int:
    diagnosis = _get(repository, args.id)
    assert diagnosis.id is not None
    today = clock.today()
    meeting = repository.get_meeting(diagnosis.id)
    before = _held(diagnosis)
    recorded = recorded_typed(before) if meeting is None and before is not None else {}
    # A meeting in progress in the app: what was typed in it is kept, what is given here wins.
    # Recorded again with no meeting: what was recorded before is kept, what is given wins.
    if meeting is not None:
        typed = dict(meeting.typed)
    elif before is not None and not diagnosis.talking_points.proposed(before.fix):
        typed = dict(recorded)  # a fix of the user's own (or none): all of it kept
    else:
        # The step the points propose, as the answer given now makes it; notes stay.
        typed = dict(start_meeting(diagnosis, today=today).typed)
        if before is not None and before.notes:
            typed["notes"] = before.notes
    from_meeting = meeting_kept(typed, args) if meeting else ([], [])
    path = diagnosis.talking_points.path
    priority = args.priority.strip().lower()
    chosen = args.decision or (typed.get("decision", "").strip() if meeting else "")
    if not chosen and meeting is None and before is not None and before.priority == priority:
        chosen = before.called  # the same answer as before: the decision taken then stands
        typed["decision"] = chosen
    if chosen.strip().lower() not in DECISIONS:
        chosen = args.decision or ""  # a wrong decision typed in the meeting: the answer's
    decision = (chosen or default_decision(priority, path)).strip().lower()
    given = {name for name in MEETING_KEPT if getattr(args, name) is not None}
    args.decision = decision
    # The proposed step, as the decision makes it: not owed on the way out; on the decide path,
    # a yes means their side names one owner.
    typed = as_agreed(typed, diagnosis, decision)
    leaving = decision == "exit" and path != "exit" and (before is None or before.called != "exit")
    if meeting is None and (
        leaving or (args.fix is not None and args.fix.strip() != typed.get("fix", ""))
    ):
        # The step the points propose (or the one recorded before) is one fix, with its owner,
        # side and date: on the way out of a plan to carry on, or with another fix, none of it
        # was agreed unless given. Notes recorded before stay.
        notes = typed.get("notes", "")
        typed = {"held_on": typed["held_on"], **({"notes": notes} if notes else {})}
    if before is not None and recorded:
        recorded["decision"] = before.called
    from_before = [
        f"--{name}"
        for name in MEETING_KEPT
        if typed.get(name) and typed.get(name) == recorded.get(name) and name not in given
    ]
    if not (args.fix if args.fix is not None else typed.get("fix", "")).strip():
        alone = [f"--{name}" for name in ("owner", "side") if getattr(args, name)]
        if alone:
            verb = "say" if len(alone) > 1 else "says"
            raise UsageError(
                f"{' and '.join(alone)} {verb} who acts on the agreed fix, and no fix was given; "
                "nothing was saved: add --fix TEXT, or leave them out"
            )
    for name in CONVERSATION_OPTIONS:
        value = getattr(args, name)
        if value is not None:
            typed[name] = value
    # The points as the meeting screen lists them, so that a number means the point it ticks.
    count = len(spoken_points(diagnosis))
    kept_from = ""
    if args.said is not None:
        said, said_problems = said_points(args.said, count, diagnosis.id)
    else:
        # Ticks the user gave are not dropped: the meeting's in progress, else those recorded
        # before (numbers past the points as they read now are left out).
        said, said_problems = (), []
        for source, ticks in (
            ("the meeting in progress in the app", meeting.said if meeting else ()),
            ("the conversation recorded before", before.said if before else ()),
        ):
            if ticked := tuple(sorted({n for n in ticks if 0 <= n < count})):
                said, kept_from = ticked, source
                break
    held, problems = make_conversation(
        typed, diagnosed_on=diagnosis.diagnosed_on, today=today, said=said
    )
    proposed = _proposed_due(diagnosis, typed) if meeting is None and args.due is None else None
    if proposed is not None:
        # The due date is the points' own, not typed: say that it has passed, not "--due: ...".
        problems = [
            f"due: the due date the talking points proposed ({long_date(proposed)}) has passed "
            "by the day the conversation was held: give --due DATE, the day the fix is now due"
            if problem.startswith("due:")
            else problem
            for problem in problems
        ]
    if held is None or said_problems:
        lines = [
            f"--{problem.replace('held_on:', 'held-on:', 1)}"
            + (
                f" (as typed in the meeting in progress in the app: give --{name} to replace it)"
                if f"--{(name := problem.split(':', 1)[0])}" in from_meeting[0]
                else ""
            )
            for problem in [*problems, *said_problems]
        ]
        raise UsageError(
            "the conversation has problems; nothing was saved:\n  " + "\n  ".join(lines)
        )
    had_meeting = meeting is not None
    repository.set_conversation(diagnosis.id, held)
    partner = shown(diagnosis.partner, one_line=True)
    answer = PRIORITY_WORDS.get(held.priority, held.priority)
    say(f"Recorded the conversation for #{diagnosis.id} ({partner}).")
    say(f"  Held: {long_date(held.held_on)}")
    say(f"  Still a priority for them? {answer}")
    say(f"  Agreed: {shown(held.agreed_sentence, one_line=True) or 'no fix'}")
    if held.due is not None and (off := off_day_note(held.due)):
        say(f"  Note: the due date is {off}.")
    if held.notes:
        say(f"  Notes: {shown(held.notes, one_line=True)}")
    if sounds := blame_words(held.fix):
        say("  Note: the fix as typed may sound like blame to them:")
        say("\n".join(sounds))
        say(
            "  The recap and the agreement quote it as typed: record it again with --fix to "
            "reword it."
        )
    kept = f", kept from {kept_from}" if kept_from else ""
    if args.said is None and not kept_from:
        kept = " (--said 1,3 records which you said, counted from 1)"
    say(f"  Points said: {said_words(held.said, count)}{kept}")
    say(f"  Decision: {held.decision}")
    if held.decision != "exit":
        which = "Next" if diagnosis.verdict.review_met_before else "First"
        say(f"  {which} review: {long_date(first_review(diagnosis, held))}")
    if had_meeting:
        say(f"  {meeting_words(*from_meeting)}")
    if before is not None:
        edited = [n for n, t in (("recap", before.recap), ("agreement", before.agreement)) if t]
        fix = shown(before.fix, one_line=True)
        say(
            f"  This replaces the conversation recorded before (held {long_date(before.held_on)}"
            f", decision {before.decision}"
            + (f", fix '{fix}'" if fix else "")
            + ")"
            + (f"; your edited {' and '.join(edited)} gave way to new drafts." if edited else ".")
        )
        if from_before:
            say(
                f"  Kept from it, as none was given here: {join_words(from_before)} "
                "(give one to change it)."
            )
    say(
        f"Next: '{again(f'recap {diagnosis.id}')}' (the email), "
        f"'{again(f'agreement {diagnosis.id}')}' (the written agreement), "
        f"'{again(f'ics {diagnosis.id}')}' (the calendar)."
    )
    return 0


def blame_words(text: str) -> list[str]:
    """The phrases of ``text`` that may sound like blame, each once, with why (indented lines
    for a note); none when there is none."""
    found: dict[str, str] = {}
    for flag in check(text):
        found.setdefault(" ".join(flag.phrase.casefold().split()), flag.reason)
    return [f"    '{shown(phrase, one_line=True)}': {why}" for phrase, why in found.items()]


def warn_blame(text: str, what: str) -> None:
    """On stderr (the text itself goes to stdout, to copy): the phrases of ``text`` that may
    sound like blame."""
    if sounds := blame_words(text):
        lines = [f"unstall: note: {what} may sound like blame to them:", *sounds]
        say("\n".join(lines), file=sys.stderr)


def recorded_typed(held: Conversation) -> dict[str, str]:
    """A conversation recorded before as the text of its fields, to record it again from: the
    fix, its owner, side and due date, and the notes (the day held and the answer are given)."""
    typed = {"held_on": held.held_on.isoformat(), "fix": held.fix, "owner": held.owner}
    typed |= {"side": held.side, "notes": held.notes}
    if held.due is not None:
        typed["due"] = held.due.isoformat()
    return {name: text for name, text in typed.items() if text}


def _proposed_due(diagnosis: Diagnosis, typed: Mapping[str, str]) -> date | None:
    """The due date of the talking points' next step, when ``typed`` still holds it as the
    points proposed it (not given on the command line)."""
    step = diagnosis.talking_points.next_step
    if step is None or typed.get("due") != step.due.isoformat():
        return None
    return step.due


def edited_recap(text: str, drafted: Recap) -> Recap:
    """The user's own version of the recap (``Subject: ...``, a blank line, the body, as the app
    keeps it) as a subject and a body; text without a subject line is all body, under the
    drafted subject."""
    first, _, rest = text.partition("\n")
    if first.startswith("Subject:"):
        return Recap(subject=first.removeprefix("Subject:").strip(), body=rest.lstrip("\n"))
    return Recap(subject=drafted.subject, body=text)


def cmd_recap(repository: Repository, args: argparse.Namespace) -> int:
    diagnosis = _get(repository, args.id)
    held = _held_or_refuse(diagnosis)
    email = recap(diagnosis, held)
    if held.recap is not None:
        email = edited_recap(held.recap, email)
    if args.json:
        _print_json(email.to_dict())
    else:
        say(email.text.rstrip("\n"))
    warn_blame(email.text, "the recap")
    return 0


def cmd_agreement(repository: Repository, args: argparse.Namespace) -> int:
    diagnosis = _get(repository, args.id)
    held = _held_or_refuse(diagnosis)
    text = held.agreement if held.agreement is not None else agreement_markdown(diagnosis, held)
    say(text.rstrip("\n"))
    warn_blame(text, "the agreement")
    return 0


def cmd_delete(repository: Repository, args: argparse.Namespace) -> int:
    diagnosis = _get(repository, args.id)
    assert diagnosis.id is not None
    partner = shown(diagnosis.partner, one_line=True)
    what = f"#{diagnosis.id} ({partner}, {long_date(diagnosis.diagnosed_on)})"
    if not args.yes:
        if not is_terminal(sys.stdin):
            raise UsageError(f"delete {what}? Nothing was deleted: add --yes to confirm")
        try:
            answer = input(f"Delete diagnosis {what}? This cannot be undone. [y/N] ")
        except EOFError:  # ctrl+d: no answer is a no
            answer = ""
            print(file=sys.stderr)
        except KeyboardInterrupt:  # ctrl+c: stopped, and said so on a line of its own
            print(file=sys.stderr)
            say("Nothing was deleted.")
            return 130
        if answer.strip().lower() not in ("y", "yes"):
            say("Nothing was deleted.")
            return 0
    if not repository.delete(diagnosis.id):
        raise Failure(f"diagnosis #{diagnosis.id} was already deleted")
    say(f"Deleted diagnosis {what}.")
    return 0


def cmd_show(repository: Repository, args: argparse.Namespace) -> int:
    diagnosis = _get(repository, args.id)
    if args.json:
        _print_json(diagnosis.to_contract())
    else:
        say(render_text(diagnosis, unstall=_again[0]))
    return 0


def cmd_points(repository: Repository, args: argparse.Namespace) -> int:
    diagnosis = _get(repository, args.id)
    _write(points_markdown(diagnosis))
    return 0


def _write_out(text: str, output: Path | None, what: str) -> None:
    """``text`` to the file ``-o`` names, or to standard output (no ``-o``, or ``-o -``)."""
    if output is None or str(output) == "-":
        stdout = _stdout()
        if is_terminal(stdout):
            # Read on a terminal, not piped to a file: shown inert like every other print
            # (the Markdown and JSON are already; an .ics keeps C1 and bidi controls as data).
            text = shown(text)
        with _output():
            stdout.flush()
            stdout.buffer.write(text.encode("utf-8"))
            stdout.buffer.flush()
        return
    try:
        write_private(output.expanduser(), text)
    except OSError as error:
        folder = output.expanduser().parent
        if error.errno == errno.ENOENT and not folder.is_dir():
            raise Failure(
                f"cannot write {output}: there is no folder {folder}; make it first, or give "
                "a file in a folder that exists"
            ) from error
        raise Failure(f"cannot write {output}: {error.strerror or error}") from error
    say(f"Wrote {what} to {output}", file=sys.stderr)


def cmd_export(repository: Repository, args: argparse.Namespace) -> int:
    diagnoses = load_diagnoses(repository, args.partner)
    if args.partner and not diagnoses:
        raise Failure(f"no diagnoses of '{args.partner}': '{again('list')}' shows every partner")
    markdown = args.format == "md" or (
        args.format is None
        and args.output is not None
        and Path(args.output).suffix.lower() in (".md", ".markdown")
    )
    text = export_markdown(diagnoses) if markdown else inert_json(export_json(diagnoses))
    _write_out(text, args.output, count_of(len(diagnoses)))
    return 0


def cmd_import(repository: Repository, args: argparse.Namespace) -> int:
    report = import_answers(repository, _read_answers(args.file, importing=True), clock.today())
    if report.error:
        raise UsageError(f"nothing imported: {report.error}")
    # What was added (and skipped) is the command's output; the items refused are problems.
    say(report.summary())
    for line in report.details(rejected=False):
        say(line)
    for line in report.rejections():
        say(line if line.startswith("  ") else f"unstall: {line}", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_ics(repository: Repository, args: argparse.Namespace) -> int:
    diagnosis = _get(repository, args.id)
    held = _held(diagnosis)
    text = calendar_file(diagnosis, now=clock.now(), conversation=held)
    plan = calendar_contents(diagnosis, held)  # what that file holds, in words
    if plan.empty:
        raise Failure(
            f"there is nothing to put in a calendar for #{diagnosis.id}: its review is already "
            "on the calendar and no other day is due"
        )
    _write_out(text, args.output, " and ".join(plan.words()))
    return 0


def serve_command(args: argparse.Namespace, repository: Repository) -> str:
    """The command each browser session runs: this app, on the same database."""
    from tui.serve import shell_command

    parts = [sys.executable, "-m", "tui.cli"]
    parts += ["--demo"] if args.demo else ["--db", str(repository.path)]
    return shell_command(parts)


def cmd_serve(repository: Repository, args: argparse.Namespace) -> int:
    from tui.serve import (
        PrivateServer,
        ServeError,
        check_can_listen,
        host_problem,
        is_loopback,
        remote_refusal,
    )

    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a port number (1-65535)")
    if wrong := host_problem(args.host):
        raise UsageError(wrong)
    refusal = None if args.allow_remote else remote_refusal(args.host)
    if refusal:
        raise UsageError(refusal)
    command = serve_command(args, repository)
    server = PrivateServer(
        command, host=args.host, port=args.port, title="Unstall", open_browser=args.open
    )
    try:
        check_can_listen(args.host, args.port)
    except ServeError as error:
        raise Failure(str(error)) from None
    if not is_loopback(args.host):
        print(
            f"Warning: listening on {args.host}: anyone who can reach port {args.port} there "
            "and has the URL below can open the app and read your partnership notes, and the "
            "connection is not encrypted (others on the network can read the token). Leave "
            "--host out to keep it on this machine.",
            file=sys.stderr,
        )
    repository.close()
    print(
        f"Open {server.url} in a browser; ctrl+c stops.\n"
        "The URL includes a private token, new at each start: anyone who has it can use the "
        "app, so keep it to yourself.",
        file=sys.stderr,
        flush=True,
    )
    try:
        server.run()
    except ServeError as error:
        raise Failure(str(error)) from None
    return 0


COMMANDS = {
    "serve": cmd_serve,
    "export": cmd_export,
    "import": cmd_import,
    "ics": cmd_ics,
    "diagnose": cmd_diagnose,
    "list": cmd_list,
    "history": cmd_history,
    "outcome": cmd_outcome,
    "conversation": cmd_conversation,
    "recap": cmd_recap,
    "agreement": cmd_agreement,
    "show": cmd_show,
    "points": cmd_points,
    "delete": cmd_delete,
}


POSITIONALS = {"partner": "PARTNER", "id": "ID", "file": "FILE"}


def _check_text_arguments(args: argparse.Namespace) -> None:
    """Refuse an argument that is not valid UTF-8: Python hands such bytes over as lone
    surrogates, which can be neither searched, saved nor printed. File paths (``Path``
    values, ``--answers``, ``import FILE``) may be any bytes the system allows."""
    for name, value in vars(args).items():
        if not isinstance(value, str) or name in ("answers", "file"):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            option = POSITIONALS.get(name) or f"--{name.replace('_', '-')}"
            code = ord(value[error.start])
            what = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "a character"
            raise UsageError(
                f"{option} is not valid text: {what} in it is not UTF-8 "
                f"(at character {error.start + 1}). Type it again in a UTF-8 terminal"
            ) from error


EMPTY = {
    "db": "--db is empty: give the database folder, or leave --db out to use your own",
    "answers": "--answers is empty: give the path of the answers file, or - for standard input",
    "file": "FILE is empty: give the path of the import file, or - for standard input",
    "output": "--output is empty: give the file to write, or leave -o out to print it",
    "host": "--host is empty: give an address such as 127.0.0.1 (this machine only), or leave "
    "--host out",
    "search": "--search is empty: give the text to look for, or leave --search out",
    "held_on": "--held-on is empty: give the day the call was held, such as today or 'Nov 20'",
}
"""What to say of an option given as empty text (``--answers ''``), by its name."""


def _check_empty(args: argparse.Namespace) -> None:
    """Refuse a file, address, partner or text given as empty (or blank) text: it would name the
    current folder, every partner or nothing, never what the user meant."""
    for name, value in vars(args).items():
        if not isinstance(value, str) or value.strip():
            continue
        if name == "partner":
            raise UsageError(
                "PARTNER is empty: give the partner's name, as 'unstall list' shows it"
                if args.command == "history"
                else "--partner is empty: give a partner's name, or leave --partner out for "
                "every partner"
            )
        if name in EMPTY:
            raise UsageError(EMPTY[name])


def _check_database_options(args: argparse.Namespace) -> None:
    if args.demo and args.db is not None:
        raise UsageError(
            f"--demo uses a temporary database of sample partners, so --db {args.db} would not "
            "be used: give --demo or --db, not both"
        )
    if args.demo_reset and not args.demo:
        raise UsageError(
            "--demo-reset starts the sample database over and works only with --demo: "
            "'unstall --demo --demo-reset'"
        )


def check_app_can_run() -> None:
    """The full-screen app draws on a terminal and reads its keys: refuse to start it without
    one (it would draw escape sequences into a file and wait for keys that never come), or on
    a terminal that says it is dumb (``TERM=dumb``: no colour, no cursor moves). The
    browser's sessions (``unstall serve``) run it on textual-serve's driver instead."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return
    if _stdin_closed():
        raise UsageError(
            "standard input is closed: the app reads its keys from a terminal; use a command "
            "such as 'unstall list', or UNSTALL_PLAIN=1 for plain prompts"
        )
    if not (is_terminal(sys.stdin) and is_terminal(sys.stdout)):
        raise UsageError(
            "the app needs a terminal; use a command such as 'unstall list', or UNSTALL_PLAIN=1 "
            "for plain prompts"
        )
    if os.environ.get("TERM", "").strip().lower() == "dumb":  # no colour, no cursor moves
        raise UsageError(
            "TERM=dumb: this terminal cannot show the full-screen app; use "
            "'unstall diagnose --plain' for plain prompts (UNSTALL_PLAIN=1 makes them the "
            "default), or a command such as 'unstall list'"
        )


def _parse_arguments(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None
) -> argparse.Namespace:
    args = parser.parse_args(argv)
    _check_text_arguments(args)
    problem = clock.problem()
    if problem:
        raise UsageError(problem)
    _check_database_options(args)
    _check_empty(args)
    _check_db_path(args)
    return args


def environment_warnings() -> list[str]:
    """What is wrong with the settings given in the environment, each a sentence: a value
    Unstall does not know is otherwise read as not given, silently."""
    warnings = []
    country = os.environ.get(workdays.ENV_VAR, "").strip()
    if country and country.lower() != "none" and workdays.known_country(country) is None:
        warnings.append(
            f"{workdays.ENV_VAR}={shown(country, one_line=True)} is no country code whose "
            "public holidays are known, so only 1 January and 25 December count as holidays: "
            "give a two-letter code such as US, GB or DE (or none)"
        )
    order = os.environ.get(ORDER_VAR, "").strip()
    if order and order.lower() not in ("dmy", "mdy"):
        warnings.append(
            f"{ORDER_VAR}={shown(order, one_line=True)} is neither dmy (05/10/2026 is 5 "
            "October) nor mdy (it is May 10), so the locale decides how dates in numbers read"
        )
    return warnings


def _run(args: argparse.Namespace) -> int:
    for warning in environment_warnings():
        say(f"unstall: warning: {warning}", file=sys.stderr)
    if args.command is None:
        if plain_by_default():
            if _stdin_closed():  # said before the database is opened
                raise UsageError(PLAIN_STDIN_CLOSED)
            repository = _open(args)
            try:
                return _run_plain(repository, args, resume=True)
            finally:
                repository.close()
        check_app_can_run()
        from tui.app import run

        return run(args)
    if args.command == "diagnose" and args.template:
        return print_template(args)
    repository = _open(args)
    if repository.notice:
        say(f"unstall: {repository.notice}", file=sys.stderr)
    try:
        return COMMANDS[args.command](repository, args)
    finally:
        for damage in repository.damaged.values():
            say(f"unstall: warning: a damaged file was left out: {damage}", file=sys.stderr)
        repository.close()


def main(argv: Sequence[str] | None = None) -> int:
    portable_output(sys.stdout)  # never a crash on a name the output cannot encode
    portable_output(sys.stderr)
    parser = build_parser()
    try:
        args = _parse_arguments(parser, argv)
        _again[0] = invoked(args)
        code = _run(args)
        _flush_output()
        return code
    except UsageError as error:
        say(f"unstall: {error}", file=sys.stderr)
        return 2
    except OutputFailed as error:
        say(f"unstall: {error}", file=sys.stderr)
        _drop_output()
        return 1
    except (Failure, StoreError) as error:
        say(f"unstall: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _drop_output()
        return 0
    except Exception as error:  # a bug of ours: the details to a crash log, never a traceback
        return report_crash(error, version())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
