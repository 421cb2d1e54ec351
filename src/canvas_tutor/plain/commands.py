"""The words plain mode understands at a prompt, with their one-letter short forms.

One table serves both the parser and `help`, so the list a learner reads is the list
that works. The words are English: like a program's keys, they stay the same in every
language, while their explanations are translated when shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from canvas_tutor.i18n import N_, _
from canvas_tutor.plain.prose import full_stop


@dataclass(frozen=True)
class Command:
    """A command: its word, its short form, what it takes and what it does."""

    name: str
    short: str
    argument: str  # shown in help ("N", "[FORMAT]"), or ""
    about: str  # untranslated; translated when help is shown
    short_said: str = ""  # the short form's name, when it is a sign speech passes over

    def usage(self) -> str:
        word = f"{self.name} {self.argument}".strip()
        if not self.short:
            return word
        if self.short_said:  # "help (?)" is heard "help": the sign is named as well
            return f"{word} ({self.short}, {_(self.short_said)})"
        return f"{word} ({self.short})"


COMMANDS: tuple[Command, ...] = (
    Command("help", "?", "", N_("list these commands"),
            # TRANSLATORS: the name of the sign "?", for speech, which passes over it
            N_("question mark")),
    Command("next", "n", "", N_("go to the next lesson")),
    Command("back", "b", "", N_("go back to the previous lesson")),
    Command("lessons", "l", "", N_("list the lessons, with what you have done")),
    Command("go", "g", "N", N_("go to lesson number N")),
    Command("skip", "s", "", N_("stop reading and go to the next exercise")),
    Command("repeat", "r", "", N_("read the last passage or question again")),
    Command("hint", "h", "", N_("a hint for the current exercise")),
    Command("compare", "m", "", N_("your answer beside the case's answer")),
    Command("canvas", "c", "", N_("your canvas, read out block by block")),
    Command("coach", "k", "", N_("advice on where your blocks do not fit together yet")),
    Command("export", "x", "[FORMAT]", N_("save a copy of your canvas as html, md or json")),
    Command("quit", "q", "", N_("save and leave; next time you continue here")),
)

_BY_WORD = {word: cmd for cmd in COMMANDS for word in (cmd.name, cmd.short) if word}


def parse(line: str) -> tuple[Command, str] | None:
    """The command a line asks for, with its argument; None if it is not a command.

    Only a whole line counts: "next" is a command, "next month we open" is an answer.
    A command that takes no argument is not a command with one.
    """
    words = line.strip().split(maxsplit=1)
    if not words:
        return None
    command = _BY_WORD.get(words[0].casefold())
    if command is None:
        return None
    argument = words[1].strip() if len(words) > 1 else ""
    if argument and not command.argument:
        return None
    if command.name == "go" and argument and not argument.isdigit():
        return None
    return command, argument


def help_lines() -> list[str]:
    """The commands, one per line, for `help`.

    Each line is one sentence, "next (n): go to the next lesson.": no columns padded
    with spaces (a braille line of 40 cells would spend half of them on blanks), and a
    full stop at the end, so speech pauses before the next command.
    """
    lines = [_("Commands (type the word or its short form, then Enter):")]
    for cmd in COMMANDS:
        lines.append(full_stop(f"  {cmd.usage()}: {_(cmd.about)}"))
    lines.append(_("Enter alone goes on. At a question, a line that is only a command runs "
                   "it; anything else is your answer."))
    return lines
