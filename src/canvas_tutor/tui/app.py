"""The canvas-tutor application: owns the course, the open canvas and its autosave.

Screens change the model through `app.changed()`; the app debounces and hands the save to
the canvas session, which writes on a background thread so typing never waits.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.timer import Timer

from canvas_tutor.canvas.library import data_dir as default_data_dir
from canvas_tutor.errors import CanvasError, CanvasLocked
from canvas_tutor.i18n import N_, _
from canvas_tutor.tui.commands import CourseCommands
from canvas_tutor.tui.styles import STYLESHEETS

if TYPE_CHECKING:  # the canvas model, store and session load when a canvas opens
    from collections.abc import Callable

    from canvas_tutor.canvas.model import Canvas
    from canvas_tutor.canvas.session import CanvasSession
    from canvas_tutor.canvas.store import CanvasStore
    from canvas_tutor.course.model import Course

AUTOSAVE_DELAY = 0.6
RETRY_DELAY = 5.0


class CanvasTutorApp(App[None]):
    """A guided course on the Business Model Canvas."""

    CSS_PATH = STYLESHEETS
    TITLE = "canvas-tutor"
    COMMANDS = App.COMMANDS | {CourseCommands}
    BINDINGS = [
        Binding("f1,question_mark", "help", N_("Help")),
        Binding("ctrl+t", "toggle_theme", N_("Light or dark theme"), show=False),
        Binding("ctrl+g", "glossary", N_("Glossary"), show=False),
        Binding("ctrl+q", "quit", N_("Save and quit"), priority=True, show=False),
    ]

    def __init__(self, course: Course, *, canvas_path: Path | None = None,
                 data_dir: Path | None = None, trainer: bool = False,
                 fixed_folder: bool = False, notice: str | None = None,
                 theme: str | None = None) -> None:
        super().__init__()
        from canvas_tutor.tui.themes import register_themes

        self._theme_problem = register_themes(self, theme)
        self.course = course
        self.notice = notice  # the language asked for is not in the pack: say so at start
        self.canvas_path = canvas_path
        self.data_dir = default_data_dir(data_dir)
        self.trainer = trainer
        self.fixed_folder = fixed_folder  # browser classroom: only new canvases, one folder
        self.session: CanvasSession | None = None
        self._save_timer: Timer | None = None
        self.sub_title = course.title

    @property
    def canvas(self) -> Canvas:
        assert self.session is not None, "no canvas is open"
        return self.session.canvas

    def on_mount(self) -> None:
        from canvas_tutor.tui.screens.welcome import WelcomeScreen

        self.push_screen(WelcomeScreen())
        if self.notice:  # once the welcome screen is up, so the toast shows on it
            self.call_after_refresh(self.notify, self.notice, severity="warning", timeout=10,
                                    markup=False)
        if self._theme_problem:
            self.notify(self._theme_problem, severity="warning", markup=False, timeout=8)
        if self.canvas_path is not None and self.canvas_path.exists():
            self.open_canvas(self.canvas_path)
        # A --canvas that does not exist yet: the welcome screen creates it under that name.

    # Opening canvases -------------------------------------------------------------------

    def open_canvas(self, path: Path) -> bool:
        """Lock and load a canvas, then show home; trouble opens a dialog instead."""
        from canvas_tutor.canvas.store import CanvasStore

        store = CanvasStore(path)
        try:
            canvas = store.open()
        except CanvasLocked as exc:
            self.notify(exc.message, title=_("Canvas already open"), severity="error", markup=False,
                        timeout=10)
            return False
        except CanvasError as exc:
            from canvas_tutor.tui.screens.broken import BrokenCanvasScreen

            self.push_screen(BrokenCanvasScreen(path, exc))
            return False
        self._start(store, canvas)
        return True

    def create_canvas(self, path: Path, name: str, venture: str) -> bool:
        """Start a new canvas file for this course."""
        from canvas_tutor.canvas.model import Canvas
        from canvas_tutor.canvas.store import CanvasStore

        canvas = Canvas(course=self.course.id, name=name, venture=venture,
                        language=self.course.language)
        store = CanvasStore(path)
        try:
            store.create(canvas)
        except CanvasError as exc:
            self.notify(str(exc), title=_("Cannot create the canvas"), severity="error",
                        markup=False,
                        timeout=10)
            return False
        self._start(store, canvas)
        return True

    def _start(self, store: CanvasStore, canvas: Canvas) -> None:
        from canvas_tutor.tui.screens.home import HomeScreen

        if self.session is not None:
            self.session.close()
        from canvas_tutor.canvas.session import CanvasSession

        self.session = CanvasSession(store, canvas, on_error=self._save_failed_threadsafe,
                                     after_save=self._after_save_hook())
        if canvas.course != self.course.id:
            self.notify(_("This canvas was made for another course ({course}).").format(
                course=canvas.course), severity="warning", timeout=8, markup=False)
        # Pushed over the welcome screen (which may still be mounting when --canvas opens
        # at start-up); the learner never goes back to it.
        self.push_screen(HomeScreen())

    # Saving ----------------------------------------------------------------------------

    def _after_save_hook(self) -> Callable[[Path, bytes], None] | None:
        """In a served class with --lrs: send learning records after each save (xAPI)."""
        if not self.fixed_folder:
            return None
        from canvas_tutor.export.xapi_live import live_sender

        sender = live_sender(self.course, self.data_dir)
        return sender.after_save if sender is not None else None

    def changed(self) -> None:
        """The model changed: save after a short pause in typing."""
        if self.session is None:
            return
        self.session.changed()
        if self._save_timer is None:
            self._save_timer = self.set_timer(AUTOSAVE_DELAY, self._autosave)
        else:
            self._save_timer.reset()

    def _autosave(self) -> None:
        self._save_timer = None
        if self.session is not None:
            self.session.save_soon()

    def save_now(self) -> None:
        """Save and wait (on screen change and exit); a failure is shown, then retried."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.session is None:
            return
        try:
            self.session.flush()
        except CanvasError as exc:
            self._save_failed(exc)

    def _save_failed_threadsafe(self, error: CanvasError | None) -> None:
        try:
            self.call_from_thread(self._save_failed, error)
        except RuntimeError:  # already on the app's thread (tests) or shutting down
            self._save_failed(error)

    def _save_failed(self, error: CanvasError | None) -> None:
        if error is None:
            self.notify(_("Saved again: your work is safe."), timeout=4)
            return
        self.notify(_("Could not save: {error}. Retrying in a few seconds; your work is "
                      "still here.").format(error=error.message),
                    title=_("Save failed"), severity="error", timeout=8, markup=False)
        self.set_timer(RETRY_DELAY, self._retry_save)

    def _retry_save(self) -> None:
        if self.session is not None and self.session.dirty:
            self.session.save_soon()

    # Actions ---------------------------------------------------------------------------

    def action_help(self) -> None:
        from canvas_tutor.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterator[SystemCommand]:
        """The palette's own commands, in the interface language (Textual's are English)."""
        yield SystemCommand(_("Help"), _("Every key of this screen"), self.action_help)
        yield SystemCommand(_("Light or dark theme"),
                            _("Switch between the light and the dark theme"),
                            self.action_toggle_theme)
        yield SystemCommand(_("Save and quit"), _("Save your canvas and close canvas-tutor"),
                            self.action_quit)

    def action_command_palette(self) -> None:
        """The command palette, its prompt in the interface language."""
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(CommandPalette(placeholder=_("Search for a lesson or a block…"),
                                            id="--command-palette"))

    def action_glossary(self) -> None:
        from canvas_tutor.tui.screens.glossary import GlossaryScreen

        if not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen(self.course.glossary))

    def action_toggle_theme(self) -> None:
        from canvas_tutor.tui.themes import next_theme

        self.theme = next_theme(self.theme)

    async def action_quit(self) -> None:
        from canvas_tutor.tui.screens.lesson import LessonScreen

        if isinstance(self.screen, LessonScreen):
            self.screen.finish()  # keeps a note typed without Enter, marks the lesson done
        self.save_now()
        if self.session is not None and self.session.last_error is not None:
            self.notify(_("Your last change is not saved yet. Press Ctrl+Q again to quit "
                          "anyway."), severity="error")
            self.session.last_error = None
            return
        self.exit()

    def on_unmount(self) -> None:
        if self.session is not None:
            with contextlib.suppress(CanvasError):
                self.session.close()

    # Navigation ------------------------------------------------------------------------

    def open_lesson(self, lesson_id: str) -> None:
        """Show a lesson (replacing the lesson on screen, if any)."""
        from canvas_tutor.tui.screens.lesson import LessonScreen

        lesson = self.course.lesson(lesson_id)
        if lesson is None or self.session is None:
            return
        screen = LessonScreen(lesson)
        if isinstance(self.screen, LessonScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_my_canvas(self) -> None:
        from canvas_tutor.tui.screens.my_canvas import MyCanvasScreen

        if self.session is not None and not isinstance(self.screen, MyCanvasScreen):
            self.push_screen(MyCanvasScreen())


def run_app(course: Course, *, canvas: Path | None = None,
            data_dir: Path | None = None, trainer: bool = False,
            class_mode: bool = False, notice: str | None = None,
            theme: str | None = None) -> int:
    """Run the app in this terminal; returns the exit status."""
    app = CanvasTutorApp(course, canvas_path=canvas, data_dir=data_dir, trainer=trainer,
                         fixed_folder=class_mode, notice=notice, theme=theme)
    app.run()
    return 0
