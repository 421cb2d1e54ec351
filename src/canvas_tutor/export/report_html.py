"""Render a ClassReport as one self-contained HTML page a trainer can open, share and print.

No scripts, no external assets, and a Content-Security-Policy that forbids both, so a
hostile learner string that somehow escaped escaping still could not run or fetch anything.
Every learner and course string goes through `_e` (html.escape with quote=True). The page
is built from lists joined once, which keeps ten thousand canvases linear and fast.
"""

from __future__ import annotations

import html

from canvas_tutor import __version__
from canvas_tutor.export.report_data import ClassReport, ExerciseColumn, TypeStat
from canvas_tutor.export.report_read import Learner
from canvas_tutor.i18n import N_, _, format_datetime, format_number, html_lang, ngettext

# Messages shown from inside f-strings, marked here so that pybabel finds them;
# Calls through `_t` (which is `_`) translate them as usual when shown.
_IN_FSTRINGS = (
    N_("Chart"),
)
_t = _

CSP = "default-src 'none'; style-src 'unsafe-inline'"
KIND_NAMES = {"choice": N_("choice"), "classify": N_("classify")}  # translated when shown

_CSS = """
:root{--ink:#1d1d1f;--muted:#5f6368;--line:#c9ccd1;--bar:#3b6ea5;--warn:#a4370b;--bg:#f6f7f9}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
margin:0 auto;max-width:1200px;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;
border-bottom:2px solid var(--line);padding-bottom:.2rem}h3{font-size:1rem;margin:0}
.muted,small{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:var(--bg)}td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.meter{width:30%}.meter span{display:block;height:.8em;background:var(--bar)}
.meter span.started{opacity:.35;margin-bottom:-.8em}
table.work{table-layout:fixed}h3{margin:1rem 0 .3rem}
.answer{white-space:pre-wrap;overflow-wrap:anywhere}
.flag{color:var(--warn);font-weight:600}
.summary{display:flex;gap:1.5rem;flex-wrap:wrap;margin:.75rem 0}
.summary div{background:var(--bg);padding:.5rem .9rem;border-radius:4px}
.summary b{display:block;font-size:1.4rem}
svg text{font:12px system-ui,sans-serif;fill:var(--ink)}svg rect{fill:var(--bar)}
.gallery{display:grid;gap:1rem}
.canvas{border:1px solid var(--line);padding:.5rem;break-inside:avoid;page-break-inside:avoid}
.canvas header{display:flex;justify-content:space-between;gap:1rem;margin-bottom:.35rem}
.grid{display:grid;gap:2px;background:var(--line);border:1px solid var(--line)}
.block{background:#fff;padding:.25rem .35rem;font-size:11px;min-height:3.2em;
overflow-wrap:anywhere}
.block h4{margin:0 0 .15rem;font-size:10px;text-transform:uppercase;color:var(--muted)}
.block ul{margin:0;padding-left:1em}.types{margin:.2rem 0 0;font-style:italic}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{margin-top:2rem;border-top:1px solid var(--line);padding-top:.5rem;font-size:12px}
@media print{body{max-width:none;padding:0;font-size:11px}h2{break-after:avoid}
tr{break-inside:avoid}.meter span,svg rect{print-color-adjust:exact;
-webkit-print-color-adjust:exact}}
@page{margin:12mm}
"""


def _e(text: str) -> str:
    """Escape for HTML text and attribute values alike."""
    return html.escape(text, quote=True)


def _who(learner: Learner) -> str:
    return _e(learner.name) if learner.name.strip() else "<em>" + _e(_("(no name)")) + "</em>"


# Messages are translated outside f-strings: pybabel cannot see a _() inside one.
def _h2(anchor: str, text: str) -> str:
    return f'<h2 id="{anchor}">{_e(text)}</h2>'


def _muted(text: str) -> str:
    return f'<p class="muted">{_e(text)}</p>'


def _table(*headings: str, meter: bool = False) -> str:
    """The start of a table, up to its body: headings are translated text."""
    cells = "".join(f"<th>{_e(h)}</th>" for h in headings)
    label = _("Chart")
    chart = f'<th class="meter"><span class="sr">{_e(label)}</span></th>'
    return (f"<table><thead><tr>{cells}" + (chart if meter else "")
            + "</tr></thead><tbody>")


