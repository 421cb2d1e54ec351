"""Where the built-in course pack is, without importing the (slower) loader."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def builtin_root() -> Path:
    """The course pack that ships with canvas-tutor (inside the wheel, or the source tree)."""
    packaged = Path(str(resources.files("canvas_tutor") / "data"))
    if (packaged / "course" / "course.toml").is_file():
        return packaged
    return Path(__file__).resolve().parents[3]
