"""Learning records: a learner's canvas as xAPI 1.0.3 statements an LRS or LMS can read.

Headless and pure: a canvas and its course in, a list of JSON-ready dicts out. Statement
ids are UUIDs derived from the canvas, the exercise and the answer, and every field of a
statement follows from the same inputs (the time included, which the caller gives), so
sending a statement twice can never make two records. Actors are accounts on the class's
home page with a learner id that is neither a file name nor a return code; an e-mail
address appears only if the trainer gives one.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course, Exercise, Lesson
from canvas_tutor.export.common import stamp
from canvas_tutor.text import one_line, strip_controls

XAPI_VERSION = "1.0.3"
# Fixed forever: changing it would give every statement already sent a new id.
NAMESPACE = uuid.UUID("0f1d3c52-7d4b-5e8e-9a55-2a3c6f4b9e10")
ADL = "http://adlnet.gov/expapi"
VERBS = {
    "experienced": f"{ADL}/verbs/experienced",
    "completed": f"{ADL}/verbs/completed",
    "answered": f"{ADL}/verbs/answered",
}
LESSON_TYPE = f"{ADL}/activities/lesson"
COURSE_TYPE = f"{ADL}/activities/course"
INTERACTION_TYPE = f"{ADL}/activities/cmi.interaction"
EXT_ATTEMPTS = "urn:canvas-tutor:xapi:attempts"
EXT_KIND = "urn:canvas-tutor:xapi:exercise-kind"
PLATFORM = "canvas-tutor"
_SAFE = re.compile(r"[^a-z0-9._-]+")


def slug(text: str, fallback: str = "class") -> str:
    """Lower-case ASCII letters, digits, dot, dash, underscore: safe in an IRI or id."""
    return _SAFE.sub("-", one_line(text).lower()).strip("-.")[:64] or fallback


def default_home_page(class_dir: Path | None) -> str:
    """The class's home page when the trainer names none: a URN for the class folder."""
    name = class_dir.resolve().name if class_dir is not None else "self-paced"
    return f"urn:canvas-tutor:class:{slug(name)}"


def canvas_key(canvas: Canvas) -> str:
    """What identifies a canvas for good: its course, learner and creation time."""
    return "|".join((canvas.course, one_line(canvas.name), stamp(canvas.created)))


def learner_id(canvas: Canvas) -> str:
    """A learner id safe to share: a digest, so no name, file name or return code leaks."""
    return "learner-" + hashlib.sha256(canvas_key(canvas).encode("utf-8")).hexdigest()[:20]


