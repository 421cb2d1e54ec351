"""Snapshots of a lesson with a case panel and of each exercise kind, at 80x24 and 120x40.

The canvas lives under tmp_path and no path or timestamp is on screen, so the pictures
are the same on every run. Update them with `pytest --snapshot-update` and look at them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.loader import load_course
from canvas_tutor.tui.app import CanvasTutorApp

FIXTURES = Path(__file__).parent / "fixtures"
ALL_KINDS = FIXTURES / "all-kinds-pack"
BLOCK = "customer_relationships"
SIZES = [(80, 24), (120, 40)]


def seed(canvas: Canvas) -> None:
    """Work a learner has done, so each exercise shows its filled-in state."""
    canvas.set_answer(BLOCK, "mi-expect", "Regulars expect to be known by name.")
    canvas.set_notes(BLOCK, ["Loyalty card", "[bold]Not bold[/bold]", "Monthly tasting evening "
                             "for regulars, announced on the chalkboard and by text message"])
    canvas.set_types(BLOCK, ["communities"])
    canvas.record_quiz("mi-quiz", ["b"], False)
    canvas.record_quiz("mi-multi", ["segments", "logo"], False)
    canvas.record_quiz("mi-sort", ["transactional", "transactional"], False)


def scene(tmp_path: Path, lesson: str, target: str | None) -> tuple[
        CanvasTutorApp, Callable[[Pilot[None]], object]]:
    """An app and the steps that open `lesson` and bring `target` into view."""
    app = CanvasTutorApp(load_course(ALL_KINDS), data_dir=tmp_path / "data")

    async def run_before(pilot: Pilot[None]) -> None:
        path = tmp_path / "data" / "ann.canvas.toml"
        path.parent.mkdir(exist_ok=True)
        await pilot.pause()
        assert app.create_canvas(path, "Ann", "Corner café")
        seed(app.canvas)
        await pilot.pause()
        app.open_lesson(lesson)
        await pilot.pause()
        for _ in range(3000):  # the exercises below the fold mount a few per frame
            if getattr(app.screen, "ready_at", 0):
                break
            await pilot.pause(0.01)
        assert getattr(app.screen, "ready_at", 0), "the lesson never finished mounting"
        await pilot.pause()
        if target is not None:
            app.screen.query_one(target).scroll_visible(animate=False, top=True)
        await pilot.pause()

    return app, run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(("lesson", "target"), [
    ("intro", None),  # the lesson with its case panel
    ("intro", "#ex-mi-quiz"),
    ("intro", "#ex-mi-multi"),
    ("relations", "#ex-mi-expect"),
    ("relations", "#ex-mi-notes"),
    ("relations", "#ex-mi-sort"),
    ("relations", "#ex-mi-pick"),
], ids=["case-panel", "choice-single", "choice-multiple", "reflect", "notes", "classify",
        "pick"])
def test_lesson_snapshot(snap_compare: Callable[..., bool], tmp_path: Path, lesson: str,
                         target: str | None, size: tuple[int, int]) -> None:
    app, run_before = scene(tmp_path, lesson, target)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_rubric_snapshot(snap_compare: Callable[..., bool], tmp_path: Path,
                         size: tuple[int, int]) -> None:
    """Lesson 13's rubric, two criteria scored: every level on screen with its text."""
    app = CanvasTutorApp(load_course(), data_dir=tmp_path / "data")

    async def run_before(pilot: Pilot[None]) -> None:
        path = tmp_path / "data" / "ann.canvas.toml"
        path.parent.mkdir(exist_ok=True)
        await pilot.pause()
        assert app.create_canvas(path, "Ann", "Corner café")
        app.canvas.rate("yc-rubric", "customer", 2)
        app.canvas.rate("yc-rubric", "value", 3)
        app.open_lesson("your-canvas")
        await pilot.pause()
        # The built-in lesson 13 mounts its exercises below the fold a few per frame, and
        # the scrollbar's thumb shrinks until the last: wait for it, however slow CI is.
        for _ in range(3000):
            if getattr(app.screen, "ready_at", 0):
                break
            await pilot.pause(0.01)
        assert getattr(app.screen, "ready_at", 0), "the lesson never finished mounting"
        await pilot.pause()
        app.screen.query_one("#ex-yc-rubric").scroll_visible(animate=False, top=True)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
