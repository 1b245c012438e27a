"""Card math: `$…$` LaTeX shown as readable Unicode in the terminal."""

import pytest

from deckapp.deck.latex import to_unicode


@pytest.mark.parametrize(("source", "shown"), [
    (r"$(g \circ f)'(x) = g'(f(x)) \cdot f'(x)$", "(g ∘ f)′(x) = g′(f(x)) · f′(x)"),
    (r"$\frac{\partial h}{\partial f_1}$", "∂h/∂f₁"),
    (r"$x_{t+1} = x_t - \eta \nabla f(x_t)$", "xₜ₊₁ = xₜ - η ∇f(xₜ)"),
    (r"$f(x, y) = (a - x)^2 + b(y - x^2)^2$", "f(x, y) = (a - x)² + b(y - x²)²"),
    (r"$\frac{y_2 - y_1}{x_2 - x_1}$", "(y₂ - y₁)/(x₂ - x₁)"),
    (r"$\tan \alpha = k$", "tan α = k"),
    (r"$\hat{y}$", "ŷ"),
    (r"$e^{x+1}$", "eˣ⁺¹"),
    (r"$e^{2 x + 1}$", "e²ˣ⁺¹"),  # SymPy's LaTeX puts spaces in exponents; raised, they would read as gaps
    (r"$x^{a b}$", "xᵃᵇ"),
    (r"$3 x e^{y} + e^{x + y}$", "3 x eʸ + eˣ⁺ʸ"),
    (r"$x^{q}$", "x^q"),  # no raised q in Unicode
    (r"$2^{\sin{\left(x \right)}}$", "2^(sin(x))"),  # raised, a function's name would read as letters
    (r"$e^{\sin{\left(x \right)}} + e^{3 x^{2}}$", "exp(sin(x)) + exp(3 x²)"),  # e, as printed books write it
    (r"$x_{1} e^{x_{2}}$", "x₁ exp(x₂)"),
    (r"$\mathbb{R}^n$", "ℝⁿ"),
    (r"$\unknowncommand$", r"\unknowncommand"),
])
def test_math_is_rendered_as_unicode(source, shown):
    assert to_unicode(source) == shown


def test_text_outside_math_is_untouched():
    assert to_unicode(r"Costs \$5 and $x^2$ more_than_x") == "Costs $5 and x² more_than_x"


def test_every_bundled_card_renders_without_leftover_commands():
    from pathlib import Path

    from deckapp.deck import load_deck

    deck = load_deck(Path(__file__).resolve().parent.parent / "decks" / "mfdl-lecture-02.yaml")
    for card in deck.cards:
        for text in (card.front, card.back or ""):
            assert "\\" not in to_unicode(text), (card.id, to_unicode(text))


def test_hand_wrapped_lines_are_joined_but_list_items_stay_apart():
    from deckapp.deck.text import for_terminal

    text = "Intro line\ncontinues here.\n- first item\n  wraps on.\n- second $x^2$\n\nNew paragraph."
    assert for_terminal(text) == "Intro line continues here.\n- first item wraps on.\n- second x²\n\nNew paragraph."


@pytest.mark.parametrize(("source", "shown"), [
    (r"$\sin{\left(3 x + 4 \right)}$", "sin(3 x + 4)"),
    (r"$- x^{3} - 5 x$", "-x³ - 5 x"),
    (r"$\left(- \frac{4}{5}, \frac{19}{10}\right)$", "(-4/5, 19/10)"),
    (r"$a - b$", "a - b"),
    (r"$\frac{24}{\left(4 x + 4\right)^{2}}$", "24/(4 x + 4)²"),  # a power of a bracket needs no more
    (r"$\frac{1}{(a)(b)}$", "1/((a)(b))"),  # two brackets are not one: 1/(a)(b) would read as (1/a)·b
    (r"$\frac{1}{(a) + (b)^2}$", "1/((a) + (b)²)"),
    (r"$e^{(x-1)^2}$", "exp((x-1)²)"),  # the whole power is the exponent; exp(x-1)² would be (eˣ⁻¹)²
    (r"$e^{\left(x - 1\right)^{k}}$", "exp((x - 1)ᵏ)"),
    (r"$\frac{1}{(a+b)^k}$", "1/(a+b)ᵏ"),  # every raised letter ends a power of a bracket, as ² does
    (r"$\frac{1}{(a+b)^2}$", "1/(a+b)²"),
])
def test_sympy_latex_reads_naturally(source, shown):
    assert to_unicode(source) == shown
