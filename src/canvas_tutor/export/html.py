"""The canvas as one self-contained HTML page: the real layout, printable on one page.

No scripts, no external fonts or images, a Content-Security-Policy that forbids loading
anything, and every string (learner's and course's) passed through html.escape, so the
file is safe to open, mail around and pin on a wall.
"""

from __future__ import annotations

import html
from pathlib import Path

from canvas_tutor.canvas.codes import code_of
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course
from canvas_tutor.export.common import (
    BlockView,
    block_views,
    credit_of,
    evaluation_ids,
    layout_of,
    outcome_views,
    rubric_views,
)
from canvas_tutor.i18n import _, format_date
from canvas_tutor.text import one_line

CSP = "default-src 'none'; style-src 'unsafe-inline'"

# Characters of learner text above which the print font steps down, to stay on one page.
_DENSITY = ((9000, "densest"), (6000, "denser"), (3800, "dense"))


def _css() -> str:
    return (Path(__file__).parent / "canvas.css").read_text("utf-8")


def esc(text: str) -> str:
    """Escape for HTML text and attribute values alike."""
    return html.escape(text, quote=True)


def _shown_answers(view: BlockView, course: Course) -> list[tuple[str, str]]:
    """The answers a tile shows: the evaluation questions, in the relationships block.

    Every other answer is lesson work, too long for a one-page canvas: it is printed
    after the canvas, on a page of its own (see `_answers_page`).
    """
    if view.id != course.canvas.role_id("relationships"):
        return []
    wanted = evaluation_ids(course)
    return [(a.prompt, a.text) for a in view.answers if a.id in wanted]


def _answers_page(views: list[BlockView], course: Course) -> str:
    """Every reflect answer not shown on a tile, block by block, after the canvas."""
    sections = []
    for view in views:
        on_tile = set(evaluation_ids(course)) \
            if view.id == course.canvas.role_id("relationships") else set()
        rest = [a for a in view.answers if a.id not in on_tile]
        if rest:
            sections.append(f"<section><h3>{esc(view.title)}</h3>" + "".join(
                f"<p><b>{esc(a.prompt)}</b><br>{esc(a.text.strip())}</p>" for a in rest)
                + "</section>")
    if not sections:
        return ""
    return ('<section class="all-answers"><h2>' + esc(_("Your answers")) + "</h2>"
            + "".join(sections) + "</section>")


