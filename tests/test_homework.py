"""deckapp homework: rosters, seeds, the manifest, the files in every format."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from deckapp.autodiff import Var, table
from deckapp.autodiff.render import format_number
from deckapp.cli import main
from deckapp.exercises import GENERATOR_NAMES, generate
from deckapp.homework.blocks import Table, read_table, solution_blocks
from deckapp.homework.sheets import exercise_seed
from tests.conftest import REPO, run_deckapp

ROSTER = "Ada Lovelace\nAlan Turing\nGrace Hopper\n"


def homework(tmp_path, *args, roster=ROSTER, out="out", fmt="md"):
    (tmp_path / "class.txt").write_text(roster, encoding="utf-8")
    argv = ["homework", *args, "--students", str(tmp_path / "class.txt"), "--seed", "2026", "--format", fmt,
            "-o", str(tmp_path / out), "--date", "2026-03-02"]
    if "--count" not in args:
        argv += ["--count", str(len(GENERATOR_NAMES))]
    return main(argv)


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_rerun_writes_byte_identical_files_and_each_student_a_different_sheet(tmp_path):
    assert homework(tmp_path, out="first") == 0
    assert homework(tmp_path, out="second") == 0
    first, second = files(tmp_path / "first"), files(tmp_path / "second")
    assert first == second
    assert sorted(first) == ["keys/001-ada-lovelace-key.md", "keys/002-alan-turing-key.md",
                             "keys/003-grace-hopper-key.md", "manifest.json", "sheets/001-ada-lovelace.md",
                             "sheets/002-alan-turing.md", "sheets/003-grace-hopper.md"]
    manifest = json.loads(first["manifest.json"])
    prompts = [[e["prompt"] for e in s["exercises"]] for s in manifest["students"]]
    assert len({tuple(p) for p in prompts}) == 3
    for student, sheet in zip(manifest["students"], sorted(k for k in first if k.startswith("sheets/")),
                              strict=True):
        text = first[sheet].decode()
        assert student["student"] in text and "2026-03-02" in text
        assert all(e["prompt"] in text for e in student["exercises"])


def test_the_seed_comes_from_a_stable_hash_not_pythons_salted_one():
    code = "from deckapp.homework.sheets import exercise_seed; print(exercise_seed(2026, 'Ada Lovelace', 3))"
    seeds = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": str(salt), "PYTHONPATH": str(REPO)}).stdout
             for salt in (1, 2, 3)}
    assert len(seeds) == 1
    assert int(seeds.pop()) == exercise_seed(2026, "ada   LOVELACE", 3) != exercise_seed(2026, "Alan Turing", 3)


def test_the_manifest_keeps_the_contract_keys_and_each_seed_regenerates_its_exercise(tmp_path):
    assert homework(tmp_path, "--difficulty", "2") == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest) == {"seed", "generated_with", "students"}
    assert manifest["seed"] == 2026 and manifest["generated_with"] == __import__("deckapp").__version__
    for student in manifest["students"]:
        assert {"student", "exercises"} <= set(student)
        assert [e["number"] for e in student["exercises"]] == list(range(1, len(GENERATOR_NAMES) + 1))
        assert [e["generator"] for e in student["exercises"]] == list(GENERATOR_NAMES)  # round robin
        for entry in student["exercises"]:
            assert {"number", "generator", "seed", "difficulty", "prompt", "answer", "kind"} <= set(entry)
            again = generate(entry["generator"], entry["seed"], entry["difficulty"])
            assert (again.prompt, again.answer, again.kind) == (entry["prompt"], entry["answer"], entry["kind"])


def test_a_csv_roster_keeps_its_other_columns(tmp_path):
    roster = tmp_path / "class.csv"
    roster.write_text("id,name,email\n17,Ada Lovelace,ada@example.org\n18,Alan Turing,alan@example.org\n",
                      encoding="utf-8")
    assert main(["homework", "--students", str(roster), "--count", "2", "--seed", "1", "--format", "md",
                 "-o", str(tmp_path / "out"), "--generators", "derivative"]) == 0
    students = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["students"]
    assert [(s["student"], s["roster"]) for s in students] == [
        ("Ada Lovelace", {"id": "17", "email": "ada@example.org"}),
        ("Alan Turing", {"id": "18", "email": "alan@example.org"})]


def test_blank_and_duplicate_names_are_reported_at_their_lines_and_nothing_is_written(tmp_path):
    result = _one_sheet_each(tmp_path, "class.txt", "Ada\n\nBob\n  ada \nCy\n\n")
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["deckapp: class.txt:2: blank student name",
                                          "deckapp: class.txt:4: duplicate student 'ada' (first on line 1)"]
    assert not (tmp_path / "out").exists()


def test_a_csv_roster_without_a_name_column_is_refused(tmp_path):
    result = _one_sheet_each(tmp_path, "class.csv", "id,email\n1,a@b\n")
    assert result.returncode == 2
    assert result.stderr == "deckapp: class.csv:1: the roster CSV has no 'name' column (its columns: id, email)\n"


@pytest.mark.parametrize(("header", "message"), [
    ("name,ID,email,id", "the roster CSV names the column 'id' twice (columns 2 and 4); rename or remove one"),
    ("Name,name", "the roster CSV names the column 'name' twice (columns 1 and 2); rename or remove one"),
    ("name,Total", "the roster CSV's column 'Total' is one the gradebook writes itself (student, exercise N, total)"),
    ("student,name", "the roster CSV's column 'student' is one the gradebook writes itself"),
    ("name,exercise 1", "the roster CSV's column 'exercise 1' is one the gradebook writes itself"),
])
def test_a_csv_roster_header_naming_a_column_twice_or_a_gradebook_column_is_refused(tmp_path, header, message):
    """Else a second column of one name was dropped, and the gradebook had two `total` or `student` columns."""
    cells = ",".join(f"c{i}" for i in range(header.count(",") + 1))
    result = _one_sheet_each(tmp_path, "class.csv", f"{header}\n{cells}\n")
    assert result.returncode == 2
    assert result.stderr.startswith(f"deckapp: class.csv:1: {message}") and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_csv_roster_row_with_a_stray_or_unclosed_quote_is_reported_at_its_line_not_made_a_student(tmp_path):
    roster = 'ID,Name\n1,Ada\n2,"Alan" Turing\n3,Grace\n4,"unclosed\n5,Bob\n'
    result = _one_sheet_each(tmp_path, "class.csv", roster)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "deckapp: class.csv:3: this row cannot be read: ',' expected after '\"' (a quote inside a field is written "
        "twice, the whole field in quotes)",
        "deckapp: class.csv:5: a quoted field is never closed (a missing '\"'): the rest of the file is not read"]
    assert not (tmp_path / "out").exists()


def test_a_csv_roster_row_with_more_fields_than_the_header_is_reported_and_one_with_fewer_padded(tmp_path):
    roster = "name,id\nAda,1,extra\nBob\nGrace,3\n"
    result = _one_sheet_each(tmp_path, "class.csv", roster)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["deckapp: class.csv:2: this row has 3 fields, the header names 2 columns: "
                                          "a comma too many, or a field that needs quotes"]
    assert not (tmp_path / "out").exists()
    (tmp_path / "class.csv").write_text("name,id\nBob\nGrace,3\n", encoding="utf-8")
    assert _one_sheet_each(tmp_path, "class.csv").returncode == 0
    students = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["students"]
    assert [(s["student"], s["roster"]) for s in students] == [("Bob", {"id": ""}), ("Grace", {"id": "3"})]


@pytest.mark.parametrize(("args", "message"), [
    (["--generators", "derivativ"], "unknown generator 'derivativ' — did you mean 'derivative'?"),
    (["--difficulty", "4"], "--difficulty must be 1, 2 or 3, not 4"),
    (["--count", "0"], "--count must be 1 or more, not 0"),
    (["--count", "100000000"], "--count must be at most 200 exercises a sheet, not 100000000"),
    (["--date", "March 2"], "--date: 'March 2' is not a date written YYYY-MM-DD"),
    (["mfdl-lecture-02", "--generators", "partial"], "give decks or --generators, not both"),
])
def test_bad_arguments_are_one_line_and_exit_2(tmp_path, args, message, capsys):
    argv = ["homework", "--count", "1", "--seed", "1", "--format", "md", "-o", str(tmp_path / "out"), *args]
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_deck_gives_its_exercise_cards_in_turn(tmp_path):
    assert main(["homework", "mfdl-lecture-02", "--count", "7", "--seed", "5", "--format", "md",
                 "-o", str(tmp_path / "out")]) == 0
    from deckapp.deck.library import resolve_deck

    cards = [c.exercise for c in resolve_deck("mfdl-lecture-02").cards if c.exercise]
    entries = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["students"][0]
    expected = [cards[i % len(cards)] for i in range(7)]
    assert [(e["generator"], e["difficulty"]) for e in entries["exercises"]] == \
        [(c.generator, c.difficulty) for c in expected]
    assert entries["student"] == "" and (tmp_path / "out" / "sheets" / "homework.md").exists()


def test_the_key_of_a_graph_exercise_has_its_drawing_and_its_forward_backward_table(tmp_path):
    assert homework(tmp_path, "--generators", "graph_backward", "--count", "1", roster="Ada\n") == 0
    entry = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["students"][0]
    exercise = generate("graph_backward", entry["exercises"][0]["seed"], 1)
    key = (tmp_path / "out" / "keys" / "001-ada-key.md").read_text(encoding="utf-8")
    assert exercise.figure in key
    table_block = next(b for b in solution_blocks(exercise.steps) if isinstance(b, Table))
    for row in table_block.rows:
        assert "| " + " | ".join(row) + " |" in key


def test_a_forward_backward_table_is_read_back_into_the_engines_numbers():
    x, y = Var(-2.0, "x"), Var(5.0, "y")
    f = (x + y) * x.exp()
    f.backward()
    parsed = read_table(table(f).split("\n"))
    assert parsed.header[:4] == ("node", "op", "inputs", "value")
    by_node = {row[0]: row for row in parsed.rows}
    assert by_node["x"][3] == format_number(-2.0) and by_node["x"][5] == format_number(x.grad)
    assert by_node["y"][5] == format_number(y.grad)
    assert len(parsed.rows) == len(table(f).split("\n")) - 2


@pytest.fixture
def pdf_run(tmp_path_factory):
    pytest.importorskip("typst")
    tmp_path = tmp_path_factory.mktemp("pdf")
    assert homework(tmp_path, "--difficulty", "3", fmt="pdf") == 0
    assert homework(tmp_path, "--difficulty", "3", fmt="pdf", out="again") == 0
    return tmp_path


def pdf_pages(data: bytes) -> int:
    """The page count of a PDF, read from its trailer: /Root -> the catalog's /Pages -> /Count."""
    root = re.search(rb"trailer\s*<<.*?/Root (\d+) 0 R", data, re.DOTALL).group(1)
    catalog = re.search(rb"\n" + root + rb" 0 obj\s*<<(.*?)>>", data, re.DOTALL).group(1)
    pages = re.search(rb"/Pages (\d+) 0 R", catalog).group(1)
    return int(re.search(rb"\n" + pages + rb" 0 obj\s*<<.*?/Count (\d+)", data, re.DOTALL).group(1))


