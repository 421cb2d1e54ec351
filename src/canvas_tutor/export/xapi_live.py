"""The hook a served class calls after each save: queue the canvas's new statements, send.

`canvas-tutor serve --lrs URL` puts the address in the environment of every learner's
session (never the credentials on a command line: they come from the environment or a
file, see xapi_send). After each successful save the session calls `after_save` with the
bytes it wrote; statements are built from those bytes (a consistent snapshot, not the
model the learner keeps editing), queued in the class's outbox and sent on a background
thread. A failed send is retried after the outbox's backoff, also with no new save.
Nothing here may disturb the learner: every error is kept in the outbox's state, never
raised into the app.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from canvas_tutor.course.model import Course
from canvas_tutor.export.xapi import canvas_statements, default_home_page
from canvas_tutor.export.xapi_send import URL_ENV, Lrs, LrsError, Outbox, load_lrs
from canvas_tutor.text import one_line

HOME_PAGE_ENV = "CANVAS_TUTOR_CLASS_URL"
SaveHook = Callable[[Path, bytes], None]


class LiveSender:
    """Queues and sends one session's statements; safe to call from any thread."""

    def __init__(self, course: Course, class_dir: Path, lrs: Lrs, home_page: str) -> None:
        self.course = course
        self.outbox = Outbox.of(class_dir)
        self.lrs = lrs
        self.home_page = home_page
        self.last_error = ""
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._sending = False  # a send thread runs (set and cleared under the lock)
        self._again = False  # asked to send while one ran: it goes round once more
        self._retry_due = False  # a retry is scheduled

    def after_save(self, path: Path, data: bytes) -> None:
        """Queue the statements of the canvas just written, then send in the background."""
        from canvas_tutor.canvas.codec import canvas_from_text
        from canvas_tutor.canvas.model import now_utc

        try:
            canvas = canvas_from_text(path, data.decode("utf-8"))
            statements = canvas_statements(canvas, self.course, home_page=self.home_page,
                                           when=now_utc(), settled_only=True)
            self.outbox.queue(statements)
        except Exception as exc:  # noqa: BLE001 - the learner's save must never fail here
            self.last_error = one_line(str(exc))
            return
        self.send_soon()

    def send_soon(self) -> None:
        """Send now in the background; during a send, once more right after it (the
        statements just queued may have come too late for the files it had listed)."""
        with self._lock:
            if self._sending:
                self._again = True
                return
            self._sending, self._again = True, False
            self._thread = threading.Thread(target=self._send_all, name="xapi-send",
                                            daemon=True)
            self._thread.start()

    def _send_all(self) -> None:
        while True:
            self._send()
            with self._lock:  # decided under the lock: a request now is never lost
                if not self._again:
                    self._sending = False
                    return
                self._again = False

    def _send(self) -> None:
        try:
            result = self.outbox.flush(self.lrs, wait=5.0)
        except Exception as exc:  # noqa: BLE001 - a full disk must not stop the session
            self.last_error = one_line(str(exc))
            self._retry_later(30.0)  # and try again: nothing may stay behind for good
            return
        self.last_error = result.error
        if result.pending:
            self._retry_later(max(1.0, self.outbox.next_try() - time.time()))

    def _retry_later(self, delay: float) -> None:
        """One retry at a time. Whether one is due is a flag the timer clears as it
        fires: asking the timer thread whether it is alive failed when the send it
        started finished first, and then nothing retried again."""
        with self._lock:
            if self._retry_due:
                return
            self._retry_due = True
            timer = threading.Timer(delay, self._retry)
            timer.daemon = True
            timer.start()

    def _retry(self) -> None:
        with self._lock:
            self._retry_due = False
        self.send_soon()

    def join(self, timeout: float = 15.0) -> None:
        """Wait for a send in progress (tests, and a session's final save)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)


def live_sender(course: Course, class_dir: Path) -> LiveSender | None:
    """The sender of a served session, when serve was given --lrs; None otherwise."""
    if not os.environ.get(URL_ENV):
        return None
    try:
        lrs = load_lrs()
    except LrsError:
        return None  # serve checked the set-up before starting; a session stays quiet
    home = os.environ.get(HOME_PAGE_ENV) or default_home_page(class_dir)
    return LiveSender(course, class_dir, lrs, home)
