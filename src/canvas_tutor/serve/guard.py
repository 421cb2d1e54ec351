"""The session side of a served class: end with the server, and say nothing private.

A session is a canvas-tutor process that textual-serve started for one browser tab. If
the server dies (kill -9, a crash, the machine's OOM killer) nobody will ever send it
"quit": the guard sees its parent change, has the app save (on the app's thread), and
if the app does not manage within a few seconds, saves the canvas itself; then it ends
the process. The canvas lock is an OS file lock, so it goes with the process.

Whatever a session writes to stderr ends up in the server's log, and a crash report
holds the learner's text: so stderr goes nowhere, and only a one-line note without
any detail reaches the trainer.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable

POLL = 0.2  # seconds between looks at the parent
SERVER_PID = "CANVAS_TUTOR_SERVER_PID"  # set by serve, so a late starter knows its parent
GRACE = 3.0  # seconds the app gets to save and exit on its own

# A session forked by serve's session starter (forks.py) is the starter's child, not the
# server's: it watches the server itself, through a pidfd the starter opened (readable
# once the server has ended), so a session outlives a starter that dies, never the server.
_server_fd: int | None = None


def follow_server(pidfd: int | None) -> None:
    """Watch the server through this pidfd rather than through the parent."""
    global _server_fd
    _server_fd = pidfd


def _server_gone(first: int) -> bool:
    if _server_fd is not None:
        import select

        try:
            return bool(select.select([_server_fd], [], [], 0)[0])
        except (OSError, ValueError):
            pass
    return os.getppid() != first


def quiet_stderr() -> int:
    """Send stderr to the null device; returns a duplicate of the old one for one line."""
    saved = os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.close(null)
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    return saved


def note(fd: int, text: str) -> None:
    """One line for the trainer's log, through the saved stderr."""
    with contextlib.suppress(OSError):
        os.write(fd, (text.rstrip() + "\n").encode("utf-8", "replace"))


def watch_parent(save_in_app: Callable[[], object], save_here: Callable[[], None],
                 parent: int | None = None) -> threading.Event:
    """Start a daemon thread that saves and ends the session once its parent is gone.

    `save_in_app` saves on the app's own thread (and returns when done); if the app
    does not manage within GRACE seconds (it is stuck), `save_here` saves from the guard's
    thread. Either way the process then ends at once: its terminal is gone with the
    server, so there is nothing left to show and no reason for a slow, orderly exit.
    Returns an Event to set when the session ends normally (the thread then stops).
    """
    if parent is None:
        told = os.environ.get(SERVER_PID, "")
        parent = int(told) if told.isdigit() else os.getppid()
    first = parent
    done = threading.Event()

    def watch() -> None:
        while not done.wait(POLL):
            if _server_gone(first):
                _save_and_end(save_in_app, save_here)

    threading.Thread(target=watch, name="canvas-tutor-guard", daemon=True).start()
    return done


def _save_and_end(save_in_app: Callable[[], object], save_here: Callable[[], None]) -> None:
    saved = threading.Event()

    def in_app() -> None:
        with contextlib.suppress(Exception):
            save_in_app()
            saved.set()

    threading.Thread(target=in_app, daemon=True).start()
    if not saved.wait(GRACE):
        with contextlib.suppress(Exception):  # the app is stuck: save from here
            save_here()
    os._exit(0)
