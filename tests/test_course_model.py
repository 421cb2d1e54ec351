"""The course model keeps the semantics of frozen dataclasses with its shared Record base."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Block, CaseBlock, Course, Option

MINI_PACK = Path(__file__).parent / "fixtures" / "mini-pack"


def test_two_loads_of_a_pack_are_equal_and_a_change_is_not(mini_course: Course) -> None:
    again = load_course(MINI_PACK)
    assert again == mini_course and again is not mini_course
    assert dataclasses.replace(again, title="Other") != mini_course
    assert mini_course.lessons[0] != mini_course.lessons[1]
    assert Option("a", "A") != ("a", "A", False, "")  # another type is never equal


def test_equal_records_hash_alike_and_dict_holders_stay_unhashable() -> None:
    one = Block("b", "B", "Why?", "value", "b", 1, 1, 1, 1)
    two = Block("b", "B", "Why?", "value", "b", 1, 1, 1, 1)
    assert hash(one) == hash(two) and len({one, two}) == 1
    with pytest.raises(TypeError):
        hash(CaseBlock(answers={"q": "a"}))


def test_records_are_frozen_dataclasses_with_a_readable_repr() -> None:
    option = Option("yes", "Yes", correct=True)
    assert dataclasses.is_dataclass(option)
    with pytest.raises(dataclasses.FrozenInstanceError):
        option.text = "No"  # type: ignore[misc]
    assert repr(option) == "Option(id='yes', text='Yes', correct=True, feedback='')"
