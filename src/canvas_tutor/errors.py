"""The errors a user can act on, in one light module.

The command line and the app catch these; keeping them apart from the code that raises
them means catching one never imports a TOML parser or a course reader at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from canvas_tutor.i18n import _, ngettext

if TYPE_CHECKING:
    from canvas_tutor.course.faults import Fault


class UserError(Exception):
    """Something the user can fix; the message says what is wrong and what to do."""


class CanvasError(Exception):
    """A canvas file that cannot be used: names the file, the line if known, and the fault."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        from canvas_tutor.text import visible  # a file name or key may hold ESC: show it

        self.path = Path(path)
        self.line = line
        self.message = visible(message)
        where = visible(f"{self.path}:{line}" if line else f"{self.path}")
        super().__init__(f"{where}: {self.message}")


class CanvasLocked(CanvasError):
    """Another canvas-tutor process has this canvas open."""


class CourseError(Exception):
    """A course pack that cannot be used; carries every fault found."""

    def __init__(self, faults: list[Fault]) -> None:
        self.faults = faults
        first = str(faults[0]) if faults else _("invalid course pack")
        more = (" " + ngettext("(and {n} more)", "(and {n} more)", len(faults) - 1).format(
            n=len(faults) - 1)) if len(faults) > 1 else ""
        super().__init__(first + more)
