"""The help screen (? or F1): every key of the screen it was opened on, with what it does, read from that screen's
BINDINGS (and its HELP_KEYS for keys its widgets handle), then the keys that work everywhere."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from deckapp.review.sm2 import QUALITY_MEANINGS

KEY_NAMES = {
    "enter": "Enter", "escape": "Esc", "space": "Space", "tab": "Tab", "pageup": "PgUp", "pagedown": "PgDn",
    "up": "↑", "down": "↓", "left": "←", "right": "→", "home": "Home", "end": "End", "question_mark": "?",
    "backspace": "Backspace", "delete": "Del", "ctrl": "Ctrl", "shift": "Shift", "alt": "Alt",
}
# What an action does, where its binding's own label is only the key (the grades are labelled 0 to 5).
ACTIONS = {
    "grade": "grade the card: " + ", ".join(f"{quality} {meaning}" for quality, meaning in QUALITY_MEANINGS.items()),
}
SCREEN_NAMES = {"HomeScreen": "the decks", "StudyScreen": "a study session", "BrowseScreen": "reading the cards",
                "StatsScreen": "deck statistics", "StudyMoreScreen": "study more", "AddDeckScreen": "adding a deck"}


def key_name(key: str) -> str:
    """`ctrl+z` as Ctrl+Z, `pageup` as PgUp, `f1` as F1."""
    parts = key.split("+")

    def name(part: str) -> str:
        if part in KEY_NAMES:
            return KEY_NAMES[part]
        if (part[:1] == "f" and part[1:].isdigit()) or (len(part) == 1 and len(parts) > 1):
            return part.upper()
        return part

    return "+".join(name(part) for part in parts)


def keys_text(keys: list[str]) -> str:
    if len(keys) > 2 and all(key.isdigit() for key in keys):
        return f"{keys[0]}–{keys[-1]}"
    return " or ".join(key_name(key) for key in keys)


def binding_rows(screen: Screen, bindings: list[Binding]) -> list[tuple[str, str, bool]]:
    """(keys, what they do, whether they work right now), one row per action: `s` and Enter studying are one
    row, and so are the six grade keys."""
    rows: dict[str, tuple[list[str], str, bool]] = {}
    for binding in bindings:
        action = binding.action
        name = action.split("(", 1)[0].removeprefix("app.").removeprefix("screen.")
        text = binding.tooltip or binding.description
        if not text or text in binding.key.split(","):
            text = ACTIONS.get(name, name.replace("_", " "))
        group = name if name in ACTIONS else action
        keys, _text, enabled = rows.get(group, ([], text, False))
        parameters = ()
        if "(" in action:
            parameters = tuple(part.strip() for part in action[action.index("(") + 1:-1].split(",") if part.strip())
        try:
            now = screen.check_action(name, parameters) is not False
        except Exception:  # a check that needs state the screen lacks just now: shown as available
            now = True
        rows[group] = (keys + binding.key.split(","), text, enabled or now)
    return [(keys_text(keys), text[:1].upper() + text[1:], enabled) for keys, text, enabled in rows.values()]


def own_bindings(cls: type) -> list[Binding]:
    """The bindings a deckapp class declares (and its deckapp base classes), not Textual's defaults."""
    found: list[Binding] = []
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("deckapp.") and "BINDINGS" in vars(klass):
            found += [b if isinstance(b, Binding) else Binding(*b) for b in vars(klass)["BINDINGS"]]
    return found


def help_text(screen: Screen) -> Group:
    """The keys of `screen`, then those that work everywhere, as two columns (a long description wraps beside
    its keys); a key that does nothing just now is dimmed and says so."""
    name = SCREEN_NAMES.get(type(screen).__name__, type(screen).__name__)
    rows = binding_rows(screen, own_bindings(type(screen)))
    rows += [(keys, text[:1].upper() + text[1:], True) for keys, text in getattr(screen, "HELP_KEYS", [])]
    app = screen.app
    everywhere = binding_rows(screen, own_bindings(type(app)))
    everywhere.append((key_name(app.COMMAND_PALETTE_BINDING), "Command palette: the app's commands", True))
    width = max(len(keys) for keys, _text, _enabled in rows + everywhere) + 2

    def keys_table(section: list[tuple[str, str, bool]]) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, width=width)
        table.add_column()
        for keys, text, enabled in section:
            table.add_row(Text(f"  {keys}", style="bold" if enabled else "dim"),
                          Text(text + ("" if enabled else " (not now)"), style="" if enabled else "dim"))
        return table

    return Group(Text.assemble(("Keys on this screen: ", "bold"), (name, "bold"), "\n"), keys_table(rows),
                 Text("\nEverywhere\n", style="bold"), keys_table(everywhere))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="close-help")]

    def __init__(self, screen: Screen):
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Static(help_text(self.target), id="help-keys")
            yield Static("Esc closes this", classes="dialog-hint")
