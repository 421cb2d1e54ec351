"""Faults in a course pack, and the reader that collects them with their file and line.

A course author fixes a pack in one go only if `check` shows every fault at once, so
parsing never stops at the first problem: it records it and carries on where it can.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from canvas_tutor.i18n import _
from canvas_tutor.regular import FileTooLarge, NotRegularFile, read_regular
from canvas_tutor.text import clean_data
from canvas_tutor.tomlines import key_lines, line_for, toml_reason

MAX_FILE_BYTES = 256 * 1024
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
FILE_NAME = re.compile(r"^(\d{1,3})-([a-z][a-z0-9_-]{0,63})\.md$")  # a lesson: NN-<id>.md
_TOML_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class Fault:
    """One problem in a pack: where it is and what is wrong."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def end_line(text: str, message: str) -> int:
    """The line tomllib means by "at end of document": the last one, not the first."""
    if "end of document" in message:
        return max(1, len(text.splitlines()))
    return 1


class Source:
    """A TOML document (a file or a fenced block) with the line it starts on in its file."""

    def __init__(self, path: Path, text: str, faults: list[Fault], first_line: int = 1) -> None:
        self.path = path
        self.text = text
        self.faults = faults
        self.offset = first_line - 1
        self._lines: dict[str, int] | None = None

    def line(self, dotted: str) -> int:
        if self._lines is None:
            self._lines = key_lines(self.text)
        found = line_for(self._lines, dotted) if dotted else None
        return self.offset + (found or 1)

    def value_line(self, dotted: str, value: str, occurrence: int = 1) -> int:
        """The line where a string value of a list is written (e.g. one lesson id).

        `occurrence` picks the n-th time it is written, so a duplicate points at the copy.
        """
        start = self.line(dotted) - self.offset
        needle = f'"{value}"'
        seen = 0
        for number, line in enumerate(self.text.splitlines()[start - 1:], start):
            seen += line.count(needle)
            if seen >= occurrence:
                return self.offset + number
        return self.offset + start

    def fault(self, dotted: str, message: str) -> None:
        self.faults.append(Fault(self.path, self.line(dotted), message))

    def parse(self) -> dict[str, Any] | None:
        """Parse the TOML; on a syntax error record it with its line and return None."""
        try:
            return cast("dict[str, Any]", clean_data(tomllib.loads(self.text)))
        except tomllib.TOMLDecodeError as exc:
            msg = str(exc)
            m = _TOML_LINE.search(msg)
            line = int(m.group(1)) if m else end_line(self.text, msg)
            msg = _TOML_LINE.sub("", msg)
            reason = _("TOML syntax error: {reason}").format(reason=toml_reason(msg))
            self.faults.append(Fault(self.path, self.offset + line, reason))
        except RecursionError:
            self.faults.append(Fault(self.path, self.offset + 1, _("TOML nested too deeply")))
        return None

    # Typed getters: each records a fault and returns a safe default when the value is wrong.

    def keys(self, data: dict[str, Any], dotted: str, required: set[str], optional: set[str],
             what: str) -> None:
        """Report missing and unknown keys of one table."""
        prefix = f"{dotted}." if dotted else ""
        for key in sorted(required - data.keys()):
            self.fault(dotted, _("{what}: missing key '{key}'").format(what=what, key=key))
        for key in data.keys() - required - optional:
            self.fault(prefix + key, _("{what}: unknown key '{key}'").format(
                                         what=what, key=key))

    def string(self, data: dict[str, Any], key: str, dotted: str, *,
               required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fault(dotted, _("'{key}' must be a string").format(key=key))
            return ""
        if required and not value.strip():
            self.fault(dotted, _("'{key}' is empty").format(key=key))
        return value

    def ident(self, data: dict[str, Any], key: str, dotted: str) -> str:
        value = self.string(data, key, dotted)
        if value and not ID_PATTERN.fullmatch(value):
            self.fault(dotted, _("'{key}' = {value!r} is not a valid id (lower-case "
                                 "letters, digits, '-' and '_', starting with a letter; no "
                                 "path characters)").format(key=key, value=value))
            return ""
        return value

    def integer(self, data: dict[str, Any], key: str, dotted: str, low: int, high: int) -> int:
        value = data.get(key)
        if value is None:
            return low
        if not isinstance(value, int) or isinstance(value, bool):
            self.fault(dotted, _("'{key}' must be a whole number").format(key=key))
            return low
        if not low <= value <= high:
            self.fault(dotted, _("'{key}' must be between {low} and {high}, not {value}").format(
                                   key=key, low=low, high=high, value=value))
            return max(low, min(high, value))
        return value

    def boolean(self, data: dict[str, Any], key: str, dotted: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.fault(dotted, _("'{key}' must be true or false").format(key=key))
            return False
        return value

    def strings(self, data: dict[str, Any], key: str, dotted: str) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fault(dotted, _("'{key}' must be a list of strings").format(key=key))
            return []
        return list(value)

    def tables(self, data: dict[str, Any], key: str, dotted: str) -> list[dict[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fault(dotted, _("'{key}' must be an array of tables ([[{key}]])").format(
                                   key=key))
            return []
        return list(value)

    def table(self, data: dict[str, Any], key: str, dotted: str) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.fault(dotted, _("'{key}' must be a table").format(key=key))
            return {}
        return value


def read_text(path: Path, faults: list[Fault], limit: int = MAX_FILE_BYTES) -> str | None:
    """Read a pack file as UTF-8, refusing oversized, unreadable or undecodable files."""
    try:
        data = read_regular(path, limit)
    except FileNotFoundError:
        faults.append(Fault(path, 1, _("missing file")))
        return None
    except NotRegularFile as exc:
        faults.append(Fault(path, 1, _("not a file: this is {what}").format(what=_(exc.what))))
        return None
    except FileTooLarge as exc:
        faults.append(Fault(path, 1, _("file too large ({size:,} bytes; at most "
                                       "{limit:,})").format(size=exc.size, limit=limit)))
        return None
    except OSError as exc:
        faults.append(Fault(path, 1, _("cannot read: {reason}").format(
                                         reason=exc.strerror or exc)))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        faults.append(Fault(path, line, _("not UTF-8 text: save the file as UTF-8")))
        return None
