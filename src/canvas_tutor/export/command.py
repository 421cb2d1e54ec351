"""The `export`, `coach` and `report` commands: read canvases, write what the user asked for.

Kept apart from cli.py so the parser stays small and these stay free of Textual
(svg aside, which draws the app's own my-canvas screen).
"""

from __future__ import annotations

import sys
from pathlib import Path

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course
from canvas_tutor.errors import UserError


class CommandError(UserError):
    """A command that cannot do what was asked; the message says why."""


def _course_for(canvas: Canvas, course_dir: Path | None) -> Course:
    course = load_course(course_dir)
    if canvas.course != course.id:
        print(f"canvas-tutor: warning: this canvas is for course '{canvas.course}', shown "
              f"with '{course.id}'", file=sys.stderr)
    return course


def render(canvas: Canvas, course: Course, fmt: str) -> str:
    """A canvas in one of the text formats."""
    if fmt == "json":
        from canvas_tutor.export.json_export import canvas_to_json

        return canvas_to_json(canvas, course)
    if fmt == "md":
        from canvas_tutor.export.markdown import canvas_to_markdown

        return canvas_to_markdown(canvas, course)
    if fmt == "html":
        from canvas_tutor.export.html import canvas_to_html

        return canvas_to_html(canvas, course)
    if fmt == "svg":
        from canvas_tutor.tui.svg import canvas_to_svg

        return canvas_to_svg(canvas, course)
    raise CommandError(f"unknown format {fmt!r}")


def _emit(text: str, fmt: str, out: Path | None, force: bool) -> None:
    from canvas_tutor.export.output import write_export

    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    written = write_export(out, text, fmt, force=force)
    print(f"wrote {written}", file=sys.stderr)


def export_command(canvas_path: Path, fmt: str, out: Path | None, course_dir: Path | None,
                   *, force: bool = False) -> int:
    """`canvas-tutor export`: stdout unless -o (svg always needs -o)."""
    if fmt == "svg" and out is None:
        raise CommandError("svg is a picture: name a file with -o, e.g. -o canvas.svg")
    canvas = read_canvas(canvas_path)
    _emit(render(canvas, _course_for(canvas, course_dir), fmt), fmt, out, force)
    return 0


def coach_command(canvas_path: Path, fmt: str, course_dir: Path | None) -> int:
    """`canvas-tutor coach`: advice only, so the exit code is 0 whatever it finds."""
    from canvas_tutor.canvas.coach import coach, findings_to_json, findings_to_text

    canvas = read_canvas(canvas_path)
    course = _course_for(canvas, course_dir)
    findings = coach(canvas, course)
    text = findings_to_json(findings) if fmt == "json" else findings_to_text(findings, course)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def report_command(paths: list[Path], fmt: str, out: Path | None, course_dir: Path | None,
                   *, force: bool = False) -> int:
    """`canvas-tutor report`: one class report from every canvas under the paths."""
    from canvas_tutor.export.report import (
        ProgressBar,
        collect,
        report_csv,
        report_html,
        report_json,
    )

    missing = [p for p in paths if not p.exists()]
    if missing:
        raise CommandError(f"{missing[0]}: no such file or folder")
    course = load_course(course_dir)
    bar = ProgressBar()
    try:
        report = collect(paths, course, progress=bar)
    finally:
        bar.close()
    renderers = {"html": report_html, "json": report_json, "csv": report_csv}
    _emit(renderers[fmt](report), fmt, out, force)
    return 0
