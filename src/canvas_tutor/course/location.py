"""Where the built-in course pack is, without importing the (slower) loader."""

from __future__ import annotations

from functools import lru_cache
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


@lru_cache(maxsize=4)
def pack_languages(root: Path) -> tuple[str, ...]:
    """The `languages` a pack's manifest lists, first the default; () if it cannot be read.

    Read before the pack is loaded, since the language chooses which lessons to load; a
    manifest with faults gives () here and is reported properly by the loader.
    """
    import tomllib

    try:
        with (Path(root) / "course" / "course.toml").open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, ValueError):
        return ()
    languages = data.get("languages")
    if not isinstance(languages, list):
        return ()
    return tuple(x for x in languages if isinstance(x, str) and x.strip())
