"""A small progress bar on stderr for long runs (the class report over many files).

It draws only on a terminal (or when forced), so a report piped into a file or run from a
script leaves no control characters behind, and it redraws at most about ten times a second
so that a thousand fast files do not spend their time printing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from canvas_tutor.i18n import ngettext


class ProgressBar:
    """A `progress(done, total)` callback that prints `\\r[#####-----] 500/1000 files`."""

    def __init__(self, stream: TextIO | None = None, *, force: bool = False, width: int = 30,
                 label: str | None = None, interval: float = 0.1,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = force or bool(isatty and isatty())
        self.width = max(1, width)
        self.label = label  # None: "file" or "files", by the count, in the active language
        self.interval = interval
        self.clock = clock
        self._last = float("-inf")
        self._drawn = False

    def line(self, done: int, total: int) -> str:
        """The bar's text for these counts (without the leading carriage return)."""
        filled = self.width if total <= 0 else min(self.width, self.width * done // total)
        label = self.label or ngettext("file", "files", total)
        return f"[{'#' * filled}{'-' * (self.width - filled)}] {done}/{total} {label}"

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if done < total and now - self._last < self.interval:
            return
        self._last = now
        self._drawn = True
        self.stream.write("\r" + self.line(done, total))
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line so the next message starts on a fresh one."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

    finish = close
