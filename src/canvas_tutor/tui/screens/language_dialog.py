"""The course's languages, each by its own name, chosen from the welcome.

A dialog opened by one button, not a drop-down on the welcome itself: a `Select` built
its list and overlay for every learner before the first frame (about 0.06 CPU-s and
7 MiB per session of a served class, where thirty learners start at once), for a choice
most learners never open.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from canvas_tutor.i18n import N_, _
from canvas_tutor.tui.widgets.key_bar import closes_hint


def language_name(code: str) -> str:
    """A language in its own words ("Español"), or its code when Babel does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:]


class LanguageDialog(ModalScreen[str | None]):
    """Returns the code of the language chosen, or None (Escape)."""

    CSS_PATH = "dialogs.tcss"  # loaded with the first dialog, not before the first frame
    BINDINGS = [Binding("escape", "back", N_("Back"))]

    def __init__(self, languages: tuple[str, ...], current: str) -> None:
        super().__init__()
        self.languages = languages
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="language-box") as box:
            box.border_title = Text(_("Language"))
            box.border_subtitle = Text(closes_hint(self.app))
            yield OptionList(*(Option(Text(language_name(code)), id=code)
                               for code in self.languages), id="language-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.languages.index(self.current) \
            if self.current in self.languages else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_back(self) -> None:
        self.dismiss(None)
