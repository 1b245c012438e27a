"""The deckapp study app: Home on the decks, a study screen per session, a browser, stats and help screens, the
command palette's own commands, and the theme kept between runs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from deckapp.deck.library import Entry
from deckapp.deck.model import Card, Deck
from deckapp.errors import DeckappError
from deckapp.review.store import Store
from deckapp.tui.screens.home import HomeScreen
from deckapp.tui.store_problems import StoreFailures, reports_store_failures


class DeckApp(StoreFailures, App):
    CSS_PATH = "app.tcss"
    TITLE = "deckapp"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True),
        Binding("question_mark,f1", "help", "Help", id="help", key_display="?"),
    ]

    def __init__(self, entries: list[Entry], store: Store, clock: Callable[[], datetime],
                 start: Iterable[Deck] = ()):
        super().__init__()
        self.entries = entries
        self.store = store
        self.clock = clock
        self.start = list(start)

    def on_mount(self) -> None:
        from deckapp import config

        theme = config.saved_theme()
        if theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self.save_theme)
        if self.start:
            self.study(self.start)

    def get_key_display(self, binding: Binding) -> str:
        """Help is offered on F1 while the focus is on a box that types "?" (an answer) instead of opening it."""
        focused = self.focused
        if binding.action == "help" and focused is not None and focused.check_consume_key("question_mark", "?"):
            return "F1"
        return super().get_key_display(binding)

    def get_default_screen(self) -> Screen:
        return HomeScreen(select=self.start[0].id if self.start else None)

    def save_theme(self, theme) -> None:
        from deckapp import config

        try:
            config.save_theme(theme.name)
        except DeckappError as exc:
            self.notify(f"The theme could not be kept for next time: {exc}", severity="warning")

    @property
    def home(self) -> HomeScreen:
        return next(screen for screen in self.screen_stack if isinstance(screen, HomeScreen))

    # -- studying --------------------------------------------------------------------------------------------

    @reports_store_failures
    def study(self, decks: list[Deck], queue: list | None = None, offer_more: bool = False) -> None:
        """A session on `decks` (several are taken in turn), on today's queue or on `queue` (study more). With
        `offer_more`, a deck with nothing left today offers study more instead of an empty session."""
        from deckapp.review.combined import CombinedSession
        from deckapp.review.session import StudySession
        from deckapp.review.summary import last_review_id
        from deckapp.tui.screens.study import StudyScreen

        sessions = [StudySession(deck, self.store, self.clock) for deck in decks]
        if queue is not None:
            sessions[0].queue = queue
        elif offer_more and self._nothing_left(sessions):
            self.study_more(decks[0], f"Nothing is due in {decks[0].title} today.")
            return
        session = sessions[0] if len(sessions) == 1 else CombinedSession(sessions)
        screen = StudyScreen(session)
        if isinstance(session, CombinedSession):
            session.on_deck = lambda deck: setattr(screen, "sub_title", deck.title)
        since = last_review_id(self.store.conn)
        self.push_screen(screen, callback=lambda _none: self.session_ended(decks, since))  # the screen returns None

    def _nothing_left(self, sessions: list) -> bool:
        """Whether no session has a card left today; a store that cannot be read is shown by the study screen."""
        from deckapp.tui.store_problems import STORE_ERRORS

        try:
            return all(session.current is None for session in sessions)
        except STORE_ERRORS:
            return False

    def session_ended(self, decks: list[Deck], since: int) -> None:
        """Back on Home: the session's summary, fresh counts, and the deck studied selected."""
        from deckapp.review.summary import session_summary
        from deckapp.tui.store_problems import STORE_ERRORS

        home = self.home
        try:
            summary = session_summary(self.store.conn, decks, since, self.clock())
        except STORE_ERRORS as exc:
            self.store_failed(exc)
        else:
            if summary.cards:
                title = decks[0].title if len(decks) == 1 else f"{len(decks)} decks"
                home.show_summary(title, summary.line())
        home.refresh_counts(select=decks[0].id)

    @reports_store_failures
    def study_more(self, deck: Deck, reason: str = "", then: Callable[[list], None] | None = None) -> None:
        """Ask how much more to study of `deck` (new cards beyond today's limit, or reviews due in the next days),
        then study those cards: in a new session, or handed to `then` (a session at its end goes on with them)."""
        from deckapp.review.queue import more_counts
        from deckapp.tui.screens.more import StudyMoreScreen

        counts = more_counts(self.store, deck, self.clock())
        today = counts.today if then is None else 0  # a session's end: none are left
        self.push_screen(StudyMoreScreen(deck.title, reason, counts.new_left, counts.ahead, today),
                         callback=partial(self.more_chosen, deck, then))

    @reports_store_failures
    def more_chosen(self, deck: Deck, then: Callable[[list], None] | None, choice: tuple[int, int] | None) -> None:
        """Study the cards chosen on the study-more screen (nothing when it was cancelled)."""
        from deckapp.review.queue import study_more

        if choice is not None:
            new_cards, days_ahead = choice
            cards = study_more(self.store, deck, self.clock(), new_cards=new_cards, days_ahead=days_ahead)
            if then is not None:
                then(cards)
            else:
                self.study([deck], cards)

    def on_study_screen_study_more(self, message) -> None:
        """`m` at the end of a session: more of the deck just studied, in the same session."""
        self.study_more(message.screen.session.deck, then=message.screen.add_cards)

    @reports_store_failures
    def action_undo(self) -> None:
        """Undo in a session; elsewhere, take back the last grade given today, in any deck."""
        if hasattr(self.screen, "action_undo"):
            self.screen.action_undo()
            return
        from deckapp.review.day import study_day_start

        last = self.store.last_review(None, study_day_start(self.clock()))
        if last is None:
            self.notify("Nothing to undo: no card was graded today.", timeout=3)
            return
        undone = self.store.undo_review(last.id)  # a StoreError: reported and counted
        self.notify(f"Undid the grade {undone.quality} of {undone.card_id} ({undone.deck_id}).", timeout=3)
        self.home.refresh_counts()

    # -- other screens ---------------------------------------------------------------------------------------

    def browse(self, deck: Deck) -> None:
        from deckapp.tui.screens.browse import BrowseScreen

        self.push_screen(BrowseScreen(deck))

    def show_stats(self, deck: Deck) -> None:
        from deckapp.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(deck))

    def action_help(self) -> None:
        from deckapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_add_deck(self, path: str = "") -> None:
        from deckapp.tui.screens.add import AddDeckScreen

        def added(decks: list[Deck] | None) -> None:
            if decks:
                self.reload_library(select=decks[0].id)
                names = ", ".join(deck.title for deck in decks)
                self.notify(f"Added to your decks: {names}", timeout=4)

        self.push_screen(AddDeckScreen(path), callback=added)

    def reload_library(self, select: str | None = None) -> None:
        from deckapp.deck.library import entries

        opened = [entry.deck for entry in self.entries
                  if entry.deck is not None and not (entry.bundled or entry.remembered)]
        try:
            self.entries = entries(opened)
        except DeckappError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.home.refresh_counts(select=select)

    # -- editing deck files ----------------------------------------------------------------------------------

    def edit_entry(self, entry: Entry, line: int | None = None) -> Entry | None:
        """Open the entry's deck file in the student's editor (at `line`, else at its first problem), then read
        it again: Home shows the deck as saved, or its errors. The file is only ever changed by the editor. A
        bundled deck's file is part of deckapp, not the student's: refused (None), saying what to do instead."""
        from deckapp.deck.library import load_entry, unique_entry
        from deckapp.tui.editor import run_editor

        if entry.bundled:
            self.notify(f"{entry.title} comes with deckapp: its file is not edited in place. Copy {entry.path} "
                        "and `deckapp add` the copy, which takes its place (its reviews are kept).",
                        title="A bundled deck", severity="warning", timeout=10)
            return None

        problem = run_editor(self, entry.path, line or entry.line)
        if problem is not None:
            self.notify(problem, severity="warning", timeout=8)
        fresh = load_entry(entry.path, entry.id, bundled=entry.bundled, remembered=entry.remembered)
        fresh = unique_entry(fresh, [item for item in self.entries if item is not entry], entry.id)
        self.entries = [fresh if item is entry else item for item in self.entries]
        if fresh.deck is not None and fresh.id != entry.id:
            self.notify(f"It is now '{fresh.id}', no longer '{entry.id}': reviews are kept by deck id, so its counts "
                        f"are now those of the reviews given as '{fresh.id}', not as '{entry.id}' (they stay kept).",
                        title="The deck's id changed", severity="warning", timeout=12)
        if fresh.problems:
            shown = "\n".join(fresh.problems[:4]) + ("\n…" if len(fresh.problems) > 4 else "")
            self.notify(f"{shown}\nPress e on the deck to fix it; its reviews are kept.",
                        title="The deck has errors", severity="error", timeout=12)
        self.home.refresh_counts(select=fresh.id)
        return fresh

    def edit_deck(self, deck: Deck, card: Card | None = None) -> Deck | None:
        """For the study and browse screens: edit `deck`'s file at `card`'s line and return the deck as saved,
        or None when it now has errors (shown), another id (shown: its reviews are kept by id), it has no file or
        it is bundled; the screen goes on with the deck it has."""
        # The deck's entry, also when an earlier edit in this session or reading left it with errors or another
        # id: that entry is the one to read again, so that Home no longer shows what was put right.
        entry = next((item for item in self.entries if item.id == deck.id), None) or next(
            (item for item in self.entries if deck.path is not None and item.path == str(deck.path)), None)
        if entry is None:
            if deck.path is None:
                self.notify("This deck has no file to edit.", severity="warning")
                return None
            entry = Entry(deck.id, str(deck.path), deck)
        fresh = self.edit_entry(entry, card.line if card is not None and card.line else None)
        return None if fresh is None or fresh.deck is None or fresh.id != deck.id else fresh.deck

    def edit_in_session(self, session, card: Card | None) -> bool:
        """For the study screen: edit the deck of `session` (a StudySession, or the deck now studied in a
        CombinedSession) at `card`'s line; when it reads well afterwards, the session goes on with the cards as
        saved (a card deleted in the edit leaves the queue). Whether the deck was read again."""
        active = getattr(session, "active", session)
        deck = self.edit_deck(active.deck, card)
        if deck is None:
            return False
        active.use_deck(deck)
        return True

    # -- the command palette ---------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterator[SystemCommand]:
        if isinstance(screen, HomeScreen):
            for entry in self.entries:
                deck = entry.deck
                if deck is None:
                    continue
                yield SystemCommand(f"Study: {deck.title}", "today's cards of this deck", partial(self.study, [deck],
                                                                                                  offer_more=True))
                yield SystemCommand(f"Study more: {deck.title}", "more new cards, or review ahead",
                                    partial(self.study_more, deck))
                yield SystemCommand(f"Browse: {deck.title}", "read through the cards", partial(self.browse, deck))
                yield SystemCommand(f"Stats: {deck.title}", "forecast, reviews per day, retention",
                                    partial(self.show_stats, deck))
        undoes = "the last grade" if hasattr(screen, "action_undo") else "the last grade given today, in any deck"
        yield SystemCommand("Undo", f"take back {undoes}", self.action_undo)
        yield SystemCommand("Add a deck", "keep a deck file or folder in your decks", self.action_add_deck)
        yield SystemCommand("Switch theme", "choose the colours (kept for next time)", self.action_change_theme)
        yield SystemCommand("Help", "every key of this screen", self.action_help)
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Keys"):  # offered above, as "Switch theme" and "Help"
                yield command


def make_app(store: Store, clock: Callable[[], datetime], decks: Deck | Iterable[Deck] = ()) -> DeckApp:
    """The app on the bundled decks and the library, plus `decks` (a Deck or several: opened by path for this
    run), which are studied straight away when given."""
    from deckapp.deck.library import entries

    start = [decks] if isinstance(decks, Deck) else list(decks)
    return DeckApp(entries(start), store, clock, start)


def run(store: Store, clock: Callable[[], datetime], decks: Iterable[Deck] = ()) -> int:
    """Run the app; the exit code: 1 when it ended on an error that Textual showed, else 0."""
    app = make_app(store, clock, decks)
    app.run()
    return app.return_code or 0
