"""The class report's view of learning records still waiting to reach the LRS.

A served class with --lrs keeps its xAPI statements in CLASS_DIR/xapi-outbox until the
LRS takes them (see xapi_send). The report says how many still wait and which ones the
LRS refused, with its reason, so a trainer knows whether the school's records are whole.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from canvas_tutor.export.report_files import display_path
from canvas_tutor.i18n import N_, _

# Messages shown from inside f-strings, marked here so that pybabel finds them;
# Calls through `_t` (which is `_`) translate them as usual when shown.
_IN_FSTRINGS = (
    N_("Learning records (xAPI)"),
    N_('{sent} sent'),
    N_('Statement'),
    N_('Why the LRS refused it'),
)
_t = _

OUTBOX = "xapi-outbox"  # the same name as xapi_send.OUTBOX, without importing the sender
REASONS_SHOWN = 20


@dataclass(frozen=True)
class Records:
    """One outbox: what waits, what went, what was refused (id, reason)."""

    folder: str
    pending: int
    sent: int
    rejected: tuple[tuple[str, str], ...]


def records_of(paths: list[Path]) -> tuple[Records, ...]:
    """The outboxes of the folders a report reads (none for a folder without one)."""
    found = []
    for path in paths:
        box = Path(path) / OUTBOX
        if not box.is_dir():
            continue
        from canvas_tutor.export.xapi_send import Outbox

        outbox = Outbox(box)
        counts = outbox.counts()
        found.append(Records(display_path(box), counts["pending"], counts["sent"],
                             tuple(outbox.rejections())))
    return tuple(found)


def records_html(records: tuple[Records, ...]) -> list[str]:
    """A report section, or nothing when the class sends no learning records."""
    if not records:
        return []
    e = html.escape
    out = [f'<h2 id="records">{e(_t("Learning records (xAPI)"))}</h2>']
    for r in records:
        if not (r.pending or r.rejected):
            state = _("all sent")
        elif r.rejected:
            state = _("{pending} not sent yet, {refused} refused by the LRS").format(
                pending=r.pending, refused=len(r.rejected))
        else:
            state = _("{pending} not sent yet").format(pending=r.pending)
        out.append(f"<p>{e(r.folder)}: {e(_t('{sent} sent').format(sent=r.sent))}, "
                   f"<b>{e(state)}</b>.</p>")
        if r.pending:
            out.append("<p>" + e(_("They wait in the outbox and are sent when the LRS is "
                                   "back; this command sends them now:"))
                       + " <code>canvas-tutor xapi CLASS_DIR --send</code></p>")
        if r.rejected:
            out.append(f"<table><thead><tr><th>{e(_t('Statement'))}</th>"
                       f"<th>{e(_t('Why the LRS refused it'))}</th></tr></thead><tbody>")
            out += [f"<tr><td><code>{e(sid)}</code></td><td>{e(why)}</td></tr>"
                    for sid, why in r.rejected[:REASONS_SHOWN]]
            out.append("</tbody></table>")
            if len(r.rejected) > REASONS_SHOWN:
                more = len(r.rejected) - REASONS_SHOWN
                out.append("<p>" + e(_("... and {n} more in {folder}").format(
                    n=more, folder=f"{r.folder}/rejected")) + "</p>")
    return out
