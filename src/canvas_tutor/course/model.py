"""A course pack as immutable data: what the loader builds and every screen and export reads.

Frozen dataclasses, so a loaded course can be shared between screens, threads and a
pre-rendering worker without anyone changing it underneath the others. Their equality,
hash and repr come from one base class rather than being generated per class (see
`Record`): the app imports this module before its first frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, cast

ExerciseKind = Literal["reflect", "notes", "choice", "classify", "pick"]
KINDS: tuple[str, ...] = ("reflect", "notes", "choice", "classify", "pick")
SIDES: tuple[str, ...] = ("internal", "value", "external", "financial")
SegmentKind = Literal["prose", "case", "exercise", "facilitator"]
RELATIONSHIPS = "customer_relationships"  # the block the four evaluation questions are about


class Record:
    """Equality, hash and repr by field values, as dataclass would write them.

    dataclass compiles these afresh for every class at import, about half a millisecond a
    class on Python 3.11, and this module is on the way to the app's first frame. Written
    once here, they mean the same: equal when the class and every field are equal, a hash
    of the fields (so a record holding a dict is unhashable, as before), and a
    `Name(field=value, ...)` repr. Subclasses use @dataclass(frozen=True, eq=False,
    repr=False) and inherit them.
    """

    __slots__ = ()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, f.name) for f in fields(cast(Any, self)))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(cast(Any, self)))
        return f"{type(self).__qualname__}({shown})"


@dataclass(frozen=True, eq=False, repr=False)
class Block(Record):
    """One block of the canvas, with its guiding question and its place on the grid."""

    id: str
    title: str
    question: str
    side: str
    area: str
    column: int
    column_span: int
    row: int
    row_span: int


@dataclass(frozen=True, eq=False, repr=False)
class CanvasLayout(Record):
    """The canvas a course fills in: its blocks on a grid (another pack, another canvas)."""

    id: str
    title: str
    columns: int
    rows: int
    blocks: tuple[Block, ...]
    credit: str = ""

    def block(self, block_id: str) -> Block | None:
        """The block with this id, if the canvas has one."""
        return next((b for b in self.blocks if b.id == block_id), None)

    @property
    def block_ids(self) -> tuple[str, ...]:
        return tuple(b.id for b in self.blocks)

    def grid_order(self) -> list[Block | None]:
        """Blocks in the order a row-major auto-placing grid needs, None for each empty cell.

        Terminal and HTML grids place children one after another, so a layout with spans is
        drawn right only if its blocks come by their top-left cell, with gaps filled.
        """
        covered: dict[tuple[int, int], Block] = {}
        for block in self.blocks:
            for r in range(block.row, block.row + block.row_span):
                for c in range(block.column, block.column + block.column_span):
                    covered[(r, c)] = block
        order: list[Block | None] = []
        for r in range(1, self.rows + 1):
            for c in range(1, self.columns + 1):
                cell = covered.get((r, c))
                if cell is None:
                    order.append(None)
                elif (cell.row, cell.column) == (r, c):
                    order.append(cell)
        return order


@dataclass(frozen=True, eq=False, repr=False)
class Option(Record):
    """An answer of a choice exercise, or a category to keep in a pick exercise."""

    id: str
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True, eq=False, repr=False)
class Category(Record):
    """A bin of a classify exercise."""

    id: str
    text: str


@dataclass(frozen=True, eq=False, repr=False)
class Item(Record):
    """A scenario of a classify exercise, with the category it belongs in and why."""

    text: str
    answer: str
    feedback: str


@dataclass(frozen=True, eq=False, repr=False)
class Exercise(Record):
    """One exercise of any kind; fields that a kind does not use stay empty."""

    id: str
    kind: str
    prompt: str
    hint: str = ""
    saves_to: str = ""
    compare: str = ""
    multiple: bool = False
    options: tuple[Option, ...] = ()
    categories: tuple[Category, ...] = ()
    items: tuple[Item, ...] = ()
    line: int = 0

    @property
    def correct_ids(self) -> frozenset[str]:
        """The ids of the right options of a choice exercise."""
        return frozenset(o.id for o in self.options if o.correct)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)


@dataclass(frozen=True, eq=False, repr=False)
class Segment(Record):
    """A piece of a lesson body, in order: prose, a case panel, an exercise, trainer notes."""

    kind: SegmentKind
    text: str
    line: int
    exercise: Exercise | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Lesson(Record):
    """One lesson: front matter and its body split into segments."""

    id: str
    title: str
    minutes: int
    objectives: tuple[str, ...]
    segments: tuple[Segment, ...]
    path: Path
    block: str = ""

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(s.exercise for s in self.segments if s.exercise is not None)

    @property
    def facilitator(self) -> str:
        """All trainer notes of the lesson, joined."""
        return "\n\n".join(s.text for s in self.segments if s.kind == "facilitator")


@dataclass(frozen=True, eq=False, repr=False)
class CaseBlock(Record):
    """The running case's work for one block."""

    notes: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    answers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, eq=False, repr=False)
class CaseCanvas(Record):
    """The model canvas learners compare with (Naima's in the built-in course)."""

    name: str
    venture: str
    summary: str = ""
    blocks: Mapping[str, CaseBlock] = field(default_factory=dict)

    def block(self, block_id: str) -> CaseBlock:
        return self.blocks.get(block_id) or CaseBlock()


@dataclass(frozen=True, eq=False, repr=False)
class Course(Record):
    """A whole course pack, loaded for one language."""

    root: Path
    id: str
    title: str
    version: str
    language: str
    languages: tuple[str, ...]
    license: str
    authors: tuple[str, ...]
    lessons: tuple[Lesson, ...]
    canvas: CanvasLayout
    case: CaseCanvas
    description: str = ""
    audience: str = ""
    level: str = ""
    credit: str = ""

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((x for x in self.lessons if x.id == lesson_id), None)

    def position(self, lesson_id: str) -> int:
        """Place of a lesson in the course, 0-based; -1 when absent."""
        return next((i for i, x in enumerate(self.lessons) if x.id == lesson_id), -1)

    def lesson_for_block(self, block_id: str) -> Lesson | None:
        """The first lesson that teaches a block."""
        return next((x for x in self.lessons if x.block == block_id), None)

    def evaluation_questions(self) -> tuple[Exercise, ...]:
        """The four evaluation questions of customer relationships: the reflect exercises
        saving to that block in the first lesson that teaches it (later lessons'
        reflections on the block are not among them)."""
        lesson = self.lesson_for_block(RELATIONSHIPS)
        if lesson is None:
            return ()
        return tuple(ex for ex in lesson.exercises
                     if ex.kind == "reflect" and ex.saves_to == RELATIONSHIPS)

    def exercise(self, exercise_id: str) -> Exercise | None:
        for lesson in self.lessons:
            for ex in lesson.exercises:
                if ex.id == exercise_id:
                    return ex
        return None
