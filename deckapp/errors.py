"""The errors deckapp reports to a person: one line each, with the exit code the CLI uses."""


class DeckappError(Exception):
    """An error the CLI prints as one line on stderr before exiting with `exit_code`."""

    exit_code = 2

    def lines(self) -> list[str]:
        """What the CLI prints, one line each."""
        return [printable(f"deckapp: {self}")]


class UsageError(DeckappError):
    """Bad arguments or unreadable input (exit 2)."""

    exit_code = 2


class StoreError(DeckappError):
    """A review store that cannot be used or written (not a deckapp store, newer schema, locked, full, read-only,
    damaged): one line naming the file and the cause (see deckapp.review.failures). Whatever failed was rolled
    back, so nothing is half-written."""

    exit_code = 2


class Problems(DeckappError):
    """Several problems found before giving up (every bad deck of a run), each already a line of its own."""

    exit_code = 1

    def __init__(self, lines: list[str]):
        self.problem_lines = lines
        super().__init__("\n".join(lines))

    def lines(self) -> list[str]:
        return [printable(line) for line in self.problem_lines]


class BadInput(Problems):
    """Input that cannot be used (a file to import, a roster): every problem found, each a line of its own saying
    where, printed like any other error line. Nothing is written (exit 2)."""

    exit_code = 2

    def lines(self) -> list[str]:
        return [printable(f"deckapp: {line}") for line in self.problem_lines]


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """' — did you mean X?' when one choice is close, else ''."""
    import difflib

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else ""


def printable(line: str) -> str:
    """`line` safe to print as one line: control characters (a NUL, a terminal escape, a line break) from a file
    or an argument are written as Python escapes (`\\x00`), so that they neither break the line nor reach the
    terminal."""
    if line.isprintable():
        return line
    import unicodedata

    return "".join(repr(char)[1:-1] if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in line)
