"""Return codes: a few easy words that let a learner in a served class reopen their canvas.

In a classroom the name a learner types is not an identity (two learners may share one,
and anybody can type anybody's). Each canvas gets a code of three short, common English
words when it is created; the learner sees it on the welcome, on My canvas and in the
exports, and types it to come back. The trainer can list the codes of a class folder
(`canvas-tutor class codes DIR`) for a learner who lost theirs.

Three words from a list of 259 give 17 million codes: a guess that hits one of thirty
canvases in a class is about one in half a million, and the welcome slows guessing down.
The code is kept in the canvas file (`[learner] code`), so it travels with the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.text import one_line

WORDS_PER_CODE = 3
KEY = "code"

# Short, concrete, easy to spell and to say; no two alike in sound or spelling where it
# could be avoided; nothing rude in any of the languages the team checked.
_WORD_LIST = """
apple arm baby bag ball bank bath bean bear bed bee bell belt bike bird boat body bone
book boot bowl box bread brick bus cake camel car card cat chair cheese chip city clock
cloud coat coin corn cow cup desk dog door dress drum duck egg farm fish flag floor flower
fork fox frog garden gate gift girl glass goat gold grape grass hand hat heart hill horse
house ice jam jar juice key king kite lake lamp leaf leg lemon lion lip map milk moon
mouse nest net night nose oil onion orange owl page pan paper park pear pen pencil pig pin
pizza plane plant plate pot queen rain rice ring river road rock roof room rope rose salt
sand school sea seed sheep ship shirt shoe shop sink sky snow sock sofa soup spoon star
stone street sugar sun table tea tent tiger toe tomato tooth town toy train tree truck van
wall watch water wave whale wheel wind window wolf wood zebra blue green red pink brown
black white grey happy quick calm warm cold soft loud tall small big long new old fresh
sweet bright dark early late round flat kind brave busy clean dry wet fast slow wild free
full open one two three four five six seven eight nine ten twelve twenty hundred baker
beach bottle bridge butter candle carrot circle cookie corner cotton dinner dragon feather
forest guitar hammer island jacket ladder letter lunch mango market melon mirror music
number ocean panda pepper piano pillow planet pocket rabbit rocket
"""
WORDS: tuple[str, ...] = tuple(_WORD_LIST.split())

_SEPARATORS = re.compile(r"[\s\-_.,;:/]+")


def new_code(taken: Iterable[str] = ()) -> str:
    """A fresh code that is not in `taken` (compared as `normalise` does)."""
    import secrets  # only a new code needs it; exports that show one do not

    used = {normalise(c) for c in taken}
    while True:
        code = "-".join(secrets.choice(WORDS) for _ in range(WORDS_PER_CODE))
        if code not in used:
            return code


def normalise(text: str) -> str:
    """A code as typed ("Sun Tree  7", "sun-tree-7") in the one form codes are compared in."""
    words = _SEPARATORS.split(one_line(text).casefold())
    return "-".join(w for w in words if w)


def code_of(canvas: Canvas) -> str:
    """The canvas's return code, or '' for a canvas made outside a served class."""
    value = canvas.learner_extra.get(KEY, "")
    return normalise(value) if isinstance(value, str) else ""


def set_code(canvas: Canvas, code: str) -> None:
    """Give the canvas its return code (kept in the file with the learner's name)."""
    canvas.learner_extra[KEY] = normalise(code)


def matches(canvas_code: str, typed: str) -> bool:
    """Whether a typed code opens a canvas (constant time, so timing tells nothing)."""
    if not canvas_code:
        return False
    import secrets

    return secrets.compare_digest(normalise(canvas_code).encode(), normalise(typed).encode())
