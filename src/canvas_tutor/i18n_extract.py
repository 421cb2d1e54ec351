"""A Babel extractor that reads Python's syntax tree, so `_()` inside an f-string counts.

Babel's own Python extractor reads tokens: on Python 3.11 an f-string is one token, and
`f"<h2>{_('Lesson')}</h2>"` hides its message from `pybabel extract`; the message
would then stay English in every language. This one walks the AST instead, and finds
every call to a keyword function wherever it is written. babel.cfg names it; the tests
extract with it too. It imports nothing from canvas-tutor, so pybabel can load it alone.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

Extracted = tuple[int, str, str | tuple[str | None, ...] | None, list[str]]


def _comments(lines: list[str], lineno: int, tags: Collection[str]) -> list[str]:
    """Translator comments (`# TRANSLATORS: ...`) on the lines just above a call."""
    found: list[str] = []
    index = lineno - 2
    while index >= 0 and lines[index].strip().startswith("#"):
        text = lines[index].strip().lstrip("#").strip()
        if any(text.startswith(tag) for tag in tags):
            found.insert(0, text)
        index -= 1
    return found


def extract(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
            options: Mapping[str, Any]) -> Iterator[Extracted]:
    """Yield (line, function, arguments, comments) for every keyword call in the file.

    Arguments are given as Babel expects them: a string per literal argument, None for
    any other; Babel picks the message (and plural, context) by the keyword's spec.
    """
    source = fileobj.read().decode(str(options.get("encoding", "utf-8")))
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    lines = source.splitlines()
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Name) and node.func.id in keywords]
    for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset)):
        assert isinstance(call.func, ast.Name)
        args = tuple(a.value if isinstance(a, ast.Constant) and isinstance(a.value, str)
                     else None for a in call.args)
        if not args or all(a is None for a in args):
            continue
        message: str | tuple[str | None, ...] | None = args[0] if len(args) == 1 else args
        yield call.lineno, call.func.id, message, _comments(lines, call.lineno, comment_tags)
