"""`deckapp homework` for a class of 300 students × 10 exercises, in Markdown and in PDF: seconds per sheet.

Run: python benchmarks/bench_homework.py [--students N] [--count C]. Goal: <= 0.05 s to typeset a PDF sheet.
Both runs go through the same domain function as the command (exercises generated, files rendered and written);
then, on a sample of the same sheets, typesetting alone (typst source and compile) is timed per sheet and per
answer key, against the baseline of typst compiling a one-line document in the same process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time

from _util import REPO

sys.path.insert(0, str(REPO))

from deckapp.exercises import GENERATOR_NAMES  # noqa: E402
from deckapp.homework.roster import Student  # noqa: E402
from deckapp.homework.sheets import Header, Source, make_sheet  # noqa: E402
from deckapp.homework.writer import Homework, make_homework  # noqa: E402

HEADER = Header("Mathematical foundations of deep learning", "2026-03-02")


def whole_run(fmt: str, students: tuple[Student, ...], count: int) -> float:
    sources = tuple(Source(name, 2) for name in GENERATOR_NAMES)
    homework = Homework(sources, count, 2026, students, fmt, HEADER)
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        make_homework(homework, out)
        return time.perf_counter() - start


def typesetting(students: tuple[Student, ...], count: int) -> tuple[float, float, float]:
    """Median seconds to typeset one sheet and one key, and typst's own time for a one-line document."""
    import typst

    from deckapp.homework.pdf import compile_typst, key_typst, sheet_typst

    sheets = [make_sheet([Source(name, 2) for name in GENERATOR_NAMES], count, 2026, s) for s in students]
    compile_typst(sheet_typst(sheets[0], HEADER))  # warm-up

    def median_time(func, items) -> float:
        times = []
        for item in items:
            start = time.perf_counter()
            func(item)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    sheet = median_time(lambda s: compile_typst(sheet_typst(s, HEADER)), sheets)
    key = median_time(lambda s: compile_typst(key_typst(s, HEADER)), sheets)
    hello = b'#set text(font: "New Computer Modern")\nHello, $x^2$.'
    baseline = median_time(lambda _: typst.compile(hello, format="pdf", ignore_system_fonts=True), range(30))
    return sheet, key, baseline


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--sample", type=int, default=30, help="sheets typeset alone for the breakdown")
    args = parser.parse_args()
    students = tuple(Student(f"Student {i:03d}") for i in range(1, args.students + 1))
    make_sheet([Source(name, 2) for name in GENERATOR_NAMES], args.count, 0, None)  # imports SymPy once
    markdown = whole_run("md", students, args.count)
    pdf = whole_run("pdf", students, args.count)
    sheet, key, baseline = typesetting(students[: args.sample], args.count)
    n = args.students
    print(f"{n} students × {args.count} exercises (every generator in turn, difficulty 2); a sheet and a key each")
    print(f"markdown, whole run: {markdown:6.1f} s = {markdown / n:.3f} s per student "
          f"({markdown / (2 * n):.3f} s per file)")
    print(f"pdf, whole run:      {pdf:6.1f} s = {pdf / n:.3f} s per student ({pdf / (2 * n):.3f} s per file)")
    print(f"  of which typesetting (pdf - markdown): {(pdf - markdown) / n:.3f} s per student")
    print(f"typesetting alone, median of {min(args.sample, n)}: {sheet:.3f} s per PDF sheet, {key:.3f} s per PDF key "
          f"(goal <= 0.05 s per PDF sheet)")
    print(f"baseline: typst compiling a one-line document: {baseline:.4f} s "
          f"(a sheet costs {sheet / baseline:.1f}x that, a key {key / baseline:.1f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
