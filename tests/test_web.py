"""The classroom in a browser: the server answers on loopback; learner names become safe files."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from canvas_tutor.canvas.library import new_canvas_path, safe_stem
from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp

HOSTILE_NAMES = ["../../x", "/etc/passwd", "CON", "", "   ", "a" * 10_000, "nul.txt",
                 "..", "C:\\Windows\\x", "Zoë Ångström", "名前", "\x1b[31mred\x00"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening_on(port: int) -> set[str]:
    """The local addresses a socket listens on at `port`, from the kernel's own table.

    Linux: /proc/net/tcp{,6}. Elsewhere (no such table), the empty set.
    """
    found: set[str] = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, _, hex_port = fields[1].partition(":")
            if int(hex_port, 16) == port and fields[3] == "0A" and len(address) == width:
                raw = bytes.fromhex(address)
                if width == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:  # four little-endian 32-bit words
                    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                    found.add(socket.inet_ntop(socket.AF_INET6, words))
    return found


def other_address() -> str | None:
    """An address of this machine that is not loopback, if it has one (nothing is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, only looked up
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address


def test_serve_answers_on_loopback(tmp_path: Path) -> None:
    pytest.importorskip("textual_serve")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "canvas_tutor", "serve", "--port", str(port),
         "--class-dir", str(tmp_path / "class")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        body = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                    body = page.read().decode("utf-8", "replace")
                    break
            except OSError:
                time.sleep(0.2)
        assert "<title>The Business Model Canvas, step by step</title>" in body
        assert (tmp_path / "class").is_dir()
        # Answering on loopback is not enough: it must answer on loopback only. (This
        # part could not fail before: a server on 0.0.0.0 answers on 127.0.0.1 too.)
        bound = listening_on(port)
        assert bound <= {"127.0.0.1", "::1"}, bound
        elsewhere = other_address()
        if elsewhere is not None:
            with pytest.raises(OSError):
                socket.create_connection((elsewhere, port), timeout=2).close()
        if not bound and elsewhere is None:
            pytest.skip("no kernel socket table and no other address: cannot tell what "
                        "the server is bound to")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        out, _ = proc.communicate(timeout=10)
    assert f"Learners open: http://127.0.0.1:{port}" in out
    assert "works on this computer only" in out


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_name_gives_a_safe_file_in_the_class_folder(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    path = new_canvas_path(folder, name)
    assert path.parent == folder
    assert path.name.endswith(".canvas.toml")
    stem = path.name.removesuffix(".canvas.toml")
    assert stem and len(stem) <= 44
    assert all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in stem)
    assert stem.split("-")[0].lower() not in {"con", "nul", "prn", "aux"}


def test_same_name_twice_never_clashes(tmp_path: Path) -> None:
    first = new_canvas_path(tmp_path, "Ada")
    first.write_text("x")
    second = new_canvas_path(tmp_path, "ada")
    assert second != first and second.name == "ada-2.canvas.toml"
    assert safe_stem("Ada Lovelace") == "ada-lovelace"


async def test_class_mode_learner_gets_a_safe_canvas_and_sees_no_one_else(
        mini_course: Course, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    app = CanvasTutorApp(mini_course, data_dir=folder, fixed_folder=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#name").value = "../../etc/passwd"  # type: ignore[attr-defined]
        app.screen.query_one("#venture").value = "x"  # type: ignore[attr-defined]
        await pilot.click("#start")
        await pilot.pause()
        assert app.session is not None
        path = app.session.path
    assert path.parent == folder and path.name == "etc-passwd.canvas.toml"
    assert read_canvas(path).name == "../../etc/passwd"
    other = CanvasTutorApp(mini_course, data_dir=folder, fixed_folder=True)
    async with other.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not other.screen.query("#resume")  # the shared folder is never listed


async def start_in_class(app: CanvasTutorApp, pilot, name: str, venture: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    app.screen.query_one("#name").value = name  # type: ignore[attr-defined]
    app.screen.query_one("#venture").value = venture  # type: ignore[attr-defined]
    await pilot.click("#start")
    await pilot.pause()


async def test_class_learner_sees_the_code_and_must_confirm_leaving(
        mini_course: Course, tmp_path: Path) -> None:
    from canvas_tutor.canvas.codes import code_of
    from canvas_tutor.tui.screens.code_dialog import CodeDialog

    folder = tmp_path / "class"
    app = CanvasTutorApp(mini_course, data_dir=folder, fixed_folder=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_in_class(app, pilot, "Ada", "Tea")
        assert isinstance(app.screen, CodeDialog)
        code = code_of(app.canvas)
        assert code and code in str(app.screen.query_one("#the-code").render())
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CodeDialog)
        await pilot.press("q")  # on home: asks first, and says the code again
        await pilot.pause()
        assert isinstance(app.screen, CodeDialog) and app.screen.leaving
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, CodeDialog)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#leave")
        await pilot.pause()
    assert not app.is_running
    assert code_of(read_canvas(folder / "ada.canvas.toml")) == code


async def test_class_canvas_opens_by_code_only(mini_course: Course, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    first = CanvasTutorApp(mini_course, data_dir=folder, fixed_folder=True)
    async with first.run_test(size=(100, 32)) as pilot:
        await start_in_class(first, pilot, "Ada", "Secret tea")
        assert first.session is not None
        from canvas_tutor.canvas.codes import code_of

        code = code_of(first.canvas)
    again = CanvasTutorApp(mini_course, data_dir=folder, fixed_folder=True)
    async with again.run_test(size=(100, 32)) as pilot:
        await start_in_class(again, pilot, "ada", "Mine")  # the same name: a new canvas
        assert again.session is not None and again.canvas.venture == "Mine"
    assert len(list(folder.glob("*.canvas.toml"))) == 2
    back = CanvasTutorApp(mini_course, data_dir=folder, fixed_folder=True)
    async with back.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        back.screen.query_one("#code").value = "wrong words here"  # type: ignore[attr-defined]
        await pilot.click("#reopen")
        await pilot.pause()
        assert back.session is None
        assert any("No canvas has this return code" in str(n.message)
                   for n in back._notifications)  # what the learner sees
        back.screen._locked_until = 0  # type: ignore[attr-defined]  # skip the wait
        field = back.screen.query_one("#code")
        field.value = code.upper().replace("-", " ")  # type: ignore[attr-defined]
        field.focus()
        await pilot.press("enter")  # a toast may cover the button now
        await pilot.pause()
        assert back.session is not None and back.canvas.venture == "Secret tea"


async def test_a_broken_class_canvas_never_shows_a_server_path(
        mini_course: Course, tmp_path: Path) -> None:
    from canvas_tutor.canvas.codec import canvas_to_text
    from canvas_tutor.canvas.codes import set_code
    from canvas_tutor.canvas.model import Canvas

    folder = tmp_path / "class"
    folder.mkdir()
    canvas = Canvas(course=mini_course.id, name="Ada")
    set_code(canvas, "lion-cake-nine")
    path = folder / "ada.canvas.toml"
    path.write_text(canvas_to_text(canvas), "utf-8")
    app = CanvasTutorApp(mini_course, data_dir=folder, fixed_folder=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        path.write_text(canvas_to_text(canvas).replace("format_version = 1",
                                                       "format_version = 99"), "utf-8")
        from canvas_tutor.tui.screens.broken import BrokenCanvasScreen

        app.screen.query_one("#code").value = "lion cake nine"  # type: ignore[attr-defined]
        # The file no longer reads, so no code matches: the learner is told, not shown a path.
        await pilot.click("#reopen")
        await pilot.pause()
        app.open_canvas(path)
        await pilot.pause()
        assert isinstance(app.screen, BrokenCanvasScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert str(tmp_path) not in shown and "ada.canvas.toml" in shown


async def test_two_of_one_name_starting_at_once_get_a_canvas_each(
        mini_course: Course, tmp_path: Path) -> None:
    from canvas_tutor.canvas.model import Canvas
    from canvas_tutor.canvas.store import CanvasStore

    folder = tmp_path / "class"
    taken = folder / "sam.canvas.toml"
    other = CanvasStore(taken)
    other.create(Canvas(course=mini_course.id, name="Sam"))  # the other Sam, a moment sooner
    try:
        app = CanvasTutorApp(mini_course, data_dir=folder, fixed_folder=True)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            assert app.create_canvas(taken, "sam", "Mine", code="lion-cake-nine")
            await pilot.pause()
            assert app.session is not None and app.session.path.name == "sam-2.canvas.toml"
    finally:
        other.close()
    assert read_canvas(taken).name == "Sam"  # the first Sam's canvas is untouched
