"""One block of the canvas on the home screen: title, lesson state and the learner's notes."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from canvas_tutor.course.model import Block
from canvas_tutor.i18n import N_

STATE_MARK = {"not started": "○", "in progress": "◐", "done": "●"}


class BlockTile(Widget, can_focus=True):
    """A focusable tile; Enter or a click asks to open the block's lesson."""

    HELP_TITLE = N_("A block of the canvas")  # its keys' heading in help

    BINDINGS = [Binding("enter", "open", N_("Open lesson"))]

    class Selected(Message):
        """The learner chose this block."""

        def __init__(self, block_id: str) -> None:
            super().__init__()
            self.block_id = block_id

    def __init__(self, block: Block, notes: list[str], state: str, extra: str = "") -> None:
        """`state` is the block lesson's state: not started, in progress or done."""
        super().__init__(id=f"tile-{block.id}", classes=f"tile side-{block.side}")
        self.block = block
        self.notes = notes
        self.state = state
        self.extra = extra
        self.styles.column_span = block.column_span
        self.styles.row_span = block.row_span

    def update(self, notes: list[str], state: str, extra: str = "") -> None:
        """Show new content after the learner worked on the block."""
        self.notes, self.state, self.extra = notes, state, extra
        self.refresh()

    def render(self) -> RenderableType:
        text = Text(no_wrap=False, overflow="ellipsis")
        text.append(f"{STATE_MARK.get(self.state, '○')} ", style="dim")
        text.append(f"{self.block.title}\n", style="bold")
        if self.notes:
            for note in self.notes:
                text.append("• ")
                text.append(note)  # appended as plain text: no markup is ever parsed
                text.append("\n")
        else:
            text.append(self.block.question, style="dim italic")
        if self.extra:
            text.append(self.extra, style="dim")
        text.rstrip()
        return self._fitted(text)

    def _fitted(self, text: Text) -> Text:
        """The text as it fits the tile: when its lines run past the bottom, the last one
        that fits ends in "…", so a question or a note cut short says so."""
        width, height = self.content_region.width, self.content_region.height
        if width < 2 or height < 1:
            return text
        lines = text.wrap(self.app.console, width)
        if len(lines) <= height:
            return text
        shown = lines[:height]
        last = shown[-1]
        last.rstrip()
        last.truncate(width - 1, overflow="crop")
        last.append("…")
        return Text("\n").join(shown)

    def action_open(self) -> None:
        self.post_message(self.Selected(self.block.id))

    def on_click(self) -> None:
        self.post_message(self.Selected(self.block.id))
