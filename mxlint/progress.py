"""Progress on a terminal for runs that take more than about a second.

Shown on stderr only when it is a terminal (never on a pipe, so never in CI logs), only once
the run has taken ``after`` seconds, at most ten times a second, and erased when done.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(
        self, stream: TextIO | None = None, after: float = 1.0, enabled: bool = True
    ) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.enabled = enabled and self.stream.isatty()
        self.start = time.monotonic()
        self.after = after
        self._next = self.start + after
        self._shown = False
        self.files_done = 0
        self.files_total = 0
        self.records = 0

    def tick(self, records: int = 0) -> None:
        """Called often (per file, every few thousand records); cheap when nothing is shown."""
        if self._due():
            total = self.records + records
            self._write(f"{self.files_done}/{self.files_total} files, {total:,} records read")

    def file_done(self, records: int) -> None:
        self.files_done += 1
        self.records += records
        self.tick()

    def note(self, text: str) -> None:
        if self._shown:
            self.stream.write(f"\rmxlint: {text}\033[K")
            self.stream.flush()

    def done(self) -> None:
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False

    def status(self, text: str) -> None:
        """Like :meth:`tick`, with a stage's own text (the online checks count queries)."""
        if self._due():
            self._write(text)

    def _due(self) -> bool:
        """True at most ten times a second, once the run has taken ``after`` seconds."""
        if not self.enabled:
            return False
        now = time.monotonic()
        if now < self._next:
            return False
        self._next = now + 0.1
        return True

    def _write(self, text: str) -> None:
        self._shown = True
        self.stream.write(f"\rmxlint: {text}\033[K")
        self.stream.flush()
