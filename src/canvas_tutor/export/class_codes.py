"""`canvas-tutor class codes DIR`: the return codes of a served class, for the trainer.

A learner who lost their code asks the trainer, who looks up their name here (learners
with the same name are told apart by their business idea and when they last worked).
Names are printed as read, which already removed every control character.
"""

from __future__ import annotations

import sys
from pathlib import Path

from canvas_tutor.canvas.library import find_canvases
from canvas_tutor.errors import UserError
from canvas_tutor.i18n import _
from canvas_tutor.text import one_line


def codes_table(folder: Path, name: str | None = None) -> list[tuple[str, str, str, str, str]]:
    """Rows of (name, venture, code, last change, file), by name; files in error say so."""
    rows = []
    wanted = one_line(name or "").casefold()
    for summary in find_canvases(folder):
        if wanted and wanted not in summary.name.casefold():
            continue
        when = summary.updated.strftime("%Y-%m-%d %H:%M") if summary.updated else ""
        if summary.error:
            rows.append(("?", "", "", "", f"{summary.path.name}: {one_line(summary.error)}"))
            continue
        rows.append((one_line(summary.name) or _("(no name)"), one_line(summary.venture),
                     summary.code or _("(none: made outside a class)"), when,
                     summary.path.name))
    rows.sort(key=lambda r: (r[0].casefold(), r[3]))
    return rows


def codes_command(folder: Path, name: str | None = None) -> int:
    """Print the table; exit 1 when the folder is missing or nothing matched."""
    if not folder.is_dir():
        raise UserError(_("{folder}: no such folder").format(folder=folder))
    rows = codes_table(folder, name)
    if not rows:
        message = (_("No canvas found for a name with '{text}'").format(text=one_line(name))
                   if name else _("No canvas found in {folder}").format(folder=folder))
        print(message, file=sys.stderr)
        return 1
    head = (_("name"), _("business idea"), _("return code"), _("last change"), _("file name"))
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0
