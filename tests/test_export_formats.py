"""The export formats and the importer, in process: HTML and MathJax, stable variants and guids, the Anki text
format, lossless JSON, Markdown, and round trips back into a deck."""

import csv
import dataclasses
import io
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deckapp.deck import load_deck
from deckapp.deck.reader import parse_deck
from deckapp.deck.text import reflow
from deckapp.errors import BadInput
from deckapp.exercises import generate
from deckapp.export import export_deck
from deckapp.export.ankitext import read_anki_text, to_anki_text
from deckapp.export.html import from_html, to_html
from deckapp.export.importers import import_file
from deckapp.export.json import to_json
from deckapp.export.markdown import to_markdown
from deckapp.export.variants import variant_seed

sys.path.insert(0, str(Path(__file__).parent))
from export_samples import every_kind_deck  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BUNDLED = load_deck(REPO / "decks" / "mfdl-lecture-02.yaml")
NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)



@pytest.fixture
def every_kind(tmp_path):
    return every_kind_deck(tmp_path)


def same_cards(deck):
    return [dataclasses.replace(card, line=0) for card in deck.cards]


def same_text(deck):
    """The cards as a reader sees them: lines the deck file wrapped by hand are joined (as Anki gets them)."""
    return [dataclasses.replace(card, line=0, front=reflow(card.front), back=card.back and reflow(card.back))
            for card in deck.cards]


def test_maths_becomes_mathjax_and_text_is_escaped():
    assert to_html("if $x<1$ & $$\\sum_i x_i$$ costs \\$5\nnext") == \
        r"if \(x&lt;1\) &amp; \[\sum_i x_i\] costs $5<br>next"


def test_html_from_ankis_editor_reads_as_text():
    assert from_html("a&nbsp;b<br/>c <b>bold</b> \\(x^2\\) costs $5") == "a b\nc bold $x^2$ costs \\$5"


_plain = st.text(st.characters(blacklist_characters="$\\", blacklist_categories=("Cs", "Cc")) | st.just("\n"),
                 max_size=20)
_math = st.text(st.characters(blacklist_characters="$\\", blacklist_categories=("Cs", "Cc")), min_size=1,
                max_size=10).filter(lambda m: m.strip() == m and m)


@given(st.lists(st.tuples(_plain, st.sampled_from(["$", "$$", "\\$"]), _math), max_size=4), _plain)
def test_html_round_trip_gives_the_card_text_back(pieces, tail):
    text = "".join(f"{plain} {delim}{math}{delim} " if delim != "\\$" else f"{plain} \\${math} "
                   for plain, delim, math in pieces) + tail
    assert from_html(to_html(text)) == text


def test_variants_guids_and_files_do_not_change_between_runs(tmp_path):
    """Seeds come from SHA-256, not hash(): two processes with different hash seeds write the same bytes."""
    code = ("import sys; from deckapp.deck import load_deck; from deckapp.export import export_deck; "
            f"export_deck(load_deck({str(REPO / 'decks' / 'mfdl-lecture-02.yaml')!r}), 'csv', sys.argv[1], "
            "variants=2)")
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"run{hash_seed}.csv"
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-c", code, str(out)], env=env, check=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    seeds = {variant_seed(BUNDLED.id, "chain-rule-practice", n) for n in (1, 2, 3)}
    assert len(seeds) == 3 and variant_seed("other-deck", "chain-rule-practice", 1) not in seeds


def test_apkg_is_byte_stable_for_the_same_deck_and_time(tmp_path):
    for name in ("a.apkg", "b.apkg"):
        export_deck(BUNDLED, "apkg", str(tmp_path / name), variants=2, now=NOW)
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()


def test_anki_text_has_ankis_header_lines_and_quotes_as_its_manual_says(every_kind):
    text = to_anki_text(every_kind)
    assert text.splitlines()[:6] == [
        "#separator:tab", "#html:true", "#notetype:Basic", '#deck:Every kind: "quotes", tabs and $x<y$',
        "#tags column:4", "#guid column:1"]
    rows = list(csv.reader(io.StringIO("".join(text.splitlines(keepends=True)[6:])), delimiter="\t"))
    assert rows[0][0] == "deckapp:every-kind:basic"
    assert rows[0][1] == 'A front with a\ttab, "quotes", &lt;b&gt;not bold&lt;/b&gt; &amp; a dollar $5'
    assert '"A front with a\ttab, ""quotes""' in text  # quoted, and a quote inside doubled
    assert rows[0][3] == "one two"


def test_csv_round_trip_gives_the_same_cards_ids_and_tags(every_kind, tmp_path):
    export_deck(every_kind, "csv", str(tmp_path / "d.csv"), variants=3)
    back = parse_deck(import_file(str(tmp_path / "d.csv")))
    assert back.id == every_kind.id and back.title == every_kind.title
    assert same_text(back) == same_text(every_kind)


def test_json_round_trip_is_lossless(every_kind, tmp_path):
    export_deck(every_kind, "json", str(tmp_path / "d.json"))
    assert '"format": "deckapp-deck/1"' in (tmp_path / "d.json").read_text(encoding="utf-8")
    back = parse_deck(import_file(str(tmp_path / "d.json")))
    assert dataclasses.replace(back, path=None, cards=tuple(same_cards(back))) == \
        dataclasses.replace(every_kind, path=None, cards=tuple(same_cards(every_kind)))
    assert to_json(back) == to_json(every_kind)


def test_bundled_deck_round_trips_through_json_and_csv(tmp_path):
    export_deck(BUNDLED, "json", str(tmp_path / "d.json"))
    assert same_cards(parse_deck(import_file(str(tmp_path / "d.json")))) == same_cards(BUNDLED)
    export_deck(BUNDLED, "csv", str(tmp_path / "d.csv"))
    assert same_text(parse_deck(import_file(str(tmp_path / "d.csv")))) == same_text(BUNDLED)


