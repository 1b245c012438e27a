"""The checker's last stage: asking SymPy, in a child process that is killed at its deadline.

SymPy's simplify can run for minutes on some inputs and cannot be interrupted from inside the process, so the
work happens in a forked child and the parent waits at most `budget` seconds. The child gets parsed trees (never
text to sympify) and answers True (proved equal), False (proved different) or None (could not tell).

The parent kills the child at the deadline; the child does not count on it. It asks the kernel to kill it when
its parent dies (Linux), however the parent ends (SIGTERM, SIGHUP when its terminal closes, SIGKILL), and sets
itself an alarm shortly after the deadline that ends it even while the parent is alive but stuck or stopped.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
import warnings

from deckapp.answers.tree import Node

MIN_BUDGET = 0.05
GRACE = 0.5  # how long past its deadline a child may live when its parent has not killed it
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def equivalent(expected: Node, answer: Node, budget: float, *, mode: str = "difference") -> bool | None:
    """Whether SymPy shows `answer` equals `expected` ("difference": e - a = 0) or is a nonzero constant
    multiple of it ("ratio", for the two sides of equations moved to one side); None when undecided in time."""
    deadline = time.monotonic() + budget
    if budget < MIN_BUDGET:
        return None
    _load_sympy()
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    left = max(0.0, deadline - time.monotonic())  # loading SymPy the first time takes part of the budget
    child = context.Process(target=_work, args=(sender, expected, answer, mode, os.getpid(), left), daemon=True)
    try:
        with warnings.catch_warnings():  # Python 3.12+ warns about forking with threads; see _context
            warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
            child.start()
    except OSError:  # no processes left to fork: undecided rather than unbounded
        receiver.close()
        sender.close()
        return None
    sender.close()
    try:
        if receiver.poll(max(0.0, deadline - time.monotonic())):
            return receiver.recv()
        return None
    except (EOFError, OSError):
        return None
    finally:
        if child.is_alive():
            child.kill()
        child.join(0.2)
        receiver.close()


def _load_sympy() -> None:
    """Import SymPy here, once, so that every forked child starts with it loaded."""
    import sympy.simplify  # noqa: F401

    import deckapp.answers.parser  # noqa: F401
    import deckapp.answers.sympy_functions  # noqa: F401


def _context():
    """fork where there is one: the child starts at once with SymPy loaded, and re-imports nothing.

    Forking a process that runs other threads (the study app) can in principle leave the child waiting on a lock
    another thread held; such a child is killed at the deadline like a slow one, and the check is undecided. The
    alternatives (spawn, a fork server) start a fresh interpreter that re-imports the main module and SymPy,
    which costs most of the budget. Without fork (Windows), spawn it is.
    """
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _work(connection, expected: Node, answer: Node, mode: str, parent: int, budget: float) -> None:
    _bound_lifetime(parent, budget)
    try:
        result = decide(expected, answer, mode)
    except Exception:  # SymPy gave up in some unforeseen way: undecided
        result = None
    connection.send(result)
    connection.close()


def _bound_lifetime(parent: int, budget: float) -> None:
    """In the child: die with the parent, and at the latest `GRACE` seconds after the deadline.

    The alarm's default action ends the process from the kernel, even inside a long C call that holds the GIL.
    Should the parent have died before the death signal was asked for, the child is already someone else's.
    """
    if hasattr(signal, "setitimer"):
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_REAL, budget + GRACE)
    if sys.platform.startswith("linux"):
        import contextlib
        import ctypes

        with contextlib.suppress(OSError, AttributeError):  # no prctl in this C library: the alarm bounds the child
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(0)


def decide(expected: Node, answer: Node, mode: str = "difference") -> bool | None:
    """The symbolic comparison itself (unbounded: call it through `equivalent`)."""
    import sympy

    from deckapp.answers.parser import build
    from deckapp.answers.sympy_functions import elementary

    e, a = build(expected), build(answer)
    real = {s: sympy.Symbol(s.name, real=True) for s in e.free_symbols | a.free_symbols}
    e, a = elementary(e.xreplace(real)), elementary(a.xreplace(real))
    if mode == "ratio":
        if e == 0 or a == 0:
            return e == a
        ratio = sympy.simplify(a / e)
        if not ratio.free_symbols:
            return bool(ratio.is_zero is False and ratio.is_finite)
        return None
    difference = sympy.simplify(e - a)
    if difference == 0:
        return True
    if not difference.free_symbols and difference.is_zero is False:
        return False
    return None
