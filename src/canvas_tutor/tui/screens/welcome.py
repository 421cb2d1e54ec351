"""Welcome: start a new canvas (name, venture) or resume one found in the data folder."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from canvas_tutor.canvas.library import CanvasSummary, find_canvases, new_canvas_path
from canvas_tutor.i18n import _, format_datetime, format_number, ngettext
from canvas_tutor.text import one_line, visible
from canvas_tutor.tui.app import CLASS_LOCK_WAIT
from canvas_tutor.tui.screens.base import TutorScreen
from canvas_tutor.tui.widgets.key_bar import KeyBar
from canvas_tutor.tui.widgets.title_bar import TitleBar

MAX_NAME = 80


class WelcomeScreen(TutorScreen[None]):
    """The first screen: who is learning, about which venture."""

    # Enter in the name box moves on to the venture as a priority binding, run by the app
    # before it hands the next key to a widget. Input.Submitted is a message that the
    # name box handles only after the keys already queued behind Enter, and Widget.focus()
    # waits for call_later, so keys typed fast ("name⏎venture") landed in the name box.
    BINDINGS = [Binding("enter", "to_venture", show=False, priority=True)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_venture":  # only from the name box; elsewhere Enter is as usual
            focused = self.focused
            return isinstance(focused, Input) and focused.id == "name"
        return True

    def action_to_venture(self) -> None:
        self.set_focus(self.query_one("#venture", Input))  # now, not after the queue


    def __init__(self) -> None:
        super().__init__()
        self._found: list[CanvasSummary] = []
        self._misses = 0
        self._locked_until = 0.0

    def compose(self) -> ComposeResult:
        # In a served classroom the folder is shared: nobody sees the others' canvases.
        self._found = [] if self.tutor.fixed_folder else find_canvases(self.tutor.data_dir)
        course = self.tutor.course
        yield TitleBar()
        with VerticalScroll(id="welcome") as scroll:
            # A click beside a field must leave the keyboard in the field, not on the
            # scroll area (typing went nowhere); the fields scroll into view on focus.
            scroll.can_focus = False
            yield Static(course.title, classes="title", markup=False)
            yield Static(_("Learn the {canvas} one block at a time, and leave with your own "
                           "canvas.").format(canvas=course.canvas.title), classes="muted",
                         markup=False)
            if not self.tutor.fixed_folder:  # a browser learner cannot start another mode
                yield Static(_("Screen reader or braille? Run canvas-tutor --plain for "
                               "plain text."),
                             id="plain-hint", classes="muted", markup=False)
            if len(course.languages) > 1:  # the pack's editions, each with its own words
                with Horizontal(id="languages"):
                    yield Static(_("Language"), classes="label", markup=False)
                    # One button opening a dialog: a Select built its list for every
                    # learner before the first frame (see language_dialog.py).
                    yield Button(f"{course.language} ▾", id="language", compact=True)
            if self._found:  # first launch: nothing to resume, nothing to draw
                with Vertical(id="resume", classes="card"):
                    yield Static(_("Continue where you left off"), classes="panel-title",
                                 markup=False)
                    yield OptionList(id="canvases")
            with Vertical(id="new", classes="card"):
                heading = _("Or start a new canvas") if self._found else _("Start a new canvas")
                yield Static(heading, classes="panel-title", markup=False)
                yield Static(_("Your name"), markup=False)
                yield Input(id="name", max_length=MAX_NAME, compact=True)
                yield Static(_("Your business idea, in a few words"), markup=False)
                yield Input(id="venture", max_length=MAX_NAME * 2, compact=True)
                yield Button(_("Start"), id="start", variant="primary", compact=True)
            if self.tutor.fixed_folder:  # a served class: the way back, said on every page
                yield from self._return_card()
            if course.outcomes:
                with Vertical(id="outcomes", classes="card"):
                    yield Static(_("By the end you will be able to"), classes="panel-title",
                                 markup=False)
                    yield Static("\n".join(f"• {o.text}" for o in course.outcomes),
                                 markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        if len(self.tutor.course.languages) > 1:
            self.call_after_refresh(self._name_languages)
        total = len(self.tutor.course.lessons)
        first: Widget = self.query_one("#name", Input)
        if self._found:
            options = self.query_one("#canvases", OptionList)
            # Dates and numbers in the language's form need Babel's locale data (tens of ms
            # on first use): the list is drawn without them, and completed after the frame.
            options.add_options(Option(self._describe(s, total, localised=False))
                                for s in self._found)
            options.highlighted = self._asked_index()
            first = options
            self.call_after_refresh(self._localise_list, total)
        path = self.tutor.canvas_path
        if path is not None and not path.exists():
            self.notify(_("{file} does not exist yet: type your name to create it.").format(
                file=visible(path.name)), timeout=8, markup=False)
        if self.tutor.fixed_folder:  # a browser: keys typed as the page opens count
            first.focus()
        else:
            self.call_after_refresh(first.focus)  # paint first: focusing redraws the footer

    def _asked_index(self) -> int:
        """The canvas of --canvas in the list (the cursor starts there), else the newest."""
        asked = self.tutor.canvas_path
        if asked is not None:
            from canvas_tutor.canvas.store import real_path

            target = real_path(asked)
            for index, summary in enumerate(self._found):
                if real_path(summary.path) == target:
                    return index
        return 0

    def start_new(self) -> None:
        """The cursor in the name box of "Start a new canvas"."""
        self.set_focus(self.query_one("#name", Input))

    def _return_card(self) -> ComposeResult:
        with Vertical(id="return", classes="card"):
            yield Static(_("Coming back to your canvas?"), classes="panel-title", markup=False)
            yield Static(_("Type the return code of three words you got when you started "
                           "(after a reload, or on another computer). Lost it? Ask your "
                           "trainer."), classes="muted", markup=False)
            with Horizontal(id="code-row"):
                yield Input(id="code", max_length=MAX_NAME, compact=True,
                            placeholder=_("your return code, e.g. sun-tree-seven"))
                yield Button(_("Open my canvas"), id="reopen", compact=True)

    def _localise_list(self, total: int) -> None:
        options = self.query_one("#canvases", OptionList)
        for index, summary in enumerate(self._found):
            options.replace_option_prompt_at_index(index, self._describe(summary, total))

    @staticmethod
    def _describe(summary: CanvasSummary, total: int, *, localised: bool = True) -> Text:
        if summary.error:
            return Text(f"{visible(summary.path.name)}: {summary.error}", style="italic")
        number = format_number if localised else str
        # the learner's own clock, in their language's form
        when = (format_datetime(summary.updated.astimezone(), "short")
                if summary.updated and localised else "")
        venture = f" · {summary.venture}" if summary.venture else ""
        done = ngettext("{done} of {total} lesson done", "{done} of {total} lessons done",
                        total).format(done=number(summary.completed), total=number(total))
        return Text(f"{summary.name or visible(summary.path.stem)}{venture}\n  {done}"
                    + (f" · {when}" if when else ""))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "name":
            self.query_one("#venture", Input).focus()
        elif event.input.id == "code":
            self._reopen()
        else:
            self._start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self._start()
        elif event.button.id == "reopen":
            self._reopen()
        elif event.button.id == "language":
            self.choose_language()

    def _reopen(self) -> None:
        """Open the class canvas whose return code was typed; guessing is slowed down."""
        from canvas_tutor.canvas.library import find_by_code

        field = self.query_one("#code", Input)
        typed = one_line(field.value)
        if not typed:
            self.notify(_("Please type your return code first."), severity="warning")
            field.focus()
            return
        if self.monotonic() < self._locked_until:
            self.notify(_("Please wait a few seconds, then try again."), severity="warning")
            return
        found = find_by_code(self.tutor.data_dir, typed)
        if found is None:
            self._misses += 1
            self._locked_until = self.monotonic() + min(2 ** self._misses, 60)
            self.notify(_("No canvas has this return code. Check the words, or ask your "
                          "trainer to look it up."), severity="warning", timeout=8)
            return
        self.tutor.open_canvas(found.path, wait=CLASS_LOCK_WAIT)

    @staticmethod
    def monotonic() -> float:
        import time

        return time.monotonic()

    def _start(self) -> None:
        name = one_line(self.query_one("#name", Input).value)
        venture = one_line(self.query_one("#venture", Input).value)
        if not name:
            self.notify(_("Please type your name first."), severity="warning")
            self.query_one("#name", Input).focus()
            return
        app = self.tutor
        if app.fixed_folder:  # a served class: a new canvas for every start, with its code
            from canvas_tutor.canvas.library import unused_code

            app.create_canvas(new_canvas_path(app.data_dir, name), name, venture,
                              code=unused_code(app.data_dir))
            return
        path = app.canvas_path
        if path is None or path.exists():
            path = new_canvas_path(app.data_dir, name)
        app.create_canvas(path, name, venture)

    def _name_languages(self) -> None:
        """The language in its own words (Babel's data loads after the first frame)."""
        from canvas_tutor.tui.screens.language_dialog import language_name

        button = self.query_one("#language", Button)
        button.label = f"{language_name(self.tutor.course.language)} ▾"
        button.tooltip = _("Choose the language of the course")

    def choose_language(self) -> None:
        """The course's languages in a dialog; the one chosen switches everything."""
        from canvas_tutor.tui.screens.language_dialog import LanguageDialog

        course = self.tutor.course

        def chosen(code: str | None) -> None:
            if code and code != course.language:
                self.tutor.switch_language(code)

        self.app.push_screen(LanguageDialog(tuple(course.languages), course.language), chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        summary = self._found[event.option_index]
        self.tutor.open_canvas(summary.path)
