"""The canvas as Markdown: front matter, one `##` section per block, the credit at the foot.

Learner and course text is escaped where, and only where, a sign would change how it
renders, so that whatever was typed renders as that text on a code-hosting site or in a
note app (never as HTML, a link, an image, a heading, a list, a table or code) and still
reads as typed in a text editor: "Canvas: e-bike & co" stays exactly that.
"""

from __future__ import annotations

import re

from canvas_tutor.canvas.codes import code_of
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course
from canvas_tutor.export.common import (
    BlockView,
    block_views,
    credit_of,
    layout_of,
    outcome_views,
    rubric_views,
)
from canvas_tutor.i18n import _, format_date
from canvas_tutor.text import one_line, strip_controls

# Signs that act wherever they stand: a backslash (it escapes the next sign), code spans,
# emphasis with *, strikethrough and fences with ~, link and image brackets, table cells.
_ALWAYS = re.compile(r"[\\`*~\[\]|]")
# A run of _ opens or closes emphasis unless it sits inside a word ("snake_case" is inert).
_UNDERSCORES = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")
# < that could start HTML, a comment or an autolink (a tag, </, <!, <?, <x@y>): anything
# but a space after it. A lone "a < b" stays as typed.
_HTML_START = re.compile(r"<(?=\S)")
# & that would be read as a character reference (&amp; &#38; &#x26;); "& co" stays.
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]*;)")
# What starts a block at the start of a line: a heading ("# x", not "#hashtag"), a quote,
# a list item ("- x", not "-5"), a thematic break or setext underline ("---", "==="); *, _
# and ~ are escaped above wherever they stand.
_LINE_START = re.compile(r"^(?:#{1,6}(?=\s|$)|>|[-+](?=\s|$)|-(?=[-\s]*$)|=(?=[=\s]*$))")
_ORDERED = re.compile(r"^([0-9]{1,9})([.)])(?=\s|$)")  # "1. ordered", "2) second"
_CLOSING_HASHES = re.compile(r"(?<= )#+$")  # a heading's optional closing sequence


def md_escape(text: str) -> str:
    """One line of learner or course text as literal Markdown, escaped only where a sign
    would change the rendering (no structure, no HTML, no links, no code).

    The one escaping function of every Markdown export (the canvas and the handbook):
    `<` and entity-like `&` become entities, so even a renderer without backslash escapes
    shows no HTML; everything else gets CommonMark's backslash.
    """
    line = one_line(text)
    line = _ALWAYS.sub(lambda m: "\\" + m.group(), line)
    line = _UNDERSCORES.sub(lambda m: "\\_" * len(m.group()), line)
    line = _ENTITY.sub("&amp;", line)
    line = _HTML_START.sub("&lt;", line)
    line = _ORDERED.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", line)
    line = _LINE_START.sub(lambda m: "\\" + m.group(), line)
    return _CLOSING_HASHES.sub(lambda m: "\\#" * len(m.group()), line)


def md_escape_lines(text: str) -> str:
    """Multi-line text as one paragraph: each newline becomes a hard line break.

    A blank line would end the paragraph (and let the next line start structure), so
    every line, even an empty one, ends with a backslash break instead.
    """
    lines = [md_escape(line) for line in strip_controls(text).split("\n")]
    while lines and not lines[-1]:  # a break at the end would show as a backslash
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join([line + _line_break(line) for line in lines[:-1]] + lines[-1:])


def _line_break(line: str) -> str:
    """A hard break; after a web address, a space first: a renderer that links addresses
    (GitHub, linkify) would take the backslash into the link."""
    last = line.rpartition(" ")[2].lower()
    return " \\" if "://" in last or last.startswith("www.") else "\\"


