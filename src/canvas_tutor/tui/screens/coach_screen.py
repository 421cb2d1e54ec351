"""The coach's findings as a list a person reads, in place of the board (never beside it).

Each finding shows its severity as a glyph and a word, the blocks by their titles, why it
matters and what to try. Enter on a finding opens its block's lesson, or the block's editor
when no lesson fills it; the choice goes back to My canvas, which does the opening.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from canvas_tutor.canvas.coach import Finding, block_titles, severity_word
from canvas_tutor.course.model import Course
from canvas_tutor.i18n import N_, _, labelled
from canvas_tutor.text import one_line
from canvas_tutor.tui.screens.base import TutorScreen
from canvas_tutor.tui.widgets.key_bar import KeyBar
from canvas_tutor.tui.widgets.title_bar import TitleBar

GLYPHS = {"problem": "✗", "warning": "!", "info": "i"}


def finding_text(finding: Finding, course: Course) -> Group:
    """One finding as the list shows it: its head, then each part with its label in a
    column of its own, so a long line hangs under its text, not under the label (course
    and learner text as plain Text)."""
    head = Table.grid(padding=(0, 1))
    head.add_column(no_wrap=True)
    head.add_column(ratio=1)
    head.add_row(GLYPHS.get(finding.severity, "•"),
                 Text(f"{labelled(severity_word(finding.severity))} {one_line(finding.title)}"))
    head.style = "bold"
    parts = Table.grid(padding=(0, 1))
    parts.add_column(style="dim", no_wrap=True)
    parts.add_column(ratio=1)
    for label, value in ((_("Blocks"), block_titles(finding, course)),
                         (_("Why"), finding.why), (_("Try"), finding.try_)):
        if value:
            parts.add_row(Text(f"  {labelled(label)}"), Text(one_line(value)))
    return Group(head, parts)


class CoachScreen(TutorScreen[str | None]):
    """Returns the id of the block to open, or None when the learner goes back."""

    CSS_PATH = "my_canvas.tcss"  # the coach's findings are styled with my canvas
    BINDINGS = [
        Binding("escape,k", "back", N_("Back to the canvas")),
        Binding("enter", "open", N_("Open the block")),
    ]

    def __init__(self, findings: list[Finding], course: Course) -> None:
        super().__init__()
        self.findings = findings
        self.course = course

    def compose(self) -> ComposeResult:
        yield TitleBar()
        if self.findings:
            lead = _("Enter opens a finding's block; Escape goes back to your canvas.")
        else:
            lead = _("Nothing to point out: the blocks of your canvas fit together as far "
                     "as the coach can tell.")
        yield Static(lead, id="coach-lead", classes="muted", markup=False)
        options: list[Option | None] = []
        for index, finding in enumerate(self.findings):
            if index:
                options.append(None)  # a rule between findings
            options.append(Option(finding_text(finding, self.course), id=str(index)))
        yield OptionList(*options, id="findings")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = _("Coach")
        findings = self.query_one("#findings", OptionList)
        findings.display = bool(self.findings)
        if self.findings:
            findings.highlighted = 0
            findings.focus()

    def block_of(self, finding: Finding) -> str | None:
        """The block to open: the first one a lesson fills, else the first declared."""
        known = [b for b in finding.blocks if self.course.canvas.block(b) is not None]
        taught = [b for b in known if self.course.lesson_for_block(b) is not None]
        chosen = taught or known
        return chosen[0] if chosen else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.block_of(self.findings[int(event.option.id or 0)]))

    def action_open(self) -> None:
        findings = self.query_one("#findings", OptionList)
        if findings.highlighted is not None and self.findings:
            findings.action_select()

    def action_back(self) -> None:
        self.dismiss(None)