def _summary(r: ClassReport) -> list[str]:
    dups = sum(1 for x in r.learners if x.duplicate_of)
    working = sum(1 for x in r.learners if x.work or x.started)
    items = [(len(r.learners), ngettext("learner", "learners", len(r.learners))),
             (working, ngettext("has started", "have started", working)),
             (len(r.skipped), ngettext("file skipped", "files skipped", len(r.skipped))),
             (dups, ngettext("file from a learner with more than one",
                             "files from a learner with more than one", dups))]
    out = ['<div class="summary">']
    out += [f"<div><b>{format_number(n)}</b>{_e(label)}</div>" for n, label in items]
    out.append("</div>")
    return out


def _lessons(r: ClassReport) -> list[str]:
    out = [_h2("lessons", _("Completion per lesson"))
           + _muted(_("Started: the learner opened the lesson or answered something in it. "
                      "Done: they finished it."))
           + _table(_("Lesson"), _("Started"), "%", _("Done"), "%", meter=True)]
    for s in r.lessons:
        out.append(f'<tr><td>{_e(s.title)}</td><td class="n">{format_number(s.started)}</td>'
                   f'<td class="n">{format_number(s.started_percent, 1)}</td>'
                   f'<td class="n">{format_number(s.done)}</td>'
                   f'<td class="n">{format_number(s.percent, 1)}</td><td class="meter">'
                   f'<span class="started" style="width:{s.started_percent:.1f}%"></span>'
                   f'<span style="width:{s.percent:.1f}%"></span></td></tr>')
    out.append("</tbody></table>")
    return out


def _quizzes(r: ClassReport) -> list[str]:
    out = [_h2("quizzes", _("First-try correctness per quiz question"))]
    if not r.quizzes:
        return out + [_muted(_("This course has no quiz questions."))]
    out.append(_table(_("Lesson"), _("Question"), _("Attempted"), _("Right first try"), "%"))
    for q in r.quizzes:
        kind = _(KIND_NAMES.get(q.kind, q.kind))
        out.append(f"<tr><td>{_e(q.lesson)}</td><td>{_e(q.prompt)} <small>({_e(kind)})"
                   f'</small></td><td class="n">{format_number(q.attempted)}</td><td class="n">'
                   f'{format_number(q.first_try)}</td>'
                   f'<td class="n">{format_number(q.percent, 1)}</td></tr>')
    out.append("</tbody></table>")
    return out


def bar_chart(types: list[TypeStat], title: str) -> str:
    """An inline SVG bar chart: no script, no font files, prints as drawn."""
    label_w, bar_w, row, gap = 230, 380, 22, 6
    top = max((t.count for t in types), default=0) or 1
    height = len(types) * (row + gap) + gap
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
             f'viewBox="0 0 {label_w + bar_w + 60} {height}" '
             f'style="max-width:{label_w + bar_w + 60}px" aria-labelledby="types-title">'
             f'<title id="types-title">{_e(title)}</title>']
    for i, t in enumerate(types):
        y = gap + i * (row + gap)
        w = round(bar_w * t.count / top, 1)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + row * 0.7:.1f}" text-anchor="end">'
            f"{_e(t.label)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{row}"></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + row * 0.7:.1f}">'
            f"{format_number(t.count)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _types(r: ClassReport) -> list[str]:
    """How often each item of the charted vocabulary was chosen (nothing if none is)."""
    if not r.types_block or not r.types:
        return []
    title = _("{items}: how often each was chosen").format(items=r.types_title or _("Chosen"))
    return [_h2("types", title), bar_chart(r.types, title)]


def _outcomes(r: ClassReport) -> list[str]:
    """The self-check: the class's confidence per outcome, before and after, 1 to 5."""
    if not r.outcomes:
        return []

    def cell(value: float | None, count: int) -> str:
        return "&mdash;" if value is None else f"{value:.1f} <small>({count})</small>"

    rows = "".join(
        f"<tr><td>{_e(o.text)}</td><td>{cell(o.before, o.rated_before)}</td>"
        f"<td>{cell(o.after, o.rated_after)}</td>"
        f"<td>{'&mdash;' if o.change is None else f'{o.change:+.1f}'}</td></tr>"
        for o in r.outcomes)
    legend = _("Mean rating from 1 (not at all sure) to 5 (very sure); in brackets, how "
               "many learners rated it.")
    heads = "".join(f"<th>{_e(h)}</th>"
                    for h in (_("Outcome"), _("Before"), _("After"), _("Change")))
    return [_h2("self-check", _("Self-check: confidence per outcome")), _muted(legend),
            f"<table><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>"]


