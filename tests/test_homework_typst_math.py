"""The LaTeX of card text in typst: typst itself is the judge (it refuses what it cannot read, and its query tells
what text a piece of markup holds)."""

import json

import pytest

from deckapp.deck.latex import MATH, math_to_unicode
from deckapp.exercises import DIFFICULTIES, GENERATOR_NAMES, generate
from deckapp.homework.typst_math import Unsupported, escape_text, math_to_typst, text_to_typst

typst = pytest.importorskip("typst")

# The plain text of typst content, written in typst: what a reader of the PDF would get.
PLAIN = """#let plain(c) = if type(c) == str { c } else if c.has("text") { plain(c.text) } else if c.has("children") {
  c.children.map(plain).join() } else if c.has("body") { plain(c.body) } else if c.func() == [ ].func() { " " } else {
  "<" + repr(c.func()) + ">" }
"""


def compile_pdf(source: str) -> bytes:
    return typst.compile(source.encode(), format="pdf", ignore_system_fonts=True)


def typst_text(markup: str) -> str:
    """What typst reads in `markup`, as plain text."""
    source = PLAIN + f"#metadata(plain[{markup}]) <t>\n"
    return json.loads(typst.query(source.encode(), "<t>", field="value", one=True))


def generated_math() -> list[str]:
    spans = set()
    for name in GENERATOR_NAMES:
        for difficulty in DIFFICULTIES:
            for seed in range(12):
                exercise = generate(name, seed, difficulty)
                for text in (exercise.prompt, exercise.solution, exercise.shown_answer):
                    spans.update(m.group(1) for m in MATH.finditer(text))
    return sorted(spans)


def test_every_formula_the_generators_write_is_converted_and_typst_reads_it():
    spans = generated_math()
    assert len(spans) > 100
    converted = [math_to_typst(span) for span in spans]  # raises Unsupported for a construct not covered
    compile_pdf("\n\n".join(f"${c}$" for c in converted))  # raises TypstError on anything typst cannot read


@pytest.mark.parametrize(("latex", "typst_math"), [
    (r"\frac{\partial f}{\partial y}", "frac(∂ f, ∂ y)"),
    (r"\sqrt{2} + \sqrt[3]{x}", "sqrt(2) + root(3, x)"),
    (r"4 x \left(- 5 x^{2} + 1\right)^{3}", "4 x ( - 5 x^(2) + 1 )^(3)"),
    (r"x^23", "x^(2) 3"),  # as in LaTeX, a script takes one digit
    (r"\operatorname{sigmoid}{\left(x \right)}", 'op("sigmoid") ( x )'),
    (r"\mathbf{x}_0 - \eta \nabla f", "bold(upright(x))_(0) - η ∇ f"),
    (r"\sin{\left(x y \right)} \cdot 2", "sin ( x y ) ⋅ 2"),
    (r"\partial f/\partial x", "∂ f \\/ ∂ x"),  # a slash, not a typst fraction
    (r"\left[\begin{matrix}1 & 2\\3 & 4\end{matrix}\right]", "[ mat(delim: #none, 1 , 2 ; 3 , 4) ]"),
    (r"\text{if } x > 0", '"if " x > 0'),
])
def test_constructs_convert_to_their_typst_form(latex, typst_math):
    assert math_to_typst(latex) == typst_math
    compile_pdf(f"${typst_math}$")


def test_a_comma_inside_a_fraction_stays_in_its_argument():
    converted = math_to_typst(r"\frac{(1, 2)}{3}")
    assert converted.startswith("frac(( 1 \\,")
    compile_pdf(f"${converted}$")  # an unescaped comma would give frac a third argument, which typst refuses


@pytest.mark.parametrize("latex", [r"\unknowncommand{x}", r"\begin{tikzpicture}\end{tikzpicture}", r"x^{2",
                                   r"\left\langle x \right\rangle_{\Sigma}}", r"\operatorname{softmax",
                                   r"\begin{pmatrix", r"\begin{pmatrix} 1 \end{pmatrix", r"\text{if x"])
def test_what_it_does_not_read_is_unsupported(latex):
    with pytest.raises(Unsupported):
        math_to_typst(latex)


def test_unsupported_math_falls_back_to_the_terminal_text():
    span = r"\weird{x} + \alpha"
    markup = text_to_typst(f"Take ${span}$ now.")
    assert "$" not in markup
    assert typst_text(markup) == f"Take {math_to_unicode(span)} now."
    for span in (r"\operatorname{softmax", r"\begin{pmatrix"):  # a sheet is always made
        assert text_to_typst(f"Take ${span}$ now.") == escape_text(f"Take {math_to_unicode(span)} now.")


@pytest.mark.parametrize("text", [
    'a # b * c _ d [e] <f> @g `h` ~i = j - k + l / m // n \\ s 0.1% {x} ^y & z',
    "- a list?\n+ or numbered\n= or a heading\n/ term: no",
])
def test_card_text_outside_math_reads_as_written(text):
    assert typst_text(escape_text(text)) == " ".join(text.split())
