"""Home is the canvas: the blocks in their own layout, lesson states and course progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.events import Resize, ScreenResume
from textual.widget import Widget
from textual.widgets import Button, ProgressBar, Static

from canvas_tutor.canvas.progress import next_lesson
from canvas_tutor.canvas.rules import lesson_state
from canvas_tutor.course.model import Block, Lesson
from canvas_tutor.export.common import credit_of
from canvas_tutor.i18n import N_, _
from canvas_tutor.tui.grid_nav import step
from canvas_tutor.tui.screens.base import TutorScreen
from canvas_tutor.tui.widgets.block_tile import BlockTile
from canvas_tutor.tui.widgets.key_bar import KeyBar
from canvas_tutor.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    pass


class HomeScreen(TutorScreen[None]):
    """The canvas as the map of the course."""

    # The course credit is drawn like my canvas's: its rule lives in my_canvas.tcss.
    CSS_PATH = ["home.tcss", "my_canvas.tcss"]
    BINDINGS = [
        Binding("n", "continue", N_("Continue")),
        Binding("c", "my_canvas", N_("My canvas")),
        Binding("left", "move(-1, 0)", N_("Move between the blocks"), show=False),
        Binding("right", "move(1, 0)", N_("Move between the blocks"), show=False),
        Binding("up", "move(0, -1)", N_("Move between the blocks"), show=False),
        Binding("down", "move(0, 1)", N_("Move between the blocks"), show=False),
        Binding("q", "app.quit", N_("Quit")),
    ]

    def compose(self) -> ComposeResult:
        app = self.tutor
        course = app.course
        yield TitleBar()
        with Horizontal(id="status"):
            who = Static(self._who(), id="who", markup=False)
            who.tooltip = self._who()  # the whole of a name or venture cut short with "…"
            yield who
            yield Static(_("○ to do  ◐ started  ● done"), id="legend", markup=False)
            yield ProgressBar(total=len(course.lessons), show_eta=False, id="progress")
        with Grid(id="lessons"):
            for lesson in self._extra_lessons():
                yield Button(self._lesson_label(lesson.id), id=f"lesson-{lesson.id}",
                             compact=True)
        grid = Grid(id="grid")
        grid.styles.grid_size_columns = course.canvas.columns
        grid.styles.grid_size_rows = course.canvas.rows
        with grid:
            yield from self._tiles()
        yield Static(credit_of(course), id="credit", markup=False)
        yield KeyBar()

    def _extra_lessons(self) -> list[Lesson]:
        """Lessons no tile opens: the introduction, the wrap-up, in-depth lessons."""
        course = self.tutor.course
        return [lesson for lesson in course.lessons
                if not lesson.block or course.lesson_for_block(lesson.block) is not lesson]

    def _who(self) -> str:
        canvas = self.tutor.canvas
        return f"{canvas.name} · {canvas.venture}" if canvas.venture else canvas.name

    def _lesson_label(self, lesson_id: str) -> Text:
        lesson = self.tutor.course.lesson(lesson_id)
        assert lesson is not None
        mark = {"done": "● ", "in progress": "◐ "}.get(lesson_state(self.tutor.canvas, lesson),
                                                       "○ ")
        return Text(mark + lesson.title)  # a Text, so a title is never read as markup

    def _tile_content(self, block: Block) -> tuple[list[str], str]:
        app = self.tutor
        work = app.canvas.blocks.get(block.id)
        lesson = app.course.lesson_for_block(block.id)
        state = lesson_state(app.canvas, lesson) if lesson else "not started"
        return (list(work.notes) if work else []), state

    def _tiles(self) -> list[Widget]:
        """Tiles in grid order, with empty fillers where a layout leaves a gap."""
        widgets: list[Widget] = []
        for block in self.tutor.course.canvas.grid_order():
            if block is None:
                widgets.append(Static("", classes="gap"))
            else:
                notes, state = self._tile_content(block)
                widgets.append(BlockTile(block, notes, state))
        return widgets

    def on_resize(self, event: Resize) -> None:
        self._fit_lessons(event.size.width)

    def _fit_lessons(self, width: int) -> None:
        """The lesson buttons in as many columns as fit the width, on more rows if need be:
        a long lesson title never pushes the others off the screen."""
        row = self.query_one("#lessons", Grid)
        sizes = [self._lesson_label(lesson.id).cell_len + 3  # padding 2, margin 1
                 for lesson in self._extra_lessons()]
        if not sizes:
            row.display = False
            return
        room = width - 2  # the row's own padding
        columns = len(sizes)
        while columns > 1 and sum(max(sizes[i::columns]) for i in range(columns)) > room:
            columns -= 1
        row.styles.grid_size_columns = columns
        row.styles.grid_columns = [max(sizes[i::columns]) for i in range(columns)]
        row.styles.height = -(-len(sizes) // columns)

    def on_mount(self) -> None:
        self._refresh_progress()
        self._focus_next_lesson()

    def _focus_next_lesson(self) -> None:
        """Focus what Enter should open: the lesson to go on with (a new learner's is the
        welcome), as its tile or its button; the first tile once the course is done."""
        lesson = next_lesson(self.tutor.canvas, self.tutor.course)
        target: Widget | None = None
        if lesson is not None:
            target = next((t for t in self.query(BlockTile) if t.block.id == lesson.block),
                          None)
            if target is None or self.tutor.course.lesson_for_block(lesson.block) is not lesson:
                buttons = self.query(f"#lesson-{lesson.id}")
                target = buttons.first() if buttons else target
        if target is None:
            target = next(iter(self.query(BlockTile)), None)
        if target is not None:
            target.focus()

    def _refresh_progress(self) -> None:
        done = len({lesson.id for lesson in self.tutor.course.lessons}
                   & set(self.tutor.canvas.progress.completed))
        self.query_one("#progress", ProgressBar).update(progress=done)

    def on_screen_resume(self, event: ScreenResume) -> None:
        for tile in self.query(BlockTile):
            notes, state = self._tile_content(tile.block)
            tile.update(notes, state)
        for lesson in self._extra_lessons():
            self.query_one(f"#lesson-{lesson.id}", Button).label = self._lesson_label(lesson.id)
        who = self.query_one("#who", Static)
        who.update(self._who())
        who.tooltip = self._who()
        self._refresh_progress()

    def on_block_tile_selected(self, event: BlockTile.Selected) -> None:
        lesson = self.tutor.course.lesson_for_block(event.block_id)
        if lesson is not None:
            self.tutor.open_lesson(lesson.id)
        else:
            self.notify(_("This block has no lesson yet: edit it on My canvas (c)."))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("lesson-"):
            self.tutor.open_lesson(event.button.id.removeprefix("lesson-"))

    def action_continue(self) -> None:
        """Open where the learner should go next (canvas.progress decides, as in plain
        mode): the lesson left unfinished, else the next one not done."""
        lesson = next_lesson(self.tutor.canvas, self.tutor.course)
        if lesson is None:
            self.notify(_("Every lesson is done. Press c to see your whole canvas."))
            return
        self.tutor.open_lesson(lesson.id)

    def action_my_canvas(self) -> None:
        self.tutor.open_my_canvas()

    def action_move(self, dx: int, dy: int) -> None:
        """Arrow keys move between tiles by their place on the grid."""
        focused = self.focused
        tiles = list(self.query(BlockTile))
        if not isinstance(focused, BlockTile):
            if isinstance(focused, Button) and dy > 0 and tiles:
                tiles[0].focus()
            elif isinstance(focused, Button):
                self.focus_next() if dx > 0 else self.focus_previous()
            return
        target = step([(t, t.block) for t in tiles], focused.block, dx, dy)
        if target is not None:
            target.focus()
        elif dy < 0:  # above the top row: the lesson buttons
            self.query_one("#lessons").children[0].focus()
