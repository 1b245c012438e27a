"""`deckapp exercise`: --list, text and --json output, each line's seed regenerating it, usage errors."""

import json

import pytest

from deckapp.cli import main
from deckapp.exercises import GENERATOR_NAMES, generate


def test_list_prints_every_generator_one_a_line(capsys):
    assert main(["exercise", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(GENERATOR_NAMES)


def test_json_prints_one_object_a_line_and_each_seed_regenerates_it(capsys):
    assert main(["exercise", "--generator", "minimum", "--seed", "40", "--difficulty", "3", "--count", "3",
                 "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    for i, line in enumerate(lines):
        d = json.loads(line)
        assert d["seed"] == 40 + i
        assert generate(d["generator"], d["seed"], d["difficulty"]).to_dict() == d


def test_text_shows_the_problem_graph_answer_and_solution_as_maths(capsys):
    assert main(["exercise", "--generator", "graph_backward", "--seed", "5", "--difficulty", "2"]) == 0
    out = capsys.readouterr().out
    exercise = generate("graph_backward", 5, 2)
    assert exercise.figure in out and "Answer: (" in out and "Solution:" in out
    assert "$" not in out and "\\frac" not in out


@pytest.mark.parametrize("argv, message", [
    (["--generator", "tangnt", "--seed", "1"], "did you mean 'tangent'"),
    (["--generator", "nope", "--seed", "1"], "unknown generator 'nope' (generators: derivative, chain_rule, "),
    (["--generator", "tangent", "--seed", "x"], "--seed"),
    (["--generator", "tangent", "--seed", "1", "--difficulty", "4"], "--difficulty must be 1, 2 or 3, not 4"),
    (["--generator", "tangent", "--seed", "1", "--count", "0"], "--count must be 1 or more"),
    (["--generator", "tangent"], "needs --generator NAME and --seed N"),
    (["--list", "--json"], "--list takes no --json: it prints every generator, as text"),
    (["--list", "--generator", "tangent"], "--list takes no --generator: it prints every generator, as text"),
    (["--list", "--seed", "0", "--json"], "--list takes no --seed or --json: "),
    (["--list", "--difficulty", "1"], "--list takes no --difficulty: it prints every generator, as text"),
    (["--list", "--count", "3"], "--list takes no --count: it prints every generator, as text"),
])
def test_bad_values_are_one_line_and_exit_2(capsys, argv, message):
    assert main(["exercise", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err and len(captured.err.strip().splitlines()) == 1


@pytest.mark.parametrize("name, ending", [("nope", " (generators: derivative, chain_rule, "),
                                          ("tangnt", " — did you mean 'tangent'?")])
def test_an_unknown_generator_is_said_the_same_way_by_the_api_the_deck_reader_and_the_cli(tmp_path, capsys, name,
                                                                                          ending):
    with pytest.raises(ValueError) as raised:
        generate(name, 1, 1)
    message = str(raised.value)
    assert message.startswith(f"unknown generator '{name}'{ending}")
    deck = tmp_path / "d.yaml"
    deck.write_text(f"deck: d\ntitle: T\ncards:\n  - id: a\n    front: F\n    exercise: {{generator: {name}}}\n")
    assert main(["validate", str(deck)]) == 1
    assert capsys.readouterr().err == f"{deck}:6:27: {message}\n"
    assert main(["exercise", "--generator", name, "--seed", "1"]) == 2
    assert capsys.readouterr().err == f"deckapp: {message}\n"
    argv = ["homework", "--generators", name, "--count", "1", "--seed", "1", "--format", "md", "-o", str(tmp_path)]
    assert main(argv) == 2
    assert capsys.readouterr().err == f"deckapp: --generators: {message}\n"


@pytest.mark.parametrize("name", ["graph_forward", "graph_backward"])
def test_a_table_in_the_worked_solution_is_a_paragraph_of_its_own(capsys, name):
    """As the study app shows it: the forward/backward table is not glued to the line above or below it."""
    from deckapp.deck.latex import to_unicode

    exercise = generate(name, 5, 2)
    tables = [to_unicode(step) for step in exercise.steps if "\n" in step]
    assert tables
    assert main(["exercise", "--generator", name, "--seed", "5", "--difficulty", "2"]) == 0
    solution = capsys.readouterr().out.split("Solution:\n", 1)[1].rstrip("\n")
    paragraphs = solution.split("\n\n")
    assert all(table in paragraphs for table in tables), paragraphs
    assert len(paragraphs) > len(tables)
