"""Reading a deck file: YAML nodes with positions, checked against deck format v1, every problem collected."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from deckapp.collector import collector_paused
from deckapp.deck import yaml_nodes, yaml_scalars
from deckapp.deck.latex import LatexError, check_renders
from deckapp.deck.model import (
    CARD_KEYS,
    DECK_KEYS,
    EXERCISE_KEYS,
    LIMIT_KEYS,
    SCHEDULERS,
    SLUG,
    Card,
    Deck,
    DeckError,
    ExerciseSpec,
    Limits,
    Problem,
    slugify,
)
from deckapp.deck.yaml_nodes import problem_at
from deckapp.deck.yaml_scalars import Source
from deckapp.errors import suggest

# Text fields in which a double-quoted value is checked for YAML escapes that were meant as LaTeX.
_PROSE = ("title", "description", "front", "back", "answer")

_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
MAX_INT_CHARS = 100  # a limit or difficulty written longer than this is not meant as a number
_COLUMN = re.compile(r"at column (\d+)")  # in an answer parser's hint


def load_deck(path: Path | str) -> Deck:
    """Read and validate a deck file; raise DeckError listing every problem, or UsageError when it cannot be
    read (missing, not a regular file, over the size cap: see deckapp.paths.read_deck_file)."""
    from deckapp.paths import read_deck_file

    data, _ = read_deck_file(os.fspath(path))
    return parse_deck(data, Path(path))


def parse_deck(data: bytes | str, path: Path | str = "<deck>", *, known_answers: frozenset[str] = frozenset()) -> Deck:
    """Validate deck text; raise DeckError listing every problem, each at its line and column. `known_answers`
    are typed answers this same code has found readable already (in the deck as it was before an edit), which
    are not parsed again: whether an answer can be read depends on its text alone."""
    with collector_paused():
        return _parse_deck(data, Path(path), known_answers)


def _parse_deck(data: bytes | str, path: Path, known_answers: frozenset[str]) -> Deck:
    if isinstance(data, bytes):
        text, problem = yaml_nodes.decode(data)
        if problem:
            raise DeckError(path, [problem])
    else:
        text = data
    if not text.strip():
        raise DeckError(path, [Problem(1, 1, "empty file: a deck needs 'deck', 'title' and 'cards'")])
    root, problem = yaml_nodes.compose(text)
    if problem:
        raise DeckError(path, [problem])
    if root is None:
        raise DeckError(path, [Problem(1, 1, "the file holds only comments: a deck needs 'deck', 'title' and 'cards'")])
    problems = yaml_nodes.check_tree(root, text)
    if any(p.fatal for p in problems):
        raise DeckError(path, problems)
    reader = _DeckReader(problems, Source(text), known_answers)
    deck = reader.deck(root, path)
    if reader.problems:
        raise DeckError(path, reader.problems)
    assert deck is not None
    return deck


def _kind_name(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "empty"
    return f"'{node.value}'"


class _DeckReader:
    """Walks the checked node tree, collecting problems instead of stopping at the first."""

    def __init__(self, problems: list[Problem], source: Source, known_answers: frozenset[str]):
        self.problems = list(problems)
        self.source = source
        self.known_answers = known_answers
        # Keys already reported (duplicate or bad tag) are not reported again as unknown.
        self._reported = {(p.line, p.column) for p in problems}

    def error(self, node: Node, message: str) -> None:
        self.problems.append(problem_at(node, message))

    def mapping(self, node: Node, allowed: tuple[str, ...], where: str) -> dict[str, tuple[Node, Node]] | None:
        if _already_reported(node):
            return None
        if not isinstance(node, MappingNode):
            self.error(node, f"{where} must be a mapping of keys to values, not {_kind_name(node)}")
            return None
        entries: dict[str, tuple[Node, Node]] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode) or (self._reported and yaml_nodes.position(key) in self._reported):
                continue
            name = key.value
            if name not in allowed:
                self.error(key, f"unknown key '{name}' in {where}{suggest(name, allowed)}")
                continue
            entries.setdefault(name, (key, value))
        return entries

    def text(self, node: Node, name: str, *, required_nonempty: bool = True) -> str | None:
        if _already_reported(node):
            return None
        if isinstance(node, ScalarNode):
            if node.tag == _NULL or (required_nonempty and not node.value.strip()):
                self.error(node, f"'{name}' is empty")
                return None
            if node.style == '"' and name in _PROSE and yaml_scalars.may_hold_escape(node):
                escapes = yaml_scalars.latex_escapes(self.source, node)
                if escapes:
                    self.problems.extend(escapes)
                    return None
            return node.value
        self.error(node, f"'{name}' must be text, not {_kind_name(node)}")
        return None

    def integer(self, node: Node, name: str, valid: Callable[[int], bool], rule: str) -> int | None:
        if _already_reported(node):
            return None
        if not (isinstance(node, ScalarNode) and node.tag == _INT):
            self.error(node, f"'{name}' must be {rule}, not {_kind_name(node)}")
            return None
        if len(node.value) > MAX_INT_CHARS:  # past 4300 digits Python will not even convert it
            self.error(node, f"'{name}' must be {rule}, not a number {len(node.value):,} characters long")
            return None
        number = _yaml_int(node)
        if not valid(number):
            self.error(node, f"'{name}' must be {rule}, not {number}")
            return None
        return number

    def tags(self, node: Node) -> tuple[str, ...]:
        if _already_reported(node):
            return ()
        if not isinstance(node, SequenceNode):
            self.error(node, f"'tags' must be a list such as [calculus, optimisation], not {_kind_name(node)}")
            return ()
        found = []
        for item in node.value:
            tag = self.text(item, "tag")
            if tag is not None:
                found.append(tag)
        return tuple(found)

    def slug(self, node: Node, name: str) -> str | None:
        value = self.text(node, name)
        if value is None:
            return None
        if not SLUG.match(value):
            hint = slugify(value)
            example = f" (e.g. '{hint}')" if hint else ""
            self.error(node, f"{name} '{value}' is not a slug: use lowercase letters, digits and hyphens{example}")
            return None
        return value

    def deck(self, root: Node, path: Path) -> Deck | None:
        entries = self.mapping(root, DECK_KEYS, "the deck")
        if entries is None:
            return None
        for required in ("deck", "title", "cards"):
            if required not in entries:
                self.error(root, f"the deck has no '{required}' (required)")
        deck_id = self.slug(entries["deck"][1], "deck id") if "deck" in entries else None
        title = self.text(entries["title"][1], "title") if "title" in entries else None
        description = ""
        if "description" in entries:
            description = self.text(entries["description"][1], "description", required_nonempty=False) or ""
        tags = self.tags(entries["tags"][1]) if "tags" in entries else ()
        scheduler = "sm2"
        if "scheduler" in entries:
            node = entries["scheduler"][1]
            value = self.text(node, "scheduler")
            if value is not None and value not in SCHEDULERS:
                self.error(node, f"scheduler must be 'sm2' or 'fsrs', not '{value}'{suggest(value, SCHEDULERS)}")
            elif value is not None:
                scheduler = value
        limits = self.limits(entries["limits"][1]) if "limits" in entries else Limits()
        cards = self.cards(entries["cards"][1]) if "cards" in entries else ()
        if self.problems or deck_id is None or title is None:
            return None
        id_at = yaml_nodes.position(entries["deck"][1])
        return Deck(deck_id, title, cards, description, tags, scheduler, limits, path, id_at)

    def limits(self, node: Node) -> Limits:
        entries = self.mapping(node, LIMIT_KEYS, "limits")
        if entries is None:
            return Limits()
        values = {}
        for name, (_key, value) in entries.items():
            number = self.integer(value, name, lambda n: n >= 0, "a whole number, 0 or more")
            if number is not None:
                values[name] = number
        return Limits(**values)

    def cards(self, node: Node) -> tuple[Card, ...]:
        if _already_reported(node):
            return ()
        if not isinstance(node, SequenceNode):
            self.error(node, f"'cards' must be a list of cards (each starting with '- id:'), not {_kind_name(node)}")
            return ()
        if not node.value:
            self.error(node, "'cards' is empty: a deck needs at least one card")
            return ()
        cards = []
        first_line: dict[str, int] = {}
        first_index: dict[int, int] = {}  # a node met again is a card repeated through a YAML alias
        aliases: dict[int, tuple[int, int, str]] | None = None
        for index, item in enumerate(node.value, start=1):
            if id(item) in first_index:
                if aliases is None:
                    aliases = yaml_nodes.sequence_aliases(self.source.text, node)
                self.repeated(aliases.get(index - 1), index, first_index[id(item)], item)
                continue
            first_index[id(item)] = index
            card = self.card(item, index, first_line)
            if card is not None:
                cards.append(card)
        return tuple(cards)

    def card(self, node: Node, index: int, first_line: dict[str, int]) -> Card | None:
        named = _scalar_value(node, "id")
        entries = self.mapping(node, CARD_KEYS, f"card '{named}'" if named else f"card {index}")
        if entries is None:
            return None
        card_id = None
        if "id" in entries:
            id_node = entries["id"][1]
            card_id = self.slug(id_node, "card id")
            if card_id is not None:
                line = yaml_nodes.position(id_node)[0]
                if card_id in first_line:
                    self.error(id_node, f"duplicate card id '{card_id}' (first used on line {first_line[card_id]})")
                    card_id = None
                else:
                    first_line[card_id] = line
        else:
            self.error(node, f"card {index} has no 'id' (required)")
        label = f"card '{card_id}'" if card_id else f"card {index}"
        if "front" not in entries:
            self.error(node, f"{label} has no 'front' (required)")
        front = self.text(entries["front"][1], "front") if "front" in entries else None
        back = self.text(entries["back"][1], "back") if "back" in entries else None
        answer = self.answer(entries["answer"][1]) if "answer" in entries else None
        exercise = self.exercise(entries["exercise"][1]) if "exercise" in entries else None
        tags = self.tags(entries["tags"][1]) if "tags" in entries else ()
        if "answer" in entries and "exercise" in entries:
            self.error(entries["exercise"][0], f"{label} has both 'answer' and 'exercise': keep one")
        if not {"back", "answer", "exercise"} & entries.keys():
            self.error(node, f"{label} has no 'back': a basic card needs one (or give 'answer' or 'exercise')")
        for name, text in (("front", front), ("back", back), ("answer", answer)):
            self.rendered(entries, name, text)
        if card_id is None or front is None:
            return None
        return Card(card_id, front, back, answer, exercise, tags, yaml_nodes.position(node)[0])

    def answer(self, node: Node) -> str | None:
        """A typed answer must be readable by the checker's parser (pure Python, no SymPy: loading stays fast)."""
        text = self.text(node, "answer")
        if text is None or text in self.known_answers:
            return text
        from deckapp.answers.parser import MathParseError, parse
        from deckapp.answers.sampling import undefined_everywhere

        try:
            undefined = undefined_everywhere(parse(text))
        except MathParseError as err:
            self.problems.append(self.unreadable_answer(node, text, err))
            return None
        if undefined is not None:  # 1/0, log(-1): no card could be answered right
            self.error(node, f"answer '{yaml_scalars.shown(text)}' is {undefined}")
            return None
        return text

    def rendered(self, entries: dict[str, tuple[Node, Node]], name: str, text: str | None) -> None:
        """Render the math of card text now as the study app will (deckapp.deck.text.for_terminal), so that a
        deck that validates can be shown; only its `$…$` spans can fail, so text without one is not rendered."""
        if text is None or "$" not in text:
            return
        try:
            check_renders(text)
        except LatexError as err:
            line, column, where = self.located(entries[name][1], err.offset, name)
            self.problems.append(Problem(line, column, f"'{name}' cannot be shown: {err.reason}{where}"))

    def located(self, node: Node, index: int | None, field: str) -> tuple[int, int, str]:
        """(line, column, where) of character `index` of a value: the character itself where the file holds the
        value as written; else the value's start, `where` saying which character of the field."""
        found = None
        if index is not None and isinstance(node, ScalarNode):
            found = yaml_scalars.value_position(self.source, node, index)
        line, column = found or yaml_nodes.position(node)
        where = f" at character {index + 1} of the {field}" if index is not None and not found else ""
        return line, column, where

    def unreadable_answer(self, node: ScalarNode, text: str, err) -> Problem:
        """One line at the character the answer parser stopped at, where the file holds the answer as written;
        else at the answer's start, saying which character of the answer."""
        line, column, where = self.located(node, err.column - 1 if err.column else None, "answer")
        hint = _COLUMN.sub(r"at character \1 of the answer", err.hint)
        message = f"answer '{yaml_scalars.shown(text)}' cannot be read: {err.reason}{where}"
        return Problem(line, column, message + (f" — {hint}" if hint else ""))

    def repeated(self, alias: tuple[int, int, str] | None, index: int, first: int, node: Node) -> None:
        """A card given again through a YAML alias, reported at the alias (the node itself is the anchored one)."""
        line, column = (alias[0], alias[1]) if alias else yaml_nodes.position(node)
        named = f" '*{alias[2]}'" if alias else ""
        card_id = _scalar_value(node, "id")
        id_node = _value_node(node, "id")
        first_line = yaml_nodes.position(id_node if id_node is not None else node)[0]
        what = f"duplicate card id '{card_id}'" if card_id else f"card {index} repeats card {first}"
        self.problems.append(Problem(line, column, f"{what} (first used on line {first_line}): "
                                                   f"the alias{named} repeats that card; give each card its own id"))

    def exercise(self, node: Node) -> ExerciseSpec | None:
        entries = self.mapping(node, EXERCISE_KEYS, "exercise")
        if entries is None:
            return None
        if "generator" not in entries:
            self.error(node, "exercise has no 'generator' (required)")
            return None
        gen_node = entries["generator"][1]
        generator = self.text(gen_node, "generator")
        if generator is not None:
            from deckapp.exercises import GENERATOR_NAMES, unknown_generator

            if generator not in GENERATOR_NAMES:
                self.error(gen_node, unknown_generator(generator))
                generator = None
        difficulty = 1
        if "difficulty" in entries:
            from deckapp.exercises import DIFFICULTIES

            value = self.integer(entries["difficulty"][1], "difficulty", lambda n: n in DIFFICULTIES, "1, 2 or 3")
            difficulty = value if value is not None else 1
        return ExerciseSpec(generator, difficulty) if generator else None


def _scalar_value(node: Node, key: str) -> str | None:
    """The plain text under `key` in a mapping node, if there is one (to name a card in messages)."""
    value = _value_node(node, key)
    return value.value if isinstance(value, ScalarNode) and value.value else None


def _value_node(node: Node, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v
    return None


def _already_reported(node: Node) -> bool:
    """A node with a non-standard tag: check_tree reported it, and nothing under it is read."""
    return node.tag not in yaml_nodes.PLAIN_TAGS


def _yaml_int(node: ScalarNode) -> int:
    from yaml.constructor import SafeConstructor

    return SafeConstructor().construct_yaml_int(node)
