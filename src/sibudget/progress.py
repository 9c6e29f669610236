"""Progress for long work: a line that updates in place on a terminal, nothing when the output
is not a terminal (CI logs, pipes)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.count = 0
        self.started = time.monotonic()
        self.enabled = self.stream.isatty()

    def advance(self, item: str = "") -> None:
        self.count += 1
        if self.enabled:
            elapsed = time.monotonic() - self.started
            self.stream.write(
                f"\r{self.label}: {self.count}/{self.total} {item[:40]:<40} {elapsed:5.1f} s"
            )
            self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def step(message: str, stream: TextIO | None = None) -> None:
    """A one-line note of a long step, on a terminal only."""
    out = stream or sys.stderr
    if out.isatty():
        out.write(f"… {message}\n")
        out.flush()
