"""Parse one lesson file: TOML front matter, then Markdown split into segments.

The body is tokenised with markdown-it-py (raw HTML off). Top-level fences named `case`,
`exercise` and `facilitator` become their own segments; everything between them stays
Markdown prose, kept as source text so the screen renders it exactly once.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from canvas_tutor.course.exercises import Context, parse_exercise
from canvas_tutor.course.faults import FILE_NAME, ID_PATTERN, Fault, Source, read_text
from canvas_tutor.course.model import Lesson, Segment
from canvas_tutor.i18n import _
from canvas_tutor.text import strip_controls

SPECIAL = ("case", "exercise", "facilitator")
SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.I)
_FRONT = {"id", "title", "minutes", "objectives"}
_FRONT_OPTIONAL = {"block", "glossary", "translates"}


def markdown_parser() -> MarkdownIt:
    """The one Markdown dialect of course packs: CommonMark plus tables, raw HTML off."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


# Splitting a lesson needs only the block structure (where the fences are); inline parsing
# is left to the widget that renders the prose, which halves the cost of loading a course.
_BLOCKS = markdown_parser().disable("inline")
# The check sees what an author wrote: raw HTML as HTML, and every link, even those the
# renderer silently drops (file:, javascript:), so that check can say why they won't open.
_SNIFFER = MarkdownIt("commonmark", {"html": True}).enable("table")
_SNIFFER.validateLink = lambda url: True  # type: ignore[method-assign]


def parse_lesson(path: Path, faults: list[Fault], context: Context | None = None, *,
                 prose_checks: bool = True) -> Lesson | None:
    """Read and parse a lesson file; faults are appended, None if it is unusable.

    The context (the canvas's blocks and vocabularies, when canvas.toml loaded) lets
    `block`, `saves_to` and `vocabulary` be checked here, where the line of each key is
    known.
    """
    context = context or Context()
    block_ids = context.block_ids
    text = read_text(path, faults)
    if text is None:
        return None
    lines = strip_controls(text).splitlines()  # course text is data, never control codes
    if not lines or lines[0].strip() != "+++":
        faults.append(Fault(path, 1, _("a lesson must start with TOML front matter between "
                                       "'+++' lines")))
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    except StopIteration:
        faults.append(Fault(path, 1, _("front matter is not closed with a '+++' line")))
        return None
    front = Source(path, "\n".join(lines[1:end]), faults, first_line=2)
    meta = front.parse()
    if meta is None:
        return None
    front.keys(meta, "", _FRONT, _FRONT_OPTIONAL, _("front matter"))
    lesson_id = front.ident(meta, "id", "id")
    title = front.string(meta, "title", "title")
    block = front.string(meta, "block", "block") if "block" in meta else ""
    if block and block_ids is not None and block not in block_ids:
        front.fault("block", _("block '{block}' is not a block of canvas.toml").format(
                                 block=block))
    named = FILE_NAME.fullmatch(path.name)
    if lesson_id and named and named.group(2) != lesson_id:
        front.fault("id", _("front matter id '{lesson_id}' does not match the file name "
                            "('{name}')").format(lesson_id=lesson_id, name=named.group(2)))
    minutes = front.integer(meta, "minutes", "minutes", 1, 120)
    objectives = front.strings(meta, "objectives", "objectives")
    if "objectives" in meta and not 1 <= len(objectives) <= 6:
        front.fault("objectives", _("give between one and six objectives"))
    glossary = front.strings(meta, "glossary", "glossary")
    for term in glossary:
        if not ID_PATTERN.fullmatch(term):
            front.fault("glossary", _("glossary term {term!r} is not a valid id").format(
                                        term=term))
    segments = split_body(path, lines, end + 1, faults, context, prose_checks=prose_checks)
    if not lesson_id:
        return None
    return Lesson(id=lesson_id, title=title, minutes=minutes, objectives=tuple(objectives),
                  segments=tuple(segments), path=path, block=block,
                  glossary=tuple(t for t in glossary if ID_PATTERN.fullmatch(t)),
                  glossary_line=front.line("glossary") if "glossary" in meta else 0,
                  translates=front.string(meta, "translates", "translates")
                  if "translates" in meta else "")


def split_body(path: Path, lines: list[str], start: int, faults: list[Fault],
               context: Context | None = None, *,
               prose_checks: bool = True) -> list[Segment]:
    """Split the Markdown body (from 0-based line `start`) into ordered segments.

    `prose_checks` (links and raw HTML) is what `check` adds; the app skips it because
    the renderer neutralises both anyway.
    """
    body = "\n".join(lines[start:])
    tokens = _BLOCKS.parse(body)
    if prose_checks:
        _check_prose(path, _SNIFFER.parse(body), start, faults)
    segments: list[Segment] = []
    cursor = 0  # next body line not yet in a segment
    body_lines = body.split("\n")

    def prose_until(stop: int) -> None:
        chunk = "\n".join(body_lines[cursor:stop])
        if chunk.strip():
            blank = len(chunk) - len(chunk.lstrip("\n"))  # the line of its first text
            segments.append(Segment("prose", chunk.strip("\n"), start + cursor + blank + 1))

    for tok in tokens:
        info = tok.info.strip().split(" ")[0] if tok.type == "fence" else ""
        if tok.level != 0 or info not in SPECIAL or tok.map is None:
            continue
        first, last = tok.map
        prose_until(first)
        cursor = last
        line = start + first + 1
        content = tok.content.rstrip("\n")
        if info == "exercise":
            exercise = parse_exercise(Source(path, content, faults, first_line=line + 1),
                                      context)
            if exercise is not None:
                segments.append(Segment("exercise", content, line, exercise))
        elif not content.strip():
            faults.append(Fault(path, line, _("empty ```{info} block").format(info=info)))
        else:
            segments.append(Segment("case" if info == "case" else "facilitator", content, line))
    prose_until(len(body_lines))
    return segments


def _check_prose(path: Path, tokens: list[Token], start: int, faults: list[Fault]) -> None:
    """Flag links that could open local files, and raw HTML (shown as text, not rendered)."""
    for tok in tokens:
        line = start + (tok.map[0] if tok.map else 0) + 1
        for child in tok.children or ():
            if child.type in ("link_open", "image"):
                target = str(child.attrGet("href") or child.attrGet("src") or "")
                if not SAFE_LINK.match(target):
                    faults.append(Fault(path, line, _("link to {target!r} will not open: "
                                                      "only http, https and mailto links "
                                                      "are allowed").format(target=target)))
        if tok.type == "html_block" or any(c.type == "html_inline" for c in tok.children or ()):
            faults.append(Fault(path, line, _("raw HTML is not rendered and would show as "
                                              "text: use Markdown instead")))

