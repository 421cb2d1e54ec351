"""A prepared copy of a loaded course, so commands and the app start without re-parsing it.

Parsing thirteen Markdown lessons costs more than everything else `export` does. The
loaded Course (frozen dataclasses) is pickled in the user's cache folder, keyed by the
pack's path, language and canvas-tutor's version, and used only while every file of the
pack still has the size and modification time it had. A cache that cannot be read or
written is ignored: the course is then loaded the normal way.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from canvas_tutor import __version__
from canvas_tutor.cachefile import cache_file, read_cached, write_cached
from canvas_tutor.course.location import builtin_root
from canvas_tutor.course.model import Course

Stamp = tuple[tuple[str, int, int], ...]
CACHE_FORMAT = 2  # bump when the course model's classes change shape


def _stamp(root: Path, language: str | None) -> Stamp:
    """Size and modification time of every file that makes up the pack."""
    entries: list[tuple[str, int, int]] = []
    folders = [root / "course", root / "lessons"]
    for folder in folders:
        for dirpath, _dirs, files in os.walk(folder):
            for name in files:
                path = os.path.join(dirpath, name)
                with contextlib.suppress(OSError):
                    st = os.stat(path)
                    entries.append((path, st.st_mtime_ns, st.st_size))
    entries.sort()
    return (("language", 0, 0) if language is None else (language, 0, 0), *entries)


def load_course_cached(root: Path | None = None, language: str | None = None) -> Course:
    """Like load_course, but reuses the prepared course while the pack is unchanged."""
    root = Path(root) if root is not None else builtin_root()
    stamp = _stamp(root, language)
    target = cache_file("course", f"{root.resolve()}|{language}|{__version__}|{CACHE_FORMAT}")
    course = read_cached(target, stamp)
    if isinstance(course, Course):
        return course
    from canvas_tutor.course.loader import load_course

    course = load_course(root, language)
    write_cached(target, stamp, course)
    return course
