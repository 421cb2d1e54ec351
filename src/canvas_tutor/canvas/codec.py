"""Turn canvas-file text into a Canvas and back, with errors that say file, line and what.

Pure functions, no disk access: the store reads and writes, the codec only converts.
"""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from canvas_tutor.canvas.model import (
    FORMAT,
    FORMAT_VERSION,
    BlockWork,
    Canvas,
    Progress,
    QuizResult,
)
from canvas_tutor.errors import CanvasError
from canvas_tutor.i18n import _
from canvas_tutor.text import clean_data, one_line, strip_controls
from canvas_tutor.tomlines import key_lines, line_for, toml_reason

_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def decode_bytes(path: Path, data: bytes) -> str:
    """Check encoding problems a learner can actually cause and explain them."""
    if not data.strip():
        raise CanvasError(path, _("the file is empty (it may have been cut off while "
                                  "saving)"), 1)
    if data.startswith(b"\xef\xbb\xbf"):
        raise CanvasError(
            path, _("the file starts with a byte-order mark (BOM): save it as UTF-8 without "
                    "BOM"), 1
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CanvasError(path, _("the file is UTF-16: save it as UTF-8"), 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CanvasError(
            path, _("the file is not UTF-8 (byte 0x{byte}): save it as UTF-8").format(
                byte=f"{data[exc.start]:02x}"), line
        ) from None


def parse_toml(path: Path, text: str) -> dict[str, Any]:
    """Parse TOML, turning the parser's message into a CanvasError with its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_LINE.search(msg)
        line = int(m.group(1)) if m else None
        if line is None and "end of document" in msg:
            line = max(1, len(text.splitlines()))
        raise CanvasError(path, _("not valid TOML: {reason}").format(reason=toml_reason(msg)),
                          line) from None
    except RecursionError:  # tomllib recurses once per nesting level
        raise CanvasError(path, _("not valid TOML: values are nested too deeply")) from None


class _Reader:
    """Pull typed values out of the parsed TOML, collecting what it doesn't know."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self._lines: dict[str, int] | None = None

    def fail(self, dotted: str, message: str) -> CanvasError:
        if self._lines is None:  # only scanned when something is wrong
            self._lines = key_lines(self.text)
        return CanvasError(self.path, message, line_for(self._lines, dotted))

    def table(self, data: dict[str, Any], key: str, dotted: str) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(dotted, _("'{key}' must be a table").format(key=dotted))
        return value

    def string(self, data: dict[str, Any], key: str, dotted: str, default: str = "") -> str:
        value = data.get(key, default)
        if not isinstance(value, str):
            raise self.fail(dotted, _("'{key}' must be a string, not {kind}").format(
                key=dotted, kind=type(value).__name__))
        return value

    def strings(self, data: dict[str, Any], key: str, dotted: str) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(dotted, _("'{key}' must be a list of strings").format(key=dotted))
        return list(value)

    def when(self, data: dict[str, Any], key: str, dotted: str) -> datetime:
        value = data.get(key)
        if value is None:
            return datetime(1970, 1, 1, tzinfo=UTC)
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, tzinfo=UTC)
        raise self.fail(dotted, _("'{key}' must be a date and time like "
                                  "2026-11-22T09:30:00Z").format(key=dotted))


_TOP_KEYS = {"format", "format_version", "course", "language", "created", "updated",
             "learner", "progress", "blocks"}


def canvas_from_text(path: Path, text: str) -> Canvas:
    """Build a Canvas from a file's text; raise CanvasError on any fault."""
    data = parse_toml(path, text)
    r = _Reader(path, text)
    fmt = data.get("format")
    if fmt != FORMAT:
        raise r.fail("format", _("not a canvas-tutor canvas (format should be "
                                 "'{format}')").format(format=FORMAT))
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise r.fail("format_version", _("'format_version' must be a whole number, 1 or "
                                         "more"))
    if version > FORMAT_VERSION:
        raise r.fail(
            "format_version",
            _("written by a newer canvas-tutor (format_version {version}; this version "
              "reads {known}): update canvas-tutor to open it").format(
                version=version, known=FORMAT_VERSION),
        )
    course = strip_controls(r.string(data, "course", "course"))
    if not course:
        raise r.fail("course", _("'course' is missing: which course is this canvas for?"))
    learner = r.table(data, "learner", "learner")
    canvas = Canvas(
        course=course,
        language=strip_controls(r.string(data, "language", "language", "en")),
        created=r.when(data, "created", "created"),
        updated=r.when(data, "updated", "updated"),
        name=one_line(r.string(learner, "name", "learner.name")),
        venture=one_line(r.string(learner, "venture", "learner.venture")),
        format_version=version,
        extra=_kept(data, _TOP_KEYS),
        learner_extra=_kept(learner, {"name", "venture"}),
    )
    canvas.progress = _progress(r, r.table(data, "progress", "progress"))
    for block_id, raw in r.table(data, "blocks", "blocks").items():
        canvas.blocks[strip_controls(block_id)] = _block(r, block_id, raw)
    return canvas


def _kept(data: dict[str, Any], known: set[str]) -> dict[str, Any]:
    """Keys this version does not know, kept for the next save, their text cleaned."""
    return cast("dict[str, Any]", clean_data({k: v for k, v in data.items()
                                                   if k not in known}, keys=True))


def _progress(r: _Reader, raw: dict[str, Any]) -> Progress:
    quiz: dict[str, QuizResult] = {}
    for qid, item in r.table(raw, "quiz", "progress.quiz").items():
        dotted = f"progress.quiz.{qid}"
        if not isinstance(item, dict):
            raise r.fail(dotted, _("'{key}' must be a table").format(key=dotted))
        attempts = item.get("attempts", 0)
        correct = item.get("correct", False)
        first = item.get("first_try")
        if not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 0:
            raise r.fail(f"{dotted}.attempts", _("'{key}' must be a whole number").format(
                key=f"{dotted}.attempts"))
        if not isinstance(correct, bool) or not (first is None or isinstance(first, bool)):
            raise r.fail(f"{dotted}.correct", _("'{key}' must be true or false").format(
                key=f"{dotted}.correct"))
        quiz[strip_controls(qid)] = QuizResult(
            answer=[strip_controls(a) for a in r.strings(item, "answer", f"{dotted}.answer")],
            correct=correct,
            attempts=attempts,
            first_try=first,
            extra=_kept(item, {"answer", "correct", "attempts", "first_try"}),
        )
    ratings: dict[str, dict[str, int]] = {}
    for rid, item in r.table(raw, "ratings", "progress.ratings").items():
        dotted = f"progress.ratings.{rid}"
        if not isinstance(item, dict):
            raise r.fail(dotted, f"'{dotted}' must be a table")
        for key, value in item.items():
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
                raise r.fail(f"{dotted}.{key}", _("'{key}' must be a whole number from 1 to "
                                                  "5").format(key=f"{dotted}.{key}"))
        ratings[strip_controls(rid)] = {strip_controls(k): v for k, v in item.items()}
    return Progress(
        current=strip_controls(r.string(raw, "current", "progress.current")),
        completed=[strip_controls(c) for c in r.strings(raw, "completed", "progress.completed")],
        quiz=quiz,
        ratings=ratings,
        extra=_kept(raw, {"current", "completed", "quiz", "ratings"}),
    )


def _block(r: _Reader, block_id: str, raw: Any) -> BlockWork:
    dotted = f"blocks.{block_id}"
    if not isinstance(raw, dict):
        raise r.fail(dotted, _("'{key}' must be a table").format(key=dotted))
    answers_raw = r.table(raw, "answers", f"{dotted}.answers")
    answers: dict[str, str] = {}
    for key, value in answers_raw.items():
        if not isinstance(value, str):
            raise r.fail(f"{dotted}.answers.{key}", _("'{key}' must be a string").format(
                key=f"{dotted}.answers.{key}"))
        answers[strip_controls(key)] = strip_controls(value)
    return BlockWork(
        notes=[one_line(n) for n in r.strings(raw, "notes", f"{dotted}.notes")],
        types=[strip_controls(t) for t in r.strings(raw, "types", f"{dotted}.types")],
        answers=answers,
        extra=_kept(raw, {"notes", "types", "answers"}),
    )


def canvas_to_dict(canvas: Canvas) -> dict[str, Any]:
    """The canvas as plain data in the file's key order (known keys first, then extras)."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "course": canvas.course,
        "language": canvas.language,
        "created": canvas.created,
        "updated": canvas.updated,
    }
    data.update(canvas.extra)
    data["learner"] = {"name": canvas.name, "venture": canvas.venture, **canvas.learner_extra}
    quiz: dict[str, Any] = {}
    for qid, res in canvas.progress.quiz.items():
        entry: dict[str, Any] = {"answer": res.answer, "correct": res.correct,
                                 "attempts": res.attempts}
        if res.first_try is not None:
            entry["first_try"] = res.first_try
        entry.update(res.extra)
        quiz[qid] = entry
    progress: dict[str, Any] = {"current": canvas.progress.current,
                                "completed": canvas.progress.completed}
    progress.update(canvas.progress.extra)
    if quiz:
        progress["quiz"] = quiz
    ratings = {rid: dict(values) for rid, values in canvas.progress.ratings.items() if values}
    if ratings:
        progress["ratings"] = ratings
    data["progress"] = progress
    blocks: dict[str, Any] = {}
    for block_id, work in canvas.blocks.items():
        entry = {}
        if work.notes:
            entry["notes"] = work.notes
        if work.types:
            entry["types"] = work.types
        entry.update(work.extra)
        if work.answers:
            entry["answers"] = work.answers
        blocks[block_id] = entry
    data["blocks"] = blocks
    return data


def canvas_to_text(canvas: Canvas) -> str:
    """Serialise a canvas to TOML; answers with line breaks stay readable multi-line strings."""
    import tomli_w

    return tomli_w.dumps(canvas_to_dict(canvas), multiline_strings=True)
