"""Values a hostile deck may hold come back in messages safely: control characters escaped, never raw; numbers
too long to convert are located errors, not internal ones."""

import pytest

from deckapp.cli import main
from deckapp.errors import UsageError, printable


def validate(tmp_path, capsys, text: str) -> tuple[int, str]:
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    code = main(["validate", str(path)])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("escape", "shown"), [("\\0", "\\x00"), ("\\e", "\\x1b"), ("\\n", "\\n"),
                                               ("\\x07", "\\x07"), ("\\u2028", "\\u2028")])
def test_control_characters_in_a_value_are_escaped_in_the_message(tmp_path, capsys, escape, shown):
    code, err = validate(tmp_path, capsys, f'deck: "a{escape}b"\ntitle: T\ncards:\n  - id: a\n    front: F\n'
                                           "    back: B\n")
    assert code == 1
    assert err == (f"{tmp_path / 'd.yaml'}:1:7: deck id 'a{shown}b' is not a slug: use lowercase letters, digits "
                   "and hyphens (e.g. 'a-b')\n")
    assert printable(err.rstrip("\n")) == err.rstrip("\n")


def test_a_usage_error_escapes_them_too(capsys):
    with pytest.raises(UsageError) as caught:
        raise UsageError("bad\x00name\x1b[31m")
    assert caught.value.lines() == ["deckapp: bad\\x00name\\x1b[31m"]


def test_printable_leaves_ordinary_text_alone():
    text = "∂f/∂x₁ — naïve tab-free text, 'quoted' \\ backslash"
    assert printable(text) == text


@pytest.mark.parametrize(("key", "value", "length"), [
    ("new_per_day", "9" * 5000, "5,000"),
    ("reviews_per_day", "-" + "9" * 300, "301"),
])
def test_a_limit_too_long_to_be_a_number_is_a_located_error(tmp_path, capsys, key, value, length):
    code, err = validate(tmp_path, capsys, f"deck: d\ntitle: T\nlimits:\n  {key}: {value}\ncards:\n  - id: a\n"
                                           "    front: F\n    back: B\n")
    assert code == 1
    column = len(f"  {key}: ") + 1
    assert err == (f"{tmp_path / 'd.yaml'}:4:{column}: '{key}' must be a whole number, 0 or more, not a number "
                   f"{length} characters long\n")


def test_a_difficulty_too_long_to_be_a_number_is_a_located_error(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, "deck: d\ntitle: T\ncards:\n  - id: a\n    front: F\n"
                                           f"    exercise: {{generator: derivative, difficulty: {'1' * 4400}}}\n")
    assert code == 1
    assert err.endswith("'difficulty' must be 1, 2 or 3, not a number 4,400 characters long\n")


def test_a_long_but_convertible_limit_still_works(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, f"deck: d\ntitle: T\nlimits: {{new_per_day: {'9' * 100}}}\ncards:\n"
                                           "  - id: a\n    front: F\n    back: B\n")
    assert (code, err) == (0, "")
