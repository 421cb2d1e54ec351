"""The pack's learning outcomes and glossary: read from TOML, checked against the lessons.

Kept apart from the loader so the manifest and lesson parsing stay as they were: the
loader calls `read_outcomes`, `read_glossary` and `check_glossary_use` and stores what
they return. A glossary is optional (a pack without `course/glossary.toml` has none);
outcomes are optional too. Text is data: control characters are removed when read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from canvas_tutor.course.faults import ID_PATTERN, Fault, Source, read_text
from canvas_tutor.course.model import GlossaryEntry, Lesson, Outcome
from canvas_tutor.i18n import N_, _
from canvas_tutor.text import one_line, strip_controls

GLOSSARY_FILE = "glossary.toml"
# The EQF has eight levels; an outcome names the one it is written for.
EQF_LEVELS = range(1, 9)
# The fifteen competences of EntreComp, the European entrepreneurship competence framework.
# A pack names them in English (the framework's own names, checked here); they are shown
# through the catalogue, so a learner reads the name the framework uses in their language.
ENTRECOMP = (
    N_("Spotting opportunities"), N_("Creativity"), N_("Vision"), N_("Valuing ideas"),
    N_("Ethical and sustainable thinking"), N_("Self-awareness and self-efficacy"),
    N_("Motivation and perseverance"), N_("Mobilising resources"),
    N_("Financial and economic literacy"), N_("Mobilising others"),
    N_("Taking the initiative"), N_("Planning and management"),
    N_("Coping with uncertainty, ambiguity and risk"), N_("Working with others"),
    N_("Learning through experience"),
)
_OUTCOME_KEYS = {"id", "text", "entrecomp", "eqf"}


def read_outcomes(src: Source, data: dict[str, Any]) -> tuple[Outcome, ...]:
    """The manifest's `[[outcomes]]`: id, text, EntreComp competence and EQF level each."""
    outcomes: list[Outcome] = []
    for i, raw in enumerate(src.tables(data, "outcomes", "outcomes")):
        d = f"outcomes.{i}"
        src.keys(raw, d, _OUTCOME_KEYS, set(), "outcome")
        outcome_id = src.ident(raw, "id", f"{d}.id")
        competence = one_line(src.string(raw, "entrecomp", f"{d}.entrecomp"))
        if competence and competence not in ENTRECOMP:
            src.fault(f"{d}.entrecomp", _("outcome '{outcome_id}': {competence!r} is not an "
                                          "EntreComp competence (one of: {list})").format(
                outcome_id=outcome_id, competence=competence, list=", ".join(ENTRECOMP)))
        level = src.integer(raw, "eqf", f"{d}.eqf", EQF_LEVELS.start, EQF_LEVELS.stop - 1)
        if any(o.id == outcome_id for o in outcomes):
            src.fault(f"{d}.id", _("duplicate outcome id '{outcome_id}'").format(
                                     outcome_id=outcome_id))
        if outcome_id:
            outcomes.append(Outcome(id=outcome_id,
                                    text=one_line(src.string(raw, "text", f"{d}.text")),
                                    entrecomp=competence, eqf=level))
    return tuple(outcomes)


def read_glossary(root: Path, language: str, default_language: str,
                  faults: list[Fault], strict: bool = False
                  ) -> tuple[tuple[GlossaryEntry, ...], Source | None]:
    """`course/glossary.toml` in one language, falling back to the default one per entry.

    Shape: `[terms.<id>.<lang>]` with `term` and `definition`. Returns the entries in
    file order and the source (for the line of each entry), or nothing when there is no
    glossary file. `strict` (for `check`) makes an entry that another language lacks a
    fault: the app shows it in the default language.
    """
    path = root / "course" / GLOSSARY_FILE
    if not path.exists():
        return (), None
    text = read_text(path, faults)
    if text is None:
        return (), None
    src = Source(path, text, faults)
    data = src.parse()
    if data is None:
        return (), src
    if data.get("format_version") != 1:
        src.fault("format_version", _("'format_version' must be 1 (the only version this "
                                      "canvas-tutor reads)"))
    src.keys(data, "", {"format_version", "terms"}, set(), GLOSSARY_FILE)
    entries: list[GlossaryEntry] = []
    for term_id, per_lang in src.table(data, "terms", "terms").items():
        d = f"terms.{term_id}"
        if not ID_PATTERN.fullmatch(term_id):
            src.fault(d, _("glossary id {term_id!r} is not a valid id (lower-case letters, "
                           "digits, '-' and '_', starting with a letter)").format(
                             term_id=term_id))
            continue
        if not isinstance(per_lang, dict):
            src.fault(d, _("'{d}' must be a table of languages ([{d}.{default_language}])").format(
                             d=d, default_language=default_language))
            continue
        if default_language not in per_lang:
            src.fault(d, _("glossary entry '{term_id}' has no '{default_language}' text "
                           "([{d}.{default_language}])").format(
                             term_id=term_id, default_language=default_language, d=d))
        if strict and language != default_language and language not in per_lang:
            faults.append(Fault(path, src.line(d), _("not translated: {key}").format(
                key=f"{d}.{language}")))
        raw = per_lang.get(language, per_lang.get(default_language))
        if not isinstance(raw, dict):
            continue
        where = f"{d}.{language if language in per_lang else default_language}"
        src.keys(raw, where, {"term", "definition"}, set(), _("glossary entry"))
        entries.append(GlossaryEntry(
            id=term_id, term=one_line(src.string(raw, "term", f"{where}.term")),
            definition=strip_controls(src.string(raw, "definition", f"{where}.definition")),
            line=src.line(d)))
    return tuple(entries), src


def check_glossary_use(lessons: list[Lesson], entries: tuple[GlossaryEntry, ...],
                       glossary: Source | None, faults: list[Fault]) -> None:
    """`check`: every term a lesson marks has an entry, and every entry is used somewhere."""
    known = {e.id for e in entries}
    used: set[str] = set()
    for lesson in lessons:
        for term_id in lesson.glossary:
            used.add(term_id)
            if term_id not in known:
                faults.append(Fault(lesson.path, lesson.glossary_line or 1,
                                    _("lesson '{id}' marks glossary term '{term_id}', but "
                                      "course/{file} has no entry for it").format(
                                        id=lesson.id, term_id=term_id, file=GLOSSARY_FILE)))
    if glossary is None:
        return
    for entry in entries:
        if entry.id not in used:
            faults.append(Fault(glossary.path, entry.line,
                                _("glossary entry '{id}' is used by no lesson (add it to a "
                                  "lesson's 'glossary' list, or remove it)").format(
                                    id=entry.id)))
