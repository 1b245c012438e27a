"""Math in card text: `$…$` is LaTeX. The terminal shows it as readable Unicode; exports keep the LaTeX.

The reader recurses into groups, and groups can be nested without end in a file, so it stops at `MAX_DEPTH`
levels with a LatexError that `deckapp validate` reports at its character: a deck that validates always renders.
"""

from __future__ import annotations

import re
import unicodedata

MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)

SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "partial": "∂", "nabla": "∇", "cdot": "·", "times": "×", "circ": "∘", "infty": "∞", "to": "→",
    "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "mapsto": "↦", "approx": "≈", "neq": "≠",
    "ne": "≠", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "pm": "±", "in": "∈", "sum": "Σ", "prod": "Π",
    "int": "∫", "dots": "…", "ldots": "…", "cdots": "⋯", "sqrt": "√", "prime": "′", "forall": "∀",
    "exists": "∃", "cup": "∪", "cap": "∩", "subset": "⊂", "ell": "ℓ",
    "quad": "  ", "qquad": "    ", ",": " ", ";": " ", "!": "", " ": " ",
    "left": "", "right": "", "big": "", "Big": "", "bigl": "", "bigr": "",
    "{": "{", "}": "}", "$": "$", "%": "%", "_": "_", "&": "&", "#": "#",
}
NAMED = {"relu", "sigmoid", "sqrt", "abs"}  # functions as the answers parser names them, in an \operatorname
FUNCTIONS = {"sin", "cos", "tan", "exp", "log", "ln", "arctan", "arcsin", "arccos", "tanh", "sinh", "cosh",
             "min", "max", "argmin", "argmax", "lim", "det"}
BINARY = {"cdot", "times", "circ", "to", "rightarrow", "leftarrow", "Rightarrow", "mapsto", "approx", "neq", "ne",
          "le", "leq", "ge", "geq", "pm", "in", "subset", "cup", "cap"}
PREFIX = {"partial", "nabla", "sum", "prod", "int", "frac", "sqrt", "hat", "bar", "tilde", "vec", "dot", "mathbb",
          "mathbf", "mathrm", "text", "mathit", "operatorname", "boldsymbol", "left", "right"}
BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ"}
# Every small letter but q has a raised form (as deckapp.answers.pretty writes them, and its lexer reads them).
SUPERSCRIPT = str.maketrans("0123456789+-=()Tabcdefghijklmnoprstuvwxyz",
                            "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵀᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ")
SUBSCRIPT = str.maketrans("0123456789+-=()aeiojnrtxkpsmlh", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢₒⱼₙᵣₜₓₖₚₛₘₗₕ")
MAX_DEPTH = 50  # groups ({…}, \frac{…}, \sqrt\frac…) inside one another; lecture notes use fewer than 10


class LatexError(ValueError):
    """Math that cannot be shown: `offset` is the index in the text of the character where the reader stopped."""

    def __init__(self, offset: int, reason: str):
        super().__init__(f"{reason} (at character {offset + 1})")
        self.offset = offset
        self.reason = reason


COMBINING = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "vec": "\u20d7", "dot": "\u0307"}


def to_unicode(text: str) -> str:
    """Replace every `$…$` span of `text` by a Unicode rendering of its LaTeX; LatexError past MAX_DEPTH."""
    shown = MATH.sub(lambda m: math_to_unicode(m.group(1), m.start(1)), text).replace(r"\$", "$")
    return unicodedata.normalize("NFC", shown)


def check_renders(text: str) -> None:
    """Raise the LatexError that to_unicode(text) would raise, if any, rendering only the spans that could raise it.

    Nesting is the one thing that fails, and every level below a span's top is entered at a character of its own, a
    "{" or a "\\" (`_Renderer.deeper`), so a span holding at most MAX_DEPTH of them cannot pass the limit."""
    if text.count("{") + text.count("\\") <= MAX_DEPTH:  # nor can any span of a text holding no more
        return
    for match in MATH.finditer(text):
        span = match.group(1)
        if span.count("{") + span.count("\\") > MAX_DEPTH:
            math_to_unicode(span, match.start(1))


def math_to_unicode(latex: str, offset: int = 0) -> str:
    """The Unicode for one span of LaTeX, found at `offset` in its text (for the position of a LatexError)."""
    shown = re.sub(r"  +", " ", _Renderer(latex, offset).render()).strip()
    shown = re.sub(r"([(\[]) | (?=[)\]])", r"\1", shown)  # "( x )" -> "(x)"
    return re.sub(r"(^|[(\[=,] ?)- (?=[\w(√∂])", r"\1-", shown)  # a leading or unary minus: "-x", not "- x"


