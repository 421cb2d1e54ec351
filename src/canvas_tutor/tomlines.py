"""Find the line a TOML key sits on, so that errors can say `file:line: message`.

tomllib gives values, not positions. Our files are simple (tables, arrays of tables,
plain keys), so a line scan that follows table headers is accurate enough to point an
author or learner at the right place.
"""

from __future__ import annotations

import re

_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


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
            name = ".".join(part.strip().strip("\"'") for part in header.group(2).split("."))
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
            out.setdefault(".".join([*prefix, key.group(1).strip("\"'")]), number)
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
