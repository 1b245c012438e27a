"""Problems inside a value are reported on one line, at the file position of the character concerned: an answer the
parser cannot read, a card repeated through an alias, an alias bomb, nesting past the limit."""

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.events import CollectionEndEvent, CollectionStartEvent, NodeEvent

from deckapp.deck import DeckError, parse_deck, yaml_nodes
from deckapp.deck.yaml_nodes import MAX_DEPTH, MAX_NODES, Loader

HEAD = "deck: d\ntitle: T\ncards:\n  - id: a\n    front: F\n"


def problem_lines(text: str) -> list[str]:
    with pytest.raises(DeckError) as caught:
        parse_deck(text, "deck.yaml")
    return caught.value.lines()


def position_of(text: str, marker: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and column of the `nth` occurrence of `marker` in the file's text (lines split on '\\n')."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(marker, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def test_block_answer_error_is_one_line_at_the_offending_character():
    """QA's blk.yaml: `answer: |` on line 6, `2*x +` on line 7."""
    text = HEAD + "    answer: |\n      2*x +\n"
    (line,) = problem_lines(text)
    assert "\n" not in line
    line_no, column = position_of(text, "+")
    assert line == f"deck.yaml:{line_no}:{column}: answer '2*x +⏎' cannot be read: something is missing after '+'"
    assert (line_no, column) == (7, 11)


@pytest.mark.parametrize(("written", "marker", "char"), [
    ("x + 2 @ 3", "@", "@"),                              # plain
    ("'x + ''y'''", "''", "'"),                           # single quotes: '' is one character of the answer
    ('"x + y @"', "@", "@"),                              # double quotes without escapes
    ('"x\\t+\\ty @"', "@", "@"),                          # double quotes with escapes on the same line
    ('"x + \\u0040"', "\\u0040", "@"),                    # the offending character is itself an escape
    ("|\n      x + 1\n      y + @\n", "@", "@"),          # a literal block, second line
    ("|2\n        x +\n        (y) @\n", "@", "@"),       # an indentation indicator (4 + 2 spaces)
    ("|-\n\n      x\n      @\n", "@", "@"),               # a blank first line, strip chomping
    ("  x   +  @   ", "@", "@"),                          # plain with blanks around it
])
def test_an_unexpected_character_is_reported_where_it_is_written(written, marker, char):
    text = HEAD + "    answer: " + written + ("\n" if not written.endswith("\n") else "")
    (line,) = problem_lines(text)
    line_no, column = position_of(text, marker)
    assert line.startswith(f"deck.yaml:{line_no}:{column}: answer '")
    assert line.endswith(f"cannot be read: unexpected character '{char}'")
    assert "\n" not in line and "column" not in line


def test_an_answer_in_a_flow_mapping_is_reported_where_it_is_written():
    text = HEAD.replace("  - id: a\n    front: F\n", "  - {id: a, front: F, answer: 'x  @ y'}\n")
    (line,) = problem_lines(text)
    line_no, column = position_of(text, "@")
    assert line.startswith(f"deck.yaml:{line_no}:{column}: answer 'x  @ y' cannot be read")


@pytest.mark.parametrize("written", [
    ">\n      x +\n      y @\n",               # folded: line breaks become spaces
    '"x +\n      y @"',                         # double quotes over two lines
    "x +\n      y @",                           # plain over two lines
])
def test_where_the_file_differs_from_the_answer_the_value_start_is_given_with_the_character(written):
    text = HEAD + "    answer: " + written + "\n"
    (line,) = problem_lines(text)
    value = yaml.safe_load(text)["cards"][0]["answer"]
    character = value.index("@") + 1
    start = position_of(text, "answer: ")
    assert line.startswith(f"deck.yaml:{start[0]}:{start[1] + len('answer: ')}: answer '")
    assert f"unexpected character '@' at character {character} of the answer" in line
    assert "\n" not in line


def test_control_characters_in_an_answer_are_shown_escaped_on_one_line():
    text = HEAD + '    answer: "x\\r\\n+\\u2028"\n'
    (line,) = problem_lines(text)
    assert "answer 'x\\r⏎+\\u2028'" in line and "\n" not in line and "\r" not in line


def test_a_column_in_a_hint_is_said_as_a_character_of_the_answer():
    text = HEAD + "    answer: (x]\n"
    (line,) = problem_lines(text)
    assert line == ("deck.yaml:6:15: answer '(x]' cannot be read: mismatched bracket ']' — "
                    "'(' at character 1 of the answer needs ')'")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["x", "1", "+", " ", "*", "(", "\\t", "\\u00d7"]), max_size=12),
       st.sampled_from(["plain", "single", "double", "literal"]))
