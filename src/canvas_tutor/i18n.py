"""One translation function for every string the interface shows.

A second language is a gettext catalogue in `canvas_tutor/locale/<lang>/LC_MESSAGES/
canvas_tutor.mo` plus a lessons folder in the course pack: no code change.
"""

from __future__ import annotations

import gettext
import os
from datetime import date, datetime
from pathlib import Path

DOMAIN = "canvas_tutor"
LOCALE_DIR = Path(__file__).parent / "locale"

_translation: gettext.NullTranslations = gettext.NullTranslations()


def set_language(language: str | None) -> None:
    """Switch the interface language (falls back to English when there is no catalogue)."""
    global _translation
    languages = [language] if language else None
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=languages, fallback=True)


def _(message: str) -> str:
    """Translate an interface string."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a string that depends on a count."""
    return _translation.ngettext(singular, plural, count)


set_language(os.environ.get("CANVAS_TUTOR_LANG"))


def N_(message: str) -> str:
    """Mark a message for the catalogue; it is translated where it is shown."""
    return message


def format_date(when: date | datetime, form: str = "medium") -> str:
    """A date as the current language writes it (Babel), e.g. 1 Dec 2026."""
    from babel.dates import format_date as babel_format_date

    day = when.date() if isinstance(when, datetime) else when
    return str(babel_format_date(day, format=form, locale="en"))
