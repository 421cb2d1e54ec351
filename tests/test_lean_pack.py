"""A second canvas, the Lean Canvas, runs through every part with no code change.

Its outputs must carry none of the Business Model Canvas's words: if they do, some part
of the code still assumes that canvas instead of reading the pack.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import CanvasStore
from canvas_tutor.course.loader import load_course
from canvas_tutor.export.formats import format_ids
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.lesson import LessonScreen
from canvas_tutor.tui.screens.my_canvas import MyCanvasScreen

LEAN = Path(__file__).parent / "fixtures" / "lean-pack"
FOREIGN = re.compile(r"Business Model|Strategyzer|Key partners|Key activities|Key resources|"
                     r"Value propositions|relationship|Naima", re.I)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "canvas_tutor", *args], capture_output=True,
                          text=True, timeout=120)


def lean_canvas(path: Path) -> Path:
    canvas = Canvas(course="lean-canvas-sprint", name="Ada", venture="Tool library")
    canvas.set_notes("problem", ["Drills sit unused in cupboards"])
    canvas.set_notes("segments", ["Flat dwellers"])
    canvas.set_notes("solution", ["Lend tools by the day"])
    canvas.set_types("metrics", ["retention"])
    canvas.set_answer("problem", "lp-pain", "People buy a drill for one hole.")
    canvas.progress.complete("start")
    with CanvasStore(path) as store:
        store.create(canvas)
    return path


def shown(text: str) -> str:
    return html.unescape(text).replace("\xa0", " ")


def test_check_passes() -> None:
    result = run("check", str(LEAN))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "9 blocks" in result.stdout


@pytest.mark.parametrize("fmt", format_ids("canvas"))
def test_every_export_format(tmp_path: Path, fmt: str) -> None:
    path = lean_canvas(tmp_path / "ada.canvas.toml")
    out = tmp_path / f"ada.{fmt}"
    result = run("export", str(path), "--course", str(LEAN), "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = shown(out.read_text(encoding="utf-8"))
    assert "Drills sit unused" in text and "Unique value proposition" in text
    assert FOREIGN.search(text) is None, FOREIGN.search(text)
    if fmt in ("html", "md"):
        assert "The Lean Canvas, by Ash Maurya" in text  # the pack's own credit


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_coach(tmp_path: Path, fmt: str) -> None:
    path = lean_canvas(tmp_path / "ada.canvas.toml")
    result = run("coach", str(path), "--course", str(LEAN), "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert "revenue streams" in result.stdout.lower()  # a block of this canvas, by its title
    assert FOREIGN.search(result.stdout) is None, FOREIGN.search(result.stdout)


@pytest.mark.parametrize("fmt", format_ids("report"))
def test_report(tmp_path: Path, fmt: str) -> None:
    lean_canvas(tmp_path / "class" / "ada.canvas.toml")
    out = tmp_path / f"report.{fmt}"
    result = run("report", str(tmp_path / "class"), "--course", str(LEAN), "--format", fmt,
                 "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = shown(out.read_text(encoding="utf-8"))
    assert "Ada" in text
    assert FOREIGN.search(text) is None, FOREIGN.search(text)


async def test_tui_home_lesson_and_my_canvas(tmp_path: Path) -> None:
    course = load_course(LEAN)
    path = lean_canvas(tmp_path / "ada.canvas.toml")
    app = CanvasTutorApp(course, canvas_path=path, data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        home = shown(app.export_screenshot())
        assert "Unfair advantage" in home and "Lean Canvas sprint" in home
        app.open_lesson("problem-first")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        lesson = shown(app.export_screenshot())
        assert "Which problem hurts most" in lesson
        app.pop_screen()
        await pilot.pause()
        app.open_my_canvas()
        await pilot.pause()
        assert isinstance(app.screen, MyCanvasScreen)
        mine = shown(app.export_screenshot())
        assert "Drills sit unused" in mine and "Ash Maurya" in mine
        for screen_text in (home, lesson, mine):
            assert FOREIGN.search(screen_text) is None, FOREIGN.search(screen_text)
