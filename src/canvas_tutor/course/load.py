"""`load_course`: the pack ready for use, from the course cache when no file changed.

Kept apart from the loader, whose parsers (TOML front matter, Markdown, every exercise
kind) are imported only when the pack must really be read: a command that finds its
course in the cache never loads them.
"""

from __future__ import annotations

from pathlib import Path

from canvas_tutor.course import cache
from canvas_tutor.course.location import builtin_root
from canvas_tutor.course.model import Course


def load_course(root: Path | None = None, language: str | None = None) -> Course:
    """Load a pack for use; raise CourseError listing every fault if it has any.

    A pack with a fault is never kept, so it is parsed (and its faults reported) every
    time; `canvas-tutor check` always parses.
    """
    from canvas_tutor.i18n import language as interface

    where = Path(root) if root is not None else builtin_root()
    key = cache.pack_key(where, language, interface())
    if key is not None:
        kept = cache.read(where, language, key)
        if kept is not None:
            return kept
    from canvas_tutor.course.faults import Fault
    from canvas_tutor.course.loader import inspect_pack
    from canvas_tutor.errors import CourseError
    from canvas_tutor.i18n import _

    course, faults = inspect_pack(where, language, prose_checks=False)
    if faults or course is None:
        raise CourseError(faults or [Fault(where, 1, _("invalid course pack"))])
    # Kept only if no file changed while it was parsed (else the key names other bytes).
    if key is not None and cache.pack_key(where, language, interface()) == key:
        cache.write(course, language, key)
    return course
