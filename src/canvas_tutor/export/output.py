"""Write an export to the one file the learner named, and nothing else.

An export must never clobber work: it writes atomically (a temporary file in the same
folder, then a rename), never creates folders, never replaces a file of another type
(a Markdown export must not eat an HTML one) and never a canvas file, unless forced.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from canvas_tutor.atomic import replace_atomically
from canvas_tutor.canvas import SUFFIX
from canvas_tutor.errors import UserError
from canvas_tutor.export.formats import FORMATS, format_of_suffix
from canvas_tutor.i18n import _

# A canvas, its backup and its lock are the learner's work: never an export's target.
_PROTECTED = (SUFFIX, SUFFIX + ".bak", SUFFIX + ".lock")


class ExportError(UserError):
    """An export that cannot be written; the message is one line a learner can act on."""


def default_suffix(fmt: str) -> str:
    """The usual file suffix of a format (".html" for "html"), of any subject."""
    for spec in FORMATS:
        if spec.id == fmt:
            return spec.suffix
    known = ", ".join(dict.fromkeys(spec.id for spec in FORMATS))
    raise ExportError(_("unknown export format '{format}' (use {list})").format(
        format=fmt, list=known))


def _format_of(path: Path) -> str | None:
    return format_of_suffix(path.suffix)


def _check(out: Path, fmt: str, force: bool) -> None:
    default_suffix(fmt)  # validates fmt
    if out.is_dir():
        example = out / ("canvas" + default_suffix(fmt))
        raise ExportError(_("{path} is a folder: give a file name, e.g. {example}").format(
            path=out, example=example))
    folder = out.parent
    if not folder.is_dir():
        raise ExportError(_("the folder {folder} does not exist: create it first").format(
            folder=folder))
    if out.name.lower().endswith(_PROTECTED):
        raise ExportError(_("{path} is the name of a canvas, its backup or its lock: an "
                            "export never writes over a canvas").format(path=out))
    try:
        info = os.lstat(out)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ExportError(_("cannot use {path}: {reason}").format(
            path=out, reason=exc.strerror or exc)) from None
    # A link is replaced, never followed; anything else but a regular file (a device, a
    # pipe, a socket) is refused even with --force: replacing it is never what was meant.
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        raise ExportError(_("{path} exists and is not a regular file (a device, pipe or "
                            "socket): choose another name").format(path=out))
    if force:
        return
    existing = _format_of(out)
    if existing != fmt:
        kind = (_("a {format} file").format(format=existing) if existing
                else _("a file of another type"))
        raise ExportError(_("{path} already exists and is {kind}: choose another name, "
                            "or use --force to replace it").format(path=out, kind=kind))


def write_export(out: Path, data: str | bytes, fmt: str, *, force: bool = False,
                 make_folder: bool = False) -> Path:
    """Write `data` to `out` atomically and return the path written.

    Replacing an existing export of the same format is allowed (re-exporting is the
    normal case); a file of another type needs `force`; a `*.canvas.toml` name is refused
    even with `force`, since losing a canvas is losing the learner's work.
    """
    out = Path(out)
    if make_folder:  # the app's own exports folder, made on first use
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(_("cannot create {folder}: {reason}").format(
                folder=out.parent, reason=exc.strerror or exc)) from None
    _check(out, fmt, force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:  # an export is meant to be shared: readable by others, unlike mkstemp's 0600
        replace_atomically(out, payload, mode=0o644)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise ExportError(_("the disk is full: cannot write {path}").format(path=out)) \
                from None
        raise ExportError(_("cannot write {path}: {reason}").format(
            path=out, reason=exc.strerror or exc)) from None
    return out

