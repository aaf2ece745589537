"""What changed between a diagnosis and the one before it: causes first, then answers."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from playbook.causes import CAUSES
from playbook.compare import Comparison
from playbook.dates import long_date
from playbook.inert import shown
from playbook.questions import ALL_QUESTIONS, answer_text, short_name
from tui.widgets.keys_footer import KeysFooter

STATUS_STYLE = {
    "new": "bold $error",
    "worse": "bold $error",
    "resolved": "bold $success",
    "better": "bold $success",
    "same": "$text-muted",
    "unknown": "$accent",
}
STATUS_WORDS = {
    "new": "new",
    "worse": "worse",
    "resolved": "resolved",
    "better": "better",
    "same": "unchanged",
    "unknown": "not known",
}
TREND = {
    "worse": ("▼ Worse than before", "bold $error"),
    "better": ("▲ Better than before", "bold $success"),
    "same": ("= About the same as before", "bold"),
    "unknown": ("? Not enough known now to compare", "bold $accent"),
}


ROW_LINES = 3
"""The most lines a cell of the answers table shows; a longer answer is also shown whole."""


def too_long(text: str, width: int) -> bool:
    """Whether ``text`` takes more than :data:`ROW_LINES` lines in a cell ``width`` wide."""
    return len(Text(shown(text, one_line=True)).wrap(Console(width=width), width)) > ROW_LINES


class CompareScreen(Screen[None]):
    """One diagnosis against the previous one of the same partner."""

    CSS_PATH = "compare.tcss"

    BINDINGS = [
        Binding("escape,h", "back", "Back"),
        Binding("question_mark,f1", "app.help", "Keys"),
    ]

    def __init__(self, comparison: Comparison) -> None:
        super().__init__()
        self.comparison = comparison

    def compose(self) -> ComposeResult:
        comparison = self.comparison
        older, newer = comparison.older, comparison.newer
        words, style = TREND[comparison.trend]
        yield Header()
        with VerticalScroll(id="compare-body"):
            yield Static(
                Content.assemble(
                    (words, style),
                    f"  ·  {long_date(older.diagnosed_on)} → {long_date(newer.diagnosed_on)}",
                ),
                id="trend",
            )
            yield Static(
                Content.assemble(
                    ("Verdict: ", "bold"),
                    f"{older.verdict.verdict} → {newer.verdict.verdict}",
                ),
                classes="block",
            )
            lines = [
                Content.assemble(
                    ("Causes", "bold"),
                    " ",
                    ("(strength: how much evidence points to the cause)", "dim"),
                )
            ]
            for change in comparison.causes:
                lines.append(
                    Content.assemble(
                        f"  {CAUSES[change.cause].title:<14}",
                        (f"{STATUS_WORDS[change.status]:<10}", STATUS_STYLE[change.status]),
                        (f"strength {change.before} → {change.after}", "$text-muted"),
                    )
                )
            if not comparison.causes:
                lines.append(Content("  No cause found either time."))
            yield Static(Content("\n").join(lines), classes="block")
            yield Static(Content.styled("Answers that changed", "bold"), classes="block")
            table: DataTable[Text] = DataTable(id="answers", cursor_type="row", show_cursor=False)
            yield table
            yield Static(id="whole", classes="block")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "What changed"
        self.sub_title = shown(self.comparison.newer.partner, one_line=True)
        self._fill(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fill(event.size.width)

    def _fill(self, screen_width: int) -> None:
        """The answers that changed, in columns as wide as the screen allows: a long value
        wraps onto more lines, so "Before" and "Now" are both always in view."""
        names = [short_name(change.id) for change in self.comparison.answers]
        # The body's padding (2 each side), its scrollbar (2) and a cell's padding (1 each side).
        room = max(screen_width - 6 - 6, 30)
        answer = max(min(max((len(name) for name in names), default=20), 28, room - 32), 12)
        before = (room - answer) // 2
        now = room - answer - before
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column("Answer", width=answer)
        table.add_column("Before", width=before)
        table.add_column("Now", width=now)
        for name, change in zip(names, self.comparison.answers, strict=True):
            table.add_row(
                Text(name),
                Text(shown(change.before, one_line=True)),
                Text(shown(change.after, one_line=True)),
                height=None,
            )
        if not self.comparison.answers:
            table.add_row(Text("(no answer changed)"), Text(""), Text(""))
        self._show_whole(before, now)

    def _show_whole(self, before: int, now: int) -> None:
        """Below the table, whole, each answer the table shows cut short: a cell shows at most
        three lines, and a note is a line of its start there. Line by line, as typed."""
        older, newer = self.comparison.older, self.comparison.newer
        cut = []
        for change in self.comparison.answers:
            question = ALL_QUESTIONS[change.id]
            old = answer_text(change.id, older.answers.get(change.id), older.diagnosed_on)
            new = answer_text(change.id, newer.answers.get(change.id), newer.diagnosed_on)
            # A note's cell is its start on one line: cut short unless it is the whole note.
            shortened = question.multiline and (old != change.before or new != change.after)
            if shortened or too_long(change.before, before) or too_long(change.after, now):
                cut.append((short_name(change.id), old, new))
        whole = self.query_one("#whole", Static)
        whole.display = bool(cut)
        if not cut:
            return
        lines = [Content.styled("Whole answers (cut short above)", "bold")]
        for name, old, new in cut:
            lines.append(Content.styled(name, "bold"))
            for label, text in (("Before", old), ("Now", new)):
                body = shown(text).splitlines() or [""]
                lines.append(Content(f"  {label}: {body[0]}"))
                lines.extend(Content(f"  {' ' * len(label)}  {line}") for line in body[1:])
        whole.update(Content("\n").join(lines))

    def action_back(self) -> None:
        self.dismiss(None)
