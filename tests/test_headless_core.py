"""The headless core never imports Textual, so check/export/report start fast anywhere.

Checked in a fresh interpreter: the test process itself may already have imported
Textual for other tests. Export modules are discovered, so new ones are covered too.
"""

from __future__ import annotations

import importlib.util
import json
import pkgutil
import subprocess
import sys

import canvas_tutor.export

CORE = [
    "canvas_tutor.text",
    "canvas_tutor.tomlines",
    "canvas_tutor.course.loader",
    "canvas_tutor.course.model",
    "canvas_tutor.canvas.model",
    "canvas_tutor.canvas.codec",
    "canvas_tutor.canvas.store",
]


def headless_modules() -> list[str]:
    """Every module that must stay free of Textual, found on disk."""
    names = list(CORE)
    names += [info.name for info in pkgutil.walk_packages(canvas_tutor.export.__path__,
                                                          "canvas_tutor.export.")]
    for package in ("canvas_tutor.course", "canvas_tutor.canvas"):
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations is not None
        names += [info.name for info in pkgutil.iter_modules(spec.submodule_search_locations,
                                                             package + ".")]
    if importlib.util.find_spec("canvas_tutor.cli") is not None:
        names.append("canvas_tutor.cli")
    return sorted(set(names))


PROBE = """
import importlib, json, sys
names = json.loads(sys.argv[1])
for name in names:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))))
"""


def textual_after_importing(names: list[str]) -> list[str]:
    """The textual modules a fresh interpreter holds after importing `names`."""
    result = subprocess.run([sys.executable, "-c", PROBE, json.dumps(names)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"importing {names} failed: {result.stderr}"
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def test_core_modules_do_not_import_textual() -> None:
    names = headless_modules()
    assert "canvas_tutor.canvas.store" in names and "canvas_tutor.course.loader" in names
    if textual_after_importing(names):
        # Name the culprits: one interpreter per module (slow, so only on failure).
        culprits = [name for name in names if textual_after_importing([name])]
        raise AssertionError(f"these modules import Textual: {culprits}")


def test_the_probe_does_see_textual() -> None:
    """The check itself can fail: importing a Textual module is noticed."""
    assert "textual" in textual_after_importing(["textual.app"])
