"""A certificate of completion: one printable page for a learner who finished every lesson.

Self-contained like every HTML export (no scripts, nothing fetched, every string
escaped). It names the learner, the course, the date, the outcomes the course teaches
(with their EntreComp competence and EQF level) and the licences, and is refused for a
canvas whose lessons are not all done: a certificate must mean something.
"""

from __future__ import annotations

import html

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course
from canvas_tutor.errors import UserError
from canvas_tutor.export.common import credit_of
from canvas_tutor.i18n import _, format_date, ngettext
from canvas_tutor.text import one_line

CSP = "default-src 'none'; style-src 'unsafe-inline'"

CSS = """
:root { --ink: #1d2430; --muted: #4a5361; --line: #2b3442; }
* { box-sizing: border-box; }
html { color: var(--ink); background: #fff;
  font: 16px/1.45 Georgia, "Times New Roman", serif; }
body { margin: 0; }
main { max-width: 46rem; margin: 2rem auto; padding: 2.5rem 3rem; border: 6px double var(--line); }
h1 { font-size: 2rem; text-align: center; margin: 0 0 1.5rem; letter-spacing: .02em; }
.who { text-align: center; font-size: 1.6rem; font-weight: bold; margin: .5rem 0; }
.what { text-align: center; margin: .25rem 0 1.5rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
ul { margin: 0; padding-left: 1.2rem; }
li { margin: .3rem 0; }
.small { color: var(--muted); font-size: .85rem; }
footer { margin-top: 2rem; border-top: 1px solid var(--line); padding-top: .75rem; }
@page { size: A4 portrait; margin: 12mm; }
@media print { main { margin: 0 auto; border-width: 4px; } }
"""


class NotFinished(UserError):
    """The canvas's lessons are not all done: no certificate yet."""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def missing_lessons(canvas: Canvas, course: Course) -> list[str]:
    """Titles of the lessons still to finish, in course order."""
    done = set(canvas.progress.completed)
    return [one_line(x.title) for x in course.lessons if x.id not in done]


def certificate_html(canvas: Canvas, course: Course) -> str:
    """The certificate page; NotFinished when a lesson is not done yet."""
    missing = missing_lessons(canvas, course)
    if missing:
        raise NotFinished(ngettext("no certificate yet: {count} lesson still to finish ({titles})",
                                   "no certificate yet: {count} lessons still to finish "
                                   "({titles})", len(missing))
                          .format(count=len(missing), titles=", ".join(missing)))
    name = one_line(canvas.name) or _("(no name)")
    venture = one_line(canvas.venture)
    minutes = sum(x.minutes for x in course.lessons)
    lang = one_line(canvas.language) or course.language
    title = _("Certificate of completion")
    hours = max(1, round(minutes / 60))
    length = ngettext("{count} lessons, about {hours} hour", "{count} lessons, about {hours} "
                      "hours", hours).format(count=len(course.lessons), hours=hours)
    when = _("on {date}").format(date=format_date(canvas.updated, "long"))
    with_idea = _("with the business idea")
    idea = f"<br>{_e(with_idea)} <em>{_e(venture)}</em>" if venture else ""
    certifies, completed = _("This certifies that"), _("has completed the course")
    teaches = _("What the course teaches")
    items = []
    for outcome in course.outcomes:
        mapped = _("EntreComp: {competence}; EQF level {level}").format(
            competence=_(outcome.entrecomp), level=outcome.eqf)
        items.append(f'<li>{_e(one_line(outcome.text))} <span class="small">({_e(mapped)})'
                     "</span></li>")
    licence = _("Course version {version}, open educational content under {license}.").format(
        version=course.version, license=course.license)
    honest = _("This certificate records that every lesson was completed in canvas-tutor; "
               "it is not an assessed qualification.")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}">',
        '<head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}: {_e(name)}</title>",
        f"<style>{CSS}</style></head><body><main>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="what">{_e(certifies)}</p>',
        f'<p class="who">{_e(name)}</p>',
        f'<p class="what">{_e(completed)} '
        f"<strong>{_e(one_line(course.title))}</strong> ({_e(length)}){idea}"
        f"<br>{_e(when)}.</p>",
    ]
    if items:
        parts += [f"<h2>{_e(teaches)}</h2>", f"<ul>{''.join(items)}</ul>"]
    parts += [
        "<footer>",
        f'<p class="small">{_e(licence)}</p>',
        f'<p class="small">{_e(credit_of(course))}</p>',
        f'<p class="small">{_e(honest)}</p>',
        "</footer></main></body></html>",
        "",
    ]
    return "\n".join(parts)
