"""The course's running case as a Canvas, so every view and export can show it like a learner's."""

from __future__ import annotations

from datetime import UTC, datetime

from canvas_tutor.canvas.model import BlockWork, Canvas
from canvas_tutor.course.model import Course


def case_as_canvas(course: Course) -> Canvas:
    """Naima's canvas (or the pack's own case) in the learner's data shape."""
    case = course.case
    canvas = Canvas(course=course.id, name=case.name, venture=case.venture,
                    language=course.language,
                    created=datetime(2026, 1, 1, tzinfo=UTC),
                    updated=datetime(2026, 1, 1, tzinfo=UTC))
    for block_id, block in case.blocks.items():
        canvas.blocks[block_id] = BlockWork(notes=list(block.notes), types=list(block.types),
                                            answers=dict(block.answers))
    return canvas