def test_pdf_sheets_open_have_pages_and_are_reproducible(pdf_run):
    import typst

    from deckapp.homework.pdf import key_typst, sheet_typst
    from deckapp.homework.roster import Student
    from deckapp.homework.sheets import Header, Source, make_sheet

    written = files(pdf_run / "out")
    assert written == files(pdf_run / "again")
    pdfs = {k: v for k, v in written.items() if k.endswith(".pdf")}
    assert len(pdfs) == 6
    assert all(data.startswith(b"%PDF") and pdf_pages(data) >= 1 for data in pdfs.values())
    # the page count agrees with typst's own rendering of the same sheet, page by page
    sheet = make_sheet([Source(g, 3) for g in GENERATOR_NAMES], len(GENERATOR_NAMES), 2026, Student("Ada Lovelace"))
    header = Header("Mathematical foundations of deep learning", "2026-03-02")
    for source, name in ((sheet_typst(sheet, header), "sheets/001-ada-lovelace.pdf"),
                         (key_typst(sheet, header), "keys/001-ada-lovelace-key.pdf")):
        pngs = typst.compile(source.encode(), format="png", ppi=10, ignore_system_fonts=True)
        assert pdf_pages(pdfs[name]) == (1 if isinstance(pngs, bytes) else len(pngs))