def test_any_answer_error_points_at_the_character(parts, style):
    """Whatever comes before it, the '@' the parser stops at is reported where the file has it."""
    escapes = style == "double"
    body = " ".join(p for p in parts if escapes or not p.startswith("\\")) + "@"
    if style in ("plain", "single") and body.strip(" ").startswith(("*", "@")):
        body = "x" + body  # a plain scalar cannot start with '*' or '@'
    written = {"plain": body, "single": f"'{body}'", "double": f'"{body}"',
               "literal": "|\n      " + body + "\n"}[style]
    text = HEAD + "    answer: " + written + ("" if written.endswith("\n") else "\n")
    (line,) = problem_lines(text)
    line_no, column = position_of(text, "@")
    assert re.match(rf"deck\.yaml:{line_no}:{column}: answer '.*' cannot be read: unexpected character '@'\Z", line)


def test_a_card_repeated_through_an_alias_is_reported_at_the_alias():
    """QA's anchcard.yaml: the anchor is on line 4, the alias on line 8."""
    text = "deck: anch\ntitle: T\ncards:\n  - &c\n    id: a\n    front: F\n    back: B\n  - *c\n"
    assert problem_lines(text) == [
        "deck.yaml:8:5: duplicate card id 'a' (first used on line 5): the alias '*c' repeats that card; "
        "give each card its own id"]


def test_a_repeated_card_with_problems_has_them_reported_once():
    text = ("deck: anch\ntitle: T\ncards:\n  - &c {id: a, front: F, bak: B}\n  - {id: b, front: F, back: B}\n"
            "  - *c\n")
    lines = problem_lines(text)
    assert len(lines) == len(set(lines)) == 3, lines
    assert lines[-1].startswith("deck.yaml:6:5: duplicate card id 'a' (first used on line 4): the alias '*c'")


def bomb(levels: int, fan: int) -> tuple[str, list[int]]:
    """A billion-laughs document: level 0 holds `fan` scalars, each level `fan` aliases of the one before."""
    lines = ["deck: bomb", "title: T", f"x0: &a0 [{', '.join(['lol'] * fan)}]"]
    for level in range(1, levels):
        lines.append(f"x{level}: &a{level} [{', '.join([f'*a{level - 1}'] * fan)}]")
    sizes = [1 + fan]
    for _ in range(1, levels):
        sizes.append(1 + fan * sizes[-1])
    return "\n".join(lines) + "\ncards: []\n", sizes


def test_an_alias_bomb_is_reported_at_the_alias_that_passes_the_limit():
    text, sizes = bomb(10, 9)
    # Reading from the start: the root, 'deck' and 'title', then each level's list; find by arithmetic which
    # level, and which alias in it, first takes the count past the limit.
    count = 3
    for level, size in enumerate(sizes):
        if count + size > MAX_NODES:
            count += 1  # the list itself
            nth = next(k for k in range(9) if count + (k + 1) * sizes[level - 1] > MAX_NODES)
            break
        count += size
    expected = position_of(text, f"*a{level - 1}", nth=nth)
    problem = [line for line in problem_lines(text) if "expands" in line]
    assert problem == [f"deck.yaml:{expected[0]}:{expected[1]}: the document expands to more than {MAX_NODES:,} "
                       f"values (this alias '*a{level - 1}' passes the limit)"]


def open_collections_at(text: str, line: int, column: int) -> int:
    """How many lists and mappings are open when the node starting at (line, column) begins, from the events."""
    depth = 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, NodeEvent):
            if (event.start_mark.line + 1, event.start_mark.column + 1) == (line, column):
                return depth
            depth += isinstance(event, CollectionStartEvent)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    raise AssertionError("no node starts there")


@pytest.mark.parametrize("deep", ["[" * 60 + "]" * 60, "{a: " * 60 + "}" * 60, "\n      " + "- " * 60 + "x"])
def test_nesting_is_refused_where_the_message_says(deep):
    """QA's deep.yaml: the node at column 49 is the first with 41 lists and mappings open around it."""
    text = HEAD + "    tags: " + deep + "\n"
    (line,) = problem_lines(text)
    found = re.match(r"deck\.yaml:(\d+):(\d+): nesting deeper than (\d+) levels \(here, (\d+) lists and mappings "
                     r"are open\)\Z", line)
    assert found, line
    line_no, column, limit, open_ = map(int, found.groups())
    assert (limit, open_) == (MAX_DEPTH, MAX_DEPTH + 1)
    assert open_collections_at(text, line_no, column) == MAX_DEPTH + 1


def test_qa_deep_deck_column():
    text = HEAD.replace("    front: F\n", "    front: F\n    back: B\n") + "    tags: " + "[" * 100 + "\n"
    (line,) = problem_lines(text)
    # root mapping, 'cards', the card: 3 open; the '[' on column 11 opens the 4th, so the 41st is open from
    # the '[' on column 48 and the first node inside 41 of them starts on column 49.
    assert line.startswith("deck.yaml:7:49: nesting deeper than")


def test_the_tree_check_without_text_still_reports_a_bomb_at_the_root():
    text, _ = bomb(8, 9)
    root = yaml.compose(text, Loader=Loader)
    (problem,) = [p for p in yaml_nodes.check_tree(root) if "expands" in p.message]
    assert (problem.line, problem.column) == (1, 1)
