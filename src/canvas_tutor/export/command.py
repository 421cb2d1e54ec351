"""The `export`, `coach` and `report` commands: read canvases, write what the user asked for.

Kept apart from cli.py so the parser stays small. Free of Textual: a format that a
front end draws (the SVG picture of the my-canvas screen) is drawn by a function the
caller passes in.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.course.load import load_course
from canvas_tutor.course.model import Course
from canvas_tutor.errors import UserError
from canvas_tutor.export import formats
from canvas_tutor.i18n import _
from canvas_tutor.text import visible


class CommandError(UserError):
    """A command that cannot do what was asked; the message says why."""


def _course_for(canvas: Canvas, course_dir: Path | None, language: str | None) -> Course:
    course = load_course(course_dir, language)
    if canvas.course != course.id:
        print(_("canvas-tutor: warning: this canvas is for course '{canvas}', shown "
                "with '{course}'").format(canvas=visible(canvas.course), course=visible(course.id)),
              file=sys.stderr)
    return course


Drawer = Callable[[Canvas, Course], str]


def render(canvas: Canvas, course: Course, fmt: str, draw: Drawer | None = None) -> str:
    """A canvas in one of the registered formats; `draw` draws a front end's format."""
    try:
        spec = formats.get("canvas", fmt)
    except LookupError as exc:
        raise CommandError(str(exc)) from None
    if not spec.renderer:
        if draw is None:
            raise CommandError(_("the {format} format is drawn by the app; it is not available "
                               "here").format(format=fmt))
        return draw(canvas, course)
    text: str = spec.render()(canvas, course)
    return text


def _emit(text: str, fmt: str, out: Path | None, force: bool) -> None:
    from canvas_tutor.export.output import write_export

    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    written = write_export(out, text, fmt, force=force)
    print(_("wrote {file}").format(file=visible(written)), file=sys.stderr)


def export_command(canvas_path: Path, fmt: str, out: Path | None, course_dir: Path | None,
                   *, force: bool = False, draw: Drawer | None = None,
                   language: str | None = None, canvas: Canvas | None = None) -> int:
    """`canvas-tutor export`: stdout unless -o (a picture always needs -o). `canvas` is
    the file's canvas when the caller has already read it."""
    spec = formats.get("canvas", fmt)
    if not spec.to_stdout and out is None:
        raise CommandError(_("{format} is a picture: name a file with -o, e.g. -o "
                             "canvas{suffix}").format(format=fmt, suffix=spec.suffix))
    canvas = canvas if canvas is not None else read_canvas(canvas_path)
    _emit(render(canvas, _course_for(canvas, course_dir, language), fmt, draw), fmt, out,
          force)
    return 0


def coach_command(canvas_path: Path, fmt: str, course_dir: Path | None, *,
                  language: str | None = None, canvas: Canvas | None = None) -> int:
    """`canvas-tutor coach`: advice only, so the exit code is 0 whatever it finds."""
    from canvas_tutor.canvas.coach import coach, findings_to_json, findings_to_text

    canvas = canvas if canvas is not None else read_canvas(canvas_path)
    course = _course_for(canvas, course_dir, language)
    findings = coach(canvas, course)
    # JSON escapes what it must itself; text for a terminal shows every control code.
    text = (findings_to_json(findings) if fmt == "json"
            else visible(findings_to_text(findings, course)))
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def report_command(paths: list[Path], fmt: str, out: Path | None, course_dir: Path | None,
                   *, force: bool = False, language: str | None = None) -> int:
    """`canvas-tutor report`: one class report from every canvas under the paths."""
    from canvas_tutor.export.report import ProgressBar, collect

    missing = [p for p in paths if not p.exists()]
    if missing:
        raise CommandError(_("{path}: no such file or folder").format(path=missing[0]))
    course = load_course(course_dir, language)
    bar = ProgressBar()
    try:
        report = collect(paths, course, progress=bar)
    finally:
        bar.close()
    _emit(formats.get("report", fmt).render()(report), fmt, out, force)
    return 0


def certificate_command(canvas_path: Path, out: Path | None, course_dir: Path | None,
                        *, force: bool = False, language: str | None = None,
                        canvas: Canvas | None = None) -> int:
    """`canvas-tutor certificate`: only for a canvas whose lessons are all done."""
    canvas = canvas if canvas is not None else read_canvas(canvas_path)
    page: str = formats.get("certificate", "html").render()(
        canvas, _course_for(canvas, course_dir, language))
    _emit(page, "html", out, force)
    return 0
