"""Let keys that arrived with Ctrl+Q reach the canvas before the final save.

Why the last key was lost: the terminal driver turns one read (`...ZQ4` then Ctrl+Q, as a
paste or a slow SSH link delivers them) into key events on the app's queue, in order. The
app forwards "4" to the focused TextArea's own queue and goes on to Ctrl+Q, a priority
binding it runs at once, on its own task: the TextArea has not handled "4" yet, and its
Changed message still has to bubble to the exercise and the lesson screen, each with its
own queue, before the model holds it. The quit saved the model as it was, then closed
the widgets with "4" still queued.

`settle` waits, hop by hop, until the focused widget and every ancestor up to the screen
have handled what they were sent, using only `call_later` (a callback queued behind the
messages already waiting): then the model has every key that came before the quit.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen

HOP_TIMEOUT = 0.5  # a widget busy for longer than this is not waiting on a key


async def _handled(node: DOMNode) -> None:
    """Return once `node` has handled every message queued for it before this call."""
    done = asyncio.Event()
    if node.call_later(done.set):
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(done.wait(), HOP_TIMEOUT)


async def settle(app: App[Any]) -> None:
    """Let the focused widget and its ancestors handle every message already sent to them.

    Each round moves a message at least one hop (widget -> parent -> ... -> screen), and
    a handler may post a new message of its own (TextArea.Changed becomes AnswerChanged),
    so the chain is walked once per hop, plus one.
    """
    focused = app.focused
    if focused is None:
        return
    chain = [node for node in focused.ancestors_with_self if not isinstance(node, App)]
    if not any(isinstance(node, Screen) for node in chain):
        return
    for _round in range(len(chain) + 2):
        for node in chain:
            await _handled(node)
