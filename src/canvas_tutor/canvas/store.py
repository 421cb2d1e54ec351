"""The only code that touches canvas files on disk: load, atomic save, backup and lock.

A save never leaves a half-written canvas: the new text is written to a temporary file in
the same folder, flushed and fsynced, then renamed over the canvas. The previous version is
kept as `NAME.canvas.toml.bak` (a hard link to the old file, so making the backup is itself
atomic). A file that failed to load is never overwritten.

Only regular files are read (see regular.py). A canvas opened through a symlink is read,
saved, backed up and locked at its target, so the link keeps pointing at the real canvas;
a second lock on the file's identity keeps a hard link from opening it twice.
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
from canvas_tutor.regular import FileTooLarge, NotRegularFile, read_regular

MAX_BYTES = 4 * 1024 * 1024


def real_path(path: Path | str) -> Path:
    """The file a canvas name stands for: a symlinked canvas is its target.

    Saving, the backup and the lock all use this, so a save through a link reaches the
    real canvas (the link stays a link) and two names of one file share one lock.
    """
    return Path(os.path.realpath(path))


def backup_path(path: Path) -> Path:
    """Where the previous version of a canvas is kept (next to the real file)."""
    real = real_path(path)
    return real.with_name(real.name + ".bak")


def lock_path(path: Path) -> Path:
    """The lock file that marks a canvas as open in a process (next to the real file)."""
    real = real_path(path)
    return real.with_name(real.name + ".lock")


def identity_lock_path(path: Path) -> Path | None:
    """A lock named after the file's identity (device, inode), for hard links: two names
    of one file in two folders have two `.lock` files but one identity. None if the file
    does not exist (yet)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return _lock_folder() / f"canvas-{info.st_dev:x}-{info.st_ino:x}.lock"


def _lock_folder() -> Path:
    """Where identity locks live: $CANVAS_TUTOR_CACHE_DIR/locks, or the user cache folder.

    Per user (never a shared /tmp, where another user could plant the file first).
    """
    env = os.environ.get("CANVAS_TUTOR_CACHE_DIR")
    if env:
        return Path(env) / "locks"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("canvas-tutor", appauthor=False)) / "locks"


def read_canvas(path: Path, max_bytes: int = MAX_BYTES) -> Canvas:
    """Load a canvas file without locking it (exports, reports, the welcome list)."""
    path = Path(path)
    try:
        data = read_regular(path, max_bytes)
    except NotRegularFile as exc:
        raise CanvasError(path, _("this is {what}, not a canvas file").format(
            what=_(exc.what))) from None
    except FileTooLarge as exc:
        raise CanvasError(
            path, _("the file is too large ({size} bytes; at most {limit})").format(
                size=format_number(exc.size), limit=format_number(max_bytes))) from None
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
    data = read_regular(backup, MAX_BYTES)
    stem = path.name.removesuffix(SUFFIX)
    number = 1
    while True:
        target = path.with_name(f"{stem}-recovered{'' if number == 1 else number}{SUFFIX}")
        try:  # created new (never over a file made meanwhile), private like every canvas
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            number += 1
            continue
        break
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
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

        self.path = Path(path)  # as the learner named it (shown in messages)
        self.target = real_path(self.path)  # what is read, saved, backed up and locked
        self._lock = FileLock(str(lock_path(self.target)), timeout=0, is_singleton=False)
        self._identity: FileLock | None = None
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
        try:
            self._lock_identity()
        except BaseException:
            self.close()
            raise
        clear_stale_temps(self.target)

    def _lock_identity(self) -> None:
        """Also lock the file's (device, inode), so a hard link cannot open it twice."""
        from filelock import FileLock, Timeout

        where = identity_lock_path(self.target)
        if where is None:
            return
        try:
            where.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(where), timeout=0, is_singleton=False)
            lock.acquire()
        except Timeout:
            raise CanvasLocked(
                self.path,
                _("this canvas is already open in another canvas-tutor window under "
                  "another name (a link to the same file); close it there first"),
            ) from None
        except OSError:
            return  # no cache folder to lock in: the lock next to the file still holds
        self._identity = lock

    def open(self) -> Canvas:
        """Lock the file and load it; on any error the lock is released again."""
        self._acquire()
        try:
            canvas = read_canvas(self.target)
        except CanvasError as exc:
            self.close()
            raise CanvasError(self.path, exc.message, exc.line) from None
        except BaseException:
            self.close()
            raise
        self._writable = True
        return canvas

    def create(self, canvas: Canvas) -> None:
        """Lock a new file and write `canvas` to it; an existing file is never replaced."""
        self._acquire()
        if self.path.exists() or self.target.exists():
            self.close()
            raise CanvasError(self.path, _("a file with this name already exists"))
        self._writable = True
        try:
            self.save(canvas)
            self._lock_identity()  # the file exists now
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
            write_atomic(self.target, data)  # through a link, to the real canvas
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
        if self._identity is not None and self._identity.is_locked:
            self._identity.release(force=True)
            with contextlib.suppress(OSError):  # one per inode: do not let them pile up
                os.unlink(self._identity.lock_file)
        self._identity = None
        if self._lock.is_locked:
            self._lock.release(force=True)

    def __enter__(self) -> CanvasStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
