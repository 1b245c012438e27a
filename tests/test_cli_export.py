"""`deckapp export` and `deckapp import` from the command line: outputs, exit codes, one-line errors, and
nothing written or lost when something goes wrong."""

import json
from pathlib import Path

import pytest
import yaml

from deckapp.cli import main
from deckapp.deck.reader import parse_deck

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "decks" / "mfdl-lecture-02.yaml"
HEADERS = "#separator:tab\n#html:true\n#notetype:Basic\n#deck:Words\n#tags column:4\n#guid column:1\n"


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0]
    return err[0]


def test_export_each_format_by_deck_id_and_by_file(tmp_path):
    for fmt in ("apkg", "csv", "md", "json"):
        assert main(["export", "mfdl-lecture-02", "--format", fmt, "-o", str(tmp_path / f"d.{fmt}")]) == 0
    assert main(["export", str(BUNDLED), "-o", str(tmp_path / "by-suffix.json")]) == 0
    assert (tmp_path / "by-suffix.json").read_bytes() == (tmp_path / "d.json").read_bytes()
    assert (tmp_path / "d.apkg").read_bytes()[:4] == b"PK\x03\x04"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["by-suffix.json", "d.apkg", "d.csv", "d.json", "d.md"]


def test_export_to_stdout(capsys):
    assert main(["export", "mfdl-lecture-02", "--format", "json", "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["deck"] == "mfdl-lecture-02"


def test_apkg_to_stdout_is_a_usage_error(capsys):
    assert main(["export", "mfdl-lecture-02", "--format", "apkg", "-o", "-"]) == 2
    assert "cannot go to standard output" in one_error_line(capsys)


def test_export_to_a_folder_that_does_not_exist(tmp_path, capsys):
    target = tmp_path / "missing" / "d.csv"
    assert main(["export", "mfdl-lecture-02", "-o", str(target)]) == 2
    assert "does not exist" in one_error_line(capsys)
    assert not (tmp_path / "missing").exists()


def test_export_replaces_a_file_and_a_failure_leaves_it_as_it_was(tmp_path, capsys, monkeypatch):
    target = tmp_path / "d.apkg"
    target.write_bytes(b"the previous export")
    assert main(["export", "mfdl-lecture-02", "-o", str(target)]) == 0
    exported = target.read_bytes()
    assert exported[:4] == b"PK\x03\x04"

    def fail_halfway(deck, out, **kwargs):
        out.write(b"half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("deckapp.export.anki.write_apkg", fail_halfway)
    assert main(["export", "mfdl-lecture-02", "-o", str(target)]) == 2
    assert "No space left on device" in one_error_line(capsys)
    assert target.read_bytes() == exported and [p.name for p in tmp_path.iterdir()] == ["d.apkg"]


@pytest.mark.parametrize("args, message", [
    (["export", "no-such-deck", "-o", "x.csv"], "no deck file, bundled deck or library deck named 'no-such-deck'"),
    (["export", "mfdl-lecture-02", "-o", "x.docx"], "give --format"),
    (["export", "mfdl-lecture-02", "-o", "x.md", "--variants", "2"], "--variants is for apkg and csv"),
    (["export", "mfdl-lecture-02", "-o", "x.csv", "--variants", "0"], "--variants must be between 1"),
])
def test_export_usage_errors(tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert message in one_error_line(capsys)
    assert list(tmp_path.iterdir()) == []


def test_import_writes_a_valid_deck_and_never_overwrites_without_force(tmp_path, capsys):
    assert main(["export", "mfdl-lecture-02", "-o", str(tmp_path / "d.csv")]) == 0
    target = tmp_path / "back.yaml"
    assert main(["import", str(tmp_path / "d.csv"), "-o", str(target), "--deck-id", "my-copy"]) == 0
    assert parse_deck(target.read_text(encoding="utf-8")).id == "my-copy"
    target.write_text("mine\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "d.csv"), "-o", str(target)]) == 2
    assert "already exists; add --force" in one_error_line(capsys)
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert main(["import", str(tmp_path / "d.csv"), "-o", str(target), "--force"]) == 0
    assert parse_deck(target.read_text(encoding="utf-8")).id == "mfdl-lecture-02"


def test_import_to_stdout(tmp_path, capsys):
    (tmp_path / "w.txt").write_text(HEADERS + "g1\tWhat is \\(2+2\\)?\t4\tarithmetic\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "w.txt")]) == 0
    deck = parse_deck(capsys.readouterr().out)
    assert (deck.id, deck.title, deck.cards[0].front, deck.cards[0].tags) == \
        ("words", "Words", "What is $2+2$?", ("arithmetic",))


def test_import_makes_ids_of_accented_names_without_dropping_their_letters(tmp_path, capsys):
    (tmp_path / "f.txt").write_text("#separator:tab\n#html:false\n#deck:Été à Paris\nQu'est-ce que l'été ?\tUne "
                                    "saison\nÇa va ?\tOui\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "f.txt")]) == 0
    deck = parse_deck(capsys.readouterr().out)
    assert (deck.id, [card.id for card in deck.cards]) == ("ete-a-paris", ["qu-est-ce-que-l-ete", "ca-va"])


@pytest.mark.parametrize("content, message", [
    (HEADERS + "g1\tfront\tback\ttag\ng2\tfront two\tback\n", "w.txt:8: this row has 3 fields, the first row has 4"),
    (HEADERS + "g1\tfront\tback\ttag\ng2 front two\n", "w.txt:8: this row has 1 field, the first row has 4:"),
    (HEADERS + 'g1\tfront\tback\ttag\ng2\t"front two\tback\ttag\n', 'w.txt:8: a quoted field is never closed'),
    (HEADERS + "g1\t\tback\ttag\n", "w.txt:7: the front (first field) is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "is a binary file"),
    (b"front\tback \xff\n", "w.txt:1: not UTF-8 text"),
    ('{"deck": "x"', "w.txt:1:13: not valid JSON"),
    ('{"format": "other/2", "deck": "x"}', 'not a deckapp deck: its "format" is "other/2"'),
    ('{"format": "deckapp-deck/1", "deck": "x", "title": "T", "cards": [{"id": "Bad", "front": "f", "back": "b"}]}',
     "w.txt: card 1: card id 'Bad' is not a slug"),
    ('{"format": "deckapp-deck/1", "deck": "x", "title": "T", "colour": "red", "cards": [{"id": "a", "front": "f", '
     '"back": "b"}, {"id": "b", "front": "g", "back": "c"}]}', "/w.txt: unknown key 'colour' in the deck"),
    pytest.param('{"format": "deckapp-deck/1", "cards": ' + "[" * 100_000,
                 "w.txt: not a deckapp deck: its JSON is nested too deeply", id="deep"),
])
def test_import_of_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, capsys, content, message):
    source = tmp_path / "w.txt"
    source.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    assert main(["import", str(source), "-o", str(tmp_path / "out.yaml")]) == 2
    assert message in one_error_line(capsys)
    assert not (tmp_path / "out.yaml").exists()


def test_import_of_a_missing_file_or_an_apkg(tmp_path, capsys):
    assert main(["import", str(tmp_path / "nope.txt")]) == 2
    assert "cannot read" in one_error_line(capsys)
    assert main(["export", "mfdl-lecture-02", "-o", str(tmp_path / "d.apkg")]) == 0
    assert main(["import", str(tmp_path / "d.apkg")]) == 2
    assert "Notes in Plain Text" in one_error_line(capsys)


def test_import_reads_on_after_a_stray_quote_and_reports_each(tmp_path, capsys):
    source = tmp_path / "rows.txt"
    source.write_text('front\tback\n"f2" x\tb2\nf3\tb3\nf4\t"b4"y\n', encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "out.yaml")]) == 2
    stray = "this row cannot be read: '\\t' expected after '\"' (a quote inside a field is written twice, the whole " \
            "field in quotes)"
    assert capsys.readouterr().err.splitlines() == [f"deckapp: {source}:2: {stray}", f"deckapp: {source}:4: {stray}"]


def test_import_reports_every_malformed_row(tmp_path, capsys):
    source = tmp_path / "rows.txt"
    source.write_text('front\tback\ttag\nf2\tb2\nf3\tb3\tt\t\n"f4\tb4\tt\n', encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "out.yaml")]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"deckapp: {source}:2: this row has 2 fields, the first row has 3: a separator too many or too few, or a field "
        "that needs quotes",
        f"deckapp: {source}:3: this row has 4 fields, the first row has 3: a separator too many or too few, or a field "
        "that needs quotes",
        f"deckapp: {source}:4: a quoted field is never closed (a missing '\"'): the rest of the file is not read"]
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize(("declared", "row", "back"), [("Pipe", "f|b", "b"), ("|", "f|b", "b"), ("colon", "f:b", "b"),
                                                       ("Space", "f b", "b")])
def test_import_takes_the_separators_anki_names_or_one_character(tmp_path, declared, row, back):
    source = tmp_path / "sep.txt"
    source.write_text(f"#html:false\n#separator:{declared}\n{row}\n", encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "out.yaml")]) == 0
    assert yaml.safe_load((tmp_path / "out.yaml").read_text(encoding="utf-8"))["cards"][0]["back"] == back


def test_import_refuses_a_separator_anki_does_not_know_at_its_header_line(tmp_path, capsys):
    source = tmp_path / "sep.txt"
    source.write_text("#html:false\n#separator:wat\nf\twat\n", encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "out.yaml")]) == 2
    assert capsys.readouterr().err == (f"deckapp: {source}:2: unknown separator 'wat': Anki's are Tab, Comma, "
                                       "Semicolon, Pipe, Colon, Space or one character\n")
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("header", ["#tags column:3", "#guid column:9", "#notetype column:4", "#deck column:5"])
def test_import_reads_a_column_a_header_names_past_the_rows_end_as_empty(tmp_path, header):
    """An untagged export whose trailing tabs were trimmed: the tags column is missing from every row."""
    source = tmp_path / "trimmed.txt"
    source.write_text(f"#separator:tab\n#html:false\n{header}\nfront\tback\n", encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "out.yaml")]) == 0
    card, = yaml.safe_load((tmp_path / "out.yaml").read_text(encoding="utf-8"))["cards"]
    assert (card["front"], card["back"], card.get("tags")) == ("front", "back", None)


def test_import_of_a_json_file_that_is_no_deckapp_deck_says_so(tmp_path, capsys):
    source = tmp_path / "cards.json"
    source.write_text('[{"front": "Q", "back": "A"}]\n', encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "out.yaml")]) == 2
    assert capsys.readouterr().err == (f'deckapp: {source}: not a deckapp deck: it has no "format", expected '
                                       '"deckapp-deck/1"\n')
    assert not (tmp_path / "out.yaml").exists()
