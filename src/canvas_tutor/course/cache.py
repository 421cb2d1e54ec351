"""A plain-data (JSON) copy of a loaded course, so that a start need not parse the pack.

Parsing a pack (TOML, front matter, Markdown, and the imports they need) costs most of a
command's start-up; reading the files' bytes costs little. So a course that loaded with
no fault is kept as JSON in the user cache folder, under a key made of the bytes of every
file in the pack's `course/` and `lessons/` folders (symbolic links followed), the
language, and the loader's own code. Any edit gives another key, and the pack is parsed
again.

The file is untrusted input: it is read only if regular and of a sane size, must carry
the digest of its own text, and is decoded field by field against the model's types
(strings free of control characters, ids that are ids, lesson paths inside the pack).
Anything else is ignored: the caller parses the pack instead. No code is ever run from
it. The cache can be deleted at any time; a folder that cannot be written only means
no copy is kept.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from canvas_tutor import __version__
from canvas_tutor.course import model
from canvas_tutor.course.faults import FILE_NAME, ID_PATTERN, MAX_FILE_BYTES
from canvas_tutor.regular import read_regular
from canvas_tutor.text import is_clean

FORMAT = 1
CACHE_ENV = "CANVAS_TUTOR_CACHE_DIR"
_FOLDERS = ("course", "lessons")  # everything the loader reads lives in these two
_MAX_FILES = 5000
_MAX_CACHE_BYTES = 64 * 1024 * 1024


class Invalid(Exception):
    """The cached text is not a course this version would have written."""


def cache_folder() -> Path:
    """The user cache folder: $CANVAS_TUTOR_CACHE_DIR, or the platform's (platformdirs)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("canvas-tutor", appauthor=False))


def _code_stamp() -> bytes:
    """The course package's own code (size and time of each module), so that a changed
    loader in a source checkout never meets a copy written by the old one."""
    folder = Path(__file__).parent
    parts = [__version__, str(FORMAT)]
    for sub in (folder, folder / "exercises"):
        with os.scandir(sub) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    parts.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts).encode()


def pack_key(root: Path, language: str | None, interface: str) -> str | None:
    """The digest of everything a load of this pack depends on; None when a file cannot
    be read plainly (a pipe, a device, a loop of links, too many or too large files):
    the loader then reads the pack itself and says what is wrong."""
    digest = hashlib.sha256(_code_stamp())
    digest.update(f"\0{language or ''}\0{interface}\0".encode())
    count = 0
    for folder in _FOLDERS:
        top = Path(root) / folder
        seen: set[str] = set()
        if not top.is_dir():
            digest.update(f"\0no {folder}\0".encode())
            continue
        for here, dirs, files in os.walk(top, followlinks=True):
            real = os.path.realpath(here)
            if real in seen:  # a link back up the tree: never walked twice
                return None
            seen.add(real)
            dirs.sort()
            for name in sorted(files):
                count += 1
                if count > _MAX_FILES:
                    return None
                path = os.path.join(here, name)
                try:
                    data = read_regular(path, MAX_FILE_BYTES)
                except Exception:  # noqa: BLE001  (not a plain file: no copy, parse it)
                    return None
                relative = os.path.relpath(path, root)
                digest.update(f"\0{relative}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
                digest.update(data)
    return digest.hexdigest()


def _entry(root: Path, language: str | None) -> Path:
    """One file per pack folder and language: a new key replaces the old copy."""
    where = f"{os.path.realpath(root)}\0{language or ''}".encode("utf-8", "surrogateescape")
    return cache_folder() / "courses" / f"{hashlib.sha256(where).hexdigest()[:32]}.json"


# Encoding ---------------------------------------------------------------------------------

def _encode(value: object, root: Path) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name), root) for f in fields(value)
                if not (isinstance(value, model.Course) and f.name == "root")}
    if isinstance(value, tuple):
        return [_encode(x, root) for x in value]
    if isinstance(value, Mapping):
        return {str(k): _encode(v, root) for k, v in value.items()}
    if isinstance(value, Path):
        return value.relative_to(root).as_posix()  # ValueError: not in the pack, not kept
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"cannot keep {type(value).__name__} in the course cache")


