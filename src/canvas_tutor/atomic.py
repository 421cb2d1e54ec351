"""Replacing a file so that a crash leaves the old file or the new one, never half of each.

The data goes to a temporary file in the same folder (named `.NAME.*.tmp`, which the
canvas store knows how to sweep up after a crash), then is renamed over the target. The
canvas store, exports and the cache folder all write this way; they differ only in how
durable the write must be, the file's permissions, and what happens just before the
rename (the store keeps a backup there).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Make a rename durable; some platforms cannot open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_atomically(path: Path, data: bytes, *, durable: bool = True,
                       mode: int | None = None,
                       before_replace: Callable[[], None] | None = None) -> None:
    """Write `data` to `path` in one rename.

    `durable` fsyncs the data and the folder (learners' work; a cache does not need it),
    `mode` sets the permissions (mkstemp makes 0600), `before_replace` runs once the data
    is safely written, just before the rename. On any error the temporary file is removed
    and the error raised; `path` is then as it was.
    """
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(folder)
