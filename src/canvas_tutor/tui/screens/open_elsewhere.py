"""A canvas open in another window: say which one, and offer the others plainly.

A second canvas-tutor on the same canvas cannot write it (the store's lock). Instead of a
toast and a welcome list that had another learner's canvas under the cursor, this dialog
names the canvas that is busy (learner, venture, file), offers to try again once it is
closed there, to start a new canvas, or to open one of the other canvases of the folder,
each by its learner's name. The cursor starts on "Try again", never on someone else's work.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from canvas_tutor.canvas.library import CanvasSummary
from canvas_tutor.i18n import N_, _
from canvas_tutor.text import one_line, visible
from canvas_tutor.tui.widgets.key_bar import closes_hint

RETRY, NEW = "retry", "new"


def who(name: str, venture: str, path: Path) -> str:
    """A canvas as a person knows it: "Ann · Bike repair van", else its file name."""
    name, venture = one_line(name), one_line(venture)
    if name:
        return f"{name} · {venture}" if venture else name
    return visible(path.name)


class OpenElsewhereDialog(ModalScreen[Path | str | None]):
    """Returns RETRY, NEW, the path of another canvas to open, or None (back)."""

    CSS_PATH = "dialogs.tcss"  # loaded with the first dialog, not before the first frame
    BINDINGS = [Binding("escape", "back", N_("Back"))]

    def __init__(self, path: Path, name: str, venture: str,
                 others: list[CanvasSummary]) -> None:
        super().__init__()
        self.path = path
        self.learner = name
        self.venture = venture
        self.others = [s for s in others if not s.error]

    def compose(self) -> ComposeResult:
        with Vertical(id="elsewhere") as box:
            box.border_title = Text(_("Canvas already open"))
            box.border_subtitle = Text(closes_hint(self.app))
            message = _("{canvas} ({file}) is open in another canvas-tutor window. Close it "
                        "there, then try again.")
            before, _mark, after = message.partition("{canvas}")  # the name in bold, as text
            lead = Text(before.replace("{file}", visible(self.path.name)))
            lead.append(who(self.learner, self.venture, self.path), style="bold")
            lead.append(after.replace("{file}", visible(self.path.name)))
            yield Static(lead, id="elsewhere-lead")
            options: list[Option | None] = [
                Option(Text("↻ " + _("Try again")), id=RETRY),
                Option(Text("+ " + _("Start a new canvas")), id=NEW)]
            if self.others:
                options += [None, Option(Text(_("Or open another canvas of this folder:"),
                                              style="bold"), disabled=True)]
            for index, other in enumerate(self.others):
                label = Text(who(other.name, other.venture, other.path))
                label.append(f"\n  {visible(other.path.name)}", style="dim")
                options.append(Option(label, id=f"other-{index}"))
            yield OptionList(*options, id="elsewhere-choices")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = 0  # Try again
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id or ""
        if chosen.startswith("other-"):
            self.dismiss(self.others[int(chosen.removeprefix("other-"))].path)
        else:
            self.dismiss(chosen)

    def action_back(self) -> None:
        self.dismiss(None)
