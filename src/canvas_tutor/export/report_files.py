"""Find the canvas files a class report reads, safely and in a stable order.

A trainer points the report at folders full of collected files. The walk never follows a
symbolic link to a folder (so a link loop cannot make it run forever), reads each file
once even when two paths reach it, and sorts names so that two runs give the same report.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from canvas_tutor.canvas import SUFFIX
from canvas_tutor.i18n import _
from canvas_tutor.text import visible


def display_path(path: Path | str) -> str:
    """A path as printable text: bytes that are not UTF-8 become U+FFFD, never a crash.

    A control character in a file name (a classmate can name a file anything) is shown
    as `\\x1b` and the like, so no report, terminal or spreadsheet ever obeys it.
    """
    return visible(str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def _walk(folder: str) -> Iterator[str]:
    """Every `*.canvas.toml` under a folder, depth first, without entering linked folders."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as entries:
                found = list(entries)
        except OSError:
            continue
        subfolders = []
        for entry in found:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                subfolders.append(entry.path)
            elif entry.name.endswith(SUFFIX):
                yield entry.path
        stack.extend(sorted(subfolders, reverse=True))


def find_canvases(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files to read (sorted per argument) and the arguments that could not be used."""
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for arg in paths:
        arg = Path(arg)
        if arg.is_dir():
            found = sorted(_walk(str(arg)))
        elif arg.exists() or arg.is_symlink():
            found = [str(arg)]
        else:
            problems.append((arg, _("no such file or folder")))
            continue
        for name in found:
            if name not in seen:
                seen.add(name)
                files.append(Path(name))
    return files, problems


def regular_file_problem(path: Path, seen: set[tuple[int, int]]) -> str | None:
    """Why a path must not be read (a device, a pipe, a file already read), or None.

    Reading a FIFO or /dev/zero behind a link named `x.canvas.toml` would hang the report,
    so only regular files are read; (device, inode) catches one file reached twice.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return _("no such file (a broken link, or it was removed)")
    except OSError as exc:
        return _("cannot read the file: {reason}").format(reason=exc.strerror or exc)
    if stat.S_ISDIR(info.st_mode):
        return _("this is a folder, not a canvas file")
    if not stat.S_ISREG(info.st_mode):
        return _("not a regular file (a device, pipe or socket)")
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return _("the same file was already read through another path")
    seen.add(key)
    return None
