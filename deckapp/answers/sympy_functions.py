"""SymPy functions the course uses beyond SymPy's own: sigmoid and relu.

Import this module only where SymPy is needed anyway (it imports SymPy). Both functions stay unevaluated for
symbolic work, so graphs and renderings can name them, and `elementary()` rewrites them for numeric evaluation.
"""

from __future__ import annotations

import sympy
from sympy import Function, Heaviside, Max, exp


class sigmoid(Function):  # noqa: N801 (lower case, as written in the lecture and in answers)
    """The logistic function 1 / (1 + e^(-x))."""

    @classmethod
    def eval(cls, arg):
        if arg.is_Number and not arg.is_Float and arg.is_zero:
            return sympy.Rational(1, 2)
        return None

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + exp(-arg))

    def _eval_is_real(self):  # so that SymPy keeps |exp(sigmoid(x))| real, not exp(re(sigmoid(x)))
        return self.args[0].is_extended_real

    def _eval_is_positive(self):
        return self.args[0].is_extended_real

    def _eval_evalf(self, prec):
        return (1 / (1 + exp(-self.args[0])))._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        """σ(x), as the lecture writes it (the answer parser's name, sigmoid, is what a student types); a power
        of it as SymPy writes one of sin: σ²(x)."""
        power = f"^{{{exp}}}" if exp is not None else ""
        return rf"\sigma{power}{{\left({printer._print(self.args[0])} \right)}}"


class relu(Function):  # noqa: N801
    """The rectifier max(0, x); its derivative is taken as 0 at 0, as deep-learning libraries do."""

    @classmethod
    def eval(cls, arg):
        if arg.is_Number:
            return Max(0, arg)
        return None

    def fdiff(self, argindex=1):
        return Heaviside(self.args[0], 0)

    def _eval_rewrite_as_Max(self, arg, **kwargs):
        return Max(0, arg)

    def _eval_is_real(self):
        return self.args[0].is_extended_real

    def _eval_is_nonnegative(self):
        return self.args[0].is_extended_real

    def _eval_evalf(self, prec):
        return Max(0, self.args[0])._eval_evalf(prec)


FUNCTIONS = {"sigmoid": sigmoid, "relu": relu}


def elementary(expr):
    """The same expression with sigmoid and relu written out (for lambdify, numeric checks, naive baselines)."""
    return expr.replace(sigmoid, lambda a: 1 / (1 + exp(-a))).replace(relu, lambda a: Max(0, a))
