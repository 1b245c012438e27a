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
