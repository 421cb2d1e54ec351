"""The handbook as one Markdown file: the same course, worksheets and key as the HTML edition.

Lesson prose is the pack's own Markdown and stays Markdown, made inert first: outside
code, `<` becomes an entity (no raw HTML, no autolinks), images become plain text, and a
link whose target is not http(s) or mailto loses its link. Every other string (titles,
prompts, options, the case's answers) goes through the canvas export's `md_escape`, which
escapes only the signs that would change the rendering.
"""

from __future__ import annotations

import re

from canvas_tutor.course.lessons import SAFE_LINK
from canvas_tutor.course.model import Exercise, Lesson
from canvas_tutor.export.handbook import (
    Handbook,
    answer_key,
    credits,
    exercise_label,
    instruction,
    lesson_number,
)
from canvas_tutor.export.markdown import md_escape, md_escape_lines
from canvas_tutor.i18n import N_, _, labelled, ngettext
from canvas_tutor.text import one_line, strip_controls

# Messages shown from inside f-strings, marked here so that pybabel finds them;
# Calls through `_t` (which is `_`) translate them as usual when shown.
_IN_FSTRINGS = (
    N_('Hint'),
    N_('Your answer'),
    N_('Criterion'),
    N_('Lesson {n}'),
    N_('About {time}'),
    N_('In this lesson you will'),
    N_('Words in the glossary'),
    N_('Course handbook'),
    N_('What you will be able to do'),
    N_('Licence and credits'),
    N_('Contents'),
    N_('Glossary'),
    N_('Made with canvas-tutor'),
    N_('Answer key'),
)
_t = _

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?=\s|$)")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_BLANK_LINE = "\\_" * 40


def _inert_line(line: str) -> str:
    """One prose line outside code blocks with its HTML, images and unsafe links disarmed."""
    pieces = re.split(r"(`+[^`]*`+)", line)  # keep code spans as they are
    out = []
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(piece)
            continue
        piece = piece.replace("<", "&lt;").replace("![", "\\![")
        piece = _LINK.sub(lambda m: m.group(0) if SAFE_LINK.match(m.group(1))
                          else "\\]\\(" + m.group(0)[2:], piece)
        out.append(piece)
    return "".join(out)


def inert_markdown(text: str, shift: int) -> str:
    """Course Markdown, headings pushed `shift` levels down, with nothing live in it."""
    lines = []
    fence = ""
    for line in strip_controls(text).split("\n"):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            lines.append(line)
            continue
        if opened:
            fence = opened.group(1)
            lines.append(line)
            continue
        heading = _HEADING.match(line)
        if heading:
            level = min(6, len(heading.group(1)) + shift)
            line = "#" * level + line[heading.end():]
        lines.append(_inert_line(line))
    if fence:
        lines.append(fence)  # an unclosed fence must not swallow the rest of the handbook
    return "\n".join(lines).strip("\n")


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text.split("\n")]


def _worksheet(book: Handbook, lesson: Lesson, ex: Exercise, index: int) -> list[str]:
    number = lesson_number(book, lesson)
    out = [f"### {md_escape(exercise_label(number, index))}: {md_escape(ex.prompt)}", "",
           f"*{md_escape(instruction(ex))}*", ""]
    if ex.hint:
        out += [f"**{md_escape(labelled(_t('Hint')))}** {md_escape(ex.hint)}", ""]
    if ex.kind in ("choice", "pick"):
        for opt in ex.options:
            about = ""
            if ex.kind == "pick" and opt.feedback:
                about = f" \u2014 {md_escape(opt.feedback)}"
            out.append(f"- [ ] {md_escape(opt.text)}{about}")
        out.append("")
    elif ex.kind == "classify":
        head = [md_escape(_("Situation"))] + [md_escape(c.text) for c in ex.categories]
        out += ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
        for item in ex.items:
            out.append(f"| {md_escape(item.text)} |" + " [ ] |" * len(ex.categories))
        out.append("")
    elif ex.kind == "notes":
        out += [f"{n}. {_BLANK_LINE}" for n in range(1, 7)] + [""]
    elif ex.kind == "rate" and ex.options:
        out += [f"- {md_escape(o.text)}: 1 \u00b7 2 \u00b7 3 \u00b7 4 \u00b7 5"
                for o in ex.options] + [""]
    elif ex.kind == "rubric" and ex.criteria:
        width = max(len(c.levels) for c in ex.criteria)
        head = [md_escape(_t("Criterion"))] + [str(n) for n in range(1, width + 1)]
        out += ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
        for c in ex.criteria:
            cells = [f"[ ] {md_escape(level)}" for level in c.levels]
            cells += [""] * (width - len(c.levels))
            out.append(f"| {md_escape(c.title)} | " + " | ".join(cells) + " |")
        out.append("")
    if ex.kind not in ("choice", "classify", "notes", "rate", "rubric"):
        out += [md_escape(labelled(_t("Your answer"))), ""]
        out += ["\\\n".join([_BLANK_LINE] * (7 if ex.kind == "reflect" else 3)), ""]
    return out


