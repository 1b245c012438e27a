"""Deck format v1: the bundled deck loads, and every kind of problem is reported on its own line and column."""

import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deckapp.deck import Card, Deck, DeckError, load_deck, parse_deck
from deckapp.exercises import GENERATOR_NAMES

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "decks" / "mfdl-lecture-02.yaml"
SEED = Path("/work/shared/seeds/mfdl-lecture02-flashcards.txt")

GOOD = textwrap.dedent("""\
    deck: tiny
    title: A tiny deck
    cards:
      - id: one
        front: What is 1 + 1?
        back: "2"
    """)


def problems(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(DeckError) as caught:
        parse_deck(textwrap.dedent(text).encode(), "deck.yaml")
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def only_problem(text: str) -> tuple[int, int, str]:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_minimal_deck_loads_with_defaults():
    deck = parse_deck(GOOD.encode())
    assert deck == Deck("tiny", "A tiny deck", (Card("one", "What is 1 + 1?", back="2", line=4),),
                        path=Path("<deck>"))
    assert deck.scheduler == "sm2"
    assert (deck.limits.new_per_day, deck.limits.reviews_per_day) == (20, 200)
    assert deck.cards[0].kind == "basic"


def test_full_deck_reads_every_field():
    deck = parse_deck(textwrap.dedent("""\
        deck: full-deck
        title: Full
        description: all the keys
        tags: [calculus, optimisation]
        scheduler: fsrs
        limits: {new_per_day: 5, reviews_per_day: 50}
        cards:
          - id: typed
            front: Differentiate $x^2$.
            answer: 2*x
            tags: [calculus]
          - id: ex
            front: Solve this
            exercise: {generator: chain_rule, difficulty: 2}
            back: a note
        """).encode())
    assert deck.scheduler == "fsrs" and deck.tags == ("calculus", "optimisation")
    assert (deck.limits.new_per_day, deck.limits.reviews_per_day) == (5, 50)
    typed, ex = deck.cards
    assert (typed.kind, typed.answer, typed.tags) == ("typed", "2*x", ("calculus",))
    assert (ex.kind, ex.exercise.generator, ex.exercise.difficulty, ex.back) == ("exercise", "chain_rule", 2, "a note")


def test_numbers_in_text_fields_keep_their_written_form():
    deck = parse_deck(GOOD.replace('back: "2"', "back: 0.50").encode())
    assert deck.cards[0].back == "0.50"


def test_bundled_deck_is_the_lecture_in_seed_order():
    deck = load_deck(BUNDLED)
    assert deck.id == "mfdl-lecture-02" and "Lecture 2" in deck.title
    assert len(deck.cards) == 28 and deck.exercise_count == 12
    keywords = ["minimum", "linear function", "rising", "notation", "chain rule", "composite", "rosenbrock",
                "gradient-based optimisation", "prerequisites", "derivatives of multivariate", "partial derivative",
                "gradient of", "eta", "multivariate functions", "chain rule work", "gradient of a multivariate",
                "computational graph", "forward and backward passes", "forward and backward pass of this",
                "backpropagation", "steps in machine learning"]
    for card, keyword in zip(deck.cards[:21], keywords, strict=True):  # the lecture's cards, then practice
        assert keyword in card.front.lower(), (card.id, keyword)


def test_bundled_exercises_use_the_matching_generators():
    deck = load_deck(BUNDLED)
    generators = [c.exercise.generator for c in deck.cards if c.exercise]
    assert generators == ["chain_rule", "partial", "gradient", "graph_forward", "graph_backward", "linear",
                          "tangent", "minimum", "gradient_descent", "gradient_descent", "multivariate_chain",
                          "graph_build"]
    assert all(g in GENERATOR_NAMES for g in generators)


def test_the_rosenbrock_practice_card_names_every_variant_its_generator_draws():
    """gradient_descent at the card's difficulty draws the Rosenbrock function or a quadratic whose learning rate
    diverges; the card's front and back speak of each kind it can show."""
    from deckapp.exercises import generate

    card = load_deck(BUNDLED).card("rosenbrock-practice")
    words = (card.front + " " + card.back).lower()
    kinds = set()
    for seed in range(40):
        prompt = generate(card.exercise.generator, seed, card.exercise.difficulty).prompt
        kinds.add("rosenbrock" if "Rosenbrock" in prompt else "diverg" if "What happens to the iterates" in prompt
                  else prompt)
    assert kinds == {"rosenbrock", "diverg"}
    assert all(kind in words for kind in kinds), kinds


def test_bundled_chain_rule_card_has_balanced_parentheses():
    back = load_deck(BUNDLED).card("chain-rule").back
    assert back.count("(") == back.count(")")


@pytest.mark.skipif(not SEED.exists(), reason="the seed file lives outside the repository")
def test_bundled_deck_has_as_many_cards_as_the_seed_announces():
    assert "(21 cards)" in SEED.read_text(encoding="utf-8")


# Each error kind, on its exact line and column (1-based).

def test_yaml_syntax_error_points_at_the_bad_line():
    assert only_problem("""\
        deck: d
        title: T: x
        cards: []
        """)[:2] == (2, 9)


def test_unclosed_quote_points_at_where_it_opens():
    line, column, message = only_problem("""\
        deck: d
        title: T
        cards:
          - id: a
            front: "never closed
            back: b
        """)
    assert (line, column) == (5, 12) and "never closed" in message


def test_key_given_twice_is_an_error_on_the_second():
    assert only_problem("""\
        deck: d
        title: T
        cards:
          - id: a
            front: F
            front: G
            back: B
        """) == (6, 5, "key 'front' given twice (first on line 5)")


def test_unknown_key_suggests_the_close_one():
    found = problems("""\
        deck: d
        title: T
        cards:
          - id: a
            frnt: F
            back: B
        """)
    assert (5, 5, "unknown key 'frnt' in card 'a' — did you mean 'front'?") in found
    assert (4, 5, "card 'a' has no 'front' (required)") in found


def test_unknown_deck_key_without_close_match_has_no_suggestion():
    assert only_problem(GOOD + "colour: blue\n") == (7, 1, "unknown key 'colour' in the deck")


def test_missing_required_deck_keys():
    found = problems("""\
        deck: d
        cards:
          - id: a
            front: F
            back: B
        """)
    assert found == [(1, 1, "the deck has no 'title' (required)")]


def test_basic_card_needs_a_back():
    assert only_problem("""\
        deck: d
        title: T
        cards:
          - id: a
            front: F
        """)[:2] == (4, 5)


def test_front_that_is_a_list():
    assert only_problem("""\
        deck: d
        title: T
        cards:
          - id: a
            front: [x, y]
            back: B
        """) == (5, 12, "'front' must be text, not a list")


def test_cards_that_is_a_mapping():
    line, column, message = only_problem("""\
        deck: d
        title: T
        cards:
          a: 1
        """)
    assert (line, column) == (4, 3) and "must be a list of cards" in message


def test_empty_card_list():
    assert only_problem(GOOD.split("cards:")[0] + "cards: []\n")[:2] == (3, 8)


def test_duplicate_card_id_is_reported_on_its_line():
    assert only_problem("""\
        deck: d
        title: T
        cards:
          - id: a
            front: F
            back: B
          - id: a
            front: G
            back: B
        """) == (7, 9, "duplicate card id 'a' (first used on line 4)")


def test_ids_must_be_slugs():
    line, column, message = only_problem("""\
        deck: d
        title: T
        cards:
          - id: Find Minimum
            front: F
            back: B
        """)
    assert (line, column) == (4, 9) and "'find-minimum'" in message
    assert only_problem(GOOD.replace("deck: tiny", "deck: Tiny_Deck"))[:2] == (1, 7)


def test_python_tag_is_reported_and_nothing_is_run(tmp_path):
    marker = tmp_path / "ran"
    line, column, message = only_problem(f"""\
        deck: d
        title: !!python/object/apply:os.system ["touch {marker}"]
        cards:
          - id: a
            front: F
            back: B
        """)
    assert (line, column) == (2, 8) and "unsupported YAML tag '!!python/object/apply:os.system'" in message
    assert not marker.exists()


def test_custom_tag_on_a_key_is_reported():
    assert only_problem(GOOD + "!weird key: 1\n")[:2] == (7, 1)


def test_bytes_that_are_not_utf8():
    with pytest.raises(DeckError) as caught:
        parse_deck(b"deck: d\ntitle: caf\xe9 au lait\ncards: []\n", "deck.yaml")
    [p] = caught.value.problems
    assert (p.line, p.column) == (2, 11) and "0xe9 is not UTF-8" in p.message


@pytest.mark.parametrize(("text", "where", "message"), [
    ('deck: "a\x01"\n', (1, 9), "control character U+0001 is not allowed in YAML text"),
    ("deck: d\ntitle: caf\x00\n", (2, 11), "control character U+0000 is not allowed in YAML text"),
    ("deck: d\ntitle: \u20ac\U0001f600 \x7f\n", (2, 11), "control character U+007F is not allowed in YAML text"),
    ("deck: d\r\ntitle: \u00e9\r\n  x\x1b\n", (3, 4), "control character U+001B is not allowed in YAML text"),
    ("deck: d\ntitle: \ufffe\n", (2, 8), "character U+FFFE is not allowed in YAML text"),
])
def test_characters_yaml_forbids_are_one_problem_at_their_position(text, where, message):
    with pytest.raises(DeckError) as caught:
        parse_deck(text.encode(), "deck.yaml")
    [p] = caught.value.problems
    assert ((p.line, p.column), p.message) == (where, message)


def test_a_lone_surrogate_in_text_is_a_problem_not_a_crash():
    with pytest.raises(DeckError) as caught:
        parse_deck("deck: d\ntitle: a\ud800\n", "deck.yaml")
    [p] = caught.value.problems
    assert ((p.line, p.column), p.message) == ((2, 9), "character U+D800 is not allowed in YAML text")


@pytest.mark.parametrize("data", [b"", b"\n  \n", b"# just a comment\n"])
def test_empty_file(data):
    with pytest.raises(DeckError) as caught:
        parse_deck(data, "deck.yaml")
    [p] = caught.value.problems
    assert (p.line, p.column) == (1, 1)


def test_unknown_generator_suggests_the_nearest_name():
    found = problems("""\
        deck: d
        title: T
        cards:
          - id: ex
            front: E
            exercise: {generator: chain_rul, difficulty: 2}
        """)
    assert found == [(6, 27, "unknown generator 'chain_rul' — did you mean 'chain_rule'?")]


@pytest.mark.parametrize("difficulty", ["0", "4", "two", "[1]"])
def test_difficulty_outside_1_to_3(difficulty):
    line, column, message = only_problem(f"""\
        deck: d
        title: T
        cards:
          - id: ex
            front: E
            exercise:
              generator: derivative
              difficulty: {difficulty}
        """)
    assert (line, column) == (8, 19) and "'difficulty' must be 1, 2 or 3" in message


def test_every_problem_is_reported_not_only_the_first():
    found = problems("""\
        deck: d
        title: T
        scheduler: sm3
        cards:
          - id: a
            front: F
            back: B
          - id: a
            front: [F]
            back: B
          - id: B
            front: F
        """)
    assert [(line, column) for line, column, _ in found] == [(3, 12), (8, 9), (9, 12), (11, 5), (11, 9)]


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]\n"
    found = problems(bomb)
    assert any("expands to more than" in message for _, _, message in found)


