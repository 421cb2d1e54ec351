"""Choose an export format; the my-canvas screen writes or delivers the file."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from canvas_tutor.export.formats import formats
from canvas_tutor.i18n import N_, _
from canvas_tutor.tui.widgets.key_bar import closes_hint


class ExportDialog(ModalScreen[str | None]):
    """Returns the chosen format id, or None."""

    CSS_PATH = "dialogs.tcss"  # loaded with the first dialog, not before the first frame
    BINDINGS = [Binding("escape", "dismiss_none", N_("Cancel"))]

    def __init__(self, where: str) -> None:
        super().__init__()
        self._where = where

    def compose(self) -> ComposeResult:
        with Vertical(id="export") as box:
            box.border_title = Text(_("Export your canvas"))
            box.border_subtitle = Text(closes_hint(self.app))
            yield OptionList(*(Option(f.label(), id=f.id) for f in formats("canvas")))
            yield Static(self._where, classes="muted", markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
