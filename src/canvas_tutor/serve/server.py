"""The classroom web server: textual-serve's session handling, with a page and a life of its own.

textual-serve runs one canvas-tutor process per browser tab (its `AppService`) and serves
its terminal script and fonts. This server adds what a classroom needs around that:

- its own page, with nothing fetched from elsewhere (a school may be offline), the
  course's title and language, and a script that keeps the keyboard on the terminal;
- addresses the browser can reach: the announced `--public-url`, or else the address the
  browser itself used (so every LAN address of the machine works);
- a trainer's log: the learners connected, request lines only when verbose, and never a
  traceback, a path or a learner's text;
- a quick, clean end: on SIGTERM or Ctrl+C every session is asked to save and quit at
  once, pages are told the class has ended, and the server is gone within two seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import os
import re
import signal
import sys
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from canvas_tutor.i18n import _

log = logging.getLogger("canvas-tutor.serve")

PAGE = Path(__file__).parent / "page"
STOP_WAIT = 1.2  # seconds the sessions get to save and quit on the way down
START_WAIT = 3.0  # seconds a starting session holds its turn at most
_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


def start_turns() -> int:
    """How many sessions may be getting their processes going at the same moment.

    A class joining at once would otherwise start thirty processes together; the server
    shares the processor with them, and every learner already working waits for every
    key. One per core keeps the server free while they start one after another.
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _size(value: str, default: int, most: int) -> int:
    try:
        return max(10, min(most, int(value)))
    except ValueError:
        return default


class Session(AppService):
    """textual-serve's process of one browser tab, whose page also hears when the process
    dies without saying goodbye (killed, out of memory): textual-serve closes the page only
    on the app's own "exit" message, so a killed session left a terminal that no longer
    answered. The page then says the connection is lost and offers a reload."""

    async def run(self) -> None:
        await super().run()
        await self.remote_close()  # a second close after a normal exit does nothing


