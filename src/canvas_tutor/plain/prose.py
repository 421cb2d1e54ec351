"""Course Markdown as plain paragraphs: what a screen reader or a braille line should get.

Markup characters are noise when read aloud ("star star community star star"), so
emphasis marks go, a list item starts with a bullet, a link keeps its address in
brackets, a table row names its columns. Lines are not wrapped: the terminal, the
screen reader and the braille display each wrap to their own width.
"""

from __future__ import annotations

from markdown_it.token import Token

from canvas_tutor.course.lessons import markdown_parser
from canvas_tutor.i18n import _, ngettext

_PARSER = markdown_parser()
BULLET = "•"
_ENDS = frozenset(".!?:;…。！？")
_CLOSING = "\"'”’»)]"


def full_stop(text: str) -> str:
    """A list line that ends as a sentence does, so that speech pauses after it.

    A speech synthesiser reads lines without a full stop as one sentence ("1. Welcome:
    to do 2. The canvas: to do" is heard "to do two"), and a bullet (•) or a number is
    not a pause; a full stop is. A line that already ends in a stop, a question or
    exclamation mark, a colon or a semicolon (before any closing quote or bracket) is
    left as it is.
    """
    end = text.rstrip().rstrip(_CLOSING)
    if not end or end[-1] in _ENDS:
        return text
    return text.rstrip() + "."


def paragraphs(markdown: str) -> list[str]:
    """The passages of a piece of course Markdown, in order, as plain text.

    A heading is kept with the passage after it, so a reader pausing after each passage
    never stops on a heading alone.
    """
    parts, heading = passages(markdown)
    return [*parts, heading] if heading else parts


def passages(markdown: str) -> tuple[list[str], str]:
    """The passages, and a heading with nothing after it (or ""): a lesson's heading
    before a case panel or an exercise belongs to what comes next, not alone."""
    tokens = _PARSER.parse(markdown)
    out: list[str] = []
    heading: str | None = None
    index = 0
    while index < len(tokens):
        text, index, is_heading = _block(tokens, index)
        if text is None:
            continue
        if is_heading:
            if heading is not None:
                out.append(heading)
            heading = text
            continue
        # A blank line after a heading: a speech synthesiser pauses there, as after a
        # sentence (a heading has no full stop to pause at).
        out.append(f"{heading}\n\n{text}" if heading is not None else text)
        heading = None
    return [p for p in out if p.strip()], (heading or "").strip()


def _block(tokens: list[Token], index: int) -> tuple[str | None, int, bool]:
    """One top-level block from `index`: its text, where the next one starts, heading?"""
    tok = tokens[index]
    if tok.type == "heading_open":
        return _inline(tokens[index + 1]), index + 3, True
    if tok.type == "paragraph_open":
        return _inline(tokens[index + 1]), index + 3, False
    if tok.type in ("fence", "code_block"):
        lines = tok.content.rstrip("\n").split("\n")
        code = "\n".join("    " + line for line in lines)
        # Said before and after: a drawing made of characters (the canvas's layout in
        # lesson 2) is read aloud as "plus plus plus, key, key": a learner who hears
        # what is coming can go past it with Enter.
        head = ngettext("Preformatted text, {n} line (a drawing or a listing), as it is "
                        "written:", "Preformatted text, {n} lines (a drawing or a "
                        "listing), as it is written:", len(lines)).format(n=len(lines))
        return f"{head}\n{code}\n{_('End of the preformatted text.')}", index + 1, False
    if tok.type in ("bullet_list_open", "ordered_list_open"):
        end = _closing(tokens, index)
        return "\n".join(_list_items(tokens[index + 1:end], tok.type == "ordered_list_open",
                                     int(tok.attrGet("start") or 1))), end + 1, False
    if tok.type == "blockquote_open":
        end = _closing(tokens, index)
        inner = _texts(tokens[index + 1:end])
        return "\n".join("  " + line for line in "\n".join(inner).split("\n")), end + 1, False
    if tok.type == "table_open":
        end = _closing(tokens, index)
        return _table(tokens[index + 1:end]), end + 1, False
    if tok.type == "html_block":  # raw HTML is off, but keep any such text as text
        return tok.content.strip(), index + 1, False
    return None, index + 1, False


def _closing(tokens: list[Token], index: int) -> int:
    """Index of the token that closes the one at `index`."""
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


def _texts(tokens: list[Token]) -> list[str]:
    """Every block in a run of tokens, as text."""
    texts: list[str] = []
    index = 0
    while index < len(tokens):
        text, index, _heading = _block(tokens, index)
        if text is not None:
            texts.append(text)
    return texts


def _list_items(tokens: list[Token], ordered: bool, start: int) -> list[str]:
    items: list[str] = []
    index = 0
    number = start
    while index < len(tokens):
        if tokens[index].type == "list_item_open":
            end = index + _closing(tokens[index:], 0)
            body = "\n".join(_texts(tokens[index + 1:end]))
            mark = f"{number}." if ordered else BULLET
            lines = body.split("\n")
            lines[-1] = full_stop(lines[-1])
            items.append("\n".join([f"{mark} {lines[0]}", *("  " + x for x in lines[1:])]))
            number += 1
            index = end + 1
        else:
            index += 1
    return items


def _table(tokens: list[Token]) -> str:
    """Each row as "header: cell; header: cell", so a row makes sense read alone."""
    rows: list[list[str]] = []
    for tok in tokens:
        if tok.type == "tr_open":
            rows.append([])
        elif tok.type == "inline" and rows:
            rows[-1].append(_inline(tok))
    if not rows:
        return ""
    head, body = rows[0], rows[1:]
    if not body:
        return "; ".join(head)
    return "\n".join(full_stop("; ".join(f"{h}: {c}" if h else c
                                         for h, c in zip(head, row, strict=False)))
                     for row in body)


def _inline(tok: Token) -> str:
    """Inline Markdown as text: marks dropped, a link's address kept after its words."""
    parts: list[str] = []
    href: list[str] = []
    for child in tok.children or ():
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "link_open":
            href.append(str(child.attrGet("href") or ""))
            parts.append("")
        elif kind == "link_close":
            target = href.pop() if href else ""
            if target and target not in parts[-1:]:
                parts.append(f" ({target})")
        elif kind == "image":
            parts.append(child.content or "")
    return "".join(parts).strip()
