"""Home, the library, study more, the session summary, editing, stats, help, the palette and the theme, driven
as a student would: keys in, screen, store and files checked."""

import json
import sys
from datetime import UTC, datetime, timedelta

import pytest

from deckapp.deck import load_deck
from deckapp.deck.library import add_decks
from deckapp.review.stats import deck_stats
from deckapp.tui.app import make_app

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
BUNDLED_TITLE = "Mathematical foundations of deep learning — Lecture 2"
LONG_TITLE = "Linear algebra for deep learning — vectors, matrices, eigenvalues and the singular value decomposition"


def deck_text(deck_id, title, cards=3, new_per_day=20):
    body = "".join(f"  - id: c{i}\n    front: Question {i} of {deck_id}\n    back: Answer {i}\n" for i in range(cards))
    return f"deck: {deck_id}\ntitle: {title}\nlimits: {{new_per_day: {new_per_day}}}\ncards:\n{body}"


@pytest.fixture
def own(tmp_path):
    path = tmp_path / "own.yaml"
    path.write_text(deck_text("own", LONG_TITLE), encoding="utf-8")
    add_decks([str(path)])
    return path


def line_of(path, text):
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def screen_name(app):
    return type(app.screen).__name__


def shown_text(widget):
    """The words a widget shows, its border left out."""
    lines = "\n".join(strip.text for strip in widget.render_lines(widget.size.region))
    return " ".join(lines.translate({ord(c): " " for c in "▊▎▔▁"}).split())


def row_of(app, deck_id):
    """The counts (due, new, learned, cards) and the deck text of a deck's line on Home."""
    counts, deck = app.screen.rows[deck_id]
    return [*counts, deck]


async def test_homes_footer_offers_enter_to_study(store):
    """Enter studies the deck under the cursor: the footer says so, though the deck list has the focus (its own
    Enter, which selects, is hidden)."""
    from textual.widgets._footer import FooterKey

    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        offered = {key.key: key.description for key in app.screen.query(FooterKey)}
        assert offered["enter"] == "Study"
        await pilot.press("enter")
        assert screen_name(app) == "StudyScreen"


async def test_home_lists_bundled_and_library_decks_with_counts(store, own):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)):
        assert [entry.id for entry in app.entries] == ["mfdl-lecture-02", "own"]
        assert row_of(app, "own")[:4] == ["0", "3", "0", "3"]
        assert row_of(app, "mfdl-lecture-02")[:4] == ["0", "20", "0", "28"]


async def test_at_80x24_whole_titles_show_and_nothing_scrolls_sideways(store, own):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(80, 24)):
        decks = app.screen.query_one("#decks")
        assert decks.virtual_size.width <= decks.size.width and not decks.show_horizontal_scrollbar
        text = shown_text(decks)
        assert BUNDLED_TITLE in text
        assert "the singular value decomposition" in text  # the end of a title longer than the screen


async def test_a_resize_wraps_the_deck_lines_anew_without_reading_the_store(store, own, monkeypatch):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        decks = app.screen.query_one("#decks")
        lines = decks.get_option("own").prompt.plain.count("\n")
        reads = []
        card_records = store.card_records
        monkeypatch.setattr(store, "card_records", lambda *args: reads.append(args) or card_records(*args))
        await pilot.resize_terminal(160, 24)
        await pilot.pause()
        assert decks.get_option("own").prompt.plain.count("\n") < lines  # the long title takes fewer lines
        assert row_of(app, "own")[:4] == ["0", "3", "0", "3"] and reads == []


