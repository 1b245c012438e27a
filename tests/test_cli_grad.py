"""`deckapp grad EXPR --at x=1.5,y=-2 [--json | --graph]`: output, the JSON contract, one-line errors, exit 2."""

import json
import math

import pytest

from deckapp.cli import main


def test_value_and_gradient_in_plain_text(capsys):
    assert main(["grad", "x*y + sin(x)", "--at", "x=1.5,y=-2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"value: {1.5 * -2 + math.sin(1.5)!r}",
        f"∂/∂x: {-2 + math.cos(1.5)!r}",
        "∂/∂y: 1.5",
    ]


def test_json_is_exactly_value_and_gradient_in_the_order_of_at(capsys):
    assert main(["grad", "x*y + sin(x)", "--at", "y=-2,x=1.5", "--json"]) == 0
    out = capsys.readouterr().out
    expected = {"value": 1.5 * -2 + math.sin(1.5), "gradient": {"y": 1.5, "x": -2 + math.cos(1.5)}}
    assert out == json.dumps(expected) + "\n"
    assert out.startswith('{"value": ') and list(json.loads(out)["gradient"]) == ["y", "x"]


def test_the_sigmoid_neuron_of_cs231n(capsys):
    """Published: dx = (0.39, -0.59), dw = (-0.20, -0.39, 0.20) for w = (2, -3, -3), x = (-1, -2)."""
    assert main(["grad", "sigmoid(w0*x0 + w1*x1 + w2)", "--at", "w0=2,x0=-1,w1=-3,x1=-2,w2=-3", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    s = 1 / (1 + math.exp(-1.0))
    assert result["value"] == pytest.approx(s, rel=1e-15)
    assert {k: round(v, 2) for k, v in result["gradient"].items()} == {
        "w0": -0.20, "x0": 0.39, "w1": -0.39, "x1": -0.59, "w2": 0.20}


def test_graph_prints_the_forward_backward_table_first(capsys):
    """The README's example: the CS231n circuit, node for node as typed ((x + y) first, then times z)."""
    assert main(["grad", "(x + y)*z", "--at", "x=-2,y=5,z=-4", "--graph"]) == 0
    table, summary = capsys.readouterr().out.split("\n\n")
    assert table.splitlines() == [
        "node  op     inputs  value  local gradients  ∂b/∂node",
        "────  ─────  ──────  ─────  ───────────────  ────────",
        "x     input          -2                      -4",
        "y     input          5                       -4",
        "z     input          -4                      3",
        "a     +      x, y    3      1, 1             -4",
        "b     *      a, z    -12    -4, 3            1",
    ]
    assert summary.splitlines() == ["value: -12.0", "∂/∂x: -4.0", "∂/∂y: -4.0", "∂/∂z: 3.0"]


def _rows(out: str) -> list[list[str]]:
    """The --graph table's rows (after the header and its rule), split into cells."""
    table = out.split("\n\n")[0].splitlines()
    return [line.split() for line in table[2:]]


@pytest.mark.parametrize(("expr", "at", "header", "rows"), [
    ("x*x + x", "x=2", "∂b/∂node", [["x", "input", "2", "5"],
                                     ["a", "*", "x,", "x", "4", "2,", "2", "1"],
                                     ["b", "+", "a,", "x", "6", "1,", "1", "1"]]),
    ("x - x", "x=1", "∂a/∂node", [["x", "input", "1", "0"],
                                   ["a", "-", "x,", "x", "0", "1,", "-1", "1"]]),
    ("x^2/x", "x=3", "∂b/∂node", [["x", "input", "3", "1"],
                                   ["a", "^2", "x", "9", "6", "0.333333"],
                                   ["b", "/", "a,", "x", "3", "0.333333,", "-1", "1"]]),
    ("x/x", "x=2", "∂a/∂node", [["x", "input", "2", "0"],
                                 ["a", "/", "x,", "x", "1", "0.5,", "-0.5", "1"]]),
])
def test_graph_shows_exactly_the_operations_typed(expr, at, header, rows, capsys):
    """SymPy would have drawn x**2 + x, 0, x and 1: no product, no subtraction, no division."""
    assert main(["grad", expr, "--at", at, "--graph"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[-1] == header
    assert _rows(out) == rows


def test_a_variable_not_in_at_gets_nothing_and_one_in_at_not_used_gets_zero(capsys):
    assert main(["grad", "x^2", "--at", "x=3,y=1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"value": 9.0, "gradient": {"x": 6.0, "y": 0.0}}


def test_names_declared_by_at_can_be_longer_than_a_letter(capsys):
    assert main(["grad", "theta^2 + w1", "--at", "theta=3,w1=1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"value": 10.0, "gradient": {"theta": 6.0, "w1": 1.0}}


def test_an_expression_starting_with_minus_after_double_dash(capsys):
    assert main(["grad", "--at", "x=2", "--json", "--", "-x^2"]) == 0
    assert json.loads(capsys.readouterr().out) == {"value": -4.0, "gradient": {"x": -4.0}}


@pytest.mark.parametrize(("args", "message"), [
    (["x*y", "--at", "x=1"],
     "deckapp: EXPR uses y, which has no value in --at (values given for: x); add y=NUMBER to --at"),
    (["x*y"], "deckapp: EXPR uses x, which has no value in --at (values given for: none); add x=NUMBER to --at"),
    (["foo(x)", "--at", "x=1"], "deckapp: EXPR: unknown function 'foo' — known functions: "),
    (["x +", "--at", "x=1"], "deckapp: EXPR: something is missing after '+' at column 3"),
    (["log(x - 2)", "--at", "x=1.5"], "deckapp: log of a non-positive number: node b = log(a) with a = -0.5"),
    (["1/(x - 1)", "--at", "x=1"], "deckapp: division by zero: node b = 1 / a with a = 0"),
    (["sqrt(x)", "--at", "x=-4"], "deckapp: square root of a negative number: node a = sqrt(x) with x = -4"),
    (["exp(x) * exp(y)", "--at", "x=400,y=400"], "deckapp: overflow: node c = a * b with a = 5.22"),
    (["x", "--at", "x1.5"], "deckapp: --at: item 1 'x1.5' should be NAME=NUMBER, e.g. --at x=1.5,y=-2"),
    (["x", "--at", "x=1,"], "deckapp: --at: item 2 '' should be NAME=NUMBER, e.g. --at x=1.5,y=-2"),
    (["x", "--at", "x=abc"], "deckapp: --at: the value of x should be a number like 1.5 or -2e-3, not 'abc'"),
    (["x", "--at", "x=inf"], "deckapp: --at: the value of x should be a finite number, not 'inf'"),
    (["x", "--at", "x=1,x=2"], "deckapp: --at: x is given twice"),
    (["x", "--at", "2x=1"], "deckapp: --at: '2x' is not a variable name (a letter, then letters, digits or _)"),
    (["sin(x)", "--at", "sin=1,x=1"], "deckapp: --at: 'sin' is not a variable name: sin is a function"),
    (["x", "--at", "x=1,αβ=2"], "deckapp: --at: 'αβ' is not a variable name: a name of more than one letter"),
    (["x, y", "--at", "x=1,y=2"], "deckapp: EXPR is a vector; grad needs a single expression such as x*y + sin(x)"),
    (["y = x", "--at", "x=1,y=2"], "deckapp: EXPR is an equation; grad needs a single expression such as x*y + sin(x)"),
    (["x", "--at", "x=1", "--json", "--graph"], "deckapp: argument --graph: not allowed with argument --json"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(args, message, capsys):
    assert main(["grad", *args]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(message) and err.count("\n") == 1


@pytest.mark.parametrize(("expr", "at", "message"), [
    ("x/x", "x=0", "division by zero: node a = x / x with x = 0"),
    ("x^2/x", "x=0", "division by zero: node b = a / x with a = 0, x = 0"),
    ("sqrt(x)^2", "x=-4", "square root of a negative number: node a = sqrt(x) with x = -4"),
    ("exp(log(x))", "x=-2", "log of a non-positive number: node a = log(x) with x = -2"),
    ("log(x) - log(x)", "x=-1", "log of a non-positive number: node a = log(x) with x = -1"),
    ("(x - x)/(y - y)", "x=1,y=2", "division by zero: node c = a / b with a = 0, b = 0"),
])
@pytest.mark.parametrize("shown", [[], ["--json"], ["--graph"]])
def test_domain_errors_of_the_expression_as_typed_not_as_simplified(expr, at, message, shown, capsys):
    assert main(["grad", expr, "--at", at, *shown]) == 2
    assert capsys.readouterr() == ("", f"deckapp: {message}\n")


def test_in_a_child_process_errors_have_no_traceback(deckapp_cli):
    result = deckapp_cli("grad", "log(x)", "--at", "x=0")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "deckapp: log of a non-positive number: node a = log(x) with x = 0\n"
    result = deckapp_cli("grad", "x/x", "--at", "x=0")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "deckapp: division by zero: node a = x / x with x = 0\n"
    result = deckapp_cli("grad", "x*y", "--at", "x=2,y=3", "--json")
    assert (result.returncode, json.loads(result.stdout)) == (0, {"value": 6.0, "gradient": {"x": 3.0, "y": 2.0}})
