"""Text hygiene shared by every layer: learner and course text is data, never control codes."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls (ESC is C0 \x1b).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """Remove control characters but keep tab and newline, as DESIGN.md asks.

    A carriage return from a Windows paste becomes a plain newline first, so
    "a\\r\\nb" keeps its line break instead of gluing the lines together.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """Strip controls and fold newlines and tabs into spaces (titles, names, file names)."""
    return " ".join(strip_controls(text).split())