def encode(course: model.Course) -> bytes:
    """The course as the cache file's bytes: the digest of the JSON, a newline, the JSON."""
    text = json.dumps({"format": FORMAT, "course": _encode(course, course.root)},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(text).hexdigest().encode() + b"\n" + text


# Decoding: one converter per field, built once from the model's type hints --------------

Convert = Callable[[Any, Path], Any]


def _fail(what: str) -> typing.NoReturn:
    raise Invalid(what)


def _string(value: Any, root: Path) -> str:
    """A string as the loader leaves it: cleaned of control characters (tab, newline kept)."""
    return value if type(value) is str and is_clean(value) else _fail("not a clean string")


def _integer(value: Any, root: Path) -> int:
    return value if type(value) is int else _fail("not a whole number")


def _boolean(value: Any, root: Path) -> bool:
    return value if type(value) is bool else _fail("not true or false")


def _lesson_path(value: Any, root: Path) -> Path:
    """A lesson file of the pack: lessons/<language>/NN-<id>.md, nothing else."""
    parts = PurePosixPath(_string(value, root)).parts
    if len(parts) != 3 or parts[0] != "lessons" or not FILE_NAME.fullmatch(parts[2]) \
            or not ID_PATTERN.fullmatch(parts[1].lower().replace("_", "-")):
        _fail("not a lesson file of the pack")
    return root / parts[0] / parts[1] / parts[2]


def _converter(hint: Any) -> Convert:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is str:
        return _string
    if hint is bool:
        return _boolean
    if hint is int:
        return _integer
    if hint is Path:
        return _lesson_path
    if origin is typing.Literal:
        allowed = frozenset(args)
        return lambda v, root: v if type(v) is str and v in allowed else _fail("not allowed")
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _converter(args[0])
        return lambda v, root: tuple(item(x, root) for x in v) if type(v) is list \
            else _fail("not a list")
    if origin in (Mapping, dict) and args[0] is str:
        value = _converter(args[1])
        return lambda v, root: {_string(k, root): value(x, root) for k, x in v.items()} \
            if type(v) is dict else _fail("not a table")
    if origin in (types.UnionType, typing.Union) and type(None) in args and len(args) == 2:
        other = _converter(next(a for a in args if a is not type(None)))
        return lambda v, root: None if v is None else other(v, root)
    if is_dataclass(hint) and isinstance(hint, type):
        return _record(hint)
    raise TypeError(f"no cache converter for {hint!r}")


@functools.cache
def _record(cls: type) -> Convert:
    hints = typing.get_type_hints(cls, vars(model))
    names = [f.name for f in fields(cls)
             if not (cls is model.Course and f.name == "root")]
    wanted = frozenset(names)
    # Built lazily: a class refers to itself or to one defined later only through others.
    table: list[tuple[str, Convert]] = []

    def convert(value: Any, root: Path) -> Any:
        if type(value) is not dict or value.keys() != wanted:
            _fail(f"not a {cls.__name__}")
        if not table:
            table.extend((name, _converter(hints[name])) for name in names)
        extra = {"root": root} if cls is model.Course else {}
        return cls(**extra, **{name: conv(value[name], root) for name, conv in table})

    return convert


def _check(course: model.Course) -> None:
    """What the loader guarantees beyond types: ids that are ids, every language listed."""
    ids = [course.id, *(x.id for x in course.lessons), *course.canvas.block_ids]
    ids += [ex.id for lesson in course.lessons for ex in lesson.exercises]
    if not all(ID_PATTERN.fullmatch(x) for x in ids) or course.language not in \
            course.languages or any(x.path.parts[-2] not in course.languages
                                    for x in course.lessons):
        _fail("ids or languages out of place")


def decode(data: bytes, root: Path) -> model.Course:
    """The course in a cache file's bytes, checked as untrusted input; Invalid if it is not
    exactly what this version writes."""
    digest, newline, text = data.partition(b"\n")
    if not newline or hashlib.sha256(text).hexdigest().encode() != digest:
        _fail("its digest does not match its text")
    try:
        loaded = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise Invalid(f"not JSON: {exc}") from None
    if type(loaded) is not dict or loaded.keys() != {"format", "course"} \
            or loaded["format"] != FORMAT:
        _fail("another format")
    try:
        course: model.Course = _record(model.Course)(loaded["course"], Path(root))
    except (TypeError, ValueError, AttributeError, RecursionError) as exc:
        raise Invalid(str(exc)) from None
    _check(course)
    return course


# Reading and writing ----------------------------------------------------------------------

def read(root: Path, language: str | None, key: str) -> model.Course | None:
    """The kept copy of this pack for this key, or None (absent, stale or not valid)."""
    path = _entry(root, language)
    try:
        data = read_regular(path, _MAX_CACHE_BYTES)
    except Exception:  # noqa: BLE001  (missing, unreadable, not a file: no copy)
        return None
    stored_key, newline, rest = data.partition(b"\n")
    if not newline or stored_key != key.encode():
        return None
    try:
        return decode(rest, root)
    except Invalid:
        return None


def write(course: model.Course, language: str | None, key: str) -> None:
    """Keep a copy of a course that loaded with no fault; a folder that cannot be written
    (read-only home, full disk) only means the next start parses again."""
    from canvas_tutor.atomic import replace_atomically

    path = _entry(course.root, language)
    try:
        data = key.encode() + b"\n" + encode(course)
        decode(data.partition(b"\n")[2], course.root)  # what is kept must read back
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        replace_atomically(path, data, durable=False, mode=0o600)
    except (OSError, TypeError, ValueError, Invalid):
        return
