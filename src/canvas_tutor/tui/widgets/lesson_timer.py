"""A per-lesson timer for trainers: elapsed time against the lesson's planned minutes."""

from __future__ import annotations

import time

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from canvas_tutor.i18n import _


class Clock:
    """The class's running time, kept by the app: it goes on when the lesson changes."""

    def __init__(self) -> None:
        self.started_at: float | None = None
        self.banked = 0.0

    def elapsed(self) -> float:
        running = time.monotonic() - self.started_at if self.started_at is not None else 0.0
        return self.banked + running


class LessonTimer(Widget):
    """Shows mm:ss of planned and, on its own line, running or paused."""

    elapsed: reactive[float] = reactive(0.0)

    def __init__(self, minutes: int, clock: Clock | None = None) -> None:
        super().__init__(id="timer")
        self.minutes = minutes
        self.clock = clock or Clock()

    @property
    def running(self) -> bool:
        return self.clock.started_at is not None

    def on_mount(self) -> None:
        self.elapsed = self.clock.elapsed()
        self.set_interval(0.5, self._tick)

    def _tick(self) -> None:
        if self.running:
            self.elapsed = self.clock.elapsed()

    def toggle(self) -> None:
        """Start, or pause keeping the time so far."""
        clock = self.clock
        if clock.started_at is None:
            clock.started_at = time.monotonic()
        else:
            clock.banked = clock.elapsed()
            clock.started_at = None
            self.elapsed = clock.banked
        self.refresh()

    def reset(self) -> None:
        self.clock.started_at = None
        self.clock.banked = 0.0
        self.elapsed = 0.0
        self.refresh()

    def render(self) -> Text:
        seconds = int(self.elapsed)
        over = seconds > self.minutes * 60
        state = _("running") if self.running else _("paused")
        if over:  # said in words too: red alone is lost on a monochrome or NO_COLOR screen
            state = _("{state}, over time").format(state=state)
        # the state on a line of its own, so a narrow panel never cuts it off
        return Text(f"⏱ {seconds // 60:02d}:{seconds % 60:02d} / {self.minutes:02d}:00\n"
                    f"{state}", style="bold red" if over else "bold")
