"""`canvas-tutor check`: validate a pack, print every fault, optionally again on each save."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from canvas_tutor.course.loader import inspect_pack
from canvas_tutor.course.location import builtin_root


def check_once(root: Path) -> int:
    """Print every fault as `file:line: message`, or a one-line summary; return the exit code."""
    course, faults = inspect_pack(root)
    for fault in faults:
        print(fault)
    if faults or course is None:
        print(f"{len(faults)} fault(s) in {root}", file=sys.stderr)
        return 1
    exercises = sum(len(lesson.exercises) for lesson in course.lessons)
    minutes = sum(lesson.minutes for lesson in course.lessons)
    print(f"ok: '{course.title}' {course.version}: {len(course.lessons)} lessons, "
          f"{exercises} exercises, about {minutes} minutes, {len(course.canvas.blocks)} blocks")
    return 0


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
        print(f"canvas-tutor: error: {root}: no such folder", file=sys.stderr)
        return 1
    status = check_once(root)
    if not watch:
        return status
    print(f"watching {root} for changes (Ctrl+C to stop)", file=sys.stderr)
    seen = _snapshot(root)
    done = 0
    try:
        while rounds is None or done < rounds:
            time.sleep(interval)
            now = _snapshot(root)
            if now != seen:
                seen = now
                done += 1
                print(f"--- {time.strftime('%H:%M:%S')} change seen, checking again", flush=True)
                status = check_once(root)
                sys.stdout.flush()
    except KeyboardInterrupt:
        pass
    return status