async def test_a_broken_or_missing_library_deck_shows_its_problem_and_the_others_stay_usable(store, own, tmp_path,
                                                                                             monkeypatch):
    gone = tmp_path / "gone.yaml"
    gone.write_text(deck_text("gone", "Gone"), encoding="utf-8")
    add_decks([str(gone)])
    gone.unlink()
    own.write_text(own.read_text(encoding="utf-8").replace("back: Answer 1", "bak: Answer 1"), encoding="utf-8")
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        assert f"{own}:{line_of(own, 'bak:')}:5: unknown key 'bak'" in row_of(app, "own")[4]
        assert "the file is gone" in row_of(app, "gone")[4]
        assert "e opens the file" not in row_of(app, "gone")[4]  # there is no file to open
        assert row_of(app, "gone")[4].count("deckapp remove") == 1  # said once, by the problem itself
        assert "e opens the file at the problem" in row_of(app, "own")[4]
        assert row_of(app, "own")[:4] == ["—"] * 4
        await pilot.press("down", "enter")
        assert screen_name(app) == "HomeScreen"  # a broken deck cannot be studied: said, not crashed
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("EDITOR", "touch")  # an editor makes the file it is given
        await pilot.press("down", "e", "up")
        assert not gone.exists()  # e does not open an editor on a file that is gone
        await pilot.press("up", "enter")
        assert screen_name(app) == "StudyScreen" and app.screen.session.deck.id == "mfdl-lecture-02"


async def test_after_study_file_escape_returns_home_with_that_deck_selected_and_a_summary(store, own, tmp_path):
    path = tmp_path / "given.yaml"
    path.write_text(deck_text("given", "Given by path"), encoding="utf-8")
    app = make_app(store, lambda: NOW, load_deck(path))
    async with app.run_test(size=(100, 30)) as pilot:
        assert screen_name(app) == "StudyScreen" and app.screen.session.deck.id == "given"
        await pilot.press("space", "5", "space", "2", "space", "4", "escape")
        assert screen_name(app) == "HomeScreen"
        assert app.screen.selected().id == "given"
        summary = str(app.screen.query_one("#summary").render())
        assert "Given by path" in summary
        assert "3 cards: 2 right first time · 0 after a retry · 1 wrong" in summary
        assert "opened from" in row_of(app, "given")[4]  # not in the library: a adds it


async def test_a_library_deck_opened_by_its_path_stays_the_library_deck(store, own):
    app = make_app(store, lambda: NOW, load_deck(own))
    async with app.run_test(size=(100, 30)):
        assert [(entry.id, entry.remembered) for entry in app.entries] == [("mfdl-lecture-02", False),
                                                                             ("own", True)]


async def test_study_folder_takes_every_deck_in_turn(store, tmp_path):
    from deckapp.deck.library import folder_decks

    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.yaml").write_text(deck_text("a", "Deck A", cards=1), encoding="utf-8")
    (folder / "b.yaml").write_text(deck_text("b", "Deck B", cards=1), encoding="utf-8")
    app = make_app(store, lambda: NOW, folder_decks(str(folder)))
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.screen.sub_title == "Deck A"
        await pilot.press("space", "5")
        assert app.screen.session.deck.id == "b" and app.screen.sub_title == "Deck B"
        await pilot.press("space", "4", "escape")
        assert [(row.deck_id, row.quality) for row in store.log()] == [("a", 5), ("b", 4)]
        assert "2 decks" in str(app.screen.query_one("#summary").render())


async def test_nothing_due_offers_study_more_and_the_extra_cards_are_studied(store, tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(deck_text("small", "Small", cards=6, new_per_day=2), encoding="utf-8")
    add_decks([str(path)])
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "enter", "space", "5", "space", "5")
        assert str(app.screen.query_one("#front").render()).startswith("That is all for today")
        await pilot.press("escape", "enter")
        assert screen_name(app) == "StudyMoreScreen"
        assert [label for label, _ in app.screen.offers] == ["4 more new cards (all that are left)",
                                                              "Review ahead: 2 cards due tomorrow"]
        await pilot.press("enter")  # the first offer
        assert screen_name(app) == "StudyScreen" and app.screen.session.remaining == 4
        for _ in range(4):
            await pilot.press("space", "4")
        await pilot.press("escape")
        assert len(store.log("small")) == 6
        stats = deck_stats(store.conn, load_deck(path), NOW)
        assert (stats["new"], stats["reviews_today"]) == (0, 6)
        assert "4 cards: 4 right first time" in str(app.screen.query_one("#summary").render())
        await pilot.press("m", "down", "enter")  # review ahead: the cards due tomorrow
        assert [item.card.id for item in app.screen.session.queue] == [f"c{i}" for i in range(6)]


