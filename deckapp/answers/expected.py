"""Reading the problem side of a check: the expected answer's tree, its variables and the kind to grade by.

Errors here are the caller's (a bad expected answer or kind), so they are raised, never put in a Verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from deckapp.answers import KINDS
from deckapp.answers.lexer import CONSTANTS, FUNCTIONS, WORD, matching_brackets, name_problem, tokenize
from deckapp.answers.parser import MathParseError, parse
from deckapp.answers.tree import Equation, Node, Vector, variables_of


@dataclass(frozen=True)
class Problem:
    """The problem side of a check: the expected answer's tree, the names an answer may use as variables (those
    declared, or the expected answer's letters) and the kind to grade by (never "auto")."""

    tree: Node
    names: frozenset[str]
    kind: str


def read_problem(expected: str, kind: str = "auto", variables=None) -> Problem:
    """The problem as check() reads it; MathParseError for an unreadable `expected`, ValueError for a bad `kind` or
    variable name, or a kind the expected answer does not fit."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    tree, declared = read_expected(expected, declared_names(variables))
    names = declared if declared is not None else frozenset(variables_of(tree))
    return Problem(tree, names, kind_of(tree, kind, expected, declared))


def short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


class ArgumentError(ValueError):
    """A bad argument of check(): `argument` is its name there (variables, rel_tol), and the message is what it is
    (`subject`) followed by `problem`, so that the CLI can say the problem of the flag the argument came from."""

    def __init__(self, argument: str, subject: str, problem: str):
        self.argument = argument
        self.problem = problem
        super().__init__(f"{subject} {problem}")


def declared_names(variables) -> frozenset[str] | None:
    """The problem's variables as given to check() (None: the letters of the expected answer), each a name the
    lexer reads as one variable; ArgumentError otherwise."""
    if variables is None:
        return None
    if isinstance(variables, str):
        raise ArgumentError("variables", "the variables", f"are a list of names, such as ['x', 'y'], not the text "
                                                          f"{variables!r}")
    names = list(variables)
    for name in names:
        problem = name_problem(name)
        if problem is not None:
            raise ArgumentError("variables", repr(name), "is not a variable name" + (f": {problem}" if problem else ""))
    return frozenset(names)


_LETTER = re.compile(r"[A-Za-z](?:_[A-Za-z0-9]+)?")
_NOT_A_PRODUCT = (*FUNCTIONS, *CONSTANTS, "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
                  "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "rho", "sigma", "tau", "upsilon", "phi",
                  "chi", "psi", "omega")


def read_expected(text: str, declared: frozenset[str] | None) -> tuple[Node, frozenset[str] | None]:
    """The expected answer's tree, and its variables if they had to be read from its letters.

    Without declared variables the parser refuses `xy` (in an answer it would be a guess). In the expected answer
    a word of letters is read as their product when that cannot be a misreading: it spells no function, constant
    or Greek letter (so `xy` is x·y, while `sinx`, `ex` and `alpha` are still refused)."""
    try:
        return parse(text, variables=declared), declared
    except MathParseError as err:
        error = err
    letters = None if declared is not None else _letters_of(text)
    if letters is not None:
        try:
            return parse(text, variables=letters), letters
        except MathParseError:
            pass
    raise MathParseError(f"the expected answer '{short(text)}' cannot be read: {error}", error.column,
                         show_column=False) from None


def _letters_of(text: str) -> frozenset[str] | None:
    names = {ch for ch in text if ch.isalpha() and not ch.isascii() and ch != "π"}
    for word in WORD.findall(text):
        if word in FUNCTIONS or word in CONSTANTS:
            continue
        if _LETTER.fullmatch(word):
            names.add(word)
        elif word.isalpha() and not any(name in word for name in _NOT_A_PRODUCT):
            names.update(word)
        else:
            return None
    return frozenset(names)


def kind_of(tree: Node, kind: str, text: str, variables) -> str:
    """The kind to grade by: `kind`, or the one `tree` (read from `text`) has; ValueError when they do not fit."""
    inferred = ("vector" if isinstance(tree, Vector) else "equation" if isinstance(tree, Equation)
                else "expr" if variables_of(tree) else "number")
    if kind == "auto":
        return inferred
    if kind == "number" and inferred != "number":
        raise ValueError("kind 'number' needs an expected answer without variables")
    if kind == "equation" and inferred != "equation":
        raise ValueError("kind 'equation' needs an expected answer with '=', such as y = 2x - 1")
    if kind == "vector" and inferred == "equation":
        raise ValueError("kind 'vector' needs an expected answer such as (a, b); this one is an equation")
    if kind == "vector" and inferred != "vector" and not _in_one_pair_of_brackets(text, variables):
        raise ValueError("kind 'vector' needs an expected answer such as (a, b), or (a) for a single component")
    if kind == "expr" and inferred in ("vector", "equation"):
        article = "an" if inferred == "equation" else "a"
        raise ValueError(f"kind 'expr' needs a single expression; the expected answer is {article} {inferred}")
    return kind


def _in_one_pair_of_brackets(text: str, variables) -> bool:
    """`(a)` or `[a]`: how a one-component vector (the gradient of a function of one variable) is written."""
    tokens = tokenize(text, None if variables is None else frozenset(variables))
    first = tokens[0]
    return first.kind == "OP" and first.text in "([" and matching_brackets(tokens).get(0) == len(tokens) - 2
