"""LaTeX in double quotes: YAML reads `\\theta` as a tab and 'heta'. Such escapes are errors at the backslash, and a
backslash YAML does not know is a syntax error that names it; both say how to write LaTeX instead."""

import pytest
import yaml

from deckapp.deck import DeckError, parse_deck, yaml_nodes

ADVICE = "write the text in single quotes or a | block"


def problem_lines(text: str) -> list[str]:
    with pytest.raises(DeckError) as caught:
        parse_deck(text, "deck.yaml")
    return caught.value.lines()


def at(text: str, marker: str, nth: int = 0) -> str:
    """'deck.yaml:LINE:COL' of the `nth` occurrence of `marker` in the text (lines split on '\\n')."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(marker, index + 1)
    line = text.count("\n", 0, index) + 1
    return f"deck.yaml:{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def card(top: str = "", **fields: str) -> str:
    """A one-card deck with these card fields, and `top` (deck-level lines) after the title."""
    body = "".join(f"    {key}: {value}\n" for key, value in fields.items())
    return f"deck: d\ntitle: T\n{top}cards:\n  - id: a\n" + body


def test_qa_deck_loads_control_characters_where_latex_was_meant():
    """QA's esc2.yaml; PyYAML really does read it as a tab, a line break and a form feed."""
    text = card(front='"What is $\\theta$ and $\\nabla f$?"', back='"$\\frac{1}{2}$"')
    loaded = yaml.safe_load(text)["cards"][0]
    assert loaded["front"] == "What is $\theta$ and $\nabla f$?" and loaded["back"] == "$\frac{1}{2}$"
    assert problem_lines(text) == [
        f'{at(text, chr(92) + "t")}: "\\t" inside $…$ is a YAML escape (a tab), not LaTeX "\\theta": {ADVICE}',
        f'{at(text, chr(92) + "n")}: "\\n" inside $…$ is a YAML escape (a line break), not LaTeX "\\nabla": {ADVICE}',
        f'{at(text, chr(92) + "f")}: "\\f" inside $…$ is a YAML escape (a form feed), not LaTeX "\\frac": {ADVICE}',
    ]


@pytest.mark.parametrize(("field", "written", "escape"), [
    ("front", '"Outside math: \\nabla f points uphill"', "\\n"),       # a LaTeX command, even outside $…$
    ("back", '"$x \\0$"', "\\0"),                                      # any escape inside math
    ("title", '"On $\\beta$"', "\\b"),
    ("description", '"$\\Phi$"', "\\P"),
    ("answer", '"\\theta"', "\\t"),                                    # reported instead of an unreadable answer
    ("front", '"First line,\n      then $\\rho$ on the next"', "\\r"),  # over two lines
    ("front", '"$a\\_b$"', "\\_"),
    ("back", '"$\\x41$"', "\\x41"),
])
def test_an_escape_meant_as_latex_is_one_line_at_its_backslash(field, written, escape):
    if field in ("title", "description"):
        text = card(top=f"{field}: {written}\n", front="F", back="B").replace("title: T\ntitle", "title")
    else:
        text = card(**{"front": "F", "back": "B", field: written})
    (line,) = problem_lines(text)
    assert line.startswith(f'{at(text, escape)}: "{escape}" ') and line.endswith(ADVICE)
    assert "YAML escape" in line and "\n" not in line


@pytest.mark.parametrize("written", [
    '"$\\\\frac{1}{2}$ and $\\\\theta$"',   # backslashes written as \\ : exactly what LaTeX needs
    '"Line one\\nLine two"',               # a line break outside math that names no command
    '"Tab\\tseparated"',
    '"Quote: \\" and slash \\/"',
    "'$\\theta$ and $\\nabla f$'",         # single quotes keep backslashes
    "|\n      $\\frac{1}{2}$\n",
    "$\\theta$ plain",
    '"Costs \\\\$5\\tand \\\\$6"',             # \\$ is an escaped dollar: the tab is not in math
])
def test_text_that_means_what_it_says_is_accepted(written):
    deck = parse_deck(card(front=written, back="B"))
    assert deck.cards[0].front == yaml.safe_load(card(front=written))["cards"][0]["front"]


@pytest.mark.parametrize("loader", [yaml_nodes.Loader, yaml.SafeLoader], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize(("written", "escape", "what"), [
    ('"What is $\\sigma(x)$?"', "\\s", 'found unknown escape character "\\s" in "\\sigma"'),
    ('"$\\xi$"', "\\x", '"\\x" in "\\xi" needs 2 hexadecimal digits'),
    ('"$\\uparrow$"', "\\u", '"\\u" in "\\uparrow" needs 4 hexadecimal digits'),
    ('"$a\\,b$"', "\\,", 'found unknown escape character "\\,"'),
])
def test_an_unknown_escape_names_itself_and_the_way_out(monkeypatch, loader, written, escape, what):
    monkeypatch.setattr(yaml_nodes, "Loader", loader)
    text = card(front=written, back="B")
    assert problem_lines(text) == [
        f"{at(text, escape)}: YAML syntax error: {what}: in double quotes a backslash starts a YAML escape; {ADVICE}"
    ]
