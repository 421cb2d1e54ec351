"""The session starter of a served class: one process that has imported everything once,
forking a learner's session in milliseconds.

Starting a Python process that imports Textual and reads the course costs about half a
CPU-second; thirty learners joining at once on two cores waited many seconds for their
first screen. So serve starts this process once. It imports the app, reads the course,
runs the app once off screen (so every lazy import and class-level cache is filled) and
freezes its memory for the garbage collector (so a forked session does not copy every
page just to scan it). For each browser tab textual-serve runs a tiny launcher
(`LAUNCHER`, standard library only, `python -I -S`) that hands this process its standard
input, output and error, its environment and its command line over a Unix socket, and
waits. This process forks; the child runs the session exactly as the command line would,
and the launcher exits with the child's status, passing on SIGTERM and SIGHUP (a Ctrl+C
in the trainer's terminal reaches the server, which ends the class in order, so the
launcher ignores SIGINT). If textual-serve kills a launcher, its session ends too.

Sessions start at most one per core at a time, the rest in order of arrival: thirty at
once on two cores all compete for the processor and all finish late, and the learner
already working waits for every key; one per core gets each first screen out in turn.

If this process is not there (it failed to start, or died), or refuses the request, the
launcher runs the session the ordinary way, so a class never depends on it; a session
already forked goes on if this process dies. When the server dies, this process ends,
and each session's guard (guard.py) sees the server gone, saves and ends.

Nothing of one learner can reach another: this process never opens a canvas (its run
off screen uses a throwaway folder), so a fork holds the course and code only; return
codes come from `secrets`. The socket lives in a folder only the serve user can enter,
and a peer of another user is refused even so.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import os
import select
import signal
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from canvas_tutor.serve.guard import SERVER_PID, follow_server

if TYPE_CHECKING:
    from canvas_tutor.course.model import Course

PROTOCOL = b"canvas-tutor-session/1"
REQUEST_MAX = 1 << 20  # bytes: a command line and an environment
FORWARDED = (signal.SIGTERM, signal.SIGHUP)
POLL = 0.2  # seconds between looks at the server
START_WAIT = 3.0  # seconds a starting session holds its turn at most
QUEUE_MAX = 256  # requests waiting for a turn; beyond, launchers run sessions themselves
QUEUE_WAIT = 30.0  # seconds a request may wait for its turn (a launcher waits 60 at most)
REQUEST_WAIT = 10.0  # seconds a connected launcher has to send its request

# Run as `python -I -S -c LAUNCHER SOCKET ARGS...`, where `python ARGS...` is the session's
# ordinary command line: nothing but the standard library, nothing from the environment.
LAUNCHER = """\
import os, select, signal, socket, sys
s = None
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.settimeout(60)
    s.connect(sys.argv[1])
    args = [os.fsencode(a) for a in sys.argv[2:]]
    env = [k + b"=" + v for k, v in os.environb.items()]
    message = b"\\0".join([b"canvas-tutor-session/1", b"%d" % len(args), *args, *env])
    socket.send_fds(s, [message], [0, 1, 2])
    answer, fds, _, _ = socket.recv_fds(s, 64, 1)
except OSError:
    answer, fds = b"", []
if not answer.startswith(b"started"):
    if s is not None:
        s.close()
    os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
for fd in (0, 1, 2):
    os.close(fd)
pidfd = fds[0] if fds else -1
def forward(number, frame):
    try:
        if pidfd >= 0:
            signal.pidfd_send_signal(pidfd, number)
        else:
            s.send(b"signal %d" % number)
    except OSError:
        pass
for number in (signal.SIGTERM, signal.SIGHUP):
    signal.signal(number, forward)
signal.signal(signal.SIGINT, signal.SIG_IGN)
s.settimeout(None)
try:
    status = s.recv(64)
except OSError:
    status = b""
if status.startswith(b"exit "):
    code = int(status.split()[1])
    if os.WIFSIGNALED(code):
        signal.signal(os.WTERMSIG(code), signal.SIG_DFL)
        os.kill(os.getpid(), os.WTERMSIG(code))
    os._exit(os.WEXITSTATUS(code) if os.WIFEXITED(code) else 1)
if pidfd >= 0:
    select.select([pidfd], [], [])
os._exit(1)
"""


class BadRequest(ValueError):
    """A launcher's message this starter does not take (the launcher then runs alone)."""


