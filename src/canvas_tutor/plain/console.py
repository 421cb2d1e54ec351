"""The terminal as plain mode uses it: lines out, lines in, nothing else.

No colour, no cursor movement, no escape sequence: everything written passes through
`visible`, so a control character in a course or a canvas is shown, never obeyed. Input
is read with `readline` on the raw stream (never the `readline` module, which would send
the terminal escape sequences), so a line of any length arrives whole.
"""

from __future__ import annotations

from typing import TextIO

from canvas_tutor.text import visible


class EndOfInput(Exception):  # noqa: N818 (it is not an error: the learner is done)
    """Standard input ended (Ctrl+D, or the end of a piped script)."""


class Console:
    """Writes lines and prompts, reads answers; echoes them when input is not typed."""

    def __init__(self, stdin: TextIO, stdout: TextIO, *, echo: bool | None = None) -> None:
        self.stdin = stdin
        self.stdout = stdout
        # Typed input is already on the screen; piped input is not, and without an echo a
        # transcript would show every prompt followed by the next one.
        self.echo = (not _is_tty(stdin)) if echo is None else echo
        self.closed = False  # the reader went away (a closed pipe): nothing more to say

    def _write(self, text: str, flush: bool = False) -> None:
        if self.closed:
            return
        try:
            self.stdout.write(text)
            if flush:
                self.stdout.flush()
        except (BrokenPipeError, ValueError):  # ValueError: the stream itself was closed
            self.closed = True

    def say(self, text: str = "") -> None:
        """Print a line (or several): control characters made visible."""
        self._write(visible(text) + "\n")

    def blank(self) -> None:
        """An empty line between two pieces, so a screen reader pauses there."""
        self._write("\n")

    def ask(self, prompt: str) -> str:
        """Show a prompt at the end of the output and read one line; raises EndOfInput
        at the end of input, and when nobody reads the output any more."""
        self._write(visible(prompt), flush=True)
        if self.closed:
            raise EndOfInput
        line = self.stdin.readline()
        if not line:
            self._write("\n", flush=True)
            raise EndOfInput
        line = line.removesuffix("\n").removesuffix("\r")
        if self.echo:
            self._write(visible(line) + "\n")
        return line

    def flush(self) -> None:
        self._write("", flush=True)


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False