async def test_study_more_with_nothing_left_says_so(store, tmp_path):
    path = tmp_path / "one.yaml"
    path.write_text(deck_text("one", "One", cards=1), encoding="utf-8")
    store.review("one", "c0", "sm2", 5, NOW - timedelta(days=1))
    store.review("one", "c0", "sm2", 5, NOW)  # next due in 6 days
    add_decks([str(path)])
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "m")
        assert [label for label, _ in app.screen.offers] == ["Review ahead: 1 card due in the next 7 days"]
        store.review("one", "c0", "sm2", 5, NOW)
        await pilot.press("escape", "m")
        assert app.screen.offers == []
        await pilot.press("escape")
        assert screen_name(app) == "HomeScreen"


async def test_study_more_before_todays_cards_are_done_says_they_come_first(store, own):
    """`m` on a deck whose new cards are all in today's queue: nothing more to offer, and the dialog says that
    today's cards are still to study, not that every card has been seen."""
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "m")
        assert screen_name(app) == "StudyMoreScreen" and app.screen.offers == []
        text = str(app.screen.query_one("#more .dialog-title").render())
        assert "every card has been seen" not in text and "today's 3 cards" in text


EDITOR = """\
import json, pathlib, sys
args = sys.argv[1:]
pathlib.Path(sys.argv[0]).with_suffix(".log").open("a").write(json.dumps(args) + "\\n")
path = pathlib.Path(args[-1])
text = path.read_text()
for old, new in json.loads(pathlib.Path(sys.argv[0]).with_suffix(".json").read_text()):
    text = text.replace(old, new)
path.write_text(text)
"""


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """A stand-in for the student's editor: it logs its arguments and makes the replacements it is given."""
    script = tmp_path / "editor.py"
    script.write_text(EDITOR, encoding="utf-8")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")

    def edits(*pairs):
        script.with_suffix(".json").write_text(json.dumps(pairs), encoding="utf-8")

    def calls():
        log = script.with_suffix(".log")
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    edits()
    return edits, calls


async def test_e_on_home_edits_the_deck_file_and_reads_it_again(store, own, editor):
    edits, calls = editor
    edits(("title: Linear algebra", "title: Linear algebra, revised"))
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "e")
        assert calls() == [[str(own)]]
        assert app.entries[1].title.startswith("Linear algebra, revised")
        assert "Linear algebra, revised" in row_of(app, "own")[4]


async def test_an_edit_that_breaks_the_deck_shows_its_errors_and_loses_nothing(store, own, editor):
    edits, calls = editor
    edits(("    back: Answer 2", "    back: Answer 2\n    back: twice"))
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("down", "e")
        assert any("The deck has errors" in str(n.title) for n in app._notifications)
        twice = line_of(own, "back: twice")  # the student's text is kept as typed
        assert f"{own}:{twice}:5: key 'back' given twice" in row_of(app, "own")[4]
        edits(("    back: twice\n", ""))
        await pilot.press("e")
        assert calls()[-1] == [f"+{twice}", str(own)]  # opened again at the problem
        assert app.entries[1].deck is not None and row_of(app, "own")[3] == "3"