def encode_request(argv: list[str], env: dict[str, str]) -> bytes:
    """What the launcher sends (the same layout LAUNCHER writes by hand)."""
    args = [os.fsencode(a) for a in argv]
    pairs = [os.fsencode(k) + b"=" + os.fsencode(v) for k, v in env.items()]
    return b"\0".join([PROTOCOL, b"%d" % len(args), *args, *pairs])


def decode_request(message: bytes) -> tuple[list[str], dict[str, str]]:
    """A launcher's command line and environment; BadRequest if it is not one."""
    parts = message.split(b"\0")
    if len(parts) < 2 or parts[0] != PROTOCOL or not parts[1].isdigit():
        raise BadRequest("not a session request")
    count = int(parts[1])
    if len(parts) < 2 + count:
        raise BadRequest("command line cut short")
    argv = [os.fsdecode(a) for a in parts[2:2 + count]]
    env: dict[str, str] = {}
    for pair in parts[2 + count:]:
        key, equals, value = pair.partition(b"=")
        if not equals or not key:
            raise BadRequest("not an environment entry")
        env[os.fsdecode(key)] = os.fsdecode(value)
    return argv, env


def peer_is_ours(conn: socket.socket) -> bool:
    """Whether the process at the other end runs as this user (SO_PEERCRED, Linux)."""
    try:
        raw = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return False
    _pid, uid, _gid = struct.unpack("3i", raw)
    return bool(uid == os.getuid())


def private_folder(folder: Path) -> bool:
    """Whether only this user can enter the folder of the socket."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    import stat

    return bool(stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and
                not info.st_mode & 0o077)


def session_turns() -> int:
    """How many sessions may be starting at the same moment: one per usable core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass
class _Request:
    conn: socket.socket
    fds: list[int]
    env: dict[str, str]
    since: float

    def abandoned(self) -> bool:
        """Whether its launcher has hung up (it gave up waiting, or was killed)."""
        try:
            if not select.select([self.conn], [], [], 0)[0]:
                return False  # nothing to read: still there, waiting
            return self.conn.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True


@dataclass
class _Child:
    conn: socket.socket | None  # None once the launcher is gone
    ready: int  # read end of the pipe the child writes to once its first screen is out
    since: float
    starting: bool = True


