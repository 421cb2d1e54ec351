"""Find the line a TOML key sits on, so that errors can say `file:line: message`.

tomllib gives values, not positions. Our files are simple (tables, arrays of tables,
plain keys), so a line scan that follows table headers is accurate enough to point an
author or learner at the right place.
"""

from __future__ import annotations

import re

from canvas_tutor.i18n import N_, _

_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def _unquote(part: str) -> str:
    """A key as TOML reads it: a "quoted" key's escapes (\\u001b ...) decoded, so that a
    key the parser reports is found on the line where it is written."""
    part = part.strip()
    if part.startswith('"') and "\\" in part:
        import tomllib

        try:
            return str(tomllib.loads(f"k = {part}")["k"])
        except tomllib.TOMLDecodeError:
            pass
    return part.strip("\"'")


def key_lines(text: str) -> dict[str, int]:
    """Map each dotted key path (arrays of tables indexed: `blocks.0.id`) to its 1-based line."""
    out: dict[str, int] = {}
    prefix: list[str] = []
    counters: dict[str, int] = {}
    in_multiline = False
    for number, line in enumerate(text.splitlines(), 1):
        quotes = line.count('"""') + line.count("'''")
        if in_multiline:
            if quotes % 2 == 1:
                in_multiline = False
            continue
        header = _HEADER.match(line)
        if header and not _KEY.match(line):
            name = ".".join(_unquote(part) for part in header.group(2).split("."))
            if header.group(1) == "[[":
                index = counters.get(name, -1) + 1
                counters[name] = index
                prefix = [*name.split("."), str(index)]
            else:
                prefix = name.split(".")
            out.setdefault(".".join(prefix), number)
            continue
        key = _KEY.match(line)
        if key:
            out.setdefault(".".join([*prefix, _unquote(key.group(1))]), number)
            if quotes % 2 == 1:
                in_multiline = True
    return out


def line_for(lines: dict[str, int], dotted: str) -> int | None:
    """The line of `dotted`, of its first child (`options` -> `options.0`), or of its
    nearest parent that has one.

    An array of tables has no line of its own, only its `[[name]]` headers; pointing at
    the first header beats falling back to the top of the file.
    """
    parts = dotted.split(".")
    while parts:
        key = ".".join(parts)
        found = lines.get(key)
        if found:
            return found
        children = [n for k, n in lines.items() if k.startswith(key + ".")]
        if children:
            return min(children)
        parts.pop()
    return None


_POSITION = re.compile(r"\(at line \d+, column \d+\)")
_TOML_END = "(at end of document)"

# tomllib explains in English: its messages, by how they start, in words for learners.
# A `{key}` in the reason is filled with the key tomllib names (its message has it).
_TOML_REASONS = (
    ("Invalid value", N_("a value is missing or is not valid")),
    ("Invalid statement", N_("a line is neither key = value nor a [table] heading")),
    ("Expected '=' after a key", N_("a key has no '=' after it")),
    ("Unclosed array", N_("a list [ ... ] is not closed")),
    ("Unclosed inline table", N_("a table { ... } is not closed")),
    ("Unterminated string", N_("a text in quotes is not closed")),
    ("Cannot overwrite a value", N_("a key is given twice")),
    ("Cannot declare", N_("the table [{key}] is given twice")),
    ("Cannot redefine namespace", N_("the table [{key}] is given twice")),
    ("Cannot mutate immutable namespace", N_("the key {key} is given twice")),
    ("Duplicate inline table key", N_("the key {key} is given twice")),
    ("Invalid date or datetime", N_("a date or time is not valid")),
    ("Illegal character", N_("a character is not allowed here")),
    ("Found invalid character", N_("a character is not allowed here")),
    ("Expected ']]'", N_("a [[table]] heading is not closed")),
    ("Expected ']'", N_("a [table] heading is not closed")),
    ("Invalid initial character for a key", N_("a key starts with a character keys cannot have")),
    ("Invalid hex value", N_("a backslash escape in a text is not valid")),
    ("Escaped character is not a Unicode", N_("a backslash escape in a text is not valid")),
    ("Unescaped '\\'", N_("a backslash in a text is not an escape")),
    ("Expected", N_("a character is missing here")),
)
_TOML_KEY = re.compile(r"\((.*)\)|'([^']*)'")


def _toml_key(message: str) -> str:
    """The key a tomllib message names: `('a', 'b')` -> a.b, `'b'` -> b."""
    m = _TOML_KEY.search(message)
    if m is None:
        return ""
    if m.group(2) is not None:
        return m.group(2)
    return ".".join(part.strip().strip("'\"") for part in m.group(1).split(",") if part.strip())


def toml_reason(message: str) -> str:
    """tomllib's message in the interface language (its own words if it is a new one)."""
    message = _POSITION.sub("", message).replace(_TOML_END, "").strip()
    for start, reason in _TOML_REASONS:
        if message.startswith(start):
            return _(reason).format(key=_toml_key(message[len(start):]))
    return message
