"""A deck's statistics: the counts of `deckapp stats`, the reviews due in the next 14 days as a bar chart, and a
calendar heatmap of the reviews of each day over the past year, drawn by plotext (textual-plotext)."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual_plotext import PlotextPlot

from deckapp.deck.model import Deck
from deckapp.tui.store_problems import STORE_ERRORS

DAYS = 365
AXIS = 5  # columns plotext adds around a matrix: three for the weekday labels, two for the frame
LEVELS = 4  # shades of the heatmap above "none"
FORECAST_HEIGHT = 7
FORECAST_ROWS = FORECAST_HEIGHT - 3  # plotext's rows of bars: less the frame's top and bottom and the day labels


def counts_line(stats: dict) -> Text:
    retention = "—" if stats["retention"] is None else f"{stats['retention']:.0%}"
    return Text.assemble(
        (stats["title"], "bold"), "\n",
        f"{stats['cards']} cards · {stats['new']} new · {stats['due']} due today · {stats['learned']} learned\n"
        f"{stats['reviews']} reviews, {stats['reviews_today']} today · retention {retention} over 30 days")


def integer_ticks(highest: int, rows: int = FORECAST_ROWS) -> list[int]:
    """Whole-number labels for a bar chart's `rows` rows, one a row from 0 at the bottom, evenly spaced and
    reaching at least `highest`: plotext drops a label that has no row of its own, and the rest look even."""
    step = max(1, -(-highest // (rows - 1)))
    return [step * row for row in range(rows)]


def calendar(per_day: list[int], today: datetime, weeks: int) -> tuple[list[list[int | None]], list[tuple[int, str]]]:
    """The last `weeks` weeks of `per_day` (oldest first, today last) as 7 rows (Monday first) by `weeks` columns,
    None where a day is in the future or older than the counts; and (column, month name) where a month begins."""
    grid: list[list[int | None]] = [[None] * weeks for _ in range(7)]
    months: list[tuple[int, str]] = []
    last_column_start = today.date() - timedelta(days=today.weekday())
    for column in range(weeks):
        week_start = last_column_start - timedelta(weeks=weeks - 1 - column)
        for row in range(7):
            day = week_start + timedelta(days=row)
            back = (today.date() - day).days
            if 0 <= back < len(per_day):
                grid[row][column] = per_day[len(per_day) - 1 - back]
            if day.day == 1:
                months.append((column, day.strftime("%b")))
    return grid, months


class StatsScreen(Screen):
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back", id="back")]
    HELP_KEYS = [("↑ ↓ PgUp PgDn Home End", "scroll")]  # the scrolling container's own keys

    def __init__(self, deck: Deck):
        super().__init__()
        self.deck = deck

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats"):
            yield Static(id="stats-counts")
            yield Static("Reviews due on each of the next 14 days, by day of the month (today first)",
                         classes="chart-title")
            forecast = PlotextPlot(id="forecast")
            forecast.styles.height = FORECAST_HEIGHT
            yield forecast
            yield Static("Reviews per day, past year", classes="chart-title", id="calendar-title")
            yield PlotextPlot(id="calendar")
        yield Footer()

    def on_mount(self) -> None:
        from deckapp.review.day import study_day_start
        from deckapp.review.stats import deck_stats, reviews_per_day

        self.sub_title = self.deck.title
        now = self.app.clock()
        conn = self.app.store.conn
        try:
            stats = deck_stats(conn, self.deck, now)
            per_day = reviews_per_day(conn, self.deck.id, now, DAYS)
        except STORE_ERRORS as exc:
            line = self.app.store_failed(exc, shown=True)
            self.query_one("#stats-counts", Static).update(Text(f"The statistics cannot be read: {line}.",
                                                                style="red"))
            for chart in self.query("#stats > .chart-title, #stats > PlotextPlot"):
                chart.display = False
            return
        self.query_one("#stats-counts", Static).update(counts_line(stats))
        self.draw_forecast(stats["forecast"], study_day_start(now))
        self.draw_calendar(per_day, study_day_start(now))

    def draw_forecast(self, forecast: list[int], today: datetime) -> None:
        plt = self.query_one("#forecast", PlotextPlot).plt
        # Unique labels (the day of the month): plotext would drop repeated ones (two Tuesdays) in a random order.
        days = list(range(len(forecast)))
        plt.bar(days, forecast, color=self.app.current_theme.primary, width=0.6)
        plt.xticks(days, [str((today + timedelta(days=k)).day) for k in days])
        ticks = integer_ticks(max(forecast))
        plt.ylim(0, ticks[-1])
        plt.yticks(ticks)

    def draw_calendar(self, per_day: list[int], today: datetime) -> None:
        widget = self.query_one("#calendar", PlotextPlot)
        weeks = max(4, min(53, self.app.size.width - AXIS - 4))
        grid, months = calendar(per_day, today, weeks)
        widget.styles.width = weeks + AXIS
        variables = self.app.theme_variables
        empty, none, full = (Color.parse(variables[name]) for name in ("surface", "panel", "primary"))
        highest = max((count for row in grid for count in row if count), default=0)

        def shade(count: int | None) -> tuple[int, int, int]:
            if count is None:
                return empty.rgb
            if count == 0:
                return none.rgb
            level = -(-count * LEVELS // highest)  # 1..LEVELS
            return none.blend(full, level / LEVELS).rgb

        plt = widget.plt
        plt.matrix_plot([[shade(count) for count in row] for row in grid])
        plt.yticks([6, 4, 2, 0], ["Mon", "Wed", "Fri", "Sun"])  # plotext counts matrix rows from the bottom
        kept: list[tuple[int, str]] = []  # labels far enough apart for plotext to show them all
        for column, name in months:
            if not kept or column - kept[-1][0] >= 5:
                kept.append((column, name))
        plt.xticks([column for column, _ in kept], [name for _, name in kept])
        plt.xlabel("")
        plt.ylabel("")
        total = sum(per_day)
        self.query_one("#calendar-title", Static).update(
            f"Reviews per day, past year (brighter: more): {total} in all, at most {highest} a day")
