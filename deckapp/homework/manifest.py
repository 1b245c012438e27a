"""manifest.json: what every student's sheet holds, so that the homework can be graded and regenerated.

{"seed", "generated_with": deckapp version, "students": [{"student", "roster", "sheet", "key", "exercises":
[{"number", "generator", "seed", "difficulty", "prompt", "answer", "kind", "variables"}]}]}. `roster` holds the
roster's other columns; `sheet` and `key` the files written for the student (relative, with "/"), which the next
run into the same folder removes when it does not write them again; `variables` are the names an answer may
use, as the study app gives them to the checker. Each exercise's seed regenerates it with
`deckapp.exercises.generate(generator, seed, difficulty)`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from deckapp import __version__
from deckapp.errors import UsageError
from deckapp.homework.roster import name_key
from deckapp.homework.sheets import Sheet
from deckapp.paths import read_text


def manifest(seed: int, sheets: list[Sheet], files: list[tuple[str, str]]) -> dict:
    """The manifest of `sheets`, whose (sheet, key) files are `files`, in the same order."""
    return {
        "seed": seed,
        "generated_with": __version__,
        "students": [{
            "student": sheet.name,
            "roster": dict(sheet.student.columns) if sheet.student else {},
            "sheet": sheet_file,
            "key": key_file,
            "exercises": [{
                "number": number,
                "generator": exercise.generator,
                "seed": exercise.seed,
                "difficulty": exercise.difficulty,
                "prompt": exercise.prompt,
                "answer": exercise.answer,
                "kind": exercise.kind,
                "variables": list(exercise.variables),
            } for number, exercise in enumerate(sheet.exercises, start=1)],
        } for sheet, (sheet_file, key_file) in zip(sheets, files, strict=True)],
    }


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class Expected:
    """One exercise of a manifest, as grading needs it."""

    number: int
    answer: str
    kind: str
    variables: tuple[str, ...] | None


@dataclass(frozen=True)
class Entry:
    """One student of a manifest."""

    student: str
    roster: dict[str, str]
    exercises: tuple[Expected, ...]


@dataclass(frozen=True)
class Manifest:
    version: str
    students: tuple[Entry, ...]


def read_manifest(path: str) -> Manifest:
    """The manifest at `path`; a file that is not one is a UsageError naming what is wrong and where."""
    text = read_text(path, "the manifest")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: not a manifest: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise UsageError(f"{path}: not a manifest: its JSON is nested too deeply") from None

    def fail(where: str, what: str):
        raise UsageError(f"{path}: not a deckapp homework manifest: {where} {what}")

    if not isinstance(data, dict) or not isinstance(data.get("students"), list):
        fail("the top level", "needs a \"students\" list")
    entries, first_student = [], {}
    for i, student in enumerate(data["students"]):
        where = f"students[{i}]"
        if not isinstance(student, dict) or not isinstance(student.get("student"), str) \
                or not isinstance(student.get("exercises"), list):
            fail(where, 'needs "student" (text) and "exercises" (a list)')
        first = first_student.setdefault(name_key(student["student"]), i)
        if first != i:
            fail(where, f"names the student of students[{first}] again ('{student['student']}')")
        expected, first_number = [], {}
        for j, exercise in enumerate(student["exercises"]):
            at = f"{where}.exercises[{j}]"
            if not isinstance(exercise, dict) or not _is_int(exercise.get("number")) \
                    or not isinstance(exercise.get("answer"), str) or not isinstance(exercise.get("kind"), str):
                fail(at, 'needs "number" (an integer), "answer" and "kind" (text)')
            number = exercise["number"]
            if first_number.setdefault(number, j) != j:
                fail(at, f"has the number {number} of {where}.exercises[{first_number[number]}]")
            variables = exercise.get("variables")
            if variables is not None and not (isinstance(variables, list)
                                              and all(isinstance(v, str) for v in variables)):
                fail(at, '"variables" must be a list of names (text)')
            expected.append(Expected(number, exercise["answer"], exercise["kind"],
                                     tuple(variables) if variables is not None else None))
        roster = student.get("roster", {})
        if not isinstance(roster, dict) or not all(isinstance(v, str) for v in roster.values()):
            fail(where, '"roster" must map column names to text')
        entries.append(Entry(student["student"], {str(k): str(v) for k, v in roster.items()}, tuple(expected)))
    return Manifest(str(data.get("generated_with", "unknown")), tuple(entries))


def listed_files(path: str) -> list[str]:
    """The sheets and keys the manifest at `path` lists, relative to its folder: only names of files directly in
    its sheets/ or keys/ folder are taken. [] when there is no manifest there, or it cannot be read."""
    import posixpath

    try:
        data = json.loads(read_text(path, "the manifest"))
    except (UsageError, ValueError, RecursionError):
        return []
    students = data.get("students") if isinstance(data, dict) else None
    found = []
    for student in students if isinstance(students, list) else []:
        for name in (student.get("sheet"), student.get("key")) if isinstance(student, dict) else ():
            if isinstance(name, str) and posixpath.normpath(name) == name and name.count("/") == 1 \
                    and name.split("/")[0] in ("sheets", "keys") and name.split("/")[1] not in ("", ".", ".."):
                found.append(name)
    return found


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
