"""The command line: parses arguments, calls the domain, prints, and sets the exit code. Nothing else."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from deckapp import __version__
from deckapp.errors import DeckappError, UsageError, printable

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line instead of the usage block."""

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        self._given = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:  # name the command's help, not the top level's
            command = getattr(parsed, "command", None)
            prog = f"{self.prog} {command}" if command else self.prog
            raise UsageError(f"unrecognized arguments: {' '.join(extra)} (see '{prog} --help')")
        return parsed

    def error(self, message: str) -> None:  # type: ignore[override]
        dashed = [a for a in getattr(self, "_given", ()) if a.startswith("-") and a != "--"
                  and a.split("=", 1)[0] not in self._option_string_actions
                  and not self._negative_number_matcher.match(a)]
        if message.startswith("the following arguments are required") and dashed:
            message += f"; put -- before arguments that start with '-' (such as '{dashed[0]}')"
        raise UsageError(f"{message} (see '{self.prog} --help')")


def command(name: str):
    def register(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = func
        return func

    return register


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="the review store (default: $DECKAPP_DB, else the user data dir)")
    parser = _Parser(prog="deckapp", parents=[common],
                     description="A terminal trainer for the maths of deep learning. "
                                 "Without a command, opens the study app on the bundled decks and your own.")
    parser.add_argument("--version", action="version", version=f"deckapp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("validate", parents=[common], help="check deck files and report every problem",
                       description="Check deck files; every problem is printed as PATH:LINE:COL: message.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="deck files or folders (default: the bundled decks)")

    p = sub.add_parser("stats", parents=[common], help="per-deck counts, retention and a 14-day forecast",
                       description="Statistics for the bundled decks and any deck files given.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="more deck files or folders")
    p.add_argument("--json", action="store_true", help='print {"decks": [...]} as JSON')

    p = sub.add_parser("study", parents=[common], help="open a study session on a deck or a folder of decks",
                       description="Open the study app directly on one deck, or on every deck in a folder.")
    p.add_argument("deck", metavar="PATH|DECK_ID", help="a deck file or folder, or the id of a bundled or added deck")

    p = sub.add_parser("add", help="keep deck files in the library the app lists",
                       description="Remember deck files (and the decks in folders): the app lists them from now on.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="deck files or folders")

    p = sub.add_parser("remove", help="forget a deck added with 'deckapp add'",
                       description="Forget a library deck; its file and its review history are kept.")
    p.add_argument("deck", metavar="DECK_ID", help="the id (or the path) of a deck in the library")

    from deckapp.answers import KINDS  # light: the checker is loaded only when check runs

    p = sub.add_parser("check", parents=[common], help="grade an answer against the expected one",
                       description="Grade ANSWER against EXPECTED: exit 0 correct, 1 incorrect, 2 invalid, "
                                   "3 undecided (deckapp could not decide in time). Put -- before an answer that "
                                   "starts with '-'.")
    p.add_argument("expected", metavar="EXPECTED", help="the right answer, e.g. '2x cos(x^2)' or 'y = 2x - 1'")
    p.add_argument("answer", metavar="ANSWER", help="the answer to grade, as a student would type it")
    p.add_argument("--kind", default="auto", choices=KINDS,
                   help="what EXPECTED is (default: inferred from it)")
    p.add_argument("--vars", metavar="x,y", help="the problem's variables (default: the letters in EXPECTED)")
    p.add_argument("--tol", type=float, default=1e-3, metavar="T", help="relative tolerance (default: 0.001)")
    p.add_argument("--json", action="store_true", help="print the verdict as JSON")

    p = sub.add_parser("grad", parents=[common], help="value and gradient of an expression at a point",
                       description="Run deckapp's reverse-mode autodiff engine on EXPR at a point: the value and "
                                   "the gradient. Put the options first and -- before an EXPR that starts with '-'.")
    p.add_argument("expr", metavar="EXPR", help="e.g. 'sigmoid(w*x + b)' (the same syntax as answers)")
    p.add_argument("--at", default="", metavar="x=1.5,y=-2", help="the point: a value for every variable")
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help='print {"value": v, "gradient": {"x": gx, ...}}')
    shown.add_argument("--graph", action="store_true", help="also print the forward/backward table")

    p = sub.add_parser("export", parents=[common], help="write a deck as an Anki package, Anki text, Markdown or JSON",
                       description="Export a deck: apkg (opens in Anki), csv (Anki's text import format), md or json.")
    p.add_argument("deck", metavar="DECK", help="a deck file, or the id of a bundled or added deck")
    p.add_argument("--format", choices=("apkg", "csv", "md", "json"), help="default: from the suffix of -o")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write ('-': stdout)")
    p.add_argument("--variants", type=int, metavar="N", help="variants of each exercise card (apkg, csv; default 1)")

    p = sub.add_parser("import", parents=[common], help="turn an Anki text export or deckapp JSON into a deck file",
                       description="Read an Anki text export (tab, comma or semicolon separated) or a deckapp JSON "
                                   "deck and write a deck file (YAML).")
    p.add_argument("file", metavar="FILE", help="the file to import")
    p.add_argument("-o", "--output", default="-", metavar="DECK.yaml", help="the deck file to write (default: stdout)")
    p.add_argument("--deck-id", metavar="ID", help="the new deck's id (default: from the file)")
    p.add_argument("--force", action="store_true", help="replace the -o file if it exists")

    p = sub.add_parser("homework", parents=[common], help="per-student exercise sheets, answer keys and a manifest",
                       description="Write a different exercise sheet and answer key for every student, and "
                                   "manifest.json for `deckapp grade`.")
    p.add_argument("decks", nargs="*", metavar="DECK", help="take the exercise cards of these decks (path or id)")
    p.add_argument("--generators", metavar="a,b,c", help="the generators to take in turn (default: all)")
    p.add_argument("--count", type=int, required=True, metavar="N", help="exercises per sheet")
    p.add_argument("--seed", type=int, required=True, metavar="S", help="the homework's seed (an integer)")
    p.add_argument("--difficulty", type=int, metavar="D", help="1, 2 or 3 (default: 1, or each deck card's own)")
    p.add_argument("--students", metavar="ROSTER", help="one name a line, or a CSV with a 'name' column")
    p.add_argument("--format", required=True, choices=("md", "tex", "pdf"), help="what to write")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write into")
    p.add_argument("--course", default="Mathematical foundations of deep learning", help="the sheets' heading")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the date on the sheets (default: today, or DECKAPP_NOW)")

    p = sub.add_parser("grade", parents=[common], help="grade the students' answers against a homework manifest",
                       description="Grade ANSWERS (CSV: student, exercise, answer) against MANIFEST with the "
                                   "study app's checker. Exit 1 when a row had a problem.")
    p.add_argument("manifest", metavar="MANIFEST", help="the manifest.json written by deckapp homework")
    p.add_argument("answers", metavar="ANSWERS", help="a CSV with the columns student, exercise, answer")
    p.add_argument("--json", action="store_true", help='print {"students": [...]} as JSON')
    p.add_argument("--csv", metavar="GRADEBOOK", help="also write a gradebook CSV: a row per student")

    p = sub.add_parser("exercise", parents=[common], help="generate exercises (for scripts and homework)",
                       description="Generate exercises: K of them, the i-th with seed N+i; each seed alone "
                                   "regenerates its exercise.")
    p.add_argument("--list", action="store_true", help="list the generators, one a line, and what each asks")
    p.add_argument("--generator", metavar="NAME", help="the generator (see --list)")
    p.add_argument("--seed", metavar="N", type=int, help="the first seed (an integer)")
    p.add_argument("--difficulty", metavar="D", type=int, help="1, 2 or 3 (default 1)")
    p.add_argument("--count", metavar="K", type=int, help="how many exercises (default 1)")
    p.add_argument("--json", action="store_true", help="one JSON object (Exercise.to_dict()) a line")

    sub.add_parser("doctor", parents=[common], help="check the review store; recover a damaged one",
                   description="Run SQLite's full integrity check on the review store (read-only). A damaged "
                               "store gets a recovered copy beside it, NAME.recovered: exit 1.")
    return parser


@command("validate")
def cmd_validate(args: argparse.Namespace) -> int:
    from deckapp import paths
    from deckapp.deck.library import read_files
    from deckapp.deck.reader import load_deck

    files = paths.deck_files(args.paths) if args.paths else [paths.shown(p) for p in paths.bundled_deck_paths()]
    if not files:
        raise UsageError("no deck files found (deck files end in .yaml or .yml)")
    decks, problems = read_files(files, load_deck)  # read afresh, not from the cache of decks
    for path, deck in decks.items():
        cards, exercises = len(deck.cards), deck.exercise_count
        print(f"{path}: {cards} card{'s' * (cards != 1)} ({exercises} exercise{'s' * (exercises != 1)}) OK")
    for line in problems:  # last, where a terminal leaves them in view
        print(line, file=sys.stderr)
    return 1 if problems else 0


@command("stats")
def cmd_stats(args: argparse.Namespace) -> int:
    # Only light modules here: this command should start about as fast as --version (benchmarks/bench_stats.py).
    from deckapp import paths
    from deckapp.review.stats import report

    now = paths.now()  # a bad DECKAPP_NOW is reported first
    skipped: list[str] = []
    rows = report(args.paths, paths.db_path(getattr(args, "db", None)), now, skipped)
    for line in skipped:  # a deck of the library that went missing or broke: the others are still counted
        print(line, file=sys.stderr)
    if args.json:
        import json

        print(json.dumps({"decks": rows}, ensure_ascii=False, indent=2))
        return 0
    print(format_stats_table(rows))
    return 0


def format_stats_table(rows: list[dict]) -> str:
    headers = ("Deck", "Cards", "New", "Due", "Learned", "Reviews", "Today", "Retention")
    lines = []
    for row in rows:
        retention = "—" if row["retention"] is None else f"{row['retention']:.0%}"
        lines.append((row["id"], row["cards"], row["new"], row["due"], row["learned"], row["reviews"],
                      row["reviews_today"], retention))
    widths = [max(len(str(v)) for v in column) for column in zip(headers, *lines, strict=True)]
    out = []
    for values in (headers, *lines):
        cells = [str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(values, widths,
                                                                                                strict=True))]
        out.append("  ".join(cells))
    for row in rows:
        out.append(f"{row['id']}: due in the next 14 days (from today): {' '.join(map(str, row['forecast']))}")
    return "\n".join(out)


@command("study")
def cmd_study(args: argparse.Namespace) -> int:
    from deckapp.deck.library import folder_decks, resolve_deck

    decks = folder_decks(args.deck) if os.path.isdir(args.deck) else [resolve_deck(args.deck)]
    return _run_tui(args, decks)


@command("add")
def cmd_add(args: argparse.Namespace) -> int:
    from deckapp.deck.library import add_decks

    for deck, new in add_decks(args.paths):
        cards = len(deck.cards)
        print(f"{'added' if new else 'already in the library:'} {deck.id}: {deck.path} "
              f"({cards} card{'s' * (cards != 1)})")
    return 0


@command("remove")
def cmd_remove(args: argparse.Namespace) -> int:
    from deckapp.deck.library import remove_deck

    removed = remove_deck(args.deck)
    print(f"removed {removed['id']} ({removed['path']}) from the library; the file and its reviews are kept")
    return 0


@command("check")
def cmd_check(args: argparse.Namespace) -> int:
    import json

    from deckapp.answers.checker import check
    from deckapp.answers.expected import ArgumentError

    variables = None if args.vars is None else [name.strip() for name in args.vars.split(",")]
    try:
        verdict = check(args.expected, args.answer, kind=args.kind, variables=variables, rel_tol=args.tol)
    except ArgumentError as exc:  # said of the flag the argument came from
        said = {"variables": f"--vars: {exc} (write them as x,y)", "rel_tol": f"--tol {exc.problem}"}
        raise UsageError(said.get(exc.argument, str(exc))) from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps(verdict.to_dict(), ensure_ascii=False))
    elif verdict.status == "invalid":
        print(f"deckapp: invalid answer: {verdict.feedback}", file=sys.stderr)
    else:
        print(verdict.feedback if verdict.correct else f"{verdict.status}: {verdict.feedback}")
        print(f"read as: {verdict.interpreted_as}")
    return {"correct": 0, "incorrect": 1, "undecided": 3}.get(verdict.status, 2)