class Starter:
    """Accepts launchers, queues them, forks their sessions and tells them how they end."""

    def __init__(self, listener: socket.socket, argv: list[str],
                 run: Callable[[dict[str, str], Callable[[], None]], int],
                 turns: int | None = None) -> None:
        self.listener = listener
        self.argv = argv  # the session command line this starter stands in for
        self.run = run  # in the child: run the session; returns its exit status
        self.turns = turns or session_turns()
        self.queue: collections.deque[_Request] = collections.deque()
        self.incoming: dict[socket.socket, float] = {}  # accepted, request not read yet
        self.children: dict[int, _Child] = {}
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)

    # The loop ---------------------------------------------------------------------------

    def serve(self, keep_going: Callable[[], bool]) -> None:
        """Until `keep_going()` is false (the server is gone)."""
        signal.signal(signal.SIGCHLD, lambda number, frame: None)
        signal.set_wakeup_fd(self.wake_w)
        try:
            while keep_going():
                self.step(POLL)
        finally:
            signal.set_wakeup_fd(-1)

    def step(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for something to do, and do it."""
        watched: list[int | socket.socket] = [self.listener, self.wake_r, *self.incoming]
        for child in self.children.values():
            if child.conn is not None:
                watched.append(child.conn)
            if child.ready >= 0:
                watched.append(child.ready)
        try:
            readable, _, _ = select.select(watched, [], [], timeout)
        except InterruptedError:
            readable = []
        for item in readable:
            if item is self.listener:
                self._accept()
            elif isinstance(item, socket.socket) and item in self.incoming:
                del self.incoming[item]
                self._read_request(item)
            elif item == self.wake_r:
                with contextlib.suppress(OSError):
                    os.read(self.wake_r, 512)
            else:
                self._from_child(item)
        self._reap()
        now = time.monotonic()
        for conn, since in list(self.incoming.items()):
            if now - since > REQUEST_WAIT:  # connected and said nothing
                del self.incoming[conn]
                conn.close()
        for child in self.children.values():
            if child.starting and now - child.since > START_WAIT:
                child.starting = False
        self._start_waiting()

    def _accept(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        if not peer_is_ours(conn):
            conn.close()  # another user: not even an answer
            return
        self.incoming[conn] = time.monotonic()  # its request is read once it is there

    def _read_request(self, conn: socket.socket) -> None:
        fds: list[int] = []
        try:
            message, fds, flags, _ = socket.recv_fds(conn, REQUEST_MAX, 3)
            argv, env = decode_request(message)
            if argv != self.argv or len(fds) != 3 or flags & socket.MSG_TRUNC or \
                    len(self.queue) >= QUEUE_MAX:
                raise BadRequest("not this starter's session")
        except (OSError, BadRequest, ValueError):
            with contextlib.suppress(OSError):
                conn.send(b"refused")  # the launcher runs the session itself
            for fd in fds:
                os.close(fd)
            conn.close()
            return
        self.queue.append(_Request(conn, fds, env, time.monotonic()))

    def _start_waiting(self) -> None:
        while self.queue and sum(c.starting for c in self.children.values()) < self.turns:
            request = self.queue.popleft()
            if request.abandoned():
                self._close(request)
            elif time.monotonic() - request.since > QUEUE_WAIT:  # long before it gives up
                with contextlib.suppress(OSError):
                    request.conn.send(b"refused")  # its launcher starts the session itself
                self._close(request)
            else:
                self._fork(request)

    def _fork(self, request: _Request) -> None:
        ready_r, ready_w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(ready_r)
            os.close(ready_w)
            with contextlib.suppress(OSError):
                request.conn.send(b"refused")
            self._close(request)
            return
        if pid == 0:  # the session
            status = 1
            try:
                os.close(ready_r)
                self._leave_to_child(request)
                status = self.run(request.env, _signal_ready(ready_w))
            finally:
                os._exit(status)
        os.close(ready_w)
        for fd in request.fds:
            os.close(fd)
        try:
            pidfd = os.pidfd_open(pid)  # lets the launcher signal and outwait its session
        except (AttributeError, OSError):
            pidfd = -1
        try:
            socket.send_fds(request.conn, [b"started %d" % pid], [pidfd] if pidfd >= 0 else [])
        except OSError:  # the launcher is gone already: so is the session's reason to be
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
        if pidfd >= 0:
            os.close(pidfd)
        self.children[pid] = _Child(request.conn, ready_r, time.monotonic())

    def _leave_to_child(self, request: _Request) -> None:
        """In the forked child: drop the starter's files and handlers, take the streams."""
        signal.set_wakeup_fd(-1)
        for number in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        self.listener.close()
        for fd in (self.wake_r, self.wake_w):
            os.close(fd)
        for other in self.queue:
            self._close(other)
        for conn in self.incoming:
            conn.close()
        for child in self.children.values():
            if child.conn is not None:
                child.conn.close()
            if child.ready >= 0:
                os.close(child.ready)
        request.conn.close()
        for target, fd in enumerate(request.fds):
            os.dup2(fd, target)
        for fd in request.fds:
            if fd > 2:
                os.close(fd)

    def _from_child(self, item: int | socket.socket) -> None:
        for pid, child in self.children.items():
            if child.conn is not None and item is child.conn:
                try:
                    data = child.conn.recv(64)
                except OSError:
                    data = b""
                words = data.split()
                if len(words) == 2 and words[0] == b"signal" and words[1].isdigit():
                    number = int(words[1])
                    if number in FORWARDED:
                        with contextlib.suppress(OSError):
                            os.kill(pid, number)
                elif not data:  # the launcher died (textual-serve killed it): end too
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGTERM)
                    child.conn.close()
                    child.conn = None
                return
            if item == child.ready:
                try:
                    data = os.read(child.ready, 64)
                except OSError:
                    data = b""
                child.starting = False  # its first screen is out (or it ended): next
                if not data:
                    os.close(child.ready)
                    child.ready = -1
                return

    def _reap(self) -> None:
        """Collect every ended session (no zombies) and tell its launcher how it ended."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            child = self.children.pop(pid, None)
            if child is None:
                continue
            if child.conn is not None:
                with contextlib.suppress(OSError):
                    child.conn.send(b"exit %d" % status)
                child.conn.close()
            if child.ready >= 0:
                os.close(child.ready)

    @staticmethod
    def _close(request: _Request) -> None:
        for fd in request.fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        request.conn.close()


def _signal_ready(fd: int) -> Callable[[], None]:
    """What the session calls once its first screen is out: frees its turn."""
    def ready() -> None:
        with contextlib.suppress(OSError):
            os.write(fd, b"r")

    return ready


def session_options(argv: list[str]) -> tuple[Path, Path | None, str | None]:
    """The class folder, course and language of a session command line (see
    `canvas_tutor.serve.session_args`)."""
    import argparse

    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("-m")
    parser.add_argument("--class-dir", type=Path, required=True)
    parser.add_argument("--course", type=Path)
    parser.add_argument("--language")
    options = parser.parse_args(argv)
    return options.class_dir, options.course, options.language


def warm_up(course: Course) -> None:
    """Run the app once off screen, in a throwaway folder, so that every fork starts with
    Textual's lazy imports done and its class-level caches full. Only an optimisation:
    whatever goes wrong here, sessions still start."""
    import asyncio
    import importlib
    import tempfile

    from canvas_tutor.tui.app import CanvasTutorApp

    driver = os.environ.get("TEXTUAL_DRIVER", "").partition(":")[0]
    with contextlib.suppress(Exception):
        if driver:
            importlib.import_module(driver)

    async def once(folder: Path) -> None:
        app = CanvasTutorApp(course, data_dir=folder, fixed_folder=True)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()

    with contextlib.suppress(Exception), tempfile.TemporaryDirectory() as folder:
        asyncio.run(once(Path(folder)))


def session_runner(argv: list[str], course: Course, language: str,
                   server_fd: int | None = None
                   ) -> Callable[[dict[str, str], Callable[[], None]], int]:
    """What a forked child does: become the session `python ARGV...` would have been."""
    class_dir, course_dir, asked = session_options(argv)

    def run(env: dict[str, str], ready: Callable[[], None]) -> int:
        from canvas_tutor.cli import served_language
        from canvas_tutor.course.loader import load_course
        from canvas_tutor.errors import UserError
        from canvas_tutor.i18n import _
        from canvas_tutor.text import visible
        from canvas_tutor.tui.app import run_app

        os.environ.clear()
        os.environ.update(env)
        os.environ[SERVER_PID] = str(os.getppid())  # without a pidfd the guard watches us
        follow_server(server_fd)
        try:
            chosen, notice = served_language(course_dir, asked)
            pack = course if chosen == language else load_course(course_dir, chosen)
        except UserError as exc:  # as the command line would say it
            print(_("canvas-tutor: error: {reason}").format(reason=visible(exc)),
                  file=sys.stderr, flush=True)
            return 1
        except Exception as exc:  # noqa: BLE001 - one line for the log, no traceback
            print(_("canvas-tutor: a learner's session could not start ({kind})").format(
                kind=type(exc).__name__), file=sys.stderr, flush=True)
            return 1

        def started() -> None:
            gc.enable()
            ready()

        # A first screen makes many short-lived objects and no garbage to speak of: the
        # collector's rounds would be a seventh of its time. It starts once the screen is out.
        gc.disable()
        return run_app(pack, data_dir=class_dir, class_mode=True, notice=notice,
                       started=started)

    return run


def listen(path: Path) -> socket.socket:
    """The starter's socket, at `path` only once it takes connections (so a launcher
    that finds it never finds it half made)."""
    if not private_folder(path.parent):
        raise OSError(f"{path.parent} is open to other users")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    making = path.with_name(path.name + ".new")
    with contextlib.suppress(FileNotFoundError):
        making.unlink()
    listener.bind(str(making))
    os.chmod(making, 0o600)
    listener.listen(QUEUE_MAX)
    os.replace(making, path)
    return listener


def serve_sessions(path: Path, argv: list[str]) -> None:
    """Load everything once, then fork a session for every launcher that connects."""
    from canvas_tutor.cli import served_language
    from canvas_tutor.course.loader import load_course
    from canvas_tutor.tui.screens import home, welcome  # noqa: F401 - loaded once, shared

    server = os.getppid()
    try:
        server_fd: int | None = os.pidfd_open(server)
    except (AttributeError, OSError):
        server_fd = None
    if os.getppid() != server:  # the server ended while the pidfd was opened
        return
    _class_dir, course_dir, asked = session_options(argv)
    language, _notice = served_language(course_dir, asked)
    course = load_course(course_dir, language)
    warm_up(course)
    if threading.active_count() > 1:  # forking now would copy a thread's half-done work
        return
    gc.collect()
    gc.freeze()  # the collector leaves the shared pages alone in every fork
    starter = Starter(listen(path), argv, session_runner(argv, course, language, server_fd))
    starter.serve(lambda: os.getppid() == server)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        serve_sessions(Path(sys.argv[1]), sys.argv[2:])
    os._exit(0)  # the server is gone: the sessions' guards see this and save
