"""The final save failed: keep the app open, say why, and offer a way out.

Quitting must never lose work silently. This dialog stays until the work is safe
(saved again, or saved as a copy somewhere else) or the learner chooses, in so many
words, to quit without saving.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from canvas_tutor.errors import CanvasError
from canvas_tutor.i18n import N_, _

if TYPE_CHECKING:
    from canvas_tutor.tui.app import CanvasTutorApp


class SaveFailedScreen(ModalScreen[None]):
    """Shown instead of quitting when the last save did not reach the disk."""

    CSS_PATH = "save_failed.tcss"
    BINDINGS = [Binding("escape", "dismiss", N_("Back to the course"))]

    def __init__(self, error: CanvasError, *, suggestion: Path | None = None) -> None:
        super().__init__()
        self.error = error
        self.suggestion = suggestion  # None: no choosing of folders (a served class)

    def compose(self) -> ComposeResult:
        with Vertical(id="save-failed") as box:
            box.border_title = Text(_("Your last changes are not saved"))
            yield Static(str(self.error), id="reason", markup=False)
            yield Static(_("canvas-tutor stays open so that nothing is lost. Free some "
                           "space or fix the folder and try again, or save a copy of your "
                           "canvas somewhere else."), markup=False)
            if self.suggestion is not None:
                yield Input(str(self.suggestion), id="elsewhere",
                            placeholder=_("Save a copy as (a file name ending .canvas.toml)"))
            with Horizontal():
                yield Button(_("Try again"), id="retry", variant="primary", compact=True)
                if self.suggestion is not None:
                    yield Button(_("Save the copy, quit"), id="copy", compact=True)
                yield Button(_("Back"), id="back", compact=True)
                yield Button(_("Quit without saving"), id="discard", variant="error",
                             compact=True)

    def on_mount(self) -> None:
        self.query_one("#retry", Button).focus()

    def show(self, error: CanvasError) -> None:
        """Another attempt failed: show its reason (it may differ from the first)."""
        self.error = error
        self.query_one("#reason", Static).update(str(error))

    def retry(self) -> None:
        """Save again; quit if it worked, otherwise say why not."""
        app = cast("CanvasTutorApp", self.app)
        error = app.final_save()
        if error is None:
            app.exit()
        else:
            self.show(error)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save_copy()

    def _save_copy(self) -> None:
        app = cast("CanvasTutorApp", self.app)
        text = self.query_one("#elsewhere", Input).value.strip()
        if not text:
            self.query_one("#reason", Static).update(_("Type where to save the copy."))
            return
        error = app.save_elsewhere(Path(text).expanduser())
        if error is None:
            app.exit()
        else:
            self.show(error)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "retry":
            self.retry()
        elif event.button.id == "copy":
            self._save_copy()
        elif event.button.id == "back":
            self.dismiss()
        elif event.button.id == "discard":
            cast("CanvasTutorApp", self.app).exit()
