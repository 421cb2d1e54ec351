"""An offline, rule-based canvas coach: where do the blocks of a canvas not fit together?

Every rule is a small function that reads the canvas and says, in plain words, which
blocks are involved, why it matters and what to try. No model, no network: the same
canvas always gets the same findings, each with a stable id a trainer can refer to.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from canvas_tutor.canvas.model import BlockWork, Canvas
from canvas_tutor.canvas.words import mentions, normalise, overlap
from canvas_tutor.course.model import RELATIONSHIPS, Course
from canvas_tutor.text import one_line

Severity = Literal["problem", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("problem", "warning", "info")

SEGMENTS = "customer_segments"
CHANNELS = "channels"
VALUE = "value_propositions"
REVENUE = "revenue_streams"
COSTS = "cost_structure"
ACTIVITIES = "key_activities"
RESOURCES = "key_resources"

# Words in the cost structure that show a relationship type has been paid for.
TYPE_COST_WORDS: dict[str, tuple[str, ...]] = {
    "communities": ("community", "event", "meet-up", "meeting", "moderat", "forum", "group",
                    "giveaway", "venue"),
    "personal_assistance": ("staff", "support", "call", "stylist", "advisor", "adviser",
                            "assistant", "wage", "salar", "employee", "team"),
    "dedicated_personal_assistance": ("account manager", "advisor", "adviser", "dedicated",
                                      "staff", "wage", "salar", "employee", "team"),
    "automated_services": ("software", "platform", "app", "automat", "system", "hosting",
                           "data", "algorithm"),
    "self_service": ("website", "web", "platform", "app", "software", "portal", "online",
                     "kiosk", "machine"),
    "co_creation": ("moderat", "review", "design", "content", "co-creat", "workshop",
                    "curat"),
    "long_term": ("loyal", "retention", "subscription", "reward", "crm", "newsletter",
                  "contract", "account"),
}


@dataclass(frozen=True)
class Finding:
    """One piece of advice: stable id, how serious, the blocks involved, why, what to try."""

    id: str
    severity: Severity
    blocks: tuple[str, ...]
    title: str
    why: str
    try_: str


def _work(canvas: Canvas, block_id: str) -> BlockWork:
    return canvas.blocks.get(block_id) or BlockWork()


def _notes(canvas: Canvas, block_id: str) -> list[str]:
    return [n for n in _work(canvas, block_id).notes if n.strip()]


def _filled(canvas: Canvas, block_id: str) -> bool:
    return not _work(canvas, block_id).is_empty()


def _title(course: Course, block_id: str) -> str:
    block = course.canvas.block(block_id)
    return one_line(block.title) if block else block_id.replace("_", " ").capitalize()


def evaluation_ids(course: Course) -> tuple[str, ...]:
    """Ids of the evaluation questions (cr-expect ... cr-integration in the built-in course)."""
    return tuple(ex.id for ex in course.evaluation_questions())


Rule = Callable[[Canvas, Course], Iterator[Finding]]


def _segments_reach(canvas: Canvas, course: Course) -> Iterator[Finding]:
    if not _filled(canvas, SEGMENTS):
        return
    if not _work(canvas, RELATIONSHIPS).types and course.canvas.block(RELATIONSHIPS):
        yield Finding(
            "segments-without-relationship-type", "warning", (SEGMENTS, RELATIONSHIPS),
            "Your segments have no relationship type",
            "You named customer segments but chose no type of relationship for them, so "
            "the canvas does not say how you win, keep or grow these customers.",
            "Pick one or more relationship types (the pick exercise of the customer "
            "relationships lesson) that each segment would expect.")
    if not _notes(canvas, CHANNELS) and course.canvas.block(CHANNELS):
        yield Finding(
            "segments-without-channel", "problem", (SEGMENTS, CHANNELS),
            "Your segments have no channel",
            "You named customer segments but no channel: nothing says how they hear of "
            "you, buy from you or receive what you offer.",
            "For each segment, write at least one way they find you and one way they get "
            "the product (a shop, a website, a courier, a sales call).")


def _no_revenue(canvas: Canvas, course: Course) -> Iterator[Finding]:
    if _filled(canvas, SEGMENTS) and not _notes(canvas, REVENUE) and course.canvas.block(REVENUE):
        yield Finding(
            "segments-without-revenue", "problem", (SEGMENTS, REVENUE),
            "Customers but no revenue",
            "You know who your customers are but not what they pay for: without a revenue "
            "stream the model cannot carry its costs.",
            "For each segment write what it pays for, how (once, per month, per use) and "
            "roughly how much.")


def _type_costs(canvas: Canvas, course: Course) -> Iterator[Finding]:
    costs = _notes(canvas, COSTS)
    labels = {o.id: one_line(o.text) for lesson in course.lessons for ex in lesson.exercises
              if ex.kind == "pick" and ex.saves_to == RELATIONSHIPS for o in ex.options}
    for type_id in _work(canvas, RELATIONSHIPS).types:
        words = TYPE_COST_WORDS.get(type_id)
        if not words or mentions(costs, words):
            continue
        label = labels.get(type_id) or type_id.replace("_", " ")
        yield Finding(
            "relationship-type-not-costed", "warning", (RELATIONSHIPS, COSTS),
            f"'{label}' has no cost in your cost structure",
            f"You chose the relationship type '{label}', but your cost structure mentions "
            f"nothing it usually costs (for example: {', '.join(words[:4])}). Relationships "
            "cost time and money; a model that forgets them looks cheaper than it is.",
            f"Add a cost note for what '{label}' needs, or drop the type if you cannot pay "
            "for it.")


def _evaluation(canvas: Canvas, course: Course) -> Iterator[Finding]:
    ids = evaluation_ids(course)
    missing = [i for i in ids if not canvas.answer(RELATIONSHIPS, i).strip()]
    if not missing:
        return
    prompts = [one_line(ex.prompt) for i in missing if (ex := course.exercise(i))]
    yield Finding(
        "evaluation-unanswered", "warning", (RELATIONSHIPS,),
        (f"None of the {len(ids)} relationship questions is answered yet"
         if len(missing) == len(ids) else
         f"{len(missing)} of the {len(ids)} relationship questions "
         f"{'is' if len(missing) == 1 else 'are'} unanswered"),
        "The evaluation questions test whether your relationships fit your segments, "
        "what you have today, what they cost and how they fit the rest of the model. "
        f"Still open: {'; '.join(prompts) or ', '.join(missing)}",
        "Go back to the customer relationships lesson and answer the open questions, even "
        "in a sentence each.")


def _not_costed(block_id: str, what: str) -> Rule:
    def rule(canvas: Canvas, course: Course) -> Iterator[Finding]:
        notes = _notes(canvas, block_id)
        if not notes or not course.canvas.block(COSTS):
            return
        if overlap(notes, _notes(canvas, COSTS)):
            return
        yield Finding(
            f"{what}-not-in-costs", "warning", (block_id, COSTS),
            f"No cost matches your {_title(course, block_id).lower()}",
            f"None of the words in your {_title(course, block_id).lower()} appear in your "
            "cost structure. What you must do and have usually costs money: staff, "
            "equipment, premises, software.",
            f"Name the biggest cost behind each of your {what}, or check that the cost "
            "structure uses the same words.")
    return rule


def _value_names_segment(canvas: Canvas, course: Course) -> Iterator[Finding]:
    value, segments = _notes(canvas, VALUE), _notes(canvas, SEGMENTS)
    if not value or not segments or overlap(value, segments):
        return
    yield Finding(
        "value-names-no-segment", "info", (VALUE, SEGMENTS),
        "Your value proposition names no segment",
        "No word of your value propositions appears in your customer segments, so a "
        "reader cannot tell whom each proposition is for.",
        "Rewrite one proposition per segment using the segment's own words, e.g. "
        "'For busy commuters: ...'.")


def _repeats(canvas: Canvas, course: Course) -> Iterator[Finding]:
    order = list(course.canvas.block_ids) + [b for b in canvas.blocks
                                            if b not in course.canvas.block_ids]
    sets = {b: {normalise(n) for n in _notes(canvas, b)} - {""} for b in order}
    for i, a in enumerate(order):
        for j, b in enumerate(order):
            if a == b or not sets[a] or not sets[b] or not sets[a] <= sets[b]:
                continue
            if sets[a] == sets[b] and j < i:
                continue  # identical blocks are reported once, under the first
            yield Finding(
                "repeated-notes", "warning", (a, b),
                f"{_title(course, a)} only repeats {_title(course, b)}",
                f"Every note in {_title(course, a)} is also in {_title(course, b)}. Each "
                "block answers a different question; copying notes hides the answer.",
                f"Ask the guiding question of {_title(course, a)} again and write notes "
                "that answer it.")
            break


RULES: tuple[Rule, ...] = (
    _segments_reach, _no_revenue, _type_costs, _evaluation,
    _not_costed(ACTIVITIES, "activities"), _not_costed(RESOURCES, "resources"),
    _value_names_segment, _repeats,
)


def coach(canvas: Canvas, course: Course) -> list[Finding]:
    """All findings for a canvas: problems first, then warnings, then information."""
    found = [f for rule in RULES for f in rule(canvas, course)]
    covered = {f.blocks[-1] for f in found if f.id in _EMPTY_COVERED}
    for block in course.canvas.blocks:
        if block.id not in covered and not _filled(canvas, block.id):
            found.append(Finding(
                "empty-block", "warning", (block.id,), f"{one_line(block.title)} is empty",
                "Every block of the canvas answers a question the model depends on; an "
                "empty one is a question nobody has asked yet.",
                f"Answer the guiding question: {one_line(block.question)}"
                if block.question else "Write at least one note for this block."))
    return sorted(found, key=lambda f: SEVERITIES.index(f.severity))


# Findings that already say a block is empty, so the generic one would repeat them.
_EMPTY_COVERED = {"segments-without-channel", "segments-without-revenue"}


def findings_to_data(findings: list[Finding]) -> dict[str, object]:
    """Findings as plain data (the `coach --format json` schema, version 1)."""
    return {
        "schema": "canvas-tutor/coach",
        "schema_version": 1,
        "counts": {s: sum(f.severity == s for f in findings) for s in SEVERITIES},
        "findings": [
            {"id": f.id, "severity": f.severity, "blocks": list(f.blocks), "title": f.title,
             "why": f.why, "try": f.try_}
            for f in findings
        ],
    }


def findings_to_json(findings: list[Finding]) -> str:
    """Findings as UTF-8 JSON text, ending in a newline."""
    return json.dumps(findings_to_data(findings), ensure_ascii=False, indent=2) + "\n"


def findings_to_text(findings: list[Finding]) -> str:
    """Findings as plain text for a terminal, grouped by severity (control codes removed)."""
    if not findings:
        return "No findings: the blocks of this canvas fit together as far as the coach can tell.\n"
    counts = [f"{n} {s}{'s' if n != 1 and s != 'info' else ''}"
              for s in SEVERITIES if (n := sum(f.severity == s for f in findings))]
    lines = [f"Coach: {', '.join(counts)}", ""]
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append({"problem": "PROBLEMS", "warning": "WARNINGS", "info": "INFO"}[severity])
        for f in group:
            lines.append(f"  [{f.id}] {one_line(f.title)}")
            for label, text in (("Blocks", ", ".join(f.blocks)), ("Why", f.why),
                                ("Try", f.try_)):
                lines += textwrap.wrap(one_line(text), 88, initial_indent=f"    {label + ':':8}",
                                       subsequent_indent=" " * 12)
        lines.append("")
    return "\n".join(lines)
