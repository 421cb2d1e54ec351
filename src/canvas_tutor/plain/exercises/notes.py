"""`notes` in plain mode: sticky notes one per line; edit N and delete N change them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from canvas_tutor.course.model import Exercise
from canvas_tutor.i18n import _, ngettext
from canvas_tutor.plain.exercises import numbered

if TYPE_CHECKING:
    from canvas_tutor.plain.tutor import PlainTutor


_NOTE_ACTION = re.compile(r"^\s*(edit|e|delete|d)\s+(\d+)\s*$", re.IGNORECASE)


def ask(tutor: PlainTutor, ex: Exercise) -> None:
    """Sticky notes, one per line; "edit N" and "delete N" change the ones there are."""
    out, canvas = tutor.console, tutor.canvas
    out.say(_("Question: {prompt}").format(prompt=ex.prompt))
    work = canvas.blocks.get(ex.saves_to)
    current = list(work.notes) if work else []
    if current:
        out.say(_("Your notes so far:"))
        for line in numbered(current):
            out.say(line)
    out.say(_("Type one note per line. An empty line ends. To change a note type edit and "
              "its number (edit 2); to remove one, delete and its number (delete 2)."))
    while True:
        line = tutor.prompt(_("Note {n}: ").format(n=len(current) + 1))
        if not line.strip():
            break
        action = _NOTE_ACTION.match(line)
        if action is None:
            current.append(line)
            tutor.set_notes(ex, current)
            continue
        index = int(action.group(2)) - 1
        if not 0 <= index < len(current):
            out.say(ngettext("There is no note {n}: you have {count} note.",
                             "There is no note {n}: you have {count} notes.",
                             len(current)).format(n=index + 1, count=len(current)))
            continue
        if action.group(1).lower().startswith("d"):
            removed = current.pop(index)
            tutor.set_notes(ex, current)
            out.say(_("Removed note {n}: {text}").format(n=index + 1, text=removed))
        else:
            out.say(_("Note {n} is: {text}").format(n=index + 1, text=current[index]))
            text = out.ask(_("New text for note {n} (Enter keeps it): ").format(n=index + 1))
            if text.strip():
                current[index] = text
                tutor.set_notes(ex, current)
                out.say(_("Changed note {n}.").format(n=index + 1))
    work = canvas.blocks.get(ex.saves_to)
    kept = len(work.notes) if work else 0
    out.say(ngettext("This block has {n} note.", "This block has {n} notes.", kept).format(n=kept))