def test_lines_wrapped_by_hand_reach_anki_as_one_line(tmp_path):
    export_deck(BUNDLED, "csv", str(tmp_path / "d.csv"))
    row = next(line for line in (tmp_path / "d.csv").read_text(encoding="utf-8").splitlines()
               if line.startswith("deckapp:mfdl-lecture-02:find-minimum\t"))
    assert "ranges over infinitely many values" in row and "<br>  " not in row


def test_markdown_shows_every_card_and_one_worked_variant(every_kind):
    text = to_markdown(every_kind)
    exercise = generate("graph_backward", variant_seed("every-kind", "drill", 1), 2)
    assert text.startswith('# Every kind: "quotes", tabs and $x<y$\n\nA deck with every field set.')
    assert "## 2. Differentiate $x^2$.\n\n**Answer:** `2*x`\n\n*Note:* The power rule." in text
    assert "*Tags: one, two*" in text and "*Tags: graphs*" in text
    assert exercise.prompt in text and exercise.figure in text and exercise.shown_answer in text
    assert text.count("Run the forward pass") == 1


def test_anki_text_without_headers_comma_or_semicolon_and_plain():
    for separator in (",", ";"):
        found = read_anki_text(f"What is 1+1?{separator}two{separator}maths easy\n\"A, b; c\"{separator}d{separator}\n")
        assert not found.problems and not found.is_html
        assert [row.fields for row in found.rows] == [["What is 1+1?", "two"], ["A, b; c", "d"]]
        assert found.rows[0].tags == ["maths", "easy"]


def test_foreign_rows_get_unique_ids_from_their_fronts(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("Capital of $x$ France?\tParis\nCapital of France?\tParis again\n\n", encoding="utf-8")
    deck = parse_deck(import_file(str(path)))
    assert deck.id == "words" and deck.title == "words"
    assert deck.card_ids == ("capital-of-france", "capital-of-france-2")
    assert deck.cards[0].front == "Capital of $x$ France?" and deck.cards[1].back == "Paris again"


def test_many_rows_with_one_front_get_the_next_free_number_and_problems_their_row(tmp_path):
    path = tmp_path / "same.txt"
    rows = ["Word\tone", "Word 3\tthree", *(f"Word\tmeaning {i}" for i in range(300)), "Word\t"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        import_file(str(path))
    assert caught.value.problem_lines == [f"{path}:{len(rows)}: 'back' is empty"]
    path.write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")
    ids = parse_deck(import_file(str(path))).card_ids
    assert ids[:5] == ("word", "word-3", "word-2", "word-4", "word-5") and len(set(ids)) == len(ids) == 302


def test_a_drawing_in_a_worked_solution_is_one_block_root_line_included(tmp_path):
    """graph_build's solution holds the graph's drawing as one step; its first line ("d = x * c") has no box
    characters, yet it is the drawing's root: it belongs in the same code block / <pre> as the branches."""
    deck_file = tmp_path / "build.yaml"
    deck_file.write_text("deck: build\ntitle: Build\ncards:\n  - id: build\n    front: Build a graph.\n"
                         "    exercise: {generator: graph_build, difficulty: 2}\n", encoding="utf-8")
    deck = load_deck(deck_file)
    exercise = generate("graph_build", variant_seed("build", "build", 1), 2)
    drawing = next(step for step in exercise.steps if "├─" in step)
    root = drawing.split("\n")[0]
    assert "─" not in root and "  " not in root  # the line a line-by-line rule would take for prose
    assert f"```text\n{drawing}\n```" in to_markdown(deck)
    export_deck(deck, "csv", str(tmp_path / "d.csv"))
    csv_text = (tmp_path / "d.csv").read_text(encoding="utf-8")
    assert "<pre>" + drawing.replace("\n", "<br>").replace("&", "&amp;") in csv_text.replace('""', '"')


def test_a_file_that_is_no_anki_export_gets_twenty_problems_and_a_count_not_a_flood(tmp_path):
    """Rows of the wrong shape, and rows the deck reader refuses (no back): each kind capped."""
    for name, rows, more in (("short-rows.csv", "a,b,c\n" + "".join(f"{i},{i}\n" for i in range(300)), 280),
                             ("notes.md", "# Title\tone\ttwo\n" + "".join(f"line {i}\n" for i in range(300)), 280)):
        path = tmp_path / name
        path.write_text(rows, encoding="utf-8")
        with pytest.raises(BadInput) as caught:
            import_file(str(path))
        lines = caught.value.problem_lines
        assert len(lines) == 21 and lines[0].startswith(f"{path}:2: ") and lines[19].startswith(f"{path}:21: ")
        assert lines[-1] == (f"{path}: and {more} more problems: is it an Anki text export (in Anki: File > Export "
                             "> Notes in Plain Text) or a deckapp JSON deck?")


def test_importing_pauses_the_cycle_collector_only_while_it_reads_and_writes(monkeypatch, tmp_path):
    """The cards, their YAML written and read back: the collector would walk them over and over (bench_export)."""
    import gc

    from deckapp.export import importers

    seen = []
    dump = importers.dump_deck
    monkeypatch.setattr(importers, "dump_deck", lambda deck: (seen.append(gc.isenabled()), dump(deck))[1])
    source = tmp_path / "notes.txt"
    source.write_text("What is 1 + 1?\t2\n", encoding="utf-8")
    assert "front: What is 1 + 1?" in importers.import_file(str(source))
    assert seen == [False] and gc.isenabled()
