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
import pickle
import sys
import tempfile
import zlib
from pathlib import Path

from canvas_tutor import __version__
from canvas_tutor.course.location import builtin_root
from canvas_tutor.course.model import Course

Stamp = tuple[tuple[str, int, int], ...]
CACHE_FORMAT = 2  # bump when the course model's classes change shape


def cache_dir() -> Path:
    """$CANVAS_TUTOR_CACHE_DIR, or the user cache folder."""
    env = os.environ.get("CANVAS_TUTOR_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform.startswith("linux"):  # the XDG rule, without importing platformdirs
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
        return Path(base) / "canvas-tutor"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("canvas-tutor", appauthor=False))


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


def _file_for(root: Path, language: str | None) -> Path:
    key = f"{root.resolve()}|{language}|{__version__}|{CACHE_FORMAT}".encode()
    # A short name is enough: the stamp inside is compared before the cache is trusted.
    return cache_dir() / f"course-{zlib.crc32(key):08x}-{len(key)}.pickle"


def load_course_cached(root: Path | None = None, language: str | None = None) -> Course:
    """Like load_course, but reuses the prepared course while the pack is unchanged."""
    root = Path(root) if root is not None else builtin_root()
    stamp = _stamp(root, language)
    target = _file_for(root, language)
    with contextlib.suppress(Exception):  # a missing, stale or damaged cache is no error
        with open(target, "rb") as handle:
            cached_stamp, course = pickle.load(handle)
        if cached_stamp == stamp and isinstance(course, Course):
            return course
    from canvas_tutor.course.loader import load_course

    course = load_course(root, language)
    with contextlib.suppress(OSError, pickle.PicklingError):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((stamp, course), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    return course
