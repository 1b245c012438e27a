"""A guard against YAML nested so deeply that composing it would crash the process.

libyaml's composer (and PyYAML's) recurses once per level of nesting, so 50,000 `[` overflow the C stack before
any depth check on the composed tree can run. `may_exceed` is a cheap scan that can only over-estimate the
depth of the document's nodes; only when it passes the limit does `first_too_deep` walk PyYAML's event stream,
which is iterative, to find the first node that really is too deep.

The estimate, for a node at any depth: 2p + 2 + F, where p is the longest run of indentation and block
indicators ('- ', '? ', ': ') that starts a line, and F bounds how many flow collections are open at once.
Every block collection starts at or before the end of its line's run, and block collections nest only by
strictly greater columns, with at most one indentless sequence between two of them: a block collection on
column c is at most 2c + 1 deep, its children 2c + 2, and a node inside k flow collections k more.

F counts a '[' or '{' as opening wherever a flow collection can start, and a ']' or '}' as closing only when it
cannot be inside a quoted scalar, a comment or a tag: no quote, '#' or '!' lies between it and the opener it
closes, or the text between them is plain flow entries whose quotes start only where a token must start.
"""

from __future__ import annotations

import re
from functools import cache

import yaml
from yaml.events import CollectionEndEvent, CollectionStartEvent, NodeEvent

_CLEAN_PAIR = re.compile(r"\[[^\[\]{}'\"#!]*\]|\{[^\[\]{}'\"#!]*\}")
_FLOW_CHARS = re.compile(r"[\[\]{}'\"#!]")
_RUN_CHARS = r"[ \t\-?:\ufeff]"  # indentation, compact indicators, and the BOM libyaml skips at a line start
_OTHER_BREAKS = "\r\x85\u2028\u2029"  # line breaks besides '\n' that YAML also knows
_BLANKS = " \t\ufeff"
_BREAKS = "\n" + _OTHER_BREAKS
_BEFORE_OPENER = "[{,:-?" + _BREAKS
_MAX_RESCUE = 1000  # the longest flow collection whose quotes are read
_MAX_TRIES = 8  # readings of that text per opener


def may_exceed(text: str, limit: int) -> bool:
    """False only when no node of the YAML document in `text` can be deeper than `limit` (the root is 0)."""
    flow = _flow_bound(text)
    # A node is at most 2p + 2 + flow deep: too deep is possible once some line's run p reaches `least`.
    least = (limit - flow - 2) // 2 + 1
    if least <= 0:
        return True
    run = f"{_RUN_CHARS}{{{least}}}"
    if re.match(run, text):
        return True
    breaks = f"[\n{_OTHER_BREAKS}]" if any(b in text for b in _OTHER_BREAKS) else "\n"
    return re.search(breaks + run, text) is not None


def _flow_bound(text: str) -> int:
    """At least the number of flow collections open at any point."""
    # A bracket pair with nothing that could start a quote, comment or tag inside opens and closes together.
    text = _CLEAN_PAIR.sub("0", text)
    if "[" not in text and "{" not in text:
        return 1  # the pairs removed above
    openers: list[list[int]] = []  # [position, rescues tried]
    peak = 0
    last_dirty = -1
    for match in _FLOW_CHARS.finditer(text):
        char, at = match.group(), match.start()
        if char in "[{":
            if _may_open(text, at):
                openers.append([at, 0])
                peak = max(peak, len(openers))
        elif char in "]}":
            if openers and (last_dirty < openers[-1][0] or _rescued(text, openers[-1], at)):
                openers.pop()
        else:
            last_dirty = at
    return peak + 1


def _may_open(text: str, at: int) -> bool:
    """Whether a '[' or '{' can start a flow collection: only after blanks that follow a line break, an
    indicator ('[', '{', ',', ':', '-', '?') or a word holding an anchor or tag (elsewhere it is text, or a
    syntax error)."""
    i = at - 1
    while i >= 0 and text[i] in _BLANKS:
        i -= 1
    if i < 0 or text[i] in _BEFORE_OPENER:
        return True
    if i == at - 1:
        return False
    end = i + 1
    while i >= 0 and text[i] not in _BLANKS and text[i] not in _BREAKS:
        i -= 1
    word = text[i + 1:end]
    return "&" in word or "!" in word


def _rescued(text: str, opener: list[int], end: int) -> bool:
    """Whether the text from `opener` to `end` is plain flow entries; tried a few times per opener, on short
    spans, so that hostile text cannot make the scan quadratic."""
    start = opener[0] + 1
    if end - start > _MAX_RESCUE or opener[1] >= _MAX_TRIES:
        return False
    opener[1] += 1
    return _entries().fullmatch(text, start, end) is not None


@cache
def _entries() -> re.Pattern:
    """Flow entries (one level of nested collections allowed) in which a quote appears only at the start of a
    node: after the opener, a ',' or a ': '. Read from a real opener, such text ends outside any quoted scalar."""
    ws = r"[ \t\r\n]*"
    quoted = r"(?:'(?:[^']|'')*'|\"(?:[^\"\\]|\\[\s\S])*\")"
    word = r"[^\s'\"#!\[\]{},]+"
    plain = rf"{word}(?:[ \t\r\n]+{word})*"

    def entries(node: str) -> str:
        entry = rf"{node}(?:{ws}:[ \t\r\n]{ws}(?:{node})?)?"
        return rf"{ws}(?:{entry}(?:{ws},{ws}{entry})*)?{ws},?{ws}"

    flat = rf"(?:{quoted}|{plain})"
    nested = rf"\[{entries(flat)}\]|\{{{entries(flat)}\}}"
    return re.compile(entries(rf"(?:{quoted}|{plain}|{nested})"))


def first_too_deep(text: str, limit: int, loader) -> yaml.Mark | None:
    """Where the first node deeper than `limit` starts, from the event stream (nothing is composed); None if
    there is none before the end or the first syntax error.

    Newer libyaml builds stop at their own depth limit while reading ahead, before the node we look for is
    reached; then the pure-Python parser, which has no such limit, finds it (it stops at that node, so it is
    quick on the deep documents that get here)."""
    try:
        return _first_too_deep(text, limit, loader)
    except yaml.YAMLError as error:
        if "nesting depth" not in str(getattr(error, "problem", "")) or loader is yaml.SafeLoader:
            return None
    try:
        return _first_too_deep(text, limit, yaml.SafeLoader)
    except yaml.YAMLError:
        return None


def _first_too_deep(text: str, limit: int, loader) -> yaml.Mark | None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, NodeEvent):
            if depth > limit:
                return event.start_mark
            if isinstance(event, CollectionStartEvent):
                depth += 1
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return None