def test_recursive_alias_is_refused():
    assert any("nesting" in m for _, _, m in problems("deck: &x [*x]\n"))


# A mutated deck is either a deck or a DeckError, never another exception.

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_deck_yields_a_deck_or_a_deck_error(data):
    source = bytearray(BUNDLED.read_bytes()[:3000])
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(source) - 1))
        action = data.draw(st.sampled_from(["replace", "insert", "delete"]))
        byte = data.draw(st.sampled_from(list(b":-[]{}&*!|>'\"#\n \t%@`,?") + [0xFF, 0x00, 0x41]))
        if action == "replace":
            source[position] = byte
        elif action == "insert":
            source.insert(position, byte)
        else:
            del source[position]
    try:
        deck = parse_deck(bytes(source), "mutated.yaml")
    except DeckError as error:
        assert error.problems and all(p.line >= 1 and p.column >= 1 for p in error.problems)
    else:
        assert isinstance(deck, Deck) and deck.cards


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=10))
def test_any_yaml_document_yields_a_deck_or_a_deck_error(document):
    text = yaml.safe_dump({"deck": "d", "title": "T", "cards": document})
    try:
        parse_deck(text.encode(), "random.yaml")
    except DeckError as error:
        assert error.problems


def test_reading_a_deck_pauses_the_cycle_collector_only_while_it_reads(monkeypatch):
    """The collector would walk the growing heap of a big deck over and over (benchmarks/bench_export.py)."""
    import gc

    from deckapp.deck import yaml_nodes

    seen = []
    compose = yaml_nodes.compose
    monkeypatch.setattr(yaml_nodes, "compose", lambda text: (seen.append(gc.isenabled()), compose(text))[1])
    assert gc.isenabled()
    assert parse_deck(GOOD.encode(), "deck.yaml").id == "tiny"
    with pytest.raises(DeckError):
        parse_deck(GOOD.replace("back:", "bakc:").encode(), "deck.yaml")
    assert seen == [False, False] and gc.isenabled()
    gc.disable()
    try:
        parse_deck(GOOD.encode(), "deck.yaml")
        assert not gc.isenabled()  # a caller's own pause is not ended by the reader
    finally:
        gc.enable()
