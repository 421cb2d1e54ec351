"""The course handbook: the whole course as one printable document, for paper as for screens.

Trainers hand the course out on paper as often as on screen. This module gathers what
both renderers (handbook_html, handbook_md) show: the title page (outcomes, licence,
credits), each lesson with its worksheets, the glossary, and in the trainer edition the
facilitator notes and an answer key. Everything here is cleaned course text; escaping
is the renderer's job, because HTML and Markdown escape differently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from canvas_tutor.course.model import Course, Exercise, Lesson
from canvas_tutor.export.common import credit_of
from canvas_tutor.i18n import _, format_number, ngettext
from canvas_tutor.text import one_line, strip_controls

# Licences a pack may name, with the deed a reader can follow. Others are shown as given.
LICENCES = {
    "CC-BY-SA-4.0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
}
BMC_CREDIT = ("The Business Model Canvas, designed by Strategyzer AG (strategyzer.com), "
              "CC BY-SA 3.0")
BMC_URL = "https://www.strategyzer.com/library/the-business-model-canvas"


@dataclass(frozen=True)
class Outcome:
    """A learning outcome as the title page lists it."""

    id: str
    text: str
    entrecomp: str = ""
    eqf: int = 0


@dataclass(frozen=True)
class Term:
    """One glossary entry in the handbook's language."""

    id: str
    term: str
    definition: str


@dataclass(frozen=True)
class KeyEntry:
    """What the answer key says for one exercise: the right answers, or the case's."""

    exercise: Exercise
    lines: tuple[tuple[str, str], ...]  # (what, why) pairs; `why` may be empty


@dataclass(frozen=True)
class Handbook:
    """A course ready to print: cleaned texts, in the order the handbook shows them."""

    course: Course
    trainer: bool
    language: str
    title: str
    description: str
    outcomes: tuple[Outcome, ...]
    glossary: tuple[Term, ...]
    licence: tuple[str, str]  # (name, deed url; "" when unknown)
    authors: tuple[str, ...]
    credit: str
    minutes: int

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        return self.course.lessons

    @property
    def edition(self) -> str:
        return _("Trainer edition") if self.trainer else _("Learner edition")

    @property
    def time_text(self) -> str:
        """The course's length as the title page says it, in the language's plural."""
        return ngettext("{minutes} minute of lessons", "{minutes} minutes of lessons",
                        self.minutes).format(minutes=format_number(self.minutes))


def _outcomes(course: Course) -> tuple[Outcome, ...]:
    """The pack's learning outcomes, cleaned (a pack may have none)."""
    return tuple(Outcome(one_line(o.id), one_line(o.text), one_line(o.entrecomp), int(o.eqf))
                 for o in course.outcomes if one_line(o.text))


def _glossary(course: Course) -> tuple[Term, ...]:
    """The glossary in the course's language, sorted as a reader looks terms up."""
    terms = [Term(one_line(t.id), one_line(t.term), strip_controls(t.definition).strip())
             for t in course.glossary]
    return tuple(sorted((t for t in terms if t.term), key=lambda t: t.term.casefold()))


def build_handbook(course: Course, *, trainer: bool = False) -> Handbook:
    """Gather the handbook of a loaded course (in the language it was loaded in)."""
    name, deed = LICENCES.get(course.license, (one_line(course.license), ""))
    credit = credit_of(course)
    return Handbook(
        course=course,
        trainer=trainer,
        language=one_line(course.language) or "en",
        title=one_line(course.title) or one_line(course.id),
        description=strip_controls(course.description).strip(),
        outcomes=_outcomes(course),
        glossary=_glossary(course),
        licence=(name, deed),
        authors=tuple(a for a in (one_line(x) for x in course.authors) if a),
        credit=credit,
        minutes=sum(lesson.minutes for lesson in course.lessons),
    )


def lesson_number(book: Handbook, lesson: Lesson) -> int:
    return book.course.position(lesson.id) + 1


def exercise_label(lesson_no: int, index: int) -> str:
    """'Worksheet 3.2': the second exercise of lesson 3, the same in both editions."""
    return _("Worksheet {number}").format(number=f"{lesson_no}.{index}")


