"""Every key of the app: the screen underneath first (read from its bindings, so always true),
what works anywhere, each other screen's keys, and last the keys Textual itself provides."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from playbook.inert import shown

ANYWHERE = (
    ("^q", "Quit (what you typed is saved; an outcome not yet saved is asked about)"),
    ("^p", "Command palette: new, resume, find, home, a partner, theme"),
    ("f1 ?", "These keys (? not while typing)"),
)
GENERAL = (
    "^ stands for the ctrl key: ^q is ctrl+q (on a Mac too: control, not command). "
    "A capital letter is that letter with shift: R is shift+r. "
    "In the questionnaire, tab and shift+tab move between questions and enter moves on (on "
    "an empty answer marked * it stays, tab still moves on); a choice is picked with the arrow "
    "keys and enter, or at once with its digit or its first letter when no other "
    "option starts with it, and enter on a choice left alone moves on, leaving it unanswered."
)
KEY_WIDTH = 12


def screens() -> list[tuple[str, type[Screen[object]]]]:
    """The app's screens, in the order a person meets them, with the name the help gives."""
    from tui.screens.compare import CompareScreen
    from tui.screens.drafts import DraftsScreen
    from tui.screens.find import FindScreen
    from tui.screens.home import HomeScreen
    from tui.screens.meeting import MeetingScreen
    from tui.screens.outcome import OutcomeScreen
    from tui.screens.partner import PartnerScreen
    from tui.screens.points import PointsScreen
    from tui.screens.questionnaire import QuestionnaireScreen
    from tui.screens.review import ReviewScreen
    from tui.screens.verdict import VerdictScreen

    return [
        ("Home", HomeScreen),
        ("Questionnaire", QuestionnaireScreen),
        ("Review", ReviewScreen),
        ("Verdict", VerdictScreen),
        ("Talking points", PointsScreen),
        ("Reset conversation", MeetingScreen),
        ("After the call", DraftsScreen),
        ("Partner", PartnerScreen),
        ("What changed", CompareScreen),
        ("Record outcome", OutcomeScreen),
        ("Find", FindScreen),
    ]


def own_bindings(node: DOMNode) -> set[tuple[str, str]]:
    """(key, action) of every binding declared by one of the app's own classes (``tui.``) in
    ``node``'s class hierarchy; the rest come from Textual."""
    own: set[tuple[str, str]] = set()
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("tui."):
            continue
        declared: list[BindingType] = list(vars(cls).get("BINDINGS", []))
        own.update((b.key, b.action) for b in Binding.make_bindings(declared))
    return own


def grouped(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(keys, what they do): the keys that do the same thing on one line, in order."""
    keys: dict[str, list[str]] = {}
    for key, description in pairs:
        keys.setdefault(description, [])
        if key not in keys[description]:
            keys[description].append(key)
    return [(" ".join(group), description) for description, group in keys.items()]


def keys_of(screen: Screen[object]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The keys active on ``screen``: (the app's own, Textual's), each as (keys, what)."""
    screen_keys: list[tuple[str, str]] = []
    ours: list[tuple[str, str]] = []
    textual: list[tuple[str, str]] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.action == "app.help":
            continue
        display = screen.app.get_key_display(binding)
        pair = (display, binding.description)
        mine = (binding.key, binding.action) in own_bindings(active.node)
        if not mine:
            textual.append(pair)
        elif active.node is screen:
            screen_keys.append(pair)
        else:
            ours.append(pair)
    # The screen's own keys first, then its widgets' (moving through a list, say).
    return grouped(screen_keys + ours), grouped(textual)


def declared_keys(screen: Screen[object], cls: type[Screen[object]]) -> list[tuple[str, str]]:
    """The keys ``cls`` declares, as (keys, what), shown as the app shows keys."""
    declared: list[BindingType] = list(cls.BINDINGS)
    pairs = [
        (screen.app.get_key_display(binding), binding.description)
        for binding in Binding.make_bindings(declared)
        if binding.description and binding.action != "app.help"
    ]
    return grouped(pairs)


def section(title: str, pairs: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> Content:
    lines = [Content.styled(title, "bold")]
    lines += [
        Content.assemble((f"{key:<{KEY_WIDTH}}", "bold $accent"), f"  {description}")
        for key, description in pairs
    ]
    return Content("\n").join(lines)


@runtime_checkable
class KeysElsewhere(Protocol):
    """A screen whose keys change with its state (a tab, an edit): ``keys_elsewhere`` gives
    those off right now, as (keys, what and where), listed after the ones that work."""

    def keys_elsewhere(self) -> list[tuple[str, str]]: ...


class HelpScreen(ModalScreen[None]):
    """The keys of the screen it was opened from first, then the rest of the app's, then
    Textual's."""

    CSS_PATH = "help.tcss"

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.keys, self.textual_keys = keys_of(under)
        if isinstance(under, KeysElsewhere):
            self.keys += [pair for pair in under.keys_elsewhere() if pair not in self.keys]
        # The screen by the name the help gives it, with what it shows: "Partner (Acme)".
        name = next((title for title, cls in screens() if isinstance(under, cls)), "this screen")
        own = shown(under.title or "", one_line=True)
        shows = own and own not in (name, str(under.app.title))
        self.under_title = f"{name} ({own})" if shows else name
        self.others = [
            (title, declared_keys(under, cls))
            for title, cls in screens()
            if not isinstance(under, cls)
        ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            with VerticalScroll():
                yield Static(section(f"Keys: {self.under_title}", self.keys), id="keys")
                yield Static(section("Anywhere", ANYWHERE), id="anywhere", classes="part")
                for title, pairs in self.others:
                    yield Static(section(title, pairs), classes="part other")
                if self.textual_keys:
                    yield Static(
                        section("Textual's keys (moving, scrolling, copying)", self.textual_keys),
                        id="textual",
                        classes="part",
                    )
                yield Static(Content(GENERAL), id="general", classes="part dim")
            yield Static(Content("Press escape to close."), classes="dim")
