"""One catalogue for every string a person reads, translated when it is shown.

Messages are written in English in the code. Labels that live in class attributes or
module globals (key bindings, export format names) hold the English text marked with
`N_()`, so `pybabel extract` finds them, and are passed through `_()` where they are
drawn: a language chosen after import (`--language`) reaches every one of them.

A language is a gettext `.po` file, `locale/<lang>/LC_MESSAGES/canvas_tutor.po`, read
with Babel when that language is first used (once per process; English reads nothing).
Nothing is compiled at build time, so a source checkout and an installed wheel behave
alike. A catalogue that is missing, unreadable or broken falls back to English: a broken
entry, a fuzzy one, or one whose `{placeholders}` differ from the English, for that
message only; the rest of the file is still used. docs/translating.md has the commands.

Dates and numbers are written by Babel in the active language's own form.
"""

from __future__ import annotations

import contextlib
import io
import os
import string
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # gettext and Babel load only when a language other than English is used
    import gettext

    from babel.core import Locale
    from babel.messages.catalog import Catalog

DOMAIN = "canvas_tutor"
LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE_LANGUAGE = "en"
LANGUAGE_ENV = "CANVAS_TUTOR_LANG"
LOCALE_DIR_ENV = "CANVAS_TUTOR_LOCALE_DIR"  # a folder of catalogues tried first (translators)
SYSTEM_ENV = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX order: the first one set wins

_language = SOURCE_LANGUAGE
_translation: gettext.NullTranslations | None = None  # None: the messages as written


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it (translate where shown)."""
    return message


def _(message: str) -> str:
    """The message in the active language (English when it has no good translation)."""
    if not message or _translation is None:  # gettext("") would be the catalogue's header
        return message
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count`, by the active language's plural rules."""
    if _translation is None:
        return singular if count == 1 else plural
    return _translation.ngettext(singular, plural, count)


def labelled(label: str) -> str:
    """A label before its text ("Why:"), with the colon as the language writes it."""
    # TRANSLATORS: a label before its text ("Why: ..."); French writes "{label} :"
    return _("{label}:").format(label=label)


def pgettext(context: str, message: str) -> str:
    """A message that means something else elsewhere (`context` tells translators which)."""
    if _translation is None:
        return message
    return _translation.pgettext(context, message)


def language() -> str:
    """The active interface language code."""
    return _language


def set_language(code: str | None) -> None:
    """Make `code` the interface language; None or English uses the messages as written."""
    global _language, _translation
    _language = normalise(code) if code else SOURCE_LANGUAGE
    if not valid_code(_language):  # a code names a folder: never `..` or a path
        _language = SOURCE_LANGUAGE
    if _language == SOURCE_LANGUAGE:
        _translation = None
        return
    extra = os.environ.get(LOCALE_DIR_ENV, "")
    _translation = _load(_language, (Path(extra),) if extra else ())


def normalise(code: str) -> str:
    """`es_ES.UTF-8@euro`, `es-ES` and `es_es` all become `es_ES` (`es` stays `es`)."""
    base = code.strip().split(".")[0].split("@")[0].replace("-", "_")
    lang, _sep, region = base.partition("_")
    return f"{lang.lower()}_{region.upper()}" if region else lang.lower()


def valid_code(code: str) -> bool:
    """A language code as folders and BCP 47 spell it: letters, digits, `_` or `-`."""
    return bool(code) and len(code) <= 35 and code[0].isalpha() and all(
        c.isascii() and (c.isalnum() or c in "_-") for c in code)


def _candidates(code: str) -> list[str]:
    lang = code.partition("_")[0]
    return [code] if lang == code else [code, lang]


def catalogue_path(code: str, extra_dirs: Sequence[Path] = ()) -> Path | None:
    """The .po file that translates `code` (its region first, then its language)."""
    for folder in (*extra_dirs, LOCALE_DIR):
        for name in _candidates(code):
            path = folder / name / "LC_MESSAGES" / f"{DOMAIN}.po"
            if path.is_file():
                return path
    return None


def _warn(text: str) -> None:
    from canvas_tutor.text import visible

    print(f"canvas-tutor: warning: {visible(text)}", file=sys.stderr)


def _fields(text: str) -> set[str] | None:
    """The `{names}` a message formats, or None when its braces do not parse."""
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text)
                if name is not None}
    except ValueError:
        return None


def _fits(translation: str, allowed: set[str]) -> bool:
    """A translation formats no placeholder the English does not have (else KeyError)."""
    names = _fields(translation)
    return bool(translation) and names is not None and names <= allowed


def _usable(catalog: Catalog, plural_locale: str | None = None) -> Catalog:
    """A copy holding only entries that cannot break a screen: fuzzy ones, and ones whose
    placeholders are not the English ones, are left out (those messages stay English).

    With `plural_locale`, the file's own Plural-Forms header is replaced by Babel's rules
    for that language (the header was found broken).
    """
    from babel.messages.catalog import Catalog

    good = Catalog(locale=plural_locale, domain=DOMAIN, fuzzy=False)
    if plural_locale is None:
        good.mime_headers = catalog.mime_headers
    for message in catalog:
        if not message.id or message.fuzzy or not message.string:
            continue
        ids = [str(x) for x in message.id] if isinstance(message.id, tuple | list) \
            else [str(message.id)]
        forms = [str(x) for x in message.string] if isinstance(message.string, tuple | list) \
            else [str(message.string)]
        allowed: set[str] = set()
        for msgid in ids:
            allowed |= _fields(msgid) or set()
        if all(_fits(form, allowed) for form in forms):
            good.add(message.id, message.string, context=message.context)
    return good


