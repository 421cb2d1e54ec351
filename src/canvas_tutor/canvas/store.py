"""The only code that touches canvas files on disk: load, atomic save, backup and lock.

A save never leaves a half-written canvas: the new text is written to a temporary file in
the same folder, flushed and fsynced, then renamed over the canvas. The previous version is
kept as `NAME.canvas.toml.bak` (a hard link to the old file, so making the backup is itself
atomic). A file that failed to load is never overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from canvas_tutor.atomic import replace_atomically
from canvas_tutor.canvas import SUFFIX
from canvas_tutor.canvas.codec import canvas_from_text, canvas_to_text, decode_bytes
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.errors import CanvasError, CanvasLocked
from canvas_tutor.i18n import _, format_number

MAX_BYTES = 4 * 1024 * 1024


def backup_path(path: Path) -> Path:
    """Where the previous version of a canvas is kept."""
    return path.with_name(path.name + ".bak")


def lock_path(path: Path) -> Path:
    """The lock file that marks a canvas as open in a process."""
    return path.with_name(path.name + ".lock")


def read_canvas(path: Path, max_bytes: int = MAX_BYTES) -> Canvas:
    """Load a canvas file without locking it (exports, reports, the welcome list)."""
    path = Path(path)
    try:
        if path.is_dir():
            raise CanvasError(path, _("this is a folder, not a canvas file"))
        size = path.stat().st_size
        if size > max_bytes:
            raise CanvasError(
                path, _("the file is too large ({size} bytes; at most {limit})").format(
                    size=format_number(size), limit=format_number(max_bytes)))
        data = path.read_bytes()
    except FileNotFoundError:
        raise CanvasError(path, _("no such file")) from None
    except PermissionError:
        raise CanvasError(path, _("permission denied: canvas-tutor may not read this "
                                  "file")) from None
    except OSError as exc:
        raise CanvasError(path, _("cannot read the file: {reason}").format(
            reason=exc.strerror or exc)) from None
    return canvas_from_text(path, decode_bytes(path, data))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file,
    keeping the old one as the backup."""

    def backup() -> None:  # once the new text is safely on disk, before it replaces the old
        if path.exists():
            _keep_backup(path)

    replace_atomically(path, data, before_replace=backup)


def _keep_backup(path: Path) -> None:
    """Keep the current file as `.bak`, atomically: a hard link renamed into place."""
    bak = backup_path(path)
    tmp = bak.with_name(f".{bak.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    try:
        os.link(path, tmp)
    except OSError:
        # No hard links here (some network or FAT drives): copy the bytes instead.
        data = path.read_bytes()
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(tmp, bak)


def recover_backup(path: Path) -> Path:
    """Copy a good `.bak` next to the broken file under a new name and return it."""
    backup = backup_path(path)
    read_canvas(backup)  # raises CanvasError if the backup is broken too
    stem = path.name.removesuffix(SUFFIX)
    number = 1
    while True:
        target = path.with_name(f"{stem}-recovered{'' if number == 1 else number}{SUFFIX}")
        if not target.exists():
            break
        number += 1
    import shutil  # only recovery needs it; every command would pay for it at start-up

    shutil.copyfile(backup, target)
    return target


def clear_stale_temps(path: Path) -> int:
    """Remove temp files that a killed save left next to `path`; returns how many.

    Call only while holding the canvas's lock: then no save of this canvas is running,
    so every `.NAME.*.tmp` (and `.NAME.bak.*.tmp`) is debris from a crash, not work.
    """
    prefix = f".{path.name}."
    removed = 0
    try:
        stale = [p for p in path.parent.iterdir()
                 if p.name.startswith(prefix) and p.name.endswith(".tmp") and p.is_file()]
    except OSError:
        return 0
    for tmp in stale:
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed += 1
    return removed


class CanvasStore:
    """One open canvas file: holds its lock, loads it and saves it safely.

    Use `open()` to lock and load an existing file or `create()` for a new one; `close()`
    releases the lock. Saving is refused unless the file was loaded or created here, so a
    broken file on disk can never be overwritten by accident.
    """

    def __init__(self, path: Path | str) -> None:
        from filelock import FileLock  # only a process that writes pays for this import

        self.path = Path(path)
        self._lock = FileLock(str(lock_path(self.path)), timeout=0, is_singleton=False)
        self._writable = False

    def _acquire(self) -> None:
        from filelock import Timeout

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        except Timeout:
            raise CanvasLocked(
                self.path,
                _("this canvas is already open in another canvas-tutor window; "
                  "close it there first, or open another canvas"),
            ) from None
        except PermissionError:
            raise CanvasError(self.path, _("permission denied: cannot lock this canvas")) \
                from None
        except OSError as exc:
            raise CanvasError(self.path, _("cannot lock this canvas: {reason}").format(
                reason=exc.strerror)) from None
        clear_stale_temps(self.path)

    def open(self) -> Canvas:
        """Lock the file and load it; on any error the lock is released again."""
        self._acquire()
        try:
            canvas = read_canvas(self.path)
        except BaseException:
            self.close()
            raise
        self._writable = True
        return canvas

    def create(self, canvas: Canvas) -> None:
        """Lock a new file and write `canvas` to it; an existing file is never replaced."""
        self._acquire()
        if self.path.exists():
            self.close()
            raise CanvasError(self.path, _("a file with this name already exists"))
        self._writable = True
        try:
            self.save(canvas)
        except BaseException:
            self.close()
            raise

    def save(self, canvas: Canvas) -> None:
        """Serialise first, then write atomically; errors say what went wrong."""
        self.write(canvas_to_text(canvas).encode("utf-8"))

    def write(self, data: bytes) -> None:
        """Write already-serialised canvas bytes atomically (the autosave thread uses this)."""
        if not self._writable:
            raise CanvasError(self.path, _("this canvas was not opened for writing"))
        try:
            write_atomic(self.path, data)
        except PermissionError:
            raise CanvasError(
                self.path, _("permission denied: cannot save into this folder")
            ) from None
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise CanvasError(self.path, _("the disk is full: free some space, "
                                               "your work is still in the app")) from None
            raise CanvasError(self.path, _("cannot save: {reason}").format(
                reason=exc.strerror or exc)) from None

    def close(self) -> None:
        """Release the lock (the lock file may stay; it holds nothing once released)."""
        self._writable = False
        if self._lock.is_locked:
            self._lock.release(force=True)

    def __enter__(self) -> CanvasStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
