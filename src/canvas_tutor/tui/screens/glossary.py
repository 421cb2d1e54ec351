"""The glossary: every term of the course with its definition, filtered as the learner types.

The entries come from the course (course/glossary.toml, in the course's language); they
are course text, so each is drawn as Text, never as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from canvas_tutor.course.model import GlossaryEntry
from canvas_tutor.i18n import N_, _


def matches(entry: GlossaryEntry, query: str) -> bool:
    """A term matches when every word of the query is in its term or its definition."""
    haystack = f"{entry.term} {entry.definition}".casefold()
    return all(word in haystack for word in query.casefold().split())


class GlossaryScreen(ModalScreen[None]):
    """A searchable list of the course's terms; Escape closes it."""

    CSS_PATH = "dialogs.tcss"  # loaded with the first dialog, not before the first frame
    BINDINGS = [Binding("escape", "dismiss", N_("Close"))]

    def __init__(self, entries: tuple[GlossaryEntry, ...]) -> None:
        super().__init__()
        self.entries = tuple(sorted(entries, key=lambda e: e.term.casefold()))

    def compose(self) -> ComposeResult:
        with Vertical(id="glossary") as box:
            box.border_title = Text(_("Glossary"))
            yield Input(placeholder=_("Search the glossary"), id="search", compact=True)
            with VerticalScroll(id="terms"):
                for entry in self.entries:
                    line = Text.assemble((entry.term, "bold"), "\n", entry.definition)
                    yield Static(line, classes="term", name=entry.id)
                yield Static(_("No term matches your search.") if self.entries
                             else _("This course has no glossary."), id="none", markup=False)
            yield Static(_("Type to search · Esc closes"), classes="muted", markup=False)

    def on_mount(self) -> None:
        self.query_one("#none").display = not self.entries
        self.query_one("#search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        shown = 0
        for widget, entry in zip(self.query(".term").results(Static), self.entries, strict=True):
            widget.display = matches(entry, event.value)
            shown += widget.display
        self.query_one("#none").display = shown == 0
