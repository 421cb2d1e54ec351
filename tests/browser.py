"""Real headless Chromium for the page tests: the system's browser, driven by Playwright.

Tests that need it skip with the reason when a part is missing: the Playwright package,
the system's Chromium (Debian's `chromium`, /usr/bin/chromium, or $CHROMIUM), or
axe-core (npm's `axe-core`, which .ci/run installs into .ci-node/, or $AXE_CORE_JS).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def axe_path() -> Path | None:
    for candidate in (os.environ.get("AXE_CORE_JS"),
                      ROOT / ".ci-node" / "node_modules" / "axe-core" / "axe.min.js"):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def missing_browser() -> str:
    """Why the browser tests cannot run here, or ""."""
    if importlib.util.find_spec("playwright") is None:
        return "the Playwright package is not installed (pip install -e '.[test]')"
    if chromium_path() is None:
        return "no system Chromium (apt-get install chromium, or set CHROMIUM)"
    return ""


def missing_axe() -> str:
    if axe_path() is None:
        return ("axe-core not found: npm install --prefix .ci-node axe-core (as .ci/run "
                "does), or set AXE_CORE_JS to axe.min.js")
    return ""


@contextmanager
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def axe_violations(browser: Any, page_file: Path) -> list[dict[str, Any]]:
    """axe-core's violations on a page (WCAG 2.1 A and AA, and axe's best practices).

    The pages forbid scripts with their Content-Security-Policy, as they should, so the
    test context bypasses CSP to inject axe; nothing else of the page changes.
    """
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(page_file.resolve().as_uri())
        page.add_script_tag(content=axe_path().read_text("utf-8"))  # type: ignore[union-attr]
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
            "resultTypes: ['violations']})", AXE_TAGS)
        violations: list[dict[str, Any]] = result["violations"]
        return violations
    finally:
        context.close()


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(map(str, n["target"])) for n in v["nodes"][:4]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -- {len(v['nodes'])} nodes, "
                     f"e.g. {targets}; {v['nodes'][0].get('failureSummary', '')[:300]}")
    return "\n".join(lines)
