"""The canvas-tutor application: owns the course, the open canvas and its autosave.

Screens change the model through `app.changed()`; the app debounces and hands the save to
the canvas session, which writes on a background thread so typing never waits.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.timer import Timer

from canvas_tutor.canvas.library import data_dir as default_data_dir
from canvas_tutor.errors import CanvasError, CanvasLocked
from canvas_tutor.i18n import N_, _
from canvas_tutor.text import visible
from canvas_tutor.tui.commands import CourseCommands
from canvas_tutor.tui.styles import STYLESHEETS

if TYPE_CHECKING:  # the canvas model, store and session load when a canvas opens
    from collections.abc import Callable

    from canvas_tutor.canvas.model import Canvas
    from canvas_tutor.canvas.session import CanvasSession
    from canvas_tutor.canvas.store import CanvasStore
    from canvas_tutor.course.model import Course

AUTOSAVE_DELAY = 0.6
LOCK_RETRY = 0.25
CLASS_LOCK_WAIT = 15.0  # a reloaded page's old session saves and ends within this, even
# on a loaded two-core server (5 s was not always enough for a class of ten in CI)
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
        from canvas_tutor.canvas.settings import load_settings
        from canvas_tutor.tui.themes import register_themes

        kept = load_settings().theme  # the theme chosen last time, unless one is asked for
        self._theme_problem = register_themes(self, theme)
        if not theme and not self._theme_problem and kept in self.available_themes and \
                not os.environ.get("CANVAS_TUTOR_THEME"):
            self.theme = kept
        self.course = course
        self.notice = notice  # the language asked for is not in the pack: say so at start
        self.canvas_path = canvas_path
        self.data_dir = default_data_dir(data_dir)
        self.trainer = trainer
        self.fixed_folder = fixed_folder  # browser classroom: only new canvases, one folder
        self.session: CanvasSession | None = None
        self._save_timer: Timer | None = None
        self._remove_signals: Callable[[], None] | None = None
        self._leaving = False  # the final save: its failure has a dialog, not a toast
        self.sub_title = course.title
        from canvas_tutor.tui.widgets.lesson_timer import Clock

        self.trainer_clock = Clock()  # the trainer's timer goes on across lessons
        self.started: Callable[[], None] | None = None  # told when the first screen is out

    def on_ready(self) -> None:
        """The first screen is drawn (Textual's Ready event)."""
        if self.started is not None:
            self.started()

    @property
    def canvas(self) -> Canvas:
        assert self.session is not None, "no canvas is open"
        return self.session.canvas

    def _mark_theme(self, *_theme: object) -> None:
        """The app has the class -high-contrast in that theme, for the few of Textual's
        own colours that no theme variable reaches (app.tcss)."""
        from canvas_tutor.tui.themes import HIGH_CONTRAST

        self.set_class(self.theme == HIGH_CONTRAST, "-high-contrast")

    def on_mount(self) -> None:
        from canvas_tutor.tui import signals
        from canvas_tutor.tui.screens.welcome import WelcomeScreen

        self._remove_signals = signals.install(self._on_signal)
        self._mark_theme()
        self.theme_changed_signal.subscribe(self, self._mark_theme)

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

    def open_canvas(self, path: Path, *, wait: float = 0.0, waiting: bool = False) -> bool:
        """Lock and load a canvas, then show home; trouble opens a dialog instead.

        In a served class a learner who reloads the page comes back while the session of
        the old page is still saving and closing: `wait` seconds are given for that, and
        the learner is told at once that it is coming.
        """
        from canvas_tutor.canvas.store import CanvasStore

        store = CanvasStore(path)
        try:
            canvas = store.open()
        except CanvasLocked:
            if wait > 0:
                if not waiting:
                    self.notify(_("Your canvas is still being saved by the page you left. "
                                  "It opens in a moment."), markup=False, timeout=wait)
                self.set_timer(LOCK_RETRY, lambda: self.open_canvas(
                    path, wait=wait - LOCK_RETRY, waiting=True))
                return False
            if not self.fixed_folder:
                self._open_elsewhere(path)
                return False
            # A served class: no server path and no other learner's name in the message.
            self.notify(_("This canvas is open in another browser tab or on another "
                          "computer. Close it there, then try again."),
                        title=_("Canvas already open"), severity="error", markup=False,
                        timeout=10)
            return False
        except CanvasError as exc:
            from canvas_tutor.tui.screens.broken import BrokenCanvasScreen

            self.push_screen(BrokenCanvasScreen(path, exc))
            return False
        self._start(store, canvas, resume=True)
        return True

    def _open_elsewhere(self, path: Path) -> None:
        """The canvas is open in another window: say whose it is, offer the others."""
        from canvas_tutor.canvas.library import find_canvases
        from canvas_tutor.canvas.store import read_canvas, real_path
        from canvas_tutor.tui.screens.open_elsewhere import NEW, RETRY, OpenElsewhereDialog
        from canvas_tutor.tui.screens.welcome import WelcomeScreen

        name = venture = ""
        with contextlib.suppress(CanvasError):  # read without the lock, for its name only
            busy = read_canvas(path)
            name, venture = busy.name, busy.venture
        here = real_path(path)
        others = [s for s in find_canvases(self.data_dir) if real_path(s.path) != here]

        def chosen(choice: Path | str | None) -> None:
            if choice == RETRY:
                self.open_canvas(path)
            elif isinstance(choice, Path):
                self.open_canvas(choice)
            elif choice == NEW and isinstance(self.screen, WelcomeScreen):
                self.screen.start_new()

        self.push_screen(OpenElsewhereDialog(path, name, venture, others), chosen)

    def create_canvas(self, path: Path, name: str, venture: str, *, code: str = "") -> bool:
        """Start a new canvas file for this course (in a served class, with its code)."""
        from canvas_tutor.canvas.model import Canvas
        from canvas_tutor.canvas.store import CanvasStore

        canvas = Canvas(course=self.course.id, name=name, venture=venture,
                        language=self.course.language)
        if code:
            from canvas_tutor.canvas.codes import set_code

            set_code(canvas, code)
        store = CanvasStore(path)
        try:
            store.create(canvas)
        except CanvasError as exc:
            if self.fixed_folder and (isinstance(exc, CanvasLocked) or path.exists()):
                # Two learners of one name started at the same moment and both chose
                # this file: the later one takes the next free name instead.
                from canvas_tutor.canvas.library import new_canvas_path

                retry = new_canvas_path(path.parent, name)
                if retry != path:
                    return self.create_canvas(retry, name, venture, code=code)
            self.notify(exc.message if self.fixed_folder else str(exc),  # no server paths
                        title=_("Cannot create the canvas"), severity="error", markup=False,
                        timeout=10)
            return False
        self._start(store, canvas)
        if code:
            from canvas_tutor.tui.screens.code_dialog import CodeDialog

            self.push_screen(CodeDialog(code))
        return True

    def _start(self, store: CanvasStore, canvas: Canvas, *, resume: bool = False) -> None:
        from canvas_tutor.tui.screens.home import HomeScreen

        if self.session is not None:
            self.session.close()
        from canvas_tutor.canvas.session import CanvasSession

        self.session = CanvasSession(store, canvas, on_error=self._save_failed_threadsafe,
                                     after_save=self._after_save_hook())
        if canvas.course != self.course.id:
            self.notify(_("This canvas was made for another course ({course}).").format(
                course=canvas.course), severity="warning", timeout=8, markup=False)
        if canvas.language != self.course.language:
            if canvas.language not in self.course.languages:
                self.notify(_("This canvas was written in a language this course does not "
                              "have ({language}); it continues in {shown}, and every answer "
                              "is kept.").format(language=canvas.language,
                                                 shown=self.course.language),
                            severity="warning", timeout=10, markup=False)
            canvas.language = self.course.language  # exports now speak the language in use
            self.changed()
        # Pushed over the welcome screen (which may still be mounting when --canvas opens
        # at start-up); the learner never goes back to it.
        self.push_screen(HomeScreen())
        if resume:  # back in the lesson left unfinished, at its exercise and scroll offset
            from canvas_tutor.canvas.progress import position_of, resume_position

            place, kept = resume_position(canvas, self.course), position_of(canvas)
            if place is not None and kept is not None and place.lesson == kept.lesson:
                self.open_lesson(place.lesson)

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
        error = self.final_save()
        if error is not None:
            self._save_failed(error)

    def final_save(self) -> CanvasError | None:
        """Save and wait; the error if the canvas could not be saved (nothing shown)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.session is None:
            return None
        try:
            self.session.flush()
        except CanvasError as exc:
            return exc
        return None

    def save_elsewhere(self, path: Path) -> CanvasError | None:
        """Save the canvas as a new file (the old one cannot be written) and keep it open
        there; the error if that fails too. An existing file is never replaced."""
        from canvas_tutor.canvas import SUFFIX
        from canvas_tutor.canvas.session import CanvasSession
        from canvas_tutor.canvas.store import CanvasStore

        if self.session is None:
            return None
        if path.is_dir():  # a folder (a USB stick): a new file in it, named for the learner
            from canvas_tutor.canvas.library import new_canvas_path

            path = new_canvas_path(path, self.session.canvas.name or "canvas")
        elif not path.name.endswith(SUFFIX):
            path = path.with_name(path.name + SUFFIX)
        store = CanvasStore(path)
        try:
            store.create(self.session.canvas)
        except CanvasError as exc:
            return exc
        old = self.session
        self.session = CanvasSession(store, old.canvas, on_error=self._save_failed_threadsafe)
        old.store.close()  # its file could not be written; the work is in the copy now
        self.notify(_("Saved a copy as {file}").format(file=visible(path)), markup=False)
        return None

    def _save_failed_threadsafe(self, error: CanvasError | None) -> None:
        try:
            self.call_from_thread(self._save_failed, error)
        except RuntimeError:  # already on the app's thread (tests) or shutting down
            self._save_failed(error)

    def _save_failed(self, error: CanvasError | None) -> None:
        if self._leaving:
            return
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
        from canvas_tutor.tui.commands import system_commands

        yield from system_commands(self, screen)

    def action_command_palette(self) -> None:
        """The command palette, its prompt in the interface language."""
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(CommandPalette(
                placeholder=_("Search for a lesson, a block or a command…"),
                id="--command-palette"))

    def action_glossary(self) -> None:
        from canvas_tutor.tui.screens.glossary import GlossaryScreen

        if not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen(self.course.glossary))

    def action_toggle_theme(self) -> None:
        from canvas_tutor.tui.themes import next_theme

        self.theme = next_theme(self.theme)
        from dataclasses import replace

        from canvas_tutor.canvas.settings import load_settings, save_settings

        if not self.fixed_folder:  # a served learner's choice is not the next learner's
            save_settings(replace(load_settings(), theme=self.theme))  # kept for next time

    def switch_language(self, language: str) -> None:
        """Show the course and the interface in another of the pack's languages, from the
        welcome screen (no canvas is open yet); the choice is kept for the next start,
        except in a served class, where each browser chooses for itself."""
        from dataclasses import replace

        from canvas_tutor.canvas.settings import load_settings, save_settings
        from canvas_tutor.course.load import load_course
        from canvas_tutor.errors import CourseError
        from canvas_tutor.i18n import set_language
        from canvas_tutor.tui.screens.welcome import WelcomeScreen

        if language == self.course.language or language not in self.course.languages:
            return
        try:
            course = load_course(self.course.root, language)
        except CourseError as exc:  # a faulty edition: stay in this one and say why
            self.notify(str(exc.faults[0]) if exc.faults else str(exc), severity="error",
                        markup=False, timeout=10)
            return
        set_language(language)
        self.course = course
        self.sub_title = course.title
        if not self.fixed_folder:  # the settings file is the server's, shared by all
            save_settings(replace(load_settings(), language=language))
        self.switch_screen(WelcomeScreen())

    async def _save_before_leaving(self) -> CanvasError | None:
        """Every key already typed into the model (see settle.py), then the final save."""
        from canvas_tutor.tui.screens.lesson import LessonScreen
        from canvas_tutor.tui.settle import settle

        await settle(self)
        self._leaving = True
        try:
            if isinstance(self.screen, LessonScreen):
                # keeps a note typed without Enter, marks it done, comes back here next time
                self.screen.finish(app_ends=True)
            return self.final_save()
        finally:
            self._leaving = False

    async def action_quit(self) -> None:
        """Save and quit; in a served class, first say the return code and ask."""
        if self.fixed_folder and self.session is not None:
            from canvas_tutor.canvas.codes import code_of
            from canvas_tutor.tui.screens.code_dialog import CodeDialog

            code = code_of(self.canvas)
            if code and not isinstance(self.screen, CodeDialog):
                async def leave(sure: bool | None) -> None:
                    if sure:
                        await self.save_and_exit()

                self.push_screen(CodeDialog(code, leaving=True), leave)
                return
        await self.save_and_exit()

    async def save_for_server_end(self) -> None:
        """The server of a served class is gone: keep what was typed, save, unlock."""
        await self._save_before_leaving()
        if self.session is not None:
            self.session.close()

    async def save_and_exit(self) -> None:
        """Keep what is typed, save, and end (unless the save failed: then say so)."""
        from canvas_tutor.tui.screens.save_failed import SaveFailedScreen

        if isinstance(self.screen, SaveFailedScreen):
            self.screen.retry()  # Ctrl+Q again: one more try, never a silent loss
            return
        error = await self._save_before_leaving()
        if error is None:
            self.exit()
            return
        suggestion = None
        if not self.fixed_folder:  # a served class has no folders of its own to choose
            from canvas_tutor.canvas.library import new_canvas_path

            try:
                home = Path.home()
            except RuntimeError:  # no home folder known: the learner types a place
                home = Path.cwd()
            suggestion = new_canvas_path(home, self.canvas.name or "canvas")
        self.push_screen(SaveFailedScreen(error, suggestion=suggestion))

    def _on_signal(self, name: str) -> None:
        """SIGTERM or SIGHUP: save what was typed, then exit cleanly (see signals.py)."""
        self.call_later(self._quit_for_signal, name)

    async def _quit_for_signal(self, name: str) -> None:
        error = await self._save_before_leaving()
        if error is None:
            self.exit()
        else:  # the terminal or the machine is going away: say so where it can be read
            self.exit(return_code=1, message=_(
                "canvas-tutor: {signal}: your last changes could not be saved: {reason}"
            ).format(signal=name, reason=visible(error)))

    def on_unmount(self) -> None:
        if self._remove_signals is not None:
            self._remove_signals()
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

    def _back_to(self, kind: type[Screen[Any]]) -> bool:
        """Close screens down to the nearest one of `kind` (a lesson left on the way is
        finished, as Escape would); False when none is open."""
        from canvas_tutor.tui.screens.lesson import LessonScreen

        if not any(isinstance(screen, kind) for screen in self.screen_stack):
            return False
        while not isinstance(self.screen, kind):
            if isinstance(self.screen, LessonScreen):
                self.screen.finish()
            self.pop_screen()
        return True

    def go_home(self) -> None:
        """Home, from anywhere once a canvas is open (the palette's Home)."""
        from canvas_tutor.tui.screens.home import HomeScreen

        if self.session is not None:
            self._back_to(HomeScreen)

    async def show_my_canvas(self, then: str = "") -> None:
        """My canvas on top (the one already open below, else a new one), then, if asked,
        its export dialog or coach: the palette's My canvas, Export and Coach."""
        from canvas_tutor.tui.screens.lesson import LessonScreen
        from canvas_tutor.tui.screens.my_canvas import MyCanvasScreen

        if self.session is None:
            return
        if not self._back_to(MyCanvasScreen):
            if isinstance(self.screen, LessonScreen):
                self.screen.finish()
            await self.push_screen(MyCanvasScreen())
        screen = self.screen
        if isinstance(screen, MyCanvasScreen):
            if then == "export":
                screen.action_export()
            elif then == "coach":
                screen.action_coach()


def run_app(course: Course, *, canvas: Path | None = None,
            data_dir: Path | None = None, trainer: bool = False,
            class_mode: bool = False, notice: str | None = None,
            theme: str | None = None, started: Callable[[], None] | None = None) -> int:
    """Run the app in this terminal; returns the exit status.

    `started` is called once the first screen is drawn (serve's session starter then
    starts the next learner's session).
    """
    app = CanvasTutorApp(course, canvas_path=canvas, data_dir=data_dir, trainer=trainer,
                         fixed_folder=class_mode, notice=notice, theme=theme)
    app.started = started
    if class_mode:
        return _run_class_session(app)
    app.run()
    return app.return_code or 0


def _run_class_session(app: CanvasTutorApp) -> int:
    """One browser tab of a served class: ends with its server, leaks nothing to its log."""
    from canvas_tutor.serve.guard import note, quiet_stderr, watch_parent

    def save() -> None:  # on the app's own thread: keeps what is typed, saves, unlocks
        app.call_from_thread(cast("Callable[[], object]", app.save_for_server_end))

    def save_here() -> None:  # from the guard's thread, when the app's thread is stuck
        if app.session is not None:
            app.session.close()

    # Under textual-serve the screen goes to stdout and stderr to the server's log; in a
    # terminal (trying a class session by hand) Textual draws on stderr: keep it then.
    served = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")
    stderr = quiet_stderr() if served else os.dup(2)
    done = watch_parent(save, save_here)
    try:
        app.run()
    except Exception as exc:  # noqa: BLE001 - the log gets the kind of error, never the text
        note(stderr, _("canvas-tutor: a learner's session stopped on an error ({kind}); "
                       "its canvas was saved").format(kind=type(exc).__name__))
        with contextlib.suppress(Exception):
            save_here()
        return 1
    finally:
        done.set()
    if app.return_code:
        note(stderr, _("canvas-tutor: a learner's session stopped on an error; its last "
                       "saved canvas is kept"))
    # The canvas is saved and its lock released (on unmount): leave now, without the
    # interpreter's slow teardown, so a class of thirty ends within the server's two seconds.
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    os._exit(app.return_code or 0)
