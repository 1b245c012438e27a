"""The answer checker's corpus: (expected, answer, verdict) as a grader who knows the maths would give it.

Used by tests/test_checker.py (every case must get its verdict) and benchmarks/bench_checker.py (the same pairs
through the naive `simplify(sympify(e) - sympify(a)) == 0`). Verdicts were decided by hand from the mathematics,
not by running the checker; the comments say why where it is not obvious.
"""

from typing import NamedTuple


class Case(NamedTuple):
    expected: str
    answer: str
    status: str  # correct | incorrect | invalid
    kind: str = "auto"
    variables: tuple[str, ...] | None = None


OK, NO, BAD = "correct", "incorrect", "invalid"
# 512(2x + 5)^7 (5x - 1)^5 (70x + 67) expanded by SymPy, without its constant term -2680000000
_EXPANDED = ("14336000000*x^13 + 250265600000*x^12 + 1862860800000*x^11 + 7623925760000*x^10 + 18290677760000*x^9"
             " + 24744757985280*x^8 + 14567212351488*x^7 - 3267871272960*x^6 - 6408053107200*x^5 + 670406720000*x^4"
             " + 1179708800000*x^3 - 429244800000*x^2 + 56696000000*x")
XY = ("x", "y")

CASES = [
    # --- expressions: the same function typed the ways people type it ----------------------------------------
    Case("2*x", "2x", OK),
    Case("2*x", "2 x", OK),
    Case("2*x", "x*2", OK),
    Case("2*x", "x + x", OK),
    Case("2*x + 2", "2(x+1)", OK),
    Case("x^2 - 1", "(x+1)(x-1)", OK),
    Case("x^2 - 1", "(x-1)*(x+1)", OK),
    Case("x**2", "x^2", OK),
    Case("x^2", "x²", OK),
    Case("x^3", "x³", OK),
    Case("x^3", "x*x*x", OK),
    Case("2*x*y", "2xy", OK, variables=XY),
    Case("x*y", "yx", OK, variables=XY),
    Case("x*y^2", "xy²", OK, variables=XY),
    Case("exp(x)", "e^x", OK),
    Case("exp(2*x)", "e^(2x)", OK),
    Case("exp(2*x)", "(e^x)^2", OK),
    Case("exp(-x)", "1/e^x", OK),
    Case("exp(-x)", "e^-x", OK),
    Case("log(x)", "ln(x)", OK),
    Case("log(x)", "ln x", OK),
    Case("2*log(x)", "ln(x^2)", OK),  # equal wherever the expected answer is defined (x > 0)
    Case("log(x^2)", "2ln(x)", NO),  # undefined for x < 0, where the expected answer is defined
    Case("log(x^2)", "2ln|x|", OK),
    Case("x^(1/2)", "√x", OK),
    Case("sqrt(x)", "x^0.5", OK),
    Case("sqrt(x+1)", "√(x+1)", OK),
    Case("1/(2*sqrt(x))", "1/2sqrt(x)", OK),
    Case("1/(2*sqrt(x))", "0.5x^(-1/2)", OK),
    Case("1/(2*x)", "1/2x", OK),  # juxtaposition binds tighter than /
    Case("2*x", "2·x", OK),
    Case("3*x", "3×x", OK),
    Case("x - 1", "x − 1", OK),
    Case("pi*x", "πx", OK),
    Case("2*pi", "2π", OK),
    Case("x + 1", "   x + 1   ", OK),
    Case("sin(x)^2", "sin^2(x)", OK),
    Case("sin(x)^2", "sin²x", OK),
    Case("1", "sin(x)^2 + cos(x)^2", OK),
    Case("sin(2*x)", "2sin(x)cos(x)", OK),
    Case("sin(2*x)", "sin 2x", OK),
    Case("cos(x)", "sin(x + pi/2)", OK),
    Case("tan(x)", "sin(x)/cos(x)", OK),
    Case("1/cos(x)^2", "1 + tan(x)^2", OK),
    Case("x*cos(x) + sin(x)", "sin x + x cos x", OK),
    Case("tanh(x)", "(e^x - e^-x)/(e^x + e^-x)", OK),
    Case("1 - tanh(x)^2", "sech(x)^2", OK),
    Case("1 - tanh(x)^2", "1/cosh(x)^2", OK),
    Case("cosh(x)", "(e^x + e^(-x))/2", OK),
    Case("sinh(x)", "(e^x - e^(-x))/2", OK),
    Case("sigmoid(x)", "1/(1 + e^-x)", OK),
    Case("sigmoid(x)*(1 - sigmoid(x))", "e^(-x)/(1 + e^(-x))^2", OK),
    Case("sigmoid(x)*(1 - sigmoid(x))", "sigmoid(x) - sigmoid(x)^2", OK),
    Case("sigmoid(-x)", "1 - sigmoid(x)", OK),
    Case("relu(x)", "(x + |x|)/2", OK),
    Case("relu(x) - relu(-x)", "x", OK),
    Case("abs(x)", "|x|", OK),
    Case("abs(x)", "sqrt(x^2)", OK),
    Case("x/abs(x)", "|x|/x", OK),
    Case("3*x^2 + 2*x", "x(3x + 2)", OK),
    Case("(x+1)^2", "x^2 + 2x + 1", OK),
    Case("(x+1)^3", "x^3 + 3x^2 + 3x + 1", OK),
    Case("x^2*exp(x)", "x²e^x", OK, variables=("x",)),
    Case("2*x*exp(x^2)", "2xe^(x^2)", OK, variables=("x",)),
    Case("exp(x)*(x + 1)", "xe^x + e^x", OK, variables=("x",)),
    Case("1/x", "x^-1", OK),
    Case("1/x", "x⁻¹", OK),
    Case("-1/x^2", "-x^(-2)", OK),
    Case("2*x/(x^2 + 1)", "2x/(x²+1)", OK),
    Case("(1 - x^2)/(1 + x^2)^2", "(1-x^2)/(x^4 + 2x^2 + 1)", OK),
    Case("x*y", "y*x", OK),
    Case("2*x + 3*y", "3y + 2x", OK),
    Case("y*cos(x*y)", "cos(xy) y", OK, variables=XY),
    Case("log(x)", "ln|x|", OK),  # agrees wherever the expected answer is defined
    Case("x", "sqrt(x)^2", NO),  # undefined for x < 0, where the expected answer is defined
    Case("sqrt(x)^2", "x", OK),  # equal wherever the expected answer is defined
    Case("exp(-x^2)", "e^-x^2", OK),  # the exponent's sign covers the whole power: e^(-(x^2))
    Case("x^(1/3)", "x^(1/3)", OK),
    Case("exp(log(x))", "x", OK),
    Case("x", "0.5*2x", OK),
    Case("x/3", "0.3333x", OK),  # 0.01% off: within 0.1%
    # --- expressions: wrong answers that look right -----------------------------------------------------------
    Case("2*x", "x^2", NO),
    Case("2*x", "2", NO),
    Case("2*x", "3x", NO),
    Case("x^2 - 1", "(x-1)^2", NO),
    Case("x^2 + 1", "(x+1)^2", NO),
    Case("3*cos(3*x)", "cos(3x)", NO),  # forgotten inner derivative
    Case("2*x*cos(x^2)", "cos(x^2)", NO),
    Case("2*x*exp(x^2)", "e^(x^2)", NO),
    Case("cos(x)", "-cos(x)", NO),
    Case("-sin(x)", "sin(x)", NO),
    Case("2*x - 3", "2x + 3", NO),
    Case("1/x", "ln(x)", NO),
    Case("log(abs(x))", "ln(x)", NO),  # undefined for x < 0, where ln|x| is defined
    Case("abs(x)", "x", NO),
    Case("relu(x)", "x", NO),
    Case("sigmoid(x)*(1 - sigmoid(x))", "sigmoid(x)", NO),
    Case("sigmoid(x)*(1 - sigmoid(x))", "sigmoid(x)(1 + sigmoid(x))", NO),
    Case("1 - tanh(x)^2", "1 - tanh(x)", NO),
    Case("1/cos(x)", "sec(x)", BAD),  # sec is not one of the course's functions: refused, not misread
    Case("-x^2", "(-x)^2", NO),
    Case("1/(x + 1)", "1/x + 1", NO),
    Case("x^2", "2^x", NO),
    Case("sin(x)^2", "sin(x^2)", NO),
    Case("exp(2*x)", "e^2x", NO),  # e^2x reads as e²·x
    Case("1/(2*x)", "x/2", NO),
    Case("x/(x + 1)", "1/(x + 1)", NO),
    Case("x^2*exp(x)", "2x e^x", NO, variables=("x",)),
    Case("exp(x)*(x + 1)", "xe^x", NO, variables=("x",)),
    Case("x", "x + 0.01", NO),
    Case("x/3", "0.33x", NO),  # 1% off
    Case("x", "sqrt(x^2)", NO),  # |x|, not x
    Case("2*x", "2y", NO),  # a variable that is not in the problem
    Case("2*x", "2x + z - z + 1", NO),
    Case("x*y", "x + y", NO),
    Case("x*y", "x", NO, variables=XY),
    Case("2*x*y + y^2", "2xy + 2y", NO, variables=XY),
    Case("cos(x)*cos(y)", "cos(xy)", NO, variables=XY),
    Case("(x+1)^3", "x^3 + 1", NO),
    Case("sin(x)/x", "1", NO),
    Case("tan(x)", "cos(x)/sin(x)", NO),
    # e^(1000 + x^2) overflows a float everywhere: high precision (or SymPy) decides these
    Case("2*exp(1000 + x^2)", "e^(1000+x^2)(sin²x + cos²x) + e^(1000+x^2)", OK),
    Case("exp(1000 + x^2)", "e^(1000+x^2) + 1", NO),
    # where rounding hides the difference: at every sample point 1 is below 10^-9 of the value
    Case("512*(2*x+5)^7*(5*x-1)^5*(70*x+67)", _EXPANDED + " - 2680000000", OK),
    Case("512*(2*x+5)^7*(5*x-1)^5*(70*x+67)", _EXPANDED + " - 2680000001", NO),
    Case("0", "sqrt(2*x*sqrt(x^2+1)+2*x^2+1)-sqrt(x^2+1)-x", OK),  # the root of (sqrt(x^2+1) + x)^2, less itself
    # what students write: a left-hand side naming the derivative, the lecture's σ, the app's superscripts
    Case("15*x^2 + 3", "f'(x) = 15x^2 + 3", OK),
    Case("(2*x, 2*y)", "∇f = (2x, 2y)", OK),
    Case("sigmoid(x)*(1 - sigmoid(x))", "σ(x)(1 - σ(x))", OK),
    Case("2*exp(2*x)", "2e²ˣ", OK),
    Case("x^y", "xʸ", OK),
    # --- numbers ---------------------------------------------------------------------------------------------
    Case("1/3", "0.3333", OK),
    Case("1/3", "0.33333", OK),
    Case("1/3", "1/3", OK),
    Case("1/3", "2/6", OK),
    Case("1/3", "0.33", NO),
    Case("1/3", "0.3", NO),
    Case("0.5", "1/2", OK),
    Case("sigmoid(0)", "0.5", OK),
    Case("0.25", "sigmoid(0)(1 - sigmoid(0))", OK),
    Case("e", "2.718", OK),
    Case("e", "2.7", NO),
    Case("pi", "3.1416", OK),
    Case("pi", "3.14", OK),  # |3.14 - π| / π = 0.051%: inside the 0.1% tolerance
    Case("pi", "22/7", OK),  # 0.040% off
    Case("pi", "3.1", NO),  # 1.3% off
    Case("sqrt(2)", "1.4142", OK),
    Case("sqrt(2)", "1.41", NO),
    Case("2", "2.0", OK),
    Case("2", "-2", NO),
    Case("0", "0", OK),
    Case("0", "0.0001", NO),
    Case("0", "0*x", OK),
    Case("0", "x - x", OK, kind="expr", variables=("x",)),
    Case("0", "x", NO, kind="expr", variables=("x",)),
    Case("1000", "1e3", OK),
    Case("0.001", "1e-3", OK),
    Case("exp(1)", "e", OK),
    Case("log(8)", "3ln(2)", OK),
    Case("12", "3*4", OK),
    Case("7", "8", NO),
    Case("-0.25", "-1/4", OK),
    Case("2", "x", NO),
    # --- vectors (gradients) -----------------------------------------------------------------------------------
    Case("(2*x, 2*y)", "(2x, 2y)", OK),
    Case("(2*x, 2*y)", "[2x, 2y]", OK),
    Case("(2*x, 2*y)", "2x, 2y", OK),
    Case("(2*x, 2*y)", "(2y, 2x)", NO),  # components swapped
    Case("(2*x, 2*y)", "(2x, 2y, 0)", NO),  # wrong length
    Case("(2*x, 2*y)", "2x", NO),
    Case("(2*x, 2*y)", "(2x, y)", NO),
    Case("(y, x)", "(y, x)", OK),
    Case("(y, x)", "(x, y)", NO),
    Case("(1, 2)", "(1, 2)", OK),
    Case("(1, 2)", "(2, 1)", NO),
    Case("(1, 2)", "[1.0, 2.0]", OK),
    Case("(0.5, -1)", "(1/2, -1)", OK),
    Case("(y*cos(x*y), x*cos(x*y))", "(y cos(xy), x cos(xy))", OK, variables=XY),
    Case("(2*x*y, x^2)", "(2xy, x²)", OK, variables=XY),
    Case("(2*x*y, x^2)", "(x², 2xy)", NO, variables=XY),
    Case("(exp(x), 0)", "(e^x, 0)", OK),
    Case("(exp(x), 0)", "(e^x, 0*x)", OK),
    Case("(1, 2, 3)", "1, 2, 3", OK),
    Case("(1, 2, 3)", "(1, 2)", NO),
    Case("(sigmoid(x)*(1 - sigmoid(x)), 1)", "(sigmoid(x) - sigmoid(x)^2, 1)", OK),
    Case("(2)", "[2]", OK, kind="vector"),  # a one-component gradient
    Case("[2]", "2", OK, kind="vector"),
    Case("(2)", "(2, 0)", NO, kind="vector"),
    # --- equations (tangent lines) -------------------------------------------------------------------------------
    Case("y = 2*x - 1", "y = 2x - 1", OK),
    Case("y = 2*x - 1", "y - 2x + 1 = 0", OK),
    Case("y = 2*x - 1", "2y = 4x - 2", OK),
    Case("y = 2*x - 1", "2x - y = 1", OK),
    Case("y = 2*x - 1", "y = 2x + 1", NO),
    Case("y = 2*x - 1", "y = -2x - 1", NO),
    Case("y = 2*x - 1", "y = x - 1", NO),
    Case("y = 2*x - 1", "2x - 1", OK),  # the right-hand side alone, for y = f(x)
    Case("y = 2*x - 1", "(2, -1)", NO),
    Case("y = 2*x - 1", "y^2 = (2x-1)^2", NO),  # also y = -(2x - 1)
    Case("y = x", "x = y", OK),
    Case("y = 1", "y - 1 = 0", OK),
    Case("y = exp(1)*x", "y = ex", OK, variables=XY),
    Case("y - 3 = 4*(x - 1)", "y = 4x - 1", OK),
    Case("y - 3 = 4*(x - 1)", "y = 4x + 1", NO),
    Case("(x-y)*(x+y) = 0", "abs(x) = abs(y)", OK),  # the same solutions, though not a multiple
    Case("x^2 = 1", "x = 1", NO),  # x = -1 is missing
    Case("y = 2*x - 1", "y - 1 = 2(x - 1) + 0*x + 0", OK),
    # --- unreadable answers ----------------------------------------------------------------------------------
    Case("2*x", "2x +", BAD),
    Case("2*x", "sin(x", BAD),
    Case("2*x", "sinn(x)", BAD),
    Case("2*x", "(1,,2)", BAD),
    Case("2*x", "", BAD),
    Case("2*x", "x.real", BAD),
    Case("2*x", "2 3", BAD),
    Case("2*x", "x2", BAD),
    Case("2*x", "xx", NO),  # x is the problem's variable (read from the expected answer), so xx is x·x
    Case("2*x", "xy", BAD),  # y is not a variable, so the word cannot be split: refused, not guessed
    Case("2*x", "__import__('os').system('true')", BAD),
    Case("2*x", "lambda: 1", BAD),
    Case("2*x", "x**99999999999", BAD),
    Case("2*x", "9**9**9**9", BAD),
    Case("2*x", "(" * 60 + "x" + ")" * 60, BAD),
    Case("2*x", "x" * 100_000, BAD),
]
