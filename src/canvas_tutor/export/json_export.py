"""The canvas as JSON for other tools: a documented, versioned schema (docs/export-json.md).

Keys come out in a fixed order and text exactly as the learner typed it (less control
characters), so two exports of the same canvas are byte-identical and diffable.
"""

from __future__ import annotations

import json
from typing import Any

from canvas_tutor.canvas.codes import code_of
from canvas_tutor.canvas.model import BlockWork, Canvas
from canvas_tutor.course.model import Course
from canvas_tutor.export.common import stamp
from canvas_tutor.text import strip_controls

SCHEMA = "canvas-tutor/canvas-export"
SCHEMA_VERSION = 1


def canvas_export_data(canvas: Canvas, course: Course) -> dict[str, Any]:
    """The export as plain data in schema order (json.dumps keeps insertion order)."""
    layout_ids = list(course.canvas.block_ids)
    order = layout_ids + [b for b in canvas.blocks if b not in layout_ids]
    blocks = []
    for block_id in order:
        work = canvas.blocks.get(block_id) or BlockWork()
        place = course.canvas.block(block_id)
        blocks.append({
            "id": block_id,
            "title": place.title if place is not None else None,
            "notes": [strip_controls(n) for n in work.notes],
            "types": [strip_controls(t) for t in work.types],
            "answers": {strip_controls(k): strip_controls(v) for k, v in work.answers.items()},
        })
    quiz = {
        strip_controls(qid): {
            "answer": [strip_controls(a) for a in res.answer],
            "correct": res.correct,
            "attempts": res.attempts,
            "first_try": res.first_try,
        }
        for qid, res in canvas.progress.quiz.items()
    }
    ratings = {strip_controls(ex_id): {strip_controls(k): v for k, v in given.items()}
               for ex_id, given in canvas.progress.ratings.items() if given}
    outcomes = [{"id": o.id, "text": o.text, "entrecomp": o.entrecomp, "eqf": o.eqf}
                for o in course.outcomes]
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "course": {
            "id": strip_controls(canvas.course),
            "title": course.title,
            **({"outcomes": outcomes} if outcomes else {}),
        },
        "language": strip_controls(canvas.language),
        "learner": {
            "name": strip_controls(canvas.name),
            "venture": strip_controls(canvas.venture),
            **({"return_code": code_of(canvas)} if code_of(canvas) else {}),
        },
        "created": stamp(canvas.created),
        "updated": stamp(canvas.updated),
        "progress": {
            "current": strip_controls(canvas.progress.current),
            "completed": [strip_controls(c) for c in canvas.progress.completed],
            "quiz": quiz,
            **({"ratings": ratings} if ratings else {}),
        },
        "blocks": blocks,
    }


def canvas_to_json(canvas: Canvas, course: Course) -> str:
    """The canvas as UTF-8 JSON text (not ASCII-escaped), indented, ending in a newline."""
    return json.dumps(canvas_export_data(canvas, course), ensure_ascii=False, indent=2) + "\n"
