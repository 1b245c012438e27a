"""Card text rendering is bounded: math nested past MAX_DEPTH is a LatexError (never a RecursionError), which
`deckapp validate` reports at its character, so that every deck that validates can be shown by the study app."""

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deckapp.deck.latex import MAX_DEPTH, LatexError, check_renders, to_unicode
from deckapp.deck.text import for_terminal

SQRTS = "$" + "\\sqrt{" * 1200 + "x" + "}" * 1200 + "$"
BRACES = "$" + "{" * 2000 + "$"
FRACS = "$" + "\\frac" * 2000 + "$"


@pytest.mark.parametrize("text", [SQRTS, BRACES, FRACS, "$" + "x^{" * 3000 + "$"], ids=["sqrt", "braces", "frac",
                                                                                         "powers"])
def test_math_nested_without_end_is_a_latex_error_not_a_recursion_error(text):
    with pytest.raises(LatexError, match=f"math nested more than {MAX_DEPTH} levels deep"):
        for_terminal(text)


def test_math_nested_to_the_limit_renders_as_it_always_did():
    expected = "√x"
    for _ in range(MAX_DEPTH - 1):
        expected = f"√({expected})"
    assert for_terminal("$" + "\\sqrt{" * MAX_DEPTH + "x" + "}" * MAX_DEPTH + "$") == expected
    with pytest.raises(LatexError):
        to_unicode("$" + "\\sqrt{" * (MAX_DEPTH + 1) + "x" + "}" * (MAX_DEPTH + 1) + "$")


def test_rendering_at_the_limit_fits_in_a_small_stack():
    """The study app renders from deep inside Textual: the limit must leave room below the recursion limit."""
    text = "$" + "\\sqrt{\\frac{1}{" * (MAX_DEPTH // 2) + "x" + "}}" * (MAX_DEPTH // 2) + "$"
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(_frames()) + 400)
    try:
        shown = to_unicode(text)
    finally:
        sys.setrecursionlimit(old)
    assert shown.count("√(1/") == MAX_DEPTH // 2 and "x" in shown


def _frames() -> list:
    frame, found = sys._getframe(), []
    while frame is not None:
        found.append(frame)
        frame = frame.f_back
    return found


def test_the_error_says_where_the_reader_stopped():
    with pytest.raises(LatexError) as caught:
        to_unicode("see $" + "{" * 60 + "$")
    # the opening brace of level MAX_DEPTH + 1, counted in the whole text
    assert caught.value.offset == len("see $") + MAX_DEPTH


# Math nested near the limit: openers of a level each, between pieces that close levels, open them, or do neither.
_OPENERS = st.lists(st.sampled_from(["{", "\\sqrt{", "x^{", "\\hat ", "\\frac ", "\\mathbb "]),
                    min_size=MAX_DEPTH - 5, max_size=MAX_DEPTH + 20)
_PIECES = st.lists(st.sampled_from(["{", "}", "\\frac ", "\\sqrt", "\\text", "\\alpha ", "\\", "^", "_", "x", " ",
                                    "'", "2"]), max_size=30)


@given(st.tuples(_PIECES, _OPENERS, _PIECES).map(lambda parts: "".join(map("".join, parts))))
def test_validation_renders_exactly_the_math_that_could_fail(latex):
    """check_renders skips a span with at most MAX_DEPTH "{" and "\\": skipping must never hide a failure."""
    text = f"before ${latex}$ after"
    try:
        to_unicode(text)
    except LatexError as err:
        assert latex.count("{") + latex.count("\\") > MAX_DEPTH
        with pytest.raises(LatexError) as caught:
            check_renders(text)
        assert caught.value.offset == err.offset
    else:
        check_renders(text)


def test_a_span_at_the_counted_limit_renders_and_one_past_it_may_not():
    at_limit = "$" + "{" * MAX_DEPTH + "$"
    to_unicode(at_limit)
    check_renders(at_limit)
    with pytest.raises(LatexError):
        check_renders("$" + "{" * (MAX_DEPTH + 1) + "$")


def write(tmp_path, front, back):
    path = tmp_path / "deep.yaml"
    path.write_text("deck: deep\ntitle: Deep\ncards:\n  - id: a\n    front: " + front + "\n    back: " + back
                    + "\n", encoding="utf-8")
    return path


def test_validate_reports_a_front_nested_too_deep_at_its_character(tmp_path, deckapp_cli):
    path = write(tmp_path, "'" + SQRTS + "'", "fine")
    result = deckapp_cli("validate", str(path))
    assert result.returncode == 1
    stopped = len("    front: '$") + len("\\sqrt{") * (MAX_DEPTH + 1)  # level MAX_DEPTH + 1's "{", 1-based
    assert result.stderr == (f"{path}:5:{stopped}: 'front' cannot be shown: math nested more than {MAX_DEPTH} "
                             "levels deep\n")


def test_validate_reports_a_folded_back_at_the_character_of_the_back(tmp_path, deckapp_cli):
    path = write(tmp_path, "fine", ">\n      " + BRACES)
    result = deckapp_cli("validate", str(path))
    assert result.returncode == 1
    assert result.stderr == (f"{path}:6:11: 'back' cannot be shown: math nested more than {MAX_DEPTH} levels deep "
                             f"at character {MAX_DEPTH + 2} of the back\n")


def test_study_refuses_such_a_deck_as_validate_does_before_taking_the_screen(tmp_path, deckapp_cli):
    path = write(tmp_path, "'" + SQRTS + "'", "fine")
    result = deckapp_cli("study", str(path))
    assert result.returncode == 1
    assert result.stderr == deckapp_cli("validate", str(path)).stderr


def test_validate_reports_the_same_unshowable_math_at_every_place_it_is_written(tmp_path, deckapp_cli):
    """Math that fails is reported at each card, and a span that renders does not hide another that fails after it
    in the same text."""
    path = tmp_path / "deep.yaml"
    path.write_text("deck: deep\ntitle: Deep\ncards:\n"
                    f"  - id: a\n    front: '$x$ then {SQRTS}'\n    back: '$x$'\n"
                    f"  - id: b\n    front: '$x$ then {SQRTS}'\n    back: '$x$'\n", encoding="utf-8")
    result = deckapp_cli("validate", str(path))
    assert result.returncode == 1
    stopped = len("    front: '$x$ then $") + len("\\sqrt{") * (MAX_DEPTH + 1)
    assert result.stderr.splitlines() == [f"{path}:{line}:{stopped}: 'front' cannot be shown: math nested more than "
                                          f"{MAX_DEPTH} levels deep" for line in (5, 8)]
