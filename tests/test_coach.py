"""The canvas coach: each rule fires on a canvas that has the fault and not on one that doesn't."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from canvas_tutor.canvas.coach import Finding, coach, findings_to_json, findings_to_text
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course, Exercise, Lesson, Segment

MINI = Path(__file__).parent / "fixtures" / "mini-pack"
EVAL = ("cr-expect", "cr-established", "cr-cost", "cr-integration")


@pytest.fixture(scope="module")
def course() -> Course:
    """The mini pack with a customer relationships lesson holding the four questions."""
    mini = load_course(MINI)
    exercises = tuple(
        Segment("exercise", "", i, Exercise(id=x, kind="reflect", prompt=f"Question {x}?",
                                            hint="h", saves_to="customer_relationships"))
        for i, x in enumerate(EVAL))
    lesson = Lesson(id="customer-relationships", title="CR", minutes=5, objectives=("o",),
                    segments=exercises, path=MINI / "x.md", block="customer_relationships")
    return dataclasses.replace(mini, lessons=(lesson, *mini.lessons))


def good_canvas() -> Canvas:
    """A coherent canvas: every rule stays quiet."""
    c = Canvas(course="business-model-canvas", name="Lena", venture="Pedal & Mend")
    c.set_notes("customer_segments", ["Commuters who cycle to the office",
                                      "Delivery riders in the city"])
    c.set_notes("value_propositions", ["Bike repairs at your office while commuters work",
                                       "Same-day repair for delivery riders"])
    c.set_notes("channels", ["Booking website", "Flyers at bike parking"])
    c.set_notes("customer_relationships", ["Repair evenings for the rider community"])
    c.set_types("customer_relationships", ["communities", "transactional"])
    for x in EVAL:
        c.set_answer("customer_relationships", x, "An answer.")
    c.set_notes("revenue_streams", ["Fixed price per repair"])
    c.set_notes("key_activities", ["Repairing bikes on site"])
    c.set_notes("key_resources", ["Cargo bike workshop", "Mechanics"])
    c.set_notes("key_partners", ["Parts wholesaler"])
    c.set_notes("cost_structure", ["Mechanics' wages", "Parts for repairs",
                                   "Cargo bike upkeep", "Community evening venue"])
    return c


def ids(findings: list[Finding]) -> list[str]:
    return [f.id for f in findings]


def test_good_canvas_has_no_findings(course: Course) -> None:
    assert coach(good_canvas(), course) == []
    assert "No findings" in findings_to_text([], course)


def test_empty_block_one_finding_per_block(course: Course) -> None:
    c = good_canvas()
    c.set_notes("key_partners", [])
    c.set_notes("key_resources", [])
    found = [f for f in coach(c, course) if f.id == "empty-block"]
    assert [f.blocks for f in found] == [("key_partners",), ("key_resources",)]
    assert found[0].try_.startswith("Answer the guiding question: Who do we rely on")


def test_empty_canvas_names_every_block_once(course: Course) -> None:
    found = coach(Canvas(course="business-model-canvas"), course)
    empties = [f.blocks[0] for f in found if f.id == "empty-block"]
    assert sorted(empties) == sorted(course.canvas.block_ids)


def test_segments_without_relationship_type(course: Course) -> None:
    c = good_canvas()
    c.set_types("customer_relationships", [])
    found = coach(c, course)
    assert "segments-without-relationship-type" in ids(found)
    f = found[ids(found).index("segments-without-relationship-type")]
    assert f.blocks == ("customer_segments", "customer_relationships")
    c.set_notes("customer_segments", [])  # no segments: nothing to relate to
    assert "segments-without-relationship-type" not in ids(coach(c, course))


def test_segments_without_channel(course: Course) -> None:
    c = good_canvas()
    c.set_notes("channels", [])
    found = coach(c, course)
    assert "segments-without-channel" in ids(found)
    assert found[0].severity == "problem"  # problems come first
    assert ("channels",) not in [f.blocks for f in found if f.id == "empty-block"]


def test_relationship_type_not_costed(course: Course) -> None:
    c = good_canvas()
    c.set_notes("cost_structure", ["Mechanics' wages", "Parts for repairs", "Cargo bike upkeep"])
    found = [f for f in coach(c, course) if f.id == "vocabulary-item-not-costed"]
    assert len(found) == 1  # communities; transactional has no cost rule
    assert "'Communities'" in found[0].title  # the pick option's label
    assert found[0].blocks == ("customer_relationships", "cost_structure")


@pytest.mark.parametrize(("type_id", "cost"), [
    ("personal_assistance", "Support staff on the phone"),
    ("dedicated_personal_assistance", "An account manager per company"),
    ("automated_services", "Software licences"),
    ("self_service", "Website hosting"),
    ("co_creation", "Moderation of reviews"),
    ("long_term", "Loyalty programme"),
])
def test_each_type_is_matched_by_its_cost_words(type_id: str, cost: str) -> None:
    course = load_course()  # the built-in pack declares the cost words of all eight types
    c = good_canvas()
    c.set_notes("key_resources", ["Cargo bike workshop"])
    c.set_types("customer_relationships", [type_id])
    c.set_notes("cost_structure", ["Parts for repairs", "Cargo bike upkeep"])
    before = [f for f in coach(c, course) if f.id == "vocabulary-item-not-costed"]
    c.set_notes("cost_structure", [*c.block("cost_structure").notes, cost])
    after = [f for f in coach(c, course) if f.id == "vocabulary-item-not-costed"]
    assert (len(before), len(after)) == (1, 0)


def test_evaluation_unanswered(course: Course) -> None:
    c = good_canvas()
    c.set_answer("customer_relationships", "cr-cost", "   ")
    del c.block("customer_relationships").answers["cr-integration"]
    found = [f for f in coach(c, course) if f.id == "evaluation-unanswered"]
    assert len(found) == 1
    assert found[0].title == "2 of the 4 questions on customer relationships are unanswered"
    assert "Question cr-cost?" in found[0].why and "Question cr-expect?" not in found[0].why


def test_evaluation_uses_the_course_ids(course: Course) -> None:
    mini = load_course(MINI)  # its relationships lesson asks only mi-expect
    c = good_canvas()
    assert "evaluation-unanswered" in ids(coach(c, mini))
    c.set_answer("customer_relationships", "mi-expect", "Yes.")
    assert "evaluation-unanswered" not in ids(coach(c, mini))


def test_revenue_empty_while_segments_filled(course: Course) -> None:
    c = good_canvas()
    c.set_notes("revenue_streams", [])
    assert "segments-without-revenue" in ids(coach(c, course))
    c.set_notes("customer_segments", [])
    assert "segments-without-revenue" not in ids(coach(c, course))


def test_activities_and_resources_not_in_costs(course: Course) -> None:
    c = good_canvas()
    c.set_notes("key_activities", ["Marketing to companies"])
    c.set_notes("key_resources", ["Brand reputation"])
    found = ids(coach(c, course))
    assert "activities-not-in-costs" in found and "resources-not-in-costs" in found
    c.set_notes("cost_structure", [*c.block("cost_structure").notes, "Company marketing",
                                   "Building the brand"])
    found = ids(coach(c, course))
    assert "activities-not-in-costs" not in found and "resources-not-in-costs" not in found


def test_value_proposition_names_no_segment(course: Course) -> None:
    c = good_canvas()
    c.set_notes("value_propositions", ["Fast fixes, fair prices"])
    assert "value-names-no-segment" in ids(coach(c, course))


def test_block_that_repeats_another(course: Course) -> None:
    c = good_canvas()
    c.set_notes("key_resources", ["mechanics' WAGES!", "parts for  repairs"])
    found = [f for f in coach(c, course) if f.id == "repeated-notes"]
    assert [f.blocks for f in found] == [("key_resources", "cost_structure")]
    c.set_notes("key_resources", ["Mechanics' wages", "A workshop"])
    assert "repeated-notes" not in ids(coach(c, course))


def test_identical_blocks_reported_once(course: Course) -> None:
    c = good_canvas()
    c.set_notes("key_partners", ["Parts wholesaler", "Courier"])
    c.set_notes("channels", ["parts wholesaler", "courier"])
    found = [f for f in coach(c, course) if f.id == "repeated-notes"]
    assert [f.blocks for f in found] == [("key_partners", "channels")]


def test_json_and_text_reports(course: Course) -> None:
    c = good_canvas()
    c.set_notes("channels", [])
    c.set_notes("value_propositions", ["\x1b[31mFast fixes"])
    found = coach(c, course)
    data = json.loads(findings_to_json(found))
    assert data["schema"] == "canvas-tutor/coach" and data["schema_version"] == 1
    assert list(data["findings"][0]) == ["id", "severity", "blocks", "title", "why", "try"]
    assert data["counts"] == {"problem": 1, "warning": 0, "info": 1}
    text = findings_to_text(found, course)
    assert text.startswith("Coach: 1 problem, 1 note")
    assert text.index("PROBLEMS") < text.index("NOTES")
    assert "[segments-without-channel]" in text and "Try:" in text and "Why:" in text
    assert "Blocks: Customer segments, Channels" in text  # titles, never ids
    assert "\x1b" not in text
