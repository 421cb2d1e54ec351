"""Files in the user's cache folder: prepared data that is safe to lose.

A cache entry is one pickle holding a key and a value. It is trusted only when the key
read back equals the key expected, it is written atomically (so two classmates' apps
starting at once never read half a file), and any trouble reading or writing it just
means doing the work the normal way.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import zlib
from pathlib import Path

from canvas_tutor.atomic import replace_atomically


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


def cache_file(kind: str, name: str) -> Path:
    """A short file name for a long name (the key inside decides whether it is used)."""
    data = name.encode()
    return cache_dir() / f"{kind}-{zlib.crc32(data):08x}-{len(data)}.pickle"


def read_cached(path: Path, key: object) -> object:
    """The value kept under `key`, or None when there is none (or it is unreadable)."""
    with contextlib.suppress(Exception):  # missing, stale, damaged or foreign: no error
        with open(path, "rb") as handle:
            stored_key, value = pickle.load(handle)
        if stored_key == key:
            return value
    return None


def write_cached(path: Path, key: object, value: object) -> None:
    """Keep `value` under `key`, atomically; a cache that cannot be written is skipped."""
    with contextlib.suppress(OSError, pickle.PicklingError, AttributeError, TypeError):
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        replace_atomically(path, data, durable=False)  # losing a cache costs a re-parse