def _rubrics(r: ClassReport) -> list[str]:
    """Each rubric: per criterion the class's mean and learners per level, then every
    learner's levels side by side (nothing when the course has no rubric)."""
    out: list[str] = []
    for rubric in r.rubrics:
        scored = [x for x in r.learners if x.ratings.get(rubric.id)]
        out.append(_h2(f"rubric-{rubric.id}", _("Rubric: {lesson}").format(
            lesson=rubric.lesson)) + _muted(rubric.prompt))
        if not scored:
            out.append(_muted(_("No answers yet.")))
            continue
        out.append(_muted(_("Mean level, from 1 (the lowest), and how many learners chose "
                            "each level.")))
        out.append(_table(_("Criterion"), _("Scored"), _("Mean"), _("Learners per level")))
        for c in rubric.criteria:
            per_level = " · ".join(f"{n}: {format_number(count)}"
                                   for n, count in enumerate(c.counts, 1))
            mean = "&mdash;" if c.mean is None else format_number(c.mean, 1)
            out.append(f'<tr><td>{_e(c.title)}</td><td class="n">{format_number(c.scored)}'
                       f'</td><td class="n">{mean}</td><td>{_e(per_level)}</td></tr>')
        out.append("</tbody></table>")
        out.append(_table(_("Learner"), *(c.title for c in rubric.criteria)))
        for x in scored:
            given = x.ratings.get(rubric.id, {})
            cells = "".join(
                f'<td class="n">{given[c.id]}/{len(c.counts)}</td>'
                if 1 <= given.get(c.id, 0) <= len(c.counts) else "<td>&mdash;</td>"
                for c in rubric.criteria)
            out.append(f"<tr><td>{_who(x)}</td>{cells}</tr>")
        out.append("</tbody></table>")
    return out


def _answers(r: ClassReport) -> list[str]:
    out = [_h2("answers", _("The evaluation questions, side by side"))]
    if not r.questions:
        return out + [_muted(_("This course has no evaluation questions."))]
    out.append(_table(_("Learner"), *(q.prompt for q in r.questions)))
    ids = [q.id for q in r.questions]
    for x in r.learners:
        cells = "".join(f'<td class="answer">{_e(x.answers.get(q, ""))}</td>' for q in ids)
        out.append(f"<tr><td>{_who(x)}</td>{cells}</tr>")
    out.append("</tbody></table>")
    return out


def _work(r: ClassReport) -> list[str]:
    """Every answer of every exercise: a table per lesson, one row per learner who
    answered something in it, one column per exercise."""
    out = [_h2("work", _("Every answer, lesson by lesson"))]
    lessons: dict[str, list[ExerciseColumn]] = {}
    for column in r.exercises:
        lessons.setdefault(column.lesson_id, []).append(column)
    if not lessons:
        return out + [_muted(_("This course has no exercises."))]
    for columns in lessons.values():
        ids = [c.id for c in columns]
        rows = [x for x in r.learners if any(i in x.work for i in ids)]
        out.append(f"<h3>{_e(columns[0].lesson)}</h3>")
        if not rows:
            out.append(_muted(_("No answers yet.")))
            continue
        heads = [_("Learner")]
        for c in columns:
            answered = ngettext("{n} answer", "{n} answers", c.answered).format(
                n=format_number(c.answered))
            heads.append(f"{c.prompt} ({answered})")
        out.append(_table(*heads).replace("<table>", '<table class="work">', 1))
        for x in rows:
            cells = "".join(f'<td class="answer">{_e(x.work.get(i, ""))}</td>' for i in ids)
            out.append(f"<tr><td>{_who(x)}</td>{cells}</tr>")
        out.append("</tbody></table>")
    return out


