"""A prepared copy of a loaded course, so commands and the app start without re-parsing it.

Parsing thirteen Markdown lessons costs more than everything else `export` does. The
loaded Course (frozen dataclasses) is pickled in the user's cache folder, keyed by the
pack's path, language and canvas-tutor's version, and used only while every file of the
pack still has the size and modification time it had. A cache that cannot be read or
written is ignored: the course is then loaded the normal way.

The app's first frame needs only the course's card (id, title, language, number of
lessons), so the cache keeps the card beside the pickled course: `prepare_course` reads
the card and leaves the course itself (and the module of its classes) for later.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from canvas_tutor import __version__
from canvas_tutor.cachefile import cache_file, read_cached, write_cached
from canvas_tutor.course.location import builtin_root

if TYPE_CHECKING:
    from canvas_tutor.course.model import Course

Stamp = tuple[tuple[str, int, int], ...]
CACHE_FORMAT = 3  # bump when the course model's classes or the cached value change shape


class CourseCard:
    """What start-up shows of a course before the course itself is needed."""

    __slots__ = ("id", "title", "language", "lessons")

    def __init__(self, id: str, title: str, language: str, lessons: int) -> None:
        self.id, self.title, self.language, self.lessons = id, title, language, lessons

    @classmethod
    def of(cls, course: Course) -> CourseCard:
        return cls(course.id, course.title, course.language, len(course.lessons))

    def as_tuple(self) -> tuple[str, str, str, int]:
        return (self.id, self.title, self.language, self.lessons)


class PreparedCourse:
    """A course whose card is known and whose body loads on first use."""

    def __init__(self, card: CourseCard, blob: bytes | None = None,
                 course: Course | None = None, root: Path | None = None,
                 language: str | None = None) -> None:
        self.card = card
        self._blob, self._course, self._root, self._language = blob, course, root, language

    @classmethod
    def of(cls, course: Course) -> PreparedCourse:
        """A course already loaded."""
        return cls(CourseCard.of(course), course=course)

    def load(self) -> Course:
        """The course itself (unpickled once; loaded from the pack if that fails)."""
        if self._course is None:
            from canvas_tutor.course.model import Course

            course = None
            with contextlib.suppress(Exception):
                course = pickle.loads(self._blob or b"")
            if not isinstance(course, Course):
                from canvas_tutor.course.loader import load_course

                course = load_course(self._root, self._language)
            self._course, self._blob = course, None
        return self._course


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


def prepare_course(root: Path | None = None, language: str | None = None) -> PreparedCourse:
    """The course's card now and its body when asked for, from the cache while the pack
    is unchanged; otherwise the pack is loaded (and any fault raised) here and now."""
    root = Path(root) if root is not None else builtin_root()
    stamp = _stamp(root, language)
    target = cache_file("course", f"{root.resolve()}|{language}|{__version__}|{CACHE_FORMAT}")
    kept = read_cached(target, stamp)
    if isinstance(kept, tuple) and len(kept) == 2:
        fields, blob = kept
        if isinstance(fields, tuple) and len(fields) == 4 and isinstance(blob, bytes):
            return PreparedCourse(CourseCard(*fields), blob=blob, root=root, language=language)
    from canvas_tutor.course.loader import load_course

    course = load_course(root, language)
    card = CourseCard.of(course)
    with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
        blob = pickle.dumps(course, protocol=pickle.HIGHEST_PROTOCOL)
        write_cached(target, stamp, (card.as_tuple(), blob))
    return PreparedCourse(card, course=course)


def load_course_cached(root: Path | None = None, language: str | None = None) -> Course:
    """Like load_course, but reuses the prepared course while the pack is unchanged."""
    return prepare_course(root, language).load()
