"""`canvas-tutor serve`: the course for a whole class, each browser tab its own learner.

textual-serve starts one canvas-tutor process per browser tab. Every process keeps its
canvas in the class folder, under a file name made safe from the learner's name and with
a return code the learner types to come back, so `canvas-tutor report CLASS_DIR` works
on the folder directly. The server (server.py) needs the web extra; the session side
(guard.py) needs nothing but the standard library.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from canvas_tutor.errors import UserError
from canvas_tutor.i18n import _
from canvas_tutor.text import visible

SESSION_FLAG = "--class-dir"


def session_args(class_dir: Path, course_dir: Path | None,
                 language: str | None = None) -> list[str]:
    """The arguments after `python` of one learner's session (one browser tab)."""
    parts = ["-m", "canvas_tutor", SESSION_FLAG, str(class_dir.resolve())]
    if course_dir is not None:
        parts += ["--course", str(course_dir.resolve())]
    if language:
        parts += ["--language", language]
    return parts


def session_command_line(class_dir: Path, course_dir: Path | None,
                         language: str | None = None, starter: Path | None = None) -> str:
    """The command textual-serve runs for each browser tab.

    With a session starter (forks.py) it is the starter's launcher, which runs the
    ordinary session itself when the starter is not there. `exec` makes the session (or
    the launcher) the server's own child, not a shell's, so textual-serve's quit and the
    server's signals reach it directly.
    """
    parts = [sys.executable, *session_args(class_dir, course_dir, language)]
    if starter is not None:
        from canvas_tutor.serve.forks import LAUNCHER

        parts = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(starter), *parts[1:]]
    return "exec " + shlex.join(parts)


def start_starter(class_dir: Path, course_dir: Path | None,
                  language: str | None) -> tuple[subprocess.Popen[bytes], Path]:
    """The session starter (forks.py), with the environment textual-serve gives sessions.

    Its socket is in a new folder only this user can enter. It runs in a process group of
    its own, so a Ctrl+C in the trainer's terminal reaches the server (which ends the
    class in order) and each session once, through its launcher.
    """
    from importlib.metadata import version

    folder = Path(tempfile.mkdtemp(prefix="canvas-tutor-serve-"))  # mode 0700
    socket_path = folder / "sessions.sock"
    env = dict(os.environ, TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
               TEXTUAL_FPS="60", TEXTUAL_COLOR_SYSTEM="truecolor", TERM_PROGRAM="textual",
               TERM_PROGRAM_VERSION=version("textual-serve"))
    process = subprocess.Popen(
        [sys.executable, "-m", "canvas_tutor.serve.forks", str(socket_path),
         *session_args(class_dir, course_dir, language)], env=env,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    deadline = time.monotonic() + 20  # meanwhile (and if it never comes) sessions start alone
    while not socket_path.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    return process, socket_path


def say(text: str) -> None:
    """One line of the trainer's log, at once."""
    print(text, flush=True)


class _Counter:
    """Prints the number of learners connected when it changes (the trainer's view)."""

    def __init__(self) -> None:
        self.last = 0

    def __call__(self, count: int) -> None:
        if count != self.last:
            self.last = count
            print(f"{time.strftime('%H:%M:%S')} " + _("learners connected: {count}").format(
                count=count), flush=True)


def serve_command(host: str, port: int, class_dir: Path, course_dir: Path | None, *,
                  language: str | None = None, public_url: str | None = None,
                  verbose: bool = False) -> int:
    """Check the setup, say where to connect, then serve until Ctrl+C or SIGTERM."""
    try:
        from canvas_tutor.serve.server import ClassServer
    except ImportError:
        raise UserError(_("serving needs the web extra: pip install 'canvas-tutor[web]'")) \
            from None
    from canvas_tutor.course.loader import load_course
    from canvas_tutor.serve.addresses import check_public_url, is_loopback, learner_urls

    course = load_course(course_dir, language)  # a broken pack fails here, not in a browser
    announced = check_public_url(public_url) if public_url else None
    class_dir.mkdir(parents=True, exist_ok=True)
    from canvas_tutor.serve.guard import SERVER_PID

    os.environ[SERVER_PID] = str(os.getpid())  # sessions and the starter inherit it
    starter, socket_path = start_starter(class_dir, course_dir, language)
    server = ClassServer(session_command_line(class_dir, course_dir, language, socket_path),
                         host=host, port=port,
                         title=course.title, language=course.language,
                         public_url=announced, verbose=verbose, on_count=_Counter())

    def ready() -> None:
        say(_("canvas-tutor is serving '{title}' to a class.").format(title=course.title))
        if announced:
            say(_("Learners open: {url}").format(url=visible(announced)))
        else:
            urls = learner_urls(host, port)
            if not urls:
                say(_("No network address found: learners on other machines cannot reach "
                      "this one. Check its network, or use --public-url."))
            for url in urls:
                say(_("Learners open: {url}").format(url=visible(url)))
            if all(is_loopback(u.split("//", 1)[1].rsplit(":", 1)[0]) for u in urls):
                say(_("That address works on this computer only. For a room, add --host "
                      "0.0.0.0 (every network address of this computer)."))
        say(_("Class folder: {folder}").format(folder=visible(class_dir.resolve())))
        say(_("Class report: {command}").format(
            command=visible(f"canvas-tutor report {class_dir} --watch -o report.html")))
        say(_("Lost return codes: {command}").format(
            command=visible(f"canvas-tutor class codes {class_dir}")))
        say(_("Press Ctrl+C to end the class (every canvas is saved)."))

    import asyncio
    import shutil

    server.initialize_logging()
    try:
        asyncio.run(server.run(ready=ready))
    except OSError as exc:
        raise UserError(_("cannot listen on {host}:{port}: {reason}").format(
            host=host, port=port, reason=exc.strerror or exc)) from None
    finally:
        starter.terminate()  # its sessions are told to quit already, or see the server end
        with contextlib.suppress(subprocess.TimeoutExpired):
            starter.wait(1)
        shutil.rmtree(socket_path.parent, ignore_errors=True)
    say(_("The class has ended; every canvas is saved."))
    return 0
