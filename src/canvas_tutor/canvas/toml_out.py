"""A small, fast TOML writer for canvas files.

tomli-w is general and careful, and took half of every autosave. A canvas is plain data
(tables of strings, lists and dates), so this writer emits it directly: tables as
`[a.b]` headers, long or multi-line text as readable `\"\"\"` strings, and anything else
(lists of tables in unknown keys, say) as inline values. The property tests check that
tomllib reads back exactly what was written.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from typing import Any

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_ML_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x08\x0b-\x1f\x7f]')


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


_LITERAL_OK = re.compile(r"^[^'\x00-\x08\x0a-\x1f\x7f]*$")
_ML_LITERAL_OK = re.compile(r"^[^'\x00-\x08\x0b-\x1f\x7f]*$")


def _string(text: str) -> str:
    """Literal strings where the text allows (no escapes: faster to read back, and a
    learner's quotes and backslashes stay as typed in the file); basic ones otherwise."""
    if "\n" in text:
        if _ML_LITERAL_OK.fullmatch(text):
            return "'''\n" + text + "'''"
        # Multi-line basic string: newlines stay readable; quotes and controls escaped.
        return '"""\n' + _ML_NEEDS_ESCAPE.sub(_escape_char, text) + '"""'
    if (len(text) > 40 or '"' in text or "\\" in text) and _LITERAL_OK.fullmatch(text):
        return "'" + text + "'"  # long text reads back fastest as a literal string
    return _one_line(text)


def _one_line(text: str) -> str:
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, text) + '"'


def _key(key: str) -> str:
    return key if _BARE.fullmatch(key) else _one_line(key)


def _inline(value: Any) -> str:
    """A value written on one line (inside arrays and inline tables)."""
    if isinstance(value, str):
        return _one_line(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return _scalar(value)


def _scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() is not None \
                and not value.utcoffset():
            return value.replace(tzinfo=None).isoformat() + "Z"
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _value(value: Any) -> str:
    """A value after `key = `: lists of strings one item per line, for clean diffs."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "[\n" + "".join(f"    {_inline(v)},\n" for v in value) + "]"
    if isinstance(value, list | dict):
        return _inline(value)
    return _scalar(value)


def _table(lines: list[str], path: list[str], table: dict[str, Any]) -> None:
    subtables = []
    body = []
    for key, value in table.items():
        if isinstance(value, dict) and not _is_inline(value):
            subtables.append((key, value))
        else:
            body.append(f"{_key(key)} = {_value(value)}")
    if path and (body or not subtables):
        if lines:
            lines.append("")
        lines.append("[" + ".".join(_key(p) for p in path) + "]")
    lines.extend(body)
    for key, value in subtables:
        _table(lines, [*path, key], value)


def _is_inline(value: dict[str, Any]) -> bool:
    """Empty tables are written inline (`x = {}`) so they survive a round trip."""
    return not value


def dumps(data: dict[str, Any]) -> str:
    """Serialise a dict of TOML-compatible values."""
    lines: list[str] = []
    _table(lines, [], data)
    return "\n".join(lines) + "\n"
