"""Card text in typst markup: the LaTeX between $…$ becomes typst maths, the rest escaped text.

The converter reads the LaTeX the generators write (SymPy's `latex()` and the lecture's notation): fractions,
roots, powers and indices, \\left/\\right delimiters, Greek letters and operators, named functions, \\operatorname,
\\mathbf and friends, accents, text, spacing and matrices. A span it does not know is shown as the Unicode text
the terminal shows (`deckapp.deck.latex.to_unicode`), so a sheet is always made.
"""

from __future__ import annotations

import re

from deckapp.deck.latex import MATH, math_to_unicode

# Symbols by their Unicode character, which typst classes (ordinary, binary, relation, large) as LaTeX does.
SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "partial": "∂", "nabla": "∇", "infty": "∞", "ell": "ℓ", "hbar": "ℏ", "emptyset": "∅", "forall": "∀",
    "exists": "∃", "neg": "¬", "prime": "′",
    "cdot": "⋅", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "circ": "∘", "ast": "∗", "star": "⋆",
    "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "cup": "∪", "cap": "∩", "setminus": "∖", "wedge": "∧", "vee": "∨",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈", "equiv": "≡",
    "sim": "∼", "simeq": "≃", "propto": "∝", "ll": "≪", "gg": "≫", "in": "∈", "notin": "∉", "subset": "⊂",
    "subseteq": "⊆", "supset": "⊃", "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒",
    "Leftarrow": "⇐", "Leftrightarrow": "⇔", "iff": "⟺", "implies": "⟹", "mapsto": "↦", "mid": "∣",
    "sum": "∑", "prod": "∏", "int": "∫", "oint": "∮",
    "dots": "…", "ldots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱",
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "|": "‖", "lVert": "‖", "rVert": "‖", "lvert": "|", "rvert": "|", "Vert": "‖", "vert": "|",
}
# Operator names typst knows as they are (upright, spaced as functions).
FUNCTIONS = {"sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
             "coth", "exp", "log", "ln", "lg", "det", "dim", "ker", "max", "min", "sup", "inf", "lim", "liminf",
             "limsup", "arg", "deg", "gcd", "Pr"}
SPACES = {",": "thin", ":": "med", ">": "med", ";": "thick", "quad": "quad", "qquad": "wide", " ": "space",
          "!": "", "enspace": "space", "thinspace": "thin"}
STYLES = {"mathbf": "bold(upright({}))", "boldsymbol": "bold({})", "bm": "bold({})", "mathrm": "upright({})",
          "mathit": "italic({})", "mathbb": "bb({})", "mathcal": "cal({})", "mathfrak": "frak({})",
          "mathsf": "sans({})", "mathtt": "mono({})"}
ACCENTS = {"hat": "hat", "widehat": "hat", "bar": "macron", "overline": "overline", "underline": "underline",
           "tilde": "tilde", "widetilde": "tilde", "vec": "arrow", "dot": "dot", "ddot": "dot.double"}
MATRICES = {"matrix": "#none", "smallmatrix": "#none", "pmatrix": '"("', "bmatrix": '"["', "Bmatrix": '"{"',
            "vmatrix": '"|"', "Vmatrix": '"‖"'}
DELIMITERS = {"(": "(", ")": ")", "[": "[", "]": "]", "|": "|", "\\{": "\\{", "\\}": "\\}", "\\|": "‖",
              "\\langle": "⟨", "\\rangle": "⟩", "\\lfloor": "⌊", "\\rfloor": "⌋", "\\lceil": "⌈", "\\rceil": "⌉",
              "\\lvert": "|", "\\rvert": "|", "\\lVert": "‖", "\\rVert": "‖", "\\vert": "|", "\\Vert": "‖", ".": ""}
SIZES = {"big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr"}
# Characters typst math reads as syntax, escaped to stand for themselves (`/` would make a fraction).
ESCAPED = set("/#$\"@_^&\\`~*")
TOKEN = re.compile(r"\\([A-Za-z]+|.)|(\d+(?:\.\d+)?|\.\d+)|(\s+)|(.)", re.DOTALL)
# What card text may not show as it is in typst markup (the characters with a meaning there).
MARKUP = re.compile(r"[\\#$*_\[\]<>@`~=+/\-]")


