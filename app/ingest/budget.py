"""Limits on reading one file: pages, characters and processor time, and the errors they raise.

Reading is work done on a stranger's bytes: a 6 KB PDF can claim 100,000 pages, and HTML can
nest a million elements. Every reader is handed a ``Budget`` and checks it as it goes, so
that a caller serving the public can run a reader in a worker thread and know it ends. The
time is the reading thread's own processor time (as the differ's budget counts it), so a
reader waiting for others under load is not refused for their work; that is also why the
clock starts in ``ReadLimits.start()``, called in the thread that reads.
"""

from __future__ import annotations

import time
from dataclasses import dataclass


class ReadError(ValueError):
    """A file could not be read as an article; the message is meant for a person."""


class ReadTooLarge(ReadError):
    """The file is within the upload size but holds more than a statement can be (HTTP 413)."""


class ReadTooSlow(ReadError):
    """Reading the file took more than its time budget (HTTP 422)."""


@dataclass(frozen=True)
class ReadLimits:
    """What reading one file may cost. The defaults suit the shipped corpus and the CLI."""

    max_pdf_pages: int = 200
    max_text_bytes: int = 5_000_000  # UTF-8 bytes of extracted text
    budget_seconds: float | None = None  # processor seconds; None: no time limit

    def start(self, name: str) -> Budget:
        """A budget for reading ``name``, its clock started now, in the calling thread."""
        return Budget(self, name)


class Budget:
    """The running account of one read: ``check_time()`` and ``check_text()`` raise when spent."""

    __slots__ = ("_end", "limits", "name")

    def __init__(self, limits: ReadLimits, name: str) -> None:
        self.limits = limits
        self.name = name
        seconds = limits.budget_seconds
        self._end = None if seconds is None else time.thread_time() + seconds

    def check_time(self) -> None:
        """Raise ReadTooSlow once the reading thread has used up its processor time."""
        if self._end is not None and time.thread_time() > self._end:
            raise ReadTooSlow(
                f"{self.name}: reading this file took more than "
                f"{self.limits.budget_seconds:g} seconds of work; it is too long or too "
                "complicated. Try a shorter file, or paste its text."
            )

    def check_text(self, size: int) -> None:
        """Raise ReadTooLarge when ``size`` bytes of text are more than one file may give."""
        if size > self.limits.max_text_bytes:
            raise ReadTooLarge(
                f"{self.name}: this file holds more than {self.limits.max_text_bytes:,} bytes "
                "of text, more than one statement can be. Cut it to the part you want."
            )

    def check_pages(self, pages: int) -> None:
        """Raise ReadTooLarge for a document of more pages than may be read."""
        if pages > self.limits.max_pdf_pages:
            raise ReadTooLarge(
                f"{self.name}: this PDF has {pages:,} pages; at most "
                f"{self.limits.max_pdf_pages:,} are read. Save the pages of the statement "
                "as a PDF of their own, or paste its text."
            )
