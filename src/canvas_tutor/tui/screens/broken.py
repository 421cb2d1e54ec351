"""A canvas that cannot be read: say what is wrong, offer the backup or a new file.

The broken file is never overwritten: the backup is copied to a new name, and a new
canvas gets a new name too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from canvas_tutor.canvas.store import backup_path, recover_backup
from canvas_tutor.errors import CanvasError
from canvas_tutor.i18n import N_, _
from canvas_tutor.text import visible

if TYPE_CHECKING:
    from canvas_tutor.tui.app import CanvasTutorApp


class BrokenCanvasScreen(ModalScreen[None]):
    """Explains the fault and lets the learner choose what to do."""

    CSS_PATH = "dialogs.tcss"  # loaded with the first dialog, not before the first frame
    BINDINGS = [Binding("escape", "dismiss", N_("Back"))]

    def __init__(self, path: Path, error: CanvasError) -> None:
        super().__init__()
        self.path = path
        self.error = error

    def compose(self) -> ComposeResult:
        has_backup = backup_path(self.path).is_file()
        with Vertical(id="broken") as box:
            box.border_title = Text(_("This canvas cannot be opened"))
            yield Static(self._described(self.error), markup=False)
            yield Static(_("The file is left exactly as it is. You can open the last good "
                           "version (the backup, copied to a new file), or start a new "
                           "canvas."), markup=False)
            with Horizontal():
                if has_backup:
                    yield Button(_("Open the backup"), id="backup", variant="primary")
                yield Button(_("Start a new canvas"), id="new")
                yield Button(_("Quit"), id="quit", variant="error")

    def _described(self, error: CanvasError) -> str:
        """The fault; in a served class with the file's name only, never a server path."""
        if not cast("CanvasTutorApp", self.app).fixed_folder:
            return visible(error)
        where = f"{error.path.name}:{error.line}" if error.line else error.path.name
        return visible(f"{where}: {error.message}")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        app = cast("CanvasTutorApp", self.app)
        if event.button.id == "backup":
            try:
                target = recover_backup(self.path)
            except (CanvasError, OSError) as exc:
                shown = self._described(exc) if isinstance(exc, CanvasError) else \
                    visible(exc)
                self.notify(shown, title=_("The backup cannot be used either"),
                            severity="error", markup=False, timeout=10)
                return
            self.dismiss()
            app.notify(_("Recovered the backup as {file}").format(file=visible(target.name)),
                       markup=False)
            app.open_canvas(target)
        elif event.button.id == "new":
            app.canvas_path = None
            self.dismiss()
        else:
            app.exit()