@command("grad")
def cmd_grad(args: argparse.Namespace) -> int:
    import json

    from deckapp.autodiff.grad import gradient_at, parse_point
    from deckapp.autodiff.render import table

    graph, gradient = gradient_at(args.expr, parse_point(args.at))
    if args.json:
        print(json.dumps({"value": graph.value, "gradient": gradient}))
        return 0
    if args.graph:
        print(table(graph.output), end="\n\n")
    print(f"value: {graph.value!r}")
    for name, value in gradient.items():
        print(f"∂/∂{name}: {value!r}")
    return 0


@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    from deckapp import paths
    from deckapp.deck.library import resolve_deck
    from deckapp.export import export_deck, format_for

    fmt = format_for(args.output, args.format)
    export_deck(resolve_deck(args.deck), fmt, args.output, variants=args.variants, now=paths.now())
    return 0


@command("import")
def cmd_import(args: argparse.Namespace) -> int:
    from deckapp.export.importers import import_file, write_deck_file

    write_deck_file(import_file(args.file, deck_id=args.deck_id), args.output, force=args.force, source=args.file)
    return 0


@command("homework")
def cmd_homework(args: argparse.Namespace) -> int:
    from deckapp.homework.progress import progress_bar
    from deckapp.homework.writer import make_homework, plan

    homework = plan(args.decks, args.generators, args.count, args.seed, args.difficulty, args.students,
                    args.format, args.course, args.date)
    sheets = len(homework.students or [None])
    with progress_bar(sheets, "sheets") as advance:
        make_homework(homework, args.output, advance)
    print(f"{args.output}: {sheets} sheet{'s' * (sheets != 1)} and answer key{'s' * (sheets != 1)} "
          f"({args.format}) in sheets/ and keys/, and manifest.json")
    return 0


