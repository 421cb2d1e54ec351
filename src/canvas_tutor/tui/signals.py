"""Closing the terminal (SIGHUP) or stopping the machine (SIGTERM) saves, then exits.

Without this the default action of both signals ends the process at once: the last
half second of typing is never saved, and the terminal is left in the app's screen mode
(the shell's "Terminated" lands in the middle of a text box). asyncio's own signal
handlers run the callback on the app's event loop, where saving is safe.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def install(on_signal: Callable[[str], None]) -> Callable[[], None]:
    """Call `on_signal(name)` on SIGTERM and SIGHUP; returns a function that removes it.

    Where the loop cannot take signal handlers (Windows, a thread that is not the main
    one, as under textual-serve's tests), nothing is installed and the default stays.
    """
    loop = asyncio.get_running_loop()
    installed = []
    for sig in SIGNALS:
        try:
            loop.add_signal_handler(sig, on_signal, sig.name)
        except (NotImplementedError, RuntimeError, ValueError):
            continue
        installed.append(sig)

    def remove() -> None:
        for sig in installed:
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(sig)

    return remove
