"""The safe answer parser: how people type maths, what it refuses and where, and that it never runs text."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Abs, E, Eq, Rational, Symbol, Tuple, cos, exp, log, pi, sech, sin, sqrt, tanh

from deckapp.answers import sympy_functions
from deckapp.answers.parser import MathParseError, build, parse, render, to_sympy, variables_of
from deckapp.errors import DeckappError

x, y, z, w = sympy.symbols("x y z w")

# (typed text, declared variables, what a person means, built with SymPy itself)
READINGS = [
    ("2x", None, 2 * x),
    ("2 x", None, 2 * x),
    ("2(x+1)", None, 2 * (x + 1)),
    ("(x+1)(x-1)", None, (x + 1) * (x - 1)),
    ("[x+1](x-1)", None, (x + 1) * (x - 1)),
    ("xy", ["x", "y"], x * y),
    ("2xy^2", ["x", "y"], 2 * x * y**2),
    ("x^2", None, x**2),
    ("x**2", None, x**2),
    ("e^x", None, exp(x)),
    ("e^(2x)", None, exp(2 * x)),
    ("e^-x", None, exp(-x)),
    ("ln(x)", None, log(x)),
    ("log x", None, log(x)),
    ("x²", None, x**2),
    ("x³ − 1", None, x**3 - 1),
    ("x⁻¹", None, 1 / x),
    # superscripts as the app prints them: a run of them is the whole exponent
    ("e²ˣ", None, exp(2 * x)),
    ("e⁻ˣ", None, exp(-x)),
    ("e²ˣ⁺¹", None, exp(2 * x + 1)),
    ("xʸ", None, x**y),
    ("(x+1)⁽²⁾", None, (x + 1) ** 2),
    ("2ˣ", None, 2**x),
    ("x²y", None, x**2 * y),
    ("eˣʸ", ["x", "y"], exp(x * y)),
    ("3x²ᶻ", None, 3 * x ** (2 * z)),
    ("eˢⁱⁿ⁽ˣ⁾", None, exp(sin(x))),
    # the lecture's σ(…) is sigmoid
    ("σ(x)", None, sympy_functions.sigmoid(x)),
    ("σ(x)(1 - σ(x))", ["x"], sympy_functions.sigmoid(x) * (1 - sympy_functions.sigmoid(x))),
    ("2σ(wx + b)", ["w", "x", "b"], 2 * sympy_functions.sigmoid(w * x + Symbol("b"))),
    ("σ(x)", ["σ", "x"], Symbol("σ") * x),  # a problem whose variable is σ keeps it
    ("2·x", None, 2 * x),
    ("3×x", None, 3 * x),
    ("√x", None, sqrt(x)),
    ("√(x+1)", None, sqrt(x + 1)),
    ("2π", None, 2 * pi),
    ("2pi x", None, 2 * pi * x),
    ("   x + 1   ", None, x + 1),
    ("1/2x", None, 1 / (2 * x)),
    ("1/2sqrt(x)", None, 1 / (2 * sqrt(x))),
    ("x/2", None, x / 2),
    ("-x^2", None, -(x**2)),
    ("2^3^2", None, sympy.Integer(512)),
    ("2*-3", None, sympy.Integer(-6)),
    ("x - -1", None, x + 1),
    ("sin x", None, sin(x)),
    ("sin 2x", None, sin(2 * x)),
    ("sin x cos x", None, sin(x) * cos(x)),
    ("sin^2(x) + cos²x", None, sin(x) ** 2 + cos(x) ** 2),
    ("x sin x", None, x * sin(x)),
    ("xsin(x)", ["x"], x * sin(x)),
    ("2xe^x", ["x"], 2 * x * exp(x)),
    ("|x|", None, Abs(x)),
    ("ln|x|", None, log(Abs(x))),
    ("|x - |y||", None, Abs(x - Abs(y))),
    ("tanh(x) + sech(x)^2", None, tanh(x) + sech(x) ** 2),
    ("0.3333", None, Rational(3333, 10000)),
    (".5x", None, x / 2),
    ("2e-3", None, Rational(2, 1000)),
    ("1E3", None, sympy.Integer(1000)),
    ("2e-3", ["e"], 2 * Symbol("e") - 3),
    ("e", ["e"], Symbol("e")),
    ("e", None, E),
    ("w_1 x_1", ["w_1", "x_1"], Symbol("w_1") * Symbol("x_1")),
    ("x_1 + x_2", None, Symbol("x_1") + Symbol("x_2")),
    ("η x", None, Symbol("η") * x),
    ("e^2x", None, exp(2) * x),
]


@pytest.mark.parametrize(("text", "variables", "meant"), READINGS, ids=[r[0] for r in READINGS])
def test_typed_forms_read_as_a_person_means(text, variables, meant):
    got = to_sympy(text, variables=variables)
    assert sympy.simplify(got - meant) == 0, f"{text!r} read as {got}"


@pytest.mark.parametrize(("text", "variables", "meant"), READINGS, ids=[r[0] for r in READINGS])
def test_the_rendering_reads_back_to_the_same_expression(text, variables, meant):
    shown = render(parse(text, variables=variables))
    assert sympy.simplify(to_sympy(shown, variables=variables) - meant) == 0, shown


def test_rendering_shows_how_juxtaposition_was_read():
    assert render(parse("1/2x")) == "1/(2*x)"
    assert render(parse("sin x cos x")) == "sin(x)*cos(x)"
    assert render(parse("2e-3")) == "2*10^(-3)"
    assert render(parse("e^2x")) == "e^2*x"


def test_variables_are_plain_symbols():
    assert to_sympy("x + y") == Symbol("x") + Symbol("y")
    assert to_sympy("x").assumptions0 == Symbol("x").assumptions0


def test_sigmoid_and_relu_are_the_course_functions():
    assert to_sympy("sigmoid(x)") == sympy_functions.sigmoid(x)
    assert to_sympy("relu(x - 1)") == sympy_functions.relu(x - 1)
    assert sympy.diff(to_sympy("sigmoid(x)"), x) == sympy_functions.sigmoid(x) * (1 - sympy_functions.sigmoid(x))


@pytest.mark.parametrize("text", ["(1, 2x)", "[1, 2x]", "1, 2x", " ( 1 , 2x ) "])
def test_vectors_are_tuples_whatever_the_brackets(text):
    assert to_sympy(text) == Tuple(1, 2 * x)


def test_a_bracketed_single_value_is_not_a_vector():
    assert to_sympy("(x + 1)") == x + 1
    assert to_sympy("[3]") == 3


def test_equations_stay_unevaluated():
    got = to_sympy("y = 2x - 1")
    assert isinstance(got, Eq)
    assert (got.lhs, got.rhs) == (y, 2 * x - 1)
    assert isinstance(to_sympy("1 = 1"), Eq)


def test_variables_of_lists_the_names_used():
    assert variables_of(parse("x*y + sin(z) + e + pi")) == {"x", "y", "z"}


# (text, variables, exact message, column)
ERRORS = [
    ("(x+1)(x", None, "unbalanced parenthesis at column 6 — '(' is never closed", 6),
    ("sin(x))", None, "unbalanced parenthesis at column 7 — this ')' closes nothing", 7),
    ("sinn(x)", None, "unknown function 'sinn' — did you mean sin?", 1),
    ("2 + coss x", None, "unknown name 'coss' — did you mean cos?", 5),
    ("(1,,2)", None, "unexpected ',' at column 4", 4),
    ("sin(x, y)", None, "unexpected ',' at column 6 — sin takes one argument", 6),
    ("(1, 2) + 1", None, "unexpected ',' at column 3 — a vector such as (a, b) can only be the whole answer", 3),
    ("(x]", None, "mismatched bracket ']' at column 3 — '(' at column 1 needs ')'", 3),
    ("x +", None, "something is missing after '+' at column 3", 3),
    ("2 3", None, "unexpected number '3' at column 3 — write * between factors", 3),
    ("x = y = 1", None, "unexpected '=' at column 7", 7),
    ("xy", None, "unknown name 'xy' — write x*y for a product", 1),
    ("x2", None, "unknown name 'x2' — write x^2 for a power, x*2 for a product or x_2 for a subscript", 1),
    ("x + z", ["x", "y"], "unknown variable 'z' — the variables are x, y", 5),
    ("2xz", ["x", "y"], "unknown name 'xz' — the variables are x, y", 2),
    ("x;y", None, "unexpected character ';' at column 2", 2),
    ("x.real", None, "unexpected character '.' at column 2", 2),
    ("1.2.3", None, "unexpected '.' at column 4 — a number has at most one decimal point", 4),
    ("|x", None, "unclosed '|' at column 1 — write |x| for an absolute value", 1),
    ("cos", None, "cos needs an argument at column 1 — write cos(x)", 1),
    ("Pi x", None, "unknown name 'Pi' — did you mean pi?", 1),
    ("sin^-1(x)", None, "sin^-1 is ambiguous at column 1 — write 1/sin(x) for the reciprocal; inverse functions are "
                        "not supported", 1),
    ("2tan⁻¹x", None, "tan^-1 is ambiguous at column 2 — write 1/tan(x) for the reciprocal; inverse functions are "
                      "not supported", 2),
    ("", None, "nothing to read: the text is empty", None),
]


@pytest.mark.parametrize(("text", "variables", "message", "column"), ERRORS, ids=[e[0] or "empty" for e in ERRORS])
def test_errors_say_what_and_where(text, variables, message, column):
    with pytest.raises(MathParseError) as caught:
        parse(text, variables=variables)
    assert str(caught.value) == message
    assert caught.value.column == column
    assert caught.value.reason and caught.value.reason in message


def test_an_unknown_variable_carries_its_name():
    with pytest.raises(MathParseError) as caught:
        parse("x + q", variables=["x"])
    assert caught.value.name == "q"


def test_parse_errors_are_user_errors_with_exit_code_2():
    with pytest.raises(MathParseError) as caught:
        parse("(")
    assert isinstance(caught.value, DeckappError) and isinstance(caught.value, ValueError)
    assert caught.value.exit_code == 2


# Each limit has its own message: (text, start of the message)
LIMITS = [
    ("x" * 501, "too long: 501 characters (the limit is 500)"),
    ("x" * 100_000, "too long: 100000 characters (the limit is 500)"),
    ("+".join(["x"] * 126), "too many symbols at column"),
    ("(" * 31 + "x" + ")" * 31, "nested too deeply at column 31 — the limit is 30 levels"),
    ("-" * 40 + "x", "nested too deeply at column 31"),
    ("x^" * 40 + "x", "nested too deeply"),
    ("1" * 31, "number too long (more than 30 digits) at column 1"),
    ("1e400", "number too large: 10^400 (the limit is 10^300)"),
    ("9**9**9**9", "exponent too large at column 5 — the limit is 1000"),
    ("x**99999999999", "exponent too large at column 2 — the limit is 1000"),
    ("x^(10^4)", "exponent too large"),
    ("e^(e^(e^e))", "exponent too large"),
    ("(2^1000)^1000", "number too large at column 9 — the result would have more than 2000 digits"),
    ("((x*99)^999)^3", "number too large"),
    ("(123x)^999", "number too large"),  # SymPy computes 123^999 exactly: 2088 digits
    ("(x * 99/7)^999", "number too large"),  # 99^999 over 7^999: 1994 and 845 digits
    ("(1+1e-300)^999", "number with too many digits to compute exactly at column 11 — its exact value would have "
                       "more than 2000 digits"),  # about 1, not large
]


@pytest.mark.parametrize(("text", "message"), LIMITS, ids=[t[:20] for t, _ in LIMITS])
def test_limits_are_refused_with_their_own_message(text, message):
    with pytest.raises(MathParseError) as caught:
        parse(text)
    assert str(caught.value).startswith(message)


def test_variables_and_constants_are_not_counted_as_digits():
    """Nothing numeric is computed for powers of symbols: only numbers count towards the 2000 digits."""
    y, z = sympy.symbols("y z")
    assert to_sympy("x^999*y^999*z^999") == x**999 * y**999 * z**999
    assert to_sympy("(x*y*z)^999") == (x * y * z) ** 999
    assert to_sympy("pi^999 * e^999 * x^999") == sympy.pi**999 * sympy.E**999 * x**999
    assert to_sympy("(2x)^999") == 2**999 * x**999  # 2^999 is computed: 301 digits


def test_within_the_limits_big_but_reasonable_inputs_are_read():
    assert to_sympy("x^1000") == x**1000
    assert to_sympy("2^1000") == sympy.Integer(2) ** 1000
    assert to_sympy("(" * 30 + "x" + ")" * 30) == x
    assert to_sympy("1" * 30) == sympy.Integer("1" * 30)


HOSTILE = [
    "__import__('os').system('echo pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: 1",
    "eval('1')",
    "exec('import os')",
    "x.__class__",
    "open('/etc/passwd').read()",
    "Symbol('x')",
    "f = lambda x: x",
    "import os",
    "x if x else y",
    "sin(x).__add__(1)",
    "{1: 2}",
    "`ls`",
    "$(ls)",
    "x; y",
    "\x00",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_code_is_refused_and_never_run(text, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("the parser handed text to SymPy's eval-based parser")

    monkeypatch.setattr(sympy, "sympify", forbidden)
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", forbidden)
    with pytest.raises(MathParseError):
        to_sympy(text)


def test_to_sympy_never_uses_sympify(monkeypatch):
    calls = []
    module = sys.modules["sympy.core.sympify"]
    real = module.sympify

    def spy(arg, *args, **kwargs):
        if isinstance(arg, str):
            calls.append(arg)
        return real(arg, *args, **kwargs)

    monkeypatch.setattr(module, "sympify", spy)
    monkeypatch.setattr(sympy, "sympify", spy)
    for text, variables, _ in READINGS:
        to_sympy(text, variables=variables)
    assert calls == []
    sympy.sympify("1")  # the spy itself works
    assert calls == ["1"]


def test_the_parser_source_calls_no_eval_based_reader():
    import deckapp.answers.lexer
    import deckapp.answers.parser
    import deckapp.answers.tree

    builtins = {"eval", "exec", "compile", "__import__", "sympify", "parse_expr"}
    for module in (deckapp.answers.lexer, deckapp.answers.parser, deckapp.answers.tree):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        calls = [node.func for node in ast.walk(tree) if isinstance(node, ast.Call)]
        names = {f.id for f in calls if isinstance(f, ast.Name)}
        methods = {f.attr for f in calls if isinstance(f, ast.Attribute)}
        assert names and methods  # the walk does see calls
        assert not names & builtins, f"{module.__name__} calls {names & builtins}"
        assert not methods & {"sympify", "parse_expr"}, f"{module.__name__} calls SymPy's parser"


def test_parsing_does_not_import_sympy():
    code = ("import sys; from deckapp.answers.parser import parse, render; render(parse('2x sin(x) + y = 1')); "
            "print('sympy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


TOKENS = ["x", "y", "2", "0.5", "1e3", "e", "pi", "π", "+", "-", "*", "/", "^", "**", "(", ")", "[", "]", "|", ",",
          "=", "sin", "sqrt", "√", "²", "⁻", " ", "sigmoid", "xy", "9", "999", "_", ".", "'", "lambda", "·"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40), st.sampled_from([None, ("x", "y"), ("x", "e")]))
def test_token_soup_is_read_or_refused_never_crashes(soup, variables):
    text = "".join(soup)
    try:
        tree = parse(text, variables=variables)
    except MathParseError as err:
        assert str(err)
        assert err.column is None or 1 <= err.column <= len(text) + 1
        return
    to_sympy(render(tree), variables=variables)
    to_sympy(text, variables=variables)


def test_the_lectures_sigma_without_brackets_is_pointed_to_sigmoid():
    with pytest.raises(MathParseError, match=r"unknown name 'σ' — write σ\(…\) or sigmoid\(…\)"):
        parse("2*σ x", variables=frozenset({"x"}))


@pytest.mark.parametrize(("text", "message", "column"), [
    ("e⁽ˣ", "unbalanced parenthesis", 2),
    ("x + yˣ", "unknown variable 'y'", None),
])
def test_an_unreadable_superscript_is_reported_where_it_is_typed(text, message, column):
    with pytest.raises(MathParseError, match=message) as caught:
        parse(text, variables=frozenset({"x"}))
    assert column is None or caught.value.column == column


@pytest.mark.parametrize(("text", "variables", "message"), [
    ("e⁻", None, "something is missing after '⁻' at column 2"),  # passed through while typing e⁻ˣ
    ("eˣ⁺", None, "something is missing after '⁺' at column 3"),
    ("x⁽⁻⁾", None, "something is missing after '⁻' at column 3"),
    ("e^ˣ", None, "'^' before the superscript 'ˣ' at column 3 — write ^x or ˣ, not both"),
    ("e^⁻ˣ", None, "'^' before the superscript '⁻ˣ' at column 3 — write ^(-x) or ⁻ˣ, not both"),
    ("⁽x⁾", None, "nothing before '⁽' to raise at column 1 — a superscript is an exponent, as in x² or eˣ"),
    ("ᵃᵇᶜ", None, "nothing before 'ᵃᵇᶜ' to raise at column 1 — a superscript is an exponent, as in x² or eˣ"),
    ("x + ²", None, "nothing before '²' to raise at column 5 — a superscript is an exponent, as in x² or eˣ"),
    ("xᵃᵇᶜ", ["x"], "unknown name 'ᵃᵇᶜ' — a product in an exponent is written ^(a*b*c)"),
    ("2ˣʸ", None, "unknown name 'ˣʸ' — a product in an exponent is written ^(x*y)"),
    ("xᵃ", ["x"], "unknown variable 'ᵃ' — the variables are x"),
    ("x²⁽", None, "unbalanced parenthesis at column 3 — '⁽' is never closed"),
    ("xˣ⁾", None, "unbalanced parenthesis at column 3 — this '⁾' closes nothing"),
    ("x⁽⁾", None, "nothing inside '⁽⁾' at column 2"),
])
def test_an_unreadable_run_of_superscripts_is_told_as_typed(text, variables, message):
    with pytest.raises(MathParseError) as caught:
        parse(text, variables=variables)
    assert str(caught.value) == message


@pytest.mark.parametrize(("text", "ops"), [
    ("a - (b - c) + -d", "+-"), ("-(a + b) - c*d", "+-"), ("a", "+-"),
    ("a/(b/c)*d", "*/"), ("2*a/b/(c*d)", "*/"), ("-a*b", "*/"),
])
def test_the_operands_of_a_sum_or_product_rebuild_it(text, ops):
    from deckapp.answers.tree import operands

    tree = parse(text)
    parts = [(sign, build(node)) for sign, node in operands(tree, ops)]
    rebuilt = (sympy.Add(*(sign * part for sign, part in parts)) if ops == "+-"
               else sympy.Mul(*(part**sign for sign, part in parts)))
    assert sympy.simplify(rebuilt - build(tree)) == 0
    if ops == "+-":  # every term on its own, as SymPy's expanded sum has them
        assert len(parts) == len(sympy.Add.make_args(sympy.expand(build(tree))))


@given(st.from_regex(r"\A([0-9]{1,12}\.?[0-9]{0,12}|\.[0-9]{1,12})\Z"))
def test_a_number_is_read_exactly_as_python_reads_the_decimal(number):
    """SymPy's Rational of the same text is the reference, in whole numbers, decimals, '5.' and '.5' alike."""
    from deckapp.answers.lexer import tokenize

    token = tokenize(number, None)[0]
    assert (token.kind, token.text) == ("NUM", number)
    assert sympy.Rational(token.value.numerator, token.value.denominator) == sympy.Rational(number)
