"""`canvas-tutor course export`: the handbook of a course pack, as HTML or Markdown.

The formats are a small table here until the project's one export-format registry
takes them over; the writer (`export.output`) does the safe, atomic writing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from canvas_tutor.course.loader import load_course
from canvas_tutor.errors import UserError
from canvas_tutor.export.handbook import Handbook, build_handbook

if TYPE_CHECKING:
    import argparse

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

HANDBOOK_FORMATS: dict[str, Callable[[Handbook], str]] = {}


def _html(book: Handbook) -> str:
    from canvas_tutor.export.handbook_html import handbook_to_html

    return handbook_to_html(book)


def _md(book: Handbook) -> str:
    from canvas_tutor.export.handbook_md import handbook_to_markdown

    return handbook_to_markdown(book)


HANDBOOK_FORMATS.update({"html": _html, "md": _md})


def render_handbook(course_dir: Path | None, fmt: str, *, trainer: bool = False,
                    language: str | None = None) -> str:
    """The handbook of a pack (the built-in course by default) in one format."""
    render = HANDBOOK_FORMATS.get(fmt)
    if render is None:
        raise UserError(f"unknown handbook format {fmt!r} (use {', '.join(HANDBOOK_FORMATS)})")
    course = load_course(course_dir, language)
    if language and course.language != language:
        raise UserError(f"this course has no language {language!r} "
                        f"(it has: {', '.join(course.languages)})")
    from canvas_tutor.i18n import set_language

    set_language(course.language)
    return render(build_handbook(course, trainer=trainer))


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
    print(f"wrote {written}", file=sys.stderr)
    return 0


def add_handbook_parser(course_sub: Subparsers) -> None:
    """`course export`: registered by cli.py under `course`."""
    export = course_sub.add_parser(
        "export", help="the course as a printable handbook (html or md)",
        description="Write the whole course as one handbook: title page, lessons with "
        "worksheets, glossary; --trainer adds the facilitator notes and an answer key.")
    export.add_argument("dir", nargs="?", type=Path, metavar="DIR",
                        help="the pack folder (default: the built-in course)")
    export.add_argument("--format", choices=tuple(HANDBOOK_FORMATS), default="html")
    export.add_argument("-o", "--output", type=Path, metavar="FILE")
    export.add_argument("--trainer", action="store_true",
                        help="the trainer edition: facilitator notes and an answer key")
    export.add_argument("--language", metavar="L", help="one of the course's languages")
    export.add_argument("--force", action="store_true",
                        help="overwrite FILE even if it is a different kind of file")


def handbook_from_args(args: argparse.Namespace) -> int:
    return handbook_command(args.dir or getattr(args, "course", None), args.format, args.output,
                            trainer=args.trainer, language=args.language, force=args.force)
