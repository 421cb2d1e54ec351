"""The learner's canvas: their notes, answers and progress, independent of any file or screen.

The model is mutable (a learner edits it all the time) and keeps every key it does not
know in `extra` dictionaries, so that a file written by a newer minor version or edited by
hand loses nothing when this version saves it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from canvas_tutor.text import one_line, strip_controls

FORMAT = "canvas-tutor/canvas"
FORMAT_VERSION = 1


def now_utc() -> datetime:
    """The current time, to the second, in UTC (what the file stores)."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass
class QuizResult:
    """The learner's last answer to a choice or classify exercise."""

    answer: list[str] = field(default_factory=list)
    correct: bool = False
    attempts: int = 0
    first_try: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def record(self, answer: list[str], correct: bool) -> None:
        """Count one more attempt; remember whether the very first one was right."""
        self.attempts += 1
        if self.first_try is None:
            self.first_try = correct
        self.answer = [strip_controls(a) for a in answer]  # as on load: file == memory
        self.correct = correct


@dataclass
class BlockWork:
    """What the learner wrote for one canvas block."""

    notes: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def is_empty(self) -> bool:
        """True when the learner has written nothing at all in this block."""
        return not (
            any(n.strip() for n in self.notes)
            or self.types
            or any(a.strip() for a in self.answers.values())
        )


@dataclass
class Progress:
    """Where the learner is in the course and what they have finished."""

    current: str = ""
    completed: list[str] = field(default_factory=list)
    quiz: dict[str, QuizResult] = field(default_factory=dict)
    # exercise -> item -> 1-5: a self-check's ratings, or a rubric's level per criterion
    ratings: dict[str, dict[str, int]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def complete(self, lesson_id: str) -> None:
        """Mark a lesson done, once."""
        if lesson_id not in self.completed:
            self.completed.append(lesson_id)


@dataclass
class Canvas:
    """One learner's canvas for one venture: the whole content of a `*.canvas.toml` file."""

    course: str
    name: str = ""
    venture: str = ""
    language: str = "en"
    created: datetime = field(default_factory=now_utc)
    updated: datetime = field(default_factory=now_utc)
    progress: Progress = field(default_factory=Progress)
    blocks: dict[str, BlockWork] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION
    extra: dict[str, Any] = field(default_factory=dict)
    learner_extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.name = one_line(self.name)
        self.venture = one_line(self.venture)

    def block(self, block_id: str) -> BlockWork:
        """The learner's work for a block, created empty on first use."""
        work = self.blocks.get(block_id)
        if work is None:
            work = self.blocks[block_id] = BlockWork()
        return work

    def answer(self, block_id: str, exercise_id: str) -> str:
        """The learner's answer to a reflect exercise, or an empty string."""
        work = self.blocks.get(block_id)
        return work.answers.get(exercise_id, "") if work else ""

    def notes_of(self, block_id: str) -> list[str]:
        """The block's sticky notes (empty when the block has none)."""
        work = self.blocks.get(block_id)
        return list(work.notes) if work else []

    def types_of(self, block_id: str) -> list[str]:
        """The vocabulary items kept in the block (e.g. relationship types)."""
        work = self.blocks.get(block_id)
        return list(work.types) if work else []

    def has_result(self, exercise_id: str) -> bool:
        """True once a quiz-like exercise has been answered at least once."""
        return exercise_id in self.progress.quiz

    def ratings_of(self, exercise_id: str) -> dict[str, int]:
        """The learner's ratings (1 to 5) in a rate exercise, by item id; in a rubric
        exercise, the level chosen for each criterion (1 first), by criterion id."""
        return dict(self.progress.ratings.get(exercise_id, {}))

    def rate(self, exercise_id: str, item_id: str, value: int) -> None:
        """Keep one rating from 1 to 5, or a rubric's level (a value outside is refused)."""
        if not 1 <= value <= 5:
            raise ValueError(f"a rating is from 1 to 5, not {value}")
        self.progress.ratings.setdefault(exercise_id, {})[item_id] = value
        self.touch()

    def set_answer(self, block_id: str, exercise_id: str, text: str) -> None:
        """Store a reflect answer, cleaned of control characters."""
        self.block(block_id).answers[exercise_id] = strip_controls(text)
        self.touch()

    def set_notes(self, block_id: str, notes: list[str]) -> None:
        """Replace a block's sticky notes; blank notes are dropped."""
        cleaned = [one_line(n) for n in notes]
        self.block(block_id).notes = [n for n in cleaned if n]
        self.touch()

    def set_types(self, block_id: str, types: list[str]) -> None:
        """Replace the categories picked for a block (e.g. relationship types)."""
        self.block(block_id).types = list(dict.fromkeys(types))
        self.touch()

    def record_quiz(self, exercise_id: str, answer: list[str], correct: bool) -> QuizResult:
        """Record one attempt at a choice or classify exercise."""
        result = self.progress.quiz.setdefault(exercise_id, QuizResult())
        result.record(answer, correct)
        self.touch()
        return result

    def touch(self) -> None:
        """Note that the canvas changed now."""
        self.updated = now_utc()