def test_without_typst_format_pdf_says_how_to_install_it(tmp_path):
    (tmp_path / "typst.py").write_text("raise ImportError('no typst here')\n", encoding="utf-8")
    result = run_deckapp("homework", "--count", "1", "--seed", "1", "--format", "pdf", "-o", "out",
                         cwd=tmp_path, env={"PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO}"})
    assert result.returncode == 2
    assert result.stderr == "deckapp: --format pdf needs the typst package: pip install 'deckapp[pdf]'\n"
    assert not (tmp_path / "out").exists()


def test_tex_sources_compile_when_a_tex_engine_is_present(tmp_path):
    assert homework(tmp_path, "--difficulty", "3", fmt="tex", roster="Ada\n") == 0
    engine = shutil.which("pdflatex") or shutil.which("lualatex") or shutil.which("xelatex")
    if engine is None:
        pytest.skip("no TeX engine on this machine")
    for name in ("sheets/001-ada.tex", "keys/001-ada-key.tex"):
        path = tmp_path / "out" / name
        result = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", path.name], cwd=path.parent,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout[-2000:]
        assert path.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    result = _one_sheet_each(tmp_path, "class.txt", ROSTER)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == "out: 3 sheets and answer keys (md) in sheets/ and keys/, and manifest.json\n"


