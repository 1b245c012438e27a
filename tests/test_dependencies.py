"""Every library deckapp's code imports is declared in pyproject.toml: installed on its own, deckapp must not rely
on what another dependency happens to bring."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def imported_modules() -> set[str]:
    found = set()
    for source in (REPO / "deckapp").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"deckapp", "__future__"}


def declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"]]
    requirements += [r for name, extra in project["optional-dependencies"].items() if name != "test" for r in extra]
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_every_library_deckapp_imports_is_declared():
    distributions = packages_distributions()
    missing = {module for module in imported_modules()
               if not {d.lower().replace("_", "-") for d in distributions.get(module, [module])} & declared()}
    assert missing == set()
