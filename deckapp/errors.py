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