def _write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def _one_sheet_each(folder, roster, text=None):
    """`deckapp homework` in `folder` with the roster file `roster` (written first when its `text` is given): one
    exercise a student, as md, into out/."""
    if text is not None:
        _write(folder, roster, text)
    return run_deckapp("homework", "--students", roster, "--count", "1", "--seed", "1", "--format", "md", "-o", "out",
                       cwd=folder)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_progress_bar_on_stderr_when_it_is_a_terminal(tmp_path):
    import pty

    _write(tmp_path, "class.txt", ROSTER)
    leader, follower = pty.openpty()
    result = subprocess.run([sys.executable, "-m", "deckapp", "homework", "--students", "class.txt", "--count", "1",
                             "--seed", "1", "--format", "md", "-o", "out"], cwd=tmp_path, stderr=follower,
                            stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "80"},
                            timeout=60)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert result.returncode == 0
    assert b"3/3" in shown and b"sheets" in shown
    assert b"3/3" not in result.stdout


def test_a_formula_typst_refuses_is_shown_as_text_and_the_sheet_still_made(monkeypatch):
    pytest.importorskip("typst")
    from deckapp.homework import typst_math
    from deckapp.homework.pdf import sheet_pdf
    from deckapp.homework.sheets import Header, Source, make_sheet

    monkeypatch.setattr(typst_math, "math_to_typst", lambda latex: "frac(1, 2, 3)")  # typst: unexpected argument
    sheet = make_sheet([Source("derivative", 1)], 1, 1, None)
    assert sheet_pdf(sheet, Header("Course", "2026-03-02")).startswith(b"%PDF")


def test_a_run_that_fails_while_writing_leaves_the_old_files_whole_and_no_part_files(tmp_path, monkeypatch):
    """A disk that fills up part way: the files of the last run stay as they were, sheets and manifest alike."""
    assert homework(tmp_path, "--count", "2") == 0
    before = files(tmp_path / "out")
    real_fsync, written = os.fsync, []

    def failing_fsync(fd):
        written.append(fd)
        if len(written) == 4:
            raise OSError(28, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    assert homework(tmp_path, "--count", "3") == 2
    monkeypatch.undo()
    assert files(tmp_path / "out") == before


def test_ctrl_c_while_the_files_are_placed_leaves_no_part_file_and_no_manifest_of_other_sheets(tmp_path, monkeypatch):
    assert homework(tmp_path, "--count", "2") == 0
    real_replace, placed = os.replace, []

    def interrupted_replace(source, target):
        placed.append(target)
        if len(placed) == 3:
            raise KeyboardInterrupt
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", interrupted_replace)
    assert homework(tmp_path, "--count", "3") == 130
    monkeypatch.undo()
    left = files(tmp_path / "out")
    assert not [name for name in left if ".part" in name or name.endswith(".tmp")]
    assert "manifest.json" not in left  # the old one would grade sheets that were replaced


def test_a_rerun_keeps_the_permissions_of_replaced_files_and_never_touches_another_runs_temporary_name(tmp_path):
    """Files are written under a fresh temporary name each time: what another run (or anyone) keeps beside a sheet
    under the name the old writer used is left alone."""
    assert homework(tmp_path, "--count", "1") == 0
    sheet = tmp_path / "out" / "sheets" / "001-ada-lovelace.md"
    sheet.chmod(0o640)
    beside = tmp_path / "out" / "sheets" / "001-ada-lovelace.md.part"
    beside.write_bytes(b"another run's half-written sheet")
    before = sheet.read_bytes()
    assert homework(tmp_path, "--count", "1") == 0
    assert sheet.stat().st_mode & 0o777 == 0o640 and sheet.read_bytes() == before
    assert beside.read_bytes() == b"another run's half-written sheet"


def test_a_rerun_into_the_same_folder_removes_the_sheets_of_the_last_run_it_does_not_write_again(tmp_path):
    """Alan leaves the class, then the roster is reordered: the folder holds exactly this run's files, each listed
    in its manifest, and what someone else put there stays."""
    assert homework(tmp_path, "--count", "1", roster="Ada Lovelace\nAlan Turing\n") == 0
    (tmp_path / "out" / "sheets" / "notes.txt").write_text("the teacher's own file", encoding="utf-8")
    assert homework(tmp_path, "--count", "1", roster="Ada Lovelace\n") == 0
    assert sorted(files(tmp_path / "out")) == ["keys/001-ada-lovelace-key.md", "manifest.json",
                                               "sheets/001-ada-lovelace.md", "sheets/notes.txt"]
    assert homework(tmp_path, "--count", "1", roster="Grace Hopper\nAda Lovelace\n") == 0
    written = sorted(files(tmp_path / "out"))
    assert written == ["keys/001-grace-hopper-key.md", "keys/002-ada-lovelace-key.md", "manifest.json",
                       "sheets/001-grace-hopper.md", "sheets/002-ada-lovelace.md", "sheets/notes.txt"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [(s["student"], s["sheet"], s["key"]) for s in manifest["students"]] == [
        ("Grace Hopper", "sheets/001-grace-hopper.md", "keys/001-grace-hopper-key.md"),
        ("Ada Lovelace", "sheets/002-ada-lovelace.md", "keys/002-ada-lovelace-key.md")]


@pytest.mark.parametrize("name", ["../outside.md", "/tmp/outside.md", "sheets/../../outside.md", "sheets/x/y.md",
                                  "manifest.json", "sheets/", "sheets/."])
def test_a_manifest_naming_files_outside_its_sheets_and_keys_never_makes_a_rerun_remove_them(tmp_path, name):
    assert homework(tmp_path, "--count", "1", roster="Ada Lovelace\n") == 0
    manifest = tmp_path / "out" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["students"][0]["sheet"] = name
    manifest.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "outside.md").write_text("keep me", encoding="utf-8")
    (tmp_path / "out" / "sheets" / "x").mkdir()
    (tmp_path / "out" / "sheets" / "x" / "y.md").write_text("keep me", encoding="utf-8")
    assert homework(tmp_path, "--count", "1", roster="Ada Lovelace\n") == 0
    assert (tmp_path / "outside.md").read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / "out" / "sheets" / "x" / "y.md").read_text(encoding="utf-8") == "keep me"


