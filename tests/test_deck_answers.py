"""Deck validation reads every typed answer with the checker's parser and reports it at its line and column."""

import subprocess
import sys

import pytest

from deckapp.cli import main
from deckapp.deck import DeckError, parse_deck

DECK = """\
deck: typed-answers
title: Typed answers
cards:
  - id: square
    front: What is d/dx x^2?
    answer: 2x
  - id: sine
    front: What is d/dx sin(x)?
    answer: cos(x
  - id: quoted
    front: What is d/dx e^(3x)?
    answer: "3e^(3x))"
"""


def test_unreadable_answers_are_reported_at_their_node():
    with pytest.raises(DeckError) as caught:
        parse_deck(DECK, "typed.yaml")
    # Each at the character the parser stopped at: the '(' of `cos(x`, the last ')' inside the quotes.
    assert caught.value.lines() == [
        "typed.yaml:9:16: answer 'cos(x' cannot be read: unbalanced parenthesis — '(' is never closed",
        "typed.yaml:12:21: answer '3e^(3x))' cannot be read: unbalanced parenthesis — this ')' closes nothing",
    ]


def test_validate_prints_path_line_column(tmp_path, capsys):
    path = tmp_path / "typed.yaml"
    path.write_text(DECK, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}:9:16: answer 'cos(x' cannot be read: unbalanced parenthesis")
    assert err[1].startswith(f"{path}:12:21: answer '3e^(3x))' cannot be read")


GOOD = DECK.replace("cos(x\n", "cos(x)\n").replace('"3e^(3x))"', "3e^(3x)")


def test_readable_answers_load_as_typed():
    deck = parse_deck(GOOD)
    assert [c.answer for c in deck.cards] == ["2x", "cos(x)", "3e^(3x)"]
    assert all(c.kind == "typed" for c in deck.cards)


def test_loading_a_deck_does_not_import_sympy():
    code = ("import sys; from deckapp.deck import parse_deck; "
            f"parse_deck({GOOD!r}); print('sympy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


def _card(answer: str) -> str:
    return ("deck: undefined-answers\ntitle: Undefined\ncards:\n"
            f"  - id: one\n    front: What is it?\n    answer: {answer}\n")


@pytest.mark.parametrize(("answer", "message"), [
    ('"1/0"', "answer '1/0' is undefined: division by zero"),
    ('"log(-1)"', "answer 'log(-1)' is undefined: log of a number that is not positive"),
    ('"sqrt(-1 - x^2)"', "answer 'sqrt(-1 - x^2)' is undefined at every real point tried: square root of a negative "
                         "number"),
])
def test_an_answer_undefined_everywhere_is_reported_at_its_node(answer, message):
    with pytest.raises(DeckError) as caught:
        parse_deck(_card(answer), "undefined.yaml")
    assert caught.value.lines() == [f"undefined.yaml:6:13: {message}"]


@pytest.mark.parametrize("answer", ["sqrt(x - 100)", "log(x - 1000)", "1/x", "exp(1000 + x^2)"])
def test_an_answer_defined_somewhere_is_accepted(answer):
    assert parse_deck(_card(answer)).cards[0].answer == answer


def test_validate_rejects_an_undefined_answer(tmp_path, capsys):
    path = tmp_path / "undefined.yaml"
    path.write_text(_card('"log(-1)"'), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    message = "answer 'log(-1)' is undefined: log of a number that is not positive"
    assert capsys.readouterr().err == f"{path}:6:13: {message}\n"
