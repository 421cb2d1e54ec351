"""A class of ten in real Chromium: serve bound to 127.0.0.2, announced as 127.0.0.3 (a
proxy in front of it, as a school's would be), return codes, a reload, a same-name pair,
an SVG and an HTML download, a kill -9 and a restart, SIGTERM, and the watched report.

Only loopback addresses are used, and every request the browser makes is recorded: each
one must be on the announced origin, so nothing leaves the machine (no font host).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from canvas_tutor.canvas.codes import code_of
from canvas_tutor.canvas.store import read_canvas
from serve_support import BrowserTerminal, Serve, alive, free_port, loopback_free

CHROMIUM = os.environ.get("CANVAS_TUTOR_CHROMIUM", "/usr/bin/chromium")
BIND, ANNOUNCED = "127.0.0.2", "127.0.0.3"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
LEARNERS = 10

playwright_api = pytest.importorskip("playwright.async_api",
                                     reason="the Playwright package is not installed")
pytest.importorskip("textual_serve")
if not Path(CHROMIUM).is_file():
    pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)",
                allow_module_level=True)
if not (loopback_free(BIND) and loopback_free(ANNOUNCED)):
    pytest.skip(f"this machine does not answer on {BIND} and {ANNOUNCED}",
                allow_module_level=True)


async def relay(listen: str, port: int, target: str) -> asyncio.AbstractServer:
    """The school's proxy: whatever reaches listen:port goes on to target:port."""

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.CancelledError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        with contextlib.suppress(OSError):
            writer.close()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(target, port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    return await asyncio.start_server(handle, listen, port)


class Tab(BrowserTerminal):
    """One learner's browser tab, with what its terminal has drawn."""

    def __init__(self, page: Any, index: int) -> None:
        super().__init__(page, f"tab {index}: ")
        self.index = index
        self.code = ""

    async def keys(self, text: str) -> None:
        await self.page.keyboard.type(text, delay=15)
        await asyncio.sleep(0.2)

    async def press(self, key: str) -> None:
        await self.page.keyboard.press(key)
        await asyncio.sleep(0.3)

    async def click_text(self, text: str) -> None:
        """Click where the terminal shows `text` (as a learner with a mouse would)."""
        await self.wait_for(text)
        spot = self.screen.find(text)
        assert spot is not None
        box = await self.page.locator("#terminal .xterm-screen").bounding_box()
        cell_w, cell_h = box["width"] / self.screen.width, box["height"] / self.screen.height
        await self.page.mouse.click(box["x"] + (spot[1] + 1.5) * cell_w,
                                    box["y"] + (spot[0] + 0.5) * cell_h)
        await asyncio.sleep(0.3)

    async def open(self, url: str) -> None:
        await self.page.goto(url)
        await self.page.wait_for_selector("body.-first-byte", timeout=60_000)
        await self.wait_for("Start a new canvas")
        await asyncio.sleep(0.5)

    def line_after(self, label: str) -> str:
        lines = self.screen.lines()
        at = next((i for i, line in enumerate(lines) if label in line), None)
        return lines[at + 1] if at is not None and at + 1 < len(lines) else ""

    async def settle(self, check: Any, what: str, timeout: float = 30) -> None:
        """Wait until the screen shows what a key did (a loaded machine can lag a second)."""
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"tab {self.index}: {what}; screen:\n{self.text}")
            await asyncio.sleep(0.1)

    async def focus_box(self, placeholder: str, first: str) -> None:
        """Click the empty box and type its first key, again until the box has it.

        On a loaded machine the lesson can still be laying out the exercises below when
        the click lands, so the click may miss the box; typing the rest then would send
        letters to the lesson's keys. `first` must be a key the lesson does not bind.
        """
        for _ in range(5):
            await self.click_text(placeholder)
            empty = self.text.count(placeholder)
            await self.keys(first)
            with contextlib.suppress(AssertionError):
                await self.settle(lambda empty=empty: self.text.count(placeholder) < empty,
                                  "box not focused", 5)
                return
        raise AssertionError(f"tab {self.index}: {placeholder!r} never took a key; "
                             f"screen:\n{self.text}")

    async def start(self, name: str, venture: str) -> None:
        await self.keys(name)
        await self.settle(lambda: name in self.line_after("Your name"), "name not typed")
        await self.press("Enter")  # the venture's first key may follow at once
        await self.keys(venture)
        await self.settle(lambda: venture in self.line_after("Your business idea"),
                          "venture not in its field")
        await self.press("Enter")
        await self.wait_for("Write this code down")
        found = re.findall(r"\b[a-z]+-[a-z]+-[a-z]+\b", self.text)
        assert found, self.text
        self.code = found[0]
        await self.press("Enter")
        await self.wait_for(venture)

    async def answer(self, text: str) -> None:
        """The first lesson's reflect exercise, at the end of the lesson."""
        await self.press("n")
        await self.wait_for("Lesson 1 of")
        for _ in range(20):  # the exercises below the fold mount a few at a time
            await self.press("End")
            if "Type your answer here" in self.text:
                break
        await self.focus_box("Type your answer here", text[0])
        await self.keys(text[1:])
        await asyncio.sleep(1.0)  # the autosave waits for a pause in typing
        await self.settle(lambda: text in self.text, "answer not typed")
        for _ in range(10):  # the first Escape leaves the answer box, the next the lesson
            await self.press("Escape")  # home: the screen change saves too
            if "to do" in self.text:
                break
        await self.wait_for("to do")

    async def come_back(self, code: str) -> None:
        await self.wait_for("Coming back to your canvas?")
        await self.click_text("your return code, e.g.")
        await self.keys(code)
        await self.press("Enter")


