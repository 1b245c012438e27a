"""Grading what the students hand back: a CSV of (student, exercise, answer) rows checked against the manifest by
the study app's checker. Every bad row is reported at its line and the others are graded all the same."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from deckapp import __version__
from deckapp.csvfile import read_table
from deckapp.errors import UsageError
from deckapp.homework.manifest import Entry, Expected, Manifest, read_manifest
from deckapp.homework.roster import name_key
from deckapp.paths import read_text

COLUMNS = ("student", "exercise", "answer")
MARKS = {"correct": "✓", "incorrect": "✗", "invalid": "?", "undecided": "✎", "missing": "–"}


@dataclass(frozen=True)
class Result:
    exercise: int
    status: str  # correct, incorrect, invalid (unreadable), undecided (not decided in time: check by hand), missing
    feedback: str


@dataclass(frozen=True)
class Grade:
    """One student's results, in the order of their sheet."""

    student: str
    roster: dict[str, str]
    results: tuple[Result, ...]

    @property
    def score(self) -> int:
        return sum(1 for r in self.results if r.status == "correct")

    @property
    def total(self) -> int:
        return len(self.results)

    def by_number(self, cell: Callable[[Result], object] = lambda r: MARKS[r.status]) -> dict[int, object]:
        """Each result's `cell` (its mark by default), by exercise number."""
        return {r.exercise: cell(r) for r in self.results}


@dataclass(frozen=True)
class Report:
    grades: tuple[Grade, ...]
    problems: list[str] = field(default_factory=list)  # one line each: what is wrong and where

    def to_dict(self) -> dict:
        return {"students": [{
            "student": g.student,
            "score": g.score,
            "total": g.total,
            "results": [{"exercise": r.exercise, "status": r.status, "feedback": r.feedback} for r in g.results],
        } for g in self.grades]}


@dataclass(frozen=True)
class Row:
    line: int  # where the row starts
    student: str
    exercise: str
    answer: str
    problem: str = ""  # why the row cannot be graded, if it cannot


def grade_files(manifest_path: str, answers_path: str) -> Report:
    """Grade the answers file against the manifest; unreadable files are a UsageError, bad rows problems."""
    manifest = read_manifest(manifest_path)
    report = grade(manifest, read_answers(answers_path), answers_path, manifest_path)
    if manifest.version != __version__:
        report.problems.insert(0, f"{manifest_path}: written by deckapp {manifest.version}, this is {__version__}: "
                                  "graded against the answers it holds (regenerating from its seeds may differ)")
    return report


def read_answers(path: str) -> list[Row]:
    table = read_table(read_text(path, "the answers"), path, COLUMNS, cell="answer")
    if table.missing:
        raise UsageError(f"{path}:1: the answers need a header with the columns student, exercise, answer "
                         f"(missing: {', '.join(table.missing)})")
    at = [table.at[column] for column in COLUMNS]
    return [Row(record.line, "", "", "", record.problem) if record.problem
            else _row(record.line, record.cells, table.header, at)
            for record in table.records if record.problem or any(cell.strip() for cell in record.cells)]


def _row(line: int, cells: list[str], header: list[str], at: list[int]) -> Row:
    """A row of the answers; an answer holding commas but no quotes (a vector) is read whole when it is the last
    column."""
    student, exercise, answer = at
    if len(cells) > len(header) and answer == len(header) - 1:
        cells = [*cells[:answer], ",".join(cells[answer:])]
    problem, fields = "", f"this row has {len(cells)} field{'s' * (len(cells) != 1)}, the header {len(header)}"
    if len(cells) <= max(at):
        absent = next(name for name, column in zip(COLUMNS, at, strict=True) if column >= len(cells))
        problem = f"{fields}: it has no {absent}"
    elif len(cells) > len(header):
        problem = f"{fields}: write an answer that holds a comma in quotes"
    cells = cells + [""] * (len(header) - len(cells))
    return Row(line, cells[student].strip(), cells[exercise].strip(), cells[answer].strip(), problem)


