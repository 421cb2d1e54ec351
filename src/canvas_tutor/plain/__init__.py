"""Plain mode: the course as a linear conversation, for screen readers, braille and pipes.

No Textual here: it runs on the headless core (course, canvas, export) alone, so it works
wherever a full-screen app cannot, and reads and writes the same canvas files.
"""

from __future__ import annotations

import os
from typing import TextIO

_YES = {"1", "true", "yes", "on"}
_NO = {"0", "false", "no", "off"}


def _tty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def wanted(asked: bool, *, served: bool = False, stdin: TextIO | None = None,
           stdout: TextIO | None = None) -> bool:
    """Whether `canvas-tutor` should run in plain mode rather than full screen.

    Asked for (`--plain`), set in the environment (`CANVAS_TUTOR_PLAIN=1`; `=0` keeps the
    full screen whatever the terminal), or needed: standard input or output is not a
    terminal (a pipe, a file, a screen reader's own console) or `TERM=dumb`. A session
    served to a browser is never switched: there the pipes belong to textual-serve.
    """
    if asked:
        return True
    if served or os.environ.get("TEXTUAL_DRIVER"):
        return False
    setting = os.environ.get("CANVAS_TUTOR_PLAIN", "").strip().casefold()
    if setting in _YES:
        return True
    if setting in _NO:
        return False
    if os.environ.get("TERM", "").strip() == "dumb":
        return True
    import sys

    return not (_tty(stdin or sys.stdin) and _tty(stdout or sys.stdout))
