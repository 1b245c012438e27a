"""Exercise.to_dict(): the keys the contract names, a JSON round trip through the seed, and a `data` from which
SymPy alone reproduces the answer."""

import json
import math

import pytest
import sympy

from deckapp.answers.parser import to_sympy
from deckapp.answers.sympy_functions import elementary
from deckapp.exercises import GENERATOR_NAMES, generate

KEYS = ["generator", "seed", "difficulty", "prompt", "answer", "kind", "variables", "solution", "data"]
SEEDS = range(0, 600, 37)


def numbers(expr, point=None) -> list[float]:
    """The float value(s) of a SymPy expression or tuple at `point` (name -> value)."""
    items = expr if isinstance(expr, tuple | list | sympy.Tuple) else [expr]
    subs = {sympy.Symbol(k): v for k, v in (point or {}).items()}
    return [float(sympy.N(elementary(sympy.sympify(item)).subs(subs), 30)) for item in items]


def reference(d: dict, at: dict[str, float]):
    """The answer as SymPy computes it from `d["data"]` alone, as a list of floats at the point `at` (for answers
    that are functions) or as numbers."""
    data = d["data"]
    names = data.get("variables") or [data["variable"]]
    f = to_sympy(data["function"], variables=names)
    symbols = {n: sympy.Symbol(n) for n in names}
    name = d["generator"]
    if name in ("derivative", "chain_rule", "partial", "multivariate_chain"):
        return numbers(sympy.diff(f, symbols[data["variable"]]), at)
    if name == "gradient" and "eta" not in data:
        return numbers(tuple(sympy.diff(f, symbols[n]) for n in names), at)
    if name in ("gradient", "gradient_descent"):
        point = [sympy.nsimplify(data["point"][n]) for n in names]
        eta = sympy.nsimplify(data["eta"])
        for _ in range(data["steps"]):
            here = dict(zip(symbols.values(), point, strict=True))
            point = [p - eta * sympy.diff(f, symbols[n]).subs(here) for p, n in zip(point, names, strict=True)]
        return numbers(tuple(point))
    if name == "graph_forward":
        return numbers(f, data["point"])
    if name == "graph_build":
        if "node" in data:
            return numbers(to_sympy(data["node"], variables=names), data["point"])
        return [float(d["answer"])]  # the node count: tests/test_exercise_variants.py counts it independently
    if name == "tangent":
        x, c = symbols["x"], data["point"]["x"]
        slope = sympy.diff(f, x).subs(x, c)
        if d["difficulty"] == 1:
            return numbers(slope)
        return numbers(slope * at["x"] + f.subs(x, c) - slope * c)  # y on the tangent at x = at["x"]
    if name == "linear":
        x = symbols["x"]
        asked = data["asked"]
        if asked == "angle":
            return [math.degrees(math.atan(float(sympy.diff(f, x))))]
        if asked == "equation":
            return numbers(f, at)
        slope, intercept = sympy.diff(f, x), f.subs(x, 0)
        return numbers({"slope": slope, "intercept": intercept}.get(asked, (slope, intercept)))
    if name == "minimum":
        x = symbols["x"]
        df = sympy.diff(f, x)
        points = sorted((p for p in sympy.solve(df, x) if p.is_real), key=float)
        kinds = [sympy.sign(sympy.diff(f, x, 2).subs(x, p)) for p in points]
        if data["asked"] == "all":
            return numbers(tuple(points))
        if data["asked"] == "the point":
            return numbers(points[0])
        wanted = 1 if data["asked"] == "minimum" else -1
        return numbers(points[kinds.index(wanted)])
    if name == "graph_backward":
        wanted = [data["variable"]] if "variable" in data else names
        return numbers(tuple(sympy.diff(f, symbols[n]) for n in wanted), data["point"])
    raise AssertionError(f"no reference for {name}")


