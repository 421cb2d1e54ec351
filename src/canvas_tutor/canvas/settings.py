"""The learner's own settings (the theme, the language), kept between runs in a TOML file.

The only module that reads or writes the settings file. It lives in the user's config
folder (platformdirs), or $CANVAS_TUTOR_CONFIG_DIR. The file is untrusted: a value of the
wrong type, an unknown key or a broken file falls back to the defaults, never an error,
and is replaced on the next save.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from canvas_tutor.atomic import replace_atomically
from canvas_tutor.text import one_line

CONFIG_ENV = "CANVAS_TUTOR_CONFIG_DIR"
MAX_BYTES = 64 * 1024
MAX_NAME = 64
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?")


@dataclass(frozen=True)
class Settings:
    """What is kept: the theme's name and the language code ("" for the defaults)."""

    theme: str = ""
    language: str = ""


def settings_path() -> Path:
    """Where the settings file lives."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override) / "settings.toml"
    from platformdirs import user_config_dir

    return Path(user_config_dir("canvas-tutor", appauthor=False)) / "settings.toml"


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, validated; the defaults when there are none or they are bad."""
    path = path or settings_path()
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return Settings()
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Settings()
    theme = raw.get("theme", "")
    if not isinstance(theme, str) or len(theme) > MAX_NAME:
        theme = ""
    language = raw.get("language", "")
    if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
        language = ""  # a code only: never a path, never text to show
    return Settings(theme=one_line(theme), language=language)


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Keep the settings; False when the disk refuses (a setting is not worth an error)."""
    import tomli_w

    path = path or settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"theme": settings.theme, "language": settings.language}
        replace_atomically(path, tomli_w.dumps(data).encode("utf-8"))
    except OSError:
        return False
    return True
