"""Keys typed fast in a browser land where they are meant: "name⏎venture⏎" with no pause.

The welcome moves the cursor to the venture box before it handles the key after Enter
(a priority binding, see tui/screens/welcome.py). In a browser the keys go through
textual-serve's websocket; this test types at a brisk pace in real Chromium, with no
sleep between Enter and the next letter, and reads the canvas file that comes of it.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from canvas_tutor.canvas.store import read_canvas
from serve_support import BrowserTerminal, Serve

CHROMIUM = os.environ.get("CANVAS_TUTOR_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
LEARNERS = [("Mangle1", "venture one"), ("Zoë Ålund", "Café on wheels"),
            ("Sam", "Bike repair van")]

playwright_api = pytest.importorskip("playwright.async_api",
                                     reason="the Playwright package is not installed")
pytest.importorskip("textual_serve")
if not Path(CHROMIUM).is_file():
    pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)",
                allow_module_level=True)


class Tab(BrowserTerminal):
    """One browser tab and what its terminal has drawn."""

    async def wait_for(self, text: str, timeout: float = 60) -> None:
        await super().wait_for(text, timeout)

async def _join(browser: Any, url: str, name: str, venture: str, delay: int) -> None:
    context = await browser.new_context(viewport={"width": 1100, "height": 760})
    tab = Tab(await context.new_page())
    await tab.page.goto(url + "/")
    await tab.page.wait_for_selector("body.-first-byte", timeout=60_000)
    await tab.wait_for("Start a new canvas")
    # As a learner would: the whole line at a typing pace, Enter included, no pause.
    await tab.page.keyboard.type(f"{name}\n{venture}\n", delay=delay)
    await tab.wait_for("Write this code down")
    await context.close()


# 15 ms a key is a brisk typist; 0 is a burst, as a loaded server receives the keys of a
# slower typist (on an idle machine only the burst made the old welcome fail).
@pytest.mark.parametrize("delay", [15, 0])
async def test_name_enter_venture_enter_typed_without_a_pause(tmp_path: Path,
                                                              delay: int) -> None:
    folder = tmp_path / "class"
    server = Serve(folder)
    try:
        async with playwright_api.async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                               args=ARGS)
            await asyncio.gather(*(_join(browser, server.url, name, venture, delay)
                                   for name, venture in LEARNERS))
            await browser.close()
        found = sorted((c.name, c.venture) for c in map(read_canvas,
                                                         folder.glob("*.canvas.toml")))
        assert found == sorted(LEARNERS)
    finally:
        server.close()