def grade(manifest: Manifest, rows: list[Row], where: str = "answers", manifest_where: str = "manifest") -> Report:
    """Each student's results; rows for unknown students or exercises, second answers to an exercise and
    unreadable answers are problems (the first answer to an exercise is the one graded), and so is an expected
    answer of the manifest that the checker cannot use, reported against the manifest."""
    from deckapp.errors import suggest

    by_name = {name_key(entry.student): entry for entry in manifest.students}
    chosen: dict[tuple[str, int], Row] = {}
    problems: list[tuple[float, str]] = []  # (line, message): reported in the file's order, missing rows last

    def report(row: Row, message: str) -> None:
        problems.append((row.line, f"{where}:{row.line}: {message}"))
    for row in rows:
        if row.problem:
            report(row, row.problem)
            continue
        entry = by_name.get(name_key(row.student))
        if entry is None:
            names = [e.student for e in manifest.students]
            report(row, f"unknown student '{row.student}'{suggest(row.student, names)}; not graded")
            continue
        numbers = [e.number for e in entry.exercises]
        number = int(row.exercise) if re.fullmatch(r"\d{1,9}", row.exercise, re.ASCII) else None
        if number not in numbers:
            shown = row.exercise if len(row.exercise) <= 20 else f"{row.exercise[:20]}…"
            report(row, f"'{shown}' is not an exercise of {_who(entry)}'s sheet "
                        f"(exercises {min(numbers, default=0)} to {max(numbers, default=0)}); not graded")
            continue
        first = chosen.setdefault((name_key(entry.student), number), row)
        if first is not row:
            report(row, f"a second answer of {_who(entry)} to exercise {number} (the first is on line {first.line} "
                        "and is the one graded)")
    grades = []
    for entry in manifest.students:
        results = []
        for expected in entry.exercises:
            row = chosen.get((name_key(entry.student), expected.number))
            result, bad_expected = _result(expected, row)
            results.append(result)
            if bad_expected:
                problems.append((0, f"{manifest_where}: exercise {expected.number} of {_who(entry)}'s sheet: "
                                    f"{bad_expected}; the answer to it is not graded"))
            elif row is None:
                problems.append((float("inf"), f"{where}: no answer of {_who(entry)} to exercise {expected.number}"))
            elif result.status == "missing":
                report(row, f"the answer of {_who(entry)} to exercise {expected.number} is empty")
            elif result.status == "invalid":
                report(row, f"the answer of {_who(entry)} to exercise {expected.number} cannot be read: "
                            f"{result.feedback}")
            elif result.status == "undecided":
                report(row, f"the answer of {_who(entry)} to exercise {expected.number} could not be decided: "
                            "check it by hand")
        grades.append(Grade(entry.student, entry.roster, tuple(results)))
    return Report(tuple(grades), [message for _, message in sorted(problems, key=lambda p: p[0])])


def _who(entry: Entry) -> str:
    return entry.student or "the student"


def _result(expected: Expected, row: Row | None) -> tuple[Result, str]:
    """The result of the answer on `row`, and what is wrong with the manifest's expected answer if the checker
    cannot use it ("" when it can)."""
    from deckapp.answers import check

    if row is None or not row.answer:
        return Result(expected.number, "missing", "no answer"), ""
    try:
        verdict = check(expected.answer, row.answer, kind=expected.kind, variables=expected.variables)
    except ValueError as exc:
        return Result(expected.number, "invalid", f"the manifest's expected answer cannot be used: {exc}"), str(exc)
    return Result(expected.number, verdict.status, verdict.feedback), ""


def exercise_numbers(report: Report) -> list[int]:
    """The exercises of every sheet, by number: the columns of the table and of the gradebook (1..N, unless a
    manifest was edited by hand)."""
    return sorted({r.exercise for g in report.grades for r in g.results})


def format_grades(report: Report) -> str:
    """A table, a student a row and an exercise a column, then the feedback on every answer not right."""
    numbers = exercise_numbers(report)
    header = ["student", *(str(n) for n in numbers), "score"]
    rows = [[g.student or "(no name)", *(g.by_number().get(n, "") for n in numbers), f"{g.score}/{g.total}"]
            for g in report.grades]
    widths = [max(len(row[c]) for row in [header, *rows]) for c in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]]
    lines.append("  ".join(f"{mark} {status}" for status, mark in MARKS.items()))
    for g in report.grades:
        for r in g.results:
            if r.status in ("incorrect", "invalid", "undecided"):
                lines.append(f"{g.student or '(no name)'}, exercise {r.exercise}: {r.status}: {r.feedback}")
    return "\n".join(lines)


def write_gradebook(report: Report, path: str) -> None:
    """One row per student: the name, the roster's other columns, 1 or 0 per exercise, the total last."""
    from deckapp.files import write_bytes

    extra = list(dict.fromkeys(column for g in report.grades for column in g.roster))
    numbers = exercise_numbers(report)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *extra, *(f"exercise {n}" for n in numbers), "total"])
    for g in report.grades:
        points = g.by_number(lambda r: int(r.status == "correct"))
        writer.writerow([g.student, *(g.roster.get(c, "") for c in extra), *(points.get(n, "") for n in numbers),
                         g.score])
    write_bytes(path, out.getvalue().encode("utf-8"))
