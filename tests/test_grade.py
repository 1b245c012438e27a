"""deckapp grade: the answers CSV checked against the manifest with the study app's checker."""

import csv
import io
import json

import pytest

from deckapp.answers import check
from deckapp.cli import main
from tests.conftest import run_deckapp


@pytest.fixture(scope="module")
def class_homework(tmp_path_factory):
    """A manifest of three students, every generator at difficulty 2, and its path."""
    folder = tmp_path_factory.mktemp("grade")
    (folder / "class.csv").write_text("name,id\nAda Lovelace,17\nAlan Turing,18\nGrace Hopper,19\n", "utf-8")
    assert main(["homework", "--students", str(folder / "class.csv"), "--count", "6", "--seed", "9", "--difficulty",
                 "2", "--format", "md", "-o", str(folder / "out")]) == 0
    manifest = folder / "out" / "manifest.json"
    return folder, manifest, json.loads(manifest.read_text(encoding="utf-8"))


def answers_csv(folder, rows, header=("student", "exercise", "answer")):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path = folder / "answers.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def perturbed(entry: dict) -> str:
    """A wrong answer near the right one: +1 on an expression, 10% off a number, the first component of a vector
    off by one."""
    answer = entry["answer"]
    if entry["kind"] == "number":
        return repr(float(answer) * 1.1 + 1)
    if entry["kind"] == "vector":
        first, _, rest = answer[1:-1].partition(", ")
        return f"(({first}) + 1, {rest})"
    return f"{answer} + 1"


def key_rows(manifest, answer=lambda entry: entry["answer"]):
    return [(s["student"], e["number"], answer(e)) for s in manifest["students"] for e in s["exercises"]]


