"""A one-line title bar: the screen's title and the course, for the price of one Static.

Textual's Header is three widgets with a clock and an icon; on every screen change it
cost a visible share of the first paint, and learners need only the words.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class TitleBar(Static):
    """Shows `title — subtitle` of its screen (markup off: titles are course data)."""

    COMPONENT_CLASSES = {"title-bar--course"}  # the subtitle: styled per theme in bars.tcss

    def on_mount(self) -> None:
        self.watch(self.screen, "title", self._show, init=False)
        self.watch(self.screen, "sub_title", self._show, init=False)
        self.app.theme_changed_signal.subscribe(self, self._show)  # its colours are the theme's
        self._show()

    def _show(self, *_: object) -> None:
        screen = self.screen
        title = screen.title or self.app.title
        sub = screen.sub_title or self.app.sub_title
        text = Text(title)
        if sub and sub != title:
            text.append(f" — {sub}", style=self.get_component_rich_style("title-bar--course"))
        self.update(text)
