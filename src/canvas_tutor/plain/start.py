"""Start plain mode: load the course, choose or create the canvas, run, save on any exit.

Whatever ends the session (quit, the end of input, Ctrl+C, a closed terminal, SIGTERM),
the canvas is saved and its lock released on the way out. A canvas that cannot be read
is never opened for writing: the learner is told why and offered its backup.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import TextIO

from canvas_tutor import __version__
from canvas_tutor.canvas.library import CanvasSummary, data_dir, find_canvases, new_canvas_path
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.session import CanvasSession
from canvas_tutor.canvas.store import CanvasStore, backup_path, recover_backup
from canvas_tutor.course.model import Course
from canvas_tutor.errors import CanvasError, CanvasLocked
from canvas_tutor.i18n import _, format_datetime
from canvas_tutor.plain.actions import Quit
from canvas_tutor.plain.console import Console, EndOfInput
from canvas_tutor.plain.prose import full_stop
from canvas_tutor.plain.tutor import PlainTutor
from canvas_tutor.text import one_line

MAX_NAME = 80  # as on the TUI's welcome


class Stopped(Exception):  # noqa: N818
    """A signal (SIGTERM, SIGHUP) asked the process to stop."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def run_plain(course: Course, *, canvas_path: Path | None = None, folder: Path | None = None,
              trainer: bool = False, stdin: TextIO | None = None,
              stdout: TextIO | None = None) -> int:
    """Run the course in plain mode; returns the exit status (the language is chosen
    by the command line, as for the app)."""
    console = Console(stdin or _text_in(), stdout or _text_out())
    where = data_dir(folder)
    console.say(_("canvas-tutor {version}, plain text mode: {title}.").format(
        version=__version__, title=course.title))
    console.say(_("Type help at any prompt for the commands. Everything you write is "
                  "saved at once."))
    console.say(_("When a lesson names a key of the full-screen app, type the command of "
                  "the same letter here and press Enter: c for your canvas, k for the "
                  "coach, x to export, n for the next lesson."))
    session: CanvasSession | None = None
    status = 0
    with _signals_stop():
        try:
            session = _open(console, course, where, canvas_path)
            if session is None:
                return 1 if canvas_path is not None else 0
            PlainTutor(console, course, session, data_dir=where, trainer=trainer).run_course()
        except Quit:
            console.say(_("Goodbye. Your canvas is saved; next time you continue here.")
                        if session is not None else _("Goodbye."))
        except EndOfInput:
            console.say(_("End of input: your canvas is saved.") if session is not None
                        else _("End of input."))
        except KeyboardInterrupt:
            console.say(_("Interrupted: your canvas is saved.") if session is not None
                        else _("Interrupted."))
            status = 130
        except Stopped as stop:
            status = 128 + stop.signum
        finally:
            if session is not None:
                status = _close(console, session, status)
            console.flush()
    return status


def _close(console: Console, session: CanvasSession, status: int) -> int:
    try:
        session.close()
    except CanvasError as exc:
        console.say(_("Could not save your last change: {error}").format(error=exc))
        return status or 1
    return status