@command("grade")
def cmd_grade(args: argparse.Namespace) -> int:
    import json

    from deckapp.files import check_target
    from deckapp.homework.grading import format_grades, grade_files, write_gradebook

    if args.csv:
        check_target(args.csv, reading=(args.manifest, args.answers))  # before the grading, which may take a while
    report = grade_files(args.manifest, args.answers)
    for problem in report.problems:
        print(f"deckapp: {problem}", file=sys.stderr)
    if args.csv:
        write_gradebook(report, args.csv)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_grades(report))
    return 1 if report.problems else 0


@command("exercise")
def cmd_exercise(args: argparse.Namespace) -> int:
    import json

    from deckapp.exercises import DESCRIPTIONS, DIFFICULTIES, generate

    if args.list:
        given = {"--generator": args.generator, "--seed": args.seed, "--difficulty": args.difficulty,
                 "--count": args.count, "--json": args.json or None}
        ignored = [flag for flag, value in given.items() if value is not None]
        if ignored:
            raise UsageError(f"--list takes no {' or '.join(ignored)}: it prints every generator, as text")
        width = max(map(len, DESCRIPTIONS))
        for name, what in DESCRIPTIONS.items():
            print(f"{name.ljust(width)}  {what}")
        return 0
    if args.generator is None or args.seed is None:
        raise UsageError("exercise needs --generator NAME and --seed N (or --list)")
    count = 1 if args.count is None else args.count
    difficulty = 1 if args.difficulty is None else args.difficulty
    if count < 1:
        raise UsageError(f"--count must be 1 or more, not {count}")
    if difficulty not in DIFFICULTIES:
        raise UsageError(f"--difficulty must be 1, 2 or 3, not {difficulty}")
    for i in range(count):
        try:
            exercise = generate(args.generator, args.seed + i, difficulty)
        except ValueError as e:  # an unknown generator: the first one says so, before any output
            raise UsageError(str(e)) from None
        if args.json:
            print(json.dumps(exercise.to_dict(), ensure_ascii=False))
        else:
            print(("\n" if i else "") + format_exercise(exercise))
    return 0


