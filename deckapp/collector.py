"""Python's cycle collector, paused around a burst of allocation that makes no garbage cycles worth chasing.

Reading a deck allocates a few objects per character of YAML (or of its cached JSON), all kept until the deck is
built; importing a file builds its cards, then writes and reads back their YAML. The collector runs every 700
allocations and, as the heap grows, its older generations walk everything made so far: about a third of the time
spent reading a 10,000-card deck (benchmarks/bench_export.py). A cycle made meanwhile (an exception's traceback)
is collected once the collector runs again.

The pause is the whole process's, every thread's (a child forked meanwhile, such as the checker's SymPy process,
starts with the collector off too: it is short-lived and bounded in time), so only quick, synchronous work that
makes no garbage cycles (no SymPy) runs inside it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside, then on again if it was on: a caller's own pause is left as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