async def test_a_bundled_deck_is_not_edited_in_place_nor_told_to_be_removed(store, editor, tmp_path, monkeypatch):
    from deckapp import paths

    _edits, calls = editor
    broken = tmp_path / "bundled" / "broken.yaml"
    broken.parent.mkdir()
    broken.write_text(deck_text("broken", "Broken lecture").replace("back: Answer 1", "bak: Answer 1"),
                      encoding="utf-8")
    shipped = paths.bundled_deck_paths()
    monkeypatch.setattr(paths, "bundled_deck_paths", lambda: [*shipped, str(broken)])
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        assert [entry.bundled for entry in app.entries] == [True, True]
        line = row_of(app, "broken")[4]
        assert "unknown key 'bak'" in line and "deckapp remove" not in line and "e opens the file" not in line
        for keys in (["down", "e"], ["up", "e"], ["b", "e"]):  # a deck with errors, a good one, while browsing
            await pilot.press(*keys)
            await pilot.pause()
            [refusal] = [str(note.message) for note in app._notifications]
            assert "comes with deckapp" in refusal and "`deckapp add` the copy" in refusal
            app.clear_notifications()
        assert calls() == []


async def test_e_while_browsing_and_studying_opens_the_card_line(store, own, editor):
    edits, calls = editor
    edits(("Question 1 of own", "Question one, edited"))
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "b", "n", "e")
        deck = load_deck(own)
        assert calls() == [[f"+{deck.cards[1].line}", str(own)]]
        assert "Question one, edited" in str(app.screen.query_one("#front").render())
        edits(("Question 0 of own", "Question zero, edited"))
        await pilot.press("escape", "enter", "e")
        assert calls()[-1] == [f"+{deck.cards[0].line}", str(own)]
        assert "Question zero, edited" in str(app.screen.query_one("#front").render())
        await pilot.press("space", "5")
        assert "Question one, edited" in str(app.screen.query_one("#front").render())


async def test_a_deck_broken_and_then_fixed_from_a_session_is_usable_again_on_home(store, own, editor):
    """e in a session breaks the deck (the session goes on), a second e fixes it: back on Home the deck's line
    shows its counts, not the error that was fixed."""
    edits, _calls = editor
    edits(("    back: Answer 0", "    back: Answer 0\n    back: twice"))
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "enter", "e")
        assert "given twice" in app.home.rows["own"][1]
        edits(("    back: twice\n", ""))
        await pilot.press("e", "escape")
        assert screen_name(app) == "HomeScreen"
        assert row_of(app, "own")[:4] == ["0", "3", "0", "3"] and "given twice" not in row_of(app, "own")[4]
        assert [entry.id for entry in app.entries] == ["mfdl-lecture-02", "own"]


async def test_an_edit_that_changes_the_decks_id_warns_and_a_session_goes_on_under_its_id(store, own, editor):
    """Reviews are kept by deck id: a new id leaves the reviews so far with the old one. The student is told, and
    the session under way goes on grading under the id it began with (its cards' history), not the new one."""
    edits, _calls = editor
    edits(("deck: own", "deck: own-renamed"))
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("down", "enter", "space", "e")
        [warning] = [note for note in app._notifications if "id changed" in str(note.title)]
        assert "now 'own-renamed', no longer 'own'" in str(warning.message)
        assert [entry.id for entry in app.entries] == ["mfdl-lecture-02", "own-renamed"]
        await pilot.press("4")
        assert [(row.deck_id, row.card_id) for row in store.log()] == [("own", "c0")]
        edits(("deck: own-renamed", "deck: own"))
        await pilot.press("e", "escape")  # put back from the session: Home lists the deck under its id again
        assert [entry.id for entry in app.entries] == ["mfdl-lecture-02", "own"]
        assert row_of(app, "own")[:4] == ["0", "2", "1", "3"]


