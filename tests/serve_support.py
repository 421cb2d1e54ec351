"""Running `canvas-tutor serve` for tests: a real server process on a loopback address, and
raw websocket learners that read the screen the way a browser would receive it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ANSI = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*"
                  r"\x1b\\|.)")
ENTER, TAB, ESCAPE, BACKTAB = "\r", "\t", "\x1b", "\x1b[Z"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def loopback_free(host: str) -> bool:
    """Whether this machine answers on another loopback address (Linux does: 127/8)."""
    try:
        with socket.socket() as sock:
            sock.bind((host, 0))
        return True
    except OSError:
        return False


class Serve:
    """One `canvas-tutor serve` process; its output is collected as it comes."""

    def __init__(self, class_dir: Path, host: str = "127.0.0.1", port: int | None = None,
                 *extra: str) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.class_dir = class_dir
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "canvas_tutor", "serve", "--host", host, "--port",
             str(self.port), "--class-dir", str(class_dir), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True, stdin=subprocess.DEVNULL)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.wait_for_output("Press Ctrl+C")

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for_output(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if self.proc.poll() is not None and text not in self.output:
                self._reader.join(2)
                if text in self.output:
                    return
                raise AssertionError(f"serve ended ({self.proc.returncode}):\n{self.output}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} from serve in {timeout}s:\n{self.output}")
            time.sleep(0.05)

    def sessions(self) -> list[int]:
        """Every process below the server: per learner a launcher and its session, and
        the session starter they are forked from."""
        found, todo = [], children_of(self.proc.pid)
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += children_of(pid)
        return found

    def terminate(self) -> float:
        """SIGTERM; returns the seconds until the process is gone."""
        start = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)
        took = time.monotonic() - start
        self._reader.join(5)
        return took

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(10)
        self._reader.join(5)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.terminate()
        for pid in self.sessions():  # nothing may outlive a test
            with_suppress_kill(pid)


def with_suppress_kill(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Learner:
    """A raw websocket client: what a browser tab sends and receives, nothing more."""

    def __init__(self, url: str, width: int = 100, height: int = 32) -> None:
        self.url = url.replace("http", "ws", 1) + f"/ws?width={width}&height={height}"
        self.raw: list[str] = []
        self.texts: list[str] = []  # JSON text frames (class_ended, deliver_file_start)
        self.closed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def connect(self) -> Learner:
        import aiohttp

        self._session = aiohttp.ClientSession()
        self._ws = await self._session.ws_connect(self.url, max_msg_size=0)
        self._task = asyncio.create_task(self._receive())
        return self

    async def _receive(self) -> None:
        import aiohttp

        try:
            async for message in self._ws:
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.raw.append(message.data.decode("utf-8", "replace"))
                elif message.type == aiohttp.WSMsgType.TEXT:
                    self.texts.append(message.data)
        finally:
            self.closed.set()

    @property
    def screen(self) -> str:
        """Everything drawn so far, escape codes removed (text runs stay whole)."""
        return ANSI.sub("", "".join(self.raw))

    def mark(self) -> int:
        return len(self.raw)

    def since(self, mark: int) -> str:
        return ANSI.sub("", "".join(self.raw[mark:]))

    async def wait_for(self, text: str, timeout: float = 20, after: int = 0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.since(after):
            if self.closed.is_set():
                raise AssertionError(f"session closed before {text!r}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not shown in {timeout}s; last shown:\n"
                                     f"{self.since(after)[-1500:]}")
            await asyncio.sleep(0.05)

    async def focus(self) -> None:
        """What a browser sends when its terminal gets the keyboard."""
        await self._ws.send_str(json.dumps(["focus"]))

    async def send(self, keys: str) -> None:
        await self._ws.send_str(json.dumps(["stdin", keys]))

    async def type(self, text: str) -> None:
        for ch in text:
            await self.send(ch)
        await asyncio.sleep(0.05)

    async def close(self) -> None:
        await self._ws.close()
        await self._session.close()
        if self._task is not None:
            await asyncio.wait_for(self._task, 5)

    async def ready(self) -> None:
        """Wait for the welcome, then give the page the keyboard as a browser does."""
        await self.wait_for("Start a new canvas")
        await asyncio.sleep(0.3)
        await self.focus()
        await asyncio.sleep(0.2)

    async def to_code_field(self) -> None:
        """From the name field back to the return code field: Shift+Tab passes the
        language choice at the top of the welcome, then wraps round to the code's button
        and its field (three Shift+Tab; the built-in course has several languages)."""
        for _ in range(3):
            await self.send(BACKTAB)
            await asyncio.sleep(0.25)  # a key right after a focus key may beat the move

    async def start_canvas(self, name: str, venture: str) -> str:
        """From the welcome: a new canvas; returns the return code the learner was shown."""
        await self.ready()
        mark = self.mark()
        await self.type(name)
        await self.send(ENTER)
        await asyncio.sleep(0.1)
        await self.type(venture)
        await self.send(ENTER)
        await self.wait_for("Write this code down", after=mark)
        await asyncio.sleep(0.2)
        codes = re.findall(r"\b[a-z]+-[a-z]+-[a-z]+\b", self.since(mark))
        codes = [c for c in codes if c != "sun-tree-seven"]
        assert codes, self.since(mark)
        return codes[-1]


_TOKEN = re.compile(r"\x1b\[([0-9;?<>=]*)([ -/]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|"
                    r"\x1b[PX^_][^\x1b]*\x1b\\|\x1b.|([^\x1b]+)", re.S)


class VirtualScreen:
    """Enough of a terminal to know where Textual drew what: it positions every line
    with CSI row;col H and writes text runs, so cursor moves and text are all it needs."""

    def __init__(self, rows: int = 200, cols: int = 500) -> None:
        self.rows = [[" "] * cols for _ in range(rows)]
        self.row = self.col = 0
        self.width = self.height = 0

    def feed(self, data: str) -> None:
        for match in _TOKEN.finditer(data):
            params, _, final, text = match.group(1), match.group(2), match.group(3), match.group(4)
            if text is not None:
                for ch in text:
                    if ch == "\n":
                        self.row, self.col = self.row + 1, 0
                    elif ch == "\r":
                        self.col = 0
                    elif self.row < len(self.rows) and self.col < len(self.rows[0]):
                        self.rows[self.row][self.col] = ch
                        self.col += 1
                        self.width = max(self.width, self.col)
                        self.height = max(self.height, self.row + 1)
            elif final == "H":
                parts = [int(p) if p.isdigit() else 1 for p in (params or "1;1").split(";")]
                self.row, self.col = parts[0] - 1, (parts[1] if len(parts) > 1 else 1) - 1

    def lines(self) -> list[str]:
        return ["".join(r[: self.width]) for r in self.rows[: self.height]]

    def find(self, text: str) -> tuple[int, int] | None:
        for number, line in enumerate(self.lines()):
            at = line.find(text)
            if at >= 0:
                return number, at
        return None


class BrowserTerminal:
    """A browser page of a served session, with what its terminal has drawn (fed from the
    websocket's frames; a reload starts a new screen)."""

    def __init__(self, page: Any, label: str = "") -> None:
        self.page = page
        self.label = label
        self.screen = VirtualScreen()
        self.seen = ""  # every text drawn on this page, for privacy checks
        page.on("websocket", self._socket)

    def _socket(self, socket: Any) -> None:
        self.screen = VirtualScreen()

        def received(payload: Any) -> None:
            if isinstance(payload, bytes | bytearray):
                text = bytes(payload).decode("utf-8", "replace")
                self.screen.feed(text)
                self.seen += text

        socket.on("framereceived", received)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.lines())

    async def wait_for(self, text: str, timeout: float = 40) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.text:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.label}{text!r} not shown; screen:\n{self.text}")
            await asyncio.sleep(0.1)
