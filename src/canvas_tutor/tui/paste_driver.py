"""A terminal driver whose bracketed pastes arrive whole, whatever they contain.

Textual's input parser reads an ESC inside a bracketed paste as the start of a key
sequence: the characters after it come out as key presses (ESC itself as "^") before the
paste event, which then holds only the text before the first ESC. A pasted
"abc<ESC>def" was saved as "^defabc". Canvas text keeps no control characters anyway,
so this driver removes them from inside a paste (between ESC[200~ and ESC[201~) before
the parser sees the bytes: the paste is saved exactly as pasted, less control characters.
Outside a paste nothing is held back or changed (a lone Escape key stays a key).
The browser classroom gets the same filter in its own driver (`web_driver`).
"""

from __future__ import annotations

import contextlib
import os
import re
import selectors
from codecs import getincrementaldecoder

from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
# Inside a paste: C0 but tab, newline and carriage return (the widget turns CR LF into a
# line break), DEL and C1. ESC is handled apart: it may begin the closing marker.
_IN_PASTE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]")


class PasteFilter:
    """Clean the inside of bracketed pastes in a stream of decoded terminal input."""

    def __init__(self) -> None:
        self.inside = False
        self._held = ""  # inside a paste: a tail that may be the start of PASTE_END
        self._tail = ""  # outside: the last characters seen, to find a split PASTE_START

    def feed(self, data: str) -> str:
        """The input to hand to the parser: `data` with every paste's inside cleaned."""
        out: list[str] = []
        text = self._held + data
        self._held = ""
        i = 0
        while i < len(text):
            if not self.inside:
                seen = self._tail + text[i:]
                start = seen.find(PASTE_START)
                if start < 0:
                    out.append(text[i:])
                    self._tail = seen[-(len(PASTE_START) - 1):]
                    break
                end = start + len(PASTE_START) - len(self._tail)  # index in text[i:]
                out.append(text[i:i + end])
                i += end
                self._tail = ""
                self.inside = True
                continue
            esc = text.find("\x1b", i)
            if esc < 0:
                out.append(_IN_PASTE.sub("", text[i:]))
                break
            out.append(_IN_PASTE.sub("", text[i:esc]))
            rest = text[esc:esc + len(PASTE_END)]
            if rest == PASTE_END:
                out.append(PASTE_END)
                self.inside = False
                i = esc + len(PASTE_END)
            elif PASTE_END.startswith(rest) and esc + len(rest) == len(text):
                self._held = rest  # the marker may be split across two reads
                break
            else:
                i = esc + 1  # an ESC pasted as text: dropped, what follows it kept
        return "".join(out)


class PasteSafeDriver(LinuxDriver):
    """The Linux/macOS terminal driver, with pastes cleaned before they are parsed.

    `run_input_thread` is LinuxDriver's own loop (Textual 8) with one step added: the
    decoded input goes through a PasteFilter before the parser. Textual offers no hook
    between reading and parsing, so the loop is restated here; it uses the same parser.
    """

    def run_input_thread(self) -> None:
        """Wait for input, clean the inside of pastes, and dispatch events."""
        from textual._xterm_parser import XTermParser  # the parser LinuxDriver itself uses

        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        paste = PasteFilter()
        decode = getincrementaldecoder("utf-8")().decode

        def process(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for index, (_key, mask) in enumerate(ready):
                if mask & selectors.EVENT_READ:
                    last = index == len(ready) - 1
                    data = decode(os.read(self.fileno, 1024 * 4), final=final and last)
                    if not data:
                        break
                    for event in parser.feed(paste.feed(data)):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(0.1))
            selector.unregister(self.fileno)
            process(selector.select(0.1), final=True)
        finally:
            selector.close()
            with contextlib.suppress(Exception):
                for _event in parser.feed(""):
                    pass


def web_driver() -> type[Driver]:
    """The browser classroom's driver (textual-serve), with pastes cleaned the same way.

    In the browser, xterm.js wraps a paste in the same ESC[200~ ... ESC[201~ markers and
    Textual's web driver hands the bytes to the same parser, so a paste with an ESC was
    scrambled there too. Built on first use: only a served session imports the web driver.
    """
    from textual.drivers.web_driver import WebDriver

    class PasteSafeWebDriver(WebDriver):
        """Textual's web driver; `run_input_thread` restated with a PasteFilter added."""

        def run_input_thread(self) -> None:
            from textual._xterm_parser import XTermParser  # as the web driver's own loop
            from textual.drivers._byte_stream import ByteStream
            from textual.drivers.web_driver import _ExitInput

            reader = self._input_reader
            parser = XTermParser(debug=self._debug)
            paste = PasteFilter()
            decode = getincrementaldecoder("utf-8")().decode
            stream = ByteStream()  # stdin data ("D") and meta packets ("M") in one stream
            try:
                for data in reader:
                    if data:
                        for packet_type, payload in stream.feed(data):
                            if packet_type == "D":
                                for event in parser.feed(paste.feed(decode(payload))):
                                    self.process_message(event)
                            else:
                                self._on_meta(packet_type, payload)
                    for event in parser.tick():
                        self.process_message(event)
            except _ExitInput:
                pass
            except Exception:  # as the web driver does: log it, never kill the session
                from traceback import format_exc

                from textual import log

                log(format_exc())
            finally:
                reader.close()

    return PasteSafeWebDriver
