"""Pieces the exercise widgets share: a hint that toggles, marks, toggles that wrap, and
the rows of radio buttons that rate and rubric exercises are made of.

Textual's RadioButton and Checkbox draw their label on one line and cut it with an
ellipsis; the course's options are sentences, so at 80 columns they would be cut off.
The wrapping versions here draw every line, indented under the first.
"""

from __future__ import annotations

from typing import cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Button, Checkbox, RadioButton, RadioSet, Static

from canvas_tutor.course.model import Exercise
from canvas_tutor.i18n import N_, _
from canvas_tutor.text import one_line
from canvas_tutor.tui.messages import Rated

RIGHT = "✓"
WRONG = "✗"


def label(text: str) -> Text:
    """Course text as a label: one line of plain text, never markup."""
    return Text(one_line(text))


def hint_button(exercise: Exercise) -> ComposeResult:
    """The Hint button, when the exercise has a hint."""
    if exercise.hint:
        yield Button(_("Hint"), id="hint", compact=True)


def hint_text(exercise: Exercise) -> Static:
    """The hint itself, hidden until asked for."""
    hint = Static(exercise.hint, classes="hint", markup=False)
    hint.display = False
    return hint


def toggle_hint(owner: Widget) -> None:
    """Show or hide the hint inside `owner`."""
    hint = owner.query_one(".hint")
    hint.display = not hint.display
    if hint.display:
        hint.scroll_visible()


def verdict_text(correct: bool, text: str) -> str:
    """Feedback marked right (✓) or not quite (✗)."""
    return f"{RIGHT if correct else WRONG} {one_line(text)}".rstrip()


def with_verdict_word(correct: bool, feedback: str) -> str:
    """The feedback after "Right." or "Not quite.", unless the author opened with it.

    The glyph says right or wrong already; the word is for readers who do not see it. An
    author's feedback that starts with the same word would read "Not quite. Not quite.".
    """
    word = _("Right.") if correct else _("Not quite.")
    text = one_line(feedback)
    if text.casefold().startswith(word.rstrip(".").casefold()):
        return text
    return f"{word} {text}".strip()


def verdict_classes(correct: bool) -> str:
    return "feedback " + ("right" if correct else "wrong")


def verdict(correct: bool, text: str) -> Static:
    """One line of feedback, marked right or not quite, shown literally."""
    return Static(verdict_text(correct, text), markup=False, classes=verdict_classes(correct))


class _Wrapping:
    """Mixin for RadioButton and Checkbox: the label wraps instead of being cut off.

    Drawn from public parts only (the `label` property, the BUTTON_* glyphs and the
    `toggle--button` component style), so a Textual upgrade keeps it.
    """

    def _lines(self, width: int) -> list[Content]:
        toggle = cast(RadioButton, self)
        inner = max(1, width - 5)  # the button is 3 cells, the label is padded 1 each side
        return toggle.label.wrap(inner) or [Content("")]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def _glyph(self) -> Content:
        toggle = cast(RadioButton, self)  # any ToggleButton: RadioButton or Checkbox
        style = toggle.get_visual_style("toggle--button")
        side = Style(foreground=style.background, background=toggle.background_colors[1])
        return Content.assemble((toggle.BUTTON_LEFT, side), (toggle.BUTTON_INNER, style),
                                (toggle.BUTTON_RIGHT, side))

    def render(self) -> Content:
        toggle = cast(RadioButton, self)
        button = self._glyph()
        label_style = toggle.get_visual_style("toggle--label")
        width = toggle.content_region.width
        lines = []
        for index, line in enumerate(self._lines(width)):
            padded = line.pad(1, 1).stylize_before(label_style)
            lead = button if index == 0 else Content(" " * button.cell_length)
            lines.append(Content.assemble(lead, padded))
        return Content("\n").join(lines)


class WrapRadioButton(_Wrapping, RadioButton):
    """A radio button whose label wraps."""


class WrapCheckbox(_Wrapping, Checkbox):
    """A checkbox whose label wraps; Space ticks it, Enter checks the answer.

    Textual's Checkbox ticks on Enter too, so a learner pressing Enter to submit would
    change their answer instead.
    """

    BINDINGS = [Binding("enter", "submit", N_("Check"), show=False)]

    def action_submit(self) -> None:
        for node in self.ancestors_with_self:
            if isinstance(node, QuizExercise):
                node.check()
                return


class QuizExercise(Vertical):
    """Shared by choice and classify: the Hint and Check buttons, routed the same way."""

    def check(self) -> None:
        raise NotImplementedError

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "hint":
            toggle_hint(self)
        elif event.button.id == "check":
            self.check()


class RatedRows(Vertical):
    """Rate and rubric: one RadioSet per item, named by the item's id, whose choice (the
    button's position, from 1) posts Rated at once; never saves anything itself."""

    def __init__(self, exercise: Exercise, chosen: dict[str, int], kind: str) -> None:
        super().__init__(classes=f"exercise {kind}", id=f"ex-{exercise.id}")
        self.exercise = exercise
        self._chosen = dict(chosen)

    def on_mount(self) -> None:
        self.query_one(".buttons").display = bool(self.exercise.hint)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        item_id = event.radio_set.name or ""
        value = event.index + 1
        if item_id and self._chosen.get(item_id) != value:
            self._chosen[item_id] = value
            self.post_message(Rated(self.exercise.id, item_id, value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "hint":
            toggle_hint(self)
