"""Validate a generated 10,000-card deck (whole process) against a bare CSafeLoader load of the same file.

Run: python benchmarks/bench_validate.py [--cards N] [--runs R]. Goal: ratio <= 1.5x.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _util import time_processes

GENERATORS = ["derivative", "chain_rule", "partial", "gradient", "graph_forward", "graph_backward"]


def generate_deck(cards: int) -> str:
    lines = [
        "deck: generated-benchmark",
        "title: A generated deck for the validation benchmark",
        "tags: [benchmark]",
        "cards:",
    ]
    for i in range(cards):
        lines.append(f"  - id: card-{i}")
        if i % 5 == 3:
            lines.append(f"    front: Differentiate $x^{i % 7 + 2} + {i}x$ with respect to x.")
            lines.append(f'    answer: "{i % 7 + 2}*x^{i % 7 + 1} + {i}"')
        elif i % 5 == 4:
            lines.append(f"    front: Solve exercise number {i}.")
            lines.append(f"    exercise: {{generator: {GENERATORS[i % 6]}, difficulty: {i % 3 + 1}}}")
        else:
            lines.append(f"    front: What is fact number {i} about gradients?")
            lines.append("    back: |")
            lines.append(f"      Fact {i}: the gradient points in the direction of steepest ascent,")
            lines.append("      and its length is the rate of change in that direction.")
        lines.append(f"    tags: [topic-{i % 10}]")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        path.write_text(generate_deck(args.cards), encoding="utf-8")
        size = path.stat().st_size
        baseline, ours = time_processes(
            [[sys.executable, "-c",
              f"import yaml; yaml.load(open({str(path)!r}, encoding='utf-8'), Loader=yaml.CSafeLoader)"],
             [sys.executable, "-m", "deckapp", "validate", str(path)]],
            args.runs)
    print(f"deck: {args.cards:,} cards, {size:,} bytes; median of {args.runs} runs")
    print(f"baseline  yaml.load(CSafeLoader), whole process: {baseline * 1000:8.1f} ms")
    print(f"deckapp validate, whole process:                {ours * 1000:8.1f} ms")
    print(f"ratio: {ours / baseline:.2f}x (goal <= 1.5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