def test_markdown_fences_and_code_spans_outlast_the_backticks_they_hold():
    """CommonMark closes a fence at the first line of as many backticks: a drawing holding ``` needs ````."""
    from dataclasses import replace

    from deckapp.homework.markdown import key_markdown, sheet_markdown
    from deckapp.homework.sheets import Header, Sheet

    exercise = replace(generate("derivative", 1, 1), figure="top\n```\nbottom", answer="2`x")
    sheet = Sheet(None, (exercise,))
    for text in (sheet_markdown(sheet, Header("C", "2026-03-02")), key_markdown(sheet, Header("C", "2026-03-02"))):
        assert "\n````text\ntop\n```\nbottom\n````\n" in text
    assert "(typed: ``2`x``)" in key_markdown(sheet, Header("C", "2026-03-02"))


def test_names_and_the_course_are_shown_as_written_not_read_as_markdown(tmp_path):
    """CommonMark (markdown-it, which rich brings) shows the header as typed: no emphasis, link, HTML or maths."""
    from html import escape

    from markdown_it import MarkdownIt

    name = "*Ada* <b>L</b> $x$ [me](http://x.org) A_B_C \\o/ #1"
    assert homework(tmp_path, "--course", "Deep *learning* <i>", "--count", "1", roster=name + "\n") == 0
    sheet = next((tmp_path / "out" / "sheets").glob("*.md")).read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").render("\n".join(sheet.splitlines()[:3]))
    assert html == (f"<h1>Homework — {escape('Deep *learning* <i>', quote=False)}</h1>\n"
                    f"<p>Student: <strong>{escape(name, quote=False)}</strong> · Date: 2026-03-02</p>\n")


def test_a_text_roster_starting_with_a_name_header_is_refused_at_that_line(tmp_path):
    """A one-column CSV saved as .txt: its header would be a student called "name", with a sheet of their own."""
    result = _one_sheet_each(tmp_path, "class.txt", "Name\nAda\nBob\n")
    assert result.returncode == 2 and not (tmp_path / "out").exists()
    assert result.stderr == ("deckapp: class.txt:1: 'Name' is a CSV header, not a student: name the file .csv to "
                             "read it as CSV, or remove this line\n")
    (tmp_path / "class.csv").write_text("Name\nAda\nBob\n", encoding="utf-8")
    result = _one_sheet_each(tmp_path, "class.csv")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "sheets").iterdir()) == ["001-ada.md", "002-bob.md"]