def _lesson(book: Handbook, lesson: Lesson) -> list[str]:
    number = lesson_number(book, lesson)
    minutes = ngettext("{n} minute", "{n} minutes", lesson.minutes).format(n=lesson.minutes)
    out = [f"## {md_escape(_t('Lesson {n}').format(n=number))}: {md_escape(lesson.title)}", "",
           f"*{md_escape(_t('About {time}').format(time=minutes))}*", ""]
    if lesson.objectives:
        out += [f"### {md_escape(_t('In this lesson you will'))}", ""]
        out += [f"- {md_escape(o)}" for o in lesson.objectives] + [""]
    terms = {t.id: t for t in book.glossary}
    words = [md_escape(terms[w].term) for w in lesson.glossary if w in terms]
    if words:
        out += [f"**{md_escape(_t('Words in the glossary'))}:** {', '.join(words)}", ""]
    case_name = one_line(book.course.case.name)
    index = 0
    for seg in lesson.segments:
        if seg.kind == "prose":
            out += [inert_markdown(seg.text, 1), ""]
        elif seg.kind == "case":
            label = _("The case: {name}").format(name=case_name) if case_name else _("The case")
            out += _quote(f"**{md_escape(label)}**\n\n{inert_markdown(seg.text, 3)}") + [""]
        elif seg.kind == "exercise" and seg.exercise is not None:
            index += 1
            out += _worksheet(book, lesson, seg.exercise, index)
        elif seg.kind == "facilitator" and book.trainer:
            label = _("For the trainer")
            out += _quote(f"**{md_escape(label)}**\n\n{inert_markdown(seg.text, 3)}") + [""]
    return out


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar with <, > and & as \\u escapes: inert if shown as HTML."""
    value = one_line(text).replace("\\", "\\\\").replace('"', '\\"')
    for ch in "<>&\u2028\u2029":
        value = value.replace(ch, f"\\u{ord(ch):04x}")
    return f'"{value}"'


def handbook_to_markdown(book: Handbook) -> str:
    """The whole handbook as Markdown, ending in a newline."""
    course = book.course
    out = ["---", f"title: {_yaml(book.title)}", f"lang: {_yaml(book.language)}",
           f"edition: {_yaml(book.edition)}", f"version: {_yaml(course.version)}",
           f"license: {_yaml(book.licence[0])}", "---", "",
           f"# {md_escape(book.title)}", "",
           f"*{md_escape(_t('Course handbook'))}, {md_escape(book.edition)}*", ""]
    if book.description:
        out += [md_escape_lines(" ".join(book.description.split())), ""]
    out += [md_escape(book.time_text), ""]
    if book.outcomes:
        out += [f"## {md_escape(_t('What you will be able to do'))}", ""]
        out += [f"- {md_escape(o.text)}" for o in book.outcomes] + [""]
    name, deed = book.licence
    licence = f"[{md_escape(name)}]({deed})" if deed else md_escape(name)
    out += [f"## {md_escape(_t('Licence and credits'))}", "",
            _("Course content by {authors}, under {licence}.").format(
                authors=md_escape(", ".join(book.authors) or _("its authors")), licence=licence),
            ""]
    out += [line for c in credits(book) for line in (md_escape(c), "")]
    out += [f"## {md_escape(_t('Contents'))}", ""]
    out += [f"{lesson_number(book, x)}. {md_escape(x.title)}" for x in book.lessons] + [""]
    for lesson in book.lessons:
        out += _lesson(book, lesson)
    if book.glossary:
        out += [f"## {md_escape(_t('Glossary'))}", ""]
        for term in book.glossary:
            out += [f"**{md_escape(term.term)}**: {md_escape(term.definition)}", ""]
    if book.trainer:
        out += _key(book)
    out += ["* * *", "", f"*{md_escape(_t('Made with canvas-tutor'))}*", ""]
    return "\n".join(out)


def _key(book: Handbook) -> list[str]:
    out = [f"## {md_escape(_t('Answer key'))}", ""]
    for lesson in book.lessons:
        entries = answer_key(book, lesson)
        if not entries:
            continue
        number = lesson_number(book, lesson)
        out += [f"### {md_escape(_t('Lesson {n}').format(n=number))}: "
                f"{md_escape(lesson.title)}", ""]
        for entry in entries:
            index = lesson.exercises.index(entry.exercise) + 1
            out += [f"#### {md_escape(exercise_label(number, index))}: "
                    f"{md_escape(entry.exercise.prompt)}", ""]
            for what, why in entry.lines:
                text = f"- **{md_escape(what)}**"
                if why:
                    text += "\\\n  " + md_escape_lines(why).replace("\\\n", "\\\n  ")
                out.append(text)
            out.append("")
    return out
