"""Help: the keys of the screen the learner came from, drawn from its own bindings.

Nothing here is a hand-kept list of keys: each row comes from a `BINDINGS` entry of the
app, the screen below or a widget on it, so a key added to a screen is in help at once,
with the description it shows in the key bar, translated as it is drawn. The few
Textual keys that learners need (Tab, Space on an option) are named by their action.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from canvas_tutor.i18n import N_, _
from canvas_tutor.tui.widgets.key_bar import closes_hint, key_display

ANYWHERE = N_("Anywhere")
ON_THIS_SCREEN = N_("On this screen")
PALETTE_HELP = N_("Command palette: any lesson, block or command by its name")

# Textual's own keys that help names, by action: their descriptions are Textual's English.
TEXTUAL_ACTIONS = {
    "app.focus_next": N_("Move to the next field or button"),
    "app.focus_previous": N_("Move to the previous field or button"),
    "toggle_button": N_("Choose the highlighted option"),
    "next_button": N_("Highlight the next option"),
    "previous_button": N_("Highlight the previous option"),
}

Row = tuple[str, str]  # keys as shown, description (translated)


def _bindings(cls: type) -> list[Binding]:
    """The bindings a class declares itself (not those it inherits), one per key."""
    declared: Iterable[BindingType] = vars(cls).get("BINDINGS", ())
    return list(Binding.make_bindings(declared))


def _own_classes(node: DOMNode) -> Iterator[type]:
    """The node's class and its bases that belong to canvas-tutor, nearest first."""
    for cls in type(node).__mro__:
        if cls.__module__.startswith("canvas_tutor."):
            yield cls


def _textual_classes(node: DOMNode) -> Iterator[type]:
    for cls in type(node).__mro__:
        if cls.__module__.startswith("textual."):
            yield cls


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of Escape, F1, ? or q closes it."""

    CSS_PATH = "dialogs.tcss"  # loaded with the first dialog, not before the first frame
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", N_("Close"))]
    HELP_TITLE: ClassVar[str] = N_("Keys")

    def __init__(self, under: Screen[object] | None = None) -> None:
        super().__init__()
        self.under = under

    def _describe(self, node: DOMNode, bindings: Iterable[Binding],
                  textual: bool = False) -> list[Row]:
        """One row per description: every key that does it, and what it does."""
        keys: dict[str, list[str]] = {}
        for binding in bindings:
            if binding.group is not None:
                continue  # in a section of its own (see _grouped)
            action = binding.action
            if textual:
                if action not in TEXTUAL_ACTIONS:
                    continue
                description = TEXTUAL_ACTIONS[action]
            else:
                description = binding.description
            if not description:
                continue
            if node.check_action(action.removeprefix("app."), ()) is False:
                continue  # e.g. the trainer's keys outside trainer mode
            display = key_display(self.app, binding)
            shown = keys.setdefault(_(description), [])
            if display not in shown:
                shown.append(display)
        return [(", ".join(shown), what) for what, shown in keys.items()]

    def _grouped(self, node: DOMNode, bindings: Iterable[Binding],
                 groups: dict[str, list[Row]]) -> None:
        """Bindings declared in a `Binding.Group` (the trainer's keys): a section named
        after the group, shown only while the node allows them (trainer mode)."""
        by_group: dict[str, list[Binding]] = {}
        for binding in bindings:
            if binding.group is not None:
                by_group.setdefault(binding.group.description, []).append(
                    dataclasses.replace(binding, group=None))
        for title, members in by_group.items():
            rows = self._describe(node, members)
            if rows:
                groups.setdefault(title, []).extend(rows)

    def sections(self) -> list[tuple[str, list[Row]]]:
        """The keys, grouped: anywhere, on the screen below and in each group of keys it
        declares (the trainer's), in the widgets it holds."""
        app = self.app
        anywhere: list[Row] = []
        for cls in _own_classes(app):
            anywhere += self._describe(app, _bindings(cls))
        if app.ENABLE_COMMAND_PALETTE:
            palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", PALETTE_HELP)
            anywhere += self._describe(app, [palette])
        anywhere += self._describe(app, _bindings(Screen), textual=True)
        groups: dict[str, list[Row]] = {ANYWHERE: anywhere}
        under = self.under
        if under is not None:
            screen_rows: list[Row] = []
            for cls in _own_classes(under):
                screen_rows += self._describe(under, _bindings(cls))
            groups[ON_THIS_SCREEN] = screen_rows
            for cls in _own_classes(under):  # the screen's groups follow its own keys
                self._grouped(under, _bindings(cls), groups)
            seen: set[type] = set()
            for node in under.query("*"):
                kind = type(node)
                if kind in seen:
                    continue
                seen.add(kind)
                title = str(getattr(node, "HELP_TITLE", "") or ON_THIS_SCREEN)
                rows = groups.setdefault(title, [])
                for cls in _own_classes(node):
                    rows += self._describe(node, _bindings(cls))
                    self._grouped(node, _bindings(cls), groups)
                for cls in _textual_classes(node):
                    rows += self._describe(node, _bindings(cls), textual=True)
        out: list[tuple[str, list[Row]]] = []
        for title, rows in groups.items():
            unique = list(dict.fromkeys(rows))
            if unique:
                out.append((_(title), unique))
        return out

    def help_text(self) -> Text:
        """Every section as plain text: never markup, whatever a description holds."""
        text = Text()
        for index, (title, rows) in enumerate(self.sections()):
            if index:
                text.append("\n\n")
            text.append(title, style="bold")
            width = max(len(keys) for keys, _what in rows)
            for keys, what in rows:
                text.append(f"\n  {keys:<{width}}  {what}")
        return text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as box:
            box.border_title = Text(_(self.HELP_TITLE))
            box.border_subtitle = Text(closes_hint(self.app))
            yield Static(self.help_text(), markup=False)