def format_exercise(exercise) -> str:
    """An exercise as the terminal shows maths: the problem, its graph, the answer, the worked solution."""
    from deckapp.deck.latex import to_unicode

    title = f"{exercise.generator} (difficulty {exercise.difficulty}, seed {exercise.seed})"
    parts = [title, to_unicode(exercise.prompt)]
    if exercise.figure:
        parts.append(exercise.figure)
    parts += ["Answer: " + to_unicode(exercise.shown_answer), "Solution:\n" + to_unicode(exercise.worked())]
    return "\n\n".join(parts)


@command("doctor")
def cmd_doctor(args: argparse.Namespace) -> int:
    from deckapp import paths
    from deckapp.review.doctor import SHOWN_PROBLEMS, examine

    found = examine(paths.db_path(getattr(args, "db", None)))
    if not found.problems:
        print(f"{found.path}: ok: the integrity check passed ({found.reviews:,} reviews, {found.cards:,} cards)")
        return 0
    for problem in found.problems[:SHOWN_PROBLEMS]:
        print(f"{found.path}: damaged: {problem}")
    if len(found.problems) > SHOWN_PROBLEMS:
        print(f"{found.path}: damaged: … and {len(found.problems) - SHOWN_PROBLEMS} more problems")
    copy = found.recovered
    lost = f"; {copy.lost_ids:,} review ids could not be read" if copy.lost_ids else ""
    lost += f"; {copy.rejected:,} rows holding values no review could have were left out" if copy.rejected else ""
    print(f"{found.path}: recovered {copy.reviews:,} reviews and {copy.cards:,} card states into {copy.path}{lost}")
    print(f"to use it: move {found.path} aside (keep it), then rename {copy.path} to {found.path}")
    return 1