class ClassServer(Server):
    """textual-serve's Server with the classroom's page, log and shutdown."""

    def __init__(self, command: str, *, host: str, port: int, title: str, language: str,
                 public_url: str | None, verbose: bool = False,
                 on_count: Any = None) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.announced = public_url
        self.language = language
        self.verbose = verbose
        self.sessions: dict[AppService, web.WebSocketResponse] = {}
        self.stopping: set[asyncio.Future[None]] = set()  # sessions still saving and ending
        self.closing = False
        self.on_count = on_count or (lambda n: None)
        self._page = Template((Path(__file__).parent / "page.html").read_text("utf-8"))
        self._stopped = asyncio.Event()
        self.starting = asyncio.Semaphore(start_turns())

    # The page ---------------------------------------------------------------------------

    def base_url(self, request: web.Request) -> str | None:
        """Where this browser reaches the server: the announced URL, or its own Host."""
        if self.announced:
            return self.announced
        host = request.host
        if not _HOST.fullmatch(host):
            return None
        return f"{'https' if request.secure else 'http'}://{host}"

    async def handle_index(self, request: web.Request) -> web.Response:
        base = self.base_url(request)
        if base is None or self.closing:
            return web.Response(status=400 if base is None else 503,
                                text=_("The class has ended.") if self.closing else "")
        socket = ("wss:" if base.startswith("https:") else "ws:") + base.split(":", 1)[1]
        values = {
            "lang": self.language, "title": self.title,
            "static": f"{base}/static/", "page": f"{base}/class/",
            "websocket": f"{socket}/ws",
            "base_path": urlsplit(base).path.rstrip("/"),  # behind a proxy at /4b/ (class.js)
            "font_size": str(_size(request.query.get("fontsize", "16"), 16, 64)),
            "loading": _("Opening the course..."), "start": _("Start"),
            "ended": _("The class has ended. Your work is saved. You can close this page."),
            "lost": _("The connection to the class was lost. Your work is saved. Press "
                      "Open again, then type your return code to go on."),
            "again": _("Open again"),
        }
        body = self._page.substitute({k: html.escape(v, quote=True) for k, v in values.items()})
        origin = base.split("/", 3)
        connect = f"{socket.split('/', 3)[0]}//{origin[2]}"
        csp = ("default-src 'none'; script-src 'self' " + f"{base}/; "
               f"style-src 'self' 'unsafe-inline' {base}/; font-src {base}/; "
               f"img-src 'self' data:; connect-src {connect} {base}/; "
               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        return web.Response(text=body, content_type="text/html", headers={
            "Content-Security-Policy": csp, "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})

    async def handle_state(self, request: web.Request) -> web.Response:
        """Whether the class is open (for a page, a proxy's health check, the tests)."""
        return web.json_response({"open": not self.closing, "learners": len(self.sessions)})

    # Sessions ---------------------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab: its own canvas-tutor process, until either side closes."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1024 * 1024)
        if self.closing:
            await websocket.prepare(request)
            await websocket.send_str(json.dumps(["class_ended", None]))
            await websocket.close()
            return websocket
        width = _size(request.query.get("width", "80"), 80, 500)
        height = _size(request.query.get("height", "24"), 24, 200)
        await websocket.prepare(request)
        begun = asyncio.Event()  # the session has sent its first bytes (or is gone)

        # Once the page is gone (a reload, a closed tab) the session's last frames go
        # nowhere, but they are still read: textual-serve stops reading a session whose
        # page refuses a write, and a session left writing into a full pipe never ends
        # and keeps its learner's canvas locked.
        async def write_bytes(data: bytes) -> None:
            begun.set()
            if not websocket.closed:
                with contextlib.suppress(ConnectionResetError):
                    await websocket.send_bytes(data)

        async def write_str(data: str) -> None:
            if not websocket.closed:
                with contextlib.suppress(ConnectionResetError):
                    await websocket.send_str(data)

        async def close() -> None:
            begun.set()
            await websocket.close()

        service = Session(self.command, write_bytes=write_bytes,
                          write_str=write_str, close=close,
                          download_manager=self.download_manager, debug=False)
        self.sessions[service] = websocket
        self.on_count(len(self.sessions))
        try:
            async with self.starting:  # a few at a time: see START_TURNS
                if websocket.closed or self.closing:
                    return websocket
                await service.start(width, height)
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(begun.wait(), START_WAIT)
            await self._relay(websocket, service)
        except asyncio.CancelledError:
            pass
        except Exception as error:  # never the traceback: it holds the learner's text
            log.warning("a session ended on an error (%s)", type(error).__name__)
        finally:
            # Shielded: past STOP_WAIT the page's handler returns, but the session is
            # still read until it has saved and ended (cancelling that read left it
            # blocked on its output, holding the canvas, when a loaded server was slow).
            stopping = asyncio.ensure_future(service.stop())
            self.stopping.add(stopping)
            stopping.add_done_callback(self.stopping.discard)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(stopping), STOP_WAIT)
            self.sessions.pop(service, None)
            self.on_count(len(self.sessions))
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, service: AppService) -> None:
        """Browser to process: keys, size, focus; anything malformed is dropped."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
                kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(_size(str(data.get("width")), 80, 500),
                                                _size(str(data.get("height")), 24, 200))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def end_class(self) -> None:
        """Every session saves and quits at once; every page hears that the class ended."""
        self.closing = True
        sessions = list(self.sessions.items())
        if not sessions:
            return
        ended = json.dumps(["class_ended", None])
        await _all([websocket.send_str(ended) for _, websocket in sessions], 0.2)
        await _all([service.stop() for service, _ in sessions], STOP_WAIT)
        await _all([websocket.close(code=1001, message=b"class ended")
                    for _, websocket in sessions], 0.2)

    # Running ----------------------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/state", self.handle_state, name="state"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
            web.static("/class", PAGE, show_index=False, name="page"),
        ])
        return app

    def initialize_logging(self) -> None:
        """Plain one-line messages; request lines only when verbose; no tracebacks."""
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
        handler.addFilter(lambda record: not record.exc_info or _drop_traceback(record))
        root = logging.getLogger()
        root.handlers[:] = [handler]
        root.setLevel(logging.WARNING)
        logging.getLogger("aiohttp.access").setLevel(
            logging.INFO if self.verbose else logging.WARNING)
        log.setLevel(logging.INFO)
        sys.unraisablehook = _unraisable

    def serve(self, debug: bool = False) -> None:
        """Serve until SIGTERM, SIGINT (Ctrl+C) or SIGHUP, then end the class quickly."""
        self.initialize_logging()
        asyncio.run(self.run())

    async def run(self, ready: Any = None) -> None:
        runner = web.AppRunner(self.make_app(), handle_signals=False, shutdown_timeout=0.5,
                               access_log=logging.getLogger("aiohttp.access")
                               if self.verbose else None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self._stopped.set)
        if ready is not None:
            ready()
        try:
            await self._stopped.wait()
            await self.end_class()
        finally:
            await runner.cleanup()

    def stop(self) -> None:
        """End the class (from the event loop's thread)."""
        self._stopped.set()


async def _all(jobs: list[Any], timeout: float) -> None:
    """Run the jobs together; whatever is not done in `timeout` seconds is dropped."""
    tasks = [asyncio.ensure_future(job) for job in jobs]
    done, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()
    for task in done:
        task.exception()  # retrieved, so nothing is logged about it


def _unraisable(unraisable: Any) -> None:
    """Python's "Exception ignored in ..." (e.g. a slow session's pipes, collected after the
    class ended): one line for the trainer, never the traceback."""
    with contextlib.suppress(Exception):
        log.warning("an error was ignored while closing (%s)",
                    type(unraisable.exc_value).__name__)


def _drop_traceback(record: logging.LogRecord) -> bool:
    """Keep the message, lose the traceback (its frames hold learners' text)."""
    exc = record.exc_info[1] if record.exc_info else None
    record.msg = f"{record.getMessage()} ({type(exc).__name__})" if exc else record.getMessage()
    record.args = None
    record.exc_info = None
    record.exc_text = None
    return True
