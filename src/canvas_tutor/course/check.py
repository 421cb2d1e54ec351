"""`canvas-tutor check`: validate a pack, print every fault, optionally again on each save."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from canvas_tutor.course.faults import Fault
from canvas_tutor.course.loader import inspect_pack
from canvas_tutor.course.location import builtin_root
from canvas_tutor.i18n import _, format_time, ngettext
from canvas_tutor.text import visible


def check_once(root: Path) -> int:
    """Check the pack in every language it lists; print every fault as `file:line: message`
    (each once), outdated translations as warnings, and a line per language that passes.
    Returns the exit code: 1 when any language has a fault."""
    course, faults = inspect_pack(root)
    shown: set[Fault] = set()

    def report(found: list[Fault]) -> None:
        for fault in found:
            if fault not in shown:
                shown.add(fault)
                print(visible(fault))

    report(faults)
    if faults or course is None:
        print(ngettext("{n} fault in {pack}", "{n} faults in {pack}", len(faults)).format(
            n=len(faults), pack=visible(root)), file=sys.stderr)
        return 1
    status = 0
    exercises = sum(len(lesson.exercises) for lesson in course.lessons)
    minutes = sum(lesson.minutes for lesson in course.lessons)
    counts = ", ".join((
        ngettext("{n} lesson", "{n} lessons", len(course.lessons)).format(n=len(course.lessons)),
        ngettext("{n} exercise", "{n} exercises", exercises).format(n=exercises),
        ngettext("about {n} minute", "about {n} minutes", minutes).format(n=minutes),
        ngettext("{n} block", "{n} blocks", len(course.canvas.blocks)).format(
            n=len(course.canvas.blocks))))
    print(_("ok: '{title}' {version}: {counts}").format(
        title=visible(course.title), version=visible(course.version), counts=counts))
    for language in course.languages[1:]:
        warnings: list[Fault] = []
        translated, found = inspect_pack(root, language, warnings=warnings)
        report(found)
        report(warnings)
        if found or translated is None:
            print(ngettext("{n} fault in the '{language}' edition of {pack}",
                           "{n} faults in the '{language}' edition of {pack}", len(found))
                  .format(n=len(found), language=visible(language), pack=visible(root)),
                  file=sys.stderr)
            status = 1
            continue
        note = ngettext(", {n} warning", ", {n} warnings", len(warnings)).format(
            n=len(warnings)) if warnings else ""
        print(_("ok [{language}]: '{title}': {lessons}{note}").format(
            language=visible(language), title=visible(translated.title),
            lessons=ngettext("{n} lesson", "{n} lessons", len(translated.lessons)).format(
                n=len(translated.lessons)), note=note))
    return status


def _snapshot(root: Path) -> dict[Path, tuple[float, int]]:
    """Modification times of the pack's files, to notice a save."""
    state: dict[Path, tuple[float, int]] = {}
    for folder in (root / "course", root / "lessons"):
        if folder.is_dir():
            for path in folder.rglob("*"):
                try:
                    st = path.stat()
                except OSError:
                    continue
                state[path] = (st.st_mtime, st.st_size)
    return state


def check_command(root: Path | None, *, watch: bool = False, interval: float = 0.5,
                  rounds: int | None = None) -> int:
    """Check once, or keep checking whenever a file of the pack changes (Ctrl+C stops)."""
    root = root or builtin_root()
    if not root.exists():
        print(_("canvas-tutor: error: {reason}").format(
            reason=_("{path}: no such folder").format(path=visible(root))), file=sys.stderr)
        return 1
    status = check_once(root)
    if not watch:
        return status
    print(_("watching {pack} for changes (Ctrl+C to stop)").format(pack=visible(root)),
          file=sys.stderr)
    seen = _snapshot(root)
    done = 0
    try:
        while rounds is None or done < rounds:
            time.sleep(interval)
            now = _snapshot(root)
            if now != seen:
                seen = now
                done += 1
                print("--- " + _("{time} change seen, checking again").format(
                    time=format_time(datetime.now().astimezone())), flush=True)
                status = check_once(root)
                sys.stdout.flush()
    except KeyboardInterrupt:
        pass
    return status
