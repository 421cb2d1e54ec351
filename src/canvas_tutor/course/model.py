"""A course pack as immutable data: what the loader builds and every screen and export reads.

Frozen dataclasses, so a loaded course can be shared between screens and threads
without anyone changing it underneath the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

SIDES: tuple[str, ...] = ("internal", "value", "external", "financial")
# The roles a block can play, which the coach, exports and report build on; a pack may add
# roles of its own, which they then treat as plain blocks.
ROLES: tuple[str, ...] = ("segments", "value", "channels", "relationships", "revenue",
                          "resources", "activities", "partners", "costs")
SegmentKind = Literal["prose", "case", "exercise", "facilitator"]


@dataclass(frozen=True)
class Block:
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
    role: str = ""
    icon: str = ""


@dataclass(frozen=True)
class Option:
    """An answer of a choice exercise, or an item to keep in a pick exercise."""

    id: str
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """Items a pick exercise chooses from, declared once by the pack (relationship types).

    `cost_words` lists, per item, words whose presence in the costs block shows that the
    item has been paid for (the coach reads them).
    """

    id: str
    title: str
    items: tuple[Option, ...]
    cost_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def label(self, item_id: str) -> str:
        return next((o.text for o in self.items if o.id == item_id), "")


@dataclass(frozen=True)
class CanvasLayout:
    """The canvas a course fills in: its blocks on a grid (another pack, another canvas)."""

    id: str
    title: str
    columns: int
    rows: int
    blocks: tuple[Block, ...]
    credit: str = ""
    vocabularies: Mapping[str, Vocabulary] = field(default_factory=dict)

    def block(self, block_id: str) -> Block | None:
        """The block with this id, if the canvas has one."""
        return next((b for b in self.blocks if b.id == block_id), None)

    def by_role(self, role: str) -> Block | None:
        """The block that plays a role (segments, costs, ...), if the canvas has one."""
        return next((b for b in self.blocks if b.role == role), None)

    def role_id(self, role: str) -> str:
        """The id of the block that plays a role, or "" when no block does."""
        block = self.by_role(role)
        return block.id if block else ""

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


@dataclass(frozen=True)
class Category:
    """A bin of a classify exercise."""

    id: str
    text: str


@dataclass(frozen=True)
class Item:
    """A scenario of a classify exercise, with the category it belongs in and why."""

    text: str
    answer: str
    feedback: str


@dataclass(frozen=True)
class Criterion:
    """A criterion of a rubric exercise: what is judged, and each level described, 1 first."""

    id: str
    title: str
    levels: tuple[str, ...]


@dataclass(frozen=True)
class Exercise:
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
    vocabulary: str = ""
    criteria: tuple[Criterion, ...] = ()
    line: int = 0

    @property
    def correct_ids(self) -> frozenset[str]:
        """The ids of the right options of a choice exercise."""
        return frozenset(o.id for o in self.options if o.correct)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)


@dataclass(frozen=True)
class Segment:
    """A piece of a lesson body, in order: prose, a case panel, an exercise, trainer notes."""

    kind: SegmentKind
    text: str
    line: int
    exercise: Exercise | None = None


@dataclass(frozen=True)
class Lesson:
    """One lesson: front matter and its body split into segments."""

    id: str
    title: str
    minutes: int
    objectives: tuple[str, ...]
    segments: tuple[Segment, ...]
    path: Path
    block: str = ""
    glossary: tuple[str, ...] = ()  # ids of the glossary entries the lesson uses
    glossary_line: int = 0
    translates: str = ""  # a translation: which version of its source (see translation.py)

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(s.exercise for s in self.segments if s.exercise is not None)

    @property
    def facilitator(self) -> str:
        """All trainer notes of the lesson, joined."""
        return "\n\n".join(s.text for s in self.segments if s.kind == "facilitator")


@dataclass(frozen=True)
class Outcome:
    """A course learning outcome, mapped to an EntreComp competence and an EQF level."""

    id: str
    text: str
    entrecomp: str
    eqf: int


@dataclass(frozen=True)
class GlossaryEntry:
    """One glossary term in the course's language, with its line in glossary.toml."""

    id: str
    term: str
    definition: str
    line: int = 0


@dataclass(frozen=True)
class CaseBlock:
    """The running case's work for one block."""

    notes: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    answers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseCanvas:
    """The model canvas learners compare with (Naima's in the built-in course)."""

    name: str
    venture: str
    summary: str = ""
    blocks: Mapping[str, CaseBlock] = field(default_factory=dict)

    def block(self, block_id: str) -> CaseBlock:
        return self.blocks.get(block_id) or CaseBlock()


@dataclass(frozen=True)
class Course:
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
    outcomes: tuple[Outcome, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((x for x in self.lessons if x.id == lesson_id), None)

    def position(self, lesson_id: str) -> int:
        """Place of a lesson in the course, 0-based; -1 when absent."""
        return next((i for i, x in enumerate(self.lessons) if x.id == lesson_id), -1)

    def lesson_for_block(self, block_id: str) -> Lesson | None:
        """The first lesson that teaches a block."""
        return next((x for x in self.lessons if x.block == block_id), None)

    def evaluation_questions(self) -> tuple[Exercise, ...]:
        """The evaluation questions of the relationships block (the four of the Business
        Model Canvas): the reflect exercises saving to the block that plays the
        `relationships` role, in the first lesson that teaches it (later lessons'
        reflections on the block are not among them). None when no block plays it."""
        block = self.canvas.role_id("relationships")
        lesson = self.lesson_for_block(block) if block else None
        if lesson is None:
            return ()
        return tuple(ex for ex in lesson.exercises
                     if ex.kind == "reflect" and ex.saves_to == block)

    def exercise(self, exercise_id: str) -> Exercise | None:
        for lesson in self.lessons:
            for ex in lesson.exercises:
                if ex.id == exercise_id:
                    return ex
        return None
