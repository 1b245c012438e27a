"""The autodiff benchmark script keeps its contract (timing itself is never asserted here)."""

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_autodiff.py"


@pytest.fixture
def bench():
    spec = importlib.util.spec_from_file_location("bench_autodiff", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_runs_and_prints_the_ratio_against_micrograd(bench, capsys):
    pytest.importorskip("micrograd")
    assert bench.main(["--terms", "40", "--repeats", "1"]) == 0
    out = capsys.readouterr().out
    assert "40 terms relu(a*b + c) * d summed pairwise (359 nodes)" in out
    assert "time ratio deckapp.autodiff / micrograd 0.1.0:" in out
    assert "goal <= 0.75x" in out


def test_without_micrograd_it_says_how_to_install_it_and_exits_2(bench, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "micrograd", None)
    monkeypatch.setitem(sys.modules, "micrograd.engine", None)
    assert bench.main([]) == 2
    assert "pip install -e '.[bench]'" in capsys.readouterr().err


def test_pairwise_sum_is_a_balanced_tree(bench):
    class Leaf:
        def __init__(self, depth=0):
            self.depth = depth

        def __add__(self, other):
            return Leaf(max(self.depth, other.depth) + 1)

    assert bench.pairwise_sum([Leaf() for _ in range(20_000)]).depth == 15  # ceil(log2(20000))
