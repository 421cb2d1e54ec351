"""The built-in course has the structure the course promises (issue: the whole course)."""

from __future__ import annotations

import re
import tomllib

from canvas_tutor.course.location import builtin_root
from canvas_tutor.course.model import Course

BLOCKS = {"customer_segments", "value_propositions", "channels", "customer_relationships",
          "revenue_streams", "key_resources", "key_activities", "key_partners",
          "cost_structure"}
TYPES = {"transactional", "long_term", "personal_assistance", "dedicated_personal_assistance",
         "self_service", "automated_services", "communities", "co_creation"}
ORDER = ["welcome", "the-canvas", "customer-segments", "value-propositions", "channels",
         "customer-relationships", "relationship-types", "revenue-streams", "key-resources",
         "key-activities", "key-partners", "cost-structure", "your-canvas"]
FENCE = re.compile(r"^```[a-z]*\n.*?^```\s*$", re.M | re.S)


def prose_words(course: Course, lesson_id: str) -> int:
    lesson = course.lesson(lesson_id)
    assert lesson is not None
    text = "\n".join(s.text for s in lesson.segments if s.kind in ("prose", "case"))
    return len(re.findall(r"[A-Za-z0-9'’-]+", FENCE.sub("", text)))


def test_thirteen_lessons_in_order(builtin_course: Course) -> None:
    assert [lesson.id for lesson in builtin_course.lessons] == ORDER


def test_every_block_has_a_full_lesson(builtin_course: Course) -> None:
    for block in BLOCKS:
        lesson = builtin_course.lesson_for_block(block)
        assert lesson is not None, block
        assert 15 <= lesson.minutes <= 40, lesson.id
        assert 2 <= len(lesson.objectives) <= 4, lesson.id
        kinds = [ex.kind for ex in lesson.exercises]
        assert any(ex.kind == "notes" and ex.saves_to == block for ex in lesson.exercises)
        assert any(ex.kind == "reflect" and ex.saves_to == block and ex.compare == "case"
                   for ex in lesson.exercises), lesson.id
        assert "choice" in kinds or "classify" in kinds, lesson.id
        assert any(s.kind == "case" for s in lesson.segments), lesson.id
        assert 600 <= prose_words(builtin_course, lesson.id) <= 1400 + 400, lesson.id


def test_every_exercise_has_a_hint_and_real_feedback(builtin_course: Course) -> None:
    for lesson in builtin_course.lessons:
        for ex in lesson.exercises:
            assert ex.hint.strip(), ex.id
            for option in ex.options if ex.kind == "choice" else ():
                words = option.feedback.split()
                assert len(words) >= 5, (ex.id, option.feedback)
                assert option.feedback.strip(" .!").lower() not in ("correct", "wrong", "yes",
                                                                     "no")
            for item in ex.items:
                assert len(item.feedback.split()) >= 5, (ex.id, item.feedback)


def test_every_lesson_has_facilitator_notes(builtin_course: Course) -> None:
    for lesson in builtin_course.lessons:
        notes = lesson.facilitator
        for label in ("**Timing:**", "**Discuss:**", "**Activity:**"):
            assert label in notes, (lesson.id, label)


def test_the_four_evaluation_questions_and_the_pick(builtin_course: Course) -> None:
    lesson = builtin_course.lesson("customer-relationships")
    assert lesson is not None
    reflects = [ex for ex in lesson.exercises if ex.kind == "reflect"
                and ex.saves_to == "customer_relationships"]
    assert [ex.id for ex in reflects][:4] == ["cr-expect", "cr-established", "cr-cost",
                                              "cr-integration"]
    picks = [ex for ex in lesson.exercises if ex.kind == "pick"]
    assert picks and {o.id for o in picks[0].options} == TYPES
    assert picks[0].saves_to == "customer_relationships"
    last_question = lesson.exercises.index(reflects[3])
    assert lesson.exercises.index(picks[0]) > last_question


def test_relationship_types_lesson_covers_all_eight(builtin_course: Course) -> None:
    lesson = builtin_course.lesson("relationship-types")
    assert lesson is not None
    sort = next(ex for ex in lesson.exercises if ex.kind == "classify")
    assert {c.id for c in sort.categories} == TYPES
    assert {item.answer for item in sort.items} == TYPES
    case = " ".join(s.text for s in lesson.segments if s.kind == "case").lower()
    for fact in ("#wornagainatwork", "giveaway", "stylist", "time", "money"):
        assert fact in case, fact


def test_case_fills_all_nine_blocks_and_every_comparison(builtin_course: Course) -> None:
    case = builtin_course.case
    assert set(case.blocks) == BLOCKS
    assert all(case.blocks[b].notes for b in BLOCKS)
    for q in ("cr-expect", "cr-established", "cr-cost", "cr-integration"):
        assert case.block("customer_relationships").answers[q].strip()


def test_course_metadata_and_no_funding_claim() -> None:
    root = builtin_root()
    manifest = tomllib.loads((root / "course" / "course.toml").read_text(encoding="utf-8"))
    assert manifest["license"] == "CC-BY-SA-4.0"
    assert "Strategyzer AG" in manifest["credit"] and "CC BY-SA 3.0" in manifest["credit"]
    for key in ("title", "version", "authors", "description", "audience", "level"):
        assert manifest[key], key
    everything = " ".join(p.read_text(encoding="utf-8").lower()
                          for p in [*root.glob("course/*.toml"), *root.glob("lessons/*/*.md")])
    for claim in ("erasmus", "european commission", "co-funded", "eu-funded",
                  "value proposition canvas"):
        assert claim not in everything, claim
