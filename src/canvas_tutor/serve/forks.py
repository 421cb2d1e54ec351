"""The session starter of a served class: one process that has imported everything once,
forking a learner's session in milliseconds.

Starting a Python process that imports Textual and reads the course costs about half a
CPU-second; thirty learners joining at once on two cores waited many seconds for their
first screen. So serve starts this process once; for each browser tab textual-serve runs
a tiny launcher (`LAUNCHER`, standard library only) that hands its standard input,
output and error to this process over a Unix socket and waits. This process forks; the
child runs the session on those streams and the launcher exits with the child's status.

If this process is not there (it failed to start, or died), the launcher runs the
session the ordinary way, so a class never depends on it. When the server dies, this
process ends, and each session's guard (guard.py) sees its parent gone, saves and ends.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import socket
import sys
from pathlib import Path

from canvas_tutor.serve.guard import SERVER_PID

# Run as `python -c LAUNCHER SOCKET FALLBACK...`: nothing but the standard library.
LAUNCHER = """\
import json, os, socket, sys
try:
    s = socket.socket(socket.AF_UNIX)
    s.connect(sys.argv[1])
    env = {k: os.environ.get(k, "") for k in ("COLUMNS", "ROWS")}
    socket.send_fds(s, [json.dumps(env).encode()], [0, 1, 2])
except OSError:
    os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
for fd in (0, 1, 2):
    os.close(fd)
status = s.recv(16)
os._exit(int(status) if status.strip().isdigit() else 1)
"""

POLL = 0.2  # seconds between looks at the server and at finished sessions


def _reap(children: dict[int, socket.socket]) -> None:
    """Tell each launcher whose session ended, with its exit status."""
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        conn = children.pop(pid, None)
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.send(str(os.waitstatus_to_exitcode(status) & 0xFF).encode())
            conn.close()


def _session(fds: list[int], message: bytes, run: object) -> None:
    """In the forked child: take the launcher's streams and run one learner's session."""
    for number, fd in enumerate(fds[:3]):
        os.dup2(fd, number)
        os.close(fd)
    try:
        sizes = json.loads(message)
    except ValueError:
        sizes = {}
    for key in ("COLUMNS", "ROWS"):
        value = sizes.get(key, "") if isinstance(sizes, dict) else ""
        if isinstance(value, str) and value.isdigit():
            os.environ[key] = value
    os.environ[SERVER_PID] = str(os.getppid())  # the guard watches this process
    assert callable(run)
    run()
    os._exit(0)


def serve_sessions(path: Path, class_dir: Path, course_dir: Path | None,
                   language: str | None) -> None:
    """Load everything once, then fork a session for every launcher that connects."""
    from canvas_tutor.cli import use_language
    from canvas_tutor.course.loader import load_course
    from canvas_tutor.tui.app import run_app
    from canvas_tutor.tui.screens import home, welcome  # noqa: F401 - loaded once, shared

    server = os.getppid()
    chosen, _notice = use_language(language, course_dir)
    course = load_course(course_dir, chosen)
    listener = socket.socket(socket.AF_UNIX)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    listener.bind(str(path))
    listener.listen(64)
    children: dict[int, socket.socket] = {}
    while os.getppid() == server:
        ready, _, _ = select.select([listener], [], [], POLL)
        _reap(children)
        if not ready:
            continue
        conn, _ = listener.accept()
        try:
            message, fds, _, _ = socket.recv_fds(conn, 4096, 3)
        except OSError:
            conn.close()
            continue
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            conn.close()
            continue
        pid = os.fork()
        if pid == 0:  # the session
            listener.close()
            conn.close()
            for other in children.values():
                other.close()
            _session(fds, message, lambda: run_app(course, data_dir=class_dir,
                                                   class_mode=True))
        for fd in fds:
            os.close(fd)
        children[pid] = conn
    os._exit(0)  # the server is gone: the sessions' guards see this and save


if __name__ == "__main__":
    sock, folder, pack, lang = (sys.argv[1:] + ["", "", "", ""])[:4]
    serve_sessions(Path(sock), Path(folder), Path(pack) if pack else None, lang or None)