def answer_numbers(d: dict, at: dict[str, float]) -> list[float]:
    answer = to_sympy(d["answer"], variables=d["variables"] or None)
    if d["kind"] == "equation":  # y = k x + n: y at the point
        return numbers(sympy.solve(answer, sympy.Symbol("y"))[0], at)
    return numbers(answer, at)


@pytest.mark.parametrize("name", GENERATOR_NAMES)
@pytest.mark.parametrize("difficulty", [1, 2, 3])
def test_to_dict_round_trips_through_json_and_the_seed(name, difficulty):
    for seed in SEEDS:
        d = generate(name, seed, difficulty).to_dict()
        assert list(d) == KEYS
        again = json.loads(json.dumps(d))
        assert generate(again["generator"], again["seed"], again["difficulty"]).to_dict() == again == d
        assert len(d["solution"]) >= 2 and all(isinstance(s, str) and s for s in d["solution"])
        assert isinstance(d["data"]["function"], str) and d["data"]["function"]
        assert ("variable" in d["data"]) or ("variables" in d["data"])


@pytest.mark.parametrize("name", GENERATOR_NAMES)
@pytest.mark.parametrize("difficulty", [1, 2, 3])
def test_data_function_reproduces_the_answer(name, difficulty):
    at = {"x": 0.7, "y": -0.4, "z": 1.3}
    for seed in SEEDS:
        d = generate(name, seed, difficulty).to_dict()
        expected, got = reference(d, at), answer_numbers(d, at)
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12), (seed, d)


def test_data_carries_the_point_eta_and_values_it_names():
    d = generate("graph_backward", 4, 2).to_dict()
    assert set(d["data"]["input_gradients"]) == set(d["data"]["variables"]) == set(d["data"]["point"])
    d = generate("graph_forward", 4, 1).to_dict()
    assert d["data"]["output_value"] == pytest.approx(float(d["answer"]))
    d = generate("gradient", 4, 3).to_dict()
    assert {"point", "eta", "steps"} <= set(d["data"])


def test_the_solution_string_is_the_steps_joined():
    exercise = generate("chain_rule", 8, 2)
    assert exercise.solution == "\n".join(exercise.steps) and isinstance(exercise.solution, str)
    assert exercise.to_dict()["solution"] == list(exercise.steps)


def test_minimum_and_tangent_say_what_the_sign_sympy_gives_says():
    """The classification (minimum's kinds, tangent's rising or falling) against the sign of SymPy's f'' or f'."""
    x = sympy.Symbol("x")
    for seed in SEEDS:
        for difficulty in (1, 2, 3):
            data = generate("minimum", seed, difficulty).to_dict()["data"]
            f2 = sympy.diff(to_sympy(data["function"], variables=["x"]), x, 2)
            signs = [sympy.sign(f2.subs(x, to_sympy(p, variables=["x"]))) for p in data["stationary_points"]]
            assert data["kinds"] == [{1: "minimum", -1: "maximum", 0: "neither"}[s] for s in signs], (seed, data)
        d = generate("tangent", seed, 1).to_dict()
        slope = sympy.diff(to_sympy(d["data"]["function"], variables=["x"]), x).subs(x, d["data"]["point"]["x"])
        assert ("so $f$ is rising" in d["solution"][-1]) == (slope > 0), (seed, d["solution"])


def test_the_readme_and_the_model_name_every_data_key_a_generator_gives():
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    readme = (repo / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### deckapp exercise"):readme.index("### deckapp export")]
    model = (repo / "deckapp" / "exercises" / "model.py").read_text(encoding="utf-8").splitlines()
    comment = " ".join(line for line in model if line.lstrip().startswith("#"))
    keys = {key for name in GENERATOR_NAMES for difficulty in (1, 2, 3) for seed in range(60)
            for key in generate(name, seed, difficulty).to_dict()["data"]}
    assert {"asked", "kinds", "node", "stationary_points"} <= keys
    assert [k for k in sorted(keys) if f"`{k}`" not in section] == []
    assert [k for k in sorted(keys) if k not in comment] == []
