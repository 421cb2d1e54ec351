"""My canvas: the learner's whole canvas on one screen, editable, beside the case on demand.

It also draws the SVG export (tui/svg.py renders this screen off-screen), so it takes the
canvas and course it shows rather than reading them from the app.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.events import Resize, ScreenResume
from textual.widgets import Static

from canvas_tutor.canvas.case import case_as_canvas
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course
from canvas_tutor.export.common import block_views, credit_of
from canvas_tutor.i18n import N_, _
from canvas_tutor.text import visible
from canvas_tutor.tui.screens.base import TutorScreen
from canvas_tutor.tui.widgets.board_tile import BoardTile
from canvas_tutor.tui.widgets.key_bar import KeyBar
from canvas_tutor.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    pass

NARROW = 100  # columns: below this, tiles have no inner margin


class MyCanvasScreen(TutorScreen[None]):
    """The whole canvas; `t` toggles to the case, `e` edits, `x` exports, `k` coaches."""

    CSS_PATH = "my_canvas.tcss"
    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("t", "toggle_case", N_("Mine / case")),
        Binding("x", "export", N_("Export")),
        Binding("k", "coach", N_("Coach")),
    ]
    KEY_BAR_FIRST = ("export", "coach")  # the bar keeps these on a narrow screen

    def __init__(self, canvas: Canvas | None = None, course: Course | None = None, *,
                 editable: bool = True) -> None:
        super().__init__()
        self._canvas = canvas
        self._course = course
        self.editable = editable
        self.showing_case = False

    @property
    def course(self) -> Course:
        return self._course or self.tutor.course

    @property
    def canvas(self) -> Canvas:
        return self._canvas or self.tutor.canvas

    def _shown(self) -> Canvas:
        return case_as_canvas(self.course) if self.showing_case else self.canvas

    def _heading(self) -> tuple[str, str]:
        """Whose canvas this is (cut with "…" when long), and what must stay readable
        beside it whatever the width: the return code, or the way back from the case."""
        shown = self._shown()
        who = f"{shown.name} · {shown.venture}" if shown.venture else shown.name
        if self.showing_case:
            return _("The case, {who}").format(who=who), _("t: back to yours")
        from canvas_tutor.canvas.codes import code_of

        code = code_of(shown)
        return who, _("return code: {code}").format(code=code) if code else ""

    def compose(self) -> ComposeResult:
        layout = self.course.canvas
        yield TitleBar()
        who, aside = self._heading()
        with Horizontal(id="heading-row"):
            yield Static(who, id="heading", markup=False)
            yield Static(aside, id="heading-aside", markup=False)
        grid = Grid(id="board")
        grid.styles.grid_size_columns = layout.columns
        grid.styles.grid_size_rows = layout.rows
        views = {view.id: view for view in block_views(self.canvas, self.course)}
        with grid:
            for block in layout.grid_order():
                yield Static("") if block is None else BoardTile(views[block.id])
        yield Static(credit_of(self.course), id="credit", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = _("My canvas")
        self.query_one("#heading", Static).tooltip = self._heading()[0]  # the whole of it
        tiles = list(self.query(BoardTile))
        if tiles and self.editable:
            tiles[0].focus()

    def refresh_board(self) -> None:
        """Redraw every tile from the model (after an edit or a toggle)."""
        views = {v.id: v for v in block_views(self._shown(), self.course)}
        for tile in self.query(BoardTile):
            tile.show(views[tile.view.id])
        who, aside = self._heading()
        self.query_one("#heading", Static).update(who)
        self.query_one("#heading-aside", Static).update(aside)
        self.query_one("#heading", Static).tooltip = who

    def on_screen_resume(self, event: ScreenResume) -> None:
        """Back from a lesson opened over the board (by the coach or the palette): the
        tiles show what was written there."""
        if self.is_mounted and self.query(BoardTile):
            self.refresh_board()

    def on_resize(self, event: Resize) -> None:
        """Narrow screens: the tiles give their inner margin to the words."""
        self.set_class(event.size.width < NARROW, "-narrow")

    def action_toggle_case(self) -> None:
        self.showing_case = not self.showing_case
        self.refresh_board()

    def on_board_tile_edit_requested(self, event: BoardTile.EditRequested) -> None:
        from canvas_tutor.tui.screens.notes_editor import NotesEditor

        if not self.editable:
            return
        if self.showing_case:
            self.notify(_("This is the case's canvas: press t to edit yours."))
            return
        block = self.course.canvas.block(event.block_id)
        if block is None:
            return
        work = self.canvas.blocks.get(block.id)

        def done(notes: list[str] | None) -> None:
            if notes is None:
                return
            self.canvas.set_notes(block.id, notes)
            self.tutor.changed()
            self.refresh_board()

        self.app.push_screen(NotesEditor(block.title, block.question,
                                         list(work.notes) if work else []), done)

    def action_coach(self) -> None:
        """The coach's findings on a screen of their own: the tiles keep their width."""
        from canvas_tutor.canvas.coach import coach
        from canvas_tutor.tui.screens.coach_screen import CoachScreen

        findings = coach(self.canvas, self.course)
        self.app.push_screen(CoachScreen(findings, self.course), self._open_block)

    def _open_block(self, block_id: str | None) -> None:
        """After Enter on a finding: the block's lesson, or its editor when none fills it."""
        if block_id is None:
            return
        lesson = self.course.lesson_for_block(block_id)
        if lesson is not None and self.editable:
            self.tutor.open_lesson(lesson.id)
            return
        if self.showing_case:
            self.action_toggle_case()
        self.post_message(BoardTile.EditRequested(block_id))

    def action_move(self, dx: int, dy: int) -> None:
        """Arrow keys: to the nearest block in that direction on the grid."""
        from canvas_tutor.tui.grid_nav import step

        focused = self.focused
        if not isinstance(focused, BoardTile):
            return
        layout = self.course.canvas
        here = layout.block(focused.view.id)
        tiles = [(t, b) for t in self.query(BoardTile)
                 if (b := layout.block(t.view.id)) is not None]
        if here is None:
            return
        target = step(tiles, here, dx, dy)
        if target is not None:
            target.focus()

    def action_export(self) -> None:
        from canvas_tutor.tui.screens.export_dialog import ExportDialog

        app = self.tutor
        where = (_("Your browser will download the file.") if app.is_web else
                 _("Saved in {folder}").format(folder=app.data_dir / "exports"))
        if self.showing_case:  # the export is always the learner's own canvas: say so
            where = _("This exports your own canvas, not the case shown now.") + "\n" + where
        app.push_screen(ExportDialog(where), self._export)

    def _export(self, fmt: str | None) -> None:
        from canvas_tutor.errors import UserError
        from canvas_tutor.export.command import render
        from canvas_tutor.export.output import ExportError, default_suffix, write_export

        if fmt is None:
            return
        app = self.tutor
        app.save_now()
        try:
            text = render(self.canvas, self.course, fmt, self._screenshot)
        except UserError as exc:
            self.notify(visible(exc), title=_("Export failed"), severity="error", markup=False)
            return
        stem = app.session.path.name.removesuffix(".canvas.toml") if app.session else "canvas"
        filename = f"{stem}{default_suffix(fmt)}"
        if app.is_web:
            app.deliver_text(io.StringIO(text), save_filename=filename)
            return
        target = app.data_dir / "exports" / filename
        try:
            written = write_export(target, text, fmt, make_folder=True)
        except (ExportError, UserError) as exc:
            self.notify(visible(exc), title=_("Export failed"), severity="error", markup=False)
            return
        self.notify(_("Exported to {path}").format(path=visible(written)), markup=False,
                    timeout=10)

    def _screenshot(self, canvas: Canvas, course: Course) -> str:
        """The picture formats: this screen as it is drawn now (Textual's screenshot)."""
        return self.app.export_screenshot(title=f"{canvas.name} · {canvas.venture}")

    def action_back(self) -> None:
        self.dismiss()
