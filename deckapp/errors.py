"""The errors deckapp reports to a person: one line each, with the exit code the CLI uses."""


class DeckappError(Exception):
    """An error the CLI prints as one line on stderr before exiting with `exit_code`."""

    exit_code = 2

    def lines(self) -> list[str]:
        """What the CLI prints, one line each."""
        return [f"deckapp: {self}"]


class UsageError(DeckappError):
    """Bad arguments or unreadable input (exit 2)."""

    exit_code = 2


class Problems(DeckappError):
    """Several problems found before giving up (every bad deck of a run), each already a line of its own."""

    exit_code = 1

    def __init__(self, lines: list[str]):
        self.problem_lines = lines
        super().__init__("\n".join(lines))

    def lines(self) -> list[str]:
        return self.problem_lines


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """' — did you mean X?' when one choice is close, else ''."""
    import difflib

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else ""
