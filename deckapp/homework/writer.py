"""One `deckapp homework` run: every sheet and key made in memory first, then written, the manifest last, so a run
that fails part way writes nothing, and each file is replaced whole."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass

from deckapp.errors import UsageError
from deckapp.exercises import DIFFICULTIES
from deckapp.files import discard, place, stage
from deckapp.homework.manifest import dumps, listed_files, manifest
from deckapp.homework.roster import Student
from deckapp.homework.sheets import Header, Sheet, Source, make_sheet

FORMATS = ("md", "tex", "pdf")
SUFFIX = {"md": ".md", "tex": ".tex", "pdf": ".pdf"}
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Homework:
    """What `deckapp homework` was asked for."""

    sources: tuple[Source, ...]
    count: int
    seed: int
    students: tuple[Student, ...] | None  # None: one sheet, for no one in particular
    format: str
    header: Header


MAX_COUNT = 200  # exercises a sheet: beyond any homework, and a mistyped 100000000 would fill the memory silently


def plan(decks: list[str], generators: str | None, count: int, seed: int, difficulty: int | None,
         roster: str | None, fmt: str, course: str, date: str | None) -> Homework:
    """The Homework that `deckapp homework`'s arguments ask for; every bad argument is a UsageError."""
    from datetime import date as Date

    if count < 1:
        raise UsageError(f"--count must be 1 or more, not {count}")
    if count > MAX_COUNT:
        raise UsageError(f"--count must be at most {MAX_COUNT} exercises a sheet, not {count}")
    if difficulty is not None and difficulty not in DIFFICULTIES:
        raise UsageError(f"--difficulty must be 1, 2 or 3, not {difficulty}")
    if decks and generators is not None:
        raise UsageError("give decks or --generators, not both")
    if decks:
        from deckapp.deck.library import resolve_deck
        from deckapp.homework.sheets import deck_sources

        sources = deck_sources([resolve_deck(ref) for ref in decks], difficulty)
    else:
        from deckapp.exercises import GENERATOR_NAMES
        from deckapp.homework.sheets import generator_sources

        names = [n.strip() for n in generators.split(",")] if generators is not None else list(GENERATOR_NAMES)
        if not all(names):
            raise UsageError(f"--generators: '{generators}' has an empty name (write them as derivative,partial)")
        sources = generator_sources(names, difficulty or 1)
    if date is None:
        from deckapp import paths

        date = paths.now().date().isoformat()
    else:
        try:
            date = Date.fromisoformat(date).isoformat()
        except ValueError:
            raise UsageError(f"--date: '{date}' is not a date written YYYY-MM-DD") from None
    students = None
    if roster is not None:
        from deckapp.homework.roster import read_roster

        students = tuple(read_roster(roster))
    renderers(fmt)  # a format that cannot be made is reported before anything is generated
    return Homework(tuple(sources), count, seed, students, fmt, Header(course, date))


def renderers(fmt: str) -> tuple[Callable[[Sheet, Header], bytes], Callable[[Sheet, Header], bytes]]:
    """(sheet, key) renderers of `fmt`, each giving a file's bytes. Checks that the format can be made."""
    if fmt == "md":
        from deckapp.homework.markdown import key_markdown, sheet_markdown

        return _encoded(sheet_markdown), _encoded(key_markdown)
    if fmt == "tex":
        from deckapp.homework.tex import key_tex, sheet_tex

        return _encoded(sheet_tex), _encoded(key_tex)
    if fmt == "pdf":
        from deckapp.homework.pdf import key_pdf, require_typst, sheet_pdf

        require_typst()
        return sheet_pdf, key_pdf
    raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not '{fmt}'")


def _encoded(render: Callable[[Sheet, Header], str]) -> Callable[[Sheet, Header], bytes]:
    return lambda sheet, header: render(sheet, header).encode("utf-8")


def file_stems(homework: Homework) -> list[str]:
    """Each sheet's file name without suffix: its roster position and the name, as ASCII ('007-ada-lovelace')."""
    from deckapp.deck.model import slugify

    if homework.students is None:
        return ["homework"]
    width = max(3, len(str(len(homework.students))))
    stems = []
    for position, student in enumerate(homework.students, start=1):
        stems.append(f"{position:0{width}d}-{slugify(student.name) or 'student'}")
    return stems


def make_homework(homework: Homework, out_dir: str, advance: Callable[[], None] = lambda: None) -> list[str]:
    """Write the sheets, keys and manifest.json of `homework` under `out_dir`; the paths written, in order."""
    _check_folder(out_dir)
    render_sheet, render_key = renderers(homework.format)
    suffix = SUFFIX[homework.format]
    files: list[tuple[str, bytes]] = []
    sheets, names = [], []
    for stem, student in zip(file_stems(homework), homework.students or [None], strict=True):
        sheet = make_sheet(list(homework.sources), homework.count, homework.seed, student)
        sheets.append(sheet)
        names.append((f"sheets/{stem}{suffix}", f"keys/{stem}-key{suffix}"))
        files.append((names[-1][0], render_sheet(sheet, homework.header)))
        files.append((names[-1][1], render_key(sheet, homework.header)))
        advance()
    files.append((MANIFEST, dumps(manifest(homework.seed, sheets, names)).encode("utf-8")))
    stale = set(listed_files(os.path.join(out_dir, MANIFEST))) - {name for name, _content in files}
    return write_files([(os.path.join(out_dir, *name.split("/")), content) for name, content in files],
                       remove=[os.path.join(out_dir, *name.split("/")) for name in sorted(stale)])


def write_files(files: list[tuple[str, bytes]], remove: list[str] = ()) -> list[str]:
    """Write every file beside its place first (deckapp.files.stage), then put them in place, the last one (the
    manifest) last. A failure while writing leaves the old files as they were; an interruption while placing
    leaves no temporary file, and the last file of the old run is removed first, so that it never describes
    other files; so are the files of `remove` (the old run's sheets that this one does not write again)."""
    staged: dict[str, str] = {}
    path = files[0][0]
    try:
        for path, content in files:
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            staged[path] = stage(path, lambda out, content=content: out.write(content))
        for path in [files[-1][0], *remove]:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
        for path, _content in files:
            place(staged.pop(path), path)
    except BaseException as exc:
        for temporary in staged.values():
            discard(temporary)
        if isinstance(exc, OSError):
            raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise
    return [path for path, _content in files]


def _check_folder(out_dir: str) -> None:
    """Fail before any work when `out_dir` cannot be written (it is made only when the files are ready)."""
    existing = os.path.abspath(out_dir)
    while not os.path.exists(existing):
        existing = os.path.dirname(existing)
    if not os.path.isdir(existing):
        raise UsageError(f"-o {out_dir}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK):
        raise UsageError(f"-o {out_dir}: the folder {existing} is not writable")
