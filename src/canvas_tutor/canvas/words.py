"""Crude, predictable word matching for the canvas coach.

The coach has to explain itself, so matching is deliberately simple: lower-case words,
hyphens and apostrophes dropped, a light English stemmer, stop words ignored. A learner can
always see why two notes matched (or did not) by looking at the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[^\W_]+")
_STOP = """
a about above after again all also am an and any are as at be because been before being
both but by can could did do does doing done down each even every few for from further get
gets got had has have having he her here hers him his how i if in into is it its itself
just less like make makes many may me more most much must my no nor not now of off often on
once one only or other our ours out over own per same she should so some such than that the
their them then there these they this those through to too under until up us very via was
we were what when where which while who whom why will with within without would yet you
your yours new good best better lot lots way ways thing things eg ie etc
"""
STOP_WORDS = frozenset(_STOP.split())


def tokens(text: str) -> list[str]:
    """Lower-case words, with hyphens and apostrophes removed inside words."""
    folded = text.casefold().replace("-", "").replace("'", "").replace("\u2019", "")
    return _WORD.findall(folded)


def stem(word: str) -> str:
    """A light suffix stripper: repairs/repairing/repaired -> repair, clothes/clothing -> cloth."""
    w = word
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if len(w) > 4 and w.endswith("y"):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if len(w) - len(suffix) >= 3 and w.endswith(suffix):
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # planning -> plann -> plan
            break
    if len(w) > 4 and w.endswith("er"):
        w = w[:-2]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def content_words(text: str) -> set[str]:
    """Stems of the words that carry meaning (no stop words, no numbers, no 1-2 letters)."""
    return {stem(t) for t in tokens(text) if len(t) > 2 and t not in STOP_WORDS
            and not t.isdigit()}


def overlap(left: Iterable[str], right: Iterable[str]) -> set[str]:
    """The content words two groups of notes share."""
    a: set[str] = set()
    for text in left:
        a |= content_words(text)
    b: set[str] = set()
    for text in right:
        b |= content_words(text)
    return a & b


def _hit(token: str, keyword: str) -> bool:
    if token == keyword or token in (keyword + "s", keyword + "es"):
        return True
    return len(keyword) >= 5 and token.startswith(keyword)


def mentions(texts: Iterable[str], keywords: Iterable[str]) -> str | None:
    """The first keyword found in the texts, or None.

    A keyword of five letters or more matches as a prefix ("moderat" finds "moderation");
    a shorter one must be the whole word or its plural ("app" finds "apps", not "apparel").
    A keyword of several words must appear as consecutive words.
    """
    words = [tokens(t) for t in texts]
    for keyword in keywords:
        parts = tokens(keyword)
        if not parts:
            continue
        for seq in words:
            for i in range(len(seq) - len(parts) + 1):
                if all(_hit(seq[i + j], p) for j, p in enumerate(parts)):
                    return keyword
    return None


def normalise(text: str) -> str:
    """A note reduced for equality checks: case, punctuation and spacing ignored."""
    return " ".join(tokens(text))
