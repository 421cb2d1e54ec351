"""`canvas-tutor report DIR --watch -o report.html`: the class report, kept up to date.

During a class the trainer keeps the report open in a browser tab: the folder is looked
at every second, and once its canvases have stopped changing for a moment (a learner's
autosave comes in bursts) the report is written again, atomically, so the browser never
reads half a file. An HTML report written this way reloads itself every few seconds; a
report written without --watch never does.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from canvas_tutor.canvas import SUFFIX
from canvas_tutor.course.model import Course
from canvas_tutor.errors import UserError
from canvas_tutor.i18n import _

POLL = 1.0  # seconds between looks at the folder
SETTLE = 1.5  # seconds without a change before the report is written again
RELOAD = 5  # seconds between reloads of the open HTML page

Signature = tuple[tuple[str, int, int], ...]


def signature(paths: list[Path]) -> Signature:
    """What changes when a canvas is saved, added or removed: names, sizes, times."""
    seen: list[tuple[str, int, int]] = []
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob(f"*{SUFFIX}"))
        for path in files:
            try:
                info = path.stat()
            except OSError:
                continue
            seen.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(seen)


def render_report(paths: list[Path], fmt: str, course: Course) -> str:
    """The report in its format (from the one registry); an HTML one reloads itself."""
    from canvas_tutor.export import formats
    from canvas_tutor.export.report import collect, report_html

    report = collect(paths, course)
    if fmt == "html":
        return report_html(report, reload_every=RELOAD)
    text: str = formats.get("report", fmt).render()(report)
    return text


def watch(paths: list[Path], write: Callable[[], None], *, rounds: int | None = None,
          poll: float = POLL, settle: float = SETTLE,
          clock: Callable[[], float] = time.monotonic,
          sleep: Callable[[float], None] = time.sleep) -> int:
    """Call `write()` now and after every settled change; stop after `rounds` looks
    (None: until interrupted). Returns how many times it wrote."""
    write()
    written = 1
    last = signature(paths)
    changed_at: float | None = None
    looks = 0
    while rounds is None or looks < rounds:
        sleep(poll)
        looks += 1
        now = signature(paths)
        if now != last:
            last, changed_at = now, clock()
            continue
        if changed_at is not None and clock() - changed_at >= settle:
            changed_at = None
            write()
            written += 1
    return written


def watch_command(paths: list[Path], fmt: str, out: Path | None, course_dir: Path | None,
                  *, force: bool = False, language: str | None = None,
                  rounds: int | None = None) -> int:
    """Write the report to OUT, then again whenever the canvases change; Ctrl+C stops."""
    from canvas_tutor.course.load import load_course
    from canvas_tutor.export.output import write_export

    if out is None:
        raise UserError(_("--watch rewrites a file: name it with -o, e.g. -o report.html"))
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UserError(_("{path}: no such file or folder").format(path=missing[0]))
    course = load_course(course_dir, language)
    first = True

    def write() -> None:
        nonlocal first
        text = render_report(paths, fmt, course)
        written = write_export(out, text, fmt, force=force or not first)
        wrote = _("wrote {path}").format(path=written)
        if first and fmt == "html":
            wrote += " " + _("(open it in a browser: it reloads itself)")
        print(f"{time.strftime('%H:%M:%S')} {wrote}", file=sys.stderr, flush=True)
        first = False

    print(_("Watching {paths}; Ctrl+C stops.").format(paths=", ".join(str(p) for p in paths)),
          file=sys.stderr)
    try:
        watch(paths, write, rounds=rounds)
    except KeyboardInterrupt:
        print(_("stopped watching"), file=sys.stderr)
    return 0