def test_every_key_answer_is_graded_right_and_a_perturbed_one_wrong(class_homework, capsys):
    folder, path, manifest = class_homework
    for entry in (e for s in manifest["students"] for e in s["exercises"]):
        assert check(entry["answer"], perturbed(entry), kind=entry["kind"]).status == "incorrect"
    assert main(["grade", str(path), str(answers_csv(folder, key_rows(manifest))), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [(s["student"], s["score"], s["total"]) for s in report["students"]] == \
        [(s["student"], 6, 6) for s in manifest["students"]]
    assert main(["grade", str(path), str(answers_csv(folder, key_rows(manifest, perturbed))), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {r["status"] for s in report["students"] for r in s["results"]} == {"incorrect"}
    assert all(s["score"] == 0 for s in report["students"])


def test_the_json_has_the_contract_keys(class_homework, capsys):
    folder, path, manifest = class_homework
    main(["grade", str(path), str(answers_csv(folder, key_rows(manifest))), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert list(report) == ["students"]
    assert list(report["students"][0]) == ["student", "score", "total", "results"]
    assert list(report["students"][0]["results"][0]) == ["exercise", "status", "feedback"]


def test_bad_rows_are_reported_at_their_lines_and_the_others_graded(class_homework):
    folder, path, manifest = class_homework
    ada, alan, grace = (s["exercises"] for s in manifest["students"])
    rows = [("Ada Lovelace", n, e["answer"]) for n, e in enumerate(ada, start=1)]  # lines 2-7
    rows += [("Zed", 1, "1"),                                   # line 8: unknown student
             ("ada lovelace", 2, "x"),                         # line 9: a second answer, case aside
             ("Alan Turing", "seven", "1"),                    # line 10: not an exercise number
             ("Alan Turing", 9, "1"),                          # line 11: beyond the sheet
             ("Alan Turing", 1, "(2x +"),                      # line 12: unreadable
             ("Alan Turing", 2, alan[1]["answer"])]           # line 13: right
    result = run_deckapp("grade", str(path), str(answers_csv(folder, rows)), "--json")
    assert result.returncode == 1
    where = str(folder / "answers.csv")
    lines = result.stderr.splitlines()
    assert lines[0] == f"deckapp: {where}:8: unknown student 'Zed'; not graded"
    assert lines[1] == (f"deckapp: {where}:9: a second answer of Ada Lovelace to exercise 2 (the first is on line 3 "
                        "and is the one graded)")
    assert lines[2].startswith(f"deckapp: {where}:10: 'seven' is not an exercise of Alan Turing's sheet")
    assert lines[3].startswith(f"deckapp: {where}:11: '9' is not an exercise of Alan Turing's sheet")
    assert lines[4].startswith(f"deckapp: {where}:12: the answer of Alan Turing to exercise 1 cannot be read: ")
    missing = [f"deckapp: {where}: no answer of Alan Turing to exercise {n}" for n in range(3, 7)]
    missing += [f"deckapp: {where}: no answer of Grace Hopper to exercise {n}" for n in range(1, 7)]
    assert lines[5:] == missing
    report = {s["student"]: s for s in json.loads(result.stdout)["students"]}
    assert report["Ada Lovelace"]["score"] == 6
    assert [r["status"] for r in report["Alan Turing"]["results"]] == ["invalid", "correct"] + ["missing"] * 4
    assert report["Grace Hopper"]["score"] == 0 and report["Grace Hopper"]["total"] == 6


def test_a_manifest_from_another_version_is_reported_and_still_graded(class_homework, tmp_path):
    folder, path, manifest = class_homework
    old = tmp_path / "manifest.json"
    old.write_text(json.dumps({**manifest, "generated_with": "0.0.1"}), encoding="utf-8")
    result = run_deckapp("grade", str(old), str(answers_csv(folder, key_rows(manifest))))
    assert result.returncode == 1
    assert result.stderr.startswith(f"deckapp: {old}: written by deckapp 0.0.1, this is ")
    assert result.stdout.count("6/6") == 3


def test_the_gradebook_has_a_row_per_student_a_column_per_exercise_and_the_total_last(class_homework, tmp_path):
    folder, path, manifest = class_homework
    rows = key_rows(manifest, lambda e: e["answer"] if e["number"] % 2 else perturbed(e))
    gradebook = tmp_path / "book" / "grades.csv"
    gradebook.parent.mkdir()
    assert main(["grade", str(path), str(answers_csv(folder, rows)), "--csv", str(gradebook)]) == 0
    table = list(csv.reader(gradebook.read_text(encoding="utf-8").splitlines()))
    assert table[0] == ["student", "id", *(f"exercise {n}" for n in range(1, 7)), "total"]
    assert table[1:] == [[s["student"], s["roster"]["id"], "1", "0", "1", "0", "1", "0", "3"]
                         for s in manifest["students"]]


def test_a_gradebook_in_a_missing_folder_is_refused_before_grading_like_an_export(class_homework, tmp_path):
    folder, path, manifest = class_homework
    gradebook = tmp_path / "missing" / "grades.csv"
    result = run_deckapp("grade", str(path), str(answers_csv(folder, key_rows(manifest))), "--csv", str(gradebook))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"deckapp: {gradebook}: cannot write: the folder '{gradebook.parent}' does not exist\n"
    assert not gradebook.parent.exists()


def test_a_replaced_gradebook_keeps_its_permissions_and_a_failure_leaves_it_whole(class_homework, tmp_path,
                                                                               monkeypatch, capsys):
    folder, path, manifest = class_homework
    gradebook = tmp_path / "grades.csv"
    gradebook.write_text("the old grades\n", encoding="utf-8")
    gradebook.chmod(0o600)
    answers = str(answers_csv(folder, key_rows(manifest)))
    assert main(["grade", str(path), answers, "--csv", str(gradebook)]) == 0
    assert gradebook.stat().st_mode & 0o777 == 0o600
    graded = gradebook.read_bytes()
    assert graded.startswith(b"student,id,exercise 1,")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    assert main(["grade", str(path), answers, "--csv", str(gradebook)]) == 2
    assert capsys.readouterr().err.endswith(f"deckapp: {gradebook}: cannot write: No space left on device\n")
    assert gradebook.read_bytes() == graded and [p.name for p in tmp_path.iterdir()] == ["grades.csv"]


def test_the_table_shows_each_student_score_and_the_feedback_on_wrong_answers(class_homework, capsys):
    folder, path, manifest = class_homework
    rows = key_rows(manifest, lambda e: perturbed(e) if e["number"] == 1 else e["answer"])
    assert main(["grade", str(path), str(answers_csv(folder, rows))]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["student", "1", "2", "3", "4", "5", "6", "score"]
    assert out[1].split() == ["Ada", "Lovelace", "✗", "✓", "✓", "✓", "✓", "✓", "5/6"]
    feedback = [line for line in out if line.startswith("Ada Lovelace, exercise 1: incorrect: ")]
    expected = manifest["students"][0]["exercises"][0]
    verdict = check(expected["answer"], perturbed(expected), kind=expected["kind"],
                    variables=expected["variables"])
    assert feedback == [f"Ada Lovelace, exercise 1: incorrect: {verdict.feedback}"]


@pytest.mark.parametrize(("content", "message"), [
    ("{", "not a manifest: invalid JSON"),
    ('{"students": 3}', 'not a deckapp homework manifest: the top level needs a "students" list'),
    ('{"students": [{"student": "A", "exercises": [{"number": "1"}]}]}',
     'students[0].exercises[0] needs "number" (an integer), "answer" and "kind" (text)'),
    ('{"students": [{"student": "A", "exercises": [{"number": 1, "answer": "x", "kind": "expr", '
     '"variables": [1, null]}]}]}', 'students[0].exercises[0] "variables" must be a list of names (text)'),
    ('{"students": [{"student": "A", "exercises": [{"number": 1, "answer": "x", "kind": "expr"}, '
     '{"number": 1, "answer": "y", "kind": "expr"}]}]}',
     "students[0].exercises[1] has the number 1 of students[0].exercises[0]"),
    ('{"students": [{"student": "Ada  L", "exercises": []}, {"student": "ada l", "exercises": []}]}',
     "students[1] names the student of students[0] again ('ada l')"),
    pytest.param('{"students": ' + "[" * 100_000, "not a manifest: its JSON is nested too deeply", id="deep"),
    ('{"students": [{"student": "A", "roster": [1], "exercises": []}]}',
     'students[0] "roster" must map column names to text'),
    ('{"students": [{"student": "A", "roster": {"id": null}, "exercises": []}]}',
     'students[0] "roster" must map column names to text'),
])
def test_a_file_that_is_not_a_manifest_is_one_line_and_exit_2(tmp_path, content, message):
    (tmp_path / "m.json").write_text(content, encoding="utf-8")
    (tmp_path / "a.csv").write_text("student,exercise,answer\n", encoding="utf-8")
    result = run_deckapp("grade", "m.json", "a.csv", cwd=tmp_path)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1 and message in result.stderr


@pytest.mark.parametrize("cell", ["²", pytest.param("9" * 5000, id="5000 digits"), "1234567890"])
def test_an_exercise_cell_that_is_no_small_number_is_reported_on_its_line(class_homework, tmp_path, cell):
    _folder, path, manifest = class_homework
    answers = answers_csv(tmp_path, [("Ada Lovelace", cell, "1")])
    result = run_deckapp("grade", str(path), str(answers))
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"deckapp: {answers}:2: '{cell[:20]}")
    assert first.endswith("' is not an exercise of Ada Lovelace's sheet (exercises 1 to 6); not graded")
    assert len(first) < 200


def test_answers_without_the_columns_are_refused(class_homework, tmp_path):
    _folder, path, _manifest = class_homework
    answers = answers_csv(tmp_path, [("Ada Lovelace", "1", "2")], header=("name", "exercise", "answer"))
    result = run_deckapp("grade", str(path), str(answers))
    assert result.returncode == 2
    assert result.stderr == (f"deckapp: {answers}:1: the answers need a header with the columns student, exercise, "
                             "answer (missing: student)\n")



def test_rows_a_spreadsheet_or_a_hand_writes_badly_are_graded_or_reported_at_their_line(class_homework, tmp_path):
    """A vector typed without quotes is read whole (the answer is the last column); a row without its answer, an
    empty answer, a stray quote and a quote never closed are each reported at the line where the row starts."""
    _folder, path, manifest = class_homework
    ada = manifest["students"][0]["exercises"]
    vector = next(e for e in ada if e["kind"] == "vector")
    others = [e for e in ada if e is not vector]
    lines = ["student,exercise,answer",
             f"Ada Lovelace,{vector['number']},{vector['answer']}",                            # 2: unquoted commas
             f'Ada Lovelace,{others[0]["number"]},"{others[0]["answer"]}\n"',                  # 3-4: one answer
             f"Ada Lovelace,{others[1]['number']}",                                          # 5: no answer field
             f"Ada Lovelace,{others[2]['number']},",                                         # 6: empty answer
             f'Ada Lovelace,{others[3]["number"]},"{others[3]["answer"]}"x',                   # 7: stray quote
             f"Ada Lovelace,{others[4]['number']},{others[4]['answer']}",                     # 8: right
             f'Alan Turing,1,"{manifest["students"][1]["exercises"][0]["answer"]}',           # 9: never closed
             "Alan Turing,2,1"]                                                              # 10: swallowed
    answers = tmp_path / "answers.csv"
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_deckapp("grade", str(path), str(answers), "--json")
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if ": no answer of " not in line]
    assert problems == [
        f"deckapp: {answers}:5: this row has 2 fields, the header 3: it has no answer",
        f"deckapp: {answers}:6: the answer of Ada Lovelace to exercise {others[2]['number']} is empty",
        f"deckapp: {answers}:7: this row cannot be read: ',' expected after '\"' (a quote inside an answer is "
        "written twice, the whole answer in quotes)",
        f"deckapp: {answers}:9: a quoted field is never closed (a missing '\"'): the rest of the file is not read",
    ]
    statuses = {r["exercise"]: r["status"] for r in json.loads(result.stdout)["students"][0]["results"]}
    assert [statuses[e["number"]] for e in (vector, *others[:5])] == \
        ["correct", "correct", "missing", "missing", "missing", "correct"]


def test_an_answer_the_checker_cannot_decide_is_reported_to_check_by_hand(tmp_path, monkeypatch, capsys):
    """The checker's fourth status: SymPy alone could decide this answer, and here it cannot."""
    import multiprocessing

    from deckapp import __version__
    from deckapp.answers import symbolic
    from tests.test_checker import ONLY_SYMPY

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the stand-in reaches the checker's child only through fork")
    monkeypatch.setattr(symbolic, "decide", lambda *args, **kwargs: None)
    expected, answer = ONLY_SYMPY
    assert check(expected, answer).status == "undecided"
    exercise = {"number": 1, "answer": expected, "kind": "expr", "variables": ["x"]}
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"generated_with": __version__,
                                    "students": [{"student": "Ada", "exercises": [exercise]}]}), "utf-8")
    answers = answers_csv(tmp_path, [("Ada", 1, answer)])
    assert main(["grade", str(manifest), str(answers)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"deckapp: {answers}:2: the answer of Ada to exercise 1 could not be decided: "
                                   "check it by hand")
    table = captured.out.splitlines()
    assert table[1].split() == ["Ada", "✎", "0/1"]
    assert "✎ undecided" in table[2]
    assert table[3].startswith("Ada, exercise 1: undecided: ")
    assert main(["grade", str(manifest), str(answers), "--json"]) == 1
    result, = json.loads(capsys.readouterr().out)["students"][0]["results"]
    assert result["status"] == "undecided"


def test_an_expected_answer_the_checker_cannot_read_is_blamed_on_the_manifest_not_the_student(tmp_path):
    from deckapp import __version__

    exercises = [{"number": 1, "answer": "x +* 1", "kind": "expr"}, {"number": 2, "answer": "2*x", "kind": "expr"}]
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"generated_with": __version__,
                                    "students": [{"student": "Ada", "exercises": exercises}]}), "utf-8")
    answers = answers_csv(tmp_path, [("Ada", 1, "x + 1"), ("Ada", 2, "x*2")])
    result = run_deckapp("grade", str(manifest), str(answers), "--json")
    with pytest.raises(ValueError) as caught:
        check("x +* 1", "x + 1", kind="expr")
    assert result.returncode == 1
    assert result.stderr == (f"deckapp: {manifest}: exercise 1 of Ada's sheet: {caught.value}; the answer to it is "
                             "not graded\n")
    statuses = [r["status"] for r in json.loads(result.stdout)["students"][0]["results"]]
    assert statuses == ["invalid", "correct"]