def statement_id(canvas: Canvas, *parts: str) -> str:
    """A UUID fixed by the canvas and what the statement says."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join((canvas_key(canvas), *parts))))


def course_iri(course_id: str) -> str:
    return f"urn:canvas-tutor:course:{slug(course_id, 'course')}"


def _lang_map(text: str, language: str) -> dict[str, str]:
    return {language: one_line(text)}


class StatementBuilder:
    """Builds the statements of one canvas; see `statements` for what it sends."""

    def __init__(self, canvas: Canvas, course: Course, *, home_page: str,
                 when: datetime, email: str | None = None, with_name: bool = True) -> None:
        self.canvas = canvas
        self.course = course
        self.language = one_line(canvas.language) or course.language or "en"
        self.when = stamp(when)
        self.course_iri = course_iri(course.id)
        actor: dict[str, Any] = {"objectType": "Agent"}
        if with_name and one_line(canvas.name):
            actor["name"] = one_line(canvas.name)
        if email:
            actor["mbox"] = f"mailto:{email}"
        else:
            actor["account"] = {"homePage": home_page, "name": learner_id(canvas)}
        self.actor = actor
        self.registration = statement_id(canvas, "registration")

    # Objects -------------------------------------------------------------------------

    def _course_object(self) -> dict[str, Any]:
        return {"objectType": "Activity", "id": self.course_iri,
                "definition": {"type": COURSE_TYPE,
                               "name": _lang_map(self.course.title, self.language)}}

    def _lesson_object(self, lesson: Lesson) -> dict[str, Any]:
        return {"objectType": "Activity", "id": f"{self.course_iri}/lesson/{lesson.id}",
                "definition": {"type": LESSON_TYPE,
                               "name": _lang_map(lesson.title, self.language)}}

    def _exercise_object(self, lesson: Lesson, ex: Exercise, interaction: str,
                         extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        definition: dict[str, Any] = {
            "type": INTERACTION_TYPE,
            "name": _lang_map(ex.prompt, self.language),
            "interactionType": interaction,
            "extensions": {EXT_KIND: ex.kind},
        }
        definition.update(extra or {})
        return {"objectType": "Activity",
                "id": f"{self.course_iri}/lesson/{lesson.id}/exercise/{ex.id}",
                "definition": definition}

    def _context(self, lesson: Lesson | None) -> dict[str, Any]:
        activities: dict[str, Any] = {"grouping": [{"id": self.course_iri,
                                                    "objectType": "Activity"}]}
        if lesson is not None:
            activities["parent"] = [{"id": f"{self.course_iri}/lesson/{lesson.id}",
                                     "objectType": "Activity"}]
        return {"registration": self.registration, "platform": PLATFORM,
                "language": self.language, "contextActivities": activities}

    def _statement(self, key: tuple[str, ...], verb: str, obj: dict[str, Any],
                   lesson: Lesson | None, result: dict[str, Any] | None = None
                   ) -> dict[str, Any]:
        statement: dict[str, Any] = {
            "id": statement_id(self.canvas, *key),
            "actor": self.actor,
            "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
            "object": obj,
            "context": self._context(lesson),
            "timestamp": self.when,
            "version": XAPI_VERSION,
        }
        if result is not None:
            statement["result"] = result
        return statement

    # Answers -------------------------------------------------------------------------

    def _answer(self, lesson: Lesson, ex: Exercise) -> dict[str, Any] | None:
        """The `answered` statement of an exercise, or None when it has no answer yet."""
        canvas = self.canvas
        work = canvas.blocks.get(ex.saves_to) if ex.saves_to else None
        quiz = canvas.progress.quiz.get(ex.id)
        if ex.kind == "reflect":
            text = strip_controls(work.answers.get(ex.id, "")) if work else ""
            if not text.strip():
                return None
            return self._statement(("answered", ex.id, text), "answered",
                                   self._exercise_object(lesson, ex, "long-fill-in"), lesson,
                                   {"response": text, "completion": True})
        if ex.kind == "notes":
            notes = [n for n in (one_line(x) for x in (work.notes if work else [])) if n]
            if not notes:
                return None
            response = "[,]".join(notes)
            return self._statement(("answered", ex.id, response), "answered",
                                   self._exercise_object(lesson, ex, "long-fill-in"), lesson,
                                   {"response": response, "completion": True})
        if ex.kind == "pick":
            offered = {o.id for o in ex.options}
            chosen = [t for t in (work.types if work else []) if t in offered]
            if not chosen:
                return None
            response = "[,]".join(chosen)
            return self._statement(("answered", ex.id, response), "answered",
                                   self._exercise_object(lesson, ex, "choice",
                                                         {"choices": self._choices(ex)}),
                                   lesson, {"response": response, "completion": True})
        if ex.kind in ("choice", "classify") and quiz is not None and quiz.attempts > 0:
            return self._quiz(lesson, ex, quiz.answer, quiz.correct, quiz.attempts)
        if ex.kind == "rubric":
            return self._rubric(lesson, ex)
        if ex.kind in ("choice", "classify", "reflect", "notes", "pick", "rate"):
            return None
        # A kind this module does not know yet: its result as the learner left it.
        if quiz is not None and quiz.attempts > 0:
            response = "[,]".join(strip_controls(a) for a in quiz.answer)
            result: dict[str, Any] = {"response": response, "completion": True}
        elif work is not None and strip_controls(work.answers.get(ex.id, "")).strip():
            response = strip_controls(work.answers[ex.id])
            result = {"response": response, "completion": True}
        else:
            return None
        return self._statement(("answered", ex.id, response), "answered",
                               self._exercise_object(lesson, ex, "other"), lesson, result)

    def _ratings(self, lesson: Lesson, ex: Exercise) -> list[dict[str, Any]]:
        """A self-check: one `answered` statement per outcome rated, on a 1 to 5 scale."""
        ratings = self.canvas.progress.ratings.get(ex.id, {})
        scale = [{"id": str(n), "description": {self.language: str(n)}} for n in range(1, 6)]
        out = []
        for item in ex.options:
            value = ratings.get(item.id)
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
                continue
            obj = self._exercise_object(lesson, ex, "likert", {"scale": scale})
            obj["id"] += f"/item/{item.id}"
            obj["definition"]["name"] = _lang_map(f"{ex.prompt} \u2014 {item.text}",
                                                  self.language)
            out.append(self._statement(
                ("answered", ex.id, item.id, str(value)), "answered", obj, lesson,
                {"response": str(value), "completion": True,
                 "score": {"raw": value, "min": 1, "max": 5, "scaled": (value - 1) / 4}}))
        return out

    def _rubric(self, lesson: Lesson, ex: Exercise) -> dict[str, Any] | None:
        """A rubric: one `answered` statement, the levels chosen as the response
        ("customer[.]2[,]value[.]3", criteria in rubric order); once every criterion is
        scored, the sum of the levels as the score (from one per criterion to all top)."""
        given = self.canvas.progress.ratings.get(ex.id, {})
        levels = [(c.id, given[c.id]) for c in ex.criteria
                  if isinstance(given.get(c.id), int) and not isinstance(given[c.id], bool)
                  and 1 <= given[c.id] <= len(c.levels)]
        if not levels:
            return None
        response = "[,]".join(f"{cid}[.]{level}" for cid, level in levels)
        result: dict[str, Any] = {"response": response,
                                  "completion": len(levels) == len(ex.criteria)}
        if result["completion"]:
            low, high = len(ex.criteria), sum(len(c.levels) for c in ex.criteria)
            raw = sum(level for _cid, level in levels)
            result["score"] = {"raw": raw, "min": low, "max": high,
                               "scaled": round((raw - low) / (high - low), 4) if high > low
                               else 1.0}
        obj = self._exercise_object(lesson, ex, "other")
        return self._statement(("answered", ex.id, response), "answered", obj, lesson, result)

    def _choices(self, ex: Exercise) -> list[dict[str, Any]]:
        return [{"id": o.id, "description": _lang_map(o.text, self.language)}
                for o in ex.options]

    def _quiz(self, lesson: Lesson, ex: Exercise, answer: list[str], correct: bool,
              attempts: int) -> dict[str, Any]:
        if ex.kind == "choice":
            response = "[,]".join(strip_controls(a) for a in answer)
            right = "[,]".join(o.id for o in ex.options if o.correct)
            extra: dict[str, Any] = {"choices": self._choices(ex),
                                     "correctResponsesPattern": [right]}
            obj = self._exercise_object(lesson, ex, "choice", extra)
        else:
            pairs = zip(range(1, len(ex.items) + 1), answer, strict=False)
            response = "[,]".join(f"item-{n}[.]{strip_controls(a)}" for n, a in pairs if a)
            right = "[,]".join(f"item-{n}[.]{item.answer}"
                               for n, item in enumerate(ex.items, 1))
            extra = {"source": [{"id": f"item-{n}",
                                 "description": _lang_map(item.text, self.language)}
                                for n, item in enumerate(ex.items, 1)],
                     "target": [{"id": c.id, "description": _lang_map(c.text, self.language)}
                                for c in ex.categories],
                     "correctResponsesPattern": [right]}
            obj = self._exercise_object(lesson, ex, "matching", extra)
        result = {"response": response, "success": bool(correct), "completion": True,
                  "extensions": {EXT_ATTEMPTS: int(attempts)}}
        return self._statement(("answered", ex.id, response, str(bool(correct)),
                                str(int(attempts))), "answered", obj, lesson, result)

    # The whole canvas -----------------------------------------------------------------

    def statements(self, *, settled_only: bool = False) -> list[dict[str, Any]]:
        """Every statement the canvas supports, lesson by lesson, in course order.

        `settled_only` (for live sending) leaves out the free-text answers of the lesson
        the learner is still in, so a half-typed answer is not sent on every autosave:
        they go once the lesson is done or left.
        """
        progress = self.canvas.progress
        completed = set(progress.completed)
        out: list[dict[str, Any]] = []
        for lesson in self.course.lessons:
            answers = [s for s in (self._answer(lesson, ex) for ex in lesson.exercises) if s]
            answers += [s for ex in lesson.exercises if ex.kind == "rate"
                        for s in self._ratings(lesson, ex)]
            started = lesson.id in completed or lesson.id == progress.current or answers
            if not started:
                continue
            out.append(self._statement(("experienced", lesson.id), "experienced",
                                       self._lesson_object(lesson), None))
            still_open = lesson.id == progress.current and lesson.id not in completed
            for statement in answers:
                kind = statement["object"]["definition"]["extensions"][EXT_KIND]
                if settled_only and still_open and kind in ("reflect", "notes"):
                    continue
                out.append(statement)
            if lesson.id in completed:
                out.append(self._statement(("completed", lesson.id), "completed",
                                           self._lesson_object(lesson), None,
                                           {"completion": True}))
        if self.course.lessons and all(x.id in completed for x in self.course.lessons):
            out.append(self._statement(("completed", "course"), "completed",
                                       self._course_object(), None, {"completion": True}))
        return out


def canvas_statements(canvas: Canvas, course: Course, *, home_page: str,
                      when: datetime | None = None, email: str | None = None,
                      settled_only: bool = False) -> list[dict[str, Any]]:
    """The statements of one canvas; `when` defaults to the canvas's last change."""
    builder = StatementBuilder(canvas, course, home_page=home_page,
                               when=when or canvas.updated, email=email)
    return builder.statements(settled_only=settled_only)


def statements_to_json(statements: list[dict[str, Any]]) -> str:
    """Statements as the JSON array an LRS takes in one POST (UTF-8 text, a final newline)."""
    return json.dumps(statements, ensure_ascii=False, indent=1) + "\n"
