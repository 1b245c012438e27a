"""Reading and grading what a student types: the lexer, the parser and its tree, numeric evaluation, sampling,
the symbolic (SymPy) stage, the expected answer, slips and feedback, and `check()`.

`from deckapp.answers import check, Verdict, parse`. The names are loaded on first use, so that reading an answer
(the deck reader, the app's live preview) does not load the whole checker.
"""

from deckapp import lazy_exports

# What check() can grade an answer as; kept here, where the CLI reads it without loading the parser.
KINDS = ("auto", "expr", "number", "vector", "equation")

_PUBLIC = {
    "check": "deckapp.answers.checker",
    "Verdict": "deckapp.answers.checker",
    "parse": "deckapp.answers.parser",
    "MathParseError": "deckapp.answers.lexer",
}
__all__ = ["KINDS", *_PUBLIC]

__getattr__ = lazy_exports(__name__, _PUBLIC)