def test_a_row_of_one_field_is_said_in_the_singular(tmp_path):
    from deckapp import __version__

    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"generated_with": __version__, "students": [
        {"student": "Ada", "exercises": [{"number": 1, "answer": "2*x", "kind": "expr"}]}]}), "utf-8")
    answers = tmp_path / "answers.csv"
    answers.write_text("student,exercise,answer\nAda\n", encoding="utf-8")
    result = run_deckapp("grade", str(manifest), str(answers))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"deckapp: {answers}:2: this row has 1 field, the header 3: it has no " \
                                            "exercise"


def test_sheets_numbered_by_hand_are_graded_under_their_own_numbers(tmp_path, capsys):
    """A manifest edited by hand (Ada's exercises 1, 5 and 12, Alan's 5): each result in its exercise's column."""
    from deckapp import __version__

    def exercise(number, answer):
        return {"number": number, "answer": answer, "kind": "expr", "variables": ["x"]}

    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"generated_with": __version__, "students": [
        {"student": "Ada", "exercises": [exercise(1, "2*x"), exercise(5, "3*x"), exercise(12, "x^2")]},
        {"student": "Alan", "exercises": [exercise(5, "3*x")]}]}), encoding="utf-8")
    answers = answers_csv(tmp_path, [("Ada", 1, "2x"), ("Ada", 5, "4x"), ("Ada", 12, "x^2"), ("Alan", 5, "3x")])
    gradebook = tmp_path / "grades.csv"
    assert main(["grade", str(manifest), str(answers), "--csv", str(gradebook)]) == 0  # wrong answers are no error
    table = capsys.readouterr().out.splitlines()
    assert [line.split() for line in table[:3]] == [["student", "1", "5", "12", "score"],
                                                     ["Ada", "✓", "✗", "✓", "2/3"], ["Alan", "✓", "1/1"]]
    assert table[2].index("✓") == table[0].index("5")  # Alan's mark under exercise 5
    assert list(csv.reader(gradebook.read_text(encoding="utf-8").splitlines())) == [
        ["student", "exercise 1", "exercise 5", "exercise 12", "total"], ["Ada", "1", "0", "1", "2"],
        ["Alan", "", "1", "", "1"]]
