"""What every export format shares: block order, titles, labels, prompts, the credit.

Each format asks the same questions of a canvas and its course (which blocks, in what
order, under which title, with which prompt), so they are answered once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from canvas_tutor.canvas.model import BlockWork, Canvas
from canvas_tutor.course.model import Block, CanvasLayout, Course
from canvas_tutor.text import one_line, strip_controls

DEFAULT_CREDIT = (
    "The Business Model Canvas, designed by Strategyzer AG (strategyzer.com), CC BY-SA 3.0"
)


def _b(id_: str, title: str, question: str, side: str, col: int, span: int, row: int,
       rows: int) -> Block:
    return Block(id_, title, question, side, "", col, span, row, rows)


# The Business Model Canvas as DESIGN.md places it: used when no course is at hand, so that
# an export of a canvas whose course cannot be loaded still shows the familiar layout.
DEFAULT_LAYOUT = CanvasLayout(
    id="business-model-canvas",
    title="Business Model Canvas",
    columns=10,
    rows=3,
    credit=DEFAULT_CREDIT,
    blocks=(
        _b("key_partners", "Key partners", "", "internal", 1, 2, 1, 2),
        _b("key_activities", "Key activities", "", "internal", 3, 2, 1, 1),
        _b("key_resources", "Key resources", "", "internal", 3, 2, 2, 1),
        _b("value_propositions", "Value propositions", "", "value", 5, 2, 1, 2),
        _b("customer_relationships", "Customer relationships", "", "external", 7, 2, 1, 1),
        _b("channels", "Channels", "", "external", 7, 2, 2, 1),
        _b("customer_segments", "Customer segments", "", "external", 9, 2, 1, 2),
        _b("cost_structure", "Cost structure", "", "financial", 1, 5, 3, 1),
        _b("revenue_streams", "Revenue streams", "", "financial", 6, 5, 3, 1),
    ),
)


@dataclass(frozen=True)
class Answer:
    """A reflect answer ready to show: the exercise's prompt (or its id) and the text."""

    id: str
    prompt: str
    text: str


@dataclass(frozen=True)
class BlockView:
    """One block as every format shows it: cleaned learner text plus course labels."""

    id: str
    title: str
    question: str
    notes: tuple[str, ...]
    types: tuple[tuple[str, str], ...]  # (type id, label)
    answers: tuple[Answer, ...]
    place: Block | None  # grid place in the layout; None for a block the layout lacks

    @property
    def empty(self) -> bool:
        return not (self.notes or self.types or self.answers)


def layout_of(course: Course | None) -> CanvasLayout:
    """The course's canvas, or the standard Business Model Canvas without a course."""
    return course.canvas if course is not None else DEFAULT_LAYOUT


def credit_of(course: Course | None) -> str:
    """The licence credit: the course's own, its canvas's, or Strategyzer's by default."""
    if course is not None:
        for text in (course.credit, course.canvas.credit):
            if one_line(text):
                return one_line(text)
    return DEFAULT_CREDIT


def stamp(when: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the second (what the canvas file stores)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def type_labels(course: Course | None, block_id: str) -> dict[str, str]:
    """Labels of the categories a pick exercise can keep in a block (id -> text)."""
    labels: dict[str, str] = {}
    if course is None:
        return labels
    for lesson in course.lessons:
        for ex in lesson.exercises:
            if ex.kind == "pick" and ex.saves_to == block_id:
                for opt in ex.options:
                    labels.setdefault(opt.id, one_line(opt.text))
    return labels


def evaluation_ids(course: Course | None) -> tuple[str, ...]:
    """The evaluation questions of customer relationships (none without a course)."""
    return tuple(ex.id for ex in course.evaluation_questions()) if course is not None else ()


def _answers(course: Course | None, work: BlockWork) -> tuple[Answer, ...]:
    out = []
    for ex_id, text in work.answers.items():
        clean = strip_controls(text)
        if not clean.strip():
            continue
        ex = course.exercise(ex_id) if course is not None else None
        prompt = one_line(ex.prompt) if ex is not None else one_line(ex_id)
        out.append(Answer(ex_id, prompt, clean))
    return tuple(out)


def block_views(canvas: Canvas, course: Course | None) -> list[BlockView]:
    """Every block in the layout's order, then blocks the layout does not know."""
    layout = layout_of(course)
    views: list[BlockView] = []
    known = set()
    for place in layout.blocks:
        known.add(place.id)
        views.append(_view(canvas, course, place.id, place))
    for block_id in canvas.blocks:
        if block_id not in known:
            views.append(_view(canvas, course, block_id, None))
    return views


def _view(canvas: Canvas, course: Course | None, block_id: str, place: Block | None) -> BlockView:
    work = canvas.blocks.get(block_id) or BlockWork()
    labels = type_labels(course, block_id)
    return BlockView(
        id=block_id,
        title=one_line(place.title) if place else one_line(block_id.replace("_", " ")).capitalize(),
        question=one_line(place.question) if place else "",
        notes=tuple(n for n in (one_line(x) for x in work.notes) if n),
        types=tuple((t, labels.get(t) or one_line(t)) for t in work.types),
        answers=_answers(course, work),
        place=place,
    )
