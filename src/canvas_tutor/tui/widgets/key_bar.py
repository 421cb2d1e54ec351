"""The keys that matter on this screen, on one line drawn with the screen's first frame.

Textual's Footer builds one widget per key only after the screen's first refresh, so a
new screen showed an empty footer until then, and rebuilt those widgets on every change
of focus. This bar is one widget that renders one line of text: it is there in the first
frame, and a change of bindings costs a repaint, not a recompose. Keys stay clickable.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from canvas_tutor.i18n import N_, _, pgettext

PALETTE = N_("palette")  # Textual's own word for the key, in the catalogue instead
CLOSES = N_("{key} closes")


def key_name(word: str) -> str:
    """One of the words Textual uses for a key, in the interface language."""
    names = {"esc": pgettext("key", "esc"), "tab": pgettext("key", "tab"),
             "shift": pgettext("key", "shift"), "space": pgettext("key", "space"),
             "del": pgettext("key", "del")}
    return names.get(word, word)


def key_display(app: App[object], binding: Binding) -> str:
    """A binding's key as the key bar and help show it: Textual's symbols (⏎, ^p, ←) and
    key names as the interface language writes them (esc, tab, space, del, shift)."""
    return "+".join(key_name(part) for part in app.get_key_display(binding).split("+"))


def closes_hint(app: App[object]) -> str:
    """"esc closes", for the frame of a dialog (every dialog closes with Escape)."""
    return _(CLOSES).format(key=key_display(app, Binding("escape", "")))


class KeyItem:
    """One key as the bar shows it (a plain class: a NamedTuple costs a millisecond to
    define, at start-up, before the first frame)."""

    __slots__ = ("key", "display", "description", "enabled", "action")

    def __init__(self, key: str, display: str, description: str, enabled: bool,
                 action: str = "") -> None:
        self.key, self.display, self.description, self.enabled, self.action = (
            key, display, description, enabled, action)


class KeyBar(Widget, can_focus=False):
    """A footer of key bindings: `key description`, the command palette on the right.

    When the keys do not fit, the bar first draws them closer (one space apart, the
    palette as its key alone), then leaves out keys from the end, except those the
    screen names in `KEY_BAR_FIRST` (actions), which stay as long as there is room.
    What is left out is still in help (F1).
    """

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--hover",
                         "key-bar--rule"}

    hovered: reactive[str] = reactive("")
    """The key under the mouse pointer, drawn highlighted."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: list[tuple[int, int, KeyItem]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def items(self) -> tuple[list[KeyItem], KeyItem | None]:
        """The shown bindings of the focused chain (one per action), and the palette key."""
        app = self.app
        active = self.screen.active_bindings
        seen: set[str] = set()
        shown: list[KeyItem] = []
        for key, (_node, binding, enabled, _tooltip) in active.items():
            if not binding.show or binding.action in seen or key == \
                    app.COMMAND_PALETTE_BINDING:
                continue
            seen.add(binding.action)
            # Descriptions hold the English message: translated here, as they are drawn.
            shown.append(KeyItem(key, key_display(app, binding), _(binding.description),
                                 enabled, binding.action))
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = KeyItem(binding.key, key_display(app, binding), _(PALETTE), enabled)
        return shown, palette

    def _piece(self, item: KeyItem, compact: bool = False) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        after = "" if compact else " "
        piece = Text.assemble((f" {item.display} ", key_style),
                              (f"{item.description}{after}" if item.description else "",
                               text_style))
        if item.key == self.hovered:
            piece.stylize(self.get_component_rich_style("key-bar--hover"))
        if not item.enabled:
            piece.stylize("dim")
        return piece

    def _palette_piece(self, palette: KeyItem | None, compact: bool) -> Text:
        if palette is None:
            return Text()
        right = Text("▏", style=self.get_component_rich_style("key-bar--rule"))
        right.append_text(self._piece(KeyItem(  # set apart by a thin rule, as in Textual
            palette.key, palette.display, "" if compact else palette.description,
            palette.enabled)))
        return right

    def _fit(self, shown: list[KeyItem], palette: KeyItem | None,
             width: int) -> tuple[list[tuple[KeyItem, Text]], Text]:
        """The keys to draw, in their order, each with its piece, and the palette's piece.

        As many keys as fit, in their order, spaced out; if that leaves out a key the
        screen puts first, the same keys drawn closer; if they still do not fit, the
        screen's first keys, then the others as long as there is room.
        """
        first = tuple(getattr(self.screen, "KEY_BAR_FIRST", ()))
        right = self._palette_piece(palette, compact=False)
        room = width - right.cell_len - 1 if palette else width
        pieces: list[tuple[KeyItem, Text]] = []
        for item in shown:
            piece = self._piece(item)
            if sum(p.cell_len for _i, p in pieces) + piece.cell_len > room:
                break  # what does not fit is in help (F1): never half a key
            pieces.append((item, piece))
        wanted = {item.action for item in shown} & set(first)
        if wanted <= {item.action for item, _p in pieces}:
            return pieces, right
        right = self._palette_piece(palette, compact=True)
        room = width - right.cell_len - 1 if palette else width
        close = [(item, self._piece(item, compact=True)) for item in shown]
        if sum(p.cell_len for _i, p in close) <= room:
            return close, right
        ranked = sorted(range(len(close)), key=lambda i: (
            first.index(close[i][0].action) if close[i][0].action in first else len(first), i))
        kept: set[int] = set()
        used = 0
        for index in ranked:  # never half a key: a key that does not fit is left out
            size = close[index][1].cell_len
            if used + size <= room:
                kept.add(index)
                used += size
        return [piece for i, piece in enumerate(close) if i in kept], right

    def render(self) -> Text:
        shown, palette = self.items()
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        pieces, right = self._fit(shown, palette, width)
        for item, piece in pieces:
            self._spans.append((line.cell_len, line.cell_len + piece.cell_len, item))
            line.append_text(piece)
        if palette and line.cell_len + right.cell_len <= width:
            start = width - right.cell_len
            line.append(" " * (start - line.cell_len))
            self._spans.append((start + 1, width, palette))
            line.append_text(right)
        return line

    def _item_at(self, x: int) -> KeyItem | None:
        return next((item for start, end, item in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self._item_at(event.x)
        self.hovered = item.key if item else ""

    def on_leave(self, event: events.Leave) -> None:
        self.hovered = ""

    def on_click(self, event: events.Click) -> None:
        item = self._item_at(event.x)
        if item is None:
            return
        event.stop()
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
