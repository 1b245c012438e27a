"""Deck files nested too deeply are refused before composing (which would overflow the C stack), at the position
of the first node that is too deep; normal decks never pay for the exact scan."""

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.events import CollectionEndEvent, CollectionStartEvent, NodeEvent

from deckapp.deck import DeckError, parse_deck, yaml_depth
from deckapp.deck.yaml_nodes import MAX_DEPTH, NESTING_TOO_DEEP, Loader

REPO = Path(__file__).resolve().parent.parent
HEAD = "deck: a\ntitle: T\ncards: "
DEEP = 50_000


def deepest_node(text: str) -> int:
    """The depth of the deepest node PyYAML's parser reaches (root: 0) before the end or the first error."""
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, NodeEvent):
                deepest = max(deepest, depth)
                depth += isinstance(event, CollectionStartEvent)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return deepest


def validate_in_child(path: Path, stack_kib: int | None = None) -> subprocess.CompletedProcess:
    """`python -m deckapp validate PATH` in a child, optionally with a smaller C stack (as in a thread)."""

    def limit_stack():
        if stack_kib is not None:
            hard = resource.getrlimit(resource.RLIMIT_STACK)[1]
            resource.setrlimit(resource.RLIMIT_STACK, (stack_kib * 1024, hard))

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "deckapp", "validate", str(path)], env=env, capture_output=True,
                          text=True, timeout=120, preexec_fn=limit_stack)


def assert_refused_at(result: subprocess.CompletedProcess, path: Path, line: int, column: int) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr[-500:])
    assert result.stderr == f"{path}:{line}:{column}: {NESTING_TOO_DEEP}\n"


def test_deep_flow_nesting_is_refused_not_a_crash(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text(HEAD + "[" * DEEP + "]" * DEEP + "\n")
    # `cards: ` is 7 characters: the first '[' (depth 1) is on column 8, depth 41 on column 48.
    assert_refused_at(validate_in_child(path), path, 3, 48)


def test_deep_compact_block_nesting_on_one_line_is_refused(tmp_path):
    path = tmp_path / "compact.yaml"
    path.write_text(HEAD + "\n" + "- " * DEEP + "x\n")
    # The list under 'cards' is depth 1 on column 1; each '- ' after it is one deeper, two columns on.
    assert_refused_at(validate_in_child(path), path, 4, 81)


def test_deep_indentation_is_refused_even_with_a_small_stack(tmp_path):
    path = tmp_path / "indented.yaml"
    path.write_text(HEAD + "\n" + "".join(" " * i + "-\n" for i in range(3000)) + " " * 3000 + "x\n")
    # Line 4 holds depth 1 on column 1; each line is one deeper and one column on.
    assert_refused_at(validate_in_child(path, stack_kib=512), path, 44, 41)


def test_the_refusal_is_one_fatal_problem():
    with pytest.raises(DeckError) as caught:
        parse_deck((HEAD + "{a: " * 60 + "}" * 60).encode(), "deep.yaml")
    (problem,) = caught.value.problems
    # The mapping at depth k opens on column 8 + 4(k - 1); the first node at depth 41 is the key of the 40th.
    assert (problem.line, problem.column, problem.fatal) == (3, 8 + 4 * 39 + 1, True)


def test_nesting_at_the_limit_is_still_read():
    text = HEAD + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1)  # 'x' is at depth 40
    assert deepest_node(text) == MAX_DEPTH
    with pytest.raises(DeckError) as caught:
        parse_deck(text.encode(), "limit.yaml")
    assert all("nesting" not in p.message for p in caught.value.problems)


NORMAL = (HEAD + "\n" + "".join(
    f"  - id: card-{i}\n"
    f"    front: What's fact {i}? It's [not] a {{trick}} # or is it\n"
    f"    answer: \"{i}*x\"\n"
    f"    tags: ['it''s', \"a]b\", [c, 'd'], {{e: f}}]\n"
    f"    exercise: {{generator: 'chain_rule', difficulty: 2}}\n"
    "    back: |\n"
    "      Newton's method: x' = x - f/f' [see #3] {!}\n" for i in range(300)))


@pytest.mark.parametrize("text", [NORMAL, (REPO / "decks" / "mfdl-lecture-02.yaml").read_text(encoding="utf-8")],
                         ids=["quotes-brackets-comments", "bundled"])
