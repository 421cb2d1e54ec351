"""The canvas as Markdown: front matter, one `##` section per block, the credit at the foot.

Learner and course text is escaped character by character, so that whatever was typed
renders as that text on a code-hosting site or in a note app: never as HTML, a link, an
image, a heading, a list, a table or code.
"""

from __future__ import annotations

from canvas_tutor.canvas.codes import code_of
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course
from canvas_tutor.export.common import BlockView, block_views, credit_of, layout_of
from canvas_tutor.i18n import _, format_date
from canvas_tutor.text import one_line, strip_controls

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can
# start structure (the brief's list, plus = for setext headings, : and @ for autolinks,
# $ for math on code-hosting sites). < > & become entities instead.
_PUNCT = set("\\`*_{}[]()#+-.!|~=:@$")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def md_escape(text: str) -> str:
    """One line of learner text as literal Markdown (no structure, no HTML, no links)."""
    out = []
    for ch in one_line(text):
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _PUNCT:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def md_escape_lines(text: str) -> str:
    """Multi-line text as one paragraph: each newline becomes a hard line break.

    A blank line would end the paragraph (and let the next line start structure), so
    every line, even an empty one, ends with a backslash break instead.
    """
    lines = strip_controls(text).strip("\n").split("\n")
    escaped = [md_escape(line.replace("\t", " ")) for line in lines]
    return "\\\n".join(escaped)


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
    lines += ["* * *", "", f"*{md_escape(credit_of(course))}*", ""]
    return "\n".join(lines)
