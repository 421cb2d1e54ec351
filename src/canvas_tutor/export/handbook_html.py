"""The handbook as one self-contained HTML file: inline CSS, no scripts, prints on A4 and Letter.

Course text is data: lesson prose goes through the pack's Markdown dialect with raw HTML
off, links that are not http(s) or mailto lose their link, images show as their text,
and every other string passes through html.escape. A Content-Security-Policy forbids
loading or running anything, so the file is safe to mail around and to print.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from canvas_tutor.course.lessons import SAFE_LINK, markdown_parser
from canvas_tutor.course.model import Exercise, Lesson
from canvas_tutor.export.handbook import (
    Handbook,
    answer_key,
    credits,
    exercise_label,
    instruction,
    lesson_number,
    lrmi,
)
from canvas_tutor.export.html import CSP, esc
from canvas_tutor.i18n import N_, _, ngettext
from canvas_tutor.text import one_line, strip_controls

# Messages shown from inside f-strings, marked here so that pybabel finds them;
# Calls through `_t` (which is `_`) translate them as usual when shown.
_IN_FSTRINGS = (
    N_("Categories"),
    N_("Outcome"),
    N_("Criterion"),
    N_("Hint"),
    N_("Note {n}"),
    N_("Lesson {n}"),
    N_("About {time}"),
    N_("In this lesson you will"),
    N_("Words in the glossary"),
    N_("Course handbook"),
    N_("What you will be able to do"),
    N_("Licence and credits"),
    N_("Glossary"),
    N_("Answer key"),
    N_("Contents"),
    N_("Right answers of the quizzes, and the case to compare with."),
    N_('Made with canvas-tutor'),
)
_t = _

_MD = markdown_parser()
_WRITE_LINES = {"reflect": 7, "other": 5}
_NOTE_BOXES = 6


def _css() -> str:
    return (Path(__file__).parent / "handbook.css").read_text("utf-8")


def _blank(tok: Token) -> None:
    tok.type, tok.tag, tok.nesting, tok.attrs, tok.content = "text", "", 0, {}, ""


def _neutralise(tokens: list[Token], base: int) -> None:
    """Shift headings to start at `base`, unlink unsafe links, turn images into their text."""
    for tok in tokens:
        if tok.type in ("heading_open", "heading_close"):
            tok.tag = f"h{min(6, max(base, int(tok.tag[1]) + base - 1))}"
        safe: list[bool] = []
        for child in tok.children or ():
            if child.type == "link_open":
                safe.append(bool(SAFE_LINK.match(str(child.attrGet("href") or ""))))
                if safe[-1]:
                    child.attrSet("rel", "noreferrer")
                else:
                    _blank(child)
            elif child.type == "link_close" and not (safe.pop() if safe else True):
                _blank(child)
            elif child.type == "image":
                alt = "".join(c.content for c in child.children or ()) or child.content
                _blank(child)
                child.children = None
                child.content = f"[{alt}]" if alt else ""


def markdown_html(text: str, base: int) -> str:
    """Course Markdown as HTML, headings starting at h`base`. Raw HTML stays text."""
    tokens = _MD.parse(strip_controls(text))
    _neutralise(tokens, base)
    rendered: str = _MD.renderer.render(tokens, _MD.options, {})
    return rendered


def _write_space(lines: int, label: str) -> str:
    return (f'<div class="write" style="--lines:{lines}"><span class="sr">{esc(label)}</span>'
            "</div>")


def _ticks(ex: Exercise) -> str:
    shape = "square" if ex.multiple or ex.kind == "pick" else "round"
    items = []
    for opt in ex.options:
        about = ""
        if ex.kind == "pick" and opt.feedback:
            about = f'<span class="about">{esc(one_line(opt.feedback))}</span>'
        items.append(f'<li><span class="tick {shape}" aria-hidden="true"></span>'
                     f'<span class="opt">{esc(one_line(opt.text))}{about}</span></li>')
    return f'<ul class="options">{"".join(items)}</ul>'


# Up to this many categories, each situation lists them as boxes to tick; with more, the
# boxes would fill a page and a half (eight relationship types by ten situations), so the
# categories are listed once, lettered, and each situation gets a box for one letter.
_TICK_CATEGORIES = 4


def _lettered(ex: Exercise) -> str:
    """The categories once, as a lettered key, and one box per situation for a letter."""
    key = "".join(f'<li><b class="letter">{chr(ord("A") + n)}</b> {esc(one_line(c.text))}</li>'
                  for n, c in enumerate(ex.categories))
    rows = "".join(f'<li><span class="situation"><span class="n">{n}.</span> '
                   f'{esc(one_line(item.text))}</span><span class="letter-box">'
                   f'<span class="sr">{esc(_("Your answer"))}</span></span></li>'
                   for n, item in enumerate(ex.items, 1))
    return (f'<ul class="legend" aria-label="{esc(_t("Categories"))}">{key}</ul>'
            f'<ol class="sort lettered">{rows}</ol>')


def _uses_letters(ex: Exercise) -> bool:
    return ex.kind == "classify" and _TICK_CATEGORIES < len(ex.categories) <= 26


def _how(ex: Exercise) -> str:
    if _uses_letters(ex):
        return _("Write the letter of one category beside each situation.")
    return instruction(ex)


def _classify(ex: Exercise) -> str:
    """One row per situation, its categories as boxes to tick (a lettered key when many)."""
    if _uses_letters(ex):
        return _lettered(ex)
    rows = []
    for n, item in enumerate(ex.items, 1):
        bins = "".join(f'<li><span class="tick square" aria-hidden="true"></span>'
                       f"{esc(one_line(c.text))}</li>" for c in ex.categories)
        rows.append(f'<li><span class="situation"><span class="n">{n}.</span> '
                    f'{esc(one_line(item.text))}</span><ul class="bins" '
                    f'aria-label="{esc(_t("Categories"))}">{bins}</ul></li>')
    return f'<ol class="sort">{"".join(rows)}</ol>'


def _rate(ex: Exercise) -> str:
    """One row per outcome, the numbers 1 to 5 to circle."""
    scale = "".join(f'<td><span class="num">{n}</span></td>' for n in range(1, 6))
    rows = [f'<tr><th scope="row">{esc(one_line(o.text))}</th>{scale}</tr>'
            for o in ex.options]
    if not rows:
        return _write_space(_WRITE_LINES["other"], _("Your answer"))
    nums = "".join(f'<th scope="col">{n}</th>' for n in range(1, 6))
    return (f'<table class="rate"><thead><tr><th scope="col">{esc(_t("Outcome"))}</th>{nums}'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _rubric(ex: Exercise) -> str:
    """The rubric as a grid: one row per criterion, one cell per level to tick."""
    width = max((len(c.levels) for c in ex.criteria), default=0)
    if not width:
        return _write_space(_WRITE_LINES["other"], _("Your answer"))
    nums = "".join(f'<th scope="col">{n}</th>' for n in range(1, width + 1))
    rows = []
    for c in ex.criteria:
        cells = "".join(f'<td><span class="tick round" aria-hidden="true"></span> '
                        f"{esc(one_line(level))}</td>" for level in c.levels)
        cells += "<td></td>" * (width - len(c.levels))
        rows.append(f'<tr><th scope="row">{esc(one_line(c.title))}</th>{cells}</tr>')
    return (f'<table class="rubric"><thead><tr><th scope="col">{esc(_t("Criterion"))}</th>'
            f'{nums}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _worksheet(book: Handbook, lesson: Lesson, ex: Exercise, index: int) -> str:
    number = lesson_number(book, lesson)
    head_id = f"ws-{esc(ex.id)}"
    parts = [f'<section class="worksheet kind-{esc(ex.kind)}" aria-labelledby="{head_id}">',
             f'<h3 id="{head_id}">{esc(exercise_label(number, index))}: '
             f'<span class="prompt">{esc(one_line(ex.prompt))}</span></h3>',
             f'<p class="how">{esc(_how(ex))}</p>']
    if ex.hint:
        parts.append(f'<p class="hint"><b>{esc(_t("Hint"))}:</b> {esc(one_line(ex.hint))}</p>')
    if ex.kind in ("choice", "pick"):
        parts.append(_ticks(ex))
    elif ex.kind == "classify":
        parts.append(_classify(ex))
    elif ex.kind == "notes":
        boxes = "".join(f'<li class="note"><span class="sr">{esc(_t("Note {n}").format(n=n))}'
                        "</span></li>" for n in range(1, _NOTE_BOXES + 1))
        parts.append(f'<ol class="notes">{boxes}</ol>')
    elif ex.kind == "rate":
        parts.append(_rate(ex))
    elif ex.kind == "rubric":
        parts.append(_rubric(ex))
    else:
        lines = _WRITE_LINES.get(ex.kind, _WRITE_LINES["other"])
        parts.append(_write_space(lines, _("Your answer")))
    if ex.kind == "pick":
        parts.append(_write_space(3, _("Why these?")))
    parts.append("</section>")
    return "".join(parts)


def _lesson(book: Handbook, lesson: Lesson) -> str:
    number = lesson_number(book, lesson)
    lid = f"lesson-{esc(lesson.id)}"
    minutes = ngettext("{n} minute", "{n} minutes", lesson.minutes).format(n=lesson.minutes)
    parts = [f'<article class="lesson" id="{lid}" aria-labelledby="{lid}-h">',
             f'<h2 id="{lid}-h"><span class="no">{esc(_t("Lesson {n}").format(n=number))}'
             f"</span> {esc(one_line(lesson.title))}</h2>",
             f'<p class="time">{esc(_t("About {time}").format(time=minutes))}</p>']
    if lesson.objectives:
        parts.append(f'<div class="objectives"><h3>{esc(_t("In this lesson you will"))}</h3><ul>'
                     + "".join(f"<li>{esc(one_line(o))}</li>" for o in lesson.objectives)
                     + "</ul></div>")
    terms = {t.id: t for t in book.glossary}
    words = [terms[w] for w in lesson.glossary if w in terms]
    if words:
        links = ", ".join(f'<a href="#term-{esc(t.id)}">{esc(t.term)}</a>' for t in words)
        parts.append(f'<p class="words"><b>{esc(_t("Words in the glossary"))}:</b> {links}</p>')
    index = 0
    case_name = one_line(book.course.case.name)
    for seg in lesson.segments:
        if seg.kind == "prose":
            parts.append(f'<div class="prose">{markdown_html(seg.text, 3)}</div>')
        elif seg.kind == "case":
            label = (_("The case: {name}").format(name=case_name) if case_name
                     else _("The case"))
            parts.append(f'<div class="case" role="note" aria-label="{esc(label)}">'
                         f'<p class="tag">{esc(label)}</p>{markdown_html(seg.text, 4)}</div>')
        elif seg.kind == "exercise" and seg.exercise is not None:
            index += 1
            parts.append(_worksheet(book, lesson, seg.exercise, index))
        elif seg.kind == "facilitator" and book.trainer:
            label = _("For the trainer")
            parts.append(f'<div class="facilitator" role="note" aria-label="{esc(label)}">'
                         f'<p class="tag">{esc(label)}</p>{markdown_html(seg.text, 4)}</div>')
    parts.append("</article>")
    return "".join(parts)


def _title_page(book: Handbook) -> str:
    course = book.course
    hours = book.time_text
    meta = [(_("Edition"), book.edition), (_("Version"), one_line(course.version)),
            (_("Time"), hours)]
    if len(course.languages) > 1:
        meta.append((_("Languages"), ", ".join(one_line(x) for x in course.languages)))
    parts = ['<header class="title-page">',
             f'<p class="kicker">{esc(_t("Course handbook"))}</p>',
             f"<h1>{esc(book.title)}</h1>"]
    if book.description:
        parts.append(f'<p class="lead">{esc(" ".join(book.description.split()))}</p>')
    parts.append('<dl class="facts">' + "".join(
        f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in meta) + "</dl>")
    if book.outcomes:
        parts.append(f'<section aria-labelledby="outcomes"><h2 id="outcomes">'
                     f'{esc(_t("What you will be able to do"))}</h2><ul class="outcomes">')
        for o in book.outcomes:
            tags = [x for x in (o.entrecomp and _("EntreComp: {competence}").format(
                competence=_(o.entrecomp)), o.eqf and _("EQF {level}").format(level=o.eqf)) if x]
            extra = f' <span class="tags">({esc(", ".join(map(str, tags)))})</span>' if tags else ""
            parts.append(f"<li>{esc(o.text)}{extra}</li>")
        parts.append("</ul></section>")
    parts.append(_licence(book, "licence"))
    parts.append("</header>")
    return "".join(parts)


def _licence(book: Handbook, anchor: str) -> str:
    name, deed = book.licence
    link = f'<a href="{esc(deed)}" rel="noreferrer">{esc(name)}</a>' if deed else esc(name)
    authors = ", ".join(book.authors)
    lines = [_("Course content by {authors}, under {licence}.").format(
        authors=esc(authors or _("its authors")), licence=link)]
    lines += [esc(c) for c in credits(book)]
    return (f'<section class="licence" aria-labelledby="{anchor}"><h2 id="{anchor}">'
            f'{esc(_t("Licence and credits"))}</h2>'
            + "".join(f"<p>{line}</p>" for line in lines) + "</section>")


def _contents(book: Handbook) -> str:
    items = [f'<li><a href="#lesson-{esc(x.id)}">{esc(one_line(x.title))}</a></li>'
             for x in book.lessons]
    if book.glossary:
        items.append(f'<li class="extra"><a href="#glossary">{esc(_t("Glossary"))}</a></li>')
    if book.trainer:
        items.append(f'<li class="extra"><a href="#answer-key">{esc(_t("Answer key"))}</a></li>')
    return (f'<nav class="contents" aria-labelledby="contents"><h2 id="contents">'
            f'{esc(_t("Contents"))}</h2><ol>{"".join(items)}</ol></nav>')


def _glossary(book: Handbook) -> str:
    if not book.glossary:
        return ""
    rows = "".join(f'<div><dt id="term-{esc(t.id)}">{esc(t.term)}</dt>'
                   f"<dd>{esc(' '.join(t.definition.split()))}</dd></div>"
                   for t in book.glossary)
    return (f'<section class="glossary" id="glossary" aria-labelledby="glossary-h">'
            f'<h2 id="glossary-h">{esc(_t("Glossary"))}</h2><dl>{rows}</dl></section>')


def _key(book: Handbook) -> str:
    if not book.trainer:
        return ""
    parts = ['<section class="answer-key" id="answer-key" aria-labelledby="answer-key-h">',
             f'<h2 id="answer-key-h">{esc(_t("Answer key"))}</h2>',
             f'<p>{esc(_t("Right answers of the quizzes, and the case to compare with."))}</p>']
    for lesson in book.lessons:
        entries = answer_key(book, lesson)
        if not entries:
            continue
        number = lesson_number(book, lesson)
        parts.append(f'<section class="key-lesson"><h3>{esc(_t("Lesson {n}").format(n=number))}'
                     f" {esc(one_line(lesson.title))}</h3>")
        exercises = lesson.exercises
        for entry in entries:
            index = exercises.index(entry.exercise) + 1
            parts.append(f'<div class="key"><h4>{esc(exercise_label(number, index))}: '
                         f"{esc(one_line(entry.exercise.prompt))}</h4><ul>")
            for what, why in entry.lines:
                extra = f'<span class="why">{esc(why)}</span>' if why else ""
                parts.append(f"<li><b>{esc(what)}</b>{extra}</li>")
            parts.append("</ul></div>")
        parts.append("</section>")
    parts.append("</section>")
    return "".join(parts)


def _json_ld(data: dict[str, Any]) -> str:
    """JSON-LD that cannot close its element: <, > and & become \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def handbook_to_html(book: Handbook) -> str:
    """The whole handbook as one HTML document (a str; write it as UTF-8)."""
    title = f"{book.title} \u2014 {book.edition}"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(book.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{esc(title)}</title>",
        f'<script type="application/ld+json">{_json_ld(lrmi(book))}</script>',
        f"<style>\n{_css()}\n</style>",
        "</head>",
        f'<body class="{"trainer" if book.trainer else "learner"}">',
        _title_page(book),
        _contents(book),
        "<main>",
        *(_lesson(book, lesson) for lesson in book.lessons),
        "</main>",
        _glossary(book),
        _key(book),
        '<footer class="credit">' + "".join(f"<p>{esc(c)}</p>" for c in credits(book))
        + f"<p>{esc(_t('Made with canvas-tutor'))}</p></footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(x for x in out if x)