# Front matter is YAML to a YAML reader but Markdown to a renderer that shows the whole
# file (or a front-matter table), so every ASCII sign that could start HTML, a link or
# emphasis is written as a \uXXXX escape: YAML (and JSON) read it back as typed.
_YAML_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,'?/")


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar that no Markdown or HTML renderer can act on."""
    value = "".join(ch if ch in _YAML_PLAIN or (ord(ch) > 127 and ch not in "\u2028\u2029")
                    else f"\\u{ord(ch):04x}" for ch in one_line(text))
    return f'"{value}"'


def _block(view: BlockView) -> list[str]:
    lines = [f"## {md_escape(view.title)}", ""]
    if view.question:
        lines += [f"*{md_escape(view.question)}*", ""]
    if view.empty:
        return lines + [f"*{md_escape(_('Nothing written yet.'))}*", ""]
    lines += [f"- {md_escape(note)}" for note in view.notes]
    if view.notes:
        lines.append("")
    if view.types:
        labels = ", ".join(md_escape(label) for _id, label in view.types)
        lines += [f"**{md_escape(view.types_title)}:** {labels}", ""]
    for answer in view.answers:
        lines += [f"**{md_escape(answer.prompt)}** {md_escape_lines(answer.text)}", ""]
    return lines


def _outcomes(canvas: Canvas, course: Course) -> list[str]:
    """What the course teaches: a table of the outcomes with the learner's self-check
    before and after (a dash where not rated)."""
    rows = outcome_views(canvas, course)
    if not rows:
        return []

    def rating(value: int | None) -> str:
        return f"{value}/5" if value is not None else "\u2014"

    head = " | ".join(md_escape(h) for h in (_("Outcome"), _("Before"), _("After")))
    lines = [f"## {md_escape(_('What the course teaches'))}", "", f"| {head} |",
             "| --- | --- | --- |"]
    lines += [f"| {md_escape(f'{o.text} ({o.mapped})')} | {rating(o.before)} | "
              f"{rating(o.after)} |" for o in rows]
    return lines + [""]


def _rubrics(canvas: Canvas, course: Course) -> list[str]:
    """Each scored rubric: a table of its criteria with the level chosen and what it says."""
    lines: list[str] = []
    for rubric in rubric_views(canvas, course):
        title = _("Rubric: {lesson}").format(lesson=rubric.lesson)
        head = " | ".join(md_escape(h) for h in (_("Criterion"), _("Level")))
        lines += [f"## {md_escape(title)}", "", f"| {head} |", "| --- | --- |"]
        lines += [f"| {md_escape(s.title)} | **{md_escape(s.score)}** "
                  f"{md_escape(s.description)} |" for s in rubric.scores]
        lines.append("")
    return lines


def canvas_to_markdown(canvas: Canvas, course: Course) -> str:
    """The whole canvas as a Markdown document, ending in a newline."""
    layout = layout_of(course)
    lines = [
        "---",
        f"learner: {_yaml(canvas.name)}",
        f"venture: {_yaml(canvas.venture)}",
        f"course: {_yaml(canvas.course)}",
    ]
    lines.append(f"course_title: {_yaml(course.title)}")
    if code_of(canvas):
        lines.append(f"return_code: {_yaml(code_of(canvas))}")
    lines += [f'date: "{canvas.updated.date().isoformat()}"', "---", ""]
    title = one_line(layout.title) or one_line(course.title)
    heading = f"{title}: {canvas.venture}" if one_line(canvas.venture) else title
    lines += [f"# {md_escape(heading)}", ""]
    if one_line(canvas.name):
        by = _("By {name}, {date}").format(name=canvas.name, date=format_date(canvas.updated))
        lines += [md_escape(by), ""]
    if code_of(canvas):
        lines += [md_escape(_("Return code: {code}").format(code=code_of(canvas))), ""]
    for view in block_views(canvas, course):
        lines += _block(view)
    lines += _rubrics(canvas, course)
    lines += _outcomes(canvas, course)
    lines += ["* * *", "", f"*{md_escape(credit_of(course))}*", ""]
    return "\n".join(lines)
