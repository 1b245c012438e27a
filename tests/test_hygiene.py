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
    assert "deckapp.deck.model" in modules and "deckapp.cli" in modules
    loaded = imported_after(modules)
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


# Modules that exist to do symbolic work; everything else imports them lazily, inside functions. (The other
# generators use deckapp.exercises.algebra, not SymPy.)
SYMPY_MODULES = {"deckapp.answers.sympy_functions", "deckapp.exercises.graphs"}


def test_each_module_allowed_sympy_really_imports_it():
    """So that the list stays short: a module that no longer needs SymPy at import time leaves it."""
    for module in sorted(SYMPY_MODULES):
        assert "sympy" in imported_after([module]), module


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
    deck is in the store's index, the command imports no deck parser, YAML, dataclasses, pathlib, typing, JSON or
    platformdirs beyond what starting deckapp already loaded."""
    env = {key: value for key, value in os.environ.items() if key not in ("DECKAPP_CONFIG", "XDG_CONFIG_HOME")}
    env.update(PYTHONPATH=str(REPO), DECKAPP_DB=str(tmp_path / "s.sqlite3"), HOME=str(tmp_path))  # a library's place
    code = ("import sys\nfrom deckapp.cli import main\nbefore = set(sys.modules)\n"
            "assert main(['stats']) == 0\nprint('NEW', ' '.join(sorted(set(sys.modules) - before)))\n")

    def new_modules():
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        return set(out.stdout.split("NEW")[1].split())

    first = new_modules()
    assert "deckapp.deck.reader" in first  # the first run parsed the deck and filled the index
    again = new_modules()
    assert {"deckapp.review.stats", "sqlite3"} <= again
    heavy = {"deckapp.deck.model", "deckapp.deck.reader", "yaml", "dataclasses", "pathlib", "typing", "json",
             "platformdirs"}
    assert again & heavy == set()


def _imports_of(path: Path, module: str) -> set[str]:
    """The deckapp modules `path` imports, at the top or inside functions; `from P import m` of a submodule m
    counts as importing P.m."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if (REPO / (submodule.replace(".", "/") + ".py")).exists()
                          or (REPO / submodule.replace(".", "/") / "__init__.py").exists() else base)
    return {name for name in found if name.startswith("deckapp")} - {module}


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for path in (REPO / "deckapp").rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        graph[module] = _imports_of(path, module)
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm, iteratively)."""
    index, low, on_stack, stack, groups, counter = {}, {}, set(), [], [], [0]
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter[0]
                    counter[0] += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.get(successor, ())))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
    return groups


def test_cycle_finder_finds_a_planted_circle():
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_through_others():
    graph = import_graph()
    assert {"deckapp.deck.reader", "deckapp.errors"} <= graph["deckapp.cli"]  # the graph sees imports in functions
    assert import_cycles(graph) == []


# What each part of the domain may not use: arrows point down (the README's layout). The deck file format and the
# maths below it know nothing of the store, the app, the command line or what is built on them.
ABOVE = {"review", "tui", "export", "homework", "cli"}
NOT_USED_BY = {"deck": ABOVE, "answers": ABOVE | {"deck", "exercises"}, "autodiff": ABOVE | {"deck", "exercises"},
               "exercises": ABOVE | {"deck"}}


def _part(module: str) -> str:
    return (module.split(".") + [""])[1]


def test_the_domain_imports_point_down():
    graph = import_graph()
    assert "deckapp.review.database" in graph["deckapp.review.deck_index"]  # the store's index lives in review/
    upward = sorted((module, used) for module, uses in graph.items() for used in uses
                    if _part(used) in NOT_USED_BY.get(_part(module), ()))
    assert upward == []


def test_the_public_python_names_import():
    code = ("from deckapp.answers import check, Verdict, parse\n"
            "from deckapp.review.sm2 import SM2State, review\n"
            "from deckapp.autodiff import Var, graph_of, trace, table, drawing, dot\n"
            "from deckapp.exercises import generate, GENERATOR_NAMES\n"
            "from deckapp.deck import load_deck\n"
            "print(check('2*x', '2x').correct, type(load_deck).__name__, len(GENERATOR_NAMES) > 0)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert out.stdout.split() == ["True", "function", "True"], out.stderr