def _canvas(r: ClassReport, x: Learner, block_styles: list[tuple[str, str, str]]) -> str:
    """One learner's canvas on the course's grid: notes, and the chosen types."""
    flag = ""
    if x.duplicate_of:
        more = x.duplicate_count - len(x.duplicate_of)
        others = ", ".join(x.duplicate_of)
        same = (ngettext("same learner as {files} and {n} more",
                         "same learner as {files} and {n} more", more).format(
                    files=others, n=format_number(more)) if more > 0
                else _("same learner as {files}").format(files=others))
        flag = f' <span class="flag">{_e(same)}</span>'
    parts = [f'<article class="canvas"><header><h3>{_who(x)}'
             f'{" &mdash; " + _e(x.venture) if x.venture else ""}</h3>'
             f"<small>{_e(x.file)}{flag}</small></header>",
             f'<div class="grid" style="grid-template-columns:repeat({r.layout.columns},1fr)">']
    for block_id, style, title in block_styles:
        notes = x.notes.get(block_id)
        body = ("<ul>" + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>") if notes else ""
        if block_id == r.types_block and x.types:
            labels = " &middot; ".join(_e(r.type_labels.get(t, t)) for t in x.types)
            body += f'<p class="types">{labels}</p>'
        parts.append(f'<div class="block" style="{style}"><h4>{title}</h4>{body}</div>')
    parts.append("</div></article>")
    return "".join(parts)


def _gallery(r: ClassReport) -> list[str]:
    out = [_h2("gallery", _("Every learner's canvas"))]
    if not r.learners:
        return out + [_muted(_("No canvas could be read."))]
    styles = [(b.id, f"grid-column:{int(b.column)}/span {int(b.column_span)};"
               f"grid-row:{int(b.row)}/span {int(b.row_span)}", _e(b.title))
              for b in r.layout.blocks]
    out.append('<div class="gallery">')
    out += [_canvas(r, x, styles) for x in r.learners]
    out.append("</div>")
    return out


def _problems(r: ClassReport) -> list[str]:
    out = [_h2("skipped", _("Files skipped"))]
    if not r.skipped:
        return out + [_muted(_("Every file could be read."))]
    out.append(_table(_("File"), _("Why")))
    out += [f"<tr><td>{_e(s.file)}</td><td>{_e(s.reason)}</td></tr>" for s in r.skipped]
    out.append("</tbody></table>")
    return out


def _duplicates(r: ClassReport) -> list[str]:
    groups = r.duplicate_groups
    if not groups:
        return []
    out = [_h2("duplicates", _("Learners with more than one file")) + "<ul>"]
    for group in groups:
        files = ", ".join(_e(x.file) for x in group)
        out.append(f'<li><span class="flag">{_who(group[0])}</span>: {files}</li>')
    out.append("</ul>")
    return out


def _records(r: ClassReport) -> list[str]:
    from canvas_tutor.export.report_outbox import records_html

    return records_html(r.records)


def report_html(report: ClassReport, *, reload_every: int = 0) -> str:
    """The whole report as one HTML document (UTF-8 text, nothing to fetch).

    `reload_every` seconds (report --watch only): the open page reloads itself, with no
    script, so a trainer's tab follows the class as the file is rewritten.
    """
    r = report
    stamp = _e(format_datetime(r.generated, "long"))
    title = _e(_("Class report: {course}").format(course=r.course_title))
    credit = _e(r.credit)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{_e(html_lang())}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f'<meta http-equiv="refresh" content="{int(reload_every)}">' if reload_every > 0 else "",
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{title}</h1><p class=\"muted\">"
        + _e(_("Course {id}, report of {date}")).format(
            id=f"<code>{_e(r.course_id)}</code>", date=stamp) + "</p></header>",
        "<main>",
    ]
    for section in (_summary, _problems, _duplicates, _lessons, _quizzes, _types, _outcomes,
                    _rubrics, _answers, _work, _records, _gallery):
        parts += section(r)
    parts.append("</main>")
    made = _e(_("Made with canvas-tutor {version} on {date}.")).format(
        version=_e(__version__), date=stamp)
    parts.append(f"<footer><p>{credit}</p><p>{made}</p></footer></body></html>\n")
    return "".join(parts)
