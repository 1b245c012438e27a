"""The house rules that keep start-up fast: no Textual outside deckapp/tui, no SymPy at import time."""

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import deckapp

REPO = Path(__file__).resolve().parent.parent


def domain_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(deckapp.__path__, "deckapp."):
        if info.name.startswith("deckapp.tui") or info.name == "deckapp.__main__":
            continue
        names.append(info.name)
    return names


def imported_after(modules: list[str]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_domain_modules_never_import_textual():
    modules = domain_modules()
    assert "deckapp.deck" in modules and "deckapp.cli" in modules
    loaded = imported_after(modules)
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


# Modules that exist to do symbolic work; everything else imports them lazily, inside functions.
SYMPY_MODULES = {"deckapp.symbolic", "deckapp.exercises._common", "deckapp.exercises.calculus",
                 "deckapp.exercises.multivariate", "deckapp.exercises.graphs"}


def test_start_up_modules_do_not_import_sympy():
    start_up = [m for m in domain_modules() if m not in SYMPY_MODULES]
    loaded = imported_after(start_up)
    assert "sympy" not in loaded


def test_only_the_tui_package_mentions_textual_imports():
    offenders = []
    for path in (REPO / "deckapp").rglob("*.py"):
        if "tui" in path.relative_to(REPO / "deckapp").parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "import textual" in text or "from textual" in text:
            offenders.append(str(path))
    assert offenders == []


def test_stats_from_the_index_loads_no_deck_parser_and_nothing_heavy(tmp_path):
    """`deckapp stats` should start about as fast as --version (benchmarks/bench_stats.py). Its design: once a
    deck is in the store's index, the command imports no deck parser, YAML, dataclasses, pathlib, typing or JSON
    beyond what starting deckapp already loaded."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "DECKAPP_DB": str(tmp_path / "s.sqlite3")}
    code = ("import sys\nfrom deckapp.cli import main\nbefore = set(sys.modules)\n"
            "assert main(['stats']) == 0\nprint('NEW', ' '.join(sorted(set(sys.modules) - before)))\n")

    def new_modules():
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        return set(out.stdout.split("NEW")[1].split())

    first = new_modules()
    assert "deckapp.deckfile" in first  # the first run parsed the deck and filled the index
    again = new_modules()
    assert {"deckapp.stats", "sqlite3"} <= again
    assert again & {"deckapp.deck", "deckapp.deckfile", "yaml", "dataclasses", "pathlib", "typing", "json"} == set()
