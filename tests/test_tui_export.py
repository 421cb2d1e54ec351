"""Exporting from inside the app: every format of the registry, SVG included."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from canvas_tutor.course.model import Course
from canvas_tutor.export.formats import formats
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.export_dialog import ExportDialog
from canvas_tutor.tui.screens.my_canvas import MyCanvasScreen


@pytest.mark.parametrize("fmt", [f.id for f in formats("canvas")])
async def test_x_on_my_canvas_exports_each_format(mini_course: Course, tmp_path: Path,
                                                  fmt: str) -> None:
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.create_canvas(tmp_path / "ines.canvas.toml", "Inès", "Tea bikes")
        await pilot.pause()
        app.canvas.set_notes("customer_segments", ["Night-shift nurses"])
        app.open_my_canvas()
        await pilot.pause()
        assert isinstance(app.screen, MyCanvasScreen)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        labels = [str(o.prompt) for o in app.screen.query_one("OptionList").options]  # type: ignore[attr-defined]
        assert labels == [f.label() for f in formats("canvas")]  # the registry, in order
        app.screen.dismiss(fmt)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MyCanvasScreen)  # still running: nothing crashed
    suffix = next(f.suffix for f in formats("canvas") if f.id == fmt)
    written = tmp_path / "exports" / f"ines{suffix}"
    text = written.read_text(encoding="utf-8")
    shown = html.unescape(text).replace("\xa0", " ").replace("\\", "")  # svg spaces, md escapes
    assert "Night-shift nurses" in shown
    if fmt == "svg":
        assert text.lstrip().startswith("<svg") and "Tea bikes" in shown  # its title
