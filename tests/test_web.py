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
        assert "canvas-tutor" in body
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
    assert f"http://127.0.0.1:{port}" in out and "loopback" in out


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
