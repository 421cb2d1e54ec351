"""A hostile course pack: no control character of it survives loading (issue 12, fault 1)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course
from hostile_pack import PAYLOAD, control_characters, hostile_pack, toml_escape


def _strings(value: object, where: str = "course") -> list[tuple[str, str]]:
    """Every string in a loaded course, with where it is (so a failure names the field)."""
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, Path):
        return []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = []
        for f in dataclasses.fields(value):
            out += _strings(getattr(value, f.name), f"{where}.{f.name}")
        return out
    if isinstance(value, dict):
        out = []
        for key, item in value.items():
            out += _strings(item, f"{where}[{key!r}]")
        return out
    if isinstance(value, tuple | list):
        out = []
        for i, item in enumerate(value):
            out += _strings(item, f"{where}[{i}]")
        return out
    return []


def test_every_string_of_a_hostile_pack_is_clean_after_loading(tmp_path: Path) -> None:
    course = load_course(hostile_pack(tmp_path))
    strings = _strings(course)
    dirty = [(where, text[:60]) for where, text in strings if control_characters(text)]
    assert dirty == []
    # The payload was there to be cleaned: what is left of it is plain, visible text.
    poisoned = [where for where, text in strings if "]0;PWNED" in text]
    for field in ("course.title", "course.authors[0]", "course.canvas.blocks[0].title",
                  "course.canvas.blocks[0].question", "course.case.name",
                  "course.case.venture"):
        assert field in poisoned, field


def test_each_kind_of_course_text_was_attacked_and_cleaned(tmp_path: Path) -> None:
    course: Course = load_course(hostile_pack(tmp_path))
    intro, relations = course.lessons
    assert "PWNED" in intro.title and "PWNED" in relations.objectives[0]
    kinds = {seg.kind for seg in intro.segments + relations.segments}
    assert kinds == {"prose", "case", "exercise", "facilitator"}
    for seg in intro.segments + relations.segments:
        assert "PWNED" in seg.text, seg.kind  # prose, case and facilitator text (raw ESC)
        assert not control_characters(seg.text)
    exercises = {ex.kind: ex for ex in intro.exercises + relations.exercises}
    choice, pick, classify = exercises["choice"], exercises["pick"], exercises["classify"]
    texts = [exercises["reflect"].prompt, exercises["reflect"].hint, choice.options[0].text,
             choice.options[0].feedback, pick.options[0].feedback, classify.categories[0].text,
             classify.items[0].text, classify.items[0].feedback]
    for text in texts:
        assert "PWNED" in text and not control_characters(text)
    answers = course.case.block("customer_relationships").answers
    assert all("PWNED" in a and not control_characters(a) for a in answers.values())


def test_the_toml_escape_helper_writes_what_tomllib_reads_back() -> None:
    import tomllib

    assert tomllib.loads(f'x = "{toml_escape(PAYLOAD)}"')["x"] == PAYLOAD


def test_vocabularies_and_block_icons_are_cleaned_too(tmp_path: Path) -> None:
    course = load_course(hostile_pack(tmp_path, "mini-pack"))
    items = [item for vocab in course.canvas.vocabularies.values() for item in vocab.items]
    assert items
    for vocab in course.canvas.vocabularies.values():
        assert "PWNED" in vocab.title and not control_characters(vocab.title)
    for item in items:
        for text in (item.text, item.feedback):
            assert "PWNED" in text and not control_characters(text)
    for block in course.canvas.blocks:
        assert not control_characters(block.icon + block.area)


def test_the_glossary_and_outcomes_of_a_pack_are_cleaned_too(tmp_path: Path) -> None:
    import re
    import shutil

    from canvas_tutor.course.location import builtin_root

    root = tmp_path / "pack"
    for part in ("course", "lessons"):
        shutil.copytree(builtin_root() / part, root / part)
    bad = toml_escape(PAYLOAD)
    glossary = root / "course" / "glossary.toml"
    glossary.write_text(re.sub(r'^(definition = ".*)"$', lambda m: f'{m.group(1)}{bad}"',
                               glossary.read_text("utf-8"), flags=re.M), "utf-8")
    manifest = root / "course" / "course.toml"
    manifest.write_text(re.sub(r'^(text = ".*)"$', lambda m: f'{m.group(1)}{bad}"',
                               manifest.read_text("utf-8"), flags=re.M), "utf-8")
    course = load_course(root)
    entries = list(course.glossary)
    assert entries and course.outcomes
    for text in [e.definition for e in entries] + [o.text for o in course.outcomes]:
        assert "PWNED" in text and not control_characters(text)
