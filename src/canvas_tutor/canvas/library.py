"""The learner's folder of canvases: where it is, what is in it, and safe new file names.

A learner's name never becomes a path as typed: it is reduced to safe characters, kept
short, kept clear of names Windows reserves, and made unique in its folder.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from canvas_tutor.canvas import SUFFIX
from canvas_tutor.canvas.codes import code_of, matches, new_code
from canvas_tutor.errors import CanvasError

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}
_UNSAFE = re.compile(r"[^a-z0-9]+")
# Letters that NFKD does not split into an ASCII base and a mark, so `encode("ascii",
# "ignore")` would drop them ("Łukasz" -> "ukasz"). Lower case only: the name is folded first.
_NOT_DECOMPOSED = str.maketrans({
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th",
    "ħ": "h", "ı": "i", "ŀ": "l", "ŧ": "t", "ŋ": "ng", "ĸ": "k", "ſ": "s",
})


def data_dir(override: Path | None = None) -> Path:
    """Where canvases live: --data-dir, $CANVAS_TUTOR_DATA_DIR, or the user data folder."""
    if override is not None:
        return Path(override)
    env = os.environ.get("CANVAS_TUTOR_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("canvas-tutor", appauthor=False)) / "canvases"


def safe_stem(name: str, limit: int = 40) -> str:
    """A file-name stem from any text: ASCII letters, digits and '-' only, never empty.

    Letters are transliterated first ("Inès Łukasz" -> "ines-lukasz"), so a name keeps
    its letters instead of losing the ones without an ASCII base.
    """
    lowered = name.lower().translate(_NOT_DECOMPOSED)
    folded = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    stem = _UNSAFE.sub("-", folded).strip("-")[:limit].strip("-")
    if not stem:
        stem = "learner"
    if stem.split("-")[0] in _RESERVED:
        stem = f"my-{stem}"
    return stem


def new_canvas_path(folder: Path, name: str) -> Path:
    """A path in `folder` that does not exist yet, named after the learner."""
    stem = safe_stem(name)
    candidate = folder / f"{stem}{SUFFIX}"
    number = 2
    while candidate.exists() or candidate.with_name(candidate.name + ".lock").exists():
        candidate = folder / f"{stem}-{number}{SUFFIX}"
        number += 1
    return candidate


@dataclass(frozen=True)
class CanvasSummary:
    """What the welcome screen shows about a canvas it found (or why it cannot be read)."""

    path: Path
    name: str = ""
    venture: str = ""
    completed: int = 0
    updated: datetime | None = None
    error: str = ""
    code: str = ""


def find_canvases(folder: Path) -> list[CanvasSummary]:
    """Every canvas in the folder, most recently changed first; broken ones say why."""
    if not folder.is_dir():
        return []
    found: list[CanvasSummary] = []
    paths = list(folder.glob(f"*{SUFFIX}"))
    if paths:  # the reader (and its TOML parser) only when there is something to read
        from canvas_tutor.canvas.store import read_canvas
    for path in paths:
        try:
            canvas = read_canvas(path)
        except CanvasError as exc:
            found.append(CanvasSummary(path=path, error=exc.message))
            continue
        found.append(CanvasSummary(path=path, name=canvas.name, venture=canvas.venture,
                                   completed=len(canvas.progress.completed),
                                   updated=canvas.updated, code=code_of(canvas)))
    found.sort(key=lambda s: (s.updated is None, -(s.updated.timestamp() if s.updated else 0)))
    return found


def find_by_code(folder: Path, typed: str) -> CanvasSummary | None:
    """The canvas in a class folder whose return code is `typed` (any case or spacing)."""
    for summary in find_canvases(folder):
        if not summary.error and matches(summary.code, typed):
            return summary
    return None


def unused_code(folder: Path) -> str:
    """A return code that no canvas in the folder has yet."""
    return new_code(s.code for s in find_canvases(folder))