async def test_an_edit_that_gives_the_deck_another_listed_decks_id_is_shown_as_its_problem(store, own, editor,
                                                                                        tmp_path):
    """Two decks listed with one id would share one review history (and Home keys its lines on the id): an edit
    that does this is the edited deck's problem, on its line, at its `deck:` id; the other deck is untouched."""
    second = tmp_path / "second.yaml"
    second.write_text(deck_text("second", "Second deck"), encoding="utf-8")
    add_decks([str(second)])
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        for taken, by in (("second", second), ("mfdl-lecture-02", app.entries[0].path)):
            edits, calls = editor
            edits(("deck: own", f"deck: {taken}"))
            await pilot.press("down", "e")
            await pilot.pause()
            assert [entry.id for entry in app.entries] == ["mfdl-lecture-02", "own", "second"]
            assert f"{own}:1:7: deck id '{taken}' is also used by {by}" in row_of(app, "own")[4]
            assert row_of(app, "own")[:4] == ["—"] * 4 and app.entries[2].deck is not None
            edits((f"deck: {taken}", "deck: own"))
            await pilot.press("e")  # opened at the id; put back, the deck is usable again
            assert calls()[-1] == ["+1", str(own)]
            assert row_of(app, "own")[:4] == ["0", "3", "0", "3"]
            await pilot.press("up")


async def test_without_an_editor_e_says_how_to_set_one(store, own, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "e")
        assert any("Set VISUAL or EDITOR" in str(n.message) for n in app._notifications)


async def test_stats_screen_shows_the_counts_of_deckapp_stats(store):
    for days in (40, 3, 1):
        store.review("mfdl-lecture-02", "find-minimum", "sm2", 4, NOW - timedelta(days=days))
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        assert screen_name(app) == "StatsScreen"
        stats = deck_stats(store.conn, app.screen.deck, NOW)
        counts = str(app.screen.query_one("#stats-counts").render())
        assert (f"{stats['cards']} cards · {stats['new']} new · {stats['due']} due today · {stats['learned']} learned\n"
                f"3 reviews, 0 today · retention 100% over 30 days") in counts
        assert "3 in all, at most 1 a day" in str(app.screen.query_one("#calendar-title").render())
        await pilot.press("escape")
        assert screen_name(app) == "HomeScreen"


@pytest.mark.parametrize("due_tomorrow", [1, 7, 16, 17, 28])
async def test_the_forecast_axis_labels_each_row_with_its_own_value(store, due_tomorrow):
    """Each labelled row of the bar chart stands for its value on an even scale: no label dropped between two
    others (0, 4, 8, 16 once hid 12), and the tallest bar below the top label."""
    import re

    from deckapp.paths import bundled_deck_paths

    deck = load_deck(bundled_deck_paths()[0])
    for card in deck.cards[:due_tomorrow]:
        store.review(deck.id, card.id, deck.scheduler, 4, NOW)
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        chart = app.screen.query_one("#forecast")
        lines = [strip.text for strip in chart.render_lines(chart.size.region)]
        labels = [(row, int(match.group(1))) for row, line in enumerate(lines)
                  if (match := re.match(r" *(\d+)[┤┌]", line))]
        assert len(labels) >= 3 and labels[-1][1] == 0 and labels[0][1] >= due_tomorrow
        (row, value), (below_row, below) = labels[-2], labels[-1]
        per_row = (value - below) / (below_row - row)
        assert per_row > 0
        for (row, value), (below_row, below) in zip(labels, labels[1:], strict=False):
            assert value - below == per_row * (below_row - row)


def test_the_calendar_puts_today_in_the_last_column_on_its_weekday():
    from deckapp.tui.screens.stats import calendar

    today = datetime(2026, 3, 4, 4, 0, tzinfo=UTC)  # a Wednesday
    per_day = list(range(1, 31))  # 30 days, today last with 30
    grid, months = calendar(per_day, today, weeks=6)
    assert grid[2][5] == 30 and grid[1][5] == 29 and grid[3][5] is None  # Thursday is still to come
    assert grid[0][5] == 28 and grid[6][4] == 27  # the Monday of this week, the Sunday before
    assert months == [(0, "Feb"), (4, "Mar")]  # the Sundays 1 February and 1 March
    assert sum(count for row in grid for count in row if count) == sum(per_day)