class Unsupported(ValueError):
    """LaTeX the converter does not read."""


def text_to_typst(text: str, typeset_math: bool = True) -> str:
    """Card text (math in $…$, `\\$` a dollar sign) as typst markup; without `typeset_math`, the maths as the
    terminal shows it."""
    out, last = [], 0
    for match in MATH.finditer(text):
        out.append(escape_text(text[last:match.start()]))
        out.append(inline_math(match.group(1)) if typeset_math else escape_text(math_to_unicode(match.group(1))))
        last = match.end()
    out.append(escape_text(text[last:]))
    return "".join(out)


def inline_math(latex: str) -> str:
    """`$…$` in typst, or the terminal's Unicode rendering as text when the LaTeX is beyond the converter."""
    try:
        converted = math_to_typst(latex)
    except Unsupported:
        return escape_text(math_to_unicode(latex))
    return f"${converted}$" if converted else ""


def escape_text(text: str) -> str:
    return MARKUP.sub(lambda m: "\\" + m.group(0), text.replace("\\$", "$"))


def math_to_typst(latex: str) -> str:
    """The typst math for LaTeX math; raises Unsupported for what it does not read."""
    return _Converter(latex).convert().strip()


class _Converter:
    def __init__(self, latex: str):
        self.tokens = [(m.group(1), m.group(2), m.group(3), m.group(4)) for m in TOKEN.finditer(latex)]
        self.i = 0

    def convert(self) -> str:
        out = self.sequence(stop=None, in_args=False)
        if self.i < len(self.tokens):
            raise Unsupported("unbalanced }")
        return out

    # A sequence of atoms up to `stop` ("}" or an \end / \right), joined by spaces so no two letters fuse into
    # one typst identifier; scripts and primes are glued to the atom before them.
    def sequence(self, stop: str | None, in_args: bool, rows: str = "") -> str:
        atoms: list[str] = []
        while self.i < len(self.tokens):
            command, number, space, char = self.tokens[self.i]
            if char == "}" and stop == "}":
                self.i += 1
                return " ".join(atoms) or '""'
            if command in ("right", "end") and stop == command:
                return " ".join(atoms)
            self.i += 1
            if space:
                continue
            if char in ("^", "_"):
                base = atoms.pop() if atoms else '""'
                atoms.append(f"{base}{char}({self.argument(in_args=True)})")
            elif char == "'":
                base = atoms.pop() if atoms else '""'
                atoms.append(base + "'")
            elif command is not None:
                atoms.append(self.command(command, in_args, rows))
            elif number is not None:
                atoms.append(number)
            elif char == "{":
                atoms.append(self.sequence("}", in_args, rows))
            elif char == "}":
                raise Unsupported("unbalanced }")
            elif char == "&":
                atoms.append("," if rows == "matrix" else "&")
            else:
                atoms.append(self.char(char, in_args))
        if stop is not None:
            raise Unsupported(f"missing {stop}")
        return " ".join(atoms)

    def char(self, char: str, in_args: bool) -> str:
        if char.isalpha() and char.isascii():
            return char
        if char in ",;" and in_args:
            return "\\" + char + " thin"  # escaped, a comma loses the space after it
        if char in ESCAPED:
            return "\\" + char
        if char == "{":
            return "\\{"
        return char

    def argument(self, in_args: bool = True) -> str:
        """One braced group, command or character: what a command or a script takes."""
        while self.i < len(self.tokens) and self.tokens[self.i][2]:
            self.i += 1
        if self.i >= len(self.tokens):
            raise Unsupported("an argument is missing")
        command, number, _space, char = self.tokens[self.i]
        self.i += 1
        if char == "{":
            return self.sequence("}", in_args)
        if command is not None:
            return self.command(command, in_args, "")
        if number is not None and len(number) > 1:
            self.i -= 1  # x^23 is x² times 3: the script takes one digit, the rest stays
            self.tokens[self.i] = (None, number[1:], None, None)
            return number[0]
        return number or self.char(char, in_args)

    def optional(self) -> str | None:
        """An optional [argument], as \\sqrt[3]{x} has."""
        if self.i < len(self.tokens) and self.tokens[self.i][3] == "[":
            self.i += 1
            start = self.i
            while self.i < len(self.tokens) and self.tokens[self.i][3] != "]":
                self.i += 1
            if self.i >= len(self.tokens):
                raise Unsupported("missing ]")
            inner = _Converter("")
            inner.tokens = self.tokens[start:self.i] + [(None, None, None, "}")]
            self.i += 1
            return inner.sequence("}", in_args=True)
        return None

    def command(self, name: str, in_args: bool, rows: str) -> str:
        if name in ("frac", "dfrac", "tfrac"):
            return f"frac({self.argument()}, {self.argument()})"
        if name == "sqrt":
            index = self.optional()
            radicand = self.argument()
            return f"root({index}, {radicand})" if index else f"sqrt({radicand})"
        if name in ("left", "right", "middle"):
            return self.delimiter(name)
        if name in SIZES:
            return self.delimiter(name)
        if name == "operatorname":
            return f"op({typst_string(self.plain_argument())})"
        if name in ("text", "textrm", "mathrm") and self.peek_plain_word():
            word = typst_string(self.plain_argument())
            return f"upright({word})" if name == "mathrm" else word
        if name in STYLES:
            return STYLES[name].format(self.argument())
        if name in ACCENTS:
            return f"{ACCENTS[name]}({self.argument()})"
        if name == "begin":
            return self.environment()
        if name in FUNCTIONS:
            return name
        if name in SYMBOLS:
            return SYMBOLS[name]
        if name in SPACES:
            return SPACES[name]
        if name == "\\":
            return {"matrix": ";", "cases": ","}.get(rows, "\\")
        if name in "{}$%#&_":
            return "\\" + name if name in "{}$#&_" else name
        raise Unsupported(f"\\{name}")

    def delimiter(self, name: str) -> str:
        """The delimiter after \\left, \\right or \\big: typst sizes matched brackets itself."""
        while self.i < len(self.tokens) and self.tokens[self.i][2]:
            self.i += 1
        if self.i >= len(self.tokens):
            raise Unsupported(f"\\{name} without a delimiter")
        command, _number, _space, char = self.tokens[self.i]
        self.i += 1
        key = "\\" + command if command is not None else char
        if key not in DELIMITERS:
            raise Unsupported(f"\\{name}{key}")
        return DELIMITERS[key] or '""'

    def peek_plain_word(self) -> bool:
        """Whether a braced group of plain text follows (\\text{if }, \\mathrm{softmax})."""
        j = self.i
        if j >= len(self.tokens) or self.tokens[j][3] != "{":
            return False
        j += 1
        while j < len(self.tokens) and self.tokens[j][3] != "}":
            command = self.tokens[j][0]
            if command is not None and command not in " ,":
                return False
            j += 1
        return j < len(self.tokens)

    def plain_argument(self) -> str:
        if self.i >= len(self.tokens) or self.tokens[self.i][3] != "{":
            raise Unsupported("a braced name is missing")
        self.i += 1
        text = []
        while self.i < len(self.tokens) and self.tokens[self.i][3] != "}":
            command, number, space, char = self.tokens[self.i]
            text.append(" " if command is not None else (number or space or char))
            self.i += 1
        if self.i >= len(self.tokens):
            raise Unsupported("missing } after a braced name")
        self.i += 1
        return "".join(text)

    def environment(self) -> str:
        name = self.plain_argument()
        if name in MATRICES:
            body = self.sequence("end", in_args=True, rows="matrix")
        elif name in ("cases", "aligned", "align*", "gathered"):
            body = self.sequence("end", in_args=name == "cases", rows="cases" if name == "cases" else "aligned")
        else:
            raise Unsupported(f"\\begin{{{name}}}")
        if self.i >= len(self.tokens):
            raise Unsupported(f"\\begin{{{name}}} without \\end")
        self.i += 1  # \end
        if self.plain_argument() != name:
            raise Unsupported(f"\\begin{{{name}}} closed by another \\end")
        if name in MATRICES:
            return f"mat(delim: {MATRICES[name]}, {body})"
        if name == "cases":
            return f"cases({body})"
        return body


def typst_string(text: str) -> str:
    """A typst string literal holding `text`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
