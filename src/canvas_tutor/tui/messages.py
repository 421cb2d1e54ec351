"""Messages exercise widgets post; the lesson screen turns them into model changes.

Widgets never touch the canvas or the disk: they say what the learner did.
"""

from __future__ import annotations

from textual.message import Message


class AnswerChanged(Message):
    """A reflect answer was edited."""

    def __init__(self, block_id: str, exercise_id: str, text: str) -> None:
        super().__init__()
        self.block_id = block_id
        self.exercise_id = exercise_id
        self.text = text


class NotesChanged(Message):
    """A block's sticky notes were added, edited, reordered or deleted."""

    def __init__(self, block_id: str, notes: list[str]) -> None:
        super().__init__()
        self.block_id = block_id
        self.notes = notes


class QuizAnswered(Message):
    """A choice or classify exercise was checked (one attempt)."""

    def __init__(self, exercise_id: str, answer: list[str], correct: bool) -> None:
        super().__init__()
        self.exercise_id = exercise_id
        self.answer = answer
        self.correct = correct


class TypesPicked(Message):
    """The categories kept for a block changed (a pick exercise)."""

    def __init__(self, block_id: str, exercise_id: str, types: list[str]) -> None:
        super().__init__()
        self.block_id = block_id
        self.exercise_id = exercise_id
        self.types = types


class Rated(Message):
    """The learner rated one item of a rate exercise (1 to 5), or chose a rubric level."""

    def __init__(self, exercise_id: str, item_id: str, value: int) -> None:
        super().__init__()
        self.exercise_id = exercise_id
        self.item_id = item_id
        self.value = value