@contextlib.contextmanager
def _signals_stop() -> Iterator[None]:
    """SIGTERM and SIGHUP end the session the way quit does (saved, lock released)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None))
              if s is not None]

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Stopped(signum)

    previous = {s: signal.signal(s, stop) for s in wanted}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _text_in() -> TextIO:
    """Standard input that never fails on a byte that is not UTF-8."""
    stream = sys.stdin
    with contextlib.suppress(AttributeError, ValueError):
        stream.reconfigure(errors="replace")  # type: ignore[union-attr]
    return stream


def _text_out() -> TextIO:
    stream = sys.stdout
    with contextlib.suppress(AttributeError, ValueError):
        stream.reconfigure(errors="replace")  # type: ignore[union-attr]
    return stream


# Choosing the canvas ----------------------------------------------------------------------

def _open(console: Console, course: Course, folder: Path,
          path: Path | None) -> CanvasSession | None:
    """The session on the chosen canvas, or None if the learner leaves first."""
    if path is not None:
        if path.exists():
            return _open_file(console, course, path)
        console.say(_("{file} does not exist yet: type your name to create it.").format(
            file=path))
        return _create(console, course, path, folder)
    while True:
        found = find_canvases(folder)
        if not found:
            return _create(console, course, None, folder)
        console.blank()
        console.say(_("Your canvases:"))
        for number, summary in enumerate(found, 1):
            console.say(full_stop(f"  {number}. {_describe(summary, len(course.lessons))}"))
        line = _ask(console, _("Type a number to continue a canvas, or press Enter to "
                               "start a new one: ")).strip()
        if not line:
            return _create(console, course, None, folder)
        if not line.isdigit() or not 1 <= int(line) <= len(found):
            console.say(_("Type a number from 1 to {n}, or press Enter.").format(
                n=len(found)))
            continue
        session = _open_file(console, course, found[int(line) - 1].path)
        if session is not None:
            return session


def _describe(summary: CanvasSummary, total: int) -> str:
    if summary.error:
        return _("{file}: cannot be read: {error}").format(file=summary.path.name,
                                                           error=summary.error)
    who = summary.name or summary.path.stem
    if summary.venture:
        who = f"{who}, {summary.venture}"
    when = format_datetime(summary.updated, "short") if summary.updated else ""
    return _("{who}: {done} of {total} lessons done, changed {when}").format(
        who=who, done=summary.completed, total=total, when=when)


def _open_file(console: Console, course: Course, path: Path) -> CanvasSession | None:
    """Lock and load a canvas; a broken one is left untouched and its backup offered."""
    store = CanvasStore(path)
    try:
        canvas = store.open()
    except CanvasLocked as exc:
        console.say(_("Canvas already open: {reason}").format(reason=exc.message))
        return None
    except CanvasError as exc:
        console.say(_("This canvas cannot be read, so it is left exactly as it is: {error}")
                    .format(error=exc))
        return _offer_backup(console, course, path)
    return _session(console, course, store, canvas)


def _offer_backup(console: Console, course: Course, path: Path) -> CanvasSession | None:
    if not backup_path(path).is_file():
        console.say(_("There is no backup of it. Fix the file, or start a new canvas."))
        return None
    answer = console.ask(_("There is a backup of it. Type yes to copy the backup to a new "
                           "canvas and open that, or press Enter not to: "))
    if answer.strip().casefold() not in {"yes", "y", _("yes").casefold()}:
        return None
    try:
        recovered = recover_backup(path)
    except CanvasError as exc:
        console.say(_("The backup cannot be read either: {error}").format(error=exc))
        return None
    console.say(_("Copied the backup to {file}.").format(file=recovered))
    return _open_file(console, course, recovered)


def _create(console: Console, course: Course, path: Path | None,
            folder: Path) -> CanvasSession | None:
    console.blank()
    console.say(_("Start a new canvas."))
    name = ""
    while not name:
        name = one_line(_ask(console, _("Your name: ")))[:MAX_NAME]
        if not name:
            console.say(_("Please type your name first."))
    venture = one_line(_ask(console, _("Your business idea, in a few words: ")))[:MAX_NAME * 2]
    target = path if path is not None else new_canvas_path(folder, name)
    canvas = Canvas(course=course.id, name=name, venture=venture, language=course.language)
    store = CanvasStore(target)
    try:
        store.create(canvas)
    except CanvasError as exc:
        console.say(_("Cannot create the canvas: {error}").format(error=exc))
        return None
    return _session(console, course, store, canvas)


def _ask(console: Console, prompt: str) -> str:
    """Ask before a canvas is open: `quit` leaves, `help` says what is wanted here.

    Only the whole words count here, not their short forms: a learner may be called Q.
    """
    while True:
        line = console.ask(prompt)
        word = line.strip().casefold()
        if word not in ("quit", "help"):
            return line
        if word == "quit":
            raise Quit
        console.say(_("Type your answer and press Enter, or type quit to leave. The other "
                      "commands work once your canvas is open."))


def _session(console: Console, course: Course, store: CanvasStore,
             canvas: Canvas) -> CanvasSession:
    session = CanvasSession(store, canvas)
    console.say(_("Your canvas: {file}").format(file=store.path))
    if canvas.course != course.id:
        console.say(_("This canvas was made for another course ({course}).").format(
            course=canvas.course))
    return session
