"""`canvas-tutor course export`: the handbook of a course pack, as HTML or Markdown.

The formats are the "handbook" entries of the one export-format registry
(export/formats.py); the writer (`export.output`) does the safe, atomic writing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from canvas_tutor.course.load import load_course
from canvas_tutor.errors import UserError
from canvas_tutor.export.handbook import build_handbook
from canvas_tutor.i18n import _
from canvas_tutor.text import visible


def render_handbook(course_dir: Path | None, fmt: str, *, trainer: bool = False,
                    language: str | None = None) -> str:
    """The handbook of a pack (the built-in course by default) in one format."""
    from canvas_tutor.export.formats import get

    try:
        render = get("handbook", fmt).render()
    except LookupError as exc:
        raise UserError(str(exc)) from None
    course = load_course(course_dir)
    if language and language != course.language:
        if language not in course.languages:
            raise UserError(_("this course has no language {language} (it has: {languages})")
                            .format(language=repr(language),
                                    languages=", ".join(course.languages)))
        course = load_course(course_dir, language)
    from canvas_tutor.i18n import set_language

    set_language(course.language)
    text: str = render(build_handbook(course, trainer=trainer))
    return text


def handbook_command(course_dir: Path | None, fmt: str, out: Path | None, *,
                     trainer: bool = False, language: str | None = None,
                     force: bool = False) -> int:
    """Write the handbook to OUT, or to stdout without -o."""
    text = render_handbook(course_dir, fmt, trainer=trainer, language=language)
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    from canvas_tutor.export.output import ExportError, write_export

    try:
        written = write_export(out, text, fmt, force=force)
    except ExportError as exc:
        raise UserError(str(exc)) from None
    print(_("wrote {file}").format(file=visible(written)), file=sys.stderr)
    return 0

