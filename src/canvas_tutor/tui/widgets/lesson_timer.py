"""A per-lesson timer for trainers: elapsed time against the lesson's planned minutes."""

from __future__ import annotations

import time

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from canvas_tutor.i18n import _


class LessonTimer(Widget):
    """Shows mm:ss of planned; the screen starts, pauses and resets it."""
    elapsed: reactive[float] = reactive(0.0)

    def __init__(self, minutes: int) -> None:
        super().__init__(id="timer")
        self.minutes = minutes
        self._started_at: float | None = None
        self._banked = 0.0

    @property
    def running(self) -> bool:
        return self._started_at is not None

    def on_mount(self) -> None:
        self.set_interval(0.5, self._tick)

    def _tick(self) -> None:
        if self._started_at is not None:
            self.elapsed = self._banked + time.monotonic() - self._started_at

    def toggle(self) -> None:
        """Start, or pause keeping the time so far."""
        if self._started_at is None:
            self._started_at = time.monotonic()
        else:
            self._banked += time.monotonic() - self._started_at
            self._started_at = None
            self.elapsed = self._banked
        self.refresh()

    def reset(self) -> None:
        self._started_at = None
        self._banked = 0.0
        self.elapsed = 0.0
        self.refresh()

    def render(self) -> Text:
        seconds = int(self.elapsed)
        over = seconds > self.minutes * 60
        state = _("running") if self.running else _("paused")
        if over:  # said in words too: red alone is lost on a monochrome or NO_COLOR screen
            state = _("{state}, over time").format(state=state)
        return Text(f"⏱ {seconds // 60:02d}:{seconds % 60:02d} / {self.minutes:02d}:00  "
                    f"({state})", style="bold red" if over else "bold")
