"""Read a file only if it is a regular file of a sane size, checked on the opened file.

A FIFO named `x.canvas.toml` would block `open()` forever, and a link to `/dev/zero` would
be read until memory runs out. So the path is opened without blocking (O_NONBLOCK: a FIFO
opens at once, with no writer), the opened descriptor is checked with `fstat` (what was
opened, not what the name pointed to a moment earlier), and reading stops one byte past
the limit, whatever the size said.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
          | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def N_(message: str) -> str:
    """Mark a message for the catalogue; it is translated where it is shown."""
    return message


class NotRegularFile(Exception):
    """The path is a folder, a device, a pipe or a socket; `what` says which, in words
    (an English msgid: show it with `_()`)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class FileTooLarge(Exception):
    """The file is larger than the reader accepts."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size:,} bytes; at most {limit:,}")
        self.size, self.limit = size, limit


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return N_("a folder")
    if stat.S_ISFIFO(mode):
        return N_("a pipe (FIFO)")
    if stat.S_ISSOCK(mode):
        return N_("a socket")
    return N_("a device")


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Raises NotRegularFile, FileTooLarge, or the OSError of opening or reading it.
    """
    before = os.stat(path)  # a device is never even opened (opening one can act)
    what = _kind(before.st_mode)
    if what is not None:
        raise NotRegularFile(what)
    fd = os.open(path, _FLAGS)
    try:
        info = os.fstat(fd)
        what = _kind(info.st_mode)
        if what is not None:  # swapped between the stat and the open
            raise NotRegularFile(what)
        if info.st_size > limit:
            raise FileTooLarge(info.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew while being read
            raise FileTooLarge(total, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)
