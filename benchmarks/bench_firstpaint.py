"""First paint of the study app's Home in a real terminal (a pseudo-terminal of 80x24), against a bare Textual app
(Header, Static, Footer) started the same way in the same run.

Each run starts the process on a fresh pty and times it until the text it should show has been written to the
terminal: for deckapp, the title of the bundled deck in the home table (with a store and a library of decks
that exist, as a returning student has them); for the bare app, its Static's text. The processes take turns,
so a burst of load on this shared machine falls on both.

Run: python benchmarks/bench_firstpaint.py [--runs R]. Goal: ratio <= 1.2x.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from _util import PYCACHE, REPO

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("bare first paint marker")
        yield Footer()

Bare().run()
"""
TIMEOUT = 30.0
CONTROL = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")  # escapes


def first_paint(argv: list[str], marker: bytes, env: dict, size: tuple[int, int] = (80, 24)) -> float:
    """Seconds from starting `argv` on a new pseudo-terminal until `marker` appears in what it writes."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
                               close_fds=True)
    os.close(slave)
    seen = b""
    try:
        while marker not in CONTROL.sub(b"", seen):
            if time.perf_counter() - start > TIMEOUT:
                sys.exit(f"no first paint after {TIMEOUT:.0f} s: {' '.join(argv)}\n{seen[-2000:]!r}")
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:  # the process ended
                    sys.exit(f"the process ended before its first paint: {' '.join(argv)}\n{seen[-2000:]!r}")
        return time.perf_counter() - start
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)


def app_env(tmp: str) -> dict:
    """The processes' environment: every file deckapp keeps (store, config, deck cache) in `tmp`, none in the
    user's own folders."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": str(PYCACHE), "TERM": "xterm-256color",
           "COLORTERM": "truecolor", "DECKAPP_DB": str(Path(tmp) / "store.sqlite3"),
           "DECKAPP_CONFIG": str(Path(tmp) / "config"), "DECKAPP_CACHE": str(Path(tmp) / "cache"),
           "DECKAPP_NOW": "2026-03-02T10:00:00+00:00"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("TEXTUAL", None)
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = app_env(tmp)
        deck = Path(tmp) / "own.yaml"
        deck.write_text("deck: own\ntitle: A deck of my own\ncards:\n  - id: a\n    front: Q\n    back: A\n",
                        encoding="utf-8")
        added = subprocess.run([sys.executable, "-m", "deckapp", "add", str(deck)], env=env, capture_output=True,
                               text=True)
        if added.returncode != 0:
            sys.exit(f"deckapp add failed: {added.stderr}")
        commands = [([sys.executable, "-c", BARE_APP], b"bare first paint marker"),
                    ([sys.executable, "-m", "deckapp"], b"Mathematical foundations")]
        times: list[list[float]] = [[], []]
        for attempt in range(args.runs + 1):  # the first round warms up (and compiles)
            for (argv, marker), kept in zip(commands, times, strict=True):
                elapsed = first_paint(argv, marker, env)
                if attempt:
                    kept.append(elapsed)
    bare, home = (statistics.median(kept) for kept in times)
    print(f"first paint at 80x24, median of {args.runs} runs")
    print(f"baseline  bare Textual app (Header, Static, Footer): {bare * 1000:8.1f} ms")
    print(f"deckapp Home (bundled deck and a deck of one's own):  {home * 1000:8.1f} ms")
    print(f"ratio: {home / bare:.2f}x (goal <= 1.2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
