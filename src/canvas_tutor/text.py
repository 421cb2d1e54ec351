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


def is_clean(text: str) -> bool:
    """True when `strip_controls` would leave the text as it is (a cached course's check)."""
    return _CONTROL.search(text) is None


def one_line(text: str) -> str:
    """Strip controls and fold newlines and tabs into spaces (titles, names, file names)."""
    return " ".join(strip_controls(text).split())


# What must never reach a terminal raw: the controls above, carriage return, and the
# Unicode marks that reorder or break lines (bidi overrides and isolates, line and
# paragraph separators), which can make printed text read differently from what it is.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2028\u2029"
                     "\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    r"""Text safe to print on a terminal: every control character written out visibly.

    ESC becomes the four characters `\x1b`, a CSI (U+009B) `\x9b`, a right-to-left
    override `\u202e`; tab and newline stay. A hostile course or canvas then shows what
    it tried to do instead of moving the cursor, recolouring or retitling the terminal.
    Anything else (a path, an exception) is shown as its str(). Used by every CLI print.
    """
    return _HIDDEN.sub(_shown, str(text))


def clean_data(value: object, *, keys: bool = False) -> object:
    """Every string in parsed TOML data cleaned with `strip_controls`, at any depth.

    A course pack is read once and cleaned here, so no front end ever meets a control
    character from a course author. A pack's keys are left as written (they are ids,
    checked as ids, and `check` must find them on their line; any that reach a message
    are printed with `visible`); `keys=True` cleans them too, for the unknown keys a
    canvas keeps.
    """
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, dict):
        return {(strip_controls(k) if keys else k): clean_data(v, keys=keys)
                for k, v in value.items()}
    if isinstance(value, list):
        return [clean_data(item, keys=keys) for item in value]
    return value
