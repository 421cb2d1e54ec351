"""Where the built-in course pack is, without importing the (slower) loader."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def builtin_root() -> Path:
    """The course pack that ships with canvas-tutor (inside the wheel, or the source tree).

    The wheel installs the pack as plain files in `canvas_tutor/data`; a path from
    `__file__` finds it without importlib.resources (and its zipfile import) at start-up.
    """
    packaged = _PACKAGE / "data"
    if (packaged / "course" / "course.toml").is_file():
        return packaged
    return _PACKAGE.parents[1]