def _translations(catalog: Catalog) -> gettext.GNUTranslations:
    import gettext

    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@lru_cache(maxsize=8)
def _load(code: str, extra_dirs: tuple[Path, ...] = ()) -> gettext.NullTranslations:
    """Read and check a catalogue once per process; English if there is none."""
    import gettext

    path = catalogue_path(code, extra_dirs)
    if path is None:
        return gettext.NullTranslations()
    from babel.messages.pofile import read_po

    chatter = io.StringIO()  # Babel prints what it skips; say it once, on stderr
    try:
        with path.open("rb") as handle, contextlib.redirect_stdout(chatter):
            catalog = read_po(handle, domain=DOMAIN, ignore_obsolete=True)
    except Exception as exc:  # noqa: BLE001  (any unreadable file: English, not a crash)
        _warn(f"{path}: cannot read this catalogue ({exc}); showing English")
        return gettext.NullTranslations()
    if chatter.getvalue().strip():
        _warn(f"{path}: some entries are broken and stay in English")
    try:
        return _translations(_usable(catalog))
    except (ValueError, SyntaxError, OverflowError, RecursionError):
        _warn(f"{path}: its Plural-Forms header is broken; using the language's own rules")
    for rules in (*_candidates(code), None):
        with contextlib.suppress(Exception):  # a code Babel does not know: try the next
            return _translations(_usable(catalog, rules))
    return gettext.NullTranslations()


def reset() -> None:
    """Forget every catalogue read so far (tests, and a translator's --watch)."""
    _load.cache_clear()
    set_language(_language)


# Choosing the language --------------------------------------------------------------------

def system_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language of the user's locale settings (LC_ALL, LC_MESSAGES, LANG), if any."""
    env = os.environ if environ is None else environ
    for name in SYSTEM_ENV:
        value = env.get(name, "").strip()
        if value:
            return None if value.split(".")[0] in ("C", "POSIX") else normalise(value)
    return None


def match_language(code: str, available: Sequence[str]) -> str | None:
    """The pack's spelling of `code`: the same code, else the same language (es_MX -> es)."""
    wanted = normalise(code)
    by_norm = {normalise(x): x for x in available}
    if wanted in by_norm:
        return by_norm[wanted]
    base = wanted.partition("_")[0]
    if base in by_norm:
        return by_norm[base]
    return next((x for x in available if normalise(x).partition("_")[0] == base), None)


def choose_language(requested: str | None, available: Sequence[str],
                    environ: Mapping[str, str] | None = None) -> tuple[str, str | None]:
    """The language to run in, and a notice when the one asked for is not in the pack.

    Order: `requested` (--language), then CANVAS_TUTOR_LANG, then the system locale
    (LC_ALL, LC_MESSAGES, LANG), then the pack's first language. A language asked for
    by name that the pack lacks gives the pack's first language and a notice; a system
    locale the pack lacks quietly gives the first language (it is a setting of the
    computer, not a request).
    """
    env = os.environ if environ is None else environ
    first = available[0] if available else SOURCE_LANGUAGE
    asked = requested or env.get(LANGUAGE_ENV, "").strip() or None
    if asked:
        found = match_language(asked, available) if available else None
        if found is not None or not available:
            return (found or normalise(asked)), None
        notice = _("This course has no {asked} version; showing it in {shown} "
                   "(it has: {languages}).").format(
            asked=asked, shown=first, languages=", ".join(available))
        return first, notice
    system = system_language(env)
    found = match_language(system, available) if system and available else None
    return (found or first), None


# Dates and numbers ------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _babel_locale(code: str) -> Locale:
    from babel.core import Locale, UnknownLocaleError

    for name in _candidates(code):
        try:
            return Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(SOURCE_LANGUAGE)


def locale() -> Locale:
    """Babel's locale for the active language (English for a code Babel does not know)."""
    return _babel_locale(_language)


def format_date(when: date | datetime, form: str = "medium") -> str:
    """A date as the active language writes it (22 Nov 2026, 22.11.2026, ...)."""
    from babel.dates import format_date as babel_date

    day = when.date() if isinstance(when, datetime) else when
    return babel_date(day, format=form, locale=locale())


def format_datetime(when: datetime, form: str = "medium") -> str:
    """A date and time as the active language writes them, in the time zone given."""
    from babel.dates import format_datetime as babel_datetime

    return babel_datetime(when, format=form, tzinfo=when.tzinfo, locale=locale())


def format_time(when: datetime, form: str = "medium") -> str:
    """A time of day as the active language writes it (14:05:09, 2:05:09 PM, ...)."""
    from babel.dates import format_time as babel_time

    return babel_time(when, format=form, tzinfo=when.tzinfo, locale=locale())


def format_number(number: float, decimals: int | None = None) -> str:
    """A number with the active language's separators (1,234 / 1 234 / 1.234), with
    exactly `decimals` digits after the decimal sign when given (12.5 -> 12,50)."""
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(number, format=pattern, locale=locale())


def html_lang() -> str:
    """The active language as an HTML `lang` value (pt_BR -> pt-BR)."""
    return _language.replace("_", "-")


def format_percent(fraction: float) -> str:
    """A share (0.75) as a percentage in the active language's form (75 %, 75%, %75)."""
    from babel.numbers import format_percent as babel_percent

    return babel_percent(fraction, locale=locale())
