"""A cooperative time budget, so that a hostile input cannot hold a worker for long.

The differ's cost grows about linearly with the input, but the constant is that of pure
Python: a megabyte of one-word sentences is a lot of clauses. A caller that serves the
public (the web app) passes `budget_seconds`; the expensive loops call `Deadline.check()`,
which raises `AlignmentTimeout` once the budget is spent. Checking the clock is cheap, but
the loops still check only every so many steps.

The budget is the aligning thread's own processor time, not wall time: under a burst of
requests, threads wait for each other (and for the GIL), and an ordinary pair must not
be refused because others were aligned at the same moment. A hostile input spends its
budget on its own.
"""

from __future__ import annotations

import time


class AlignmentTimeout(Exception):
    """The alignment took longer than the time budget it was given."""

    def __init__(self, budget_seconds: float) -> None:
        self.budget_seconds = budget_seconds
        super().__init__(
            f"The statements could not be aligned within {budget_seconds:g} seconds of work; "
            "they are too long or too repetitive to compare. Try shorter statements."
        )


class Deadline:
    """When the thread's processor time passes the budget, `check()` raises AlignmentTimeout."""

    __slots__ = ("_budget", "_end")

    def __init__(self, budget_seconds: float | None = None) -> None:
        self._budget = budget_seconds
        self._end = None if budget_seconds is None else time.thread_time() + budget_seconds

    def check(self) -> None:
        """Raise AlignmentTimeout if the budget is spent (never, without a budget)."""
        if self._end is not None and time.thread_time() > self._end:
            raise AlignmentTimeout(self._budget or 0.0)

    def every(self, step: int, mask: int = 255) -> None:
        """`check()` on one step in 256: for loops whose steps cost microseconds."""
        if not step & mask:
            self.check()


NO_DEADLINE = Deadline()
