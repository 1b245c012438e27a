"""Safe YAML reading that keeps positions.

Deck files are composed into YAML nodes by PyYAML's C parser (the pure-Python one when libyaml is missing) and
never constructed into arbitrary objects: every node's tag is checked against the plain YAML types, and a key
given twice in one mapping is an error instead of PyYAML's silent "last one wins".
"""

from __future__ import annotations

import re

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    NodeEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from deckapp.deck import yaml_depth
from deckapp.deck.model import Problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_YAML = "tag:yaml.org,2002:"
PLAIN_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
MAX_DEPTH = 40
MAX_NODES = 2_000_000
# At the first node deeper than MAX_DEPTH (the root is at depth 0): the lists and mappings it is inside.
NESTING_TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels (here, {MAX_DEPTH + 1} lists and mappings are open)"


def position(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def problem_at(node: Node, message: str) -> Problem:
    line, column = position(node)
    return Problem(line, column, message)


def decode(data: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a BOM is allowed), or the position of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        start = exc.start
        line_start = data.rfind(b"\n", 0, start) + 1
        line = data.count(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
        return None, Problem(
            line, column, f"byte 0x{data[start]:02x} is not UTF-8; save the file as UTF-8"
        )


def compose(text: str) -> tuple[Node | None, Problem | None]:
    """The document's root node, or the YAML syntax error with its position.

    Nesting past MAX_DEPTH is refused first: composing recurses once per level and would crash on deep input.
    """
    try:
        if yaml_depth.may_exceed(text, MAX_DEPTH):
            mark = yaml_depth.first_too_deep(text, MAX_DEPTH, Loader)
            if mark is not None:
                return None, Problem(mark.line + 1, mark.column + 1, NESTING_TOO_DEEP, True)
        return yaml.compose(text, Loader=Loader), None
    except yaml.reader.ReaderError as exc:
        # libyaml gives a UTF-8 byte offset, PyYAML a character index: find the character itself.
        found = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        return None, _forbidden_character(text, found if found >= 0 else exc.position)
    except UnicodeEncodeError as exc:  # a lone surrogate in text that did not come from a file
        return None, _forbidden_character(text, exc.start)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "malformed YAML"
        if mark is not None and "quoted scalar" in (exc.context or ""):
            from deckapp.deck.yaml_scalars import escape_syntax_error

            escape = escape_syntax_error(text, mark.line, mark.column, what)
            if escape is not None:
                return None, escape
        if exc.context:
            what = f"{what} ({exc.context})"
        opened = _OPENERS.get(exc.context or "")
        if opened and exc.context_mark is not None and exc.problem_mark is not None:
            # Point at what was left open, not where the parser gave up.
            mark, found = exc.context_mark, exc.problem_mark
            what = f"{opened} opened here is never closed ({exc.problem} at line {found.line + 1})"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, Problem(line, column, f"YAML syntax error: {what}")
    except yaml.YAMLError as exc:
        return None, Problem(1, 1, f"YAML error: {exc}")


_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")


def _forbidden_character(text: str, index: int) -> Problem:
    """A character YAML does not allow in a stream (controls, U+FFFE, surrogates), at its line and column."""
    import unicodedata

    index = min(max(index, 0), len(text) - 1)
    char = text[index]
    kind = "control character" if unicodedata.category(char) == "Cc" else "character"
    line, line_start = 1, 0
    for match in _LINE_BREAK.finditer(text, 0, index):
        line, line_start = line + 1, match.end()
    return Problem(line, index - line_start + 1, f"{kind} U+{ord(char):04X} is not allowed in YAML text")


_OPENERS = {
    "while scanning a quoted scalar": "the quoted text",
    "while parsing a flow sequence": "the '['",
    "while parsing a flow mapping": "the '{'",
}


def check_tree(root: Node, text: str | None = None) -> list[Problem]:
    """Non-standard tags, duplicate keys, non-text keys, and trees too deep or too large (alias bombs); with
    the document's `text`, a tree too large is reported where reading it first passes the limit."""
    problems: list[Problem] = []
    stack: list[tuple[Node, int]] = [(root, 0)]
    visited = 0
    while stack:
        node, depth = stack.pop()
        visited += 1
        if visited > MAX_NODES:
            line, column = position(root)
            message = f"the document expands to more than {MAX_NODES:,} values"
            found = first_past_limit(text, MAX_NODES) if text is not None else None
            if found is not None:
                line, column, alias = found
                message += f" (this alias '*{alias}' passes the limit)" if alias else " (this value passes the limit)"
            problems.append(Problem(line, column, message, True))
            break
        if depth > MAX_DEPTH:
            line, column = position(node)
            problems.append(Problem(line, column, f"nesting deeper than {MAX_DEPTH} levels (or a recursive alias)",
                                    True))
            continue
        if node.tag not in PLAIN_TAGS:
            problems.append(problem_at(node, unsupported_tag_message(node.tag)))
            continue
        if isinstance(node, MappingNode):
            seen: dict[str, Node] = {}
            for key, value in node.value:
                if not isinstance(key, ScalarNode) or key.tag not in PLAIN_TAGS:
                    tag = key.tag if key.tag not in PLAIN_TAGS else None
                    problems.append(problem_at(key, unsupported_tag_message(tag) if tag else "keys must be text"))
                    continue
                if key.value in seen:
                    first = position(seen[key.value])[0]
                    problems.append(problem_at(key, f"key '{key.value}' given twice (first on line {first})"))
                else:
                    seen[key.value] = key
                stack.append((value, depth + 1))
        elif isinstance(node, SequenceNode):
            stack.extend((item, depth + 1) for item in reversed(node.value))
    problems.sort()
    return problems


def unsupported_tag_message(tag: str) -> str:
    shown = "!!" + tag[len(_YAML):] if tag.startswith(_YAML) else tag
    if tag == _YAML + "merge":
        return "merge keys ('<<') are not supported in deck files; write the keys out"
    return f"unsupported YAML tag '{shown}': deck files hold only text, numbers, lists and mappings"


def first_past_limit(text: str, limit: int) -> tuple[int, int, str | None] | None:
    """Where reading the document from its start, every alias expanded, first passes `limit` values (counted as
    check_tree counts them: the root, mapping values and list items, not keys): (line, column, the alias's anchor
    or None). Walks the event stream with each anchor's expanded size, so an alias bomb is never expanded."""
    sizes: dict[str, int] = {}
    frames: list[list] = []  # per open collection: [is a mapping, next node is a key, counted, anchor, count]
    count = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, NodeEvent):
                counted = True
                if frames:
                    top = frames[-1]
                    counted = top[2] and not (top[0] and top[1])
                    top[1] = top[0] and not top[1]
                if isinstance(event, AliasEvent):
                    count += sizes.get(event.anchor, 1) if counted else 0
                else:
                    start = count
                    count += counted
                    if isinstance(event, CollectionStartEvent):
                        frames.append([isinstance(event, MappingStartEvent), True, counted, event.anchor, start])
                    elif event.anchor is not None:
                        sizes[event.anchor] = 1
                if count > limit:
                    mark = event.start_mark
                    return mark.line + 1, mark.column + 1, event.anchor if isinstance(event, AliasEvent) else None
            elif isinstance(event, CollectionEndEvent):
                _, _, _, anchor, start = frames.pop()
                if anchor is not None:
                    sizes[anchor] = max(count - start, 1)
    except yaml.YAMLError:
        return None
    return None


def sequence_aliases(text: str, sequence: SequenceNode) -> dict[int, tuple[int, int, str]]:
    """The items of `sequence` written as aliases: item index -> (line, column, anchor) of the alias. A composed
    node forgets its aliases (each is the anchored node itself); the event stream still has them."""
    start = (sequence.start_mark.line, sequence.start_mark.column)
    found: dict[int, tuple[int, int, str]] = {}
    depth: int | None = None  # inside the sequence, once it has started
    index = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if depth is None:
                if isinstance(event, SequenceStartEvent) and (event.start_mark.line, event.start_mark.column) == start:
                    depth = 0
                continue
            if depth == 0 and isinstance(event, NodeEvent):
                if isinstance(event, AliasEvent):
                    found[index] = (event.start_mark.line + 1, event.start_mark.column + 1, event.anchor)
                index += 1
            if isinstance(event, CollectionStartEvent):
                depth += 1
            elif isinstance(event, CollectionEndEvent):
                if depth == 0:
                    break
                depth -= 1
    except yaml.YAMLError:
        pass
    return found