def _run_tui(args: argparse.Namespace, decks=()) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the study app needs a terminal; run deckapp in an interactive terminal")
    from deckapp import paths
    from deckapp.review.store import open_store

    paths.now()  # a bad DECKAPP_NOW is reported here, before the screen is taken over
    with open_store(paths.db_path(getattr(args, "db", None))) as store:
        from deckapp.tui.app import run

        return run(store, paths.now, decks)


def main(argv: Sequence[str] | None = None) -> int:
    args = argparse.Namespace()
    try:
        if not (sys.argv[1:] if argv is None else argv):  # plain `deckapp`: the app, without building the parser
            return _run_tui(args)
        args = build_parser().parse_args(argv)
        if args.command is None:
            return _run_tui(args)
        return COMMANDS[args.command](args)
    except DeckappError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("deckapp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except Exception as exc:  # a bug: still one line for the user, the traceback on request
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is not None and isinstance(exc, sqlite3.Error):  # one the store did not put in plain words
            from deckapp import paths
            from deckapp.review.failures import failure

            error = failure(paths.db_path(getattr(args, "db", None)), exc, "cannot use the store")
            print(*error.lines(), sep="\n", file=sys.stderr)
            return error.exit_code
        if os.environ.get("DECKAPP_DEBUG"):
            raise
        print(printable(f"deckapp: internal error: {type(exc).__name__}: {exc} (set DECKAPP_DEBUG=1 for details)"),
              file=sys.stderr)
        return 70
