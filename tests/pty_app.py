"""The real canvas-tutor under a pseudo-terminal: bytes in as a terminal sends them.

Pilot posts events; this sends bytes, so the terminal driver, its input parser, signals
and the terminal modes are the real ones. POSIX only.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)"
                  r"|\x1b[()][0-9A-Za-z]|\x1b.")


class PtyApp:
    """`python -m canvas_tutor ARGS` on a pty of `size`; read what it draws, send keys."""

    def __init__(self, *args: str, size: tuple[int, int] = (100, 32),
                 env: dict[str, str] | None = None) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(size[0]),
                    "LINES": str(size[1]), **(env or {})}
        full_env.pop("TEXTUAL_DRIVER", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "canvas_tutor", *args],
                                     stdin=slave, stdout=slave, stderr=slave,
                                     env=full_env, start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.1)
                if ready:
                    chunk = os.read(self.master, 65536)
                    if not chunk:
                        return
                    with self._lock:
                        self.output += chunk
                elif self.proc.poll() is not None:
                    return
            except OSError:
                return

    def text(self) -> str:
        """What was drawn so far, escape sequences removed."""
        with self._lock:
            raw = self.output.decode("utf-8", "replace")
        return ANSI.sub("", raw)

    def raw(self) -> bytes:
        with self._lock:
            return bytes(self.output)

    def wait_for(self, needle: str, timeout: float = 30) -> None:
        """Until `needle` has been drawn (spaces compared loosely)."""
        squeezed = needle.replace(" ", "")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if squeezed in self.text().replace(" ", ""):
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"app exited ({self.proc.returncode}) before "
                                     f"{needle!r}: {self.text()[-2000:]}")
            time.sleep(0.05)
        raise AssertionError(f"{needle!r} never drawn: {self.text()[-2000:]}")

    def settle(self, seconds: float = 0.6) -> None:
        """Until nothing new has been drawn for `seconds`."""
        last = -1
        while True:
            size = len(self.raw())
            if size == last:
                return
            last = size
            time.sleep(seconds)

    def send(self, data: bytes) -> None:
        """One write: the app reads it as one chunk, as from a paste or a slow link."""
        os.write(self.master, data)

    def hang_up(self) -> None:
        """Close the terminal, as closing its window does: the app's writes now fail."""
        if self.master >= 0:
            with contextlib.suppress(OSError):
                os.close(self.master)
        self.master = -1

    def signal(self, sig: signal.Signals) -> None:
        os.kill(self.proc.pid, sig)

    def wait(self, timeout: float = 20) -> int:
        try:
            return self.proc.wait(timeout)
        finally:
            self._reader.join(2)

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        if self.master >= 0:
            with contextlib.suppress(OSError):
                os.close(self.master)


def start_in_lesson(tmp_path: Path, course: Path, size: tuple[int, int] = (100, 32),
                    env: dict[str, str] | None = None) -> tuple[PtyApp, Path]:
    """The real app with a canvas whose current lesson is `relations`, its answer box
    focused, ready for keys."""
    from canvas_tutor.canvas.codec import canvas_to_text
    from canvas_tutor.canvas.model import Canvas

    canvas = Canvas(course="business-model-canvas", name="Pty", venture="Test")
    canvas.progress.current = "relations"
    path = tmp_path / "pty.canvas.toml"
    path.write_text(canvas_to_text(canvas), "utf-8")
    cache = {"CANVAS_TUTOR_CACHE_DIR": str(tmp_path / "cache"),
             "CANVAS_TUTOR_DATA_DIR": str(tmp_path), **(env or {})}
    app = PtyApp("--course", str(course), "--canvas", str(path), size=size, env=cache)
    try:
        app.wait_for("Continue")
        app.settle()
        app.send(b"n")
        app.wait_for("each segment expect")
        app.settle()
        app.send(b"\t")  # from the lesson body to the first answer box
        app.settle(0.4)
    except BaseException:
        app.close()
        raise
    return app, path


class WebApp:
    """The real app as textual-serve runs it for one browser tab: Textual's web driver,
    stdin and stdout carrying packets (b"D" + 4-byte length + the terminal's bytes)."""

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        full_env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
                    "COLUMNS": "100", "ROWS": "32", **env}
        self.proc = subprocess.Popen([sys.executable, "-m", "canvas_tutor", *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=full_env)
        self.output = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        while chunk := self.proc.stdout.read1(65536):
            self.output += chunk

    def send(self, data: bytes) -> None:
        """What the browser's terminal sends, as one data packet."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"D" + len(data).to_bytes(4, "big") + data)
        self.proc.stdin.flush()

    def wait_for(self, needle: str, timeout: float = 30) -> None:
        squeezed = needle.replace(" ", "").encode()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if squeezed in bytes(self.output).replace(b" ", b""):
                return
            time.sleep(0.05)
        raise AssertionError(f"{needle!r} never drawn")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
