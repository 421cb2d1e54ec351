"""serve's session starter (serve/forks.py): learners' sessions forked from one process
that has loaded everything once, each with its own canvas, streams, size and code; the
launcher that hands a browser tab's streams over, and runs the session itself whenever
the starter is not there or says no."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from canvas_tutor.canvas.codes import code_of
from canvas_tutor.canvas.store import CanvasStore, read_canvas
from canvas_tutor.serve import forks
from serve_support import ENTER, Learner, Serve, VirtualScreen, alive, children_of, loopback_free

pytest.importorskip("textual_serve")
pytest.importorskip("aiohttp")

HOST = "127.0.0.2"
if not loopback_free(HOST):
    pytest.skip(f"this machine does not answer on {HOST}", allow_module_level=True)


def cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode("utf-8", "replace") for part in raw.split(b"\0") if part]


def starter_of(server: Serve) -> int:
    found = [p for p in children_of(server.proc.pid)
             if "canvas_tutor.serve.forks" in cmdline(p)]
    assert len(found) == 1, [cmdline(p) for p in children_of(server.proc.pid)]
    return found[0]


def launchers_of(server: Serve) -> list[int]:
    return [p for p in children_of(server.proc.pid) if "-I" in cmdline(p)]


def zombies_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] == "Z":
                found.append(int(entry.name))
    return found


async def until(check, timeout: float = 10) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "not reached in time"
        await asyncio.sleep(0.05)


@pytest.fixture
def serve(tmp_path: Path):  # type: ignore[no-untyped-def]
    servers: list[Serve] = []

    def start(*extra: str) -> Serve:
        server = Serve(tmp_path / "class", HOST, None, *extra)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


# The request and the checks --------------------------------------------------------------

def test_a_request_travels_whole_and_garbage_is_refused() -> None:
    argv = ["-m", "canvas_tutor", "--class-dir", "/srv/class 4b", "--language", "fr"]
    env = {"COLUMNS": "132", "ROWS": "40", "ODD": "a=b=c", "EMPTY": "", "NAME": "Zoë"}
    assert forks.decode_request(forks.encode_request(argv, env)) == (argv, env)
    for bad in (b"", b"hello", forks.PROTOCOL + b"\0x", forks.PROTOCOL + b"\09\0a",
                forks.PROTOCOL + b"\00\0no-equals-sign"):
        with pytest.raises(forks.BadRequest):
            forks.decode_request(bad)


def test_the_peer_check_knows_this_user_from_another(monkeypatch: pytest.MonkeyPatch) -> None:
    left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    with left, right:
        assert forks.peer_is_ours(left)
        monkeypatch.setattr(os, "getuid", lambda: 4242)  # as if serve ran as another user
        assert not forks.peer_is_ours(left)


def test_the_socket_folder_must_be_private(tmp_path: Path) -> None:
    private = Path(tempfile.mkdtemp(dir=tmp_path))
    assert forks.private_folder(private)
    listener = forks.listen(private / "sessions.sock")
    listener.close()
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    assert not forks.private_folder(shared)
    with pytest.raises(OSError, match="open to other users"):
        forks.listen(shared / "sessions.sock")
    assert not (shared / "sessions.sock").exists()


def _request_as(uid: int, path: Path) -> subprocess.Popen[str]:
    """A process of user `uid` that sends a session request and prints the answer."""
    code = ("import socket, sys\n"
            "try:\n"
            "    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)\n"
            f"    s.connect({str(path)!r})\n"
            f"    socket.send_fds(s, [{forks.encode_request(['-m', 'x'], {})!r}], [0, 1, 2])\n"
            "    s.settimeout(10)\n"
            "    print(repr(s.recv(64)), flush=True)\n"
            "except OSError as error:\n"
            "    print(type(error).__name__, flush=True)\n")
    python = sys.executable if uid == os.getuid() else OTHER_PYTHON
    return subprocess.Popen([python, "-I", "-S", "-c", code], user=uid,
                            stdout=subprocess.PIPE, text=True)


def _starter(folder: Path, argv: list[str]) -> forks.Starter:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(str(folder / "sessions.sock"))
    listener.listen(8)

    def never(env: dict[str, str], ready: object) -> int:
        raise AssertionError("no session may start")

    return forks.Starter(listener, argv, never)


def _step_until_done(starter: forks.Starter, process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 20
    while process.poll() is None and time.monotonic() < deadline:
        starter.step(0.1)
    out, _ = process.communicate(timeout=10)
    return out


# Another user cannot run a Python under root's home (as a test venv's often is).
OTHER_PYTHON = "/usr/bin/python3"


@pytest.mark.skipif(os.getuid() != 0 or not os.access(OTHER_PYTHON, os.X_OK),
                    reason="needs root, and a system Python, to run a process as another user")
def test_a_peer_of_another_user_gets_nothing() -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o755)  # as if the private folder had been opened up
        starter = _starter(folder, ["-m", "x"])
        (folder / "sessions.sock").chmod(0o777)
        out = _step_until_done(starter, _request_as(65534, folder / "sessions.sock"))
        # The connection is closed at once, without a word (before or after the request).
        assert out.strip() in ("b''", "ConnectionResetError", "BrokenPipeError")
        assert not starter.queue and not starter.children
        # The same request from this user is taken (queued for its turn).
        starter.turns = 0  # hold it in the queue: this test forks nothing
        own = _request_as(os.getuid(), folder / "sessions.sock")
        deadline = time.monotonic() + 20
        while not starter.queue and time.monotonic() < deadline:
            starter.step(0.1)
        assert len(starter.queue) == 1
        own.kill()
        own.wait()
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def test_the_launcher_runs_the_session_itself_when_there_is_no_starter(tmp_path: Path) -> None:
    ran = subprocess.run(
        [sys.executable, "-I", "-S", "-c", forks.LAUNCHER, str(tmp_path / "none.sock"),
         "-c", "import sys; print('direct', sys.flags.isolated, sys.stdin.read())"],
        input="the streams are its own", capture_output=True, text=True, timeout=30)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "direct 0 the streams are its own"  # not -I: as usual


def test_a_refused_launcher_runs_the_session_itself(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    starter = _starter(folder, ["-m", "canvas_tutor", "--class-dir", "/elsewhere"])
    launcher = subprocess.Popen(
        [sys.executable, "-I", "-S", "-c", forks.LAUNCHER, str(folder / "sessions.sock"),
         "-c", "print('ran alone')"], stdout=subprocess.PIPE, text=True)
    assert _step_until_done(starter, launcher).strip() == "ran alone"
    assert launcher.returncode == 0
    assert not starter.children


def test_a_request_whose_launcher_gave_up_is_never_started(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    starter = _starter(folder, ["-m", "x"])
    starter.turns = 0  # every turn taken: the request waits
    gone = _request_as(os.getuid(), folder / "sessions.sock")
    deadline = time.monotonic() + 20
    while not starter.queue and time.monotonic() < deadline:
        starter.step(0.1)
    assert len(starter.queue) == 1
    gone.kill()  # its launcher is killed (or gives up and starts the session itself)
    gone.wait()
    starter.turns = 1
    starter.step(0.1)
    assert not starter.queue and not starter.children  # dropped, not forked


def test_a_launcher_that_says_nothing_holds_up_no_one(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    starter = _starter(folder, ["-m", "x"])
    starter.turns = 0  # hold requests in the queue: this test forks nothing
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    silent.connect(str(folder / "sessions.sock"))
    starter.step(0.1)
    talking = _request_as(os.getuid(), folder / "sessions.sock")
    start = time.monotonic()
    while not starter.queue and time.monotonic() - start < 20:
        starter.step(0.1)
    assert len(starter.queue) == 1 and len(starter.incoming) == 1
    assert time.monotonic() - start < forks.REQUEST_WAIT
    talking.kill()
    talking.wait()
    silent.close()


# Through a real serve --------------------------------------------------------------------

async def test_forked_sessions_each_have_their_own_canvas_size_and_code(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve()
    starter = starter_of(server)
    narrow, wide = Learner(server.url, width=90), Learner(server.url, width=130)
    await narrow.connect()
    await wide.connect()
    code_one = await narrow.start_canvas("Ada", "Tea for coders")
    code_two = await wide.start_canvas("Ada", "Bikes for bakers")
    sessions = children_of(starter)
    assert len(sessions) == 2  # both forked from the starter
    for learner, width in ((narrow, 90), (wide, 130)):  # each drew at its own size
        screen = VirtualScreen()
        screen.feed("".join(learner.raw))
        assert screen.width == width
    assert code_one != code_two
    files = sorted(server.class_dir.glob("*.canvas.toml"))
    assert len(files) == 2
    ventures = {read_canvas(f).venture: code_of(read_canvas(f)) for f in files}
    assert ventures == {"Tea for coders": code_one, "Bikes for bakers": code_two}
    assert "Bikes for bakers" not in narrow.screen and "Tea for coders" not in wide.screen
    await narrow.close()
    await wide.close()
    await until(lambda: not children_of(starter))
    assert not zombies_of(starter)  # every ended session was collected


async def test_sigterm_to_a_launcher_saves_and_ends_its_session(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve()
    learner = await Learner(server.url).connect()
    await learner.start_canvas("Grace", "Compilers for all")
    await learner.send(ENTER)
    await learner.wait_for("My canvas")
    (launcher,) = launchers_of(server)
    (session,) = children_of(starter_of(server))
    os.kill(launcher, signal.SIGTERM)
    await asyncio.wait_for(learner.closed.wait(), 10)
    await until(lambda: not alive(session) and not alive(launcher))
    (path,) = server.class_dir.glob("*.canvas.toml")
    with CanvasStore(path) as store:  # saved, and no lock is left held
        assert store.open().venture == "Compilers for all"
    await learner.close()


async def test_a_crashed_session_leaves_the_starter_and_the_class_going(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve()
    starter = starter_of(server)
    first = await Learner(server.url).connect()
    await first.ready()
    (session,) = children_of(starter)
    os.kill(session, signal.SIGKILL)  # the worst a session can do
    await until(lambda: not alive(session) and not zombies_of(starter))  # collected
    second = await Learner(server.url).connect()
    await second.start_canvas("Lin", "Maps for hikers")
    assert alive(starter) and len(children_of(starter)) == 1  # still forking
    await second.close()
    await first.close()


async def test_when_the_starter_is_gone_the_class_goes_on(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve()
    early = await Learner(server.url).connect()
    await early.start_canvas("Ada", "Tea for coders")
    await early.send(ENTER)
    await early.wait_for("My canvas")
    os.kill(starter_of(server), signal.SIGKILL)
    # A learner joining now gets a session of the ordinary kind, started by its launcher.
    late = await Learner(server.url).connect()
    await late.start_canvas("Bo", "Boats for rent")
    direct = [p for p in children_of(server.proc.pid)
              if cmdline(p)[1:4] == ["-m", "canvas_tutor", "--class-dir"]]
    assert len(direct) == 1  # the launcher became the session itself
    # The forked session goes on without its starter: it still answers its learner.
    mark = early.mark()
    await early.send("?")
    await early.wait_for("Help", after=mark)
    took = await asyncio.to_thread(server.terminate)
    assert took < 2.0, server.output
    ventures = sorted(read_canvas(p).venture for p in server.class_dir.glob("*.canvas.toml"))
    assert ventures == ["Boats for rent", "Tea for coders"]
    for learner in (early, late):
        await learner.close()


async def test_ctrl_c_in_the_trainers_terminal_saves_every_canvas(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve()
    learners = [await Learner(server.url).connect() for _ in range(3)]
    for index, learner in enumerate(learners):
        await learner.start_canvas(f"Learner {index}", "A bakery")
    sessions = server.sessions()
    start = time.monotonic()
    os.killpg(server.proc.pid, signal.SIGINT)  # what a terminal's Ctrl+C sends
    await asyncio.to_thread(server.proc.wait, 30)
    assert time.monotonic() - start < 2.5, server.output
    for learner in learners:
        await asyncio.wait_for(learner.closed.wait(), 5)
    await until(lambda: not [p for p in sessions if alive(p)], 5)
    files = list(server.class_dir.glob("*.canvas.toml"))
    assert len(files) == 3
    for path in files:
        with CanvasStore(path) as store:
            assert store.open().venture == "A bakery"
    assert "The class has ended; every canvas is saved." in server.output
    for learner in learners:
        await learner.close()


async def test_the_app_says_once_when_its_first_screen_is_out(tmp_path: Path) -> None:
    """The starter gives the next learner their turn on this (see forks.py)."""
    from canvas_tutor.course.loader import load_course
    from canvas_tutor.tui.app import CanvasTutorApp

    app = CanvasTutorApp(load_course(None, "en"), data_dir=tmp_path, fixed_folder=True)
    told: list[str] = []
    app.started = lambda: told.append(type(app.screen).__name__)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
    assert told == ["WelcomeScreen"]