def _outcomes(canvas: Canvas, course: Course, *, own_page: bool) -> str:
    """What the course teaches, each outcome with the learner's self-check before and
    after (a dash where not rated); on a page of its own unless answers come first."""
    rows = outcome_views(canvas, course)
    if not rows:
        return ""

    def rating(value: int | None) -> str:
        return f"{value}/5" if value is not None else "\u2014"

    head = "".join(f'<th scope="col">{esc(h)}</th>'
                   for h in (_("Outcome"), _("Before"), _("After")))
    body = "".join(f"<tr><td>{esc(o.text)} <small>({esc(o.mapped)})</small></td>"
                   f"<td>{rating(o.before)}</td><td>{rating(o.after)}</td></tr>" for o in rows)
    page = " all-answers" if own_page else ""
    return (f'<section class="outcomes{page}"><h2>{esc(_("What the course teaches"))}</h2>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>")


def _rubrics(canvas: Canvas, course: Course) -> str:
    """Each scored rubric: a table of its criteria, the level chosen and what it says."""
    out = []
    for rubric in rubric_views(canvas, course):
        head = "".join(f'<th scope="col">{esc(h)}</th>' for h in (_("Criterion"), _("Level")))
        body = "".join(f"<tr><td>{esc(s.title)}</td><td><b>{esc(s.score)}</b> "
                       f"{esc(s.description)}</td></tr>" for s in rubric.scores)
        title = _("Rubric: {lesson}").format(lesson=rubric.lesson)
        out.append(f'<section class="rubric"><h2>{esc(title)}</h2><table><thead><tr>{head}'
                   f"</tr></thead><tbody>{body}</tbody></table></section>")
    return "".join(out)


def _tile(view: BlockView, index: int, course: Course) -> str:
    glyph = one_line(view.place.icon) if view.place is not None else ""
    wide = " wide" if view.place is not None and view.place.column_span >= 4 else ""
    parts = [f'<section class="block{wide}" id="b{index}" aria-labelledby="t{index}">',
             f'<h2 id="t{index}"><span>{esc(view.title)}</span>'
             + (f'<span class="glyph" aria-hidden="true">{esc(glyph)}</span>' if glyph else "")
             + "</h2>"]
    if view.question:
        parts.append(f'<p class="q">{esc(view.question)}</p>')
    if view.notes:
        parts.append('<ul class="notes">'
                     + "".join(f"<li>{esc(n)}</li>" for n in view.notes) + "</ul>")
    if view.types:
        parts.append('<p class="types">'
                     + "".join(f"<span>{esc(label)}</span>" for _id, label in view.types)
                     + "</p>")
    answers = _shown_answers(view, course)
    if answers:
        parts.append('<div class="answers">' + "".join(
            f"<p><b>{esc(p)}</b> {esc(t.strip())}</p>" for p, t in answers) + "</div>")
    if not (view.notes or view.types or answers):
        none = _("Answers on the next page.") if view.answers else _("Nothing written yet.")
        parts.append(f'<p class="none">{esc(none)}</p>')
    parts.append("</section>")
    return "".join(parts)


def _density(views: list[BlockView], course: Course) -> str:
    size = sum(len(n) + 40 for v in views for n in v.notes)
    size += sum(len(p) + len(t) for v in views for p, t in _shown_answers(v, course))
    return next((name for limit, name in _DENSITY if size > limit), "")


def canvas_to_html(canvas: Canvas, course: Course) -> str:
    """The whole canvas as an HTML document (a str; write it as UTF-8)."""
    layout = layout_of(course)
    views = block_views(canvas, course)
    placed = [v for v in views if v.place is not None]
    extra = [v for v in views if v.place is None]
    rules = [f".canvas{{--cols:{max(1, layout.columns)};--rows:{max(1, layout.rows)}}}"]
    for i, v in enumerate(placed):
        p = v.place
        assert p is not None
        rules.append(f"#b{i}{{grid-column:{p.column}/span {p.column_span};"
                     f"grid-row:{p.row}/span {p.row_span}}}")
    title = one_line(layout.title) or one_line(course.title)
    venture = one_line(canvas.venture)
    name = one_line(canvas.name)
    doc_title = " \u2014 ".join(x for x in (title, venture, name) if x)
    meta = [(_("Designed for"), venture or "\u2014"), (_("Designed by"), name or "\u2014"),
            (_("Date"), format_date(canvas.updated)),
            (_("Course"), one_line(course.title))]
    if code_of(canvas):  # a canvas from a served class: the words that reopen it
        meta.append((_("Return code"), code_of(canvas)))
    lang = one_line(canvas.language) or "en"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(lang)}" class="{_density(views, course)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{esc(doc_title)}</title>",
        f"<style>\n{_css()}{chr(10).join(rules)}\n</style>",
        "</head>",
        "<body>",
        '<main class="sheet">',
        f'<header class="head"><h1>{esc(title)}</h1><dl class="meta">'
        + "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in meta)
        + "</dl></header>",
        f'<div class="canvas">{"".join(_tile(v, i, course) for i, v in enumerate(placed))}</div>',
    ]
    if extra:
        out.append('<div class="extra">' + "".join(
            _tile(v, len(placed) + i, course) for i, v in enumerate(extra)) + "</div>")
    answers = _answers_page(views, course)
    out += [answers, _rubrics(canvas, course), _outcomes(canvas, course, own_page=not answers)]
    out += [
        f'<footer class="credit"><span>{esc(credit_of(course))}</span>'
        "<span>" + esc(_("Made with canvas-tutor")) + "</span></footer>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)
