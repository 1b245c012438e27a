"""The error of an import that cannot be used: every problem found, each a line of its own, exit code 2."""

from deckapp.errors import Problems


class BadInput(Problems):
    """Unreadable or malformed input: nothing is written (exit 2)."""

    exit_code = 2