class _Renderer:
    """A small reader of the LaTeX used in lecture notes; anything it does not know is shown as written."""

    def __init__(self, source: str, offset: int = 0):
        self.s = source
        self.i = 0
        self.offset = offset
        self.depth = -1  # the whole text is level 0

    def deeper(self, at: int) -> None:
        """Count one more level of nesting (every recursive call enters here), refusing past MAX_DEPTH the group
        that opens at index `at`. Every level but the first is entered at a "{" or "\\" of its own, which
        check_renders counts."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise LatexError(self.offset + at, f"math nested more than {MAX_DEPTH} levels deep")

    def render(self, stop: str | None = None) -> str:
        self.deeper(self.i - 1 if stop else self.i)  # a group's opening brace is just behind
        try:
            return self._render(stop)
        finally:
            self.depth -= 1

    def _render(self, stop: str | None) -> str:
        out: list[str] = []
        while self.i < len(self.s):
            ch = self.s[self.i]
            if stop and ch == stop:
                self.i += 1
                return "".join(out)
            if ch == "\\":
                out.append(self.command())
            elif ch == "{":
                self.i += 1
                out.append(self.render("}"))
            elif ch in "^_":
                self.i += 1
                argument = self.argument()
                shown = self.script(argument, ch == "^")
                if shown.startswith("^") and _stands_alone(out, "e"):  # e^(3x² + 8x) is written exp(3x² + 8x)
                    group = _group(argument)
                    out[-1], shown = "exp", group if _one_bracket(group) else f"({group})"
                out.append(shown)
            elif ch == "'":
                self.i += 1
                out.append("′")
            else:
                self.i += 1
                out.append(ch)
        return "".join(out)

    def argument(self) -> str:
        """One braced group, command, or single character."""
        while self.i < len(self.s) and self.s[self.i] == " ":
            self.i += 1
        if self.i >= len(self.s):
            return ""
        ch = self.s[self.i]
        if ch == "{":
            self.i += 1
            return self.render("}")
        if ch == "\\":  # a command as the argument of a command: \frac\frac… nests too
            self.deeper(self.i)
            try:
                return self.command()
            finally:
                self.depth -= 1
        self.i += 1
        return ch

    def command(self) -> str:
        self.i += 1  # the backslash
        start = self.i
        while self.i < len(self.s) and self.s[self.i].isalpha():
            self.i += 1
        name = self.s[start:self.i]
        if name in PREFIX:
            while self.i < len(self.s) and self.s[self.i] == " ":
                self.i += 1  # LaTeX drops the space: "\\partial f" is ∂f
        if not name and self.i < len(self.s):
            name = self.s[self.i]
            self.i += 1
        if name == "frac":
            top, bottom = self.argument(), self.argument()
            return f"{_group(top)}/{_group(bottom)}"
        if name == "sqrt":
            inner = self.argument()
            return "√" + _group(inner)
        if name in COMBINING:
            inner = self.argument()
            return inner + COMBINING[name] if len(inner) == 1 else f"{name}({inner})"
        if name == "mathbb":
            inner = self.argument()
            return BLACKBOARD.get(inner, inner)
        if name in ("mathbf", "mathrm", "text", "mathit", "operatorname", "boldsymbol"):
            return self.argument()
        if name in BINARY:
            return f" {SYMBOLS[name]} "
        if name in SYMBOLS:
            return SYMBOLS[name]
        if name in FUNCTIONS:
            return name
        return "\\" + name

    @staticmethod
    def script(text: str, superscript: bool) -> str:
        """Raised or lowered when every character has that form (e²ˣ⁺¹, eʸ, xₜ₊₁) and no function is named (eˢⁱⁿ
        would read as letters); else written ^(…) or _(…)."""
        table = SUPERSCRIPT if superscript else SUBSCRIPT
        converted = text.translate(table)
        names_a_function = any(word in FUNCTIONS or word in NAMED for word in re.findall(r"[A-Za-z]{2,}", text))
        if all(c != o or c in " " for c, o in zip(converted, text, strict=True)) and converted and not names_a_function:
            return converted.replace(" ", "")  # e²ˣ⁺¹, not e² ˣ ⁺ ¹: spaces between raised characters read as gaps
        return ("^" if superscript else "_") + _group(text)


def _stands_alone(out: list[str], word: str) -> bool:
    """Whether the text rendered so far ends with `word`, not as the end of a longer name."""
    return bool(out) and out[-1] == word and (len(out) == 1 or not out[-2][-1:].isalnum())


def _group(text: str) -> str:
    """Parenthesise a multi-part operand so `a+b/c` is not misread; one already in brackets (or a power of one,
    `(4x + 4)²`) is left as it is."""
    if len(text) <= 1 or re.fullmatch(r"[\w.′∂]+", text) or _one_bracket(text.rstrip(_RAISED)):
        return text
    return f"({text})"


_RAISED = "".join(map(chr, SUPERSCRIPT.values()))  # every character `script` may raise


def _one_bracket(text: str) -> bool:
    """Whether `text` is one bracketed group: its first "(" is closed by its last character, (a)(b) is two."""
    if not text.startswith("("):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return index == len(text) - 1
    return False