def answer_of(index: int) -> str:
    return f"Idea of learner {index}: token{index}xq"


async def test_a_class_of_ten_in_chromium(tmp_path: Path) -> None:
    port = free_port(BIND)
    origin = f"http://{ANNOUNCED}:{port}"
    folder = tmp_path / "class"
    server = Serve(folder, BIND, port, "--public-url", origin)
    proxy = await relay(ANNOUNCED, port, BIND)
    report = tmp_path / "report.html"
    watcher = subprocess.Popen([sys.executable, "-m", "canvas_tutor", "report", str(folder),
                                "--watch", "-o", str(report)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    requests: list[str] = []
    downloads = tmp_path / "downloads"
    try:
        async with playwright_api.async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                               args=ARGS)
            contexts = [await browser.new_context(viewport={"width": 1100, "height": 760},
                                                  accept_downloads=True)
                        for _ in range(LEARNERS)]
            for context in contexts:
                context.on("request", lambda r: requests.append(r.url))
                context.on("websocket", lambda w: requests.append(w.url))
            tabs = [Tab(await c.new_page(), i) for i, c in enumerate(contexts)]
            names = ["Sam", "sam"] + [f"Learner {i}" for i in range(2, LEARNERS)]

            async def join(tab: Tab) -> None:
                await tab.open(origin + "/")
                await tab.start(names[tab.index], f"Venture {tab.index}")
                await tab.answer(answer_of(tab.index))

            await asyncio.gather(*(join(t) for t in tabs))
            files = sorted(folder.glob("*.canvas.toml"))
            assert len(files) == LEARNERS  # the two Sams have a canvas each
            by_code = {code_of(read_canvas(f)): read_canvas(f) for f in files}
            for tab in tabs:
                canvas = by_code[tab.code]  # the code each learner saw opens their canvas
                assert canvas.venture == f"Venture {tab.index}"
                assert answer_of(tab.index) in str(canvas.blocks)

            # A reload: the welcome says how to come back; the name alone opens nothing.
            reloader = tabs[2]
            await reloader.page.reload()
            await reloader.page.wait_for_selector("body.-first-byte", timeout=60_000)
            await reloader.come_back("Learner 3")  # somebody else's name: not a key
            await reloader.wait_for("No canvas has this")
            await asyncio.sleep(2.2)
            await reloader.press("Control+u")
            await reloader.keys(reloader.code)
            await reloader.press("Enter")
            await reloader.wait_for("Venture 2")

            # Downloads from My canvas: the HTML page and the SVG picture.
            exporter = tabs[4]
            delivered: asyncio.Queue[Any] = asyncio.Queue()
            exporter.page.context.on(  # the file opens in a new tab, which downloads it
                "page", lambda p: p.on("download", delivered.put_nowait))
            exporter.page.on("download", delivered.put_nowait)
            for label, suffix in (("HTML", ".html"), ("SVG", ".svg")):
                await exporter.press("c")
                await exporter.wait_for("return code")
                await exporter.press("x")
                await exporter.wait_for("Export your canvas")
                await exporter.click_text(label + ":")
                saved = downloads / "none"
                while True:  # Chromium may report a second, cancelled copy: skip it
                    download = await asyncio.wait_for(delivered.get(), 60)
                    if await download.failure() is None:
                        saved = downloads / download.suggested_filename
                        await download.save_as(saved)
                        break
                assert saved.suffix == suffix
                body = html.unescape(saved.read_text("utf-8")).replace("\xa0", " ")
                assert "Venture 4" in body and "Venture 5" not in body, body[:2000]
                await exporter.press("Escape")

            # kill -9: every session ends with its server; after a restart, back by code.
            sessions = server.sessions()
            assert len(sessions) >= LEARNERS
            server.kill()
            deadline = time.monotonic() + 5
            while [p for p in sessions if alive(p)] and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert not [p for p in sessions if alive(p)], "sessions outlived the server"
            for tab in tabs:
                await tab.page.wait_for_selector("body.-closed", timeout=10_000)
                assert await tab.page.is_visible("text=The connection to the class was lost")
            server = Serve(folder, BIND, port, "--public-url", origin)
            returning = tabs[5:]

            async def back(tab: Tab) -> None:
                await tab.page.click(".closed-dialog button")
                await tab.page.wait_for_selector("body.-first-byte", timeout=60_000)
                await tab.come_back(tab.code)
                await tab.wait_for(f"Venture {tab.index}")
                assert "already open" not in tab.text

            await asyncio.gather(*(back(t) for t in returning))

            # SIGTERM: within two seconds, and every open page says the class has ended.
            took = await asyncio.to_thread(server.terminate)
            assert took < 2.0
            for tab in returning:
                await tab.page.wait_for_selector("body.-class-ended", timeout=10_000)
                assert await tab.page.is_visible("text=The class has ended")
            await browser.close()

        # Nobody saw another learner's answer; nothing was lost; nothing left the machine.
        for tab in tabs:
            others = [answer_of(i) for i in range(LEARNERS) if i != tab.index]
            assert not [o for o in others if o in tab.seen], tab.index
        for f in sorted(folder.glob("*.canvas.toml")):
            canvas = read_canvas(f)
            index = int(canvas.venture.split()[-1])
            assert answer_of(index) in str(canvas.blocks)
        assert requests and all(u.startswith((origin + "/", f"ws://{ANNOUNCED}:{port}/"))
                                for u in requests), sorted(set(requests))
        # The watched report has caught up with every answer.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            page = report.read_text("utf-8") if report.exists() else ""
            if all(answer_of(i) in page for i in range(LEARNERS)):
                break
            await asyncio.sleep(0.5)
        assert all(answer_of(i) in page for i in range(LEARNERS))
        assert 'http-equiv="refresh"' in page
    finally:
        proxy.close()
        server.close()
        watcher.terminate()
        watcher.wait(10)
        shutil.rmtree(downloads, ignore_errors=True)
