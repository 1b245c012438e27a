"""Reading answer text into tokens: numbers, names resolved against the problem's variables, operators.

Part of the safe answer parser (see deckapp.answers.parser). Pure Python, no SymPy: deck validation and live
previews call it on every keystroke. Every token keeps its 1-based column in the text as typed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from fractions import Fraction

from deckapp.errors import DeckappError, printable

MAX_LENGTH = 500
MAX_TOKENS = 250
MAX_NUMBER_DIGITS = 30
MAX_SCIENTIFIC_EXPONENT = 300

FUNCTIONS = ("sin", "cos", "tan", "exp", "log", "ln", "sqrt", "abs", "tanh", "sinh", "cosh", "sech",
             "sigmoid", "relu")
CONSTANTS = ("pi", "e")

# One character typed on a phone or copied from a textbook, and what it means.
_SAME_AS = {"−": "-", "–": "-", "·": "*", "⋅": "*", "×": "*", "∗": "*", "÷": "/", "﹢": "+"}
# Superscripts as the app prints them (x², x⁻¹, e²ˣ, xʸ, (x+1)⁽²⁾), and what each means: a run of them is the
# exponent. deckapp.answers.pretty writes exponents with this table turned round.
SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵅᵝᵞᵟᵋᶿᵠᵡ",
                        "0123456789-+()abcdefghijklmnoprstuvwxyzαβγδεθφχ", strict=True))
SIGMA = "σ"  # the lecture's name for sigmoid: σ(…) is sigmoid(…) unless σ is one of the problem's variables
_OPERATORS = set("+-*/^=,()[]|")
_OPEN = {"(": ")", "[": "]"}
_DIGITS = set("0123456789")
_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?", re.ASCII)
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_SIMPLE_VARIABLE = re.compile(r"[^\W\d_](?:_[A-Za-z0-9]+)?\Z")
_LETTER_DIGITS = re.compile(r"([A-Za-z])(\d+)\Z")


class MathParseError(DeckappError, ValueError):
    """Text that cannot be read as maths: `reason` says what, `column` (1-based, or None) says where.

    `name` is the offending name when the problem is an unknown name or variable (the checker uses it to say
    "a variable that is not in the problem").
    """

    exit_code = 2

    def __init__(self, reason: str, column: int | None = None, *, hint: str = "", name: str | None = None,
                 show_column: bool = True):
        self.reason = reason
        self.column = column
        self.hint = hint
        self.name = name
        message = reason
        if column is not None and show_column:
            message += f" at column {column}"
        if hint:
            message += f" — {hint}"
        super().__init__(message)


@dataclass(frozen=True)
class Token:
    kind: str  # NUM VAR CONST FUNC OP SUP SQRT END
    text: str
    column: int
    value: Fraction | int | None = None  # NUM: its exact value; SUP: the integer exponent


def tokenize(text: str, variables: frozenset[str] | None) -> list[Token]:
    """The tokens of `text`, ending with an END token; brackets are checked to balance."""
    if len(text) > MAX_LENGTH:
        raise MathParseError(f"too long: {len(text)} characters (the limit is {MAX_LENGTH})")
    tokens: list[Token] = []
    _scan(text, variables, tokens)
    if not tokens:
        raise MathParseError("nothing to read: the text is empty")
    tokens.append(Token("END", "", len(text) + 1))
    _check_brackets(tokens)
    return tokens


def _scan(text: str, variables: frozenset[str] | None, tokens: list[Token], offset: int = 0) -> None:
    """Append the tokens of `text` to `tokens`, with columns `offset` further on (for a run of superscripts)."""
    i = 0
    n = len(text)
    while i < n:
        ch = _SAME_AS.get(text[i], text[i])
        col = i + 1 + offset
        if ch.isspace():
            i += 1
            continue
        if ch in _DIGITS or (ch == "." and text[i + 1:i + 2] in _DIGITS and i + 1 < n):
            i = _number(text, i, variables, tokens, offset)
        elif ch in SUPERSCRIPTS:
            i = _superscript(text, i, variables, tokens)
        elif ch == "*" and i + 1 < n and _SAME_AS.get(text[i + 1], text[i + 1]) == "*":
            tokens.append(Token("OP", "^", col))
            i += 2
        elif ch in _OPERATORS:
            tokens.append(Token("OP", ch, col))
            i += 1
        elif ch == "√":
            tokens.append(Token("SQRT", ch, col))
            i += 1
        elif ch == "π":
            tokens.append(Token("CONST", "pi", col))
            i += 1
        elif ch.isascii() and ch.isalpha():
            match = WORD.match(text, i)
            assert match is not None
            end = match.end()
            following = text[end:].lstrip()[:1]
            tokens.extend(_resolve(match.group(), col, variables, following in ("(", "[")))
            i = end
        elif ch == SIGMA and text[i + 1:].lstrip()[:1] in ("(", "[") and SIGMA not in (variables or ()):
            tokens.append(Token("FUNC", "sigmoid", col))
            i += 1
        elif ch.isalpha():  # a Greek (or other) letter is a one-letter name of its own
            tokens.extend(_resolve(ch, col, variables, False))
            i += 1
        else:
            raise MathParseError(f"unexpected character '{printable(text[i])}'", col)
        if len(tokens) > MAX_TOKENS:
            raise MathParseError("too many symbols", col, hint=f"the limit is {MAX_TOKENS}")


def name_problem(name: object) -> str | None:
    """Why `name` cannot be a variable of a problem (the lexer would never read it as one name), or None;
    "" when the name is empty.

    A name is a word of ASCII letters, digits and underscores that starts with a letter (x, x_1, w0, theta), or
    one other letter on its own (θ, σ). A function's name is always read as the function. A constant's name may
    be a variable: declared, it is read as the variable (e in a problem about an error e)."""
    if not isinstance(name, str):
        return f"it is {type(name).__name__}, not text"
    if name in FUNCTIONS:
        return f"{name} is a function, and is always read as one"
    if WORD.fullmatch(name):
        return None
    if name == "π":
        return "π is always read as the number pi"
    if name in SUPERSCRIPTS:
        return f"{name} is a superscript, read as an exponent"
    if len(name) == 1 and name.isalpha() and not name.isascii():
        return None
    if not name:
        return ""
    if len(name) > 1 and all(ch.isalpha() for ch in name):
        return "a name of more than one letter is written in ASCII letters, digits and _ (theta, x_1)"
    return "a name is letters, digits and _, starting with a letter (x, x_1, w0), or one Greek letter"


def _superscript(text: str, i: int, variables: frozenset[str] | None, tokens: list[Token]) -> int:
    """A run of superscripts from `text[i]`: a SUP token for a whole number (x², x⁻¹, sin²x), otherwise the
    run read as an exponent in brackets (e²ˣ is e^(2x)). Returns where the run ends."""
    j = i
    while j < len(text) and text[j] in SUPERSCRIPTS:
        j += 1
    raised = "".join(SUPERSCRIPTS[c] for c in text[i:j])
    _check_run(text, i, j, raised, tokens)
    if re.fullmatch(r"[-+]?\d+", raised, re.ASCII):
        if len(raised.lstrip("+-")) > MAX_NUMBER_DIGITS:
            raise MathParseError(f"number too long (more than {MAX_NUMBER_DIGITS} digits)", i + 1)
        tokens.append(Token("SUP", text[i:j], i + 1, int(raised)))
        return j
    tokens.append(Token("OP", "^", i + 1))
    tokens.append(Token("OP", "(", i + 1))
    try:
        _scan(raised, variables, tokens, offset=i)  # one raised character for one character: columns carry over
    except MathParseError as err:
        raise _as_typed(err, text, i, raised) from None
    tokens.append(Token("OP", ")", j))
    return j


def _check_run(text: str, i: int, j: int, raised: str, tokens: list[Token]) -> None:
    """Refuse a run of superscripts `text[i:j]` that cannot be an exponent, saying so in what was typed (⁻, ⁽),
    never in the brackets and ^ it is read as."""
    run = text[i:j]
    before = tokens[-1] if tokens else None
    if before is not None and before.kind == "OP" and before.text == "^":
        written = raised if len(raised) == 1 else f"({raised})"
        raise MathParseError(f"'^' before the superscript '{run}'", i + 1, hint=f"write ^{written} or {run}, not both")
    if before is None or (before.kind == "OP" and before.text in "+-*/=,(["):
        raise MathParseError(f"nothing before '{run}' to raise", i + 1,
                             hint="a superscript is an exponent, as in x² or eˣ")
    opened: list[int] = []
    for k in range(i, j):
        ch, col = text[k], k + 1
        if ch == "⁽":
            opened.append(col)
        elif ch == "⁾" and not opened:
            raise MathParseError("unbalanced parenthesis", col, hint="this '⁾' closes nothing")
        elif ch == "⁾" and opened.pop() == col - 1:
            raise MathParseError("nothing inside '⁽⁾'", col - 1)
        elif ch in "⁻⁺" and (k + 1 == j or text[k + 1] == "⁾"):
            raise MathParseError(f"something is missing after '{ch}'", col)
    if opened:
        raise MathParseError("unbalanced parenthesis", opened[-1], hint="'⁽' is never closed")


def _as_typed(err: MathParseError, text: str, i: int, raised: str) -> MathParseError:
    """An unknown name in a run of superscripts, told as typed (ᵃᵇᶜ, not abc)."""
    if err.column is None or not err.reason.startswith("unknown"):
        return err
    start = err.column - 1 - i
    match = WORD.match(raised, start)
    word = match.group() if match else raised[start]
    typed = text[err.column - 1:err.column - 1 + len(word)]
    hint = err.hint
    if not err.reason.startswith("unknown function") and not hint.startswith(("the variables", "this problem")):
        hint = f"a product in an exponent is written ^({'*'.join(word)})" if len(word) > 1 else ""
    return MathParseError(err.reason.replace(f"'{word}'", f"'{typed}'"), err.column, hint=hint, name=err.name,
                          show_column=False)


def _number(text: str, i: int, variables: frozenset[str] | None, tokens: list[Token], offset: int = 0) -> int:
    """A decimal number; `2e-3` is scientific notation unless the problem has a variable named e."""
    match = _NUMBER.match(text, i)
    assert match is not None
    mantissa, exponent = match.group(1), match.group(2)
    if exponent is not None and variables is not None and ("e" in variables or "E" in variables):
        exponent = None
    end = match.end() if exponent is not None else i + len(mantissa)
    if len(mantissa.replace(".", "")) > MAX_NUMBER_DIGITS:
        raise MathParseError(f"number too long (more than {MAX_NUMBER_DIGITS} digits)", i + 1 + offset)
    whole, _, decimals = mantissa.partition(".")  # Fraction(text) reads it too, but three times slower
    value = Fraction(int(whole + decimals), 10 ** len(decimals)) if decimals else Fraction(int(whole))
    if exponent is not None:
        power = int(exponent)
        if abs(power) > MAX_SCIENTIFIC_EXPONENT:
            raise MathParseError(f"number too large: 10^{power} (the limit is 10^{MAX_SCIENTIFIC_EXPONENT})",
                                 i + 1 + offset)
        value *= Fraction(10) ** power
    if text[end:end + 1] == "." and text[end + 1:end + 2] in _DIGITS and end + 1 < len(text):
        raise MathParseError("unexpected '.'", end + 1 + offset, hint="a number has at most one decimal point")
    tokens.append(Token("NUM", text[i:end], i + 1 + offset, value))
    return end


def _resolve(word: str, col: int, variables: frozenset[str] | None, before_paren: bool) -> list[Token]:
    """A word as one or more tokens: a function, a constant, a variable, or (declared variables only) xy = x·y."""
    if word in FUNCTIONS:
        return [Token("FUNC", word, col)]
    if variables is not None and word in variables:
        return [Token("VAR", word, col)]
    if word in CONSTANTS:
        return [Token("CONST", word, col)]
    if variables is None:
        if _SIMPLE_VARIABLE.match(word):
            return [Token("VAR", word, col)]
    else:
        pieces = _split(word, variables, before_paren)
        if pieces:
            tokens, offset = [], 0
            for piece in pieces:
                kind = "FUNC" if piece in FUNCTIONS else "CONST" if piece in CONSTANTS and piece not in variables \
                    else "VAR"
                tokens.append(Token(kind, piece, col + offset))
                offset += len(piece)
            return tokens
    raise _unknown(word, col, variables, before_paren)


def _split(word: str, variables: frozenset[str], before_paren: bool) -> list[str] | None:
    """The fewest declared variables and constants (and a final function before '(') that spell `word`."""
    atoms = set(variables) | {c for c in CONSTANTS}
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[len(word)] = []
    for start in range(len(word) - 1, -1, -1):
        for end in range(start + 1, len(word) + 1):
            piece = word[start:end]
            rest = best[end]
            usable = piece in atoms or (before_paren and end == len(word) and piece in FUNCTIONS)
            if usable and rest is not None and (best[start] is None or len(rest) + 1 < len(best[start])):
                best[start] = [piece, *rest]
    return best[0]


def _unknown(word: str, col: int, variables: frozenset[str] | None, before_paren: bool) -> MathParseError:
    if word == SIGMA:  # the lecture's symbol for the logistic function, without its brackets
        return MathParseError("unknown name 'σ'", col, hint="write σ(…) or sigmoid(…) for the sigmoid of …",
                              show_column=False)
    close = difflib.get_close_matches(word, FUNCTIONS, n=1, cutoff=0.6)
    if before_paren and not (variables is None and _SIMPLE_VARIABLE.match(word)):
        hint = f"did you mean {close[0]}?" if close else f"known functions: {', '.join(FUNCTIONS)}"
        return MathParseError(f"unknown function '{word}'", col, hint=hint, show_column=False)
    if close and len(word) > 2:
        return MathParseError(f"unknown name '{word}'", col, hint=f"did you mean {close[0]}?", show_column=False)
    if word.lower() in CONSTANTS and word not in CONSTANTS:
        return MathParseError(f"unknown name '{word}'", col, hint=f"did you mean {word.lower()}?", show_column=False)
    declared = ", ".join(sorted(variables)) if variables else ""
    if variables is not None and _SIMPLE_VARIABLE.match(word):
        hint = f"the variables are {declared}" if declared else "this problem has no variables"
        return MathParseError(f"unknown variable '{word}'", col, hint=hint, name=word, show_column=False)
    letters = _LETTER_DIGITS.match(word)
    if letters:
        name, digits = letters.groups()
        hint = f"write {name}^{digits} for a power, {name}*{digits} for a product or {name}_{digits} for a subscript"
    elif word.isalpha() and variables is None and len(word) <= 3:
        hint = f"write {'*'.join(word)} for a product"
    elif declared:
        hint = f"the variables are {declared}"
    else:
        hint = "variables are single letters such as x or x_1"
    return MathParseError(f"unknown name '{word}'", col, hint=hint, show_column=False)


def _check_brackets(tokens: list[Token]) -> None:
    stack: list[Token] = []
    for tok in tokens:
        if tok.kind != "OP":
            continue
        if tok.text in _OPEN:
            stack.append(tok)
        elif tok.text in (")", "]"):
            if not stack:
                raise MathParseError("unbalanced parenthesis", tok.column, hint=f"this '{tok.text}' closes nothing")
            opened = stack.pop()
            if _OPEN[opened.text] != tok.text:
                raise MathParseError(f"mismatched bracket '{tok.text}'", tok.column,
                                     hint=f"'{opened.text}' at column {opened.column} needs '{_OPEN[opened.text]}'")
    if stack:
        raise MathParseError("unbalanced parenthesis", stack[-1].column, hint=f"'{stack[-1].text}' is never closed")


def matching_brackets(tokens: list[Token]) -> dict[int, int]:
    """Index of each opening bracket -> index of its closing one (brackets are known to balance)."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for index, tok in enumerate(tokens):
        if tok.kind == "OP" and tok.text in _OPEN:
            stack.append(index)
        elif tok.kind == "OP" and tok.text in (")", "]"):
            pairs[stack.pop()] = index
    return pairs
