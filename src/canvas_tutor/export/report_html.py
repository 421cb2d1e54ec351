"""Render a ClassReport as one self-contained HTML page a trainer can open, share and print.

No scripts, no external assets, and a Content-Security-Policy that forbids both, so a
hostile learner string that somehow escaped escaping still could not run or fetch anything.
Every learner and course string goes through `_e` (html.escape with quote=True). The page
is built from lists joined once, which keeps ten thousand canvases linear and fast.
"""

from __future__ import annotations

import html

from canvas_tutor import __version__
from canvas_tutor.export.report_data import ClassReport, TypeStat
from canvas_tutor.export.report_read import Learner
from canvas_tutor.i18n import _

CSP = "default-src 'none'; style-src 'unsafe-inline'"

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
    return _e(learner.name) if learner.name.strip() else "<em>(no name)</em>"


def _summary(r: ClassReport) -> list[str]:
    dups = sum(1 for x in r.learners if x.duplicate_of)
    items = [(len(r.learners), "learners"), (len(r.skipped), "files skipped"),
             (dups, "files from a learner with more than one")]
    out = ['<div class="summary">']
    out += [f"<div><b>{n}</b>{_e(label)}</div>" for n, label in items]
    out.append("</div>")
    return out


def _lessons(r: ClassReport) -> list[str]:
    out = ['<h2 id="lessons">Completion per lesson</h2><table><thead><tr><th>Lesson</th>'
           '<th>Learners done</th><th>%</th><th class="meter"><span class="sr">Chart</span>'
           '</th></tr></thead><tbody>']
    for s in r.lessons:
        out.append(f'<tr><td>{_e(s.title)}</td><td class="n">{s.done}</td>'
                   f'<td class="n">{s.percent:.1f}</td><td class="meter">'
                   f'<span style="width:{s.percent:.1f}%"></span></td></tr>')
    out.append("</tbody></table>")
    return out


def _quizzes(r: ClassReport) -> list[str]:
    out = ['<h2 id="quizzes">First-try correctness per quiz question</h2>']
    if not r.quizzes:
        return out + ['<p class="muted">This course has no quiz questions.</p>']
    out.append("<table><thead><tr><th>Lesson</th><th>Question</th><th>Attempted</th>"
               "<th>Right first try</th><th>%</th></tr></thead><tbody>")
    for q in r.quizzes:
        out.append(f"<tr><td>{_e(q.lesson)}</td><td>{_e(q.prompt)} <small>({_e(q.kind)})"
                   f'</small></td><td class="n">{q.attempted}</td><td class="n">'
                   f'{q.first_try}</td><td class="n">{q.percent:.1f}</td></tr>')
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
            f'<text x="{label_w + w + 6:.1f}" y="{y + row * 0.7:.1f}">{t.count}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _types(r: ClassReport) -> list[str]:
    """How often each item of the charted vocabulary was chosen (nothing if none is)."""
    if not r.types_block or not r.types:
        return []
    title = _("{items}: how often each was chosen").format(items=r.types_title or _("Chosen"))
    return [f'<h2 id="types">{_e(title)}</h2>', bar_chart(r.types, title)]


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
    return [f'<h2 id="self-check">{_e(_("Self-check: confidence per outcome"))}</h2>',
            f'<p class="muted">{_e(legend)}</p>',
            f"<table><thead><tr><th>{_e(_('Outcome'))}</th><th>{_e(_('Before'))}</th>"
            f"<th>{_e(_('After'))}</th><th>{_e(_('Change'))}</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"]


def _answers(r: ClassReport) -> list[str]:
    out = ['<h2 id="answers">The evaluation questions, side by side</h2>']
    if not r.questions:
        return out + ['<p class="muted">This course has no evaluation questions.</p>']
    head = "".join(f"<th>{_e(q.prompt)}</th>" for q in r.questions)
    out.append(f"<table><thead><tr><th>Learner</th>{head}</tr></thead><tbody>")
    ids = [q.id for q in r.questions]
    for x in r.learners:
        cells = "".join(f'<td class="answer">{_e(x.answers.get(q, ""))}</td>' for q in ids)
        out.append(f"<tr><td>{_who(x)}</td>{cells}</tr>")
    out.append("</tbody></table>")
    return out


def _canvas(r: ClassReport, x: Learner, block_styles: list[tuple[str, str, str]]) -> str:
    """One learner's canvas on the course's grid: notes, and the chosen types."""
    flag = ""
    if x.duplicate_of:
        more = x.duplicate_count - len(x.duplicate_of)
        flag = (' <span class="flag">same learner as ' + _e(", ".join(x.duplicate_of))
                + (f" and {more} more" if more > 0 else "") + "</span>")
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
    out = ['<h2 id="gallery">Every learner\'s canvas</h2>']
    if not r.learners:
        return out + ['<p class="muted">No canvas could be read.</p>']
    styles = [(b.id, f"grid-column:{int(b.column)}/span {int(b.column_span)};"
               f"grid-row:{int(b.row)}/span {int(b.row_span)}", _e(b.title))
              for b in r.layout.blocks]
    out.append('<div class="gallery">')
    out += [_canvas(r, x, styles) for x in r.learners]
    out.append("</div>")
    return out


def _problems(r: ClassReport) -> list[str]:
    out = ['<h2 id="skipped">Files skipped</h2>']
    if not r.skipped:
        return out + ['<p class="muted">Every file could be read.</p>']
    out.append("<table><thead><tr><th>File</th><th>Why</th></tr></thead><tbody>")
    out += [f"<tr><td>{_e(s.file)}</td><td>{_e(s.reason)}</td></tr>" for s in r.skipped]
    out.append("</tbody></table>")
    return out


def _duplicates(r: ClassReport) -> list[str]:
    groups = r.duplicate_groups
    if not groups:
        return []
    out = ['<h2 id="duplicates">Learners with more than one file</h2><ul>']
    for group in groups:
        files = ", ".join(_e(x.file) for x in group)
        out.append(f'<li><span class="flag">{_who(group[0])}</span>: {files}</li>')
    out.append("</ul>")
    return out


def _records(r: ClassReport) -> list[str]:
    from canvas_tutor.export.report_outbox import records_html

    return records_html(r.records)


def report_html(report: ClassReport) -> str:
    """The whole report as one HTML document (UTF-8 text, nothing to fetch)."""
    r = report
    stamp = r.generated.strftime("%Y-%m-%d %H:%M UTC")
    title = _e(f"Class report: {r.course_title}")
    credit = _e(r.credit)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{_e(r.language or "en")}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{title}</h1><p class=\"muted\">Course <code>{_e(r.course_id)}</code>, "
        f"report of {stamp}</p></header>",
        "<main>",
    ]
    for section in (_summary, _problems, _duplicates, _lessons, _quizzes, _types, _outcomes,
                    _answers, _records, _gallery):
        parts += section(r)
    parts.append("</main>")
    parts.append(f"<footer><p>{credit}</p><p>Made with canvas-tutor {_e(__version__)} on "
                 f"{stamp}.</p></footer></body></html>\n")
    return "".join(parts)