def test_normal_decks_skip_the_event_scan(text, monkeypatch):
    def fail(*args):
        raise AssertionError("the event scan ran on a normal deck")

    monkeypatch.setattr(yaml_depth, "first_too_deep", fail)
    assert not yaml_depth.may_exceed(text, MAX_DEPTH)
    try:
        parse_deck(text.encode(), "normal.yaml")
    except DeckError as error:  # the generated deck has exercise and answer together: only content problems
        assert not any(p.fatal for p in error.problems)


# Texts that hide closing brackets inside quotes, comments and tags (a scan counting every ']' as a closer
# would see depth 1 where the parser sees 45), open flow collections after anchors and tags, nest blocks two
# levels per column, or break lines with characters other than '\n'.
TRICKS = [
    "k: it's\nv: " + "[ ']', " * 45 + "]" * 45,
    "a: |\n  it's\nv: " + "[ ']', " * 45 + "]" * 45,
    "v: " + "[ \"]\", " * 45 + "]" * 45,
    "v: " + "[ 'x]]', " * 45 + "]" * 45,
    "v: " + "[ 'a''b]', " * 45 + "]" * 45,
    "v: " + "[ \"a\\\"]\", " * 45 + "]" * 45,
    "v: " + "[ 'a\n]', " * 45 + "]" * 45,
    "v: " + "[ # ]\n" * 45 + "]" * 45,
    "v: " + "[ !<x]> a, " * 45 + "]" * 45,
    "v: " + "[ &a [ 'x]', " * 45 + "]" * 90,
    "v: " + "[ [a], 'x]', " * 45 + "]" * 45,
    "v: " + "{a: 'x]', b: " * 45 + "}" * 45,
    "v: " + "[ a:'x, ',]', " * 45 + "]" * 45,
    "v: " + "[ a'b, ']', " * 45 + "]" * 45,
    "v: " + "{ 'a': ']', " * 45 + "}" * 45,
    "v: " + "!!seq [ " * 45 + "]" * 45,
    "v: " + "&a [ " * 45 + "]" * 45,
    "v:\n" + "".join(" " * i + "-\n" + " " * (i + 1) + "k:\n" for i in range(21)),
    "v:\r" + "".join(" " * i + "-\r" for i in range(45)),
    "v:\n" + "".join(" " * i + "-\u2028" for i in range(45)),
    "v:\n" + "".join("\ufeff" + " " * (4 * i) + "- - \n" for i in range(25)),
]


@pytest.mark.parametrize("text", TRICKS)
def test_hidden_closers_do_not_hide_depth(text):
    assert deepest_node(text) > MAX_DEPTH
    assert yaml_depth.may_exceed(text, MAX_DEPTH)
    mark = yaml_depth.first_too_deep(text, MAX_DEPTH, Loader)
    assert mark is not None


YAML_CHARS = st.sampled_from(list("[]{}'\"#!,:-? \n\t\\ax&*|>") + ["''", "- ", ": ", "? ", "\n  ", "\r"])
SCALARS = st.text(st.sampled_from(list("[]{}'\"#!,: -?ax\n\\")), max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(YAML_CHARS, max_size=60).map("".join))
def test_the_estimate_never_falls_below_the_real_depth_of_any_text(text):
    deepest = deepest_node(text)
    assert deepest == 0 or yaml_depth.may_exceed(text, deepest - 1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(st.none() | st.integers() | SCALARS,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(SCALARS, inner, max_size=3),
                    max_leaves=25),
       st.sampled_from([None, True, False]), st.integers(2, 5))
def test_the_estimate_never_falls_below_the_real_depth_of_any_document(document, flow, indent):
    text = yaml.safe_dump(document, default_flow_style=flow, indent=indent, width=20)
    deepest = deepest_node(text)
    assert deepest == 0 or yaml_depth.may_exceed(text, deepest - 1)


def test_a_libyaml_depth_limit_still_gives_the_first_node_too_deep(monkeypatch):
    """Newer libyaml builds refuse deep nesting themselves while reading ahead; the position stays exact."""
    import yaml as pyyaml

    from deckapp.deck import yaml_depth

    real_parse = pyyaml.parse

    def limited(text, Loader):  # noqa: N803 (PyYAML's own keyword)
        if Loader is pyyaml.SafeLoader:
            yield from real_parse(text, Loader=Loader)
            return
        raise pyyaml.scanner.ScannerError("while increasing flow level", None, "exceeded maximum nesting depth",
                                          None)

    monkeypatch.setattr(yaml_depth.yaml, "parse", limited)
    text = HEAD + "[" * 200 + "]" * 200 + "\n"
    mark = yaml_depth.first_too_deep(text, MAX_DEPTH, object())
    assert (mark.line + 1, mark.column + 1) == (3, 48)