def instruction(ex: Exercise) -> str:
    """What the learner does on paper, by kind."""
    texts: dict[str, Callable[[], str]] = {
        "reflect": lambda: _("Write your answer in the space below."),
        "notes": lambda: _("Write one short note in each box, as on a sticky note."),
        "choice": lambda: (_("Tick every answer that is right.") if ex.multiple
                           else _("Tick one answer.")),
        "classify": lambda: _("Tick one box for each situation."),
        "pick": lambda: _("Tick the ones that fit your business."),
        "rate": lambda: _("Circle one number on each line: 1 not at all, 5 fully."),
        "rubric": lambda: _("Tick one level on each line: the one that describes your work."),
    }
    return texts.get(ex.kind, lambda: _("Write your answer in the space below."))()


def answer_key(book: Handbook, lesson: Lesson) -> list[KeyEntry]:
    """The trainer's answers for a lesson: right options, right bins, the case's answers."""
    case = book.course.case
    case_name = one_line(case.name)
    entries = []
    for ex in lesson.exercises:
        lines: list[tuple[str, str]] = []
        if ex.kind == "choice":
            lines = [(one_line(o.text), strip_controls(o.feedback).strip())
                     for o in ex.options if o.correct]
        elif ex.kind == "classify":
            for item in ex.items:
                cat = ex.category(item.answer)
                lines.append((f"{one_line(item.text)} \u2192 "
                              f"{one_line(cat.text) if cat else one_line(item.answer)}",
                              strip_controls(item.feedback).strip()))
        elif ex.kind == "pick" and ex.saves_to:
            chosen = set(case.block(ex.saves_to).types)
            picked = [one_line(o.text) for o in ex.options if o.id in chosen]
            if picked:
                lines = [(_("{name} chose: {types}").format(name=case_name,
                                                          types=", ".join(picked)),
                          _("There is no single right answer: ask each learner why."))]
        elif ex.kind == "reflect" and ex.saves_to:
            text = strip_controls(case.block(ex.saves_to).answers.get(ex.id, "")).strip()
            if text:
                lines = [(_("{name}'s answer").format(name=case_name), text)]
        elif ex.kind == "notes" and ex.saves_to:
            notes = [one_line(n) for n in case.block(ex.saves_to).notes if one_line(n)]
            if notes:
                lines = [(_("{name}'s notes").format(name=case_name), "\n".join(notes))]
        if lines:
            entries.append(KeyEntry(ex, tuple(lines)))
    return entries


def lrmi(book: Handbook) -> dict[str, Any]:
    """Schema.org / LRMI metadata of the course, for the handbook's JSON-LD."""
    course = book.course
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": book.title,
        "description": " ".join(book.description.split()),
        "inLanguage": book.language,
        "license": book.licence[1] or book.licence[0],
        "author": [{"@type": "Organization", "name": a} for a in book.authors],
        "version": one_line(course.version),
        "learningResourceType": "Course",
        "timeRequired": f"PT{book.minutes}M",
        "teaches": [o.text for o in book.outcomes]
        or [one_line(x) for lesson in course.lessons for x in lesson.objectives][:12],
        "creditText": "; ".join(credits(book)),
    }
    if uses_bmc(book):
        data["isBasedOn"] = {
            "@type": "CreativeWork",
            "name": "The Business Model Canvas",
            "creator": {"@type": "Organization", "name": "Strategyzer AG",
                        "url": "https://www.strategyzer.com"},
            "license": "https://creativecommons.org/licenses/by-sa/3.0/",
            "url": BMC_URL,
            "creditText": BMC_CREDIT,
        }
    if one_line(course.level):
        data["educationalLevel"] = one_line(course.level)
    if any(o.eqf for o in book.outcomes):
        data["educationalLevel"] = {
            "@type": "DefinedTerm", "name": f"EQF {max(o.eqf for o in book.outcomes)}",
            "inDefinedTermSet": "https://europa.eu/europass/en/description-eight-eqf-levels"}
    if one_line(course.audience):
        data["audience"] = {"@type": "EducationalAudience",
                            "educationalRole": "student",
                            "audienceType": one_line(course.audience)}
    if len(course.languages) > 1:
        data["availableLanguage"] = [one_line(x) for x in course.languages]
    return data


def uses_bmc(book: Handbook) -> bool:
    """True when the handbook must carry Strategyzer's credit (the built-in canvas)."""
    canvas = book.course.canvas
    named = one_line(canvas.title).casefold().removeprefix("the ") == "business model canvas"
    return named or "Strategyzer" in book.credit or "Strategyzer" in canvas.credit


def credits(book: Handbook) -> list[str]:
    """Credit lines for the title page and the foot of the handbook, without repeats."""
    lines = [book.credit] if book.credit else []
    if uses_bmc(book) and BMC_CREDIT not in lines:
        lines.append(BMC_CREDIT)
    return lines
