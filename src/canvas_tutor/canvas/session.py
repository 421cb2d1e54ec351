"""An open canvas with debounced autosave, so typing never waits on the disk.

The caller (a screen, on the UI thread) changes the canvas and calls `changed()`. After a
short pause the canvas is serialised on the caller's thread (about a millisecond, so the
model is never read while it changes) and the bytes are written by a background thread.
A failed save is reported through `on_error` and retried on the next change or flush.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path

from canvas_tutor.canvas.codec import canvas_to_text
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import CanvasStore
from canvas_tutor.errors import CanvasError

ErrorHandler = Callable[[CanvasError | None], None]
SaveHook = Callable[[Path, bytes], None]  # (canvas path, the bytes just written)


class CanvasSession:
    """A locked canvas file, its model, and the autosave timer.

    `schedule` runs a callable after a delay on the UI thread (the app supplies its timer);
    without one, saves happen at once, which suits scripts and tests.
    """

    def __init__(self, store: CanvasStore, canvas: Canvas, *,
                 on_error: ErrorHandler | None = None,
                 after_save: SaveHook | None = None) -> None:
        self.store = store
        self.canvas = canvas
        self.on_error = on_error
        self.after_save = after_save  # e.g. a served class's learning records (xAPI)
        self.dirty = False
        self.last_error: CanvasError | None = None
        self._generation = 0
        self._write_lock = threading.Lock()
        self._writer: threading.Thread | None = None

    @property
    def path(self) -> Path:
        return self.store.path

    def changed(self) -> None:
        """Note a change; the caller arranges for `save_soon()` after its debounce delay."""
        self.dirty = True
        self._generation += 1

    def save_soon(self) -> None:
        """Serialise now, write in the background (never blocks the caller on the disk)."""
        if not self.dirty:
            return
        data = canvas_to_text(self.canvas).encode("utf-8")
        generation = self._generation
        self.dirty = False
        writer = threading.Thread(target=self._write, args=(data, generation),
                                  name="canvas-autosave", daemon=True)
        self._writer = writer
        writer.start()

    def _write(self, data: bytes, generation: int) -> None:
        with self._write_lock:
            if generation < self._generation and self.dirty:
                return  # a newer change will be written by a later save
            try:
                self.store.write(data)
            except CanvasError as exc:
                self.dirty = True  # keep it for the retry
                self.last_error = exc
                if self.on_error:
                    self.on_error(exc)
                return
            self._saved(data)
            if self.last_error is not None:
                self.last_error = None
                if self.on_error:
                    self.on_error(None)

    def flush(self) -> None:
        """Save now and wait for it: on leaving a screen and on exit. Raises on failure."""
        writer = self._writer
        if writer is not None:
            writer.join()
        if self.dirty or self.last_error is not None:
            data = canvas_to_text(self.canvas).encode("utf-8")
            with self._write_lock:
                self.store.write(data)
            self.dirty = False
            self.last_error = None
            self._saved(data)

    def _saved(self, data: bytes) -> None:
        """Tell the after-save hook; it must never turn a good save into a failure."""
        if self.after_save is not None:
            with contextlib.suppress(Exception):  # the file is safe; the hook is extra
                self.after_save(self.path, data)

    def close(self) -> None:
        """Save what is left and release the lock."""
        try:
            self.flush()
        finally:
            self.store.close()
