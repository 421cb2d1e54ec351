"""A block of the my-canvas board: everything the learner wrote for it, scrollable."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from canvas_tutor.export.common import BlockView
from canvas_tutor.i18n import N_, _


def board_head(view: BlockView) -> Text:
    """The block's title, and its guiding question while it is empty (plain text).

    Drawn with `text-overflow: ellipsis`: lines break between words, and a word longer
    than a narrow tile ends in "…" instead of being split ("relationsh" / "ips").
    """
    text = Text(view.title, style="bold")
    if view.empty:
        text.append("\n")
        text.append(view.question or _("Nothing here yet."), style="dim italic")
    return text


def board_body(view: BlockView) -> RenderableType:
    """The block's notes, chosen types and answers as plain text (never markup); the
    learner's own words are folded, never cut, so all of them can be read. Notes hang
    beside their bullets, so a narrow tile never shows a bullet alone on its line."""
    parts: list[RenderableType] = []
    if view.notes:
        notes = Table.grid(padding=(0, 1, 0, 0))
        notes.add_column(width=1, no_wrap=True)
        notes.add_column(ratio=1, overflow="fold")
        for note in view.notes:
            notes.add_row("•", Text(note))
        parts.append(notes)
    text = Text()
    if view.types:
        text.append(_("Types: "), style="bold")
        text.append(", ".join(label for _id, label in view.types))
        text.append("\n")
    for answer in view.answers:
        text.append(f"\n{answer.prompt}\n", style="bold dim")
        text.append(answer.text)
        text.append("\n")
    text.rstrip()
    if text:
        parts.append(text)
    return Group(*parts)


class BoardTile(VerticalScroll, can_focus=True):
    """Focusable, scrolls when long; `e` or a double click asks to edit the notes."""

    HELP_TITLE = N_("A block of the canvas")  # its keys' heading in help

    # Arrows move between the blocks (the screen picks the neighbour by grid place); a
    # long tile still scrolls with Page up and Page down.
    BINDINGS = [
        Binding("e,enter", "edit", N_("Edit notes")),
        Binding("left", "screen.move(-1, 0)", N_("Move between the blocks"), show=False),
        Binding("right", "screen.move(1, 0)", N_("Move between the blocks"), show=False),
        Binding("up", "screen.move(0, -1)", N_("Move between the blocks"), show=False),
        Binding("down", "screen.move(0, 1)", N_("Move between the blocks"), show=False),
    ]

    class EditRequested(Message):
        def __init__(self, block_id: str) -> None:
            super().__init__()
            self.block_id = block_id

    def __init__(self, view: BlockView) -> None:
        super().__init__(id=f"board-{view.id}", classes="board-tile")
        self.view = view
        if view.place is not None:
            self.styles.column_span = view.place.column_span
            self.styles.row_span = view.place.row_span

    def compose(self) -> list[Static]:
        return [Static(board_head(self.view), classes="tile-head", markup=False),
                Static(board_body(self.view), classes="tile-body", markup=False)]

    def show(self, view: BlockView) -> None:
        """Show another version of the block (after an edit, or the case's)."""
        self.view = view
        self.query_one(".tile-head", Static).update(board_head(view))
        self.query_one(".tile-body", Static).update(board_body(view))

    def action_edit(self) -> None:
        self.post_message(self.EditRequested(self.view.id))

    def on_click(self, event: object) -> None:
        if getattr(event, "chain", 1) == 2:
            self.action_edit()
