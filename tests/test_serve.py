"""`canvas-tutor serve` as a class meets it: a real server on a loopback address, learners
as raw websocket clients (what a browser tab sends and receives), the trainer's log."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from canvas_tutor.canvas.codes import code_of
from canvas_tutor.canvas.store import CanvasStore, read_canvas
from serve_support import ENTER, Learner, Serve, alive, children_of, loopback_free

pytest.importorskip("textual_serve")
pytest.importorskip("aiohttp")

HOST = "127.0.0.2"  # another loopback address than the usual one: nothing leaves the machine

if not loopback_free(HOST):
    pytest.skip(f"this machine does not answer on {HOST} (only Linux routes all of "
                "127.0.0.0/8 to loopback)", allow_module_level=True)


def fetch(url: str, host_header: str | None = None) -> tuple[dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Host": host_header} if host_header else {})
    with urllib.request.urlopen(request, timeout=10) as page:
        return dict(page.headers), page.read().decode("utf-8")


@pytest.fixture
def serve(tmp_path: Path):  # type: ignore[no-untyped-def]
    servers: list[Serve] = []

    def start(*extra: str, port: int | None = None) -> Serve:
        server = Serve(tmp_path / "class", HOST, port, *extra)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def urls_in(page: str) -> list[str]:
    return re.findall(r'(?:src|href|url)\s*=?\s*\(?"([^"]+)"', page) + \
        re.findall(r'data-session-websocket-url="([^"]+)"', page)


def test_page_is_offline_titled_and_points_where_the_browser_came_from(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve()
    headers, page = fetch(server.url + "/")
    assert "<title>The Business Model Canvas, step by step</title>" in page
    assert '<html lang="en">' in page
    found = urls_in(page)
    assert len(found) >= 6, found
    assert all(u.startswith((server.url + "/", f"ws://{HOST}:{server.port}/")) for u in found)
    assert "googleapis" not in page and "https://" not in page
    assert "connect-src ws://" in headers["Content-Security-Policy"]
    # The same server reached under another name gives that name to the page.
    _, other = fetch(server.url + "/", host_header=f"localhost:{server.port}")
    assert f'data-session-websocket-url="ws://localhost:{server.port}/ws"' in other
    assert "Learners open: http://0.0.0.0" not in server.output
    assert f"Learners open: {server.url}" in server.output
    assert f"Class folder: {server.class_dir.resolve()}" in server.output


def test_public_url_is_what_the_page_uses(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve("--public-url", "http://127.0.0.3:9/")
    _, page = fetch(server.url + "/")
    assert 'data-session-websocket-url="ws://127.0.0.3:9/ws"' in page
    assert all(u.startswith(("http://127.0.0.3:9/", "ws://127.0.0.3:9/")) for u in urls_in(page))
    assert "Learners open: http://127.0.0.3:9\n" in server.output
    assert 'data-base-path=""' in page


def test_a_class_behind_a_path_gets_its_downloads_there_too(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve("--public-url", "https://school.example/4b/")
    _, page = fetch(server.url + "/")
    assert 'data-base-path="/4b"' in page  # class.js sends downloads to /4b/download/
    assert 'data-session-websocket-url="wss://school.example/4b/ws"' in page
    assert all(u.startswith(("https://school.example/4b/", "wss://school.example/4b/"))
               for u in urls_in(page))


def test_a_bad_public_url_is_refused(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "canvas_tutor", "serve", "--host", HOST,
                           "--public-url", "javascript:alert(1)", "--class-dir",
                           str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "--public-url must look like" in done.stderr


async def test_return_codes_same_names_and_the_way_back(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve()
    first, second = Learner(server.url), Learner(server.url)
    await first.connect()
    await second.connect()
    code_one = await first.start_canvas("Ada", "Tea for coders")
    code_two = await second.start_canvas("ada", "Another tea shop")
    assert code_one != code_two
    files = sorted(server.class_dir.glob("*.canvas.toml"))
    assert len(files) == 2  # same name, two canvases
    assert {code_of(read_canvas(f)) for f in files} == {code_one, code_two}
    await first.close()
    # Back on a fresh page: a name alone opens nothing, the code opens the canvas.
    again = await Learner(server.url).connect()
    await again.ready()
    await again.to_code_field()
    mark = again.mark()
    await again.type("sun-tree-seven")
    await again.send(ENTER)
    await again.wait_for("No canvas has this", after=mark)
    await asyncio.sleep(2.2)  # the welcome slows guessing down
    await again.type("\x7f" * len("sun-tree-seven"))
    mark = again.mark()
    await again.type(code_one.replace("-", " ").upper())
    await again.send(ENTER)
    await again.wait_for("Tea for coders", after=mark)
    assert "Another tea shop" not in again.screen
    await again.close()
    await second.close()


async def test_sigterm_saves_every_session_and_ends_within_two_seconds(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve()
    learners = [await Learner(server.url).connect() for _ in range(4)]
    for index, learner in enumerate(learners):
        await learner.start_canvas(f"Learner {index}", "A bakery")
    sessions = server.sessions()
    assert len(sessions) >= 4
    took = await asyncio.to_thread(server.terminate)
    assert took < 2.0, server.output
    for learner in learners:
        await asyncio.wait_for(learner.closed.wait(), 5)
        assert '["class_ended", null]' in learner.texts  # the page says the class ended
    assert not [pid for pid in sessions if alive(pid)]
    for path in server.class_dir.glob("*.canvas.toml"):
        with CanvasStore(path) as store:  # no lock is left held
            assert store.open().venture == "A bakery"
    assert "The class has ended; every canvas is saved." in server.output


async def test_kill_9_ends_every_session_and_leaves_no_lock_behind(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve()
    learner = await Learner(server.url).connect()
    code = await learner.start_canvas("Grace", "Compilers for all")
    await learner.send(ENTER)  # past the code dialog, onto home
    await learner.wait_for("My canvas")
    sessions = server.sessions()
    assert sessions
    server.kill()
    deadline = time.monotonic() + 5
    while [p for p in sessions if alive(p)] and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert not [p for p in sessions if alive(p)], "a session outlived its server"
    # After a restart the learner gets straight back in: nothing holds the canvas.
    again_server = serve(port=server.port)
    again = await Learner(again_server.url).connect()
    await again.ready()
    await again.to_code_field()
    mark = again.mark()
    await again.type(code)
    await again.send(ENTER)
    await again.wait_for("Compilers for all", after=mark)
    assert "already open" not in again.since(mark)
    await again.close()


async def test_a_session_killed_alone_tells_its_page(serve) -> None:  # type: ignore[no-untyped-def]
    """A learner's session process killed (the out-of-memory killer, `kill -9` by hand):
    the page is told the connection is gone (it then says so and offers a reload) instead
    of showing a terminal that no longer answers; the class and the canvas go on."""
    server = serve()
    learner = await Learner(server.url).connect()
    await learner.start_canvas("Ines", "Night bakery")
    await learner.send(ENTER)
    await learner.wait_for("My canvas")
    # Below the server: the session starter and a launcher per learner; the learner's
    # session is the one forked by the starter.
    top = set(children_of(server.proc.pid))
    sessions = [pid for pid in server.sessions() if pid not in top]
    assert len(sessions) == 1, sessions
    os.kill(sessions[0], signal.SIGKILL)
    await asyncio.wait_for(learner.closed.wait(), 5)
    other = await Learner(server.url).connect()  # the class goes on
    await other.ready()
    await other.close()


async def test_the_log_is_for_the_trainer(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve()
    learner = await Learner(server.url).connect()
    await learner.start_canvas("Zyxwv Secretname", "Hidden venture words")
    fetch(server.url + "/")
    await learner.close()
    await asyncio.to_thread(server.terminate)
    log = server.output
    assert "learners connected: 1" in log and "learners connected: 0" in log
    assert "Secretname" not in log and "Hidden venture" not in log
    assert "GET /" not in log  # request lines only with --verbose
    assert "Traceback" not in log


def test_verbose_logs_requests(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve("--verbose")
    fetch(server.url + "/")
    server.wait_for_output("GET / ")


def test_a_lock_left_by_a_killed_session_does_not_block_its_learner(tmp_path: Path) -> None:
    path = tmp_path / "ada.canvas.toml"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from canvas_tutor.canvas.model import Canvas\n"
         "from canvas_tutor.canvas.store import CanvasStore\n"
         f"s = CanvasStore({str(path)!r}); s.create(Canvas(course='c', name='Ada'))\n"
         "print('locked', flush=True); time.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    with pytest.raises(Exception, match="already open"):
        CanvasStore(path).open()
    holder.kill()
    holder.wait(10)
    assert Path(str(path) + ".lock").exists()  # the file is left behind...
    with CanvasStore(path) as store:  # ...but it holds nothing
        assert store.open().name == "Ada"


def test_an_error_python_can_only_ignore_is_one_line_in_the_log() -> None:
    """E.g. a slow session's pipes collected after the class ended: never a traceback."""
    code = ("from canvas_tutor.serve.server import ClassServer\n"
            "server = ClassServer('true', host='127.0.0.1', port=1, title='t', language='en',\n"
            "                     public_url=None)\n"
            "server.initialize_logging()\n"
            "class Late:\n"
            "    def __del__(self):\n"
            "        raise RuntimeError('Event loop is closed: learner text')\n"
            "Late()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    log = done.stdout + done.stderr
    assert "an error was ignored while closing (RuntimeError)" in log
    assert "Traceback" not in log and "learner text" not in log