async def test_help_lists_every_key_of_the_screen_with_readable_labels(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        text = shown_text(app.screen.query_one("#help-keys"))
        assert "Keys on this screen: the decks" in text
        for line in ("Enter Study", "s Stats", "m Study more", "e Edit deck file", "Ctrl+P Command palette"):
            assert line in text
        await pilot.press("escape", "enter", "f1")
        text = shown_text(app.screen.query_one("#help-keys"))
        assert "a study session" in text
        assert "0–5 Grade the card: 0 blackout" in text and "0 0" not in text
        assert "Enter or Space Accept grade (not now)" in text
        assert "Space" in text and "Ctrl+Z" in text and "PgUp" in text
        await pilot.press("escape")
        assert screen_name(app) == "StudyScreen"
        await pilot.press("escape", "s", "f1")  # the stats screen: its scrolling keys too, as the README says
        text = shown_text(app.screen.query_one("#help-keys"))
        assert "deck statistics" in text and "Esc or q Back" in text and "↑ ↓ PgUp PgDn Home End Scroll" in text


async def test_the_palette_offers_the_apps_own_commands(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in (f"Study: {BUNDLED_TITLE}", f"Browse: {BUNDLED_TITLE}", f"Stats: {BUNDLED_TITLE}",
                      f"Study more: {BUNDLED_TITLE}", "Undo", "Add a deck", "Switch theme", "Help"):
            assert title in titles
        undo = next(command for command in app.get_system_commands(app.screen) if command.title == "Undo")
        assert undo.help == "take back the last grade given today, in any deck"  # as action_undo does on Home
        await pilot.press("ctrl+p")
        await pilot.press(*"stats mathematical")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "StatsScreen"


async def test_undo_from_home_takes_back_todays_last_grade(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "space", "5", "escape")
        assert len(store.log()) == 1
        app.action_undo()
        assert store.log() == [] and row_of(app, "mfdl-lecture-02")[1] == "20"
        app.action_undo()
        await pilot.pause()
        assert any("Nothing to undo" in str(n.message) for n in app._notifications)


async def test_a_deck_added_from_the_app_is_listed_and_kept(store, tmp_path):
    path = tmp_path / "added.yaml"
    path.write_text(deck_text("added", "Added in the app"), encoding="utf-8")
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", *"nowhere.yaml", "enter")
        assert "no such file or folder" in str(app.screen.query_one("#add-error").render())
        app.screen.query_one("#add-path").value = str(path)
        await pilot.press("enter")
        assert screen_name(app) == "HomeScreen" and app.screen.selected().id == "added"
    saved = json.loads((tmp_path / "config" / "decks.json").read_text(encoding="utf-8"))
    assert saved["decks"] == [{"path": str(path), "id": "added"}]


async def test_the_chosen_theme_is_kept_between_runs(store, tmp_path):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    settings = json.loads((tmp_path / "config" / "settings.json").read_text(encoding="utf-8"))
    assert settings == {"theme": "nord"}
    again = make_app(store, lambda: NOW)
    async with again.run_test(size=(100, 30)):
        assert again.theme == "nord"


async def test_a_damaged_settings_file_leaves_the_default_theme(store, tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_text("[]", encoding="utf-8")
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)):
        assert app.theme == "textual-dark"


def test_the_command_line_does_not_exit_0_when_the_app_ended_on_an_error(tmp_path, monkeypatch, capsys):
    """The real `deckapp` run (headless): a bug that ends the app (Textual shows its traceback) is not a
    success."""
    from deckapp import cli
    from deckapp.tui.app import DeckApp
    from deckapp.tui.screens.home import HomeScreen

    def broken(self):
        raise RuntimeError("a bug")

    async def student(pilot):
        await pilot.press("s")

    real_run = DeckApp.run
    monkeypatch.setattr(HomeScreen, "action_stats", broken)
    monkeypatch.setattr(DeckApp, "run", lambda self: real_run(self, headless=True, size=(80, 24), auto_pilot=student))
    monkeypatch.setattr(cli.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(cli.sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("DECKAPP_NOW", NOW.isoformat())
    assert cli.main(["--db", str(tmp_path / "reviews.sqlite3")]) == 1
