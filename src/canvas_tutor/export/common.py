"""What every export format shares: block order, titles, labels, prompts, the credit.

Each format asks the same questions of a canvas and its course (which blocks, in what
order, under which title, with which prompt), so they are answered once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from canvas_tutor.canvas.model import BlockWork, Canvas
from canvas_tutor.course.model import Block, CanvasLayout, Course
from canvas_tutor.i18n import _
from canvas_tutor.text import one_line, strip_controls


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
    types: tuple[tuple[str, str], ...]  # (item id, label)
    types_title: str  # what the items are: the title of the vocabulary they come from
    answers: tuple[Answer, ...]
    place: Block | None  # grid place in the layout; None for a block the layout lacks

    @property
    def empty(self) -> bool:
        return not (self.notes or self.types or self.answers)


def layout_of(course: Course) -> CanvasLayout:
    """The canvas the course's pack declares: its blocks, grid and credit."""
    return course.canvas


def credit_of(course: Course) -> str:
    """The licence credit the pack gives: the course's own, or its canvas's."""
    for text in (course.credit, course.canvas.credit):
        if one_line(text):
            return one_line(text)
    return ""


def stamp(when: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the second (what the canvas file stores)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def type_labels(course: Course, block_id: str) -> dict[str, str]:
    """Labels of the items a pick exercise can keep in a block (id -> text)."""
    labels: dict[str, str] = {}
    for lesson in course.lessons:
        for ex in lesson.exercises:
            if ex.kind == "pick" and ex.saves_to == block_id:
                for opt in ex.options:
                    labels.setdefault(opt.id, one_line(opt.text))
    return labels


def vocabulary_title(course: Course, block_id: str) -> str:
    """The title of the vocabulary a pick keeps in this block ("" when none is declared)."""
    for lesson in course.lessons:
        for ex in lesson.exercises:
            if ex.kind == "pick" and ex.saves_to == block_id:
                vocab = course.canvas.vocabularies.get(ex.vocabulary)
                if vocab is not None:
                    return one_line(vocab.title)
    return ""


def evaluation_ids(course: Course) -> tuple[str, ...]:
    """The evaluation questions of the relationships block, if the pack has one."""
    return tuple(ex.id for ex in course.evaluation_questions())


def _answers(course: Course, work: BlockWork) -> tuple[Answer, ...]:
    out = []
    for ex_id, text in work.answers.items():
        clean = strip_controls(text)
        if not clean.strip():
            continue
        ex = course.exercise(ex_id)
        prompt = one_line(ex.prompt) if ex is not None else one_line(ex_id)
        out.append(Answer(ex_id, prompt, clean))
    return tuple(out)


def block_views(canvas: Canvas, course: Course) -> list[BlockView]:
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


def _view(canvas: Canvas, course: Course, block_id: str, place: Block | None) -> BlockView:
    work = canvas.blocks.get(block_id) or BlockWork()
    labels = type_labels(course, block_id)
    return BlockView(
        id=block_id,
        title=one_line(place.title) if place else one_line(block_id.replace("_", " ")).capitalize(),
        question=one_line(place.question) if place else "",
        notes=tuple(n for n in (one_line(x) for x in work.notes) if n),
        types=tuple((t, labels.get(t) or one_line(t)) for t in work.types),
        types_title=vocabulary_title(course, block_id) or _("Chosen"),
        answers=_answers(course, work),
        place=place,
    )


@dataclass(frozen=True)
class OutcomeView:
    """A course learning outcome as an export shows it, with the learner's self-check."""

    text: str
    mapped: str  # its EntreComp competence and EQF level, in the export's language
    before: int | None  # the learner's rating (1 to 5) at the start, if given
    after: int | None  # and at the end, if given


def outcome_views(canvas: Canvas, course: Course) -> list[OutcomeView]:
    """The course's outcomes, in order, each with the ratings of the first and the last
    self-check (`rate` exercises) of the course; [] for a course without outcomes."""
    checks = [ex.id for lesson in course.lessons for ex in lesson.exercises
              if ex.kind == "rate"]
    first = canvas.ratings_of(checks[0]) if checks else {}
    last = canvas.ratings_of(checks[-1]) if len(checks) > 1 else {}
    return [OutcomeView(one_line(o.text),
                        _("EntreComp: {competence}; EQF level {level}").format(
                            competence=_(o.entrecomp), level=o.eqf),
                        first.get(o.id), last.get(o.id))
            for o in course.outcomes]


@dataclass(frozen=True)
class RubricScore:
    """One criterion of a rubric as an export shows it, with the level the learner chose."""

    title: str
    level: int | None  # the level chosen, 1 first; None when not scored
    levels: int  # how many levels the criterion has
    description: str  # what the chosen level says ("" when not scored)

    @property
    def score(self) -> str:
        """"2/3", or a dash when not scored."""
        return f"{self.level}/{self.levels}" if self.level is not None else "\u2014"


@dataclass(frozen=True)
class RubricView:
    """A rubric the learner has scored: its lesson and each criterion's level."""

    id: str
    lesson: str
    scores: tuple[RubricScore, ...]


def rubric_views(canvas: Canvas, course: Course) -> list[RubricView]:
    """Every `rubric` exercise of the course the learner has scored, in course order."""
    out = []
    for lesson in course.lessons:
        for ex in lesson.exercises:
            given = canvas.ratings_of(ex.id) if ex.kind == "rubric" else {}
            if not given:
                continue
            scores = []
            for criterion in ex.criteria:
                level = given.get(criterion.id)
                if level is not None and not 1 <= level <= len(criterion.levels):
                    level = None  # a hand-edited file: a level the criterion does not have
                scores.append(RubricScore(
                    one_line(criterion.title), level, len(criterion.levels),
                    one_line(criterion.levels[level - 1]) if level is not None else ""))
            out.append(RubricView(ex.id, one_line(lesson.title), tuple(scores)))
    return out
